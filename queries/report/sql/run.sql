-- The run reported: its row in runs, with totals over its repositories.
-- started_at is the time the run describes (as_of: a survey of the past
-- is placed then), surveyed_at when it was made.
--
-- repos_reused counts repositories whose rows were carried over from an
-- earlier run instead of surveyed afresh (repos.reused_from).
SELECT
    r.run_id,
    coalesce(r.as_of, r.started_at) AS started_at,
    r.started_at AS surveyed_at,
    r.finished_at,
    r.tool_version,
    r.repos_ok,
    r.repos_failed,
    count(p.repo) FILTER (WHERE p.reused_from <> '') AS repos_reused,
    coalesce(sum(p.files) FILTER (WHERE p.status = 'ok'), 0)::BIGINT AS files,
    coalesce(sum(p.python_files) FILTER (WHERE p.status = 'ok'), 0)::BIGINT AS python_files,
    coalesce(sum(p.bytes) FILTER (WHERE p.status = 'ok'), 0)::BIGINT AS bytes
FROM runs r
LEFT JOIN repos p ON p.run_id = r.run_id
GROUP BY ALL
