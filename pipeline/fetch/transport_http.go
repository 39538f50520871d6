package fetch

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxErrorBody bounds what is read of an HTTP error's body, and
// maxBodyMessage what of it is kept.
const (
	maxErrorBody   = 64 << 10
	maxBodyMessage = 200
)

// httpConn speaks the smart HTTP protocol: GET info/refs, then one POST.
type httpConn struct {
	client *http.Client
	base   *url.URL // the repository's URL, after any redirect
	host   string   // the host the token is meant for
	token  string
	phase  func(string)
	bodies []io.Closer
}

func dialHTTP(cloneURL, token string, phase func(string)) (conn, error) {
	u, err := url.Parse(strings.TrimSuffix(cloneURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", cloneURL, err)
	}
	tr := &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:    dialTimeout,
		DisableCompression:     true, // a gzip body is a bomb the caps would not see
		MaxResponseHeaderBytes: 1 << 20,
		ForceAttemptHTTP2:      true,
	}
	client := &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("more than 5 redirects")
		}
		return nil
	}}
	return &httpConn{client: client, base: u, host: u.Host, token: token, phase: phase}, nil
}

// do sends a request to the repository's URL plus path, with the token
// when it goes to the host it is meant for.
func (h *httpConn) do(ctx context.Context, method, path string, body []byte, accept string) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.base.String()+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "git/pysurvey")
	req.Header.Set("Accept", accept)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-git-upload-pack-request")
	}
	if h.token != "" && req.URL.Host == h.host {
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(tokenUser+":"+h.token)))
	}
	resp, err := h.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is named by the caller, without credentials
		}
		return nil, fmt.Errorf("%s %s: %w", method, h.base.Host, err)
	}
	h.bodies = append(h.bodies, resp.Body)
	return resp, nil
}

func (h *httpConn) advertisement(ctx context.Context) (io.Reader, error) {
	h.phase("waiting for the ref advertisement from " + h.base.Host)
	const want = "application/x-git-upload-pack-advertisement"
	resp, err := h.do(ctx, http.MethodGet, "/info/refs?service=git-upload-pack", nil, want)
	if err != nil {
		return nil, err
	}
	if err := h.check(resp, want); err != nil {
		return nil, err
	}
	// After a redirect, the request goes where the advertisement came from.
	if final := resp.Request.URL; final.Host != h.base.Host || final.Path != h.base.Path+"/info/refs" {
		base := *final
		base.Path, base.RawQuery = strings.TrimSuffix(final.Path, "/info/refs"), ""
		h.base = &base
	}
	return resp.Body, nil
}

func (h *httpConn) upload(ctx context.Context, req []byte) (io.Reader, error) {
	h.phase("waiting for the pack from " + h.base.Host)
	const want = "application/x-git-upload-pack-result"
	resp, err := h.do(ctx, http.MethodPost, "/git-upload-pack", req, want)
	if err != nil {
		return nil, err
	}
	if err := h.check(resp, want); err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func (h *httpConn) close() {
	for _, b := range h.bodies {
		b.Close()
	}
	h.client.CloseIdleConnections()
}

// httpStatusError is a refusal by an HTTP server.
type httpStatusError struct {
	code int
	msg  string
}

func (e *httpStatusError) Error() string { return e.msg }

// transient reports whether the refusal may not happen again.
func (e *httpStatusError) transient() bool {
	return e.code == http.StatusTooManyRequests || e.code == http.StatusRequestTimeout || e.code >= 500
}

// check returns an error for a response that is not a smart git reply,
// reading at most maxErrorBody bytes of its body for the server's words.
func (h *httpConn) check(resp *http.Response, contentType string) error {
	if resp.StatusCode == http.StatusOK {
		if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct != contentType {
			return fmt.Errorf("%s is not a smart git HTTP server (it sent %q, not %s)", h.base.Host, Clean(ct, 100), contentType)
		}
		return nil
	}
	var said string
	if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct == "text/plain" || ct == "" {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		said = Clean(string(body), maxBodyMessage)
	}
	resp.Body.Close() // an endless body is not read further
	status := fmt.Sprintf("HTTP %d", resp.StatusCode)
	var msg string
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		if h.token != "" {
			msg = "authentication failed: " + h.base.Host + " refused the token (" + status + ")"
		} else {
			msg = "authentication required (" + status + "): set GIT_TOKEN (GITHUB_TOKEN for github.com)"
		}
	case http.StatusForbidden:
		msg = "access denied (" + status + ")"
	case http.StatusNotFound:
		msg = "repository not found (" + status + ")"
	default:
		msg = status + " " + http.StatusText(resp.StatusCode)
	}
	if said != "" {
		msg += ": the server says: " + said
	}
	return &httpStatusError{code: resp.StatusCode, msg: msg}
}
