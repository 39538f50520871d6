package fetch

import (
	"io"
	"log/slog"
	"os"
	"testing"
)

// TestMain lets the test binary be a fetch process too.
func TestMain(m *testing.M) {
	RunIfChild()
	os.Exit(m.Run())
}

// testLogger logs as JSON to w.
func testLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, nil))
}
