// Package testutil helps the packaging extractors' tests: a Tree backed by
// a directory, and one-line renderings of rows that read well in tables.
package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/schema"
)

// DirTree reads files under a directory as if it were a repository root.
type DirTree string

// ReadFile implements extractors.Tree.
func (d DirTree) ReadFile(p string) ([]byte, error) {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") || p == ".." {
		return nil, fmt.Errorf("%s: outside the tree", p)
	}
	return os.ReadFile(filepath.Join(string(d), filepath.FromSlash(p)))
}

// Exists implements extractors.Tree.
func (d DirTree) Exists(p string) bool {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") || p == ".." {
		return false
	}
	fi, err := os.Stat(filepath.Join(string(d), filepath.FromSlash(p)))
	return err == nil && fi.Mode().IsRegular()
}

// Dep renders a dependency row as
// "LINE MANAGER GROUP NAME(RAW)[EXTRAS]SPEC ;MARKER SOURCE", or
// "LINE ERROR: MESSAGE" for an error row. Counted is rendered only when
// false, as a trailing "uncounted".
func Dep(d schema.Dependency) string {
	var s string
	if d.Error != "" {
		s = fmt.Sprintf("%d ERROR: %s", d.Line, d.Error)
	} else {
		s = fmt.Sprintf("%d %s %s %s", d.Line, d.Manager, d.Group, d.Name)
		if d.RawName != d.Name {
			s += "(" + d.RawName + ")"
		}
		if d.Extras != "" {
			s += "[" + d.Extras + "]"
		}
		s += d.Specifier
		if d.Marker != "" {
			s += " ;" + d.Marker
		}
		s += " " + d.Source
	}
	if !d.Counted {
		s += " uncounted"
	}
	return s
}

// Deps renders rows with Dep.
func Deps(ds []schema.Dependency) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, Dep(d))
	}
	return out
}

// Project renders a project row as
// "root=R manifests=M managers=G name=N version=V python=P backend=B counted=C".
func Project(p schema.Project) string {
	return fmt.Sprintf("root=%s manifests=%s managers=%s name=%s version=%s python=%s backend=%s counted=%t",
		p.Root, p.Manifests, p.Managers, p.Name, p.Version, p.RequiresPython, p.BuildBackend, p.Counted)
}

// Projects renders rows with Project.
func Projects(ps []schema.Project) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, Project(p))
	}
	return out
}

// Match compares rendered rows with wanted ones; an error row matches
// when the wanted text is a prefix of it. It returns a description of
// the differences, "" when none.
func Match(got, want []string) string {
	var b strings.Builder
	n := max(len(got), len(want))
	for i := 0; i < n; i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g == w || (strings.Contains(w, "ERROR:") && w != "" && strings.HasPrefix(g, w)) {
			continue
		}
		fmt.Fprintf(&b, "\n  row %d:\n    got  %q\n    want %q", i, g, w)
	}
	return b.String()
}

// Watchdog crashes the process, naming the input, when the call it guards
// runs longer than limit; fuzz targets use it to turn hangs and quadratic
// blow-ups into reported failures. Call the returned func when done.
func Watchdog(input []byte, limit time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(limit):
			panic(fmt.Sprintf("input took longer than %v: %.200q", limit, input))
		}
	}()
	return func() { close(done) }
}

// AddSeeds adds every file of dir as a seed of a fuzz target.
func AddSeeds(f *testing.F, dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}
