package main

import (
	"bufio"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pysurvey/pysurvey/pipeline/sources"
)

// ReposCmd prints the repo list of a GitHub organisation or user, or of a
// GitLab group and its subgroups, for `run --repos`.
type ReposCmd struct {
	GitHubOrg   string `name:"github-org" xor:"owner" help:"List the repositories of this GitHub organisation." placeholder:"ORG"`
	GitHubUser  string `name:"github-user" xor:"owner" help:"List the public repositories this GitHub user owns." placeholder:"USER"`
	GitLabGroup string `name:"gitlab-group" xor:"owner" help:"List the projects of this GitLab group (id or full path) and its subgroups." placeholder:"GROUP"`
	APIURL      string `name:"api-url" help:"REST API root: GitHub Enterprise (https://HOST/api/v3) or a self-hosted GitLab (https://HOST/api/v4). Default: api.github.com or gitlab.com." placeholder:"URL"`

	SSH             bool          `help:"Print SSH clone URLs instead of HTTPS ones."`
	IncludeArchived bool          `name:"include-archived" help:"Keep archived repositories."`
	IncludeForks    bool          `name:"include-forks" help:"Keep forks."`
	Language        []string      `help:"Keep repositories whose primary language (as the host tells it) is one of these, e.g. Python." placeholder:"LANG"`
	Topic           []string      `help:"Keep repositories that have every one of these topics." placeholder:"TOPIC"`
	Match           []string      `sep:"none" help:"Keep repositories whose name matches one of these globs (repeatable; with a '/' the glob is matched against owner/name, '**' crosses '/')." placeholder:"GLOB"`
	Exclude         []string      `sep:"none" help:"Leave out repositories whose name matches one of these globs (repeatable)." placeholder:"GLOB"`
	MaxWait         time.Duration `name:"max-wait" default:"15m" help:"Longest total time to wait for the API's rate limits; a longer wait fails at once (0: never wait)."`
}

// Run lists, filters and prints the repo list, sorted by name. Nothing is
// printed unless the whole listing succeeded.
func (c *ReposCmd) Run(env *Env) error {
	filter := sources.Filter{
		IncludeArchived: c.IncludeArchived, IncludeForks: c.IncludeForks,
		Languages: c.Language, Topics: c.Topic, Match: c.Match, Exclude: c.Exclude,
	}
	if err := filter.Check(); err != nil {
		return &exitError{code: 2, err: err}
	}
	opts := sources.APIOptions{MaxWait: c.MaxWait, UserAgent: "pysurvey/" + version, Logger: env.Logger}
	if c.MaxWait <= 0 {
		opts.MaxWait = -1
	}
	var (
		forge sources.Forge
		err   error
	)
	switch {
	case c.GitHubOrg == "" && c.GitHubUser == "" && c.GitLabGroup == "":
		return &exitError{code: 2, err: errors.New("say what to list: --github-org ORG, --github-user USER or --gitlab-group GROUP")}
	case c.GitHubOrg != "":
		forge, err = sources.NewGitHub(c.APIURL, env.Getenv("GITHUB_TOKEN"), c.GitHubOrg, false, opts)
	case c.GitHubUser != "":
		forge, err = sources.NewGitHub(c.APIURL, env.Getenv("GITHUB_TOKEN"), c.GitHubUser, true, opts)
	default:
		forge, err = sources.NewGitLab(c.APIURL, env.Getenv("GITLAB_TOKEN"), c.GitLabGroup, opts)
	}
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	listing, err := sources.ListRepos(env.Ctx, forge, sources.ListOptions{Filter: filter, SSH: c.SSH, Logger: env.Logger})
	if err != nil {
		var rl *sources.RateLimitError
		if errors.As(err, &rl) {
			return fmt.Errorf("%w (raise --max-wait to wait longer)", err)
		}
		return err
	}
	attrs := []any{"forge", forge.String(), "listed", listing.Listed, "kept", len(listing.Lines)}
	reasons := make([]string, 0, len(listing.Skipped))
	for r := range listing.Skipped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	var skipped []string
	for _, r := range reasons {
		attrs = append(attrs, "skipped_"+strings.ReplaceAll(r, " ", "_"), listing.Skipped[r])
		skipped = append(skipped, fmt.Sprintf("%d %s", listing.Skipped[r], r))
	}
	env.Logger.Info("repositories listed", attrs...)
	if len(listing.Lines) == 0 {
		left := "none left out"
		if len(skipped) > 0 {
			left = "left out: " + strings.Join(skipped, ", ")
		}
		return fmt.Errorf("no repositories of %s to list (%d listed; %s)", forge, listing.Listed, left)
	}
	w := bufio.NewWriter(env.Stdout)
	for _, l := range listing.Lines {
		fmt.Fprintln(w, l)
	}
	return w.Flush()
}
