package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/pipeline/sources/forgetest"
)

const testToken = "ghp_TESTTOKEN0123456789"

// logBuffer is a logger that keeps what it writes, for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func newLog() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewTextHandler(b, nil)), b
}

// fast are options that keep retries quick; rate-limit waits stay real.
func fast(log *slog.Logger) APIOptions {
	return APIOptions{Backoff: time.Millisecond, Logger: log, UserAgent: "pysurvey/test"}
}

func listGitHub(t *testing.T, apiURL, token, org string, opts APIOptions, lo ListOptions) (Listing, error) {
	t.Helper()
	gh, err := NewGitHub(apiURL, token, org, false, opts)
	if err != nil {
		t.Fatal(err)
	}
	lo.Logger = opts.Logger
	return ListRepos(context.Background(), gh, lo)
}

func TestGitHubListsEveryPageAndKeepsWhatTheFiltersSay(t *testing.T) {
	t.Parallel()
	srv := forgetest.New(t, "")
	srv.PageSize = 3
	srv.AddGitHubOrg("acme",
		srv.GitHubRepo("acme/orders", nil),
		srv.GitHubRepo("acme/old-billing", map[string]any{"archived": true}),
		srv.GitHubRepo("acme/django", map[string]any{"fork": true}),
		srv.GitHubRepo("acme/payments", map[string]any{"default_branch": "trunk", "topics": []string{"python", "Team-Pay"}}),
		srv.GitHubRepo("acme/empty", map[string]any{"size": 0}),
		srv.GitHubRepo("acme/frontend", map[string]any{"language": "TypeScript"}),
		srv.GitHubRepo("acme/docs", map[string]any{"language": nil}),
		srv.GitHubRepo("acme/locked", map[string]any{"disabled": true}),
		srv.GitHubRepo("acme/api-gateway", nil),
	)
	log, _ := newLog()
	host := strings.TrimPrefix(srv.URL, "http://")
	line := func(name, branch string) string {
		return fmt.Sprintf("http://%s/acme/%s.git@%s", host, name, branch)
	}
	tests := []struct {
		name string
		lo   ListOptions
		want []string
	}{
		{"defaults", ListOptions{}, []string{line("api-gateway", "main"), line("docs", "main"), line("frontend", "main"), line("orders", "main"), line("payments", "trunk")}},
		{"archived and forks too", ListOptions{Filter: Filter{IncludeArchived: true, IncludeForks: true}},
			[]string{line("api-gateway", "main"), line("django", "main"), line("docs", "main"), line("frontend", "main"), line("old-billing", "main"), line("orders", "main"), line("payments", "trunk")}},
		{"language", ListOptions{Filter: Filter{Languages: []string{"python"}}}, []string{line("api-gateway", "main"), line("orders", "main"), line("payments", "trunk")}},
		{"topics, all of them, any case", ListOptions{Filter: Filter{Topics: []string{"team-pay", "PYTHON"}}}, []string{line("payments", "trunk")}},
		{"match and exclude", ListOptions{Filter: Filter{Match: []string{"acme/*s", "api-*"}, Exclude: []string{"DOCS"}}}, []string{line("api-gateway", "main"), line("orders", "main"), line("payments", "trunk")}},
	}
	for _, tt := range tests {
		got, err := listGitHub(t, srv.GitHubAPI(), testToken, "acme", fast(log), tt.lo)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !reflect.DeepEqual(got.Lines, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got.Lines, tt.want)
		}
		if got.Listed != 9 {
			t.Errorf("%s: listed %d, want 9", tt.name, got.Listed)
		}
	}
	got, _ := listGitHub(t, srv.GitHubAPI(), testToken, "acme", fast(log), ListOptions{})
	want := map[string]int{"archived": 1, "fork": 1, "empty": 1, "disabled": 1}
	if !reflect.DeepEqual(got.Skipped, want) {
		t.Errorf("skipped %v, want %v", got.Skipped, want)
	}
	if got.Repos[0].Name != "127.0.0.1/acme/api-gateway" {
		t.Errorf("name %q: not the one run derives", got.Repos[0].Name)
	}
	// Three pages, each asked for 100 at a time; page 2 and 3 by the Link
	// header's URLs (GitHub's /organizations/{id}/ form); the token on each.
	var pages []string
	for _, r := range srv.Requests()[:3] {
		pages = append(pages, r.Path+"?"+r.Query)
		if r.Auth != "Bearer "+testToken || r.UserAgent != "pysurvey/test" {
			t.Errorf("request %s: auth %q, user agent %q", r.Path, r.Auth, r.UserAgent)
		}
	}
	wantPages := []string{
		"/api/v3/orgs/acme/repos?type=all&sort=created&direction=asc&per_page=100",
		"/api/v3/organizations/1/repos?direction=asc&page=2&per_page=100&sort=created&type=all",
		"/api/v3/organizations/1/repos?direction=asc&page=3&per_page=100&sort=created&type=all",
	}
	if !reflect.DeepEqual(pages, wantPages) {
		t.Errorf("pages asked:\n got %q\nwant %q", pages, wantPages)
	}
}

func TestListLinePrintsWhatRunReadsBack(t *testing.T) {
	rules := cloneRules{apiHost: "api.github.com"}
	tests := []struct {
		name          string
		http, ssh     string
		branch        string
		rules         cloneRules
		useSSH        bool
		want, wantErr string
	}{
		{name: "https", http: "https://github.com/acme/svc.git", ssh: "git@github.com:acme/svc.git", branch: "main", rules: rules,
			want: "https://github.com/acme/svc.git@main"},
		{name: "ssh, same name", http: "https://github.com/acme/svc.git", ssh: "git@github.com:acme/svc.git", branch: "main", rules: rules, useSSH: true,
			want: "git@github.com:acme/svc.git@main"},
		{name: "a branch the list cannot pin: HEAD", http: "https://github.com/acme/svc.git", branch: "feat@2", rules: rules,
			want: "https://github.com/acme/svc.git"},
		{name: "a branch with a slash", http: "https://github.com/acme/svc.git", branch: "release/2.4", rules: rules,
			want: "https://github.com/acme/svc.git@release/2.4"},
		{name: "GitLab: ssh host differs, NAME keeps the https name", http: "https://gitlab.example.com/acme/platform/svc.git",
			ssh: "ssh://git@ssh.gitlab.example.com:2222/acme/platform/svc.git", branch: "main", rules: cloneRules{apiHost: "gitlab.example.com"}, useSSH: true,
			want: "ssh://git@ssh.gitlab.example.com:2222/acme/platform/svc.git@main gitlab.example.com/acme/platform/svc"},
		{name: "GitHub Enterprise", http: "https://ghe.example.com/acme/svc.git", branch: "main", rules: cloneRules{apiHost: "ghe.example.com"},
			want: "https://ghe.example.com/acme/svc.git@main"},
		{name: "no ssh URL", http: "https://github.com/acme/svc.git", rules: rules, useSSH: true, wantErr: "no SSH clone URL"},
		{name: "another host", http: "https://evil.example/acme/svc.git", rules: rules, wantErr: `not on the API's host api.github.com`},
		{name: "local files", http: "file:///etc/passwd", rules: rules, wantErr: "want an https URL"},
		{name: "plain http from an https API", http: "http://github.com/acme/svc.git", rules: rules, wantErr: "want an https URL"},
		{name: "a second line", http: "https://github.com/acme/svc.git\n/etc", rules: rules, wantErr: "whitespace or control characters"},
		{name: "credentials", http: "https://u:p@github.com/acme/svc.git", rules: rules, wantErr: "credentials in a URL"},
		{name: "a pinned ref", http: "https://github.com/acme/svc.git@v1", rules: rules, wantErr: "not a plain clone URL"},
		{name: "https given as ssh", ssh: "https://github.com/acme/svc.git", rules: rules, useSSH: true, wantErr: "not an ssh URL"},
	}
	for _, tt := range tests {
		r := Repo{FullName: "acme/svc", DefaultBranch: tt.branch}
		r.setCloneURLs(tt.http, tt.ssh, tt.rules)
		got, err := r.ListLine(tt.useSSH)
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: got %q, %v; want error %q", tt.name, got, err, tt.wantErr)
			}
		case err != nil || got != tt.want:
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestRateLimitsAreWaitedOutAndSaidInTheLog(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		answer http.HandlerFunc
		reason string
	}{
		{"GitHub secondary limit, retry-after", forgetest.GitHubSecondaryRateLimit(1), "retry-after 1"},
		{"GitHub primary limit, x-ratelimit-reset", forgetest.GitHubPrimaryRateLimit(time.Now().Add(time.Second)), "remaining 0"},
		{"GitLab 429", forgetest.GitLabRateLimit(1), "retry-after 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := forgetest.New(t, "")
			srv.PageSize = 1
			srv.AddGitHubOrg("acme", srv.GitHubRepo("acme/a", nil), srv.GitHubRepo("acme/b", nil))
			srv.Inject(2, c.answer)
			log, logs := newLog()
			start := time.Now()
			got, err := listGitHub(t, srv.GitHubAPI(), testToken, "acme", fast(log), ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Lines) != 2 {
				t.Errorf("lines %q", got.Lines)
			}
			reqs := srv.Requests()
			if len(reqs) != 3 {
				t.Fatalf("%d requests, want 3 (page 1, page 2 limited, page 2)", len(reqs))
			}
			if gap := reqs[2].At.Sub(reqs[1].At); gap < 900*time.Millisecond {
				t.Errorf("asked again %v after the rate limit; want about a second", gap)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if l := logs.String(); !strings.Contains(l, "rate limited; waiting") || !strings.Contains(l, c.reason) || strings.Contains(l, testToken) {
				t.Errorf("log does not say it waits, and why (%q):\n%s", c.reason, l)
			}
		})
	}
}

func TestAnExhaustedLimitIsWaitedForBeforeTheNextPage(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Link", `</orgs/acme/repos?page=2>; rel="next"`)
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10))
		}
		fmt.Fprint(w, "[]")
	}))
	defer srv.Close()
	log, logs := newLog()
	start := time.Now()
	if _, err := listGitHub(t, srv.URL, "", "acme", fast(log), ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 2 || time.Since(start) < 900*time.Millisecond {
		t.Errorf("%d requests in %v: want the second after the reset", n.Load(), time.Since(start))
	}
	if !strings.Contains(logs.String(), "rate limited; waiting") {
		t.Errorf("log:\n%s", logs)
	}
}

func TestARateLimitPastMaxWaitFailsAtOnce(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		answer http.HandlerFunc
	}{
		{"reset in an hour", forgetest.GitHubPrimaryRateLimit(time.Now().Add(time.Hour))},
		{"secondary limit without retry-after: a minute", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Remaining", "4000")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`)
		}},
		{"GitLab 429 without headers: a minute", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, "Retry later\n")
		}},
	}
	for _, c := range cases {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1); c.answer(w, r) }))
		opts := fast(nil)
		opts.MaxWait = 5 * time.Second
		start := time.Now()
		_, err := listGitHub(t, srv.URL, "", "acme", opts, ListOptions{})
		srv.Close()
		var rl *RateLimitError
		if !errors.As(err, &rl) || !strings.Contains(err.Error(), "more than the 5s left of the 5s allowed") {
			t.Errorf("%s: err %v; want a RateLimitError", c.name, err)
		}
		if n.Load() != 1 || time.Since(start) > 2*time.Second {
			t.Errorf("%s: %d requests in %v; want one, and no waiting", c.name, n.Load(), time.Since(start))
		}
	}
}

func TestServerErrorsAndDroppedConnectionsAreRetriedBoundedly(t *testing.T) {
	t.Parallel()
	t.Run("a 502 then the page", func(t *testing.T) {
		srv := forgetest.New(t, "")
		srv.AddGitHubOrg("acme", srv.GitHubRepo("acme/a", nil))
		srv.Inject(1, forgetest.Status(502), forgetest.Status(503))
		log, logs := newLog()
		got, err := listGitHub(t, srv.GitHubAPI(), "", "acme", fast(log), ListOptions{})
		if err != nil || len(got.Lines) != 1 || len(srv.Requests()) != 3 {
			t.Fatalf("got %v, %v after %d requests", got.Lines, err, len(srv.Requests()))
		}
		if !strings.Contains(logs.String(), "502 Bad Gateway") || !strings.Contains(logs.String(), "retrying") {
			t.Errorf("log:\n%s", logs)
		}
	})
	t.Run("5xx every time", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			forgetest.Status(504)(w, r)
		}))
		defer srv.Close()
		opts := fast(nil)
		opts.Retries = 3
		_, err := listGitHub(t, srv.URL, "", "acme", opts, ListOptions{})
		if err == nil || !strings.Contains(err.Error(), "504 Gateway Timeout (after 4 attempts)") || n.Load() != 4 {
			t.Errorf("err %v after %d requests; want a 504 error after 4", err, n.Load())
		}
	})
	t.Run("a dropped connection", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
				return
			}
			fmt.Fprint(w, "[]")
		}))
		defer srv.Close()
		if _, err := listGitHub(t, srv.URL, "", "acme", fast(nil), ListOptions{}); err != nil || n.Load() != 2 {
			t.Errorf("err %v after %d requests; want success on the second", err, n.Load())
		}
	})
}

func TestErrorsSayWhatIsWrong(t *testing.T) {
	t.Parallel()
	srv := forgetest.New(t, "")
	srv.AddGitHubOrg("acme", srv.GitHubRepo("acme/a", nil))
	srv.AddGitLabGroup("acme", srv.GitLabProject(1, "acme/a", nil))
	unauthorized := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		if strings.Contains(r.URL.Path, "/groups/") {
			fmt.Fprint(w, `{"message":"401 Unauthorized"}`)
			return
		}
		fmt.Fprint(w, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`)
	}))
	defer unauthorized.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	ctx := context.Background()
	gh := func(api, token, owner string, user bool) Forge {
		f, err := NewGitHub(api, token, owner, user, fast(nil))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	gl := func(api, token, group string) Forge {
		f, err := NewGitLab(api, token, group, fast(nil))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	tests := []struct {
		name  string
		forge Forge
		want  []string
	}{
		{"missing org", gh(srv.GitHubAPI(), testToken, "nope", false), []string{"GitHub org nope: not found at " + srv.GitHubAPI(), "or the token cannot see it", "--github-user", "404 Not Found: Not Found"}},
		{"missing org, no token", gh(srv.GitHubAPI(), "", "nope", false), []string{"or it is private: set GITHUB_TOKEN"}},
		{"missing user", gh(srv.GitHubAPI(), "", "nobody", true), []string{"GitHub user nobody: not found"}},
		{"bad token", gh(unauthorized.URL, testToken, "acme", false), []string{"rejected the token in GITHUB_TOKEN", "401 Unauthorized: Bad credentials"}},
		{"no token", gh(unauthorized.URL, "", "acme", false), []string{"needs a token: set GITHUB_TOKEN"}},
		{"missing group", gl(srv.GitLabAPI(), "glpat-secret", "acme/nope"), []string{"GitLab group acme/nope: not found", "404 Group Not Found"}},
		{"bad GitLab token", gl(unauthorized.URL, "glpat-secret", "acme"), []string{"rejected the token in GITLAB_TOKEN", "401 Unauthorized"}},
		{"unreachable", gh(closed.URL, testToken, "acme", false), []string{"cannot reach " + strings.TrimPrefix(closed.URL, "http://"), "connection refused"}},
	}
	for _, tt := range tests {
		_, err := ListRepos(ctx, tt.forge, ListOptions{})
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", tt.name, err, w)
			}
		}
		if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "glpat-secret") {
			t.Errorf("%s: the token is in the error: %v", tt.name, err)
		}
	}
	for _, bad := range []struct{ api, token, want string }{
		{"ftp://x", "", "want an https:// (or http://) URL"},
		{"https://user:pw@ghe.example.com/api/v3", "", "credentials in a URL are not accepted"},
		{"https://ghe.example.com/api/v3?x=1", "", "without query or fragment"},
		{"http://ghe.example.com/api/v3", testToken, "refusing to send a token over plain http"},
	} {
		if _, err := NewGitHub(bad.api, bad.token, "acme", false, APIOptions{}); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: err %v, want %q", bad.api, err, bad.want)
		}
	}
}

// sink is a server on another origin that must never be asked anything.
func sink(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		t.Errorf("another host was asked %s (Authorization %q)", r.URL, r.Header.Get("Authorization"))
		fmt.Fprint(w, "[]")
	}))
	t.Cleanup(s.Close)
	return s, &n
}

func TestTheTokenStaysOnTheAPIHost(t *testing.T) {
	t.Parallel()
	other, _ := sink(t)
	var auth []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = append(auth, r.URL.Path+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		switch r.URL.Path {
		case "/orgs/next-elsewhere/repos":
			w.Header().Set("Link", "<"+other.URL+"/orgs/x/repos?page=2>; rel=\"next\"")
			fmt.Fprint(w, "[]")
		case "/orgs/redirect-elsewhere/repos":
			http.Redirect(w, r, other.URL+"/orgs/x/repos", http.StatusFound)
		case "/orgs/moved/repos":
			http.Redirect(w, r, "/organizations/7/repos", http.StatusMovedPermanently)
		default:
			fmt.Fprint(w, "[]")
		}
	}))
	defer srv.Close()
	log, logs := newLog()
	for org, want := range map[string]string{
		"next-elsewhere":     "the next-page link goes to another host",
		"redirect-elsewhere": "redirected to another host; not followed",
	} {
		_, err := listGitHub(t, srv.URL, testToken, org, fast(log), ListOptions{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want %q", org, err, want)
		}
	}
	if _, err := listGitHub(t, srv.URL, testToken, "moved", fast(log), ListOptions{}); err != nil {
		t.Errorf("a redirect on the API's host: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, a := range auth {
		if !strings.HasSuffix(a, " Bearer "+testToken) {
			t.Errorf("request to the API without the token: %s", a)
		}
	}
	if len(auth) != 4 || !strings.HasPrefix(auth[3], "/organizations/7/repos ") {
		t.Errorf("requests %q: want the redirect followed on the API's host", auth)
	}
	if strings.Contains(logs.String(), testToken) {
		t.Errorf("the token is in the log:\n%s", logs)
	}
}

func TestBodiesAreBounded(t *testing.T) {
	t.Parallel()
	var written atomic.Int64
	endless := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			chunk := []byte(`{"full_name":"acme/x","clone_url":"https://h/x.git"},`)
			w.Write([]byte("["))
			for i := 0; i < 1<<20; i++ { // up to ~50 MiB, or until the client hangs up
				if _, err := w.Write(chunk); err != nil {
					return
				}
				written.Add(int64(len(chunk)))
			}
		}
	}
	for _, status := range []int{http.StatusOK, http.StatusInternalServerError, http.StatusNotFound} {
		written.Store(0)
		srv := httptest.NewServer(endless(status))
		opts := fast(nil)
		opts.MaxBody = 1 << 20
		opts.Retries = 1
		_, err := listGitHub(t, srv.URL, "", "acme", opts, ListOptions{})
		srv.Close()
		if err == nil {
			t.Errorf("%d: an endless body was accepted", status)
		}
		if status == http.StatusOK && !strings.Contains(err.Error(), "larger than 1048576 bytes") {
			t.Errorf("%d: %v", status, err)
		}
		if w := written.Load(); w > 40<<20 {
			t.Errorf("%d: the server could write %d bytes: the client read on", status, w)
		}
	}
}

func TestPaginationThatLoopsOrNeverEndsIsAnError(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		switch {
		case strings.HasPrefix(r.URL.Path, "/orgs/loop/"):
			w.Header().Set("Link", `<`+r.URL.String()+`>; rel="next"`)
		case strings.HasPrefix(r.URL.Path, "/orgs/endless/"):
			p, _ := strconv.Atoi(r.URL.Query().Get("page"))
			w.Header().Set("Link", fmt.Sprintf(`</orgs/endless/repos?page=%d>; rel="next"`, p+1))
		case strings.HasPrefix(r.URL.Path, "/orgs/garbled/"):
			w.Header().Set("Link", `<https://x/?page=2; rel="next"`)
		case strings.Contains(r.URL.Path, "/groups/"):
			w.Header().Set("X-Next-Page", "1")
		}
		fmt.Fprint(w, "[]")
	}))
	defer srv.Close()
	opts := fast(nil)
	opts.MaxPages = 5
	for org, want := range map[string]string{
		"loop":    "pagination came back to a page already read",
		"endless": "more than 5 pages; stopped",
		"garbled": "malformed Link header",
	} {
		n.Store(0)
		_, err := listGitHub(t, srv.URL, "", org, opts, ListOptions{})
		if err == nil || !strings.Contains(err.Error(), want) || n.Load() > 5 {
			t.Errorf("%s: err %v after %d requests; want %q", org, err, n.Load(), want)
		}
	}
	gl, err := NewGitLab(srv.URL, "", "acme", opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ListRepos(context.Background(), gl, ListOptions{}); err == nil || !strings.Contains(err.Error(), `x-next-page "1" is not a page after this one`) {
		t.Errorf("GitLab paging backwards: %v", err)
	}
}

func TestGitLabListsSubgroupsPageByPage(t *testing.T) {
	t.Parallel()
	srv := forgetest.New(t, "")
	srv.PageSize = 2
	srv.Uncounted = true
	srv.AddGitLabGroup("acme/platform",
		srv.GitLabProject(11, "acme/platform/api", nil),
		srv.GitLabProject(12, "acme/platform/legacy", map[string]any{"archived": true}),
		srv.GitLabProject(13, "acme/platform/data/etl", map[string]any{"topics": []string{"python"}}),
		srv.GitLabProject(14, "acme/platform/data/fork-of-pandas", map[string]any{"forked_from_project": map[string]any{"id": 99, "path_with_namespace": "pandas/pandas"}}),
		srv.GitLabProject(15, "acme/platform/data/new", map[string]any{"empty_repo": true, "default_branch": nil}),
		srv.GitLabProject(16, "acme/platform/web/ui", map[string]any{"default_branch": "develop"}),
		srv.GitLabProject(17, "acme/platform/web/wiki-only", map[string]any{"repository_access_level": "disabled"}),
	)
	srv.SetLanguages(11, map[string]float64{"Python": 91.5, "Dockerfile": 8.5})
	srv.SetLanguages(13, map[string]float64{"Python": 40, "Jupyter Notebook": 60})
	srv.SetLanguages(16, map[string]float64{"TypeScript": 70, "Python": 30})
	srv.Inject(3, forgetest.GitLabRateLimit(1))
	log, logs := newLog()
	gl, err := NewGitLab(srv.URL, "glpat-secret", "acme/platform", fast(log)) // no path: /api/v4 is added
	if err != nil {
		t.Fatal(err)
	}
	got, err := ListRepos(context.Background(), gl, ListOptions{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	base := srv.URL + "/acme/platform/"
	want := []string{base + "api.git@main", base + "data/etl.git@main", base + "web/ui.git@develop"}
	if !reflect.DeepEqual(got.Lines, want) {
		t.Errorf("got %q\nwant %q", got.Lines, want)
	}
	if wantSkipped := map[string]int{"archived": 1, "fork": 1, "empty": 1, "disabled": 1}; !reflect.DeepEqual(got.Skipped, wantSkipped) {
		t.Errorf("skipped %v, want %v", got.Skipped, wantSkipped)
	}
	reqs := srv.Requests()
	if len(reqs) != 5 { // pages 1, 2, 3 (rate limited), 3, 4
		t.Fatalf("%d requests: %v", len(reqs), reqs)
	}
	for i, r := range reqs {
		if r.Path != "/api/v4/groups/acme%2Fplatform/projects" || r.Auth != "glpat-secret" ||
			!strings.Contains(r.Query, "include_subgroups=true") || !strings.Contains(r.Query, "with_shared=false") || !strings.Contains(r.Query, "per_page=100") {
			t.Errorf("request %d: %+v", i, r)
		}
	}
	if !strings.Contains(logs.String(), "rate limited; waiting") {
		t.Errorf("log:\n%s", logs)
	}
	// --language asks for each remaining project's languages.
	got, err = ListRepos(context.Background(), gl, ListOptions{Filter: Filter{Languages: []string{"Python"}, Match: []string{"acme/platform/**"}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{base + "api.git@main"}; !reflect.DeepEqual(got.Lines, want) || got.Skipped["language"] != 2 {
		t.Errorf("language filter: %q, skipped %v", got.Lines, got.Skipped)
	}
	got, err = ListRepos(context.Background(), gl, ListOptions{SSH: true, Filter: Filter{Match: []string{"**/data/*"}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"git@127.0.0.1:acme/platform/data/etl.git@main"}; !reflect.DeepEqual(got.Lines, want) {
		t.Errorf("ssh with a glob on the path: %q", got.Lines)
	}
}

func TestGitLabFallsBackToTheLinkHeader(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page")
		url := func(p string) string { return srv.URL + "/api/v4/projects/x/" + p }
		switch page {
		case "":
			w.Header().Set("Link", `<`+srv.URL+`/api/v4/groups/7/projects?page=2>; rel="next"`) // no x-next-page
			fmt.Fprintf(w, `[{"id":1,"path_with_namespace":"g/a","http_url_to_repo":%q,"default_branch":"main"}]`, url("a.git"))
		default:
			w.Header().Set("X-Next-Page", "")
			fmt.Fprintf(w, `[{"id":2,"path_with_namespace":"g/b","http_url_to_repo":%q,"default_branch":"main"}]`, url("b.git"))
		}
	}))
	defer srv.Close()
	gl, err := NewGitLab(srv.URL+"/api/v4", "", "7", fast(nil))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ListRepos(context.Background(), gl, ListOptions{})
	if err != nil || len(got.Lines) != 2 {
		t.Errorf("got %q, %v", got.Lines, err)
	}
}

func TestUnusableEntriesAreNamedAndTheRestKept(t *testing.T) {
	t.Parallel()
	srv := forgetest.New(t, "")
	srv.AddGitHubOrg("acme",
		srv.GitHubRepo("acme/good", nil),
		srv.GitHubRepo("acme/to-files", map[string]any{"clone_url": "file:///etc/passwd"}),
		srv.GitHubRepo("acme/elsewhere", map[string]any{"clone_url": "https://evil.example/acme/x.git"}),
		srv.GitHubRepo("acme/two-lines", map[string]any{"clone_url": srv.URL + "/acme/x.git\nfile:///etc/passwd"}),
		srv.GitHubRepo("acme/odd-size", map[string]any{"size": "large"}),
		srv.GitHubRepo("acme/archived-and-odd", map[string]any{"archived": true, "clone_url": "file:///x"}),
	)
	log, logs := newLog()
	got, err := listGitHub(t, srv.GitHubAPI(), "", "acme", fast(log), ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Lines) != 1 || !strings.HasSuffix(got.Lines[0], "/acme/good.git@main") {
		t.Errorf("lines %q", got.Lines)
	}
	if got.Skipped["unusable"] != 4 || got.Skipped["archived"] != 1 {
		t.Errorf("skipped %v", got.Skipped)
	}
	l := logs.String()
	for _, want := range []string{
		`repo=acme/to-files from="` + srv.GitHubAPI() + `/orgs/acme/repos?type=all&sort=created&direction=asc&per_page=100 #2"`,
		`want an https URL`,
		`not on the API's host 127.0.0.1; refused`,
		`repo=acme/two-lines`, `whitespace or control characters`,
		`repo=acme/odd-size`, `not a repository object`,
	} {
		if !strings.Contains(l, want) {
			t.Errorf("log lacks %q:\n%s", want, l)
		}
	}
	if strings.Contains(l, "archived-and-odd") {
		t.Errorf("a filtered-out entry was reported:\n%s", l)
	}
}

func TestDuplicatesAcrossShiftedPagesAreListedOnce(t *testing.T) {
	t.Parallel()
	srv := forgetest.New(t, "")
	srv.PageSize = 1
	a := srv.GitHubRepo("acme/a", nil)
	srv.AddGitHubOrg("acme", a, a, srv.GitHubRepo("acme/b", nil))
	got, err := listGitHub(t, srv.GitHubAPI(), "", "acme", fast(nil), ListOptions{})
	if err != nil || len(got.Lines) != 2 || got.Skipped["duplicate"] != 1 {
		t.Errorf("got %q, %v, skipped %v", got.Lines, err, got.Skipped)
	}
}

func TestCancellingStopsAWait(t *testing.T) {
	t.Parallel()
	srv := forgetest.New(t, "")
	srv.AddGitHubOrg("acme", srv.GitHubRepo("acme/a", nil))
	srv.Inject(1, forgetest.GitHubSecondaryRateLimit(60))
	gh, err := NewGitHub(srv.GitHubAPI(), "", "acme", false, fast(nil))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = ListRepos(ctx, gh, ListOptions{})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("err %v after %v", err, time.Since(start))
	}
}

func TestRetryableErrors(t *testing.T) {
	for err, want := range map[error]bool{
		io.EOF: true,
		fmt.Errorf("read: %w", syscall.ECONNRESET):       true,
		&net.DNSError{IsTimeout: true}:                   true,
		&net.DNSError{IsNotFound: true}:                  false,
		fmt.Errorf("dial: %w", syscall.ECONNREFUSED):     false,
		fmt.Errorf("%w (https://x)", errForeignRedirect): false,
	} {
		if got := retryable(err); got != want {
			t.Errorf("retryable(%v) = %v", err, got)
		}
	}
}

func TestOriginsCompareAsBrowsersDo(t *testing.T) {
	parse := func(s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	same := [][2]string{{"https://ghe.example.com/api/v3", "https://GHE.example.com:443/x"}, {"http://127.0.0.1:8080", "HTTP://127.0.0.1:8080/y"}}
	differ := [][2]string{{"https://ghe.example.com", "http://ghe.example.com"}, {"https://ghe.example.com", "https://ghe.example.com:8443"}, {"https://api.github.com", "https://github.com"}}
	for _, p := range same {
		if origin(parse(p[0])) != origin(parse(p[1])) {
			t.Errorf("%s and %s differ", p[0], p[1])
		}
	}
	for _, p := range differ {
		if origin(parse(p[0])) == origin(parse(p[1])) {
			t.Errorf("%s and %s taken for one origin", p[0], p[1])
		}
	}
}

// BenchmarkListGitHubOrg lists an organisation of 2,000 repositories
// (20 pages of GitHub's full repository objects) from the fake forge.
func BenchmarkListGitHubOrg(b *testing.B) {
	srv := forgetest.New(b, "")
	repos := make([]map[string]any, 2000)
	for i := range repos {
		repos[i] = srv.GitHubRepo(fmt.Sprintf("acme/service-%04d", i), nil)
	}
	srv.AddGitHubOrg("acme", repos...)
	gh, err := NewGitHub(srv.GitHubAPI(), testToken, "acme", false, APIOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		got, err := ListRepos(context.Background(), gh, ListOptions{})
		if err != nil || len(got.Lines) != len(repos) {
			b.Fatalf("%d lines, %v", len(got.Lines), err)
		}
	}
}
