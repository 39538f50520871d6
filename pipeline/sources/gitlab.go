package sources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// GitLabAPI is the REST API root of gitlab.com. A self-hosted GitLab's is
// https://HOST/api/v4.
const GitLabAPI = "https://gitlab.com/api/v4"

// GitLab lists the projects of a GitLab group and its subgroups through
// the REST API: GET /groups/:id/projects with include_subgroups=true, 100 a
// page, following x-next-page (or the Link header's rel="next" where
// x-next-page is missing). Neither needs the totals headers, which GitLab
// leaves out past 10,000 records.
type GitLab struct {
	api   *apiClient
	group string
	rules cloneRules
}

// NewGitLab returns a lister of group's projects (group is a numeric id or
// a full path such as acme/platform) at apiURL (GitLabAPI when empty; a
// URL without a path gets /api/v4). token (GITLAB_TOKEN; may be empty) is
// sent to apiURL's host only.
func NewGitLab(apiURL, token, group string, opts APIOptions) (*GitLab, error) {
	if apiURL == "" {
		apiURL = GitLabAPI
	}
	group = strings.Trim(group, "/")
	if group == "" || strings.ContainsAny(group, "?#% \t") {
		return nil, fmt.Errorf("invalid GitLab group %q", group)
	}
	api, err := newAPI(apiURL, token, func(h http.Header, t string) { h.Set("PRIVATE-TOKEN", t) }, "application/json", opts)
	if err != nil {
		return nil, err
	}
	if api.base.Path == "" {
		api.base.Path = "/api/v4"
	}
	return &GitLab{api: api, group: group,
		rules: cloneRules{apiHost: api.base.Hostname(), allowHTTP: api.base.Scheme == "http"}}, nil
}

func (g *GitLab) String() string { return "GitLab group " + g.group }

// glProject holds the fields of GitLab's project object that matter here.
type glProject struct {
	ID                    int64           `json:"id"`
	PathWithNamespace     string          `json:"path_with_namespace"`
	HTTPURL               string          `json:"http_url_to_repo"`
	SSHURL                string          `json:"ssh_url_to_repo"`
	DefaultBranch         *string         `json:"default_branch"`
	Archived              bool            `json:"archived"`
	ForkedFrom            json.RawMessage `json:"forked_from_project"`
	Topics                []string        `json:"topics"`
	TagList               []string        `json:"tag_list"` // topics before GitLab 14.5
	EmptyRepo             bool            `json:"empty_repo"`
	RepositoryAccessLevel string          `json:"repository_access_level"`
}

// Repos lists every project of the group and its subgroups, oldest first,
// leaving out projects merely shared with the group.
func (g *GitLab) Repos(ctx context.Context) ([]Repo, error) {
	first, err := url.Parse(fmt.Sprintf("%s/groups/%s/projects?include_subgroups=true&with_shared=false&order_by=id&sort=asc&per_page=100",
		g.api.base, url.PathEscape(g.group)))
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

// next follows x-next-page: empty on the last page, else the number of
// the next. It is relative to the request, so a GitLab whose Link header
// names another host (a misconfigured external_url) still pages. Without
// the header, the Link header's rel="next" is followed.
func (g *GitLab) next(p page) (*url.URL, error) {
	if vs := p.header.Values("X-Next-Page"); len(vs) > 0 {
		v := strings.TrimSpace(vs[0])
		if v == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(v)
		current, _ := strconv.Atoi(p.url.Query().Get("page"))
		if err != nil || n <= max(current, 1) {
			return nil, fmt.Errorf("GET %s: x-next-page %q is not a page after this one", p.url, sanitize(v, 40))
		}
		next := *p.url
		q := next.Query()
		q.Set("page", strconv.Itoa(n))
		next.RawQuery = q.Encode()
		return &next, nil
	}
	link, err := NextLink(p.header.Values("Link"))
	if err != nil || link == "" {
		if err != nil {
			err = fmt.Errorf("GET %s: %w", p.url, err)
		}
		return nil, err
	}
	return g.api.nextPage(p.url, link)
}

func (g *GitLab) repo(elem json.RawMessage, from string) Repo {
	var gp glProject
	if err := json.Unmarshal(elem, &gp); err != nil {
		return Repo{FullName: fullNameOf(elem), From: from, Problem: fmt.Errorf("not a project object: %v", err)}
	}
	topics := gp.Topics
	if topics == nil {
		topics = gp.TagList
	}
	r := Repo{
		ID:       strconv.FormatInt(gp.ID, 10),
		FullName: gp.PathWithNamespace,
		Archived: gp.Archived,
		Fork:     len(gp.ForkedFrom) > 0 && string(gp.ForkedFrom) != "null",
		Empty:    gp.EmptyRepo || gp.DefaultBranch == nil,
		Disabled: gp.RepositoryAccessLevel == "disabled",
		Topics:   topics,
		From:     from,
	}
	if gp.DefaultBranch != nil {
		r.DefaultBranch = *gp.DefaultBranch
	}
	r.setCloneURLs(gp.HTTPURL, gp.SSHURL, g.rules)
	return r
}

// PrimaryLanguage asks GET /projects/:id/languages (the listing carries no
// language) and returns the language with the largest share.
func (g *GitLab) PrimaryLanguage(ctx context.Context, r Repo) (string, error) {
	u, err := url.Parse(fmt.Sprintf("%s/projects/%s/languages", g.api.base, url.PathEscape(r.ID)))
	if err != nil {
		return "", err
	}
	var shares map[string]float64
	if _, err := g.api.get(ctx, u, &shares); err != nil {
		return "", err
	}
	names := make([]string, 0, len(shares))
	for n := range shares {
		names = append(names, n)
	}
	sort.Strings(names)
	best := ""
	for _, n := range names {
		if best == "" || shares[n] > shares[best] {
			best = n
		}
	}
	return best, nil
}

// explain turns the API's errors into what a user can act on.
func (g *GitLab) explain(err error) error {
	var ae *APIError
	if !errors.As(err, &ae) {
		return err
	}
	switch ae.Status {
	case http.StatusNotFound:
		hint := "or the token cannot see it"
		if g.api.token == "" {
			hint = "or it is private: set GITLAB_TOKEN"
		}
		return fmt.Errorf("not found at %s (%s): %w", g.api.base, hint, err)
	case http.StatusUnauthorized:
		if g.api.token == "" {
			return fmt.Errorf("%s needs a token: set GITLAB_TOKEN: %w", g.api.base.Host, err)
		}
		return fmt.Errorf("%s rejected the token in GITLAB_TOKEN (expired or revoked?): %w", g.api.base.Host, err)
	case http.StatusForbidden:
		return fmt.Errorf("%s refused the listing (the token needs the read_api scope): %w", g.api.base.Host, err)
	}
	return err
}
