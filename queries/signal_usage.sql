-- How often each catalog signal matched: for checking and tuning the pattern catalog.
--
-- One row per row of the patterns table (queries/patterns.csv plus
-- --patterns rows), signals that matched nothing included (repos = 0).
-- repos: surveyed repositories (repos.status = 'ok') where the signal
-- matched; files: files where it matched (project roots for manager
-- signals; pattern_hits holds one row per signal and file). Sorted by
-- category, pattern, signal_kind, signal_value.
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
hits AS (
    SELECT h.*
    FROM pattern_hits h
    JOIN surveyed s ON s.run_id = h.run_id AND s.repo = h.repo
)
SELECT
    p.category,
    p.pattern,
    p.signal_kind,
    p.signal_value,
    count(DISTINCT h.repo) AS repos,
    count(h.path) AS files
FROM patterns p
LEFT JOIN hits h
    ON h.category = p.category AND h.pattern = p.pattern
    AND h.signal_kind = p.signal_kind AND h.signal_value = p.signal_value
GROUP BY ALL
ORDER BY p.category, p.pattern, p.signal_kind, p.signal_value
