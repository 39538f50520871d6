// Package store is pysurvey's output root: a directory on this machine or a
// bucket of an object store (S3, Google Cloud Storage, Azure Blob Storage,
// through gocloud.dev/blob), named by a path or a URL.
//
// Every object is committed whole or not at all: into a directory by a
// rename of a file staged inside it, then an fsync of the directory; into a
// bucket by an upload that creates the object only when it completes.
// Credentials come only from the cloud SDKs' usual environment; no
// credential is ever written, logged or put in an error message.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// Store is an output root: a directory on this machine or a bucket (with a key prefix).
// A Store is safe for concurrent use.
type Store interface {
	// Local returns the root directory when the store is on this machine, "" for a bucket.
	Local() string
	// String names the store for messages: the path or URL as given, without credentials.
	String() string
	// List returns the objects whose keys start with prefix ('/'-separated, relative to the root), sorted by key.
	List(ctx context.Context, prefix string) ([]Object, error)
	// Download copies the object at key to the local file path: whole or not at all (a temporary name beside
	// path, then a rename), verifying the size (and the MD5 when the store gives one).
	Download(ctx context.Context, key, path string) error
	// Upload stores the complete local file path as the object key: whole or not at all. For a local store it
	// is a rename of path (which must lie in the same file system; callers stage files inside the root), then
	// an fsync of the directory; for a bucket it is an upload whose Close is the commit (a cancelled context or
	// a failed upload leaves no object and no partial object), then the local file is removed.
	Upload(ctx context.Context, key, path string) error
	// Delete removes the object at key; a missing object is not an error.
	Delete(ctx context.Context, key string) error
	// Close releases the store.
	Close() error
}

// Object is a stored file.
type Object struct {
	// Key is the object's '/'-separated name relative to the store's root.
	Key string
	// Size is its length in bytes.
	Size int64
	// ModTime is when it was last written.
	ModTime time.Time
	// MD5 is the MD5 of its bytes when the store gives one (nil otherwise:
	// local files, S3 multipart uploads).
	MD5 []byte
}

// Open opens the store at location: a local path, file:///path, s3://bucket/prefix, gs://bucket/prefix or
// azblob://container/prefix (query parameters as gocloud.dev's URL openers take them, e.g.
// s3://b/p?endpoint=http://127.0.0.1:9000&use_path_style=true&region=us-east-1 for MinIO or tests).
//
// Opening a bucket lists one key under the prefix, so that a wrong bucket
// name or missing credentials fail here, within ProbeTimeout, rather than
// at the first upload. Opening a local store touches nothing: a missing
// root is an empty store, created by the first Upload or Staging.
func Open(ctx context.Context, location string) (Store, error) {
	loc, err := parseLocation(location)
	if err != nil {
		return nil, err
	}
	var st Store
	if loc.local != "" {
		st, err = openLocal(loc)
	} else {
		st, err = openBucket(ctx, loc)
	}
	if err != nil {
		return nil, err // not a nil pointer in a non-nil Store
	}
	return st, nil
}

// ProbeTimeout bounds the listing with which Open checks a bucket.
const ProbeTimeout = time.Minute

// Staging returns a local directory where files destined for key prefixes of the store are built before
// Upload: for a local store a hidden directory inside its root (so that Upload is a rename), for a bucket a
// directory under cacheDir named for the store.
//
// The local store's staging directory, StagingDir, is a hidden temporary
// name that List leaves out.
func Staging(st Store, cacheDir string) (string, error) {
	var dir string
	if root := st.Local(); root != "" {
		dir = filepath.Join(root, StagingDir)
	} else {
		if cacheDir == "" {
			return "", fmt.Errorf("staging for %s: no cache directory", st)
		}
		dir = filepath.Join(cacheDir, dirName(st.String()))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("staging for %s: %w", st, err)
	}
	return dir, nil
}

// StagingDir is the name of a local store's staging directory in its root.
const StagingDir = ".staging.tmp"

// dirName names a directory for a store: readable, and distinct for
// distinct stores (a hash of the whole name, parameters included).
func dirName(name string) string {
	sum := sha256.Sum256([]byte(name))
	var b strings.Builder
	dash := false
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_'
		if !ok {
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		b.WriteRune(r)
		dash = false
		if b.Len() >= 64 {
			break
		}
	}
	return strings.Trim(b.String(), "-.") + "-" + hex.EncodeToString(sum[:6])
}

// checkKey refuses a key that is not a plain '/'-separated relative name:
// empty, not UTF-8, with a NUL or other control character, a backslash, a
// leading '/', an empty segment, a "." segment or "..". Such a key could
// name a file outside a local root or differ between stores.
func checkKey(key string) error {
	if key == "" {
		return errors.New("empty key")
	}
	if err := checkPrefix(key); err != nil {
		return err
	}
	if strings.HasSuffix(key, "/") {
		return fmt.Errorf("key %q ends with '/'", key)
	}
	return nil
}

// checkPrefix is checkKey for a List prefix: it may be empty, end with
// '/', or end in the middle of a segment.
func checkPrefix(prefix string) error {
	if !utf8.ValidString(prefix) {
		return fmt.Errorf("key %q is not UTF-8", prefix)
	}
	for _, r := range prefix {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("key %q holds a control character", prefix)
		}
	}
	switch {
	case strings.HasPrefix(prefix, "/"):
		return fmt.Errorf("key %q starts with '/'", prefix)
	case strings.Contains(prefix, `\`):
		return fmt.Errorf("key %q holds a backslash", prefix)
	case strings.Contains(prefix, ".."):
		return fmt.Errorf("key %q holds \"..\"", prefix)
	case strings.Contains(prefix, "//"):
		return fmt.Errorf("key %q has an empty segment", prefix)
	case prefix == "." || strings.HasPrefix(prefix, "./") || strings.Contains(prefix, "/./") || strings.HasSuffix(prefix, "/."):
		return fmt.Errorf("key %q has a \".\" segment", prefix)
	}
	return nil
}

// hiddenTemp reports whether a file or directory name is a hidden temporary
// one (".*.tmp"): a file another writer has not committed yet, or a
// staging directory. List leaves them out.
func hiddenTemp(name string) bool {
	return len(name) > len(".tmp") && strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp")
}

// listable reports whether List returns an object with this key: a valid
// key whose segments are not hidden temporary names.
func listable(key string) bool {
	if checkKey(key) != nil {
		return false
	}
	for _, seg := range strings.Split(key, "/") {
		if hiddenTemp(seg) {
			return false
		}
	}
	return true
}
