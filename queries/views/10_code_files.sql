-- code_files: the Python source files (.py) that count as the repository's
-- own code: not test files (files.is_test) and not under tests, examples,
-- docs, samples, fixtures, vendored or hidden directories (path_uncounted)
-- nor under harness directories: integration suites, benchmarks, project
-- templates (path_harness), nor under the directories a repository vendors
-- libraries in (vendored_file).
-- Import, decorator, base, call, export and init_param signals are looked for
-- in these files only. Most statements read it, some several times, so it
-- is computed once per unit (materialized, the interpretation of the
-- bench's 21 repositories takes 7% less).
-- materialize
CREATE OR REPLACE VIEW code_files AS
SELECT *
FROM files
WHERE kind = 'python'
  AND NOT is_test
  AND NOT path_uncounted(path)
  AND NOT path_harness(path)
  AND NOT vendored_file(run_id, repo, path)
