-- resolved_symbols: symbols of every file with their names resolved by the
-- file's imports (resolved_name).
CREATE OR REPLACE VIEW resolved_symbols AS
SELECT s.run_id, s.repo, s.path, s.line, s.kind, s.name, s.owner, resolved_name(s.kind, s.name, b.target) AS resolved
FROM (SELECT *, split_part(name, '.', 1) AS head FROM symbols) s
-- A pure equi-join, so that DuckDB hashes it: a filter on s inside the ON
-- clause of a LEFT JOIN makes it fall back to a nested-loop join.
LEFT JOIN import_bindings b
    ON b.run_id = s.run_id AND b.repo = s.repo AND b.path = s.path AND b.bound = s.head
