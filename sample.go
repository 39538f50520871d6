// Package pysurvey surveys an organisation's Python repositories for
// architecture patterns and writes its findings as Parquet. The work is
// done by the packages pipeline (fetch, walk, extract, write), extractors
// (facts from files), schema (tables and Parquet) and queries (the SQL
// that interprets the facts); this package holds what ties them together
// for the command line: the bundled sample.
package pysurvey

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
)

// sample holds the bundled sample repositories, one directory each.
//
//go:embed all:testdata/sample
var sample embed.FS

// SampleFS returns the bundled sample: one directory per repository.
func SampleFS() fs.FS {
	sub, err := fs.Sub(sample, "testdata/sample")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	return sub
}

// SampleRepos turns the bundled sample into git repositories under dir
// (reused when already made from the same content) and returns the repo
// list that surveys them.
func SampleRepos(dir string) ([]sources.RepoSpec, error) {
	fsys := SampleFS()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading sample: %w", err)
	}
	sum, err := contentHash(fsys)
	if err != nil {
		return nil, fmt.Errorf("reading sample: %w", err)
	}
	root := filepath.Join(dir, "sample-"+sum[:12])
	var specs []sources.RepoSpec
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		path := filepath.Join(root, e.Name())
		if _, err := os.Stat(filepath.Join(path, "HEAD")); err != nil {
			sub, err := fs.Sub(fsys, e.Name())
			if err != nil {
				return nil, err
			}
			tmp := path + ".tmp"
			os.RemoveAll(tmp)
			if _, err := gitrepo.Create(tmp, sub, gitrepo.Options{Bare: true}); err != nil {
				return nil, fmt.Errorf("making sample repository %s: %w", e.Name(), err)
			}
			if err := os.Rename(tmp, path); err != nil && !os.IsExist(err) {
				return nil, fmt.Errorf("making sample repository %s: %w", e.Name(), err)
			}
		}
		specs = append(specs, sources.RepoSpec{Name: e.Name(), Source: "sample/" + e.Name(), Path: path})
	}
	return specs, nil
}

// contentHash hashes every path and content of fsys.
func contentHash(fsys fs.FS) (string, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		f, err := fsys.Open(p)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00", p)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
