-- repo_frameworks: each web framework a repository uses (catalog category
-- framework), with how much of its code depends on it:
--   files        code files where a signal of the framework matched (as
--                repo_patterns.files);
--   core_files   those of them that need it when imported: the signal
--                matched other than through optional imports only
--                (pattern_hits.optional: guarded by except ImportError or
--                contextlib.suppress, inside a function, or under
--                if TYPE_CHECKING), and the file is neither an optional
--                integration (catalog category integration: integrations/,
--                contrib/, ext/, extensions/) nor a migration
--                (migrations/: generated, and they inflate Django's count),
--                and it is not a module of a package using a framework the
--                distributions declare only as optional
--                (optional_framework_dirs), nor, for a framework that
--                is only an extra of a distribution (declared_frameworks.
--                distribution_extra), a module outside the packages: a
--                script beside the library (pyinstrument's
--                metrics/overhead.py renders Django templates to time the
--                profiler; Django is in its examples extra). A module
--                outside the packages that builds the framework's
--                application still makes it the repository's framework
--                (app_files: presidio's presidio-analyzer/app.py, the
--                Flask server its server extra is for);
--   app_files    files building its application object (app_objects), 0
--                when none; app_object says the first (shortest path):
--                'FastAPI() in app/main.py';
--   serves       set when the framework's application object is built in
--                a file that mounts another framework's application: the
--                file matches an app_mount signal of the framework
--                (app.mount(...), WSGIMiddleware(...), ...) and builds the
--                other framework's application object, or imports the other
--                framework, which builds one somewhere in the repository, or
--                imports the application from a module of its own package
--                (from .admin import flask_app, built in admin/__init__.py).
--                It says where: 'asgi.py mounts django'.
-- A framework the repository uses only optionally or lazily has
-- core_files = 0 and no application object.
-- materialize
CREATE OR REPLACE VIEW repo_frameworks AS
WITH
fw AS (
    SELECT h.run_id, h.repo, h.pattern AS framework,
        count(DISTINCT h.path) AS files,
        count(DISTINCT h.path) FILTER (
            WHERE NOT h.optional AND i.path IS NULL AND o.dir IS NULL
                AND NOT (x.framework IS NOT NULL AND p.dir IS NULL)
                AND NOT regexp_matches(h.path, '(^|/)migrations/')) AS core_files
    FROM pattern_hits h
    LEFT JOIN integration_files i ON i.run_id = h.run_id AND i.repo = h.repo AND i.path = h.path
    LEFT JOIN optional_framework_dirs o ON o.run_id = h.run_id AND o.repo = h.repo AND o.framework = h.pattern
        AND o.dir = path_dir(h.path)
    -- the framework the distributions declare only as an option of theirs,
    -- and the package the file lies in
    LEFT JOIN declared_frameworks x ON x.run_id = h.run_id AND x.repo = h.repo AND x.framework = h.pattern
        AND x.distribution_extra AND NOT x.required
    LEFT JOIN package_dirs p ON p.run_id = h.run_id AND p.repo = h.repo AND p.dir = path_dir(h.path)
    WHERE h.category = 'framework'
    GROUP BY ALL
),
apps AS (
    SELECT run_id, repo, framework, count(DISTINCT path) AS app_files,
        -- one file building two (Configurator() and a Configurator subclass):
        -- the first builder by name, so the choice is deterministic
        arg_min(builder || ' in ' || path, shortest_first(path) || chr(10) || builder) AS app_object
    FROM app_objects
    GROUP BY ALL
),
-- frameworks present in each file: imported there or application built there
in_file AS (
    SELECT run_id, repo, path, pattern AS framework FROM pattern_hits WHERE category = 'framework'
    UNION
    SELECT run_id, repo, path, framework FROM app_objects
),
-- the files that may serve another application: they build one of a
-- framework and match an app_mount signal of it
mounting AS (
    SELECT DISTINCT a.run_id, a.repo, a.path, a.framework
    FROM app_objects a
    JOIN pattern_hits m ON m.run_id = a.run_id AND m.repo = a.repo AND m.path = a.path
        AND m.category = 'app_mount' AND m.pattern = a.framework
),
-- the application objects such a file imports from its own package: by a
-- relative import (from .admin import flask_app: admin.py or
-- admin/__init__.py beside it builds a Flask application), or by an
-- absolute import of one of the repository's own modules (from
-- application.app import app as flask_app: application/app.py, under the
-- root of the tree or of a project in it, builds it). First the files its
-- imports name, mod.py or mod/__init__.py: beside the importing file for a
-- relative import (the whole path must be it), anywhere for an absolute
-- one (a tail of the path).
imported_files AS (
    SELECT i.run_id, i.repo, i.path, i.level = 1 AS relative,
        unnest([module_path || '.py', module_path || '/__init__.py']) AS target
    FROM (
        SELECT i.run_id, i.repo, i.path, i.level,
            CASE WHEN i.level = 1
                THEN ltrim(path_dir(i.path) || '/' || replace(CASE WHEN i.module = '' THEN i.name ELSE i.module END, '.', '/'), '/')
                ELSE replace(i.module, '.', '/')
            END AS module_path
        FROM imports i
        JOIN (SELECT DISTINCT run_id, repo, path FROM mounting) f ON f.run_id = i.run_id AND f.repo = i.repo AND f.path = i.path
        WHERE i.level = 1
           OR i.level = 0 AND i.module <> '' AND EXISTS (
            SELECT 1 FROM first_party_roots r
            WHERE r.run_id = i.run_id AND r.repo = i.repo AND r.root = split_part(i.module, '.', 1))
    ) i
),
-- every tail of an application file's path at a '/' (app/admin.py, then
-- admin.py), so that a file is found by equality, not by a suffix match
-- tried against every file
app_tails AS (
    SELECT run_id, repo, path, framework, k = 1 AS whole, array_to_string(parts[k:], '/') AS tail
    FROM (
        SELECT run_id, repo, path, framework, parts, unnest(generate_series(1, len(parts))) AS k
        FROM (SELECT DISTINCT run_id, repo, path, framework, string_split(path, '/') AS parts FROM app_objects)
    )
),
imported_apps AS (
    SELECT DISTINCT i.run_id, i.repo, i.path, a.framework
    FROM imported_files i
    JOIN app_tails a ON a.run_id = i.run_id AND a.repo = i.repo AND a.tail = i.target
    WHERE a.whole OR NOT i.relative
),
serving AS (
    SELECT a.run_id, a.repo, a.framework,
        arg_min(a.path || ' mounts ' || o.framework, shortest_first(a.path) || o.framework) AS serves
    FROM mounting a
    JOIN (SELECT * FROM in_file UNION SELECT * FROM imported_apps) o
        ON o.run_id = a.run_id AND o.repo = a.repo AND o.path = a.path AND o.framework <> a.framework
    JOIN apps oa ON oa.run_id = a.run_id AND oa.repo = a.repo AND oa.framework = o.framework
    GROUP BY ALL
)
SELECT f.run_id, f.repo, f.framework, f.files, f.core_files,
    coalesce(a.app_files, 0) AS app_files, a.app_object, s.serves
FROM fw f
LEFT JOIN apps a ON a.run_id = f.run_id AND a.repo = f.repo AND a.framework = f.framework
LEFT JOIN serving s ON s.run_id = f.run_id AND s.repo = f.repo AND s.framework = f.framework
