package pyproject

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
		fixture string
		path    string // in the repository; "pyproject.toml" when empty
		want    []string
		project string // "" for no project row
		wantErr string // substring of the returned error, "" for none
	}{
		{
			fixture: "pep621_setuptools.toml",
			want: []string{
				"10 setuptools main requests[socks]>=2.28 registry",
				`11 setuptools main importlib-metadata ;python_version<'3.10' registry`,
				"15 setuptools test pytest>=7 registry",
				"15 setuptools test pytest-cov registry",
				"16 setuptools docs sphinx(Sphinx) registry",
				"2 setuptools build setuptools>=61 registry",
				"2 setuptools build wheel registry",
			},
			project: "root= manifests=pyproject.toml managers=setuptools name=My_Package version= python=>=3.9 backend=setuptools.build_meta counted=true",
		},
		{
			fixture: "dynamic_deps.toml", path: "pkgs/dyn/pyproject.toml",
			want:    []string{"2 setuptools build setuptools registry"},
			project: "root=pkgs/dyn manifests=pyproject.toml managers=setuptools name=dyn version=1.0 python= backend=setuptools.build_meta counted=true",
		},
		{
			fixture: "hatch_dynamic_hook.toml",
			want: []string{
				"14 hatch main httpx>=0.27 registry",
				"15 hatch main agentkit-graph=={{version}} registry",
				`16 hatch main exceptiongroup>=1.2.2 ;python_version < '3.11' registry`,
				"21 hatch ui starlette>=0.46.2 registry",
				"22 hatch evals agentkit-evals=={{version}} registry",
				"23 ERROR: tool.hatch.metadata.hooks.uv-dynamic-versioning.optional-dependencies.bad: a template outside a version",
				"2 hatch build hatchling registry",
				"2 hatch build uv-dynamic-versioning>=0.7.0 registry",
			},
			project: "root= manifests=pyproject.toml managers=hatch name=agentkit-slim version= python= backend=hatchling.build counted=true",
		},
		{
			fixture: "poetry_classic.toml",
			want: []string{
				"29 poetry build poetry-core>=1.0.0 registry",
				"7 poetry main requests^2.31 registry",
				"8 poetry main pendulum[dev,test]~2.1 registry",
				"9 poetry main mylib git",
				"10 poetry main local editable",
				"11 poetry main wheelpkg url",
				"12 poetry main anything registry",
				"14 poetry main foo<=1.9 registry",
				"15 poetry main foo^2.0 registry",
				"17 poetry pg psycopg2^2.9 ;sys_platform == 'linux' registry",
				"23 poetry dev pytest^7.0 registry",
				"26 poetry lint ruff>=0.1 registry",
			},
			project: "root= manifests=pyproject.toml managers=poetry name=poetry-demo version=0.1.0 python=^3.8 backend=poetry.core.masonry.api counted=true",
		},
		{
			fixture: "poetry2_project.toml",
			want: []string{
				"5 poetry main httpx>=0.27 registry",
				"14 poetry build poetry-core>=2.0.0,<3.0.0 registry",
				"11 poetry dev pytest^8 registry",
			},
			project: "root= manifests=pyproject.toml managers=poetry name=poetry2 version=2.0.0 python=>=3.9 backend=poetry.core.masonry.api counted=true",
		},
		{
			fixture: "uv_workspace.toml",
			want: []string{
				"5 uv main fastapi[standard]>=0.115 registry",
				"5 uv main core path",
				"5 uv main helper git",
				"8 uv dev pytest>=8 registry",
				"9 uv lint ruff registry",
				"12 uv dev mypy registry",
			},
			project: "root= manifests=pyproject.toml managers=uv name=app version=0.1.0 python=>=3.12 backend= counted=true",
		},
		{
			fixture: "hatch_envs.toml",
			want: []string{
				"8 hatch main click registry",
				"2 hatch build hatchling registry",
				"2 hatch build hatch-vcs registry",
				"14 hatch default coverage[toml]>=6.5 registry",
				"14 hatch default pytest registry",
				"17 hatch docs mkdocs registry",
			},
			project: "root= manifests=pyproject.toml managers=hatch name=hatched version= python= backend=hatchling.build counted=true",
		},
		{
			fixture: "pdm_dev.toml",
			want: []string{
				"11 pdm build pdm-backend registry",
				"7 pdm test pytest registry",
				"7 pdm test sub editable",
				"8 pdm lint flake8<7 registry",
			},
			project: "root= manifests=pyproject.toml managers=pdm name=pdmproj version=1.2.3 python= backend=pdm.backend counted=true",
		},
		{
			fixture: "flit_legacy.toml",
			want: []string{
				"2 flit build flit-core(flit_core)>=2,<4 registry",
				"8 flit main docutils registry",
				"9 flit dev black registry",
				"12 flit test pytest>=2.7.3 registry",
			},
			project: "root= manifests=pyproject.toml managers=flit name=flitmod version= python=>=3.6 backend=flit_core.buildapi counted=true",
		},
		{
			fixture: "maturin_rust.toml",
			want:    []string{"2 maturin build maturin>=1.0,<2.0 registry"},
			project: "root= manifests=pyproject.toml managers=maturin name=rusty version= python=>=3.8 backend=maturin counted=true",
		},
		{fixture: "tools_only.toml"},
		{
			// dependency groups are a project's dependencies: no tool named, pep621
			fixture: "groups_only.toml",
			want: []string{
				"4 pep621 main django(Django)==5.1.4 registry",
				"4 pep621 main celery>=5.4 registry",
				"5 pep621 dev pytest registry",
			},
			project: "root= manifests=pyproject.toml managers=pep621 name= version= python= backend= counted=true",
		},
		{
			fixture: "unknown_backend.toml", path: "examples/native/pyproject.toml",
			want: []string{
				"8 pep621 main numpy registry uncounted",
				"2 pep621 build scikit-build-core registry uncounted",
			},
			project: "root=examples/native manifests=pyproject.toml managers=pep621 name=native version=3.0 python= backend=scikit_build_core.build counted=false",
		},
		{
			fixture: "plain_project.toml",
			want:    []string{"4 pep621 main attrs registry"},
			project: "root= manifests=pyproject.toml managers=pep621 name=plain version=0.0.1 python= backend= counted=true",
		},
		{
			fixture: "malformed.toml",
			want: []string{
				"7 ERROR: invalid TOML",
				"3 pep621 main six registry",
			},
			project: "root= manifests=pyproject.toml managers=pep621 name=broken version= python= backend= counted=true",
			wantErr: "line 7",
		},
		{
			fixture: "bad_requirement.toml",
			want: []string{
				"4 pep621 main good>=1 registry",
				"5 ERROR: project.dependencies: invalid requirement",
				"6 ERROR: project.dependencies: entry is not a string",
				"7 ERROR: project.dependencies: invalid requirement",
				"8 pep621 main fine[x] registry",
				"10 ERROR: project.optional-dependencies is not a table",
			},
			project: "root= manifests=pyproject.toml managers=pep621 name=badreq version= python= backend= counted=true",
		},
		{
			fixture: "duplicate_key.toml",
			want: []string{
				"3 ERROR: invalid TOML: key \"name\" defined twice",
				"4 pep621 main a registry",
			},
			project: "root= manifests=pyproject.toml managers=pep621 name=dup version=1 python= backend= counted=true",
			wantErr: "defined twice",
		},
		{
			fixture: "non_utf8.toml",
			want: []string{
				"4 ERROR: not valid UTF-8",
				"3 pep621 main a registry",
			},
			project: "root= manifests=pyproject.toml managers=pep621 name=x version= python= backend= counted=true",
			wantErr: "UTF-8",
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join("testdata", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			p := tt.path
			if p == "" {
				p = "pyproject.toml"
			}
			facts, err := New().Extract(context.Background(), &extractors.File{Repo: "r", Path: p, Content: content})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Extract: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Extract error = %v, want one containing %q", err, tt.wantErr)
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

func TestLockFileBesideIsEvidence(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "svc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "svc", "uv.lock"), []byte("version = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(filepath.Join("testdata", "plain_project.toml"))
	if err != nil {
		t.Fatal(err)
	}
	f := &extractors.File{Path: "svc/pyproject.toml", Content: content, Tree: testutil.DirTree(dir)}
	facts, err := New().Extract(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if got := testutil.Deps(facts.Dependencies); len(got) != 1 || got[0] != "4 uv main attrs registry" {
		t.Errorf("deps = %q", got)
	}
	if len(facts.Projects) != 1 || facts.Projects[0].Managers != "uv" {
		t.Errorf("projects = %+v", facts.Projects)
	}
}

func TestBackendManager(t *testing.T) {
	tests := map[string]string{
		"poetry.core.masonry.api": "poetry", "poetry.masonry.api": "poetry", "pdm.backend": "pdm",
		"pdm.pep517.api": "pdm", "hatchling.build": "hatch", "flit_core.buildapi": "flit",
		"flit.buildapi": "flit", "setuptools.build_meta": "setuptools",
		"setuptools.build_meta:__legacy__": "setuptools", "maturin": "maturin", "uv_build": "uv",
		"mesonpy": "", "scikit_build_core.build": "", "": "",
	}
	for in, want := range tests {
		if got := BackendManager(in); got != want {
			t.Errorf("BackendManager(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	testutil.AddSeeds(f, "testdata")
	f.Fuzz(func(t *testing.T, b []byte) {
		defer testutil.Watchdog(b, 10*time.Second)()
		facts, _ := New().Extract(context.Background(), &extractors.File{Path: "pyproject.toml", Content: b})
		for _, d := range facts.Dependencies {
			if d.Error == "" && (d.Name == "" && d.Source == "registry" || d.Manager == "") {
				t.Errorf("incomplete row: %+v", d)
			}
		}
	})
}

func TestLockFileOutranksBackend(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "uv.lock"), []byte("version = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(filepath.Join("testdata", "pdm_dev.toml"))
	if err != nil {
		t.Fatal(err)
	}
	f := &extractors.File{Path: "pyproject.toml", Content: content, Tree: testutil.DirTree(dir)}
	facts, err := New().Extract(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	// The build requirement (a standard table) goes to uv, the lock's
	// manager; [tool.pdm] rows stay pdm's.
	got := testutil.Deps(facts.Dependencies)
	if got[0] != "11 uv build pdm-backend registry" || got[1] != "7 pdm test pytest registry" {
		t.Errorf("deps = %q", got)
	}
	if facts.Projects[0].Managers != "pdm,uv" {
		t.Errorf("managers = %q", facts.Projects[0].Managers)
	}
}

func TestWithoutTemplates(t *testing.T) {
	for in, want := range map[string]string{
		"a=={{ version }}":  "a==" + versionPlaceholder + " [{{version}}]",
		"a>={{x}},<{{ y }}": "a>=" + versionPlaceholder + ",<" + versionPlaceholder + " [{{x}} {{y}}]",
		"a}}=={{ version":   "a}}=={{ version []",
		"plain>=1":          "plain>=1 []",
		"{{}}":              versionPlaceholder + " [{{}}]",
	} {
		got, templates := withoutTemplates(in)
		if s := got + " [" + strings.Join(templates, " ") + "]"; s != want {
			t.Errorf("withoutTemplates(%q) = %q, want %q", in, s, want)
		}
	}
	// linear in its input: a hostile string of a million templates
	huge := strings.Repeat("{{}}", 1<<18)
	if got, templates := withoutTemplates(huge); len(templates) != 1<<18 || len(got) != len(versionPlaceholder)<<18 {
		t.Errorf("withoutTemplates of %d templates: %d templates, %d bytes", 1<<18, len(templates), len(got))
	}
}
