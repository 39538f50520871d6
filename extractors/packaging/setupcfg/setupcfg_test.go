package setupcfg

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging/internal/testutil"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		fixture string
		want    []string
		project string
	}{
		{
			fixture: "declarative.cfg",
			want: []string{
				"10 setuptools main requests>=2.0 registry",
				`12 setuptools main click ;python_version >= "3.8" registry`,
				"13 setuptools main jinja2(Jinja2) registry",
				"14 setuptools build setuptools-scm(setuptools_scm) registry",
				"15 setuptools test pytest registry",
				"15 setuptools test mock registry",
				"19 setuptools docs sphinx>=5 registry",
				`20 setuptools toml tomli ;python_version<"3.11" registry`,
			},
			project: "root= manifests=setup.cfg managers=setuptools name=cfg-demo version=1.4.0 python=>=3.8 backend= counted=true",
		},
		{fixture: "tools_only.cfg"},
		{
			fixture: "attr_version.cfg",
			project: "root= manifests=setup.cfg managers=setuptools name=attrver version= python= backend= counted=true",
		},
		{
			fixture: "malformed.cfg",
			want: []string{
				"1 ERROR: invalid setup.cfg: key outside any section",
				"4 ERROR: invalid setup.cfg: key \"name\" defined twice",
				"5 ERROR: invalid setup.cfg: line is neither",
				"6 ERROR: invalid setup.cfg: section header without ']'",
				"9 setuptools main good registry",
				"10 ERROR: invalid requirement",
			},
			project: "root= manifests=setup.cfg managers=setuptools name=bad version= python= backend= counted=true",
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join("testdata", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			facts, err := New().Extract(context.Background(), &extractors.File{Path: "setup.cfg", Content: content})
			if err != nil {
				t.Fatal(err)
			}
			if d := testutil.Match(testutil.Deps(facts.Dependencies), tt.want); d != "" {
				t.Errorf("dependencies differ:%s", d)
			}
			got := testutil.Projects(facts.Projects)
			if tt.project == "" && len(got) != 0 || tt.project != "" && (len(got) != 1 || got[0] != tt.project) {
				t.Errorf("projects = %q, want %q", got, tt.project)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	testutil.AddSeeds(f, "testdata")
	f.Fuzz(func(t *testing.T, b []byte) {
		defer testutil.Watchdog(b, 10*time.Second)()
		facts, err := New().Extract(context.Background(), &extractors.File{Path: "setup.cfg", Content: b})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range facts.Dependencies {
			if d.Line < 1 {
				t.Errorf("row without a line: %+v", d)
			}
		}
	})
}
