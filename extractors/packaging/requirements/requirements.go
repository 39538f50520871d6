// Package requirements extracts the dependencies of pip requirements
// files: requirements*.txt, requirements*.in, *-requirements.txt and
// *_requirements.txt (and .in), and requirements/*.txt|in.
//
// Lines are read as pip reads them: a trailing backslash continues a line,
// '#' starts a comment at the line start or after whitespace, options
// (--hash, --index-url, ...) are dropped, and -e marks an editable
// requirement.
//
// Each requirements file is extracted on its own (the pipeline hands every
// one to the extractor), so the rows of a file included with -r belong to
// that file alone and are never counted twice. Includes (-r) and
// constraint files (-c) are followed only to check them: an include that
// is missing, leaves the repository (a URL, an absolute path, or a path
// climbing above the root) or leads back to the including file is an
// error row on the including line. Constraint files declare no
// dependencies.
package requirements

import (
	"context"
	"path"
	"strings"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging"
	"github.com/pysurvey/pysurvey/extractors/packaging/pipline"
	"github.com/pysurvey/pysurvey/schema"
)

// Extractor reads pip requirements files.
type Extractor struct{}

// New returns the requirements extractor.
func New() Extractor { return Extractor{} }

// Name implements extractors.Extractor.
func (Extractor) Name() string { return "requirements" }

// Version implements extractors.Extractor.
func (Extractor) Version() int { return 4 }

// Wants reports whether p is a requirements file.
func (Extractor) Wants(p string) bool { return IsRequirements(p) }

// IsRequirements reports whether p names a pip requirements file
// (extractors.IsRequirementsFile): requirements*.txt, dev-requirements.in,
// requirements/base.txt.
func IsRequirements(p string) bool { return extractors.IsRequirementsFile(p) }

// Extract implements extractors.Extractor.
func (Extractor) Extract(ctx context.Context, f *extractors.File) (extractors.Facts, error) {
	var facts extractors.Facts
	proj := packaging.Project(f.Path, packaging.Pip)
	proj.Root, proj.Manifests = rootOf(f.Path)
	facts.Projects = []schema.Project{proj}

	text, bad := packaging.TextLines(f.Content)
	for _, n := range bad {
		facts.Dependencies = append(facts.Dependencies, packaging.ErrorRow(f.Path, n, "not text (binary or invalid UTF-8)"))
	}
	group := GroupOf(f.Path)
	for _, l := range Lines(text) {
		if err := ctx.Err(); err != nil {
			return facts, err
		}
		facts.Dependencies = append(facts.Dependencies, lineRows(f, l, group)...)
	}
	return facts, nil
}

// rootOf returns the project root of a requirements file and the file's
// path relative to it: files in a requirements/ directory belong to the
// directory above.
func rootOf(p string) (root, manifest string) {
	dir := path.Dir(p)
	if path.Base(dir) == "requirements" {
		return packaging.Root(dir), "requirements/" + path.Base(p)
	}
	return packaging.Root(p), path.Base(p)
}

// GroupOf derives the dependency group from a requirements file name,
// lowercased, without its extension and without a leading or trailing
// "requirements" and separators: requirements-test.txt,
// test_requirements.txt and requirements/test.txt give test. Nothing left
// gives main; dev, develop and development give dev.
func GroupOf(p string) string {
	base := path.Base(p)
	stem := strings.TrimSuffix(strings.TrimSuffix(base, ".txt"), ".in")
	stem = strings.ToLower(stem)
	if strings.HasPrefix(stem, "requirements") {
		stem = strings.TrimPrefix(stem, "requirements")
	} else if strings.HasSuffix(stem, "requirements") {
		stem = strings.TrimSuffix(stem, "requirements")
	}
	stem = strings.Trim(stem, "-_.")
	switch stem {
	case "", "requirements":
		return packaging.GroupMain
	case "dev", "develop", "development":
		return packaging.GroupDev
	}
	return stem
}

// lineRows returns the rows of one logical line.
func lineRows(f *extractors.File, l Line, group string) []schema.Dependency {
	switch {
	case l.Err != "":
		return []schema.Dependency{packaging.ErrorRow(f.Path, l.Num, "%s", l.Err)}
	case l.Include != "":
		if msg := checkInclude(f, l.Include); msg != "" {
			return []schema.Dependency{packaging.ErrorRow(f.Path, l.Num, "%s %s: %s", l.IncludeOpt, l.Include, msg)}
		}
		return nil
	case l.Req == "":
		return nil
	}
	r, err := pipline.Parse(l.Req, l.Editable)
	if err != nil {
		return []schema.Dependency{packaging.ErrorRow(f.Path, l.Num, "%v", err)}
	}
	d := packaging.Dep(f.Path, l.Num, packaging.Pip, group, r.Requirement)
	d.Source = r.Source
	return []schema.Dependency{d}
}
