package factcache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/pysurvey/pysurvey/schema"
)

// format is the version of the encoding, its first byte: values of
// another version are misses.
const format = 1

// Bounds a decoded value must keep (a damaged file must not make the
// decoder allocate from what it reads).
const (
	maxRows   = 1 << 20
	maxString = 1 << 20
)

// errCorrupt is returned for a value that cannot be decoded.
var errCorrupt = errors.New("damaged cache entry")

// Encode writes an entry compactly: varints and length-prefixed strings.
func Encode(e Entry) []byte {
	b := []byte{format}
	b = binary.AppendUvarint(b, uint64(e.Size))
	b = binary.AppendUvarint(b, uint64(e.Lines))
	b = appendString(b, e.Extractors)
	if p := e.Facts.Python; p != nil {
		b = append(b, 1)
		for _, n := range []int64{p.Functions, p.AsyncFunctions, p.Classes, p.Awaits, p.AsyncWith, p.AsyncFor} {
			b = binary.AppendUvarint(b, uint64(n))
		}
		b = append(b, flags(p.HasAll))
		b = appendString(b, p.ParseStatus)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Facts.Imports)))
	for _, im := range e.Facts.Imports {
		b = binary.AppendUvarint(b, uint64(im.Line))
		b = binary.AppendUvarint(b, uint64(im.Level))
		b = append(b, flags(im.InFunction, im.InClass, im.InTry, im.TypeCheckingOnly, im.Optional))
		for _, s := range []string{im.Kind, im.Module, im.Name, im.Alias} {
			b = appendString(b, s)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(e.Facts.Symbols)))
	for _, sy := range e.Facts.Symbols {
		b = binary.AppendUvarint(b, uint64(sy.Line))
		for _, s := range []string{sy.Kind, sy.Name, sy.Owner} {
			b = appendString(b, s)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func flags(bits ...bool) byte {
	var f byte
	for i, bit := range bits {
		if bit {
			f |= 1 << i
		}
	}
	return f
}

// decoder reads an encoded entry, failing on anything out of bounds.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint(limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > limit || n != len(binary.AppendUvarint(nil, v)) { // only the shortest form
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

// flags reads a byte of which only the low bits bits may be set.
func (d *decoder) flags(bits int) byte {
	c := d.byte()
	if c>>bits != 0 {
		d.err = errCorrupt
	}
	return c
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errCorrupt
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) string() string {
	n := d.uvarint(maxString)
	if d.err != nil || uint64(len(d.b)) < n {
		d.err = errCorrupt
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// Decode reads an entry written by Encode.
func Decode(b []byte) (Entry, error) {
	if len(b) == 0 || b[0] != format {
		return Entry{}, errCorrupt
	}
	d := &decoder{b: b[1:]}
	var e Entry
	e.Size = int64(d.uvarint(1 << 40))
	e.Lines = int64(d.uvarint(1 << 40))
	e.Extractors = d.string()
	if d.flags(1) == 1 {
		p := &schema.PythonCounts{}
		for _, n := range []*int64{&p.Functions, &p.AsyncFunctions, &p.Classes, &p.Awaits, &p.AsyncWith, &p.AsyncFor} {
			*n = int64(d.uvarint(1 << 40))
		}
		p.HasAll = d.flags(1) != 0
		p.ParseStatus = d.string()
		e.Facts.Python = p
	}
	if n := d.uvarint(maxRows); n > 0 && d.err == nil {
		e.Facts.Imports = make([]schema.Import, 0, min(n, uint64(len(d.b))))
		for range n {
			var im schema.Import
			im.Line = int32(d.uvarint(math.MaxInt32))
			im.Level = int32(d.uvarint(math.MaxInt32))
			f := d.flags(5)
			im.InFunction, im.InClass, im.InTry, im.TypeCheckingOnly, im.Optional = f&1 != 0, f&2 != 0, f&4 != 0, f&8 != 0, f&16 != 0
			im.Kind, im.Module, im.Name, im.Alias = d.string(), d.string(), d.string(), d.string()
			if d.err != nil {
				break
			}
			e.Facts.Imports = append(e.Facts.Imports, im)
		}
	}
	if n := d.uvarint(maxRows); n > 0 && d.err == nil {
		e.Facts.Symbols = make([]schema.Symbol, 0, min(n, uint64(len(d.b))))
		for range n {
			var sy schema.Symbol
			sy.Line = int32(d.uvarint(math.MaxInt32))
			sy.Kind, sy.Name, sy.Owner = d.string(), d.string(), d.string()
			if d.err != nil {
				break
			}
			e.Facts.Symbols = append(e.Facts.Symbols, sy)
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%w: %d bytes left", errCorrupt, len(d.b))
	}
	if d.err != nil {
		return Entry{}, d.err
	}
	return e, nil
}
