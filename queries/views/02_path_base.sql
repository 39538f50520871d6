-- path_base(p): the last component of a '/'-separated path.
CREATE OR REPLACE MACRO path_base(p) AS split_part(p, '/', -1)
