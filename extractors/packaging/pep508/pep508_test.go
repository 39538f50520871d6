package pep508

import (
	"reflect"
	"strings"
	"testing"
)

// TestPEP508Examples checks the test cases of PEP 508's reference grammar
// ("Complete Grammar" section) and its examples.
func TestPEP508Examples(t *testing.T) {
	tests := []struct {
		in   string
		want Requirement
	}{
		{"A", Requirement{Name: "a", RawName: "A"}},
		{"A.B-C_D", Requirement{Name: "a-b-c-d", RawName: "A.B-C_D"}},
		{"aa", Requirement{Name: "aa", RawName: "aa"}},
		{"name", Requirement{Name: "name", RawName: "name"}},
		{"name<=1", Requirement{Name: "name", RawName: "name", Specifier: "<=1"}},
		{"name>=3", Requirement{Name: "name", RawName: "name", Specifier: ">=3"}},
		{"name>=3,<2", Requirement{Name: "name", RawName: "name", Specifier: ">=3,<2"}},
		{"name@http://foo.com", Requirement{Name: "name", RawName: "name", URL: "http://foo.com"}},
		{"name [fred,bar] @ http://foo.com ; python_version=='2.7'", Requirement{
			Name: "name", RawName: "name", Extras: []string{"bar", "fred"},
			URL: "http://foo.com", Marker: "python_version=='2.7'"}},
		{"name[quux, strange];python_version<'2.7' and platform_version=='2'", Requirement{
			Name: "name", RawName: "name", Extras: []string{"quux", "strange"},
			Marker: "python_version<'2.7' and platform_version=='2'"}},
		{"name; os_name=='a' or os_name=='b'", Requirement{
			Name: "name", RawName: "name", Marker: "os_name=='a' or os_name=='b'"}},
		{"name; os_name=='a' and os_name=='b' or os_name=='c'", Requirement{
			Name: "name", RawName: "name", Marker: "os_name=='a' and os_name=='b' or os_name=='c'"}},
		{"name; os_name=='a' and (os_name=='b' or os_name=='c')", Requirement{
			Name: "name", RawName: "name", Marker: "os_name=='a' and (os_name=='b' or os_name=='c')"}},
		{"name; os_name=='a' or os_name=='b' and os_name=='c'", Requirement{
			Name: "name", RawName: "name", Marker: "os_name=='a' or os_name=='b' and os_name=='c'"}},
		{"name; (os_name=='a' or os_name=='b') and os_name=='c'", Requirement{
			Name: "name", RawName: "name", Marker: "(os_name=='a' or os_name=='b') and os_name=='c'"}},
		// Examples from the PEP's text.
		{"requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"", Requirement{
			Name: "requests", RawName: "requests", Extras: []string{"security", "tests"},
			Specifier: ">=2.8.1,==2.8.*", Marker: "python_version < \"2.7\""}},
		{"pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686", Requirement{
			Name: "pip", RawName: "pip",
			URL: "https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686"}},
		{"name (>=1.0, <2)", Requirement{Name: "name", RawName: "name", Specifier: ">=1.0,<2"}},
		{"Foo_Bar.baz[]", Requirement{Name: "foo-bar-baz", RawName: "Foo_Bar.baz"}},
		{"argparse;python_version<\"2.7\"", Requirement{Name: "argparse", RawName: "argparse", Marker: "python_version<\"2.7\""}},
		{"foo; 'linux' in sys_platform and extra not in 'a b'", Requirement{
			Name: "foo", RawName: "foo", Marker: "'linux' in sys_platform and extra not in 'a b'"}},
		{"foo; os.name == 'posix'", Requirement{Name: "foo", RawName: "foo", Marker: "os.name == 'posix'"}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// TestPEP440Specifiers checks the specifier forms of PEP 440.
func TestPEP440Specifiers(t *testing.T) {
	valid := []string{
		"~=2.2", "~=1.4.5", "~=2.2.post3", "~=1.4.5a4", "~=1.4.5.0", "~= 2.2",
		"==1.1", "==1.1.*", "==1.1.post1", "==1.1+local.7", "!=1.5.*", "!=1.1a1",
		"<=2.0", ">=1!2.0", "<2.0.dev1", ">1.0rc1", "===foobar", "===1.0+abc",
		">=1.0,<2.0,!=1.5.*", "==2.0.0-1", "==1.0.post", "==v1.0", "==1.0-RC1",
	}
	for _, s := range valid {
		if _, err := ParseSpecifierSet(s); err != nil {
			t.Errorf("ParseSpecifierSet(%q): %v", s, err)
		}
	}
	invalid := []string{
		"~=2", "~=1.*", ">=1.0.*", "<=1.0+local", ">1.0+l", "==", "==1..0",
		">=1.0,", "=1.0", "==1.0.*.1", "~=1.0+local", "==1.0 2.0", "==abc",
	}
	for _, s := range invalid {
		if got, err := ParseSpecifierSet(s); err == nil {
			t.Errorf("ParseSpecifierSet(%q) = %q, want an error", s, got)
		}
	}
}

func TestParseRejects(t *testing.T) {
	bad := []string{
		"", "-foo", "foo-", "foo bar", "foo[", "foo[bar", "foo[bar baz]",
		"foo >= 1.0 ; ", "foo; python_version", "foo; unknown_var == '1'",
		"foo; python_version == '3", "foo; (python_version == '3'",
		"foo @ ", "foo @ http://x.y/z;python_version<'3' extra",
		"foo==1.0 bar", "foo; python_version == '3' and", "foo; not_in 'x'",
		"foo; os_name == 'a' \x00",
	}
	for _, s := range bad {
		if got, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", s, got)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"Django": "django", "zope.interface": "zope-interface", "A__B--c..D": "a-b-c-d",
		"ruamel.yaml": "ruamel-yaml", "typing_extensions": "typing-extensions", "x": "x",
	}
	for in, want := range tests {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSource(t *testing.T) {
	tests := map[string]string{
		"":                                 "registry",
		"git+https://github.com/a/b.git":   "git",
		"https://example.com/x-1.0.tar.gz": "url",
		"file:///tmp/x":                    "path",
		"hg+https://example.com/repo":      "url",
	}
	for in, want := range tests {
		if got := URLSource(in); got != want {
			t.Errorf("URLSource(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeeplyNestedMarkerIsAnError(t *testing.T) {
	m := "foo; " + strings.Repeat("(", 1000) + "os_name=='a'" + strings.Repeat(")", 1000)
	if _, err := Parse(m); err == nil {
		t.Error("want an error for a marker nested 1000 deep")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"A", "name [fred,bar] @ http://foo.com ; python_version=='2.7'",
		"requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"",
		"name; (os_name=='a' or os_name=='b') and os_name=='c'", "foo (===1.0)",
		"foo; 'a' not in extra",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			return
		}
		if !ValidName(r.RawName) || r.Name != Normalize(r.RawName) {
			t.Errorf("Parse(%q) gave bad name %+v", s, r)
		}
		// A parsed requirement, written back, parses to the same thing.
		back := r.RawName
		if len(r.Extras) > 0 {
			back += "[" + strings.Join(r.Extras, ",") + "]"
		}
		if r.URL != "" {
			back += " @ " + r.URL
		} else {
			back += r.Specifier
		}
		if r.Marker != "" {
			back += " ; " + r.Marker
		}
		r2, err := Parse(back)
		if err != nil {
			t.Fatalf("Parse(%q) ok but its rewrite %q fails: %v", s, back, err)
		}
		if !reflect.DeepEqual(r, r2) {
			t.Errorf("round trip of %q via %q: %+v != %+v", s, back, r, r2)
		}
	})
}
