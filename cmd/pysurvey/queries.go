package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/pysurvey/pysurvey/queries"
)

// QueriesCmd lists the shipped queries.
type QueriesCmd struct{}

// Run prints each query's name and description.
func (c *QueriesCmd) Run(env *Env) error {
	qs, err := queries.List()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, q := range qs {
		fmt.Fprintf(tw, "%s\t%s\n", q.Name, q.Description)
	}
	return tw.Flush()
}
