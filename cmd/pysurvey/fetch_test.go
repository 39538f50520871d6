package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pysurvey/pysurvey/pipeline/fetch"
	"github.com/pysurvey/pysurvey/pipeline/fetch/gitserver"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// asMain, set in a test binary's environment, makes it pysurvey itself.
const asMain = "PYSURVEY_TEST_AS_MAIN"

// TestMain lets the test binary be a fetch process, or pysurvey.
func TestMain(m *testing.M) {
	fetch.RunIfChild()
	if os.Getenv(asMain) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// startPysurvey starts the test binary as pysurvey with args.
func startPysurvey(t testing.TB, stdin io.Reader, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asMain+"=1")
	cmd.Stdin = stdin
	cmd.WaitDelay = time.Second
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, out
}

// exitWithin waits for cmd to exit and returns its code; past d it fails the test.
func exitWithin(t *testing.T, cmd *exec.Cmd, d time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode()
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Fatalf("still running after %s", d)
		return -1
	}
}

// zeroBlob is a commit of a 1 GiB file of zeros and its pack, made once.
var zeroBlob = sync.OnceValues(func() (plumbing.Hash, []byte) {
	h, pack, err := gitserver.ZeroBlobPack("big.py", 1<<30)
	if err != nil {
		panic(err)
	}
	return h, pack
})

// hostileMix serves good repositories and hostile ones, and returns the
// repo list, the flags it needs, and what each repository's row must say
// (status, and a part of its error).
func hostileMix(t testing.TB) (list string, args []string, want map[string][2]string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("serving repositories needs git")
	}
	dir := t.TempDir()
	root := filepath.Join(dir, "srv")
	files := fstest.MapFS{}
	for i := range 30 {
		files[fmt.Sprintf("app/m%02d.py", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("import flask\nx = %d\n", i))}
	}
	for _, name := range []string{"web", "ssh", "flaky"} {
		if _, err := gitrepo.Create(filepath.Join(root, name+".git"), files, gitrepo.Options{Bare: true}); err != nil {
			t.Fatal(err)
		}
	}
	local := filepath.Join(dir, "local.git")
	if _, err := gitrepo.Create(local, files, gitrepo.Options{Bare: true}); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dir, "id")
	sshSrv := gitserver.NewSSH(t, root, gitserver.UserKey(t, key, ""))
	knownHosts := filepath.Join(dir, "known_hosts")
	os.WriteFile(knownHosts, []byte(sshSrv.KnownHosts()), 0o644)
	head, pack := zeroBlob()
	bad := plumbing.NewHash(strings.Repeat("ab", 20))
	web := gitserver.NewHTTP(t, gitserver.UploadPack(root)).URL
	serve := func(h http.Handler) string { return gitserver.NewHTTP(t, h).URL }
	lines := []string{
		local + " local",
		web + "/web.git web",
		"ssh://git@" + sshSrv.Addr + "/ssh.git ssh",
		gitserver.NewHTTP(t, &gitserver.Flaky{N: 1, Next: gitserver.UploadPack(root)}).URL + "/flaky.git flaky",
		serve(gitserver.Lying(head, func(w io.Writer) error { _, err := w.Write(pack); return err })) + "/big.git big-blob",
		serve(gitserver.Lying(bad, func(w io.Writer) error {
			return gitserver.WritePack(w, 1<<32-1, []gitserver.Object{gitserver.Blob([]byte("x"))})
		})) + "/count.git huge-count",
		serve(gitserver.EndlessErrorBody()) + "/x.git endless-error",
		serve(gitserver.EndlessAdvertisement()) + "/x.git endless-refs",
		gitserver.NewHTTPS(t, gitserver.EchoAuthorization()).URL + "/x.git echo-token",
		"ssh://git@" + gitserver.Silent(t) + "/x.git silent-ssh",
		web + "/missing.git missing",
		treeBomb(t, dir) + " tree-bomb",
		latin1(t, dir) + " latin1",
	}
	want = map[string][2]string{
		"local": {"ok", ""}, "web": {"ok", ""}, "ssh": {"ok", ""}, "flaky": {"ok", ""}, "big-blob": {"ok", ""},
		"huge-count":    {"failed", "the pack declares 4294967295 objects"},
		"endless-error": {"failed", "HTTP 500 Internal Server Error"},
		"endless-refs":  {"failed", "the ref advertisement is longer than 64 MiB"},
		"echo-token":    {"failed", "access denied for <Basic [REDACTED]"},
		"silent-ssh":    {"failed", "fetch process killed at the deadline (timed out after 8s) while in the ssh handshake"},
		"missing":       {"failed", "repository not found (HTTP 404)"},
		"tree-bomb":     {"failed", "too many entries in the tree: more than 100000 (raise --max-files)"},
		"latin1":        {"ok", ""},
	}
	args = []string{"--ssh-key", key, "--known-hosts", knownHosts, "--repo-timeout", "8s", "--retries", "1", "--progress", "none",
		"--max-files", "100000", "--min-ok", "0.3"}
	return strings.Join(lines, "\n") + "\n", args, want
}

// A survey mixing hostile servers with good repositories completes: the
// good ones whole, the bad ones failed, each with its reason, and no
// credential anywhere.
func TestAHostileMixCompletes(t *testing.T) {
	list, args, want := hostileMix(t)
	out := t.TempDir()
	env := map[string]string{"GIT_TOKEN": "glpat-SECRET-4242", "HOME": os.Getenv("HOME")}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), append([]string{"run", "--repos", "-", "--out", out, "--cache", t.TempDir(), "--log-format", "json"}, args...),
		strings.NewReader(list), &stdout, &stderr, func(k string) string { return env[k] })
	if code != 3 { // complete, some repositories failed
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	rows, _, code := runCLI(t, "", "sql", "--data", out, "-f", "csv",
		"SELECT repo, status, attempts, files, error FROM repos ORDER BY repo")
	if code != 0 {
		t.Fatal(rows)
	}
	for _, line := range strings.Split(strings.TrimSpace(rows), "\n")[1:] {
		f := strings.SplitN(line, ",", 5)
		w, ok := want[f[0]]
		switch {
		case !ok:
			t.Errorf("unexpected row %s", line)
		case f[1] != w[0] || !strings.Contains(f[4], w[1]):
			t.Errorf("%s: %s; want %s with %q", f[0], line, w[0], w[1])
		case w[0] == "ok" && f[3] != "30" && f[0] != "big-blob" && f[0] != "latin1":
			t.Errorf("%s: %s files, want 30", f[0], f[3])
		}
		delete(want, f[0])
	}
	if len(want) > 0 {
		t.Errorf("no rows for %v", want)
	}
	attempts, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT repo, attempts FROM repos WHERE repo IN ('local', 'flaky', 'endless-error', 'huge-count') ORDER BY repo")
	if attempts != "repo,attempts\nendless-error,2\nflaky,2\nhuge-count,1\nlocal,0\n" {
		t.Errorf("attempts:\n%s", attempts)
	}
	if got, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT path, hex(path_raw) AS raw FROM files WHERE repo = 'latin1' ORDER BY path"); got != "path,raw\ncaf\\xe9.py,636166E92E7079\nd\\xe9p/requirements.txt,64E9702F726571756972656D656E74732E747874\n" {
		t.Errorf("latin1 files, escaped with their bytes:\n%s", got)
	}
	if got, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT count(*) AS n FROM files WHERE repo = 'tree-bomb'"); got != "n\n0\n" {
		t.Errorf("the tree bomb left rows:\n%s", got)
	}
	big, _, _ := runCLI(t, "", "sql", "--data", out, "-f", "csv", "SELECT path, size, skipped_reason FROM files WHERE repo = 'big-blob'")
	if big != "path,size,skipped_reason\nbig.py,1073741824,too_large\n" {
		t.Errorf("big-blob files:\n%s", big)
	}
	for _, s := range []string{stdout.String(), stderr.String(), rows} {
		if strings.Contains(s, "SECRET") || strings.Contains(s, "Z2xwYXQtU0VDUkVU") {
			t.Errorf("a credential leaks:\n%s", s)
		}
	}
}

// BenchmarkHostileRun runs pysurvey (this test binary) over the hostile
// mix and reports the peak resident memory of the pysurvey process, and
// of its largest fetch process.
func BenchmarkHostileRun(b *testing.B) {
	list, args, _ := hostileMix(b)
	var peak, fetchPeak int64
	for b.Loop() {
		cmd, out := startPysurvey(b, strings.NewReader(list),
			append([]string{"run", "--repos", "-", "--out", b.TempDir(), "--cache", b.TempDir(), "-q"}, args...)...)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		p, f := watchMemory(cmd.Process.Pid, done)
		if cmd.ProcessState.ExitCode() != 3 { // complete, some failed
			b.Fatalf("exit %d:\n%s", cmd.ProcessState.ExitCode(), out)
		}
		peak, fetchPeak = max(peak, p), max(fetchPeak, f)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-rss-MiB")
	b.ReportMetric(float64(fetchPeak)/(1<<20), "fetch-peak-rss-MiB")
}

// watchMemory samples, until done, the peak resident memory of process
// pid (VmHWM) and the largest resident memory of its children.
func watchMemory(pid int, done <-chan error) (peak, children int64) {
	for {
		select {
		case <-done:
			return peak, children
		case <-time.After(10 * time.Millisecond):
		}
		peak = max(peak, procStatus(pid, "VmHWM"))
		procs, _ := filepath.Glob("/proc/[0-9]*/stat")
		for _, p := range procs {
			b, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			// pid (comm) state ppid ...: the comm may hold spaces.
			fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
			if len(fields) > 1 && fields[1] == fmt.Sprint(pid) {
				var child int
				fmt.Sscan(filepath.Base(filepath.Dir(p)), &child)
				children = max(children, procStatus(child, "VmHWM"))
			}
		}
	}
}

// procStatus reads a size field (in kB) of /proc/PID/status, in bytes.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb << 10
		}
	}
	return 0
}

// treeBomb makes a local repository of 12 objects and 10^10 paths.
func treeBomb(t testing.TB, dir string) string {
	t.Helper()
	bomb := filepath.Join(dir, "bomb.git")
	if err := gitrepo.TreeBomb(bomb, 10, 10); err != nil {
		t.Fatal(err)
	}
	return bomb
}

// latin1 makes a local repository whose file names are Latin-1 bytes, as
// plain git add commits them in old repositories.
func latin1(t testing.TB, dir string) string {
	t.Helper()
	work := filepath.Join(dir, "latin1")
	os.MkdirAll(filepath.Join(work, "d\xe9p"), 0o755)
	os.WriteFile(filepath.Join(work, "caf\xe9.py"), []byte("import flask\n"), 0o644)
	os.WriteFile(filepath.Join(work, "d\xe9p", "requirements.txt"), []byte("flask\n"), 0o644)
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "latin1"}} {
		if out, err := exec.Command("git", append([]string{"-C", work}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	return work
}
