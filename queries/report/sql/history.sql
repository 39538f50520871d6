-- Every complete run, oldest first: its repositories and async adoption.
--
-- Read from the repo_summary each run wrote (what that run concluded), so
-- a long history costs little. summarized: repositories with a
-- repo_summary row; repos_with_async: of which async_share > 0 (an async
-- def in a code file, as async_adoption_summary counts);
-- median_async_share over them.
SELECT
    r.run_id,
    coalesce(r.as_of, r.started_at) AS started_at,
    r.repos_ok,
    r.repos_failed,
    count(s.repo) AS summarized,
    count(s.repo) FILTER (WHERE s.async_share > 0) AS repos_with_async,
    coalesce(median(s.async_share), 0.0) AS median_async_share
FROM all_runs r
LEFT JOIN all_repo_summary s ON s.run_id = r.run_id
GROUP BY ALL
ORDER BY coalesce(r.as_of, r.started_at), r.run_id
