-- repo_summary: one flat row per repository surveyed ok: frameworks, package
-- managers, architecture, patterns and counts.
--
-- Lists are comma-joined without spaces and sorted; '' when empty.
--   commit, python_files      from repos (python_files: every .py/.pyi file of the tree);
--   primary_framework         see views/24_repo_primary_framework.sql: the
--                             web framework whose application object the
--                             repo builds (FastAPI(), Flask(), a Flask
--                             subclass, Django's get_wsgi_application(),
--                             ...), the served one when one application
--                             mounts another; else the one most code files
--                             need (optional, lazy and TYPE_CHECKING
--                             imports, integrations and migrations left
--                             out); ties go to the alphabetically first;
--                             'drf' never (it is Django's); 'none' when no
--                             framework is used, or only optionally, and
--                             for a library building no application;
--   frameworks                every web framework used (as framework_share);
--   package_managers          union of the counted projects' managers;
--   architecture, architecture_evidence   see views/31_repo_architecture.sql;
--   orms, api_styles, di, task_queues     catalog patterns used, per category
--                             (orm, api, di, task_queue);
--   async_share               async def / (def + async def) over code files,
--                             0 when both are 0;
--   code_files, functions, async_functions, awaits
--                             code files and their def, async def and await
--                             counts (async_adoption);
--   has_py_typed, packages, packages_with_all, modules, private_modules,
--   stub_files                over the repository's own files: not test files
--                             and not under tests, examples, docs, samples,
--                             vendored or hidden directories (module_boundaries):
--                             directories with an __init__.py, those whose
--                             __init__.py assigns __all__, .py files other than
--                             __init__.py and __main__.py, those whose name or a
--                             directory in whose path starts with a single '_',
--                             and .pyi stubs.
-- Code signals count in code files only: non-test .py files outside tests,
-- examples, docs, vendored and hidden directories.
WITH surveyed AS (
    SELECT run_id, repo, "commit", python_files FROM repos WHERE status = 'ok'
),
lists AS (
    SELECT run_id, repo, category, string_agg(pattern, ',' ORDER BY pattern) AS names
    FROM repo_patterns
    GROUP BY ALL
),
managers AS (
    SELECT run_id, repo, string_agg(DISTINCT manager, ',' ORDER BY manager) AS names
    FROM (
        SELECT run_id, repo, trim(unnest(string_split(managers, ','))) AS manager
        FROM projects
        WHERE counted AND managers <> ''
    )
    WHERE manager <> ''
    GROUP BY ALL
),
async AS (
    SELECT run_id, repo,
        count(*) AS code_files,
        coalesce(sum(functions), 0) AS functions,
        coalesce(sum(async_functions), 0) AS async_functions,
        coalesce(sum(awaits), 0) AS awaits,
        CASE WHEN sum(functions) + sum(async_functions) = 0 THEN 0.0
             ELSE sum(async_functions) / (sum(functions) + sum(async_functions)) END AS async_share
    FROM code_files
    GROUP BY ALL
),
own AS (
    SELECT run_id, repo, path, kind, has_all, path_base(path) AS base
    FROM files
    WHERE NOT is_test AND NOT path_uncounted(path) AND NOT vendored_file(run_id, repo, path)
),
boundaries AS (
    SELECT run_id, repo,
        count(*) FILTER (WHERE kind = 'python' AND base = '__init__.py') AS packages,
        count(*) FILTER (WHERE kind = 'python' AND base = '__init__.py' AND has_all) AS packages_with_all,
        count(*) FILTER (WHERE kind = 'python' AND base NOT IN ('__init__.py', '__main__.py')) AS modules,
        count(*) FILTER (WHERE kind = 'python' AND base NOT IN ('__init__.py', '__main__.py')
                         AND path_matches(path, '_[!_]*.py')) AS private_modules,
        bool_or(base = 'py.typed') AS has_py_typed,
        count(*) FILTER (WHERE kind = 'stub') AS stub_files
    FROM own
    GROUP BY ALL
)
SELECT
    s.run_id,
    s.repo,
    s."commit",
    s.python_files,
    -- A library (architecture) is built on its primary framework too: the
    -- application's it builds for its users' code (Reflex's Starlette
    -- app), or failing that the one its code needs (a Flask extension's
    -- flask); one integrating frameworks only optionally has none.
    coalesce(p.framework, 'none') AS primary_framework,
    coalesce(fw.names, '') AS frameworks,
    coalesce(m.names, '') AS package_managers,
    a.architecture,
    a.evidence AS architecture_evidence,
    coalesce(orm.names, '') AS orms,
    coalesce(api.names, '') AS api_styles,
    coalesce(di.names, '') AS di,
    coalesce(tq.names, '') AS task_queues,
    coalesce(x.async_share, 0.0) AS async_share,
    coalesce(b.has_py_typed, false) AS has_py_typed,
    coalesce(x.code_files, 0) AS code_files,
    coalesce(x.functions, 0) AS functions,
    coalesce(x.async_functions, 0) AS async_functions,
    coalesce(x.awaits, 0) AS awaits,
    coalesce(b.packages, 0) AS packages,
    coalesce(b.packages_with_all, 0) AS packages_with_all,
    coalesce(b.modules, 0) AS modules,
    coalesce(b.private_modules, 0) AS private_modules,
    coalesce(b.stub_files, 0) AS stub_files
FROM surveyed s
LEFT JOIN repo_primary_framework p ON p.run_id = s.run_id AND p.repo = s.repo
LEFT JOIN lists fw ON fw.run_id = s.run_id AND fw.repo = s.repo AND fw.category = 'framework'
LEFT JOIN managers m ON m.run_id = s.run_id AND m.repo = s.repo
LEFT JOIN repo_architecture a ON a.run_id = s.run_id AND a.repo = s.repo
LEFT JOIN lists orm ON orm.run_id = s.run_id AND orm.repo = s.repo AND orm.category = 'orm'
LEFT JOIN lists api ON api.run_id = s.run_id AND api.repo = s.repo AND api.category = 'api'
LEFT JOIN lists di ON di.run_id = s.run_id AND di.repo = s.repo AND di.category = 'di'
LEFT JOIN lists tq ON tq.run_id = s.run_id AND tq.repo = s.repo AND tq.category = 'task_queue'
LEFT JOIN async x ON x.run_id = s.run_id AND x.repo = s.repo
LEFT JOIN boundaries b ON b.run_id = s.run_id AND b.repo = s.repo
