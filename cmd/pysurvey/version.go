package main

import (
	"fmt"
)

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints the tool and schema versions.
func (c *VersionCmd) Run(env *Env) error {
	_, err := fmt.Fprintln(env.Stdout, versionText())
	return err
}
