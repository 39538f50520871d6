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
    -- the names such a directory holds (its modules, its packages), and
    -- its own __init__.py as the name __init__ (the pattern is written out
    -- each time: a constant pattern is compiled once, a column's per row)
    SELECT run_id, repo, regexp_extract(path, '^((?:.*/)?(?:lib|libs|third_party|thirdparty|third-party|_vendor|vendored|extern|external|externals|deps))/([^/]+?)(?:\.py|/__init__\.py)$', 1) AS dir,
        regexp_extract(path, '^((?:.*/)?(?:lib|libs|third_party|thirdparty|third-party|_vendor|vendored|extern|external|externals|deps))/([^/]+?)(?:\.py|/__init__\.py)$', 2) AS name
    FROM files
    WHERE kind = 'python' AND regexp_matches(path, '^((?:.*/)?(?:lib|libs|third_party|thirdparty|third-party|_vendor|vendored|extern|external|externals|deps))/([^/]+?)(?:\.py|/__init__\.py)$')
)
SELECT run_id, repo, dir
FROM child
GROUP BY ALL
HAVING NOT bool_or(name = '__init__')
   AND count(DISTINCT name) FILTER (WHERE name IN (SELECT module FROM stdlib)
       OR name IN (SELECT signal_value FROM patterns WHERE signal_kind = 'import_root')) >= 3
