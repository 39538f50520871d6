package pipeline

import (
	"errors"
	"path"
	"sort"
	"sync"

	"github.com/pysurvey/pysurvey/schema"
)

// The tables are written in two places. A few writer goroutines write the
// rows found per file (files, imports, symbols, dependencies), which the
// readers hand them, so that building and encoding rows grows with the
// readers instead of passing through one goroutine. Each writer writes its
// own files of those tables, numbered by counters shared per table. The
// aggregator writes the rows known per repository (repos, projects) and
// counts the files.

// writers is the number of writer goroutines for a number of readers.
// Writing a file's rows takes about a third of the time spent on the file,
// so one writer per two readers keeps up; at most 8, so that the files per
// run and the memory of buffered row groups (tens of MB per writer on
// large runs) stay bounded.
func writers(readers int) int { return min(8, max(1, readers/2)) }

// writeFiles is a writer goroutine: it writes the rows the readers hand
// it until the channel closes, then completes its files. After an error
// it goes on draining, writing nothing, and returns that error.
func (r *runner) writeFiles() error {
	w := newFactWriters(r.facts)
	for res := range r.rows {
		if err := w.write(res); err != nil && !w.logged {
			w.logged = true
			r.cfg.Logger.Error("writing output failed", "error", err)
		}
	}
	return w.close()
}

// factTables says where the per-file tables go: the options of each, with
// the counter that numbers its files across the writers.
type factTables struct {
	files, imports, symbols, dependencies schema.WriterOptions
}

func newFactTables(opts schema.WriterOptions) factTables {
	with := func() schema.WriterOptions {
		o := opts
		o.Shards = new(schema.Shards)
		return o
	}
	return factTables{files: with(), imports: with(), symbols: with(), dependencies: with()}
}

// writeEmpty gives each per-file table that received no rows its one
// empty file, so that readers find its schema.
func (t factTables) writeEmpty() error {
	return errors.Join(
		emptyTable[schema.File](schema.FilesTable, t.files),
		emptyTable[schema.Import](schema.ImportsTable, t.imports),
		emptyTable[schema.Symbol](schema.SymbolsTable, t.symbols),
		emptyTable[schema.Dependency](schema.DependenciesTable, t.dependencies))
}

func emptyTable[T any](table *schema.Table, opts schema.WriterOptions) error {
	if opts.Shards.Started() > 0 {
		return nil
	}
	w, err := schema.NewWriter[T](table, opts)
	if err != nil {
		return err
	}
	_, err = w.Close()
	return err
}

// factWriters are one writer goroutine's writers of the per-file tables,
// each made when its first row comes. After the first error it writes
// nothing more.
type factWriters struct {
	files        lazyWriter[schema.File]
	imports      lazyWriter[schema.Import]
	symbols      lazyWriter[schema.Symbol]
	dependencies lazyWriter[schema.Dependency]
	err          error
	logged       bool // err was logged
}

func newFactWriters(t factTables) *factWriters {
	return &factWriters{
		files:        lazyWriter[schema.File]{table: schema.FilesTable, opts: t.files},
		imports:      lazyWriter[schema.Import]{table: schema.ImportsTable, opts: t.imports},
		symbols:      lazyWriter[schema.Symbol]{table: schema.SymbolsTable, opts: t.symbols},
		dependencies: lazyWriter[schema.Dependency]{table: schema.DependenciesTable, opts: t.dependencies},
	}
}

// write appends a file's row and facts, keyed to the file. It returns the
// first error met, now or before.
func (w *factWriters) write(m *fileResult) error {
	if w.err != nil {
		return w.err
	}
	w.err = w.append(m)
	return w.err
}

func (w *factWriters) append(m *fileResult) error {
	key := m.file.FileKey
	if err := w.files.append(&m.file); err != nil {
		return err
	}
	for i := range m.facts.Imports {
		m.facts.Imports[i].FileKey = key
		if err := w.imports.append(&m.facts.Imports[i]); err != nil {
			return err
		}
	}
	for i := range m.facts.Symbols {
		m.facts.Symbols[i].FileKey = key
		if err := w.symbols.append(&m.facts.Symbols[i]); err != nil {
			return err
		}
	}
	for i := range m.facts.Dependencies {
		m.facts.Dependencies[i].FileKey = key
		if err := w.dependencies.append(&m.facts.Dependencies[i]); err != nil {
			return err
		}
	}
	return nil
}

// close completes the writers' files, the tables side by side (each
// encodes and compresses its last row group here), or, after an error,
// drops the unfinished files and returns that error.
func (w *factWriters) close() error {
	if w.err != nil {
		w.files.abort()
		w.imports.abort()
		w.symbols.abort()
		w.dependencies.abort()
		return w.err
	}
	errs := make([]error, 4)
	var wg sync.WaitGroup
	wg.Go(func() { errs[0] = w.files.close() })
	wg.Go(func() { errs[1] = w.imports.close() })
	wg.Go(func() { errs[2] = w.symbols.close() })
	wg.Go(func() { errs[3] = w.dependencies.close() })
	wg.Wait()
	return errors.Join(errs...)
}

// lazyWriter is a table writer made when its first row comes, so that a
// writer goroutine that never sees a table's rows writes no file of it.
type lazyWriter[T any] struct {
	table *schema.Table
	opts  schema.WriterOptions
	w     *schema.Writer[T]
}

func (l *lazyWriter[T]) append(row *T) error {
	if l.w == nil {
		w, err := schema.NewWriter[T](l.table, l.opts)
		if err != nil {
			return err
		}
		l.w = w
	}
	return l.w.Append(row)
}

func (l *lazyWriter[T]) close() error {
	if l.w == nil {
		return nil
	}
	_, err := l.w.Close()
	return err
}

func (l *lazyWriter[T]) abort() {
	if l.w != nil {
		l.w.Abort()
	}
}

// sink holds the writers of the per-repository tables. It is used by the
// aggregator goroutine only.
type sink struct {
	repos    *schema.Writer[schema.Repo]
	projects *schema.Writer[schema.Project]
}

func newSink(opts schema.WriterOptions) (*sink, error) {
	repos, err := schema.NewWriter[schema.Repo](schema.ReposTable, opts)
	if err != nil {
		return nil, err
	}
	projects, err := schema.NewWriter[schema.Project](schema.ProjectsTable, opts)
	if err != nil {
		repos.Abort()
		return nil, err
	}
	return &sink{repos: repos, projects: projects}, nil
}

// close completes the tables' files.
func (s *sink) close() error {
	_, reposErr := s.repos.Close()
	_, projectsErr := s.projects.Close()
	return errors.Join(reposErr, projectsErr)
}

// abort drops unfinished files.
func (s *sink) abort() {
	s.repos.Abort()
	s.projects.Abort()
}

// writeRun writes the run's row, the last file of a run.
func writeRun(opts schema.WriterOptions, run schema.Run) error {
	w, err := schema.NewWriter[schema.Run](schema.RunsTable, opts)
	if err != nil {
		return err
	}
	if err := w.Append(&run); err != nil {
		w.Abort()
		return err
	}
	_, err = w.Close()
	return err
}

// fileDone tells the aggregator that a reader handed a file's rows to the
// writers, with the project rows its manifest gave (merged per repository
// at its end).
type fileDone struct {
	file     schema.FileKey
	projects []schema.Project
}

// aggregate is the one goroutine that writes the per-repository rows. It
// drains results until the channel closes, even after a write error, so
// that senders never block; the first error is returned.
func (r *runner) aggregate(s *sink, sum *Summary) error {
	var firstErr error
	keep := func(err error) {
		if err != nil && firstErr == nil {
			firstErr = err
			r.cfg.Logger.Error("writing output failed", "error", err)
		}
	}
	projects := map[string][]schema.Project{}
	for msg := range r.results {
		switch m := msg.(type) {
		case *fileDone:
			for _, p := range m.projects {
				p.RepoKey = m.file.RepoKey
				if p.Manifests == "" {
					p.Manifests = path.Base(m.file.Path)
				}
				projects[m.file.Repo] = append(projects[m.file.Repo], p)
			}
			sum.Files++
			if r.cfg.Progress != nil {
				r.cfg.Progress.FilesDone(1)
			}
		case *repoResult:
			ps := projects[m.repo.Repo]
			delete(projects, m.repo.Repo)
			if m.repo.Status == "ok" {
				sum.ReposOK++
			} else {
				sum.ReposFailed++
				sum.Failures = append(sum.Failures, m.repo.Repo+": "+m.repo.Error)
			}
			if firstErr == nil && m.repo.Status == "ok" {
				keep(writeProjects(s, ps))
			}
			if firstErr == nil {
				keep(s.repos.Append(&m.repo))
			}
			if r.cfg.Progress != nil {
				r.cfg.Progress.RepoDone(m.repo.Repo, m.repo.Status == "ok")
			}
		}
	}
	return firstErr
}

// writeProjects merges a repository's per-manifest project rows by root
// and writes them.
func writeProjects(s *sink, ps []schema.Project) error {
	sort.SliceStable(ps, func(i, j int) bool {
		ri, rj := manifestRank(ps[i].Manifests), manifestRank(ps[j].Manifests)
		if ri != rj {
			return ri < rj
		}
		return ps[i].Manifests < ps[j].Manifests
	})
	for _, p := range schema.MergeProjects(ps) {
		if err := s.projects.Append(&p); err != nil {
			return err
		}
	}
	return nil
}
