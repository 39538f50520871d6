-- path_vendored(p): the file lies under a directory that does not hold the
-- repository's own sources: vendored code, virtualenvs, node_modules, or a
-- hidden directory (.git, .venv, .tox, ...). Such files match no signal at all.
-- One regular expression: a directory component is a name followed by '/'.
CREATE OR REPLACE MACRO path_vendored(p) AS
    regexp_matches(p, '(^|/)(vendor|node_modules|site-packages|venv|\.[^/]*)/')
