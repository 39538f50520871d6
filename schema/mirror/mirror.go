// Package mirror works on an output root in a bucket through a local copy
// of it: a command pulls into the copy what it reads, works on the copy as
// on any output directory, and pushes each file it commits there, in
// commit order, so that the bucket holds, as a directory does, only whole
// files, a part's repos file after the part's other files, and a run's row
// last. A local output root is its own copy: pulls and pushes do nothing.
//
// The copy lies in the cache directory, one per bucket and prefix, and may
// be deleted at any time: a pull downloads only what it lacks or what
// changed (store.Sync), and removes what the bucket no longer holds.
package mirror

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pysurvey/pysurvey/schema"
	"github.com/pysurvey/pysurvey/schema/store"
)

// Root is an output root with the local directory commands work in.
type Root struct {
	st      store.Store
	dir     string
	alias   string // another name of dir (see Alias)
	staging string // where pushed files are linked before their upload

	mu     sync.Mutex
	listed map[string]bool // keys the bucket holds: listed by a pull, or pushed
	moved  Moved
}

// Moved counts what a Root downloaded and uploaded.
type Moved struct {
	PulledObjects, PushedObjects int
	PulledBytes, PushedBytes     int64
}

// Open opens the output root at location (a path, or a URL store.Open
// takes). For a bucket, the local copy is under cacheDir.
func Open(ctx context.Context, location, cacheDir string) (*Root, error) {
	st, err := store.Open(ctx, location)
	if err != nil {
		return nil, err
	}
	if dir := st.Local(); dir != "" {
		return &Root{st: st, dir: dir}, nil
	}
	if cacheDir == "" {
		st.Close()
		return nil, fmt.Errorf("%s: no cache directory for the local copy of the bucket", st)
	}
	base, err := store.Staging(st, filepath.Join(cacheDir, "buckets"))
	if err != nil {
		st.Close()
		return nil, err
	}
	r := &Root{st: st, dir: filepath.Join(base, "copy"), staging: filepath.Join(base, "push"), listed: map[string]bool{}}
	for _, d := range []string{r.dir, r.staging} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			st.Close()
			return nil, fmt.Errorf("%s: %w", st, err)
		}
	}
	return r, nil
}

// Dir is the directory commands read and write: the root itself when it
// is local, else the local copy of the bucket.
func (r *Root) Dir() string { return r.dir }

// Remote reports whether the root is a bucket.
func (r *Root) Remote() bool { return r.st.Local() == "" }

// String names the root for messages, without credentials.
func (r *Root) String() string { return r.st.String() }

// Moved returns what the root downloaded and uploaded so far.
func (r *Root) Moved() Moved {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.moved
}

// Close releases the store.
func (r *Root) Close() error { return r.st.Close() }

// Pull makes the copy hold the objects under each prefix (a table's
// directory, "runs/") that keep accepts (every one when keep is nil),
// downloading those it lacks or that changed, and removes the files of the
// copy under the prefixes that the bucket no longer holds (another
// process pruned them). Every key listed is remembered for Exists, pulled
// or not, so that keep may leave out what is only looked for.
func (r *Root) Pull(ctx context.Context, keep func(key string) bool, prefixes ...string) error {
	if !r.Remote() {
		return nil
	}
	for _, prefix := range prefixes {
		objs, err := r.st.List(ctx, prefix)
		if err != nil {
			return err
		}
		held := map[string]bool{}
		var keys []string
		r.mu.Lock()
		for _, o := range objs {
			held[o.Key] = true
			r.listed[o.Key] = true
			if keep == nil || keep(o.Key) {
				keys = append(keys, o.Key)
			}
		}
		r.mu.Unlock()
		if err := r.removeGone(prefix, held); err != nil {
			return err
		}
		if len(keys) == 0 {
			continue
		}
		n, bytes, err := store.Sync(ctx, r.st, keys, r.dir)
		r.mu.Lock()
		r.moved.PulledObjects += n
		r.moved.PulledBytes += bytes
		r.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}

// removeGone removes the files of the copy under prefix that are not
// among the keys the bucket holds (temporary files of a command at work
// are left alone).
func (r *Root) removeGone(prefix string, held map[string]bool) error {
	root := filepath.Join(r.dir, filepath.FromSlash(strings.TrimSuffix(prefix, "/")))
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		key, err := r.key(p)
		if err == nil && !held[key] {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("copy of %s: %w", r, err)
			}
		}
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// Exists reports whether a file of the copy is in the output: in the copy
// when the root is local, else listed in the bucket by a pull or pushed.
func (r *Root) Exists(path string) bool {
	if !r.Remote() {
		_, err := os.Stat(path)
		return err == nil
	}
	key, err := r.key(path)
	if err != nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.listed[key]
}

// Push uploads committed files of the copy to the bucket, one after the
// other in the order given, each whole or not at all; the copy keeps them.
func (r *Root) Push(ctx context.Context, paths ...string) error {
	if !r.Remote() {
		return nil
	}
	for _, p := range paths {
		key, err := r.key(p)
		if err != nil {
			return err
		}
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("pushing to %s: %w", r, err)
		}
		// The upload removes the file it is given: a second name of it.
		link := filepath.Join(r.staging, "."+filepath.Base(p)+".push.tmp")
		os.Remove(link)
		if err := os.Link(p, link); err != nil {
			if err := copyFile(p, link); err != nil {
				return fmt.Errorf("pushing %s to %s: %w", key, r, err)
			}
		}
		if err := r.st.Upload(ctx, key, link); err != nil {
			os.Remove(link)
			return fmt.Errorf("pushing %s: %w", key, err)
		}
		r.mu.Lock()
		r.listed[key] = true
		r.moved.PushedObjects++
		r.moved.PushedBytes += fi.Size()
		r.mu.Unlock()
	}
	return nil
}

// Delete removes files from the bucket and the copy.
func (r *Root) Delete(ctx context.Context, paths ...string) error {
	for _, p := range paths {
		if r.Remote() {
			key, err := r.key(p)
			if err != nil {
				return err
			}
			if err := r.st.Delete(ctx, key); err != nil {
				return err
			}
			r.mu.Lock()
			delete(r.listed, key)
			r.mu.Unlock()
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// Alias gives the copy's directory another name (a link to it that DuckDB
// can take: queries.ReadableDir) under which the files pushed, deleted or
// looked for may be named.
func (r *Root) Alias(dir string) { r.alias = dir }

// key is the bucket key of a file of the copy.
func (r *Root) key(path string) (string, error) {
	for _, dir := range []string{r.dir, r.alias} {
		if dir == "" {
			continue
		}
		rel, err := filepath.Rel(dir, path)
		if err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel), nil
		}
	}
	return "", fmt.Errorf("%s is not in the copy of %s", path, r)
}

// copyFile copies a file where it cannot be linked.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(to)
		return err
	}
	return out.Close()
}

// historyTables are the small tables every command reads whole.
var historyTables = []*schema.Table{schema.RunsTable, schema.ShardsTable, schema.ReposTable}

// PullHistory pulls the runs, shards and repos tables whole: what tells
// which runs there are, what each committed, and where its facts lie.
func (r *Root) PullHistory(ctx context.Context) error {
	return r.Pull(ctx, nil, prefixes(historyTables)...)
}

// PullRuns pulls the files of tables that belong to the runs named (a
// run's own files: its parts, its shards' parts), and lists the rest, so
// that Exists answers for them.
func (r *Root) PullRuns(ctx context.Context, tables []*schema.Table, runIDs ...string) error {
	own := func(key string) bool {
		base := strings.TrimSuffix(key[strings.LastIndex(key, "/")+1:], ".parquet")
		for _, id := range runIDs {
			if base == id || strings.HasPrefix(base, id+"-") {
				return true
			}
		}
		return false
	}
	return r.Pull(ctx, own, prefixes(tables)...)
}

// PullParts pulls the files of tables of the parts named
// ("run_date=D/NAME", as repos.part and history.CommittedRepos name them).
func (r *Root) PullParts(ctx context.Context, tables []*schema.Table, parts map[string]bool) error {
	return r.Pull(ctx, func(key string) bool {
		_, rest, ok := strings.Cut(key, "/")
		return ok && parts[strings.TrimSuffix(rest, ".parquet")]
	}, prefixes(tables)...)
}

func prefixes(tables []*schema.Table) []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = t.Name + "/"
	}
	return out
}
