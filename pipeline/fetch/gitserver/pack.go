// Package gitserver serves git repositories to tests, on loopback only:
// a smart-HTTP server and an SSH server that run the real `git
// upload-pack`, and servers that lie (huge object counts, endless bodies
// and advertisements, huge blobs, flaky or silent connections). It also
// writes packs by hand, for the lies that git would never tell.
package gitserver

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/klauspost/compress/zlib"
)

// Object is an object of a pack written by WritePack.
type Object struct {
	// Type is the object's type, or plumbing.OFSDeltaObject or
	// plumbing.REFDeltaObject for a delta.
	Type plumbing.ObjectType
	// Data is the content (a delta's instructions, sizes included).
	Data []byte
	// Zeros, when positive, stands for a content of that many zero bytes
	// (streamed, never held).
	Zeros int64
	// Size is the size the header declares (default: the content's).
	Size int64
	// Base is the index, in the pack, of an OFS_DELTA's base.
	Base int
	// BaseHash names a REF_DELTA's base.
	BaseHash plumbing.Hash
}

// Blob, Tree and Commit make whole objects.
func Blob(data []byte) Object   { return Object{Type: plumbing.BlobObject, Data: data} }
func Tree(data []byte) Object   { return Object{Type: plumbing.TreeObject, Data: data} }
func Commit(data []byte) Object { return Object{Type: plumbing.CommitObject, Data: data} }

// ZeroBlob is a blob of n zero bytes.
func ZeroBlob(n int64) Object { return Object{Type: plumbing.BlobObject, Zeros: n} }

func (o Object) contentSize() int64 {
	if o.Zeros > 0 {
		return o.Zeros
	}
	return int64(len(o.Data))
}

// content streams the object's content.
func (o Object) content() io.Reader {
	if o.Zeros > 0 {
		return io.LimitReader(zeros{}, o.Zeros)
	}
	return &byteSource{b: o.Data}
}

// Hash is the object's name (for a whole object).
func (o Object) Hash() plumbing.Hash {
	h := plumbing.NewHasher(o.Type, o.contentSize())
	io.Copy(&h, o.content())
	return h.Sum()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type byteSource struct{ b []byte }

func (s *byteSource) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

// TreeEntry is an entry of a tree made by TreeData.
type TreeEntry struct {
	Mode string // "100644", "40000", ...
	Name string
	Hash plumbing.Hash
}

// TreeData encodes tree entries (given in git's order).
func TreeData(entries ...TreeEntry) []byte {
	var b []byte
	for _, e := range entries {
		b = append(b, e.Mode+" "+e.Name+"\x00"...)
		b = append(b, e.Hash[:]...)
	}
	return b
}

// CommitData encodes a parentless commit of a tree.
func CommitData(tree plumbing.Hash, message string) []byte {
	sig := "pysurvey <pysurvey@example.invalid> 1767323045 +0000"
	return []byte(fmt.Sprintf("tree %s\nauthor %s\ncommitter %s\n\n%s\n", tree, sig, sig, message))
}

// WritePack writes a pack of objs whose header declares count objects
// (a lie when it is not len(objs)), with a correct trailing checksum.
func WritePack(w io.Writer, count uint32, objs []Object) error {
	h := sha1.New()
	out := io.MultiWriter(w, h)
	var hdr [12]byte
	copy(hdr[:], "PACK")
	binary.BigEndian.PutUint32(hdr[4:], 2)
	binary.BigEndian.PutUint32(hdr[8:], count)
	if _, err := out.Write(hdr[:]); err != nil {
		return err
	}
	offsets := make([]int64, len(objs))
	off := int64(len(hdr))
	for i, o := range objs {
		offsets[i] = off
		n, err := writeObject(out, o, off, offsets)
		if err != nil {
			return err
		}
		off += n
	}
	_, err := w.Write(h.Sum(nil))
	return err
}

// writeObject writes one object entry at off and returns its length.
func writeObject(w io.Writer, o Object, off int64, offsets []int64) (int64, error) {
	size := o.Size
	if size == 0 {
		size = o.contentSize()
	}
	var hdr []byte
	c := byte(o.Type)<<4 | byte(size&0x0f)
	size >>= 4
	for size > 0 {
		hdr = append(hdr, c|0x80)
		c = byte(size & 0x7f)
		size >>= 7
	}
	hdr = append(hdr, c)
	switch o.Type {
	case plumbing.OFSDeltaObject:
		rel := off - offsets[o.Base]
		enc := []byte{byte(rel & 0x7f)}
		for rel >>= 7; rel > 0; rel >>= 7 {
			rel--
			enc = append([]byte{byte(rel&0x7f) | 0x80}, enc...)
		}
		hdr = append(hdr, enc...)
	case plumbing.REFDeltaObject:
		hdr = append(hdr, o.BaseHash[:]...)
	}
	cw := &countWriter{w: w}
	if _, err := cw.Write(hdr); err != nil {
		return 0, err
	}
	z, err := zlib.NewWriterLevel(cw, zlib.BestSpeed)
	if err != nil {
		return 0, err
	}
	if _, err := io.Copy(z, o.content()); err != nil {
		return 0, err
	}
	if err := z.Close(); err != nil {
		return 0, err
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ZeroBlobPack makes a commit of one file, name, of size zero bytes, and
// the pack that holds it (1 GiB of zeros packs into about 1 MB).
func ZeroBlobPack(name string, size int64) (plumbing.Hash, []byte, error) {
	blob := ZeroBlob(size)
	tree := Tree(TreeData(TreeEntry{Mode: "100644", Name: name, Hash: blob.Hash()}))
	commit := Commit(CommitData(tree.Hash(), "a large file"))
	var b bytes.Buffer
	if err := WritePack(&b, 3, []Object{commit, tree, blob}); err != nil {
		return plumbing.ZeroHash, nil, err
	}
	return commit.Hash(), b.Bytes(), nil
}
