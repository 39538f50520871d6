package extractors

import (
	"path"
	"strings"
)

// File kinds recorded in files.kind.
const (
	KindPython     = "python"
	KindStub       = "stub"
	KindNotebook   = "notebook"
	KindManifest   = "manifest"
	KindLockfile   = "lockfile"
	KindMarker     = "marker"
	KindEnvExample = "env_example"
	KindOther      = "other"
	KindSymlink    = "symlink"
	KindSubmodule  = "submodule"
)

// KindOf classifies a regular file by its path.
func KindOf(p string) string {
	base := path.Base(p)
	switch {
	case strings.HasSuffix(base, ".py"):
		return KindPython
	case strings.HasSuffix(base, ".pyi"):
		return KindStub
	case strings.HasSuffix(base, ".ipynb"):
		return KindNotebook
	case IsManifest(p):
		return KindManifest
	}
	switch base {
	case "poetry.lock", "pdm.lock", "uv.lock", "Pipfile.lock":
		return KindLockfile
	case "py.typed":
		return KindMarker
	case ".env.example", ".env.sample", ".env.template", "env.example":
		return KindEnvExample
	}
	return KindOther
}

// IsPython reports whether the path is Python source (.py) or a stub (.pyi).
func IsPython(p string) bool {
	return strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".pyi")
}

// IsManifest reports whether the path names a packaging manifest other
// than setup.py (which is Python source and classified as such).
func IsManifest(p string) bool {
	base := path.Base(p)
	switch base {
	case "pyproject.toml", "setup.cfg", "Pipfile", "environment.yml", "environment.yaml":
		return true
	}
	return IsRequirementsFile(p)
}

// IsRequirementsFile reports whether p names a pip requirements file: a
// .txt or .in file named requirements* or *-requirements, *_requirements
// (dev-requirements.in, as pip-tools names them), or in a directory named
// requirements.
func IsRequirementsFile(p string) bool {
	base := path.Base(p)
	stem, ok := strings.CutSuffix(base, ".txt")
	if !ok {
		if stem, ok = strings.CutSuffix(base, ".in"); !ok {
			return false
		}
	}
	return strings.HasPrefix(stem, "requirements") || strings.HasSuffix(stem, "-requirements") ||
		strings.HasSuffix(stem, "_requirements") || path.Base(path.Dir(p)) == "requirements"
}

// IsTest reports whether a path is test code: a directory in it is named
// test or tests, or the file is named test_*.py, *_test.py or conftest.py.
func IsTest(p string) bool {
	dir, base := path.Split(p)
	for _, d := range strings.Split(strings.TrimSuffix(dir, "/"), "/") {
		if d == "test" || d == "tests" {
			return true
		}
	}
	return base == "conftest.py" ||
		(strings.HasPrefix(base, "test_") && strings.HasSuffix(base, ".py")) ||
		strings.HasSuffix(base, "_test.py")
}

// IsUncounted reports whether a path lies under a directory whose
// manifests do not describe the repository's own projects: tests (test,
// tests, testing, and names starting test_ or ending _tests: the dummy
// plugin of features/test_plugin/), fixtures and test data (testdata,
// test-data, test_data), examples, demos, docs, samples (and names
// starting doc(s), example(s) or sample(s) followed by '_' or '-':
// example_project/, docs-src/, or ending with '_' or '-' and docs,
// examples, samples or demos: telethon_examples/; at the top of the tree,
// names starting demo(s) followed by '_' or '-': demo_project/), vendored
// code, virtualenvs, any hidden
// directory, or a project template that a tool of the repository
// renders: a directory named with a Jinja placeholder, as cookiecutter
// and copier name theirs ({{cookiecutter.project_slug}}), below the top
// level. At the top level the repository is the template, and is surveyed
// as the project it renders.
func IsUncounted(p string) bool {
	dir := path.Dir(p)
	if dir == "." {
		return false
	}
	template := false // under a template directory at the top level
	for i, d := range strings.Split(dir, "/") {
		// demo_project/ at the top is a demo beside the package; inside a
		// package, evidently/ui/demo_projects/ is its own code
		if strings.HasPrefix(d, ".") || strings.HasPrefix(d, "test_") || strings.HasSuffix(d, "_tests") || isDocsOrExample(d) ||
			i == 0 && startsWithWord(d, "demos", "demo") {
			return true
		}
		if strings.Contains(d, "{{") {
			if i > 0 && !template {
				return true
			}
			template = true
		}
		switch d {
		case "test", "tests", "testing", "fixtures", "testdata", "test-data", "test_data", "example", "examples",
			"demo", "demos", "doc", "docs", "sample", "samples", "vendor", "node_modules", "site-packages", "venv":
			return true
		}
	}
	return false
}

// startsWithWord reports whether a directory name is one of words followed
// by '_' or '-'.
func startsWithWord(d string, words ...string) bool {
	for _, w := range words {
		if rest, ok := strings.CutPrefix(d, w); ok && rest != "" && (rest[0] == '_' || rest[0] == '-') {
			return true
		}
	}
	return false
}

// isDocsOrExample reports whether a directory name is doc(s), example(s),
// sample(s) or tests followed by '_' or '-' (docs_src, example_project,
// tests_integration; test-datasets may be a package of that name), or
// docs, examples, samples or demos after a name and '_' or '-'
// (telethon_examples, api-docs; styleguide_example is a package).
func isDocsOrExample(d string) bool {
	if startsWithWord(d, "docs", "doc", "examples", "example", "samples", "sample", "tests") {
		return true
	}
	for _, s := range []string{"docs", "examples", "samples", "demos"} {
		if rest, ok := strings.CutSuffix(d, s); ok && len(rest) > 1 && (rest[len(rest)-1] == '_' || rest[len(rest)-1] == '-') {
			return true
		}
	}
	return false
}
