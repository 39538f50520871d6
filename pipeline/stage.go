package pipeline

import (
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pysurvey/pysurvey/schema"
)

// A repository's fact rows are staged in memory, as Arrow record batches,
// until the repository is finished: only then do they go into the files of
// a part, so that a part holds whole repositories (the unit of commit,
// resume and reuse) and a repository that fails leaves no row anywhere.
// Each reader stages the files it read into a slot of its own (a
// repoState has one per reader), so readers never wait for each other;
// building the Arrow columns, the larger part of the writing work, is thus
// spread over the readers.

// factTables are the tables staged per file, in the order of a stage's
// batches.
var factTables = [...]*schema.Table{schema.FilesTable, schema.ImportsTable, schema.SymbolsTable, schema.DependenciesTable}

// stage is one reader's rows of one repository.
type stage struct {
	files        *schema.Builder[schema.File]
	imports      *schema.Builder[schema.Import]
	symbols      *schema.Builder[schema.Symbol]
	dependencies *schema.Builder[schema.Dependency]
	// batches holds the finished batches of each of factTables.
	batches [len(factTables)][]arrow.RecordBatch
	// projects found in manifests, merged per repository at its end.
	projects []schema.Project
	// staged counts the bytes of batches, shared by the repository's stages.
	staged *atomic.Int64
}

func newStage(staged *atomic.Int64) *stage {
	files, _ := schema.NewBuilder[schema.File](schema.FilesTable)
	imports, _ := schema.NewBuilder[schema.Import](schema.ImportsTable)
	symbols, _ := schema.NewBuilder[schema.Symbol](schema.SymbolsTable)
	dependencies, _ := schema.NewBuilder[schema.Dependency](schema.DependenciesTable)
	return &stage{files: files, imports: imports, symbols: symbols, dependencies: dependencies, staged: staged}
}

// add stages a file's row and facts.
func (s *stage) add(res *fileResult) error {
	key := res.file.FileKey
	if err := s.files.Append(&res.file); err != nil {
		return err
	}
	for i := range res.facts.Imports {
		res.facts.Imports[i].FileKey = key
		if err := s.imports.Append(&res.facts.Imports[i]); err != nil {
			return err
		}
	}
	for i := range res.facts.Symbols {
		res.facts.Symbols[i].FileKey = key
		if err := s.symbols.Append(&res.facts.Symbols[i]); err != nil {
			return err
		}
	}
	for i := range res.facts.Dependencies {
		res.facts.Dependencies[i].FileKey = key
		if err := s.dependencies.Append(&res.facts.Dependencies[i]); err != nil {
			return err
		}
	}
	s.flush(false)
	return nil
}

// flush turns built rows into batches: those of full builders, or all.
func (s *stage) flush(all bool) {
	lens := [len(factTables)]int{s.files.Len(), s.imports.Len(), s.symbols.Len(), s.dependencies.Len()}
	for i, n := range lens {
		if n == 0 || (!all && n < schema.BatchRows) {
			continue
		}
		var rec arrow.RecordBatch
		switch i {
		case 0:
			rec = s.files.NewBatch()
		case 1:
			rec = s.imports.NewBatch()
		case 2:
			rec = s.symbols.NewBatch()
		case 3:
			rec = s.dependencies.NewBatch()
		}
		s.batches[i] = append(s.batches[i], rec)
		s.staged.Add(schema.BatchBytes(rec))
	}
}

// release frees the builders (their batches are kept).
func (s *stage) release() {
	s.files.Release()
	s.imports.Release()
	s.symbols.Release()
	s.dependencies.Release()
}

// staged is a finished repository's rows, gathered from its stages.
type staged struct {
	batches  [len(factTables)][]arrow.RecordBatch
	projects []schema.Project
	rows     int64 // fact rows
	bytes    int64
}

// gather collects the stages of a finished repository. It must be called
// once every file of the repository is done (its readers no longer touch
// the stages).
func gather(stages []*stage) *staged {
	g := &staged{}
	for _, s := range stages {
		if s == nil {
			continue
		}
		s.flush(true)
		s.release()
		for i := range s.batches {
			for _, rec := range s.batches[i] {
				g.rows += rec.NumRows()
				g.bytes += schema.BatchBytes(rec)
			}
			g.batches[i] = append(g.batches[i], s.batches[i]...)
		}
		g.projects = append(g.projects, s.projects...)
	}
	return g
}

// release frees the batches.
func (g *staged) release() {
	for i := range g.batches {
		for _, rec := range g.batches[i] {
			rec.Release()
		}
		g.batches[i] = nil
	}
}
