package pipfile

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging/internal/testutil"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		fixture, path string
		want          []string
		project       string
		wantErr       string
	}{
		{
			fixture: "categories.Pipfile", path: "Pipfile",
			want: []string{
				"7 pipenv main requests registry",
				"8 pipenv main django(Django)>=4.2,<5 registry",
				"9 pipenv main celery[redis]==5.3.* ;sys_platform != 'win32' registry",
				"10 pipenv main mylib git",
				"11 pipenv main local editable",
				"12 pipenv main records url",
				"15 pipenv dev pytest~=8.0 registry",
				"16 pipenv dev waitress3.* ;sys_platform == 'win32' registry",
				"19 pipenv docs sphinx registry",
			},
			project: "root= manifests=Pipfile managers=pipenv name= version= python=3.11 backend= counted=true",
		},
		{
			fixture: "malformed.Pipfile", path: "tests/app/Pipfile",
			want: []string{
				"7 ERROR: invalid TOML",
				"2 pipenv main good registry uncounted",
				"3 ERROR: package \"bad\": invalid requirement",
				"4 ERROR: invalid package name \"not a name\" uncounted",
				"5 ERROR: package \"weird\" is neither a string nor a table uncounted",
			},
			project: "root=tests/app manifests=Pipfile managers=pipenv name= version= python= backend= counted=false",
			wantErr: "line 7",
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join("testdata", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			facts, err := New().Extract(context.Background(), &extractors.File{Path: tt.path, Content: content})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("Extract error = %v, want %q", err, tt.wantErr)
			}
			if d := testutil.Match(testutil.Deps(facts.Dependencies), tt.want); d != "" {
				t.Errorf("dependencies differ:%s", d)
			}
			if got := testutil.Projects(facts.Projects); len(got) != 1 || got[0] != tt.project {
				t.Errorf("projects = %q, want %q", got, tt.project)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	for _, name := range []string{"categories.Pipfile", "malformed.Pipfile"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		defer testutil.Watchdog(b, 10*time.Second)()
		facts, _ := New().Extract(context.Background(), &extractors.File{Path: "Pipfile", Content: b})
		if len(facts.Projects) != 1 {
			t.Errorf("want one project row, got %d", len(facts.Projects))
		}
	})
}
