// Package gitrepo creates real git repositories from file trees, with one
// commit of fixed author and time so that commit hashes are reproducible.
// Tests use it to make fixture repositories, and pysurvey to turn the
// bundled sample into repositories it can survey.
package gitrepo

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing/fstest"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// CommitTime is the author and committer time of every commit made here.
var CommitTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// Options shape the repository.
type Options struct {
	// Bare makes a bare repository; otherwise the files are also written
	// to the work tree and the git directory is dir/.git.
	Bare bool
	// Symlinks adds symlink entries: path → target.
	Symlinks map[string]string
	// Submodules adds submodule (gitlink) entries: path → commit hash.
	Submodules map[string]string
	// Branch names the branch HEAD points at (default "main").
	Branch string
	// Message is the commit message (default "fixture").
	Message string
}

// Create makes a git repository at dir holding the files of fsys in one
// commit, and returns that commit's hash.
func Create(dir string, fsys fs.FS, opts Options) (plumbing.Hash, error) {
	repo, err := git.PlainInit(dir, opts.Bare)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("init %s: %w", dir, err)
	}
	return Commit(repo, fsys, opts, dir)
}

// Commit adds a commit holding the files of fsys on top of the branch's
// current commit, if any. When workTree is not empty and the repository
// is not bare, the files are written there too.
func Commit(repo *git.Repository, fsys fs.FS, opts Options, workTree string) (plumbing.Hash, error) {
	if opts.Branch == "" {
		opts.Branch = "main"
	}
	if opts.Message == "" {
		opts.Message = "fixture"
	}
	b := &builder{st: repo.Storer, dirs: map[string][]object.TreeEntry{"": nil}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if !opts.Bare && workTree != "" {
			dst := filepath.Join(workTree, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(dst, content, 0o644); err != nil {
				return err
			}
		}
		mode := filemode.Regular
		if info, err := d.Info(); err == nil && info.Mode()&0o111 != 0 {
			mode = filemode.Executable
		}
		return b.addBlob(p, content, mode)
	})
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("adding files: %w", err)
	}
	for p, target := range opts.Symlinks {
		if err := b.addBlob(p, []byte(target), filemode.Symlink); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	for p, h := range opts.Submodules {
		b.add(p, plumbing.NewHash(h), filemode.Submodule)
	}
	root, err := b.writeTree("")
	if err != nil {
		return plumbing.ZeroHash, err
	}
	sig := object.Signature{Name: "pysurvey", Email: "pysurvey@example.invalid", When: CommitTime}
	commit := &object.Commit{Author: sig, Committer: sig, Message: opts.Message, TreeHash: root}
	branch := plumbing.NewBranchReferenceName(opts.Branch)
	if ref, err := repo.Reference(branch, true); err == nil {
		commit.ParentHashes = []plumbing.Hash{ref.Hash()}
	}
	obj := repo.Storer.NewEncodedObject()
	if err := commit.Encode(obj); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("encoding commit: %w", err)
	}
	h, err := repo.Storer.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("storing commit: %w", err)
	}
	if err := repo.Storer.SetReference(plumbing.NewHashReference(branch, h)); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("setting %s: %w", branch, err)
	}
	if err := repo.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, branch)); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("setting HEAD: %w", err)
	}
	return h, nil
}

// builder collects tree entries by directory.
type builder struct {
	st   storer.EncodedObjectStorer
	dirs map[string][]object.TreeEntry
}

func (b *builder) addBlob(p string, content []byte, mode filemode.FileMode) error {
	obj := b.st.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(int64(len(content)))
	w, err := obj.Writer()
	if err != nil {
		return err
	}
	if _, err := w.Write(content); err != nil {
		return err
	}
	w.Close()
	h, err := b.st.SetEncodedObject(obj)
	if err != nil {
		return fmt.Errorf("storing %s: %w", p, err)
	}
	b.add(p, h, mode)
	return nil
}

// add records an entry and makes sure its parent directories exist.
func (b *builder) add(p string, h plumbing.Hash, mode filemode.FileMode) {
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	b.dirs[dir] = append(b.dirs[dir], object.TreeEntry{Name: name, Mode: mode, Hash: h})
	for dir != "" {
		parent, _ := path.Split(dir)
		parent = strings.TrimSuffix(parent, "/")
		if _, ok := b.dirs[parent]; !ok {
			b.dirs[parent] = nil
		}
		if _, ok := b.dirs[dir]; !ok {
			b.dirs[dir] = nil
		}
		dir = parent
	}
}

// writeTree stores the tree of dir and its subtrees, in git's order.
func (b *builder) writeTree(dir string) (plumbing.Hash, error) {
	entries := append([]object.TreeEntry(nil), b.dirs[dir]...)
	for d := range b.dirs {
		if d != "" && parentOf(d) == dir {
			h, err := b.writeTree(d)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			entries = append(entries, object.TreeEntry{Name: path.Base(d), Mode: filemode.Dir, Hash: h})
		}
	}
	sortKey := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	sort.Slice(entries, func(i, j int) bool { return sortKey(entries[i]) < sortKey(entries[j]) })
	obj := b.st.NewEncodedObject()
	if err := (&object.Tree{Entries: entries}).Encode(obj); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("encoding tree %q: %w", dir, err)
	}
	h, err := b.st.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("storing tree %q: %w", dir, err)
	}
	return h, nil
}

func parentOf(d string) string {
	if i := strings.LastIndexByte(d, '/'); i >= 0 {
		return d[:i]
	}
	return ""
}

// Versions makes a bare repository at dir of several commits, each editing
// a few of twelve Python files and one larger text file a little, so that
// packing it (git repack -adf) makes delta chains. The content is the same
// for the same number of commits.
func Versions(dir string, commits int) error {
	rng := rand.New(rand.NewPCG(1, 2))
	files := fstest.MapFS{}
	for i := range 12 {
		var b strings.Builder
		for j := range 200 + 100*i {
			fmt.Fprintf(&b, "def f%d_%d(x):\n    return x * %d\n\n", i, j, rng.IntN(1000))
		}
		files[fmt.Sprintf("pkg/m%d.py", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	big := make([]byte, 300<<10) // copies over 0x10000 bytes
	for i := range big {
		big[i] = byte(rng.IntN(4)) + 'a'
	}
	files["data/big.txt"] = &fstest.MapFile{Data: big}
	files["empty.py"] = &fstest.MapFile{}
	var repo *git.Repository
	for c := range commits {
		for _, name := range sortedNames(files) {
			f := files[name]
			if name == "empty.py" || rng.IntN(3) != 0 {
				continue
			}
			d := bytes.Clone(f.Data)
			for range 1 + rng.IntN(5) {
				at := rng.IntN(len(d))
				d = append(d[:at], append([]byte(fmt.Sprintf("# edit %d\n", c)), d[at:]...)...)
			}
			if rng.IntN(4) == 0 {
				d = d[:len(d)-rng.IntN(len(d)/4)]
			}
			files[name] = &fstest.MapFile{Data: d}
		}
		var err error
		if repo == nil {
			if _, err = Create(dir, files, Options{Bare: true}); err == nil {
				repo, err = git.PlainOpen(dir)
			}
		} else {
			_, err = Commit(repo, files, Options{Bare: true, Message: fmt.Sprint("c", c)}, "")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func sortedNames(files fstest.MapFS) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// TreeBomb makes a bare repository at dir whose commit's tree holds
// width^levels paths from levels+2 objects: one blob, then levels trees,
// each of width entries naming the same tree (or blob) below it. A walk
// that counted nothing would never end.
func TreeBomb(dir string, levels, width int) error {
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		return fmt.Errorf("init %s: %w", dir, err)
	}
	st := repo.Storer
	blob := st.NewEncodedObject()
	blob.SetType(plumbing.BlobObject)
	w, err := blob.Writer()
	if err != nil {
		return err
	}
	w.Write([]byte("import os\n"))
	w.Close()
	id, err := st.SetEncodedObject(blob)
	if err != nil {
		return err
	}
	mode := filemode.Regular
	for level := range levels {
		var tree object.Tree
		for i := range width {
			name := fmt.Sprintf("d%d", i)
			if level == 0 {
				name = fmt.Sprintf("m%d.py", i)
			}
			tree.Entries = append(tree.Entries, object.TreeEntry{Name: name, Mode: mode, Hash: id})
		}
		obj := st.NewEncodedObject()
		if err := tree.Encode(obj); err != nil {
			return err
		}
		if id, err = st.SetEncodedObject(obj); err != nil {
			return err
		}
		mode = filemode.Dir
	}
	sig := object.Signature{Name: "fixture", Email: "fixture@example.com", When: CommitTime}
	c := &object.Commit{Author: sig, Committer: sig, Message: "bomb", TreeHash: id}
	obj := st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return err
	}
	ch, err := st.SetEncodedObject(obj)
	if err != nil {
		return err
	}
	if err := st.SetReference(plumbing.NewHashReference("refs/heads/main", ch)); err != nil {
		return err
	}
	return st.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, "refs/heads/main"))
}
