package sources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// GitHubAPI is the REST API root of github.com. GitHub Enterprise Server's
// is https://HOST/api/v3.
const GitHubAPI = "https://api.github.com"

// GitHub lists the repositories of a GitHub organisation or user through
// the REST API: GET /orgs/{org}/repos or /users/{user}/repos, 100 a page,
// following the Link header's rel="next".
type GitHub struct {
	api   *apiClient
	owner string
	user  bool
	rules cloneRules
}

// NewGitHub returns a lister of owner's repositories (a user's when user
// is set, else an organisation's) at apiURL (GitHubAPI when empty). token
// (GITHUB_TOKEN; may be empty) is sent to apiURL's host only.
func NewGitHub(apiURL, token, owner string, user bool, opts APIOptions) (*GitHub, error) {
	if apiURL == "" {
		apiURL = GitHubAPI
	}
	if owner == "" || strings.ContainsAny(owner, "/?#% \t") {
		return nil, fmt.Errorf("invalid GitHub owner name %q", owner)
	}
	api, err := newAPI(apiURL, token, func(h http.Header, t string) { h.Set("Authorization", "Bearer "+t) }, "application/vnd.github+json", opts)
	if err != nil {
		return nil, err
	}
	return &GitHub{api: api, owner: owner, user: user,
		rules: cloneRules{apiHost: api.base.Hostname(), allowHTTP: api.base.Scheme == "http"}}, nil
}

func (g *GitHub) String() string {
	if g.user {
		return "GitHub user " + g.owner
	}
	return "GitHub org " + g.owner
}

// ghRepo holds the fields of GitHub's repository object that matter here.
type ghRepo struct {
	ID            int64    `json:"id"`
	FullName      string   `json:"full_name"`
	CloneURL      string   `json:"clone_url"`
	SSHURL        string   `json:"ssh_url"`
	DefaultBranch string   `json:"default_branch"`
	Archived      bool     `json:"archived"`
	Disabled      bool     `json:"disabled"`
	Fork          bool     `json:"fork"`
	Language      *string  `json:"language"`
	Topics        []string `json:"topics"`
	Size          int64    `json:"size"`
}

// Repos lists every repository of the owner, oldest first (so that a
// repository made while listing lands on the last page).
func (g *GitHub) Repos(ctx context.Context) ([]Repo, error) {
	kind, query := "orgs", "type=all"
	if g.user {
		kind, query = "users", "type=owner"
	}
	first, err := url.Parse(fmt.Sprintf("%s/%s/%s/repos?%s&sort=created&direction=asc&per_page=100",
		g.api.base, kind, url.PathEscape(g.owner), query))
	if err != nil {
		return nil, err
	}
	var repos []Repo
	err = g.api.eachPage(ctx, first, g.next, func(elem json.RawMessage, from string) {
		repos = append(repos, g.repo(elem, from))
	})
	if err != nil {
		return nil, g.explain(err)
	}
	return repos, nil
}

// next follows the Link header's rel="next".
func (g *GitHub) next(p page) (*url.URL, error) {
	link, err := NextLink(p.header.Values("Link"))
	if err != nil || link == "" {
		if err != nil {
			err = fmt.Errorf("GET %s: %w", p.url, err)
		}
		return nil, err
	}
	return g.api.nextPage(p.url, link)
}

func (g *GitHub) repo(elem json.RawMessage, from string) Repo {
	var gr ghRepo
	if err := json.Unmarshal(elem, &gr); err != nil {
		return Repo{FullName: fullNameOf(elem), From: from, Problem: fmt.Errorf("not a repository object: %v", err)}
	}
	r := Repo{
		ID:            strconv.FormatInt(gr.ID, 10),
		FullName:      gr.FullName,
		DefaultBranch: gr.DefaultBranch,
		Archived:      gr.Archived,
		Fork:          gr.Fork,
		Disabled:      gr.Disabled,
		Empty:         gr.Size == 0, // GitHub reports an empty repository as size 0
		LanguageKnown: true,
		Topics:        gr.Topics,
		From:          from,
	}
	if gr.Language != nil {
		r.Language = *gr.Language
	}
	r.setCloneURLs(gr.CloneURL, gr.SSHURL, g.rules)
	return r
}

// PrimaryLanguage returns GitHub's language field, which the listing carries.
func (g *GitHub) PrimaryLanguage(_ context.Context, r Repo) (string, error) {
	return r.Language, nil
}

// explain turns the API's errors into what a user can act on.
func (g *GitHub) explain(err error) error {
	var ae *APIError
	if !errors.As(err, &ae) {
		return err
	}
	switch ae.Status {
	case http.StatusNotFound:
		hint := "or the token cannot see it"
		if g.api.token == "" {
			hint = "or it is private: set GITHUB_TOKEN"
		}
		if !g.user {
			hint += "; a user account is listed with --github-user"
		}
		return fmt.Errorf("not found at %s (%s): %w", g.api.base, hint, err)
	case http.StatusUnauthorized:
		if g.api.token == "" {
			return fmt.Errorf("%s needs a token: set GITHUB_TOKEN: %w", g.api.base.Host, err)
		}
		return fmt.Errorf("%s rejected the token in GITHUB_TOKEN (expired or revoked?): %w", g.api.base.Host, err)
	case http.StatusForbidden:
		return fmt.Errorf("%s refused the listing (the token may lack access to the organisation, or SSO authorization): %w", g.api.base.Host, err)
	}
	return err
}

// fullNameOf digs a name out of an entry that does not decode, to name it.
func fullNameOf(elem json.RawMessage) string {
	var named struct {
		FullName          any `json:"full_name"`
		PathWithNamespace any `json:"path_with_namespace"`
	}
	if json.Unmarshal(elem, &named) != nil {
		return "(not an object)"
	}
	for _, v := range []any{named.FullName, named.PathWithNamespace} {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	return "(unnamed)"
}
