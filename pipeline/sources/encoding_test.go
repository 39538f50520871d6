package sources

import (
	"strings"
	"testing"
)

func TestRepoListEncoding(t *testing.T) {
	list := "\ufeff/srv/checkouts/first\r\n" + // a BOM (Notepad) and CRLF line ends
		"/srv/caf\xe9/repo.git\r\n" + // a local path in Latin-1: opened as it is, stored escaped
		"/srv/old/d\xe9p.git\n" +
		"https://git.example.com/org/caf%E9.git@v1 \n" // percent-encoded Latin-1: the derived name is escaped
	specs, err := ParseRepoList(strings.NewReader(list), "/base")
	if err != nil {
		t.Fatal(err)
	}
	want := []RepoSpec{
		{Line: 1, Name: "first", Source: "/srv/checkouts/first", Path: "/srv/checkouts/first"},
		{Line: 2, Name: "repo", Source: `/srv/caf\xe9/repo.git`, Path: "/srv/caf\xe9/repo.git"},
		{Line: 3, Name: `d\xe9p`, Source: `/srv/old/d\xe9p.git`, Path: "/srv/old/d\xe9p.git"},
		{Line: 4, Name: `git.example.com/org/caf\xe9`, Source: "https://git.example.com/org/caf%E9.git", Ref: "v1", CloneURL: "https://git.example.com/org/caf%E9.git"},
	}
	if len(specs) != len(want) {
		t.Fatalf("got %+v", specs)
	}
	for i := range want {
		if specs[i] != want[i] {
			t.Errorf("line %d:\n got %+v\nwant %+v", want[i].Line, specs[i], want[i])
		}
	}
}

func TestRepoListRefusesTextThatIsNotUTF8(t *testing.T) {
	tests := []struct{ name, list, want string }{
		{"Latin-1 NAME", "/srv/a caf\xe9", `line 1: NAME "caf\xe9": byte 0xe9 at offset 3 is not valid UTF-8 (save the list as UTF-8)`},
		{"control character in NAME", "/srv/a a\x01b", `line 1: NAME "a\x01b": control character U+0001 at offset 1`},
		{"Latin-1 URL", "https://github.com/org/caf\xe9.git", `line 1: URL "https://github.com/org/caf\xe9.git": byte 0xe9 at offset 26 is not valid UTF-8`},
		{"Latin-1 scp address", "git@github.com:org/caf\xe9.git", `line 1: address "git@github.com:org/caf\xe9.git": byte 0xe9`},
		{"Latin-1 ref", "/srv/a@caf\xe9", `line 1: ref "caf\xe9": byte 0xe9 at offset 3 is not valid UTF-8`},
		{"percent-encoded ref", "https://github.com/org/a.git@caf%E9", `line 1: ref "caf\xe9": byte 0xe9`},
		{"NUL in a path", "/srv/a\x00b", `line 1: path "/srv/a\x00b" holds a NUL byte`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			specs, err := ParseRepoList(strings.NewReader(tt.list), "/base")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q (specs %+v)", err, tt.want, specs)
			}
		})
	}
	// A whole list saved in cp1252: every such line is named at once.
	_, err := ParseRepoList(strings.NewReader("/srv/ok ok\n/srv/b na\xefve\n# caf\xe9 in a comment is fine\n/srv/c r\xe9sum\xe9\n"), "/base")
	if err == nil || !strings.Contains(err.Error(), "line 2: NAME") || !strings.Contains(err.Error(), "line 4: NAME") || strings.Contains(err.Error(), "line 3") {
		t.Errorf("cp1252 list: %v", err)
	}
}
