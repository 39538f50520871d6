-- category_share(cat): for one catalog category, each pattern with the
-- repositories using it and their share of the repositories surveyed
-- (repos.status = 'ok') in the selected runs. A pattern is used when any of
-- its signals matches (views/20_pattern_hits.sql); patterns no repository
-- uses are left out. The *_share queries of each category call it.
CREATE OR REPLACE MACRO category_share(cat) AS TABLE
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
total AS (
    SELECT count(DISTINCT repo) AS n FROM surveyed
)
SELECT
    p.pattern,
    count(DISTINCT p.repo) AS repos,
    count(DISTINCT p.repo) / any_value(total.n) AS share
FROM repo_patterns p
JOIN surveyed s ON s.run_id = p.run_id AND s.repo = p.repo
CROSS JOIN total
WHERE p.category = cat
GROUP BY p.pattern
