-- path_vendored(p): the file lies under a directory that does not hold the
-- repository's own sources: vendored code, virtualenvs, node_modules, or a
-- hidden directory (.git, .venv, .tox, ...). Such files match no signal at all.
CREATE OR REPLACE MACRO path_vendored(p) AS
    list_has_any(string_split(path_dir(p), '/'), ['vendor', 'node_modules', 'site-packages', 'venv'])
    OR regexp_matches(path_dir(p), '(^|/)\.')
