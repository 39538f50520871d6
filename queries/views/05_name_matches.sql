-- name_matches(name, value): does a dotted name (a resolved decorator, base
-- class or callee) match a catalog signal value?
--   '*'        matches every name;
--   'a.b.*'    matches names under the prefix a.b (a.b.c, a.b.c.d);
--   otherwise  the name equals the value or ends with '.' || value, so the
--              value 'db.Model' matches 'blog.extensions.db.Model', and
--              'fastapi.Depends' matches 'fastapi.Depends' but not 'Depends'.
CREATE OR REPLACE MACRO name_matches(name, value) AS
    CASE
        WHEN value = '*' THEN true
        WHEN ends_with(value, '.*') THEN starts_with(name, left(value, length(value) - 1))
        ELSE name = value OR ends_with(name, '.' || value)
    END
