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
FROM repo_summary
ORDER BY repo
