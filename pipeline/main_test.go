package pipeline_test

import (
	"os"
	"testing"

	"github.com/pysurvey/pysurvey/pipeline/fetch"
)

// TestMain lets the test binary be a fetch process too: the tests fetch
// file:// and loopback remotes, each in a process of its own.
func TestMain(m *testing.M) {
	fetch.RunIfChild()
	os.Exit(m.Run())
}
