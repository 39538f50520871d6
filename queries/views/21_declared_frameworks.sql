-- declared_frameworks: the web frameworks a repository's counted manifests
-- declare (a framework is named by its distribution as by its pattern:
-- django, fastapi, flask, ...; Plone's are plone and Products.CMFPlone),
-- and how:
--   required  a main dependency of some manifest, or in a requirements
--             file, Pipfile or conda environment (whose groups name
--             deployments: requirements/base.txt, prod.txt);
--   extra     in an extra or a dependency group: an option of the
--             distribution (strawberry's cli = ["starlette"]).
-- Neither counts development groups (dev, test, docs, lint, typing, ...),
-- of a manifest or of a requirements file (docs-requirements.txt): a
-- framework only there is what a library expects its users to have
-- (slowapi, a Starlette extension, tests against the starlette of its dev
-- dependencies) or what it builds its docs and tests its optional
-- integrations with (opentelemetry-python-contrib's docs-requirements.txt
-- and instrumentation/*/test-requirements.txt name the Django that its
-- django distribution's instruments extra declares).
CREATE OR REPLACE VIEW declared_frameworks AS
SELECT run_id, repo, framework,
    bool_or(NOT development AND ("group" = 'main' OR manager IN ('pip', 'pipenv', 'conda'))) AS required,
    bool_or(NOT development AND "group" <> 'main') AS extra
FROM (
    SELECT d.run_id, d.repo, f.framework, d."group", d.manager,
        d."group" IN ('dev', 'test', 'tests', 'testing', 'docs', 'doc', 'lint', 'linting', 'typing', 'mypy',
            'build', 'style', 'format', 'ci', 'coverage', 'bench', 'benchmark', 'benchmarks') AS development
    FROM dependencies d
    JOIN (SELECT DISTINCT pattern AS framework FROM patterns WHERE category = 'framework') f
        ON f.framework = d.name OR f.framework = 'plone' AND d.name = 'products-cmfplone'
    WHERE d.counted AND d.error = ''
)
GROUP BY ALL
