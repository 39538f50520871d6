package main

import (
	"fmt"

	"github.com/pysurvey/pysurvey/schema"
)

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints the tool and schema versions.
func (c *VersionCmd) Run(env *Env) error {
	_, err := fmt.Fprintf(env.Stdout, "pysurvey %s (schema %d)\n", version, schema.Version)
	return err
}
