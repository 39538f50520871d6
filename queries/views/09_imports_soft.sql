-- imports_soft: the imports, each with soft: the file runs without the
-- imported module, because the import is optional (imports.optional:
-- guarded by except ImportError or contextlib.suppress), inside a function
-- (imported when called) or under if TYPE_CHECKING. Runs written before
-- imports.optional existed lack the column: the union by name with an
-- empty relation holding it reads it as NULL.
CREATE OR REPLACE VIEW imports_soft AS
SELECT *, coalesce(optional, false) OR in_function OR type_checking_only AS soft
FROM (SELECT * FROM imports UNION ALL BY NAME SELECT CAST(NULL AS BOOLEAN) AS optional WHERE false)
