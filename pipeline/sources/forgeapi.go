package sources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
)

// The forge clients are plain net/http rather than go-github or GitLab's
// client-go: pysurvey needs one listing endpoint per forge, and what it
// must get right around it — bounded reads of untrusted bodies, one
// rate-limit policy with a wait budget for both forges, a token that never
// leaves the API's host, strict pagination — is not what those clients do
// (neither bounds a body; go-github neither waits nor retries; client-go
// brings its own retry policy).

// APIOptions tune the forge API clients. The zero value gives the defaults.
type APIOptions struct {
	// MaxWait bounds the time spent waiting for rate limits over the
	// client's life (zero: 15m; negative: no waiting). A wait that would go
	// past it fails at once with a *RateLimitError.
	MaxWait time.Duration
	// Retries is how many times a 5xx answer or a dropped connection is
	// retried (default 4).
	Retries int
	// Backoff is the wait before the first retry; it doubles each time
	// (default 1s).
	Backoff time.Duration
	// MaxBody bounds the bytes read of one response body (default 16 MiB).
	MaxBody int64
	// MaxPages bounds the pages of one listing (default 5000).
	MaxPages int
	// RequestTimeout bounds one request, body included (default 2m).
	RequestTimeout time.Duration
	// UserAgent is sent with every request (default "pysurvey").
	UserAgent string
	// Logger receives the rate-limit waits and retries (default: discarded).
	Logger *slog.Logger
}

const (
	defaultMaxWait  = 15 * time.Minute
	defaultMaxBody  = 16 << 20
	maxErrorBody    = 64 << 10
	maxHeaderBytes  = 256 << 10
	maxRedirects    = 5
	maxLimitedTries = 8              // rate-limited answers to one request before giving up
	maxSingleWait   = 24 * time.Hour // longer answers are clamped (and then exceed any sane MaxWait)
	minLimitWait    = time.Second
	unhintedWait    = time.Minute // a rate limit without a hint: at least a minute (GitHub's advice)
)

// apiClient is a client of one forge's REST API. Every body it reads is bounded;
// 5xx answers and dropped connections are retried a bounded number of
// times; rate limits (x-ratelimit-*, RateLimit-*, retry-after, GitHub's
// secondary limits) are waited out within MaxWait and logged; the token is
// sent to the API's own scheme, host and port only, and redirects to any
// other are refused. It is used by one goroutine at a time.
type apiClient struct {
	base      *url.URL
	token     string
	authorize func(h http.Header, token string)
	accept    string
	client    *http.Client
	opts      APIOptions
	log       *slog.Logger

	pauseUntil time.Time     // the rate limit is exhausted until then
	pauseWhy   string        // what said so
	waited     time.Duration // rate-limit waits so far
}

// newAPI checks apiURL and makes a client that authorizes requests to it
// with authorize(token) when token is not empty.
func newAPI(apiURL, token string, authorize func(http.Header, string), accept string, opts APIOptions) (*apiClient, error) {
	base, err := parseAPIURL(apiURL)
	if err != nil {
		return nil, err
	}
	if token != "" && base.Scheme == "http" && !isLoopback(base.Hostname()) {
		return nil, fmt.Errorf("refusing to send a token over plain http to %s: use https", base.Host)
	}
	switch {
	case opts.MaxWait == 0:
		opts.MaxWait = defaultMaxWait
	case opts.MaxWait < 0:
		opts.MaxWait = 0
	}
	if opts.Retries == 0 {
		opts.Retries = 4
	}
	if opts.Backoff == 0 {
		opts.Backoff = time.Second
	}
	if opts.MaxBody == 0 {
		opts.MaxBody = defaultMaxBody
	}
	if opts.MaxPages == 0 {
		opts.MaxPages = 5000
	}
	if opts.RequestTimeout == 0 {
		opts.RequestTimeout = 2 * time.Minute
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "pysurvey"
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxResponseHeaderBytes = maxHeaderBytes
	a := &apiClient{base: base, token: token, authorize: authorize, accept: accept, opts: opts, log: log}
	a.client = &http.Client{
		Transport:     &tokenTransport{api: a, next: transport},
		Timeout:       opts.RequestTimeout,
		CheckRedirect: a.checkRedirect,
	}
	return a, nil
}

// parseAPIURL checks an API root URL: http or https, a host, no
// credentials, query or fragment. The result has no trailing slash.
func parseAPIURL(apiURL string) (*url.URL, error) {
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, fmt.Errorf("invalid API URL: %v", redactURLError(err))
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("invalid API URL %q: want an https:// (or http://) URL", apiURL)
	}
	if u.User != nil {
		return nil, errors.New("invalid API URL: credentials in a URL are not accepted; the token comes from the environment")
	}
	if u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("invalid API URL %q: want scheme://host[/path], without query or fragment", apiURL)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameOrigin reports whether u is on the API's scheme, host and port.
func (a *apiClient) sameOrigin(u *url.URL) bool {
	return origin(u) == origin(a.base)
}

// origin is scheme://host:port, lower-cased, with the scheme's default port.
func origin(u *url.URL) string {
	scheme, port := strings.ToLower(u.Scheme), u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// tokenTransport adds the token to requests for the API's origin only.
type tokenTransport struct {
	api  *apiClient
	next http.RoundTripper
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.api.token != "" && t.api.sameOrigin(req.URL) {
		req = req.Clone(req.Context())
		t.api.authorize(req.Header, t.api.token)
	}
	return t.next.RoundTrip(req)
}

var errForeignRedirect = errors.New("redirected to another host; not followed")

func (a *apiClient) checkRedirect(req *http.Request, via []*http.Request) error {
	if !a.sameOrigin(req.URL) {
		return fmt.Errorf("%w (%s://%s)", errForeignRedirect, req.URL.Scheme, req.URL.Host)
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	return nil
}

// APIError is an answer of the API that is not a success, a rate limit or
// a 5xx that retrying cured.
type APIError struct {
	// URL is the request's URL (it never holds a credential).
	URL string
	// Status is the HTTP status code.
	Status int
	// Message is the API's own message, sanitized and shortened.
	Message string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// RateLimitError is a rate limit that would take longer to wait out than
// the wait budget (APIOptions.MaxWait) has left.
type RateLimitError struct {
	// Host is the API's host.
	Host string
	// Wait is what the API asked for; Until is when it ends.
	Wait  time.Duration
	Until time.Time
	// Left is what remained of the budget, of Budget.
	Left, Budget time.Duration
	// Reason is what said so (a header, or the message).
	Reason string
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("rate limited by %s (%s): the wait of %s (until %s) is more than the %s left of the %s allowed",
		e.Host, e.Reason, e.Wait.Round(time.Second), e.Until.UTC().Format(time.RFC3339), e.Left.Round(time.Second), e.Budget)
}

// page is one successful answer: its headers and the URL it answered.
type page struct {
	url    *url.URL
	header http.Header
}

// get fetches u (which must be on the API's origin) and decodes its JSON
// body into v, waiting out rate limits and retrying 5xx answers and
// dropped connections within their bounds.
func (a *apiClient) get(ctx context.Context, u *url.URL, v any) (page, error) {
	if !a.sameOrigin(u) {
		return page{}, fmt.Errorf("refusing to follow %s://%s%s: not the API's host %s", u.Scheme, u.Host, u.EscapedPath(), a.base.Host)
	}
	retries, limited := 0, 0
	for {
		if err := a.waitForPause(ctx); err != nil {
			return page{}, err
		}
		resp, err := a.do(ctx, u)
		if err != nil {
			if ctx.Err() != nil {
				return page{}, context.Cause(ctx)
			}
			if retries < a.opts.Retries && retryable(err) {
				retries++
				if err := a.backoff(ctx, retries, 0, u, err.Error()); err != nil {
					return page{}, err
				}
				continue
			}
			return page{}, fmt.Errorf("cannot reach %s: %w", a.base.Host, err)
		}
		switch {
		case resp.StatusCode == http.StatusOK:
			err := a.decode(resp, u, v)
			if err != nil {
				return page{}, err
			}
			a.notePause(resp.Header, time.Now())
			return page{url: resp.Request.URL, header: resp.Header}, nil
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusForbidden:
			msg := errorMessage(resp, maxErrorBody)
			wait, reason, ok := limitWait(resp.StatusCode, resp.Header, msg, limited, time.Now())
			if !ok {
				return page{}, &APIError{URL: u.String(), Status: resp.StatusCode, Message: msg}
			}
			limited++
			if limited > maxLimitedTries {
				return page{}, fmt.Errorf("GET %s: still rate limited after %d waits (%s)", u, maxLimitedTries, reason)
			}
			if err := a.waitLimit(ctx, wait, reason); err != nil {
				return page{}, err
			}
		case resp.StatusCode >= 500:
			msg := errorMessage(resp, maxErrorBody)
			if retries >= a.opts.Retries {
				return page{}, fmt.Errorf("%w (after %d attempts)", &APIError{URL: u.String(), Status: resp.StatusCode, Message: msg}, retries+1)
			}
			retries++
			hint, _ := retryAfter(resp.Header, time.Now())
			if err := a.backoff(ctx, retries, hint, u, resp.Status); err != nil {
				return page{}, err
			}
		default:
			return page{}, &APIError{URL: u.String(), Status: resp.StatusCode, Message: errorMessage(resp, maxErrorBody)}
		}
	}
}

func (a *apiClient) do(ctx context.Context, u *url.URL) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", a.accept)
	req.Header.Set("User-Agent", a.opts.UserAgent)
	resp, err := a.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) { // "Get \"URL\": err": the URL is said by the caller
			return nil, ue.Err
		}
		return nil, err
	}
	return resp, nil
}

// decode reads at most MaxBody bytes of a JSON body into v.
func (a *apiClient) decode(resp *http.Response, u *url.URL, v any) error {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, a.opts.MaxBody+1))
	if err != nil {
		return fmt.Errorf("GET %s: reading the answer: %w", u, err)
	}
	if int64(len(body)) > a.opts.MaxBody {
		return fmt.Errorf("GET %s: the answer is larger than %d bytes; refused", u, a.opts.MaxBody)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("GET %s: the answer is not the JSON expected: %v", u, err)
	}
	return nil
}

// retryable reports whether a transport error is worth a retry: a dropped
// connection or a timeout. A refused connection, a name that does not
// resolve, a certificate or a redirect refused are reported at once.
func retryable(err error) bool {
	if errors.Is(err, errForeignRedirect) {
		return false
	}
	var ne net.Error
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		(errors.As(err, &ne) && ne.Timeout())
}

// backoff waits before retry number n: the doubling backoff, or longer
// when the server's Retry-After says so (up to the backoff's last step).
func (a *apiClient) backoff(ctx context.Context, n int, hint time.Duration, u *url.URL, why string) error {
	wait := a.opts.Backoff << (n - 1)
	if hint > wait {
		wait = min(hint, a.opts.Backoff<<a.opts.Retries)
	}
	a.log.Warn("forge API request failed; retrying", "url", u.String(), "error", why, "retry", n, "of", a.opts.Retries, "wait", wait.String())
	return sleep(ctx, wait)
}

// waitLimit waits out a rate limit if the budget allows.
func (a *apiClient) waitLimit(ctx context.Context, wait time.Duration, reason string) error {
	left := a.opts.MaxWait - a.waited
	until := time.Now().Add(wait)
	if wait > left {
		return &RateLimitError{Host: a.base.Host, Wait: wait, Until: until, Left: left, Budget: a.opts.MaxWait, Reason: reason}
	}
	a.log.Warn("rate limited; waiting", "host", a.base.Host, "reason", reason, "wait", wait.Round(time.Second).String(),
		"until", until.UTC().Format(time.RFC3339), "budget_left", (left - wait).Round(time.Second).String())
	a.waited += wait
	return sleep(ctx, wait)
}

// notePause remembers an exhausted rate limit from a successful answer,
// so that the next request waits for its reset instead of being refused.
func (a *apiClient) notePause(h http.Header, now time.Time) {
	if wait, ok := resetWait(h, now); ok {
		a.pauseUntil = now.Add(max(wait, minLimitWait))
		a.pauseWhy = "remaining 0, resets at " + a.pauseUntil.UTC().Format(time.RFC3339)
	}
}

func (a *apiClient) waitForPause(ctx context.Context) error {
	if a.pauseUntil.IsZero() {
		return nil
	}
	wait := time.Until(a.pauseUntil)
	a.pauseUntil = time.Time{}
	if wait <= 0 {
		return nil
	}
	return a.waitLimit(ctx, wait, a.pauseWhy)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// limitWait decides whether a 403 or 429 answer is a rate limit and how
// long to wait before asking again; tries is how many limited answers
// this request has had before. The order is GitHub's documented one:
// retry-after, then an exhausted limit's reset, then at least a minute,
// doubling.
func limitWait(status int, h http.Header, msg string, tries int, now time.Time) (time.Duration, string, bool) {
	if d, ok := retryAfter(h, now); ok {
		return max(d, minLimitWait), "retry-after " + strings.TrimSpace(h.Get("Retry-After")), true
	}
	if d, ok := resetWait(h, now); ok {
		return max(d, minLimitWait), "remaining 0, resets at " + now.Add(d).UTC().Format(time.RFC3339), true
	}
	if status == http.StatusTooManyRequests || strings.Contains(strings.ToLower(msg), "rate limit") {
		return unhintedWait << min(tries, 6), "rate limit without a hint", true
	}
	return 0, "", false
}

// retryAfter parses Retry-After: delay-seconds or an HTTP-date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		return clampWait(time.Duration(min(n, int64(maxSingleWait/time.Second))) * time.Second), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return clampWait(t.Sub(now)), true
	}
	return 0, false
}

// resetWait reads an exhausted rate limit: x-ratelimit-remaining (GitHub)
// or RateLimit-Remaining (GitLab) at 0, and the reset time in epoch
// seconds. The wait is measured from the answer's Date when it has one,
// so that a clock that differs from the server's does not matter.
func resetWait(h http.Header, now time.Time) (time.Duration, bool) {
	remaining, reset := h.Get("X-RateLimit-Remaining"), h.Get("X-RateLimit-Reset")
	if remaining == "" {
		remaining, reset = h.Get("RateLimit-Remaining"), h.Get("RateLimit-Reset")
	}
	if strings.TrimSpace(remaining) != "0" {
		return 0, false
	}
	epoch, err := strconv.ParseInt(strings.TrimSpace(reset), 10, 64)
	if err != nil || epoch < 0 || epoch > 1<<40 {
		return 0, false
	}
	from := now
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		from = d
	}
	return clampWait(time.Unix(epoch, 0).Sub(from)), true
}

func clampWait(d time.Duration) time.Duration {
	return min(max(d, 0), maxSingleWait)
}

// errorMessage reads the API's message from an error answer: GitHub's and
// GitLab's "message" (a string or an object), or OAuth's
// "error_description"/"error". It is sanitized: one line, printable,
// at most 300 characters.
func errorMessage(resp *http.Response, limit int64) string {
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, limit))
	var shape struct {
		Message          json.RawMessage `json:"message"`
		Error            json.RawMessage `json:"error"`
		ErrorDescription string          `json:"error_description"`
	}
	if json.Unmarshal(body, &shape) != nil {
		return ""
	}
	msg := shape.ErrorDescription
	for _, raw := range []json.RawMessage{shape.Message, shape.Error} {
		if msg != "" || len(raw) == 0 {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			msg = s
		} else {
			msg = string(raw)
		}
	}
	return sanitize(msg, 300)
}

// sanitize makes untrusted text safe to log: printable, one line, short.
func sanitize(s string, limit int) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= limit {
			b.WriteString("…")
			break
		}
		if unicode.IsPrint(r) {
			b.WriteRune(r)
		} else if unicode.IsSpace(r) {
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}

// nextPage resolves a pagination link against the page it came from and
// checks it stays on the API's origin.
func (a *apiClient) nextPage(from *url.URL, link string) (*url.URL, error) {
	ref, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("GET %s: invalid next-page link: %v", from, redactURLError(err))
	}
	next := from.ResolveReference(ref)
	if !a.sameOrigin(next) {
		return nil, fmt.Errorf("GET %s: the next-page link goes to another host (%s); not followed", from, next.Host)
	}
	return next, nil
}

// eachPage fetches first and the pages after it, as next says from each
// page (nil: the last), calling each with every element of every page,
// which must be a JSON array, and where it stands ("URL #n"). A listing
// that loops or runs past MaxPages is an error.
func (a *apiClient) eachPage(ctx context.Context, first *url.URL, next func(p page) (*url.URL, error), each func(elem json.RawMessage, from string)) error {
	seen := map[string]bool{}
	for u := first; u != nil; {
		if seen[u.String()] {
			return fmt.Errorf("GET %s: pagination came back to a page already read", u)
		}
		if len(seen) >= a.opts.MaxPages {
			return fmt.Errorf("GET %s: more than %d pages; stopped", u, a.opts.MaxPages)
		}
		seen[u.String()] = true
		var elems []json.RawMessage
		p, err := a.get(ctx, u, &elems)
		if err != nil {
			return err
		}
		for i, e := range elems {
			each(e, fmt.Sprintf("%s #%d", u, i+1))
		}
		if u, err = next(p); err != nil {
			return err
		}
	}
	return nil
}
