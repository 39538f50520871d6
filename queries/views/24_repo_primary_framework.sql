-- repo_primary_framework: each repository's primary web framework and the
-- evidence that decided it (repo_frameworks has the figures). Ranked:
--  1. a framework whose application object the repository builds
--     (app_objects: FastAPI(), Flask(), a Flask subclass, Django's
--     get_wsgi_application(), ...) before one whose it does not;
--  2. among several, the one served: its application object's file mounts
--     another framework's application (FastAPI mounting Django);
--  3. then one that a manifest requires (declared_frameworks.required)
--     before one it does not: fastapi-cache requires FastAPI and imports
--     Starlette's classes, which come with it, in more files;
--  4. then the framework most code files need when imported (core_files:
--     not only through optional, lazy or TYPE_CHECKING imports, not in
--     optional integrations or migrations);
--  5. then the alphabetically first.
-- drf is never primary (it is Django's). A framework the repository uses
-- only optionally, lazily or in its integrations is no primary framework:
-- such a repository (a library with optional integrations) has no row.
-- materialize
CREATE OR REPLACE VIEW repo_primary_framework AS
SELECT run_id, repo,
    arg_min(framework, rank) AS framework,
    arg_min(CASE
        WHEN serves IS NOT NULL THEN 'serves: ' || app_object || ' (' || serves || ')'
        WHEN app_object IS NOT NULL THEN 'application object: ' || app_object
        ELSE 'needed by ' || core_files || CASE WHEN core_files = 1 THEN ' code file' ELSE ' code files' END
    END, rank) AS evidence
FROM (
    SELECT f.*,
        (CASE WHEN f.app_files > 0 THEN '0' ELSE '1' END) || (CASE WHEN f.serves IS NOT NULL THEN '0' ELSE '1' END)
        || (CASE WHEN d.required THEN '0' ELSE '1' END)
        || lpad(CAST(1000000000 - f.core_files AS VARCHAR), 10, '0') || f.framework AS rank
    FROM repo_frameworks f
    LEFT JOIN declared_frameworks d ON d.run_id = f.run_id AND d.repo = f.repo AND d.framework = f.framework
    WHERE f.framework <> 'drf' AND (f.core_files > 0 OR f.app_files > 0)
)
GROUP BY ALL
