package main

import (
	"io"

	"github.com/pysurvey/pysurvey/schema"
)

// SchemaCmd prints the data dictionary.
type SchemaCmd struct{}

// Run prints the dictionary as Markdown (the text of docs/schema.md).
func (c *SchemaCmd) Run(env *Env) error {
	_, err := io.WriteString(env.Stdout, schema.Dictionary())
	return err
}
