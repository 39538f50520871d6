-- repo_architecture: one architecture per repository with the evidence that
-- decided it. The rules are tried in order; the first that matches wins:
--
--  1. ddd: some directory holds a 'domain' package and packages of at least
--     two more DDD layers: application (application, service_layer,
--     use_cases, usecases, usecase), infrastructure (infrastructure, adapters, infra),
--     interfaces (interfaces, entrypoints, presentation). Covers the seed's
--     naming and cosmicpython's. Whatever framework serves the entry points.
--  2. django_mtv: the repo uses Django (framework pattern 'django'), has a
--     manage.py and a settings module (settings.py or settings/), and at
--     least one app: a directory with models and views (models.py or
--     models/, views.py or views/). Reusable Django apps have a manage.py
--     for their tests or a settings.py of their own, rarely both.
--  3. fastapi_layered: the repo uses FastAPI, and some directory holds
--     packages of at least two layers: api (api, routes, routers, endpoints,
--     controllers, handlers, views), core (core, config, settings), models
--     (models, schemas, entities, domain, dto), services (services, service,
--     use_cases, usecases, usecase), data (repositories, repository, crud, db,
--     database, dal, persistence); and an entry module (main.py, app.py,
--     server.py or asgi.py) in that directory or its parent.
--  4. flask_app: the repo uses Flask and a code file builds the application
--     object (Flask(), app_entry pattern 'flask').
--  5. library: a counted project declares a distribution (a name, a build
--     backend, setup.py or setup.cfg), the code has at least one package
--     (__init__.py), and no code file builds the application object of a
--     web framework the repo uses (app_entry patterns: FastAPI(), Flask(),
--     Django's get_wsgi_application(), ...; a framework's own repository
--     building its own applications in docs_src/ does not count, as it does
--     not use itself).
--  6. other: anything else (flat or unusual applications, scripts,
--     repositories without Python code).
--
-- Only code files count (code_files: not tests, examples, docs, vendored or
-- hidden directories), so the application may sit anywhere in the tree
-- (backend/app/, src/<pkg>/, services/<name>/...); in a monorepo the first
-- rule matched by any part of the tree decides, and the evidence names the
-- directory (the shallowest when several match).
CREATE OR REPLACE VIEW repo_architecture AS
WITH
tree AS (SELECT * FROM python_tree),
fw AS (
    SELECT run_id, repo, list_sort(list(pattern)) AS frameworks
    FROM repo_patterns WHERE category = 'framework'
    GROUP BY ALL
),
uses AS (
    SELECT run_id, repo, pattern FROM repo_patterns WHERE category = 'framework'
),
-- application objects built, of frameworks the repo uses (not its own)
entry AS (
    SELECT h.run_id, h.repo, h.pattern, min(h.path) AS path, count(DISTINCT h.path) AS files
    FROM pattern_hits h
    JOIN uses u ON u.run_id = h.run_id AND u.repo = h.repo AND u.pattern = h.pattern
    WHERE h.category = 'app_entry'
    GROUP BY ALL
),
-- rule 1: DDD layers
ddd_vocab(unit, layer, ord) AS (VALUES
    ('domain', 'domain', 1),
    ('application', 'application', 2), ('service_layer', 'application', 2),
    ('use_cases', 'application', 2), ('usecases', 'application', 2), ('usecase', 'application', 2),
    ('infrastructure', 'infrastructure', 3), ('adapters', 'infrastructure', 3), ('infra', 'infrastructure', 3),
    ('interfaces', 'interfaces', 4), ('entrypoints', 'interfaces', 4), ('presentation', 'interfaces', 4)
),
ddd_dirs AS (
    SELECT t.run_id, t.repo, t.dir,
        string_agg(t.unit || '/', ', ' ORDER BY v.ord, t.unit) AS layers
    FROM tree t JOIN ddd_vocab v ON v.unit = t.unit
    WHERE t.is_dir
    GROUP BY ALL
    HAVING bool_or(v.layer = 'domain') AND count(DISTINCT v.layer) FILTER (WHERE v.layer <> 'domain') >= 2
),
ddd AS (
    SELECT run_id, repo,
        arg_min(CASE WHEN dir = '' THEN '(root)' ELSE dir END || ': ' || layers, shortest_first(dir))
        || CASE WHEN count(*) > 1 THEN ' (and ' || (count(*) - 1) || ' more)' ELSE '' END AS evidence
    FROM ddd_dirs
    GROUP BY ALL
),
-- rule 2: Django MTV
django_manage AS (
    SELECT run_id, repo, arg_min(path, shortest_first(path)) AS path
    FROM code_files WHERE path_base(path) = 'manage.py'
    GROUP BY ALL
),
django_settings AS (
    SELECT run_id, repo,
        arg_min(ltrim(dir || '/' || child, '/') || CASE WHEN is_dir THEN '/' ELSE '' END, shortest_first(dir || '/' || child)) AS path
    FROM tree WHERE unit = 'settings'
    GROUP BY ALL
),
django_apps AS (
    SELECT run_id, repo, count(*) AS apps,
        string_agg(CASE WHEN dir = '' THEN '(root)' ELSE dir END, ', ' ORDER BY dir) AS names
    FROM (
        SELECT run_id, repo, dir FROM tree
        GROUP BY ALL
        HAVING bool_or(unit = 'models') AND bool_or(unit = 'views')
    )
    GROUP BY ALL
),
django AS (
    SELECT a.run_id, a.repo,
        concat_ws(', ', m.path, s.path,
            a.apps || CASE WHEN a.apps = 1 THEN ' app' ELSE ' apps' END || ' with models+views ('
            || CASE WHEN a.apps > 3 THEN array_to_string(string_split(a.names, ', ')[1:3], ', ') || ', ...' ELSE a.names END
            || ')') AS evidence
    FROM django_apps a
    JOIN uses u ON u.run_id = a.run_id AND u.repo = a.repo AND u.pattern = 'django'
    JOIN django_manage m ON m.run_id = a.run_id AND m.repo = a.repo
    JOIN django_settings s ON s.run_id = a.run_id AND s.repo = a.repo
),
-- rule 3: FastAPI layered
layer_vocab(unit, layer) AS (VALUES
    ('api', 'api'), ('routes', 'api'), ('routers', 'api'), ('endpoints', 'api'),
    ('controllers', 'api'), ('handlers', 'api'), ('views', 'api'),
    ('core', 'core'), ('config', 'core'), ('settings', 'core'),
    ('models', 'models'), ('schemas', 'models'), ('entities', 'models'), ('domain', 'models'), ('dto', 'models'),
    ('services', 'services'), ('service', 'services'), ('use_cases', 'services'), ('usecases', 'services'),
    ('usecase', 'services'),
    ('repositories', 'data'), ('repository', 'data'), ('crud', 'data'), ('db', 'data'),
    ('database', 'data'), ('dal', 'data'), ('persistence', 'data')
),
entry_modules AS (
    SELECT run_id, repo, dir, min(child) AS child
    FROM tree WHERE NOT is_dir AND unit IN ('main', 'app', 'server', 'asgi')
    GROUP BY ALL
),
layered_dirs AS (
    SELECT t.run_id, t.repo, t.dir,
        string_agg(t.child || CASE WHEN t.is_dir THEN '/' ELSE '' END, ', ' ORDER BY t.child) AS layers
    FROM tree t JOIN layer_vocab v ON v.unit = t.unit
    GROUP BY ALL
    HAVING count(DISTINCT v.layer) FILTER (WHERE t.is_dir) >= 2
),
layered AS (
    SELECT l.run_id, l.repo,
        arg_min(CASE WHEN l.dir = '' THEN '(root)' ELSE l.dir END || ': '
            || CASE WHEN e.dir = l.dir THEN e.child ELSE ltrim(e.dir || '/' || e.child, '/') END
            || ' + ' || l.layers, shortest_first(l.dir || '/' || e.dir || '/' || e.child)) AS evidence
    FROM layered_dirs l
    JOIN uses u ON u.run_id = l.run_id AND u.repo = l.repo AND u.pattern = 'fastapi'
    JOIN entry_modules e ON e.run_id = l.run_id AND e.repo = l.repo
        AND (e.dir = l.dir OR e.dir = path_dir(l.dir) AND l.dir <> '')
    GROUP BY ALL
),
-- rule 4: Flask application
flask AS (
    SELECT e.run_id, e.repo,
        'Flask() in ' || e.path
        || coalesce('; Blueprint() in ' || b.files || CASE WHEN b.files = 1 THEN ' file' ELSE ' files' END, '') AS evidence
    FROM entry e
    JOIN uses u ON u.run_id = e.run_id AND u.repo = e.repo AND u.pattern = 'flask'
    LEFT JOIN repo_patterns b ON b.run_id = e.run_id AND b.repo = e.repo
        AND b.category = 'api' AND b.pattern = 'flask_blueprints'
    WHERE e.pattern = 'flask'
),
-- rule 5: library
distributions AS (
    SELECT run_id, repo,
        arg_min(coalesce(nullif(name, ''), CASE WHEN root = '' THEN '.' ELSE root END)
            || CASE WHEN build_backend <> '' THEN ' (' || build_backend || ')' ELSE '' END, shortest_first(root)) AS dist
    FROM projects
    WHERE counted AND (name <> '' OR build_backend <> ''
        OR list_has_any(string_split(manifests, ','), ['setup.py', 'setup.cfg']))
    GROUP BY ALL
),
top_packages AS (
    SELECT f.run_id, f.repo, string_agg(DISTINCT r.root, ', ' ORDER BY r.root) AS names
    FROM first_party_roots r
    JOIN code_files f ON f.run_id = r.run_id AND f.repo = r.repo
        AND path_base(f.path) = '__init__.py' AND path_base(path_dir(f.path)) = r.root
    GROUP BY ALL
),
library AS (
    SELECT d.run_id, d.repo,
        'distribution ' || d.dist || '; packages: ' || p.names || '; no application object' AS evidence
    FROM distributions d
    JOIN top_packages p ON p.run_id = d.run_id AND p.repo = d.repo
    WHERE NOT EXISTS (SELECT 1 FROM entry e WHERE e.run_id = d.run_id AND e.repo = d.repo)
),
-- rule 6: what was found, for 'other'
other AS (
    SELECT r.run_id, r.repo,
        concat_ws('; ',
            coalesce('frameworks: ' || array_to_string(f.frameworks, ', '), 'no web framework'),
            (SELECT 'application object: ' || string_agg(e.pattern || ' (' || e.path || ')', ', ' ORDER BY e.pattern)
             FROM entry e WHERE e.run_id = r.run_id AND e.repo = r.repo),
            coalesce('distribution ' || d.dist, 'no distribution'),
            'no layout rule matched') AS evidence
    FROM repos r
    LEFT JOIN fw f ON f.run_id = r.run_id AND f.repo = r.repo
    LEFT JOIN distributions d ON d.run_id = r.run_id AND d.repo = r.repo
    WHERE r.status = 'ok'
)
SELECT
    o.run_id, o.repo,
    CASE
        WHEN ddd.evidence IS NOT NULL THEN 'ddd'
        WHEN django.evidence IS NOT NULL THEN 'django_mtv'
        WHEN layered.evidence IS NOT NULL THEN 'fastapi_layered'
        WHEN flask.evidence IS NOT NULL THEN 'flask_app'
        WHEN library.evidence IS NOT NULL THEN 'library'
        ELSE 'other'
    END AS architecture,
    coalesce(ddd.evidence, django.evidence, layered.evidence, flask.evidence, library.evidence, o.evidence) AS evidence
FROM other o
LEFT JOIN ddd USING (run_id, repo)
LEFT JOIN django USING (run_id, repo)
LEFT JOIN layered USING (run_id, repo)
LEFT JOIN flask USING (run_id, repo)
LEFT JOIN library USING (run_id, repo)
