package store

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/pipeline/fetch/gitserver"
)

// Google Cloud Storage and Azure Blob Storage have no emulator here: these
// tests open gs:// and azblob:// stores against servers on 127.0.0.1 that
// answer the one listing Open makes (in the services' real response
// shapes), or fail it, or never answer.

// gcsTestEnv keeps the Google libraries away from this machine's
// credentials and from any metadata server.
func gcsTestEnv(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("CLOUDSDK_CONFIG", t.TempDir())
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(t.TempDir(), "missing.json"))
	t.Setenv("STORAGE_EMULATOR_HOST", "")
	os.Unsetenv("STORAGE_EMULATOR_HOST")
	t.Setenv("GCE_METADATA_HOST", "127.0.0.1:1")
}

// azureTestEnv clears the Azure SDK's environment.
func azureTestEnv(t *testing.T) {
	for _, v := range []string{"AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN",
		"AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGEBLOB_CONNECTIONSTRING", "AZURE_STORAGE_DOMAIN",
		"AZURE_STORAGE_PROTOCOL", "AZURE_STORAGE_IS_CDN", "AZURE_STORAGE_IS_LOCAL_EMULATOR",
		"AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
}

// openWithin opens location with a deadline and fails the test if Open
// takes much longer.
func openWithin(t *testing.T, location string, d time.Duration) (Store, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	start := time.Now()
	st, err := Open(ctx, location)
	if took := time.Since(start); took > d+5*time.Second {
		t.Errorf("Open(%s) took %v, past its context's %v", location, took, d)
	}
	if st != nil {
		t.Cleanup(func() { st.Close() })
	}
	return st, err
}

func TestGCSWithoutCredentials(t *testing.T) {
	gcsTestEnv(t)
	_, err := openWithin(t, "gs://bucket/survey", 20*time.Second)
	if err == nil || !strings.Contains(err.Error(), "no Google Cloud credentials") || !strings.Contains(err.Error(), "gs://bucket/survey") {
		t.Fatalf("Open without credentials: %v", err)
	}
}

func TestGCSCredentialsRefused(t *testing.T) {
	gcsTestEnv(t)
	// A service account key whose token endpoint (on 127.0.0.1) refuses it.
	var tokenRequests atomic.Int32
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenRequests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`)
	}))
	defer tokens.Close()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: must(x509.MarshalPKCS8PrivateKey(key))})
	creds, _ := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "pysurvey-test",
		"private_key_id": "0123456789abcdef",
		"private_key":    string(pemKey),
		"client_email":   "survey@pysurvey-test.iam.gserviceaccount.com",
		"client_id":      "1234567890",
		"token_uri":      tokens.URL + "/token",
	})
	path := writeFile(t, t.TempDir(), "key.json", creds)
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", path)
	_, err = openWithin(t, "gs://bucket/survey", 20*time.Second)
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") || !strings.Contains(err.Error(), "listing the bucket") {
		t.Fatalf("Open with refused credentials: %v", err)
	}
	if tokenRequests.Load() == 0 {
		t.Error("no token was asked for")
	}
	if strings.Contains(err.Error(), "PRIVATE KEY") {
		t.Errorf("the error shows the key: %v", err)
	}
}

func TestGCSEmulator(t *testing.T) {
	gcsTestEnv(t)
	sum := md5.Sum([]byte("abc"))
	var listed atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/storage/v1/b/bucket/o" || !strings.HasPrefix(r.URL.Query().Get("prefix"), "survey/") {
			http.Error(w, `{"error":{"code":404,"message":"Not Found"}}`, http.StatusNotFound)
			return
		}
		listed.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"kind":"storage#objects","items":[
			{"kind":"storage#object","id":"bucket/survey/runs/r1.parquet/1","name":"survey/runs/r1.parquet","bucket":"bucket","generation":"1","metageneration":"1","contentType":"application/vnd.apache.parquet","storageClass":"STANDARD","size":"3","md5Hash":%q,"crc32c":"NT3Yvg==","etag":"CAE=","timeCreated":"2026-12-01T02:00:00.000Z","updated":"2026-12-01T02:00:00.000Z"},
			{"kind":"storage#object","id":"bucket/survey/runs/.r2.parquet.tmp/1","name":"survey/runs/.r2.parquet.tmp","bucket":"bucket","generation":"1","metageneration":"1","size":"1","updated":"2026-12-01T02:00:00.000Z"}]}`,
			base64.StdEncoding.EncodeToString(sum[:]))
	}))
	defer srv.Close()
	t.Setenv("STORAGE_EMULATOR_HOST", strings.TrimPrefix(srv.URL, "http://"))
	st, err := openWithin(t, "gs://bucket/survey", 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := st.List(context.Background(), "runs/")
	if err != nil {
		t.Fatal(err)
	}
	want := Object{Key: "runs/r1.parquet", Size: 3, ModTime: time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC), MD5: sum[:]}
	if len(objs) != 1 || objs[0].Key != want.Key || objs[0].Size != want.Size || !objs[0].ModTime.Equal(want.ModTime) || string(objs[0].MD5) != string(want.MD5) {
		t.Errorf("List = %+v, want [%+v]", objs, want)
	}
	if listed.Load() != 2 {
		t.Errorf("%d listing requests, want 2 (Open's and List's)", listed.Load())
	}
}

// azuriteKey is the well-known account key of Azure's storage emulator.
const azuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

func TestAzureWithoutAccount(t *testing.T) {
	azureTestEnv(t)
	_, err := openWithin(t, "azblob://container/survey", 20*time.Second)
	if err == nil || !strings.Contains(err.Error(), "AZURE_STORAGE_ACCOUNT") {
		t.Fatalf("Open without an account: %v", err)
	}
}

func TestAzureEmulator(t *testing.T) {
	azureTestEnv(t)
	t.Setenv("AZURE_STORAGE_ACCOUNT", "devstoreaccount1")
	t.Setenv("AZURE_STORAGE_KEY", azuriteKey)
	sum := md5.Sum([]byte("abc"))
	var authorized atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/devstoreaccount1/container" || q.Get("comp") != "list" || q.Get("prefix") != "survey/" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if strings.HasPrefix(r.Header.Get("Authorization"), "SharedKey devstoreaccount1:") {
			authorized.Add(1)
		}
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("x-ms-version", "2025-01-05")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="%s/devstoreaccount1" ContainerName="container"><Prefix>survey/</Prefix><Blobs><Blob><Name>survey/runs/r1.parquet</Name><Properties><Creation-Time>Tue, 01 Dec 2026 02:00:00 GMT</Creation-Time><Last-Modified>Tue, 01 Dec 2026 02:00:00 GMT</Last-Modified><Etag>0x8DD1234567890AB</Etag><Content-Length>3</Content-Length><Content-Type>application/vnd.apache.parquet</Content-Type><Content-MD5>%s</Content-MD5><BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted></Properties><OrMetadata /></Blob></Blobs><NextMarker /></EnumerationResults>`,
			"http://"+r.Host, base64.StdEncoding.EncodeToString(sum[:]))
	}))
	defer srv.Close()
	domain := strings.TrimPrefix(srv.URL, "http://")
	st, err := openWithin(t, "azblob://container/survey?localemu=true&protocol=http&domain="+domain, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := st.List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 1 || objs[0].Key != "runs/r1.parquet" || objs[0].Size != 3 || string(objs[0].MD5) != string(sum[:]) {
		t.Errorf("List = %+v", objs)
	}
	if authorized.Load() != 2 {
		t.Errorf("%d requests signed with the account key, want 2", authorized.Load())
	}

	// A refused key: a clear error that does not show it.
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("x-ms-error-code", "AuthenticationFailed")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.</Message></Error>`)
	})
	_, err = openWithin(t, "azblob://container/survey?localemu=true&protocol=http&domain="+domain, 20*time.Second)
	if err == nil || !strings.Contains(err.Error(), "AuthenticationFailed") {
		t.Fatalf("Open with a refused key: %v", err)
	}
	if strings.Contains(err.Error(), azuriteKey) || strings.Contains(err.Error(), azuriteKey[:20]) {
		t.Errorf("the error shows the key: %v", err)
	}
}

func TestOpenBoundedByContext(t *testing.T) {
	addr := gitserver.Silent(t) // accepts connections, never answers
	t.Run("s3", func(t *testing.T) {
		awsTestEnv(t)
		t.Setenv("AWS_ACCESS_KEY_ID", testAccessKey)
		t.Setenv("AWS_SECRET_ACCESS_KEY", testSecretKey)
		_, err := openWithin(t, "s3://bucket/x?region=us-east-1&use_path_style=true&endpoint=http://"+addr, 2*time.Second)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Open against a silent server: %v", err)
		}
	})
	t.Run("gs", func(t *testing.T) {
		gcsTestEnv(t)
		t.Setenv("STORAGE_EMULATOR_HOST", addr)
		_, err := openWithin(t, "gs://bucket/x", 2*time.Second)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Open against a silent server: %v", err)
		}
	})
	t.Run("azblob", func(t *testing.T) {
		azureTestEnv(t)
		t.Setenv("AZURE_STORAGE_ACCOUNT", "devstoreaccount1")
		t.Setenv("AZURE_STORAGE_KEY", azuriteKey)
		_, err := openWithin(t, "azblob://container/x?localemu=true&protocol=http&domain="+addr, 2*time.Second)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Open against a silent server: %v", err)
		}
	})
}

func TestS3OpenErrors(t *testing.T) {
	f := newFakeS3(t)
	_, err := openWithin(t, strings.Replace(f.location("x"), testBucket, "no-such-bucket", 1), 20*time.Second)
	if err == nil || !strings.Contains(err.Error(), "NoSuchBucket") || !strings.Contains(err.Error(), "no-such-bucket") {
		t.Errorf("Open of a missing bucket: %v", err)
	}
	_, err = openWithin(t, f.location("x")+"&no_such_param=1", 20*time.Second)
	if err == nil || !strings.Contains(err.Error(), "no_such_param") {
		t.Errorf("Open with an unknown parameter: %v", err)
	}
	// No credentials anywhere: a clear error, at once.
	awsTestEnv(t)
	_, err = openWithin(t, f.location("x"), 20*time.Second)
	if err == nil || !strings.Contains(err.Error(), "credentials") {
		t.Errorf("Open without credentials: %v", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
