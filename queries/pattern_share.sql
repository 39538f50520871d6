-- Share of repositories using each catalog pattern, every category.
--
-- Covers every category of queries/patterns.csv and of --patterns rows,
-- including those without a query of their own: key_file, layout,
-- orm_feature, api_feature, module_boundary, server, app_entry,
-- package_manager. A pattern is used when any of its signals matches (see
-- views/20_pattern_hits.sql). repos: repositories using it; share: repos /
-- repositories surveyed (repos.status = 'ok'). Patterns no repository uses
-- are left out. Sorted by category, share desc, pattern.
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
total AS (
    SELECT count(DISTINCT repo) AS n FROM surveyed
)
SELECT
    p.category,
    p.pattern,
    count(DISTINCT p.repo) AS repos,
    count(DISTINCT p.repo) / any_value(total.n) AS share
FROM repo_patterns p
JOIN surveyed s ON s.run_id = p.run_id AND s.repo = p.repo
CROSS JOIN total
GROUP BY p.category, p.pattern
ORDER BY p.category, share DESC, p.pattern
