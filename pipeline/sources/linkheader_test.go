package sources

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestParseLinkHeaderReadsTheForgesHeaders(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   []Link
		next   string
	}{
		{
			name:   "GitHub, first page",
			values: []string{`<https://api.github.com/organizations/9919/repos?per_page=100&page=2>; rel="next", <https://api.github.com/organizations/9919/repos?per_page=100&page=7>; rel="last"`},
			want: []Link{
				{URL: "https://api.github.com/organizations/9919/repos?per_page=100&page=2", Rel: []string{"next"}},
				{URL: "https://api.github.com/organizations/9919/repos?per_page=100&page=7", Rel: []string{"last"}},
			},
			next: "https://api.github.com/organizations/9919/repos?per_page=100&page=2",
		},
		{
			name: "GitLab, a middle page, in two header fields",
			values: []string{
				`<https://gitlab.example.com/api/v4/groups/9/projects?include_subgroups=true&page=1&per_page=100>; rel="prev", <https://gitlab.example.com/api/v4/groups/9/projects?include_subgroups=true&page=3&per_page=100>; rel="next"`,
				`<https://gitlab.example.com/api/v4/groups/9/projects?include_subgroups=true&page=1&per_page=100>; rel="first"`,
			},
			want: []Link{
				{URL: "https://gitlab.example.com/api/v4/groups/9/projects?include_subgroups=true&page=1&per_page=100", Rel: []string{"prev"}},
				{URL: "https://gitlab.example.com/api/v4/groups/9/projects?include_subgroups=true&page=3&per_page=100", Rel: []string{"next"}},
				{URL: "https://gitlab.example.com/api/v4/groups/9/projects?include_subgroups=true&page=1&per_page=100", Rel: []string{"first"}},
			},
			next: "https://gitlab.example.com/api/v4/groups/9/projects?include_subgroups=true&page=3&per_page=100",
		},
		{
			name:   "last page: no next",
			values: []string{`<https://api.github.com/repos?page=6>; rel="prev", <https://api.github.com/repos?page=1>; rel="first"`},
			want: []Link{
				{URL: "https://api.github.com/repos?page=6", Rel: []string{"prev"}},
				{URL: "https://api.github.com/repos?page=1", Rel: []string{"first"}},
			},
		},
		{
			name:   "RFC 8288 forms: token value, several rels, other params, escapes, relative target",
			values: []string{`</p?page=2>;rel=NEXT;title="a \"quoted\", title" , <http://x/3>; rel="prefetch next" ; anchor="#a"; crossorigin,<http://x/4>;rel=last;rel=next`},
			want: []Link{
				{URL: "/p?page=2", Rel: []string{"next"}},
				{URL: "http://x/3", Rel: []string{"prefetch", "next"}},
				{URL: "http://x/4", Rel: []string{"last"}},
			},
			next: "/p?page=2",
		},
		{name: "empty", values: []string{"", " , "}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLinkHeader(tt.values)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
			next, err := NextLink(tt.values)
			if err != nil || next != tt.next {
				t.Errorf("next = %q, %v; want %q", next, err, tt.next)
			}
		})
	}
}

func TestParseLinkHeaderRefusesMalformedValues(t *testing.T) {
	for _, v := range []string{
		`https://api.github.com/x?page=2; rel="next"`,
		`<https://api.github.com/x?page=2; rel="next"`,
		`<https://api.github.com/x?page=2>; rel="next`,
		`<https://api.github.com/x?page=2>; rel=`,
		`<https://api.github.com/x?page=2>; ="next"`,
		`<https://api.github.com/x?page=2> rel="next"`,
		`<https://api.github.com/x?page=2>; rel="ne` + "\x01" + `xt"`,
		`<https://a/"b>; rel=next`,
		`<a>; rel=next <b>; rel=last`,
	} {
		if links, err := ParseLinkHeader([]string{v}); err == nil {
			t.Errorf("%q parsed as %v", v, links)
		} else if !strings.Contains(err.Error(), "malformed Link header") {
			t.Errorf("%q: error %q does not say what is wrong", v, err)
		}
	}
}

// formatLinks writes links back in the canonical form ParseLinkHeader reads.
func formatLinks(links []Link) string {
	parts := make([]string, len(links))
	for i, l := range links {
		parts[i] = "<" + l.URL + ">"
		if l.Rel != nil {
			parts[i] += "; rel=" + strconv.Quote(strings.Join(l.Rel, " "))
		}
	}
	return strings.Join(parts, ", ")
}

func FuzzParseLinkHeader(f *testing.F) {
	f.Add(`<https://api.github.com/organizations/9919/repos?per_page=100&page=2>; rel="next", <https://api.github.com/organizations/9919/repos?per_page=100&page=7>; rel="last"`)
	f.Add(`</p?page=2>;rel=NEXT;title="a \"quoted\", title" , <http://x/3>; rel="prefetch next" ; anchor="#a"; crossorigin`)
	f.Add(`<a>; rel=next <b>`)
	f.Fuzz(func(t *testing.T, v string) {
		links, err := ParseLinkHeader([]string{v})
		if err != nil {
			return
		}
		for _, l := range links {
			if strings.ContainsAny(l.URL, "<>\"\r\n") {
				t.Fatalf("target %q holds a delimiter", l.URL)
			}
			for _, r := range l.Rel {
				if r == "" || r != strings.ToLower(r) || strings.ContainsAny(r, " \t") {
					t.Fatalf("relation %q not a lower-case word", r)
				}
			}
		}
		// What was read, written canonically, reads back the same, when
		// the relations are printable ASCII (strconv.Quote escapes others
		// in Go's syntax, not HTTP's).
		for _, l := range links {
			for _, r := range l.Rel {
				if strings.ContainsFunc(r, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
					return
				}
			}
		}
		canon := formatLinks(links)
		again, err := ParseLinkHeader([]string{canon})
		if err != nil {
			t.Fatalf("canonical form %q of %q: %v", canon, v, err)
		}
		if !reflect.DeepEqual(normalizeRels(again), normalizeRels(links)) {
			t.Fatalf("round trip of %q:\n got %#v\nwant %#v", v, again, links)
		}
	})
}

func normalizeRels(links []Link) []Link {
	out := make([]Link, len(links))
	for i, l := range links {
		out[i] = Link{URL: l.URL}
		if len(l.Rel) > 0 {
			out[i].Rel = l.Rel
		}
	}
	return out
}
