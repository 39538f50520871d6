-- Per repository: how the code marks its public API and module boundaries.
--
-- Over the repository's own files: not test files and not under tests,
-- examples, docs, samples, vendored or hidden directories.
--   packages               directories with an __init__.py;
--   packages_with_all      of which the __init__.py assigns __all__ (files.has_all);
--   all_share              packages_with_all / packages (0 when no package);
--   modules                .py files other than __init__.py and __main__.py;
--   private_modules        of which the name, or a directory in the path,
--                          starts with a single '_' (_impl.py, _internal/x.py);
--   private_share          private_modules / modules (0 when no module);
--   has_py_typed           a py.typed marker is present (PEP 561);
--   stub_files             .pyi stub files.
-- Every surveyed repository (repos.status = 'ok') has a row, sorted by repo.
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
own AS (
    SELECT run_id, repo, path, kind, has_all, path_base(path) AS base
    FROM files
    WHERE NOT is_test AND NOT path_uncounted(path)
),
counts AS (
    SELECT
        s.repo,
        count(o.path) FILTER (WHERE o.kind = 'python' AND o.base = '__init__.py') AS packages,
        count(o.path) FILTER (WHERE o.kind = 'python' AND o.base = '__init__.py' AND o.has_all) AS packages_with_all,
        count(o.path) FILTER (WHERE o.kind = 'python' AND o.base NOT IN ('__init__.py', '__main__.py')) AS modules,
        count(o.path) FILTER (WHERE o.kind = 'python' AND o.base NOT IN ('__init__.py', '__main__.py')
                              AND path_matches(o.path, '_[!_]*.py')) AS private_modules,
        coalesce(bool_or(o.base = 'py.typed'), false) AS has_py_typed,
        count(o.path) FILTER (WHERE o.kind = 'stub') AS stub_files
    FROM surveyed s
    LEFT JOIN own o ON o.run_id = s.run_id AND o.repo = s.repo
    GROUP BY s.run_id, s.repo
)
SELECT
    repo,
    packages,
    packages_with_all,
    coalesce(packages_with_all / nullif(packages, 0), 0.0) AS all_share,
    modules,
    private_modules,
    coalesce(private_modules / nullif(modules, 0), 0.0) AS private_share,
    has_py_typed,
    stub_files
FROM counts
ORDER BY repo
