package store

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// localStore is an output root on this machine. The os package does the
// work directly (not gocloud.dev's fileblob): an upload here must be a
// rename of a file already staged in the root followed by an fsync of the
// directory, and the files must stay plain files that DuckDB and other
// readers glob; fileblob copies into its own temporary file, writes
// attribute side files and does not sync directories.
type localStore struct {
	given string
	root  string
}

func openLocal(loc location) (*localStore, error) {
	info, err := os.Stat(loc.local)
	switch {
	case err == nil && !info.IsDir():
		return nil, fmt.Errorf("output root %s is not a directory", loc.display)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("output root %s: %w", loc.display, err)
	}
	return &localStore{given: loc.display, root: loc.local}, nil
}

func (s *localStore) Local() string  { return s.root }
func (s *localStore) String() string { return s.given }
func (s *localStore) Close() error   { return nil }

// path is the file of key (checked by the caller).
func (s *localStore) path(key string) string {
	return filepath.Join(s.root, filepath.FromSlash(key))
}

// List walks the directory of prefix, leaving out hidden temporary files
// and directories (".*.tmp": files other writers have not committed, the
// staging directory), symbolic links and anything else that is not a
// regular file, and names that are not valid keys.
func (s *localStore) List(ctx context.Context, prefix string) ([]Object, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, fmt.Errorf("listing %s: %w", s, err)
	}
	dirKey := prefix[:strings.LastIndex(prefix, "/")+1] // "" or ending with '/'
	var objs []Object
	var walk func(dir, key string) error
	walk = func(dir, key string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			if key == dirKey && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)) {
				return nil // nothing under the prefix
			}
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while listing
			}
			return err
		}
		for _, e := range entries {
			name, k := e.Name(), key+e.Name()
			switch {
			case hiddenTemp(name):
			case e.IsDir():
				if strings.HasPrefix(k+"/", prefix) || strings.HasPrefix(prefix, k+"/") {
					if err := walk(filepath.Join(dir, name), k+"/"); err != nil {
						return err
					}
				}
			case e.Type().IsRegular() && strings.HasPrefix(k, prefix) && listable(k):
				info, err := e.Info()
				if err != nil {
					continue // removed while listing
				}
				objs = append(objs, Object{Key: k, Size: info.Size(), ModTime: info.ModTime()})
			}
		}
		return nil
	}
	start := s.root
	if dirKey != "" {
		start = s.path(strings.TrimSuffix(dirKey, "/"))
	}
	if err := walk(start, dirKey); err != nil {
		return nil, fmt.Errorf("listing %s: %w", s, err)
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Key < objs[j].Key })
	return objs, nil
}

// Download copies the file of key to path.
func (s *localStore) Download(ctx context.Context, key, path string) error {
	if err := checkKey(key); err != nil {
		return fmt.Errorf("downloading from %s: %w", s, err)
	}
	f, err := os.Open(s.path(key))
	if err != nil {
		return fmt.Errorf("downloading %s from %s: %w", key, s, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("downloading %s from %s: %w", key, s, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("downloading %s from %s: not a regular file", key, s)
	}
	want := Object{Key: key, Size: info.Size(), ModTime: info.ModTime()}
	if err := writeLocal(path, want, ctxReader{ctx, f}); err != nil {
		return fmt.Errorf("downloading %s from %s to %s: %w", key, s, path, err)
	}
	return nil
}

// Upload renames path to the file of key, then flushes the directories
// that changed to stable storage.
func (s *localStore) Upload(ctx context.Context, key, path string) error {
	if err := checkKey(key); err != nil {
		return fmt.Errorf("uploading %s to %s: %w", path, s, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("uploading %s to %s: %w", path, s, err)
	}
	if err := syncFile(path); err != nil {
		return fmt.Errorf("uploading %s to %s: %w", path, s, err)
	}
	dst := s.path(key)
	if err := mkdirSynced(filepath.Dir(dst)); err != nil {
		return fmt.Errorf("uploading %s to %s: %w", path, s, err)
	}
	if err := os.Rename(path, dst); err != nil {
		if errors.Is(err, syscall.EXDEV) {
			return fmt.Errorf("uploading %s to %s: it lies on another file system than the root (stage files in store.Staging)", path, s)
		}
		return fmt.Errorf("uploading %s to %s: %w", path, s, err)
	}
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return fmt.Errorf("uploading %s to %s: %w", path, s, err)
	}
	return nil
}

// Delete removes the file of key and flushes its directory.
func (s *localStore) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return fmt.Errorf("deleting from %s: %w", s, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("deleting %s from %s: %w", key, s, err)
	}
	path := s.path(key)
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil && info.IsDir() {
		err = errors.New("a directory, not an object")
	}
	if err == nil {
		err = os.Remove(path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("deleting %s from %s: %w", key, s, err)
	}
	return nil
}

// writeLocal writes the bytes of src, an object described by want, to
// path, whole or not at all: into a hidden temporary file beside path,
// checked against the object's size (and MD5), flushed to stable storage,
// given the object's modification time, then renamed into place.
func writeLocal(path string, want Object, src io.Reader) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	h := md5.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(src, want.Size+1))
	switch {
	case err != nil:
		return fmt.Errorf("after %d of %d bytes: %w", n, want.Size, err)
	case n > want.Size:
		return fmt.Errorf("the object changed: more than the %d bytes expected", want.Size)
	case n < want.Size:
		return fmt.Errorf("the object changed or was cut short: %d bytes read, %d expected", n, want.Size)
	case want.MD5 != nil && !bytes.Equal(h.Sum(nil), want.MD5):
		return fmt.Errorf("the bytes read do not have the object's MD5 (%x)", want.MD5)
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if !want.ModTime.IsZero() {
		if err := os.Chtimes(tmp, want.ModTime, want.ModTime); err != nil {
			return err
		}
	}
	return os.Rename(tmp, path)
}

// ctxReader stops reading when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// syncFile flushes a regular file to stable storage.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	return f.Sync()
}

// mkdirSynced creates dir and its missing parents, flushing the directory
// that receives each new one, so that a file renamed into dir stays there
// after a crash.
func mkdirSynced(dir string) error {
	var missing []string
	for d := dir; ; {
		if _, err := os.Stat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		missing = append(missing, d)
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if len(missing) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := syncDir(filepath.Dir(missing[i])); err != nil {
			return err
		}
	}
	return nil
}

// syncDir flushes a directory's entries to stable storage.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}
