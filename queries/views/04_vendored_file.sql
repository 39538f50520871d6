-- vendored_file(run_id, repo, path): does the file lie in one of the
-- repository's vendored directories (vendored_dirs)?
CREATE OR REPLACE MACRO vendored_file(r, rp, p) AS
    EXISTS (SELECT 1 FROM vendored_dirs v WHERE v.run_id = r AND v.repo = rp AND starts_with(p, v.dir || '/'))
