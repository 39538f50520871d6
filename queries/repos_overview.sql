-- One line per repository of the run: status, commit, files, Python files, size and time taken.
-- Failed repositories are listed first, with their error.
SELECT
    repo,
    status,
    left(commit, 12)   AS commit,
    files,
    python_files,
    format_bytes(bytes) AS size,
    duration_ms,
    error
FROM repos
ORDER BY status = 'ok', repo
