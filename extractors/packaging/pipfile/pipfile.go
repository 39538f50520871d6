// Package pipfile extracts packaging facts from Pipfile (pipenv).
//
// [packages] are group main, [dev-packages] group dev, and any other
// table (pipenv's custom package categories) is a group of its own name,
// except [source], [requires], [pipenv] and [scripts]. A value is a
// version specifier ("*" is none) or a table with version, extras,
// markers (and marker-variable keys such as sys_platform, joined into the
// marker) and git, path, file or editable keys; a bare version ("3.*")
// means == and is kept as written. [requires] python_version
// or python_full_version is the project's requires_python.
package pipfile

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging"
	"github.com/pysurvey/pysurvey/extractors/packaging/internal/tomltree"
	"github.com/pysurvey/pysurvey/extractors/packaging/pep508"
	"github.com/pysurvey/pysurvey/schema"
)

// Extractor reads Pipfiles.
type Extractor struct{}

// New returns the Pipfile extractor.
func New() Extractor { return Extractor{} }

// Name implements extractors.Extractor.
func (Extractor) Name() string { return "pipfile" }

// Version implements extractors.Extractor.
func (Extractor) Version() int { return 4 }

// Wants reports whether p is a Pipfile.
func (Extractor) Wants(p string) bool { return path.Base(p) == "Pipfile" }

// notPackages are Pipfile tables that hold no packages.
var notPackages = map[string]bool{"source": true, "requires": true, "pipenv": true, "scripts": true}

// Extract implements extractors.Extractor.
func (Extractor) Extract(ctx context.Context, f *extractors.File) (extractors.Facts, error) {
	var facts extractors.Facts
	text, badLine, reason := packaging.CheckText(f.Content)
	root, errs := tomltree.Parse(text)
	var ferr error
	if badLine > 0 {
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, badLine, "%s", reason))
		ferr = fmt.Errorf("pipfile: line %d: %s", badLine, reason)
	} else if len(errs) > 0 {
		ferr = fmt.Errorf("pipfile: %w", errs[0])
	}
	for _, e := range errs {
		if badLine == 0 || e.Line < badLine-1 {
			facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, e.Line, "%s", e.Msg))
		}
	}
	for _, table := range root.Keys {
		v := root.Fields[table]
		if notPackages[table] || v.Kind != tomltree.Table {
			continue
		}
		group := table
		switch table {
		case "packages":
			group = packaging.GroupMain
		case "dev-packages":
			group = packaging.GroupDev
		}
		for _, name := range v.Keys {
			facts.Dependencies = append(facts.Dependencies, dep(f.Path, name, v.Fields[name], group))
		}
	}
	p := packaging.Project(f.Path, packaging.Pipenv)
	p.RequiresPython = strings.TrimSpace(first(root.StringOf("requires", "python_full_version"), root.StringOf("requires", "python_version")))
	facts.Projects = []schema.Project{p}
	if ferr != nil {
		return facts, ferr
	}
	return facts, ctx.Err()
}

// markerKeys are the environment marker variables pipenv accepts as keys
// of a package table ({sys_platform = "== 'linux'"}).
var markerKeys = []string{"os_name", "sys_platform", "platform_machine", "platform_python_implementation",
	"platform_release", "platform_system", "platform_version", "python_version", "python_full_version",
	"implementation_name", "implementation_version"}

// marker returns a package's environment marker: its markers key and any
// marker-variable keys, joined with "and".
func marker(v *tomltree.Value) string {
	var parts []string
	if m := strings.TrimSpace(v.StringOf("markers")); m != "" {
		parts = append(parts, m)
	}
	for _, k := range markerKeys {
		if c := strings.TrimSpace(v.StringOf(k)); c != "" {
			parts = append(parts, k+" "+c)
		}
	}
	if len(parts) > 1 {
		for i, p := range parts {
			parts[i] = "(" + p + ")"
		}
	}
	return strings.Join(parts, " and ")
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// dep reads one package entry.
func dep(p, name string, v *tomltree.Value, group string) schema.Dependency {
	if !pep508.ValidName(name) {
		return packaging.ErrorRow(p, v.Line, "invalid package name %q", name)
	}
	d := schema.Dependency{
		Line:    int32(v.Line),
		Manager: packaging.Pipenv,
		Group:   group,
		Name:    pep508.Normalize(name),
		RawName: name,
		Source:  packaging.SourceRegistry,
		Counted: !extractors.IsUncounted(p),
	}
	var spec string
	switch v.Kind {
	case tomltree.String:
		spec = v.Str
	case tomltree.Table:
		spec = v.StringOf("version")
		d.Marker = marker(v)
		var extras []string
		for _, e := range v.Get("extras").Elems() {
			if s, ok := e.AsString(); ok {
				extras = append(extras, strings.TrimSpace(s))
			}
		}
		d.Extras = packaging.JoinSorted(extras)
		switch {
		case v.Get("editable").IsTrue():
			d.Source = packaging.SourceEditable
		case v.Has("git"):
			d.Source = packaging.SourceGit
		case v.Has("path"):
			d.Source = packaging.SourcePath
		case v.Has("file"):
			d.Source = pep508.URLSource(v.StringOf("file"))
		}
	default:
		return packaging.ErrorRow(p, v.Line, "package %q is neither a string nor a table", name)
	}
	if spec = strings.TrimSpace(spec); spec != "*" && spec != "" {
		check := spec
		if c := spec[0]; '0' <= c && c <= '9' {
			check = "==" + spec // pipenv reads a bare version as ==
		}
		if _, err := pep508.ParseSpecifierSet(check); err != nil {
			return packaging.ErrorRow(p, v.Line, "package %q: %v", name, err)
		}
		d.Specifier = strings.Join(strings.Fields(spec), "")
	}
	return d
}
