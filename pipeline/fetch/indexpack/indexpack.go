// Package indexpack stores a pack sent by a git server, as `git
// index-pack` does: it copies the stream to a file, checks every object
// (its zlib stream, its declared size, its delta) and writes the pack's
// index, in memory bounded whatever the pack declares.
//
// It is written here rather than taken from go-git because go-git's
// indexer trusts the pack: it reserves index entries for the object count
// of the pack header (4294967295 objects is a fatal out-of-memory error)
// and holds every object whole while hashing it (a 1 GiB blob of zeros,
// 1 MB on the wire, costs 1 GiB). Here whole objects and delta results
// stream through the hasher; only delta bases are held, up to
// Limits.MaxBase bytes each, and a declared size is never an allocation
// until the data has been seen to match it.
package indexpack

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/klauspost/compress/zlib"
)

// ErrCorrupt marks a pack that is not well formed.
var ErrCorrupt = errors.New("corrupt pack")

// ErrLimit marks a pack over one of the Limits (errors.Is finds it in
// the errors made by limitErrorf).
var ErrLimit = errors.New("pack over a limit")

// limitError is a pack over a limit, said in its own words.
type limitError struct{ msg string }

func (e *limitError) Error() string        { return e.msg }
func (e *limitError) Is(target error) bool { return target == ErrLimit }

func limitErrorf(format string, args ...any) error { return &limitError{fmt.Sprintf(format, args...)} }

// Pack object types (gitformat-pack).
const (
	typeCommit   = 1
	typeTree     = 2
	typeBlob     = 3
	typeTag      = 4
	typeOfsDelta = 6
	typeRefDelta = 7
)

// Limits bound what a pack may cost.
type Limits struct {
	// MaxBytes bounds the pack's size (the bytes received).
	MaxBytes int64
	// MaxObjects bounds the objects a pack may hold (each costs about
	// 120 bytes of memory while indexing).
	MaxObjects int
	// MaxBase bounds an object held whole to apply deltas to.
	MaxBase int64
	// CacheBytes bounds the delta bases kept for reuse.
	CacheBytes int64
}

// Object is one object of an indexed pack.
type Object struct {
	// Hash names the object.
	Hash plumbing.Hash
	// Offset is where its entry starts in the pack.
	Offset int64
	// CRC is the CRC-32 of its entry (header and compressed data).
	CRC uint32
	// Type is its type (for a delta, that of the object it makes).
	Type plumbing.ObjectType
	// Size is its inflated size (for a delta, that of the object it makes).
	Size int64
}

// Pack describes a pack stored by Store.
type Pack struct {
	// Name is the base name of the files written: pack-<checksum>.
	Name string
	// Checksum is the pack's trailing SHA-1.
	Checksum plumbing.Hash
	// Objects are the pack's objects, sorted by hash.
	Objects []Object
	// Bytes is the size of the pack.
	Bytes int64
}

// Has reports whether the pack holds an object.
func (p Pack) Has(h plumbing.Hash) bool {
	_, ok := p.Find(h)
	return ok
}

// Find returns an object of the pack.
func (p Pack) Find(h plumbing.Hash) (Object, bool) {
	i, ok := slices.BinarySearchFunc(p.Objects, h, func(o Object, h plumbing.Hash) int { return bytes.Compare(o.Hash[:], h[:]) })
	if !ok {
		return Object{}, false
	}
	return p.Objects[i], true
}

// Store reads a pack from r into dir (a git directory's objects/pack),
// checks and indexes it, and writes pack-<checksum>.pack and .idx there:
// the index first, then the pack, so that neither pack reader sees a pack
// without its index (go-git lists packs, the survey's pack reader lists
// indexes and skips one without its pack). Nothing is left in dir when
// it fails.
func Store(ctx context.Context, r io.Reader, dir string, lim Limits) (Pack, error) {
	tmp, err := os.CreateTemp(dir, "tmp_pack_")
	if err != nil {
		return Pack{}, fmt.Errorf("storing pack: %w", err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	n, err := io.Copy(tmp, &limitedReader{r: r, max: lim.MaxBytes})
	if err != nil {
		return Pack{}, fmt.Errorf("receiving pack: %w", err)
	}
	objs, sum, err := Index(ctx, tmp, n, lim)
	if err != nil {
		return Pack{}, err
	}
	if err := tmp.Sync(); err != nil {
		return Pack{}, fmt.Errorf("storing pack: %w", err)
	}
	name := "pack-" + sum.String()
	idxTmp := tmp.Name() + ".idx"
	if err := writeIndexFile(idxTmp, objs, sum); err != nil {
		return Pack{}, err
	}
	defer os.Remove(idxTmp)
	idx, pack := filepath.Join(dir, name+".idx"), filepath.Join(dir, name+".pack")
	if err := os.Rename(idxTmp, idx); err != nil {
		return Pack{}, fmt.Errorf("storing pack index: %w", err)
	}
	if err := os.Rename(tmp.Name(), pack); err != nil {
		os.Remove(idx)
		return Pack{}, fmt.Errorf("storing pack: %w", err)
	}
	return Pack{Name: name, Checksum: sum, Objects: objs, Bytes: n}, nil
}

// limitedReader fails a read past a bound, where io.LimitReader would
// end the stream quietly.
type limitedReader struct {
	r      io.Reader
	n, max int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n >= l.max {
		// At the bound: the stream must end here.
		var one [1]byte
		k, err := l.r.Read(one[:])
		if k > 0 {
			return 0, limitErrorf("the pack is larger than %s", FormatBytes(uint64(l.max)))
		}
		return 0, err
	}
	if rem := l.max - l.n; int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

func writeIndexFile(path string, objs []Object, sum plumbing.Hash) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing pack index: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	err = WriteIndex(w, objs, sum)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("writing pack index: %w", err)
	}
	return nil
}

// WriteIndex writes a version 2 pack index of objs (sorted by hash) for
// the pack whose checksum is sum.
func WriteIndex(w io.Writer, objs []Object, sum plumbing.Hash) error {
	h := sha1.New()
	out := io.MultiWriter(w, h)
	var b [8]byte
	put32 := func(v uint32) error {
		binary.BigEndian.PutUint32(b[:4], v)
		_, err := out.Write(b[:4])
		return err
	}
	if _, err := out.Write([]byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}); err != nil {
		return err
	}
	var fanout [256]uint32
	for _, o := range objs {
		fanout[o.Hash[0]]++
	}
	total := uint32(0)
	for _, n := range fanout {
		total += n
		if err := put32(total); err != nil {
			return err
		}
	}
	for _, o := range objs {
		if _, err := out.Write(o.Hash[:]); err != nil {
			return err
		}
	}
	for _, o := range objs {
		if err := put32(o.CRC); err != nil {
			return err
		}
	}
	var large []int64
	for _, o := range objs {
		v := uint32(o.Offset)
		if o.Offset >= 1<<31 {
			v = 1<<31 | uint32(len(large))
			large = append(large, o.Offset)
		}
		if err := put32(v); err != nil {
			return err
		}
	}
	for _, off := range large {
		binary.BigEndian.PutUint64(b[:], uint64(off))
		if _, err := out.Write(b[:]); err != nil {
			return err
		}
	}
	if _, err := out.Write(sum[:]); err != nil {
		return err
	}
	_, err := w.Write(h.Sum(nil))
	return err
}

// entry is an object being indexed. Entries are kept in pack order.
type entry struct {
	off  int64
	size int64 // inflated size; for a delta, the result's once read
	// base is a delta's base: its offset (OFS_DELTA), or an index into
	// the reference bases (REF_DELTA).
	base     int64
	crc      uint32
	hdrLen   uint8
	typ      uint8 // as stored
	kind     uint8 // of the object made (a delta's, once resolved)
	resolved bool
	hash     plumbing.Hash
}

func (e *entry) delta() bool { return e.typ == typeOfsDelta || e.typ == typeRefDelta }

// indexer holds the state of Index.
type indexer struct {
	ctx     context.Context
	ra      io.ReaderAt
	end     int64 // of the objects: the trailer's offset
	lim     Limits
	entries []entry
	refs    []plumbing.Hash // REF_DELTA bases, by entry.base
	cache   *baseCache
	// byHash finds resolved entries by hash, for REF_DELTA bases (made
	// only when the pack has such deltas).
	byHash  map[plumbing.Hash]int32
	zr      io.ReadCloser // reused zlib reader
	br      *bufio.Reader // reused reader of delta instructions
	copyBuf []byte
}

// Index checks the pack held by ra (size bytes) and returns its objects
// sorted by hash, and its checksum. Its whole objects are read once, as a
// stream; deltas are applied from their bases, each base held whole (up
// to lim.MaxBase bytes) and cached up to lim.CacheBytes.
func Index(ctx context.Context, ra io.ReaderAt, size int64, lim Limits) ([]Object, plumbing.Hash, error) {
	if size < 12+20 {
		return nil, plumbing.ZeroHash, fmt.Errorf("%w: %d bytes is too short for a pack (%w)", ErrCorrupt, size, io.ErrUnexpectedEOF)
	}
	ix := &indexer{ctx: ctx, ra: ra, end: size - 20, lim: lim, cache: newBaseCache(lim.CacheBytes), copyBuf: make([]byte, 32<<10)}
	sum, err := ix.scan()
	if err != nil {
		return nil, plumbing.ZeroHash, err
	}
	if err := ix.resolveDeltas(); err != nil {
		return nil, plumbing.ZeroHash, err
	}
	objs := make([]Object, len(ix.entries))
	for i := range ix.entries {
		e := &ix.entries[i]
		objs[i] = Object{Hash: e.hash, Offset: e.off, CRC: e.crc, Type: plumbing.ObjectType(e.kind), Size: e.size}
	}
	ix.entries = nil
	slices.SortFunc(objs, func(a, b Object) int { return bytes.Compare(a.Hash[:], b.Hash[:]) })
	return objs, sum, nil
}

// countingReader counts and hashes what is read through it.
type countingReader struct {
	r   io.Reader
	n   int64
	sum hash.Hash
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.sum.Write(p[:n])
	return n, err
}

// scan reads the pack from start to end: the header, then each object's
// header and data, whole objects through the hasher; and checks the
// trailing checksum.
func (ix *indexer) scan() (plumbing.Hash, error) {
	src := &countingReader{r: io.NewSectionReader(ix.ra, 0, ix.end), sum: sha1.New()}
	br := bufio.NewReaderSize(src, 1<<16)
	pos := func() int64 { return src.n - int64(br.Buffered()) }
	var hdr [12]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%w: reading header: %w", ErrCorrupt, err)
	}
	if string(hdr[:4]) != "PACK" {
		return plumbing.ZeroHash, fmt.Errorf("%w: no PACK signature", ErrCorrupt)
	}
	if v := binary.BigEndian.Uint32(hdr[4:]); v != 2 && v != 3 {
		return plumbing.ZeroHash, fmt.Errorf("%w: unsupported pack version %d", ErrCorrupt, v)
	}
	count := binary.BigEndian.Uint32(hdr[8:])
	if uint64(count) > uint64(ix.lim.MaxObjects) {
		return plumbing.ZeroHash, limitErrorf("the pack declares %d objects, over the limit of %d", count, ix.lim.MaxObjects)
	}
	// Each object takes 9 bytes or more (a header byte, a zlib stream of 8).
	if int64(count) > (ix.end-12)/9 {
		return plumbing.ZeroHash, fmt.Errorf("%w: the pack declares %d objects in %d bytes", ErrCorrupt, count, ix.end+20)
	}
	crcs := &crcReader{ra: ix.ra, buf: make([]byte, 1<<16)}
	ix.entries = make([]entry, 0, min(count, 1<<12))
	for i := range count {
		if i%256 == 0 && ix.ctx.Err() != nil {
			return plumbing.ZeroHash, context.Cause(ix.ctx)
		}
		e, err := ix.scanObject(br, pos())
		if err != nil {
			return plumbing.ZeroHash, err
		}
		end := pos()
		if e.crc, err = crcs.crc(e.off, end); err != nil {
			return plumbing.ZeroHash, err
		}
		ix.entries = append(ix.entries, e)
	}
	if pos() != ix.end {
		return plumbing.ZeroHash, fmt.Errorf("%w: %d bytes after the last of %d objects", ErrCorrupt, ix.end-pos(), count)
	}
	var trailer plumbing.Hash
	if _, err := ix.ra.ReadAt(trailer[:], ix.end); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%w: reading checksum: %w", ErrCorrupt, err)
	}
	var sum plumbing.Hash
	copy(sum[:], src.sum.Sum(nil))
	if sum != trailer {
		return plumbing.ZeroHash, fmt.Errorf("%w: checksum %s, trailer says %s", ErrCorrupt, sum, trailer)
	}
	return sum, nil
}

// scanObject reads the object at off from br.
func (ix *indexer) scanObject(br *bufio.Reader, off int64) (entry, error) {
	e := entry{off: off}
	c, err := br.ReadByte()
	if err != nil {
		return e, ix.truncated(off, err)
	}
	e.typ = (c >> 4) & 7
	e.size = int64(c & 0x0f)
	n := 1
	for shift := uint(4); c&0x80 != 0; shift += 7 {
		if shift > 56 {
			return e, fmt.Errorf("%w: object at %d: size overflows", ErrCorrupt, off)
		}
		if c, err = br.ReadByte(); err != nil {
			return e, ix.truncated(off, err)
		}
		n++
		e.size |= int64(c&0x7f) << shift
	}
	if e.size < 0 {
		return e, fmt.Errorf("%w: object at %d: size overflows", ErrCorrupt, off)
	}
	switch e.typ {
	case typeCommit, typeTree, typeBlob, typeTag:
		e.kind, e.resolved = e.typ, true
	case typeOfsDelta:
		c, err := br.ReadByte()
		if err != nil {
			return e, ix.truncated(off, err)
		}
		n++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if rel >= 1<<48 {
				return e, fmt.Errorf("%w: object at %d: delta base offset overflows", ErrCorrupt, off)
			}
			if c, err = br.ReadByte(); err != nil {
				return e, ix.truncated(off, err)
			}
			n++
			rel = (rel+1)<<7 | int64(c&0x7f)
		}
		if rel <= 0 || rel > off-12 {
			return e, fmt.Errorf("%w: object at %d: delta base offset -%d out of range", ErrCorrupt, off, rel)
		}
		e.base = off - rel
		if _, ok := ix.find(e.base); !ok {
			return e, fmt.Errorf("%w: object at %d: no object at its delta base offset %d", ErrCorrupt, off, e.base)
		}
	case typeRefDelta:
		var h plumbing.Hash
		if _, err := io.ReadFull(br, h[:]); err != nil {
			return e, ix.truncated(off, err)
		}
		n += len(h)
		e.base = int64(len(ix.refs))
		ix.refs = append(ix.refs, h)
	default:
		return e, fmt.Errorf("%w: object at %d: type %d", ErrCorrupt, off, e.typ)
	}
	e.hdrLen = uint8(n)
	z, err := ix.inflater(br)
	if err != nil {
		return e, fmt.Errorf("%w: object at %d: %w", ErrCorrupt, off, err)
	}
	if !e.delta() {
		h := plumbing.NewHasher(plumbing.ObjectType(e.typ), e.size)
		if err := copyExactly(&h, z, e.size, ix.copyBuf); err != nil {
			return e, ix.objectError(off, err)
		}
		e.hash = h.Sum()
		return e, nil
	}
	// A delta starts with the sizes of its base and result; the rest is
	// checked to be as long as declared, and applied later.
	zb := byteReader{r: z}
	base, target, err := deltaSizes(&zb)
	if err != nil {
		return e, ix.objectError(off, err)
	}
	if zb.n > e.size {
		return e, fmt.Errorf("%w: object at %d: delta header longer than the delta", ErrCorrupt, off)
	}
	if err := copyExactly(io.Discard, z, e.size-zb.n, ix.copyBuf); err != nil {
		return e, ix.objectError(off, err)
	}
	if base > 1<<62 || target > 1<<62 {
		return e, fmt.Errorf("%w: object at %d: delta size overflows", ErrCorrupt, off)
	}
	e.size = int64(target) // the base's size is checked when applied
	return e, nil
}

func (ix *indexer) truncated(off int64, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return endsEarly(off)
	}
	return fmt.Errorf("%w: object at %d: %w", ErrCorrupt, off, err)
}

// objectError places an error reading the object at off.
func (ix *indexer) objectError(off int64, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return endsEarly(off)
	}
	return fmt.Errorf("object at %d: %w", off, err)
}

// endsEarly says that the pack stops in the object at off: a connection
// cut short, most likely (errors.Is finds io.ErrUnexpectedEOF in it).
func endsEarly(off int64) error {
	return fmt.Errorf("%w: the pack ends early, in the object at %d (%w)", ErrCorrupt, off, io.ErrUnexpectedEOF)
}

// inflater returns the indexer's zlib reader reset to read from r.
func (ix *indexer) inflater(r io.Reader) (io.Reader, error) {
	if ix.zr == nil {
		z, err := zlib.NewReader(r)
		if err != nil {
			return nil, err
		}
		ix.zr = z
		return z, nil
	}
	if err := ix.zr.(zlib.Resetter).Reset(r, nil); err != nil {
		return nil, err
	}
	return ix.zr, nil
}

// copyExactly copies n bytes of a zlib stream to w and checks that the
// stream ends there.
func copyExactly(w io.Writer, z io.Reader, n int64, buf []byte) error {
	got, err := io.CopyBuffer(w, io.LimitReader(z, n), buf)
	if err == nil && got < n {
		err = io.EOF
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%w: inflated %d bytes, the header says %d", ErrCorrupt, got, n)
		}
		return fmt.Errorf("%w: inflating: %w", ErrCorrupt, err)
	}
	var one [1]byte
	for {
		k, err := z.Read(one[:])
		if k > 0 {
			return fmt.Errorf("%w: more data than the %d bytes the header says", ErrCorrupt, n)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: inflating: %w", ErrCorrupt, err)
		}
	}
}

// byteReader reads a stream a byte at a time, counting.
type byteReader struct {
	r io.Reader
	n int64
	b [1]byte
}

func (b *byteReader) ReadByte() (byte, error) {
	if _, err := io.ReadFull(b.r, b.b[:]); err != nil {
		return 0, err
	}
	b.n++
	return b.b[0], nil
}

// deltaSizes reads the base and result sizes that start a delta.
func deltaSizes(r io.ByteReader) (base, target uint64, err error) {
	if base, err = deltaSize(r); err != nil {
		return 0, 0, err
	}
	if target, err = deltaSize(r); err != nil {
		return 0, 0, err
	}
	return base, target, nil
}

// deltaSize reads one size of a delta header (little-endian base 128).
func deltaSize(r io.ByteReader) (uint64, error) {
	var v uint64
	for i := 0; ; i++ {
		c, err := r.ReadByte()
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, err // the pack ends early
		}
		if err != nil {
			return 0, fmt.Errorf("%w: truncated delta header", ErrCorrupt)
		}
		if i == 9 {
			return 0, fmt.Errorf("%w: delta size overflows", ErrCorrupt)
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, nil
		}
	}
}

// crcReader computes the CRC-32 of consecutive ranges of the pack.
type crcReader struct {
	ra  io.ReaderAt
	buf []byte
}

func (c *crcReader) crc(from, to int64) (uint32, error) {
	sum := uint32(0)
	for from < to {
		n := min(int64(len(c.buf)), to-from)
		if _, err := c.ra.ReadAt(c.buf[:n], from); err != nil {
			return 0, fmt.Errorf("reading pack: %w", err)
		}
		sum = crc32.Update(sum, crc32.IEEETable, c.buf[:n])
		from += n
	}
	return sum, nil
}

// find returns the index of the entry at off.
func (ix *indexer) find(off int64) (int, bool) {
	return slices.BinarySearchFunc(ix.entries, off, func(e entry, off int64) int { return cmp.Compare(e.off, off) })
}

// dataRange returns where an entry's compressed data lies.
func (ix *indexer) dataRange(i int) (int64, int64) {
	end := ix.end
	if i+1 < len(ix.entries) {
		end = ix.entries[i+1].off
	}
	return ix.entries[i].off + int64(ix.entries[i].hdrLen), end
}

// child is a delta and the entry it applies to.
type child struct{ base, delta int32 }

// resolveDeltas hashes every delta: from each whole object, the deltas
// based on it are applied, then those based on them, depth first, so
// that a base is usually still cached when its next delta needs it.
func (ix *indexer) resolveDeltas() error {
	var ofs []child // sorted by base entry
	refKids := map[plumbing.Hash][]int32{}
	for i := range ix.entries {
		e := &ix.entries[i]
		switch e.typ {
		case typeOfsDelta:
			b, _ := ix.find(e.base)
			ofs = append(ofs, child{base: int32(b), delta: int32(i)})
		case typeRefDelta:
			refKids[ix.refs[e.base]] = append(refKids[ix.refs[e.base]], int32(i))
		}
	}
	if len(ofs) == 0 && len(refKids) == 0 {
		return nil
	}
	if len(refKids) > 0 {
		ix.byHash = map[plumbing.Hash]int32{}
		for i := range ix.entries {
			if e := &ix.entries[i]; !e.delta() {
				ix.byHash[e.hash] = int32(i)
			}
		}
	}
	slices.SortStableFunc(ofs, func(a, b child) int { return cmp.Compare(a.base, b.base) })
	ofsKids := func(i int32) []child {
		at, _ := slices.BinarySearchFunc(ofs, i, func(c child, i int32) int { return cmp.Compare(c.base, i) })
		end := at
		for end < len(ofs) && ofs[end].base == i {
			end++
		}
		return ofs[at:end]
	}
	hasKids := func(i int32) bool {
		_, ok := refKids[ix.entries[i].hash]
		return ok || len(ofsKids(i)) > 0
	}
	ix.br = bufio.NewReaderSize(nil, 1<<16)
	var stack, kids []int32
	for root := range ix.entries {
		if ix.entries[root].delta() {
			continue
		}
		stack = append(stack[:0], int32(root))
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			kids = kids[:0]
			for _, c := range ofsKids(b) {
				kids = append(kids, c.delta)
			}
			if len(refKids) > 0 {
				h := ix.entries[b].hash
				kids = append(kids, refKids[h]...)
				delete(refKids, h)
			}
			if len(kids) == 0 {
				continue
			}
			base, err := ix.data(int(b))
			if err != nil {
				return err
			}
			for _, k := range kids {
				if ix.ctx.Err() != nil {
					return context.Cause(ix.ctx)
				}
				e := &ix.entries[k]
				// A result is kept whole when deltas may apply to it: its
				// OFS_DELTA children are known; REF_DELTA ones by its hash.
				keep := e.size <= ix.lim.MaxBase && (len(refKids) > 0 || len(ofsKids(k)) > 0)
				out, err := ix.apply(int(k), base, ix.entries[b].kind, keep)
				if err != nil {
					return err
				}
				e.kind, e.resolved = ix.entries[b].kind, true
				if ix.byHash != nil {
					if _, dup := ix.byHash[e.hash]; !dup {
						ix.byHash[e.hash] = k
					}
				}
				if out != nil && hasKids(k) {
					ix.cache.put(k, out)
				}
				stack = append(stack, k)
			}
		}
	}
	for i := range ix.entries {
		if e := &ix.entries[i]; !e.resolved {
			if e.typ == typeRefDelta {
				return fmt.Errorf("%w: the delta at %d is based on %s, which the pack lacks", ErrCorrupt, e.off, ix.refs[e.base])
			}
			return fmt.Errorf("%w: the delta at %d has no resolvable base", ErrCorrupt, e.off)
		}
	}
	return nil
}

// data returns the content of resolved entry i whole: from the cache,
// inflated, or made again by applying its delta chain.
func (ix *indexer) data(i int) ([]byte, error) {
	// Walk down the chain to a cached or whole object.
	var chain []int
	var base []byte
	for j := i; ; {
		e := &ix.entries[j]
		if b, ok := ix.cache.get(int32(j)); ok {
			base = b
			break
		}
		if e.size > ix.lim.MaxBase {
			return nil, limitErrorf("the object at %d, of %s, is a delta base; pysurvey holds bases of up to %s",
				e.off, FormatBytes(uint64(e.size)), FormatBytes(uint64(ix.lim.MaxBase)))
		}
		if !e.delta() {
			b, err := ix.inflate(j)
			if err != nil {
				return nil, err
			}
			ix.cache.put(int32(j), b)
			base = b
			break
		}
		if len(chain) >= len(ix.entries) {
			return nil, fmt.Errorf("%w: the delta at %d is part of a cycle", ErrCorrupt, e.off)
		}
		chain = append(chain, j)
		next, err := ix.baseOf(j)
		if err != nil {
			return nil, err
		}
		j = next
	}
	for k := len(chain) - 1; k >= 0; k-- {
		c := chain[k]
		out, err := ix.apply(c, base, ix.entries[c].kind, true)
		if err != nil {
			return nil, err
		}
		base = out
		ix.cache.put(int32(c), out)
	}
	return base, nil
}

// baseOf returns the entry a resolved delta applies to.
func (ix *indexer) baseOf(i int) (int, error) {
	e := &ix.entries[i]
	if e.typ == typeOfsDelta {
		b, _ := ix.find(e.base)
		return b, nil
	}
	h := ix.refs[e.base]
	if j, ok := ix.byHash[h]; ok && int(j) != i {
		return int(j), nil
	}
	return 0, fmt.Errorf("%w: the delta at %d is based on %s, which the pack lacks", ErrCorrupt, e.off, h)
}

// inflate reads a whole object, whose size the scan has checked.
func (ix *indexer) inflate(i int) ([]byte, error) {
	from, to := ix.dataRange(i)
	z, err := ix.inflater(bufio.NewReaderSize(io.NewSectionReader(ix.ra, from, to-from), 1<<16))
	if err != nil {
		return nil, fmt.Errorf("%w: object at %d: %w", ErrCorrupt, ix.entries[i].off, err)
	}
	buf := make([]byte, ix.entries[i].size)
	if _, err := io.ReadFull(z, buf); err != nil {
		return nil, fmt.Errorf("%w: object at %d: %w", ErrCorrupt, ix.entries[i].off, err)
	}
	return buf, nil
}

// apply applies the delta of entry i to base, streaming the result (of
// the given kind) into the hasher, and returns it whole when keep is set.
func (ix *indexer) apply(i int, base []byte, kind uint8, keep bool) ([]byte, error) {
	e := &ix.entries[i]
	from, to := ix.dataRange(i)
	z, err := ix.inflater(bufio.NewReaderSize(io.NewSectionReader(ix.ra, from, to-from), 1<<16))
	if err != nil {
		return nil, fmt.Errorf("%w: delta at %d: %w", ErrCorrupt, e.off, err)
	}
	ix.br.Reset(z)
	h := plumbing.NewHasher(plumbing.ObjectType(kind), e.size)
	var w io.Writer = &h
	var buf *bytes.Buffer
	if keep {
		// The size is the delta's word, bounded by MaxBase: the buffer
		// grows as the result is made rather than at once.
		buf = bytes.NewBuffer(make([]byte, 0, min(e.size, 8<<20)))
		w = io.MultiWriter(&h, buf)
	}
	if err := applyDelta(w, base, ix.br, uint64(e.size)); err != nil {
		return nil, fmt.Errorf("delta at %d: %w", e.off, err)
	}
	e.hash = h.Sum()
	if keep {
		return buf.Bytes(), nil
	}
	return nil, nil
}

// applyDelta writes the result of a delta read from d, applied to base,
// to w. The result's size, read from the delta, must be target.
func applyDelta(w io.Writer, base []byte, d *bufio.Reader, target uint64) error {
	baseSize, size, err := deltaSizes(d)
	if err != nil {
		return err
	}
	if baseSize != uint64(len(base)) {
		return fmt.Errorf("%w: delta for a base of %d bytes, the base has %d", ErrCorrupt, baseSize, len(base))
	}
	if size != target {
		return fmt.Errorf("%w: delta result of %d bytes, %d first read", ErrCorrupt, size, target)
	}
	var insert [127]byte
	left := target
	for {
		cmd, err := d.ReadByte()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: inflating: %w", ErrCorrupt, err)
		}
		switch {
		case cmd&0x80 != 0:
			var off, n uint64
			for i := range 4 {
				if cmd&(1<<i) != 0 {
					c, err := d.ReadByte()
					if err != nil {
						return fmt.Errorf("%w: truncated delta copy", ErrCorrupt)
					}
					off |= uint64(c) << (8 * i)
				}
			}
			for i := range 3 {
				if cmd&(0x10<<i) != 0 {
					c, err := d.ReadByte()
					if err != nil {
						return fmt.Errorf("%w: truncated delta copy", ErrCorrupt)
					}
					n |= uint64(c) << (8 * i)
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || n > left {
				return fmt.Errorf("%w: delta copy of %d bytes at %d out of range", ErrCorrupt, n, off)
			}
			if _, err := w.Write(base[off : off+n]); err != nil {
				return err
			}
			left -= n
		case cmd != 0:
			n := uint64(cmd)
			if n > left {
				return fmt.Errorf("%w: delta insert of %d bytes out of range", ErrCorrupt, n)
			}
			if _, err := io.ReadFull(d, insert[:n]); err != nil {
				return fmt.Errorf("%w: truncated delta insert", ErrCorrupt)
			}
			if _, err := w.Write(insert[:n]); err != nil {
				return err
			}
			left -= n
		default:
			return fmt.Errorf("%w: delta instruction 0", ErrCorrupt)
		}
	}
	if left != 0 {
		return fmt.Errorf("%w: delta made %d bytes, its header says %d", ErrCorrupt, target-left, target)
	}
	return nil
}

// baseCache keeps delta bases, by entry, up to a number of bytes; the
// oldest go first.
type baseCache struct {
	max, size int64
	data      map[int32][]byte
	order     []int32
}

func newBaseCache(maxBytes int64) *baseCache {
	return &baseCache{max: maxBytes, data: map[int32][]byte{}}
}

func (c *baseCache) get(i int32) ([]byte, bool) {
	b, ok := c.data[i]
	return b, ok
}

func (c *baseCache) put(i int32, b []byte) {
	if int64(len(b)) > c.max {
		return
	}
	if _, ok := c.data[i]; ok {
		return
	}
	c.data[i] = b
	c.order = append(c.order, i)
	c.size += int64(len(b))
	for c.size > c.max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.size -= int64(len(c.data[old]))
		delete(c.data, old)
	}
	if len(c.order) == 0 {
		c.order = nil
	}
}

// FormatBytes writes a size for people: 1.5 GiB, 12 MiB, 300 B.
func FormatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatUint(n, 10) + " B"
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if v == float64(int64(v)) {
		s = strconv.FormatInt(int64(v), 10)
	}
	return s + " " + string("KMGTPE"[exp]) + "iB"
}
