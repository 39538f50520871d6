-- Web framework share per run date, over every complete run.
--
-- For each UTC date that a complete run describes (runs.as_of: its start,
-- or the date a survey of the past was made as of), the
-- last complete run of that date counts. Framework use is decided as in
-- framework_share; share = repos / repositories that run surveyed
-- (repos.status = 'ok'). Sorted by run_date, share desc, framework.
-- runs: all
WITH day_runs AS (
    SELECT strftime(coalesce(as_of, started_at), '%Y-%m-%d') AS run_date, arg_max(run_id, coalesce(as_of, started_at)) AS run_id
    FROM runs
    WHERE status = 'complete'
    GROUP BY 1
),
surveyed AS (
    SELECT d.run_date, r.run_id, r.repo
    FROM repos r
    JOIN day_runs d ON d.run_id = r.run_id
    WHERE r.status = 'ok'
),
total AS (
    SELECT run_date, count(DISTINCT repo) AS n FROM surveyed GROUP BY run_date
)
SELECT
    s.run_date,
    p.pattern AS framework,
    count(DISTINCT p.repo) AS repos,
    count(DISTINCT p.repo) / any_value(t.n) AS share
FROM repo_patterns p
JOIN surveyed s ON s.run_id = p.run_id AND s.repo = p.repo
JOIN total t ON t.run_date = s.run_date
WHERE p.category = 'framework'
GROUP BY s.run_date, p.pattern
ORDER BY s.run_date, share DESC, framework
