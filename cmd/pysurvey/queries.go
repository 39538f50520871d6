package main

import (
	"fmt"
	"strings"
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

// unknownQuery is the error for a query name that is not shipped,
// suggesting the nearest name.
func unknownQuery(name string) error {
	msg := fmt.Sprintf("no query named %q", queries.Printable(name))
	qs, err := queries.List()
	if err == nil {
		names := make([]string, len(qs))
		for i, q := range qs {
			names[i] = q.Name
		}
		if near := nearest(name, names); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		}
	}
	return fmt.Errorf("%s; pysurvey queries lists them", msg)
}

// nearest returns the name closest to s: one that s is a part of, else
// the one fewest edits away when that is close enough to be a typo; ""
// when none is. Ties go to the first in the list.
func nearest(s string, names []string) string {
	s = strings.ToLower(s)
	if len(s) >= 3 {
		for _, n := range names {
			if strings.Contains(n, s) {
				return n
			}
		}
	}
	best, bestDist := "", max(2, len(s)/3)+1
	for _, n := range names {
		if d := editDistance(s, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
