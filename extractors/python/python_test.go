package python

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/extractors"
)

func extract(t testing.TB, src []byte) extractors.Facts {
	t.Helper()
	f, err := New().Extract(context.Background(), &extractors.File{Path: "x.py", Content: src})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return f
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func names(f extractors.Facts, kind string) []string {
	var out []string
	for _, s := range f.Symbols {
		if s.Kind == kind {
			out = append(out, s.Name)
		}
	}
	return out
}

func imported(f extractors.Facts) []string {
	var out []string
	for _, i := range f.Imports {
		out = append(out, i.Module+":"+i.Name)
	}
	return out
}

func TestWants(t *testing.T) {
	e := New()
	for p, want := range map[string]bool{"a/b.py": true, "c.pyi": true, "setup.cfg": false, "x.pyc": false} {
		if got := e.Wants(p); got != want {
			t.Errorf("Wants(%q) = %v, want %v", p, got, want)
		}
	}
	if e.Name() != "python" || e.Version() != 5 {
		t.Errorf("Name, Version = %q, %d", e.Name(), e.Version())
	}
}

// TestTroubleKeepsFactsBefore checks that each kind of malformed file
// yields the facts before the trouble and a parse_status naming it.
func TestTroubleKeepsFactsBefore(t *testing.T) {
	for _, tc := range []struct {
		file, status string
		imports      []string
		calls        []string
	}{
		{"py2_print.py", "error: invalid syntax (line 2)", []string{"os:"}, nil},
		{"unterminated_string.py", "error: unterminated string literal (line 3)", []string{"os:"}, []string{"os.getcwd"}},
		{"nul_byte.py", "error: source contains a null byte (line 3)", []string{"os:"}, []string{"os.getcwd"}},
		{"invalid_utf8.py", "error: invalid UTF-8 (line 3)", []string{"os:"}, []string{"os.getcwd"}},
		{"utf16_bom.py", "error: UTF-16 encoded source (byte order mark) is not supported (line 1)", nil, nil},
		{"latin1_cookie.py", "ok", []string{"os:"}, []string{"os.getcwd"}},
		{"crlf_lone_cr.py", "ok", []string{"os:", "sys:", "lone_cr:"}, []string{"os.path.join"}},
		{"fstring_nested_312.py", "ok", []string{"os:"}, []string{"os.getcwd", "len"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f := extract(t, fixture(t, tc.file))
			if f.Python.ParseStatus != tc.status {
				t.Errorf("parse_status = %q, want %q", f.Python.ParseStatus, tc.status)
			}
			if got := imported(f); strings.Join(got, " ") != strings.Join(tc.imports, " ") {
				t.Errorf("imports = %q, want %q", got, tc.imports)
			}
			if got := names(f, KindCall); strings.Join(got, " ") != strings.Join(tc.calls, " ") {
				t.Errorf("calls = %q, want %q", got, tc.calls)
			}
		})
	}
}

func TestLatin1CookieDecodesExports(t *testing.T) {
	f := extract(t, fixture(t, "latin1_cookie.py"))
	if got := names(f, KindExport); strings.Join(got, ",") != "café,plain" {
		t.Errorf("exports = %q", got)
	}
}

func TestCRLFAndLoneCRLines(t *testing.T) {
	f := extract(t, fixture(t, "crlf_lone_cr.py"))
	if len(f.Imports) != 3 || f.Imports[1].Line != 3 || f.Imports[2].Line != 7 {
		t.Errorf("imports = %+v", f.Imports)
	}
	if b := names(f, KindBase); len(b) != 1 || b[0] != "B" {
		t.Errorf("bases = %q", b)
	}
}

func TestDeepBrackets(t *testing.T) {
	src := []byte("import os\nx = " + strings.Repeat("(", 10000) + strings.Repeat(")", 10000) + "\nos.getcwd()\n")
	f := extract(t, src)
	if f.Python.ParseStatus != "error: too many nested parentheses (line 2)" {
		t.Errorf("parse_status = %q", f.Python.ParseStatus)
	}
	if len(f.Imports) != 1 {
		t.Errorf("imports = %+v", f.Imports)
	}
}

// TestHugeOneLineFile extracts a 50 MB single-line file in bounded time.
func TestHugeOneLineFile(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	var b bytes.Buffer
	b.WriteString("import os\nx = [")
	for b.Len() < 50<<20 {
		b.WriteString("f(1), 'abc', a.b, ")
	}
	b.WriteString("]")
	start := time.Now()
	f := extract(t, b.Bytes())
	if f.Python.ParseStatus != "ok" {
		t.Errorf("parse_status = %q", f.Python.ParseStatus)
	}
	if got := names(f, KindCall); len(got) != 1 || got[0] != "f" {
		t.Errorf("calls = %q", got)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
	// Unterminated: the same line without its closing bracket.
	f = extract(t, b.Bytes()[:b.Len()-1])
	if !strings.HasPrefix(f.Python.ParseStatus, "error: '[' was never closed") {
		t.Errorf("parse_status = %q", f.Python.ParseStatus)
	}
}

func TestFacts(t *testing.T) {
	f := extract(t, fixture(t, "try_imports.py"))
	inTry := map[string]bool{}
	for _, i := range f.Imports {
		inTry[i.Module+":"+i.Name] = i.InTry
	}
	for k, want := range map[string]bool{"ujson:": true, "json:": true, ":fast": true, "gc:": true, "not_in_try:": false, "pkg.mod:thing": true, "x:*": true, "inner:": true, "y:z": false} {
		if inTry[k] != want {
			t.Errorf("%s in_try = %v, want %v", k, inTry[k], want)
		}
	}
	f = extract(t, fixture(t, "optional_imports.py"))
	var optional []string
	for _, i := range f.Imports {
		if i.Optional {
			optional = append(optional, strings.TrimSuffix(i.Module+"."+i.Name, "."))
		}
	}
	wantOptional := "ujson django.conf.settings msgpack orjson cbor toml deep.nested holder.thing guarded_in_def fallback_guarded rich colorama attr.define in_async_with inner_loop"
	if got := strings.Join(optional, " "); got != wantOptional {
		t.Errorf("optional imports = %s\nwant %s", got, wantOptional)
	}
	f = extract(t, fixture(t, "decorators_bases.py"))
	var owners []string
	for _, s := range f.Symbols {
		if s.Kind == KindDecorator {
			owners = append(owners, s.Name+"@"+s.Owner)
		}
	}
	want := "functools.lru_cache@handler router.get@handler app.route@handler x@handler a.b@handler paren.deco@handler staticmethod@Api.get_user wraps@Api.get_user.inner property@Api.get_user.inner.Local.p classmethod@Api.Nested.make dataclass@Plain"
	if strings.Join(owners, " ") != want {
		t.Errorf("decorators = %s\nwant %s", strings.Join(owners, " "), want)
	}
}

// TestPathologicalLinesAreFast guards against quadratic statement handling.
func TestPathologicalLinesAreFast(t *testing.T) {
	for name, src := range map[string]string{
		"annotated __all__": "__all__: f(" + strings.Repeat("a=1, ", 100000) + ")\n",
		"paren decorator":   "@" + strings.Repeat("(", 199) + "x" + strings.Repeat(")", 199) + "\ndef f(): pass\n",
		"many bases":        "class A(" + strings.Repeat("B, ", 100000) + "): pass\n",
		"many imports":      "from x import " + strings.Repeat("a, ", 100000) + "b\n",
		"many lambdas":      "if " + strings.Repeat("lambda: ", 50000) + "0: pass\n",
		"long chain":        "x = a" + strings.Repeat(".b", 100000) + "()\n",
		"many dedents":      strings.Repeat("if x:\n", 1) + strings.Repeat(" ", 50) + "y\n" + strings.Repeat("z\n", 10000),
	} {
		start := time.Now()
		f := extract(t, []byte(src))
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v (parse_status %q)", name, d, f.Python.ParseStatus)
		}
	}
}

// TestClassify checks the keyword table against Python's keyword lists.
func TestClassify(t *testing.T) {
	hard := "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield"
	for _, w := range strings.Fields(hard) {
		if !classify([]byte(w)).hard() {
			t.Errorf("%s: not a hard keyword", w)
		}
	}
	for _, w := range strings.Fields("match case type _") {
		if !classify([]byte(w)).soft() {
			t.Errorf("%s: not a soft keyword", w)
		}
	}
	if classify([]byte("__all__")) != wordAll {
		t.Error("__all__ not recognized")
	}
	for _, w := range strings.Fields("x self Def iff els matches __all _a async_ fro impor ifx a") {
		if k := classify([]byte(w)); k != wordName {
			t.Errorf("%s: classified %d, want a plain name", w, k)
		}
	}
}
