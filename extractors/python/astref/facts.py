#!/usr/bin/env python3
"""Reference Python facts computed with CPython's ast module.

This is the specification the Go extractor (extractors/python) is tested
against. For each file it prints one JSON object per line:

  {"path", "ok", "error", "imports", "counts", "decorators", "bases",
   "calls", "exports", "init_params"}

Usage: facts.py [-j JOBS] [FILE ...]   (no FILE: read paths from stdin)

Definitions (mirrored by the Go extractor):
- imports: every Import/ImportFrom anywhere (ast.walk), one row per alias:
  [line, kind, level, module, name, alias, in_function, in_class, in_try,
  type_checking_only, optional]. line is the statement's line. Flags look
  at all ancestors: in_function (a def or async def), in_class (a class),
  in_try (a try or try* statement: its body, handlers, else or finally),
  type_checking_only (the body, not the else, of an `if`/`elif` whose test
  is `TYPE_CHECKING` or a dotted name ending in `.TYPE_CHECKING`).
  optional looks at the ancestors up to the nearest def or async def (a
  def's body runs when called, not where the def stands): the import is
  in the body (not the handlers, else or finally) of a try or try*
  statement one of whose handlers catches ImportError, or in the body of
  a with or async with statement one of whose items is a call of a dotted
  name ending in `suppress` with a positional argument that is a dotted
  name catching ImportError. A handler catches ImportError when it is bare or its type
  is a dotted name whose last part is ImportError, ModuleNotFoundError,
  Exception or BaseException, or a tuple holding one (tuples nest).
  Whether the handler re-raises is not looked at.
- counts: functions, async_functions, classes, awaits, async_with,
  async_for (AsyncFor plus comprehension.is_async), has_all (an Assign
  with a target Name __all__, an AugAssign or AnnAssign to Name __all__,
  in module scope: not inside a def or class, possibly inside
  if/try/with/for/while), parse_status 'ok'.
- names: a decorator, base or callee is "dotted" when it is a Name or an
  Attribute chain ending in a Name. Decorators and bases first unwrap one
  Call (take its func), then one Subscript (take its value).
- decorators: [line, name, owner] for each dotted decorator of a def,
  async def or class; owner is the decorated object's __qualname__
  without '<locals>'. line is the decorator expression's line.
- bases: [line, name, owner] for each dotted positional base (no
  keywords, no *args) of a class; owner is the class's qualname.
- calls: [line, name, owner] for each distinct pair of a dotted Call.func
  and its owner, with the smallest line it is called on. The owner is the
  qualname (without '<locals>') of the innermost class whose body holds
  the call, directly or in a nested def, lambda or comprehension; '' for a
  call in no class body. A class's own decorators, bases and keywords
  stand outside its body.
- exports: [line, name] for each element of the first (in source order)
  module-scope Assign (a target Name __all__) or AnnAssign (target Name
  __all__, with a value) whose value is a list or tuple of str constants.
- init_params: [line, name, owner] for each parameter (positional-only,
  regular, *args, keyword-only, **kwargs) not named self or cls of a def
  or async def named __init__ directly in a class body, whose annotation
  is dotted, or a str constant whose '.'-separated parts are all
  identifiers, or wraps one of these (recursively) as Optional[X],
  Type[X] or type[X] (a subscript of a dotted name with that last part),
  X | None / None | X, Union[X, None] / Union[None, X] (exactly two
  elements) or Annotated[X, ...] (the first element; the slice itself
  when it is no tuple), or is a subscript of any other dotted name (the
  generic class: Repository[User] gives Repository); name is the dotted
  name or the string; owner is the class qualname.
"""
import ast
import json
import sys
from concurrent.futures import ProcessPoolExecutor

FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
TRY = (ast.Try, ast.TryStar) if hasattr(ast, "TryStar") else (ast.Try,)


def dotted(e):
    parts = []
    while isinstance(e, ast.Attribute):
        parts.append(e.attr)
        e = e.value
    if not isinstance(e, ast.Name):
        return None
    parts.append(e.id)
    return ".".join(reversed(parts))


def unwrapped(e):
    if isinstance(e, ast.Call):
        e = e.func
    if isinstance(e, ast.Subscript):
        e = e.value
    return dotted(e)


def is_type_checking(test):
    d = dotted(test)
    return d is not None and (d == "TYPE_CHECKING" or d.endswith(".TYPE_CHECKING"))


CATCHES_IMPORT = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def names_import_error(e):
    d = dotted(e)
    return d is not None and d.split(".")[-1] in CATCHES_IMPORT


def catches_import(t):
    if isinstance(t, ast.Tuple):
        return any(catches_import(e) for e in t.elts)
    return names_import_error(t)


def guards_imports(s):
    """Whether a try (any handler) or with statement (any item) makes
    the imports of its body optional."""
    if isinstance(s, TRY):
        return any(h.type is None or catches_import(h.type) for h in s.handlers)
    for item in s.items:
        e = item.context_expr
        if isinstance(e, ast.Call):
            d = dotted(e.func)
            if d is not None and d.split(".")[-1] == "suppress" and any(names_import_error(a) for a in e.args):
                return True
    return False


def dotted_string(s):
    return all(p.isidentifier() for p in s.split("."))


def is_none(e):
    return isinstance(e, ast.Constant) and e.value is None


def annotation_name(ann):
    name = dotted(ann)
    if name is not None:
        return name
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str) and dotted_string(ann.value):
        return ann.value
    if isinstance(ann, ast.Subscript):
        head = dotted(ann.value)
        if head is None:
            return None
        last = head.split(".")[-1]
        elts = ann.slice.elts if isinstance(ann.slice, ast.Tuple) else [ann.slice]
        if last in ("Optional", "Type", "type"):
            return annotation_name(ann.slice)
        if last == "Annotated":
            return annotation_name(elts[0]) if elts else None
        if last == "Union":
            if len(elts) == 2 and is_none(elts[1]) and not is_none(elts[0]):
                return annotation_name(elts[0])
            if len(elts) == 2 and is_none(elts[0]) and not is_none(elts[1]):
                return annotation_name(elts[1])
            return None
        return head
    if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
        if is_none(ann.right) and not is_none(ann.left):
            return annotation_name(ann.left)
        if is_none(ann.left) and not is_none(ann.right):
            return annotation_name(ann.right)
    return None


class Walker:
    def __init__(self):
        self.imports = []
        self.c = dict(functions=0, async_functions=0, classes=0, awaits=0,
                      async_with=0, async_for=0, has_all=False, parse_status="ok")
        self.decorators = []
        self.bases = []
        self.calls = {}
        self.exports = None
        self.init_params = []

    def run(self, tree):
        self.body(tree.body, ctx=dict(func=False, cls=False, try_=False, tc=False, opt=False, qual=(), scope=None))
        for node in ast.walk(tree):
            self.expr_facts(node)
        self.owned_calls(tree, (), "")

    def expr_facts(self, node):
        if isinstance(node, ast.Await):
            self.c["awaits"] += 1
        elif isinstance(node, ast.AsyncWith):
            self.c["async_with"] += 1
        elif isinstance(node, ast.AsyncFor):
            self.c["async_for"] += 1
        elif isinstance(node, ast.comprehension) and node.is_async:
            self.c["async_for"] += 1

    def owned_calls(self, node, qual, owner):
        """Records the calls under node: qual is the qualname of the scope
        node stands in, owner that of the innermost class body."""
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name is not None:
                key, line = (name, owner), node.lineno
                if key not in self.calls or line < self.calls[key]:
                    self.calls[key] = line
        if isinstance(node, ast.ClassDef):
            outside = node.decorator_list + node.bases + node.keywords + getattr(node, "type_params", [])
            for child in outside:
                self.owned_calls(child, qual, owner)
            inner = qual + (node.name,)
            for child in node.body:
                self.owned_calls(child, inner, ".".join(inner))
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = qual + (node.name,)
            for child in ast.iter_child_nodes(node):
                # decorators, defaults and annotations belong to the scope
                # the def stands in; its body to the def (for qualnames)
                self.owned_calls(child, inner if child in node.body else qual, owner)
            return
        for child in ast.iter_child_nodes(node):
            self.owned_calls(child, qual, owner)

    def body(self, stmts, ctx):
        for s in stmts:
            self.stmt(s, ctx)

    def stmt(self, s, ctx):
        module_scope = not ctx["func"] and not ctx["cls"]
        if isinstance(s, (ast.Import, ast.ImportFrom)):
            for a in s.names:
                if isinstance(s, ast.Import):
                    row = [s.lineno, "import", 0, a.name, "", a.asname or ""]
                else:
                    row = [s.lineno, "from", s.level or 0, s.module or "", a.name, a.asname or ""]
                self.imports.append(row + [ctx["func"], ctx["cls"], ctx["try_"], ctx["tc"], ctx["opt"]])
            return
        if isinstance(s, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and module_scope:
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                self.c["has_all"] = True
                value = None if isinstance(s, ast.AugAssign) else s.value
                if self.exports is None and isinstance(value, (ast.List, ast.Tuple)) and all(
                        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
                    self.exports = [[e.lineno, e.value] for e in value.elts]
            return
        if isinstance(s, FUNCS + (ast.ClassDef,)):
            qual = ctx["qual"] + (s.name,)
            owner = ".".join(qual)
            for d in s.decorator_list:
                name = unwrapped(d)
                if name is not None:
                    self.decorators.append([d.lineno, name, owner])
            if isinstance(s, ast.ClassDef):
                self.c["classes"] += 1
                for b in s.bases:
                    name = unwrapped(b)
                    if name is not None:
                        self.bases.append([b.lineno, name, owner])
                inner = dict(ctx, cls=True, qual=qual, scope=s)
            else:
                if isinstance(s, ast.FunctionDef):
                    self.c["functions"] += 1
                else:
                    self.c["async_functions"] += 1
                if s.name == "__init__" and isinstance(ctx["scope"], ast.ClassDef):
                    self.init_params_of(s, ".".join(ctx["qual"]))
                inner = dict(ctx, func=True, opt=False, qual=qual, scope=s)
            self.body(s.body, inner)
            return
        if isinstance(s, TRY):
            inner = dict(ctx, try_=True, scope=None)
            self.body(s.body, dict(inner, opt=ctx["opt"] or guards_imports(s)))
            for h in s.handlers:
                self.body(h.body, inner)
            self.body(s.orelse, inner)
            self.body(s.finalbody, inner)
            return
        if isinstance(s, ast.If):
            tc = ctx["tc"] or is_type_checking(s.test)
            self.body(s.body, dict(ctx, tc=tc, scope=None))
            self.body(s.orelse, dict(ctx, scope=None))
            return
        if isinstance(s, (ast.With, ast.AsyncWith)):
            self.body(s.body, dict(ctx, opt=ctx["opt"] or guards_imports(s), scope=None))
            return
        if isinstance(s, ast.Match):
            for case in s.cases:
                self.body(case.body, dict(ctx, scope=None))
            return
        for field in ("body", "orelse", "finalbody"):
            sub = getattr(s, field, None)
            if isinstance(sub, list):
                self.body(sub, dict(ctx, scope=None))

    def init_params_of(self, f, owner):
        a = f.args
        params = list(a.posonlyargs) + list(a.args)
        if a.vararg:
            params.append(a.vararg)
        params += list(a.kwonlyargs)
        if a.kwarg:
            params.append(a.kwarg)
        for p in params:
            if p.arg in ("self", "cls") or p.annotation is None:
                continue
            name = annotation_name(p.annotation)
            if name is not None:
                self.init_params.append([p.lineno, name, owner])


def facts(path):
    out = {"path": path}
    try:
        with open(path, "rb") as f:
            src = f.read()
        tree = ast.parse(src, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OSError) as e:
        out.update(ok=False, error="%s: %s" % (type(e).__name__, e))
        return out
    w = Walker()
    try:
        w.run(tree)
    except RecursionError as e:
        out.update(ok=False, error="RecursionError: %s" % e)
        return out
    out.update(ok=True, error="", imports=w.imports, counts=w.c, decorators=w.decorators,
               bases=w.bases, calls=[[l, n, o] for (n, o), l in w.calls.items()],
               exports=w.exports or [], init_params=w.init_params)
    return out


def main(argv):
    jobs = 1
    if len(argv) >= 2 and argv[0] == "-j":
        jobs = int(argv[1])
        argv = argv[2:]
    paths = argv or [l.rstrip("\n") for l in sys.stdin if l.strip()]
    write = sys.stdout.write
    if jobs <= 1:
        for p in paths:
            write(json.dumps(facts(p)) + "\n")
        return
    with ProcessPoolExecutor(jobs) as ex:
        for r in ex.map(facts, paths, chunksize=64):
            write(json.dumps(r) + "\n")


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main(sys.argv[1:])
