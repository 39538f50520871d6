-- repo_architecture: one architecture per repository with the evidence that
-- decided it. The rules are tried in order; the first that matches wins.
-- Their vocabularies are the VALUES tables below (ddd_vocab,
-- django_app_vocab, layer_vocab).
--
--  1. ddd: the layers of a domain-centred layout (DDD, hexagonal, clean
--     architecture), as packages: domain (domain, domains, entities, entity,
--     value_objects, value_object, aggregates, aggregate), application
--     (application, service_layer, use_cases, usecases, usecase, use_case,
--     interactors, interactor), ports (ports, port, protocols: typing.Protocol ports;
--     abstraction, abstractions, contracts: interfaces of repositories and
--     gateways, generic words that are a core layer only beside use cases,
--     see a.), infrastructure (infrastructure, infra, adapters, adapter,
--     outbound, outward, frameworks_and_drivers), interfaces (interfaces, interface, entrypoints,
--     presentation, inbound, inward, interface_adapters, controllers;
--     and, beside use cases only, repository, repositories, provider,
--     providers, handler, handlers, as in Clean Architecture: lending/
--     with domain/, use_cases/, repository/; and core, the hexagon's
--     domain, beside ports only: core/, ports/, adapters/; and services,
--     service, the service layer, an application only beside a domain
--     and an infrastructure: src/ with domain/, service/, adapters/);
--     in any case, and numbered by their ring or not (l1_entities/,
--     l2_use_cases/, 01_domain/). A
--     directory's layers are its packages, its packages' packages (core/entities/, domain/ports/,
--     adapters/inbound/) and theirs (core/common/entities/), except those
--     of a package that is a match by itself. It matches either way:
--       a. some directory has at least three layers, domain or ports among
--          them (src/orders: domain/, service_layer/, adapters/;
--          app: core/entities/, core/ports/, adapters/); ports named by a
--          generic word only count when the application layer is named
--          as use cases (use_cases, usecases, usecase, interactors), as
--          in Clean Architecture (src: usecases/, controllers/,
--          repositories/abstraction/), not beside application/ alone;
--       b. bounded contexts: at least two directories each have a domain
--          package and another layer of their own (billing/domain/ +
--          billing/application/, shipping/domain/ + shipping/application/);
--          a context's repositories/ (or repository/) count as a layer
--          there (Context/member/: domain/ + repository/); or each has its
--          layers as modules, a domain module and a use-case module
--          among them (a Django app's entities.py and interactors.py
--          beside its repositories.py, models.py and views.py).
--     Layers are named in any case (Domain/, Presentation/).
--     Whatever framework serves the entry points.
--  2. django_mtv: the repo uses Django (repo_frameworks: code needs it, or
--     it builds its application), has a manage.py (or a package's
--     __main__.py calling django.core.management.execute_from_command_line,
--     or else builds its WSGI/ASGI application: manage.py under another
--     name, bin/libretime-api) and a settings module (settings.py or
--     settings/, or a settings.py.example a deployment copies into place, or settings split
--     by environment: settings_common.py, settings_dev.py), and at least one
--     app: a directory with models (models.py or models/) and views
--     (views.py or views/); or,
--     when the repository builds Django's WSGI/ASGI application
--     (get_wsgi_application(), get_asgi_application()), with models and
--     any other module of a Django app (django_app_vocab: api, apis, viewsets,
--     urls, admin, apps, migrations, serializers, forms, ...), so that
--     DRF apps (api.py, viewsets.py), Wagtail page models (models and
--     migrations, rendered by templates) and models + admin apps count.
--     Reusable Django apps have a manage.py for their tests or a
--     settings.py of their own, rarely both; when they have both, in the
--     demo project their developers run them in, that project lies in a
--     directory of its own holding none of the apps, beside the
--     distribution the root declares (django_demo): no django_mtv.
--     Django must be the primary framework, when there is one, or the
--     primary one's application must serve another (repo_frameworks.
--     serves: FastAPI mounting Django): a Django project for the admin
--     tools of a Tornado CMS makes no django_mtv.
--  3. fastapi_layered: the repo uses FastAPI, and some directory holds at
--     least two layers, as packages or modules: api (api, routes, routers,
--     endpoints, controllers, handlers, views), core (core, config,
--     settings), models (models, model, schemas, schema, entities, domain,
--     dto), services (services, service, use_cases, usecases, usecase), data
--     (repositories, repository, crud, db, database, dal, persistence);
--     three when none of them is a package, api or services among them
--     (config.py, database.py, schemas.py beside a main.py holding the
--     routes are a flat application). A feature package, not named
--     as a layer, whose modules hold two layers lends them to its
--     directory (app/auth/models.py, app/auth/views.py beside app/core/:
--     a service sliced by feature). Its entry is a module that
--     builds the FastAPI application (app_objects, whatever its name:
--     run.py, webservice.py) in that directory, its parent or one of its
--     packages (server/main.py beside models/ and services/); or a module
--     named main, app, application, server, asgi or __main__ in that
--     directory or its parent (app/application.py building the app through
--     a bootstrapping library).
--     A distribution whose application has no endpoint of its own is a
--     library however it is laid out (rule 5: stac-fastapi's StacApi
--     routes to the user's client).
--     FastAPI must be the primary framework (repo_primary_framework), when
--     there is one: a Flask application with a small FastAPI side app in
--     app/asgi.py beside app/api/ and app/models/ is a Flask app.
--  4. flask_app: the repo uses Flask and a code file builds the application
--     object (app_objects: Flask(), or an in-repo subclass of Flask), and
--     Flask is the primary framework, or the primary framework's
--     application serves another (repo_frameworks.serves: Starlette
--     wrapping the Flask app): a small Flask page beside a Tornado web UI
--     makes no Flask app.
--  5. library: a counted project declares a distribution (a name, a build
--     backend, setup.py or setup.cfg), the code has at least one package
--     (__init__.py) or is the one module the distribution is named for
--     (bottle.py, src/flask_httpauth.py), and no code file builds the
--     application object of a web framework the repo uses (app_objects,
--     but not those of a reusable Django app's demo project; a
--     framework's own repository building its own applications in
--     docs_src/ does not count, as it does not use itself; nor do
--     optional integrations);
--     or the code builds one but defines no HTTP endpoint of its own
--     (own_endpoints: no route decorator, request handler class or URL
--     route, a route made inside a function counting only when the
--     repository's code calls that function outside any class, no
--     entrypoint of a Nameko service): a library that serves its users'
--     code, as Reflex's App builds the Starlette application for the
--     user's pages and BentoML its users' services.
--  6. other: anything else (flat or unusual applications, scripts,
--     repositories without Python code).
--
-- Only code files count (code_files: not tests, examples, docs, harness,
-- vendored or hidden directories), so the application may sit anywhere in
-- the tree (backend/app/, src/<pkg>/, services/<name>/...); in a monorepo
-- the first rule matched by any part of the tree decides, and the evidence
-- names the directory (the shallowest when several match).
--
-- Every join below is on equality of (run_id, repo) and a directory or
-- name, so the cost grows with the directories of each repository, not
-- their square.
-- materialize
CREATE OR REPLACE VIEW repo_architecture AS
WITH
-- layer_word: a unit's name as the layer vocabularies spell it, in lower case
-- and without the number of its ring (l1_entities, 01_domain: entities,
-- domain)
tree AS (SELECT *, regexp_replace(lower(unit), '^(l|layer_?)?[0-9]+[_-]', '') AS layer_word FROM python_tree),
fw AS (
    SELECT run_id, repo, list_sort(list(pattern)) AS frameworks
    FROM repo_patterns WHERE category = 'framework'
    GROUP BY ALL
),
-- frameworks the code needs, or whose application it builds
uses AS (
    SELECT run_id, repo, framework AS pattern FROM repo_frameworks WHERE core_files > 0 OR app_files > 0
),
-- rule 1: DDD, hexagonal and clean layouts
-- word: 'core' for the words of a core layer (domain, and ports but for
-- the generic ones), 'generic_port' for those, 'use_case' for an
-- application layer named as use cases
ddd_vocab(unit, layer, ord, word) AS (VALUES
    ('domain', 'domain', 1, 'core'), ('domains', 'domain', 1, 'core'), ('entities', 'domain', 1, 'core'),
    ('entity', 'domain', 1, 'core'),
    ('value_objects', 'domain', 1, 'core'), ('value_object', 'domain', 1, 'core'),
    ('aggregates', 'domain', 1, 'core'), ('aggregate', 'domain', 1, 'core'),
    ('application', 'application', 2, ''), ('service_layer', 'application', 2, ''),
    ('use_cases', 'application', 2, 'use_case'), ('usecases', 'application', 2, 'use_case'),
    ('usecase', 'application', 2, 'use_case'), ('use_case', 'application', 2, 'use_case'),
    ('interactors', 'application', 2, 'use_case'), ('interactor', 'application', 2, 'use_case'),
    ('ports', 'ports', 3, 'core'), ('port', 'ports', 3, 'core'), ('protocols', 'ports', 3, 'core'),
    ('abstraction', 'ports', 3, 'generic_port'),
    ('abstractions', 'ports', 3, 'generic_port'), ('contracts', 'ports', 3, 'generic_port'),
    ('infrastructure', 'infrastructure', 4, ''), ('infra', 'infrastructure', 4, ''), ('adapters', 'infrastructure', 4, ''),
    ('frameworks_and_drivers', 'infrastructure', 4, ''),
    ('adapter', 'infrastructure', 4, ''), ('outbound', 'infrastructure', 4, ''), ('outward', 'infrastructure', 4, ''),
    ('interfaces', 'interfaces', 5, ''), ('interface', 'interfaces', 5, ''), ('entrypoints', 'interfaces', 5, ''), ('presentation', 'interfaces', 5, ''),
    ('inbound', 'interfaces', 5, ''), ('inward', 'interfaces', 5, ''), ('interface_adapters', 'interfaces', 5, ''),
    ('controllers', 'interfaces', 5, ''),
    -- generic words that are a layer only beside use cases, as generic
    -- ports are: Clean Architecture's repositories (domain/, use_cases/,
    -- repository/), providers (the infrastructure: provider/rdb/) and
    -- handlers (the interface: handler/rest/)
    ('repository', 'infrastructure', 4, 'beside_use_cases'), ('repositories', 'infrastructure', 4, 'beside_use_cases'),
    ('provider', 'infrastructure', 4, 'beside_use_cases'), ('providers', 'infrastructure', 4, 'beside_use_cases'),
    ('handler', 'interfaces', 5, 'beside_use_cases'), ('handlers', 'interfaces', 5, 'beside_use_cases'),
    -- and the hexagon's core, the domain of ports and adapters when ports
    -- are beside it (travelexhibition/ with core/, ports/, adapters/):
    -- a generic word elsewhere (core/config.py)
    ('core', 'domain', 1, 'beside_ports'),
    -- and a service layer, the application of a domain and its
    -- infrastructure (src/: domain/, service/, adapters/): a generic word
    -- elsewhere (a layered FastAPI app's services/ beside models/)
    ('services', 'application', 2, 'beside_domain_infrastructure'),
    ('service', 'application', 2, 'beside_domain_infrastructure')
),
-- layers are named in any case (Domain/, Infrastructure/), and may be
-- numbered by their ring, from the centre out (Clean Architecture's
-- l1_entities/, l2_use_cases/, l3_interface_adapters/,
-- l4_frameworks_and_drivers/; 01_domain/)
ddd_dir_units AS (
    SELECT t.run_id, t.repo, t.dir, t.child, t.child || '/' AS label, v.layer, v.ord, v.word
    FROM tree t JOIN ddd_vocab v ON v.unit = t.layer_word
    WHERE t.is_dir
),
-- ports may be modules inside the domain layer rather than a package
-- beside it (hexagonal: domain/user/user_repository_protocol.py, ports.py):
-- beside an infrastructure layer, they make the domain's directory a ports
-- layer too, named by the first such module within two levels of the
-- domain package (without infrastructure, domain/ports.py beside use
-- cases is no more than two layers)
ddd_units AS (
    -- the generic words count beside use cases only: in the directory
    -- holding the use cases (lending/ with use_cases/ and repository/)
    SELECT * FROM ddd_dir_units
    QUALIFY (word <> 'beside_use_cases' OR bool_or(word = 'use_case') OVER (PARTITION BY run_id, repo, dir))
        AND (word <> 'beside_ports' OR bool_or(layer = 'ports' AND word = 'core') OVER (PARTITION BY run_id, repo, dir))
        AND (word <> 'beside_domain_infrastructure' OR (
            bool_or(layer = 'domain' AND word = 'core') OVER (PARTITION BY run_id, repo, dir)
            AND bool_or(layer = 'infrastructure' AND word = '') OVER (PARTITION BY run_id, repo, dir)))
    UNION ALL
    SELECT d.run_id, d.repo, d.dir, d.child, min(d.child || '/' || m.rel) AS label, 'ports', 3, 'core'
    FROM ddd_dir_units d
    JOIN (
        SELECT run_id, repo, child AS rel, dir AS within, unit FROM tree WHERE NOT is_dir
        UNION ALL
        SELECT run_id, repo, path_base(dir) || '/' || child, path_dir(dir), unit
        FROM tree WHERE NOT is_dir AND dir LIKE '%/%'
    ) m ON m.run_id = d.run_id AND m.repo = d.repo
        AND m.within = CASE WHEN d.dir = '' THEN d.child ELSE d.dir || '/' || d.child END
    WHERE d.layer = 'domain' AND d.word <> 'beside_ports'
        AND regexp_matches(lower(m.unit), '(^|_)(ports?|protocols?)$')
        AND EXISTS (
            SELECT 1 FROM ddd_dir_units i
            WHERE i.run_id = d.run_id AND i.repo = d.repo AND i.dir = d.dir AND i.layer = 'infrastructure'
              AND i.word <> 'beside_use_cases')
    GROUP BY d.run_id, d.repo, d.dir, d.child
),
-- directories that match rule 1a by their own packages; core: a domain or
-- ports layer, generic ports beside use cases only
ddd_own AS (
    SELECT run_id, repo, dir,
        count(DISTINCT layer) AS layers,
        bool_or(word = 'core') OR (bool_or(word = 'generic_port') AND bool_or(word = 'use_case')) AS core,
        bool_or(layer = 'domain') AS domain
    FROM ddd_units
    GROUP BY ALL
),
-- a directory's layers: its packages (depth 1), its packages' packages
-- (depth 2) unless that package is a match by itself, and theirs (depth 3:
-- core/common/entities/) unless one of the two between is
ddd_matches AS (SELECT run_id, repo, dir FROM ddd_own WHERE layers >= 3 AND core),
ddd_layer_units AS (
    SELECT run_id, repo, dir, label, layer, ord, word, 1 AS depth FROM ddd_units
    UNION ALL
    SELECT u.run_id, u.repo, path_dir(u.dir), path_base(u.dir) || '/' || u.label, u.layer, u.ord, u.word, 2
    FROM ddd_units u
    LEFT JOIN ddd_matches o ON o.run_id = u.run_id AND o.repo = u.repo AND o.dir = u.dir
    WHERE u.dir <> '' AND o.dir IS NULL
    UNION ALL
    SELECT u.run_id, u.repo, path_dir(path_dir(u.dir)),
        path_base(path_dir(u.dir)) || '/' || path_base(u.dir) || '/' || u.label, u.layer, u.ord, u.word, 3
    FROM ddd_units u
    LEFT JOIN ddd_matches o ON o.run_id = u.run_id AND o.repo = u.repo AND o.dir IN (u.dir, path_dir(u.dir))
    WHERE u.dir LIKE '%/%' AND o.dir IS NULL
),
ddd_dirs AS (
    SELECT run_id, repo, dir,
        -- evidence: each layer's packages at the shallowest depth it has
        string_agg(label, ', ' ORDER BY ord, label) FILTER (WHERE depth = best) AS units
    FROM (SELECT *, min(depth) OVER (PARTITION BY run_id, repo, dir, layer) AS best FROM ddd_layer_units)
    GROUP BY ALL
    HAVING count(DISTINCT layer) >= 3
        AND (bool_or(word = 'core') OR (bool_or(word = 'generic_port') AND bool_or(word = 'use_case')))
),
ddd_layout AS (
    SELECT run_id, repo,
        arg_min(CASE WHEN dir = '' THEN '(root)' ELSE dir END || ': ' || units, shortest_first(dir))
        || CASE WHEN count(*) > 1 THEN ' (and ' || (count(*) - 1) || ' more)' ELSE '' END AS evidence
    FROM ddd_dirs
    GROUP BY ALL
),
-- rule 1b: bounded contexts, each with a domain and another layer; in a
-- context, the repositories beside its domain are one (Context/member/:
-- domain/ + repository/)
ddd_context_units AS (
    SELECT run_id, repo, dir, label, layer, ord, false AS module, word FROM ddd_units WHERE word <> 'beside_use_cases'
    UNION ALL
    SELECT run_id, repo, dir, child || '/', 'infrastructure', 4, false, '' FROM tree
    WHERE is_dir AND lower(unit) IN ('repository', 'repositories')
    UNION ALL
    -- layers as modules of a context (a Django app's entities.py,
    -- interactors.py, repositories.py beside its models.py and views.py)
    SELECT t.run_id, t.repo, t.dir, t.child, v.layer, v.ord, true, v.word
    FROM tree t JOIN ddd_vocab v ON v.unit = t.layer_word
    WHERE NOT t.is_dir AND v.layer IN ('domain', 'application', 'ports', 'infrastructure')
        AND v.word NOT IN ('beside_ports', 'beside_domain_infrastructure')
),
ddd_contexts AS (
    SELECT run_id, repo,
        count(*) || ' bounded contexts with their own layers: '
        || array_to_string(list(CASE WHEN dir = '' THEN '(root)' ELSE dir END ORDER BY shortest_first(dir))[1:3], ', ')
        || CASE WHEN count(*) > 3 THEN ', ...' ELSE '' END
        || ' (' || arg_min(units, shortest_first(dir)) || ')' AS evidence
    FROM (
        SELECT run_id, repo, dir, string_agg(label, ', ' ORDER BY ord, label) AS units,
            bool_or(layer = 'domain' AND NOT module) AS domain,
            count(DISTINCT layer) FILTER (WHERE NOT module) AS layers,
            bool_or(layer = 'domain' AND module) AND bool_or(word = 'use_case' AND module) AS module_layers,
            -- a domain module with two other layers as packages (a hexagon's
            -- aggregates.py beside its ports/ and adapters/)
            bool_or(layer = 'domain' AND module)
                AND count(DISTINCT layer) FILTER (WHERE NOT module AND layer <> 'domain') >= 2 AS domain_module
        FROM ddd_context_units
        GROUP BY ALL
    )
    WHERE domain AND layers >= 2 OR module_layers OR domain_module
    GROUP BY ALL
    HAVING count(*) >= 2
),
ddd AS (
    SELECT run_id, repo, coalesce(l.evidence, c.evidence) AS evidence
    FROM ddd_layout l FULL JOIN ddd_contexts c USING (run_id, repo)
),
-- rule 2: Django MTV
-- manage.py, or else a package's __main__.py running Django's command line
django_manage AS (
    SELECT run_id, repo, arg_min(path, ord) AS path
    FROM (
        SELECT run_id, repo, path, '0' || shortest_first(path) AS ord FROM code_files WHERE path_base(path) = 'manage.py'
        UNION ALL
        SELECT run_id, repo, path || ' (execute_from_command_line)', '1' || shortest_first(path) FROM code_symbols
        WHERE kind = 'call' AND resolved = 'django.core.management.execute_from_command_line'
          -- a package's command line (not a test runner: runtests.py)
          AND path_base(path) = '__main__.py'
    )
    GROUP BY ALL
),
-- the settings module, or else a template of it (settings.py.example), or
-- else modules of settings per environment (settings_common.py)
django_settings AS (
    SELECT run_id, repo, arg_min(path, ord) AS path
    FROM (
        SELECT run_id, repo, ltrim(dir || '/' || child, '/') || CASE WHEN is_dir THEN '/' ELSE '' END AS path,
            '0' || shortest_first(dir || '/' || child) AS ord
        FROM tree WHERE unit = 'settings'
        UNION ALL
        SELECT run_id, repo, path, '1' || shortest_first(path) FROM files
        WHERE regexp_matches(path_base(path), '^settings\.py\.(example|sample|dist|template|tmpl|default)$')
          AND NOT path_uncounted(path) AND NOT path_harness(path) AND NOT vendored_file(run_id, repo, path)
        UNION ALL
        -- or else settings split by environment, settings.py made at deploy
        -- time (temba/settings_common.py, settings_dev.py)
        SELECT run_id, repo, path, '2' || shortest_first(path) FROM code_files
        WHERE regexp_matches(path_base(path), '^settings_[a-z0-9_]+\.py$')
    )
    GROUP BY ALL
),
django_wsgi AS (
    SELECT run_id, repo, arg_min(path, shortest_first(path)) AS path
    FROM app_objects WHERE framework = 'django'
    GROUP BY ALL
),
-- modules of a Django app besides its models
django_app_vocab(unit) AS (VALUES
    ('views'), ('api'), ('apis'), ('viewsets'), ('urls'), ('admin'), ('apps'), ('migrations'), ('serializers'),
    ('forms'), ('templatetags'), ('signals'), ('consumers'), ('tasks')
),
django_app_dirs AS (
    SELECT t.run_id, t.repo, t.dir,
        bool_or(t.unit = 'views') AS has_views,
        string_agg(DISTINCT t.unit, '+' ORDER BY t.unit) FILTER (WHERE t.unit <> 'models') AS modules
    FROM tree t
    JOIN (SELECT DISTINCT run_id, repo, dir FROM tree WHERE unit = 'models') m
        ON m.run_id = t.run_id AND m.repo = t.repo AND m.dir = t.dir
    LEFT JOIN django_app_vocab v ON v.unit = t.unit
    WHERE v.unit IS NOT NULL OR t.unit = 'models'
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE v.unit IS NOT NULL) > 0
),
django_apps AS (
    SELECT a.run_id, a.repo,
        count(*) FILTER (WHERE a.has_views) AS mtv_apps,
        string_agg(CASE WHEN a.dir = '' THEN '(root)' ELSE a.dir END, ', ' ORDER BY a.dir) FILTER (WHERE a.has_views) AS mtv_names,
        count(*) AS apps,
        string_agg(CASE WHEN a.dir = '' THEN '(root)' ELSE a.dir END || ': models+' || a.modules, ', ' ORDER BY a.dir) AS names
    FROM django_app_dirs a
    GROUP BY ALL
),
-- a project in a directory of its own, its manage.py and settings there,
-- none of whose apps lies in it, beside the distribution the repository's
-- root declares, is the demo project of a reusable app, not the
-- repository's project (jazzband/django-silk: project/manage.py,
-- project/project/settings.py, project/wsgi.py and, as its one app, the
-- silk/ that setup.py ships); the application it builds is none of the
-- repository's either (rule 5)
django_demo AS (
    SELECT m.run_id, m.repo, path_dir(m.path) AS dir
    FROM django_manage m
    JOIN django_settings s ON s.run_id = m.run_id AND s.repo = m.repo
    WHERE path_base(m.path) = 'manage.py' AND path_dir(m.path) <> ''
      AND starts_with(s.path, path_dir(m.path) || '/')
      AND NOT EXISTS (
        SELECT 1 FROM django_app_dirs d
        WHERE d.run_id = m.run_id AND d.repo = m.repo AND starts_with(d.dir || '/', path_dir(m.path) || '/'))
      AND EXISTS (
        SELECT 1 FROM projects p
        WHERE p.run_id = m.run_id AND p.repo = m.repo AND p.counted AND p.root = ''
          AND declares_distribution(p.name, p.build_backend, p.manifests))
),
django AS (
    SELECT a.run_id, a.repo,
        CASE WHEN a.mtv_apps > 0 THEN
            concat_ws(', ', m.path, s.path, CASE WHEN m.path IS NULL THEN w.path || ' (WSGI/ASGI application)' END,
                a.mtv_apps || CASE WHEN a.mtv_apps = 1 THEN ' app' ELSE ' apps' END || ' with models+views ('
                || CASE WHEN a.mtv_apps > 3 THEN array_to_string(string_split(a.mtv_names, ', ')[1:3], ', ') || ', ...' ELSE a.mtv_names END
                || ')')
        ELSE
            concat_ws(', ', m.path, s.path, w.path || ' (WSGI/ASGI application)',
                a.apps || CASE WHEN a.apps = 1 THEN ' app' ELSE ' apps' END || ' with models ('
                || CASE WHEN a.apps > 3 THEN array_to_string(string_split(a.names, ', ')[1:3], ', ') || ', ...' ELSE a.names END
                || ')')
        END AS evidence
    FROM django_apps a
    JOIN uses u ON u.run_id = a.run_id AND u.repo = a.repo AND u.pattern = 'django'
    LEFT JOIN django_manage m ON m.run_id = a.run_id AND m.repo = a.repo
    JOIN django_settings s ON s.run_id = a.run_id AND s.repo = a.repo
    LEFT JOIN django_wsgi w ON w.run_id = a.run_id AND w.repo = a.repo
    -- Django is what the repository serves, not a side project beside
    -- another framework's application (TorCMS's Tornado CMS with the
    -- Django project of its admin tools): Django is the primary framework,
    -- or the primary one's application serves another (FastAPI mounting
    -- the Django application)
    LEFT JOIN repo_primary_framework p ON p.run_id = a.run_id AND p.repo = a.repo
    LEFT JOIN repo_frameworks f ON f.run_id = a.run_id AND f.repo = a.repo AND f.framework = p.framework
    -- a project: its command line, or else the WSGI/ASGI application it
    -- builds (manage.py under another name: bin/libretime-api)
    WHERE (m.path IS NOT NULL OR w.path IS NOT NULL)
      AND (a.mtv_apps > 0 OR w.path IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM django_demo d WHERE d.run_id = a.run_id AND d.repo = a.repo)
      AND (coalesce(p.framework, 'django') = 'django' OR f.serves IS NOT NULL)
),
-- rule 3: FastAPI layered
layer_vocab(unit, layer) AS (VALUES
    ('api', 'api'), ('routes', 'api'), ('routers', 'api'), ('endpoints', 'api'),
    ('controllers', 'api'), ('handlers', 'api'), ('views', 'api'),
    ('core', 'core'), ('config', 'core'), ('settings', 'core'),
    ('models', 'models'), ('model', 'models'), ('schemas', 'models'), ('schema', 'models'), ('entities', 'models'),
    ('domain', 'models'), ('dto', 'models'),
    ('services', 'services'), ('service', 'services'), ('use_cases', 'services'), ('usecases', 'services'),
    ('usecase', 'services'),
    ('repositories', 'data'), ('repository', 'data'), ('crud', 'data'), ('db', 'data'),
    ('database', 'data'), ('dal', 'data'), ('persistence', 'data')
),
-- entry modules: those building the FastAPI application (built), and
-- those named as entry modules usually are
entry_modules AS (
    SELECT run_id, repo, path_dir(path) AS dir, path_base(path) AS child, true AS built
    FROM app_objects WHERE framework = 'fastapi'
    UNION
    SELECT run_id, repo, dir, child, false
    FROM tree WHERE NOT is_dir AND unit IN ('main', 'app', 'application', 'server', 'asgi', '__main__')
),
-- the layer modules of feature packages: a package not named as a layer
-- whose modules hold two layers or more (app/auth/ with models.py,
-- schemas.py and views.py) lends them to its directory as auth/models.py,
-- ... (a feature-sliced service: app/ holding core/, auth/ and users/)
feature_modules AS (
    SELECT p.run_id, p.repo, p.dir, p.child || '/' || m.child AS child, false AS is_dir, m.unit
    FROM tree p
    JOIN tree m ON m.run_id = p.run_id AND m.repo = p.repo AND NOT m.is_dir
        AND m.dir = ltrim(p.dir || '/' || p.child, '/')
    JOIN layer_vocab v ON v.unit = m.unit
    WHERE p.is_dir AND p.unit NOT IN (SELECT unit FROM layer_vocab)
    QUALIFY count(DISTINCT v.layer) OVER (PARTITION BY p.run_id, p.repo, p.dir, p.child) >= 2
),
layered_dirs AS (
    SELECT t.run_id, t.repo, t.dir,
        -- the first twelve units, then how many more (a service of many
        -- feature packages lends them all)
        array_to_string(list(t.child || CASE WHEN t.is_dir THEN '/' ELSE '' END ORDER BY t.child)[1:12], ', ')
            || CASE WHEN count(*) > 12 THEN ' (and ' || (count(*) - 12) || ' more)' ELSE '' END AS layers
    FROM (SELECT run_id, repo, dir, child, is_dir, unit FROM tree UNION ALL SELECT * FROM feature_modules) t
    JOIN layer_vocab v ON v.unit = t.unit
    GROUP BY ALL
    -- as modules alone, three layers one of which handles requests or
    -- holds the logic: config.py, database.py and schemas.py beside the
    -- main.py that holds the routes are a flat application's plumbing
    HAVING count(DISTINCT v.layer) >= 3 AND bool_or(v.layer IN ('api', 'services'))
        OR count(DISTINCT v.layer) >= 2 AND bool_or(t.is_dir)
),
-- an entry in the directory or its parent; a built one also in a package of it
layered_entries AS (
    SELECT l.run_id, l.repo, l.dir, l.layers, e.dir AS entry_dir, e.child, e.built
    FROM layered_dirs l JOIN entry_modules e ON e.run_id = l.run_id AND e.repo = l.repo AND e.dir = l.dir
    UNION ALL
    SELECT l.run_id, l.repo, l.dir, l.layers, e.dir, e.child, e.built
    FROM layered_dirs l JOIN entry_modules e ON e.run_id = l.run_id AND e.repo = l.repo AND e.dir = path_dir(l.dir)
    WHERE l.dir <> ''
    UNION ALL
    SELECT l.run_id, l.repo, l.dir, l.layers, e.dir, e.child, e.built
    FROM layered_dirs l JOIN entry_modules e ON e.run_id = l.run_id AND e.repo = l.repo AND path_dir(e.dir) = l.dir
    WHERE e.built AND e.dir <> ''
),
layered AS (
    SELECT l.run_id, l.repo,
        arg_min(CASE WHEN l.dir = '' THEN '(root)' ELSE l.dir END || ': '
            || CASE
                WHEN l.entry_dir = l.dir THEN l.child
                WHEN path_dir(l.entry_dir) = l.dir AND l.entry_dir <> l.dir THEN path_base(l.entry_dir) || '/' || l.child
                ELSE ltrim(l.entry_dir || '/' || l.child, '/')
            END
            || ' + ' || l.layers,
            -- an entry that builds the application first (not a command
            -- line's main.py), one in the directory or a package of it
            -- before one in its parent (a script beside it), then the
            -- shortest directory
            CASE WHEN l.built THEN '0' ELSE '1' END
                || CASE WHEN l.entry_dir = path_dir(l.dir) AND l.entry_dir <> l.dir THEN '1' ELSE '0' END
                || shortest_first(l.dir) || shortest_first(l.entry_dir || '/' || l.child)) AS evidence
    FROM layered_entries l
    JOIN uses u ON u.run_id = l.run_id AND u.repo = l.repo AND u.pattern = 'fastapi'
    -- FastAPI is what the repository serves, not a side application of
    -- another framework's (a Flask app with a small FastAPI websocket app)
    LEFT JOIN repo_primary_framework p ON p.run_id = l.run_id AND p.repo = l.repo
    WHERE coalesce(p.framework, 'fastapi') = 'fastapi'
    GROUP BY ALL
),
-- rule 4: Flask application
flask AS (
    SELECT a.run_id, a.repo,
        arg_min(a.builder || ' in ' || a.path, shortest_first(a.path) || chr(10) || a.builder)
        || coalesce('; Blueprint() in ' || any_value(b.files) || CASE WHEN any_value(b.files) = 1 THEN ' file' ELSE ' files' END, '') AS evidence
    FROM app_objects a
    LEFT JOIN repo_patterns b ON b.run_id = a.run_id AND b.repo = a.repo
        AND b.category = 'api' AND b.pattern = 'flask_blueprints'
    -- Flask is what the repository serves, not a side application beside
    -- another framework's (a small Flask page beside a Tornado web UI):
    -- Flask is the primary framework, or the primary one's application
    -- serves another (Starlette wrapping the Flask application)
    LEFT JOIN repo_primary_framework p ON p.run_id = a.run_id AND p.repo = a.repo
    LEFT JOIN repo_frameworks f ON f.run_id = a.run_id AND f.repo = a.repo AND f.framework = p.framework
    WHERE a.framework = 'flask' AND (coalesce(p.framework, 'flask') = 'flask' OR f.serves IS NOT NULL)
    GROUP BY ALL
),
-- rule 5: library
distributions AS (
    SELECT run_id, repo,
        -- the shallowest, and how many there are (a monorepo has dozens)
        CASE WHEN count(*) > 1 THEN count(*) || ' distributions, the shallowest ' ELSE 'distribution ' END
            || arg_min(coalesce(nullif(name, ''), CASE WHEN root = '' THEN '.' ELSE root END)
            || CASE WHEN build_backend <> '' THEN ' (' || build_backend || ')' ELSE '' END, shortest_first(root)) AS evidence
    FROM projects p
    WHERE counted AND declares_distribution(name, build_backend, manifests)
      -- not a library's copy inside one of the repository's packages
      -- (mylar3's lib/rarfile/setup.py, in its package lib/; a package at
      -- the root, a repository that is one, is no such package)
      AND NOT (path_dir(root) <> '' AND EXISTS (
        SELECT 1 FROM package_dirs d WHERE d.run_id = p.run_id AND d.repo = p.repo AND d.dir = path_dir(p.root)))
    GROUP BY ALL
),
-- the top-level packages, and the module of a one-module distribution
-- (bottle.py beside the pyproject.toml that names bottle, or in the src/
-- beside it: Flask-HTTPAuth's src/flask_httpauth.py)
top_packages AS (
    SELECT run_id, repo, string_agg(DISTINCT name, ', ' ORDER BY name) AS names
    FROM (
        SELECT f.run_id, f.repo, r.root AS name
        FROM first_party_roots r
        JOIN code_files f ON f.run_id = r.run_id AND f.repo = r.repo
            AND path_base(f.path) = '__init__.py' AND coalesce(src_root(path_dir(f.path)), path_base(path_dir(f.path))) = r.root
        -- not a reusable Django app's demo project
        WHERE NOT EXISTS (
            SELECT 1 FROM django_demo d WHERE d.run_id = f.run_id AND d.repo = f.repo AND starts_with(f.path, d.dir || '/'))
        UNION ALL
        SELECT f.run_id, f.repo, path_base(f.path)
        FROM projects p
        JOIN code_files f ON f.run_id = p.run_id AND f.repo = p.repo
            AND path_dir(f.path) IN (p.root, ltrim(p.root || '/src', '/'))
            AND path_base(f.path) = regexp_replace(lower(p.name), '[-.]+', '_', 'g') || '.py'
        WHERE p.counted AND p.name <> ''
    )
    GROUP BY ALL
),
-- the repositories defining an HTTP endpoint of their own (catalog
-- category endpoint): a request handler class, a URL route, or a route
-- decorator on a def that is not nested in a function (every component
-- of its owner before its own name a class, by its capital, and holding
-- the call the decorator makes, if it makes one: a route
-- that create_proxy_app() defines inside itself is made when its caller
-- builds the application: BentoML's ServiceAppFactory, for its users'
-- services), or nested in a function that the repository's own code
-- calls outside any class (endpoint_functions: as Kiln's server.py builds
-- its FastAPI() and calls connect_project_api(app), which defines the
-- project routes, and infinity's cli.py calls create_server(), which
-- builds the FastAPI() and defines its routes inside itself; not a
-- method: a class the users instantiate makes them for their code);
-- not in files of optional integrations
endpoint_functions AS (
    SELECT DISTINCT s.run_id, s.repo, split_part(s.name, '.', -1) AS function
    FROM code_symbols s
    WHERE s.kind = 'call' AND s.owner = '' AND split_part(s.name, '.', 1) NOT IN ('self', 'cls')
),
own_endpoints AS (
    SELECT DISTINCT h.run_id, h.repo
    FROM pattern_hits h
    WHERE h.category = 'endpoint'
      AND NOT EXISTS (
        SELECT 1 FROM integration_files i WHERE i.run_id = h.run_id AND i.repo = h.repo AND i.path = h.path)
      AND (h.signal_kind <> 'decorator' OR EXISTS (
        SELECT 1 FROM code_symbols s
        WHERE s.run_id = h.run_id AND s.repo = h.repo AND s.path = h.path AND s.kind = 'decorator'
          AND split_part(s.resolved, '.', -1) = split_part(h.signal_value, '.', -1)
          AND name_matches(s.resolved, h.signal_value)
          AND (regexp_matches(s.owner, '^(_*[A-Z][^.]*\.)*[^.]+$')
              -- a capitalized function is no class: the call the decorator
              -- makes is held by no class of the file (a file records a
              -- call once per name and innermost class: fastapi-versioning's
              -- VersionedFastAPI(app) calls parent_app.get(...), held by
              -- no class, to decorate its noop route)
              AND NOT (contains(s.owner, '.') AND EXISTS (
                SELECT 1 FROM code_symbols c
                WHERE c.run_id = s.run_id AND c.repo = s.repo AND c.path = s.path
                  AND c.kind = 'call' AND c.name = s.name AND c.owner = '')
                AND NOT EXISTS (
                SELECT 1 FROM code_symbols c
                WHERE c.run_id = s.run_id AND c.repo = s.repo AND c.path = s.path
                  AND c.kind = 'call' AND c.name = s.name
                  AND c.owner IN (regexp_replace(s.owner, '\.[^.]*$', ''), split_part(regexp_replace(s.owner, '\.[^.]*$', ''), '.', -1))))
            OR NOT regexp_matches(s.owner, '^_*[A-Z]') AND EXISTS (
              SELECT 1 FROM endpoint_functions c
              WHERE c.run_id = s.run_id AND c.repo = s.repo AND c.function = split_part(s.owner, '.', 1)))))
    -- an application made by decorating its entrypoints (a Nameko
    -- service's @rpc, @event_handler) has them for endpoints
    UNION
    SELECT DISTINCT run_id, repo FROM app_objects WHERE starts_with(builder, '@')
    -- Falcon routes its resources (classes or modules with on_get, on_post,
    -- ...) by add_route calls: a repository building a Falcon application
    -- and calling add_route defines the endpoints it routes (oncall's
    -- api/v0 init(application, config): application.add_route('/api/v0/teams',
    -- teams)); elsewhere add_route is how a library mounts its users' code
    -- on their application (Starlette's, BentoML's), no endpoint of its own.
    -- Likewise Connexion routes the operations of an OpenAPI spec to the
    -- repository's functions by add_api calls (balrog's
    -- connexion_app.add_api(spec)), in a repository whose Flask
    -- application a Connexion App() builds
    UNION
    SELECT DISTINCT s.run_id, s.repo
    FROM code_symbols s
    WHERE s.kind = 'call' AND NOT EXISTS (
        SELECT 1 FROM integration_files i WHERE i.run_id = s.run_id AND i.repo = s.repo AND i.path = s.path)
      AND (s.name LIKE '%.add_route' AND EXISTS (
            SELECT 1 FROM app_objects o WHERE o.run_id = s.run_id AND o.repo = s.repo AND o.framework = 'falcon')
        OR s.name LIKE '%.add_api' AND EXISTS (
            SELECT 1 FROM app_objects o
            JOIN code_symbols b ON b.run_id = o.run_id AND b.repo = o.repo AND b.path = o.path
            WHERE o.run_id = s.run_id AND o.repo = s.repo AND o.framework = 'flask'
              AND b.kind = 'call' AND starts_with(b.resolved, 'connexion.')))
),
apps AS (
    SELECT run_id, repo, arg_min(builder || ' in ' || path, shortest_first(path) || chr(10) || builder) AS app
    FROM app_objects o
    WHERE NOT EXISTS (
        SELECT 1 FROM django_demo d WHERE d.run_id = o.run_id AND d.repo = o.repo AND starts_with(o.path, d.dir || '/'))
    GROUP BY ALL
),
library AS (
    SELECT d.run_id, d.repo,
        d.evidence || '; packages: ' || p.names || CASE
            WHEN a.app IS NULL THEN '; no application object'
            ELSE '; application object ' || a.app || ' but no endpoint of its own: it serves its users'' code'
        END AS evidence,
        a.app IS NOT NULL AS serves_users
    FROM distributions d
    JOIN top_packages p ON p.run_id = d.run_id AND p.repo = d.repo
    LEFT JOIN apps a ON a.run_id = d.run_id AND a.repo = d.repo
    WHERE a.app IS NULL
       OR NOT EXISTS (SELECT 1 FROM own_endpoints e WHERE e.run_id = d.run_id AND e.repo = d.repo)
),
-- rule 3 holds for the layered applications that are no library serving
-- its users' code
layered_service AS (
    SELECT l.run_id, l.repo, l.evidence
    FROM layered l
    LEFT JOIN library b ON b.run_id = l.run_id AND b.repo = l.repo
    WHERE NOT coalesce(b.serves_users, false)
),
-- rule 6: what was found, for 'other'
other AS (
    SELECT r.run_id, r.repo,
        concat_ws('; ',
            coalesce('frameworks: ' || array_to_string(f.frameworks, ', '), 'no web framework'),
            (SELECT 'application object: ' || string_agg(e.framework || ' (' || e.path || ')', ', ' ORDER BY e.framework)
             FROM (SELECT run_id, repo, framework, min(path) AS path FROM app_objects GROUP BY ALL) e
             WHERE e.run_id = r.run_id AND e.repo = r.repo),
            coalesce(d.evidence, 'no distribution'),
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
LEFT JOIN layered_service layered USING (run_id, repo)
LEFT JOIN flask USING (run_id, repo)
LEFT JOIN library USING (run_id, repo)
