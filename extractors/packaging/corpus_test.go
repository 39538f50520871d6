package packaging_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging/conda"
	"github.com/pysurvey/pysurvey/extractors/packaging/internal/testutil"
	"github.com/pysurvey/pysurvey/extractors/packaging/lockfiles"
	"github.com/pysurvey/pysurvey/extractors/packaging/pipfile"
	"github.com/pysurvey/pysurvey/extractors/packaging/pyproject"
	"github.com/pysurvey/pysurvey/extractors/packaging/requirements"
	"github.com/pysurvey/pysurvey/extractors/packaging/setupcfg"
	"github.com/pysurvey/pysurvey/extractors/packaging/setuppy"
	"github.com/pysurvey/pysurvey/schema"
)

// gitTree reads files of a commit's tree.
type gitTree struct{ tree *object.Tree }

func (g gitTree) ReadFile(p string) ([]byte, error) {
	f, err := g.tree.File(p)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	r, err := f.Reader()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	defer r.Close()
	return io.ReadAll(r)
}

func (g gitTree) Exists(p string) bool {
	_, err := g.tree.File(p)
	return err == nil
}

// TestCorpus runs the packaging extractors over the HEAD of real
// repositories and prints what they find, for comparison with a reading
// of the manifests. PYSURVEY_PACKAGING_CORPUS lists git directories
// (bare or not), separated by ':'; PYSURVEY_PACKAGING_CORPUS_VERBOSE=1
// prints every dependency row.
func TestCorpus(t *testing.T) {
	dirs := os.Getenv("PYSURVEY_PACKAGING_CORPUS")
	if dirs == "" {
		t.Skip("PYSURVEY_PACKAGING_CORPUS not set")
	}
	verbose := os.Getenv("PYSURVEY_PACKAGING_CORPUS_VERBOSE") == "1"
	exts := []extractors.Extractor{pyproject.New(), requirements.New(), pipfile.New(),
		setupcfg.New(), setuppy.New(), conda.New(), lockfiles.New()}
	for _, dir := range strings.Split(dirs, ":") {
		repo, err := git.PlainOpen(dir)
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		head, err := repo.Head()
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		commit, err := repo.CommitObject(head.Hash())
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		tree, err := commit.Tree()
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		name := filepath.Base(filepath.Dir(dir))
		var out strings.Builder
		fmt.Fprintf(&out, "=== %s\n", name)
		var projects []schema.Project
		var paths []string
		byPath := map[string]*extractors.Facts{}
		walker := object.NewTreeWalker(tree, true, nil)
		for {
			fname, entry, err := walker.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: %v", dir, err)
				break
			}
			if !entry.Mode.IsFile() || entry.Mode == filemode.Symlink {
				continue // the pipeline skips symlinks and submodules too
			}
			for _, e := range exts {
				if !e.Wants(fname) {
					continue
				}
				content, err := gitTree{tree}.ReadFile(fname)
				if err != nil {
					fmt.Fprintf(&out, "  unreadable %s: %v\n", fname, err)
					break
				}
				facts, err := e.Extract(context.Background(), &extractors.File{
					Repo: name, Path: fname, Content: content, Tree: gitTree{tree}})
				if err != nil {
					fmt.Fprintf(&out, "  file error %s: %v\n", fname, err)
				}
				if byPath[fname] == nil {
					paths = append(paths, fname)
					byPath[fname] = &extractors.Facts{}
				}
				byPath[fname].Append(facts)
			}
		}
		walker.Close()
		sort.Strings(paths)
		for _, p := range paths {
			projects = append(projects, byPath[p].Projects...)
		}
		uncounted, uncountedErrs := 0, 0
		for _, p := range schema.MergeProjects(projects) {
			if !p.Counted {
				uncounted++
				continue
			}
			fmt.Fprintf(&out, "  project %s\n", testutil.Project(p))
		}
		for _, p := range paths {
			deps := byPath[p].Dependencies
			if extractors.IsUncounted(p) {
				for _, d := range deps {
					if d.Error != "" {
						uncountedErrs++
						if verbose {
							fmt.Fprintf(&out, "    uncounted %s: %s\n", p, testutil.Dep(d))
						}
					}
				}
				continue
			}
			if len(deps) == 0 {
				continue
			}
			counts := map[string]int{}
			var errs []string
			for _, d := range deps {
				if d.Error != "" {
					errs = append(errs, testutil.Dep(d))
					continue
				}
				counts[d.Manager+"/"+d.Group]++
			}
			var keys []string
			for k := range counts {
				keys = append(keys, fmt.Sprintf("%s=%d", k, counts[k]))
			}
			sort.Strings(keys)
			fmt.Fprintf(&out, "  deps %s: %s\n", p, strings.Join(keys, " "))
			for _, e := range errs {
				fmt.Fprintf(&out, "    %s\n", e)
			}
			if verbose {
				for _, d := range deps {
					if d.Error == "" {
						fmt.Fprintf(&out, "    %s\n", testutil.Dep(d))
					}
				}
			}
		}
		fmt.Fprintf(&out, "  (%d uncounted projects, %d error rows in uncounted manifests)\n", uncounted, uncountedErrs)
		t.Log("\n" + out.String())
	}
}
