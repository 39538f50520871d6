package setuppy

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
			fixture: "literal_setup.py",
			want: []string{
				"7 setuptools main requests>=2.0 registry",
				"8 setuptools main click registry",
				"11 setuptools main rich registry",
				"18 setuptools main attrs registry",
				"27 setuptools build setuptools-scm(setuptools_scm) registry",
				"10 setuptools test pytest registry",
				"10 setuptools test pytest registry",
				"21 setuptools docs sphinx>=5 registry",
				"21 setuptools docs furo registry",
				"23 setuptools all numpy registry",
				"24 setuptools all pandas>=2 registry",
			},
			project: "root= manifests=setup.py managers=setuptools name=literal-demo version=2.1.0 python=>=3.8 backend= counted=true",
		},
		{fixture: "no_setup_call.py"},
		{fixture: "other_setup.py"},
		{
			fixture: "dynamic_requires.py",
			want: []string{
				"10 setuptools dev black registry",
				"10 setuptools test pytest registry",
			},
			project: "root= manifests=setup.py managers=setuptools name=dyn version= python= backend= counted=true",
		},
		{
			fixture: "distutils_alias.py",
			want: []string{
				"6 setuptools main six registry",
				"6 ERROR: invalid requirement",
			},
			project: "root= manifests=setup.py managers=setuptools name=aliased version= python= backend= counted=true",
		},
		{
			fixture: "unterminated_string.py",
			want: []string{
				"4 ERROR: invalid Python: unterminated string",
				"4 setuptools main ok registry",
			},
			project: "root= manifests=setup.py managers=setuptools name=broken version= python= backend= counted=true",
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join("testdata", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			facts, err := New().Extract(context.Background(), &extractors.File{Path: "setup.py", Content: content})
			if err != nil {
				t.Fatal(err)
			}
			// Order within the extras map is not fixed; compare as sets of rows per group order.
			if d := testutil.Match(sortedRows(testutil.Deps(facts.Dependencies)), sortedRows(tt.want)); d != "" {
				t.Errorf("dependencies differ:%s", d)
			}
			got := testutil.Projects(facts.Projects)
			if tt.project == "" && len(got) != 0 || tt.project != "" && (len(got) != 1 || got[0] != tt.project) {
				t.Errorf("projects = %q, want %q", got, tt.project)
			}
		})
	}
}

func sortedRows(rows []string) []string {
	out := append([]string(nil), rows...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func FuzzExtract(f *testing.F) {
	testutil.AddSeeds(f, "testdata")
	f.Fuzz(func(t *testing.T, b []byte) {
		defer testutil.Watchdog(b, 10*time.Second)()
		facts, err := New().Extract(context.Background(), &extractors.File{Path: "setup.py", Content: b})
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
