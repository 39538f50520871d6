-- repo_imports: the third-party top-level modules each repository's code
-- files import: absolute imports (level 0) in code files (non-test .py
-- files outside tests, examples, docs, vendored and hidden directories) by
-- their first component, leaving out the standard library (stdlib.txt:
-- Python 3.11's sys.stdlib_module_names, what 3.12 to 3.14 added, Python 2
-- leftovers) and the repository's own packages and modules (lying under a
-- first_party_roots name: a Plone add-on's imports of plone.dexterity are
-- of the module plone, its imports of itself, plone.todo, are not).
-- files: code files importing the module.
WITH roots AS (
    SELECT DISTINCT i.run_id, i.repo, i.path, split_part(i.module, '.', 1) AS module
    FROM imports i
    JOIN code_files f ON f.run_id = i.run_id AND f.repo = i.repo AND f.path = i.path
    WHERE i.level = 0 AND i.module <> ''
      AND NOT EXISTS (
        SELECT 1 FROM first_party_roots fp
        WHERE fp.run_id = i.run_id AND fp.repo = i.repo AND fp.root = split_part(i.module, '.', 1)
          AND lies_under(import_name(i.module, i.kind, i.name), fp.name))
)
SELECT r.run_id, r.repo, r.module, count(*) AS files
FROM roots r
WHERE r.module NOT IN (SELECT module FROM stdlib)
GROUP BY ALL
