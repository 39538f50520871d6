package fetch

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRedactRemovesEveryEncodingOfASecret(t *testing.T) {
	c := Credentials{GitHubToken: "ghp_abcdef123456", GitToken: "glpat-xyz987+/=", SSHPassphrase: "correct horse"}
	pair := base64.StdEncoding.EncodeToString([]byte("x-access-token:ghp_abcdef123456"))
	for _, msg := range []string{
		`Get "https://x-access-token:ghp_abcdef123456@github.com/org/x.git/info/refs": token glpat-xyz987+/= rejected`,
		"ERR access denied for <Basic " + pair + ">",
		"echo: " + base64.URLEncoding.EncodeToString([]byte("user:glpat-xyz987+/=")),
		"echo: " + base64.StdEncoding.EncodeToString([]byte("ab correct horse battery")),
		"query ?t=" + url.QueryEscape("glpat-xyz987+/=") + " path /" + url.PathEscape("correct horse"),
		"split by a NUL: ghp_abc\x00def123456",
	} {
		got := c.Redact(msg)
		for _, leak := range []string{"ghp_", "abcdef123456", "xyz987", "correct", "horse", "x-access-token:", base64.StdEncoding.EncodeToString([]byte("ghp_abcdef"))[:8]} {
			if strings.Contains(got, leak) {
				t.Errorf("%q leaks %q: %s", msg, leak, got)
			}
		}
		if !strings.Contains(got, "[REDACTED]") {
			t.Errorf("%q: nothing redacted: %s", msg, got)
		}
	}
}

func TestCleanMakesServerTextFitForARow(t *testing.T) {
	got := Clean("fatal:\x00 \x1b[31mred\x1b[0m\r\n\tline two \xff\xfe \u202eevil\u202c "+strings.Repeat("é", 600), 100)
	if strings.ContainsAny(got, "\x00\x1b\r\n\t\u202e\u202c") || !utf8.ValidString(got) || len(got) > 100 {
		t.Errorf("not clean: %q", got)
	}
	if !strings.HasPrefix(got, `fatal: [31mred[0m line two \xff\xfe evil ééé`) || !strings.HasSuffix(got, "…") {
		t.Errorf("cleaned to %q", got)
	}
	if Clean("short", 100) != "short" {
		t.Error("short text changed")
	}
}

func TestTokensGoOnlyWhereMeant(t *testing.T) {
	c := Credentials{GitHubToken: "gh", GitToken: "any"}
	for u, want := range map[string]string{
		"https://github.com/org/x.git":     "gh",
		"https://api.github.com/org/x.git": "gh",
		"https://gitlab.com/x.git":         "any",
		"ssh://git@github.com/org/x.git":   "",
		"http://example.com/x.git":         "",
		"git@github.com:org/x.git":         "",
	} {
		if got := c.httpsToken(u); got != want {
			t.Errorf("%s gets %q, want %q", u, got, want)
		}
	}
	if got := (Credentials{GitHubToken: "gh"}).httpsToken("https://gitlab.com/x.git"); got != "" {
		t.Errorf("GITHUB_TOKEN sent to another host: %q", got)
	}
}
