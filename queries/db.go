package queries

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver

	"github.com/pysurvey/pysurvey/schema"
)

// Options say which data a DB reads.
type Options struct {
	// DataDir is the output root of pysurvey run.
	DataDir string
	// AllRuns makes the table views cover every complete run instead of
	// the latest one.
	AllRuns bool
	// RunID, when set, selects that one complete run.
	RunID string
	// PatternsFile is a CSV of pattern rows that add to or override the
	// shipped catalog (same columns). Results of runs made with another
	// catalog are recomputed from the facts.
	PatternsFile string
	// Logger is told of files skipped because they cannot be read, and of
	// results recomputed; nil discards.
	Logger *slog.Logger
	// AsWritten reads every run's results as it wrote them, whatever its
	// catalog, recomputing only those of runs that wrote none (for Script,
	// whose output outlives the DB).
	AsWritten bool
	// Script records the statements that make the views, for DB.Script.
	Script bool
	// Partial says the data is a partial copy (of a bucket, holding what
	// the statements to run read): fact files missing from it are left
	// out of the views rather than making their run unreadable.
	Partial bool
	// ReadOnly runs user statements read-only: one SELECT or EXPLAIN at a
	// time, no file read outside the data, nothing written, no network,
	// no extension (for SQL given by others, in CI or a service).
	ReadOnly bool
}

// DB is an in-memory DuckDB with views over a survey's Parquet files: one
// view per table over the selected runs (the latest complete one, by
// default), all_<table> over every complete run, the tables patterns and
// stdlib, and the helper views of views/*.sql. The result tables
// (repo_summary, repo_patterns, pattern_hits, repo_imports, and
// repo_architecture drawn from repo_summary) are read as the runs wrote
// them when they were made with the DB's catalog, else recomputed from the
// facts, a part at a time.
type DB struct {
	e       *engine
	dataDir string
	partial bool // Options.Partial
	log     *slog.Logger
	// selection selects, from all_runs, the runs Open was asked for.
	selection     string
	selectionArgs []any
	// allViews names the all_<table> views made.
	allViews map[string]bool
	// patternsFile is the catalog's extra rows, for recomputing.
	patternsFile string
	// scratch holds results recomputed with the DB's catalog, by run;
	// recomputed names the runs done. Removed by Close.
	scratch    string
	recomputed map[string]bool
	// selected caches the run ids now selected; resultsReady is set once
	// the result views over them exist.
	selected     []selectedRun
	resultsReady bool
	// skipped names the runs left out because a file of theirs cannot be
	// read, with why.
	skipped map[string]string
	// asWritten is Options.AsWritten; script the statements recorded.
	asWritten bool
	script    []string
	// release undoes readableDir (the data directory's name).
	release func()
	// readOnly is set by lockDown.
	readOnly bool
}

// selectedRun is a run the views read.
type selectedRun struct {
	id, catalogHash string
}

// ErrNoRuns means the data directory holds no complete run.
var ErrNoRuns = errors.New("no complete run found")

// resultNames are the views that read or recompute per-repository
// results; helper views of these names are not made by the DB.
var resultNames = []string{"repo_summary", "repo_patterns", "pattern_hits", "repo_imports", "repo_architecture"}

// Open creates the database and its views.
func Open(ctx context.Context, opts Options) (*DB, error) {
	if fi, err := os.Stat(opts.DataDir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("data directory %s: not found (run pysurvey run first, or pass --data)", opts.DataDir)
	}
	dataDir, release, err := ReadableDir(opts.DataDir)
	if err != nil {
		return nil, err
	}
	opts.DataDir = dataDir
	e, err := openEngine(ctx, opts.PatternsFile)
	if err != nil {
		release()
		return nil, err
	}
	for _, n := range resultNames {
		e.overridden[n] = true
	}
	db := &DB{e: e, dataDir: opts.DataDir, partial: opts.Partial, log: opts.Logger, allViews: map[string]bool{}, patternsFile: opts.PatternsFile,
		recomputed: map[string]bool{}, skipped: map[string]string{}, asWritten: opts.AsWritten, release: release}
	if opts.Script {
		e.script = &db.script
	}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	if err := db.setUp(ctx, opts); err != nil {
		db.Close()
		return nil, err
	}
	if opts.ReadOnly {
		if err := db.lockDown(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// Close releases the database and removes recomputed results.
func (db *DB) Close() error {
	defer db.release()
	err := db.e.close()
	if db.scratch != "" {
		os.RemoveAll(db.scratch)
	}
	return err
}

// CatalogHash identifies the DB's interpretation (see schema.Run).
func (db *DB) CatalogHash() string { return db.e.hash }

func (db *DB) exec(ctx context.Context, stmt string, args ...any) error {
	return db.e.exec(ctx, stmt, args...)
}

func (db *DB) setUp(ctx context.Context, opts Options) error {
	if err := db.createAllRuns(ctx); err != nil {
		return err
	}
	var n int
	if err := db.e.conn.QueryRowContext(ctx, "SELECT count(*) FROM all_runs").Scan(&n); err != nil {
		return fmt.Errorf("reading runs: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w in %s (run pysurvey run first)", ErrNoRuns, opts.DataDir)
	}
	db.selection = latestRun
	switch {
	case opts.RunID != "":
		db.selection, db.selectionArgs = "SELECT run_id FROM all_runs WHERE run_id = ?", []any{opts.RunID}
	case opts.AllRuns:
		db.selection = "SELECT run_id FROM all_runs"
	}
	if err := db.selectRuns(ctx, db.selection, db.selectionArgs...); err != nil {
		return err
	}
	if len(db.selected) == 0 {
		if opts.RunID != "" {
			if why, bad := db.skipped[opts.RunID]; bad {
				return fmt.Errorf("run %s cannot be read: %s", opts.RunID, why)
			}
			return fmt.Errorf("%w with run_id %q in %s", ErrNoRuns, opts.RunID, opts.DataDir)
		}
		return fmt.Errorf("%w in %s whose files can all be read", ErrNoRuns, opts.DataDir)
	}
	return nil
}

// latestRun is the default selection: the latest complete run whose files
// can be read (selectRuns goes back past those that cannot).
const latestRun = "SELECT run_id FROM all_runs ORDER BY coalesce(as_of, started_at) DESC, run_id DESC"

// runIDPattern matches the run identifiers pysurvey writes; others are
// never turned into file names.
var runIDPattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z-]*$`)

// createAllRuns creates all_runs over every readable runs file: the runs
// that completed. A file that cannot be read is skipped with a warning.
func (db *DB) createAllRuns(ctx context.Context) error {
	files, _ := filepath.Glob(filepath.Join(db.dataDir, schema.RunsTable.Name, "run_date=*", "*.parquet"))
	files = db.readable(files)
	src, err := db.e.source(ctx, schema.RunsTable, files)
	if err != nil {
		return err
	}
	// A run is usable when complete and not discarded (a second row).
	if err := db.exec(ctx, "CREATE OR REPLACE TEMP TABLE runs_files AS SELECT * FROM "+src); err != nil {
		return err
	}
	return db.exec(ctx, `CREATE OR REPLACE VIEW all_runs AS SELECT * FROM runs_files
		WHERE status = 'complete' AND run_id NOT IN (SELECT run_id FROM runs_files WHERE status = 'discarded')`)
}

// readable returns the files that look like whole Parquet files (the
// magic bytes at both ends, a footer that fits), warning of the others.
func (db *DB) readable(files []string) []string {
	var ok []string
	for _, f := range files {
		if err := schema.CheckFile(f); err != nil {
			db.log.Warn("skipping an unreadable file", "file", f, "error", err)
			continue
		}
		ok = append(ok, f)
	}
	return ok
}

// runFiles lists the files of a table written by a run (schema.RunFiles).
func (db *DB) runFiles(dir string, t *schema.Table, run string) []string {
	return schema.RunFiles(dir, t, run)
}

// selectRuns makes the table views read the runs that the query (over
// all_runs) selects: each view reads the files of those runs only (and of
// the earlier runs whose parts they reuse), so a long history costs a
// query about one run nothing. A run with a file that cannot be read is
// left out, with a warning naming the file; for the default selection the
// latest run that can be read is taken. Caches built for other runs are
// dropped.
func (db *DB) selectRuns(ctx context.Context, query string, args ...any) error {
	if err := db.e.dropCache(ctx); err != nil {
		return err
	}
	db.resultsReady = false
	if err := db.exec(ctx, "CREATE OR REPLACE TEMP TABLE selected_runs AS SELECT row_number() OVER () AS ord, run_id FROM ("+query+")", args...); err != nil {
		return err
	}
	runs, err := db.runsIn(ctx, "SELECT s.run_id, coalesce(r.catalog_hash, '') FROM selected_runs s JOIN all_runs r USING (run_id) ORDER BY s.ord")
	if err != nil {
		return err
	}
	var ok []selectedRun
	for _, r := range runs {
		if !db.usable(ctx, r.id) {
			continue
		}
		ok = append(ok, r)
		if query == latestRun {
			break
		}
	}
	db.selected = ok
	return db.createViews(ctx, "", ok)
}

// usable checks the files a run's views read: its repos files and the
// fact files of the parts its repositories' rows lie in. It remembers
// why a run cannot be read (db.skipped), warning once.
func (db *DB) usable(ctx context.Context, run string) bool {
	if _, bad := db.skipped[run]; bad {
		return false
	}
	fail := func(err error) bool {
		db.skipped[run] = err.Error()
		db.log.Warn("skipping a run that cannot be read", "run_id", run, "error", err)
		return false
	}
	files := db.runFiles(db.dataDir, schema.ReposTable, run)
	if len(files) == 0 {
		return fail(fmt.Errorf("no repos file"))
	}
	for _, f := range files {
		if err := schema.CheckFile(f); err != nil {
			return fail(err)
		}
	}
	src, err := db.e.source(ctx, schema.ReposTable, files)
	if err != nil {
		return fail(err)
	}
	parts, err := db.partsOf(ctx, fmt.Sprintf(`(SELECT coalesce(nullif(reused_from, ''), run_id) AS producer, nullif(part, '') AS part
		FROM %s WHERE status = 'ok' AND run_id = %s)`, src, quote(run)))
	if err != nil {
		return fail(err)
	}
	for _, t := range schema.FactTables() {
		for _, p := range parts {
			for _, f := range db.factPaths(t, p) {
				if err := schema.CheckFile(f); err != nil {
					return fail(err)
				}
			}
		}
	}
	return true
}

// runsIn reads (run_id, catalog_hash) rows, keeping well-formed ids.
func (db *DB) runsIn(ctx context.Context, query string) ([]selectedRun, error) {
	rows, err := db.e.conn.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("reading selected runs: %w", err)
	}
	defer rows.Close()
	var runs []selectedRun
	for rows.Next() {
		var r selectedRun
		if err := rows.Scan(&r.id, &r.catalogHash); err != nil {
			return nil, err
		}
		if runIDPattern.MatchString(r.id) {
			runs = append(runs, r)
		}
	}
	return runs, rows.Err()
}

// createViews creates, for runs (checked by usable), the views
// <prefix>runs, <prefix>repos and <prefix><table> of every fact table.
func (db *DB) createViews(ctx context.Context, prefix string, runs []selectedRun) error {
	var reposFiles []string
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.id
		reposFiles = append(reposFiles, db.runFiles(db.dataDir, schema.ReposTable, r.id)...)
	}
	idList, err := db.e.bind(ctx, ids)
	if err != nil {
		return err
	}
	if prefix == "" { // all_runs, every complete run, exists from the start
		if err := db.exec(ctx, fmt.Sprintf("CREATE OR REPLACE VIEW runs AS SELECT * FROM all_runs WHERE list_contains(%s, run_id)", idList)); err != nil {
			return err
		}
	}
	src, err := db.e.source(ctx, schema.ReposTable, reposFiles)
	if err != nil {
		return err
	}
	if err := db.exec(ctx, fmt.Sprintf("CREATE OR REPLACE VIEW %srepos AS SELECT * FROM %s WHERE list_contains(%s, run_id)", prefix, src, idList)); err != nil {
		return err
	}
	// fact_refs says where each repository's facts are: the run that
	// extracted them (producer) and its part.
	refs := prefix + "fact_refs"
	if err := db.exec(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS
		SELECT run_id, run_date, repo, coalesce(nullif(reused_from, ''), run_id) AS producer, nullif(part, '') AS part
		FROM %srepos WHERE status = 'ok'`, refs, prefix)); err != nil {
		return err
	}
	parts, err := db.partsOf(ctx, refs)
	if err != nil {
		return err
	}
	for _, t := range schema.FactTables() {
		src, err := db.e.source(ctx, t, db.factFiles(t, parts))
		if err != nil {
			return err
		}
		stmt := fmt.Sprintf(`CREATE OR REPLACE VIEW %s%s AS
			SELECT f.* REPLACE (r.run_id AS run_id, r.run_date AS run_date)
			FROM %s f JOIN %s r ON f.run_id = r.producer AND f.repo = r.repo`, prefix, t.Name, src, refs)
		if err := db.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// partRef is a part whose facts the selected runs read; part is empty for
// runs of the earlier layout, whose files are found by their run id.
type partRef struct {
	producer, part string
}

// partsOf lists the distinct parts a refs table points at.
func (db *DB) partsOf(ctx context.Context, refs string) ([]partRef, error) {
	rows, err := db.e.conn.QueryContext(ctx, "SELECT DISTINCT producer, coalesce(part, '') FROM "+refs+" ORDER BY ALL")
	if err != nil {
		return nil, fmt.Errorf("reading parts: %w", err)
	}
	defer rows.Close()
	var parts []partRef
	for rows.Next() {
		var p partRef
		if err := rows.Scan(&p.producer, &p.part); err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	return parts, rows.Err()
}

// partPattern matches the part names repos.part holds.
var partPattern = regexp.MustCompile(`^run_date=\d{4}-\d{2}-\d{2}/[0-9A-Za-z][0-9A-Za-z-]*$`)

// factFiles returns the files of a table that hold the given parts.
func (db *DB) factFiles(t *schema.Table, parts []partRef) []string {
	var files []string
	for _, p := range parts {
		files = append(files, db.factPaths(t, p)...)
	}
	return files
}

// factPaths returns the files of a table that hold one part.
func (db *DB) factPaths(t *schema.Table, p partRef) []string {
	switch {
	case p.part == "" && runIDPattern.MatchString(p.producer):
		return db.runFiles(db.dataDir, t, p.producer)
	case partPattern.MatchString(p.part):
		f := schema.PartFile(db.dataDir, t, p.part)
		if _, err := os.Stat(f); err == nil || (t != schema.PatternHitsTable && !db.partial) {
			return []string{f}
		}
	}
	return nil
}

// prepare readies the views a statement needs: all_<table> views it
// names, the result views when it reads results, and the helper views.
func (db *DB) prepare(ctx context.Context, stmt string) error {
	texts := []string{stripComments(stmt)}
	for name := range db.e.needed(stmt) {
		for _, v := range db.e.views {
			if v.name == name {
				texts = append(texts, v.code)
			}
		}
	}
	text := strings.Join(texts, "\n")
	if db.referencesAll(text) {
		if err := db.createAll(ctx); err != nil {
			return err
		}
	}
	for _, n := range resultNames {
		if references(text, n) && !db.resultsReady {
			if err := db.createResults(ctx, "", db.selected); err != nil {
				return err
			}
			db.resultsReady = true
		}
	}
	return db.e.prepare(ctx, stmt)
}

// referencesAll reports whether text names an all_<table> view not yet made.
func (db *DB) referencesAll(text string) bool {
	if db.allViews["*"] {
		return false
	}
	for _, t := range schema.Tables() {
		if t != schema.RunsTable && references(text, "all_"+t.Name) {
			return true
		}
	}
	return references(text, "all_repo_architecture")
}

// createAll makes the all_<table> views over every complete run. Binding
// them reads the footers of the whole history, so they are made only
// when a statement names one.
func (db *DB) createAll(ctx context.Context) error {
	runs, err := db.runsIn(ctx, "SELECT run_id, coalesce(catalog_hash, '') FROM all_runs ORDER BY run_id")
	if err != nil {
		return err
	}
	var ok []selectedRun
	for _, r := range runs {
		if db.usable(ctx, r.id) {
			ok = append(ok, r)
		}
	}
	if err := db.createViews(ctx, "all_", ok); err != nil {
		return err
	}
	if err := db.createResults(ctx, "all_", ok); err != nil {
		return err
	}
	db.allViews["*"] = true
	return nil
}

// createResults creates the views <prefix>repo_summary, repo_patterns,
// pattern_hits, repo_imports and repo_architecture over runs: the results
// each run wrote when its catalog is the DB's, else results recomputed
// from its facts.
func (db *DB) createResults(ctx context.Context, prefix string, runs []selectedRun) error {
	var persisted []string
	refs := prefix + "fact_refs"
	for _, r := range runs {
		if (r.catalogHash == db.e.hash || db.asWritten && r.catalogHash != "") && db.resultsReadable(ctx, refs, r.id) {
			persisted = append(persisted, r.id)
			continue
		}
		if err := db.recompute(ctx, r.id); err != nil {
			return err
		}
	}
	for _, t := range schema.ResultTables() {
		var own []string // files holding rows under the selected runs' ids
		for _, id := range persisted {
			if t != schema.PatternHitsTable {
				own = append(own, db.runFiles(db.dataDir, t, id)...)
			}
		}
		for _, r := range runs {
			if db.recomputed[r.id] {
				own = append(own, db.runFiles(db.scratch, t, r.id)...)
			}
		}
		src, err := db.e.source(ctx, t, own)
		if err != nil {
			return err
		}
		stmt := fmt.Sprintf("CREATE OR REPLACE VIEW %s%s AS SELECT * FROM %s", prefix, t.Name, src)
		if t == schema.PatternHitsTable {
			// Persisted hits lie beside the facts, in the producers' parts.
			parts, err := db.persistedParts(ctx, refs, persisted)
			if err != nil {
				return err
			}
			hits, err := db.e.source(ctx, t, db.factFiles(t, parts))
			if err != nil {
				return err
			}
			stmt = fmt.Sprintf(`CREATE OR REPLACE VIEW %spattern_hits AS
				SELECT f.* REPLACE (r.run_id AS run_id, r.run_date AS run_date)
				FROM %s f JOIN %s r ON f.run_id = r.producer AND f.repo = r.repo
				WHERE list_contains(%s, r.run_id)
				UNION ALL BY NAME SELECT * FROM %s`, prefix, hits, refs, db.mustBind(ctx, persisted), src)
		}
		if err := db.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return db.exec(ctx, fmt.Sprintf(`CREATE OR REPLACE VIEW %srepo_architecture AS
		SELECT run_id, repo, architecture, architecture_evidence AS evidence FROM %srepo_summary`, prefix, prefix))
}

// resultsReadable checks the result files a run wrote; when one cannot
// be read, the run's results are recomputed from its facts instead.
func (db *DB) resultsReadable(ctx context.Context, refs, run string) bool {
	var files []string
	parts := len(db.runFiles(db.dataDir, schema.ReposTable, run))
	for _, t := range schema.ResultTables() {
		if t == schema.PatternHitsTable {
			continue
		}
		own := db.runFiles(db.dataDir, t, run)
		if db.partial && len(own) == 0 {
			continue // not copied: not read by what the copy is for
		}
		if len(own) != parts { // every part has its result files
			db.log.Warn("recomputing the results of a run whose result files are missing", "run_id", run, "table", t.Name)
			return false
		}
		files = append(files, own...)
	}
	hits, err := db.persistedParts(ctx, refs, []string{run})
	if err == nil {
		files = append(files, db.factFiles(schema.PatternHitsTable, hits)...)
	}
	for _, f := range files {
		if err := schema.CheckFile(f); err != nil {
			db.log.Warn("recomputing the results of a run whose result file cannot be read", "run_id", run, "error", err)
			return false
		}
	}
	return err == nil
}

// mustBind binds a list, or returns an empty list literal on failure
// (which only an interrupted context causes; the next statement fails then).
func (db *DB) mustBind(ctx context.Context, values []string) string {
	expr, err := db.e.bind(ctx, values)
	if err != nil {
		return "[]::VARCHAR[]"
	}
	return expr
}

// persistedParts lists the parts of the runs whose results are read as
// written.
func (db *DB) persistedParts(ctx context.Context, refs string, runs []string) ([]partRef, error) {
	if len(runs) == 0 {
		return nil, nil
	}
	list, err := db.e.bind(ctx, runs)
	if err != nil {
		return nil, err
	}
	return db.partsOf(ctx, "(SELECT * FROM "+refs+" WHERE list_contains("+list+", run_id))")
}

// recomputeBatch is the number of repositories recomputed at once from a
// run of the earlier layout, whose files mix every repository.
const recomputeBatch = 200

// recompute computes the results of a run with the DB's catalog, from its
// facts, a part at a time, into the scratch directory.
func (db *DB) recompute(ctx context.Context, run string) error {
	if db.recomputed[run] {
		return nil
	}
	if db.scratch == "" {
		dir, err := os.MkdirTemp("", "pysurvey-results-")
		if err != nil {
			return fmt.Errorf("recomputing results: %w", err)
		}
		db.scratch = dir
	}
	in, err := NewInterpreter(ctx, db.patternsFile)
	if err != nil {
		return err
	}
	defer in.Close()
	units, runDate, err := db.unitsOf(ctx, run)
	if err != nil {
		return err
	}
	db.log.Info("recomputing results with this catalog", "run_id", run, "units", len(units))
	for i, u := range units {
		outputs := map[string]string{}
		for _, t := range schema.ResultTables() {
			p := filepath.Join(db.scratch, t.Name, "run_date="+runDate, fmt.Sprintf("%s-p%04d.parquet", run, i))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			outputs[t.Name] = p
		}
		if err := in.interpret(ctx, u, outputs); err != nil {
			return fmt.Errorf("recomputing the results of run %s: %w", run, err)
		}
	}
	db.recomputed[run] = true
	return nil
}

// unitsOf splits a run's repositories surveyed ok into units of
// interpretation: one per part they lie in, or batches of
// recomputeBatch repositories for runs of the earlier layout.
func (db *DB) unitsOf(ctx context.Context, run string) ([]unit, string, error) {
	reposFiles := db.runFiles(db.dataDir, schema.ReposTable, run)
	src, err := db.e.source(ctx, schema.ReposTable, reposFiles)
	if err != nil {
		return nil, "", err
	}
	rows, err := db.e.conn.QueryContext(ctx, fmt.Sprintf(`SELECT coalesce(nullif(reused_from, ''), run_id), coalesce(part, ''), repo, strftime(run_date, '%%Y-%%m-%%d')
		FROM %s WHERE run_id = ? AND status = 'ok' ORDER BY ALL`, src), run)
	if err != nil {
		return nil, "", fmt.Errorf("reading the repositories of run %s: %w", run, err)
	}
	defer rows.Close()
	byPart := map[partRef][]string{}
	var order []partRef
	var runDate string
	for rows.Next() {
		var p partRef
		var repo string
		if err := rows.Scan(&p.producer, &p.part, &repo, &runDate); err != nil {
			return nil, "", err
		}
		if _, ok := byPart[p]; !ok {
			order = append(order, p)
		}
		byPart[p] = append(byPart[p], repo)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	var units []unit
	for _, p := range order {
		files := map[string][]string{schema.ReposTable.Name: reposFiles}
		for _, t := range schema.FactTables() {
			files[t.Name] = db.factFiles(t, []partRef{p})
		}
		repos := byPart[p]
		step := len(repos)
		if p.part == "" {
			step = recomputeBatch
		}
		for i := 0; i < len(repos); i += step {
			units = append(units, unit{runID: run, files: files, producer: p.producer, only: repos[i:min(i+step, len(repos))]})
		}
	}
	return units, runDate, nil
}

// insertColumns runs a statement that reads rows from one list parameter
// per column ($1 to $n, as unnest($1::VARCHAR[]) ...): binding a few lists
// is much cheaper for DuckDB than binding every value.
func (e *engine) insertColumns(ctx context.Context, stmt string, rows [][]string) error {
	if len(rows) == 0 {
		return nil
	}
	args := make([]any, len(rows[0]))
	for c := range args {
		col := make([]string, len(rows))
		for i, r := range rows {
			col[i] = r[c]
		}
		args[c] = col
	}
	return e.exec(ctx, stmt, args...)
}

// patternColumns are the columns of a pattern catalog CSV, in order.
var patternColumns = []string{"category", "pattern", "signal_kind", "signal_value", "description"}

// loadPatterns adds the rows of a catalog CSV, replacing rows with the
// same category, pattern, signal_kind and signal_value. The catalog is
// checked whole first (readCatalog).
func (e *engine) loadPatterns(ctx context.Context, r io.Reader, name string) error {
	rows, err := readCatalog(r, name)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	if err := e.insertColumns(ctx, "CREATE TEMP TABLE incoming AS SELECT unnest($1::VARCHAR[]) AS col0, unnest($2::VARCHAR[]) AS col1, "+
		"unnest($3::VARCHAR[]) AS col2, unnest($4::VARCHAR[]) AS col3, unnest($5::VARCHAR[]) AS col4", rows); err != nil {
		return err
	}
	// Rows of a later catalog replace rows with the same key.
	for _, stmt := range []string{
		"DELETE FROM patterns p USING incoming i WHERE p.category = i.col0 AND p.pattern = i.col1 AND p.signal_kind = i.col2 AND p.signal_value = i.col3",
		"INSERT INTO patterns SELECT * FROM incoming",
		"DROP TABLE incoming",
	} {
		if err := e.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}
