package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rivo/uniseg"

	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// screen replays what was written to a terminal: \r returns to the start
// of the line, ESC [ K clears to its end, \n moves to a new line. It
// returns the lines on the screen, the last one being where the cursor is.
func screen(t *testing.T, out string) []string {
	t.Helper()
	lines := []string{""}
	col := 0
	put := func(s string) {
		cur := []rune(lines[len(lines)-1])
		for _, r := range s {
			if col < len(cur) {
				cur[col] = r
			} else {
				cur = append(cur, r)
			}
			col++
		}
		lines[len(lines)-1] = string(cur)
	}
	for i := 0; i < len(out); {
		switch {
		case out[i] == '\r':
			col = 0
			i++
		case out[i] == '\n':
			lines = append(lines, "")
			col = 0
			i++
		case strings.HasPrefix(out[i:], "\x1b[K"):
			cur := []rune(lines[len(lines)-1])
			lines[len(lines)-1] = string(cur[:min(col, len(cur))])
			i += 3
		case out[i] == 0x1b:
			t.Fatalf("unexpected escape sequence at %q", out[i:min(i+10, len(out))])
		default:
			j := i + 1
			for j < len(out) && out[j] != '\r' && out[j] != '\n' && out[j] != 0x1b {
				j++
			}
			put(out[i:j])
			i = j
		}
	}
	return lines
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestBarKeepsLogLinesAbove drives the bar as a run does, with log lines
// written while it is drawn, and replays the output as a terminal would:
// every log line stays whole above the bar, the bar never wraps, names
// the repositories in progress, counts failures and gives files/s and an
// ETA, and is gone when the run ends.
func TestBarKeepsLogLinesAbove(t *testing.T) {
	var out syncBuffer
	logs := &logWriter{w: &out}
	bar := &barProgress{out: &out, logs: logs, counter: counter{tally: newTally(context.Background())}, refresh: time.Millisecond,
		termWidth: func() int { return 120 }}
	logger := newLogger(logs, "text", "info")
	// drawn waits (up to 10 s: a loaded machine may be slow to tick) until
	// the bar's line shows all of want, and returns the screen.
	drawn := func(want ...string) []string {
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			s := screen(t, out.String())
			shown := true
			for _, w := range want {
				shown = shown && strings.Contains(s[len(s)-1], w)
			}
			if shown || time.Now().After(deadline) {
				return s
			}
		}
	}

	bar.Start("run-1", 3)
	bar.RepoStarted("github.com/acme/payments-service-with-a-rather-long-name")
	bar.RepoStarted("github.com/acme/\x1b[31mevil\nname")
	atStart := drawn("0/3 repos", "fetching github.com/acme/payments")
	logger.Warn("repository failed", "repo", "github.com/acme/\x1b[31mevil\nname", "error", "cloning: repository not found\x00")
	bar.RepoDone("github.com/acme/\x1b[31mevil\nname", false)
	bar.RepoListed("github.com/acme/payments-service-with-a-rather-long-name", 200)
	bar.RepoStarted("github.com/acme/api")
	bar.FilesDone(120)
	time.Sleep(5 * time.Millisecond)
	logger.Info("repository surveyed", "repo", "github.com/acme/payments-service-with-a-rather-long-name", "files", 200)
	during := drawn("1/3 repos", "1 failed", "120/~400 files", "files/s", "ETA", "reading github.com/acme/pay", "+1")
	bar.FilesDone(80)
	bar.RepoDone("github.com/acme/payments-service-with-a-rather-long-name", true)
	bar.Finish()
	logger.Info("run finished")
	final := screen(t, out.String())

	if got := atStart[len(atStart)-1]; !strings.Contains(got, "0/3 repos") || !strings.Contains(got, "fetching github.com/acme/payments") {
		t.Errorf("the bar at the start shows %q", got)
	}
	status := during[len(during)-1]
	for _, want := range []string{"1/3 repos", "1 failed", "120/~400 files", "files/s", "ETA", "reading github.com/acme/pay", "+1"} {
		if !strings.Contains(status, want) {
			t.Errorf("the bar lacks %q: %q", want, status)
		}
	}
	if w := uniseg.StringWidth(status); w > 119 {
		t.Errorf("the bar takes %d columns of 120: %q", w, status)
	}
	// The log lines are whole, in order, above the bar; escapes are quoted.
	if len(final) != 4 || final[3] != "" {
		t.Fatalf("want three log lines and an empty line after the run:\n%s", strings.Join(final, "\n"))
	}
	if !strings.HasPrefix(final[0], "time=") || !strings.Contains(final[0], `level=WARN msg="repository failed" repo="github.com/acme/\x1b[31mevil\nname" error="cloning: repository not found\x00"`) {
		t.Errorf("warning line: %q", final[0])
	}
	if !strings.Contains(final[1], `msg="repository surveyed"`) || !strings.Contains(final[2], `msg="run finished"`) {
		t.Errorf("info lines: %q", final[1:3])
	}
}

// TestStatusLineFitsEveryWidth renders the bar for widths from 10 to 200
// columns with long and hostile names: it never exceeds the width and
// never holds a control character.
func TestStatusLineFitsEveryWidth(t *testing.T) {
	tl := newTally(context.Background())
	tl.started(1500)
	tl.start = time.Now().Add(-95 * time.Minute)
	for i := range 40 {
		tl.repoStarted(fmt.Sprintf("gitlab.example.com/group/subgroup/project-%d-\u202e\x1b]0;x\x07漢字", i))
		if i%2 == 0 {
			tl.repoListed(fmt.Sprintf("gitlab.example.com/group/subgroup/project-%d-\u202e\x1b]0;x\x07漢字", i), 5000)
		}
	}
	tl.done, tl.failed, tl.files = 1000, 37, 1234567
	for w := 10; w <= 200; w++ {
		line := statusLine(&tl, w)
		if got := uniseg.StringWidth(line); got > w {
			t.Errorf("width %d: %d columns: %q", w, got, line)
		}
		for _, c := range line {
			if c < 0x20 || c == 0x7f || c == '\u202e' {
				t.Fatalf("width %d: raw %U in %q", w, c, line)
			}
		}
		if w >= 60 && !strings.Contains(line, "1000/1500 repos") {
			t.Errorf("width %d: %q", w, line)
		}
	}
	if line := statusLine(&tl, 200); !strings.Contains(line, "37 failed") || !strings.Contains(line, "1:35:00 ETA") || !strings.Contains(line, "+") {
		t.Errorf("wide line: %q", line)
	}
}

// TestETACountsFiles checks that the estimate follows files, not
// repositories: a large repository being listed makes the total large.
func TestETACountsFiles(t *testing.T) {
	tl := newTally(context.Background())
	tl.started(4)
	tl.start = time.Now().Add(-10 * time.Second)
	tl.repoStarted("big")
	tl.repoStarted("small")
	if _, known := tl.estimate(); known {
		t.Error("an estimate before any tree is listed")
	}
	tl.repoListed("small", 1)
	tl.repoListed("big", 1)
	tl.repoListed("small", 1000)
	tl.repoListed("big", 9000) // still listing
	tl.files = 1000
	tl.repoDone("small", true)
	tl.repoStarted("third")
	total, known := tl.estimate()
	// small 1000 + big 9000 so far + the third and the fourth at small's 1000 each.
	if !known || total != 1000+9000+1000+1000 {
		t.Errorf("estimate %d %v", total, known)
	}
	perSecond, _, eta, ok := tl.rate()
	if !ok || perSecond < 99 || perSecond > 101 || eta < 105*time.Second || eta > 111*time.Second {
		t.Errorf("rate %.1f/s, eta %s", perSecond, eta)
	}
	if got := activeText(tl.active, 60); got != "reading big; fetching third" {
		t.Errorf("active: %q", got)
	}
}

// manyFiles makes a bare repository of n small Python files.
func manyFiles(t *testing.T, n int) string {
	t.Helper()
	files := fstest.MapFS{}
	for i := range n {
		files[fmt.Sprintf("pkg%d/mod%d.py", i%20, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("def f%d():\n    return %d\n", i, i))}
	}
	dir := filepath.Join(t.TempDir(), fmt.Sprintf("many%d.git", n))
	if _, err := gitrepo.Create(dir, files, gitrepo.Options{Bare: true}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// jsonLines parses every line of stderr as a JSON log record.
func jsonLines(t *testing.T, stderr string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("not a JSON line: %q (%v)", l, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// TestLogLinesForCron runs a survey as cron would (--progress log
// --log-format json) over good and failing repositories: every line is
// JSON and carries the run_id; progress lines give done/total, failed,
// files/s, elapsed and ETA; each repository has one line; durations are
// numbers; the fatal error of a run where every repository failed is a
// JSON line too.
func TestLogLinesForCron(t *testing.T) {
	good := manyFiles(t, 400)
	list := filepath.Join(t.TempDir(), "repos.txt")
	if err := os.WriteFile(list, []byte(good+" good\n/nonexistent/repo bad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	_, stderr, code := runCLI(t, "", "--log-format", "json", "run", "--repos", list, "--out", out, "--cache", t.TempDir(),
		"--progress", "log", "--log-interval", "100ms", "--min-ok", "0.5", "-q")
	if code != 3 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	recs := jsonLines(t, stderr)
	runID := ""
	seen := map[string]int{}
	for _, rec := range recs {
		msg := rec["msg"].(string)
		seen[msg]++
		id, ok := rec["run_id"].(string)
		if !ok || id == "" || runID != "" && id != runID {
			t.Errorf("line without the run's id: %v", rec)
		}
		runID = id
		switch msg {
		case "progress":
			for _, k := range []string{"repos_done", "repos_total", "repos_failed", "files", "files_per_s", "elapsed"} {
				if _, ok := rec[k].(float64); !ok {
					t.Errorf("progress line lacks the number %s: %v", k, rec)
				}
			}
		case "repository surveyed":
			if rec["repo"] != "good" || rec["files"] != float64(400) {
				t.Errorf("repository line: %v", rec)
			}
			if _, ok := rec["duration"].(float64); !ok {
				t.Errorf("duration is not a number: %v", rec)
			}
		case "repository failed":
			if rec["repo"] != "bad" || !strings.Contains(rec["error"].(string), "/nonexistent/repo") {
				t.Errorf("failure line: %v", rec)
			}
		case "run finished":
			if _, ok := rec["duration"].(float64); !ok {
				t.Errorf("duration is not a number: %v", rec)
			}
		}
	}
	if seen["repository surveyed"] != 1 || seen["repository failed"] != 1 || seen["run finished"] != 1 || seen["progress"] == 0 {
		t.Errorf("lines: %v", seen)
	}
	etaSeen := false
	for _, rec := range recs {
		if _, ok := rec["eta"].(float64); ok && rec["msg"] == "progress" {
			etaSeen = true
		}
	}
	if !etaSeen && seen["progress"] > 3 {
		t.Errorf("no progress line has an ETA: %v", recs)
	}

	// Every repository failed: exit 1, the last line a JSON error with the run's id.
	if err := os.WriteFile(list, []byte("/nonexistent/repo bad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI(t, "", "--log-format", "json", "run", "--repos", list, "--out", out, "--cache", t.TempDir(), "--progress", "log", "-q")
	recs = jsonLines(t, stderr)
	last := recs[len(recs)-1]
	if code != 1 || last["level"] != "ERROR" || last["msg"] != "pysurvey failed" || last["exit_code"] != float64(1) || last["run_id"] == nil {
		t.Errorf("exit %d, last line %v", code, last)
	}
	// A usage error in JSON mode is a JSON line too.
	_, stderr, code = runCLI(t, "", "--log-format=json", "run", "--bogus")
	if recs := jsonLines(t, stderr); code != 2 || len(recs) != 1 || !strings.Contains(recs[0]["error"].(string), "--bogus") {
		t.Errorf("usage error: exit %d %q", code, stderr)
	}
}

// TestInterruptedRepositoryIsNotLoggedAsFailed stops a run while a large
// repository is being read: it is logged as interrupted, never failed.
func TestInterruptedRepositoryIsNotLoggedAsFailed(t *testing.T) {
	small, large := manyFiles(t, 5), manyFiles(t, 6000)
	list := filepath.Join(t.TempDir(), "repos.txt")
	if err := os.WriteFile(list, []byte(large+" large\n"+small+" small\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancelled when the small repository is done, the large one still being read.
	stderr := &cancelOn{cancel: cancel, line: `"repo":"small"`}
	var stdout bytes.Buffer
	code := Main(ctx, []string{"--log-format", "json", "run", "--repos", list, "--out", t.TempDir(), "--cache", t.TempDir(),
		"--workers", "2", "--readers", "1", "--progress", "log", "-q"}, strings.NewReader(""), &stdout, stderr, func(string) string { return "" })
	if code != 130 {
		t.Fatalf("exit %d, want 130:\n%s", code, stderr.String())
	}
	var interrupted bool
	for _, rec := range jsonLines(t, stderr.String()) {
		switch rec["msg"] {
		case "repository failed":
			t.Errorf("an interrupted repository is logged as failed: %v", rec)
		case "repository interrupted":
			interrupted = rec["repo"] == "large"
		}
	}
	if !interrupted {
		t.Errorf("the large repository is not logged as interrupted:\n%s", stderr.String())
	}
}

// cancelOn cancels a context when a line containing line is written.
type cancelOn struct {
	syncBuffer
	cancel func()
	line   string
}

func (c *cancelOn) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(c.line)) {
		c.cancel()
	}
	return c.syncBuffer.Write(p)
}

// TestTextLogsEscapeControlCharacters checks that a repository name with
// escape sequences and newlines cannot forge or recolour log lines.
func TestTextLogsEscapeControlCharacters(t *testing.T) {
	var b syncBuffer
	logger := newLogger(&b, "text", "info")
	logger.Warn("repository failed", "repo", "evil\nlevel=INFO msg=fake", "error", "\x1b[2Jgone\x00")
	if got := b.String(); strings.Count(got, "\n") != 1 || strings.ContainsAny(got, "\x1b\x00") {
		t.Errorf("log line %q", got)
	}
	b = syncBuffer{}
	newLogger(&b, "json", "info").Warn("repository failed", "repo", "evil\x1b[31m", "error", errors.New("corruption on the remote side.\x00"))
	var rec map[string]any
	if err := json.Unmarshal([]byte(b.String()), &rec); err != nil || rec["repo"] != `evil\x1b[31m` || rec["error"] != `corruption on the remote side.\x00` {
		t.Errorf("json line %q: %v", b.String(), err)
	}
	b = syncBuffer{}
	fail(slog.New(slog.DiscardHandler), "text", &b, fmt.Errorf("reading \x1b[31mred\x1b[0m:\nsecond line"), 1)
	if got := b.String(); got != "pysurvey: reading \\x1b[31mred\\x1b[0m:\nsecond line\n" {
		t.Errorf("fatal line %q", got)
	}
}
