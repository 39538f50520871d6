-- vendored_dirs: directories of third-party code copied into the repository
-- under a name that path_vendored cannot tell by itself: a directory named
-- as vendoring directories are (lib, libs, third_party, thirdparty,
-- third-party, _vendor, vendored, extern, external, externals, deps),
-- itself no package (it is put on sys.path: what it holds is imported by
-- top-level names), holding right inside it, as packages or modules, three
-- or more names of the standard library or of libraries the catalog
-- imports (rembo10/headphones' lib/ holds cherrypy/, apscheduler/ and the
-- backports argparse.py and concurrent/ beside requests/ and beets/).
-- A repository's own code under lib/ is not named after them (ansible's
-- lib/ansible/), and a package's lib/ is its own (privacyidea/lib/, with
-- its __init__.py, holds its own email.py, queue/ and token.py). The files
-- under such a directory are vendored (vendored_file), not the
-- repository's code, and what they define is no first-party package.
-- materialize
CREATE OR REPLACE VIEW vendored_dirs AS
WITH child AS (
    -- the names a directory holds: its modules and its packages
    SELECT run_id, repo, path_dir(path) AS dir, regexp_replace(path_base(path), '\.py$', '') AS name
    FROM files
    WHERE kind = 'python' AND ends_with(path, '.py') AND path_base(path) <> '__init__.py'
    UNION
    SELECT run_id, repo, path_dir(path_dir(path)) AS dir, path_base(path_dir(path)) AS name
    FROM files
    WHERE kind = 'python' AND path_base(path) = '__init__.py' AND contains(path, '/')
)
SELECT run_id, repo, dir
FROM child
WHERE path_base(dir) IN ('lib', 'libs', 'third_party', 'thirdparty', 'third-party', '_vendor', 'vendored', 'extern', 'external', 'externals', 'deps')
  AND (name IN (SELECT module FROM stdlib)
       OR name IN (SELECT signal_value FROM patterns WHERE signal_kind = 'import_root'))
  AND NOT EXISTS (
    SELECT 1 FROM files f
    WHERE f.run_id = child.run_id AND f.repo = child.repo AND f.path = child.dir || '/__init__.py')
GROUP BY ALL
HAVING count(DISTINCT name) >= 3
