-- shortest_first(p): an ordering key for arg_min that prefers the shortest
-- path, then the alphabetically first, so choices are deterministic.
CREATE OR REPLACE MACRO shortest_first(p) AS lpad(CAST(length(p) AS VARCHAR), 6, '0') || p
