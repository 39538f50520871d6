package requirements

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
		fixture string // under testdata/
		path    string // path in the repository
		tree    string // directory serving as repository root, '' for none
		want    []string
		project string
	}{
		{
			fixture: "basic.txt", path: "requirements.txt",
			want: []string{
				"2 pip main requests[security,socks]>=2.8.1,<3 registry",
				`3 pip main django(Django)>=3.2 ;python_version >= "3.8" registry`,
				"4 pip main zope-interface(zope.interface)==5.* registry",
				"5 pip main typing-extensions(typing_extensions) registry",
				"10 pip main numpy==1.26.4 registry",
				"11 pip main ruamel-yaml(ruamel.yaml) registry",
				"12 pip main pyyaml registry",
			},
			project: "root= manifests=requirements.txt managers=pip name= version= python= backend= counted=true",
		},
		{
			fixture: "continuations.txt", path: "svc/requirements-dev.txt",
			want: []string{
				"1 pip dev cryptography==42.0.5 registry",
				"5 pip dev idna==3.6 registry",
				"7 pip dev flask>=2.0 registry",
			},
			project: "root=svc manifests=requirements-dev.txt managers=pip name= version= python= backend= counted=true",
		},
		{
			fixture: "urls_and_editables.txt", path: "requirements/test.in",
			want: []string{
				"1 pip test  editable",
				"2 pip test [extra] editable",
				"3 pip test repo-pkg(repo_pkg) editable",
				"4 pip test other(Other)[fast] git",
				"5 pip test pkg-one(pkg_one) url",
				`6 pip test pkg-two ;sys_platform == "linux" url`,
				"7 pip test local-pkg(local_pkg) path",
				"8 pip test mylib git",
				"9 pip test other path",
			},
			project: "root= manifests=requirements/test.in managers=pip name= version= python= backend= counted=true",
		},
		{
			fixture: "malformed.txt", path: "docs/requirements.txt",
			want: []string{
				"1 pip main good==1.0 registry uncounted",
				"2 ERROR: invalid requirement",
				"4 ERROR: invalid requirement",
				"5 ERROR: invalid requirement",
				"6 pip main ok2 registry uncounted",
				"7 ERROR: option -r needs a value",
			},
			project: "root=docs manifests=requirements.txt managers=pip name= version= python= backend= counted=false",
		},
		{
			fixture: "non_utf8.txt", path: "requirements.txt",
			want:    []string{"2 ERROR: not text", "1 pip main good==1.0 registry", "3 pip main later==3 registry"},
			project: "root= manifests=requirements.txt managers=pip name= version= python= backend= counted=true",
		},
		{
			fixture: "binary.txt", path: "requirements.txt",
			want:    []string{"2 ERROR: not text", "1 pip main good==1.0 registry", "3 pip main after==1 registry"},
			project: "root= manifests=requirements.txt managers=pip name= version= python= backend= counted=true",
		},
		{
			fixture: "include_cycle/requirements.txt", path: "requirements.txt", tree: "include_cycle",
			want: []string{
				"1 ERROR: -r requirements/dev.txt: include cycle: requirements.txt -> requirements/dev.txt -> requirements.txt",
				"2 pip main requests registry",
			},
			project: "root= manifests=requirements.txt managers=pip name= version= python= backend= counted=true",
		},
		{
			fixture: "include_cycle/requirements/dev.txt", path: "requirements/dev.txt", tree: "include_cycle",
			want: []string{
				"1 ERROR: -r ../requirements.txt: include cycle: requirements/dev.txt -> requirements.txt -> requirements/dev.txt",
				"2 ERROR: -r dev.txt: include cycle: the file includes itself",
				"3 pip dev pytest registry",
			},
			project: "root= manifests=requirements/dev.txt managers=pip name= version= python= backend= counted=true",
		},
		{
			fixture: "include_ok/requirements.txt", path: "requirements.txt", tree: "include_ok",
			want: []string{
				"3 ERROR: -r ../outside.txt: include leaves the repository",
				"4 ERROR: -r https://example.com/requirements.txt: include is a URL",
				"5 ERROR: -r /etc/requirements.txt: include is outside the repository",
				"6 ERROR: -r missing.txt: included file not found",
				"7 pip main flask registry",
			},
			project: "root= manifests=requirements.txt managers=pip name= version= python= backend= counted=true",
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join("testdata", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			f := &extractors.File{Repo: "r", Path: tt.path, Content: content}
			if tt.tree != "" {
				f.Tree = testutil.DirTree(filepath.Join("testdata", tt.tree))
			}
			facts, err := New().Extract(context.Background(), f)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if d := testutil.Match(testutil.Deps(facts.Dependencies), tt.want); d != "" {
				t.Errorf("dependencies differ:%s", d)
			}
			if got := testutil.Projects(facts.Projects); len(got) != 1 || got[0] != tt.project {
				t.Errorf("projects = %q, want [%q]", got, tt.project)
			}
		})
	}
}

func TestWants(t *testing.T) {
	yes := []string{"requirements.txt", "a/requirements-dev.txt", "requirements_test.in",
		"requirements/base.txt", "x/requirements/prod.in", "requirements.in",
		"dev-requirements.txt", "deps/test_requirements.in"}
	no := []string{"pyproject.toml", "requirements.txt.bak", "reqs/base.txt", "README.txt", "myrequirements.txt",
		"dev-requirements.cfg"}
	for _, p := range yes {
		if !New().Wants(p) || !extractors.IsManifest(p) {
			t.Errorf("Wants(%q) = false (or not a manifest), want true", p)
		}
	}
	for _, p := range no {
		if New().Wants(p) {
			t.Errorf("Wants(%q) = true, want false", p)
		}
	}
}

func TestGroupOf(t *testing.T) {
	tests := map[string]string{
		"requirements.txt": "main", "requirements-dev.txt": "dev", "requirements_test.txt": "test",
		"requirements.docs.in": "docs", "requirements/base.txt": "base", "requirements/development.txt": "dev",
		"requirements/requirements.txt": "main", "requirements-Lint.txt": "lint",
		"requirements/test_requirements.txt": "test", "requirements/doc-requirements.in": "doc",
		"dev-requirements.txt": "dev", "deps/test_requirements.in": "test",
	}
	for in, want := range tests {
		if got := GroupOf(in); got != want {
			t.Errorf("GroupOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			b, err := os.ReadFile(filepath.Join("testdata", e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	tree := testutil.DirTree(filepath.Join("testdata", "include_ok"))
	f.Fuzz(func(t *testing.T, b []byte) {
		defer testutil.Watchdog(b, 10*time.Second)()
		file := &extractors.File{Path: "requirements.txt", Content: b, Tree: tree}
		facts, err := New().Extract(context.Background(), file)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range facts.Dependencies {
			if d.Line < 1 {
				t.Errorf("row without a line: %+v", d)
			}
			if d.Error == "" && d.Source == "" {
				t.Errorf("row without a source: %+v", d)
			}
		}
	})
}
