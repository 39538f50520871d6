package report_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/queries/report"
)

// TestDiffNamesExactlyTheChangedRepositories surveys real repositories
// three times, changing some between runs, and checks that diff lists
// those changes and nothing else.
func TestDiffNamesExactlyTheChangedRepositories(t *testing.T) {
	r := surveyThreeRuns(t)
	ctx := context.Background()
	for later, want := range r.want {
		changes, err := report.Diff(ctx, report.DiffOptions{DataDir: r.set.out, From: r.runs[later-2], To: r.runs[later-1]})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range changes.Items {
			got = append(got, c.Repo+" "+c.Kind+" "+c.Field)
			t.Logf("run %d: %s %s %s: %q → %q", later, c.Repo, c.Kind, c.Field, c.From, c.To)
		}
		slices.Sort(got)
		slices.Sort(want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("run %d:\n got %q\nwant %q", later, got, want)
		}
	}
}
