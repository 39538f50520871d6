-- vendored_dirs: directories of third-party code copied into the repository
-- under a name that path_vendored cannot tell by itself: a directory named
-- as vendoring directories are (lib, libs, third_party, thirdparty,
-- third-party, _vendor, vendored, extern, external, externals, deps),
-- itself no package (it is put on sys.path: what it holds is imported by
-- top-level names), holding right inside it, as packages or modules, three
-- or more names of the standard library, of libraries the catalog imports
-- or of the distributions the repository's manifests depend on from a
-- package index (rembo10/headphones' lib/ holds cherrypy/, apscheduler/
-- and the backports argparse.py and concurrent/ beside requests/ and
-- beets/; Tautulli's lib/ holds cherrypy/ and apscheduler/ beside the
-- requests/, arrow/, bleach/, mako/ ... its requirements.txt pins).
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
),
-- the distributions the manifests name, as the module names they usually
-- install (paho-mqtt: paho_mqtt; IPy: ipy)
declared AS (
    SELECT DISTINCT run_id, repo, replace(replace(name, '-', '_'), '.', '_') AS name
    FROM dependencies
    WHERE source = 'registry' AND error = ''
)
SELECT c.run_id, c.repo, c.dir
FROM child c
LEFT JOIN declared d ON d.run_id = c.run_id AND d.repo = c.repo AND d.name = lower(c.name)
GROUP BY ALL
HAVING NOT bool_or(c.name = '__init__')
   AND count(DISTINCT c.name) FILTER (WHERE c.name IN (SELECT module FROM stdlib)
       OR c.name IN (SELECT signal_value FROM patterns WHERE signal_kind = 'import_root')
       OR d.name IS NOT NULL) >= 3
