-- path_uncounted(p): the file lies under a directory that is not the
-- repository's own application or library code: tests (test, tests,
-- testing, test_*, tests_*, tests-*, *_tests), fixtures, test data,
-- examples, demos, docs, samples, vendored code, virtualenvs, hidden
-- directories or project templates a tool of the repository renders (a
-- directory named with a Jinja placeholder, {{cookiecutter.project_slug}},
-- below the top level: at the top level the repository is the template,
-- and is surveyed as the project it renders), and directories whose name starts with doc(s),
-- example(s) or sample(s) followed by '_' or '-' (docs_src, examples-py,
-- example_project), or at the top of the tree demo(s) (demo_project/
-- beside the package; inside a package, evidently's ui/demo_projects/ is
-- its own code), or ends with '_' or '-' and docs, examples, samples
-- or demos (telethon_examples, api-docs; styleguide_example is a
-- package): documentation snippets build applications of frameworks the
-- repository does not use itself. This is
-- extractors.IsUncounted, which decides dependencies.counted and
-- projects.counted.
-- A directory component is a name followed by '/'. A template directory
-- is one named with a placeholder below a first component without one.
CREATE OR REPLACE MACRO path_uncounted(p) AS
    regexp_matches(p, '(^|/)(test|tests|testing|test_[^/]*|[^/]*_tests|fixtures|testdata|test-data|test_data|example|examples|demo|demos|doc|docs|sample|samples|vendor|node_modules|site-packages|venv|\.[^/]*|(docs?|examples?|samples?|tests)[_-][^/]*|[^/]+[_-](docs|examples|samples|demos))/')
    OR regexp_matches(p, '^demos?[_-][^/]*/')
    OR (regexp_matches(p, '/[^/]*\{\{[^/]*/') AND NOT regexp_matches(p, '^[^/]*\{\{'))
