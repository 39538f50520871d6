-- One line per repository of the run: status, commit, files, Python files, size and time taken.
-- Failed repositories are listed with their error.
SELECT
    repo,
    status,
    left(commit, 12)          AS commit,
    files,
    python_files,
    round(bytes / 1e6, 2)     AS mb,
    round(duration_ms / 1e3, 2) AS seconds,
    error
FROM repos
ORDER BY status = 'ok', repo
