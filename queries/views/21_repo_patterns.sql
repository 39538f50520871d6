-- repo_patterns: the catalog patterns each repository uses: a pattern is used
-- when any of its signals matches (pattern_hits). files counts the distinct
-- files (or project roots, for manager signals) where its signals matched.
CREATE OR REPLACE VIEW repo_patterns AS
SELECT run_id, repo, category, pattern, count(DISTINCT path) AS files
FROM pattern_hits
GROUP BY ALL
