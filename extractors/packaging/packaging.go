// Package packaging holds what the packaging-manifest extractors share:
// manager, group and source names, and builders for dependency and
// project rows. Each manifest format has its own sub-package:
// pyproject, requirements, pipfile, setupcfg, setuppy, conda and
// lockfiles; pep508 parses requirements and pipline pip's line forms.
//
// Manifests are read statically; no repository code is ever executed.
//
// Rules shared by all formats:
//   - One project row per manifest, rooted at its directory (a file in a
//     requirements/ directory belongs to the directory above); the
//     pipeline merges rows sharing a root. Manifests that hold no
//     packaging (a tool-only pyproject.toml or setup.cfg, a setup.py that
//     calls no setuptools/distutils setup()) give no row.
//   - projects.managers names tools; "pep621" is the manager of a
//     pyproject.toml whose [project] or [dependency-groups] table no tool
//     claims, and of those tables' dependencies. Merged with another
//     manager of the same root (setup.py beside it), it gives way.
//   - Groups are "main", "dev", "build" (build-system requires,
//     setup_requires), or the extra, dependency group, poetry group,
//     hatch environment or requirements file suffix as written.
//   - Specifiers are PEP 440 with whitespace removed; poetry, pipenv and
//     conda constraints are kept in their own syntax ("*" is none).
//   - A line that cannot be read is a dependency row with Error and Line
//     set; the rest of the file is still read. Non-UTF-8 or binary
//     content is an error row at the first bad line, and only the lines
//     before it are read (requirements files, read line by line: every
//     line but the bad ones).
//     Whole-file failures (invalid TOML or YAML) are also returned as the
//     extractor's error, for files.error.
package packaging

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging/pep508"
	"github.com/pysurvey/pysurvey/schema"
)

// Package managers, as recorded in dependencies.manager and projects.managers.
const (
	Poetry     = "poetry"
	PDM        = "pdm"
	Hatch      = "hatch"
	UV         = "uv"
	Flit       = "flit"
	Setuptools = "setuptools"
	Maturin    = "maturin"
	Pipenv     = "pipenv"
	Pip        = "pip"
	Conda      = "conda"
	// PEP621 is the manager of a pyproject.toml's [project] and
	// [dependency-groups] tables, and of their dependencies, when nothing
	// names a package manager.
	PEP621 = "pep621"
)

// Dependency groups with a fixed meaning.
const (
	GroupMain = "main"
	GroupDev  = "dev"
	// GroupBuild holds build requirements: [build-system] requires and
	// setup_requires.
	GroupBuild = "build"
)

// Dependency sources.
const (
	SourceRegistry = "registry"
	SourceGit      = "git"
	SourceURL      = "url"
	SourcePath     = "path"
	SourceEditable = "editable"
)

// Root returns the project root of a manifest: its directory, "" for the
// repository root.
func Root(p string) string {
	dir := path.Dir(p)
	if dir == "." || dir == "/" {
		return ""
	}
	return dir
}

// Dep builds the dependency row of a parsed requirement found at line of
// the manifest at path p. Source is taken from the requirement's URL.
func Dep(p string, line int, manager, group string, r pep508.Requirement) schema.Dependency {
	return schema.Dependency{
		Line:      int32(line),
		Manager:   manager,
		Group:     group,
		Name:      r.Name,
		RawName:   r.RawName,
		Extras:    strings.Join(r.Extras, ","),
		Specifier: r.Specifier,
		Marker:    r.Marker,
		Source:    r.Source(),
		Counted:   !extractors.IsUncounted(p),
	}
}

// ErrorRow builds the dependency row recording that line of the manifest
// at path p could not be read. Its other columns stay empty.
func ErrorRow(p string, line int, format string, args ...any) schema.Dependency {
	return schema.Dependency{
		Line:    int32(line),
		Error:   fmt.Sprintf(format, args...),
		Counted: !extractors.IsUncounted(p),
	}
}

// Project builds the project row of the manifest at path p, rooted at its
// directory, with the given managers.
func Project(p string, managers ...string) schema.Project {
	return schema.Project{
		Root:      Root(p),
		Manifests: path.Base(p),
		Managers:  JoinSorted(managers),
		Counted:   !extractors.IsUncounted(p),
	}
}

// JoinSorted returns the non-empty items sorted, de-duplicated and
// comma-joined.
func JoinSorted(items []string) string {
	seen := map[string]bool{}
	var out []string
	for _, s := range items {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// CheckText reports whether content is text: it holds no NUL byte and is
// valid UTF-8. When it is not, it returns the longest prefix made of whole
// lines that is text, the 1-based line of the first offending byte, and
// why. A leading UTF-8 byte-order mark is dropped.
func CheckText(content []byte) (text []byte, badLine int, reason string) {
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	bad := bytes.IndexByte(content, 0)
	reason = "binary content (NUL byte)"
	if !utf8.Valid(content) {
		if i := firstInvalidUTF8(content); bad < 0 || i < bad {
			bad, reason = i, "not valid UTF-8"
		}
	}
	if bad < 0 {
		return content, 0, ""
	}
	start := bytes.LastIndexByte(content[:bad], '\n') + 1
	return content[:start], bytes.Count(content[:bad], []byte("\n")) + 1, reason
}

// TextLines splits content into lines and blanks every line that is not
// text (holds a NUL byte or invalid UTF-8), so that the others keep their
// numbers. It returns the cleaned text and the 1-based numbers of the
// blanked lines. A leading UTF-8 byte-order mark is dropped.
func TextLines(content []byte) (text []byte, bad []int) {
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(content, 0) < 0 && utf8.Valid(content) {
		return content, nil
	}
	lines := bytes.Split(content, []byte("\n"))
	for i, l := range lines {
		if bytes.IndexByte(l, 0) >= 0 || !utf8.Valid(l) {
			lines[i] = nil
			bad = append(bad, i+1)
		}
	}
	return bytes.Join(lines, []byte("\n")), bad
}

// firstInvalidUTF8 returns the offset of the first byte of b that is not
// part of a valid UTF-8 sequence.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
