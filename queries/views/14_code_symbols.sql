-- code_symbols: resolved_symbols of code files (code_files) only, the rows
-- decorator, base, call, export and init_param signals are looked for in
-- (pattern_hits, app_objects). The files are joined before the imports, so
-- that only these symbols are resolved: fewer than half of them, in real
-- repositories. Materialized: pattern_hits and app_objects read it in
-- several places.
-- materialize
CREATE OR REPLACE VIEW code_symbols AS
SELECT s.run_id, s.repo, s.path, s.line, s.kind, s.name, s.owner, resolved_name(s.kind, s.name, b.target) AS resolved
FROM (
    SELECT s.*, split_part(s.name, '.', 1) AS head
    FROM symbols s
    JOIN code_files f ON f.run_id = s.run_id AND f.repo = s.repo AND f.path = s.path
) s
-- hashed, as in resolved_symbols
LEFT JOIN import_bindings b
    ON b.run_id = s.run_id AND b.repo = s.repo AND b.path = s.path AND b.bound = s.head
