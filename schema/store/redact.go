package store

import (
	"context"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"strings"

	"gocloud.dev/gcerrors"
)

// redacted stands for a credential removed from a message.
const redacted = "REDACTED"

// secretParam reports whether a query parameter holds a credential: a
// signature of a pre-signed or SAS URL, an access key, a token, a password.
func secretParam(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "key", "sas", "role_external_id", "private_key":
		return true
	case "pagetoken", "nextpagetoken", "continuation-token", "continuationtoken":
		return false // listing positions
	}
	for _, part := range []string{"sig", "secret", "token", "password", "passwd", "credential", "accesskey", "access_key", "auth"} {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// credentialEnv are the environment variables whose values are credentials
// the SDKs (or pysurvey) may use: their values never appear in a message.
var credentialEnv = []string{
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
	"AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN", "AZURE_STORAGE_CONNECTION_STRING",
	"AZURE_STORAGEBLOB_CONNECTIONSTRING", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD",
	"AZURE_PASSWORD", "GOOGLE_OAUTH_ACCESS_TOKEN", "GITHUB_TOKEN", "GIT_TOKEN", "GITLAB_TOKEN",
}

// userInfo matches the user information of a URL ("scheme://user:pass@").
var userInfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s"'<>]*@`)

// param matches a name=value pair of a query string or of free text.
var param = regexp.MustCompile(`([A-Za-z0-9_.\-]+)=([^&\s"'<>#;,)]*)`)

// redactText removes credentials from a message: the user information of
// URLs, the values of query parameters that hold credentials, the strings
// of secrets, and the values of the credential environment variables.
func redactText(s string, secrets []string) string {
	s = userInfo.ReplaceAllString(s, "$1")
	s = param.ReplaceAllStringFunc(s, func(kv string) string {
		name, _, _ := strings.Cut(kv, "=")
		if unescaped, err := url.QueryUnescape(name); err == nil {
			name = unescaped
		}
		if secretParam(name) {
			return name + "=" + redacted
		}
		return kv
	})
	for _, v := range secrets {
		s = replaceSecret(s, v)
	}
	for _, env := range credentialEnv {
		s = replaceSecret(s, os.Getenv(env))
	}
	return s
}

// replaceSecret replaces v, as it is and query-escaped, in s. Values too
// short to be a credential are left alone (they would blank out words).
func replaceSecret(s, v string) string {
	if len(v) < 6 {
		return s
	}
	s = strings.ReplaceAll(s, v, redacted)
	return strings.ReplaceAll(s, url.QueryEscape(v), redacted)
}

// redactedError is an error whose message has been scrubbed of
// credentials. It answers errors.Is for the error it replaces (and
// fs.ErrNotExist for an object that is not found) but does not unwrap to
// it, so that no caller prints the original message by accident.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }

// Is reports whether the original error is target.
func (e *redactedError) Is(target error) bool {
	if target == fs.ErrNotExist && gcerrors.Code(e.err) == gcerrors.NotFound {
		return true
	}
	return errors.Is(e.err, target)
}

// withContext makes err answer errors.Is for the error of ctx, when ctx is
// done: the libraries do not always keep it in their errors' chains.
func withContext(ctx context.Context, err error) error {
	if ctx.Err() == nil || errors.Is(err, ctx.Err()) {
		return err
	}
	return &contextError{err: err, ctx: ctx.Err()}
}

// contextError is an error that happened because its context was done.
type contextError struct{ err, ctx error }

func (e *contextError) Error() string   { return e.err.Error() }
func (e *contextError) Unwrap() []error { return []error{e.err, e.ctx} }
