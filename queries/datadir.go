package queries

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pysurvey/pysurvey/schema"
)

// ReadableDir returns a name of dir that DuckDB can take, and a function
// that releases it. DuckDB takes file names as UTF-8 text (its Go binding
// refuses to bind other bytes), while the system's need not be: for a
// directory whose name is not text, the name is a symbolic link to it in
// a new temporary directory, removed by release. The pysurvey output
// under it is named by pysurvey, in ASCII.
func ReadableDir(dir string) (name string, release func(), err error) {
	if schema.CheckText(dir) == nil {
		return dir, func() {}, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil, fmt.Errorf("data directory %q: %w", dir, err)
	}
	tmp, err := os.MkdirTemp("", "pysurvey-data-")
	if err != nil {
		return "", nil, fmt.Errorf("data directory %q is not UTF-8 text, and no link to it could be made for DuckDB: %w", dir, err)
	}
	link := filepath.Join(tmp, "data")
	if err := schema.CheckText(link); err != nil {
		os.RemoveAll(tmp)
		return "", nil, fmt.Errorf("data directory %q is not UTF-8 text, and neither is the temporary directory %q where a link to it would go (set TMPDIR)", dir, tmp)
	}
	if err := os.Symlink(abs, link); err != nil {
		os.RemoveAll(tmp)
		return "", nil, fmt.Errorf("data directory %q is not UTF-8 text, and no link to it could be made for DuckDB: %w", dir, err)
	}
	return link, func() { os.RemoveAll(tmp) }, nil
}
