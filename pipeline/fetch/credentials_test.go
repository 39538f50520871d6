package fetch

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	c := Credentials{GitHubToken: "ghp_abcdef123456", GitToken: "glpat-xyz987"}
	msg := c.Redact(`Get "https://x-access-token:ghp_abcdef123456@github.com/org/x.git/info/refs": token glpat-xyz987 rejected`)
	if strings.Contains(msg, "ghp_") || strings.Contains(msg, "glpat") || strings.Contains(msg, "x-access-token") {
		t.Errorf("not redacted: %s", msg)
	}
}

func TestCredentialsGoOnlyWhereMeant(t *testing.T) {
	c := Credentials{GitHubToken: "gh", GitToken: "any"}
	if a := c.auth("https://github.com/org/x.git"); a == nil || !strings.Contains(a.String(), "x-access-token") {
		t.Errorf("github.com gets %v", a)
	}
	if a := c.auth("ssh://git@github.com/org/x.git"); a != nil {
		t.Errorf("ssh gets HTTPS credentials %v", a)
	}
	if a := c.auth("http://example.com/x.git"); a != nil {
		t.Errorf("plain http gets credentials %v", a)
	}
	if a := (Credentials{GitHubToken: "gh"}).auth("https://gitlab.com/x.git"); a != nil {
		t.Errorf("GITHUB_TOKEN sent to another host: %v", a)
	}
}
