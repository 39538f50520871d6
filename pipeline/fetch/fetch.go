// Package fetch makes repositories available to survey: it clones remote
// ones into a cache (or fetches into an earlier clone), finds the git
// directory of local ones, and resolves the commit to survey.
//
// Remote input is parsed in fetch processes (see RunIfChild): no server,
// however it lies, can take the survey down; its repository fails, with
// a clear reason, and the survey goes on.
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/go-git/go-billy/v5/osfs"

	"github.com/pysurvey/pysurvey/pipeline/gitpack"
	"github.com/pysurvey/pysurvey/pipeline/sources"
)

// objectCacheBytes bounds the delta-base cache of each open repository
// handle; the pipeline holds one handle per worker and active repository.
const objectCacheBytes = 32 << 20

// Defaults of Options.
const (
	// DefaultMaxRepoSize bounds what one repository's fetch may download:
	// far more than the packed snapshot of any Python repository (the
	// Linux kernel's, at depth 1, is ~250 MB), little enough that a
	// server sending without end cannot fill the cache's disk.
	DefaultMaxRepoSize = 2 << 30
	// DefaultFetchMemory bounds the resident memory of each fetch
	// process; fetching holds delta bases of up to an eighth of it.
	DefaultFetchMemory = 1 << 30
	// DefaultRetryWait is the wait before the first retry; each further
	// one waits twice as long, with jitter, up to maxRetryWait.
	DefaultRetryWait = time.Second
)

// maxRetryWait bounds the wait between two attempts.
const maxRetryWait = time.Minute

// maxCommitSize bounds the commit and tag objects read to find the
// commit to survey (real ones are a few KiB).
const maxCommitSize = 16 << 20

// Options configure a Fetcher.
type Options struct {
	// CacheDir holds the clones of remote repositories.
	CacheDir string
	// Credentials authenticate to servers and check them.
	Credentials Credentials
	// Retries is how many times a transient failure (a connection refused,
	// reset or timed out, HTTP 5xx or 429, a stream cut short) is retried,
	// within the repository's deadline; 0 retries none.
	Retries int
	// RetryWait is the wait before the first retry (default 1s).
	RetryWait time.Duration
	// MaxRepoSize bounds the bytes one repository's fetch may download
	// (default DefaultMaxRepoSize).
	MaxRepoSize int64
	// FetchMemory bounds each fetch process's resident memory (default
	// DefaultFetchMemory).
	FetchMemory int64
	// Logger is told of retries; nil discards.
	Logger *slog.Logger
	// FirstParents, when set, remembers the histories PrepareAt walks, for
	// the next survey of the same repositories at another date (the points
	// of a backfill).
	FirstParents *FirstParents
}

// Fetcher prepares repositories: it clones remote ones into the cache (or
// fetches into an earlier clone), each fetch in a process of its own, and
// finds the git directory of local ones.
type Fetcher struct {
	opts Options

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// New returns a Fetcher.
func New(opts Options) *Fetcher {
	if opts.MaxRepoSize <= 0 {
		opts.MaxRepoSize = DefaultMaxRepoSize
	}
	if opts.FetchMemory <= 0 {
		opts.FetchMemory = DefaultFetchMemory
	}
	if opts.RetryWait <= 0 {
		opts.RetryWait = DefaultRetryWait
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Fetcher{opts: opts, locks: map[string]*sync.Mutex{}}
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

// Prepared is a repository made available locally.
type Prepared struct {
	// GitDir is its git directory.
	GitDir string
	// Commit is the commit to survey.
	Commit *object.Commit
	// Closer closes the handle the commit was read through; the caller
	// closes it when done with the commit.
	Closer io.Closer
	// Attempts counts the fetches tried: 0 for a local repository, 1
	// when the first succeeded. It is set when Prepare fails too.
	Attempts int
}

// Prepare makes the repository available locally and resolves the commit
// to survey. A remote repository's failure is that repository's error,
// whatever its server did; credentials never appear in it.
func (f *Fetcher) Prepare(ctx context.Context, spec sources.RepoSpec) (Prepared, error) {
	p, _, err := f.prepare(ctx, spec)
	return p, err
}

// prepare is Prepare, returning the repository the commit was read from
// too (closed by p.Closer).
func (f *Fetcher) prepare(ctx context.Context, spec sources.RepoSpec) (p Prepared, repo *git.Repository, err error) {
	if spec.Remote() {
		p.GitDir = filepath.Join(f.opts.CacheDir, cacheKey(spec))
		if p.Attempts, err = f.update(ctx, spec, p.GitDir); err != nil {
			return p, nil, err
		}
	} else if p.GitDir, err = findGitDir(spec.Path); err != nil {
		return p, nil, err
	}
	var closer io.Closer
	repo, closer, err = OpenRepository(p.GitDir, 0)
	if err != nil {
		return p, nil, err
	}
	if spec.Remote() {
		if err := checkOrigin(repo, spec.CloneURL, spec.Ref); err != nil {
			closer.Close()
			return p, nil, err
		}
	}
	if p.Commit, err = resolveCommit(repo, p.GitDir, spec.Ref); err != nil {
		closer.Close()
		return p, nil, err
	}
	p.Closer = closer
	return p, repo, nil
}

// update clones or fetches a remote repository into its cache directory,
// holding the directory's locks: one within this process, one (a file
// beside the directory) across the processes that share the cache. It
// retries transient failures and returns the number of attempts.
func (f *Fetcher) update(ctx context.Context, spec sources.RepoSpec, gitDir string) (int, error) {
	unlock := f.lock(gitDir)
	defer unlock()
	if err := os.MkdirAll(filepath.Dir(gitDir), 0o755); err != nil {
		return 0, fmt.Errorf("creating cache: %w", err)
	}
	unlockFile, err := lockFile(ctx, gitDir+".lock")
	if err != nil {
		return 0, err
	}
	defer unlockFile()
	j := job{Dir: gitDir, URL: spec.CloneURL, Ref: spec.Ref, Creds: f.opts.Credentials, MaxBytes: f.opts.MaxRepoSize, Memory: f.opts.FetchMemory}
	for attempt := 1; ; attempt++ {
		err := runChild(ctx, j)
		removeUnfinished(gitDir)
		if err == nil {
			return attempt, nil
		}
		err = &fetchError{msg: f.opts.Credentials.Redact(err.Error()), transient: isTransient(err)}
		if ctx.Err() != nil || !isTransient(err) || attempt > f.opts.Retries {
			return attempt, attemptsError(err, attempt)
		}
		wait := f.retryWait(attempt)
		if d, ok := ctx.Deadline(); ok && time.Until(d) < wait {
			return attempt, attemptsError(fmt.Errorf("%w; not retried: the deadline is near", err), attempt)
		}
		f.opts.Logger.Warn("fetch failed, retrying", "repo", spec.Name, "attempt", attempt,
			"wait", wait.Round(time.Millisecond).String(), "error", err.Error())
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return attempt, attemptsError(err, attempt)
		}
	}
}

// attemptsError says how many attempts failed.
func attemptsError(err error, attempts int) error {
	if attempts > 1 {
		return fmt.Errorf("%w (%d attempts)", err, attempts)
	}
	return err
}

// retryWait is the wait after a failed attempt: RetryWait doubled per
// attempt, at most maxRetryWait, between half and all of it at random
// (so that the fetches of a run that failed together do not retry together).
func (f *Fetcher) retryWait(attempt int) time.Duration {
	d := f.opts.RetryWait << min(attempt-1, 20)
	if d > maxRetryWait || d <= 0 {
		d = maxRetryWait
	}
	return d/2 + rand.N(d/2+1)
}

// removeUnfinished removes what a fetch process stopped midway left
// behind: a clone being made, packs being received.
func removeUnfinished(gitDir string) {
	os.RemoveAll(gitDir + ".tmp")
	tmps, _ := filepath.Glob(filepath.Join(gitDir, "objects", "pack", "tmp_pack_*"))
	for _, t := range tmps {
		os.Remove(t)
	}
}

// cacheKey names a remote repository's clone in the cache: a readable
// part from the source, and a hash of the clone URL and the ref, so that
// two repositories never share a clone (the readable part alone, made
// by replacing characters, may be the same for two).
func cacheKey(spec sources.RepoSpec) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s%d:%s", len(spec.CloneURL), spec.CloneURL, len(spec.Ref), spec.Ref)
	source, _ := strings.CutPrefix(strings.TrimSuffix(spec.Source, ".git"), "https://")
	readable := strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, source)
	if len(readable) > 80 {
		readable = readable[len(readable)-80:]
	}
	return strings.Trim(readable, "._") + "-" + hex.EncodeToString(h.Sum(nil)[:8]) + ".git"
}

var fullHash = regexp.MustCompile(`^[0-9a-f]{40}$`)

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
func resolveCommit(repo *git.Repository, gitDir, ref string) (*object.Commit, error) {
	var h plumbing.Hash
	switch {
	case ref == "":
		head, err := repo.Head()
		if err != nil {
			return nil, fmt.Errorf("resolving HEAD: %w", err)
		}
		h = head.Hash()
	case fullHash.MatchString(ref):
		h = plumbing.NewHash(ref)
	default:
		var err error
		if h, err = resolveRef(repo, ref); err != nil {
			return nil, err
		}
	}
	objs := openObjects(repo, gitDir)
	defer objs.close()
	c, err := commitAt(objs, h)
	if err != nil {
		if ref == "" {
			return nil, fmt.Errorf("reading HEAD commit %s: %w", h, err)
		}
		return nil, fmt.Errorf("reading commit of ref %q: %w", ref, err)
	}
	return c, nil
}

// resolveRef finds what a ref name or abbreviated hash points at.
func resolveRef(repo *git.Repository, ref string) (plumbing.Hash, error) {
	for _, name := range []string{"refs/heads/" + ref, "refs/tags/" + ref, "refs/remotes/" + ref, ref} {
		if r, err := repo.Reference(plumbing.ReferenceName(name), true); err == nil {
			return r.Hash(), nil
		}
	}
	// An abbreviated hash (ResolveRevision reads the commit it finds: the
	// refs, which may point at anything, are looked up above).
	h, err := repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("resolving ref %q: %w", ref, err)
	}
	return *h, nil
}

// objects reads objects with the pack reader, whose reads are bounded
// (go-git inflates a delta whole for its size) and cheap to start (go-git
// indexes a whole pack by offset to resolve one delta), and with go-git
// those outside the packs.
type objects struct {
	packs *gitpack.Reader // nil when the packs could not be opened
	repo  *git.Repository
}

// openObjects opens the packs of a repository go-git has open.
func openObjects(repo *git.Repository, gitDir string) objects {
	packs, _ := gitpack.Open(gitDir)
	return objects{packs: packs, repo: repo}
}

// size returns an object's size without reading it.
func (o objects) size(h plumbing.Hash) (int64, error) {
	if o.packs != nil {
		size, err := o.packs.ObjectSize(h)
		if !errors.Is(err, gitpack.ErrNotPacked) {
			return size, err
		}
	}
	return o.repo.Storer.EncodedObjectSize(h)
}

// read returns an object of at most maxSize bytes, refusing a larger one
// before reading it. An object neither packed nor loose wraps
// plumbing.ErrObjectNotFound.
func (o objects) read(h plumbing.Hash, maxSize int64) (plumbing.EncodedObject, error) {
	if o.packs != nil {
		typ, data, size, err := o.packs.ReadObject(h, maxSize)
		switch {
		case errors.Is(err, gitpack.ErrTooLarge):
			return nil, fmt.Errorf("object %s has %d bytes: not a commit or tag", h, size)
		case err == nil:
			obj := &plumbing.MemoryObject{}
			obj.SetType(typ)
			obj.Write(data)
			return obj, nil
		case !errors.Is(err, gitpack.ErrNotPacked):
			return nil, err
		}
	}
	size, err := o.repo.Storer.EncodedObjectSize(h)
	if err != nil {
		return nil, err
	}
	if size > maxSize {
		return nil, fmt.Errorf("object %s has %d bytes: not a commit or tag", h, size)
	}
	return o.repo.Storer.EncodedObject(plumbing.AnyObject, h)
}

func (o objects) close() {
	if o.packs != nil {
		o.packs.Close()
	}
}

// commitAt reads the commit h names, through annotated tags. An object
// over maxCommitSize is refused before it is read, and so is a commit
// whose tree is over gitpack.MaxTreeSize: a ref may point at a blob of
// any size, and the tree is read whole next.
func commitAt(objs objects, h plumbing.Hash) (*object.Commit, error) {
	c, err := readCommit(objs, h)
	if err != nil {
		return nil, err
	}
	return c, checkTree(objs, c)
}

// checkTree refuses a commit whose tree is over gitpack.MaxTreeSize.
func checkTree(objs objects, c *object.Commit) error {
	if size, err := objs.size(c.TreeHash); err == nil && size > gitpack.MaxTreeSize {
		return fmt.Errorf("the tree %s of commit %s has %d bytes, over the limit of %d", c.TreeHash, c.Hash, size, gitpack.MaxTreeSize)
	}
	return nil
}

// readCommit reads the commit h names, through annotated tags, refusing
// an object over maxCommitSize before it is read.
func readCommit(objs objects, h plumbing.Hash) (*object.Commit, error) {
	for range 8 {
		obj, err := objs.read(h, maxCommitSize)
		if err != nil {
			return nil, err
		}
		switch obj.Type() {
		case plumbing.CommitObject:
			c, err := object.DecodeCommit(objs.repo.Storer, obj)
			if err != nil {
				return nil, err
			}
			return c, nil
		case plumbing.TagObject:
			tag, err := object.DecodeTag(objs.repo.Storer, obj)
			if err != nil {
				return nil, err
			}
			h = tag.Target
		default:
			return nil, fmt.Errorf("object %s is a %s, not a commit", h, obj.Type())
		}
	}
	return nil, fmt.Errorf("tags nested more than 8 deep at %s", h)
}
