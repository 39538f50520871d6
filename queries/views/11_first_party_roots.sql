-- first_party_roots: top-level import names that belong to the repository
-- itself, so importing them is not using a third-party library (root), and
-- the dotted name of what the repository holds under each (name): the root
-- itself, or inside a namespace package the packages and modules it holds,
-- as other distributions put theirs in the same namespace (a Plone add-on
-- in src/plone/todo/ is plone.todo, and its imports of plone.dexterity are
-- a third-party library's; lies_under tests a name against it):
--   * a top-level package: a directory holding __init__.py whose parent holds
--     none (an __init__.py declaring a namespace package the old way, with
--     pkg_resources or pkgutil, makes no package); under a 'src' directory,
--     the directory right under it (src_root),
--     which the package may lie in as a namespace package
--     (src/acme/plugins/flask/ is acme.plugins.flask: its root is acme, not
--     flask; name acme.plugins.flask), or src when that 'src' is itself a
--     package;
--   * a module (file stem) in a directory that is not a package and whose
--     files import nothing relatively (relative imports make it a namespace
--     package: dockerfiles/settings/celery.py doing
--     from .base import Settings is no top-level module celery), unless it
--     imports its own name (elevenlabs.py doing from elevenlabs.client
--     import ElevenLabs wraps the library); under a
--     'src' directory, again the directory right under it (a module of a
--     namespace package: src/acme/plugins/utils.py is acme.plugins.utils,
--     its name);
--     under a 'src' that is itself a package (src/__init__.py), src;
--   * a namespace package: a directory right under a 'src' directory that is
--     no package, holding Python files but no __init__.py;
--   * a namespace package at the top level: a directory without __init__.py
--     that the repository's files import from by a module it holds
--     (from keep.api.core import x with keep/api/ there, from domain import
--     services with domain/services.py there): installed, a library of that
--     name would be a regular package and win, so the import is the
--     repository's own; name: the shallowest package below it holding a
--     file (plone/app/todo/ under the namespaces plone/ and plone/app/ is
--     plone.app.todo), else the module (domain.services).
-- Files under tests, examples, docs, vendored, hidden or harness directories
-- (path_uncounted, path_harness, vendored_file) are ignored, and so are
-- type stubs (.pyi) with no source beside them: mypy_stubs/peewee.pyi
-- types a third-party library, it does not make peewee the repository's
-- own.
-- materialize
CREATE OR REPLACE VIEW first_party_roots AS
WITH py AS (
    SELECT run_id, repo, path, path_dir(path) AS dir, path_base(path) AS base,
        regexp_replace(path_base(path), '\.pyi?$', '') AS stem
    FROM files
    WHERE kind = 'python' AND NOT path_uncounted(path) AND NOT path_harness(path)
      AND NOT vendored_file(run_id, repo, path)
),
-- directories an __init__.py declares namespace packages the old way
-- (pkg_resources.declare_namespace, pkgutil.extend_path, or
-- __import__('pkg_resources').declare_namespace(__name__)) and defining
-- nothing: shared with other distributions as a PEP 420 directory is
namespace AS (
    SELECT DISTINCT s.run_id, s.repo, path_dir(s.path) AS dir
    FROM symbols s
    JOIN files f ON f.run_id = s.run_id AND f.repo = s.repo AND f.path = s.path
    WHERE s.kind = 'call' AND ends_with(s.path, '/__init__.py')
      AND s.name IN ('pkg_resources.declare_namespace', 'declare_namespace', 'pkgutil.extend_path', 'extend_path', '__import__')
      AND f.functions = 0 AND f.classes = 0
),
pkg AS (
    SELECT DISTINCT run_id, repo, dir
    FROM py
    WHERE base = '__init__.py' AND dir <> ''
      AND NOT EXISTS (SELECT 1 FROM namespace n WHERE n.run_id = py.run_id AND n.repo = py.repo AND n.dir = py.dir)
),
-- directories holding a file that imports relatively
relative AS (
    SELECT DISTINCT run_id, repo, path_dir(path) AS dir
    FROM imports
    WHERE level > 0
)
SELECT DISTINCT p.run_id, p.repo,
    CASE WHEN p.in_src AND NOT p.src_package THEN src_root(p.dir) ELSE p.top END AS root,
    CASE WHEN p.in_src AND NOT p.src_package THEN replace(src_path(p.dir), '/', '.') ELSE p.top END AS name
FROM (
    -- top: the name outside a 'src' directory, or src when it is a package
    SELECT p.*, src_root(p.dir) IS NOT NULL AS in_src,
        EXISTS (SELECT 1 FROM pkg q WHERE q.run_id = p.run_id AND q.repo = p.repo AND q.dir = src_dir(p.dir)) AS src_package,
        CASE WHEN src_root(p.dir) IS NULL THEN path_base(p.dir) ELSE 'src' END AS top
    FROM pkg p
) p
WHERE NOT EXISTS (
    SELECT 1 FROM pkg q
    WHERE q.run_id = p.run_id AND q.repo = p.repo AND q.dir = path_dir(p.dir))
  -- at the top of the tree, a package in a declared namespace is not
  -- top-level: plone/app/todo/ is plone.app.todo (below), not todo
  AND NOT (src_root(p.dir) IS NULL AND EXISTS (
    SELECT 1 FROM namespace n
    WHERE n.run_id = p.run_id AND n.repo = p.repo AND n.dir = path_dir(p.dir)))
  -- nor is a package right inside a top-level directory without
  -- __init__.py that the repository imports it through: with core/fastapi/
  -- there and from core.fastapi.middlewares import ..., it is core.fastapi
  -- (below), and fastapi stays the library
  AND NOT (src_root(p.dir) IS NULL AND path_dir(p.dir) <> '' AND NOT contains(path_dir(p.dir), '/') AND EXISTS (
    SELECT 1 FROM imports i
    WHERE i.run_id = p.run_id AND i.repo = p.repo AND i.level = 0
      AND split_part(i.module, '.', 1) = path_dir(p.dir)
      AND split_part(import_name(i.module, i.kind, i.name), '.', 2) = path_base(p.dir)))
UNION
SELECT DISTINCT py.run_id, py.repo,
    CASE WHEN py.in_src AND NOT py.src_package THEN src_root(py.dir) ELSE py.top END AS root,
    CASE WHEN py.in_src AND NOT py.src_package THEN replace(src_path(py.dir), '/', '.') || '.' || py.stem ELSE py.top END AS name
FROM (
    SELECT py.*, src_root(py.dir) IS NOT NULL AS in_src,
        EXISTS (SELECT 1 FROM pkg q WHERE q.run_id = py.run_id AND q.repo = py.repo AND q.dir = src_dir(py.dir)) AS src_package,
        CASE WHEN src_root(py.dir) IS NULL THEN py.stem ELSE 'src' END AS top
    FROM py
) py
WHERE NOT starts_with(py.base, '__')
  AND NOT EXISTS (
    SELECT 1 FROM pkg q
    WHERE q.run_id = py.run_id AND q.repo = py.repo AND q.dir = py.dir)
  AND NOT EXISTS (
    SELECT 1 FROM relative r
    WHERE r.run_id = py.run_id AND r.repo = py.repo AND r.dir = py.dir AND src_root(py.dir) IS NULL)
  -- a module importing the name it would give wraps the library of that
  -- name: application/tts/elevenlabs.py doing from elevenlabs.client
  -- import ElevenLabs, app/core/logging.py doing import logging
  AND NOT (src_root(py.dir) IS NULL AND EXISTS (
    SELECT 1 FROM imports i
    WHERE i.run_id = py.run_id AND i.repo = py.repo AND i.path = py.path AND i.level = 0
      AND split_part(i.module, '.', 1) = py.stem))
UNION
SELECT DISTINCT py.run_id, py.repo, path_base(py.dir) AS root, path_base(py.dir) || '.' || py.stem AS name
FROM py
WHERE path_base(path_dir(py.dir)) = 'src' AND py.base <> '__init__.py'
  AND NOT EXISTS (
    SELECT 1 FROM pkg q
    WHERE q.run_id = py.run_id AND q.repo = py.repo AND q.dir IN (py.dir, path_dir(py.dir)))
UNION
SELECT DISTINCT h.run_id, h.repo, h.head AS root, replace(h.held, '/', '.') AS name
FROM (
    -- what the repository holds in the namespace, file by file: the
    -- shallowest package holding the file below the top directory
    -- (plone/app/todo/ under the namespaces plone/ and plone/app/), else
    -- the module itself
    SELECT t.run_id, t.repo, t.head,
        coalesce(min_by(q.dir, length(q.dir)), regexp_replace(t.path, '\.pyi?$', '')) AS held
    FROM (
        SELECT py.run_id, py.repo, py.path, split_part(py.path, '/', 1) AS head,
            -- the file's directories below the top one (a/b and a/b/c for a/b/c/x.py)
            unnest(CASE WHEN length(string_split(py.path, '/')) > 2
                THEN list_transform(range(2, length(string_split(py.path, '/'))),
                    k -> array_to_string(string_split(py.path, '/')[1:k], '/'))
                ELSE [NULL] END) AS dir
        FROM py
        -- files whose first two components an absolute import names
        SEMI JOIN (
            SELECT DISTINCT run_id, repo, split_part(module, '.', 1) AS head,
                split_part(import_name(module, kind, name), '.', 2) AS second
            FROM imports
            WHERE level = 0
        ) i ON i.run_id = py.run_id AND i.repo = py.repo AND i.head = split_part(py.path, '/', 1)
            AND i.second = regexp_replace(split_part(py.path, '/', 2), '\.pyi?$', '')
        WHERE contains(py.path, '/')
          AND NOT EXISTS (
            SELECT 1 FROM pkg q
            WHERE q.run_id = py.run_id AND q.repo = py.repo AND q.dir = split_part(py.path, '/', 1))
          -- an __init__.py declaring a namespace holds nothing of its own
          AND NOT EXISTS (
            SELECT 1 FROM namespace n
            WHERE n.run_id = py.run_id AND n.repo = py.repo AND n.dir = py.dir AND py.base = '__init__.py')
    ) t
    LEFT JOIN pkg q ON q.run_id = t.run_id AND q.repo = t.repo AND q.dir = t.dir
    GROUP BY t.run_id, t.repo, t.head, t.path
) h
