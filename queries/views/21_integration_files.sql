-- integration_files: the files of a library's optional integrations: under
-- integrations/, contrib/, ext/, extensions/ (catalog category
-- integration), or under a subpackage named for a framework that no
-- manifest of the repository requires (declared_frameworks): a package
-- inside a package, faststream/broker/fastapi/, whose fastapi only the
-- testing group names. Their application objects are none of the
-- repository's (app_objects), they need no framework of its core
-- (repo_frameworks) and define no endpoint of its own (repo_architecture).
-- materialize
CREATE OR REPLACE VIEW integration_files AS
WITH
packages AS (
    SELECT run_id, repo, path_dir(path) AS dir FROM files WHERE path_base(path) = '__init__.py'
),
named AS (
    SELECT s.run_id, s.repo, s.dir
    FROM packages s
    JOIN (SELECT DISTINCT pattern FROM patterns WHERE category = 'framework') f ON f.pattern = path_base(s.dir)
    JOIN packages p ON p.run_id = s.run_id AND p.repo = s.repo AND p.dir = path_dir(s.dir)
    WHERE path_dir(s.dir) <> ''
      AND NOT EXISTS (
        SELECT 1 FROM declared_frameworks d
        WHERE d.run_id = s.run_id AND d.repo = s.repo AND d.framework = f.pattern AND d.required)
)
SELECT DISTINCT run_id, repo, path FROM pattern_hits WHERE category = 'integration'
UNION
SELECT f.run_id, f.repo, f.path
FROM named n
JOIN files f ON f.run_id = n.run_id AND f.repo = n.repo AND starts_with(f.path, n.dir || '/')
