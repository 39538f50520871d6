package sources

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
)

// Forge lists the repositories of one owner on a code host: a GitHub
// organisation or user, a GitLab group and its subgroups.
type Forge interface {
	// String names what is listed, e.g. "GitHub org acme".
	String() string
	// Repos lists every repository, unfiltered. Entries the forge
	// described unusably are kept, with Problem set.
	Repos(ctx context.Context) ([]Repo, error)
	// PrimaryLanguage returns a repository's primary language ("" for
	// none), for forges whose listing does not say (Repo.LanguageKnown).
	PrimaryLanguage(ctx context.Context, r Repo) (string, error)
}

// Repo is one repository as a forge lists it.
type Repo struct {
	// ID is the forge's id of the repository.
	ID string
	// FullName is owner/name on GitHub, group/subgroup/name on GitLab.
	FullName string
	// Name identifies the repository in the survey: the name `run`
	// derives from HTTPURL (from SSHURL when there is no HTTP URL).
	Name string
	// HTTPURL and SSHURL are the clone URLs, checked and normalized as
	// the repo list parses them; either may be empty.
	HTTPURL, SSHURL string
	// DefaultBranch is the branch a survey reads; empty when unknown.
	DefaultBranch string
	// Archived, Fork, Empty (no commits) and Disabled (no repository to
	// clone) are what the forge says.
	Archived, Fork, Empty, Disabled bool
	// Language is the host's primary language; LanguageKnown is false when
	// the listing does not carry it (GitLab).
	Language      string
	LanguageKnown bool
	// Topics are the repository's topics.
	Topics []string
	// From says where the entry was read: the page URL and its position.
	From string
	// Problem is why the entry cannot go into a repo list, if it cannot.
	Problem error
	// sshProblem is why SSHURL is empty although the forge gave one.
	sshProblem error
}

// cloneRules say which clone URLs a forge may hand out.
type cloneRules struct {
	apiHost   string // the API's host name
	allowHTTP bool   // plain http clone URLs (only when the API itself is http)
}

// setCloneURLs checks the forge's clone URLs and derives the name. An
// https URL must be on the API's host (or the host the API's "api." name
// serves, api.github.com → github.com): the repo list's HTTPS URLs are
// where `run` may send GIT_TOKEN, and a forge must not be able to point it
// elsewhere, nor at local files. SSH URLs may name any host.
func (r *Repo) setCloneURLs(httpURL, sshURL string, rules cloneRules) {
	if httpURL != "" {
		spec, err := checkCloneURL(httpURL, rules, false)
		if err != nil {
			r.Problem = fmt.Errorf("HTTP clone URL: %w", err)
			return
		}
		r.HTTPURL, r.Name = spec.CloneURL, spec.Name
	}
	if sshURL != "" {
		spec, err := checkCloneURL(sshURL, rules, true)
		switch {
		case err != nil:
			r.sshProblem = fmt.Errorf("SSH clone URL: %w", err)
		default:
			r.SSHURL = spec.CloneURL
			if r.Name == "" {
				r.Name = spec.Name
			}
		}
	}
	if r.HTTPURL == "" && r.SSHURL == "" && r.Problem == nil {
		r.Problem = errors.New("no usable clone URL")
		if r.sshProblem != nil {
			r.Problem = r.sshProblem
		}
	}
}

// checkCloneURL parses a clone URL given by a forge as the repo list does.
func checkCloneURL(raw string, rules cloneRules, ssh bool) (RepoSpec, error) {
	if err := checkListField(raw); err != nil {
		return RepoSpec{}, fmt.Errorf("%q: %w", sanitize(raw, 200), err)
	}
	spec, err := ParseSource(raw, "/")
	if err != nil {
		return RepoSpec{}, fmt.Errorf("%q: %w", sanitize(raw, 200), err)
	}
	if spec.Ref != "" || !spec.Remote() {
		return RepoSpec{}, fmt.Errorf("%q: not a plain clone URL", sanitize(raw, 200))
	}
	scheme := "scp"
	if i := strings.Index(spec.CloneURL, "://"); i > 0 {
		scheme = strings.ToLower(spec.CloneURL[:i])
	}
	switch {
	case ssh && (scheme == "ssh" || scheme == "scp"):
		return spec, nil
	case ssh:
		return RepoSpec{}, fmt.Errorf("%q: not an ssh URL", sanitize(raw, 200))
	case scheme != "https" && !(scheme == "http" && rules.allowHTTP):
		return RepoSpec{}, fmt.Errorf("%q: want an https URL", sanitize(raw, 200))
	}
	host := strings.ToLower(urlHost(spec.CloneURL))
	api := strings.ToLower(rules.apiHost)
	if host != api && "api."+host != api {
		return RepoSpec{}, fmt.Errorf("%q: not on the API's host %s; refused", sanitize(raw, 200), rules.apiHost)
	}
	return spec, nil
}

// urlHost returns the host name of a scheme://host[:port]/path URL.
func urlHost(u string) string {
	rest := u[strings.Index(u, "://")+3:]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if strings.HasPrefix(rest, "[") {
		if i := strings.IndexByte(rest, ']'); i > 0 {
			return rest[1:i]
		}
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// maxLineBytes bounds one line of the printed repo list.
const maxLineBytes = 4096

// checkListField refuses what cannot stand as one field of a repo list
// line: whitespace, control characters, a leading '#', excessive length.
func checkListField(s string) error {
	switch {
	case s == "":
		return errors.New("empty")
	case len(s) > maxLineBytes/2:
		return errors.New("too long")
	case strings.HasPrefix(s, "#"):
		return errors.New("starts with '#'")
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar }):
		return errors.New("holds whitespace or control characters")
	}
	return nil
}

// ListLine returns the repository's line in the repo list: the HTTP clone
// URL (the SSH one with ssh), pinned to the default branch with @BRANCH
// when the list format can say it unambiguously, and NAME when the source
// alone would derive another name than Name. The line is checked by
// parsing it back as `run` does.
func (r Repo) ListLine(ssh bool) (string, error) {
	if r.Problem != nil {
		return "", r.Problem
	}
	src := r.HTTPURL
	if ssh {
		if src = r.SSHURL; src == "" {
			if r.sshProblem != nil {
				return "", r.sshProblem
			}
			return "", errors.New("no SSH clone URL")
		}
	} else if src == "" {
		return "", errors.New("no HTTP clone URL (try --ssh)")
	}
	if err := checkListField(r.Name); err != nil {
		return "", fmt.Errorf("name %q: %w", sanitize(r.Name, 200), err)
	}
	source := src
	if b := r.DefaultBranch; b != "" && checkListField(b) == nil {
		if spec, err := ParseSource(src+"@"+b, "/"); err == nil && spec.Ref == b && spec.CloneURL == src {
			source = src + "@" + b
		}
	}
	line := source
	if spec, err := ParseSource(source, "/"); err != nil || spec.Name != r.Name {
		line += " " + r.Name
	}
	spec, err := readBack(line)
	if err != nil {
		return "", fmt.Errorf("its repo list line %q does not parse: %w", sanitize(line, 300), err)
	}
	if spec.CloneURL != src || spec.Name != r.Name {
		return "", fmt.Errorf("its repo list line %q does not parse back to it", sanitize(line, 300))
	}
	return line, nil
}

// readBack parses one repo list line as ParseRepoList does, without its
// 64 KiB line buffer (FuzzRepoLine checks the two agree).
func readBack(line string) (RepoSpec, error) {
	if stripComment(line) != line || strings.ContainsAny(line, "\r\n") {
		return RepoSpec{}, errors.New("not one line without a comment")
	}
	fields := strings.Fields(line)
	if len(fields) == 0 || len(fields) > 2 {
		return RepoSpec{}, fmt.Errorf("want SOURCE [NAME], got %d fields", len(fields))
	}
	spec, err := ParseSource(fields[0], "/")
	if err != nil {
		return RepoSpec{}, err
	}
	if len(fields) == 2 {
		spec.Name = fields[1]
	}
	return spec, nil
}

// Filter says which listed repositories are kept.
type Filter struct {
	// IncludeArchived and IncludeForks keep archived repositories and forks.
	IncludeArchived, IncludeForks bool
	// Languages keeps repositories whose primary language is one of these
	// (case-insensitive); empty keeps all.
	Languages []string
	// Topics keeps repositories that have every one of these topics
	// (case-insensitive).
	Topics []string
	// Match keeps repositories whose name matches one of these globs
	// (empty: all); Exclude drops those that match one of these. A glob
	// with a '/' is matched against FullName, one without against its last
	// element; '**' crosses '/'; matching ignores case.
	Match, Exclude []string
}

// Check reports a malformed glob.
func (f Filter) Check() error {
	for _, g := range slices.Concat(f.Match, f.Exclude) {
		if !doublestar.ValidatePattern(strings.ToLower(g)) {
			return fmt.Errorf("invalid glob %q", g)
		}
	}
	return nil
}

// matchName matches a glob against a repository's full name.
func matchName(glob, fullName string) bool {
	glob, name := strings.ToLower(glob), strings.ToLower(fullName)
	if !strings.Contains(glob, "/") {
		name = name[strings.LastIndexByte(name, '/')+1:]
	}
	ok, _ := doublestar.Match(glob, name)
	return ok
}

// skipReason says why the filter drops r ("" when it keeps it), leaving
// the language, which may cost a request, to the caller.
func (f Filter) skipReason(r Repo) string {
	switch {
	case r.Disabled:
		return "disabled"
	case r.Empty:
		return "empty"
	case r.Archived && !f.IncludeArchived:
		return "archived"
	case r.Fork && !f.IncludeForks:
		return "fork"
	case len(f.Match) > 0 && !slices.ContainsFunc(f.Match, func(g string) bool { return matchName(g, r.FullName) }):
		return "not matched"
	case slices.ContainsFunc(f.Exclude, func(g string) bool { return matchName(g, r.FullName) }):
		return "excluded"
	}
	for _, t := range f.Topics {
		if !slices.ContainsFunc(r.Topics, func(have string) bool { return strings.EqualFold(have, t) }) {
			return "topic"
		}
	}
	return ""
}

func (f Filter) keepsLanguage(lang string) bool {
	return len(f.Languages) == 0 || slices.ContainsFunc(f.Languages, func(l string) bool { return strings.EqualFold(l, lang) })
}

// ListOptions say what ListRepos keeps and prints.
type ListOptions struct {
	Filter
	// SSH prints SSH clone URLs instead of HTTP ones.
	SSH bool
	// Logger receives a warning for each unusable entry (default: discarded).
	Logger *slog.Logger
}

// Listing is what ListRepos found.
type Listing struct {
	// Lines is the repo list: one line per kept repository, sorted by name.
	Lines []string
	// Repos are the kept repositories, in the order of Lines.
	Repos []Repo
	// Listed counts the entries the forge listed.
	Listed int
	// Skipped counts the entries left out, by reason: disabled, empty,
	// archived, fork, not matched, excluded, topic, language, duplicate,
	// unusable.
	Skipped map[string]int
}

// ListRepos lists f's repositories and makes the repo list of those the
// filter keeps. An entry that cannot go into a repo list is logged (naming
// it and where it was read) and left out; the others are kept.
func ListRepos(ctx context.Context, f Forge, opts ListOptions) (Listing, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	repos, err := f.Repos(ctx)
	if err != nil {
		return Listing{}, fmt.Errorf("listing the repositories of %s: %w", f, err)
	}
	out := Listing{Listed: len(repos), Skipped: map[string]int{}}
	byName := map[string]Repo{}
	lines := map[string]string{}
	for _, r := range repos {
		if why := opts.skipReason(r); why != "" {
			out.Skipped[why]++
			continue
		}
		line, err := r.ListLine(opts.SSH)
		if err != nil {
			log.Warn("repository left out: unusable", "forge", f.String(), "repo", sanitize(r.FullName, 200), "from", r.From, "error", err.Error())
			out.Skipped["unusable"]++
			continue
		}
		if len(opts.Languages) > 0 {
			lang := r.Language
			if !r.LanguageKnown {
				if lang, err = f.PrimaryLanguage(ctx, r); err != nil {
					return Listing{}, fmt.Errorf("reading the languages of %s in %s: %w", r.FullName, f, err)
				}
			}
			if !opts.keepsLanguage(lang) {
				out.Skipped["language"]++
				continue
			}
		}
		if first, dup := byName[r.Name]; dup {
			if first.HTTPURL != r.HTTPURL || first.SSHURL != r.SSHURL {
				log.Warn("repository left out: its name is taken", "forge", f.String(), "repo", sanitize(r.FullName, 200),
					"name", r.Name, "taken_by", sanitize(first.FullName, 200), "from", r.From)
			}
			out.Skipped["duplicate"]++
			continue
		}
		byName[r.Name] = r
		lines[r.Name] = line
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out.Lines = append(out.Lines, lines[n])
		out.Repos = append(out.Repos, byName[n])
	}
	return out, nil
}
