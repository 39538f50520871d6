-- declared_frameworks: the web frameworks a repository's counted manifests
-- declare (a framework is named by its distribution as by its pattern:
-- django, fastapi, flask, ...; Plone's are plone and Products.CMFPlone),
-- and how:
--   required  a main dependency of some manifest, or in a requirements
--             file, Pipfile or conda environment (whose groups name
--             deployments: requirements/base.txt, prod.txt);
--   extra     in an extra or a dependency group that is not one of
--             development (dev, test, docs, lint, typing, ...): an option
--             of the distribution (strawberry's cli = ["starlette"]). A
--             framework in development groups only is what a library
--             expects its users to have: slowapi, a Starlette extension,
--             tests against the starlette of its dev dependencies.
CREATE OR REPLACE VIEW declared_frameworks AS
SELECT d.run_id, d.repo, f.framework,
    bool_or(d."group" = 'main' OR d.manager IN ('pip', 'pipenv', 'conda')) AS required,
    bool_or(d."group" NOT IN ('dev', 'test', 'tests', 'testing', 'docs', 'doc', 'lint', 'linting', 'typing',
        'mypy', 'build', 'style', 'format', 'ci', 'coverage', 'bench', 'benchmark', 'benchmarks')) AS extra
FROM dependencies d
JOIN (SELECT DISTINCT pattern AS framework FROM patterns WHERE category = 'framework') f
    ON f.framework = d.name OR f.framework = 'plone' AND d.name = 'products-cmfplone'
WHERE d.counted AND d.error = ''
GROUP BY ALL
