-- Async adoption across the surveyed repositories, in one row.
--
-- repos: repositories surveyed (repos.status = 'ok'); repos_with_async:
-- those with at least one async def in a code file (non-test .py files
-- outside tests, examples, docs, vendored and hidden directories);
-- share = repos_with_async / repos; median_async_share: the median over all
-- surveyed repositories of async_share as computed by async_adoption
-- (async_functions / (functions + async_functions), 0 when both are 0).
SELECT
    count(DISTINCT repo) AS repos,
    count(DISTINCT repo) FILTER (WHERE async_functions > 0) AS repos_with_async,
    coalesce(count(DISTINCT repo) FILTER (WHERE async_functions > 0) / nullif(count(DISTINCT repo), 0), 0.0) AS share,
    coalesce(median(async_share), 0.0) AS median_async_share
FROM repo_summary
