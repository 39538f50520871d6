// Package s3test runs an S3 API on 127.0.0.1 for tests: gofakes3 with its
// in-memory backend, one bucket, and the AWS SDK's environment pointed at
// test credentials and nowhere else (no shared configuration files, no
// instance metadata), so that the real S3 driver of gocloud.dev/blob, in
// the test or in a process it starts, talks to it.
package s3test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// The credentials and bucket of the server.
const (
	AccessKey = "AKIAPYSURVEYTESTKEY1"
	SecretKey = "pysurvey/test+secret/key/0123456789abcdef"
	Bucket    = "survey"
)

// Server is the S3 API with its backend.
type Server struct {
	// URL is the endpoint.
	URL string
	// Backend holds the objects.
	Backend *s3mem.Backend
}

// New starts the server for the test, with the bucket Bucket; wrap, when
// set, wraps its handler (to record or fail requests).
func New(t testing.TB, wrap func(http.Handler) http.Handler) *Server {
	t.Helper()
	Env(t)
	t.Setenv("AWS_ACCESS_KEY_ID", AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", SecretKey)
	backend := s3mem.New()
	if err := backend.CreateBucket(Bucket); err != nil {
		t.Fatal(err)
	}
	var h http.Handler = gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &Server{URL: srv.URL, Backend: backend}
}

// Env keeps the AWS SDK (of this process and of those it starts) away
// from this machine's configuration, credentials and any instance
// metadata service; New then gives it the test credentials.
func Env(t testing.TB) {
	dir := t.TempDir()
	for _, v := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// Location is the URL of prefix in the bucket, as pysurvey takes it.
func (s *Server) Location(prefix string) string {
	return fmt.Sprintf("s3://%s/%s?endpoint=%s&use_path_style=true&region=us-east-1", Bucket, prefix, s.URL)
}

// Keys lists every key of the bucket, straight from the backend.
func (s *Server) Keys(t testing.TB) []string {
	t.Helper()
	list, err := s.Backend.ListBucket(Bucket, nil, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, c := range list.Contents {
		keys = append(keys, c.Key)
	}
	return keys
}
