-- Share of repositories using each API style (FastAPI routers, DRF viewsets, Flask blueprints, GraphQL, ...).
--
-- A repository uses a pattern of catalog category 'api' when any of the
-- pattern's signals (queries/patterns.csv plus --patterns rows) matches in
-- it; see views/20_pattern_hits.sql for how each signal kind matches. Code
-- signals (imports, decorators, base classes, calls) count in code files
-- only: non-test .py files outside tests, examples, docs, vendored and
-- hidden directories. Related features (Pydantic models, DRF serializers) are catalog category 'api_feature', reported by pattern_share.
-- repos: repositories using the pattern; share: repos / repositories
-- surveyed (repos.status = 'ok'). Patterns no repository uses are left out.
SELECT pattern, repos, share
FROM category_share('api')
ORDER BY share DESC, pattern
