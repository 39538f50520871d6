-- Share of repositories using each web framework.
--
-- A repository uses a web framework when one of its code files (non-test .py
-- files outside tests, examples, docs, vendored and hidden directories)
-- imports the framework's root module, as listed by the catalog's
-- 'framework' rows (patterns.csv): django, fastapi, flask, starlette,
-- aiohttp and tornado (their web servers), sanic, litestar, pyramid, falcon,
-- quart, plone, cherrypy, nameko, pando; rest_framework counts as 'drf'. Imports of the repository's own top-level packages don't
-- count, so the flask repository itself does not use flask.
-- repos: repositories using the framework; share: repos / repositories
-- surveyed (repos.status = 'ok'). Frameworks no repository uses are left out.
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
total AS (
    SELECT count(DISTINCT repo) AS n FROM surveyed
)
SELECT
    p.pattern AS framework,
    count(DISTINCT p.repo) AS repos,
    count(DISTINCT p.repo) / any_value(total.n) AS share
FROM repo_patterns p
JOIN surveyed s ON s.run_id = p.run_id AND s.repo = p.repo
CROSS JOIN total
WHERE p.category = 'framework'
GROUP BY p.pattern
ORDER BY share DESC, framework
