package schema

import (
	"sort"
	"strings"
)

// MergeProjects merges project rows that share a root into one, in the
// order the roots first appear sorted by root. Manifests and managers are
// unioned; name, version, requires_python and build_backend come from the
// first row that has them, so callers pass rows in order of authority
// (the pipeline orders them by manifest path). The manager pep621 (no tool
// named) is dropped from a root that another manager names.
func MergeProjects(rows []Project) []Project {
	byRoot := make(map[string]*Project)
	var roots []string
	for _, r := range rows {
		m, ok := byRoot[r.Root]
		if !ok {
			c := r
			byRoot[r.Root] = &c
			roots = append(roots, r.Root)
			continue
		}
		m.Manifests = joinSet(m.Manifests, r.Manifests)
		m.Managers = joinSet(m.Managers, r.Managers)
		m.Name = firstNonEmpty(m.Name, r.Name)
		m.Version = firstNonEmpty(m.Version, r.Version)
		m.RequiresPython = firstNonEmpty(m.RequiresPython, r.RequiresPython)
		m.BuildBackend = firstNonEmpty(m.BuildBackend, r.BuildBackend)
		m.Counted = m.Counted && r.Counted
	}
	sort.Strings(roots)
	out := make([]Project, 0, len(roots))
	for _, root := range roots {
		p := byRoot[root]
		p.Manifests = joinSet(p.Manifests, "")
		p.Managers = joinSet(p.Managers, "")
		if p.Managers != "pep621" {
			// pep621 means no tool named: another manager of the root names one
			p.Managers = strings.Trim(strings.ReplaceAll(","+p.Managers+",", ",pep621,", ","), ",")
		}
		out = append(out, *p)
	}
	return out
}

// joinSet returns the sorted, de-duplicated union of two comma-separated lists.
func joinSet(a, b string) string {
	seen := map[string]bool{}
	var items []string
	for _, s := range strings.Split(a+","+b, ",") {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			items = append(items, s)
		}
	}
	sort.Strings(items)
	return strings.Join(items, ",")
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
