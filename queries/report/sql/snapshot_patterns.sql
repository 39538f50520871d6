-- The catalog patterns each surveyed repository of the run uses, for diff.
--
-- Every category but package_manager (diff compares the package managers
-- of the counted projects, repo_summary.package_managers, instead).
SELECT DISTINCT p.repo, p.category, p.pattern
FROM repo_patterns p
JOIN repos r ON r.run_id = p.run_id AND r.repo = p.repo AND r.status = 'ok'
WHERE p.category <> 'package_manager'
ORDER BY p.repo, p.category, p.pattern
