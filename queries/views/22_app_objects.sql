-- app_objects: the application objects of web frameworks that code files
-- build, one row per framework, file and builder:
--   * a call matching an app_entry signal of the catalog: FastAPI(),
--     Flask(), Django's get_wsgi_application(), web.Application(), ...
--     (builder 'FastAPI()'); or a decorator matching one: a Nameko
--     service's entrypoint, @rpc (builder '@rpc'), as Nameko builds no
--     application object but hosts the classes holding entrypoints;
--   * a call of an in-repo subclass of such a class: with
--     class Portal(Flask) in portal/app.py, a call Portal(__name__)
--     (builder 'Portal() (a Flask subclass, portal/app.py)'). The call is
--     matched by the class name, however the file names it (Portal,
--     app.Portal, portal.app.Portal, or an alias it imports it as). A
--     subclass of such a subclass counts too, to any depth, when its base
--     is the repository's own class (class StaticFlask(Flask) in
--     lib/static.py, class Portal(StaticFlask) in web/app.py: Portal() is
--     'Portal() (a Flask subclass, web/app.py)').
-- A library's sub-application is none of the repository's applications: a
-- builder call standing in a class whose __init__ receives an application
-- (sqladmin's Admin(app: Starlette) builds the Starlette() it mounts on the
-- app it is given) does not count; a file's builder counts when one of its
-- calls stands elsewhere (a create_app() beside such a class).
-- Only frameworks the repository uses (framework patterns) count; files
-- of optional integrations (catalog category integration: integrations/,
-- contrib/, ext/, extensions/) do not: a library's integration that builds
-- an application is not an application of the repository; nor do those of
-- a framework its distributions declare only as optional, built in their
-- packages (optional_framework_dirs: strawberry's development server, a
-- Starlette() behind its cli extra). Nor do those of scripts (a file
-- under a bin/ or scripts/ directory): Flask-AppBuilder's
-- bin/migrate_db_1.3.py builds a Flask() for an application context in
-- which to migrate a database, no application the repository serves.
-- Nor do those of test tooling: a code file importing pytest at its top
-- (not inside a function, not optionally) is a library's pytest plugin or
-- fixtures, and what it builds is an application for its users' tests
-- (fastapi-restly's _pytest_fixtures.py returns a bare FastAPI() from a
-- fixture they override); an app module whose test command imports
-- pytest when it runs still counts.
-- materialize
CREATE OR REPLACE VIEW app_objects AS
WITH
uses AS (
    SELECT DISTINCT run_id, repo, pattern FROM repo_patterns WHERE category = 'framework'
),
builders AS (
    SELECT DISTINCT pattern, signal_value, split_part(signal_value, '.', -1) AS last
    FROM patterns WHERE category = 'app_entry' AND signal_kind = 'call'
),
-- classes whose __init__ receives an application (app: Starlette)
receivers AS (
    SELECT DISTINCT s.run_id, s.repo, s.path, s.owner
    FROM code_symbols s
    JOIN builders b ON s.kind = 'init_param' AND split_part(s.resolved, '.', -1) = b.last
        AND name_matches(s.resolved, b.signal_value)
),
-- the builders of a file whose every call stands in such a class (only
-- the files defining one can have them)
sub_apps AS (
    SELECT c.run_id, c.repo, c.path, b.pattern, b.signal_value
    FROM (SELECT DISTINCT run_id, repo, path FROM receivers) f
    JOIN code_symbols c ON c.run_id = f.run_id AND c.repo = f.repo AND c.path = f.path AND c.kind = 'call'
    JOIN builders b ON split_part(c.resolved, '.', -1) = b.last AND name_matches(c.resolved, b.signal_value)
    LEFT JOIN receivers r ON r.run_id = c.run_id AND r.repo = c.repo AND r.path = c.path
        AND r.owner = c.owner
    GROUP BY ALL
    HAVING bool_and(r.owner IS NOT NULL)
),
-- files of test tooling
test_tooling AS (
    SELECT DISTINCT run_id, repo, path
    FROM imports_soft
    WHERE level = 0 AND split_part(module, '.', 1) = 'pytest' AND NOT soft
),
direct AS (
    SELECT h.run_id, h.repo, h.pattern AS framework, h.path,
        CASE WHEN h.signal_kind = 'decorator' THEN '@' || split_part(h.signal_value, '.', -1)
            ELSE split_part(h.signal_value, '.', -1) || '()' END AS builder
    FROM pattern_hits h
    WHERE h.category = 'app_entry'
      AND NOT EXISTS (
        SELECT 1 FROM sub_apps u
        WHERE u.run_id = h.run_id AND u.repo = h.repo AND u.path = h.path
          AND u.pattern = h.pattern AND u.signal_value = h.signal_value)
),
-- classes deriving from an application class (not the repository's own)
direct_subclasses AS (
    SELECT DISTINCT s.run_id, s.repo, b.pattern AS framework, b.last AS base,
        split_part(s.owner, '.', -1) AS class, s.path AS class_path
    FROM code_symbols s
    JOIN builders b ON s.kind = 'base' AND split_part(s.resolved, '.', -1) = b.last
        AND name_matches(s.resolved, b.signal_value)
    WHERE NOT is_first_party(s.run_id, s.repo, b.signal_value)
),
-- the bases naming one of the repository's own classes: defined in the
-- same file (a bare name) or imported from its own modules
own_bases AS (
    SELECT s.run_id, s.repo, s.path, split_part(s.owner, '.', -1) AS class, split_part(s.resolved, '.', -1) AS base
    FROM code_symbols s
    WHERE s.kind = 'base' AND (NOT contains(s.resolved, '.') OR is_first_party(s.run_id, s.repo, s.resolved))
),
-- the names of the subclasses of those, down the chain to any depth: the
-- recursion carries names only, each once per framework, so that many
-- classes of one name (a hostile tree of 10,000 class App(App)) cost what
-- their rows cost, not their square, and a cycle ends
subclass_names AS (
    SELECT DISTINCT run_id, repo, framework, base, class
    FROM (
        WITH RECURSIVE chain(run_id, repo, framework, base, class) AS (
            SELECT run_id, repo, framework, base, class FROM direct_subclasses
            UNION
            SELECT o.run_id, o.repo, k.framework, k.base, o.class
            FROM chain k
            JOIN own_bases o ON o.run_id = k.run_id AND o.repo = k.repo AND o.base = k.class
        )
        SELECT * FROM chain
    )
),
-- each with the file defining it
subclasses AS (
    SELECT run_id, repo, framework, base, class, class_path FROM direct_subclasses
    UNION
    SELECT DISTINCT o.run_id, o.repo, k.framework, k.base, o.class, o.path
    FROM own_bases o
    JOIN subclass_names k ON k.run_id = o.run_id AND k.repo = o.repo AND k.class = o.base
),
-- one row per framework and class name, with the first file defining it,
-- so that a call is matched once however many classes share its name
subclass_defs AS (
    SELECT run_id, repo, framework, class,
        arg_min(base, class_path || chr(10) || base) AS base,
        arg_min(class_path, class_path || chr(10) || base) AS class_path
    FROM subclasses
    GROUP BY ALL
),
-- calls of such a class in code files, by its name (Portal(),
-- app.Portal()), or by an alias a file imports it as (from portal.app import
-- Portal as P; P(): the call resolves to the class)
subclass_calls AS (
    SELECT run_id, repo, framework, path,
        arg_min(class || '() (a ' || base || ' subclass, ' || class_path || ')', class_path || chr(10) || class || chr(10) || base) AS builder
    FROM (
        SELECT c.run_id, c.repo, c.path, k.framework, k.class, k.base, k.class_path
        FROM code_symbols c
        JOIN subclass_defs k ON k.run_id = c.run_id AND k.repo = c.repo
            AND c.kind = 'call' AND split_part(c.name, '.', -1) = k.class
        UNION ALL
        SELECT c.run_id, c.repo, c.path, k.framework, k.class, k.base, k.class_path
        FROM code_symbols c
        JOIN subclass_defs k ON k.run_id = c.run_id AND k.repo = c.repo
            AND c.kind = 'call' AND NOT contains(c.name, '.') AND split_part(c.resolved, '.', -1) = k.class
    ) c
    GROUP BY ALL
)
SELECT a.run_id, a.repo, a.framework, a.path, a.builder
FROM (SELECT * FROM direct UNION SELECT * FROM subclass_calls) a
JOIN uses u ON u.run_id = a.run_id AND u.repo = a.repo AND u.pattern = a.framework
WHERE NOT regexp_matches(a.path, '(^|/)(bin|scripts)/')
  AND NOT EXISTS (
    SELECT 1 FROM integration_files i WHERE i.run_id = a.run_id AND i.repo = a.repo AND i.path = a.path)
  AND NOT EXISTS (
    SELECT 1 FROM test_tooling t WHERE t.run_id = a.run_id AND t.repo = a.repo AND t.path = a.path)
  AND NOT EXISTS (
    SELECT 1 FROM optional_framework_dirs o
    WHERE o.run_id = a.run_id AND o.repo = a.repo AND o.framework = a.framework AND o.dir = path_dir(a.path))
