-- path_base(p): the last component of a '/'-separated path.
CREATE OR REPLACE MACRO path_base(p) AS regexp_extract(p, '[^/]*$', 0)
