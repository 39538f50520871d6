package gitpack

import (
	"bufio"
	"bytes"
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/klauspost/compress/zlib"
)

// Pack object types (gitformat-pack).
const (
	objCommit   = 1
	objTree     = 2
	objBlob     = 3
	objTag      = 4
	objOfsDelta = 6
	objRefDelta = 7
)

const (
	// maxBaseSize bounds the objects a pack reader materialises as delta
	// bases or intermediate results; larger ones are left to go-git.
	maxBaseSize = 64 << 20
	// maxChain bounds delta chains (git's default limit is 50, its
	// maximum 4095); a longer one is taken for a cycle.
	maxChain = 10000
	// baseCacheBytes bounds each repository's cache of delta bases.
	baseCacheBytes = 32 << 20
	// maxPooledBuffer is the largest read buffer kept for reuse.
	maxPooledBuffer = 1 << 20
	// maxRawRead bounds the compressed data read at once into memory:
	// larger objects are inflated from a stream, so that what a pack
	// declares never sizes more than this of it.
	maxRawRead = 4 << 20
	// maxWholeDelta bounds the deltas inflated whole before being
	// applied; larger ones (a delta may spend 8 bytes on each byte it
	// makes) are applied as they inflate, never held.
	maxWholeDelta = 1 << 20
)

// ErrNotPacked says that the pack reader cannot read an object (not in
// its packs, or stored in a way it does not handle) and that go-git should.
var ErrNotPacked = errors.New("not readable from the packs")

// ErrCorrupt marks malformed pack data.
var ErrCorrupt = errors.New("corrupt pack data")

// ErrTooLarge is returned with the size of an object over the limit.
var ErrTooLarge = errors.New("object over the size limit")

// Reader reads objects from the pack files of one repository. It is
// safe for concurrent use: pack files are read with ReadAt, the indexes
// are immutable once loaded, and the base cache is locked.
type Reader struct {
	packs []*packFile
	bases *baseCache
	// inflaters holds zlib readers, buffers rawBuffers, and streams
	// buffered readers of large objects, for reuse.
	inflaters sync.Pool
	buffers   sync.Pool
	streams   sync.Pool
}

// packFile is one .pack with its index.
type packFile struct {
	path string
	r    io.ReaderAt
	// end is the offset of the pack's trailing checksum: objects lie before it.
	end    int64
	closer io.Closer
	idx    packIndex
}

// Open loads the indexes of the packs of a git directory. Packs
// whose index it cannot read are skipped (their objects go to go-git).
func Open(gitDir string) (*Reader, error) {
	idxs, err := filepath.Glob(filepath.Join(gitDir, "objects", "pack", "pack-*.idx"))
	if err != nil {
		return nil, fmt.Errorf("listing packs: %w", err)
	}
	pr := &Reader{bases: newBaseCache(baseCacheBytes)}
	for _, idxPath := range idxs {
		p, err := openPackFile(idxPath)
		if err != nil {
			continue
		}
		pr.packs = append(pr.packs, p)
	}
	return pr, nil
}

// openPackFile opens a pack and its index. The index is mapped, not
// read (mapIndex): a survey opens each repository's packs more than once,
// and looks up a few thousand of an index's entries at most.
func openPackFile(idxPath string) (*packFile, error) {
	data, unmap, err := mapIndex(idxPath)
	if err != nil {
		return nil, err
	}
	idx, err := parsePackIndex(data)
	if err != nil {
		unmap()
		return nil, fmt.Errorf("%s: %w", idxPath, err)
	}
	packPath := idxPath[:len(idxPath)-len(".idx")] + ".pack"
	f, err := os.Open(packPath)
	if err != nil {
		unmap()
		return nil, err
	}
	p, err := newPackFile(packPath, f, idx)
	if err != nil {
		f.Close()
		unmap()
		return nil, err
	}
	p.closer = closers{f, closerFunc(unmap)}
	return p, nil
}

// closers closes each of its closers.
type closers []io.Closer

func (cs closers) Close() error {
	var errs []error
	for _, c := range cs {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// closerFunc is a function as an io.Closer.
type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// newPackFile checks a pack's header and size against its index.
func newPackFile(name string, r io.ReaderAt, idx packIndex) (*packFile, error) {
	var hdr [12]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, fmt.Errorf("%s: reading header: %w", name, err)
	}
	if string(hdr[:4]) != "PACK" {
		return nil, fmt.Errorf("%s: %w: no PACK signature", name, ErrCorrupt)
	}
	if v := binary.BigEndian.Uint32(hdr[4:]); v != 2 && v != 3 {
		return nil, fmt.Errorf("%s: unsupported pack version %d", name, v)
	}
	if n := binary.BigEndian.Uint32(hdr[8:]); n != idx.count() {
		return nil, fmt.Errorf("%s: %w: %d objects, index has %d", name, ErrCorrupt, n, idx.count())
	}
	size, err := readerSize(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if size < 12+20 {
		return nil, fmt.Errorf("%s: %w: truncated", name, ErrCorrupt)
	}
	return &packFile{path: name, r: r, end: size - 20, idx: idx}, nil
}

// readerSize finds the size of a pack's data source.
func readerSize(r io.ReaderAt) (int64, error) {
	switch r := r.(type) {
	case *os.File:
		fi, err := r.Stat()
		if err != nil {
			return 0, err
		}
		return fi.Size(), nil
	case interface{ Size() int64 }:
		return r.Size(), nil
	}
	return 0, errors.New("cannot size pack")
}

// Close closes the pack files.
func (pr *Reader) Close() error {
	var errs []error
	for _, p := range pr.packs {
		if p.closer != nil {
			errs = append(errs, p.closer.Close())
		}
	}
	return errors.Join(errs...)
}

// find returns the pack and offset of an object.
func (pr *Reader) find(h plumbing.Hash) (*packFile, int64, bool) {
	for _, p := range pr.packs {
		if off, ok := p.idx.find(h[:]); ok {
			return p, off, true
		}
	}
	return nil, 0, false
}

// ReadBlob reads a blob whole. Over maxSize it returns the size and an
// error wrapping ErrTooLarge without inflating the blob. It returns an
// error wrapping ErrNotPacked for what go-git should read instead.
func (pr *Reader) ReadBlob(h plumbing.Hash, maxSize int64) ([]byte, int64, error) {
	typ, data, size, err := pr.ReadObject(h, maxSize)
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, size, fmt.Errorf("blob %s has %d bytes, over the limit of %d: %w", h, size, maxSize, ErrTooLarge)
	case err != nil:
		return nil, size, err
	case typ != plumbing.BlobObject:
		return nil, size, fmt.Errorf("object %s is a %s: %w", h, typ, ErrNotPacked)
	}
	return data, size, nil
}

// ReadObject reads an object whole, whatever its type, bounded as
// ReadBlob is: over maxSize it returns the size and an error wrapping
// ErrTooLarge; outside the packs, an error wrapping ErrNotPacked.
func (pr *Reader) ReadObject(h plumbing.Hash, maxSize int64) (plumbing.ObjectType, []byte, int64, error) {
	p, off, ok := pr.find(h)
	if !ok {
		return plumbing.InvalidObject, nil, 0, ErrNotPacked
	}
	typ, data, size, err := pr.readObject(p, off, maxSize)
	switch {
	case errors.Is(err, ErrTooLarge):
		return plumbing.InvalidObject, nil, size, err
	case err != nil:
		return plumbing.InvalidObject, nil, size, fmt.Errorf("reading object %s from %s: %w", h, filepath.Base(p.path), err)
	}
	return plumbing.ObjectType(typ), data, size, nil
}

// ObjectSize returns the size of an object without inflating it (a
// delta's first bytes are inflated for the size of its result).
func (pr *Reader) ObjectSize(h plumbing.Hash) (int64, error) {
	p, off, ok := pr.find(h)
	if !ok {
		return 0, ErrNotPacked
	}
	hdr, err := p.header(off)
	if err == nil && !hdr.delta() {
		return hdr.size, nil
	}
	if err == nil {
		var target uint64
		if target, err = pr.deltaTarget(p, hdr); err == nil {
			return int64(target), nil
		}
	}
	return 0, fmt.Errorf("reading size of %s from %s: %w", h, filepath.Base(p.path), err)
}

// objHeader is a pack object's header.
type objHeader struct {
	off     int64 // of the header
	dataOff int64 // of the compressed data
	typ     int
	size    int64 // of the inflated data (for deltas, of the delta)
	baseOff int64 // of an OFS_DELTA's base
	baseRef plumbing.Hash
}

func (h objHeader) delta() bool { return h.typ == objOfsDelta || h.typ == objRefDelta }

// maxHeader is the longest object header read: type and size (up to 10
// bytes for a 64-bit size) and a base reference (20 bytes) or offset.
const maxHeader = 10 + 20

// header reads the object header at off.
func (p *packFile) header(off int64) (objHeader, error) {
	if off < 12 || off >= p.end {
		return objHeader{}, fmt.Errorf("%w: object offset %d outside the pack", ErrCorrupt, off)
	}
	var buf [maxHeader]byte
	n, err := p.r.ReadAt(buf[:min(int64(len(buf)), p.end-off)], off)
	if err != nil && !(errors.Is(err, io.EOF) && n > 0) {
		return objHeader{}, fmt.Errorf("reading object header at %d: %w", off, err)
	}
	h, err := parseObjectHeader(buf[:n], off)
	if err != nil {
		return objHeader{}, fmt.Errorf("object at %d: %w", off, err)
	}
	return h, nil
}

// parseObjectHeader parses the header of the object at off from b.
func parseObjectHeader(b []byte, off int64) (objHeader, error) {
	typ, size, n, err := parseTypeSize(b)
	if err != nil {
		return objHeader{}, err
	}
	h := objHeader{off: off, typ: typ, size: size}
	switch typ {
	case objCommit, objTree, objBlob, objTag:
	case objOfsDelta:
		rel, m, err := parseOfsDelta(b[n:])
		if err != nil {
			return objHeader{}, err
		}
		if rel <= 0 || rel > off-12 {
			return objHeader{}, fmt.Errorf("%w: delta base offset -%d out of range", ErrCorrupt, rel)
		}
		h.baseOff = off - rel
		n += m
	case objRefDelta:
		if len(b)-n < len(h.baseRef) {
			return objHeader{}, fmt.Errorf("%w: truncated delta base reference", ErrCorrupt)
		}
		copy(h.baseRef[:], b[n:])
		n += len(h.baseRef)
	default:
		return objHeader{}, fmt.Errorf("%w: object type %d", ErrCorrupt, typ)
	}
	h.dataOff = off + int64(n)
	return h, nil
}

// parseTypeSize parses an object's type and inflated size.
func parseTypeSize(b []byte) (typ int, size int64, n int, err error) {
	if len(b) == 0 {
		return 0, 0, 0, fmt.Errorf("%w: truncated object header", ErrCorrupt)
	}
	c := b[0]
	typ = int(c>>4) & 7
	size = int64(c & 0x0f)
	shift := uint(4)
	n = 1
	for c&0x80 != 0 {
		if n >= len(b) {
			return 0, 0, 0, fmt.Errorf("%w: truncated object header", ErrCorrupt)
		}
		if shift > 56 {
			return 0, 0, 0, fmt.Errorf("%w: object size overflows", ErrCorrupt)
		}
		c = b[n]
		n++
		size |= int64(c&0x7f) << shift
		shift += 7
	}
	if size < 0 {
		return 0, 0, 0, fmt.Errorf("%w: object size overflows", ErrCorrupt)
	}
	return typ, size, n, nil
}

// parseOfsDelta parses the distance back to an OFS_DELTA's base.
func parseOfsDelta(b []byte) (int64, int, error) {
	if len(b) == 0 {
		return 0, 0, fmt.Errorf("%w: truncated delta base offset", ErrCorrupt)
	}
	c := b[0]
	rel := int64(c & 0x7f)
	n := 1
	for c&0x80 != 0 {
		if n >= len(b) {
			return 0, 0, fmt.Errorf("%w: truncated delta base offset", ErrCorrupt)
		}
		if rel >= 1<<55 {
			return 0, 0, fmt.Errorf("%w: delta base offset overflows", ErrCorrupt)
		}
		c = b[n]
		n++
		rel = (rel+1)<<7 | int64(c&0x7f)
	}
	return rel, n, nil
}

// readObject reads the object at off: its type (of the chain's base for
// a delta), content and size. An object over limit bytes is not inflated:
// its size is returned with ErrTooLarge. Delta bases are read up to
// maxBaseSize whatever the limit.
func (pr *Reader) readObject(p *packFile, off int64, limit int64) (int, []byte, int64, error) {
	if b, typ, ok := pr.bases.get(p, off); ok {
		if int64(len(b)) > limit {
			return 0, nil, int64(len(b)), ErrTooLarge
		}
		return typ, bytes.Clone(b), int64(len(b)), nil
	}
	hdr, err := p.header(off)
	if err != nil {
		return 0, nil, 0, err
	}
	if !hdr.delta() {
		if hdr.size > limit {
			return 0, nil, hdr.size, ErrTooLarge
		}
		data, err := pr.inflate(p, hdr.dataOff, hdr.size, nil)
		if err != nil {
			return 0, nil, hdr.size, fmt.Errorf("object at %d: %w", off, err)
		}
		return hdr.typ, data, hdr.size, nil
	}
	typ, data, target, err := pr.resolveDelta(p, hdr, limit, func() (int, []byte, error) { return pr.readBase(p, hdr, 1) })
	if err != nil {
		return 0, nil, int64(target), err
	}
	return typ, data, int64(len(data)), nil
}

// resolveDelta applies the delta hdr to the base that base returns. A
// result over limit is not made: its size is returned with ErrTooLarge,
// and base is not called.
func (pr *Reader) resolveDelta(p *packFile, hdr objHeader, limit int64, base func() (int, []byte, error)) (int, []byte, uint64, error) {
	if hdr.size <= maxWholeDelta {
		delta, target, err := pr.readDelta(p, hdr, limit)
		if err != nil {
			return 0, nil, target, err
		}
		typ, b, err := base()
		if err != nil {
			return 0, nil, target, err
		}
		data, err := applyDelta(b, delta, target)
		if err != nil {
			return 0, nil, target, fmt.Errorf("delta at %d: %w", hdr.off, err)
		}
		return typ, data, target, nil
	}
	target, err := pr.deltaTarget(p, hdr)
	switch {
	case err != nil:
		return 0, nil, 0, err
	case target > uint64(limit):
		return 0, nil, target, ErrTooLarge
	case uint64(hdr.size) > target*8+40:
		return 0, nil, target, fmt.Errorf("%w: delta of %d bytes for %d", ErrCorrupt, hdr.size, target)
	}
	typ, b, err := base()
	if err != nil {
		return 0, nil, target, err
	}
	data, err := pr.applyDeltaStream(p, hdr, b, target)
	if err != nil {
		return 0, nil, target, fmt.Errorf("delta at %d: %w", hdr.off, err)
	}
	return typ, data, target, nil
}

// readBase materialises the base of the delta hdr, resolving its chain
// iteratively and caching every base it makes. depth counts the deltas
// above.
func (pr *Reader) readBase(p *packFile, hdr objHeader, depth int) (int, []byte, error) {
	// Walk down to a cached base or a whole object, remembering the deltas.
	var chain []objHeader
	var (
		typ  int
		base []byte
	)
	for {
		off, err := p.baseOffset(hdr)
		if err != nil {
			return 0, nil, err
		}
		if b, t, ok := pr.bases.get(p, off); ok {
			typ, base = t, b
			break
		}
		if depth+len(chain) > maxChain {
			return 0, nil, fmt.Errorf("%w: delta chain at %d longer than %d", ErrCorrupt, off, maxChain)
		}
		bh, err := p.header(off)
		if err != nil {
			return 0, nil, err
		}
		if !bh.delta() {
			if bh.size > maxBaseSize {
				return 0, nil, fmt.Errorf("delta base at %d has %d bytes: %w", off, bh.size, ErrNotPacked)
			}
			base, err = pr.inflate(p, bh.dataOff, bh.size, nil)
			if err != nil {
				return 0, nil, fmt.Errorf("object at %d: %w", off, err)
			}
			typ = bh.typ
			pr.bases.put(p, off, typ, base)
			break
		}
		chain = append(chain, bh)
		hdr = bh
	}
	// Apply the deltas back up the chain.
	for i := len(chain) - 1; i >= 0; i-- {
		d := chain[i]
		_, out, target, err := pr.resolveDelta(p, d, maxBaseSize, func() (int, []byte, error) { return typ, base, nil })
		if errors.Is(err, ErrTooLarge) {
			return 0, nil, fmt.Errorf("delta base at %d has %d bytes: %w", d.off, target, ErrNotPacked)
		}
		if err != nil {
			return 0, nil, err
		}
		base = out
		pr.bases.put(p, d.off, typ, base)
	}
	return typ, base, nil
}

// baseOffset returns the offset of a delta's base in the same pack.
func (p *packFile) baseOffset(hdr objHeader) (int64, error) {
	if hdr.typ == objOfsDelta {
		return hdr.baseOff, nil
	}
	off, ok := p.idx.find(hdr.baseRef[:])
	if !ok {
		// A base outside the pack (thin packs are completed when stored,
		// so this is unusual) is left to go-git.
		return 0, fmt.Errorf("delta base %s of object at %d: %w", hdr.baseRef, hdr.off, ErrNotPacked)
	}
	return off, nil
}

// errEnough stops an inflation whose first bytes told what was needed.
var errEnough = errors.New("enough read")

// deltaTarget returns the size of the result of a delta.
func (pr *Reader) deltaTarget(p *packFile, hdr objHeader) (uint64, error) {
	var target uint64
	_, err := pr.inflate(p, hdr.dataOff, hdr.size, func(head []byte) error {
		var err error
		if _, target, _, err = deltaSizes(head); err == nil {
			err = errEnough
		}
		return err
	})
	if errors.Is(err, errEnough) {
		return target, nil
	}
	return 0, fmt.Errorf("delta at %d: %w", hdr.off, err)
}

// readDelta inflates a delta. Its result's size is checked against limit
// first: over it, only that size is returned, with ErrTooLarge.
func (pr *Reader) readDelta(p *packFile, hdr objHeader, limit int64) ([]byte, uint64, error) {
	var target uint64
	delta, err := pr.inflate(p, hdr.dataOff, hdr.size, func(head []byte) error {
		var err error
		if _, target, _, err = deltaSizes(head); err != nil {
			return err
		}
		if target > uint64(limit) {
			return ErrTooLarge
		}
		// A delta costs at most 8 bytes (a copy) per byte of its result,
		// plus its header.
		if uint64(hdr.size) > target*8+40 {
			return fmt.Errorf("%w: delta of %d bytes for %d", ErrCorrupt, hdr.size, target)
		}
		return nil
	})
	if errors.Is(err, ErrTooLarge) {
		return nil, target, err
	}
	if err != nil {
		return nil, target, fmt.Errorf("delta at %d: %w", hdr.off, err)
	}
	return delta, target, nil
}

// rawBuffer holds compressed data read from a pack, for reuse.
type rawBuffer struct {
	b []byte
}

// inflate inflates size bytes of zlib data at off and checks that the
// stream ends there. check, when set, is given the first bytes (up to 20)
// and stops the inflation with an error: before the rest is inflated for
// a stream, after it for data read whole (at most maxRawRead bytes).
func (pr *Reader) inflate(p *packFile, off, size int64, check func(head []byte) error) ([]byte, error) {
	// The compressed length is unknown: a guess is read, enough for text
	// (which compresses well under its size) and even for incompressible
	// data (a few bytes over its size), and inflated whole. Past
	// maxRawRead bytes, the data is inflated from a stream instead.
	n := min(size+size/8+64, p.end-off)
	if n > maxRawRead {
		return pr.inflateStream(p, off, size, check)
	}
	raw, _ := pr.buffers.Get().(*rawBuffer)
	if raw == nil {
		raw = &rawBuffer{}
	}
	defer pr.release(raw)
	if int64(cap(raw.b)) < n {
		raw.b = make([]byte, n)
	}
	if k, err := p.r.ReadAt(raw.b[:n], off); int64(k) < n {
		return nil, fmt.Errorf("reading %d bytes at %d: %w", n, off, err)
	}
	data, err := inflateBuffer(raw.b[:n], size, check)
	if !errors.Is(err, errBadData) {
		return data, err
	}
	if n == p.end-off { // the whole rest of the pack: no stream there
		return nil, fmt.Errorf("%w: inflating: %w", ErrCorrupt, err)
	}
	// Corrupt, or longer than the guess: the stream reader tells which,
	// reading what it needs once.
	return pr.inflateStream(p, off, size, check)
}

// inflateBuffer inflates size bytes from the zlib stream at the start of
// in (inflateWhole) and checks that the stream ends there; check, when
// set, is given the first bytes (up to 20). errBadData says that in holds
// no complete stream.
func inflateBuffer(in []byte, size int64, check func(head []byte) error) ([]byte, error) {
	// Deflate packs at most 1032 bytes in a byte: a larger size is a lie
	// that must not be allocated for.
	if size > 1032*int64(len(in))+64 {
		return nil, fmt.Errorf("%w: %d compressed bytes cannot hold the %d the header says", ErrCorrupt, len(in), size)
	}
	data := make([]byte, size)
	n, err := inflateWhole(in, data)
	switch {
	case errors.Is(err, errTooLong):
		return nil, fmt.Errorf("%w: more data than the %d bytes the header says", ErrCorrupt, size)
	case err != nil:
		return nil, err
	case int64(n) < size:
		return nil, fmt.Errorf("%w: inflated %d bytes, header says %d", ErrCorrupt, n, size)
	}
	if check != nil {
		if err := check(data[:min(size, 20)]); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// inflateStream inflates size bytes of zlib data at off as inflate does,
// reading the compressed data as a stream rather than into memory.
func (pr *Reader) inflateStream(p *packFile, off, size int64, check func(head []byte) error) ([]byte, error) {
	src := pr.streamAt(p, off)
	defer pr.streams.Put(src)
	z, err := pr.inflater(src)
	if err != nil {
		return nil, err
	}
	defer pr.inflaters.Put(z)
	var head []byte
	if check != nil {
		head = make([]byte, min(size, 20))
		if _, err := io.ReadFull(z, head); err != nil {
			return nil, fmt.Errorf("%w: inflating: %w", ErrCorrupt, err)
		}
		if err := check(head); err != nil {
			return nil, err
		}
	}
	// The data grows as it comes: up to 1032 bytes per compressed byte.
	return readExactly(z, head, size, 1032*(p.end-off)+64)
}

// streamAt returns a pooled buffered reader of the pack from off.
func (pr *Reader) streamAt(p *packFile, off int64) *bufio.Reader {
	src := io.NewSectionReader(p.r, off, p.end-off)
	if br, ok := pr.streams.Get().(*bufio.Reader); ok {
		br.Reset(src)
		return br
	}
	return bufio.NewReaderSize(src, 64<<10)
}

// applyDeltaStream applies the delta hdr to base as the delta inflates,
// checking that it is as long as its header says.
func (pr *Reader) applyDeltaStream(p *packFile, hdr objHeader, base []byte, target uint64) ([]byte, error) {
	src := pr.streamAt(p, hdr.dataOff)
	defer pr.streams.Put(src)
	z, err := pr.inflater(src)
	if err != nil {
		return nil, err
	}
	defer pr.inflaters.Put(z)
	counted := &countingReader{r: z}
	d := bufio.NewReaderSize(counted, 64<<10)
	out, err := applyDeltaFrom(base, d, target)
	if err != nil {
		return nil, err
	}
	if counted.n != hdr.size {
		return nil, fmt.Errorf("%w: inflated %d bytes of delta, the header says %d", ErrCorrupt, counted.n, hdr.size)
	}
	return out, nil
}

// countingReader counts what is read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (pr *Reader) release(raw *rawBuffer) {
	if cap(raw.b) > maxPooledBuffer {
		raw.b = nil
	}
	pr.buffers.Put(raw)
}

// readExactly reads from a zlib stream until buf holds want bytes, and
// checks that the stream ends there. buf grows as data comes rather than
// being allocated at once from the (untrusted) size beyond likely, a
// bound on what the stream can hold.
func readExactly(z io.Reader, buf []byte, want, likely int64) ([]byte, error) {
	if int64(cap(buf)) < want {
		buf = append(make([]byte, 0, min(want, likely, 8<<20)), buf...)
	}
	for int64(len(buf)) < want {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := z.Read(buf[len(buf):min(int64(cap(buf)), want)])
		buf = buf[:len(buf)+n]
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("%w: inflating: %w", ErrCorrupt, err)
			}
			if int64(len(buf)) < want {
				return nil, fmt.Errorf("%w: inflated %d bytes, header says %d", ErrCorrupt, len(buf), want)
			}
		}
	}
	var one [1]byte
	for {
		n, err := z.Read(one[:])
		if n > 0 {
			return nil, fmt.Errorf("%w: more data than the %d bytes the header says", ErrCorrupt, want)
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: inflating: %w", ErrCorrupt, err)
		}
	}
}

// inflater returns a pooled zlib reader reset to read from src.
func (pr *Reader) inflater(src io.Reader) (io.ReadCloser, error) {
	if z, ok := pr.inflaters.Get().(io.ReadCloser); ok {
		if err := z.(zlib.Resetter).Reset(src, nil); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
		return z, nil
	}
	z, err := zlib.NewReader(src)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return z, nil
}

// deltaSizes parses the base and result sizes at the start of a delta.
func deltaSizes(d []byte) (base, target uint64, n int, err error) {
	base, n, err = uvarint(d)
	if err != nil {
		return 0, 0, 0, err
	}
	target, m, err := uvarint(d[n:])
	if err != nil {
		return 0, 0, 0, err
	}
	return base, target, n + m, nil
}

// uvarint parses a delta header size (little-endian base 128).
func uvarint(b []byte) (uint64, int, error) {
	var v uint64
	for i, c := range b {
		if i == 10 || (i == 9 && c > 1) {
			return 0, 0, fmt.Errorf("%w: delta size overflows", ErrCorrupt)
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, i + 1, nil
		}
	}
	return 0, 0, fmt.Errorf("%w: truncated delta header", ErrCorrupt)
}

// applyDelta applies a git delta to base. Every instruction is checked
// against the base, the delta and the result size the delta declares,
// which must not be over maxTarget.
func applyDelta(base, delta []byte, maxTarget uint64) ([]byte, error) {
	baseSize, target, n, err := deltaSizes(delta)
	if err != nil {
		return nil, err
	}
	if baseSize != uint64(len(base)) {
		return nil, fmt.Errorf("%w: delta for a base of %d bytes, base has %d", ErrCorrupt, baseSize, len(base))
	}
	d := delta[n:]
	// An instruction of at most 4 bytes copies at most 0xffffff bytes.
	if target > maxTarget || target > uint64(len(d))*0x400000 {
		return nil, fmt.Errorf("%w: delta result of %d bytes from %d of delta", ErrCorrupt, target, len(d))
	}
	out := make([]byte, 0, target)
	for len(d) > 0 {
		cmd := d[0]
		d = d[1:]
		switch {
		case cmd&0x80 != 0:
			var off, size uint64
			for i := range 4 {
				if cmd&(1<<i) != 0 {
					if len(d) == 0 {
						return nil, fmt.Errorf("%w: truncated delta copy", ErrCorrupt)
					}
					off |= uint64(d[0]) << (8 * i)
					d = d[1:]
				}
			}
			for i := range 3 {
				if cmd&(0x10<<i) != 0 {
					if len(d) == 0 {
						return nil, fmt.Errorf("%w: truncated delta copy", ErrCorrupt)
					}
					size |= uint64(d[0]) << (8 * i)
					d = d[1:]
				}
			}
			if size == 0 {
				size = 0x10000
			}
			if off+size > uint64(len(base)) || size > target-uint64(len(out)) {
				return nil, fmt.Errorf("%w: delta copy of %d bytes at %d out of range", ErrCorrupt, size, off)
			}
			out = append(out, base[off:off+size]...)
		case cmd != 0:
			size := uint64(cmd)
			if size > uint64(len(d)) || size > target-uint64(len(out)) {
				return nil, fmt.Errorf("%w: delta insert of %d bytes out of range", ErrCorrupt, size)
			}
			out = append(out, d[:size]...)
			d = d[size:]
		default:
			return nil, fmt.Errorf("%w: delta instruction 0", ErrCorrupt)
		}
	}
	if uint64(len(out)) != target {
		return nil, fmt.Errorf("%w: delta made %d bytes, header says %d", ErrCorrupt, len(out), target)
	}
	return out, nil
}

// applyDeltaFrom applies a git delta read from d to base, as applyDelta
// does, reading the instructions as they come. The result's size must be
// target; the delta ends where d does.
func applyDeltaFrom(base []byte, d *bufio.Reader, target uint64) ([]byte, error) {
	var sizes [20]byte
	n := 0
	for i := 0; i < 2; {
		c, err := d.ReadByte()
		if err != nil || n == len(sizes) {
			return nil, fmt.Errorf("%w: truncated delta header", ErrCorrupt)
		}
		sizes[n] = c
		n++
		if c&0x80 == 0 {
			i++
		}
	}
	baseSize, size, _, err := deltaSizes(sizes[:n])
	if err != nil {
		return nil, err
	}
	if baseSize != uint64(len(base)) {
		return nil, fmt.Errorf("%w: delta for a base of %d bytes, base has %d", ErrCorrupt, baseSize, len(base))
	}
	if size != target {
		return nil, fmt.Errorf("%w: delta result of %d bytes, %d first read", ErrCorrupt, size, target)
	}
	out := make([]byte, 0, min(target, 8<<20)) // grows as it is made
	for {
		cmd, err := d.ReadByte()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: inflating: %w", ErrCorrupt, err)
		}
		switch {
		case cmd&0x80 != 0:
			var off, size uint64
			for i := range 4 {
				if cmd&(1<<i) != 0 {
					c, err := d.ReadByte()
					if err != nil {
						return nil, fmt.Errorf("%w: truncated delta copy", ErrCorrupt)
					}
					off |= uint64(c) << (8 * i)
				}
			}
			for i := range 3 {
				if cmd&(0x10<<i) != 0 {
					c, err := d.ReadByte()
					if err != nil {
						return nil, fmt.Errorf("%w: truncated delta copy", ErrCorrupt)
					}
					size |= uint64(c) << (8 * i)
				}
			}
			if size == 0 {
				size = 0x10000
			}
			if off+size > uint64(len(base)) || size > target-uint64(len(out)) {
				return nil, fmt.Errorf("%w: delta copy of %d bytes at %d out of range", ErrCorrupt, size, off)
			}
			out = append(out, base[off:off+size]...)
		case cmd != 0:
			size := int(cmd)
			if uint64(size) > target-uint64(len(out)) {
				return nil, fmt.Errorf("%w: delta insert of %d bytes out of range", ErrCorrupt, size)
			}
			out = append(out, make([]byte, size)...)
			if _, err := io.ReadFull(d, out[len(out)-size:]); err != nil {
				return nil, fmt.Errorf("%w: delta insert of %d bytes out of range", ErrCorrupt, size)
			}
		default:
			return nil, fmt.Errorf("%w: delta instruction 0", ErrCorrupt)
		}
	}
	if uint64(len(out)) != target {
		return nil, fmt.Errorf("%w: delta made %d bytes, header says %d", ErrCorrupt, len(out), target)
	}
	return out, nil
}

// packIndex is a parsed version 2 pack index; it is never modified after
// parsing, so lookups need no lock.
type packIndex struct {
	fanout [256]uint32
	names  []byte // 20 bytes per object, sorted
	off32  []byte // 4 bytes per object
	off64  []byte // 8 bytes per large offset
}

func (x *packIndex) count() uint32 { return x.fanout[255] }

// parsePackIndex parses a version 2 .idx file (SHA-1).
func parsePackIndex(b []byte) (packIndex, error) {
	var x packIndex
	const head = 8 + 256*4
	if len(b) < head+40 || string(b[:4]) != "\xfftOc" {
		return x, fmt.Errorf("%w: not a version 2 index", ErrNotPacked)
	}
	if v := binary.BigEndian.Uint32(b[4:]); v != 2 {
		return x, fmt.Errorf("index version %d: %w", v, ErrNotPacked)
	}
	prev := uint32(0)
	for i := range x.fanout {
		x.fanout[i] = binary.BigEndian.Uint32(b[8+4*i:])
		if x.fanout[i] < prev {
			return x, fmt.Errorf("%w: index fanout not sorted", ErrCorrupt)
		}
		prev = x.fanout[i]
	}
	n := uint64(x.count())
	fixed := uint64(head) + n*(20+4+4) + 40
	if uint64(len(b)) < fixed || (uint64(len(b))-fixed)%8 != 0 {
		return x, fmt.Errorf("%w: index of %d bytes for %d objects", ErrCorrupt, len(b), n)
	}
	p := uint64(head)
	x.names = b[p : p+20*n]
	p += 20*n + 4*n // names, CRCs
	x.off32 = b[p : p+4*n]
	p += 4 * n
	// Large offsets are checked as they are used (offset), so that
	// opening an index reads no more of it than its fanout.
	x.off64 = b[p : uint64(len(b))-40]
	return x, nil
}

// find returns the pack offset of an object.
func (x *packIndex) find(h []byte) (int64, bool) {
	lo := uint32(0)
	if h[0] > 0 {
		lo = x.fanout[h[0]-1]
	}
	hi := x.fanout[h[0]]
	for lo < hi {
		mid := lo + (hi-lo)/2
		switch c := bytes.Compare(h, x.names[20*mid:20*mid+20]); {
		case c == 0:
			return x.offset(mid)
		case c < 0:
			hi = mid
		default:
			lo = mid + 1
		}
	}
	return 0, false
}

// offset returns the offset of the i-th object.
func (x *packIndex) offset(i uint32) (int64, bool) {
	o := binary.BigEndian.Uint32(x.off32[4*i:])
	if o&0x80000000 == 0 {
		return int64(o), true
	}
	j := uint64(o&0x7fffffff) * 8
	if j+8 > uint64(len(x.off64)) {
		return 0, false
	}
	o64 := binary.BigEndian.Uint64(x.off64[j:])
	if o64 > 1<<62 {
		return 0, false
	}
	return int64(o64), true
}

// baseCache keeps recently made delta bases, by pack and offset, up to a
// number of bytes. It is safe for concurrent use; cached slices are
// shared and must not be modified.
type baseCache struct {
	mu      sync.Mutex
	max     int
	size    int
	order   *list.List // of *cachedBase, most recent first
	entries map[baseKey]*list.Element
}

type baseKey struct {
	pack *packFile
	off  int64
}

type cachedBase struct {
	key  baseKey
	typ  int
	data []byte
}

func newBaseCache(maxBytes int) *baseCache {
	return &baseCache{max: maxBytes, order: list.New(), entries: map[baseKey]*list.Element{}}
}

func (c *baseCache) get(p *packFile, off int64) ([]byte, int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[baseKey{p, off}]
	if !ok {
		return nil, 0, false
	}
	c.order.MoveToFront(e)
	b := e.Value.(*cachedBase)
	return b.data, b.typ, true
}

func (c *baseCache) put(p *packFile, off int64, typ int, data []byte) {
	if len(data) > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := baseKey{p, off}
	if _, ok := c.entries[k]; ok {
		return
	}
	c.entries[k] = c.order.PushFront(&cachedBase{key: k, typ: typ, data: data})
	c.size += len(data)
	for c.size > c.max {
		last := c.order.Back()
		b := last.Value.(*cachedBase)
		c.order.Remove(last)
		delete(c.entries, b.key)
		c.size -= len(b.data)
	}
}

// FindEntry finds a path in the tree root, as go-git's Tree.FindEntry
// does, reading the trees from the packs.
func (pr *Reader) FindEntry(root plumbing.Hash, p string) (filemode.FileMode, plumbing.Hash, error) {
	id := root
	parts := strings.Split(p, "/")
	for i, name := range parts {
		tree, err := pr.readTree(id)
		if err != nil {
			return 0, plumbing.ZeroHash, err
		}
		mode, eid, found, err := treeEntry(tree, name)
		switch {
		case err != nil:
			return 0, plumbing.ZeroHash, fmt.Errorf("reading tree %s: %w", id, err)
		case !found && i < len(parts)-1:
			return 0, plumbing.ZeroHash, object.ErrDirectoryNotFound
		case !found:
			return 0, plumbing.ZeroHash, object.ErrEntryNotFound
		case i == len(parts)-1:
			return mode, eid, nil
		}
		id = eid
	}
	return 0, plumbing.ZeroHash, object.ErrEntryNotFound
}

// MaxTreeSize bounds the tree objects a Reader reads: about 200,000
// entries, far beyond any real directory. A larger one (a blob posing as a
// tree) is an error, not an allocation.
const MaxTreeSize = 16 << 20

// TreeEntry is one entry of a tree object.
type TreeEntry struct {
	// Name is the entry's name as stored: bytes, not always UTF-8.
	Name string
	// Mode is the entry's file mode (directory, regular, symlink, ...).
	Mode filemode.FileMode
	// Hash names the entry's object.
	Hash plumbing.Hash
}

// Tree reads the entries of a tree object, in the tree's order. It
// returns an error wrapping ErrNotPacked for a tree go-git should read.
func (pr *Reader) Tree(id plumbing.Hash) ([]TreeEntry, error) {
	data, err := pr.readTree(id)
	if err != nil {
		return nil, err
	}
	return ParseTree(data)
}

// ParseTree parses the content of a tree object: entries of an octal
// mode, a space, the name, a NUL and the 20-byte hash. Modes are made
// canonical as git and go-git do (100664 is a regular file).
func ParseTree(tree []byte) ([]TreeEntry, error) {
	var entries []TreeEntry
	for len(tree) > 0 {
		e, rest, err := nextTreeEntry(tree)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
		tree = rest
	}
	return entries, nil
}

// nextTreeEntry parses the first entry of a tree object's content and
// returns it with the rest.
func nextTreeEntry(tree []byte) (TreeEntry, []byte, error) {
	sp := bytes.IndexByte(tree, ' ')
	if sp <= 0 {
		return TreeEntry{}, nil, fmt.Errorf("%w: tree entry mode", ErrCorrupt)
	}
	nul := bytes.IndexByte(tree[sp+1:], 0)
	if nul <= 0 || len(tree)-(sp+1+nul+1) < 20 {
		return TreeEntry{}, nil, fmt.Errorf("%w: truncated tree entry", ErrCorrupt)
	}
	mode, err := filemode.New(string(tree[:sp]))
	if err != nil {
		return TreeEntry{}, nil, fmt.Errorf("%w: tree entry mode: %w", ErrCorrupt, err)
	}
	e := TreeEntry{Name: string(tree[sp+1 : sp+1+nul]), Mode: canonicalMode(mode)}
	rest := tree[sp+1+nul+1:]
	copy(e.Hash[:], rest)
	return e, rest[20:], nil
}

// canonicalMode maps a tree entry's mode to one git writes.
func canonicalMode(mode filemode.FileMode) filemode.FileMode {
	switch mode & 0o170000 {
	case 0o040000:
		return filemode.Dir
	case 0o100000:
		if mode&0o111 != 0 {
			return filemode.Executable
		}
		return filemode.Regular
	case 0o120000:
		return filemode.Symlink
	}
	return filemode.Submodule
}

// readTree reads a tree object. An object of another type is reported
// as not found, as go-git does.
func (pr *Reader) readTree(id plumbing.Hash) ([]byte, error) {
	p, off, ok := pr.find(id)
	if !ok {
		return nil, ErrNotPacked
	}
	typ, data, size, err := pr.readObject(p, off, MaxTreeSize)
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, fmt.Errorf("tree %s has %d bytes, over the limit of %d: %w", id, size, MaxTreeSize, ErrTooLarge)
	case err != nil:
		return nil, fmt.Errorf("reading tree %s from %s: %w", id, filepath.Base(p.path), err)
	case typ != objTree:
		return nil, plumbing.ErrObjectNotFound
	}
	return data, nil
}

// treeEntry finds a name among the entries of a tree object.
func treeEntry(tree []byte, name string) (filemode.FileMode, plumbing.Hash, bool, error) {
	for len(tree) > 0 {
		e, rest, err := nextTreeEntry(tree)
		if err != nil {
			return 0, plumbing.ZeroHash, false, err
		}
		if e.Name == name {
			return e.Mode, e.Hash, true, nil
		}
		tree = rest
	}
	return 0, plumbing.ZeroHash, false, nil
}
