-- Per repository: how much of its code is async.
--
-- Over code files (non-test .py files outside tests, examples, docs,
-- vendored and hidden directories): python_files counts them, functions the
-- def statements, async_functions the async def statements, awaits the
-- await expressions. async_share = async_functions / (functions +
-- async_functions), 0 when both are 0. Every surveyed repository
-- (repos.status = 'ok') has a row, sorted by async_share desc then repo.
SELECT
    repo,
    code_files AS python_files,
    functions,
    async_functions,
    async_share,
    awaits
FROM repo_summary
ORDER BY async_share DESC, repo
