-- src_root(d): for a directory under a 'src' directory, the directory right
-- under the last 'src': the top-level import name of the code in d, which
-- may lie in namespace packages below it (src/acme/plugins/flask is
-- acme.plugins.flask: acme). NULL for a directory under no 'src'. When that
-- 'src' (src_dir) is itself a package (src/__init__.py: from src.api import
-- ...), the import name is src: first_party_roots checks that.
CREATE OR REPLACE MACRO src_root(d) AS
    CASE WHEN regexp_matches(d, '(^|/)src/') THEN regexp_extract(d, '^(.*/)?src/([^/]+)', 2) END
