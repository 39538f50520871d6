package fetch

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// DefaultFirstParentsCommits bounds the commits a FirstParents holds:
// about 35 MB.
const DefaultFirstParentsCommits = 1 << 19

// FirstParents remembers the first-parent histories PrepareAt walks, by
// git directory and the commit each starts from, so that the points of a
// backfill (surveys of the same branch tips at other dates) walk each
// history once, not once a point: a weekly backfill of two years would
// otherwise read the history from the tip a hundred times. (A history is
// the same in every repository with that tip, but not every repository
// holds all of it: a shallow clone is deepened only as far as it needs.)
// It holds at most a fixed number of commits (about 70 bytes each) and
// forgets every history when full. It is safe for concurrent use.
type FirstParents struct {
	mu      sync.Mutex
	chains  map[chainKey]*chain
	commits int
	max     int
}

// NewFirstParents returns an empty FirstParents holding at most max
// commits (DefaultFirstParentsCommits when max <= 0).
func NewFirstParents(max int) *FirstParents {
	if max <= 0 {
		max = DefaultFirstParentsCommits
	}
	return &FirstParents{chains: map[chainKey]*chain{}, max: max}
}

// chainKey names a history: where it was read, and where it starts.
type chainKey struct {
	gitDir string
	tip    plumbing.Hash
}

// chain is the first-parent history from one commit, as far as walked,
// up to max commits (the rest of a longer one is walked each time).
type chain struct {
	mu    sync.Mutex
	max   int
	links []link
	// root is set when the walk reached the root commit; shallow when the
	// last link's parent was missing (a shallow clone's end, which a
	// deepening may move: the next walk tries again).
	root, shallow bool
}

// link is one commit of a chain.
type link struct {
	hash   plumbing.Hash
	when   time.Time     // committer time
	parent plumbing.Hash // first parent; zero for a root commit
}

// chain returns the history from tip in gitDir, remembered or new.
func (fp *FirstParents) chain(gitDir string, tip plumbing.Hash) *chain {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	k := chainKey{gitDir, tip}
	c, ok := fp.chains[k]
	if !ok {
		c = &chain{max: fp.max}
		fp.chains[k] = c
	}
	return c
}

// grew counts n commits added to a chain, forgetting every chain past the
// bound (walks under way keep theirs).
func (fp *FirstParents) grew(n int) {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	if fp.commits += n; fp.commits > fp.max {
		fp.chains, fp.commits = map[chainKey]*chain{}, 0
	}
}

// commitBefore follows first parents from tip to the first commit whose
// committer time is at or before at; with a zero at, to the root commit
// (the oldest held). It returns nil with shallowEnd set when the history
// held ends (a shallow commit, or a parent missing) before reaching one,
// and nil alone when the root commit is newer. The commits it reads are
// remembered in fp as the history of tip in gitDir, up to its bound.
func commitBefore(objs objects, fp *FirstParents, gitDir string, tip *object.Commit, at time.Time) (found *object.Commit, shallowEnd bool, err error) {
	ch := fp.chain(gitDir, tip.Hash)
	ch.mu.Lock()
	defer ch.mu.Unlock()
	read := 0
	defer func() { fp.grew(read) }()
	if len(ch.links) == 0 {
		ch.links = append(ch.links, linkOf(tip))
		ch.root = tip.NumParents() == 0
		read++
	}
	for i := 0; ; i++ {
		if i == len(ch.links) {
			if ch.root {
				break
			}
			last := ch.links[i-1]
			if len(ch.links) >= ch.max { // a history longer than the bound: the rest is not kept
				c, err := commitOf(objs, tip, last.hash)
				if err != nil {
					return nil, false, err
				}
				return walkFrom(objs, c, at)
			}
			parent, err := readCommit(objs, last.parent)
			if errors.Is(err, plumbing.ErrObjectNotFound) {
				ch.shallow = true
				break
			}
			if err != nil {
				return nil, false, fmt.Errorf("reading the parent of %s: %w", last.hash, err)
			}
			ch.links = append(ch.links, linkOf(parent))
			ch.root, ch.shallow = parent.NumParents() == 0, false
			read++
		}
		if l := ch.links[i]; !at.IsZero() && !l.when.After(at) {
			c, err := commitOf(objs, tip, l.hash)
			return c, false, err
		}
	}
	if !at.IsZero() {
		return nil, ch.shallow, nil
	}
	c, err := commitOf(objs, tip, ch.links[len(ch.links)-1].hash)
	return c, ch.shallow, err
}

// walkFrom is commitBefore from c, remembering nothing.
func walkFrom(objs objects, c *object.Commit, at time.Time) (found *object.Commit, shallowEnd bool, err error) {
	for {
		if !at.IsZero() && !c.Committer.When.After(at) {
			return c, false, nil
		}
		if c.NumParents() == 0 {
			if at.IsZero() {
				return c, false, nil
			}
			return nil, false, nil
		}
		parent, err := readCommit(objs, c.ParentHashes[0])
		switch {
		case errors.Is(err, plumbing.ErrObjectNotFound):
			if at.IsZero() {
				return c, true, nil
			}
			return nil, true, nil
		case err != nil:
			return nil, false, fmt.Errorf("reading the parent of %s: %w", c.Hash, err)
		}
		c = parent
	}
}

// linkOf makes the link of a commit.
func linkOf(c *object.Commit) link {
	l := link{hash: c.Hash, when: c.Committer.When}
	if c.NumParents() > 0 {
		l.parent = c.ParentHashes[0]
	}
	return l
}

// commitOf returns the commit h: tip itself, or read.
func commitOf(objs objects, tip *object.Commit, h plumbing.Hash) (*object.Commit, error) {
	if h == tip.Hash {
		return tip, nil
	}
	c, err := readCommit(objs, h)
	if err != nil {
		return nil, fmt.Errorf("reading commit %s: %w", h, err)
	}
	return c, nil
}
