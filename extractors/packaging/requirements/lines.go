package requirements

import (
	"strings"
)

// Line is one logical line of a requirements file, after continuations
// are joined and comments removed. At most one of Req, Include and Err is
// set; a line holding only options other than -r, -c and -e has none.
type Line struct {
	// Num is the 1-based number of the line's first physical line.
	Num int
	// Req is the requirement, options removed.
	Req string
	// Editable is set for -e/--editable requirements.
	Editable bool
	// Include is the file named by -r/--requirement or -c/--constraint.
	Include string
	// IncludeOpt is "-r" or "-c".
	IncludeOpt string
	// Err says why the line could not be read.
	Err string
}

// Lines splits requirements text into logical lines, as pip does.
func Lines(text []byte) []Line {
	var out []Line
	for _, jl := range joinLines(string(text)) {
		s := strings.TrimSpace(stripComment(jl.text))
		if s == "" {
			continue
		}
		l := parseLine(s)
		l.Num = jl.num
		if l.Req != "" || l.Include != "" || l.Err != "" {
			out = append(out, l)
		}
	}
	return out
}

type joined struct {
	num  int
	text string
}

// joinLines joins lines ending in a backslash with the next, as pip's
// join_lines: a comment line ends a continuation.
func joinLines(text string) []joined {
	var out []joined
	var cont []string
	start := 0
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSuffix(line, "\r")
		comment := isCommentLine(line)
		if !strings.HasSuffix(line, `\`) || comment {
			if comment {
				line = " " + line
			}
			if cont != nil {
				out = append(out, joined{start, strings.Join(append(cont, line), "")})
				cont = nil
			} else {
				out = append(out, joined{i + 1, line})
			}
			continue
		}
		if cont == nil {
			start = i + 1
		}
		cont = append(cont, strings.TrimRight(strings.TrimLeft(line, `\`), `\`))
	}
	if cont != nil {
		out = append(out, joined{start, strings.Join(cont, "")})
	}
	return out
}

// isCommentLine reports whether a line is only a comment.
func isCommentLine(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " \t"), "#")
}

// stripComment removes a '#' comment that starts the line or follows
// whitespace.
func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i]
		}
	}
	return s
}

// parseLine splits a line into requirement and options as pip's
// break_args_options: the requirement ends at the first token starting
// with '-'.
func parseLine(s string) Line {
	tokens := strings.Split(s, " ")
	n := 0
	for n < len(tokens) && !strings.HasPrefix(tokens[n], "-") {
		n++
	}
	if req := strings.TrimSpace(strings.Join(tokens[:n], " ")); req != "" {
		return Line{Req: req}
	}
	opts := strings.Fields(strings.Join(tokens[n:], " "))
	if len(opts) == 0 {
		return Line{}
	}
	name, value, hasValue := optionValue(opts)
	switch name {
	case "-r", "--requirement", "-c", "--constraint", "-e", "--editable":
	default:
		return Line{}
	}
	if !hasValue {
		return Line{Err: "option " + name + " needs a value"}
	}
	switch name {
	case "-r", "--requirement":
		return Line{Include: value, IncludeOpt: "-r"}
	case "-c", "--constraint":
		return Line{Include: value, IncludeOpt: "-c"}
	}
	return Line{Req: value, Editable: true}
}

// optionValue returns the first option's name and value, in the forms
// "-r X", "-rX", "--requirement X" and "--requirement=X".
func optionValue(opts []string) (name, value string, ok bool) {
	first := opts[0]
	if strings.HasPrefix(first, "--") {
		if n, v, found := strings.Cut(first, "="); found {
			return n, unquote(v), v != ""
		}
	} else if len(first) > 2 {
		return first[:2], unquote(first[2:]), true
	}
	if len(opts) < 2 {
		return first, "", false
	}
	return first, unquote(opts[1]), true
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
