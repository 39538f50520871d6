-- resolved_symbols: symbols of every file with the first component of
-- decorator, base, call and init_param names replaced by what the file's
-- imports bind it to: with 'from django.db import models', the base
-- 'models.Model' resolves to 'django.db.models.Model'; with
-- 'import sqlalchemy as sa', the call 'sa.Column' resolves to
-- 'sqlalchemy.Column'. Names bound otherwise (local variables such as
-- router = APIRouter(), relative imports) stay as written.
CREATE OR REPLACE VIEW resolved_symbols AS
SELECT
    s.run_id, s.repo, s.path, s.line, s.kind, s.name, s.owner,
    CASE
        WHEN b.target IS NULL OR s.kind NOT IN ('decorator', 'base', 'call', 'init_param') THEN s.name
        ELSE b.target || substr(s.name, length(s.head) + 1)
    END AS resolved
FROM (SELECT *, split_part(name, '.', 1) AS head FROM symbols) s
-- A pure equi-join, so that DuckDB hashes it: a filter on s inside the ON
-- clause of a LEFT JOIN makes it fall back to a nested-loop join.
LEFT JOIN import_bindings b
    ON b.run_id = s.run_id AND b.repo = s.repo AND b.path = s.path AND b.bound = s.head
