package sources

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzRepoLine feeds a forge's untrusted fields through the checks and the
// line making: whatever ListLine prints is one repo list line that `run`
// parses back to the same clone URL, name and branch.
func FuzzRepoLine(f *testing.F) {
	f.Add("https://github.com/acme/svc.git", "git@github.com:acme/svc.git", "main", "api.github.com", false)
	f.Add("https://gitlab.example.com/acme/platform/svc.git", "ssh://git@ssh.gitlab.example.com:2222/acme/platform/svc.git", "release/2.4", "gitlab.example.com", true)
	f.Add("http://127.0.0.1:8080/acme/a%20b.git", "git@127.0.0.1:acme/x.git@y", "feat@2", "127.0.0.1", false)
	f.Add("https://github.com/acme/svc.git\nfile:///etc/passwd", "", "#main", "api.github.com", false)
	f.Fuzz(func(t *testing.T, httpURL, sshURL, branch, apiHost string, ssh bool) {
		r := Repo{FullName: "acme/svc", DefaultBranch: branch}
		r.setCloneURLs(httpURL, sshURL, cloneRules{apiHost: apiHost, allowHTTP: true})
		line, err := r.ListLine(ssh)
		if err != nil {
			return
		}
		if strings.ContainsAny(line, "\n\r\x00") || len(strings.Fields(line)) > 2 {
			t.Fatalf("line %q is not one line of at most two fields", line)
		}
		specs, err := ParseRepoList(strings.NewReader(line), "/")
		if err != nil || len(specs) != 1 {
			t.Fatalf("line %q: %v %v", line, specs, err)
		}
		want := r.HTTPURL
		if ssh {
			want = r.SSHURL
		}
		s := specs[0]
		if s.CloneURL != want || s.Name != r.Name || (s.Ref != "" && s.Ref != branch) {
			t.Fatalf("line %q reads back as %+v; want clone URL %q, name %q, ref %q", line, s, want, r.Name, branch)
		}
		if !ssh && !strings.EqualFold(urlHost(s.CloneURL), apiHost) && !strings.EqualFold("api."+urlHost(s.CloneURL), apiHost) {
			t.Fatalf("line %q clones from a host other than the API's %q", line, apiHost)
		}
	})
}

// FuzzLimitWait reads rate-limit headers as a hostile server may send
// them: the wait is never negative nor longer than the clamp.
func FuzzLimitWait(f *testing.F) {
	f.Add(403, "60", "4980", "1767323045", "Fri, 02 Jan 2026 03:04:05 GMT", "You have exceeded a secondary rate limit", 0)
	f.Add(429, "", "0", "1767323105", "", "Retry later", 3)
	f.Add(403, "Fri, 02 Jan 2026 03:05:05 GMT", "", "", "", "", 0)
	f.Add(403, "-1", "0", "99999999999999999999", "garbage", "Resource protected by organization SAML enforcement", 9)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, status int, retry, remaining, reset, date, msg string, tries int) {
		h := http.Header{}
		h.Set("Retry-After", retry)
		h.Set("X-RateLimit-Remaining", remaining)
		h.Set("X-RateLimit-Reset", reset)
		h.Set("Date", date)
		if tries < 0 {
			tries = -tries
		}
		wait, reason, ok := limitWait(status, h, msg, tries%maxLimitedTries, now)
		if !ok {
			if wait != 0 {
				t.Fatalf("no limit, but a wait of %v", wait)
			}
			return
		}
		if wait < minLimitWait || wait > max(maxSingleWait, unhintedWait<<6) || reason == "" {
			t.Fatalf("wait %v (%q) out of bounds", wait, reason)
		}
	})
}
