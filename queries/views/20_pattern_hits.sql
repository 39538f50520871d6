-- pattern_hits: every place a catalog signal (table patterns, from
-- queries/patterns.csv plus --patterns rows) matches, one row per signal and
-- file (path is the project root for manager signals). How each signal kind
-- matches:
--   import_root    an absolute import in a code file whose first component
--                  equals the value ('django' matches import django.db);
--   import_module  an absolute import in a code file whose module, or
--                  module.name for from-imports, equals the value or lies
--                  under it ('django.db.models' matches
--                  from django.db import models and from django.db.models import Q);
--                  imports of the repository's own modules (lying under
--                  a first_party_roots name) never match import_root or
--                  import_module;
--   decorator, base, call
--                  a symbol of that kind in a code file whose resolved name
--                  (code_symbols) matches the value by name_matches,
--                  unless the value lies under one of the repository's
--                  own names (first_party_roots; DRF's own views
--                  deriving from rest_framework.views.APIView do not use DRF);
--   export         a name listed in __all__ of a code file, by name_matches;
--   init_param     a class whose name (last component of the owner) matches
--                  the value as a GLOB ('*Service') has an __init__ parameter
--                  annotated with a class (a collaborator): the annotation's
--                  last component starts with an upper-case letter and is
--                  not a typing construct or generic container (Optional,
--                  Any, Callable, Sequence, Deque, ...; a subscripted
--                  annotation records its generic class: Repository[User]
--                  is a Repository, List[Repository] a List),
--                  a plain value type (Decimal, UUID, Path) or a function
--                  type by its name (*Func, *Function, *Fn, *Callback) or
--                  an exception (*Exception, *Error, *Warning); a
--                  class deriving from a logging class (logging.Handler)
--                  receives no collaborators: it plugs into the standard
--                  library;
--   init_param_type  a class has an __init__ parameter annotated with a
--                  class whose name (last component) matches the value as
--                  a GLOB ('*Repository', '*UnitOfWork'): what it receives;
--   init_param_path  a class in a code file whose path matches the value
--                  as path signals do ('use_cases/*') has an __init__
--                  parameter annotated with a collaborator: where it lives;
--   path           any file of the tree, test files included, not under
--                  vendored or hidden directories, by path_matches;
--   dependency     a requirement of a counted manifest whose normalized
--                  (PEP 503) name equals the value;
--   manager        a counted project whose managers include the value.
-- Code files are code_files: non-test, not under tests, examples, docs etc.
-- optional: the signal matched in that file through imports only, each of
-- them optional (imports.optional: guarded by except ImportError or
-- contextlib.suppress), inside a function (imported when called) or under
-- if TYPE_CHECKING: the file runs without the library. false for the other
-- signal kinds.
-- materialize
CREATE OR REPLACE VIEW pattern_hits AS
WITH imp AS (
    SELECT
        i.run_id, i.repo, i.path,
        split_part(i.module, '.', 1) AS root,
        import_name(i.module, i.kind, i.name) AS full_name,
        i.soft
    FROM imports_soft i
    JOIN code_files f ON f.run_id = i.run_id AND f.repo = i.repo AND f.path = i.path
    WHERE i.level = 0 AND i.module <> ''
      -- the root first, from the module: cheaper than from the imported name
      AND NOT EXISTS (
        SELECT 1 FROM first_party_roots r
        WHERE r.run_id = i.run_id AND r.repo = i.repo AND r.root = split_part(i.module, '.', 1)
          AND lies_under(import_name(i.module, i.kind, i.name), r.name))
),
-- init_param rows whose annotation names a collaborator, a class that is no
-- typing construct or plain value type
params AS (
    SELECT s.run_id, s.repo, s.path, s.owner, split_part(s.resolved, '.', -1) AS last_name
    FROM code_symbols s
    WHERE s.kind = 'init_param' AND regexp_matches(split_part(s.resolved, '.', -1), '^[A-Z]')
        AND split_part(s.resolved, '.', -1) NOT IN ('Optional', 'Union', 'Any', 'Callable', 'Literal', 'Annotated',
            'List', 'Dict', 'Set', 'FrozenSet', 'Tuple', 'Type', 'Sequence', 'Mapping', 'MutableMapping', 'Iterable',
            'Iterator', 'ClassVar', 'Final', 'Awaitable', 'Coroutine', 'Generator', 'AsyncIterator', 'AsyncGenerator',
            'AsyncIterable', 'Collection', 'Container', 'AbstractSet', 'MutableSequence', 'MutableSet', 'DefaultDict',
            'OrderedDict', 'Deque', 'Counter', 'ChainMap', 'Generic', 'TypeGuard', 'Required', 'NotRequired', 'Unpack',
            'ContextManager', 'AsyncContextManager', 'IO', 'TextIO', 'BinaryIO', 'Pattern', 'Match', 'ContextVar', 'Future',
            'None', 'Self', 'Decimal', 'UUID', 'Path')
        -- a function type (CommandHandlerFunc, RequestCallback) is a callable;
        -- an exception (error: Exception, cause: ValidationError) is a value
        AND NOT regexp_matches(split_part(s.resolved, '.', -1), '(Func|Function|Fn|Callback|Exception|Error|Warning)$')
        -- a logging handler (class RichHandler(logging.Handler)) plugs into
        -- the standard library: what it receives is no injection
        AND NOT EXISTS (
            SELECT 1 FROM code_symbols b
            WHERE b.run_id = s.run_id AND b.repo = s.repo AND b.path = s.path AND b.kind = 'base'
              AND b.owner = s.owner AND starts_with(b.resolved, 'logging.'))
),
sig AS (
    SELECT *,
        value_is_wildcard: signal_value = '*' OR ends_with(signal_value, '.*'),
        value_last: split_part(signal_value, '.', -1),
        -- path signals: a GLOB whose last component is literal matches only
        -- paths with that base name (a hash join); one whose first component
        -- is a literal directory ('api/routes/*.py') only paths with a
        -- directory of that name (a hash join too); others are tried on the
        -- paths that contain their literal prefix.
        value_base: path_base(signal_value),
        base_is_literal: NOT regexp_matches(signal_value, '[\[]') AND NOT regexp_matches(path_base(signal_value), '[*?]'),
        value_dir: split_part(signal_value, '/', 1),
        dir_is_literal: contains(signal_value, '/') AND NOT regexp_matches(split_part(signal_value, '/', 1), '[*?\[]'),
        glob_prefix: regexp_extract(signal_value, '^[^*?\[]*', 0)
    FROM patterns
)
-- import_root: equality on the first component
SELECT imp.run_id, imp.repo, p.category, p.pattern, p.signal_kind, p.signal_value, imp.path, bool_and(imp.soft) AS optional
FROM imp JOIN sig p ON p.signal_kind = 'import_root' AND imp.root = p.signal_value
GROUP BY ALL
UNION
SELECT imp.run_id, imp.repo, p.category, p.pattern, p.signal_kind, p.signal_value, imp.path, bool_and(imp.soft) AS optional
FROM imp JOIN sig p ON p.signal_kind = 'import_module'
    AND imp.root = split_part(p.signal_value, '.', 1)
    AND (imp.full_name = p.signal_value OR starts_with(imp.full_name, p.signal_value || '.'))
GROUP BY ALL
UNION
-- symbols: a hash join on the last component, except for wildcard values
SELECT sym.run_id, sym.repo, p.category, p.pattern, p.signal_kind, p.signal_value, sym.path, false
FROM code_symbols sym JOIN sig p ON p.signal_kind = sym.kind
    AND p.signal_kind IN ('decorator', 'base', 'call', 'export')
    AND NOT p.value_is_wildcard AND split_part(sym.resolved, '.', -1) = p.value_last
    AND name_matches(sym.resolved, p.signal_value)
    AND NOT is_first_party(sym.run_id, sym.repo, p.signal_value)
UNION
SELECT sym.run_id, sym.repo, p.category, p.pattern, p.signal_kind, p.signal_value, sym.path, false
FROM code_symbols sym JOIN sig p ON p.signal_kind = sym.kind
    AND p.signal_kind IN ('decorator', 'base', 'call', 'export')
    AND p.value_is_wildcard
    AND name_matches(sym.resolved, p.signal_value)
    AND NOT is_first_party(sym.run_id, sym.repo, p.signal_value)
UNION
SELECT sym.run_id, sym.repo, p.category, p.pattern, p.signal_kind, p.signal_value, sym.path, false
FROM params sym JOIN sig p ON p.signal_kind = 'init_param'
    AND split_part(sym.owner, '.', -1) GLOB p.signal_value
UNION
SELECT sym.run_id, sym.repo, p.category, p.pattern, p.signal_kind, p.signal_value, sym.path, false
FROM params sym JOIN sig p ON p.signal_kind = 'init_param_type'
    AND sym.last_name GLOB p.signal_value
UNION
SELECT sym.run_id, sym.repo, p.category, p.pattern, p.signal_kind, p.signal_value, sym.path, false
FROM params sym JOIN sig p ON p.signal_kind = 'init_param_path'
    AND contains(sym.path, p.glob_prefix)
    AND path_matches(sym.path, p.signal_value)
UNION
SELECT f.run_id, f.repo, p.category, p.pattern, p.signal_kind, p.signal_value, f.path, false
FROM files f JOIN sig p ON p.signal_kind = 'path' AND p.base_is_literal
    AND path_base(f.path) = p.value_base
    AND NOT path_vendored(f.path) AND NOT vendored_file(f.run_id, f.repo, f.path)
    AND path_matches(f.path, p.signal_value)
UNION
SELECT f.run_id, f.repo, p.category, p.pattern, p.signal_kind, p.signal_value, f.path, false
FROM (SELECT run_id, repo, path, unnest(string_split(path_dir(path), '/')) AS dir FROM files) f
JOIN sig p ON p.signal_kind = 'path' AND NOT p.base_is_literal AND p.dir_is_literal
    AND f.dir = p.value_dir
    AND NOT path_vendored(f.path) AND NOT vendored_file(f.run_id, f.repo, f.path)
    AND path_matches(f.path, p.signal_value)
UNION
SELECT f.run_id, f.repo, p.category, p.pattern, p.signal_kind, p.signal_value, f.path, false
FROM files f JOIN sig p ON p.signal_kind = 'path' AND NOT p.base_is_literal AND NOT p.dir_is_literal
    AND contains(f.path, p.glob_prefix)
    AND NOT path_vendored(f.path) AND NOT vendored_file(f.run_id, f.repo, f.path)
    AND path_matches(f.path, p.signal_value)
UNION
SELECT d.run_id, d.repo, p.category, p.pattern, p.signal_kind, p.signal_value, d.path, false
FROM dependencies d JOIN sig p ON p.signal_kind = 'dependency'
    AND d.counted AND d.error = '' AND d.name = p.signal_value
UNION
SELECT j.run_id, j.repo, p.category, p.pattern, p.signal_kind, p.signal_value, j.root AS path, false
FROM projects j JOIN sig p ON p.signal_kind = 'manager'
    AND j.counted AND list_contains(string_split(j.managers, ','), p.signal_value)
