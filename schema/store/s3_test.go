package store

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/pysurvey/pysurvey/schema/store/s3test"
)

// The credentials and bucket of the test server; no message may show the
// credentials.
const (
	testAccessKey = s3test.AccessKey
	testSecretKey = s3test.SecretKey
	testBucket    = s3test.Bucket
)

// fakeS3 is an S3 server on 127.0.0.1 (s3test), behind a handler that
// records each request and lets a test answer some requests itself (to
// fail them).
type fakeS3 struct {
	t       testing.TB
	backend *s3mem.Backend
	server  *s3test.Server
	s3      http.Handler // gofakes3's own handler

	mu        sync.Mutex
	requests  []string                                          // "METHOD /bucket/key?query"
	intercept func(w http.ResponseWriter, r *http.Request) bool // answers r itself when it returns true
}

// newFakeS3 starts the server with the bucket testBucket and points the
// AWS SDK's environment at test credentials.
func newFakeS3(t testing.TB) *fakeS3 {
	t.Helper()
	f := &fakeS3{t: t}
	f.server = s3test.New(t, func(s3 http.Handler) http.Handler {
		f.s3 = s3
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			f.mu.Lock()
			f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
			intercept := f.intercept
			f.mu.Unlock()
			if intercept != nil && intercept(w, r) {
				return
			}
			s3.ServeHTTP(w, r)
		})
	})
	f.backend = f.server.Backend
	return f
}

// awsTestEnv keeps the AWS SDK away from this machine's configuration and
// from any instance metadata service.
func awsTestEnv(t testing.TB) { s3test.Env(t) }

// location is the URL of prefix in the test bucket.
func (f *fakeS3) location(prefix string) string { return f.server.Location(prefix) }

// open opens prefix in the test bucket.
func (f *fakeS3) open(prefix string) Store {
	f.t.Helper()
	st, err := Open(context.Background(), f.location(prefix))
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { st.Close() })
	return st
}

// setIntercept installs (or, with nil, removes) the test's own handler.
func (f *fakeS3) setIntercept(h func(w http.ResponseWriter, r *http.Request) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.intercept = h
}

// take returns the requests seen since the last take and forgets them.
func (f *fakeS3) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.requests
	f.requests = nil
	return r
}

// put stores an object directly in the backend.
func (f *fakeS3) put(key string, data []byte) {
	f.t.Helper()
	if _, err := f.backend.PutObject(testBucket, key, map[string]string{}, bytes.NewReader(data), int64(len(data)), nil); err != nil {
		f.t.Fatal(err)
	}
}

// object returns the bytes stored at key, or false.
func (f *fakeS3) object(key string) ([]byte, bool) {
	f.t.Helper()
	obj, err := f.backend.GetObject(testBucket, key, nil)
	if err != nil {
		if gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey) {
			return nil, false
		}
		f.t.Fatal(err)
	}
	defer obj.Contents.Close()
	data, err := io.ReadAll(obj.Contents)
	if err != nil {
		f.t.Fatal(err)
	}
	return data, true
}

// keys lists every key of the bucket, straight from the backend.
func (f *fakeS3) keys() []string { return f.server.Keys(f.t) }

// pendingUploads lists the multipart uploads begun and neither completed
// nor aborted, through the S3 API.
func (f *fakeS3) pendingUploads() []string {
	f.t.Helper()
	client := s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(f.server.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, ""),
	})
	out, err := client.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(testBucket)})
	if err != nil && strings.Contains(err.Error(), "NoSuchUpload") {
		return nil // gofakes3's answer when the bucket never had one
	}
	if err != nil {
		f.t.Fatal(err)
	}
	var keys []string
	for _, u := range out.Uploads {
		keys = append(keys, aws.ToString(u.Key))
	}
	return keys
}

// count returns how many requests start with prefix.
func count(requests []string, prefix string) int {
	n := 0
	for _, r := range requests {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

// writeFile writes data to a new file in dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// randomBytes returns n bytes that do not compress.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// noSecrets fails the test if msg shows a test credential.
func noSecrets(t *testing.T, msg string) {
	t.Helper()
	for _, s := range []string{testAccessKey, testSecretKey} {
		if strings.Contains(msg, s) {
			t.Errorf("message shows a credential: %s", msg)
		}
	}
}

// dirNames returns the names in dir (to see that nothing, not even a
// temporary file, was left behind).
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	names := []string{}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestS3RoundTrip(t *testing.T) {
	f := newFakeS3(t)
	st := f.open("nightly")
	ctx := context.Background()
	if st.Local() != "" {
		t.Errorf("Local() = %q for a bucket", st.Local())
	}
	if st.String() != f.location("nightly") {
		t.Errorf("String() = %q", st.String())
	}
	objs, err := st.List(ctx, "")
	if err != nil || len(objs) != 0 {
		t.Fatalf("List of an empty bucket = %v, %v", objs, err)
	}

	stage, err := Staging(st, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"files/run_date=2026-12-01/r1-p0001.parquet": randomBytes(3000, 1),
		"files/run_date=2026-12-01/r1-p0000.parquet": randomBytes(10, 2),
		"runs/run_date=2026-12-01/r1.parquet":        {},
		"files-extra/x.json":                         []byte(`{"a":1}`),
	}
	for key, data := range files {
		path := writeFile(t, stage, key, data)
		if err := st.Upload(ctx, key, path); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Upload left the local file %s (%v)", path, err)
		}
		got, ok := f.object("nightly/" + key)
		if !ok || !bytes.Equal(got, data) {
			t.Errorf("object nightly/%s holds %d bytes, want %d", key, len(got), len(data))
		}
	}
	// Objects of other writers: outside the prefix, a directory marker, a
	// hidden temporary name and an invalid key are not listed.
	f.put("other/files/a.parquet", []byte("x"))
	f.put("nightly/files/", nil)
	f.put("nightly/files/run_date=2026-12-01/.r2-p0000.parquet.tmp", []byte("x"))
	f.put("nightly/files//double", []byte("x"))

	objs, err = st.List(ctx, "files/")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range objs {
		keys = append(keys, o.Key)
		data := files[o.Key]
		sum := md5.Sum(data)
		if o.Size != int64(len(data)) || !bytes.Equal(o.MD5, sum[:]) || time.Since(o.ModTime) > time.Minute {
			t.Errorf("listed %+v, want size %d and MD5 %x", o, len(data), sum)
		}
	}
	want := []string{"files/run_date=2026-12-01/r1-p0000.parquet", "files/run_date=2026-12-01/r1-p0001.parquet"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("List(files/) = %q, want %q", keys, want)
	}
	objs, err = st.List(ctx, "files")
	if err != nil || len(objs) != 3 || objs[0].Key != "files-extra/x.json" {
		t.Errorf("List(files) = %v, %v: want files-extra/ before files/", objs, err)
	}

	dest := filepath.Join(t.TempDir(), "copy", "p1.parquet")
	if err := st.Download(ctx, want[1], dest); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(dest)
	if err != nil || !bytes.Equal(got, files[want[1]]) {
		t.Fatalf("downloaded %d bytes (%v), want %d", len(got), err, len(files[want[1]]))
	}
	info, _ := os.Stat(dest)
	if d := info.ModTime().Sub(objs[2].ModTime); d < -time.Second || d > time.Second {
		t.Errorf("downloaded copy's time %v, object's %v", info.ModTime(), objs[2].ModTime)
	}

	if err := st.Delete(ctx, want[0]); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.object("nightly/" + want[0]); ok {
		t.Error("Delete left the object")
	}
	if err := st.Delete(ctx, want[0]); err != nil {
		t.Errorf("Delete of a missing object: %v", err)
	}
	err = st.Download(ctx, want[0], filepath.Join(t.TempDir(), "gone"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), want[0]) {
		t.Errorf("Download of a missing object: %v, want a not-found error naming the key", err)
	}
	noSecrets(t, err.Error())
	if _, ok := f.object("other/files/a.parquet"); !ok {
		t.Error("an object outside the prefix is gone")
	}
}

func TestS3ListPages(t *testing.T) {
	f := newFakeS3(t)
	st := f.open("big")
	const n = 2345
	for i := range n {
		f.put(fmt.Sprintf("big/files/run_date=2026-12-01/%05d.parquet", n-i), []byte{byte(i)})
	}
	f.take()
	objs, err := st.List(context.Background(), "files/")
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != n || objs[0].Key != "files/run_date=2026-12-01/00001.parquet" || objs[n-1].Key != fmt.Sprintf("files/run_date=2026-12-01/%05d.parquet", n) {
		t.Fatalf("listed %d objects, want %d in order", len(objs), n)
	}
	reqs := f.take()
	if lists := count(reqs, "GET /survey?"); lists != 3 {
		t.Errorf("%d listing requests for %d keys, want 3 pages of %d: %q", lists, n, listPageSize, reqs)
	}
}

func TestS3ListThatNeverEnds(t *testing.T) {
	f := newFakeS3(t)
	st := f.open("p")
	f.setIntercept(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Query().Get("list-type") != "2" {
			return false
		}
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>survey</Name><Prefix>p/</Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated><NextContinuationToken>same</NextContinuationToken></ListBucketResult>`)
		return true
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := st.List(ctx, "")
	if err == nil || !strings.Contains(err.Error(), "does not end the listing") {
		t.Fatalf("List against a store repeating its page token: %v", err)
	}
	if lists := count(f.take(), "GET /survey?"); lists > maxFetches+1 {
		t.Errorf("%d listing requests before giving up", lists)
	}
}

func TestS3Sync(t *testing.T) {
	f := newFakeS3(t)
	st := f.open("nightly")
	ctx := context.Background()
	keys := []string{
		"runs/run_date=2026-12-01/r1.parquet",
		"files/run_date=2026-12-01/r1-p0000.parquet",
		"files/run_date=2026-12-01/r1-p0001.parquet",
		"imports/run_date=2026-12-02/r2-p0000.parquet",
	}
	for i, k := range keys {
		f.put("nightly/"+k, randomBytes(100+i, uint64(i)))
	}
	f.put("nightly/files/run_date=2026-12-01/r0-p0000.parquet", []byte("not asked for"))
	root := t.TempDir()
	f.take()

	check := func(wantN int, what string) []string {
		t.Helper()
		n, size, err := Sync(ctx, st, keys, root)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		reqs := f.take()
		var wantBytes int64
		for _, r := range reqs {
			if strings.HasPrefix(r, "GET /survey/") {
				k, _ := url.PathUnescape(strings.TrimPrefix(strings.SplitN(r, "?", 2)[0], "GET /survey/"))
				data, _ := f.object(k)
				wantBytes += int64(len(data))
			}
		}
		if gets := count(reqs, "GET /survey/"); n != wantN || gets != wantN || size != wantBytes {
			t.Errorf("%s: Sync downloaded %d objects (%d bytes) in %d GETs, want %d (%d bytes); requests %q", what, n, size, gets, wantN, wantBytes, reqs)
		}
		if heads := count(reqs, "HEAD "); heads != 0 {
			t.Errorf("%s: %d HEAD requests: the listing says what Sync needs", what, heads)
		}
		for _, k := range keys {
			got, err := os.ReadFile(filepath.Join(root, k))
			want, _ := f.object("nightly/" + k)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: local %s is not a copy (%v)", what, k, err)
			}
		}
		return reqs
	}
	reqs := check(4, "first sync")
	if lists := count(reqs, "GET /survey?list-type=2"); lists != 3 {
		t.Errorf("first sync listed %d times, want once per directory (3)", lists)
	}
	if _, err := os.Stat(filepath.Join(root, "files/run_date=2026-12-01/r0-p0000.parquet")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("Sync downloaded a key it was not given")
	}
	check(0, "nothing changed")

	f.put("nightly/"+keys[1], randomBytes(101, 99)) // same size, other bytes
	check(1, "one object rewritten")

	os.Remove(filepath.Join(root, keys[2]))
	os.WriteFile(filepath.Join(root, keys[3]), []byte("cut"), 0o644)
	check(2, "one copy removed, one damaged")

	os.Remove(filepath.Join(root, ManifestName))
	check(0, "manifest lost: copies checked by their MD5")

	os.WriteFile(filepath.Join(root, ManifestName), []byte("{not json"), 0o644)
	check(0, "manifest damaged")

	// A copy of the same size whose bytes differ, the manifest lost: the MD5 tells.
	os.Remove(filepath.Join(root, ManifestName))
	os.WriteFile(filepath.Join(root, keys[0]), randomBytes(100, 1234), 0o644)
	check(1, "copy of the same size with other bytes")

	_, _, err := Sync(ctx, st, append(keys, "files/run_date=2026-12-01/nope.parquet"), root)
	if err == nil || !strings.Contains(err.Error(), "nope.parquet") {
		t.Errorf("Sync of a missing key: %v", err)
	}
	_, _, err = Sync(ctx, st, []string{"../escape"}, root)
	if err == nil {
		t.Error("Sync took a key with ..")
	}
}

// truncatingGET answers GETs of objects by sending the headers of the whole
// object and half its bytes, then dropping the connection.
func truncatingGET(f *fakeS3) func(w http.ResponseWriter, r *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet || r.URL.Query().Has("list-type") {
			return false
		}
		rec := httptest.NewRecorder()
		f.s3.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(body[:len(body)/2])
		w.(http.Flusher).Flush()
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
		return true
	}
}

func TestS3DownloadCutShort(t *testing.T) {
	f := newFakeS3(t)
	st := f.open("p")
	data := randomBytes(64<<10, 3)
	f.put("p/a.parquet", data)
	f.setIntercept(truncatingGET(f))
	dir := t.TempDir()
	err := st.Download(context.Background(), "a.parquet", filepath.Join(dir, "a.parquet"))
	if err == nil {
		t.Fatal("Download of a cut-short object succeeded")
	}
	if !strings.Contains(err.Error(), "a.parquet") {
		t.Errorf("error does not name the key: %v", err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("Download left %q", names)
	}
	noSecrets(t, err.Error())
}

func TestS3DownloadChanged(t *testing.T) {
	f := newFakeS3(t)
	st := f.open("p")
	for _, tc := range []struct {
		name        string
		replacement []byte
	}{
		{"same size", randomBytes(5000, 5)},
		{"shorter", randomBytes(4000, 5)},
		{"longer", randomBytes(6000, 5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.put("p/a.parquet", randomBytes(5000, 4))
			// Between the attributes (HEAD) and the bytes (GET), another
			// writer replaces the object.
			f.setIntercept(func(w http.ResponseWriter, r *http.Request) bool {
				if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/survey/p/a.parquet") {
					f.put("p/a.parquet", tc.replacement)
				}
				return false
			})
			defer f.setIntercept(nil)
			dir := t.TempDir()
			err := st.Download(context.Background(), "a.parquet", filepath.Join(dir, "a.parquet"))
			if err == nil {
				t.Fatal("Download of an object changed under it succeeded")
			}
			if !strings.Contains(err.Error(), "changed") && !strings.Contains(err.Error(), "MD5") {
				t.Errorf("error does not say the object changed: %v", err)
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("Download left %q", names)
			}
		})
	}
}

// isUpload reports whether r sends the bytes of an object (a PUT of an
// object or of a part).
func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPut && strings.Count(r.URL.Path, "/") >= 2
}

// dropMidUpload reads part of an upload's body, then drops the connection.
func dropMidUpload(w http.ResponseWriter, r *http.Request) bool {
	if !isUpload(r) {
		return false
	}
	io.CopyN(io.Discard, r.Body, 1000)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
	return true
}

// internalError answers an upload with S3's 500.
func internalError(w http.ResponseWriter, r *http.Request) bool {
	if !isUpload(r) {
		return false
	}
	io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusInternalServerError)
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`)
	return true
}

func TestS3UploadFails(t *testing.T) {
	for _, tc := range []struct {
		name    string
		size    int
		fail    func(w http.ResponseWriter, r *http.Request) bool
		message string
	}{
		{"connection dropped", 200 << 10, dropMidUpload, "a.parquet"},
		{"500", 200 << 10, internalError, "InternalError"},
		{"multipart part dropped", 17 << 20, dropMidUpload, "a.parquet"},
		{"multipart part 500", 17 << 20, internalError, "InternalError"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeS3(t)
			st := f.open("p")
			data := randomBytes(tc.size, 6)
			path := writeFile(t, t.TempDir(), "a.parquet", data)
			f.setIntercept(tc.fail)
			err := st.Upload(context.Background(), "runs/a.parquet", path)
			if err == nil {
				t.Fatal("Upload to a failing server succeeded")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), tc.message) || !strings.Contains(err.Error(), "runs/a.parquet") {
				t.Errorf("error does not say what failed: %v", err)
			}
			noSecrets(t, err.Error())
			f.setIntercept(nil)
			if keys := f.keys(); len(keys) != 0 {
				t.Errorf("a failed upload left objects %q", keys)
			}
			if pending := f.pendingUploads(); len(pending) != 0 {
				t.Errorf("a failed upload left parts of %q", pending)
			}
			if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
				t.Fatalf("the local file is gone or changed: %v", err)
			}
			if err := st.Upload(context.Background(), "runs/a.parquet", path); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got, ok := f.object("p/runs/a.parquet"); !ok || !bytes.Equal(got, data) {
				t.Error("the retried upload did not store the file whole")
			}
		})
	}
}

func TestS3UploadRetriesDroppedConnection(t *testing.T) {
	f := newFakeS3(t)
	st := f.open("p")
	data := randomBytes(100<<10, 8)
	path := writeFile(t, t.TempDir(), "a.parquet", data)
	var once sync.Once
	f.setIntercept(func(w http.ResponseWriter, r *http.Request) bool {
		dropped := false
		once.Do(func() { dropped = dropMidUpload(w, r) })
		return dropped
	})
	if err := st.Upload(context.Background(), "a.parquet", path); err != nil {
		t.Fatal(err)
	}
	if got, ok := f.object("p/a.parquet"); !ok || !bytes.Equal(got, data) {
		t.Error("the upload retried after a dropped connection is not whole")
	}
	if puts := count(f.take(), "PUT "); puts != 2 {
		t.Errorf("%d PUTs, want 2 (one dropped, one retried)", puts)
	}
}

func TestS3UploadCancelled(t *testing.T) {
	for _, size := range []int{4 << 20, 17 << 20} {
		t.Run(fmt.Sprint(size>>20, "MiB"), func(t *testing.T) {
			f := newFakeS3(t)
			st := f.open("p")
			path := writeFile(t, t.TempDir(), "a.parquet", randomBytes(size, 9))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			started := make(chan struct{}, 1)
			f.setIntercept(func(w http.ResponseWriter, r *http.Request) bool {
				if !isUpload(r) {
					return false
				}
				io.CopyN(io.Discard, r.Body, 1000)
				select {
				case started <- struct{}{}:
				default:
				}
				// Hold the upload until the client gives up (the server
				// sees the connection close once the body is read).
				io.Copy(io.Discard, r.Body)
				select {
				case <-r.Context().Done():
				case <-time.After(30 * time.Second):
				}
				return true
			})
			done := make(chan error, 1)
			go func() { done <- st.Upload(ctx, "a.parquet", path) }()
			select {
			case <-started:
			case <-time.After(30 * time.Second):
				t.Fatal("the upload never reached the server")
			}
			cancel()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("Upload did not return after its context was cancelled")
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Upload with a cancelled context: %v, want context.Canceled", err)
			}
			f.setIntercept(nil)
			if keys := f.keys(); len(keys) != 0 {
				t.Errorf("a cancelled upload left objects %q", keys)
			}
			// An abort sent after the cancellation may still be on its way.
			deadline := time.Now().Add(10 * time.Second)
			for len(f.pendingUploads()) != 0 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			if pending := f.pendingUploads(); len(pending) != 0 {
				t.Errorf("a cancelled upload left parts of %q", pending)
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("the local file is gone: %v", err)
			}
		})
	}
}

func TestS3FileChangedDuringUpload(t *testing.T) {
	f := newFakeS3(t)
	st := f.open("p")
	const size = 40 << 20
	path := writeFile(t, t.TempDir(), "a.parquet", randomBytes(size, 10))
	// When the multipart upload begins, the client has read the first parts
	// only: a writer still busy with the file changes its last bytes.
	f.setIntercept(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodPost && r.URL.Query().Has("uploads") {
			sf, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Error(err)
				return false
			}
			defer sf.Close()
			if _, err := sf.WriteAt([]byte("changed"), size-10); err != nil {
				t.Error(err)
			}
		}
		return false
	})
	err := st.Upload(context.Background(), "a.parquet", path)
	if err == nil {
		t.Fatal("Upload of a file that changed under it succeeded")
	}
	if !strings.Contains(err.Error(), "did not match") {
		t.Errorf("error does not say the bytes changed: %v", err)
	}
	if keys := f.keys(); len(keys) != 0 {
		t.Errorf("the upload left objects %q", keys)
	}
	if pending := f.pendingUploads(); len(pending) != 0 {
		t.Errorf("the upload left parts of %q", pending)
	}
}
