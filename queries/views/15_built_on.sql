-- built_on: the web frameworks built on another, whose classes come with
-- them (FastAPI on Starlette): a repository declaring the framework has
-- the base too (declared_frameworks), counts the two as one family when it
-- weighs how many frameworks it integrates (optional_framework_dirs), and
-- needs the framework where its code needs the base through it
-- (repo_primary_framework).
CREATE OR REPLACE VIEW built_on AS
SELECT * FROM (VALUES ('fastapi', 'starlette')) v(framework, base)
