// Package python extracts facts from Python source files (.py, .pyi):
// imports, per-file counts, decorators, base classes, callees, __all__
// exports and __init__ parameter annotations. It tokenizes with pytoken
// and recognizes statements over the tokens, knowing block nesting
// (def, class, try, if TYPE_CHECKING) without a full grammar.
//
// The reference for every fact is CPython's ast, as computed by
// astref/facts.py, whose docstring defines each fact precisely.
package python

import (
	"context"
	"fmt"
	"sync"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/python/pytoken"
)

// Extractor is the Python source extractor. Use New; it is safe for
// concurrent use.
type Extractor struct {
	pool *sync.Pool
}

// New returns a Python source extractor.
func New() Extractor {
	return Extractor{pool: &sync.Pool{New: func() any {
		return &recognizer{line: make([]pytoken.Token, 0, 512)}
	}}}
}

// Name implements extractors.Extractor.
func (Extractor) Name() string { return "python" }

// Version implements extractors.Extractor.
func (Extractor) Version() int { return 5 }

// Pure reports that a Python file's facts depend on its content alone.
func (Extractor) Pure() bool { return true }

// Wants implements extractors.Extractor: .py and .pyi files.
func (Extractor) Wants(path string) bool { return extractors.IsPython(path) }

// Extract implements extractors.Extractor. A malformed file is not an
// error: its parse_status says why, and the facts found before the
// trouble are returned.
func (e Extractor) Extract(ctx context.Context, file *extractors.File) (extractors.Facts, error) {
	if err := ctx.Err(); err != nil {
		return extractors.Facts{}, fmt.Errorf("python: %s: %w", file.Path, err)
	}
	var r *recognizer
	if e.pool != nil {
		r = e.pool.Get().(*recognizer)
		defer e.pool.Put(r)
	} else {
		r = new(recognizer)
	}
	return r.extract(file.Content), nil
}

// extract returns the facts of one source.
func (r *recognizer) extract(src []byte) extractors.Facts {
	r.reset(src)
	r.run()
	counts := r.counts
	imports, symbols := r.rows()
	f := extractors.Facts{Python: &counts, Imports: imports, Symbols: symbols}
	r.src = nil
	r.sc.Init(nil)
	return f
}
