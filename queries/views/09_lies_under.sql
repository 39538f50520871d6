-- lies_under(name, prefix): is a dotted name the prefix or under it
-- (plone.todo.content lies under plone.todo; plone.dexterity does not)?
CREATE OR REPLACE MACRO lies_under(name, prefix) AS
    name = prefix OR starts_with(name, prefix || '.')
