-- Third-party top-level modules, by the number of repositories importing them.
--
-- Counts absolute imports (level 0) in code files (non-test .py files
-- outside tests, examples, docs, vendored and hidden directories) by their
-- first component, leaving out the standard library (queries/stdlib.txt:
-- Python 3.11's sys.stdlib_module_names plus Python 2 leftovers), relative
-- imports, and the repository's own top-level packages and modules
-- (first_party_roots).
-- module: the top-level import name; repos: repositories importing it;
-- share: repos / repositories surveyed (repos.status = 'ok'); files: code
-- files importing it. Sorted by repos desc then module.
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
total AS (
    SELECT count(DISTINCT repo) AS n FROM surveyed
),
roots AS (
    SELECT DISTINCT i.run_id, i.repo, i.path, split_part(i.module, '.', 1) AS module
    FROM imports i
    JOIN surveyed s ON s.run_id = i.run_id AND s.repo = i.repo
    JOIN code_files f ON f.run_id = i.run_id AND f.repo = i.repo AND f.path = i.path
    WHERE i.level = 0 AND i.module <> ''
)
SELECT
    r.module,
    count(DISTINCT r.repo) AS repos,
    count(DISTINCT r.repo) / any_value(total.n) AS share,
    count(DISTINCT (r.run_id, r.repo, r.path)) AS files
FROM roots r
CROSS JOIN total
WHERE r.module NOT IN (SELECT module FROM stdlib)
  AND NOT EXISTS (
    SELECT 1 FROM first_party_roots fp
    WHERE fp.run_id = r.run_id AND fp.repo = r.repo AND fp.root = r.module)
GROUP BY r.module
ORDER BY repos DESC, r.module
