-- package_dirs: the directories holding an __init__.py (regular packages),
-- one row each.
CREATE OR REPLACE VIEW package_dirs AS
SELECT DISTINCT run_id, repo, path_dir(path) AS dir FROM files WHERE path_base(path) = '__init__.py'
