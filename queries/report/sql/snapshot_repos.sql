-- Every repository of the run with its status and error, for diff.
SELECT repo, status, error FROM repos ORDER BY repo
