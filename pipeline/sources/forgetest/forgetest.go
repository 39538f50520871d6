// Package forgetest is a fake forge for tests: an httptest server on
// loopback that answers GitHub's and GitLab's repository listings in their
// real shapes (fields, pagination and rate-limit headers, error bodies, as
// the forges document them), can be told to answer a page with a rate
// limit or a 5xx first, and serves real git repositories beside the API
// through `git http-backend`, so that the clone URLs it lists can be cloned.
package forgetest

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// GitHubPrefix and GitLabPrefix are where the APIs are served, as on
// GitHub Enterprise Server and GitLab: the API roots are URL+prefix.
const (
	GitHubPrefix = "/api/v3"
	GitLabPrefix = "/api/v4"
)

// Server is the fake forge. Its zero value is not usable; call New.
type Server struct {
	*httptest.Server
	// PageSize caps per_page, so that a few repositories make several pages.
	PageSize int
	// Uncounted leaves out GitLab's totals headers and rel="last", as
	// GitLab does past 10,000 records.
	Uncounted bool

	mu        sync.Mutex
	orgs      []string // GitHub organisations; their ids are index+1
	github    map[string][]map[string]any
	gitlab    map[string][]map[string]any
	languages map[string]map[string]float64
	injected  map[int][]http.HandlerFunc
	requests  []Request
	git       http.Handler
}

// Request is what the server saw of one request.
type Request struct {
	Path, Query string
	// Auth is the Authorization or PRIVATE-TOKEN header, whichever came.
	Auth      string
	UserAgent string
	At        time.Time
}

// New starts a fake forge; gitRoot, when not empty, is a directory of bare
// repositories served at URL/<path> by git http-backend (git must be
// installed). The server stops when the test ends.
func New(t testing.TB, gitRoot string) *Server {
	s := &Server{
		PageSize:  100,
		github:    map[string][]map[string]any{},
		gitlab:    map[string][]map[string]any{},
		languages: map[string]map[string]float64{},
		injected:  map[int][]http.HandlerFunc{},
	}
	if gitRoot != "" {
		gitPath, err := exec.LookPath("git")
		if err != nil {
			t.Skip("serving repositories needs git (git http-backend)")
		}
		s.git = &cgi.Handler{Path: gitPath, Args: []string{"http-backend"},
			Env: []string{"GIT_PROJECT_ROOT=" + gitRoot, "GIT_HTTP_EXPORT_ALL=1"}}
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// GitHubAPI and GitLabAPI are the API roots to give --api-url.
func (s *Server) GitHubAPI() string { return s.URL + GitHubPrefix }

// GitLabAPI is the GitLab API root.
func (s *Server) GitLabAPI() string { return s.URL + GitLabPrefix }

// AddGitHubOrg lists repos as an organisation's (see GitHubRepo).
func (s *Server) AddGitHubOrg(org string, repos ...map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orgs = append(s.orgs, org)
	s.github["orgs/"+strings.ToLower(org)] = repos
}

// AddGitHubUser lists repos as a user's.
func (s *Server) AddGitHubUser(user string, repos ...map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.github["users/"+strings.ToLower(user)] = repos
}

// AddGitLabGroup lists projects as a group's, subgroups included (see
// GitLabProject); group is its full path.
func (s *Server) AddGitLabGroup(group string, projects ...map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gitlab[group] = projects
}

// SetLanguages sets what GET /projects/:id/languages answers.
func (s *Server) SetLanguages(projectID int, shares map[string]float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.languages[strconv.Itoa(projectID)] = shares
}

// Inject makes the next requests for page number page (of any listing)
// get these answers, one each, before the page itself is served.
func (s *Server) Inject(page int, answers ...http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.injected[page] = append(s.injected[page], answers...)
}

// Requests returns the requests seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		auth = r.Header.Get("Private-Token")
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Auth: auth, UserAgent: r.UserAgent(), At: time.Now()})
	s.mu.Unlock()
	path := r.URL.EscapedPath()
	switch {
	case strings.HasPrefix(path, GitHubPrefix+"/"):
		s.serveGitHub(w, r, strings.TrimPrefix(path, GitHubPrefix+"/"))
	case strings.HasPrefix(path, GitLabPrefix+"/"):
		s.serveGitLab(w, r, strings.TrimPrefix(path, GitLabPrefix+"/"))
	case s.git != nil:
		s.git.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

// injectedAnswer serves an injected answer for page, if one is queued.
func (s *Server) injectedAnswer(w http.ResponseWriter, r *http.Request, page int) bool {
	s.mu.Lock()
	queue := s.injected[page]
	var h http.HandlerFunc
	if len(queue) > 0 {
		h, s.injected[page] = queue[0], queue[1:]
	}
	s.mu.Unlock()
	if h == nil {
		return false
	}
	h(w, r)
	return true
}

// pageOf reads page and per_page as the forges do (defaults 1 and def).
func (s *Server) pageOf(q url.Values, def int) (int, int) {
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per < 1 {
		per = def
	}
	return page, min(per, 100, s.PageSize)
}

func (s *Server) serveGitHub(w http.ResponseWriter, r *http.Request, path string) {
	parts := strings.Split(path, "/")
	if len(parts) != 3 || parts[2] != "repos" {
		gitHubError(w, http.StatusNotFound, "Not Found")
		return
	}
	key := parts[0] + "/" + strings.ToLower(parts[1])
	s.mu.Lock()
	if parts[0] == "organizations" { // the form GitHub's own Link headers use
		if id, err := strconv.Atoi(parts[1]); err == nil && id >= 1 && id <= len(s.orgs) {
			key = "orgs/" + strings.ToLower(s.orgs[id-1])
		}
	}
	repos, ok := s.github[key]
	orgID := 0
	for i, o := range s.orgs {
		if "orgs/"+strings.ToLower(o) == key {
			orgID = i + 1
		}
	}
	s.mu.Unlock()
	if !ok {
		gitHubError(w, http.StatusNotFound, "Not Found")
		return
	}
	q := r.URL.Query()
	page, per := s.pageOf(q, 30)
	if s.injectedAnswer(w, r, page) {
		return
	}
	linkPath := GitHubPrefix + "/" + key + "/repos"
	if orgID > 0 {
		linkPath = fmt.Sprintf("%s/organizations/%d/repos", GitHubPrefix, orgID)
	}
	last := max(1, (len(repos)+per-1)/per)
	link := func(p int, rel string) string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(p))
		return fmt.Sprintf("<%s%s?%s>; rel=%q", s.URL, linkPath, q.Encode(), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(page-1, "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"))
	}
	h := w.Header()
	if len(links) > 0 {
		h.Set("Link", strings.Join(links, ", "))
	}
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", "4990")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Used", "10")
	h.Set("X-RateLimit-Resource", "core")
	writeJSON(w, http.StatusOK, slice(repos, page, per))
}

func (s *Server) serveGitLab(w http.ResponseWriter, r *http.Request, path string) {
	if id, ok := strings.CutPrefix(path, "projects/"); ok {
		id, ok = strings.CutSuffix(id, "/languages")
		s.mu.Lock()
		shares, known := s.languages[id]
		s.mu.Unlock()
		if !ok || !known {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Project Not Found"})
			return
		}
		writeJSON(w, http.StatusOK, shares)
		return
	}
	rest, ok := strings.CutPrefix(path, "groups/")
	groupEsc, ok2 := strings.CutSuffix(rest, "/projects")
	group, err := url.PathUnescape(groupEsc)
	s.mu.Lock()
	projects, known := s.gitlab[group]
	s.mu.Unlock()
	if !ok || !ok2 || err != nil || !known {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Group Not Found"})
		return
	}
	q := r.URL.Query()
	if q.Get("include_subgroups") != "true" { // only the group's own projects
		var own []map[string]any
		for _, p := range projects {
			if ns, _ := p["namespace"].(map[string]any); ns["full_path"] == group {
				own = append(own, p)
			}
		}
		projects = own
	}
	page, per := s.pageOf(q, 20)
	if s.injectedAnswer(w, r, page) {
		return
	}
	last := max(1, (len(projects)+per-1)/per)
	link := func(p int, rel string) string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(p))
		return fmt.Sprintf("<%s%s?%s>; rel=%q", s.URL, r.URL.EscapedPath(), q.Encode(), rel)
	}
	h := w.Header()
	var links []string
	next, prev := "", ""
	if page > 1 {
		prev = strconv.Itoa(page - 1)
		links = append(links, link(page-1, "prev"))
	}
	if page < last {
		next = strconv.Itoa(page + 1)
		links = append(links, link(page+1, "next"))
	}
	links = append(links, link(1, "first"))
	if !s.Uncounted {
		links = append(links, link(last, "last"))
		h.Set("X-Total", strconv.Itoa(len(projects)))
		h.Set("X-Total-Pages", strconv.Itoa(last))
	}
	h.Set("Link", strings.Join(links, ", "))
	h.Set("X-Next-Page", next)
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Per-Page", strconv.Itoa(per))
	h.Set("X-Prev-Page", prev)
	writeJSON(w, http.StatusOK, slice(projects, page, per))
}

func slice(items []map[string]any, page, per int) []map[string]any {
	from := min((page-1)*per, len(items))
	to := min(from+per, len(items))
	return append([]map[string]any{}, items[from:to]...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func gitHubError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{
		"message":           message,
		"documentation_url": "https://docs.github.com/rest/repos/repos#list-organization-repositories",
		"status":            strconv.Itoa(status),
	})
}

// GitHubRepo is a repository object in the shape of GET /orgs/{org}/repos,
// cloned from this server; set changes fields after the defaults (a
// default branch "main", size 120, language Python, not archived, not a fork).
func (s *Server) GitHubRepo(fullName string, set map[string]any) map[string]any {
	host := strings.TrimPrefix(s.URL, "http://")
	owner, name, _ := strings.Cut(fullName, "/")
	api := s.GitHubAPI()
	r := map[string]any{
		"id":        int(crc32.ChecksumIEEE([]byte(fullName)) >> 4),
		"node_id":   "R_kgDOxxxx",
		"name":      name,
		"full_name": fullName,
		"private":   false,
		"owner": map[string]any{
			"login": owner, "id": 9919, "node_id": "O_kgDOxxxx", "type": "Organization",
			"url": api + "/users/" + owner, "html_url": s.URL + "/" + owner, "site_admin": false,
		},
		"html_url":          s.URL + "/" + fullName,
		"description":       "the " + name + " service",
		"fork":              false,
		"url":               api + "/repos/" + fullName,
		"git_url":           "git://" + host + "/" + fullName + ".git",
		"ssh_url":           "git@" + strings.Split(host, ":")[0] + ":" + fullName + ".git",
		"clone_url":         s.URL + "/" + fullName + ".git",
		"svn_url":           s.URL + "/" + fullName,
		"homepage":          nil,
		"size":              120,
		"stargazers_count":  3,
		"watchers_count":    3,
		"language":          "Python",
		"has_issues":        true,
		"forks_count":       0,
		"archived":          false,
		"disabled":          false,
		"open_issues_count": 1,
		"license":           nil,
		"topics":            []string{},
		"visibility":        "public",
		"default_branch":    "main",
		"is_template":       false,
		"pushed_at":         "2026-01-02T03:04:05Z",
		"created_at":        "2025-01-02T03:04:05Z",
		"updated_at":        "2026-01-02T03:04:05Z",
		"permissions":       map[string]bool{"admin": false, "maintain": false, "push": false, "triage": false, "pull": true},
	}
	for k, v := range set {
		r[k] = v
	}
	return r
}

// GitLabProject is a project object in the shape of GET
// /groups/:id/projects, cloned from this server; set changes fields after
// the defaults (default branch "main", not archived, not empty, no fork).
func (s *Server) GitLabProject(id int, pathWithNamespace string, set map[string]any) map[string]any {
	host := strings.Split(strings.TrimPrefix(s.URL, "http://"), ":")[0]
	ns, path := "", pathWithNamespace
	if i := strings.LastIndexByte(pathWithNamespace, '/'); i >= 0 {
		ns, path = pathWithNamespace[:i], pathWithNamespace[i+1:]
	}
	p := map[string]any{
		"id":                  id,
		"description":         "the " + path + " project",
		"name":                path,
		"name_with_namespace": strings.ReplaceAll(pathWithNamespace, "/", " / "),
		"path":                path,
		"path_with_namespace": pathWithNamespace,
		"created_at":          "2025-01-02T03:04:05.000Z",
		"default_branch":      "main",
		"tag_list":            []string{},
		"topics":              []string{},
		"ssh_url_to_repo":     "git@" + host + ":" + pathWithNamespace + ".git",
		"http_url_to_repo":    s.URL + "/" + pathWithNamespace + ".git",
		"web_url":             s.URL + "/" + pathWithNamespace,
		"readme_url":          s.URL + "/" + pathWithNamespace + "/-/blob/main/README.md",
		"forks_count":         0,
		"avatar_url":          nil,
		"star_count":          0,
		"last_activity_at":    "2026-01-02T03:04:05.000Z",
		"namespace": map[string]any{
			"id": 5, "name": ns, "path": ns[strings.LastIndexByte(ns, '/')+1:], "kind": "group", "full_path": ns,
			"web_url": s.URL + "/groups/" + ns,
		},
		"container_registry_image_prefix": host + "/" + pathWithNamespace,
		"empty_repo":                      false,
		"archived":                        false,
		"visibility":                      "internal",
		"repository_access_level":         "enabled",
		"issues_enabled":                  true,
		"merge_requests_enabled":          true,
		"open_issues_count":               0,
	}
	for k, v := range set {
		p[k] = v
	}
	return p
}

// GitHubSecondaryRateLimit answers as GitHub does past a secondary rate
// limit: 403, retry-after, the limit's own remaining count not at 0.
func GitHubSecondaryRateLimit(retryAfter int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Retry-After", strconv.Itoa(retryAfter))
		h.Set("X-RateLimit-Limit", "5000")
		h.Set("X-RateLimit-Remaining", "4980")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
		writeJSON(w, http.StatusForbidden, map[string]string{
			"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.",
			"documentation_url": "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
		})
	}
}

// GitHubPrimaryRateLimit answers as GitHub does when the hourly limit is
// spent: 403, x-ratelimit-remaining 0 and the reset in epoch seconds.
func GitHubPrimaryRateLimit(reset time.Time) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-RateLimit-Limit", "5000")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Used", "5000")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		h.Set("X-RateLimit-Resource", "core")
		writeJSON(w, http.StatusForbidden, map[string]string{
			"message":           "API rate limit exceeded for user ID 1.",
			"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
		})
	}
}

// GitLabRateLimit answers as GitLab's Rack::Attack throttle does: 429,
// RateLimit-* headers, Retry-After and a plain-text body.
func GitLabRateLimit(retryAfter int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		reset := time.Now().Add(time.Duration(retryAfter) * time.Second)
		h := w.Header()
		h.Set("RateLimit-Name", "throttle_authenticated_api")
		h.Set("RateLimit-Limit", "2000")
		h.Set("RateLimit-Observed", "2001")
		h.Set("RateLimit-Remaining", "0")
		h.Set("RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		h.Set("RateLimit-ResetTime", reset.UTC().Format(http.TimeFormat))
		h.Set("Retry-After", strconv.Itoa(retryAfter))
		h.Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, "Retry later\n")
	}
}

// Status answers with a bare status and an HTML body, as a load balancer
// in front of a forge does (502, 503, 504).
func Status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>\n", code, http.StatusText(code))
	}
}
