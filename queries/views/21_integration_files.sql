-- integration_files: the files of a library's optional integrations: under
-- integrations/, contrib/, ext/, extensions/ (catalog category
-- integration), or under a subpackage named for a framework that no
-- manifest of the repository requires (declared_frameworks): a package
-- inside a package, faststream/broker/fastapi/, whose fastapi only the
-- testing group names; or a module so named in a package (an APM agent's
-- scout_apm/falcon.py, scout_apm/async_/starlette.py: its middleware for
-- each framework). Their application objects are none of the
-- repository's (app_objects), they need no framework of its core
-- (repo_frameworks) and define no endpoint of its own (repo_architecture).
-- materialize
CREATE OR REPLACE VIEW integration_files AS
WITH
-- subpackages (faststream/broker/fastapi/) and modules (scout_apm/falcon.py)
-- named for a framework no manifest requires, inside a package
named AS (
    SELECT u.run_id, u.repo, u.unit, u.is_dir
    FROM (
        SELECT run_id, repo, dir AS unit, path_base(dir) AS name, path_dir(dir) AS parent, true AS is_dir
        FROM package_dirs WHERE path_dir(dir) <> ''
        UNION ALL
        SELECT run_id, repo, path, regexp_replace(path_base(path), '\.py$', ''), path_dir(path), false
        FROM files WHERE kind = 'python'
    ) u
    JOIN (SELECT DISTINCT pattern FROM patterns WHERE category = 'framework') f ON f.pattern = u.name
    JOIN package_dirs p ON p.run_id = u.run_id AND p.repo = u.repo AND p.dir = u.parent
    WHERE NOT EXISTS (
        SELECT 1 FROM declared_frameworks d
        WHERE d.run_id = u.run_id AND d.repo = u.repo AND d.framework = f.pattern AND d.required)
),
-- every directory above a Python file of the repositories that have such
-- a subpackage (app/x/y.py: app, app/x), so that the files under one are
-- found by equality, not by a prefix match tried against every file
ancestors AS (
    SELECT run_id, repo, path, array_to_string(parts[1:k], '/') AS dir
    FROM (
        SELECT run_id, repo, path, parts, unnest(generate_series(1, len(parts) - 1)) AS k
        FROM (
            SELECT f.run_id, f.repo, f.path, string_split(f.path, '/') AS parts
            FROM files f
            JOIN (SELECT DISTINCT run_id, repo FROM named WHERE is_dir) r ON r.run_id = f.run_id AND r.repo = f.repo
            WHERE f.kind = 'python'
        )
    )
)
SELECT DISTINCT run_id, repo, path FROM pattern_hits WHERE category = 'integration'
UNION
SELECT a.run_id, a.repo, a.path
FROM ancestors a
JOIN named n ON n.run_id = a.run_id AND n.repo = a.repo AND n.is_dir AND n.unit = a.dir
UNION
SELECT run_id, repo, unit FROM named WHERE NOT is_dir
