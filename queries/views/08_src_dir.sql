-- src_dir(d): the last directory named 'src' that d lies under, '' when
-- none.
CREATE OR REPLACE MACRO src_dir(d) AS regexp_extract(d, '^((.*/)?src)/', 1)
