// Package schema defines pysurvey's tables: their rows as Go structs, their
// Arrow schemas, the Parquet writer and the data dictionary generated from them.
//
// A row type's fields carry tags that are the single source of truth:
// `col` is the column name, `doc` documents it, `dict:"true"` asks for
// Parquet dictionary encoding. Pointer fields (and fields of an embedded
// pointer struct) are nullable. Every table is flat.
package schema

import "time"

// Version is the schema version written into every file's metadata and
// the runs table. Bump it when a column changes meaning or type.
const Version = 2

// RepoKey identifies the run and repository a row belongs to.
type RepoKey struct {
	RunID string `col:"run_id" dict:"true" doc:"Identifier of the run that wrote the row (UTC start time and a random suffix)."`
	Repo  string `col:"repo" dict:"true" doc:"Repository name: host/owner/name for URLs, the directory name for local paths, or the name given in the repo list."`
}

// FileKey identifies the run, repository and file a fact was found in.
type FileKey struct {
	RepoKey
	Path string `col:"path" dict:"true" doc:"Path of the file relative to the repository root, '/'-separated, as git stores it; a path component that is not valid UTF-8 is stored escaped, as files.path_raw describes."`
}

// Run is a row of the runs table: one per run, written last.
type Run struct {
	RunID          string    `col:"run_id" doc:"Identifier of the run."`
	StartedAt      time.Time `col:"started_at" doc:"When the run started (UTC)."`
	FinishedAt     time.Time `col:"finished_at" doc:"When the run finished or was interrupted (UTC)."`
	AsOf           time.Time `col:"as_of" doc:"The time the run describes: its start, or for a survey of the past (run --at, backfill) that date; queries take the latest run by it, and its date is the run's run_date partition."`
	ToolVersion    string    `col:"tool_version" doc:"Version of pysurvey that wrote the run."`
	SchemaVersion  int32     `col:"schema_version" doc:"Version of this schema."`
	ReposOK        int64     `col:"repos_ok" doc:"Repositories surveyed successfully, reused ones included."`
	ReposFailed    int64     `col:"repos_failed" doc:"Repositories that failed (see repos.error)."`
	ReposReused    int64     `col:"repos_reused" doc:"Repositories carried forward unchanged from an earlier run (repos.reused_from), counted in repos_ok too."`
	ReposAbsent    int64     `col:"repos_absent" doc:"Repositories with no commit yet at the run's as_of (a survey of the past); neither ok nor failed, and in no share."`
	Status         string    `col:"status" dict:"true" doc:"'complete' when every listed repository was attempted and enough of them were surveyed ok (run --min-ok); 'failed' when none or too few were; 'interrupted' when the run was stopped early (pysurvey run --resume completes it); 'discarded', in a second row for a run that pysurvey runs discard took out of every query. Queries read complete runs that have no discarded row."`
	Extractors     string    `col:"extractors" doc:"The extractors that ran, as name/version, comma-separated."`
	FactOptions    string    `col:"fact_options" doc:"Options that change the facts extracted (max_file_size=N); a repository is carried forward only from a run with the same extractors, schema version, catalog and options."`
	CatalogHash    string    `col:"catalog_hash" doc:"Hash of the interpretation that produced the run's per-repository results (repo_summary, repo_patterns, pattern_hits, repo_imports): the pattern catalog, the standard-library list and the SQL of the rules. Queries asked for another catalog recompute the results from the facts."`
	CustomPatterns bool      `col:"custom_patterns" doc:"The catalog included rows of a --patterns file."`
	Shards         int32     `col:"shards" doc:"Number of shards the run was split into (pysurvey run --shards, then finalize); 0 when it was not sharded."`
	ShardsMissing  string    `col:"shards_missing" doc:"Shards finalize completed the run without (finalize --min-shards), comma-separated; '' when none: a degraded run lacks those shards' repositories."`
}

// Shard is a row of the shards table: one per shard of a sharded run,
// written when the shard has committed all its parts. finalize checks
// that every shard has one, then writes the run's row.
type Shard struct {
	RunID          string    `col:"run_id" doc:"Identifier of the run."`
	Shard          int32     `col:"shard" doc:"Index of the shard, from 0."`
	Shards         int32     `col:"shards" doc:"Number of shards of the run."`
	StartedAt      time.Time `col:"started_at" doc:"When the shard started (UTC)."`
	FinishedAt     time.Time `col:"finished_at" doc:"When the shard finished (UTC)."`
	ReposListed    int64     `col:"repos_listed" doc:"Repositories of the list in this shard (by the stable hash of their name)."`
	ReposOK        int64     `col:"repos_ok" doc:"Of those, surveyed ok, reused ones included."`
	ReposFailed    int64     `col:"repos_failed" doc:"Of those, failed."`
	ReposReused    int64     `col:"repos_reused" doc:"Of those ok, carried forward unchanged from an earlier run."`
	ReposAbsent    int64     `col:"repos_absent" doc:"Of those, without a commit yet at the run's as_of."`
	AsOf           time.Time `col:"as_of" doc:"The time the run describes (see runs.as_of)."`
	Parts          string    `col:"parts" doc:"The parts the shard committed (run_date=D/<name>), comma-separated."`
	ToolVersion    string    `col:"tool_version" doc:"Version of pysurvey that wrote the shard."`
	Extractors     string    `col:"extractors" doc:"The extractors that ran, as name/version, comma-separated."`
	FactOptions    string    `col:"fact_options" doc:"Options that change the facts extracted."`
	CatalogHash    string    `col:"catalog_hash" doc:"Hash of the interpretation that produced the shard's results."`
	CustomPatterns bool      `col:"custom_patterns" doc:"The catalog included rows of a --patterns file."`
}

// Repo is a row of the repos table: one per listed repository and run.
type Repo struct {
	RepoKey
	Source      string     `col:"source" doc:"Where the repository came from, as listed, with any credentials removed."`
	Ref         string     `col:"ref" doc:"Branch, tag or commit pinned with @REF in the repo list; empty for HEAD."`
	Commit      string     `col:"commit" doc:"Hash of the commit surveyed; empty when the repository failed before one was resolved."`
	CommitTime  *time.Time `col:"commit_time" doc:"Committer time of the surveyed commit (UTC); null when none was resolved or it lies outside years 1 to 9999."`
	Status      string     `col:"status" dict:"true" doc:"'ok', 'failed', or 'absent' in a survey of the past (run --at) for a repository that had no commit yet then: not counted in shares."`
	Error       string     `col:"error" doc:"Why the repository failed; empty when ok."`
	Files       int64      `col:"files" doc:"Entries in the commit's tree that are files, symlinks or submodules."`
	PythonFiles int64      `col:"python_files" doc:"Files ending in .py or .pyi."`
	Bytes       int64      `col:"bytes" doc:"Total size of the regular files in the tree."`
	DurationMS  int64      `col:"duration_ms" doc:"Wall time spent on the repository, fetching included, in milliseconds."`
	ReusedFrom  string     `col:"reused_from" doc:"Run whose rows this repository's are, when it was carried forward unchanged (same commit, extractors, schema and catalog) instead of surveyed again; '' when surveyed in this run."`
	Part        string     `col:"part" doc:"Where the repository's fact rows are: the files OUT/<table>/<part>.parquet of the tables files, imports, symbols, dependencies, projects and pattern_hits hold them, under the run_id of the run that extracted them (reused_from, or this run); '' when the repository failed."`
	Attempts    int64      `col:"attempts" doc:"Fetches tried: 0 for a local repository (opened in place), 1 when the first fetch succeeded, more when transient failures were retried (--retries)."`
}

// File is a row of the files table: one per file in the surveyed tree.
type File struct {
	FileKey
	Commit        string `col:"commit" dict:"true" doc:"Hash of the commit the file was read from."`
	Kind          string `col:"kind" dict:"true" doc:"What the file is by its path: python, stub, notebook, manifest, lockfile, marker (py.typed), env_example, other; symlink or submodule for such entries."`
	Size          int64  `col:"size" doc:"Size in bytes (0 for symlinks and submodules)."`
	Lines         *int64 `col:"lines" doc:"Number of lines; null when the file was not read (no extractor wanted it, or it was skipped)."`
	IsTest        bool   `col:"is_test" doc:"True when a directory in the path is named test or tests, or the file is named test_*.py, *_test.py or conftest.py."`
	SkippedReason string `col:"skipped_reason" dict:"true" doc:"Why the file was not read: symlink, submodule, too_large; empty when read or not wanted."`
	Error         string `col:"error" doc:"Why reading or extracting the file failed, naming the extractor and line where known; empty when none did."`
	Extractors    string `col:"extractors" dict:"true" doc:"Extractors that ran on the file, as name/version, comma-separated."`
	*PythonCounts
	PathRaw []byte `col:"path_raw" doc:"The path's bytes when path holds an escaped form, null otherwise. A path component is escaped when it is not valid UTF-8, holds a NUL, or holds a backslash followed by a backslash or by x and two lowercase hex digits: each backslash is doubled and each byte that is NUL or not part of valid UTF-8 is written as \\xNN (two lowercase hex digits). So the Latin-1 name café.py (bytes 63 61 66 e9 2e 70 79) reads 'caf\\xe9.py', and an ASCII name that already reads so gets its backslash doubled: no two paths share a form, and a directory's form is the start of its files' forms."`
}

// PythonCounts are the per-file counts of a Python source file (.py, .pyi).
// Their columns are null for other files.
type PythonCounts struct {
	Functions      int64  `col:"functions" doc:"def statements (ast.FunctionDef), methods and nested ones included; lambdas not."`
	AsyncFunctions int64  `col:"async_functions" doc:"async def statements (ast.AsyncFunctionDef)."`
	Classes        int64  `col:"classes" doc:"class statements (ast.ClassDef)."`
	Awaits         int64  `col:"awaits" doc:"await expressions (ast.Await)."`
	AsyncWith      int64  `col:"async_with" doc:"async with statements (ast.AsyncWith)."`
	AsyncFor       int64  `col:"async_for" doc:"async for statements plus async comprehension clauses."`
	HasAll         bool   `col:"has_all" doc:"True when a module-level assignment, augmented or annotated assignment targets __all__."`
	ParseStatus    string `col:"parse_status" dict:"true" doc:"'ok', or 'error: <reason>' when the file is malformed; facts up to the error are kept."`
}

// Import is a row of the imports table: one per imported name.
type Import struct {
	FileKey
	Line             int32  `col:"line" doc:"Line of the import statement."`
	Kind             string `col:"kind" dict:"true" doc:"'import' for import a.b as c, 'from' for from x import y."`
	Level            int32  `col:"level" doc:"Number of leading dots of a relative from-import; 0 for absolute imports."`
	Module           string `col:"module" doc:"Module named: 'a.b' for import a.b, 'x' for from ..x import y, '' for from . import y."`
	Name             string `col:"name" doc:"Name imported by a from-import ('*' for a star import); '' for import statements."`
	Alias            string `col:"alias" doc:"The as-name, '' when none."`
	InFunction       bool   `col:"in_function" doc:"The import stands inside a function body."`
	InClass          bool   `col:"in_class" doc:"The import stands inside a class body."`
	InTry            bool   `col:"in_try" doc:"The import stands inside a try statement (body or handlers)."`
	TypeCheckingOnly bool   `col:"type_checking_only" doc:"The import stands inside an if TYPE_CHECKING: block."`
	Optional         bool   `col:"optional" doc:"The module goes on when the import fails: it stands in the body of a try statement with a handler catching ImportError (bare except, ImportError, ModuleNotFoundError, Exception or BaseException), or of a with contextlib.suppress(ImportError) block, with no def in between."`
}

// Symbol is a row of the symbols table: a decorator, base class, callee,
// export or other named fact of a Python file, told apart by kind.
type Symbol struct {
	FileKey
	Line  int32  `col:"line" doc:"Line where the fact stands (for a call, its first occurrence)."`
	Kind  string `col:"kind" dict:"true" doc:"decorator, base, call, export, or another kind documented in docs/schema.md."`
	Name  string `col:"name" doc:"Dotted name: the decorator or base after unwrapping one call and one subscript, the callee, or the exported name."`
	Owner string `col:"owner" doc:"Qualified name of the def or class the fact belongs to (the decorated or derived one); '' at module level."`
}

// Dependency is a row of the dependencies table: one per declared
// requirement of a packaging manifest, or one per manifest error.
type Dependency struct {
	FileKey
	Line      int32  `col:"line" doc:"Line of the requirement in the manifest (0 when unknown)."`
	Manager   string `col:"manager" dict:"true" doc:"Package manager whose manifest declares it: poetry, pdm, hatch, uv, flit, setuptools, maturin, pipenv, pip, conda, or pep621 for plain [project] tables."`
	Group     string `col:"group" dict:"true" doc:"'main', 'dev', or the name of the extra or dependency group."`
	Name      string `col:"name" doc:"Distribution name normalized as PEP 503 (lowercase, runs of -_. become -)."`
	RawName   string `col:"raw_name" doc:"Distribution name as written."`
	Extras    string `col:"extras" doc:"Requested extras, comma-separated and sorted."`
	Specifier string `col:"specifier" doc:"Version specifier as written (PEP 440, or poetry's ^ and ~ forms)."`
	Marker    string `col:"marker" doc:"PEP 508 environment marker, '' when none."`
	Source    string `col:"source" dict:"true" doc:"registry, git, url, path or editable."`
	Counted   bool   `col:"counted" doc:"False when the manifest lies under a test, example, docs, vendored or hidden directory."`
	Error     string `col:"error" doc:"Why this line or manifest could not be read; the other columns are empty then."`
}

// Project is a row of the projects table: one per Python project root (a
// directory holding a packaging manifest). Extractors emit one per
// manifest; the pipeline merges those sharing a root (see MergeProjects).
type Project struct {
	RepoKey
	Root           string `col:"root" doc:"Directory of the project relative to the repository root, '' for the root itself; escaped like files.path, so it is the directory part of its manifests' paths."`
	Manifests      string `col:"manifests" doc:"Manifest and lock files found at the root, comma-separated and sorted."`
	Managers       string `col:"managers" doc:"Package managers evidenced at the root, comma-separated and sorted; pep621 for a pyproject.toml whose [project] or [dependency-groups] table no tool claims."`
	Name           string `col:"name" doc:"Project name from the manifest, '' when none."`
	Version        string `col:"version" doc:"Project version from the manifest, '' when none or dynamic."`
	RequiresPython string `col:"requires_python" doc:"Required Python version specifier, '' when none."`
	BuildBackend   string `col:"build_backend" dict:"true" doc:"PEP 517 build backend of pyproject.toml, '' when none."`
	Counted        bool   `col:"counted" doc:"False when the root lies under a test, example, docs, vendored or hidden directory; such roots do not count towards a repo's package managers."`
}

// RepoSummary is a row of the repo_summary table: one flat row per
// repository surveyed ok, computed from its facts as it finishes (or
// carried with it when it is reused). Its interpretation comes from the
// pattern catalog and the rules of queries/views.
type RepoSummary struct {
	RepoKey
	Commit               string  `col:"commit" doc:"Hash of the surveyed commit."`
	PythonFiles          int64   `col:"python_files" doc:"Files ending in .py or .pyi."`
	PrimaryFramework     string  `col:"primary_framework" dict:"true" doc:"The web framework whose application object the repository builds (FastAPI(), Flask() or a subclass's, Django's WSGI/ASGI application), the served one when one application mounts another; failing that, the one most code files need (optional, lazy and TYPE_CHECKING-only imports, optional integrations and migrations left out); 'none' when none is. A library (architecture) has the framework it is built on (a Flask extension: flask), and none when it only integrates one optionally. drf is never primary. Code files: non-test .py files outside examples, docs, samples, harness, vendored and hidden directories (queries/README.md)."`
	Frameworks           string  `col:"frameworks" doc:"Web frameworks imported by code files, comma-separated and sorted; imports of the repository's own packages do not count."`
	PackageManagers      string  `col:"package_managers" doc:"Package managers of the counted project roots, comma-separated and sorted."`
	Architecture         string  `col:"architecture" dict:"true" doc:"django_mtv, fastapi_layered, ddd, flask_app, library or other."`
	ArchitectureEvidence string  `col:"architecture_evidence" doc:"The markers that decided the architecture."`
	ORMs                 string  `col:"orms" doc:"ORMs used, comma-separated and sorted."`
	APIStyles            string  `col:"api_styles" doc:"API styles used, comma-separated and sorted."`
	DI                   string  `col:"di" doc:"Dependency-injection styles used, comma-separated and sorted."`
	TaskQueues           string  `col:"task_queues" doc:"Background task queues used, comma-separated and sorted."`
	AsyncShare           float64 `col:"async_share" doc:"async def / (def + async def) over code files; 0 when there are none."`
	HasPyTyped           bool    `col:"has_py_typed" doc:"A py.typed marker lies outside tests, examples, docs, vendored and hidden directories."`
	CodeFiles            int64   `col:"code_files" doc:"Code files: non-test .py files outside tests, examples, docs, samples, vendored and hidden directories."`
	Functions            int64   `col:"functions" doc:"def statements in code files."`
	AsyncFunctions       int64   `col:"async_functions" doc:"async def statements in code files."`
	Awaits               int64   `col:"awaits" doc:"await expressions in code files."`
	Packages             int64   `col:"packages" doc:"Directories with an __init__.py among the repository's own files (not test files, not under tests, examples, docs, samples, vendored or hidden directories)."`
	PackagesWithAll      int64   `col:"packages_with_all" doc:"Of the packages, those whose __init__.py assigns __all__."`
	Modules              int64   `col:"modules" doc:".py files of the repository's own files other than __init__.py and __main__.py."`
	PrivateModules       int64   `col:"private_modules" doc:"Of the modules, those whose name or a directory in whose path starts with a single '_'."`
	StubFiles            int64   `col:"stub_files" doc:".pyi stub files among the repository's own files."`
}

// RepoPattern is a row of the repo_patterns table: one per catalog pattern
// a repository uses (any of its signals matched).
type RepoPattern struct {
	RepoKey
	Category string `col:"category" dict:"true" doc:"Catalog category: framework, orm, api, di, task_queue, event_driven, ..."`
	Pattern  string `col:"pattern" dict:"true" doc:"Catalog pattern, e.g. django, sqlalchemy, fastapi_depends."`
	Files    int64  `col:"files" doc:"Distinct files (project roots, for manager signals) where its signals matched."`
	Signals  string `col:"signals" doc:"The signals that matched, as kind:value, comma-separated and sorted (pattern_hits has the files of each)."`
}

// PatternHit is a row of the pattern_hits table: one per catalog signal and
// file where it matched, for drilling down from a share to the files that
// gave it. Like the facts, its rows lie in the part of the run that
// extracted the repository (repos.part).
type PatternHit struct {
	RepoKey
	Category    string `col:"category" dict:"true" doc:"Catalog category of the pattern."`
	Pattern     string `col:"pattern" dict:"true" doc:"Catalog pattern the signal belongs to."`
	SignalKind  string `col:"signal_kind" dict:"true" doc:"Kind of the signal: import_root, import_module, base, decorator, call, export, init_param, path, dependency, manager."`
	SignalValue string `col:"signal_value" dict:"true" doc:"Value of the signal as the catalog writes it."`
	Path        string `col:"path" doc:"File where it matched; the project root for manager signals."`
	Optional    bool   `col:"optional" doc:"The signal matched in that file through imports only, each optional (guarded by except ImportError, inside a function, or under if TYPE_CHECKING): an integration, not a use that decides the primary framework or the architecture."`
}

// RepoImport is a row of the repo_imports table: one per third-party
// top-level module a repository's code files import.
type RepoImport struct {
	RepoKey
	Module string `col:"module" doc:"Top-level module imported (absolute imports), not of the standard library (queries/stdlib.txt) nor the repository's own (first-party roots)."`
	Files  int64  `col:"files" doc:"Code files importing it."`
}
