package pipeline

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/pipeline/factcache"
	"github.com/pysurvey/pysurvey/pipeline/fetch"
	"github.com/pysurvey/pysurvey/pipeline/gitpack"
	"github.com/pysurvey/pysurvey/schema"
)

// fileJob asks a reader to process one entry.
type fileJob struct {
	repo  *repoState
	entry entry
}

// fileResult is one file's row and facts.
type fileResult struct {
	file  schema.File
	facts extractors.Facts
}

// readFiles is reader number i: it processes file jobs with its own
// repository handles until the jobs channel closes, staging each file's
// rows in the repository's stage of this reader.
func (r *runner) readFiles(i int) {
	handles := map[*repoState]*handle{}
	defer func() {
		for _, h := range handles {
			h.close()
		}
	}()
	for job := range r.jobs {
		for st, h := range handles {
			if st.done.Load() {
				h.close()
				delete(handles, st)
			}
		}
		h, ok := handles[job.repo]
		if !ok {
			h = r.openHandle(job.repo)
			handles[job.repo] = h
		}
		r.processFile(h, job, i)
		job.repo.wg.Done()
	}
}

// handle is a reader's view of one repository. Objects come from the
// repository's shared pack reader when it holds them; anything else goes
// through the reader's own go-git repository (go-git repositories are not
// safe to share), opened when first needed.
type handle struct {
	gitDir  string
	commit  plumbing.Hash
	tree    plumbing.Hash   // the commit's
	packs   *gitpack.Reader // shared by the readers; nil when unreadable
	maxSize int64
	files   *treeReader

	// mu guards the go-git fields: an abandoned extractor may still read.
	mu     sync.Mutex
	repo   *git.Repository
	closer io.Closer
	err    error // why go-git could not open the repository
}

func (h *handle) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closer != nil {
		h.closer.Close()
		h.closer = nil
	}
}

func (r *runner) openHandle(st *repoState) *handle {
	h := &handle{gitDir: st.gitDir, commit: plumbing.NewHash(st.commit), tree: st.tree, packs: st.packs, maxSize: r.cfg.MaxFileSize}
	h.files = &treeReader{h: h}
	return h
}

// gitRepo opens the go-git repository, once.
func (h *handle) gitRepo() (*git.Repository, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.repo != nil || h.err != nil {
		return h.repo, h.err
	}
	repo, closer, err := fetch.OpenRepository(h.gitDir, h.maxSize)
	if err != nil {
		h.err = err
		return nil, err
	}
	h.repo, h.closer = repo, closer
	return h.repo, nil
}

// readBlob reads a blob whole, refusing blobs over maxSize: from the
// packs when they hold it, else through go-git.
func (h *handle) readBlob(id plumbing.Hash) ([]byte, int64, error) {
	if h.packs != nil {
		content, size, err := h.packs.ReadBlob(id, h.maxSize)
		if !errors.Is(err, gitpack.ErrNotPacked) {
			return content, size, err
		}
	}
	repo, err := h.gitRepo()
	if err != nil {
		return nil, 0, err
	}
	return readGitBlob(repo, id, h.maxSize)
}

// blobSize returns the size of a blob without inflating it.
func (h *handle) blobSize(id plumbing.Hash) (int64, error) {
	if h.packs != nil {
		size, err := h.packs.ObjectSize(id)
		if !errors.Is(err, gitpack.ErrNotPacked) {
			return size, err
		}
	}
	repo, err := h.gitRepo()
	if err != nil {
		return 0, err
	}
	return repo.Storer.EncodedObjectSize(id)
}

// findEntry finds a path in the commit's tree.
func (h *handle) findEntry(p string) (filemode.FileMode, plumbing.Hash, error) {
	if h.packs != nil {
		mode, id, err := h.packs.FindEntry(h.tree, p)
		if !errors.Is(err, gitpack.ErrNotPacked) {
			return mode, id, err
		}
	}
	repo, err := h.gitRepo()
	if err != nil {
		return 0, plumbing.ZeroHash, err
	}
	return findGitEntry(objects{repo: repo}, h.tree, p)
}

// processFile reads and extracts one entry and stages its rows in the
// stage of reader i.
func (r *runner) processFile(h *handle, job fileJob, i int) {
	st, e := job.repo, job.entry
	if st.ctx.Err() != nil {
		return
	}
	key := schema.FileKey{RepoKey: st.key, Path: schema.EscapePath(e.path)}
	row := fileRow(key, st.commit, e)
	res := &fileResult{}
	st.files.Add(1)
	if extractors.IsPython(e.path) && e.mode != filemode.Symlink && e.mode != filemode.Submodule {
		st.pythonFiles.Add(1)
	}
	switch {
	case e.err != nil:
		row.Error = e.err.Error()
	case row.SkippedReason != "":
	default:
		r.readAndExtract(h, st, e, &row, res)
	}
	res.file = row
	res.file.Clean()
	res.facts.Clean()
	if st.ctx.Err() != nil {
		return
	}
	if st.stages[i] == nil {
		st.stages[i] = newStage(&st.staged)
	}
	s := st.stages[i]
	if err := s.add(res); err != nil {
		st.fail(fmt.Errorf("staging %s: %w", e.path, err))
		return
	}
	s.projects = append(s.projects, withManifest(res.facts.Projects, key.Path)...)
	r.events <- fileDone{}
}

// withManifest names the manifest of project rows that do not name theirs.
func withManifest(ps []schema.Project, p string) []schema.Project {
	for i := range ps {
		if ps[i].Manifests == "" {
			ps[i].Manifests = pathBase(p)
		}
	}
	return ps
}

func (r *runner) readAndExtract(h *handle, st *repoState, e entry, row *schema.File, res *fileResult) {
	wanted, needsContent := wantedBy(r.cfg.Extractors, e.path)
	if !needsContent {
		// Only the size is needed, found without inflating the blob.
		size, err := r.cfg.BlobSizes.size(h, e.hash)
		if err != nil {
			row.Error = fmt.Sprintf("reading blob %s: %v", e.hash, err)
			return
		}
		row.Size = size
		st.bytes.Add(size)
		if wanted {
			r.runExtractors(h, st, e, row, res, nil)
		}
		return
	}
	key := r.cacheKey(e)
	if key != nil {
		if c, ok := r.cfg.FactCache.Get(key); ok && c.Size <= r.cfg.MaxFileSize {
			// The same blob under the same extractors: its facts as before.
			row.Size, row.Extractors, row.PythonCounts = c.Size, c.Extractors, c.Facts.Python
			lines := c.Lines
			row.Lines = &lines
			st.bytes.Add(c.Size)
			res.facts = c.Facts
			return
		}
	}
	content, size, err := h.readBlob(e.hash)
	row.Size = size
	st.bytes.Add(size)
	switch {
	case size > r.cfg.MaxFileSize:
		row.SkippedReason = "too_large"
		return
	case err != nil:
		row.Error = err.Error()
		return
	}
	lines := countLines(content)
	row.Lines = &lines
	r.runExtractors(h, st, e, row, res, content)
	if key != nil && row.Error == "" {
		r.cfg.FactCache.Put(key, factcache.Entry{Size: size, Lines: lines, Extractors: row.Extractors, Facts: res.facts})
	}
}

// cacheKey is the key of an entry's facts in the fact cache, or nil when
// there is no cache or an extractor that wants the file is not pure.
func (r *runner) cacheKey(e entry) []byte {
	if r.cfg.FactCache == nil {
		return nil
	}
	for _, ex := range r.cfg.Extractors {
		if p, ok := ex.(extractors.Pure); ex.Wants(e.path) && (!ok || !p.Pure()) {
			return nil
		}
	}
	return factcache.Key(wantingNames(r.cfg.Extractors, e.path), e.hash)
}

// runExtractors hands the file to the extractors that want it and keeps
// their facts, errors and names in the row. Content is nil for files read
// by path alone.
func (r *runner) runExtractors(h *handle, st *repoState, e entry, row *schema.File, res *fileResult, content []byte) {
	file := &extractors.File{Repo: st.key.Repo, Path: e.path, Content: content, Tree: h.files}
	start := time.Now()
	facts, names, problems := extractWithin(st.ctx, r.cfg.FileTimeout, r.cfg.Extractors, file)
	if took := time.Since(start); took > slowFile {
		r.log.Warn("slow file", "repo", st.key.Repo, "path", e.path, "bytes", len(content), "duration", took.Round(time.Millisecond))
	}
	row.Extractors, row.Error = names, problems
	row.PythonCounts = facts.Python
	res.facts = facts
	if problems != "" {
		r.log.Warn("file error", "repo", st.key.Repo, "path", e.path, "error", problems)
	}
}

// objects reads trees through a repository's packs, or go-git for what
// they do not hold (loose objects, alternates), bounded in size either way.
type objects struct {
	packs *gitpack.Reader
	repo  *git.Repository
}

// tree returns the entries of a tree object.
func (o objects) tree(id plumbing.Hash) ([]gitpack.TreeEntry, error) {
	if o.packs != nil {
		entries, err := o.packs.Tree(id)
		if !errors.Is(err, gitpack.ErrNotPacked) {
			return entries, err
		}
	}
	obj, err := o.repo.Storer.EncodedObject(plumbing.TreeObject, id)
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", id, err)
	}
	if obj.Size() > gitpack.MaxTreeSize {
		return nil, fmt.Errorf("tree %s has %d bytes, over the limit of %d", id, obj.Size(), gitpack.MaxTreeSize)
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", id, err)
	}
	defer rd.Close()
	data, err := io.ReadAll(io.LimitReader(rd, gitpack.MaxTreeSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", id, err)
	}
	entries, err := gitpack.ParseTree(data)
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", id, err)
	}
	return entries, nil
}

// findGitEntry finds a path under the tree root, as go-git's
// Tree.FindEntry does.
func findGitEntry(o objects, root plumbing.Hash, p string) (filemode.FileMode, plumbing.Hash, error) {
	id := root
	for rest := p; ; {
		name, tail, more := cutPath(rest)
		entries, err := o.tree(id)
		if err != nil {
			return 0, plumbing.ZeroHash, err
		}
		found := false
		for _, e := range entries {
			if e.Name == name {
				if !more {
					return e.Mode, e.Hash, nil
				}
				id, found = e.Hash, true
				break
			}
		}
		switch {
		case !found && more:
			return 0, plumbing.ZeroHash, object.ErrDirectoryNotFound
		case !found:
			return 0, plumbing.ZeroHash, object.ErrEntryNotFound
		}
		rest = tail
	}
}
