// Package extractors holds the contract every fact extractor implements,
// and the path classification shared by the pipeline and extractors.
//
// The pipeline owns reading: it asks each extractor whether it Wants a
// path (cheap, path only), reads the blob once, and hands it to every
// extractor that wanted it. Extractors never execute repository code.
package extractors

import (
	"context"

	"github.com/pysurvey/pysurvey/schema"
)

// Extractor finds facts in files of a repository. Implementations are
// plain values safe for concurrent use: Extract may run on many files at once.
type Extractor interface {
	// Name is the extractor's stable identifier: lowercase letters, digits and '-'.
	Name() string
	// Version changes whenever the facts it extracts from the same input change.
	Version() int
	// Wants reports, from the path alone, whether Extract should see the file.
	Wants(path string) bool
	// Extract returns the facts of one file. An error is recorded in
	// files.error; facts returned beside it are kept.
	Extract(ctx context.Context, file *File) (Facts, error)
}

// Pure is implemented by extractors whose facts depend on a file's content
// alone: not on its path, the other files of the tree or the repository.
// The pipeline reuses their facts for a blob it extracted before
// (pipeline/factcache), whatever path or repository it is met at again.
type Pure interface {
	// Pure reports that the facts depend on the content alone.
	Pure() bool
}

// File is one file handed to an extractor.
type File struct {
	// Repo names the repository, for messages.
	Repo string
	// Path is relative to the repository root, '/'-separated.
	Path string
	// Content is the whole file.
	Content []byte
	// Tree reads other files of the same commit (for includes such as
	// requirements' -r). It may be nil in tests that need none.
	Tree Tree
}

// Tree reads files of the commit being surveyed.
type Tree interface {
	// ReadFile returns the content of the file at a '/'-separated path
	// relative to the repository root, or an error when there is none.
	ReadFile(path string) ([]byte, error)
	// Exists reports whether a regular file is at the path, whatever its size.
	Exists(path string) bool
}

// ContentOptional is implemented by extractors whose facts for some paths
// come from the path alone (lock files, markers). For such a path the
// pipeline does not read the file: it hands it over with Content nil,
// whatever its size, so presence is never lost to --max-file-size.
type ContentOptional interface {
	// NeedsContent reports whether Extract reads the content of the path.
	NeedsContent(path string) bool
}

// Facts are what an extractor found in one file. The pipeline fills in
// each row's run, repository and path keys.
type Facts struct {
	// Python holds the counts of a Python source file; nil for other files.
	Python *schema.PythonCounts
	// Imports, one per imported name.
	Imports []schema.Import
	// Symbols: decorators, bases, calls, exports and other named facts.
	Symbols []schema.Symbol
	// Dependencies declared by a packaging manifest, and its errors.
	Dependencies []schema.Dependency
	// Projects: one per manifest; rows sharing a root are merged per repository.
	Projects []schema.Project
}

// Append adds other's facts to f.
func (f *Facts) Append(other Facts) {
	if other.Python != nil {
		f.Python = other.Python
	}
	f.Imports = append(f.Imports, other.Imports...)
	f.Symbols = append(f.Symbols, other.Symbols...)
	f.Dependencies = append(f.Dependencies, other.Dependencies...)
	f.Projects = append(f.Projects, other.Projects...)
}
