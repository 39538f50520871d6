// Package sources says which repositories a survey covers: the repo list
// (one SOURCE[@REF] [NAME] a line) and the specs parsed from it.
package sources

import (
	"bufio"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/pysurvey/pysurvey/schema"
)

// RepoSpec is one entry of the repo list.
type RepoSpec struct {
	// Line is the entry's line number in the list (0 when not from a list).
	Line int
	// Name identifies the repository in every table.
	Name string
	// Source is where the repository comes from, without credentials or
	// @REF; this is what is stored and logged. A local path is escaped
	// like file paths (schema.EscapePath); Path holds its bytes.
	Source string
	// Ref is the branch, tag or commit pinned with @REF; empty for HEAD.
	Ref string
	// CloneURL is the URL to clone for remote sources (a user name may be
	// kept for ssh); empty for local paths.
	CloneURL string
	// Path is the local repository's path for local sources.
	Path string
}

// Remote reports whether the repository is cloned rather than opened in place.
func (s RepoSpec) Remote() bool { return s.CloneURL != "" }

// ParseRepoList reads a repo list: one `SOURCE [NAME]` a line, `#` starts
// a comment, blank lines are skipped, a leading UTF-8 byte-order mark is
// dropped. Relative local paths are taken relative to baseDir. All
// malformed lines and duplicate names are reported together, each naming
// its line numbers.
//
// A NAME, a URL, an scp-style address and a @REF must be UTF-8 text
// without control characters: they are stored and compared as text, and
// a list saved in Latin-1 or cp1252 is better refused than surveyed under
// names nobody typed. A local path is taken byte for byte, as the system
// names it: it is opened as it is and stored, with the name derived from
// it, escaped like file paths (schema.EscapePath).
func ParseRepoList(r io.Reader, baseDir string) ([]RepoSpec, error) {
	var (
		specs  []RepoSpec
		errs   []error
		byName = map[string]int{}
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if n == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		line := stripComment(text)
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) > 2 {
			errs = append(errs, fmt.Errorf("line %d: want SOURCE [NAME], got %d fields", n, len(fields)))
			continue
		}
		spec, err := ParseSource(fields[0], baseDir)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", n, err))
			continue
		}
		spec.Line = n
		if len(fields) == 2 {
			if err := checkText(fields[1]); err != nil {
				errs = append(errs, fmt.Errorf("line %d: NAME %q: %w", n, fields[1], err))
				continue
			}
			spec.Name = fields[1]
		}
		if first, dup := byName[spec.Name]; dup {
			errs = append(errs, fmt.Errorf("line %d: name %q already used on line %d", n, spec.Name, first))
			continue
		}
		byName[spec.Name] = n
		specs = append(specs, spec)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("reading repo list: %w", err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return specs, nil
}

// stripComment drops a comment: a '#' at the start of the line or after whitespace.
func stripComment(line string) string {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}

// ParseSource parses one SOURCE of the repo list: an https, http, ssh,
// git or file URL, an scp-style address (user@host:path), or a local path,
// each with an optional @REF suffix. The name is derived from it.
func ParseSource(source, baseDir string) (RepoSpec, error) {
	if i := strings.Index(source, "://"); i > 0 {
		if err := checkText(source); err != nil {
			return RepoSpec{}, fmt.Errorf("URL %q: %w", source, err)
		}
		return parseURL(source)
	}
	if isSCP(source) {
		if err := checkText(source); err != nil {
			return RepoSpec{}, fmt.Errorf("address %q: %w", source, err)
		}
		return parseSCP(source)
	}
	return parseLocal(source, baseDir)
}

// checkText reports why a field of the list is not UTF-8 text without
// control characters.
func checkText(s string) error {
	if err := schema.CheckText(s); err != nil {
		return fmt.Errorf("%w (save the list as UTF-8)", err)
	}
	if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
		return fmt.Errorf("control character %U at offset %d", []rune(s[i:])[0], i)
	}
	return nil
}

func parseURL(source string) (RepoSpec, error) {
	scheme := strings.ToLower(source[:strings.Index(source, "://")])
	switch scheme {
	case "https", "http", "ssh", "git", "file":
	default:
		return RepoSpec{}, fmt.Errorf("unsupported URL scheme %q (want https, http, ssh, git or file)", scheme)
	}
	u, err := url.Parse(source)
	if err != nil {
		return RepoSpec{}, fmt.Errorf("malformed URL: %v", redactURLError(err))
	}
	if _, hasPassword := u.User.Password(); hasPassword {
		return RepoSpec{}, errors.New("credentials in a URL are not accepted: set GITHUB_TOKEN or GIT_TOKEN instead")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return RepoSpec{}, errors.New("a repository URL takes no query or fragment")
	}
	path, ref, err := splitRef(u.Path)
	if err != nil {
		return RepoSpec{}, err
	}
	u.Path, u.RawPath = path, ""
	if scheme != "file" && u.Host == "" {
		return RepoSpec{}, errors.New("URL has no host")
	}
	if strings.Trim(path, "/") == "" {
		return RepoSpec{}, errors.New("URL has no repository path")
	}
	user := u.User
	u.User = nil
	spec := RepoSpec{Source: u.String(), Ref: ref}
	if scheme == "ssh" && user != nil {
		u.User = url.User(user.Username())
	}
	spec.CloneURL = u.String()
	// The path is percent-decoded: %E9 gives a byte that is no UTF-8, escaped in the name.
	if scheme == "file" {
		spec.Name = schema.EscapePath(dirName(filepath.Clean(path)))
	} else {
		spec.Name = schema.EscapePath(u.Hostname() + "/" + trimGit(strings.Trim(path, "/")))
	}
	return spec, nil
}

// isSCP reports whether source is scp-style: a ':' before any '/'.
func isSCP(source string) bool {
	colon := strings.IndexByte(source, ':')
	slash := strings.IndexByte(source, '/')
	return colon > 0 && (slash < 0 || colon < slash)
}

func parseSCP(source string) (RepoSpec, error) {
	colon := strings.IndexByte(source, ':')
	userHost, path := source[:colon], source[colon+1:]
	user, host := "", userHost
	if at := strings.LastIndexByte(userHost, '@'); at >= 0 {
		user, host = userHost[:at], userHost[at+1:]
	}
	if host == "" || strings.ContainsAny(user, ":") {
		return RepoSpec{}, errors.New("malformed scp-style address (want user@host:path)")
	}
	path, ref, err := splitRef(path)
	if err != nil {
		return RepoSpec{}, err
	}
	if strings.Trim(path, "/") == "" {
		return RepoSpec{}, errors.New("address has no repository path")
	}
	spec := RepoSpec{Source: host + ":" + path, Ref: ref, CloneURL: host + ":" + path}
	if user != "" {
		spec.CloneURL = user + "@" + spec.CloneURL
	}
	spec.Name = host + "/" + trimGit(strings.Trim(path, "/"))
	return spec, nil
}

func parseLocal(source, baseDir string) (RepoSpec, error) {
	path, ref, err := splitRef(source)
	if err != nil {
		return RepoSpec{}, err
	}
	if strings.IndexByte(path, 0) >= 0 {
		return RepoSpec{}, fmt.Errorf("path %q holds a NUL byte", path)
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(baseDir, path)
	}
	path = filepath.Clean(path)
	return RepoSpec{Source: schema.EscapePath(path), Ref: ref, Path: path, Name: schema.EscapePath(dirName(path))}, nil
}

// splitRef splits an optional @REF suffix off the path part of a source.
func splitRef(path string) (string, string, error) {
	at := strings.LastIndexByte(path, '@')
	if at < 0 {
		return path, "", nil
	}
	ref := path[at+1:]
	if ref == "" {
		return "", "", errors.New("empty @REF")
	}
	if strings.ContainsAny(ref, " \t~^:?*[\\") || strings.Contains(ref, "..") {
		return "", "", fmt.Errorf("invalid ref %q", ref)
	}
	if err := checkText(ref); err != nil {
		return "", "", fmt.Errorf("ref %q: %w", ref, err)
	}
	return path[:at], ref, nil
}

// dirName derives a repository's name from its directory: the last
// component without .git, the one above for a .git directory, and, for a
// path that gives none (/, /.git), "repo" (a NAME on the line says better).
func dirName(path string) string {
	base := filepath.Base(path)
	if base == ".git" {
		base = filepath.Base(filepath.Dir(path))
	}
	if name := trimGit(base); name != "" && name != "/" && name != "." {
		return name
	}
	return "repo"
}

func trimGit(name string) string {
	return strings.TrimSuffix(name, ".git")
}

// redactURLError drops the URL text from a url.Error, which may hold credentials.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// ShardOf is the shard, of shards, that a repository falls in: the FNV-1a
// hash of its name modulo shards. It depends on the name alone, so every
// shard of a run agrees whatever the order or the rest of the list.
func ShardOf(name string, shards int) int {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int(h.Sum64() % uint64(shards))
}
