-- repo_patterns: the catalog patterns each repository uses, with the files
-- where their signals matched and the signals (views/21_repo_patterns.sql).
SELECT run_id, repo, category, pattern, files, signals
FROM repo_patterns
