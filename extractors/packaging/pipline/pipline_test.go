package pipline

import (
	"fmt"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in       string
		editable bool
		want     string // name(raw)[extras]spec;marker url source
	}{
		{"requests>=2", false, "requests(requests)[]>=2; registry"},
		{".", true, "()[]; . editable"},
		{"./libs/core[extra,b]", true, "()[b extra]; ./libs/core editable"},
		{"git+https://github.com/o/r.git@v1#egg=My_Pkg[x]", false, "my-pkg(My_Pkg)[x]; git+https://github.com/o/r.git@v1#egg=My_Pkg[x] git"},
		{"https://h/p/pkg_one-1.0-py3-none-any.whl", false, "pkg-one(pkg_one)[]; https://h/p/pkg_one-1.0-py3-none-any.whl url"},
		{"https://h/p/pkg-two-2.0.tar.gz ; python_version<'3'", false, "pkg-two(pkg-two)[];python_version<'3' https://h/p/pkg-two-2.0.tar.gz url"},
		{"dist/thing-0.1.zip", false, "thing(thing)[]; dist/thing-0.1.zip path"},
		{"name @ file:///x/y", false, "name(name)[]; file:///x/y path"},
		{"file:///x/y#egg=y", true, "y(y)[]; file:///x/y#egg=y editable"},
		{"${PROJECT_ROOT}/sub", false, "()[]; ${PROJECT_ROOT}/sub path"},
	}
	for _, tt := range tests {
		r, err := Parse(tt.in, tt.editable)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		got := fmt.Sprintf("%s(%s)[%s]%s;%s", r.Name, r.RawName, strings.Join(r.Extras, " "), r.Specifier, r.Marker)
		if r.URL != "" {
			got += " " + r.URL
		}
		got += " " + r.Source
		if got != tt.want {
			t.Errorf("Parse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "foo bar", "https://h/x y", "./p[bad extra]", "https://h/-1.0.tar.gz#egg=-x", "./x ; nonsense"} {
		if r, err := Parse(bad, false); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", bad, r)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"requests>=2", ".", "./libs/core[extra]", "git+https://g/o/r.git#egg=x",
		"https://h/pkg-2.0.tar.gz ; python_version<'3'", "name @ file:///x"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, editable bool) {
		r, err := Parse(s, editable)
		if err != nil {
			return
		}
		if r.Source == "" || editable && r.Source != "editable" {
			t.Errorf("Parse(%q, %v): bad source %q", s, editable, r.Source)
		}
		if r.Name == "" && r.URL == "" {
			t.Errorf("Parse(%q): neither name nor location: %+v", s, r)
		}
	})
}
