// Package setupcfg extracts packaging facts from setup.cfg (setuptools'
// declarative configuration).
//
// [options] install_requires is group main, setup_requires group build,
// tests_require group test, and each key of [options.extras_require] a
// group of its name. A value is one requirement a line, or
// ';'-separated on a single line, as setuptools reads it; a "file:"
// value names other files and yields no rows. [metadata] name and version
// ("attr:" and "file:" versions are left empty) and [options]
// python_requires fill the project row. A setup.cfg with neither
// [metadata] nor [options] (tool settings only: flake8, pytest...) names
// no manager and yields no project row.
package setupcfg

import (
	"context"
	"path"
	"strings"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging"
	"github.com/pysurvey/pysurvey/extractors/packaging/pep508"
	"github.com/pysurvey/pysurvey/schema"
)

// Extractor reads setup.cfg files.
type Extractor struct{}

// New returns the setup.cfg extractor.
func New() Extractor { return Extractor{} }

// Name implements extractors.Extractor.
func (Extractor) Name() string { return "setup-cfg" }

// Version implements extractors.Extractor.
func (Extractor) Version() int { return 4 }

// Wants reports whether p is a setup.cfg.
func (Extractor) Wants(p string) bool { return path.Base(p) == "setup.cfg" }

// Extract implements extractors.Extractor.
func (Extractor) Extract(ctx context.Context, f *extractors.File) (extractors.Facts, error) {
	var facts extractors.Facts
	text, badLine, reason := packaging.CheckText(f.Content)
	ini := ParseINI(string(text))
	for _, e := range ini.Errors {
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, e.Line, "%s", e.Msg))
	}
	if badLine > 0 {
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, badLine, "%s", reason))
	}
	meta, opts := ini.Section("metadata"), ini.Section("options")
	if meta == nil && opts == nil {
		return facts, ctx.Err()
	}
	add := func(v *Value, group string) {
		if v != nil {
			facts.Dependencies = append(facts.Dependencies, requirements(f.Path, v, group)...)
		}
	}
	add(opts.Get("install_requires"), packaging.GroupMain)
	add(opts.Get("setup_requires"), packaging.GroupBuild)
	add(opts.Get("tests_require"), "test")
	if extras := ini.Section("options.extras_require"); extras != nil {
		for _, k := range extras.Keys {
			add(extras.Get(k), k)
		}
	}
	p := packaging.Project(f.Path, packaging.Setuptools)
	p.Name = strings.TrimSpace(meta.Get("name").String())
	if v := strings.TrimSpace(meta.Get("version").String()); !strings.HasPrefix(v, "attr:") && !strings.HasPrefix(v, "file:") {
		p.Version = v
	}
	p.RequiresPython = strings.TrimSpace(opts.Get("python_requires").String())
	facts.Projects = []schema.Project{p}
	return facts, ctx.Err()
}

// requirements reads a requirement list value.
func requirements(p string, v *Value, group string) []schema.Dependency {
	if strings.HasPrefix(strings.TrimSpace(v.String()), "file:") {
		return nil
	}
	type item struct {
		line int
		text string
	}
	var items []item
	if len(v.Lines) == 1 {
		for _, s := range strings.Split(v.Lines[0].Text, ";") {
			items = append(items, item{v.Lines[0].Num, s})
		}
		// A single line "name; marker" is one requirement, not two.
		if len(items) == 2 && looksLikeMarker(items[1].text) {
			items = []item{{v.Lines[0].Num, v.Lines[0].Text}}
		}
	} else {
		for _, l := range v.Lines {
			items = append(items, item{l.Num, l.Text})
		}
	}
	var out []schema.Dependency
	for _, it := range items {
		s := strings.TrimSpace(it.text)
		if i := strings.Index(s, " #"); i >= 0 {
			s = strings.TrimSpace(s[:i]) // lenient: configparser keeps inline comments
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		r, err := pep508.Parse(s)
		if err != nil {
			out = append(out, packaging.ErrorRow(p, it.line, "%v", err))
			continue
		}
		out = append(out, packaging.Dep(p, it.line, packaging.Setuptools, group, r))
	}
	return out
}

// looksLikeMarker reports whether s parses as an environment marker.
func looksLikeMarker(s string) bool {
	return pep508.CheckMarker(strings.TrimSpace(s)) == nil
}
