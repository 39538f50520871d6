package extractors

import "testing"

// IsUncounted looks at directory components only: tests, fixtures, test
// data, examples, demos, docs, samples, vendored and hidden directories.
func TestIsUncounted(t *testing.T) {
	for p, want := range map[string]bool{
		"pyproject.toml":                               false,
		"src/app/requirements.txt":                     false,
		"tests/requirements.txt":                       true,
		"testdata/a/pyproject.toml":                    true,
		"test-data/packages/typedpkg/pyproject.toml":   true,
		"pkg/test_data/setup.py":                       true,
		"test-datasets/pyproject.toml":                 false,
		"docs/requirements.txt":                        true,
		"a/.venv/pyproject.toml":                       true,
		"examples/app/pyproject.toml":                  true,
		"demo/main.py":                                 true,
		"pkg/demos/app/requirements.txt":               true,
		"demonstration/x.py":                           false,
		"testing.txt":                                  false,
		"test-data":                                    false,
		"{{cookiecutter.project_slug}}/pyproject.toml": false,
		"{{cookiecutter.project_slug}}/{{cookiecutter.package}}/setup.py":     false,
		"plugins/cookiecutter-plugin/{{cookiecutter.name}}/pyproject.toml":    true,
		"pkg/templates/{{ project_name }}/{{ package }}/app/requirements.txt": true,
		"a{b}/setup.py":                       false,
		"features/test_plugin/pyproject.toml": true,
		"example_project/pyproject.toml":      true,
		"demo_project/pyproject.toml":         true,
		"demos-site/requirements.txt":         true,
		"democracy/setup.py":                  false,
		"src/kit/demo_projects/setup.py":      false,
		"docs-src/requirements.txt":           true,
		"exampled/setup.py":                   false,
		"pkg/api_tests/requirements.txt":      true,
		"tests_integration/pyproject.toml":    true,
		"tests-e2e/requirements.txt":          true,
		"testsuite/setup.py":                  false,
		"latest/setup.py":                     false,
		"contest_tests_x/setup.py":            false,
		"telethon_examples/requirements.txt":  true,
		"pkg/api-docs/setup.py":               true,
		"my_samples/pyproject.toml":           true,
		"_examples/setup.py":                  false,
		"counterexamples/setup.py":            false,
		"examples_x/a/setup.py":               true,
		"styleguide_example/setup.py":         false,
	} {
		if got := IsUncounted(p); got != want {
			t.Errorf("IsUncounted(%q) = %t, want %t", p, got, want)
		}
	}
}
