-- path_matches(p, value): does a file path match a catalog path signal?
-- The value is a GLOB pattern ('*' any characters, '/' included; '?' one
-- character; [abc] and [!abc] character classes) matched against the whole
-- path or against any tail of it that starts after a '/': 'manage.py'
-- matches 'manage.py' and 'backend/manage.py'; 'api/routes/*.py' matches
-- 'src/app/api/routes/items.py'.
CREATE OR REPLACE MACRO path_matches(p, value) AS p GLOB value OR p GLOB ('*/' || value)
