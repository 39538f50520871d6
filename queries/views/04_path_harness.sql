-- path_harness(p): the file lies under a directory of harness code that
-- runs against the repository rather than being part of it: integration
-- and end-to-end suites (integration, e2e, integration_tests, ...),
-- benchmarks (bench, benchmark, benchmarks, bench_..., ...) and project
-- templates rendered for users (project_template, app_template, as
-- Django's startproject and Wagtail's), and the projects a library's tests
-- run in (testproject, test_project), and mock servers their development
-- and tests run against (mock/, mocks/, github_mock/, mock_s3/), and a
-- sandbox/ at the top of the tree, the demo site a library's developers
-- run it in (django-oscar's sandbox/ with manage.py and settings). The test
-- servers and template
-- projects they hold build application objects the repository does not
-- serve. Code files leave them out (views/10_code_files.sql), as they do
-- tests; unlike tests they are still counted for dependencies (but
-- test_project, named as tests are, is uncounted: path_uncounted).
-- One regular expression: a directory component is a name followed by '/'.
CREATE OR REPLACE MACRO path_harness(p) AS
    regexp_matches(p, '(^|/)((integration|e2e|bench|benchmarks?)([_-][^/]*)?|project_template|app_template|test_?project|mocks?|[^/]*_mocks?|mocks?_[^/]*)/|^sandbox/')
