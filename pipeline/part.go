package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pysurvey/pysurvey/schema"
)

// A run writes its rows part by part. A part holds the repositories that
// finished one after the other until the part reached PartRows fact rows:
// one file per table (files, imports, symbols, dependencies, projects,
// repos, and the result tables the Interpreter writes), named
// <run-id>-p<NNNN>. Its files are written under temporary names,
// interpreted, then moved into place, the repos file last: a repository's
// rows become visible together with its repos row, and a part is the unit
// that a resumed run keeps and that later runs reuse (repos.part).

// DefaultPartRows is the number of fact rows after which a part is closed
// (about 40 MB of Parquet, and what the interpretation of a part holds in
// memory at once stays well under 0.5 GB).
const DefaultPartRows = 1 << 20

// Interpreter computes the per-repository results of a part from its
// files: queries.Interpreter, in the pysurvey command.
type Interpreter interface {
	// Interpret reads the part's input files and writes the file of
	// every result table named in its outputs.
	Interpret(ctx context.Context, part schema.PartFiles) error
}

// part is the open part the committer adds finished repositories to.
type part struct {
	name     string
	sinks    [len(factTables)]*tableSink
	projects *schema.Writer[schema.Project]
	repos    []schema.Repo
	carried  []schema.Carried
	rows     int64
}

// tableSink writes the batches of one table of a part in a goroutine of
// its own, so that the tables of a part are encoded side by side.
type tableSink struct {
	in      chan arrow.RecordBatch
	done    chan struct{}
	fw      *schema.FileWriter
	pending schema.Pending
	err     error
}

func newTableSink(table *schema.Table, filePath string, meta schema.FileMeta) (*tableSink, error) {
	fw, err := schema.CreateFile(table, filePath, meta)
	if err != nil {
		return nil, err
	}
	s := &tableSink{in: make(chan arrow.RecordBatch, 16), done: make(chan struct{}), fw: fw}
	go func() {
		defer close(s.done)
		for rec := range s.in {
			if s.err == nil {
				s.err = fw.Write(rec)
			}
			rec.Release()
		}
		if s.err != nil {
			fw.Abort()
			return
		}
		s.pending, s.err = fw.Finish()
	}()
	return s, nil
}

// finish waits for the sink's batches to be written and its file to be
// complete.
func (s *tableSink) finish() (schema.Pending, error) {
	close(s.in)
	<-s.done
	return s.pending, s.err
}

// closedPart is a part whose fact files are complete, waiting for its
// interpretation and commit.
type closedPart struct {
	name    string
	files   []schema.Pending // facts and projects
	repos   []schema.Repo
	carried []schema.Carried
}

// committer adds finished repositories to parts and hands each full part
// to the interpretation. It is used by the aggregator goroutine only.
type committer struct {
	r      *runner
	next   int // number of the next part
	open   *part
	closed chan closedPart
	err    error // the first write error; nothing is written after it
}

// path is where a table's file of a part lies.
func (c *committer) path(table *schema.Table, name string) string {
	return schema.PartPath(c.r.cfg.Out, table, c.r.runDate, name)
}

// add puts a finished repository into the open part, opening one if
// needed, and closes the part when it is full.
func (c *committer) add(row schema.Repo, rows *staged, carried *schema.Carried) error {
	if c.err != nil {
		if rows != nil {
			rows.release()
		}
		return c.err
	}
	if c.open == nil {
		if c.err = c.start(); c.err != nil {
			if rows != nil {
				rows.release()
			}
			return c.err
		}
	}
	p := c.open
	if rows != nil {
		row.Part = path.Join(schema.PartitionOf(c.r.runDate), p.name)
		for i, batches := range rows.batches {
			for _, rec := range batches {
				p.sinks[i].in <- rec // the sink releases it
			}
			rows.batches[i] = nil
		}
		for _, proj := range mergeProjects(row.RepoKey, rows.projects) {
			if err := p.projects.Append(&proj); err != nil {
				c.err = err
				return err
			}
		}
		p.rows += rows.rows
	}
	p.repos = append(p.repos, row)
	if carried != nil {
		p.carried = append(p.carried, *carried)
	}
	if p.rows >= int64(c.r.cfg.PartRows) {
		return c.close()
	}
	return nil
}

func (c *committer) start() error {
	p := &part{name: schema.PartName(c.r.runID, c.r.shard, c.next)}
	c.next++
	meta := c.r.meta()
	for i, t := range factTables {
		s, err := newTableSink(t, c.path(t, p.name), meta)
		if err != nil {
			c.abortPart(p)
			return err
		}
		p.sinks[i] = s
	}
	w, err := schema.NewWriter[schema.Project](schema.ProjectsTable, c.path(schema.ProjectsTable, p.name), meta)
	if err != nil {
		c.abortPart(p)
		return err
	}
	p.projects = w
	c.open = p
	return nil
}

// close completes the open part's fact files and hands it on.
func (c *committer) close() error {
	p := c.open
	if p == nil {
		return c.err
	}
	c.open = nil
	var (
		files []schema.Pending
		errs  []error
	)
	for _, s := range p.sinks {
		pending, err := s.finish()
		errs = append(errs, err)
		if err == nil {
			files = append(files, pending)
		}
	}
	pending, err := p.projects.Finish()
	errs = append(errs, err)
	if err == nil {
		files = append(files, pending)
	}
	if err := errors.Join(errs...); err != nil {
		for _, f := range files {
			f.Discard()
		}
		c.err = err
		return err
	}
	c.closed <- closedPart{name: p.name, files: files, repos: p.repos, carried: p.carried}
	return nil
}

// abortPart drops the files of a part that cannot be completed.
func (c *committer) abortPart(p *part) {
	for _, s := range p.sinks {
		if s != nil {
			if pending, err := s.finish(); err == nil {
				pending.Discard()
			}
		}
	}
	if p.projects != nil {
		p.projects.Abort()
	}
}

// abort drops the open part after a write error.
func (c *committer) abort() {
	if c.open != nil {
		c.abortPart(c.open)
		c.open = nil
	}
}

// mergeProjects merges a repository's per-manifest project rows by root,
// the most authoritative manifest first.
func mergeProjects(key schema.RepoKey, ps []schema.Project) []schema.Project {
	for i := range ps {
		ps[i].RepoKey = key
	}
	sort.SliceStable(ps, func(i, j int) bool {
		ri, rj := manifestRank(ps[i].Manifests), manifestRank(ps[j].Manifests)
		if ri != rj {
			return ri < rj
		}
		return ps[i].Manifests < ps[j].Manifests
	})
	return schema.MergeProjects(ps)
}

// commitParts interprets and commits the parts the committer closes, in
// order, until the channel closes. It returns the first error; after it,
// parts are dropped.
func (r *runner) commitParts(ctx context.Context, parts <-chan closedPart) error {
	var firstErr error
	for p := range parts {
		if firstErr != nil {
			for _, f := range p.files {
				f.Discard()
			}
			continue
		}
		if err := r.commitPart(ctx, p); err != nil {
			firstErr = fmt.Errorf("part %s: %w", p.name, err)
			r.log.Error("writing output failed", "error", firstErr)
			r.stop(firstErr)
		}
	}
	return firstErr
}

// commitPart writes a closed part's repos file, has its results computed,
// and moves its files into place, the repos file last.
func (r *runner) commitPart(ctx context.Context, p closedPart) (err error) {
	start := time.Now()
	files := p.files
	defer func() {
		if err != nil {
			for _, f := range files {
				f.Discard()
			}
		}
	}()
	meta := r.meta()
	repos, err := schema.NewWriter[schema.Repo](schema.ReposTable, schema.PartPath(r.cfg.Out, schema.ReposTable, r.runDate, p.name), meta)
	if err != nil {
		return err
	}
	for i := range p.repos {
		if err := repos.Append(&p.repos[i]); err != nil {
			repos.Abort()
			return err
		}
	}
	reposFile, err := repos.Finish()
	if err != nil {
		return err
	}
	files = append(files, reposFile)
	if r.cfg.Interpreter != nil {
		in := schema.PartFiles{RunID: r.runID, Name: p.name, Inputs: map[string]string{}, Outputs: map[string]string{},
			Carried: p.carried, Dir: r.cfg.Out}
		for _, f := range files {
			in.Inputs[tableOf(f.Path)] = f.Tmp
		}
		var outputs []schema.Pending
		for _, t := range schema.ResultTables() {
			final := schema.PartPath(r.cfg.Out, t, r.runDate, p.name)
			out := schema.Pending{Tmp: schema.TempPath(final), Path: final}
			in.Outputs[t.Name] = out.Tmp
			outputs = append(outputs, out)
		}
		// Outputs are removed on failure too: the interpretation may have
		// written some.
		files = append(outputs, files...)
		if err := r.cfg.Interpreter.Interpret(ctx, in); err != nil {
			return fmt.Errorf("interpreting: %w", err)
		}
		for _, o := range outputs {
			if err := o.Sync(); err != nil {
				return err
			}
		}
	}
	last := len(files) - 1 // the repos file
	if err := schema.Commit(files[:last]...); err != nil {
		files = files[last:]
		return err
	}
	if err := r.publish(ctx, paths(files[:last])...); err != nil {
		files = files[last:]
		return err
	}
	files = files[last:]
	if err := schema.Commit(files...); err != nil {
		return err
	}
	if err := r.publish(ctx, paths(files)...); err != nil {
		return err
	}
	r.parts = append(r.parts, path.Join(schema.PartitionOf(r.runDate), p.name))
	r.log.Debug("part written", "part", p.name, "repos", len(p.repos), "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// paths returns the final paths of files.
func paths(files []schema.Pending) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Path
	}
	return out
}

// tableOf returns the table a part file belongs to: the directory above
// its partition.
func tableOf(p string) string {
	return filepath.Base(filepath.Dir(filepath.Dir(p)))
}
