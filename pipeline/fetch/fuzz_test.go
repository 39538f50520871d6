package fetch

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// protocolSeed reads a conversation git had (testdata/protocol).
func protocolSeed(tb testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "protocol", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// FuzzAdvertisement parses arbitrary bytes as a ref advertisement.
func FuzzAdvertisement(f *testing.F) {
	f.Add(protocolSeed(f, "advertisement"))
	f.Add([]byte("0000"))
	f.Add([]byte("0013ERR not found\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		adv, err := readAdvertisement(bytes.NewReader(data), func(n string) bool { return strings.HasPrefix(n, "refs/tags/") }, true)
		if err != nil {
			return
		}
		if adv.count < len(adv.refs) || len(adv.all) > adv.count {
			t.Fatalf("%d refs advertised, %d kept, %d in all", adv.count, len(adv.refs), len(adv.all))
		}
		if head := adv.headTarget(); head != "" && !strings.HasPrefix(head, "refs/") {
			t.Fatalf("HEAD's target %q", head)
		}
	})
}

// FuzzUploadResponse reads arbitrary bytes as the reply to an upload
// request (shallow update, acknowledgement, side band), to its end.
func FuzzUploadResponse(f *testing.F) {
	f.Add(protocolSeed(f, "response-sideband"), true, true)
	f.Add(protocolSeed(f, "response-raw"), true, false)
	f.Add([]byte("0008NAK\n0000"), false, true)
	f.Fuzz(func(t *testing.T, data []byte, depth, sideband bool) {
		req := &uploadRequest{sideband64k: sideband}
		if depth {
			req.depth = 1
		}
		resp, pack, err := readUploadResponse(bytes.NewReader(data), req)
		if err != nil {
			return
		}
		if len(resp.shallow)+len(resp.unshallow) > maxShallowLines {
			t.Fatalf("%d shallow lines", len(resp.shallow)+len(resp.unshallow))
		}
		n, err := io.Copy(io.Discard, pack)
		if n > int64(len(data)) {
			t.Fatalf("%d bytes of pack from %d", n, len(data))
		}
		var se *serverError
		if errors.As(err, &se) && !utf8.ValidString(se.msg) {
			t.Fatalf("server message not cleaned: %q", se.msg)
		}
	})
}

// FuzzRedact makes arbitrary text safe: no secret in any encoding the
// redaction knows, valid UTF-8, no control characters, bounded length.
func FuzzRedact(f *testing.F) {
	c := Credentials{GitHubToken: "ghp_Fuzz1234567890", GitToken: "glpat-fuzz+/=", SSHPassphrase: "horse battery"}
	f.Add("ERR access denied for <Basic eC1hY2Nlc3MtdG9rZW46Z2hwX0Z1enoxMjM0NTY3ODkw>", 3)
	f.Add("https://user:ghp_Fuzz1234567890@github.com/x \x00\x1b[0m \xff", 0)
	f.Fuzz(func(t *testing.T, msg string, at int) {
		if at < 0 {
			at = -at
		}
		for _, s := range c.secrets() {
			if len(msg) > 0 {
				i := at % (len(msg) + 1)
				msg = msg[:i] + s + msg[i:]
			}
		}
		got := c.Redact(msg)
		for _, form := range c.secretForms() {
			if strings.Contains(got, form) {
				t.Fatalf("%q: %q is left in %q", msg, form, got)
			}
		}
		if !utf8.ValidString(got) || len(got) > maxMessage {
			t.Fatalf("%q: %d bytes, valid %v", got, len(got), utf8.ValidString(got))
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("%q: control character %U", got, r)
			}
		}
	})
}
