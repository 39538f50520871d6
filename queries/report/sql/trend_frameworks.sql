-- Web framework share per complete run, from the repo_summary each run wrote.
--
-- share = repositories using the framework / repositories that run
-- surveyed (repos.status = 'ok'), as framework_share and trends count.
WITH surveyed AS (
    SELECT run_id, count(DISTINCT repo) AS n FROM all_repos WHERE status = 'ok' GROUP BY run_id
),
used AS (
    SELECT DISTINCT run_id, repo, unnest(string_split(frameworks, ',')) AS name
    FROM all_repo_summary
    WHERE frameworks <> ''
)
SELECT u.run_id, u.name, count(DISTINCT u.repo) AS repos, count(DISTINCT u.repo) / any_value(s.n) AS share
FROM used u
JOIN surveyed s ON s.run_id = u.run_id
GROUP BY ALL
ORDER BY u.run_id, share DESC, u.name
