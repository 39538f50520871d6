-- src_path(d): the path of a directory under a 'src' directory below the
-- last 'src' (src_dir): its import path, '/'-separated (src/acme/plugins/flask
-- is acme/plugins/flask). NULL for a directory under no 'src'.
CREATE OR REPLACE MACRO src_path(d) AS
    CASE WHEN src_dir(d) <> '' THEN substr(d, length(src_dir(d)) + 2) END
