package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/schema"
)

// entry is one non-directory entry of a commit's tree.
type entry struct {
	path string
	hash plumbing.Hash
	mode filemode.FileMode
	err  error // a subtree that could not be read
}

// walker lists a commit's tree, reading trees through objects (bounded in
// size) and counting what it visits, so that no tree (a "tree bomb" of a
// few objects referring to each other for billions of paths) can make the
// walk outlast its repository's deadline or its rows fill memory.
type walker struct {
	objects    objects
	maxEntries int
	entries    int
}

// errTooManyEntries fails a repository whose tree is over the limit.
var errTooManyEntries = errors.New("too many entries in the tree")

// walk walks the tree id depth-first and calls fn for every file, symlink
// and submodule. A subtree that cannot be read is reported as an entry
// with err set, and the walk goes on; more than maxEntries entries (files
// and directories) end the walk with an error.
func (w *walker) walk(ctx context.Context, id plumbing.Hash, prefix string, fn func(entry) error) error {
	entries, err := w.objects.tree(id)
	if err != nil {
		if prefix == "" {
			return err
		}
		return fn(entry{path: prefix, hash: id, mode: filemode.Dir, err: fmt.Errorf("reading tree %s: %w", prefix, err)})
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		if w.entries++; w.entries > w.maxEntries {
			return fmt.Errorf("%w: more than %d (raise --max-files)", errTooManyEntries, w.maxEntries)
		}
		p := e.Name
		if prefix != "" {
			p = prefix + "/" + e.Name
		}
		if e.Mode == filemode.Dir {
			if err := w.walk(ctx, e.Hash, p, fn); err != nil {
				return err
			}
			continue
		}
		if err := fn(entry{path: p, hash: e.Hash, mode: e.Mode}); err != nil {
			return err
		}
	}
	return nil
}

// treeReader reads files of one commit for extractors (File.Tree).
type treeReader struct {
	h *handle
}

// ReadFile returns the content of a regular file of the commit.
func (t *treeReader) ReadFile(p string) ([]byte, error) {
	p = path.Clean(strings.TrimPrefix(p, "/"))
	if p == "." || strings.HasPrefix(p, "../") || p == ".." {
		return nil, fmt.Errorf("%s: outside the repository", p)
	}
	mode, id, err := t.h.findEntry(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if !mode.IsFile() || mode == filemode.Symlink {
		return nil, fmt.Errorf("%s: not a regular file", p)
	}
	content, _, err := t.h.readBlob(id)
	return content, err
}

// Exists reports whether a regular file of the commit is at the path.
func (t *treeReader) Exists(p string) bool {
	p = path.Clean(strings.TrimPrefix(p, "/"))
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return false
	}
	mode, _, err := t.h.findEntry(p)
	return err == nil && mode.IsFile() && mode != filemode.Symlink
}

// readGitBlob reads a blob whole through go-git, refusing blobs over maxSize.
func readGitBlob(repo *git.Repository, h plumbing.Hash, maxSize int64) ([]byte, int64, error) {
	obj, err := repo.Storer.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, 0, fmt.Errorf("reading blob %s: %w", h, err)
	}
	size := obj.Size()
	if size > maxSize {
		return nil, size, fmt.Errorf("blob %s has %d bytes, over the limit of %d", h, size, maxSize)
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, size, fmt.Errorf("reading blob %s: %w", h, err)
	}
	defer r.Close()
	buf := bytes.NewBuffer(make([]byte, 0, size+1))
	if _, err := io.Copy(buf, r); err != nil {
		return nil, size, fmt.Errorf("reading blob %s: %w", h, err)
	}
	return buf.Bytes(), size, nil
}

// countLines counts lines as an editor shows them: a last line without a
// newline still counts.
func countLines(b []byte) int64 {
	n := int64(bytes.Count(b, []byte{'\n'}))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}

// extract runs every extractor that wants the file, recovering panics.
// It returns the facts, the extractors that ran as name/version, and the
// errors, each naming its extractor.
func extract(ctx context.Context, exs []extractors.Extractor, file *extractors.File) (extractors.Facts, string, string) {
	var (
		facts    extractors.Facts
		problems []string
	)
	for _, ex := range exs {
		if !ex.Wants(file.Path) {
			continue
		}
		f, err := safeExtract(ctx, ex, file)
		facts.Append(f)
		if err != nil {
			problems = append(problems, ex.Name()+": "+err.Error())
		}
	}
	return facts, wantingNames(exs, file.Path), strings.Join(problems, "; ")
}

// wantingNames lists the extractors that want a path, as name/version.
func wantingNames(exs []extractors.Extractor, p string) string {
	var names []string
	for _, ex := range exs {
		if ex.Wants(p) {
			names = append(names, ex.Name()+"/"+strconv.Itoa(ex.Version()))
		}
	}
	return strings.Join(names, ",")
}

// extraction is what extract returns.
type extraction struct {
	facts           extractors.Facts
	names, problems string
}

// extractWithin runs extract with a deadline. Extractors get a context
// that ends at the deadline; one that does not return by then is
// abandoned (its goroutine is left to finish on its own) and the file gets
// an error instead of facts.
func extractWithin(ctx context.Context, timeout time.Duration, exs []extractors.Extractor, file *extractors.File) (extractors.Facts, string, string) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan extraction, 1)
	go func() {
		facts, names, problems := extract(ctx, exs, file)
		done <- extraction{facts, names, problems}
	}()
	select {
	case x := <-done:
		return x.facts, x.names, x.problems
	case <-ctx.Done():
		return extractors.Facts{}, wantingNames(exs, file.Path), fmt.Sprintf("extraction abandoned after %s: %v", timeout, context.Cause(ctx))
	}
}

// safeExtract calls ex.Extract and turns a panic into an error.
func safeExtract(ctx context.Context, ex extractors.Extractor, file *extractors.File) (facts extractors.Facts, err error) {
	defer func() {
		if r := recover(); r != nil {
			facts = extractors.Facts{}
			err = fmt.Errorf("panic: %v (at %s)", r, panicSite(debug.Stack()))
		}
	}()
	return ex.Extract(ctx, file)
}

// panicSite finds where a panic happened in a stack from debug.Stack:
// the first frame after the call to panic that is not in the runtime.
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	afterPanic := false
	for i := 0; i+1 < len(lines); i++ {
		fn := lines[i]
		if strings.HasPrefix(fn, "\t") || fn == "" {
			continue
		}
		switch {
		case strings.HasPrefix(fn, "panic("):
			afterPanic = true
		case afterPanic && !strings.HasPrefix(fn, "runtime."):
			site, _, _ := strings.Cut(strings.TrimSpace(lines[i+1]), " +")
			return site
		}
	}
	return "unknown"
}

// wantedBy reports whether any extractor wants the path, and whether any
// of those needs its content.
func wantedBy(exs []extractors.Extractor, p string) (wanted, content bool) {
	for _, ex := range exs {
		if !ex.Wants(p) {
			continue
		}
		wanted = true
		if co, ok := ex.(extractors.ContentOptional); !ok || co.NeedsContent(p) {
			content = true
		}
	}
	return wanted, content
}

// fileRow starts the files row of an entry; key.Path is the entry's path
// escaped (schema.EscapePath), and path_raw keeps the bytes when it differs.
func fileRow(key schema.FileKey, commit string, e entry) schema.File {
	row := schema.File{FileKey: key, Commit: commit, IsTest: extractors.IsTest(e.path), PathRaw: schema.RawPath(e.path)}
	switch e.mode {
	case filemode.Symlink:
		row.Kind, row.SkippedReason = extractors.KindSymlink, "symlink"
	case filemode.Submodule:
		row.Kind, row.SkippedReason = extractors.KindSubmodule, "submodule"
	default:
		row.Kind = extractors.KindOf(e.path)
	}
	return row
}
