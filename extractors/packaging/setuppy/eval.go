package setuppy

import "strings"

// litKind is the kind of a statically known value.
type litKind int

const (
	litOther litKind = iota // not statically known
	litStr
	litList
	litDict
)

// lit is a Python literal value read from source.
type lit struct {
	kind  litKind
	line  int
	str   string
	items []lit // list or tuple elements
	keys  []lit // dict keys, parallel to vals
	vals  []lit
}

// maxEvalDepth bounds nesting of evaluated literals.
const maxEvalDepth = 50

// setupCall locates a setup( call: open is the index of its '('.
type setupCall struct{ open int }

// setupModules are the modules whose setup() makes a setuptools manifest.
var setupModules = map[string]bool{"setuptools": true, "distutils.core": true}

// isStmtStart reports whether token i starts a statement.
func isStmtStart(toks []token, i int) bool {
	if i == 0 {
		return true
	}
	p := toks[i-1]
	return p.kind == tNewline || p.kind == tOp && (p.text == ";" || p.text == ":")
}

func isOp(t token, op string) bool { return t.kind == tOp && t.text == op }

// dotted reads a dotted name starting at i; it returns it and the index after.
func dotted(toks []token, i int) (string, int) {
	var parts []string
	for i < len(toks) && toks[i].kind == tName {
		parts = append(parts, toks[i].text)
		i++
		if i+1 < len(toks) && isOp(toks[i], ".") && toks[i+1].kind == tName {
			i++
			continue
		}
		break
	}
	return strings.Join(parts, "."), i
}

// findSetup finds the first call of a setup function imported from
// setuptools or distutils.
func findSetup(toks []token) (setupCall, bool) {
	names := map[string]bool{} // local names bound to setup
	quals := map[string]bool{} // module names whose .setup counts
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != tName || !isStmtStart(toks, i) {
			continue
		}
		switch toks[i].text {
		case "from":
			mod, j := dotted(toks, i+1)
			if !setupModules[mod] || j >= len(toks) || toks[j].text != "import" {
				continue
			}
			for j++; j < len(toks) && toks[j].kind != tNewline && !isOp(toks[j], ";"); j++ {
				t := toks[j]
				if isOp(t, "*") {
					names["setup"] = true
				}
				if t.kind != tName || t.text != "setup" {
					continue
				}
				if j+2 < len(toks) && toks[j+1].text == "as" && toks[j+2].kind == tName {
					names[toks[j+2].text] = true
					j += 2
				} else {
					names["setup"] = true
				}
			}
		case "import":
			for j := i + 1; j < len(toks) && toks[j].kind == tName; {
				mod, k := dotted(toks, j)
				local := mod
				if k+1 < len(toks) && toks[k].text == "as" && toks[k+1].kind == tName {
					local = toks[k+1].text
					k += 2
				}
				if setupModules[mod] {
					quals[local] = true
				}
				if k >= len(toks) || !isOp(toks[k], ",") {
					break
				}
				j = k + 1
			}
		}
	}
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != tName || i > 0 && (isOp(toks[i-1], ".") || toks[i-1].text == "def") {
			continue
		}
		name, j := dotted(toks, i)
		if j < len(toks) && isOp(toks[j], "(") {
			if names[name] || strings.HasSuffix(name, ".setup") && quals[strings.TrimSuffix(name, ".setup")] {
				return setupCall{open: j}, true
			}
		}
		i = j - 1
	}
	return setupCall{}, false
}

// closing returns the index of the bracket closing the one at open, or
// len(toks) when it is never closed.
func closing(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		if toks[i].kind != tOp {
			continue
		}
		switch toks[i].text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(toks)
}

// split splits tokens at sep operators outside brackets.
func split(toks []token, sep string) [][]token {
	var out [][]token
	depth, start := 0, 0
	for i, t := range toks {
		if t.kind != tOp {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case sep:
			if depth == 0 {
				out = append(out, toks[start:i])
				start = i + 1
			}
		}
	}
	return append(out, toks[start:])
}

// args evaluates the keyword arguments of the call, expanding **dicts
// that are known.
func (c setupCall) args(toks []token, env map[string]lit) map[string]lit {
	args := map[string]lit{}
	end := closing(toks, c.open)
	for _, a := range split(toks[c.open+1:end], ",") {
		switch {
		case len(a) >= 2 && a[0].kind == tName && isOp(a[1], "="):
			args[a[0].text] = eval(a[2:], env, 0)
		case len(a) >= 2 && isOp(a[0], "**"):
			if d := eval(a[1:], env, 0); d.kind == litDict {
				for i, k := range d.keys {
					if k.kind == litStr {
						args[k.str] = d.vals[i]
					}
				}
			}
		}
	}
	return args
}

// assignments evaluates top-level "NAME = literal" (and "NAME += literal")
// statements in order; a name later bound to something unknown is dropped.
func assignments(toks []token) map[string]lit {
	env := map[string]lit{}
	for i := 0; i+2 < len(toks); i++ {
		t := toks[i]
		if t.kind != tName || t.col != 0 || !isStmtStart(toks, i) {
			continue
		}
		op := toks[i+1]
		if !isOp(op, "=") && !isOp(op, "+=") {
			continue
		}
		end := i + 2
		for end < len(toks) && toks[end].kind != tNewline {
			end++
		}
		v := eval(toks[i+2:end], env, 0)
		if isOp(op, "+=") {
			v = add(env[t.text], v)
		}
		if v.kind == litOther {
			delete(env, t.text)
		} else {
			env[t.text] = v
		}
		i = end - 1
	}
	return env
}

// add returns a + b for strings and lists, litOther otherwise.
func add(a, b lit) lit {
	switch {
	case a.kind == litStr && b.kind == litStr:
		return lit{kind: litStr, line: a.line, str: a.str + b.str}
	case a.kind == litList && b.kind == litList:
		items := append(append([]lit(nil), a.items...), b.items...)
		return lit{kind: litList, line: a.line, items: items}
	}
	return lit{line: a.line}
}

// eval evaluates an expression's tokens to a literal.
func eval(toks []token, env map[string]lit, depth int) lit {
	if len(toks) == 0 || depth > maxEvalDepth {
		return lit{}
	}
	terms := split(toks, "+")
	v := term(terms[0], env, depth)
	for _, t := range terms[1:] {
		v = add(v, term(t, env, depth))
	}
	return v
}

// term evaluates an operand of '+'.
func term(toks []token, env map[string]lit, depth int) lit {
	if len(toks) == 0 {
		return lit{}
	}
	first := toks[0]
	v := lit{line: first.line}
	last := len(toks) - 1
	switch {
	case first.kind == tString:
		var b strings.Builder
		for _, t := range toks {
			if t.kind != tString || !t.literal || t.bytes {
				return v
			}
			b.WriteString(t.text)
		}
		return lit{kind: litStr, line: first.line, str: b.String()}
	case first.kind == tName && last == 0:
		if known, ok := env[first.text]; ok {
			return known
		}
		return v
	case first.kind == tName && first.text == "dict" && len(toks) > 2 && isOp(toks[1], "(") && closing(toks, 1) == last:
		v.kind = litDict
		for _, a := range split(toks[2:last], ",") {
			if len(a) == 0 {
				continue
			}
			if len(a) < 3 || a[0].kind != tName || !isOp(a[1], "=") {
				return lit{line: first.line}
			}
			v.keys = append(v.keys, lit{kind: litStr, line: a[0].line, str: a[0].text})
			v.vals = append(v.vals, eval(a[2:], env, depth+1))
		}
		return v
	case first.kind != tOp || closing(toks, 0) != last:
		return v
	}
	inner := toks[1:last]
	for _, t := range inner {
		if t.kind == tName && (t.text == "for" || t.text == "lambda") {
			return v // comprehension or worse
		}
	}
	parts := split(inner, ",")
	if len(parts[len(parts)-1]) == 0 {
		parts = parts[:len(parts)-1] // trailing comma
	}
	switch first.text {
	case "(":
		if len(parts) == 1 && len(inner) > 0 && !isOp(inner[len(inner)-1], ",") {
			return eval(inner, env, depth+1)
		}
		fallthrough
	case "[":
		v.kind = litList
		for _, p := range parts {
			v.items = append(v.items, eval(p, env, depth+1))
		}
	case "{":
		v.kind = litDict
		for _, p := range parts {
			kv := split(p, ":")
			if len(kv) != 2 {
				// A set, or a **spread: not a dict we can read.
				return lit{line: first.line}
			}
			v.keys = append(v.keys, eval(kv[0], env, depth+1))
			v.vals = append(v.vals, eval(kv[1], env, depth+1))
		}
	}
	return v
}
