package fetch

import (
	"errors"
	"strings"
	"testing"
)

// A fetch process gets no secret in its environment or argv: they come
// on its standard input.
func TestFetchProcessesGetNoSecretInTheirEnvironment(t *testing.T) {
	env := childEnviron([]string{"HOME=/h", "GITHUB_TOKEN=ghp_x", "GIT_TOKEN=glpat", "PYSURVEY_SSH_PASSPHRASE=pw", "GOMEMLIMIT=1", "SSH_AUTH_SOCK=/s"}, 1<<30)
	got := strings.Join(env, " ")
	for _, secret := range []string{"ghp_x", "glpat", "pw", "GOMEMLIMIT=1 "} {
		if strings.Contains(got+" ", secret) {
			t.Errorf("%q in %s", secret, got)
		}
	}
	for _, want := range []string{"HOME=/h", "SSH_AUTH_SOCK=/s", childEnv + "=1", "GOMEMLIMIT=805306368"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q not in %s", want, got)
		}
	}
	if strings.Join(childArgs, " ") != "-test.run=^$" {
		t.Errorf("argv %v", childArgs)
	}
}

// A fetch process that ends without a result is explained from what it
// wrote.
func TestCrashesAreExplained(t *testing.T) {
	for _, tc := range []struct{ stderr, stdout, want string }{
		{"fatal error: runtime: out of memory\n\nruntime stack:\n", "", "fetch process ran out of memory (limit 1 GiB)"},
		{"panic: boom\n\ngoroutine 1 [running]:\n", "", "fetch process ended without a result (exit status 2): panic: boom"},
		{"", "PASS", "is fetch.RunIfChild called first in main (or TestMain)?"},
		{"", "", "fetch process ended without a result (exit status 2)"},
	} {
		if got := crashMessage(errors.New("exit status 2"), tc.stderr, tc.stdout, 1<<30); !strings.Contains(got, tc.want) {
			t.Errorf("%q: %s, want %q", tc.stderr, got, tc.want)
		}
	}
}
