-- optional_framework_dirs: per repository, the web frameworks its
-- distributions declare only as optional, each with the package
-- directories (holding __init__.py) whose code then uses it optionally.
-- Optional (declared_frameworks): in an extra of a distribution's manifest
-- (pyproject.toml, setup.py, setup.cfg: strawberry's
-- [project.optional-dependencies] cli = ["starlette", "uvicorn"]), never
-- required; or, in a library of integrations (a distribution at the root
-- whose code uses three web frameworks or more, none required: bolt-python's
-- adapters), any framework it uses.
-- Code in the library's packages using such a framework is an optional
-- feature: repo_frameworks counts none of its files as core and
-- app_objects none of its applications (strawberry/cli/dev_server.py's
-- Starlette()). A module outside the packages that builds the application
-- still counts (repo_frameworks.app_files): presidio's
-- presidio-analyzer/app.py, beside the distribution whose server extra
-- holds Flask, is the Flask server it deploys. A directory of modules
-- without __init__.py right inside a package is part of it (moto's
-- moto/moto_server/werkzeug_app.py, the Flask server of its server extra).
-- Not the package a distribution is named for (a top-level package,
-- first_party_roots, named as the distribution) when it needs the
-- framework when imported, whatever the extras say (needed): its
-- __init__.py imports the framework, or a module beside it that imports
-- the framework, neither softly (imports_soft): langserve's __init__.py
-- imports its api_handler.py, which imports fastapi at the top, though
-- fastapi is in its server extra. Other packages stay optional: importing
-- the library does not import them (black's blackd/, the aiohttp server
-- of its d extra; strawberry/channels/; an instrumentation's
-- opentelemetry/instrumentation/aiohttp_server/ in a namespace).
CREATE OR REPLACE VIEW optional_framework_dirs AS
WITH dirs AS (
    SELECT run_id, repo, dir FROM package_dirs
    UNION
    SELECT f.run_id, f.repo, path_dir(f.path)
    FROM files f
    JOIN package_dirs p ON p.run_id = f.run_id AND p.repo = f.repo AND p.dir = path_dir(path_dir(f.path))
    WHERE f.kind = 'python' AND path_dir(f.path) <> ''
),
-- the modules that each __init__.py imports, not softly, by file name:
-- from .handler import X, from . import handler, from pkg.handler import X
-- (the module's package its own directory, or a tail of it: src/pkg/)
init_imports AS (
    SELECT run_id, repo, path_dir(path) AS dir,
        CASE
            WHEN level = 1 THEN split_part(CASE WHEN module = '' THEN name ELSE module END, '.', 1)
            ELSE split_part(module, '.', -1)
        END || '.py' AS module_file
    FROM imports_soft
    WHERE path_base(path) = '__init__.py' AND NOT soft
      AND (level = 1 OR level = 0 AND contains(module, '.')
        AND ends_with('/' || path_dir(path), '/' || replace(regexp_replace(module, '\.[^.]*$', ''), '.', '/')))
),
needed AS (
    SELECT DISTINCT h.run_id, h.repo, h.pattern AS framework, path_dir(h.path) AS dir
    FROM pattern_hits h
    WHERE h.category = 'framework' AND NOT h.optional
      AND EXISTS (
        SELECT 1 FROM first_party_roots r
        WHERE r.run_id = h.run_id AND r.repo = h.repo AND r.root = path_base(path_dir(h.path)) AND r.name = r.root)
      AND EXISTS (
        SELECT 1 FROM projects p
        WHERE p.run_id = h.run_id AND p.repo = h.repo AND p.counted
          AND regexp_replace(lower(p.name), '[-.]+', '_', 'g') = path_base(path_dir(h.path)))
      AND (path_base(h.path) = '__init__.py' OR EXISTS (
        SELECT 1 FROM init_imports i
        WHERE i.run_id = h.run_id AND i.repo = h.repo AND i.dir = path_dir(h.path) AND i.module_file = path_base(h.path)))
),
-- the frameworks optional to the repository: declared only as extras, or
-- any of those of a library of integrations, a distribution at the root
-- whose code uses three web frameworks or more (FastAPI and Starlette
-- counting as one), none of which a manifest
-- requires (bolt-python's adapters for Django, Falcon, Flask, Sanic, ...,
-- and its async app on aiohttp, which its users install when they use it)
optional AS (
    SELECT run_id, repo, framework FROM declared_frameworks WHERE extra AND NOT required
    UNION
    SELECT h.run_id, h.repo, unnest(list(DISTINCT h.pattern))
    FROM pattern_hits h
    LEFT JOIN built_on b ON b.base = h.pattern
    WHERE h.category = 'framework'
      AND EXISTS (
        SELECT 1 FROM projects p
        WHERE p.run_id = h.run_id AND p.repo = h.repo AND p.root = '' AND p.counted
          AND declares_distribution(p.name, p.build_backend, p.manifests))
      AND NOT EXISTS (
        SELECT 1 FROM declared_frameworks d WHERE d.run_id = h.run_id AND d.repo = h.repo AND d.required)
    GROUP BY h.run_id, h.repo
    -- FastAPI and the Starlette it is built on count once (built_on)
    HAVING count(DISTINCT coalesce(b.framework, h.pattern)) >= 3
)
SELECT d.run_id, d.repo, d.framework, p.dir
FROM optional d
JOIN dirs p ON p.run_id = d.run_id AND p.repo = d.repo
WHERE NOT EXISTS (
    SELECT 1 FROM needed n WHERE n.run_id = d.run_id AND n.repo = d.repo AND n.framework = d.framework AND n.dir = p.dir)
