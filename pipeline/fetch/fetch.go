// Package fetch makes repositories available to survey: it clones remote
// ones into a cache (or fetches into an earlier clone), finds the git
// directory of local ones, and resolves the commit to survey.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/go-git/go-billy/v5/osfs"

	"github.com/pysurvey/pysurvey/pipeline/sources"
)

// objectCacheBytes bounds the delta-base cache of each open repository
// handle; the pipeline holds one handle per worker and active repository.
const objectCacheBytes = 32 << 20

// Credentials are the HTTPS tokens taken from the environment. They are
// only ever sent to git servers, never stored or logged.
type Credentials struct {
	// GitHubToken (GITHUB_TOKEN) is sent to github.com only.
	GitHubToken string
	// GitToken (GIT_TOKEN) is sent to any HTTPS host.
	GitToken string
}

// CredentialsFromEnv reads GITHUB_TOKEN and GIT_TOKEN through getenv.
func CredentialsFromEnv(getenv func(string) string) Credentials {
	return Credentials{GitHubToken: getenv("GITHUB_TOKEN"), GitToken: getenv("GIT_TOKEN")}
}

// auth returns the HTTPS credentials for a clone URL, or nil.
func (c Credentials) auth(cloneURL string) transport.AuthMethod {
	u, err := url.Parse(cloneURL)
	if err != nil || u.Scheme != "https" {
		return nil
	}
	token := c.GitToken
	if h := strings.ToLower(u.Hostname()); c.GitHubToken != "" && (h == "github.com" || strings.HasSuffix(h, ".github.com")) {
		token = c.GitHubToken
	}
	if token == "" {
		return nil
	}
	return &http.BasicAuth{Username: "x-access-token", Password: token}
}

// userinfoPattern matches the userinfo part of URLs inside free text.
var userinfoPattern = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@`)

// Redact removes URL userinfo and the tokens from a message.
func (c Credentials) Redact(msg string) string {
	msg = userinfoPattern.ReplaceAllString(msg, "$1")
	for _, t := range []string{c.GitHubToken, c.GitToken} {
		if len(t) >= 4 {
			msg = strings.ReplaceAll(msg, t, "[REDACTED]")
		}
	}
	return msg
}

// Fetcher prepares repositories: it clones remote ones into the cache (or
// fetches into an earlier clone) and finds the git directory of local ones.
type Fetcher struct {
	cacheDir string
	creds    Credentials

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// New returns a Fetcher that keeps clones under cacheDir and authenticates
// HTTPS remotes with creds.
func New(cacheDir string, creds Credentials) *Fetcher {
	return &Fetcher{cacheDir: cacheDir, creds: creds, locks: map[string]*sync.Mutex{}}
}

// lock serialises work on one cache directory within the process.
func (f *Fetcher) lock(dir string) func() {
	f.mu.Lock()
	l, ok := f.locks[dir]
	if !ok {
		l = &sync.Mutex{}
		f.locks[dir] = l
	}
	f.mu.Unlock()
	l.Lock()
	return l.Unlock
}

// Prepare makes the repository available locally and returns its git
// directory, the commit to survey, and the closer of the handle the
// commit was read through (the caller closes it when done with the commit).
func (f *Fetcher) Prepare(ctx context.Context, spec sources.RepoSpec) (string, *object.Commit, io.Closer, error) {
	gitDir := filepath.Join(f.cacheDir, cacheKey(spec))
	if spec.Remote() {
		if err := f.update(ctx, spec, gitDir); err != nil {
			return "", nil, nil, err
		}
	} else {
		var err error
		if gitDir, err = findGitDir(spec.Path); err != nil {
			return "", nil, nil, err
		}
	}
	repo, closer, err := OpenRepository(gitDir, 0)
	if err != nil {
		return "", nil, nil, err
	}
	c, err := resolveCommit(repo, spec.Ref)
	if err != nil {
		closer.Close()
		return "", nil, nil, err
	}
	return gitDir, c, closer, nil
}

// update clones or fetches a remote repository into its cache directory,
// holding the directory's locks: one within this process, one (a file
// beside the directory) across the processes that share the cache.
func (f *Fetcher) update(ctx context.Context, spec sources.RepoSpec, gitDir string) error {
	unlock := f.lock(gitDir)
	defer unlock()
	if err := os.MkdirAll(filepath.Dir(gitDir), 0o755); err != nil {
		return fmt.Errorf("creating cache: %w", err)
	}
	unlockFile, err := lockFile(ctx, gitDir+".lock")
	if err != nil {
		return err
	}
	defer unlockFile()
	return f.cloneOrFetch(ctx, spec, gitDir)
}

// cacheKey names a remote repository's clone in the cache: the URL
// without credentials, made into a path, and the ref.
func cacheKey(spec sources.RepoSpec) string {
	key := strings.NewReplacer("://", "/", ":", "/", "@", "_").Replace(spec.Source)
	key = strings.Trim(filepath.Clean("/"+key), "/")
	if spec.Ref != "" {
		key += "@" + strings.ReplaceAll(spec.Ref, "/", "%2F")
	}
	return key + ".git"
}

var fullHash = regexp.MustCompile(`^[0-9a-f]{40}$`)

// cloneOrFetch clones shallowly into dir, or fetches into an earlier clone.
// The caller (update) has made dir's parent and holds its locks.
func (f *Fetcher) cloneOrFetch(ctx context.Context, spec sources.RepoSpec, dir string) error {
	auth := f.creds.auth(spec.CloneURL)
	if _, err := os.Stat(filepath.Join(dir, "HEAD")); err == nil {
		repo, err := git.PlainOpen(dir)
		if err == nil {
			if err = f.fetch(ctx, repo, spec, auth); err == nil {
				return nil
			}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("fetching: %w", context.Cause(ctx))
		}
		// A clone we cannot use or update is started again.
		if rmErr := os.RemoveAll(dir); rmErr != nil {
			return fmt.Errorf("removing stale clone: %w", rmErr)
		}
	}
	if err := f.clone(ctx, spec, dir, auth); err != nil {
		os.RemoveAll(dir)
		return err
	}
	return nil
}

func (f *Fetcher) clone(ctx context.Context, spec sources.RepoSpec, dir string, auth transport.AuthMethod) error {
	if fullHash.MatchString(spec.Ref) {
		repo, err := git.PlainInit(dir, true)
		if err != nil {
			return fmt.Errorf("initialising clone: %w", err)
		}
		if _, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{spec.CloneURL}}); err != nil {
			return fmt.Errorf("initialising clone: %w", err)
		}
		err = f.fetch(ctx, repo, spec, auth, 1)
		if err == nil || ctx.Err() != nil {
			return err
		}
		// Servers that refuse fetching a commit by hash get a full clone,
		// in which the commit is looked up.
		os.RemoveAll(dir)
		_, err = git.PlainCloneContext(ctx, dir, true, &git.CloneOptions{URL: spec.CloneURL, Auth: auth, Tags: git.AllTags, NoCheckout: true})
		if err != nil {
			return fmt.Errorf("cloning: %w", err)
		}
		return nil
	}
	opts := &git.CloneOptions{URL: spec.CloneURL, Auth: auth, Depth: 1, SingleBranch: true, Tags: git.NoTags, NoCheckout: true}
	names := []plumbing.ReferenceName{""}
	if spec.Ref != "" {
		names = []plumbing.ReferenceName{plumbing.NewBranchReferenceName(spec.Ref), plumbing.NewTagReferenceName(spec.Ref)}
	}
	var err error
	for _, name := range names {
		os.RemoveAll(dir)
		opts.ReferenceName = name
		if _, err = git.PlainCloneContext(ctx, dir, true, opts); err == nil || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("cloning: %w", err)
	}
	return nil
}

// fetch updates an earlier clone's pinned ref. It fetches without a depth
// (a depth fetch would download everything again) unless depth is given.
func (f *Fetcher) fetch(ctx context.Context, repo *git.Repository, spec sources.RepoSpec, auth transport.AuthMethod, depth ...int) error {
	var spec0 config.RefSpec
	switch {
	case fullHash.MatchString(spec.Ref):
		if _, err := repo.CommitObject(plumbing.NewHash(spec.Ref)); err == nil {
			return nil // a commit never changes
		}
		spec0 = config.RefSpec(spec.Ref + ":refs/pysurvey/pinned")
	default:
		head, err := repo.Reference(plumbing.HEAD, false)
		if err != nil {
			return fmt.Errorf("reading HEAD of clone: %w", err)
		}
		target := head.Target()
		if head.Type() != plumbing.SymbolicReference {
			target = plumbing.NewTagReferenceName(spec.Ref)
		}
		spec0 = config.RefSpec(fmt.Sprintf("+%s:%s", target, target))
	}
	opts := &git.FetchOptions{RemoteName: "origin", RefSpecs: []config.RefSpec{spec0}, Auth: auth, Tags: git.NoTags, Force: true}
	if len(depth) > 0 {
		opts.Depth = depth[0]
	}
	err := repo.FetchContext(ctx, opts)
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return fmt.Errorf("fetching: %w", err)
	}
	return nil
}

// findGitDir returns the git directory of a local repository: path itself
// when bare, path/.git for a work tree, or where a .git file points.
func findGitDir(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is named once, here
		}
		return "", fmt.Errorf("opening %s: %w", path, err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("opening %s: not a directory", path)
	}
	dotGit := filepath.Join(path, ".git")
	if fi, err := os.Stat(dotGit); err == nil {
		if fi.IsDir() {
			return dotGit, nil
		}
		b, err := os.ReadFile(dotGit)
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", dotGit, err)
		}
		target, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir:")
		if !ok {
			return "", fmt.Errorf("%s: not a gitdir file", dotGit)
		}
		target = strings.TrimSpace(target)
		if !filepath.IsAbs(target) {
			target = filepath.Join(path, target)
		}
		return target, nil
	}
	if _, err := os.Stat(filepath.Join(path, "HEAD")); err == nil {
		return path, nil
	}
	return "", fmt.Errorf("opening %s: not a git repository", path)
}

// OpenRepository opens a git directory with a bounded object cache. Each
// goroutine opens its own: a go-git Repository is not safe to share.
// Objects over largeObject bytes (when positive) are not loaded into
// memory until read. The returned closer releases the pack files it keeps open.
func OpenRepository(gitDir string, largeObject int64) (*git.Repository, io.Closer, error) {
	opts := filesystem.Options{KeepDescriptors: true, LargeObjectThreshold: largeObject}
	st := filesystem.NewStorageWithOptions(osfs.New(gitDir), cache.NewObjectLRU(objectCacheBytes), opts)
	repo, err := git.Open(st, nil)
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("opening git directory: %w", err)
	}
	return repo, st, nil
}

// resolveCommit finds the commit to survey: HEAD, or ref as a branch, tag,
// remote-tracking branch or (abbreviated) hash.
func resolveCommit(repo *git.Repository, ref string) (*object.Commit, error) {
	if ref == "" {
		head, err := repo.Head()
		if err != nil {
			return nil, fmt.Errorf("resolving HEAD: %w", err)
		}
		c, err := repo.CommitObject(head.Hash())
		if err != nil {
			return nil, fmt.Errorf("reading HEAD commit %s: %w", head.Hash(), err)
		}
		return c, nil
	}
	if fullHash.MatchString(ref) {
		c, err := repo.CommitObject(plumbing.NewHash(ref))
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", ref, err)
		}
		return c, nil
	}
	h, err := repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		return nil, fmt.Errorf("resolving ref %q: %w", ref, err)
	}
	c, err := repo.CommitObject(*h)
	if err != nil {
		// An annotated tag points at a tag object.
		if tag, terr := repo.TagObject(*h); terr == nil {
			if c, cerr := tag.Commit(); cerr == nil {
				return c, nil
			}
		}
		return nil, fmt.Errorf("reading commit of ref %q: %w", ref, err)
	}
	return c, nil
}
