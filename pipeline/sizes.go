package pipeline

import (
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
)

// DefaultBlobSizes bounds the sizes a BlobSizes holds: about 40 MB.
const DefaultBlobSizes = 1 << 19

// BlobSizes remembers the sizes of the blobs that runs found without
// reading them (the files no extractor reads, whose size alone is
// recorded), by git directory and blob, for the next run over the same
// repositories: the points of a backfill find most of them again, and a
// size found in a pack may cost an inflation. It holds at most a fixed
// number of sizes (about 80 bytes each) and forgets them all when full.
// It is safe for concurrent use.
type BlobSizes struct {
	mu    sync.Mutex
	sizes map[blobKey]int64
	max   int
}

// blobKey names a blob of a repository.
type blobKey struct {
	gitDir string
	blob   plumbing.Hash
}

// NewBlobSizes returns an empty BlobSizes holding at most max sizes
// (DefaultBlobSizes when max <= 0).
func NewBlobSizes(max int) *BlobSizes {
	if max <= 0 {
		max = DefaultBlobSizes
	}
	return &BlobSizes{sizes: map[blobKey]int64{}, max: max}
}

// size returns the size of blob in the repository h reads, remembered in
// s (nil: nowhere) or found.
func (s *BlobSizes) size(h *handle, blob plumbing.Hash) (int64, error) {
	if s == nil {
		return h.blobSize(blob)
	}
	k := blobKey{h.gitDir, blob}
	s.mu.Lock()
	n, ok := s.sizes[k]
	s.mu.Unlock()
	if ok {
		return n, nil
	}
	n, err := h.blobSize(blob)
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sizes) >= s.max {
		s.sizes = map[blobKey]int64{}
	}
	s.sizes[k] = n
	return n, nil
}
