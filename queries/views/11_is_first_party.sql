-- is_first_party(run, repository, dotted): does a dotted name (a module, an
-- imported name, a resolved symbol, a catalog signal's value) lie under one
-- of the repository's own names (first_party_roots)? plone.todo.content is
-- the repository's own in an add-on holding plone.todo; plone.dexterity is
-- not.
CREATE OR REPLACE MACRO is_first_party(run, repository, dotted) AS EXISTS (
    SELECT 1 FROM first_party_roots r
    WHERE r.run_id = run AND r.repo = repository AND r.root = split_part(dotted, '.', 1)
      AND lies_under(dotted, r.name))
