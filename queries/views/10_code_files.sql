-- code_files: the Python source files (.py) that count as the repository's
-- own code: not test files (files.is_test) and not under tests, examples,
-- docs, samples, fixtures, vendored or hidden directories (path_uncounted)
-- nor under harness directories: integration suites, benchmarks, project
-- templates (path_harness), nor under the directories a repository vendors
-- libraries in (vendored_file), nor, in a tree that is a distribution (a
-- project at its root with a name, a build backend, setup.py or
-- setup.cfg), a module at its top named as those directories are
-- (example.py, examples.py, sample.py, samples.py, demo.py, demos.py:
-- fastapi-versioning's sample.py, the application its README shows the
-- library on). A repository whose Python files all lie
-- under examples, demos or samples but for tests, docs and the like is a
-- repository of examples (aiohttp-demos' demos/, a collection of
-- example_N_*/ projects): its examples are its code (path_example).
-- Import, decorator, base, call, export and init_param signals are looked for
-- in these files only. Most statements read it, some several times, so it
-- is computed once per unit (materialized, the interpretation of the
-- bench's 21 repositories takes 7% less).
-- materialize
CREATE OR REPLACE VIEW code_files AS
WITH distributions AS (
    SELECT DISTINCT run_id, repo
    FROM projects
    WHERE root = '' AND counted
      AND declares_distribution(name, build_backend, manifests)
),
own AS (
    SELECT f.*, regexp_matches(f.path, '^(examples?|samples?|demos?)\.py$') AS example_module,
        path_uncounted(f.path) OR d.repo IS NOT NULL AND example_module AS uncounted
    FROM files f
    LEFT JOIN distributions d ON d.run_id = f.run_id AND d.repo = f.repo
    WHERE f.kind = 'python'
      AND NOT f.is_test
      AND NOT path_harness(f.path)
      AND NOT vendored_file(f.run_id, f.repo, f.path)
)
SELECT * EXCLUDE (example_module, uncounted)
FROM own o
WHERE NOT uncounted
   OR NOT EXISTS (SELECT 1 FROM own c WHERE c.run_id = o.run_id AND c.repo = o.repo AND NOT c.uncounted)
      AND (path_example(path) OR example_module)
