-- Architecture share per complete run, from the repo_summary each run wrote.
--
-- share = repositories of the architecture / repositories that run
-- surveyed (repos.status = 'ok'), as architecture_share counts.
WITH surveyed AS (
    SELECT run_id, count(DISTINCT repo) AS n FROM all_repos WHERE status = 'ok' GROUP BY run_id
)
SELECT a.run_id, a.architecture AS name, count(DISTINCT a.repo) AS repos, count(DISTINCT a.repo) / any_value(s.n) AS share
FROM all_repo_summary a
JOIN surveyed s ON s.run_id = a.run_id
GROUP BY ALL
ORDER BY a.run_id, share DESC, name
