-- optional_framework_dirs: per repository, the web frameworks its
-- distributions declare only as optional, each with the package
-- directories (holding __init__.py) whose code then uses it optionally.
-- Optional: in an extra or a dependency group of a distribution's manifest
-- (pyproject.toml, setup.py, setup.cfg: strawberry's
-- [project.optional-dependencies] cli = ["starlette", "uvicorn"]), never
-- among the main dependencies of a counted manifest nor in a requirements
-- file, Pipfile or conda environment (whose groups name deployments:
-- requirements/base.txt, prod.txt). A framework is named by its
-- distribution as by its pattern (django, fastapi, flask, ...; Plone's are
-- plone and Products.CMFPlone). A framework in development groups only
-- (dev, test, docs, lint, typing, ...) is no option but what the library
-- expects its users to have: slowapi, a Starlette extension, tests
-- against the starlette of its dev dependencies.
-- Code in the library's packages using such a framework is an optional
-- feature: repo_frameworks counts none of its files as core and
-- app_objects none of its applications (strawberry/cli/dev_server.py's
-- Starlette()). A module outside the packages still counts: presidio's
-- presidio-analyzer/app.py, beside the distribution whose server extra
-- holds Flask, is the Flask server it deploys.
CREATE OR REPLACE VIEW optional_framework_dirs AS
WITH
frameworks AS (
    SELECT DISTINCT pattern AS framework FROM patterns WHERE category = 'framework'
),
declared AS (
    SELECT d.run_id, d.repo, f.framework,
        bool_or(d."group" = 'main' OR d.manager IN ('pip', 'pipenv', 'conda')) AS required,
        bool_or(d."group" NOT IN ('dev', 'test', 'tests', 'testing', 'docs', 'doc', 'lint', 'linting', 'typing',
            'mypy', 'build', 'style', 'format', 'ci', 'coverage', 'bench', 'benchmark', 'benchmarks')) AS extra
    FROM dependencies d
    JOIN frameworks f ON f.framework = d.name
        OR f.framework = 'plone' AND d.name = 'products-cmfplone'
    WHERE d.counted AND d.error = ''
    GROUP BY ALL
)
SELECT d.run_id, d.repo, d.framework, path_dir(p.path) AS dir
FROM declared d
JOIN files p ON p.run_id = d.run_id AND p.repo = d.repo AND path_base(p.path) = '__init__.py'
WHERE d.extra AND NOT d.required
