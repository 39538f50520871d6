package fetch

import (
	"encoding/base64"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pysurvey/pysurvey/schema"
)

// Credentials say how pysurvey authenticates to git servers and checks
// them. They come from the environment and the command line only, are
// sent to the servers they are meant for, and are never written to disk,
// argv, output or logs (a fetch process receives them on a pipe).
type Credentials struct {
	// GitHubToken (GITHUB_TOKEN) is sent to github.com only.
	GitHubToken string
	// GitToken (GIT_TOKEN) is sent to any HTTPS host.
	GitToken string
	// SSHKey is the private key file for SSH remotes (--ssh-key,
	// PYSURVEY_SSH_KEY). Without it the agent is used, else the default
	// keys of DefaultSSHKeys.
	SSHKey string
	// SSHPassphrase decrypts SSHKey (PYSURVEY_SSH_PASSPHRASE).
	SSHPassphrase string
	// SSHAgent is the agent's socket (SSH_AUTH_SOCK).
	SSHAgent string
	// DefaultSSHKeys are tried, in order, when neither SSHKey nor an
	// agent is given: ~/.ssh/id_ed25519, id_ecdsa and id_rsa, as ssh does.
	DefaultSSHKeys []string
	// KnownHosts holds the SSH host keys servers are checked against
	// (--known-hosts, default ~/.ssh/known_hosts). An unknown host is
	// refused, never trusted on first use.
	KnownHosts string
}

// CredentialsFromEnv reads GITHUB_TOKEN, GIT_TOKEN, PYSURVEY_SSH_KEY,
// PYSURVEY_SSH_PASSPHRASE and SSH_AUTH_SOCK through getenv, and takes the
// known hosts and default keys from HOME's .ssh.
func CredentialsFromEnv(getenv func(string) string) Credentials {
	c := Credentials{
		GitHubToken:   getenv("GITHUB_TOKEN"),
		GitToken:      getenv("GIT_TOKEN"),
		SSHKey:        getenv("PYSURVEY_SSH_KEY"),
		SSHPassphrase: getenv("PYSURVEY_SSH_PASSPHRASE"),
		SSHAgent:      getenv("SSH_AUTH_SOCK"),
	}
	if home := getenv("HOME"); home != "" {
		dir := filepath.Join(home, ".ssh")
		c.KnownHosts = filepath.Join(dir, "known_hosts")
		for _, k := range []string{"id_ed25519", "id_ecdsa", "id_rsa"} {
			c.DefaultSSHKeys = append(c.DefaultSSHKeys, filepath.Join(dir, k))
		}
	}
	return c
}

// httpsToken returns the token to send to an HTTPS clone URL, or "".
func (c Credentials) httpsToken(cloneURL string) string {
	u, err := url.Parse(cloneURL)
	if err != nil || u.Scheme != "https" {
		return ""
	}
	if h := strings.ToLower(u.Hostname()); c.GitHubToken != "" && (h == "github.com" || strings.HasSuffix(h, ".github.com")) {
		return c.GitHubToken
	}
	return c.GitToken
}

// tokenUser is the user name sent with a token (GitHub's convention,
// which GitLab, Gitea and Bitbucket accept too).
const tokenUser = "x-access-token"

// secrets are the credentials that must never be shown.
func (c Credentials) secrets() []string {
	var s []string
	for _, v := range []string{c.GitHubToken, c.GitToken, c.SSHPassphrase} {
		if len(v) >= 4 {
			s = append(s, v)
		}
	}
	return s
}

// userinfoPattern matches the userinfo part of URLs inside free text.
var userinfoPattern = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@`)

// maxMessage bounds a message made safe by Redact.
const maxMessage = 2048

// Redact makes a message safe to store and log: URL userinfo and every
// encoding of a secret (raw, URL-encoded, base64 at any alignment, as in
// an echoed Authorization header) are removed, and the text is cleaned
// (see Clean) and cut to 2 KiB.
func (c Credentials) Redact(msg string) string {
	forms := c.secretForms()
	redact := func(s string) string {
		s = userinfoPattern.ReplaceAllString(s, "$1")
		for _, f := range forms {
			s = strings.ReplaceAll(s, f, "[REDACTED]")
		}
		return s
	}
	// Again after cleaning: a secret split by control bytes is whole then.
	return redact(Clean(redact(msg), maxMessage))
}

// secretForms lists the encodings of the secrets, longest first.
func (c Credentials) secretForms() []string {
	var forms []string
	for _, s := range c.secrets() {
		forms = append(forms, s, url.QueryEscape(s), url.PathEscape(s))
		for _, v := range []string{s, tokenUser + ":" + s} {
			// Whole (as in an Authorization header), and inside longer text.
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
				forms = append(forms, enc.EncodeToString([]byte(v)))
			}
			forms = append(forms, base64Forms(v)...)
		}
	}
	forms = slices.DeleteFunc(forms, func(f string) bool { return len(f) < 6 })
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(forms)
}

// base64Forms returns what the base64 encodings (standard and URL-safe)
// of s contain whatever surrounds s: at each of the three alignments, the
// characters that depend on s's bits alone.
func base64Forms(s string) []string {
	var forms []string
	for k := range 3 {
		enc := base64.StdEncoding.EncodeToString(append(make([]byte, k), s...))
		start, end := (8*k+5)/6, 8*(k+len(s))/6
		if end-start < 6 {
			continue
		}
		mid := enc[start:end]
		forms = append(forms, mid, strings.NewReplacer("+", "-", "/", "_").Replace(mid))
	}
	return forms
}

// Clean makes text from a server fit for a row or a log line: bytes that
// are not UTF-8 are written as \xNN (schema.CleanText: a Latin-1 path
// stays recognizable), line breaks and tabs become spaces, other
// control and format characters (NUL, escapes, bidirectional overrides)
// are dropped, runs of spaces are shortened, and the result is cut to
// limit bytes (on a character boundary, with "…").
func Clean(s string, limit int) string {
	s = schema.CleanText(strings.ReplaceAll(s, "\x00", ""))
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == ' ':
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		space = false
		b.WriteRune(r)
	}
	out := strings.TrimRight(b.String(), " ")
	if len(out) <= limit {
		return out
	}
	cut := limit - len("…")
	for cut > 0 && !utf8.RuneStart(out[cut]) {
		cut--
	}
	return out[:max(cut, 0)] + "…"
}
