// Package list is the registry of extractors: every extractor pysurvey
// runs is listed here, explicitly.
package list

import (
	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/python"
)

// All returns a fresh list of every registered extractor.
func All() []extractors.Extractor {
	return []extractors.Extractor{
		// Extractors are listed here, one line each.
		python.New(),
	}
}
