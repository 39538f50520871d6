// Package pyproject extracts packaging facts from pyproject.toml.
//
// Dependencies are read from [project] dependencies and
// optional-dependencies, [build-system] requires (group "build"),
// [dependency-groups] (PEP 735; include-group entries are skipped, so no
// requirement is counted twice), [tool.poetry] dependencies,
// dev-dependencies and group.*.dependencies, [tool.pdm] dev-dependencies,
// [tool.uv] dev-dependencies, [tool.hatch.envs.*] dependencies and
// extra-dependencies (group: the environment's name), the legacy
// [tool.flit.metadata] requires, requires-extra and dev-requires, and the
// dependencies and optional-dependencies that [project] lists as dynamic
// and hatch's uv-dynamic-versioning metadata hook declares instead
// ([tool.hatch.metadata.hooks.uv-dynamic-versioning], as pydantic-ai's
// distributions do; a template such as {{ version }} in a version is kept
// as written).
//
// Package managers are evidenced by the build backend, by [tool.poetry],
// [tool.pdm], [tool.hatch], [tool.uv], [tool.flit], [tool.setuptools] and
// [tool.maturin], and by a poetry.lock, pdm.lock or uv.lock beside the
// file. The rows of the standard tables ([project], [build-system],
// [dependency-groups]) are credited to the manager of a lock file beside
// the file if there is one, else to the first of poetry, uv, pdm, hatch,
// flit, maturin and setuptools that is evidenced (workflow tools before
// build backends), or to "pep621" when none is. Rows of a [tool.X] table
// are credited to X.
//
// A project whose manifest names no tool but has a [project] or
// [dependency-groups] table has the manager "pep621". A pyproject.toml with
// none of [project], [dependency-groups] or [build-system] and no manager
// evidence (tool settings only: ruff, mypy, pytest...) yields no project
// row: it is configuration, not a project.
package pyproject

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging"
	"github.com/pysurvey/pysurvey/extractors/packaging/internal/tomltree"
	"github.com/pysurvey/pysurvey/extractors/packaging/pep508"
	"github.com/pysurvey/pysurvey/extractors/packaging/pipline"
	"github.com/pysurvey/pysurvey/schema"
)

// Extractor reads pyproject.toml files.
type Extractor struct{}

// New returns the pyproject extractor.
func New() Extractor { return Extractor{} }

// Name implements extractors.Extractor.
func (Extractor) Name() string { return "pyproject" }

// Version implements extractors.Extractor.
func (Extractor) Version() int { return 6 }

// Wants reports whether p is a pyproject.toml.
func (Extractor) Wants(p string) bool { return path.Base(p) == "pyproject.toml" }

// BackendManager returns the package manager a PEP 517 build backend
// belongs to, "" when it is none of those surveyed.
func BackendManager(backend string) string {
	mod, _, _ := strings.Cut(strings.TrimSpace(backend), ":")
	top, _, _ := strings.Cut(mod, ".")
	switch top {
	case "poetry":
		return packaging.Poetry
	case "pdm":
		return packaging.PDM
	case "hatchling":
		return packaging.Hatch
	case "flit_core", "flit":
		return packaging.Flit
	case "setuptools":
		return packaging.Setuptools
	case "maturin":
		return packaging.Maturin
	case "uv_build":
		return packaging.UV
	}
	return ""
}

// toolManagers are the [tool.X] tables that evidence a manager.
var toolManagers = [...]struct{ table, manager string }{
	{"poetry", packaging.Poetry}, {"pdm", packaging.PDM}, {"hatch", packaging.Hatch},
	{"uv", packaging.UV}, {"flit", packaging.Flit}, {"setuptools", packaging.Setuptools},
	{"maturin", packaging.Maturin},
}

// lockManagers are lock files that evidence a manager beside pyproject.toml.
var lockManagers = [...]struct{ file, manager string }{
	{"poetry.lock", packaging.Poetry}, {"pdm.lock", packaging.PDM}, {"uv.lock", packaging.UV},
}

// primaryOrder ranks managers for crediting the standard tables:
// workflow tools before build backends. uv comes before pdm because
// pdm-backend and its [tool.pdm.build] table are often used by projects
// that uv manages.
var primaryOrder = [...]string{
	packaging.Poetry, packaging.UV, packaging.PDM, packaging.Hatch,
	packaging.Flit, packaging.Maturin, packaging.Setuptools,
}

// Extract implements extractors.Extractor.
func (Extractor) Extract(ctx context.Context, f *extractors.File) (extractors.Facts, error) {
	var facts extractors.Facts
	text, badLine, reason := packaging.CheckText(f.Content)
	root, errs := tomltree.Parse(text)
	var ferr error
	if badLine > 0 {
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, badLine, "%s", reason))
		ferr = fmt.Errorf("pyproject: line %d: %s", badLine, reason)
	} else if len(errs) > 0 {
		ferr = fmt.Errorf("pyproject: %w", errs[0])
	}
	for _, e := range errs {
		if badLine > 0 && e.Line >= badLine-1 {
			continue // a consequence of cutting the file at the bad line
		}
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, e.Line, "%s", e.Msg))
	}
	r := reader{path: f.Path, root: root}
	r.evidence(f)
	r.read()
	facts.Dependencies = append(facts.Dependencies, r.deps...)
	if p, ok := r.project(); ok {
		facts.Projects = []schema.Project{p}
	}
	if ferr != nil {
		return facts, ferr
	}
	return facts, ctx.Err()
}

type reader struct {
	path     string
	root     *tomltree.Value
	managers []string // evidenced, unordered
	primary  string
	python   string // requires-python from a tool table
	deps     []schema.Dependency
}

// evidence collects the managers named by the backend, tool tables and
// sibling lock files, and picks the primary one.
func (r *reader) evidence(f *extractors.File) {
	if m := BackendManager(r.root.StringOf("build-system", "build-backend")); m != "" {
		r.managers = append(r.managers, m)
	}
	for _, t := range toolManagers {
		if r.root.Has("tool", t.table) {
			r.managers = append(r.managers, t.manager)
		}
	}
	var locked []string
	if f.Tree != nil {
		dir := path.Dir(f.Path)
		for _, l := range lockManagers {
			if f.Tree.Exists(path.Join(dir, l.file)) {
				locked = append(locked, l.manager)
			}
		}
	}
	r.managers = append(r.managers, locked...)
	// A lock file is the strongest evidence of the tool in use.
	r.primary = packaging.PEP621
	for _, evidence := range [][]string{locked, r.managers} {
		for _, m := range primaryOrder {
			for _, e := range evidence {
				if e == m {
					r.primary = m
					return
				}
			}
		}
	}
}

func (r *reader) project() (schema.Project, bool) {
	standard := r.root.Has("project") || r.root.Has("dependency-groups")
	if !standard && !r.root.Has("build-system") && len(r.managers) == 0 {
		return schema.Project{}, false
	}
	managers := r.managers
	if len(managers) == 0 && standard {
		// standard tables and no tool named: pip or any PEP 517 frontend
		managers = []string{packaging.PEP621}
	}
	p := packaging.Project(r.path, managers...)
	p.BuildBackend = strings.TrimSpace(r.root.StringOf("build-system", "build-backend"))
	proj := r.root.Get("project")
	poetry := r.root.Get("tool", "poetry")
	flit := r.root.Get("tool", "flit", "metadata")
	p.Name = first(proj.StringOf("name"), poetry.StringOf("name"), flit.StringOf("dist-name"), flit.StringOf("module"))
	if !isDynamic(proj, "version") {
		p.Version = first(proj.StringOf("version"), poetry.StringOf("version"))
	}
	p.RequiresPython = first(proj.StringOf("requires-python"), r.python, flit.StringOf("requires-python"))
	return p, true
}

func first(s ...string) string {
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}

// isDynamic reports whether [project] lists field as dynamic.
func isDynamic(proj *tomltree.Value, field string) bool {
	for _, it := range proj.Get("dynamic").Elems() {
		if s, _ := it.AsString(); s == field {
			return true
		}
	}
	return false
}

func (r *reader) errorf(line int, format string, args ...any) {
	r.deps = append(r.deps, packaging.ErrorRow(r.path, line, format, args...))
}

func (r *reader) read() {
	proj := r.root.Get("project")
	r.pep508List(proj.Get("dependencies"), "project.dependencies", r.primary, packaging.GroupMain)
	if opt := r.table(proj.Get("optional-dependencies"), "project.optional-dependencies"); opt != nil {
		for _, extra := range opt.Keys {
			r.pep508List(opt.Fields[extra], "project.optional-dependencies."+extra, r.primary, extra)
		}
	}
	r.dynamicHook(proj)
	r.pep508List(r.root.Get("build-system", "requires"), "build-system.requires", r.primary, packaging.GroupBuild)
	if groups := r.table(r.root.Get("dependency-groups"), "dependency-groups"); groups != nil {
		for _, g := range groups.Keys {
			r.dependencyGroup(groups.Fields[g], g)
		}
	}
	r.poetry(proj.Has("dependencies"))
	tool := r.root.Get("tool")
	if dev := r.table(tool.Get("pdm", "dev-dependencies"), "tool.pdm.dev-dependencies"); dev != nil {
		for _, g := range dev.Keys {
			r.pipList(dev.Fields[g], "tool.pdm.dev-dependencies."+g, packaging.PDM, g)
		}
	}
	r.pipList(tool.Get("uv", "dev-dependencies"), "tool.uv.dev-dependencies", packaging.UV, packaging.GroupDev)
	if envs := r.table(tool.Get("hatch", "envs"), "tool.hatch.envs"); envs != nil {
		for _, env := range envs.Keys {
			e := envs.Fields[env]
			r.pep508List(e.Get("dependencies"), "tool.hatch.envs."+env+".dependencies", packaging.Hatch, env)
			r.pep508List(e.Get("extra-dependencies"), "tool.hatch.envs."+env+".extra-dependencies", packaging.Hatch, env)
		}
	}
	if flit := tool.Get("flit", "metadata"); flit != nil {
		r.pep508List(flit.Get("requires"), "tool.flit.metadata.requires", packaging.Flit, packaging.GroupMain)
		r.pep508List(flit.Get("dev-requires"), "tool.flit.metadata.dev-requires", packaging.Flit, packaging.GroupDev)
		if extras := r.table(flit.Get("requires-extra"), "tool.flit.metadata.requires-extra"); extras != nil {
			for _, extra := range extras.Keys {
				r.pep508List(extras.Fields[extra], "tool.flit.metadata.requires-extra."+extra, packaging.Flit, extra)
			}
		}
	}
	r.applyUVSources()
}

// dynamicHook reads the dependencies and optional-dependencies that
// [project] lists as dynamic from hatch's uv-dynamic-versioning metadata
// hook, where that plugin's users declare them (templated with the
// version the plugin computes).
func (r *reader) dynamicHook(proj *tomltree.Value) {
	const key = "tool.hatch.metadata.hooks.uv-dynamic-versioning"
	hook := r.table(r.root.Get("tool", "hatch", "metadata", "hooks", "uv-dynamic-versioning"), key)
	if hook == nil {
		return
	}
	if isDynamic(proj, "dependencies") {
		r.requirementList(hook.Get("dependencies"), key+".dependencies", r.primary, packaging.GroupMain, parseTemplated)
	}
	if isDynamic(proj, "optional-dependencies") {
		if opt := r.table(hook.Get("optional-dependencies"), key+".optional-dependencies"); opt != nil {
			for _, extra := range opt.Keys {
				r.requirementList(opt.Fields[extra], key+".optional-dependencies."+extra, r.primary, extra, parseTemplated)
			}
		}
	}
}

// versionPlaceholder stands for a template while a requirement is parsed:
// a version PEP 440 accepts, never written in a real one.
const versionPlaceholder = "987654321987654321"

// parseTemplated parses a PEP 508 string whose versions may be templates
// ("pydantic-graph=={{ version }}"); a template is kept in the specifier
// as written, without its spaces.
func parseTemplated(s string) (pep508.Requirement, error) {
	s, templates := withoutTemplates(s)
	req, err := pep508.Parse(s)
	if err != nil {
		return req, err
	}
	if strings.Contains(req.Name+req.URL+req.Marker, versionPlaceholder) {
		return req, fmt.Errorf("a template outside a version")
	}
	for _, t := range templates {
		req.Specifier = strings.Replace(req.Specifier, versionPlaceholder, t, 1)
	}
	return req, nil
}

// withoutTemplates replaces each template {{ ... }} of s by
// versionPlaceholder, in one pass, and returns the templates without their
// spaces, in order. An unclosed {{ stays as written (and fails to parse).
func withoutTemplates(s string) (string, []string) {
	var b strings.Builder
	var templates []string
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			break
		}
		end := i + 2 + j + 2
		templates = append(templates, strings.ReplaceAll(s[i:end], " ", ""))
		b.WriteString(s[:i])
		b.WriteString(versionPlaceholder)
		s = s[end:]
	}
	if templates == nil {
		return s, nil
	}
	b.WriteString(s)
	return b.String(), templates
}

// table returns v when it is a table; it records an error row when v is
// something else, and returns nil for both that and a missing v.
func (r *reader) table(v *tomltree.Value, key string) *tomltree.Value {
	if v == nil {
		return nil
	}
	if v.Kind != tomltree.Table {
		r.errorf(v.Line, "%s is not a table", key)
		return nil
	}
	return v
}

// array returns the items of v when it is an array, recording an error
// row when it is something else.
func (r *reader) array(v *tomltree.Value, key string) []*tomltree.Value {
	if v == nil {
		return nil
	}
	if v.Kind != tomltree.Array {
		r.errorf(v.Line, "%s is not an array", key)
		return nil
	}
	return v.Items
}

// pep508List reads an array of PEP 508 strings.
func (r *reader) pep508List(v *tomltree.Value, key, manager, group string) {
	r.requirementList(v, key, manager, group, pep508.Parse)
}

// requirementList reads an array of requirement strings, each parsed by
// parse.
func (r *reader) requirementList(v *tomltree.Value, key, manager, group string, parse func(string) (pep508.Requirement, error)) {
	for _, it := range r.array(v, key) {
		s, ok := it.AsString()
		if !ok {
			r.errorf(it.Line, "%s: entry is not a string", key)
			continue
		}
		req, err := parse(s)
		if err != nil {
			r.errorf(it.Line, "%s: %v", key, err)
			continue
		}
		r.deps = append(r.deps, packaging.Dep(r.path, it.Line, manager, group, req))
	}
}

// pipList reads an array of requirement strings that may also use pip's
// "-e" form, as pdm and uv allow.
func (r *reader) pipList(v *tomltree.Value, key, manager, group string) {
	for _, it := range r.array(v, key) {
		s, ok := it.AsString()
		if !ok {
			r.errorf(it.Line, "%s: entry is not a string", key)
			continue
		}
		s = strings.TrimSpace(s)
		editable := false
		for _, opt := range [...]string{"-e ", "--editable "} {
			if rest, found := strings.CutPrefix(s, opt); found {
				s, editable = rest, true
			}
		}
		req, err := pipline.Parse(s, editable)
		if err != nil {
			r.errorf(it.Line, "%s: %v", key, err)
			continue
		}
		d := packaging.Dep(r.path, it.Line, manager, group, req.Requirement)
		d.Source = req.Source
		r.deps = append(r.deps, d)
	}
}

// dependencyGroup reads one PEP 735 group: strings and include-group tables.
func (r *reader) dependencyGroup(v *tomltree.Value, name string) {
	key := "dependency-groups." + name
	for _, it := range r.array(v, key) {
		switch it.Kind {
		case tomltree.String:
			req, err := pep508.Parse(it.Str)
			if err != nil {
				r.errorf(it.Line, "%s: %v", key, err)
				continue
			}
			r.deps = append(r.deps, packaging.Dep(r.path, it.Line, r.primary, name, req))
		case tomltree.Table:
			if _, ok := it.Get("include-group").AsString(); !ok {
				r.errorf(it.Line, "%s: table entry without include-group", key)
			}
		default:
			r.errorf(it.Line, "%s: entry is neither a string nor a table", key)
		}
	}
}

// applyUVSources sets the source of rows named in [tool.uv.sources].
func (r *reader) applyUVSources() {
	sources := r.root.Get("tool", "uv", "sources")
	if sources == nil || sources.Kind != tomltree.Table {
		return
	}
	bySource := map[string]string{}
	for _, name := range sources.Keys {
		s := sources.Fields[name]
		if s.Kind == tomltree.Array && len(s.Items) > 0 {
			s = s.Items[0]
		}
		bySource[pep508.Normalize(name)] = uvSource(s)
	}
	for i := range r.deps {
		d := &r.deps[i]
		if src := bySource[d.Name]; src != "" && d.Error == "" && d.Source == packaging.SourceRegistry {
			d.Source = src
		}
	}
}

// uvSource maps a [tool.uv.sources] entry to a dependency source.
func uvSource(s *tomltree.Value) string {
	switch {
	case s.Has("git"):
		return packaging.SourceGit
	case s.Has("path") && s.Get("editable").IsTrue():
		return packaging.SourceEditable
	case s.Has("path"), s.Get("workspace").IsTrue():
		return packaging.SourcePath
	case s.Has("url"):
		return packaging.SourceURL
	}
	return ""
}
