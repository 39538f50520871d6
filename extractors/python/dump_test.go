package python

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/pysurvey/pysurvey/extractors"
)

// TestDump prints the facts of the file named by $PYFACTS_DUMP.
func TestDump(t *testing.T) {
	p := os.Getenv("PYFACTS_DUMP")
	if p == "" {
		t.Skip("PYFACTS_DUMP not set")
	}
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := New().Extract(context.Background(), &extractors.File{Path: p, Content: src})
	b, _ := json.MarshalIndent(goFacts(f), "", " ")
	t.Logf("%s", b)
}
