package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// conn is a conversation with a git server's upload-pack.
type conn interface {
	// advertisement returns the stream of the server's ref advertisement.
	advertisement(ctx context.Context) (io.Reader, error)
	// upload sends an upload request and returns the stream of the reply.
	upload(ctx context.Context, req []byte) (io.Reader, error)
	// close ends the conversation.
	close()
}

// dialTimeout bounds connecting to a server (within the deadline).
const dialTimeout = 30 * time.Second

// maxStderr bounds what a server's error output may put in an error.
const maxStderr = 64 << 10

// dial opens a conversation with the upload-pack of cloneURL. phase is
// told what the conversation is waiting for.
func dial(ctx context.Context, cloneURL string, creds Credentials, phase func(string)) (conn, error) {
	switch scheme, _, _ := strings.Cut(cloneURL, "://"); {
	case !strings.Contains(cloneURL, "://"):
		return dialSSH(ctx, cloneURL, creds, phase) // scp-style
	case scheme == "https" || scheme == "http":
		return dialHTTP(cloneURL, creds.httpsToken(cloneURL), phase)
	case scheme == "ssh":
		return dialSSH(ctx, cloneURL, creds, phase)
	case scheme == "git":
		return dialGit(ctx, cloneURL, phase)
	case scheme == "file":
		return dialFile(ctx, cloneURL, phase)
	default:
		return nil, fmt.Errorf("unsupported URL scheme %q", scheme)
	}
}

// streamConn is a conversation over one stream: an ssh session, a TCP
// connection, a local git upload-pack.
type streamConn struct {
	stdin  io.WriteCloser
	stdout io.Reader
	stderr *tailBuffer // nil when the transport has none
	// wait waits for the remote end to finish; closer ends everything.
	wait   func() error
	closer func()
	phase  func(string)
	what   string // the server, for phases
	asked  bool   // whether a request was sent
}

func (s *streamConn) advertisement(ctx context.Context) (io.Reader, error) {
	s.phase("waiting for the ref advertisement from " + s.what)
	return s.reader(), nil
}

func (s *streamConn) upload(ctx context.Context, req []byte) (io.Reader, error) {
	s.phase("waiting for the pack from " + s.what)
	s.asked = true
	if _, err := s.stdin.Write(req); err != nil {
		return nil, s.remoteError(fmt.Errorf("sending the request: %w", err))
	}
	return s.reader(), nil
}

func (s *streamConn) close() {
	if !s.asked {
		io.WriteString(s.stdin, "0000") // nothing wanted: the conversation ends
	}
	s.stdin.Close()
	s.closer()
}

// reader returns the server's output; a failed read is explained by the
// server's error output when it wrote any.
func (s *streamConn) reader() io.Reader {
	return readerFunc(func(p []byte) (int, error) {
		n, err := s.stdout.Read(p)
		if err != nil {
			err = s.remoteError(err)
		}
		return n, err
	})
}

// remoteError returns the server's own message for err, when it wrote one
// on its error output before ending.
func (s *streamConn) remoteError(err error) error {
	if s.stderr == nil {
		return err
	}
	// The error output may arrive after the end of the output.
	done := make(chan struct{})
	go func() { s.wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
	if msg := s.stderr.String(); strings.TrimSpace(msg) != "" {
		return newServerError([]byte(msg))
	}
	return err
}

type readerFunc func(p []byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// tailBuffer keeps the first bytes written to it, up to a bound.
type tailBuffer struct {
	mu  sync.Mutex
	b   []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := t.max - len(t.b); room > 0 {
		t.b = append(t.b, p[:min(len(p), room)]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// deadlineConn sets the context's deadline on a network connection and
// closes it when the context ends, so that no read or write outlives it.
func deadlineConn(ctx context.Context, c net.Conn) func() bool {
	if d, ok := ctx.Deadline(); ok {
		c.SetDeadline(d)
	}
	return context.AfterFunc(ctx, func() { c.Close() })
}

// dialTCP connects to addr within the deadline.
func dialTCP(ctx context.Context, addr string, phase func(string)) (net.Conn, error) {
	phase("connecting to " + addr)
	d := net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", addr, err)
	}
	return c, nil
}

// dialGit speaks the git:// protocol: a request line, then the stream.
func dialGit(ctx context.Context, cloneURL string, phase func(string)) (conn, error) {
	u, err := url.Parse(cloneURL)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", cloneURL, err)
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "9418")
	}
	c, err := dialTCP(ctx, addr, phase)
	if err != nil {
		return nil, err
	}
	stop := deadlineConn(ctx, c)
	if _, err := io.WriteString(c, pktLine("git-upload-pack "+u.Path+"\x00host="+u.Host+"\x00")); err != nil {
		stop()
		c.Close()
		return nil, fmt.Errorf("sending to %s: %w", addr, err)
	}
	return &streamConn{stdin: nopWriteCloser{c}, stdout: c, wait: func() error { return nil },
		closer: func() { stop(); c.Close() }, phase: phase, what: addr}, nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// dialFile runs git upload-pack on a local repository (file:// URLs).
func dialFile(ctx context.Context, cloneURL string, phase func(string)) (conn, error) {
	u, err := url.Parse(cloneURL)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", cloneURL, err)
	}
	path := filepath.FromSlash(u.Path)
	if !filepath.IsAbs(path) {
		return nil, fmt.Errorf("file URL %s: not an absolute path", cloneURL)
	}
	if _, err := os.Stat(path); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	cmd := exec.CommandContext(ctx, "git", "upload-pack", path)
	cmd.Env = append(os.Environ(), "GIT_PROTOCOL=")
	stderr := &tailBuffer{max: maxStderr}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("running git upload-pack (file:// URLs need git): %w", err)
	}
	var once sync.Once
	var waitErr error
	wait := func() error { once.Do(func() { waitErr = cmd.Wait() }); return waitErr }
	return &streamConn{stdin: stdin, stdout: stdout, stderr: stderr, wait: wait,
		closer: func() { cmd.Process.Kill(); wait() }, phase: phase, what: "git upload-pack " + path}, nil
}
