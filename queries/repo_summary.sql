-- One flat row per repository: frameworks, package managers, architecture and patterns.
--
-- The repo_summary table, computed from each repository's own facts as the
-- run surveys it (queries/results/repo_summary.sql says how). Lists are
-- comma-joined without spaces and sorted; '' when empty. primary_framework:
-- the web framework whose application object the repo builds (catalog
-- category 'app_entry'), else the one imported by the most code files;
-- 'drf' never; 'none' without a framework. architecture and
-- architecture_evidence: see views/31_repo_architecture.sql. async_share,
-- has_py_typed and the counts as async_adoption and module_boundaries.
-- Sorted by repo.
SELECT * EXCLUDE (run_id, run_date)
FROM repo_summary
ORDER BY repo, run_id
