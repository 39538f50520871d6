package gitserver

import (
	"bytes"
	"context"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// endlessBound stops an endless reply that nobody stopped reading.
const endlessBound = 16 << 30

// NewHTTP starts h on 127.0.0.1; it is stopped when the test ends.
func NewHTTP(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// NewHTTPS starts h on 127.0.0.1 over TLS, and has the fetch processes
// the test starts trust its certificate (through SSL_CERT_FILE, which
// replaces the system's roots in their environment).
func NewHTTPS(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewTLSServer(h)
	t.Cleanup(s.Close)
	cert := filepath.Join(t.TempDir(), "server.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})
	if err := os.WriteFile(cert, block, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSL_CERT_FILE", cert)
	return s
}

// UploadPack serves the repositories under root over smart HTTP, with
// the real git (git upload-pack --stateless-rpc, as git http-backend
// runs it): /NAME/info/refs and /NAME/git-upload-pack serve root/NAME.
func UploadPack(root string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, service, ok := cutService(r.URL.Path)
		dir := filepath.Join(root, filepath.FromSlash(name))
		if !ok || strings.Contains(name, "..") {
			http.NotFound(w, r)
			return
		}
		if _, err := os.Stat(dir); err != nil {
			http.Error(w, "Repository not found", http.StatusNotFound)
			return
		}
		var (
			args []string
			in   io.Reader
		)
		switch {
		case service == "info/refs" && r.URL.Query().Get("service") == "git-upload-pack":
			w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
			io.WriteString(w, pktLine("# service=git-upload-pack\n")+"0000")
			args = []string{"upload-pack", "--stateless-rpc", "--advertise-refs", dir}
		case service == "git-upload-pack" && r.Method == http.MethodPost:
			w.Header().Set("Content-Type", "application/x-git-upload-pack-result")
			args, in = []string{"upload-pack", "--stateless-rpc", dir}, r.Body
		default:
			http.Error(w, "not a smart git request", http.StatusBadRequest)
			return
		}
		cmd := exec.CommandContext(r.Context(), "git", args...)
		cmd.Stdin, cmd.Stdout = in, w
		cmd.Env = append(os.Environ(), "GIT_PROTOCOL=")
		cmd.Run() // a refusal is written to the client, as an ERR line
	})
}

// cutService splits /NAME/info/refs or /NAME/git-upload-pack.
func cutService(p string) (name, service string, ok bool) {
	for _, s := range []string{"info/refs", "git-upload-pack"} {
		if n, found := strings.CutSuffix(p, "/"+s); found {
			return strings.Trim(n, "/"), s, n != ""
		}
	}
	return "", "", false
}

func pktLine(s string) string { return fmt.Sprintf("%04x%s", len(s)+4, s) }

// Flaky answers the first n requests with HTTP 503, then passes them to
// next. Served counts the requests it saw.
type Flaky struct {
	N      int32
	Next   http.Handler
	Served atomic.Int32
}

func (f *Flaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.Served.Add(1) <= f.N {
		http.Error(w, "try again later", http.StatusServiceUnavailable)
		return
	}
	f.Next.ServeHTTP(w, r)
}

// Lying advertises refs (HEAD first) and answers every upload request
// with NAK and the pack that writePack writes, whatever was asked. It
// offers no side band and no shallow clones, so that the pack is sent as
// is.
func Lying(head plumbing.Hash, writePack func(w io.Writer) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, service, _ := cutService(r.URL.Path)
		switch service {
		case "info/refs":
			w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
			io.WriteString(w, pktLine("# service=git-upload-pack\n")+"0000")
			io.WriteString(w, pktLine(head.String()+" HEAD\x00ofs-delta symref=HEAD:refs/heads/main agent=git/lying\n"))
			io.WriteString(w, pktLine(head.String()+" refs/heads/main\n")+"0000")
		case "git-upload-pack":
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/x-git-upload-pack-result")
			io.WriteString(w, pktLine("NAK\n"))
			writePack(w)
		}
	})
}

// EndlessErrorBody answers with HTTP 500 and a body that never ends
// (until the client goes away).
func EndlessErrorBody() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusInternalServerError)
		line := bytes.Repeat([]byte("the server is very sorry\n"), 1<<10)
		writeEndless(r.Context(), w, func() []byte { return line })
	})
}

// EndlessAdvertisement advertises refs without end.
func EndlessAdvertisement() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
		io.WriteString(w, pktLine("# service=git-upload-pack\n")+"0000")
		hash := strings.Repeat("ab", 20)
		io.WriteString(w, pktLine(hash+" HEAD\x00ofs-delta\n"))
		var chunk bytes.Buffer
		for i := range 1000 {
			chunk.WriteString(pktLine(fmt.Sprintf("%s refs/heads/branch-%06d\n", hash, i)))
		}
		writeEndless(r.Context(), w, chunk.Bytes)
	})
}

// EchoAuthorization refuses every request with an ERR line holding the
// request's Authorization header (a server echoing credentials).
func EchoAuthorization() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
		io.WriteString(w, pktLine("# service=git-upload-pack\n")+"0000")
		io.WriteString(w, pktLine("ERR access denied for <"+r.Header.Get("Authorization")+">\x00\x1b[31m\n"))
	})
}

// writeEndless writes chunks until the client goes away, the request
// ends, or endlessBound bytes were written.
func writeEndless(ctx context.Context, w io.Writer, chunk func() []byte) {
	for n := 0; n < endlessBound && ctx.Err() == nil; {
		k, err := w.Write(chunk())
		if err != nil {
			return
		}
		n += k
	}
}
