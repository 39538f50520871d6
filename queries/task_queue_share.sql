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
SELECT pattern, repos, share
FROM category_share('task_queue')
ORDER BY share DESC, pattern
