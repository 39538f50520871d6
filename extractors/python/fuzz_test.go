package python

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pysurvey/pysurvey/extractors"
)

// FuzzExtract checks that extraction never panics and yields sane rows.
func FuzzExtract(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.py")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	e := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		facts, err := e.Extract(context.Background(), &extractors.File{Path: "f.py", Content: src})
		if err != nil {
			t.Fatal(err)
		}
		if facts.Python == nil || facts.Python.ParseStatus == "" {
			t.Fatal("no parse_status")
		}
		for _, i := range facts.Imports {
			if i.Line < 1 || i.Kind != "import" && i.Kind != "from" {
				t.Fatalf("bad import %+v", i)
			}
		}
		for _, s := range facts.Symbols {
			if s.Line < 1 || s.Name == "" && s.Kind != KindExport {
				t.Fatalf("bad symbol %+v", s)
			}
		}
	})
}
