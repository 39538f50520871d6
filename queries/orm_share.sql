-- Share of repositories using each ORM (SQLAlchemy, Django ORM, Tortoise, SQLModel, Peewee, ...).
--
-- A repository uses a pattern of catalog category 'orm' when any of the
-- pattern's signals (queries/patterns.csv plus --patterns rows) matches in
-- it; see views/20_pattern_hits.sql for how each signal kind matches. Code
-- signals (imports, decorators, base classes, calls) count in code files
-- only: non-test .py files outside tests, examples, docs, vendored and
-- hidden directories. SQLAlchemy includes Flask-SQLAlchemy. ORM features (relationships, 2.0 typed mapping, Django custom managers) are catalog category 'orm_feature', reported by pattern_share.
-- repos: repositories using the pattern; share: repos / repositories
-- surveyed (repos.status = 'ok'). Patterns no repository uses are left out.
SELECT pattern, repos, share
FROM category_share('orm')
ORDER BY share DESC, pattern
