-- Share of repositories using each background-task system (Celery, RQ, ARQ, Dramatiq, Huey, ...).
--
-- A repository uses a pattern of catalog category 'task_queue' when any of the
-- pattern's signals (queries/patterns.csv plus --patterns rows) matches in
-- it; see views/20_pattern_hits.sql for how each signal kind matches. Code
-- signals (imports, decorators, base classes, calls) count in code files
-- only: non-test .py files outside tests, examples, docs, vendored and
-- hidden directories. fastapi_background_tasks is FastAPI/Starlette's in-process BackgroundTasks.
-- repos: repositories using the pattern; share: repos / repositories
-- surveyed (repos.status = 'ok'). Patterns no repository uses are left out.
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
WHERE p.category = 'task_queue'
GROUP BY p.pattern
ORDER BY share DESC, p.pattern
