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
const Version = 1

// RepoKey identifies the run and repository a row belongs to.
type RepoKey struct {
	RunID string `col:"run_id" dict:"true" doc:"Identifier of the run that wrote the row (UTC start time and a random suffix)."`
	Repo  string `col:"repo" dict:"true" doc:"Repository name: host/owner/name for URLs, the directory name for local paths, or the name given in the repo list."`
}

// FileKey identifies the run, repository and file a fact was found in.
type FileKey struct {
	RepoKey
	Path string `col:"path" doc:"Path of the file relative to the repository root, '/'-separated."`
}

// Run is a row of the runs table: one per run, written last.
type Run struct {
	RunID         string    `col:"run_id" doc:"Identifier of the run."`
	StartedAt     time.Time `col:"started_at" doc:"When the run started (UTC)."`
	FinishedAt    time.Time `col:"finished_at" doc:"When the run finished or was interrupted (UTC)."`
	ToolVersion   string    `col:"tool_version" doc:"Version of pysurvey that wrote the run."`
	SchemaVersion int32     `col:"schema_version" doc:"Version of this schema."`
	ReposOK       int64     `col:"repos_ok" doc:"Repositories surveyed successfully."`
	ReposFailed   int64     `col:"repos_failed" doc:"Repositories that failed (see repos.error)."`
	Status        string    `col:"status" dict:"true" doc:"'complete' when every listed repository was attempted, 'interrupted' when the run was stopped early. Queries read complete runs only."`
}

// Repo is a row of the repos table: one per listed repository and run.
type Repo struct {
	RepoKey
	Source      string     `col:"source" doc:"Where the repository came from, as listed, with any credentials removed."`
	Ref         string     `col:"ref" doc:"Branch, tag or commit pinned with @REF in the repo list; empty for HEAD."`
	Commit      string     `col:"commit" doc:"Hash of the commit surveyed; empty when the repository failed before one was resolved."`
	CommitTime  *time.Time `col:"commit_time" doc:"Committer time of the surveyed commit (UTC); null when none was resolved."`
	Status      string     `col:"status" dict:"true" doc:"'ok' or 'failed'."`
	Error       string     `col:"error" doc:"Why the repository failed; empty when ok."`
	Files       int64      `col:"files" doc:"Entries in the commit's tree that are files, symlinks or submodules."`
	PythonFiles int64      `col:"python_files" doc:"Files ending in .py or .pyi."`
	Bytes       int64      `col:"bytes" doc:"Total size of the regular files in the tree."`
	DurationMS  int64      `col:"duration_ms" doc:"Wall time spent on the repository, fetching included, in milliseconds."`
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
	Root           string `col:"root" doc:"Directory of the project relative to the repository root, '' for the root itself."`
	Manifests      string `col:"manifests" doc:"Manifest and lock files found at the root, comma-separated and sorted."`
	Managers       string `col:"managers" doc:"Package managers evidenced at the root, comma-separated and sorted."`
	Name           string `col:"name" doc:"Project name from the manifest, '' when none."`
	Version        string `col:"version" doc:"Project version from the manifest, '' when none or dynamic."`
	RequiresPython string `col:"requires_python" doc:"Required Python version specifier, '' when none."`
	BuildBackend   string `col:"build_backend" dict:"true" doc:"PEP 517 build backend of pyproject.toml, '' when none."`
	Counted        bool   `col:"counted" doc:"False when the root lies under a test, example, docs, vendored or hidden directory; such roots do not count towards a repo's package managers."`
}

// RepoSummary is a row of the repo_summary table: the repo_summary query's
// answer for one repository, materialized at the end of each run for BI
// tools. Its interpretation comes from the pattern catalog.
type RepoSummary struct {
	RepoKey
	Commit               string  `col:"commit" doc:"Hash of the surveyed commit."`
	PythonFiles          int64   `col:"python_files" doc:"Files ending in .py or .pyi."`
	PrimaryFramework     string  `col:"primary_framework" dict:"true" doc:"The web framework whose application object the repository builds (FastAPI(), Flask(), Django's WSGI/ASGI application); failing that, the one imported by the most code files; 'none' when none is. drf is never primary. Code files: non-test .py files outside examples, docs, samples, vendored and hidden directories (queries/README.md)."`
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
}
