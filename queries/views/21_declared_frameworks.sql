-- declared_frameworks: the web frameworks a repository's counted manifests
-- declare (a framework is named by its distribution as by its pattern:
-- django, fastapi, flask, ...; Plone's are plone and Products.CMFPlone),
-- and how:
--   required  a main dependency of some manifest, or in a requirements
--             file, Pipfile or conda environment (whose groups name
--             deployments: requirements/base.txt, prod.txt);
--   extra     in an extra or a dependency group: an option of the
--             distribution (strawberry's cli = ["starlette"]);
--   distribution_extra
--             in an extra or group of a manifest that builds a
--             distribution (a build backend, a setup.py or setup.cfg):
--             pyinstrument's examples = ["django"], an option its users
--             install; not a dependency group of a project that is no
--             distribution (pyro-api's uv [dependency-groups] server, its
--             deployment).
-- None counts development groups (dev, test, docs, lint, typing, ...,
-- alone or beside another word: adapter_dev, test_async),
-- of a manifest or of a requirements file (docs-requirements.txt): a
-- framework only there is what a library expects its users to have
-- (slowapi, a Starlette extension, tests against the starlette of its dev
-- dependencies) or what it builds its docs and tests its optional
-- integrations with (opentelemetry-python-contrib's docs-requirements.txt
-- and instrumentation/*/test-requirements.txt name the Django that its
-- django distribution's instruments extra declares).
-- A framework built on another (built_on: FastAPI on Starlette) brings it: when a
-- repository declares the framework only as optional, its base is
-- optional there too, unless declared otherwise itself (pyctuator's
-- fastapi extra: its impl/fastapi_pyctuator.py imports Starlette's
-- Request beside FastAPI's APIRouter, both an optional integration).
CREATE OR REPLACE VIEW declared_frameworks AS
WITH direct AS (
SELECT run_id, repo, framework,
    bool_or(NOT development AND ("group" = 'main' OR manager IN ('pip', 'pipenv', 'conda'))) AS required,
    bool_or(NOT development AND "group" <> 'main') AS extra,
    bool_or(NOT development AND "group" <> 'main' AND distribution) AS distribution_extra
FROM (
    SELECT d.run_id, d.repo, f.framework, d."group", d.manager,
        d."group" IN ('dev', 'test', 'tests', 'testing', 'docs', 'doc', 'lint', 'linting', 'typing', 'mypy',
            'build', 'style', 'format', 'ci', 'coverage', 'bench', 'benchmark', 'benchmarks')
            -- or named with one of the first words beside another
            -- (bolt-python's requirements/adapter_dev.txt, async_dev.txt)
            OR regexp_matches(d."group", '(^|[_-])(dev|test|tests|testing|docs|doc|lint|typing)([_-]|$)') AS development,
        EXISTS (
            SELECT 1 FROM projects p
            WHERE p.run_id = d.run_id AND p.repo = d.repo AND p.root = path_dir(d.path) AND p.counted
              AND (p.build_backend <> '' OR list_has_any(string_split(p.manifests, ','), ['setup.py', 'setup.cfg']))
        ) AS distribution
    FROM dependencies d
    JOIN (SELECT DISTINCT pattern AS framework FROM patterns WHERE category = 'framework') f
        ON f.framework = d.name OR f.framework = 'plone' AND d.name = 'products-cmfplone'
    WHERE d.counted AND d.error = ''
)
GROUP BY ALL
)
SELECT run_id, repo, framework,
    bool_or(required) AS required, bool_or(extra) AS extra, bool_or(distribution_extra) AS distribution_extra
FROM (
    SELECT * FROM direct
    UNION ALL
    SELECT d.run_id, d.repo, b.base, false, d.extra, d.distribution_extra
    FROM direct d
    JOIN built_on b ON b.framework = d.framework
    WHERE NOT d.required
)
GROUP BY ALL
