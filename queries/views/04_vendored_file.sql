-- vendored_file(run_id, repo, path): does the file lie in one of the
-- repository's vendored directories (vendored_dirs)? A macro's arguments
-- are spliced into it as written, so the subquery names no column an
-- argument could be bound to instead of its caller's: vendored_file(run_id,
-- repo, path) over files must compare the file's run and repository, not
-- vendored_dirs' own (which matched the lib/ of any repository of the unit
-- whose lib/ another repository vendors in).
CREATE OR REPLACE MACRO vendored_file(r, rp, p) AS
    EXISTS (
        SELECT 1 FROM (SELECT run_id AS vendored_run, repo AS vendored_repo, dir AS vendored_dir FROM vendored_dirs) v
        WHERE v.vendored_run = r AND v.vendored_repo = rp AND starts_with(p, v.vendored_dir || '/'))
