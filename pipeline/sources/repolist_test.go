package sources

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pysurvey/pysurvey/schema"
)

func TestParseRepoListAcceptsEveryForm(t *testing.T) {
	list := `
# comment line
https://github.com/org/service.git            # trailing comment
http://git.example.com/team/app
git@github.com:org/payments.git@release-2.4
ssh://git@git.example.com:2222/team/api.git@v1.2.3   api
git://git.example.com/mirror/lib
file:///srv/mirrors/legacy.git@0123456789abcdef0123456789abcdef01234567
/srv/checkouts/monorepo
relative/checkout@feature/x   feature-x
/srv/bare/thing.git
/srv/checkouts/proj/.git  proj-dotgit
https://someone@github.com/org/private.git
`
	specs, err := ParseRepoList(strings.NewReader(list), "/base")
	if err != nil {
		t.Fatal(err)
	}
	want := []RepoSpec{
		{Line: 3, Name: "github.com/org/service", Source: "https://github.com/org/service.git", CloneURL: "https://github.com/org/service.git"},
		{Line: 4, Name: "git.example.com/team/app", Source: "http://git.example.com/team/app", CloneURL: "http://git.example.com/team/app"},
		{Line: 5, Name: "github.com/org/payments", Source: "github.com:org/payments.git", Ref: "release-2.4", CloneURL: "git@github.com:org/payments.git"},
		{Line: 6, Name: "api", Source: "ssh://git.example.com:2222/team/api.git", Ref: "v1.2.3", CloneURL: "ssh://git@git.example.com:2222/team/api.git"},
		{Line: 7, Name: "git.example.com/mirror/lib", Source: "git://git.example.com/mirror/lib", CloneURL: "git://git.example.com/mirror/lib"},
		{Line: 8, Name: "legacy", Source: "file:///srv/mirrors/legacy.git", Ref: "0123456789abcdef0123456789abcdef01234567", CloneURL: "file:///srv/mirrors/legacy.git"},
		{Line: 9, Name: "monorepo", Source: "/srv/checkouts/monorepo", Path: "/srv/checkouts/monorepo"},
		{Line: 10, Name: "feature-x", Source: "/base/relative/checkout", Ref: "feature/x", Path: "/base/relative/checkout"},
		{Line: 11, Name: "thing", Source: "/srv/bare/thing.git", Path: "/srv/bare/thing.git"},
		{Line: 12, Name: "proj-dotgit", Source: "/srv/checkouts/proj/.git", Path: "/srv/checkouts/proj/.git"},
		{Line: 13, Name: "github.com/org/private", Source: "https://github.com/org/private.git", CloneURL: "https://github.com/org/private.git"},
	}
	if len(specs) != len(want) {
		t.Fatalf("got %d specs, want %d: %+v", len(specs), len(want), specs)
	}
	for i := range want {
		if specs[i] != want[i] {
			t.Errorf("line %d:\n got %+v\nwant %+v", want[i].Line, specs[i], want[i])
		}
	}
}

func TestParseRepoListNamesEveryBadLine(t *testing.T) {
	tests := []struct {
		name, list, want string
	}{
		{"too many fields", "a b c", "line 1: want SOURCE [NAME], got 3 fields"},
		{"unsupported scheme", "ftp://host/repo.git", "line 1: unsupported URL scheme \"ftp\""},
		{"password in URL", "https://user:s3cret@github.com/org/x.git", "line 1: credentials in a URL are not accepted"},
		{"empty ref", "https://github.com/org/x.git@", "line 1: empty @REF"},
		{"invalid ref", "/srv/x@a..b", "line 1: invalid ref"},
		{"no host", "https:///org/x.git", "line 1: URL has no host"},
		{"no path", "https://github.com/", "line 1: URL has no repository path"},
		{"query", "https://github.com/org/x.git?x=1", "line 1: a repository URL takes no query or fragment"},
		{"scp without path", "git@github.com:", "line 1: address has no repository path"},
		{"duplicate name", "/a/x\n\n/b/x", "line 3: name \"x\" already used on line 1"},
		{"duplicate given name", "/a/one same\n/b/two same", "line 2: name \"same\" already used on line 1"},
		{"malformed URL", "https://github.com/org/%zz", "line 1: malformed URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			specs, err := ParseRepoList(strings.NewReader(tt.list), "/base")
			if err == nil {
				t.Fatalf("no error; specs %+v", specs)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if specs != nil {
				t.Errorf("specs returned beside an error: %+v", specs)
			}
		})
	}
}

func TestParseRepoListReportsAllErrorsTogether(t *testing.T) {
	_, err := ParseRepoList(strings.NewReader("a b c\n/ok\nftp://x/y\n/ok"), "/base")
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"line 1:", "line 3:", "line 4: name \"ok\" already used on line 2"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestPasswordNeverEchoed(t *testing.T) {
	_, err := ParseRepoList(strings.NewReader("https://user:hunter2@github.com/org/x.git\nhttps://u:hunter3@[::1"), "/")
	if err == nil || strings.Contains(err.Error(), "hunter") {
		t.Fatalf("error %v echoes a password", err)
	}
}

func FuzzParseRepoList(f *testing.F) {
	for _, name := range []string{"every_form.txt", "malformed.txt", "latin1.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", "repolists", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, list string) {
		specs, err := ParseRepoList(strings.NewReader(list), "/base")
		if err != nil {
			return
		}
		names := map[string]bool{}
		for _, s := range specs {
			if s.Name == "" || names[s.Name] {
				t.Errorf("line %d: empty or duplicate name %q", s.Line, s.Name)
			}
			names[s.Name] = true
			if s.Remote() == (s.Path != "") {
				t.Errorf("line %d: remote %v with path %q", s.Line, s.Remote(), s.Path)
			}
			if u, err := url.Parse(s.Source); err == nil && u.User != nil {
				t.Errorf("line %d: source %q keeps user info", s.Line, s.Source)
			}
			for _, text := range []string{s.Name, s.Source, s.Ref} {
				if err := schema.CheckText(text); err != nil { // stored as text
					t.Errorf("line %d: %q: %v", s.Line, text, err)
				}
			}
		}
	})
}

// A path that gives no name (the root's .git) gets one: never empty.
func TestPathsWithoutANameGetOne(t *testing.T) {
	for _, src := range []string{"file:///.git", "/.git", "/", "file:///"} {
		specs, err := ParseRepoList(strings.NewReader(src+"\n"), "/")
		if err != nil {
			if !strings.Contains(err.Error(), "line 1") {
				t.Errorf("%s: %v", src, err)
			}
			continue
		}
		if specs[0].Name == "" {
			t.Errorf("%s: empty name", src)
		}
	}
}
