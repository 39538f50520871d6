package python

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/extractors"
)

// groups are the fact groups compared with the ast reference.
var groups = []string{"imports", "counts", "decorators", "bases", "calls", "exports", "init_params"}

// refFacts is one line of astref/facts.py's output.
type refFacts struct {
	Path       string            `json:"path"`
	OK         bool              `json:"ok"`
	Error      string            `json:"error"`
	Imports    []json.RawMessage `json:"imports"`
	Counts     json.RawMessage   `json:"counts"`
	Decorators []json.RawMessage `json:"decorators"`
	Bases      []json.RawMessage `json:"bases"`
	Calls      []json.RawMessage `json:"calls"`
	Exports    []json.RawMessage `json:"exports"`
	InitParams []json.RawMessage `json:"init_params"`
}

// canonical renders each group as sorted JSON rows, for comparison.
func (f *refFacts) canonical() map[string][]string {
	m := map[string][]string{}
	rows := func(raw []json.RawMessage) []string {
		out := []string{}
		for _, r := range raw {
			var v any
			_ = json.Unmarshal(r, &v)
			b, _ := json.Marshal(v)
			out = append(out, string(b))
		}
		sort.Strings(out)
		return out
	}
	m["imports"] = rows(f.Imports)
	m["counts"] = rows([]json.RawMessage{f.Counts})
	m["decorators"] = rows(f.Decorators)
	m["bases"] = rows(f.Bases)
	m["calls"] = rows(f.Calls)
	m["exports"] = rows(f.Exports)
	m["init_params"] = rows(f.InitParams)
	return m
}

// goFacts converts the extractor's facts to the reference's form.
func goFacts(f extractors.Facts) *refFacts {
	out := &refFacts{OK: true}
	raw := func(v any) json.RawMessage {
		b, _ := json.Marshal(v)
		return b
	}
	for _, i := range f.Imports {
		out.Imports = append(out.Imports, raw([]any{i.Line, i.Kind, i.Level, i.Module, i.Name, i.Alias, i.InFunction, i.InClass, i.InTry, i.TypeCheckingOnly, i.Optional}))
	}
	c := f.Python
	out.Counts = raw(map[string]any{
		"functions": c.Functions, "async_functions": c.AsyncFunctions, "classes": c.Classes,
		"awaits": c.Awaits, "async_with": c.AsyncWith, "async_for": c.AsyncFor,
		"has_all": c.HasAll, "parse_status": c.ParseStatus,
	})
	for _, s := range f.Symbols {
		switch s.Kind {
		case KindDecorator:
			out.Decorators = append(out.Decorators, raw([]any{s.Line, s.Name, s.Owner}))
		case KindBase:
			out.Bases = append(out.Bases, raw([]any{s.Line, s.Name, s.Owner}))
		case KindCall:
			out.Calls = append(out.Calls, raw([]any{s.Line, s.Name, s.Owner}))
		case KindExport:
			out.Exports = append(out.Exports, raw([]any{s.Line, s.Name}))
		case KindInitParam:
			out.InitParams = append(out.InitParams, raw([]any{s.Line, s.Name, s.Owner}))
		}
	}
	return out
}

// runReference runs astref/facts.py over paths.
func runReference(t *testing.T, paths []string) map[string]*refFacts {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: skipping the comparison with CPython's ast")
	}
	cmd := exec.Command(py, "astref/facts.py", "-j", fmt.Sprint(runtime.NumCPU()))
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("astref/facts.py: %v\n%s", err, stderr.String())
	}
	res := map[string]*refFacts{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<30)
	for sc.Scan() {
		f := new(refFacts)
		if err := json.Unmarshal(sc.Bytes(), f); err != nil {
			t.Fatalf("decoding reference output: %v", err)
		}
		res[f.Path] = f
	}
	return res
}

// agreement compares the extractor with the reference on paths and
// returns the share of agreeing files per group and the disagreements.
func agreement(t *testing.T, paths []string) (compared int, agree map[string]int, diffs []string, parseErrs [2]int) {
	ref := runReference(t, paths)
	e := New()
	agree = map[string]int{}
	for _, p := range paths {
		want := ref[p]
		if want == nil {
			t.Fatalf("no reference facts for %s", p)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		facts, err := e.Extract(context.Background(), &extractors.File{Path: p, Content: src})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if !want.OK {
			parseErrs[0]++
			if facts.Python.ParseStatus != "ok" {
				parseErrs[1]++
			}
			continue
		}
		compared++
		g, w := goFacts(facts).canonical(), want.canonical()
		for _, grp := range groups {
			if slicesEqual(g[grp], w[grp]) {
				agree[grp]++
				continue
			}
			diffs = append(diffs, fmt.Sprintf("%s: %s:\n  go:  %s\n  ast: %s", p, grp, setDiff(g[grp], w[grp]), setDiff(w[grp], g[grp])))
		}
	}
	return compared, agree, diffs, parseErrs
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// setDiff lists the rows of a missing from b.
func setDiff(a, b []string) string {
	in := map[string]int{}
	for _, x := range b {
		in[x]++
	}
	var out []string
	for _, x := range a {
		if in[x] > 0 {
			in[x]--
			continue
		}
		out = append(out, x)
	}
	return strings.Join(out, " ")
}

func pythonFiles(t *testing.T, root string) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && extractors.IsPython(p) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	return paths
}

func reportAgreement(t *testing.T, what string, compared int, agree map[string]int, parseErrs [2]int) {
	t.Logf("%s: %d files compared (%d rejected by ast, %d of those flagged by parse_status)", what, compared, parseErrs[0], parseErrs[1])
	for _, g := range groups {
		t.Logf("  %-12s %6d/%d agree (%.3f%%)", g, agree[g], compared, 100*float64(agree[g])/float64(max(compared, 1)))
	}
}

// TestAgreesWithASTOnFixtures compares every fact group with CPython's ast
// on the fixtures: all must agree.
func TestAgreesWithASTOnFixtures(t *testing.T) {
	paths := pythonFiles(t, "testdata")
	compared, agree, diffs, perr := agreement(t, paths)
	reportAgreement(t, "fixtures", compared, agree, perr)
	for _, d := range diffs {
		t.Error(d)
	}
}

// TestAgreesWithASTOnCorpus compares with CPython's ast on every Python
// file under $PYSURVEY_CORPUS: each group must agree on >= 99.9% of the
// files ast accepts. Set PYSURVEY_DIFF_OUT to write the disagreements.
func TestAgreesWithASTOnCorpus(t *testing.T) {
	root := os.Getenv("PYSURVEY_CORPUS")
	if root == "" {
		t.Skip("PYSURVEY_CORPUS not set")
	}
	paths := pythonFiles(t, root)
	compared, agree, diffs, perr := agreement(t, paths)
	reportAgreement(t, root, compared, agree, perr)
	if out := os.Getenv("PYSURVEY_DIFF_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(strings.Join(diffs, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, d := range diffs {
		if i == 20 {
			t.Logf("... %d more disagreements", len(diffs)-20)
			break
		}
		t.Log(d)
	}
	for _, g := range groups {
		if float64(agree[g]) < 0.999*float64(compared) {
			t.Errorf("%s: %d/%d files agree, want >= 99.9%%", g, agree[g], compared)
		}
	}
}
