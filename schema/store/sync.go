package store

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// syncWorkers is how many listings or downloads Sync runs at once.
const syncWorkers = 4

// ManifestName is the file in a Sync root that records what Sync
// downloaded: each object's size, modification time and MD5 as listed, and
// the local copy's modification time, so that an unchanged copy is known
// without reading it again.
const ManifestName = ".pysurvey-sync.json"

// maxManifestSize bounds the manifest Sync reads (a damaged or foreign one
// is ignored; the copies are then checked by their bytes).
const maxManifestSize = 256 << 20

// Sync makes localRoot/<key> a copy of each of keys, downloading only those missing or changed (size, MD5 or
// mod time differ); it returns how many objects and bytes it downloaded. Used to query a bucket with the bundled
// DuckDB, which has no httpfs: the lead decides which keys a query needs.
//
// Sync lists each directory of the keys once (one request per thousand
// objects in it), compares the listing with the manifest of localRoot
// (ManifestName) and the copies' sizes and times, and downloads what
// differs, syncWorkers at a time, each whole or not at all. A copy the
// manifest does not know (another Sync's, or the manifest was lost) is kept
// if it has the object's size and MD5 (or, when the store gives no MD5, its
// modification time). A key that is not in the store is an error; so is a
// key that is not a valid key. What was downloaded before an error stays
// recorded.
func Sync(ctx context.Context, st Store, keys []string, localRoot string) (n int, bytes int64, err error) {
	keys, err = uniqueKeys(keys)
	if err != nil {
		return 0, 0, fmt.Errorf("syncing %s: %w", st, err)
	}
	listed, err := listDirs(ctx, st, keys)
	if err != nil {
		return 0, 0, err
	}
	var missing []string
	for _, k := range keys {
		if _, ok := listed[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return 0, 0, fmt.Errorf("syncing %s: %d of the keys are not in the store: %s", st, len(missing), strings.Join(first(missing, 5), ", "))
	}

	man := readManifest(localRoot, st.String())
	dirty := false // whether the manifest needs writing
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(syncWorkers)
	for _, k := range keys {
		obj := listed[k]
		path := filepath.Join(localRoot, filepath.FromSlash(k))
		mu.Lock()
		entry, known := man.Objects[k]
		mu.Unlock()
		g.Go(func() error {
			if e, ok := current(path, obj, entry, known); ok {
				if !known || !e.equal(entry) {
					mu.Lock()
					man.Objects[k] = e
					dirty = true
					mu.Unlock()
				}
				return nil
			}
			if err := download(gctx, st, obj, path); err != nil {
				return err
			}
			info, err := os.Stat(path)
			if err != nil {
				return fmt.Errorf("syncing %s: %w", st, err)
			}
			mu.Lock()
			defer mu.Unlock()
			man.Objects[k] = entryOf(obj, info.ModTime())
			dirty = true
			n++
			bytes += obj.Size
			return nil
		})
	}
	err = g.Wait()
	if dirty {
		if werr := man.write(localRoot); werr != nil && err == nil {
			err = fmt.Errorf("syncing %s: %w", st, werr)
		}
	}
	return n, bytes, err
}

// uniqueKeys checks the keys and drops repeated ones.
func uniqueKeys(keys []string) ([]string, error) {
	seen := make(map[string]bool, len(keys))
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if err := checkKey(k); err != nil {
			return nil, err
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out, nil
}

// listDirs lists the directories that hold keys (a directory inside
// another listed one is not listed again), syncWorkers at a time, and
// returns the objects found by key.
func listDirs(ctx context.Context, st Store, keys []string) (map[string]Object, error) {
	dirSet := map[string]bool{}
	for _, k := range keys {
		dirSet[k[:strings.LastIndex(k, "/")+1]] = true
	}
	dirs := make([]string, 0, len(dirSet))
	for d := range dirSet {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs) // a directory comes before those inside it
	var outer []string
	for _, d := range dirs {
		if len(outer) == 0 || !strings.HasPrefix(d, outer[len(outer)-1]) {
			outer = append(outer, d)
		}
	}
	listed := map[string]Object{}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(syncWorkers)
	for _, d := range outer {
		g.Go(func() error {
			objs, err := st.List(gctx, d)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, o := range objs {
				listed[o.Key] = o
			}
			return nil
		})
	}
	return listed, g.Wait()
}

// download fetches obj to path: without asking for its attributes again
// when the store can take them from the listing.
func download(ctx context.Context, st Store, obj Object, path string) error {
	if b, ok := st.(*bucketStore); ok {
		return b.download(ctx, obj, path)
	}
	return st.Download(ctx, obj.Key, path)
}

// current reports whether the file at path is a copy of obj, and the
// manifest entry that says so. A copy the manifest records for the same
// object is current if its size and time are as recorded; any other copy
// is compared by its bytes' MD5 (or its time when obj has no MD5).
func current(path string, obj Object, entry manifestEntry, known bool) (manifestEntry, bool) {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() != obj.Size {
		return manifestEntry{}, false
	}
	e := entryOf(obj, info.ModTime())
	if known && e.equal(entry) {
		return e, true
	}
	if obj.MD5 == nil {
		return e, !obj.ModTime.IsZero() && obj.ModTime.Truncate(time.Second).Equal(info.ModTime().Truncate(time.Second))
	}
	f, err := os.Open(path)
	if err != nil {
		return manifestEntry{}, false
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return manifestEntry{}, false
	}
	return e, bytes.Equal(h.Sum(nil), obj.MD5)
}

// first returns at most n of s.
func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "...")
	}
	return s
}

// manifest is what Sync knows about the copies in its root.
type manifest struct {
	// Store names the store the copies are of; a manifest of another store
	// is ignored.
	Store string `json:"store"`
	// Objects are the copies by key.
	Objects map[string]manifestEntry `json:"objects"`
}

// manifestEntry is one copy: the object as listed, and the copy's time.
type manifestEntry struct {
	Size         int64     `json:"size"`
	ModTime      time.Time `json:"mod_time"`
	MD5          []byte    `json:"md5,omitempty"`
	LocalModTime time.Time `json:"local_mod_time"`
}

// equal reports whether two entries record the same object and copy.
func (e manifestEntry) equal(o manifestEntry) bool {
	return e.Size == o.Size && e.ModTime.Equal(o.ModTime) && bytes.Equal(e.MD5, o.MD5) && e.LocalModTime.Equal(o.LocalModTime)
}

func entryOf(obj Object, local time.Time) manifestEntry {
	return manifestEntry{Size: obj.Size, ModTime: obj.ModTime, MD5: obj.MD5, LocalModTime: local}
}

// readManifest reads the manifest of localRoot for store; a missing,
// damaged, oversized or foreign one reads as empty.
func readManifest(localRoot, store string) *manifest {
	empty := &manifest{Store: store, Objects: map[string]manifestEntry{}}
	f, err := os.Open(filepath.Join(localRoot, ManifestName))
	if err != nil {
		return empty
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxManifestSize+1))
	if err != nil || len(data) > maxManifestSize {
		return empty
	}
	var m manifest
	if json.Unmarshal(data, &m) != nil || m.Store != store || m.Objects == nil {
		return empty
	}
	return &m
}

// write replaces the manifest of localRoot, whole or not at all.
func (m *manifest) write(localRoot string) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(localRoot, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(localRoot, "."+ManifestName+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	err = errors.Join(err, f.Chmod(0o644), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(localRoot, ManifestName))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
