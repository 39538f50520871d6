package pipeline

import (
	"errors"
	"path"
	"sort"
	"sync"

	"github.com/pysurvey/pysurvey/schema"
)

// sink holds the writers of one run's tables. It is used by the
// aggregator goroutine only.
type sink struct {
	repos        *schema.Writer[schema.Repo]
	files        *schema.Writer[schema.File]
	imports      *schema.Writer[schema.Import]
	symbols      *schema.Writer[schema.Symbol]
	dependencies *schema.Writer[schema.Dependency]
	projects     *schema.Writer[schema.Project]
	closers      []func() ([]string, error)
	aborters     []func()
}

func newSink(opts schema.WriterOptions) (*sink, error) {
	s := &sink{}
	var err error
	s.repos, err = addWriter[schema.Repo](s, schema.ReposTable, opts, err)
	s.files, err = addWriter[schema.File](s, schema.FilesTable, opts, err)
	s.imports, err = addWriter[schema.Import](s, schema.ImportsTable, opts, err)
	s.symbols, err = addWriter[schema.Symbol](s, schema.SymbolsTable, opts, err)
	s.dependencies, err = addWriter[schema.Dependency](s, schema.DependenciesTable, opts, err)
	s.projects, err = addWriter[schema.Project](s, schema.ProjectsTable, opts, err)
	return s, err
}

func addWriter[T any](s *sink, t *schema.Table, opts schema.WriterOptions, prev error) (*schema.Writer[T], error) {
	if prev != nil {
		return nil, prev
	}
	w, err := schema.NewWriter[T](t, opts)
	if err != nil {
		return nil, err
	}
	s.closers = append(s.closers, w.Close)
	s.aborters = append(s.aborters, w.Abort)
	return w, nil
}

// close completes every table's files, the tables side by side: each
// encodes and compresses its last row group here.
func (s *sink) close() error {
	errs := make([]error, len(s.closers))
	var wg sync.WaitGroup
	for i, c := range s.closers {
		wg.Go(func() { _, errs[i] = c() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// abort drops unfinished files.
func (s *sink) abort() {
	for _, a := range s.aborters {
		a()
	}
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

// aggregate is the one goroutine that writes rows. It drains results
// until the channel closes, even after a write error, so that senders
// never block; the first error is returned.
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
		if firstErr != nil {
			continue
		}
		switch m := msg.(type) {
		case *fileResult:
			keep(r.writeFile(s, m))
			for _, p := range m.facts.Projects {
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
				keep(writeProjects(s, ps))
			} else {
				sum.ReposFailed++
				sum.Failures = append(sum.Failures, m.repo.Repo+": "+m.repo.Error)
			}
			keep(s.repos.Append(&m.repo))
			if r.cfg.Progress != nil {
				r.cfg.Progress.RepoDone(m.repo.Repo, m.repo.Status == "ok")
			}
		}
	}
	return firstErr
}

// writeFile writes a file's row and facts, keyed to the file.
func (r *runner) writeFile(s *sink, m *fileResult) error {
	key := m.file.FileKey
	if err := s.files.Append(&m.file); err != nil {
		return err
	}
	for i := range m.facts.Imports {
		m.facts.Imports[i].FileKey = key
		if err := s.imports.Append(&m.facts.Imports[i]); err != nil {
			return err
		}
	}
	for i := range m.facts.Symbols {
		m.facts.Symbols[i].FileKey = key
		if err := s.symbols.Append(&m.facts.Symbols[i]); err != nil {
			return err
		}
	}
	for i := range m.facts.Dependencies {
		m.facts.Dependencies[i].FileKey = key
		if err := s.dependencies.Append(&m.facts.Dependencies[i]); err != nil {
			return err
		}
	}
	return nil
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
