package conda

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
			fixture: "pip_sublist.yml", path: "environment.yml",
			want: []string{
				"6 conda main python=3.11 registry",
				"7 conda main numpy>=1.26 registry",
				"8 conda main pandas2.1.* registry",
				"9 conda main scikit-learn(scikit_learn) registry",
				"10 conda main pip registry",
				"12 conda pip requests[socks]==2.31.0 registry",
				"13 conda pip  editable",
				"15 conda pip tool git",
				"16 ERROR: invalid requirement",
			},
			project: "root= manifests=environment.yml managers=conda name= version= python= backend= counted=true",
		},
		{
			fixture: "malformed.yml", path: "env/environment.yaml",
			want:    []string{"3 ERROR: invalid YAML"},
			project: "root=env manifests=environment.yaml managers=conda name= version= python= backend= counted=true",
			wantErr: "line 3",
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
	for _, name := range []string{"pip_sublist.yml", "malformed.yml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		defer testutil.Watchdog(b, 10*time.Second)()
		facts, _ := New().Extract(context.Background(), &extractors.File{Path: "environment.yml", Content: b})
		if len(facts.Projects) != 1 {
			t.Errorf("want one project row, got %d", len(facts.Projects))
		}
	})
}
