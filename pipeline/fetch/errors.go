package fetch

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/pysurvey/pysurvey/pipeline/fetch/indexpack"
)

// fetchError is the failure of a fetch process, as it reported it or as
// its parent saw it end.
type fetchError struct {
	msg string
	// transient says that trying again may succeed.
	transient bool
}

func (e *fetchError) Error() string { return e.msg }

// isTransient reports whether a fetch failed in a way that may not happen
// again: a connection refused, reset or timed out, a server busy (HTTP
// 5xx, 429), a stream that ended early. A refusal of the credentials or
// of the host key, a repository or ref that is not there, a corrupt pack
// and a limit reached are not.
func isTransient(err error) bool {
	var (
		fe *fetchError
		ae *authError
		hk *hostKeyError
		me *missingError
		le *localError
		se *serverError
		he *httpStatusError
		tl *tooLongError
	)
	switch {
	case err == nil:
		return false
	case errors.As(err, &fe):
		return fe.transient
	case errors.As(err, &ae), errors.As(err, &hk), errors.As(err, &me), errors.As(err, &le), errors.As(err, &se),
		errors.As(err, &tl), errors.Is(err, indexpack.ErrLimit),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	case errors.As(err, &he):
		return he.transient()
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true // the stream ended early: a lost connection, a truncated pack
	case errors.Is(err, indexpack.ErrCorrupt), errors.Is(err, errProtocol):
		return false
	}
	for _, e := range []syscall.Errno{syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE,
		syscall.ETIMEDOUT, syscall.EHOSTUNREACH, syscall.ENETUNREACH, syscall.ENETDOWN} {
		if errors.Is(err, e) {
			return true
		}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsTimeout || dns.IsTemporary
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
