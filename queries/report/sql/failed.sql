-- The repositories of the run that failed, with where they came from and why.
SELECT repo, source, error
FROM repos
WHERE status <> 'ok'
ORDER BY repo
