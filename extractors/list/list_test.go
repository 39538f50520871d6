package list

import (
	"regexp"
	"testing"
)

var validName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

func TestEveryExtractorListedOnceUnderAValidName(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range All() {
		name := e.Name()
		if !validName.MatchString(name) {
			t.Errorf("extractor %T has invalid name %q", e, name)
		}
		if seen[name] {
			t.Errorf("extractor %q is listed more than once", name)
		}
		seen[name] = true
		if e.Version() < 1 {
			t.Errorf("extractor %q has version %d, want >= 1", name, e.Version())
		}
	}
}
