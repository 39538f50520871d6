-- repo_patterns: the catalog patterns each repository uses: a pattern is used
-- when any of its signals matches (pattern_hits). files counts the distinct
-- files (or project roots, for manager signals) where its signals matched;
-- signals lists the signals that matched, as kind:value, sorted.
CREATE OR REPLACE VIEW repo_patterns AS
SELECT run_id, repo, category, pattern, count(DISTINCT path) AS files,
    string_agg(DISTINCT signal_kind || ':' || signal_value, ',' ORDER BY signal_kind || ':' || signal_value) AS signals
FROM pattern_hits
GROUP BY ALL
