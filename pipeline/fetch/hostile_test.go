package fetch

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pysurvey/pysurvey/pipeline/fetch/gitserver"
)

// zeroBlob is a commit of a 1 GiB file of zeros and its pack, made once.
var zeroBlob = sync.OnceValues(func() (plumbing.Hash, []byte) {
	h, pack, err := gitserver.ZeroBlobPack("big.py", 1<<30)
	if err != nil {
		panic(err)
	}
	return h, pack
})

// hugeCountPack is a pack of one blob whose header declares 2^32-1 objects.
func hugeCountPack(w io.Writer) error {
	return gitserver.WritePack(w, 1<<32-1, []gitserver.Object{gitserver.Blob([]byte("x"))})
}

// Each lying or broken server fails its repository with a clear reason,
// soon, without retries where trying again cannot help, and without
// taking the test process (the survey) with it.
func TestLyingServersFailTheirRepositoryOnly(t *testing.T) {
	needGit(t)
	secret := "glpat-SECRET-0123456789"
	creds := Credentials{GitToken: secret}
	tests := []struct {
		name     string
		handler  http.Handler
		want     string
		attempts int
		tls      bool
	}{
		{"huge object count", gitserver.Lying(plumbing.NewHash(strings.Repeat("ab", 20)), hugeCountPack),
			"the pack declares 4294967295 objects, over the limit of 1048576", 1, false},
		{"endless error body", gitserver.EndlessErrorBody(),
			"HTTP 500 Internal Server Error: the server says: the server is very sorry the server is very sorry", 3, false},
		{"endless ref advertisement", gitserver.EndlessAdvertisement(), "the ref advertisement is longer than 64 MiB", 1, false},
		{"credentials echoed", gitserver.EchoAuthorization(), "the server says: access denied for <Basic [REDACTED]", 1, true},
		{"not found", http.NotFoundHandler(), "repository not found (HTTP 404)", 1, false},
		{"not a git server", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html>hello</html>") }),
			"is not a smart git HTTP server", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := gitserver.NewHTTP
			if tt.tls {
				srv = gitserver.NewHTTPS
			}
			start := time.Now()
			_, err := prepare(t, srv(t, tt.handler).URL+"/x.git", Options{Credentials: creds, Retries: 2, RetryWait: time.Millisecond}, time.Minute)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant %q", err, tt.want)
			}
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("took %s", took)
			}
			if strings.Contains(err.Error(), "SECRET") || strings.ContainsAny(err.Error(), "\x00\x1b") {
				t.Errorf("not clean: %q", err)
			}
			wantAttempts := ""
			if tt.attempts > 1 {
				wantAttempts = "(3 attempts)"
			}
			if !strings.HasSuffix(err.Error(), wantAttempts) {
				t.Errorf("want %d attempts: %v", tt.attempts, err)
			}
		})
	}
}

// A pack cut short is taken for a lost connection, and retried; one
// larger than --max-repo-size is not.
func TestPacksCutShortOrTooLarge(t *testing.T) {
	head, pack := zeroBlob()
	cut := gitserver.NewHTTP(t, gitserver.Lying(head, func(w io.Writer) error { _, err := w.Write(pack[:len(pack)/2]); return err }))
	_, err := prepare(t, cut.URL+"/x.git", Options{Retries: 1, RetryWait: time.Millisecond}, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "the pack ends early, in the object at") || !strings.HasSuffix(err.Error(), "(2 attempts)") {
		t.Errorf("cut short: %v", err)
	}
	whole := gitserver.NewHTTP(t, gitserver.Lying(head, func(w io.Writer) error { _, err := w.Write(pack); return err }))
	_, err = prepare(t, whole.URL+"/x.git", Options{Retries: 1, MaxRepoSize: 100 << 10}, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "the pack is larger than 100 KiB (--max-repo-size)") || strings.Contains(err.Error(), "attempts") {
		t.Errorf("too large: %v", err)
	}
}

// A commit whose tree is a blob of 32 MiB posing as a tree is refused
// before anything reads that tree whole.
func TestATreeOverTheLimitIsRefused(t *testing.T) {
	tree := gitserver.Object{Type: plumbing.TreeObject, Zeros: 32 << 20}
	commit := gitserver.Commit(gitserver.CommitData(tree.Hash(), "a huge tree"))
	srv := gitserver.NewHTTP(t, gitserver.Lying(commit.Hash(), func(w io.Writer) error {
		return gitserver.WritePack(w, 2, []gitserver.Object{commit, tree})
	}))
	_, err := prepare(t, srv.URL+"/x.git", Options{}, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "has 33554432 bytes, over the limit of 16777216") {
		t.Errorf("got %v", err)
	}
}

// A 1 GiB blob of zeros (1 MB on the wire) is fetched in a process that
// stays under a 256 MiB limit: objects stream through the hasher. (go-git
// held it whole: 1.1 GB.)
func TestALargeBlobIsFetchedInBoundedMemory(t *testing.T) {
	head, pack := zeroBlob()
	srv := gitserver.NewHTTP(t, gitserver.Lying(head, func(w io.Writer) error { _, err := w.Write(pack); return err }))
	p, err := prepare(t, srv.URL+"/big.git", Options{FetchMemory: 256 << 20}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if p.Commit.Hash != head {
		t.Errorf("commit %s, want %s", p.Commit.Hash, head)
	}
}

// A fetch process over its memory limit is killed, and says so.
func TestAFetchOverItsMemoryLimitIsKilled(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	upstream(t, root, "app", fstest.MapFS{"a.py": {Data: []byte("a = 1\n")}})
	srv := gitserver.NewHTTP(t, gitserver.UploadPack(root))
	_, err := prepare(t, srv.URL+"/app.git", Options{FetchMemory: 8 << 20, Retries: 2}, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "fetch process ran out of memory (limit 8 MiB)") || strings.Contains(err.Error(), "attempts") {
		t.Fatalf("got %v", err)
	}
}

// A server that accepts connections and never answers holds a fetch
// until the repository's deadline, no longer: ssh (stuck in the version
// exchange, which has no deadline of its own) and HTTP alike.
func TestASilentServerEndsAtTheDeadline(t *testing.T) {
	key := filepath.Join(t.TempDir(), "id")
	gitserver.UserKey(t, key, "")
	hang := gitserver.NewHTTP(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	for _, tc := range []struct{ source, phase string }{
		{"ssh://git@" + gitserver.Silent(t) + "/x.git", "in the ssh handshake with 127.0.0.1:"},
		{hang.URL + "/x.git", "waiting for the ref advertisement from 127.0.0.1:"},
	} {
		start := time.Now()
		_, err := prepare(t, tc.source, Options{Credentials: Credentials{SSHKey: key}, Retries: 2}, 2*time.Second)
		took := time.Since(start)
		if err == nil || !strings.Contains(err.Error(), "fetch process killed at the deadline (timed out after 2s) while "+tc.phase) {
			t.Errorf("%s: got %v", tc.source, err)
		}
		if took > 4*time.Second {
			t.Errorf("%s: took %s", tc.source, took)
		}
	}
}

// Transient failures are retried, with backoff, and the attempts counted;
// the repository is fetched when the server recovers.
func TestTransientFailuresAreRetried(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	want := upstream(t, root, "app", fstest.MapFS{"a.py": {Data: []byte("a = 1\n")}})
	flaky := &gitserver.Flaky{N: 2, Next: gitserver.UploadPack(root)}
	srv := gitserver.NewHTTP(t, flaky)
	var logs bytes.Buffer
	p, err := prepare(t, srv.URL+"/app.git", Options{Retries: 2, RetryWait: 10 * time.Millisecond, Logger: testLogger(&logs)}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if p.Attempts != 3 || p.Commit.Hash != want || flaky.Served.Load() != 4 {
		t.Errorf("attempts %d, commit %s, requests %d", p.Attempts, p.Commit.Hash, flaky.Served.Load())
	}
	if strings.Count(logs.String(), "fetch failed, retrying") != 2 || !strings.Contains(logs.String(), "HTTP 503") {
		t.Errorf("logs:\n%s", logs.String())
	}
	// One retry is not enough for two failures.
	flaky.Served.Store(0)
	p, err = prepare(t, srv.URL+"/app.git", Options{Retries: 1, RetryWait: 10 * time.Millisecond}, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "HTTP 503 Service Unavailable: the server says: try again later (2 attempts)") || p.Attempts != 2 {
		t.Errorf("attempts %d: %v", p.Attempts, err)
	}
	// A refused connection is transient too.
	_, err = prepare(t, "http://127.0.0.1:1/app.git", Options{Retries: 2, RetryWait: 10 * time.Millisecond}, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "(3 attempts)") {
		t.Errorf("got %v", err)
	}
	// No retry that the deadline would cut short.
	start := time.Now()
	_, err = prepare(t, "http://127.0.0.1:1/app.git", Options{Retries: 5, RetryWait: time.Hour}, 5*time.Second)
	if err == nil || !strings.Contains(err.Error(), "not retried: the deadline is near") || time.Since(start) > 3*time.Second {
		t.Errorf("got %v after %s", err, time.Since(start))
	}
}
