-- optional_framework_dirs: per repository, the web frameworks its
-- distributions declare only as optional, each with the package
-- directories (holding __init__.py) whose code then uses it optionally.
-- Optional (declared_frameworks): in an extra of a distribution's manifest
-- (pyproject.toml, setup.py, setup.cfg: strawberry's
-- [project.optional-dependencies] cli = ["starlette", "uvicorn"]), never
-- required.
-- Code in the library's packages using such a framework is an optional
-- feature: repo_frameworks counts none of its files as core and
-- app_objects none of its applications (strawberry/cli/dev_server.py's
-- Starlette()). A module outside the packages still counts: presidio's
-- presidio-analyzer/app.py, beside the distribution whose server extra
-- holds Flask, is the Flask server it deploys. A directory of modules
-- without __init__.py right inside a package is part of it (moto's
-- moto/moto_server/werkzeug_app.py, the Flask server of its server extra).
CREATE OR REPLACE VIEW optional_framework_dirs AS
WITH dirs AS (
    SELECT run_id, repo, dir FROM package_dirs
    UNION
    SELECT f.run_id, f.repo, path_dir(f.path)
    FROM files f
    JOIN package_dirs p ON p.run_id = f.run_id AND p.repo = f.repo AND p.dir = path_dir(path_dir(f.path))
    WHERE f.kind = 'python' AND path_dir(f.path) <> ''
)
SELECT d.run_id, d.repo, d.framework, p.dir
FROM declared_frameworks d
JOIN dirs p ON p.run_id = d.run_id AND p.repo = d.repo
WHERE d.extra AND NOT d.required
