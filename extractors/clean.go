package extractors

import (
	"strings"

	"github.com/pysurvey/pysurvey/schema"
)

// Clean readies facts for the writer; the pipeline calls it once, when an
// extraction is over. Project roots and manifest names are raw tree paths
// as extractors make them (from File.Path): they are escaped like
// files.path (schema.EscapePath), so that a root stays the directory part
// of its manifests' paths. Every other text is made acceptable to the
// writer by the rows' Clean methods (names from a file's content, error
// messages quoting a path).
func (f *Facts) Clean() {
	if f.Python != nil {
		f.Python.Clean()
	}
	for i := range f.Imports {
		f.Imports[i].Clean()
	}
	for i := range f.Symbols {
		f.Symbols[i].Clean()
	}
	for i := range f.Dependencies {
		f.Dependencies[i].Clean()
	}
	for i := range f.Projects {
		p := &f.Projects[i]
		p.Root = schema.EscapePath(p.Root)
		if p.Manifests != "" {
			names := strings.Split(p.Manifests, ",")
			for j, n := range names {
				names[j] = schema.EscapePath(n)
			}
			p.Manifests = strings.Join(names, ",")
		}
		p.Clean()
	}
}
