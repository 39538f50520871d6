package gitpack

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/klauspost/compress/zlib"
)

func zlibOf(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestInflateBuffer checks the whole-buffer inflation against what the
// pack's header says: the exact size, a stream cut short (read more), a
// stream longer or shorter than the header, a damaged checksum.
func TestInflateBuffer(t *testing.T) {
	data := bytes.Repeat([]byte("def handler(request):\n    return render(request)\n"), 200)
	z := zlibOf(t, data)
	trailing := append(append([]byte{}, z...), "next object"...)
	got, err := inflateBuffer(trailing, int64(len(data)), func(head []byte) error {
		if !bytes.Equal(head, data[:20]) {
			t.Errorf("check given %q", head)
		}
		return nil
	})
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("whole stream: %d bytes, %v", len(got), err)
	}
	if _, err := inflateBuffer(z[:len(z)/2], int64(len(data)), nil); !errors.Is(err, errBadData) {
		t.Errorf("cut short: %v, want errBadData (read more)", err)
	}
	if _, err := inflateBuffer(z, int64(len(data))-1, nil); !errors.Is(err, ErrCorrupt) {
		t.Errorf("longer than the header: %v, want ErrCorrupt", err)
	}
	if _, err := inflateBuffer(z, int64(len(data))+1, nil); !errors.Is(err, ErrCorrupt) {
		t.Errorf("shorter than the header: %v, want ErrCorrupt", err)
	}
	damaged := append([]byte{}, z...)
	damaged[len(damaged)-1] ^= 0xff // the Adler-32 checksum
	if _, err := inflateBuffer(damaged, int64(len(data)), nil); !errors.Is(err, errBadData) {
		t.Errorf("damaged checksum: %v, want errBadData", err)
	}
	if _, err := inflateBuffer(z[:8], 1<<30, nil); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a size 8 bytes cannot hold: %v, want ErrCorrupt before allocating", err)
	}
	stop := errors.New("stop")
	if _, err := inflateBuffer(z, int64(len(data)), func([]byte) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("check's error: %v", err)
	}
	empty := zlibOf(t, nil)
	if got, err := inflateBuffer(empty, 0, nil); err != nil || len(got) != 0 {
		t.Errorf("empty object: %q, %v", got, err)
	}
}

// FuzzInflateWhole compares libdeflate with klauspost/compress's zlib
// reader on arbitrary bytes: a stream klauspost inflates, libdeflate
// inflates to the same data. (libdeflate is lenient with a few invalid
// streams, such as the distance code zlib refuses in testdata/fuzz: what
// it inflates them to still passes their Adler-32 checksum, and a pack
// written by git holds none.)
func FuzzInflateWhole(f *testing.F) {
	f.Add(zlibOf(f, []byte("import os\nprint(os.getcwd())\n")), 30)
	f.Add(zlibOf(f, nil), 0)
	f.Add(zlibOf(f, bytes.Repeat([]byte("ab"), 5000)), 10000)
	f.Add([]byte{0x78, 0x9c, 0x03, 0x00}, 1)
	f.Fuzz(func(t *testing.T, in []byte, size int) {
		if size < 0 || size > 1<<16 {
			return
		}
		out := make([]byte, size)
		n, err := inflateWhole(in, out)
		var want []byte
		var wantErr error
		if r, zerr := zlib.NewReader(bytes.NewReader(in)); zerr != nil {
			wantErr = zerr
		} else {
			want, wantErr = io.ReadAll(io.LimitReader(r, int64(size)+1))
			if wantErr == nil && len(want) > size {
				wantErr = errTooLong
			}
			if wantErr == nil {
				// klauspost checks the checksum at the stream's end
				var one [1]byte
				if _, e := r.Read(one[:]); e != io.EOF && e != nil {
					wantErr = e
				}
			}
		}
		if wantErr != nil {
			return
		}
		if err != nil {
			t.Fatalf("libdeflate refuses what klauspost inflates to %d bytes: %v", len(want), err)
		}
		if !bytes.Equal(out[:n], want) {
			t.Fatalf("libdeflate and klauspost inflate to different data")
		}
	})
}
