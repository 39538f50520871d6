package fetch

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pysurvey/pysurvey/pipeline/fetch/indexpack"
)

// Every fetch runs in a process of its own (the pysurvey binary, or a
// test binary, started again): what a server sends is parsed there, so
// that no server can take the survey down. A Go runtime fatal error (an
// allocation the machine cannot make) cannot be recovered; a process
// killed past its memory limit or its deadline is just that repository's
// failure. The parent polls the process's resident memory and kills it
// past the limit (an address-space rlimit cannot do: the pysurvey binary
// maps 1.8 GB of address space doing nothing), kills it at the
// repository's deadline or when the run is interrupted, and hands it the
// job, credentials included, on its standard input (never argv or disk).

// childEnv is set in a fetch process's environment.
const childEnv = "PYSURVEY_FETCH_PROCESS"

// RunIfChild makes the process a fetch process when it was started as
// one: it does the fetch it is given on standard input and exits. In any
// other process it returns at once. Call it first thing in main, and in
// TestMain of the packages whose tests fetch remote repositories.
func RunIfChild() {
	if os.Getenv(childEnv) != "1" {
		return
	}
	os.Exit(childMain(os.Stdin, os.Stdout))
}

// childArgs keep a test binary whose TestMain lacks RunIfChild from
// running its tests as a fetch process: it then runs none, says PASS,
// and its parent reports the missing hook.
var childArgs = []string{"-test.run=^$"}

// message is a line from a fetch process to its parent: a phase, or
// the result.
type message struct {
	Phase     string `json:"phase,omitempty"`
	Done      bool   `json:"done,omitempty"`
	Error     string `json:"error,omitempty"`
	Transient bool   `json:"transient,omitempty"`
}

// request is the first line a fetch process reads.
type request struct {
	Job      job       `json:"job"`
	Deadline time.Time `json:"deadline"`
}

// maxRequest bounds the request line.
const maxRequest = 1 << 20

// childMain runs a fetch process: one request in, messages out.
func childMain(in io.Reader, out io.Writer) int {
	br := bufio.NewReaderSize(in, 64<<10)
	line, err := readLine(br, maxRequest)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pysurvey fetch process: reading the request:", err)
		return 2
	}
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		fmt.Fprintln(os.Stderr, "pysurvey fetch process: reading the request:", err)
		return 2
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	if !req.Deadline.IsZero() {
		var stop context.CancelFunc
		ctx, stop = context.WithDeadline(ctx, req.Deadline)
		defer stop()
	}
	// The parent keeps standard input open: its end means the parent is
	// gone, and so is the point of fetching.
	go func() {
		io.Copy(io.Discard, br)
		cancel(errors.New("the survey process ended"))
		time.Sleep(5 * time.Second)
		os.Exit(3)
	}()
	var mu sync.Mutex
	enc := json.NewEncoder(out)
	send := func(m message) {
		mu.Lock()
		defer mu.Unlock()
		enc.Encode(m)
	}
	err = req.Job.run(ctx, func(p string) { send(message{Phase: p}) })
	res := message{Done: true}
	if err != nil {
		res.Error, res.Transient = req.Job.Creds.Redact(err.Error()), isTransient(err)
	}
	send(res)
	return 0
}

// readLine reads a line of at most limit bytes.
func readLine(br *bufio.Reader, limit int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > limit {
			return nil, fmt.Errorf("a line longer than %d bytes", limit)
		}
		if err == nil {
			return line, nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
	}
}

// pollInterval is how often a fetch process's memory is looked at.
const pollInterval = 20 * time.Millisecond

// childGrace is how long after the repository's deadline a fetch process
// gives up by itself.
const childGrace = 5 * time.Second

// runChild runs a job in a fetch process within ctx and returns its
// failure: its own error, or why it was stopped.
func runChild(ctx context.Context, j job) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding the pysurvey binary to fetch with: %w", err)
	}
	cmd := exec.Command(exe, childArgs...)
	cmd.Args[0] = "pysurvey-fetch" // as ps shows it
	cmd.Env = childEnviron(os.Environ(), j.Memory)
	cmd.SysProcAttr = childProcAttr()
	stderr := &tailBuffer{max: 16 << 10}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting a fetch process: %w", err)
	}
	// The process's own deadline comes after the one its parent kills it
	// at: it is for a parent that is gone.
	deadline, ok := ctx.Deadline()
	if ok {
		deadline = deadline.Add(childGrace)
	}
	line, _ := json.Marshal(request{Job: j, Deadline: deadline})
	go func() {
		stdin.Write(append(line, '\n')) // stdin stays open until the process ends
	}()

	var (
		mu     sync.Mutex
		phase  string
		result *message
		text   string // the first line that is not a message
	)
	read := make(chan struct{})
	go func() {
		defer close(read)
		br := bufio.NewReaderSize(stdout, 64<<10)
		for {
			line, err := readLine(br, 64<<10)
			if err != nil {
				return
			}
			var m message
			if json.Unmarshal(line, &m) != nil {
				mu.Lock()
				if text == "" {
					text = strings.TrimSpace(string(line))
				}
				mu.Unlock()
				continue
			}
			mu.Lock()
			if m.Done {
				result = &m
			} else if m.Phase != "" {
				phase = m.Phase
			}
			mu.Unlock()
		}
	}()

	var stopped error // why the parent killed the process
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
watch:
	for {
		select {
		case <-read:
			break watch
		case <-ctx.Done():
			stopped = stopReason(ctx)
			killChild(cmd.Process)
			break watch
		case <-tick.C:
			if rss, ok := residentBytes(cmd.Process.Pid); ok && rss > j.Memory {
				stopped = &fetchError{msg: "fetch process ran out of memory (limit " + indexpack.FormatBytes(uint64(j.Memory)) + ")"}
				killChild(cmd.Process)
				break watch
			}
		}
	}
	<-read
	stdin.Close()
	waitErr := cmd.Wait()
	if stopped == nil && ctx.Err() != nil {
		stopped = stopReason(ctx) // it ended as it was being stopped
	}
	mu.Lock()
	defer mu.Unlock()
	during := ""
	if phase != "" {
		during = " while " + phase
	}
	switch {
	case stopped != nil:
		var fe *fetchError
		if errors.As(stopped, &fe) {
			return &fetchError{msg: fe.msg + during}
		}
		return fmt.Errorf("%w%s", stopped, during)
	case result != nil && result.Error == "":
		return nil
	case result != nil:
		return &fetchError{msg: result.Error, transient: result.Transient}
	}
	return &fetchError{msg: crashMessage(waitErr, stderr.String(), text, j.Memory) + during}
}

// stopReason says why a fetch process was stopped.
func stopReason(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("fetch process killed at the deadline (%w)", context.Cause(ctx))
	}
	return fmt.Errorf("fetch process stopped: %w", context.Cause(ctx))
}

// crashMessage explains a fetch process that ended without a result,
// from its error output and the first other line of its output.
func crashMessage(waitErr error, stderr, text string, memory int64) string {
	if strings.Contains(stderr, "out of memory") {
		return "fetch process ran out of memory (limit " + indexpack.FormatBytes(uint64(memory)) + ")"
	}
	first := ""
	for _, l := range strings.Split(stderr, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "goroutine ") {
			first = l
			break
		}
	}
	state := "ended without a result"
	if waitErr != nil {
		state = "ended without a result (" + waitErr.Error() + ")"
	}
	if text == "PASS" || strings.HasPrefix(text, "testing: warning: no tests to run") {
		return "fetch process " + state + "; is fetch.RunIfChild called first in main (or TestMain)?"
	}
	if first == "" {
		return "fetch process " + state
	}
	return "fetch process " + state + ": " + Clean(first, 300)
}

// childEnviron is the environment of a fetch process: the survey's, less
// the secrets (which come on standard input), with a Go memory limit
// under the hard one so that the garbage collector works before a kill.
func childEnviron(env []string, memory int64) []string {
	out := make([]string, 0, len(env)+2)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GITHUB_TOKEN", "GIT_TOKEN", "PYSURVEY_SSH_PASSPHRASE", "GOMEMLIMIT", childEnv:
			continue
		}
		out = append(out, kv)
	}
	return append(out, childEnv+"=1", "GOMEMLIMIT="+strconv.FormatInt(memory*3/4, 10))
}
