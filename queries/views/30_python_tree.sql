-- python_tree: the directory structure spanned by the code files (non-test
-- .py files outside tests, examples, docs, vendored and hidden directories):
-- one row per directory and child. unit is the child's import name: the
-- directory name for a package or directory (is_dir), the file name without
-- .py for a module, so models.py and models/ both give 'models'. The root
-- directory is ''.
-- materialize
CREATE OR REPLACE VIEW python_tree AS
WITH parts AS (
    SELECT run_id, repo, string_split(path, '/') AS comps
    FROM code_files
),
steps AS (
    SELECT run_id, repo, comps, unnest(range(1, len(comps) + 1)) AS i
    FROM parts
)
SELECT DISTINCT
    run_id, repo,
    array_to_string(comps[1:i - 1], '/') AS dir,
    comps[i] AS child,
    i < len(comps) AS is_dir,
    CASE WHEN i < len(comps) THEN comps[i] ELSE regexp_replace(comps[i], '\.py$', '') END AS unit
FROM steps
