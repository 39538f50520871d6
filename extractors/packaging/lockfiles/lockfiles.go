// Package lockfiles records the presence of lock files: poetry.lock,
// pdm.lock, uv.lock and Pipfile.lock each give a project row at their
// directory naming the lock file and its package manager. Their contents
// (resolved, transitive pins) are not read as declared dependencies.
package lockfiles

import (
	"context"
	"path"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging"
	"github.com/pysurvey/pysurvey/schema"
)

// managers maps lock file names to their package manager.
var managers = map[string]string{
	"poetry.lock":  packaging.Poetry,
	"pdm.lock":     packaging.PDM,
	"uv.lock":      packaging.UV,
	"Pipfile.lock": packaging.Pipenv,
}

// Extractor records lock files.
type Extractor struct{}

// New returns the lock file extractor.
func New() Extractor { return Extractor{} }

// Name implements extractors.Extractor.
func (Extractor) Name() string { return "lockfiles" }

// Version implements extractors.Extractor.
func (Extractor) Version() int { return 4 }

// Wants reports whether p is a lock file.
func (Extractor) Wants(p string) bool { return managers[path.Base(p)] != "" }

// NeedsContent implements extractors.ContentOptional: a lock file's
// presence is the fact, its content is not read.
func (Extractor) NeedsContent(string) bool { return false }

// Extract implements extractors.Extractor.
func (Extractor) Extract(ctx context.Context, f *extractors.File) (extractors.Facts, error) {
	m := managers[path.Base(f.Path)]
	if m == "" {
		return extractors.Facts{}, nil
	}
	return extractors.Facts{Projects: []schema.Project{packaging.Project(f.Path, m)}}, ctx.Err()
}
