-- path_dir(p): the directory part of a '/'-separated path, '' for a file at the root.
CREATE OR REPLACE MACRO path_dir(p) AS regexp_extract(p, '^(.*)/[^/]*$', 1)
