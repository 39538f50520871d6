-- Share of repositories per package manager (pip, poetry, uv, setuptools, hatch, ...).
--
-- A repository's package managers are the union of the managers of its
-- counted projects (projects.counted: not under tests, examples, docs,
-- vendored or hidden directories), as evidenced by manifests and lock
-- files: requirements*.txt -> pip, [tool.poetry]/poetry.lock -> poetry,
-- [tool.uv]/uv.lock -> uv, setup.py/setup.cfg -> setuptools, etc. A
-- repository may use several, so shares may add up to more than 1.
-- repos: repositories using the manager; share: repos / repositories
-- surveyed (repos.status = 'ok'). Managers no repository uses are left out.
WITH surveyed AS (
    SELECT run_id, repo FROM repos WHERE status = 'ok'
),
total AS (
    SELECT count(DISTINCT repo) AS n FROM surveyed
),
managers AS (
    SELECT DISTINCT p.run_id, p.repo, trim(unnest(string_split(p.managers, ','))) AS manager
    FROM projects p
    WHERE p.counted AND p.managers <> ''
)
SELECT
    m.manager,
    count(DISTINCT m.repo) AS repos,
    count(DISTINCT m.repo) / any_value(total.n) AS share
FROM managers m
JOIN surveyed s ON s.run_id = m.run_id AND s.repo = m.repo
CROSS JOIN total
WHERE m.manager <> ''
GROUP BY m.manager
ORDER BY share DESC, m.manager
