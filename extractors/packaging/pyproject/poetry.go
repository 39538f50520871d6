package pyproject

import (
	"strings"

	"github.com/pysurvey/pysurvey/extractors/packaging"
	"github.com/pysurvey/pysurvey/extractors/packaging/internal/tomltree"
	"github.com/pysurvey/pysurvey/extractors/packaging/pep508"
	"github.com/pysurvey/pysurvey/schema"
)

// poetry reads [tool.poetry]: dependencies (group main, or the extras
// that list an optional one), dev-dependencies (dev) and
// group.NAME.dependencies (NAME). The python key is requires_python, not
// a dependency. Constraints are kept as written ("*" is no constraint).
// When [project] declares dependencies (Poetry 2), [tool.poetry]
// dependencies only enrich them and yield no rows of their own.
func (r *reader) poetry(projectHasDeps bool) {
	poetry := r.root.Get("tool", "poetry")
	if poetry == nil {
		return
	}
	extrasOf := r.poetryExtras(poetry.Get("extras"))
	if deps := r.table(poetry.Get("dependencies"), "tool.poetry.dependencies"); deps != nil {
		if py := deps.Get("python"); py != nil {
			r.python = strings.TrimSpace(py.Str)
		}
		if !projectHasDeps {
			r.poetryTable(deps, packaging.GroupMain, extrasOf)
		}
	}
	if dev := r.table(poetry.Get("dev-dependencies"), "tool.poetry.dev-dependencies"); dev != nil {
		r.poetryTable(dev, packaging.GroupDev, nil)
	}
	if groups := r.table(poetry.Get("group"), "tool.poetry.group"); groups != nil {
		for _, g := range groups.Keys {
			if deps := r.table(groups.Fields[g].Get("dependencies"), "tool.poetry.group."+g+".dependencies"); deps != nil {
				r.poetryTable(deps, g, nil)
			}
		}
	}
}

// poetryExtras maps each normalized name listed in [tool.poetry.extras]
// to the extras listing it.
func (r *reader) poetryExtras(extras *tomltree.Value) map[string][]string {
	if r.table(extras, "tool.poetry.extras") == nil {
		return nil
	}
	out := map[string][]string{}
	for _, extra := range extras.Keys {
		for _, it := range r.array(extras.Fields[extra], "tool.poetry.extras."+extra) {
			if s, ok := it.AsString(); ok {
				// Entries are names, possibly with a constraint.
				name := s
				if req, err := pep508.Parse(s); err == nil {
					name = req.Name
				}
				n := pep508.Normalize(strings.TrimSpace(name))
				out[n] = append(out[n], extra)
			}
		}
	}
	return out
}

// poetryTable reads a poetry dependency table.
func (r *reader) poetryTable(deps *tomltree.Value, group string, extrasOf map[string][]string) {
	for _, name := range deps.Keys {
		if name == "python" {
			continue
		}
		v := deps.Fields[name]
		if !pep508.ValidName(name) {
			r.errorf(v.Line, "tool.poetry: invalid dependency name %q", name)
			continue
		}
		entries := []*tomltree.Value{v}
		if v.Kind == tomltree.Array {
			entries = v.Items // multiple-constraints form
		}
		for _, e := range entries {
			d, ok := r.poetryDep(name, e, group)
			if !ok {
				continue
			}
			groups := []string{group}
			if e.Get("optional").IsTrue() && len(extrasOf[d.Name]) > 0 {
				groups = extrasOf[d.Name]
			}
			for _, g := range groups {
				d.Group = g
				r.deps = append(r.deps, d)
			}
		}
	}
}

// poetryDep reads one poetry dependency: a constraint string or a table
// with version, extras, markers and git, path, url or develop keys.
func (r *reader) poetryDep(name string, v *tomltree.Value, group string) (schema.Dependency, bool) {
	d := schema.Dependency{
		Line:    int32(v.Line),
		Manager: packaging.Poetry,
		Group:   group,
		Name:    pep508.Normalize(name),
		RawName: name,
		Source:  packaging.SourceRegistry,
		Counted: r.counted(),
	}
	switch v.Kind {
	case tomltree.String:
		d.Specifier = constraint(v.Str)
		return d, true
	case tomltree.Table:
	default:
		r.errorf(v.Line, "tool.poetry: dependency %q is neither a string nor a table", name)
		return d, false
	}
	d.Specifier = constraint(v.StringOf("version"))
	d.Marker = strings.TrimSpace(v.StringOf("markers"))
	var extras []string
	for _, e := range v.Get("extras").Elems() {
		if s, ok := e.AsString(); ok {
			extras = append(extras, strings.TrimSpace(s))
		}
	}
	d.Extras = packaging.JoinSorted(extras)
	switch {
	case v.Has("git"):
		d.Source = packaging.SourceGit
	case v.Has("path") && v.Get("develop").IsTrue():
		d.Source = packaging.SourceEditable
	case v.Has("path"):
		d.Source = packaging.SourcePath
	case v.Has("url"):
		d.Source = packaging.SourceURL
	}
	return d, true
}

// constraint returns a poetry constraint as written, "" for "*".
func constraint(s string) string {
	s = strings.TrimSpace(s)
	if s == "*" {
		return ""
	}
	return s
}

func (r *reader) counted() bool {
	return packaging.Project(r.path).Counted
}
