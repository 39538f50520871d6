// Package setuppy extracts packaging facts from setup.py, read statically:
// the file is scanned, never executed.
//
// Only a setup() call imported from setuptools or distutils counts
// ("from setuptools import setup", "import setuptools; setuptools.setup(...)",
// aliases included); a setup.py calling no such setup() yields nothing.
// Its keyword arguments install_requires (group main), extras_require
// (group: the extra), setup_requires (build), tests_require (test), name,
// version and python_requires are read when they are literals: strings,
// lists, tuples, dicts and dict(...) calls, '+' of those, and names bound
// to such a literal by a top-level assignment. Anything else (a function
// call, a comprehension, a file read) is dynamic and yields no rows.
package setuppy

import (
	"context"
	"path"
	"strings"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging"
	"github.com/pysurvey/pysurvey/extractors/packaging/pep508"
	"github.com/pysurvey/pysurvey/schema"
)

// Extractor reads setup.py files.
type Extractor struct{}

// New returns the setup.py extractor.
func New() Extractor { return Extractor{} }

// Name implements extractors.Extractor.
func (Extractor) Name() string { return "setup-py" }

// Version implements extractors.Extractor.
func (Extractor) Version() int { return 4 }

// Wants reports whether p is a setup.py.
func (Extractor) Wants(p string) bool { return path.Base(p) == "setup.py" }

// Extract implements extractors.Extractor.
func (Extractor) Extract(ctx context.Context, f *extractors.File) (extractors.Facts, error) {
	var facts extractors.Facts
	text, badLine, reason := packaging.CheckText(f.Content)
	if badLine > 0 {
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, badLine, "%s", reason))
	}
	toks, serr := scan(string(text))
	if serr != nil {
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, serr.line, "invalid Python: %s", serr.msg))
	}
	call, ok := findSetup(toks)
	if !ok {
		return facts, ctx.Err()
	}
	env := assignments(toks)
	args := call.args(toks, env)
	add := func(key, group string) {
		if v, ok := args[key]; ok {
			facts.Dependencies = append(facts.Dependencies, requirements(f.Path, v, group)...)
		}
	}
	add("install_requires", packaging.GroupMain)
	add("setup_requires", packaging.GroupBuild)
	add("tests_require", "test")
	if extras, ok := args["extras_require"]; ok && extras.kind == litDict {
		for i, k := range extras.keys {
			if k.kind == litStr {
				facts.Dependencies = append(facts.Dependencies, requirements(f.Path, extras.vals[i], k.str)...)
			}
		}
	}
	p := packaging.Project(f.Path, packaging.Setuptools)
	p.Name = strings.TrimSpace(args["name"].str)
	p.Version = strings.TrimSpace(args["version"].str)
	p.RequiresPython = strings.TrimSpace(args["python_requires"].str)
	facts.Projects = []schema.Project{p}
	return facts, ctx.Err()
}

// requirements reads a requirement list: a list of strings, or a string
// of one requirement per line.
func requirements(p string, v lit, group string) []schema.Dependency {
	type item struct {
		line int
		text string
	}
	var items []item
	switch v.kind {
	case litStr:
		for i, l := range strings.Split(v.str, "\n") {
			items = append(items, item{v.line + i, l})
		}
	case litList:
		for _, it := range v.items {
			if it.kind != litStr {
				continue // dynamic entry
			}
			items = append(items, item{it.line, it.str})
		}
	}
	var out []schema.Dependency
	for _, it := range items {
		s := strings.TrimSpace(it.text)
		if i := strings.Index(s, " #"); i >= 0 {
			s = strings.TrimSpace(s[:i])
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
