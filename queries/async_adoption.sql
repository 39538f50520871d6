-- Per repository: how much of its code is async.
--
-- Over code files (non-test .py files outside tests, examples, docs,
-- vendored and hidden directories): python_files counts them, functions the
-- def statements, async_functions the async def statements, awaits the
-- await expressions. async_share = async_functions / (functions +
-- async_functions), 0 when both are 0. Every surveyed repository
-- (repos.status = 'ok') has a row, sorted by async_share desc then repo.
-- The column python_files reads is qualified (s.): unqualified, its name
-- would be taken for the helper view of the same name, computed over
-- every fact of the run.
SELECT
    repo,
    s.code_files AS python_files,
    functions,
    async_functions,
    async_share,
    awaits
FROM repo_summary s
ORDER BY async_share DESC, repo
