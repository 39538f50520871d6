package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pysurvey/pysurvey/pipeline/sources"
)

// ErrAbsent is wrapped by the error of PrepareAt for a repository that
// had no commit yet at the time asked for.
var ErrAbsent = errors.New("no commit by then")

// firstDeepen is the depth the first deepening of a clone asks for; each
// later one doubles it, until the history reaches the time asked for.
const firstDeepen = 64

// PrepareAt is Prepare for a survey of the past: the commit to survey is
// the last one, following first parents from the branch's tip (or the
// pinned branch or tag), whose committer time is at or before at; a
// pinned commit is surveyed whatever its date. A clone in the
// cache is deepened as far as needed, step by step (the depth doubling),
// and keeps that history for the next survey of the past; a local
// repository is read as it is. A repository with no commit by then gives
// an error wrapping ErrAbsent.
func (f *Fetcher) PrepareAt(ctx context.Context, spec sources.RepoSpec, at time.Time) (Prepared, error) {
	p, repo, err := f.prepare(ctx, spec)
	if err != nil || fullHash.MatchString(spec.Ref) {
		return p, err // a pinned commit is surveyed whatever its date
	}
	// The histories walked, for the walks below (to the first commit, for
	// an absent repository; again after a deepening) and, when the options
	// keep them, for later surveys.
	fp := f.opts.FirstParents
	if fp == nil {
		fp = NewFirstParents(0)
	}
	for depth := firstDeepen; ; depth *= 2 {
		objs := openObjects(repo, p.GitDir)
		c, shallowEnd, err := commitBefore(objs, fp, p.GitDir, p.Commit, at)
		first := c
		switch {
		case c != nil && err == nil:
			err = checkTree(objs, c)
		case err == nil && !shallowEnd:
			first, _, _ = commitBefore(objs, fp, p.GitDir, p.Commit, time.Time{})
		}
		objs.close()
		switch {
		case err != nil:
			p.Closer.Close()
			return p, err
		case c != nil:
			p.Commit = c
			return p, nil
		case !shallowEnd:
			p.Closer.Close()
			return p, fmt.Errorf("%w: the first commit is of %s", ErrAbsent, first.Committer.When.UTC().Format(time.DateOnly))
		case !spec.Remote():
			p.Closer.Close()
			return p, fmt.Errorf("the repository is a shallow clone whose history ends after %s: it cannot be surveyed as of then", at.UTC().Format(time.DateOnly))
		}
		// The history ends at a shallow commit, newer than at: deepen.
		p.Closer.Close()
		n, err := f.deepen(ctx, spec, p.GitDir, depth)
		p.Attempts += n
		if err != nil {
			return p, fmt.Errorf("deepening the clone to %d commits: %w", depth, err)
		}
		var closer io.Closer
		if repo, closer, err = OpenRepository(p.GitDir, 0); err != nil {
			return p, err
		}
		if p.Commit, err = resolveCommit(repo, p.GitDir, spec.Ref); err != nil {
			closer.Close()
			return p, err
		}
		p.Closer = closer
		if depth > 1<<24 {
			return p, errors.New("the clone's history does not deepen")
		}
	}
}

// deepen fetches the history of a clone's tip, depth commits deep, in a
// fetch process, holding the clone's locks.
func (f *Fetcher) deepen(ctx context.Context, spec sources.RepoSpec, gitDir string, depth int) (int, error) {
	unlock := f.lock(gitDir)
	defer unlock()
	unlockFile, err := lockFile(ctx, gitDir+".lock")
	if err != nil {
		return 0, err
	}
	defer unlockFile()
	before, _ := shallowCommits(gitDir)
	j := job{Dir: gitDir, URL: spec.CloneURL, Ref: spec.Ref, Creds: f.opts.Credentials, MaxBytes: f.opts.MaxRepoSize, Memory: f.opts.FetchMemory, Depth: depth}
	err = runChild(ctx, j)
	removeUnfinished(gitDir)
	if err != nil {
		return 1, &fetchError{msg: f.opts.Credentials.Redact(err.Error()), transient: isTransient(err)}
	}
	if after, _ := shallowCommits(gitDir); slices.Equal(before, after) && len(after) > 0 {
		f.opts.Logger.Debug("deepening changed nothing", "repo", spec.Name, "depth", depth)
	}
	return 1, nil
}

// shallowCommits lists a clone's shallow commits.
func shallowCommits(gitDir string) ([]plumbing.Hash, error) {
	if _, err := os.Stat(filepath.Join(gitDir, "shallow")); err != nil {
		return nil, nil
	}
	repo, err := git.PlainOpen(gitDir)
	if err != nil {
		return nil, err
	}
	return repo.Storer.Shallow()
}
