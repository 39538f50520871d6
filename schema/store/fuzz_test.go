package store

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLocation parses a location and joins a key to it as the stores do:
// never a panic, a key that checkKey takes never names a file outside a
// local root nor a bucket key outside the prefix, and a location shown in a
// message never holds the user information of a URL.
func FuzzLocation(f *testing.F) {
	for _, seed := range [][2]string{
		{"survey", "files/run_date=2026-12-01/r-p0000.parquet"},
		{"/data/out", "../x"},
		{"file:///data/out", "a/b"},
		{"s3://bucket/prefix?endpoint=http://127.0.0.1:9000&use_path_style=true&region=us-east-1", "runs/r.parquet"},
		{"s3:/bucket/x", "a"},
		{"S3://Bucket/a/b/", "c"},
		{"gs://bucket", ".hidden.tmp/x"},
		{"azblob://c/p?storage_account=a&sig=secret", "x"},
		{"s3://u:p@bucket/x", "y"},
		{"file:/x/../y", "z"},
		{"C:\\out", "a\\..\\b"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, given, key string) {
		loc, err := parseLocation(given)
		if err != nil {
			if strings.Contains(err.Error(), "@") && strings.Contains(given, "://") && userInfo.MatchString(err.Error()) {
				t.Errorf("error shows user information: %v", err)
			}
			return
		}
		if userInfo.MatchString(loc.display) {
			t.Errorf("%q shown as %q, with user information", given, loc.display)
		}
		if (loc.local == "") == (loc.bucket == "") {
			t.Fatalf("%q: neither or both of a root and a bucket: %+v", given, loc)
		}
		if loc.bucket != "" {
			if loc.prefix != "" && (checkKey(strings.TrimSuffix(loc.prefix, "/")) != nil || !strings.HasSuffix(loc.prefix, "/")) {
				t.Errorf("%q: prefix %q", given, loc.prefix)
			}
			if !bucketSchemes[loc.scheme] {
				t.Errorf("%q: scheme %q", given, loc.scheme)
			}
		}
		if checkKey(key) != nil {
			return
		}
		if loc.local != "" {
			st := &localStore{root: loc.local}
			rel, err := filepath.Rel(loc.local, st.path(key))
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) || rel == "." {
				t.Errorf("key %q of root %q is the file %q", key, loc.local, st.path(key))
			}
		} else {
			full := loc.prefix + key
			if checkKey(full) != nil || !strings.HasPrefix(full, loc.prefix) {
				t.Errorf("key %q under prefix %q is %q", key, loc.prefix, full)
			}
		}
	})
}
