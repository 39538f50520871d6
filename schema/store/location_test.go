package store

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseLocation(t *testing.T) {
	for _, tc := range []struct {
		given                         string
		local                         string // the root of a local store
		scheme, bucket, prefix, query string // of a bucket
		display                       string // when it is not given
	}{
		{given: "survey", local: "survey"},
		{given: "./survey/", local: "survey"},
		{given: "/data/survey", local: "/data/survey"},
		{given: "out:2026", local: "out:2026"},
		{given: "./s3:/bucket/x", local: "s3:/bucket/x"},
		{given: "C:/out", local: "C:/out"},
		{given: "/data/caf\xe9", local: "/data/caf\xe9"},
		{given: "file:///data/survey", local: "/data/survey"},
		{given: "file://localhost/data/a%20b", local: "/data/a b"},
		{given: "file:/data/survey", local: "/data/survey"},
		{given: "FILE:///data/survey", local: "/data/survey"},
		{given: "s3://bucket", scheme: "s3", bucket: "bucket"},
		{given: "s3://bucket/", scheme: "s3", bucket: "bucket"},
		{given: "s3://bucket/team/survey", scheme: "s3", bucket: "bucket", prefix: "team/survey/"},
		{given: "S3://bucket/team/survey/", scheme: "s3", bucket: "bucket", prefix: "team/survey/"},
		{given: "s3://b/p?endpoint=http://127.0.0.1:9000&use_path_style=true&region=us-east-1",
			scheme: "s3", bucket: "b", prefix: "p/", query: "endpoint=http://127.0.0.1:9000&use_path_style=true&region=us-east-1"},
		{given: "gs://bucket/x", scheme: "gs", bucket: "bucket", prefix: "x/"},
		{given: "azblob://container/x/y?storage_account=acct", scheme: "azblob", bucket: "container", prefix: "x/y/", query: "storage_account=acct"},
		{given: "s3://b/p?role_external_id=shared-secret-value&region=eu-west-1", scheme: "s3", bucket: "b", prefix: "p/",
			query: "role_external_id=shared-secret-value&region=eu-west-1", display: "s3://b/p?role_external_id=REDACTED&region=eu-west-1"},
	} {
		loc, err := parseLocation(tc.given)
		if err != nil {
			t.Errorf("%q: %v", tc.given, err)
			continue
		}
		want := location{local: filepath.FromSlash(tc.local), scheme: tc.scheme, bucket: tc.bucket, prefix: tc.prefix, query: tc.query, display: tc.display}
		if want.display == "" {
			want.display = tc.given
		}
		loc.secrets = nil
		if !reflect.DeepEqual(loc, want) {
			t.Errorf("%q: %+v, want %+v", tc.given, loc, want)
		}
	}
}

func TestParseLocationRefuses(t *testing.T) {
	for _, tc := range []struct{ given, says string }{
		{"", "no output location"},
		{"s3:/bucket/x", "s3://bucket/prefix"},
		{"s3:bucket", "s3://bucket/prefix"},
		{"S3:/bucket", "s3://bucket/prefix"},
		{"gs:/bucket", "gs://bucket/prefix"},
		{"gcs://bucket", `scheme "gcs" is not supported`},
		{"gcs:bucket", `scheme "gcs" is not supported`},
		{"https://bucket.s3.amazonaws.com/x", `scheme "https" is not supported`},
		{"s3a://bucket/x", `scheme "s3a" is not supported`},
		{"abfss://c@acct.dfs.core.windows.net/x", `scheme "abfss" is not supported`},
		{"x/s3://bucket", "looks like a URL"},
		{"s3://", "names no bucket"},
		{"s3:///x", "names no bucket"},
		{"s3://bucket:9000/x", "not a bucket name"},
		{"s3://bucket/a/../b", `".."`},
		{"s3://bucket//b", "starts with '/'"},
		{"s3://bucket/a//b", "empty segment"},
		{"s3://bucket/x#frag", "'#'"},
		{"s3://bucket/x?prefix=y/", "in the path"},
		{"s3://bucket/x?key=y", "in the path"},
		{"s3://bucket/x?a=%zz", "malformed query"},
		{"s3://bucket/x\x00", "NUL"},
		{"file://server/share", "not this machine"},
		{"file:relative", "file:///absolute/path"},
		{"file:///data?x=1", "no '?' or '#'"},
		{"file://", "names no directory"},
	} {
		_, err := parseLocation(tc.given)
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q: %v, want an error saying %q", tc.given, err, tc.says)
		}
	}
}

func TestLocationCredentialsNeverShown(t *testing.T) {
	awsTestEnv(t)
	for _, given := range []string{
		"s3://AKIAPYSURVEYTESTKEY1:pysurvey-secret-9f8e7d@bucket/x",
		"azblob://container/x?sv=2022-11-02&sig=pysurvey-secret-9f8e7d",
		"gs://bucket/x?X-Goog-Signature=pysurvey-secret-9f8e7d",
		"s3://bucket/x?X-Amz-Credential=AKIAPYSURVEYTESTKEY1&X-Amz-Signature=pysurvey-secret-9f8e7d",
		"s3:/bucket/x?sig=pysurvey-secret-9f8e7d",
		"https://user:pysurvey-secret-9f8e7d@host/x",
		"s3://bucket/x?endpoint=http://user:pysurvey-secret-9f8e7d@127.0.0.1:1&region=us-east-1",
	} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // the error, not a connection
		st, err := Open(ctx, given)
		var msg string
		if err != nil {
			msg = err.Error()
		} else {
			msg = st.String()
		}
		if strings.Contains(msg, "pysurvey-secret-9f8e7d") || strings.Contains(msg, "AKIAPYSURVEYTESTKEY1") {
			t.Errorf("%q: message shows a credential: %s", given, msg)
		}
	}
}

func TestRedactText(t *testing.T) {
	t.Setenv("AZURE_STORAGE_KEY", "c2VjcmV0LWFjY291bnQta2V5")
	for _, tc := range []struct{ in, want string }{
		{`Get "https://acct.blob.core.windows.net/c?restype=container&sig=abc%2Fdef&sv=2022": EOF`,
			`Get "https://acct.blob.core.windows.net/c?restype=container&sig=REDACTED&sv=2022": EOF`},
		{"https://u:p@host/x and ftp://only-user@host", "https://host/x and ftp://host"},
		{"X-Amz-Signature=0123abcd X-Amz-Credential=AKIA/2026/us-east-1 region=us-east-1",
			"X-Amz-Signature=REDACTED X-Amz-Credential=REDACTED region=us-east-1"},
		{"shared key c2VjcmV0LWFjY291bnQta2V5 refused", "shared key REDACTED refused"},
		{"blob (code=NotFound): pageToken=abc", "blob (code=NotFound): pageToken=abc"},
	} {
		if got := redactText(tc.in, nil); got != tc.want {
			t.Errorf("redactText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCheckKey(t *testing.T) {
	for _, key := range []string{"a", "files/run_date=2026-12-01/r-p0001.parquet", ".hidden", "a.b/c.d", "a b/ü"} {
		if err := checkKey(key); err != nil {
			t.Errorf("%q: %v", key, err)
		}
	}
	for _, key := range []string{"", "/a", "a/", "a//b", "..", "../a", "a/../b", "a/..", "a..b", ".", "./a", "a/./b", "a/.",
		"a\x00b", "a\nb", "a\x7f", `a\b`, "\xff"} {
		if err := checkKey(key); err == nil {
			t.Errorf("%q taken as a key", key)
		}
	}
	for _, p := range []string{"", "files/", "files/run_date=2026-"} {
		if err := checkPrefix(p); err != nil {
			t.Errorf("prefix %q: %v", p, err)
		}
	}
}

func TestDirName(t *testing.T) {
	a := dirName("s3://bucket/team/survey?endpoint=http://127.0.0.1:9000")
	b := dirName("s3://bucket/team/survey?endpoint=http://127.0.0.1:9001")
	if a == b || !strings.HasPrefix(a, "s3-bucket-team-survey-endpoint-http-127.0.0.1-9000-") {
		t.Errorf("dirName: %q and %q", a, b)
	}
	for _, name := range []string{a, dirName(strings.Repeat("x/", 200)), dirName("..")} {
		if strings.ContainsAny(name, `/\`) || len(name) > 80 || name == ".." || strings.HasPrefix(name, ".") {
			t.Errorf("dirName gave %q", name)
		}
	}
}
