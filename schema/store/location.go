package store

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// location is an output location taken apart: a local root, or a bucket
// with a key prefix and the query parameters for its opener.
type location struct {
	// display names the location in messages: as given, credentials removed.
	display string
	// local is the root directory of a local store ("" for a bucket).
	local string
	// scheme, bucket, prefix and query name a bucket: prefix is "" or ends
	// with '/'; query is the raw query for gocloud.dev's opener.
	scheme, bucket, prefix, query string
	// secrets are the values of query parameters that hold credentials,
	// scrubbed from every message.
	secrets []string
}

// locationForms lists the locations Open takes, for messages.
const locationForms = "a local path, file:///path, s3://bucket/prefix, gs://bucket/prefix or azblob://container/prefix"

// schemeLike matches the scheme of a URL (at least two letters, so that a
// Windows drive letter is a path).
var schemeLike = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):`)

// bucketSchemes are the schemes of the object stores Open takes.
var bucketSchemes = map[string]bool{"s3": true, "gs": true, "azblob": true}

// otherSchemes are schemes of other stores or protocols that someone may
// write for an output root: refused even without "//" ("gcs:bucket").
var otherSchemes = map[string]bool{
	"gcs": true, "az": true, "azure": true, "abfs": true, "abfss": true, "wasb": true, "wasbs": true,
	"s3a": true, "s3n": true, "r2": true, "minio": true, "oss": true, "cos": true, "hdfs": true,
	"http": true, "https": true, "ftp": true, "sftp": true, "ssh": true, "mem": true,
}

// parseLocation takes a location apart without opening anything. A string
// that looks like a URL but is not one Open takes (s3:/bucket, s3:bucket,
// gcs://bucket, x/s3://bucket) is refused rather than taken as a path.
func parseLocation(given string) (location, error) {
	if given == "" {
		return location{}, fmt.Errorf("no output location: give %s", locationForms)
	}
	if strings.ContainsRune(given, 0) {
		return location{}, fmt.Errorf("output location %s holds a NUL byte", quoted(given))
	}
	if m := schemeLike.FindStringSubmatch(given); m != nil {
		scheme, rest := strings.ToLower(m[1]), given[len(m[0]):]
		switch {
		case scheme == "file":
			return parseFileURL(given)
		case bucketSchemes[scheme] && strings.HasPrefix(rest, "//"):
			return parseBucketURL(given)
		case bucketSchemes[scheme]:
			return location{}, fmt.Errorf("output location %s: a bucket URL is %s://bucket/prefix (a local directory of that name: ./%s)",
				quoted(given), scheme, redactText(given, nil))
		case strings.HasPrefix(rest, "/") || otherSchemes[scheme]:
			return location{}, fmt.Errorf("output location %s: scheme %q is not supported: give %s",
				quoted(given), m[1], locationForms)
		}
	}
	if strings.Contains(given, "://") {
		return location{}, fmt.Errorf("output location %s looks like a URL but does not start with one: give %s",
			quoted(given), locationForms)
	}
	return location{display: given, local: filepath.Clean(given)}, nil
}

// parseFileURL takes file:///path, file://localhost/path or file:/path.
func parseFileURL(given string) (location, error) {
	u, err := url.Parse(given)
	if err != nil || u.Opaque != "" {
		return location{}, fmt.Errorf("output location %s is not a file URL: write file:///absolute/path", quoted(given))
	}
	switch {
	case u.User != nil:
		return location{}, fmt.Errorf("output location %s: a file URL takes no user", quoted(given))
	case u.Host != "" && !strings.EqualFold(u.Host, "localhost"):
		return location{}, fmt.Errorf("output location %s: host %q is not this machine: write file:///absolute/path", quoted(given), u.Host)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(given, "#"):
		return location{}, fmt.Errorf("output location %s: a file URL takes no '?' or '#' (escape them as %%3F and %%23)", quoted(given))
	case u.Path == "":
		return location{}, fmt.Errorf("output location %s names no directory", quoted(given))
	}
	path := u.Path
	if len(path) >= 3 && path[0] == '/' && path[2] == ':' && filepath.VolumeName(path[1:]) != "" {
		path = path[1:] // file:///C:/out on Windows
	}
	return location{display: given, local: filepath.Clean(filepath.FromSlash(path))}, nil
}

// parseBucketURL takes s3://bucket/prefix?params (and gs://, azblob://).
func parseBucketURL(given string) (location, error) {
	shown := quoted(given)
	u, err := url.Parse(given)
	if err != nil {
		return location{}, fmt.Errorf("output location %s is not a valid URL: give %s", shown, locationForms)
	}
	switch {
	case u.User != nil:
		return location{}, fmt.Errorf("output location %s: credentials in the URL are refused (and not shown): they come from the environment (AWS_*, GOOGLE_APPLICATION_CREDENTIALS, AZURE_STORAGE_*)", shown)
	case u.Host == "":
		return location{}, fmt.Errorf("output location %s names no bucket: write %s://bucket/prefix", shown, u.Scheme)
	case u.Port() != "" || strings.ContainsAny(u.Host, ":[]%"):
		return location{}, fmt.Errorf("output location %s: %q is not a bucket name (give an endpoint as ?endpoint=...)", shown, u.Host)
	case u.Fragment != "" || strings.Contains(given, "#"):
		return location{}, fmt.Errorf("output location %s: a bucket URL takes no '#'", shown)
	}
	query, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return location{}, fmt.Errorf("output location %s: malformed query parameters", shown)
	}
	for _, p := range []string{"prefix", "key"} {
		if _, ok := query[p]; ok {
			return location{}, fmt.Errorf("output location %s: put the key prefix in the path (%s://%s/prefix), not in ?%s=", shown, u.Scheme, u.Host, p)
		}
	}
	var secrets []string
	for name, values := range query {
		if secretParam(name) {
			secrets = append(secrets, values...)
		}
	}
	prefix := strings.TrimPrefix(u.Path, "/")
	if prefix != "" {
		if err := checkKey(strings.TrimSuffix(prefix, "/")); err != nil {
			return location{}, fmt.Errorf("output location %s: prefix: %w", shown, err)
		}
		prefix = strings.TrimSuffix(prefix, "/") + "/"
	}
	return location{
		display: redactText(given, secrets),
		scheme:  u.Scheme,
		bucket:  u.Host,
		prefix:  prefix,
		query:   u.RawQuery,
		secrets: secrets,
	}, nil
}

// CheckLocation checks that a location is one Open takes, without opening
// anything: for flags, whose errors are usage errors.
func CheckLocation(location string) error {
	_, err := parseLocation(location)
	return err
}

// IsBucket reports whether a location names a bucket (not a directory).
func IsBucket(location string) bool {
	loc, err := parseLocation(location)
	return err == nil && loc.local == ""
}

// quoted is a location as messages show it: quoted as Go quotes strings,
// then with the user information of any URL in it taken out (quoting
// first, so that what is taken out is what is shown: "\xff://u@" shows
// as "\xff://", not as text holding "xff://u@").
func quoted(location string) string {
	return redactText(strconv.Quote(location), nil)
}
