//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/pipeline/fetch/gitserver"
)

// A second SIGTERM exits at once, whatever blocks: reading the repo list
// from a stdin left open, opening a --patterns FIFO no one writes.
func TestASecondSignalExitsAtOnce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, code := runCLI(t, "", "run", "--sample", "--out", out, "--cache", t.TempDir(), "-q"); code != 0 {
		t.Fatalf("sample run: %s", stderr)
	}
	fifo := filepath.Join(t.TempDir(), "patterns.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs: %v", err)
	}
	stdin, keepOpen, err := os.Pipe() // an open stdin that no one writes to
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	defer keepOpen.Close()
	for name, args := range map[string][]string{
		"repo list from an open stdin": {"run", "--repos", "-", "--out", t.TempDir()},
		"patterns from a FIFO":         {"sql", "--data", out, "--patterns", fifo, "SELECT 1"},
	} {
		t.Run(name, func(t *testing.T) {
			cmd, output := startPysurvey(t, stdin, args...)
			time.Sleep(500 * time.Millisecond) // to get blocked
			cmd.Process.Signal(syscall.SIGTERM)
			time.Sleep(200 * time.Millisecond)
			if cmd.ProcessState != nil {
				t.Fatalf("exited after one signal:\n%s", output)
			}
			cmd.Process.Signal(syscall.SIGTERM)
			if code := exitWithin(t, cmd, 2*time.Second); code != 130 || !strings.Contains(output.String(), "terminated again: exiting at once") {
				t.Errorf("exit %d:\n%s", code, output)
			}
		})
	}
}

// One SIGTERM stops a run blocked in a fetch (an ssh server that never
// answers, the deadline an hour away): the fetch process is killed, the
// run is recorded as interrupted.
func TestASignalStopsAFetch(t *testing.T) {
	key := filepath.Join(t.TempDir(), "id")
	gitserver.UserKey(t, key, "")
	list := "ssh://git@" + gitserver.Silent(t) + "/x.git hung\n"
	out := t.TempDir()
	cmd, output := startPysurvey(t, strings.NewReader(list), "run", "--repos", "-", "--out", out, "--cache", t.TempDir(),
		"--ssh-key", key, "--repo-timeout", "1h", "--progress", "none")
	time.Sleep(time.Second)
	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	if code := exitWithin(t, cmd, 5*time.Second); code != 130 {
		t.Fatalf("exit %d:\n%s", code, output)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %s to stop", took)
	}
	runs, _ := filepath.Glob(filepath.Join(out, "runs", "*", "*.parquet"))
	if len(runs) != 1 || !strings.Contains(output.String(), "status=interrupted") {
		t.Errorf("runs %v; output:\n%s", runs, output)
	}
}
