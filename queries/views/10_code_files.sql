-- code_files: the Python source files (.py) that count as the repository's
-- own code: not test files (files.is_test) and not under tests, examples,
-- docs, samples, fixtures, vendored or hidden directories (path_uncounted)
-- nor under harness directories: integration suites, benchmarks, project
-- templates (path_harness), nor under the directories a repository vendors
-- libraries in (vendored_file). A repository whose Python files all lie
-- under examples, demos or samples but for tests, docs and the like is a
-- repository of examples (aiohttp-demos' demos/, a collection of
-- example_N_*/ projects): its examples are its code (path_example).
-- Import, decorator, base, call, export and init_param signals are looked for
-- in these files only. Most statements read it, some several times, so it
-- is computed once per unit (materialized, the interpretation of the
-- bench's 21 repositories takes 7% less).
-- materialize
CREATE OR REPLACE VIEW code_files AS
WITH own AS (
    SELECT *, path_uncounted(path) AS uncounted
    FROM files
    WHERE kind = 'python'
      AND NOT is_test
      AND NOT path_harness(path)
      AND NOT vendored_file(run_id, repo, path)
)
SELECT * EXCLUDE (uncounted)
FROM own o
WHERE NOT uncounted
   OR NOT EXISTS (SELECT 1 FROM own c WHERE c.run_id = o.run_id AND c.repo = o.repo AND NOT c.uncounted)
      AND path_example(path)
