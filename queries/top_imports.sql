-- Third-party top-level modules, by the number of repositories importing them.
--
-- Counts absolute imports (level 0) in code files (non-test .py files
-- outside tests, examples, docs, vendored and hidden directories) by their
-- first component, leaving out the standard library (queries/stdlib.txt:
-- Python 3.11's sys.stdlib_module_names, what 3.12 to 3.14 added, Python 2
-- leftovers), relative imports, and the repository's own packages and
-- modules (first_party_roots: in a namespace package, what the repository
-- holds; a Plone add-on's imports of other plone.* distributions count as
-- plone).
-- module: the top-level import name; repos: repositories importing it;
-- share: repos / repositories surveyed (repos.status = 'ok'); files: code
-- files importing it. Sorted by repos desc then module.
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
total AS (
    SELECT count(DISTINCT repo) AS n FROM surveyed
)
SELECT
    i.module,
    count(DISTINCT i.repo) AS repos,
    count(DISTINCT i.repo) / any_value(total.n) AS share,
    sum(i.files) AS files
FROM repo_imports i
JOIN surveyed s ON s.run_id = i.run_id AND s.repo = i.repo
CROSS JOIN total
GROUP BY i.module
ORDER BY repos DESC, i.module
