-- repo_primary_framework: each repository's primary web framework and the
-- evidence that decided it (repo_frameworks has the figures). Ranked:
--  1. a framework whose application object the repository builds
--     (app_objects: FastAPI(), Flask(), a Flask subclass, Django's
--     get_wsgi_application(), ...) before one whose it does not;
--  2. among several, the one served: its application object's file mounts
--     another framework's application (FastAPI mounting Django);
--  3. then one that a manifest requires (declared_frameworks.required)
--     before one it does not: fastapi-cache requires FastAPI and imports
--     Starlette's classes, which come with it, in more files. A framework
--     built on another (FastAPI on Starlette) that a manifest requires is
--     needed by the code files needing its base, and its base counts as
--     not required there, whatever the manifests say of it, unless the
--     repository builds the base's application (then it is a framework
--     of its own there): fastapi-sqlalchemy requires fastapi and
--     starlette and imports only Starlette's BaseHTTPMiddleware, a
--     FastAPI extension. A base whose endpoints the repository defines
--     (catalog category endpoint: Starlette's HTTPEndpoint classes) is a
--     framework of its own there too, and comes required with the
--     framework built on it: piccolo_api requires FastAPI, adds routes to
--     FastAPI apps in its fastapi/ package, and defines Starlette
--     endpoints in twenty files, a Starlette library;
--  4. then the framework most code files need when imported (core_files:
--     not only through optional, lazy or TYPE_CHECKING imports, not in
--     optional integrations or migrations);
--  5. then the alphabetically first.
-- drf is never primary (it is Django's). A framework the repository uses
-- only optionally, lazily or in its integrations is no primary framework:
-- such a repository (a library with optional integrations) has no row.
-- materialize
CREATE OR REPLACE VIEW repo_primary_framework AS
WITH
-- the base frameworks whose endpoints the repository defines
base_endpoints AS (
    SELECT DISTINCT h.run_id, h.repo, b.framework, b.base
    FROM pattern_hits h
    JOIN built_on b ON b.base = split_part(h.signal_value, '.', 1)
    WHERE h.category = 'endpoint'
),
-- the code files needing a base framework, counted for the framework built
-- on it when a manifest requires that one and the repository builds no
-- application of the base, nor endpoints of it
through_base AS (
    SELECT f.run_id, f.repo, b.framework, b.base, f.core_files
    FROM repo_frameworks f
    JOIN built_on b ON b.base = f.framework
    JOIN declared_frameworks d ON d.run_id = f.run_id AND d.repo = f.repo AND d.framework = b.framework
    WHERE d.required AND f.core_files > 0 AND f.app_files = 0
      AND NOT EXISTS (SELECT 1 FROM base_endpoints e WHERE e.run_id = f.run_id AND e.repo = f.repo AND e.base = b.base)
),
candidates AS (
    SELECT f.run_id, f.repo, f.framework, f.core_files, f.app_files, f.app_object, f.serves,
        d.required AND NOT EXISTS (
            SELECT 1 FROM through_base t WHERE t.run_id = f.run_id AND t.repo = f.repo AND t.base = f.framework)
        OR EXISTS (
            SELECT 1 FROM base_endpoints e
            JOIN declared_frameworks r ON r.run_id = e.run_id AND r.repo = e.repo AND r.framework = e.framework
            WHERE e.run_id = f.run_id AND e.repo = f.repo AND e.base = f.framework AND r.required) AS required,
        NULL AS base
    FROM repo_frameworks f
    LEFT JOIN declared_frameworks d ON d.run_id = f.run_id AND d.repo = f.repo AND d.framework = f.framework
    UNION ALL BY NAME
    SELECT run_id, repo, framework, core_files, 0 AS app_files, NULL AS app_object, NULL AS serves, true AS required, base
    FROM through_base
)
SELECT run_id, repo,
    arg_min(framework, rank) AS framework,
    arg_min(CASE
        WHEN serves IS NOT NULL THEN 'serves: ' || app_object || ' (' || serves || ')'
        WHEN app_object IS NOT NULL THEN 'application object: ' || app_object
        ELSE 'needed by ' || core_files || CASE WHEN core_files = 1 THEN ' code file' ELSE ' code files' END
            || coalesce(' (' || base || ', which ' || framework || ' is built on)', '')
    END, rank) AS evidence
FROM (
    SELECT *,
        (CASE WHEN app_files > 0 THEN '0' ELSE '1' END) || (CASE WHEN serves IS NOT NULL THEN '0' ELSE '1' END)
        || (CASE WHEN required THEN '0' ELSE '1' END)
        || lpad(CAST(1000000000 - core_files AS VARCHAR), 10, '0') || framework AS rank
    FROM candidates
    WHERE framework <> 'drf' AND (core_files > 0 OR app_files > 0)
)
GROUP BY ALL
