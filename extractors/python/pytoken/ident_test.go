package pytoken

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestNonIdent8 checks the 8-byte identifier test against the table, for
// every byte at every position among various neighbors, and at random.
func TestNonIdent8(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			for _, fill := range []byte{'a', '_', '9', ' ', 0x80, 'Z', '`', '{', '@', '['} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				x := uint64(0)
				for i := 7; i >= 0; i-- {
					x = x<<8 | uint64(b[i])
				}
				m := nonIdent8(x)
				for i := 0; i < 8; i++ {
					want := !identASCII[b[i]]
					got := m>>(8*i+7)&1 == 1
					if want != got {
						t.Fatalf("bytes %q: byte %d: got %v want %v", b, i, got, want)
					}
				}
				if m&^0x8080808080808080 != 0 {
					t.Fatalf("stray bits %x", m)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	var b [8]byte
	for n := 0; n < 1_000_000; n++ {
		binary.LittleEndian.PutUint64(b[:], r.Uint64())
		m := nonIdent8(binary.LittleEndian.Uint64(b[:]))
		for i := 0; i < 8; i++ {
			if want, got := !identASCII[b[i]], m>>(8*i+7)&1 == 1; want != got {
				t.Fatalf("bytes %q: byte %d: got %v want %v", b, i, got, want)
			}
		}
	}
}
