package gitpack

// Objects read whole (up to maxRawRead compressed bytes) are inflated by
// libdeflate, which decompresses a buffer in one call about twice as fast
// as a zlib stream reader (klauspost/compress, kept for the objects
// inflated as streams): inflating is most of what reading a repository's
// blobs costs. It is linked statically (Debian's libdeflate-dev), so the
// binary needs no library at run time. The binding is these few calls.

/*
#cgo LDFLAGS: -Wl,-Bstatic -ldeflate -Wl,-Bdynamic
#include <stdlib.h>
#include <libdeflate.h>
*/
import "C"

import (
	"errors"
	"runtime"
	"sync"
	"unsafe"
)

// Errors of inflateWhole.
var (
	// errBadData: the data is no complete zlib stream: corrupt, or cut
	// short (more compressed bytes may be needed).
	errBadData = errors.New("no complete zlib stream")
	// errTooLong: the stream inflates to more than the buffer holds.
	errTooLong = errors.New("more data than expected")
)

// decompressor is a libdeflate decompressor, freed when unreachable.
type decompressor struct {
	d *C.struct_libdeflate_decompressor
}

// decompressors pools libdeflate decompressors (each holds its tables).
var decompressors = sync.Pool{New: func() any {
	d := C.libdeflate_alloc_decompressor()
	if d == nil {
		return nil
	}
	dc := &decompressor{d: d}
	runtime.AddCleanup(dc, func(d *C.struct_libdeflate_decompressor) { C.libdeflate_free_decompressor(d) }, d)
	return dc
}}

// inflateWhole inflates the zlib stream at the start of in into out,
// returning how many bytes it inflated to; its Adler-32 checksum is
// checked. Bytes of in past the stream's end are ignored.
func inflateWhole(in, out []byte) (int, error) {
	dc, _ := decompressors.Get().(*decompressor)
	if dc == nil {
		return 0, errors.New("libdeflate: out of memory")
	}
	defer decompressors.Put(dc)
	if len(in) == 0 {
		return 0, errBadData
	}
	var outPtr unsafe.Pointer
	if len(out) > 0 {
		outPtr = unsafe.Pointer(&out[0])
	}
	var got C.size_t
	// The slices are Go memory pinned for the call (cgo's rules: no Go
	// pointers are kept by the callee).
	res := C.libdeflate_zlib_decompress(dc.d, unsafe.Pointer(&in[0]), C.size_t(len(in)), outPtr, C.size_t(len(out)), &got)
	runtime.KeepAlive(in)
	runtime.KeepAlive(out)
	switch res {
	case C.LIBDEFLATE_SUCCESS:
		return int(got), nil
	case C.LIBDEFLATE_INSUFFICIENT_SPACE:
		return 0, errTooLong
	default:
		return 0, errBadData
	}
}
