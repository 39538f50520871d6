-- import_bindings: the names each Python file binds by absolute imports, and
-- the dotted name each stands for, used to resolve symbols:
--   import a.b          binds a  -> a
--   import a.b as c     binds c  -> a.b
--   from a.b import c   binds c  -> a.b.c      (as d: binds d -> a.b.c)
-- Relative and star imports bind nothing here. When a file binds a name
-- twice (try/except fallbacks), the first import by line wins.
CREATE OR REPLACE VIEW import_bindings AS
SELECT
    run_id, repo, path,
    CASE
        WHEN alias <> '' THEN alias
        WHEN kind = 'import' THEN split_part(module, '.', 1)
        ELSE name
    END AS bound,
    arg_min(
        CASE
            WHEN kind = 'import' AND alias <> '' THEN module
            WHEN kind = 'import' THEN split_part(module, '.', 1)
            ELSE module || '.' || name
        END,
        line) AS target
FROM imports
WHERE level = 0 AND module <> '' AND name <> '*'
GROUP BY ALL
