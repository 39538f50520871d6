package requirements

import (
	"path"
	"strings"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging"
)

// maxIncludeFiles bounds how many files one include check reads.
const maxIncludeFiles = 200

// resolve returns the repository path an include names, relative to the
// including file's directory, or why it leaves the repository.
func resolve(from, target string) (string, string) {
	lt := strings.ToLower(target)
	switch {
	case strings.Contains(lt, "://") || strings.HasPrefix(lt, "file:"):
		return "", "include is a URL, outside the repository"
	case strings.HasPrefix(target, "/") || strings.HasPrefix(target, "~") ||
		strings.HasPrefix(target, "$") || len(target) > 1 && target[1] == ':':
		return "", "include is outside the repository"
	}
	p := path.Join(path.Dir(from), strings.ReplaceAll(target, `\`, "/"))
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", "include leaves the repository"
	}
	return p, ""
}

// checkInclude checks that an include of file f exists inside the
// repository and does not lead back to f; it returns what is wrong, or "".
// Without a Tree only the path is checked.
func checkInclude(f *extractors.File, target string) string {
	p, msg := resolve(f.Path, target)
	if msg != "" {
		return msg
	}
	if p == f.Path {
		return "include cycle: the file includes itself"
	}
	if f.Tree == nil {
		return ""
	}
	content, err := f.Tree.ReadFile(p)
	if err != nil {
		return "included file not found in the repository"
	}
	// Walk the includes reachable from p; reaching f is a cycle.
	seen := map[string]bool{p: true}
	queue := []includeStep{{p, content, []string{f.Path, p}}}
	for len(queue) > 0 && len(seen) < maxIncludeFiles {
		step := queue[0]
		queue = queue[1:]
		text, _ := packaging.TextLines(step.content)
		for _, l := range Lines(text) {
			if l.Include == "" {
				continue
			}
			next, msg := resolve(step.path, l.Include)
			if msg != "" {
				continue
			}
			chain := append(append([]string(nil), step.chain...), next)
			if next == f.Path {
				return "include cycle: " + strings.Join(chain, " -> ")
			}
			if seen[next] {
				continue
			}
			seen[next] = true
			if c, err := f.Tree.ReadFile(next); err == nil {
				queue = append(queue, includeStep{next, c, chain})
			}
		}
	}
	return ""
}

type includeStep struct {
	path    string
	content []byte
	chain   []string
}
