package fetch

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pysurvey/pysurvey/pipeline/fetch/indexpack"
)

// The git protocol (version 0, gitprotocol-pack), as pysurvey fetches:
// the server advertises its refs, pysurvey sends the commits it wants
// (and those it has), the server sends back a pack. It is written here
// rather than taken from go-git so that every read of what a server sends
// is bounded (go-git reads an advertisement, an error body or a pack
// without bound) and every phase ends at the repository's deadline.

const (
	// maxPktLine is the longest pkt-line: its length is 4 hex digits
	// and git never writes more than 65520 bytes.
	maxPktLine = 65520
	// maxAdvertisement bounds a ref advertisement: large enough for a
	// repository with a million refs (GitHub advertises every pull
	// request's), small enough that an endless one ends early.
	maxAdvertisement = 64 << 20
	// maxProgress bounds the progress messages a server may send.
	maxProgress = 16 << 20
	// maxShallowLines bounds the shallow-update of a depth 1 fetch.
	maxShallowLines = 10000
	// maxServerMessage bounds a message from a server kept for an error.
	maxServerMessage = 512
)

// serverError is what a server said when refusing a request: an ERR
// pkt-line, an error on the side band, or its error output.
type serverError struct{ msg string }

func (e *serverError) Error() string { return "the server says: " + e.msg }

// newServerError keeps a server's message, cleaned and cut short.
func newServerError(msg []byte) *serverError {
	return &serverError{msg: Clean(string(bytes.TrimSpace(msg)), maxServerMessage)}
}

// pktReader reads pkt-lines.
type pktReader struct {
	r   *bufio.Reader
	buf [maxPktLine]byte
}

func newPktReader(r io.Reader) *pktReader { return &pktReader{r: bufio.NewReaderSize(r, 1<<16)} }

// errFlush is returned by next for a flush-pkt (0000).
var errFlush = errors.New("flush-pkt")

// next returns the next pkt-line's payload, valid until the next call,
// or errFlush. The end of the stream is io.ErrUnexpectedEOF: a git
// conversation never ends between lines without saying so.
func (p *pktReader) next() ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(p.r, hdr[:]); err != nil {
		return nil, unexpectedEOF(err)
	}
	n, err := strconv.ParseUint(string(hdr[:]), 16, 16)
	if err != nil {
		return nil, fmt.Errorf("%w: malformed pkt-line length %q", errProtocol, hdr[:])
	}
	switch {
	case n == 0:
		return nil, errFlush
	case n < 4 || n > maxPktLine:
		return nil, fmt.Errorf("%w: pkt-line length %d", errProtocol, n)
	}
	line := p.buf[:n-4]
	if _, err := io.ReadFull(p.r, line); err != nil {
		return nil, unexpectedEOF(err)
	}
	return line, nil
}

// errProtocol marks a server that does not speak the protocol.
var errProtocol = errors.New("malformed reply from the git server")

func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// pktLine encodes one pkt-line.
func pktLine(s string) string { return fmt.Sprintf("%04x%s", len(s)+4, s) }

// advertisement is what pysurvey keeps of a server's refs.
type advertisement struct {
	caps map[string]string
	// head is HEAD's commit, target the branch HEAD points to (from the
	// symref capability), when advertised.
	head   plumbing.Hash
	target string
	// refs holds the refs asked for, by name (peeled tags as NAME^{}).
	refs map[string]plumbing.Hash
	// all lists the branches and tags, when asked for.
	all []plumbing.Hash
	// count is the number of refs advertised.
	count int
}

// readAdvertisement parses a ref advertisement, keeping the refs keep
// asks for and, when all is set, every branch and tag. A smart HTTP
// advertisement starts with a "# service=" line, which is skipped.
func readAdvertisement(r io.Reader, keep func(name string) bool, all bool) (*advertisement, error) {
	pr := newPktReader(&cappedReader{r: r, max: maxAdvertisement, what: "the ref advertisement"})
	adv := &advertisement{caps: map[string]string{}, refs: map[string]plumbing.Hash{}}
	seen := map[plumbing.Hash]bool{}
	first, service := true, false
	for {
		line, err := pr.next()
		if errors.Is(err, errFlush) {
			if first {
				return nil, fmt.Errorf("%w: empty ref advertisement", errProtocol)
			}
			return adv, nil
		}
		var tooLong *tooLongError
		if errors.As(err, &tooLong) {
			return nil, tooLong
		}
		if err != nil {
			return nil, fmt.Errorf("reading the ref advertisement: %w", err)
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if msg, ok := bytes.CutPrefix(line, []byte("ERR ")); ok {
			return nil, newServerError(msg)
		}
		if first && !service && bytes.HasPrefix(line, []byte("# service=")) {
			// Smart HTTP: the service line is followed by a flush.
			if _, err := pr.next(); !errors.Is(err, errFlush) {
				return nil, fmt.Errorf("%w: no flush after the service line", errProtocol)
			}
			service = true
			continue
		}
		if first && bytes.Equal(line, []byte("version 2")) {
			return nil, fmt.Errorf("%w: the server speaks only protocol version 2", errProtocol)
		}
		if first {
			refPart, caps, _ := bytes.Cut(line, []byte{0})
			adv.caps = parseCaps(string(caps))
			line = refPart
			first = false
		}
		if bytes.HasPrefix(line, []byte("shallow ")) {
			continue
		}
		hexHash, name, ok := bytes.Cut(line, []byte(" "))
		if !ok || len(hexHash) != 40 || !isHex(hexHash) {
			return nil, fmt.Errorf("%w: malformed ref line %q", errProtocol, Clean(string(line), 100))
		}
		h := plumbing.NewHash(string(hexHash))
		if string(name) != "capabilities^{}" { // what an empty repository advertises
			adv.count++
		}
		switch n := string(name); {
		case n == "capabilities^{}":
		case n == "HEAD":
			adv.head = h
		default:
			if keep != nil && keep(n) {
				adv.refs[n] = h
			}
			if all && !seen[h] && (strings.HasPrefix(n, "refs/heads/") || strings.HasPrefix(n, "refs/tags/")) && !strings.HasSuffix(n, "^{}") {
				if len(seen) >= maxAllRefs {
					return nil, fmt.Errorf("the server advertises more than %d branches and tags", maxAllRefs)
				}
				seen[h] = true
				adv.all = append(adv.all, h)
			}
		}
	}
}

// maxAllRefs bounds the refs of a whole-repository fetch.
const maxAllRefs = 1 << 20

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// parseCaps parses a capability list; symref=HEAD:refs/heads/main is
// kept as "symref" → "HEAD:refs/heads/main" (the HEAD one only).
func parseCaps(s string) map[string]string {
	caps := map[string]string{}
	for _, c := range strings.Fields(s) {
		name, value, _ := strings.Cut(c, "=")
		if name == "symref" && !strings.HasPrefix(value, "HEAD:") {
			continue
		}
		caps[name] = value
	}
	return caps
}

// headTarget returns the branch HEAD points to, from the symref capability.
func (a *advertisement) headTarget() string {
	t, _ := strings.CutPrefix(a.caps["symref"], "HEAD:")
	if !strings.HasPrefix(t, "refs/") {
		return ""
	}
	return t
}

func (a *advertisement) has(c string) bool {
	_, ok := a.caps[c]
	return ok
}

// uploadRequest is what pysurvey asks of a server.
type uploadRequest struct {
	wants   []plumbing.Hash
	haves   []plumbing.Hash
	shallow []plumbing.Hash // the client's shallow commits
	depth   int             // 0: the whole history
	// Negotiated capabilities.
	sideband, sideband64k, ofsDelta bool
}

// newUploadRequest picks the capabilities pysurvey uses among those the
// server offers.
func newUploadRequest(adv *advertisement) *uploadRequest {
	return &uploadRequest{sideband64k: adv.has("side-band-64k"), sideband: adv.has("side-band"), ofsDelta: adv.has("ofs-delta")}
}

// encode writes the request: wants (the first with the capabilities),
// shallow commits and depth, a flush, haves and "done".
func (r *uploadRequest) encode(adv *advertisement) []byte {
	var caps []string
	if adv.has("agent") {
		caps = append(caps, "agent=pysurvey")
	}
	switch {
	case r.sideband64k:
		caps = append(caps, "side-band-64k")
	case r.sideband:
		caps = append(caps, "side-band")
	}
	if r.ofsDelta {
		caps = append(caps, "ofs-delta")
	}
	if adv.has("no-progress") {
		caps = append(caps, "no-progress")
	}
	if r.depth > 0 && adv.has("shallow") {
		caps = append(caps, "shallow")
	}
	var b strings.Builder
	for i, w := range r.wants {
		if i == 0 && len(caps) > 0 {
			b.WriteString(pktLine("want " + w.String() + " " + strings.Join(caps, " ") + "\n"))
		} else {
			b.WriteString(pktLine("want " + w.String() + "\n"))
		}
	}
	for _, s := range r.shallow {
		b.WriteString(pktLine("shallow " + s.String() + "\n"))
	}
	if r.depth > 0 {
		b.WriteString(pktLine("deepen " + strconv.Itoa(r.depth) + "\n"))
	}
	b.WriteString("0000")
	for _, h := range r.haves {
		b.WriteString(pktLine("have " + h.String() + "\n"))
	}
	b.WriteString(pktLine("done\n"))
	return []byte(b.String())
}

// uploadResponse is the start of a server's reply to an upload request.
type uploadResponse struct {
	shallow, unshallow []plumbing.Hash
}

// readUploadResponse reads the reply up to the pack: the shallow-update
// (for a request with a depth), then NAK or ACK. It returns the reader
// of the pack, taken off the side band when one was asked for.
func readUploadResponse(r io.Reader, req *uploadRequest) (*uploadResponse, io.Reader, error) {
	pr := newPktReader(r)
	resp := &uploadResponse{}
	if req.depth > 0 {
		for n := 0; ; n++ {
			line, err := pr.next()
			if errors.Is(err, errFlush) {
				break
			}
			if err != nil {
				return nil, nil, fmt.Errorf("reading the shallow update: %w", err)
			}
			if n >= maxShallowLines {
				return nil, nil, fmt.Errorf("%w: more than %d shallow lines", errProtocol, maxShallowLines)
			}
			line = bytes.TrimSuffix(line, []byte("\n"))
			if msg, ok := bytes.CutPrefix(line, []byte("ERR ")); ok {
				return nil, nil, newServerError(msg)
			}
			kind, hexHash, ok := bytes.Cut(line, []byte(" "))
			if !ok || len(hexHash) != 40 || !isHex(hexHash) {
				return nil, nil, fmt.Errorf("%w: malformed shallow line %q", errProtocol, Clean(string(line), 100))
			}
			switch h := plumbing.NewHash(string(hexHash)); string(kind) {
			case "shallow":
				resp.shallow = append(resp.shallow, h)
			case "unshallow":
				resp.unshallow = append(resp.unshallow, h)
			default:
				return nil, nil, fmt.Errorf("%w: malformed shallow line %q", errProtocol, Clean(string(line), 100))
			}
		}
	}
	line, err := pr.next()
	if err != nil {
		if errors.Is(err, errFlush) {
			err = fmt.Errorf("%w: flush instead of NAK or ACK", errProtocol)
		}
		return nil, nil, fmt.Errorf("reading the server's acknowledgement: %w", err)
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	switch {
	case bytes.Equal(line, []byte("NAK")), bytes.HasPrefix(line, []byte("ACK ")):
	case bytes.HasPrefix(line, []byte("ERR ")):
		return nil, nil, newServerError(line[4:])
	default:
		return nil, nil, fmt.Errorf("%w: %q instead of NAK or ACK", errProtocol, Clean(string(line), 100))
	}
	if !req.sideband && !req.sideband64k {
		return resp, pr.r, nil
	}
	return resp, &sidebandReader{pr: pr}, nil
}

// sidebandReader reads the pack off the side band: band 1 is the pack,
// band 2 progress (skipped, up to maxProgress bytes), band 3 an error.
// The pack ends with a flush-pkt; a stream ending before it is an
// unexpected EOF (a connection lost), not the end of the pack.
type sidebandReader struct {
	pr       *pktReader
	pending  []byte
	progress int
	done     bool
}

func (s *sidebandReader) Read(p []byte) (int, error) {
	for len(s.pending) == 0 {
		if s.done {
			return 0, io.EOF
		}
		line, err := s.pr.next()
		if errors.Is(err, errFlush) {
			s.done = true
			return 0, io.EOF
		}
		if err != nil {
			return 0, err
		}
		if len(line) == 0 {
			return 0, fmt.Errorf("%w: empty side-band line", errProtocol)
		}
		switch line[0] {
		case 1:
			s.pending = line[1:]
		case 2:
			if s.progress += len(line); s.progress > maxProgress {
				return 0, fmt.Errorf("%w: more than %d bytes of progress messages", errProtocol, maxProgress)
			}
		case 3:
			return 0, newServerError(line[1:])
		default:
			if bytes.HasPrefix(line, []byte("ERR ")) {
				return 0, newServerError(line[4:])
			}
			return 0, fmt.Errorf("%w: side band %d", errProtocol, line[0])
		}
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	return n, nil
}

// cappedReader fails a read past a bound, naming what was read.
type cappedReader struct {
	r      io.Reader
	n, max int64
	what   string
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.n >= c.max {
		return 0, &tooLongError{c.what + " is longer than " + indexpack.FormatBytes(uint64(c.max))}
	}
	if int64(len(p)) > c.max-c.n {
		p = p[:c.max-c.n]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// tooLongError is a server's reply over a bound.
type tooLongError struct{ msg string }

func (e *tooLongError) Error() string { return e.msg }
