package pytoken

import (
	"os"
	"path/filepath"
	"testing"
)

func addFixtures(f *testing.F) {
	paths, _ := filepath.Glob("../testdata/*.py")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzScanner checks that scanning always ends, makes progress, and
// returns tokens within the source in order.
func FuzzScanner(f *testing.F) {
	addFixtures(f)
	f.Add([]byte("f'{a!r:{b}}' rb'x' \\\n (1,\n2)\n\tif x:\n  y\n"))
	var s Scanner
	f.Fuzz(func(t *testing.T, src []byte) {
		s.Init(src)
		text := s.Source()
		off, line := 0, int32(1)
		limit := 4*len(text) + 200 // DEDENTs and NEWLINEs are empty
		for i := 0; ; i++ {
			if i > limit {
				t.Fatalf("no end after %d tokens", i)
			}
			tok := s.Next()
			if tok.Off < off || tok.End < tok.Off || tok.End > len(text) {
				t.Fatalf("token %d %v out of order: [%d,%d) after %d", i, tok.Kind, tok.Off, tok.End, off)
			}
			if tok.Line < line {
				t.Fatalf("token %d %v at line %d after line %d", i, tok.Kind, tok.Line, line)
			}
			off, line = tok.Off, tok.Line
			if tok.Kind == EOF {
				return
			}
			if tok.Kind == ERROR && s.Err() == nil {
				t.Fatal("ERROR without Err")
			}
		}
	})
}
