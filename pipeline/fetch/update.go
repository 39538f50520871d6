package fetch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pysurvey/pysurvey/pipeline/fetch/indexpack"
)

// This file is what a fetch process does: clone a repository into the
// cache (depth 1, the one ref wanted), or fetch into an earlier clone.

// job is one fetch, handed to a fetch process on its standard input.
type job struct {
	// Dir is the clone's directory in the cache.
	Dir string `json:"dir"`
	// URL and Ref are the repository's CloneURL and Ref.
	URL string `json:"url"`
	Ref string `json:"ref"`
	// Creds authenticate to the server and check it.
	Creds Credentials `json:"creds"`
	// MaxBytes bounds the pack received (--max-repo-size).
	MaxBytes int64 `json:"max_bytes"`
	// Memory is the fetch process's memory limit, from which the
	// indexing limits are made.
	Memory int64 `json:"memory"`
	// Depth, when above 0, deepens the clone to that many commits from
	// its tip (for a survey of the past: --at, backfill).
	Depth int `json:"depth,omitempty"`
}

// maxPacks is the number of packs past which a clone is made again
// rather than fetched into (each fetch adds one; each open pack costs
// the survey a file descriptor per reader).
const maxPacks = 16

// limits returns the indexing limits of the job. An object costs about
// 120 bytes while indexing, and the survey holds its clone's index (28
// bytes an object) in go-git and the pack reader: a million objects (a
// depth 1 clone of the largest monorepos has half that) for each GiB. A
// delta base is held whole, twice at most, and bases are cached.
func (j *job) limits() indexpack.Limits {
	return indexpack.Limits{MaxBytes: j.MaxBytes, MaxObjects: int(j.Memory >> 10), MaxBase: j.Memory / 8, CacheBytes: j.Memory / 8}
}

// run clones or fetches, telling phase what it waits for.
func (j *job) run(ctx context.Context, phase func(string)) error {
	repo, err := openClone(j.Dir, j.URL, j.Ref)
	if err != nil {
		return err
	}
	if fullHash.MatchString(j.Ref) {
		if repo != nil {
			if _, err := repo.CommitObject(plumbing.NewHash(j.Ref)); err == nil {
				return nil // a commit never changes
			}
		}
		return j.cloneCommit(ctx, phase)
	}
	c, err := dial(ctx, j.URL, j.Creds, phase)
	if err != nil {
		return err
	}
	defer c.close()
	rd, err := c.advertisement(ctx)
	if err != nil {
		return err
	}
	adv, err := readAdvertisement(rd, j.keepRef, false)
	if err != nil {
		return err
	}
	want, refs, err := j.target(adv)
	if err != nil {
		return err
	}
	if repo != nil && j.Depth > 0 {
		// Deepening: the history of the tip, Depth commits deep.
		return j.receive(ctx, c, adv, repo, j.Dir, []plumbing.Hash{want}, refs, j.Depth, phase)
	}
	if repo != nil {
		if repo.Storer.HasEncodedObject(want) == nil {
			return setRefs(repo, refs) // nothing new
		}
		// Into an earlier clone, the history since its commit is fetched:
		// a depth would have the server send the whole tree again.
		return j.receive(ctx, c, adv, repo, j.Dir, []plumbing.Hash{want}, refs, 0, phase)
	}
	return j.cloneFresh(func(repo *git.Repository, dir string) error {
		return j.receive(ctx, c, adv, repo, dir, []plumbing.Hash{want}, refs, 1, phase)
	})
}

// keepRef says which advertised refs the job may want.
func (j *job) keepRef(name string) bool {
	return j.Ref != "" && (name == "refs/heads/"+j.Ref || name == "refs/tags/"+j.Ref)
}

// target finds what to fetch in the advertisement: the commit (or tag)
// to want and the refs to point at it.
func (j *job) target(adv *advertisement) (plumbing.Hash, []*plumbing.Reference, error) {
	if j.Ref == "" {
		if adv.head.IsZero() {
			if adv.count == 0 {
				return plumbing.ZeroHash, nil, &missingError{"the repository is empty"}
			}
			return plumbing.ZeroHash, nil, &missingError{"the server advertises no HEAD"}
		}
		if t := plumbing.ReferenceName(adv.headTarget()); t != "" && t.IsBranch() && t.Validate() == nil {
			return adv.head, []*plumbing.Reference{plumbing.NewHashReference(t, adv.head), plumbing.NewSymbolicReference(plumbing.HEAD, t)}, nil
		}
		return adv.head, []*plumbing.Reference{plumbing.NewHashReference(plumbing.HEAD, adv.head)}, nil
	}
	for _, name := range []plumbing.ReferenceName{plumbing.NewBranchReferenceName(j.Ref), plumbing.NewTagReferenceName(j.Ref)} {
		if h, ok := adv.refs[string(name)]; ok {
			if err := name.Validate(); err != nil {
				return plumbing.ZeroHash, nil, fmt.Errorf("ref %q: %w", j.Ref, err)
			}
			return h, []*plumbing.Reference{plumbing.NewHashReference(name, h)}, nil
		}
	}
	return plumbing.ZeroHash, nil, &missingError{fmt.Sprintf("the server has no branch or tag named %q", j.Ref)}
}

// missingError says that what the repo list names is not on the server.
type missingError struct{ msg string }

func (e *missingError) Error() string { return e.msg }

// receive asks for wants (depth levels deep when the server can, the
// history up to what the clone has when depth is 0), stores the pack in
// dir's objects and points refs at what came.
func (j *job) receive(ctx context.Context, c conn, adv *advertisement, repo *git.Repository, dir string,
	wants []plumbing.Hash, refs []*plumbing.Reference, depth int, phase func(string)) error {
	req := newUploadRequest(adv)
	req.wants = wants
	if adv.has("shallow") {
		req.depth = depth
	}
	shallow, err := repo.Storer.Shallow()
	if err != nil {
		return &localError{fmt.Errorf("reading the clone's shallow commits: %w", err)}
	}
	if adv.has("shallow") {
		req.shallow = shallow // else the server cannot hear of them
	}
	req.haves, err = tips(repo)
	if err != nil {
		return &localError{err}
	}
	rd, err := c.upload(ctx, req.encode(adv))
	if err != nil {
		return err
	}
	resp, pack, err := readUploadResponse(rd, req)
	if err != nil {
		return err
	}
	phase("receiving the pack")
	stored, err := indexpack.Store(ctx, pack, filepath.Join(dir, "objects", "pack"), j.limits())
	if err != nil {
		if errors.Is(err, indexpack.ErrLimit) && strings.Contains(err.Error(), "the pack is larger than") {
			return fmt.Errorf("%w (--max-repo-size)", err)
		}
		return err
	}
	for _, w := range wants {
		o, ok := stored.Find(w)
		switch {
		case !ok && j.Depth > 0: // deepening: the tip is there already
		case !ok:
			return fmt.Errorf("%w: the server sent a pack without %s, which was asked for", indexpack.ErrCorrupt, w)
		case len(wants) > 1:
			// A whole repository: its tags may name trees and blobs.
		case o.Type != plumbing.CommitObject && o.Type != plumbing.TagObject:
			return fmt.Errorf("%w: %s, asked for as a commit, is a %s", indexpack.ErrCorrupt, w, o.Type)
		case o.Size > maxCommitSize:
			return fmt.Errorf("%w: the commit %s has %d bytes", indexpack.ErrCorrupt, w, o.Size)
		}
	}
	if req.depth > 0 {
		shallow = append(slices.DeleteFunc(shallow, func(h plumbing.Hash) bool { return slices.Contains(resp.unshallow, h) }), resp.shallow...)
		slices.SortFunc(shallow, func(a, b plumbing.Hash) int { return strings.Compare(a.String(), b.String()) })
		if err := repo.Storer.SetShallow(slices.Compact(shallow)); err != nil {
			return &localError{fmt.Errorf("writing the clone's shallow commits: %w", err)}
		}
	}
	return setRefs(repo, refs)
}

// tips returns the commits the clone's refs point at.
func tips(repo *git.Repository) ([]plumbing.Hash, error) {
	iter, err := repo.References()
	if err != nil {
		return nil, fmt.Errorf("reading the clone's refs: %w", err)
	}
	var hs []plumbing.Hash
	err = iter.ForEach(func(r *plumbing.Reference) error {
		if r.Type() == plumbing.HashReference && !slices.Contains(hs, r.Hash()) {
			hs = append(hs, r.Hash())
		}
		return nil
	})
	return hs, err
}

func setRefs(repo *git.Repository, refs []*plumbing.Reference) error {
	for _, r := range refs {
		if err := repo.Storer.SetReference(r); err != nil {
			return &localError{fmt.Errorf("setting %s: %w", r.Name(), err)}
		}
	}
	return nil
}

// localError is a problem with the cache, not with the server.
type localError struct{ err error }

func (e *localError) Error() string { return e.err.Error() }
func (e *localError) Unwrap() error { return e.err }

// cloneCommit clones the history of one commit, named by its hash. Not
// every server gives a commit that no ref points at: for those the whole
// repository is fetched, and the commit looked up in it.
func (j *job) cloneCommit(ctx context.Context, phase func(string)) error {
	h := plumbing.NewHash(j.Ref)
	pinned := []*plumbing.Reference{plumbing.NewHashReference("refs/pysurvey/pinned", h)}
	attempt := func(all bool) error {
		c, err := dial(ctx, j.URL, j.Creds, phase)
		if err != nil {
			return err
		}
		defer c.close()
		rd, err := c.advertisement(ctx)
		if err != nil {
			return err
		}
		adv, err := readAdvertisement(rd, nil, all)
		if err != nil {
			return err
		}
		wants := []plumbing.Hash{h}
		if all {
			if len(adv.all) == 0 {
				return &missingError{"the repository is empty (no branches or tags)"}
			}
			wants = adv.all
		}
		depth := 1
		if all {
			depth = 0 // the whole history, in which to look for the commit
		}
		return j.cloneFresh(func(repo *git.Repository, dir string) error {
			if err := j.receive(ctx, c, adv, repo, dir, wants, nil, depth, phase); err != nil {
				return err
			}
			if _, err := repo.CommitObject(h); err != nil {
				return &missingError{fmt.Sprintf("commit %s is not on any branch or tag of the server", j.Ref)}
			}
			return setRefs(repo, pinned)
		})
	}
	err := attempt(false)
	if refused(err) {
		err = attempt(true)
	}
	return err
}

// cloneFresh makes a new clone in a temporary directory beside Dir, has
// fill fetch into it, and puts it in Dir's place when it succeeds.
func (j *job) cloneFresh(fill func(repo *git.Repository, dir string) error) error {
	tmp := j.Dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return &localError{fmt.Errorf("removing an unfinished clone: %w", err)}
	}
	repo, err := initClone(tmp, j.URL, j.Ref)
	if err != nil {
		return err
	}
	if err := fill(repo, tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.RemoveAll(j.Dir); err != nil {
		return &localError{fmt.Errorf("removing the old clone: %w", err)}
	}
	if err := os.Rename(tmp, j.Dir); err != nil {
		os.RemoveAll(tmp)
		return &localError{fmt.Errorf("moving the clone into place: %w", err)}
	}
	return nil
}

// initClone makes an empty bare repository recording where it comes from.
func initClone(dir, cloneURL, ref string) (*git.Repository, error) {
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		return nil, &localError{fmt.Errorf("initialising the clone: %w", err)}
	}
	cfg, err := repo.Config()
	if err != nil {
		return nil, &localError{fmt.Errorf("initialising the clone: %w", err)}
	}
	cfg.Remotes["origin"] = &config.RemoteConfig{Name: "origin", URLs: []string{cloneURL}}
	cfg.Raw.Section("pysurvey").SetOption("ref", ref)
	if err := repo.SetConfig(cfg); err != nil {
		return nil, &localError{fmt.Errorf("initialising the clone: %w", err)}
	}
	return repo, nil
}

// openClone opens the clone in dir, or returns nil when there is none.
// A clone that cannot be opened, that was made from another repository
// or ref (a cache written by another version, or tampered with), or that
// has too many packs is removed, to be made again.
func openClone(dir, cloneURL, ref string) (*git.Repository, error) {
	if _, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil {
		return nil, nil
	}
	repo, err := git.PlainOpen(dir)
	if err == nil {
		err = checkOrigin(repo, cloneURL, ref)
	}
	if err == nil {
		packs, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "pack-*.pack"))
		if len(packs) > maxPacks {
			err = errors.New("too many packs")
		}
	}
	if err != nil {
		if rmErr := os.RemoveAll(dir); rmErr != nil {
			return nil, &localError{fmt.Errorf("removing a stale clone: %w", rmErr)}
		}
		return nil, nil
	}
	return repo, nil
}

// checkOrigin checks that a clone was made from cloneURL at ref.
func checkOrigin(repo *git.Repository, cloneURL, ref string) error {
	cfg, err := repo.Config()
	if err != nil {
		return fmt.Errorf("reading the clone's config: %w", err)
	}
	origin, ok := cfg.Remotes["origin"]
	if !ok || len(origin.URLs) != 1 || origin.URLs[0] != cloneURL {
		return fmt.Errorf("the clone in the cache was made from another repository")
	}
	if !cfg.Raw.HasSection("pysurvey") || cfg.Raw.Section("pysurvey").Option("ref") != ref {
		return fmt.Errorf("the clone in the cache was made for another ref")
	}
	return nil
}

// refused reports whether a server refused a request (rather than failed
// to hear it, or refused the credentials).
func refused(err error) bool {
	var se *serverError
	var he *httpStatusError
	return errors.As(err, &se) || errors.As(err, &he) && (he.code == 400 || he.code == 500)
}
