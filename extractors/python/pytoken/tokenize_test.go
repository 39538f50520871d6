package pytoken

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// pyTokens renders the tokens of src as CPython 3.11's tokenize module
// would: an f-string is one STRING, and there is no EOF token.
func pyTokens(src []byte) ([][3]any, *Error) {
	var s Scanner
	s.Init(src)
	text := s.Source()
	var out [][3]any
	fdepth, fstart, fline := 0, 0, int32(0)
	for {
		t := s.Next()
		switch t.Kind {
		case EOF, ERROR:
			return out, s.Err()
		case FSTRING_START:
			if fdepth == 0 {
				fstart, fline = t.Off, t.Line
			}
			fdepth++
			continue
		case FSTRING_END:
			fdepth--
			if fdepth == 0 {
				out = append(out, [3]any{"STRING", int(fline), string(text[fstart:t.End])})
			}
			continue
		}
		if fdepth > 0 {
			continue
		}
		out = append(out, [3]any{t.Kind.String(), int(t.Line), string(text[t.Off:t.End])})
	}
}

func TestTokensMatchCPythonTokenize(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: skipping the comparison with CPython's tokenize")
	}
	var paths []string
	roots := []string{"../testdata"}
	if c := os.Getenv("PYSURVEY_CORPUS"); c != "" {
		roots = append(roots, c)
	}
	for _, root := range roots {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && (strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".pyi")) {
				paths = append(paths, p)
			}
			return nil
		})
	}
	cmd := exec.Command(py, "testdata/tokens.py", fmt.Sprint(runtime.NumCPU()))
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tokens.py: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<30)
	compared, agree := 0, 0
	var diffs []string
	for sc.Scan() {
		var r struct {
			Path   string
			OK     bool
			Tokens [][3]any
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if !r.OK {
			continue
		}
		src, err := os.ReadFile(r.Path)
		if err != nil {
			t.Fatal(err)
		}
		got, perr := pyTokens(src)
		compared++
		if perr != nil {
			diffs = append(diffs, fmt.Sprintf("%s: %v", r.Path, perr))
			continue
		}
		if i := firstDiff(got, r.Tokens); i >= 0 {
			diffs = append(diffs, fmt.Sprintf("%s: token %d: got %v, tokenize has %v", r.Path, i, at(got, i), at(r.Tokens, i)))
			continue
		}
		agree++
	}
	t.Logf("%d/%d files tokenize exactly as CPython's tokenize", agree, compared)
	for _, d := range diffs {
		// The pure-Python tokenize's identifier regex misses some
		// characters the C tokenizer (and this one) accept.
		t.Log(d)
	}
	if float64(agree) < 0.999*float64(compared) {
		t.Errorf("%d/%d files agree, want >= 99.9%%", agree, compared)
	}
}

func at(toks [][3]any, i int) any {
	if i < len(toks) {
		return toks[i]
	}
	return "end"
}

func firstDiff(a, b [][3]any) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		if i >= len(a) || i >= len(b) {
			// tokenize ends a comment-only last line without newline with an empty NL.
			if i == len(a) && i == len(b)-1 && b[i][0] == "NL" && b[i][2] == "" {
				return -1
			}
			return i
		}
		if fmt.Sprint(a[i][0]) != fmt.Sprint(b[i][0]) || fmt.Sprint(a[i][1]) != fmt.Sprint(b[i][1]) || a[i][2] != b[i][2] {
			return i
		}
	}
	return -1
}
