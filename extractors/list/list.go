// Package list is the registry of extractors: every extractor pysurvey
// runs is listed here, explicitly.
package list

import (
	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging/conda"
	"github.com/pysurvey/pysurvey/extractors/packaging/lockfiles"
	"github.com/pysurvey/pysurvey/extractors/packaging/pipfile"
	"github.com/pysurvey/pysurvey/extractors/packaging/pyproject"
	"github.com/pysurvey/pysurvey/extractors/packaging/requirements"
	"github.com/pysurvey/pysurvey/extractors/packaging/setupcfg"
	"github.com/pysurvey/pysurvey/extractors/packaging/setuppy"
	"github.com/pysurvey/pysurvey/extractors/python"
)

// All returns a fresh list of every registered extractor.
func All() []extractors.Extractor {
	return []extractors.Extractor{
		// Extractors are listed here, one line each.
		python.New(),
		pyproject.New(),
		requirements.New(),
		pipfile.New(),
		setupcfg.New(),
		setuppy.New(),
		conda.New(),
		lockfiles.New(),
	}
}
