// Package conda extracts packaging facts from conda environment files
// (environment.yml, environment.yaml).
//
// Each string under dependencies is a conda match spec: a row with
// manager conda, group main, the name normalized as PEP 503 and the rest
// of the spec (a channel:: prefix dropped) as the specifier, kept in
// conda's syntax. python is recorded like any other package: it pins the
// environment's interpreter, which is not the project's requires_python.
// The entries of a pip: sub-list are read as pip requirement
// lines and recorded with manager conda and group pip; options and -r
// includes there yield no rows. The environment's name is not a
// distribution name and is not recorded.
package conda

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging"
	"github.com/pysurvey/pysurvey/extractors/packaging/pep508"
	"github.com/pysurvey/pysurvey/extractors/packaging/pipline"
	"github.com/pysurvey/pysurvey/extractors/packaging/requirements"
	"github.com/pysurvey/pysurvey/schema"
)

// GroupPip is the group of the pip: sub-list's requirements.
const GroupPip = "pip"

// Extractor reads conda environment files.
type Extractor struct{}

// New returns the conda extractor.
func New() Extractor { return Extractor{} }

// Name implements extractors.Extractor.
func (Extractor) Name() string { return "conda" }

// Version implements extractors.Extractor.
func (Extractor) Version() int { return 4 }

// Wants reports whether p is a conda environment file.
func (Extractor) Wants(p string) bool {
	b := path.Base(p)
	return b == "environment.yml" || b == "environment.yaml"
}

// Extract implements extractors.Extractor.
func (Extractor) Extract(ctx context.Context, f *extractors.File) (extractors.Facts, error) {
	var facts extractors.Facts
	p := packaging.Project(f.Path, packaging.Conda)
	text, badLine, reason := packaging.CheckText(f.Content)
	if badLine > 0 {
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, badLine, "%s", reason))
	}
	doc, err := parse(text)
	if err != nil {
		line := errorLine(err)
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, line, "invalid YAML: %v", err))
		facts.Projects = []schema.Project{p}
		return facts, fmt.Errorf("conda: %w", err)
	}
	for _, item := range valueOf(doc, "dependencies") {
		switch item.Kind {
		case yaml.ScalarNode:
			facts.Dependencies = append(facts.Dependencies, spec(f.Path, item))
		case yaml.MappingNode:
			for _, pip := range valueOf(item, "pip") {
				facts.Dependencies = append(facts.Dependencies, pipEntry(f.Path, pip)...)
			}
		}
	}
	facts.Projects = []schema.Project{p}
	return facts, ctx.Err()
}

// parse decodes YAML into a node tree, turning a decoder panic into an error.
func parse(text []byte) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("YAML decoder failed: %v", r)
		}
	}()
	var n yaml.Node
	if err := yaml.Unmarshal(text, &n); err != nil {
		return nil, err
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0], nil
	}
	return &n, nil
}

var lineRE = regexp.MustCompile(`line (\d+)`)

// errorLine returns the line a YAML error names, 0 when none.
func errorLine(err error) int {
	m := lineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// valueOf returns the items of the sequence under key in a mapping.
func valueOf(m *yaml.Node, key string) []*yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i+1].Kind == yaml.SequenceNode {
			return m.Content[i+1].Content
		}
	}
	return nil
}

// specRE splits a conda match spec into name and constraint.
var specRE = regexp.MustCompile(`^([A-Za-z0-9_][A-Za-z0-9_.\-]*)\s*(.*)$`)

// spec reads a conda match spec.
func spec(p string, n *yaml.Node) schema.Dependency {
	s := strings.TrimSpace(n.Value)
	if i := strings.LastIndex(s, "::"); i >= 0 {
		s = s[i+2:]
	}
	m := specRE.FindStringSubmatch(s)
	if m == nil {
		return packaging.ErrorRow(p, n.Line, "invalid conda spec %q", n.Value)
	}
	name, constraint := m[1], strings.TrimSpace(m[2])
	return schema.Dependency{
		Line:      int32(n.Line),
		Manager:   packaging.Conda,
		Group:     packaging.GroupMain,
		Name:      pep508.Normalize(name),
		RawName:   name,
		Specifier: constraint,
		Source:    packaging.SourceRegistry,
		Counted:   !extractors.IsUncounted(p),
	}
}

// pipEntry reads one entry of the pip: sub-list as a requirements line.
func pipEntry(p string, n *yaml.Node) []schema.Dependency {
	if n.Kind != yaml.ScalarNode {
		return []schema.Dependency{packaging.ErrorRow(p, n.Line, "pip entry is not a string")}
	}
	var out []schema.Dependency
	for _, l := range requirements.Lines([]byte(n.Value)) {
		switch {
		case l.Err != "":
			out = append(out, packaging.ErrorRow(p, n.Line, "%s", l.Err))
		case l.Req != "":
			r, err := pipline.Parse(l.Req, l.Editable)
			if err != nil {
				out = append(out, packaging.ErrorRow(p, n.Line, "%v", err))
				continue
			}
			d := packaging.Dep(p, n.Line, packaging.Conda, GroupPip, r.Requirement)
			d.Source = r.Source
			out = append(out, d)
		}
	}
	return out
}
