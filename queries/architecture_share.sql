-- Share of repositories per architecture (django_mtv, fastapi_layered, ddd, flask_app, library, other).
--
-- Each repository gets exactly one architecture by ordered rules, the first
-- match winning: ddd, django_mtv, fastapi_layered, flask_app, library,
-- other (see views/31_repo_architecture.sql and queries/README.md);
-- repo_summary shows the evidence per repository.
-- repos: repositories of the architecture; share: repos / repositories
-- surveyed (repos.status = 'ok'). Architectures no repository has are left out.
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
total AS (
    SELECT count(DISTINCT repo) AS n FROM surveyed
)
SELECT
    a.architecture,
    count(DISTINCT a.repo) AS repos,
    count(DISTINCT a.repo) / any_value(total.n) AS share
FROM repo_architecture a
JOIN surveyed s ON s.run_id = a.run_id AND s.repo = a.repo
CROSS JOIN total
GROUP BY a.architecture
ORDER BY share DESC, a.architecture
