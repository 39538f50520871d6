// Package factcache keeps the facts extracted from blobs, so that a blob
// read once (same content, same extractors) is not read or parsed again:
// within a backfill, whose points share most of their files, and across
// nightly runs, where a changed repository costs only its changed files.
//
// Only the facts of extractors that depend on a file's content alone
// (extractors.Pure) are kept, and only for files extracted without error.
// The cache is two bbolt files in a directory: entries go to the current
// one, and when it outgrows half the size allowed it becomes the previous
// one (the older previous one is deleted), so the cache stays under its
// bound and an entry used since the last turn survives it (a hit in the
// previous file is copied to the current one). The directory may be
// deleted at any time; a damaged file is set aside and started again.
package factcache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/pysurvey/pysurvey/extractors"
)

// bucket is the one bucket of each file.
var bucket = []byte("facts")

// Entry is what the cache keeps of one blob: the file row's fields that
// come from its content, and its facts.
type Entry struct {
	// Size and Lines of the file.
	Size, Lines int64
	// Extractors that ran, as name/version (files.extractors).
	Extractors string
	// Facts of the file, with empty keys (the caller fills them).
	Facts extractors.Facts
}

// Cache is a bounded store of entries by key, safe for concurrent use.
type Cache struct {
	dir      string
	maxBytes int64

	mu       sync.RWMutex
	current  *bolt.DB
	previous *bolt.DB // nil when there is none
	hits     int64
	misses   int64

	// Puts go to a writer goroutine that commits them in batches, so
	// that no reader waits for a disk write; a put finding the queue full
	// is dropped (the entry is only missed later).
	queue chan kv
	done  chan struct{}
}

// kv is a put waiting for the writer, or, with synced set, a mark the
// writer closes once what was queued before it is written.
type kv struct {
	key, val []byte
	synced   chan struct{}
}

// batchSize bounds the puts of one commit.
const batchSize = 512

// Open opens the cache in dir, making it when missing, bounded to about
// maxBytes on disk.
func Open(dir string, maxBytes int64) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("fact cache: %w", err)
	}
	c := &Cache{dir: dir, maxBytes: maxBytes, queue: make(chan kv, 4*batchSize), done: make(chan struct{})}
	var err error
	if c.current, err = openFile(filepath.Join(dir, "current.db")); err != nil {
		return nil, err
	}
	go c.write()
	if _, err := os.Stat(filepath.Join(dir, "previous.db")); err == nil {
		if c.previous, err = openFile(filepath.Join(dir, "previous.db")); err != nil {
			c.previous = nil // a damaged previous file is only lost entries
		}
	}
	return c, nil
}

// openFile opens a bbolt file, setting a damaged one aside (renamed
// *.damaged) and starting again.
func openFile(path string) (*bolt.DB, error) {
	// No fsync: the cache may be lost whole (a damaged file is set aside).
	// The freelist is kept in the file (NoFreelistSync off): without it
	// every open walks all the file's pages to find the free ones, 0.3 s
	// of CPU a run for a 100 MB cache. A cache another process holds
	// (shards side by side) is waited for briefly; the run then goes
	// without one.
	opts := &bolt.Options{Timeout: 2 * time.Second, NoSync: true, NoGrowSync: true, FreelistType: bolt.FreelistMapType}
	db, err := bolt.Open(path, 0o644, opts)
	if err != nil && !errors.Is(err, bolt.ErrTimeout) {
		os.Rename(path, path+".damaged")
		db, err = bolt.Open(path, 0o644, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("fact cache %s: %w", path, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists(bucket); return err }); err != nil {
		db.Close()
		return nil, fmt.Errorf("fact cache %s: %w", path, err)
	}
	return db, nil
}

// Close writes the puts still queued and closes the cache's files.
func (c *Cache) Close() error {
	close(c.queue)
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	if c.previous != nil {
		errs = append(errs, c.previous.Close())
	}
	if c.current != nil {
		errs = append(errs, c.current.Close())
	}
	return errors.Join(errs...)
}

// Stats returns the lookups that hit and missed.
func (c *Cache) Stats() (hits, misses int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.hits, c.misses
}

// Get returns the entry of key, when the cache has it. A value that
// cannot be decoded (a damaged file) is a miss.
func (c *Cache) Get(key []byte) (Entry, bool) {
	c.mu.RLock()
	val, inPrevious := get(c.current, key), false
	if val == nil && c.previous != nil {
		val, inPrevious = get(c.previous, key), true
	}
	c.mu.RUnlock()
	e, err := Decode(val)
	c.mu.Lock()
	if val == nil || err != nil {
		c.misses++
		c.mu.Unlock()
		return Entry{}, false
	}
	c.hits++
	c.mu.Unlock()
	if inPrevious {
		c.put(key, val) // used since the last turn: kept across the next
	}
	return e, true
}

func get(db *bolt.DB, key []byte) []byte {
	if db == nil {
		return nil
	}
	var out []byte
	db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucket).Get(key); v != nil {
			out = append([]byte(nil), v...)
		}
		return nil
	})
	return out
}

// Put keeps the entry of key. Errors are not the caller's: a cache that
// cannot be written only misses later.
func (c *Cache) Put(key []byte, e Entry) {
	c.put(key, Encode(e))
}

func (c *Cache) put(key, val []byte) {
	select {
	case c.queue <- kv{key: append([]byte(nil), key...), val: val}:
	default: // the writer is behind: this entry is not kept
	}
}

// Sync waits until the puts queued so far are written.
func (c *Cache) Sync() {
	mark := kv{synced: make(chan struct{})}
	c.queue <- mark
	<-mark.synced
}

// write commits the queued puts in batches until the queue closes.
func (c *Cache) write() {
	defer close(c.done)
	for first := range c.queue {
		batch := []kv{first}
		for len(batch) < batchSize {
			select {
			case next, ok := <-c.queue:
				if !ok {
					c.commit(batch)
					return
				}
				batch = append(batch, next)
				continue
			default:
			}
			break
		}
		c.commit(batch)
	}
}

// commit writes a batch of puts into the current file, turning the
// generations when it outgrew its half.
func (c *Cache) commit(batch []kv) {
	c.mu.RLock()
	db := c.current
	c.mu.RUnlock()
	defer func() {
		for _, p := range batch {
			if p.synced != nil {
				close(p.synced)
			}
		}
	}()
	if db == nil {
		return
	}
	err := db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		for _, p := range batch {
			if p.synced != nil {
				continue
			}
			if err := b.Put(p.key, p.val); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return
	}
	if fi, err := os.Stat(db.Path()); err == nil && fi.Size() > c.maxBytes/2 {
		c.turn(db)
	}
}

// turn makes the current file the previous one, deleting the older,
// and starts a new current file; db is the current file the caller saw
// outgrow its half (another caller may have turned it already).
func (c *Cache) turn(db *bolt.DB) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.current != db {
		return
	}
	if c.previous != nil {
		c.previous.Close()
	}
	if c.current != nil {
		c.current.Close()
	}
	prev := filepath.Join(c.dir, "previous.db")
	os.Remove(prev)
	os.Rename(filepath.Join(c.dir, "current.db"), prev)
	var err error
	if c.previous, err = openFile(prev); err != nil {
		c.previous = nil
	}
	if c.current, err = openFile(filepath.Join(c.dir, "current.db")); err != nil {
		c.current = nil // nothing more is kept; lookups still read the previous file
	}
}

// Key makes the key of a blob's facts under a set of extractors
// (name/version, in order): the extractors, a NUL, the blob's hash.
func Key(exs string, blob [20]byte) []byte {
	return append(append([]byte(exs), 0), blob[:]...)
}
