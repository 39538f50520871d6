-- resolved_name(kind, name, target): a symbol's dotted name with its first
-- component replaced by target, what the file's imports bind that component
-- to (import_bindings), for decorator, base, call and init_param symbols:
-- with 'from django.db import models', the base 'models.Model' resolves to
-- 'django.db.models.Model'; with 'import sqlalchemy as sa', the call
-- 'sa.Column' resolves to 'sqlalchemy.Column'. Names whose first component
-- nothing binds (target NULL: local variables such as router = APIRouter(),
-- relative imports) stay as written.
CREATE OR REPLACE MACRO resolved_name(kind, name, target) AS
    CASE
        WHEN target IS NULL OR kind NOT IN ('decorator', 'base', 'call', 'init_param') THEN name
        ELSE target || substr(name, length(split_part(name, '.', 1)) + 1)
    END
