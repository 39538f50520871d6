package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources/forgetest"
)

// runWithEnv runs the command line in-process with env as its whole
// environment (plus HOME and XDG_CACHE_HOME).
func runWithEnv(t *testing.T, stdin string, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		if k == "HOME" || k == "XDG_CACHE_HOME" {
			return os.Getenv(k)
		}
		return env[k]
	}
	code := Main(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr, getenv)
	return stdout.String(), stderr.String(), code
}

// serveRepos makes a bare repository with a small Python package at
// root/<path>.git for each path.
func serveRepos(t *testing.T, root string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		files := fstest.MapFS{
			"app/__init__.py": {Data: []byte("")},
			"app/main.py":     {Data: []byte("from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/')\nasync def root():\n    return {'repo': '" + p + "'}\n")},
			"pyproject.toml":  {Data: []byte("[project]\nname = \"x\"\ndependencies = [\"fastapi\"]\n")},
		}
		if _, err := gitrepo.Create(filepath.Join(root, p+".git"), files, gitrepo.Options{Bare: true}); err != nil {
			t.Fatal(err)
		}
	}
}

// surveyList pipes a listing into `run --repos -` and returns the repos
// table as CSV (repo,status,ref), the git server's requests checked.
func surveyList(t *testing.T, srv *forgetest.Server, list string, env map[string]string) string {
	t.Helper()
	out, cache := filepath.Join(t.TempDir(), "out"), t.TempDir()
	if stdout, stderr, code := runWithEnv(t, list, env, "run", "--repos", "-", "--out", out, "--cache", cache, "-q", "--progress", "none"); code != 0 {
		t.Fatalf("run exited %d\n%s\n%s", code, stdout, stderr)
	}
	stdout, stderr, code := runWithEnv(t, "", nil, "sql", "--data", out, "-f", "csv", "SELECT repo, status, ref FROM repos ORDER BY repo")
	if code != 0 {
		t.Fatalf("sql exited %d: %s", code, stderr)
	}
	for _, r := range srv.Requests() {
		if !strings.HasPrefix(r.Path, "/api/") && r.Auth != "" {
			t.Errorf("a forge token went to the git server: %s", r.Path)
		}
	}
	return stdout
}

// TestReposListsAGitHubOrgThatRunSurveys is the nightly recipe end to end:
// three pages, a secondary rate limit on the second and a 502 on the
// third; the listing is exactly what a person counts from the pages, and
// `run --repos -` clones and surveys every repository over HTTP.
func TestReposListsAGitHubOrgThatRunSurveys(t *testing.T) {
	root := t.TempDir()
	serveRepos(t, root, "acme/orders", "acme/payments", "acme/search", "acme/users")
	srv := forgetest.New(t, root)
	srv.PageSize = 3
	srv.AddGitHubOrg("acme",
		srv.GitHubRepo("acme/orders", nil),
		srv.GitHubRepo("acme/legacy", map[string]any{"archived": true}),
		srv.GitHubRepo("acme/requests", map[string]any{"fork": true}),
		srv.GitHubRepo("acme/payments", map[string]any{"topics": []string{"python", "payments"}}),
		srv.GitHubRepo("acme/web", map[string]any{"language": "TypeScript"}),
		srv.GitHubRepo("acme/scratch", map[string]any{"size": 0}),
		srv.GitHubRepo("acme/search", nil),
		srv.GitHubRepo("acme/users", nil),
	)
	srv.Inject(2, forgetest.GitHubSecondaryRateLimit(1))
	srv.Inject(3, forgetest.Status(502))
	env := map[string]string{"GITHUB_TOKEN": "ghp_TESTTOKEN0123456789"}
	stdout, stderr, code := runWithEnv(t, "", env, "repos", "--github-org", "acme", "--api-url", srv.GitHubAPI(), "--language", "Python")
	if code != 0 {
		t.Fatalf("repos exited %d\n%s", code, stderr)
	}
	base := srv.URL + "/acme/"
	want := base + "orders.git@main\n" + base + "payments.git@main\n" + base + "search.git@main\n" + base + "users.git@main\n"
	if stdout != want {
		t.Errorf("listing:\n%s\nwant:\n%s", stdout, want)
	}
	for _, s := range []string{"rate limited; waiting", "retry-after 1", "502 Bad Gateway", "retrying", "repositories listed", "listed=8", "kept=4",
		"skipped_archived=1", "skipped_fork=1", "skipped_empty=1", "skipped_language=1"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("log lacks %q:\n%s", s, stderr)
		}
	}
	if strings.Contains(stdout+stderr, env["GITHUB_TOKEN"]) {
		t.Errorf("the token was printed")
	}
	if n := len(srv.Requests()); n != 5 { // pages 1, 2 (limited), 2, 3 (502), 3
		t.Errorf("%d API requests, want 5", n)
	}
	got := surveyList(t, srv, stdout, env)
	wantTable := "repo,status,ref\n127.0.0.1/acme/orders,ok,main\n127.0.0.1/acme/payments,ok,main\n127.0.0.1/acme/search,ok,main\n127.0.0.1/acme/users,ok,main\n"
	if got != wantTable {
		t.Errorf("repos table:\n%s\nwant:\n%s", got, wantTable)
	}
}

// TestReposListsAGitLabGroupWithSubgroupsThatRunSurveys does the same for
// a GitLab group: subgroups, x-next-page past the totals headers, a 429
// and a 502.
func TestReposListsAGitLabGroupWithSubgroupsThatRunSurveys(t *testing.T) {
	root := t.TempDir()
	serveRepos(t, root, "acme/billing", "acme/core/api", "acme/data/etl/loader", "acme/data/etl/warehouse")
	srv := forgetest.New(t, root)
	srv.PageSize = 2
	srv.Uncounted = true // as past 10,000 projects: no x-total, x-total-pages, rel="last"
	srv.AddGitLabGroup("acme",
		srv.GitLabProject(1, "acme/billing", nil),
		srv.GitLabProject(2, "acme/core/api", map[string]any{"topics": []string{"python"}}),
		srv.GitLabProject(3, "acme/core/old-api", map[string]any{"archived": true}),
		srv.GitLabProject(4, "acme/data/etl/loader", nil),
		srv.GitLabProject(5, "acme/data/etl/new", map[string]any{"empty_repo": true, "default_branch": nil}),
		srv.GitLabProject(6, "acme/data/etl/warehouse", nil),
		srv.GitLabProject(7, "acme/data/etl/fork", map[string]any{"forked_from_project": map[string]any{"id": 70}}),
	)
	srv.Inject(2, forgetest.GitLabRateLimit(1))
	srv.Inject(3, forgetest.Status(502))
	env := map[string]string{"GITLAB_TOKEN": "glpat-TESTTOKEN0123"}
	stdout, stderr, code := runWithEnv(t, "", env, "repos", "--gitlab-group", "acme", "--api-url", srv.URL, "--log-format", "json")
	if code != 0 {
		t.Fatalf("repos exited %d\n%s", code, stderr)
	}
	base := srv.URL + "/acme/"
	want := base + "billing.git@main\n" + base + "core/api.git@main\n" + base + "data/etl/loader.git@main\n" + base + "data/etl/warehouse.git@main\n"
	if stdout != want {
		t.Errorf("listing:\n%s\nwant:\n%s", stdout, want)
	}
	for _, s := range []string{`"msg":"rate limited; waiting"`, `"reason":"retry-after 1"`, `"msg":"repositories listed"`, `"listed":7`, `"kept":4`} {
		if !strings.Contains(stderr, s) {
			t.Errorf("log lacks %q:\n%s", s, stderr)
		}
	}
	if strings.Contains(stdout+stderr, env["GITLAB_TOKEN"]) {
		t.Errorf("the token was printed")
	}
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/api/") && (r.Auth != env["GITLAB_TOKEN"] || !strings.Contains(r.Query, "include_subgroups=true")) {
			t.Errorf("API request %+v", r)
		}
	}
	got := surveyList(t, srv, stdout, env)
	wantTable := "repo,status,ref\n127.0.0.1/acme/billing,ok,main\n127.0.0.1/acme/core/api,ok,main\n127.0.0.1/acme/data/etl/loader,ok,main\n127.0.0.1/acme/data/etl/warehouse,ok,main\n"
	if got != wantTable {
		t.Errorf("repos table:\n%s\nwant:\n%s", got, wantTable)
	}
	// Filters on the listing: a glob on the path and --ssh.
	stdout, stderr, code = runWithEnv(t, "", env, "repos", "--gitlab-group", "acme", "--api-url", srv.URL, "--ssh", "--match", "acme/data/**", "--exclude", "ware*")
	if code != 0 || stdout != "git@127.0.0.1:acme/data/etl/loader.git@main\n" {
		t.Errorf("filtered listing (exit %d):\n%s\n%s", code, stdout, stderr)
	}
}

func TestReposErrorsAndExitCodes(t *testing.T) {
	srv := forgetest.New(t, "")
	srv.AddGitHubOrg("acme", srv.GitHubRepo("acme/site", map[string]any{"language": "HTML"}))
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"nothing to list", nil, []string{"repos"}, 2, "say what to list: --github-org ORG, --github-user USER or --gitlab-group GROUP"},
		{"two sources", nil, []string{"repos", "--github-org", "a", "--gitlab-group", "b"}, 2, "--github-org and --gitlab-group can't be used together"},
		{"bad glob", nil, []string{"repos", "--github-org", "a", "--match", "[a"}, 2, `invalid glob "[a"`},
		{"token over plain http", map[string]string{"GITHUB_TOKEN": "ghp_x"}, []string{"repos", "--github-org", "a", "--api-url", "http://ghe.example.com/api/v3"}, 2, "refusing to send a token over plain http"},
		{"missing org", nil, []string{"repos", "--github-org", "nope", "--api-url", srv.GitHubAPI()}, 1, "GitHub org nope: not found at"},
		{"nothing kept", nil, []string{"repos", "--github-org", "acme", "--api-url", srv.GitHubAPI(), "--language", "Python"}, 1,
			`no repositories of GitHub org acme to list (1 listed; left out: 1 language)`},
		{"a wait past --max-wait", nil, []string{"repos", "--github-org", "acme", "--api-url", srv.GitHubAPI(), "--max-wait", "0"}, 1, "raise --max-wait to wait longer"},
	}
	for _, tt := range tests {
		if tt.name == "a wait past --max-wait" {
			srv.Inject(1, forgetest.GitHubSecondaryRateLimit(30))
		}
		stdout, stderr, code := runWithEnv(t, "", tt.env, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d and %q", tt.name, code, stdout, stderr, tt.code, tt.want)
		}
	}
}
