-- import_name(module, kind, name): the dotted name an import row stands
-- for: the module for import a.b, module.name for from a.b import c (the
-- module alone for a star import).
CREATE OR REPLACE MACRO import_name(module, kind, name) AS
    module || CASE WHEN kind = 'from' AND name NOT IN ('', '*') THEN '.' || name ELSE '' END
