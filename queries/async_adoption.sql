-- Per repository: how much of its code is async.
--
-- Over code files (non-test .py files outside tests, examples, docs,
-- vendored and hidden directories): python_files counts them, functions the
-- def statements, async_functions the async def statements, awaits the
-- await expressions. async_share = async_functions / (functions +
-- async_functions), 0 when both are 0. Every surveyed repository
-- (repos.status = 'ok') has a row, sorted by async_share desc then repo.
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
counts AS (
    SELECT
        s.repo,
        count(f.path) AS python_files,
        coalesce(sum(f.functions), 0) AS functions,
        coalesce(sum(f.async_functions), 0) AS async_functions,
        coalesce(sum(f.awaits), 0) AS awaits
    FROM surveyed s
    LEFT JOIN code_files f ON f.run_id = s.run_id AND f.repo = s.repo
    GROUP BY s.run_id, s.repo
)
SELECT
    repo,
    python_files,
    functions,
    async_functions,
    CASE WHEN functions + async_functions = 0 THEN 0.0
         ELSE async_functions / (functions + async_functions) END AS async_share,
    awaits
FROM counts
ORDER BY async_share DESC, repo
