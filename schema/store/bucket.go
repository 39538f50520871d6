package store

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
	"gocloud.dev/blob"
	"gocloud.dev/blob/azureblob"
	"gocloud.dev/blob/gcsblob"
	"gocloud.dev/blob/s3blob"
	"gocloud.dev/gcerrors"
	"gocloud.dev/gcp"
	"golang.org/x/oauth2/google"
)

// listPageSize is how many keys one listing request asks for (the most S3
// and GCS give).
const listPageSize = 1000

// maxFetches bounds the requests for one page of a listing (a store may
// answer a request with fewer keys than asked for, and a next page token).
const maxFetches = 100

// bucketStore is an output root in an object store: a gocloud.dev bucket,
// narrowed to the key prefix of the location.
type bucketStore struct {
	loc    location
	bucket *blob.Bucket
}

// newMux returns a URL multiplexer with the openers of the object stores
// registered explicitly (not through the drivers' init functions and
// blob.DefaultURLMux). A new one for each Open: s3blob's opener keeps the
// options of the last URL it opened.
func newMux() *blob.URLMux {
	mux := new(blob.URLMux)
	mux.RegisterBucket(s3blob.Scheme, &s3blob.URLOpener{})
	mux.RegisterBucket(gcsblob.Scheme, gcsOpener{})
	mux.RegisterBucket(azureblob.Scheme, &azureblob.URLOpener{
		MakeClient:        azureblob.NewDefaultClient,
		ServiceURLOptions: *azureblob.NewDefaultServiceURLOptions(),
	})
	return mux
}

// gcsOpener opens gs:// URLs with Application Default Credentials, failing
// with a clear error when there are none. (gcsblob's default opener prints a
// warning to standard output instead and goes on without credentials.)
type gcsOpener struct{}

func (gcsOpener) OpenBucketURL(ctx context.Context, u *url.URL) (*blob.Bucket, error) {
	q := u.Query()
	anonymous, _ := strconv.ParseBool(q.Get("anonymous"))
	if anonymous || q.Get("access_id") == "-" || os.Getenv("STORAGE_EMULATOR_HOST") != "" {
		opener := &gcsblob.URLOpener{Client: gcp.NewAnonymousHTTPClient(gcp.DefaultTransport())}
		return opener.OpenBucketURL(ctx, u)
	}
	var creds *google.Credentials
	var err error
	if domain := q.Get("universe_domain"); domain != "" {
		creds, err = gcp.DefaultCredentialsWithParams(ctx, google.CredentialsParams{UniverseDomain: domain})
	} else {
		creds, err = gcp.DefaultCredentials(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("no Google Cloud credentials (set GOOGLE_APPLICATION_CREDENTIALS to a key file, run `gcloud auth application-default login`, or run on Google Cloud; a public bucket takes ?anonymous=true): %w", err)
	}
	ts := gcp.CredentialsTokenSource(creds)
	client, err := gcp.NewHTTPClient(gcp.DefaultTransport(), ts)
	if err != nil {
		return nil, err
	}
	opener := &gcsblob.URLOpener{Client: client, TokenSource: ts}
	return opener.OpenBucketURL(ctx, u)
}

// openBucket opens the bucket of loc and lists one key under its prefix.
func openBucket(ctx context.Context, loc location) (*bucketStore, error) {
	s := &bucketStore{loc: loc}
	u := &url.URL{Scheme: loc.scheme, Host: loc.bucket, RawQuery: loc.query}
	b, err := newMux().OpenBucketURL(ctx, u)
	if err != nil {
		if strings.Contains(err.Error(), "AccountName is required") {
			err = fmt.Errorf("no Azure storage account: set AZURE_STORAGE_ACCOUNT or add ?storage_account=NAME (%w)", err)
		}
		return nil, s.errorf(err, "opening %s", s)
	}
	if loc.prefix != "" {
		b = blob.PrefixedBucket(b, loc.prefix)
	}
	s.bucket = b
	probe, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	quiet := &blob.ListOptions{BeforeList: func(as func(any) bool) error { quietS3(as); return nil }}
	if _, _, err := b.ListPage(probe, blob.FirstPageToken, 1, quiet); err != nil {
		b.Close()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = fmt.Errorf("no answer within %v: %w", ProbeTimeout, err)
		}
		return nil, s.errorf(withContext(ctx, err), "opening %s: listing the bucket", s)
	}
	return s, nil
}

func (s *bucketStore) Local() string  { return "" }
func (s *bucketStore) String() string { return s.loc.display }

func (s *bucketStore) Close() error {
	if err := s.bucket.Close(); err != nil {
		return s.errorf(err, "closing %s", s)
	}
	return nil
}

// errorf wraps err in a message that names what failed, scrubbed of
// credentials.
func (s *bucketStore) errorf(err error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...) + ": " + err.Error()
	return &redactedError{msg: redactText(msg, s.loc.secrets), err: err}
}

// List pages through the keys under prefix (listPageSize at a time),
// leaving out directory markers, hidden temporary names and keys that are
// not valid keys. A store that does not end its listing (the same page
// token again, or more than maxFetches requests for one page) is an error.
func (s *bucketStore) List(ctx context.Context, prefix string) ([]Object, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, fmt.Errorf("listing %s: %w", s, err)
	}
	var objs []Object
	fetches := 0
	opts := &blob.ListOptions{Prefix: prefix, BeforeList: func(as func(any) bool) error {
		if fetches++; fetches > maxFetches {
			return errEndless
		}
		quietS3(as)
		return nil
	}}
	for token := blob.FirstPageToken; ; {
		fetches = 0
		page, next, err := s.bucket.ListPage(ctx, token, listPageSize, opts)
		if err != nil {
			return nil, s.errorf(withContext(ctx, err), "listing %s under %q", s, prefix)
		}
		for _, o := range page {
			if !o.IsDir && strings.HasPrefix(o.Key, prefix) && listable(o.Key) {
				objs = append(objs, Object{Key: o.Key, Size: o.Size, ModTime: o.ModTime, MD5: o.MD5})
			}
		}
		if len(next) == 0 {
			break
		}
		if bytes.Equal(next, token) {
			return nil, fmt.Errorf("listing %s under %q: %w", s, prefix, errEndless)
		}
		token = next
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Key < objs[j].Key })
	return objs, nil
}

// errEndless is the error of a listing that the store does not end.
var errEndless = errors.New("the store does not end the listing")

// quietS3 silences the AWS SDK's logger for one request (given the
// request's As function; other stores' requests are left alone): it
// writes to standard error, for each object read without a checksum.
func quietS3(as func(any) bool) {
	var opts *[]func(*s3.Options)
	if as(&opts) {
		*opts = append(*opts, func(o *s3.Options) {
			o.Logger = logging.Nop{}
			o.DisableLogOutputChecksumValidationSkipped = true
		})
	}
}

// Download asks for the object's attributes, then streams it.
func (s *bucketStore) Download(ctx context.Context, key, path string) error {
	if err := checkKey(key); err != nil {
		return fmt.Errorf("downloading from %s: %w", s, err)
	}
	attrs, err := s.bucket.Attributes(ctx, key)
	if err != nil {
		return s.errorf(withContext(ctx, err), "downloading %s from %s", key, s)
	}
	return s.download(ctx, Object{Key: key, Size: attrs.Size, ModTime: attrs.ModTime, MD5: attrs.MD5}, path)
}

// download streams the object described by want (from a listing or its
// attributes) to path, failing if what arrives is not that object.
func (s *bucketStore) download(ctx context.Context, want Object, path string) error {
	r, err := s.bucket.NewReader(ctx, want.Key, &blob.ReaderOptions{BeforeRead: func(as func(any) bool) error {
		quietS3(as)
		return nil
	}})
	if err != nil {
		return s.errorf(withContext(ctx, err), "downloading %s from %s", want.Key, s)
	}
	defer r.Close()
	if r.Size() != want.Size {
		return fmt.Errorf("downloading %s from %s: the object changed: %d bytes, %d when listed", want.Key, s, r.Size(), want.Size)
	}
	if err := writeLocal(path, want, r); err != nil {
		return s.errorf(withContext(ctx, err), "downloading %s from %s to %s", want.Key, s, path)
	}
	return nil
}

// Upload streams the file with its MD5 (which the library checks against
// the bytes sent, so that a file changing under the upload aborts it, and
// which GCS verifies and Azure keeps). The object exists only once the
// writer's Close succeeds; on any failure the upload's context is
// cancelled before Close, so that no partial object is committed (S3
// multipart uploads are aborted).
func (s *bucketStore) Upload(ctx context.Context, key, path string) error {
	if err := checkKey(key); err != nil {
		return fmt.Errorf("uploading %s to %s: %w", path, s, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("uploading %s to %s: %w", path, s, err)
	}
	defer f.Close()
	size, sum, err := regularFileMD5(f)
	if err != nil {
		return fmt.Errorf("uploading %s to %s: %w", path, s, err)
	}
	uctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := s.bucket.NewWriter(uctx, key, &blob.WriterOptions{
		ContentType: contentType(key),
		ContentMD5:  sum,
		BeforeWrite: s.abortAfterCancel,
	})
	if err != nil {
		return s.errorf(err, "uploading %s to %s as %s", path, s, key)
	}
	n, err := io.Copy(w, ctxReader{uctx, f})
	if err == nil && n != size {
		err = fmt.Errorf("the file changed while uploading: %d bytes, then %d", size, n)
	}
	if err != nil {
		cancel()
		w.Close()
		return s.errorf(withContext(ctx, err), "uploading %s to %s as %s", path, s, key)
	}
	if err := w.Close(); err != nil {
		return s.errorf(withContext(ctx, err), "uploading %s to %s as %s", path, s, key)
	}
	f.Close()
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("uploaded %s to %s as %s, but removing it: %w", path, s, key, err)
	}
	return nil
}

// abortTimeout bounds the requests that abort a failed S3 multipart upload.
const abortTimeout = 30 * time.Second

// abortAfterCancel makes an S3 upload abort a failed multipart upload with
// a fresh context (abortTimeout), so that its parts do not stay behind when
// the upload's own context was cancelled (the transfer manager's default
// is to abort with that context, which then fails at once).
func (s *bucketStore) abortAfterCancel(as func(any) bool) error {
	var tm *transfermanager.Client
	var client *s3.Client
	if as(&tm) && s.bucket.As(&client) {
		*tm = *transfermanager.New(client, func(o *transfermanager.Options) {
			o.RequestChecksumCalculation = client.Options().RequestChecksumCalculation
			o.FailTimeout = abortTimeout
		})
	}
	return nil
}

// regularFileMD5 returns the size and MD5 of a regular file, rewound.
func regularFileMD5(f *os.File) (int64, []byte, error) {
	info, err := f.Stat()
	if err != nil {
		return 0, nil, err
	}
	if !info.Mode().IsRegular() {
		return 0, nil, errors.New("not a regular file")
	}
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return 0, nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, nil, err
	}
	return info.Size(), h.Sum(nil), nil
}

// contentType is the media type stored with an object, by its extension.
func contentType(key string) string {
	switch ext := path.Ext(key); ext {
	case ".parquet":
		return "application/vnd.apache.parquet"
	case "":
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
	}
	return "application/octet-stream"
}

// Delete removes the object at key; one that is not there is no error.
func (s *bucketStore) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return fmt.Errorf("deleting from %s: %w", s, err)
	}
	if err := s.bucket.Delete(ctx, key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return s.errorf(withContext(ctx, err), "deleting %s from %s", key, s)
	}
	return nil
}
