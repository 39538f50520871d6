-- Share of repositories using each dependency-injection style.
--
-- A repository uses a pattern of catalog category 'di' when any of the
-- pattern's signals (queries/patterns.csv plus --patterns rows) matches in
-- it; see views/20_pattern_hits.sql for how each signal kind matches. Code
-- signals (imports, decorators, base classes, calls) count in code files
-- only: non-test .py files outside tests, examples, docs, vendored and
-- hidden directories. dependency_injector: the dependency-injector library (containers, providers, @inject, Provide[...]); fastapi_depends: FastAPI Depends()/Security(); constructor_injection: a *Service/*UseCase/*Handler/*Interactor class takes a collaborator through an annotated __init__ parameter (init_param symbols).
-- repos: repositories using the pattern; share: repos / repositories
-- surveyed (repos.status = 'ok'). Patterns no repository uses are left out.
SELECT pattern, repos, share
FROM category_share('di')
ORDER BY share DESC, pattern
