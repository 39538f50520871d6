-- integration_files: the files of a library's optional integrations
-- (catalog category integration: integrations/, contrib/, ext/,
-- extensions/). Their application objects are none of the repository's
-- (app_objects), they need no framework of its core (repo_frameworks) and
-- define no endpoint of its own (repo_architecture).
CREATE OR REPLACE VIEW integration_files AS
SELECT DISTINCT run_id, repo, path FROM pattern_hits WHERE category = 'integration'
