-- is_first_party(run, repository, dotted): does a dotted name (a module, an
-- imported name, a resolved symbol, a catalog signal's value) lie under one
-- of the repository's own names (first_party_roots)? plone.todo.content is
-- the repository's own in an add-on holding plone.todo; plone.dexterity is
-- not. As in vendored_file, the subquery names no column an argument could
-- be bound to instead of its caller's (is_first_party(run_id, repo, name)
-- over imports compares the import's run, repository and name).
CREATE OR REPLACE MACRO is_first_party(run, repository, dotted) AS EXISTS (
    SELECT 1 FROM (
        SELECT run_id AS own_run, repo AS own_repo, root AS own_root, name AS own_name FROM first_party_roots) r
    WHERE r.own_run = run AND r.own_repo = repository AND r.own_root = split_part(dotted, '.', 1)
      AND lies_under(dotted, r.own_name))
