-- pattern_hits: every catalog signal and file where it matched
-- (views/20_pattern_hits.sql), for drilling down from a share to files.
SELECT run_id, repo, category, pattern, signal_kind, signal_value, path, optional
FROM pattern_hits
