package python

import (
	"bytes"
	"hash/maphash"
	"slices"
	"unicode/utf8"

	"github.com/pysurvey/pysurvey/extractors/python/pytoken"
	"github.com/pysurvey/pysurvey/schema"
)

// maxLineTokens bounds the tokens buffered for one logical line. Longer
// lines are still scanned for calls and counts, but their statement-level
// facts (imports, decorators, bases, exports, init params) are skipped.
const maxLineTokens = 1 << 18

// Symbol kinds.
const (
	KindDecorator = "decorator"
	KindBase      = "base"
	KindCall      = "call"
	KindExport    = "export"
	KindInitParam = "init_param"
)

type frameKind uint8

const (
	frameModule frameKind = iota
	frameDef
	frameClass
	frameTry
	frameMatch
	frameOther
)

// frame is an open block: the module, or the body of a compound statement.
type frame struct {
	kind         frameKind
	nameOff      int // def or class name: its offsets in the source
	nameEnd      int
	inFunc       bool
	inClass      bool
	inTry        bool
	typeChecking bool
	lastTry      bool // the last statement of this block was a try-statement clause
	// Optional imports: guard is the innermost try statement whose body
	// holds the block, as 1 + an index in recognizer.tries (0: none);
	// suppress, a with statement suppressing ImportError holds it. Both
	// are reset in a def, whose body runs when called, not where it stands.
	guard    int32
	suppress bool
	lastTryN int32 // the try statement lastTry refers to (as guard)
	// class is the qualified name of the innermost class whose body holds
	// the block (empty outside classes): the owner of its calls.
	class text
}

// tryGuard is a try statement seen in the file: its enclosing guard (see
// frame.guard) and whether a handler catches ImportError. Handlers come
// after the body, so an import's optional flag is settled in rows.
type tryGuard struct {
	parent  int32
	catches bool
}

// open is an open bracket seen while streaming a line.
type open struct {
	idx      int   // index in the line
	line     int32 // its line
	grouping bool  // a '(' that groups an expression (not a call)
}

type decorator struct {
	name text // empty when not a dotted name
	line int32
}

// text is a string of the facts being collected: a span of
// recognizer.text. All the strings of a file's facts are made with one
// allocation when the file is done (see rows).
type text struct{ off, end int32 }

func (t text) empty() bool { return t.end == t.off }

// symRow is a schema.Symbol being collected.
type symRow struct {
	line        int32
	kind        string
	name, owner text
}

// impRow is a schema.Import being collected.
type impRow struct {
	line                int32
	level               int32
	kind                string
	module, name, alias text
	inFunc, inClass     bool
	inTry, typeChecking bool
	guard               int32 // frame.guard where the import stands
	suppressed          bool  // frame.suppress where the import stands
}

// callSlot is an entry of the open-addressing set of callees seen.
type callSlot struct {
	hash uint64
	key  text // the callee's bytes as scanned
	used bool
}

// recognizer walks the tokens of one file and collects its facts. It is
// reused across files; reset prepares it for the next.
type recognizer struct {
	sc  pytoken.Scanner
	src []byte

	line     []pytoken.Token // significant tokens of the current logical line
	overflow bool
	frames   []frame
	tries    []tryGuard
	pending  frame // the block a header just opened, pushed at INDENT
	hasPend  bool
	decos    []decorator
	buf      []byte // scratch

	// Streaming state for calls and keywords.
	prevKind    pytoken.Kind // kind of the previous significant token
	prevOp      pytoken.Op   // its operator, for an OP
	prevName    bool         // prev is a NAME that is not a hard keyword
	prevSoft    bool         // prev is a soft keyword (match, case, type)
	prevAsync   bool
	prevDefCls  bool   // prev is the keyword def or class
	prevEnd     int    // source offset just past the previous token
	chain       []byte // the chain's text when copied
	chainFrom   int    // else its span in the source
	chainTo     int
	chainCopied bool
	chainLine   int32
	chainValid  bool
	chainName   bool // prev is a NAME that ends a valid chain
	dotOnChain  bool // prev is a '.' right after a valid chain
	chainFirst  bool // the chain starts the logical line
	chainStart  int  // index in the line of the chain's first token
	ntok        int  // significant tokens seen in the line
	semiLine    bool // semi, for the line being recognized
	allLine     bool // hasAll, for the line being recognized
	semi        bool // the line has a ';' outside brackets
	hasAll      bool // the line has the name __all__
	opens       []open
	caseMode    bool // in a case pattern: no calls until a guard or ':'
	matchCall   bool // a call to 'match' starts the line (maybe a match statement)
	matchLine   int32
	exportsDone bool
	// A class statement with its body on the same line (class A: x = f()):
	// the class's name, then, past the header's colon, its qualified name,
	// the owner of the calls in the rest of the line.
	lineClass     bool
	lineClassName []byte
	lineOwner     text
	lineOwnerSet  bool
	callKey       []byte // scratch: a callee and its owner

	// Facts being collected, their strings in text; they become schema
	// rows in rows.
	text   []byte
	syms   []symRow
	imps   []impRow
	calls  []callSlot // a set of callees; len is 0 or a power of 2
	ncalls int
	seed   maphash.Seed
	counts schema.PythonCounts
}

func (r *recognizer) reset(src []byte) {
	r.sc.Init(src)
	r.src = r.sc.Source()
	r.line = r.line[:0]
	if cap(r.line) > 1<<14 {
		r.line = nil // do not keep a huge buffer around
	}
	r.overflow = false
	r.frames = append(r.frames[:0], frame{kind: frameModule})
	r.tries = r.tries[:0]
	r.hasPend = false
	r.decos = r.decos[:0]
	r.resetStream()
	r.exportsDone = false
	// Do not keep the buffers of a huge file around.
	if cap(r.text) > 1<<20 {
		r.text = nil
	}
	if cap(r.syms) > 1<<14 {
		r.syms = nil
	}
	if cap(r.imps) > 1<<14 {
		r.imps = nil
	}
	if len(r.calls) > 1<<12 {
		r.calls = nil
	}
	if cap(r.callKey) > 1<<12 {
		r.callKey = nil
	}
	r.text, r.syms, r.imps = r.text[:0], r.syms[:0], r.imps[:0]
	clear(r.calls)
	r.ncalls = 0
	r.counts = schema.PythonCounts{ParseStatus: "ok"}
}

// rows returns the facts collected as schema rows (nil when none), making
// all their strings with one allocation.
func (r *recognizer) rows() ([]schema.Import, []schema.Symbol) {
	all := string(r.text)
	str := func(t text) string { return all[t.off:t.end] }
	var imports []schema.Import
	if len(r.imps) > 0 {
		imports = make([]schema.Import, len(r.imps))
		for i, m := range r.imps {
			imports[i] = schema.Import{
				Line: m.line, Kind: m.kind, Level: m.level, Module: str(m.module), Name: str(m.name), Alias: str(m.alias),
				InFunction: m.inFunc, InClass: m.inClass, InTry: m.inTry, TypeCheckingOnly: m.typeChecking,
				Optional: r.optional(m),
			}
		}
	}
	var symbols []schema.Symbol
	if len(r.syms) > 0 {
		symbols = make([]schema.Symbol, len(r.syms))
		for i, s := range r.syms {
			symbols[i] = schema.Symbol{Line: s.line, Kind: s.kind, Name: str(s.name), Owner: str(s.owner)}
		}
	}
	return imports, symbols
}

// optional tells whether an import is guarded: a with statement
// suppressing ImportError, or a try statement with a handler catching it,
// holds it (between it and its def, if any).
func (r *recognizer) optional(m impRow) bool {
	if m.suppressed {
		return true
	}
	for g := m.guard; g > 0; g = r.tries[g-1].parent {
		if r.tries[g-1].catches {
			return true
		}
	}
	return false
}

// addText appends b to r.text.
func (r *recognizer) addText(b []byte) text {
	off := len(r.text)
	r.text = append(r.text, b...)
	return text{int32(off), int32(len(r.text))}
}

// addValid appends b to r.text, replacing invalid UTF-8 (possible with
// undecoded legacy encodings).
func (r *recognizer) addValid(b []byte) text {
	if utf8.Valid(b) {
		return r.addText(b)
	}
	off := len(r.text)
	r.text = append(r.text, string([]rune(string(b)))...)
	return text{int32(off), int32(len(r.text))}
}

// validFrom replaces invalid UTF-8 in r.text[off:] and returns that text.
func (r *recognizer) validFrom(off int) text {
	if !utf8.Valid(r.text[off:]) {
		s := string([]rune(string(r.text[off:])))
		r.text = append(r.text[:off], s...)
	}
	return text{int32(off), int32(len(r.text))}
}

func (r *recognizer) resetStream() {
	r.prevKind, r.prevOp = pytoken.EOF, 0
	r.semi, r.hasAll = false, false
	r.prevName, r.prevSoft, r.prevAsync, r.prevDefCls = false, false, false, false
	r.chainValid, r.chainName, r.dotOnChain = false, false, false
	r.ntok = 0
	r.opens = r.opens[:0]
	r.caseMode = false
	r.matchCall = false
	r.lineClass, r.lineClassName, r.lineOwnerSet = false, nil, false
}

func (r *recognizer) word(t pytoken.Token) []byte { return r.src[t.Off:t.End] }

func (r *recognizer) top() *frame { return &r.frames[len(r.frames)-1] }

// run scans the whole source.
func (r *recognizer) run() {
	// line is r.line, kept in a local variable for speed; r.line is
	// updated for endLine.
	line := r.line
	for {
		// Scan into the line buffer's next slot: a token kept in the
		// line is then not copied, and one that is not (a layout token,
		// or past maxLineTokens) is left beyond the line's length.
		n := len(line)
		if n == cap(line) {
			line = slices.Grow(line, 1)
		}
		t := &line[:n+1][n]
		r.sc.Scan(t)
		switch t.Kind {
		case pytoken.EOF:
			r.line = line
			if err := r.sc.Err(); err != nil {
				r.counts.ParseStatus = "error: " + err.Error()
			}
			return
		case pytoken.ERROR:
			r.line = line
			r.counts.ParseStatus = "error: " + r.sc.Err().Error()
			return
		case pytoken.COMMENT, pytoken.NL:
			continue
		case pytoken.INDENT:
			if r.hasPend {
				r.frames = append(r.frames, r.pending)
				r.hasPend = false
			} else {
				p := r.top()
				r.frames = append(r.frames, frame{kind: frameOther, inFunc: p.inFunc, inClass: p.inClass, inTry: p.inTry, typeChecking: p.typeChecking,
					guard: p.guard, suppress: p.suppress, class: p.class})
			}
			continue
		case pytoken.DEDENT:
			if len(r.frames) > 1 {
				r.frames = r.frames[:len(r.frames)-1]
			}
			continue
		case pytoken.NEWLINE:
			r.line = line
			r.endLine()
			line = r.line
			continue
		}
		if n == 0 && !r.overflow {
			r.startLine(t)
		}
		if !r.stream(t) {
			r.line = line
			return
		}
		if n < maxLineTokens {
			line = line[:n+1]
		} else {
			r.overflow = true
		}
	}
}

func (r *recognizer) startLine(t *pytoken.Token) {
	r.hasPend = false
	r.caseMode = r.top().kind == frameMatch && t.Kind == pytoken.NAME && string(r.src[t.Off:t.End]) == "case"
	r.lineClass = t.Kind == pytoken.NAME && string(r.src[t.Off:t.End]) == "class"
}

// stream handles one significant token as it is scanned: keyword counts,
// calls, and the Python 2 check. It returns false to stop the scan.
func (r *recognizer) stream(t *pytoken.Token) bool {
	name, soft, async, defCls := false, false, false, false
	chainName, dotOnChain := false, false
	switch t.Kind {
	case pytoken.NAME:
		c := classify(r.src[t.Off:t.End])
		if c.hard() {
			switch c {
			case wordAwait:
				r.counts.Awaits++
			case wordAsync:
				async = true
			case wordDef:
				if r.prevAsync {
					r.counts.AsyncFunctions++
				} else {
					r.counts.Functions++
				}
				defCls = true
			case wordClass:
				r.counts.Classes++
				defCls = true
			case wordFor:
				if r.prevAsync {
					r.counts.AsyncFor++
				}
			case wordWith:
				if r.prevAsync {
					r.counts.AsyncWith++
				}
			case wordIf:
				if len(r.opens) == 0 {
					r.caseMode = false
				}
			}
			break
		}
		if r.prevName && !r.prevSoft {
			return r.syntaxError(t)
		}
		name = true
		soft = c.soft()
		if c == wordAll {
			r.hasAll = true
		}
		switch {
		case r.prevKind == pytoken.OP && r.prevOp == '.':
			if r.dotOnChain {
				// The chain is a span of the source while it is written
				// without blanks; else it is copied to r.chain.
				if !r.chainCopied && r.prevEnd-1 == r.chainTo && t.Off == r.prevEnd {
					r.chainTo = t.End
				} else {
					if !r.chainCopied {
						r.chain = append(r.chain[:0], r.src[r.chainFrom:r.chainTo]...)
						r.chainCopied = true
					}
					r.chain = append(append(r.chain, '.'), r.src[t.Off:t.End]...)
				}
				chainName = true
			}
		case r.prevDefCls:
			if r.lineClass && r.ntok == 1 {
				r.lineClassName = r.src[t.Off:t.End]
			}
		default:
			r.chainFrom, r.chainTo, r.chainCopied = t.Off, t.End, false
			r.chainLine = t.Line
			r.chainFirst = r.ntok == 0
			r.chainStart = r.ntok
			chainName = true
		}
	case pytoken.OP:
		switch t.Op {
		case '.':
			dotOnChain = r.chainName
		case '(':
			if r.chainName && !r.caseMode {
				if chain := r.chainText(); r.chainFirst && string(chain) == "match" {
					r.matchCall, r.matchLine = true, r.chainLine
				} else {
					r.addCall(chain, r.chainLine)
				}
			}
			grouping := r.ntok == 0 || r.prevKind == pytoken.OP && r.prevOp != ')' && r.prevOp != ']' && r.prevOp != '}' ||
				r.prevKind == pytoken.NAME && !r.prevName
			r.opens = append(r.opens, open{idx: r.ntok, line: t.Line, grouping: grouping})
		case '[', '{':
			r.opens = append(r.opens, open{idx: r.ntok, line: t.Line})
		case ')', ']', '}':
			if n := len(r.opens); n > 0 {
				o := r.opens[n-1]
				r.opens = r.opens[:n-1]
				// (a.b) is still the chain a.b, starting at the '('.
				if o.grouping && r.chainName && r.chainStart == o.idx+1 {
					chainName = true
					r.chainStart, r.chainLine, r.chainFirst = o.idx, o.line, false
				}
			}
		case ':':
			if len(r.opens) == 0 {
				r.caseMode = false
				if r.lineClass && !r.lineOwnerSet && r.lineClassName != nil {
					r.lineOwner, r.lineOwnerSet = r.qualname(r.lineClassName), true
				}
			}
		case ';':
			if len(r.opens) == 0 {
				r.semi = true
			}
		}
	case pytoken.STRING, pytoken.NUMBER, pytoken.FSTRING_START:
		if r.prevName && !r.prevSoft {
			return r.syntaxError(t)
		}
	}
	r.ntok++
	r.prevKind, r.prevOp, r.prevEnd = t.Kind, t.Op, t.End
	r.prevName, r.prevSoft, r.prevAsync, r.prevDefCls = name, soft, async, defCls
	r.chainName, r.dotOnChain = chainName, dotOnChain
	return true
}

// chainText returns the text of the current chain.
func (r *recognizer) chainText() []byte {
	if r.chainCopied {
		return r.chain
	}
	return r.src[r.chainFrom:r.chainTo]
}

func (r *recognizer) syntaxError(t *pytoken.Token) bool {
	r.counts.ParseStatus = "error: invalid syntax (line " + itoa(int(t.Line)) + ")"
	return false
}

// addCall records a callee the first time it is seen in the file with
// its owner, the innermost class whose body holds the call.
func (r *recognizer) addCall(name []byte, line int32) {
	if 2*(r.ncalls+1) > len(r.calls) {
		r.growCalls()
	}
	owner := r.top().class
	if r.lineOwnerSet {
		owner = r.lineOwner
	}
	// The set's key: the callee, a NUL (no name holds one) and the owner.
	r.callKey = append(append(append(r.callKey[:0], name...), 0), r.text[owner.off:owner.end]...)
	h := maphash.Bytes(r.seed, r.callKey)
	mask := uint64(len(r.calls) - 1)
	i := h & mask
	for ; r.calls[i].used; i = (i + 1) & mask {
		if c := r.calls[i]; c.hash == h && bytes.Equal(r.text[c.key.off:c.key.end], r.callKey) {
			return
		}
	}
	key := r.addText(r.callKey)
	r.calls[i] = callSlot{hash: h, key: key, used: true}
	r.ncalls++
	s := text{key.off, key.off + int32(len(name))}
	if !utf8.Valid(name) {
		s = r.addValid(name)
	}
	r.syms = append(r.syms, symRow{line: line, kind: KindCall, name: s, owner: owner})
}

// growCalls doubles the callee set.
func (r *recognizer) growCalls() {
	if len(r.calls) == 0 {
		if r.seed == (maphash.Seed{}) {
			r.seed = maphash.MakeSeed()
		}
		r.calls = make([]callSlot, 64)
		return
	}
	old := r.calls
	r.calls = make([]callSlot, 2*len(old))
	mask := uint64(len(r.calls) - 1)
	for _, c := range old {
		if c.used {
			i := c.hash & mask
			for r.calls[i].used {
				i = (i + 1) & mask
			}
			r.calls[i] = c
		}
	}
}

// endLine recognizes the statement(s) of a complete logical line.
func (r *recognizer) endLine() {
	toks := r.line
	overflow := r.overflow
	matchCall, matchLine := r.matchCall, r.matchLine
	r.semiLine, r.allLine = r.semi, r.hasAll
	r.line = r.line[:0]
	r.overflow = false
	r.resetStream()
	if len(toks) == 0 {
		return
	}
	if r.statements(toks, overflow) || !matchCall {
		return
	}
	r.addCall([]byte("match"), matchLine)
}

// statements recognizes the statements of a logical line, reporting
// whether it is a match statement.
func (r *recognizer) statements(toks []pytoken.Token, overflow bool) (isMatch bool) {
	if overflow {
		r.decos = r.decos[:0]
		r.top().lastTry = false
		return
	}
	t0 := toks[0]
	if t0.Is('@') {
		r.decorator(toks)
		return
	}
	if t0.Kind == pytoken.NAME {
		switch classify(r.word(t0)) {
		case wordDef, wordClass, wordAsync, wordIf, wordElif, wordElse, wordTry, wordExcept, wordFinally, wordWhile, wordFor, wordWith:
			r.header(toks)
			return
		case wordMatch:
			if len(toks) > 2 && toks[len(toks)-1].Is(':') && !isAssignOp(toks[1]) {
				r.header(toks)
				return true
			}
		case wordCase:
			if r.top().kind == frameMatch {
				r.header(toks)
				return
			}
		}
	}
	r.decos = r.decos[:0]
	r.top().lastTry = false
	r.simple(toks)
	return false
}

func isAssignOp(t pytoken.Token) bool {
	return t.Kind == pytoken.OP && (t.Op == '=' || t.Op == '.' || t.Op == ':' || t.Op == ',' || t.Op.IsAugAssign())
}

// headerColon returns the index of the ':' ending a compound statement's
// header, or -1.
func (r *recognizer) headerColon(toks []pytoken.Token) int {
	depth, lambdas := 0, 0
	for i, t := range toks {
		switch t.Kind {
		case pytoken.OP:
			switch t.Op {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
			case ':':
				if depth == 0 {
					if lambdas == 0 {
						return i
					}
					lambdas--
				}
			}
		case pytoken.NAME:
			if depth == 0 && string(r.word(t)) == "lambda" {
				lambdas++
			}
		}
	}
	return -1
}

// header handles a compound statement's header line, and its body when
// it stands on the same line.
func (r *recognizer) header(toks []pytoken.Token) {
	colon := r.headerColon(toks)
	if colon < 0 {
		r.decos = r.decos[:0]
		r.top().lastTry = false
		return
	}
	cur := r.top()
	body := frame{kind: frameOther, inFunc: cur.inFunc, inClass: cur.inClass, inTry: cur.inTry, typeChecking: cur.typeChecking,
		guard: cur.guard, suppress: cur.suppress, class: cur.class}
	kw := classify(r.word(toks[0]))
	i := 0
	if kw == wordAsync && len(toks) > 1 {
		i = 1
		kw = classify(r.word(toks[1]))
	}
	switch kw {
	case wordDef, wordClass:
		if i+1 < len(toks) && toks[i+1].Kind == pytoken.NAME {
			nameTok := toks[i+1]
			var owner text
			if len(r.decos) > 0 || kw == wordClass {
				owner = r.qualname(r.word(nameTok))
			}
			for _, d := range r.decos {
				if !d.name.empty() {
					r.syms = append(r.syms, symRow{line: d.line, kind: KindDecorator, name: d.name, owner: owner})
				}
			}
			body.nameOff, body.nameEnd = nameTok.Off, nameTok.End
			if kw == wordClass {
				body.kind = frameClass
				body.inClass = true
				body.class = owner
				r.bases(toks[i+2:colon], owner)
			} else {
				body.kind = frameDef
				body.inFunc = true
				body.guard, body.suppress = 0, false
				if cur.kind == frameClass && string(r.word(nameTok)) == "__init__" {
					r.initParams(toks[i+2:colon], r.qualname(nil))
				}
			}
		}
		cur.lastTry = false
	case wordTry:
		body.kind = frameTry
		body.inTry = true
		r.tries = append(r.tries, tryGuard{parent: cur.guard})
		body.guard = int32(len(r.tries))
		cur.lastTry, cur.lastTryN = true, body.guard
	case wordExcept, wordFinally:
		body.kind = frameTry
		body.inTry = true
		if kw == wordExcept && cur.lastTry && cur.lastTryN > 0 && r.catchesImportError(toks[i+1:colon]) {
			r.tries[cur.lastTryN-1].catches = true
		}
		cur.lastTry = true
	case wordElse:
		if cur.lastTry {
			body.kind = frameTry
			body.inTry = true
		}
	case wordIf, wordElif:
		if r.isTypeChecking(toks[1:colon]) {
			body.typeChecking = true
		}
		cur.lastTry = false
	case wordMatch:
		body.kind = frameMatch
		cur.lastTry = false
	case wordWith:
		if r.suppressesImportError(toks[i+1 : colon]) {
			body.suppress = true
		}
		cur.lastTry = false
	default:
		cur.lastTry = false
	}
	r.decos = r.decos[:0]
	if colon+1 < len(toks) {
		r.frames = append(r.frames, body)
		r.simple(toks[colon+1:])
		r.frames = r.frames[:len(r.frames)-1]
		return
	}
	r.pending, r.hasPend = body, true
}

// qualname returns the qualified name of name defined in the current
// block, without <locals>; with no name that of the enclosing def/class.
func (r *recognizer) qualname(name []byte) text {
	off := len(r.text)
	b := r.text
	for _, f := range r.frames {
		if f.kind == frameDef || f.kind == frameClass {
			if len(b) > off {
				b = append(b, '.')
			}
			b = append(b, r.src[f.nameOff:f.nameEnd]...)
		}
	}
	if len(name) > 0 {
		if len(b) > off {
			b = append(b, '.')
		}
		b = append(b, name...)
	}
	r.text = b
	return text{int32(off), int32(len(b))}
}

// catchesImportError tells whether an except clause, given the tokens
// between 'except' and its ':', catches ImportError: a bare except, or a
// type (alone, in a tuple, or in a list without brackets as Python 3.14
// allows) that is a dotted name ending in ImportError,
// ModuleNotFoundError, Exception or BaseException.
func (r *recognizer) catchesImportError(toks []pytoken.Token) bool {
	if len(toks) > 0 && toks[0].Is('*') { // except* (a try* statement)
		toks = toks[1:]
	}
	for j, t := range toks {
		if t.Kind == pytoken.NAME && string(r.word(t)) == "as" {
			toks = toks[:j]
			break
		}
	}
	if len(toks) == 0 {
		return true
	}
	return r.namesImportError(toks)
}

// namesImportError tells whether an expression is a dotted name of an
// exception class catching ImportError, or a tuple (or bare comma list)
// holding one.
func (r *recognizer) namesImportError(toks []pytoken.Token) bool {
	for len(toks) > 2 && toks[0].Is('(') && groupEnd(toks, 0) == len(toks) {
		toks = toks[1 : len(toks)-1]
	}
	found := false
	r.args(toks, func(e []pytoken.Token) {
		if found {
			return
		}
		if len(e) > 2 && e[0].Is('(') && groupEnd(e, 0) == len(e) {
			found = r.namesImportError(e)
			return
		}
		if end, ok := r.chainEnd(e, 0); ok && end == len(e) {
			found = catchesImport(r.word(e[end-1]))
		}
	})
	return found
}

// catchesImport tells whether an exception class name catches ImportError.
func catchesImport(name []byte) bool {
	switch string(name) {
	case "ImportError", "ModuleNotFoundError", "Exception", "BaseException":
		return true
	}
	return false
}

// suppressesImportError tells whether a with statement, given the tokens
// between 'with' and its ':', has an item suppress(...) (contextlib's, by
// any dotted name ending in suppress) one of whose arguments is a dotted
// name catching ImportError.
func (r *recognizer) suppressesImportError(toks []pytoken.Token) bool {
	// with (a as b, c): parenthesized items.
	if len(toks) > 2 && toks[0].Is('(') && groupEnd(toks, 0) == len(toks) {
		toks = toks[1 : len(toks)-1]
	}
	found := false
	r.args(toks, func(item []pytoken.Token) {
		if found {
			return
		}
		for j, t := range item {
			if t.Kind == pytoken.NAME && string(r.word(t)) == "as" {
				item = item[:j]
				break
			}
		}
		end, ok := r.chainEnd(item, 0)
		if !ok || string(r.word(item[end-1])) != "suppress" || end >= len(item) || !item[end].Is('(') || groupEnd(item, end) != len(item) {
			return
		}
		r.args(item[end+1:len(item)-1], func(a []pytoken.Token) {
			if e, ok := r.chainEnd(a, 0); !found && ok && e == len(a) {
				found = catchesImport(r.word(a[e-1]))
			}
		})
	})
	return found
}

func (r *recognizer) isTypeChecking(toks []pytoken.Token) bool {
	end, ok := r.chainEnd(toks, 0)
	return ok && end == len(toks) && string(r.word(toks[end-1])) == "TYPE_CHECKING"
}

// chainEnd returns the index just past a dotted name NAME(.NAME)* that
// starts at i, and whether there is one.
func (r *recognizer) chainEnd(toks []pytoken.Token, i int) (int, bool) {
	if i >= len(toks) || toks[i].Kind != pytoken.NAME || isKeyword(r.word(toks[i])) {
		return i, false
	}
	i++
	for i+1 < len(toks) && toks[i].Is('.') && toks[i+1].Kind == pytoken.NAME && !isKeyword(r.word(toks[i+1])) {
		i += 2
	}
	return i, true
}

// dotted returns the dotted name of toks (a chain), without blanks.
func (r *recognizer) dotted(toks []pytoken.Token) text {
	off := len(r.text)
	for _, t := range toks {
		r.text = append(r.text, r.word(t)...)
	}
	return r.validFrom(off)
}

// groupEnd returns the index just past the bracket group opened at i.
func groupEnd(toks []pytoken.Token, i int) int {
	depth := 0
	for ; i < len(toks); i++ {
		if toks[i].Kind != pytoken.OP {
			continue
		}
		switch toks[i].Op {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(toks)
}

// unwrapped returns the dotted name of an expression written as
// chain [ '[' ... ']' ] [ '(' ... ')' ] filling toks, or an empty text.
func (r *recognizer) unwrapped(toks []pytoken.Token) text {
	end, ok := r.chainEnd(toks, 0)
	if !ok {
		return text{}
	}
	i := end
	if i < len(toks) && toks[i].Is('[') {
		i = groupEnd(toks, i)
	}
	if i < len(toks) && toks[i].Is('(') {
		i = groupEnd(toks, i)
	}
	if i != len(toks) {
		return text{}
	}
	return r.dotted(toks[:end])
}

func (r *recognizer) decorator(toks []pytoken.Token) {
	expr := toks[1:]
	// Parentheses around the whole expression make no node: @(a.b).
	for len(expr) > 2 && expr[0].Is('(') && groupEnd(expr, 0) == len(expr) && !hasTopComma(expr[1:len(expr)-1]) {
		expr = expr[1 : len(expr)-1]
	}
	if len(expr) == 0 {
		return
	}
	r.decos = append(r.decos, decorator{name: r.unwrapped(expr), line: expr[0].Line})
}

// args splits the contents of a bracket group at its top-level commas,
// calling f for each non-empty argument. Commas of lambda parameters do
// not split.
func (r *recognizer) args(toks []pytoken.Token, f func([]pytoken.Token)) {
	depth, lambdas, start := 0, 0, 0
	for i, t := range toks {
		switch t.Kind {
		case pytoken.OP:
			switch t.Op {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
			case ':':
				if depth == 0 && lambdas > 0 {
					lambdas--
				}
			case ',':
				if depth == 0 && lambdas == 0 {
					if i > start {
						f(toks[start:i])
					}
					start = i + 1
				}
			}
		case pytoken.NAME:
			if depth == 0 && string(r.word(t)) == "lambda" {
				lambdas++
			}
		}
	}
	if len(toks) > start {
		f(toks[start:])
	}
}

// argList returns the tokens inside the parentheses of a def or class
// header's tail (after the name), skipping type parameters; nil when there
// are none.
func argList(toks []pytoken.Token) []pytoken.Token {
	i := 0
	if i < len(toks) && toks[i].Is('[') {
		i = groupEnd(toks, i)
	}
	if i >= len(toks) || !toks[i].Is('(') {
		return nil
	}
	return toks[i+1 : groupEnd(toks, i)-1]
}

// bases records the dotted positional bases of a class header's tail
// (after the class name: optional type parameters, then the arguments).
func (r *recognizer) bases(toks []pytoken.Token, owner text) {
	r.args(argList(toks), func(a []pytoken.Token) {
		if a[0].Kind == pytoken.OP || len(a) > 1 && a[1].Is('=') {
			return // *args, **kwargs, keyword=value
		}
		if name := r.unwrapped(a); !name.empty() {
			r.syms = append(r.syms, symRow{line: a[0].Line, kind: KindBase, name: name, owner: owner})
		}
	})
}

// initParams records the annotated parameters of an __init__ header's
// tail (after the name).
func (r *recognizer) initParams(toks []pytoken.Token, owner text) {
	r.args(argList(toks), func(p []pytoken.Token) {
		for len(p) > 0 && (p[0].Is('*') || p[0].Is(pytoken.OpPower)) {
			p = p[1:]
		}
		if len(p) < 3 || p[0].Kind != pytoken.NAME || !p[1].Is(':') {
			return
		}
		if n := string(r.word(p[0])); n == "self" || n == "cls" {
			return
		}
		ann := p[2:]
		for j := 0; j < len(ann); j++ {
			switch {
			case ann[j].Is('(') || ann[j].Is('[') || ann[j].Is('{'):
				j = groupEnd(ann, j) - 1 // a keyword's = inside a call is no default
			case ann[j].Is('='):
				ann = ann[:j]
			}
		}
		if name := r.annotationName(ann); !name.empty() {
			r.syms = append(r.syms, symRow{line: p[0].Line, kind: KindInitParam, name: name, owner: owner})
		}
	})
}

// annotationName returns a dotted annotation, or the dotted name inside a
// string annotation, or that of the class an optional, type or annotated
// annotation wraps (Optional[A], Type[A], type[A], A | None, None | A,
// Union[A, None], Union[None, A], Annotated[A, ...]), or the generic class
// of any other subscript (Repository[User] gives Repository), or an empty
// text.
func (r *recognizer) annotationName(ann []pytoken.Token) text {
	if len(ann) == 0 {
		return text{}
	}
	if ann[0].Is('(') && groupEnd(ann, 0) == len(ann) && ann[len(ann)-1].Is(')') {
		return r.annotationName(ann[1 : len(ann)-1]) // (A): parentheses only group
	}
	end, ok := r.chainEnd(ann, 0)
	if ok && end == len(ann) {
		return r.dotted(ann)
	}
	if ok && end < len(ann) && ann[end].Is('[') && groupEnd(ann, end) == len(ann) && ann[len(ann)-1].Is(']') {
		inner := ann[end+1 : len(ann)-1]
		switch string(r.word(ann[end-1])) {
		case "Optional", "Type", "type":
			return r.annotationName(inner)
		case "Annotated":
			if elts := r.elements(inner); len(elts) > 0 {
				return r.annotationName(elts[0])
			}
			return text{}
		case "Union":
			if elts := r.elements(inner); len(elts) == 2 {
				switch a, b := r.isNone(elts[0]), r.isNone(elts[1]); {
				case b && !a:
					return r.annotationName(elts[0])
				case a && !b:
					return r.annotationName(elts[1])
				}
			}
			return text{}
		}
		return r.dotted(ann[:end])
	}
	if inner, ok := r.withoutNone(ann); ok {
		return r.annotationName(inner)
	}
	s, ok := r.strings(ann)
	if !ok || !isDottedName(s) {
		return text{}
	}
	return r.addValid(s)
}

// withoutNone returns the other side of a union with None at the top
// level of toks (A | None, None | A).
func (r *recognizer) withoutNone(toks []pytoken.Token) ([]pytoken.Token, bool) {
	depth, bar := 0, -1
	for i, t := range toks {
		if t.Kind != pytoken.OP {
			continue
		}
		switch {
		case t.Op == '(' || t.Op == '[' || t.Op == '{':
			depth++
		case t.Op == ')' || t.Op == ']' || t.Op == '}':
			depth--
		case t.Op == '|' && depth == 0:
			if bar >= 0 {
				return nil, false // A | B | None: no one class
			}
			bar = i
		}
	}
	if bar <= 0 || bar == len(toks)-1 {
		return nil, false
	}
	switch left, right := toks[:bar], toks[bar+1:]; {
	case r.isNone(right) && !r.isNone(left):
		return left, true
	case r.isNone(left) && !r.isNone(right):
		return right, true
	}
	return nil, false
}

// isNone reports whether toks are the name None alone.
func (r *recognizer) isNone(toks []pytoken.Token) bool {
	return len(toks) == 1 && toks[0].Kind == pytoken.NAME && string(r.word(toks[0])) == "None"
}

// elements returns the elements of a subscript's contents as Python reads
// them: split at top-level commas, or, when one parenthesized tuple fills
// them (X[(a, b)]), at that tuple's commas.
func (r *recognizer) elements(toks []pytoken.Token) [][]pytoken.Token {
	var elts [][]pytoken.Token
	r.args(toks, func(e []pytoken.Token) { elts = append(elts, e) })
	if len(elts) == 1 && len(toks) > 2 && toks[0].Is('(') && groupEnd(toks, 0) == len(toks) && hasTopComma(toks[1:len(toks)-1]) {
		elts = nil
		r.args(toks[1:len(toks)-1], func(e []pytoken.Token) { elts = append(elts, e) })
	}
	return elts
}

// strings returns the value of toks when they are all str literals
// (implicitly concatenated), decoded into r.buf.
func (r *recognizer) strings(toks []pytoken.Token) ([]byte, bool) {
	b := r.buf[:0]
	for _, t := range toks {
		if t.Kind != pytoken.STRING {
			return nil, false
		}
		var ok bool
		if b, ok = appendStrValue(b, r.word(t)); !ok {
			return nil, false
		}
	}
	r.buf = b
	return b, len(toks) > 0
}

// simple handles the simple statements of toks, separated by ';'. toks
// is a logical line or the part after a header's ':'.
func (r *recognizer) simple(toks []pytoken.Token) {
	if !r.semiLine {
		// No ';' outside brackets in the line: one statement.
		if len(toks) > 0 {
			r.statement(toks)
		}
		return
	}
	depth, start := 0, 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) {
			t := toks[i]
			if t.Kind != pytoken.OP {
				continue
			}
			switch t.Op {
			case '(', '[', '{':
				depth++
				continue
			case ')', ']', '}':
				depth--
				continue
			case ';':
				if depth != 0 {
					continue
				}
			default:
				continue
			}
		}
		if i > start {
			r.statement(toks[start:i])
		}
		start = i + 1
	}
}

func (r *recognizer) statement(toks []pytoken.Token) {
	t0 := toks[0]
	if t0.Kind != pytoken.NAME {
		return
	}
	switch classify(r.word(t0)) {
	case wordImport:
		r.importStmt(toks)
		return
	case wordFrom:
		r.fromStmt(toks)
		return
	}
	// Without the name __all__ in the line, allStmt finds nothing.
	if f := r.top(); r.allLine && !f.inFunc && !f.inClass {
		r.allStmt(toks)
	}
}

func (r *recognizer) addImport(line int32, kind string, level int32, module, name, alias text) {
	f := r.top()
	r.imps = append(r.imps, impRow{
		line: line, kind: kind, level: level, module: module, name: name, alias: alias,
		inFunc: f.inFunc, inClass: f.inClass, inTry: f.inTry, typeChecking: f.typeChecking,
		guard: f.guard, suppressed: f.suppress,
	})
}

// importStmt: import a.b [as c], ...
func (r *recognizer) importStmt(toks []pytoken.Token) {
	line := toks[0].Line
	r.args(toks[1:], func(a []pytoken.Token) {
		end, ok := r.chainEnd(a, 0)
		if !ok {
			return
		}
		var alias text
		if end+1 < len(a) && string(r.word(a[end])) == "as" {
			alias = r.addValid(r.word(a[end+1]))
		}
		r.addImport(line, "import", 0, r.dotted(a[:end]), text{}, alias)
	})
}

// fromStmt: from [.]* [module] import (names | '(' names ')' | '*')
func (r *recognizer) fromStmt(toks []pytoken.Token) {
	line := toks[0].Line
	i := 1
	level := int32(0)
	for i < len(toks) && (toks[i].Is('.') || toks[i].Is(pytoken.OpEllipsis)) {
		if toks[i].Op == '.' {
			level++
		} else {
			level += 3
		}
		i++
	}
	var module text
	if end, ok := r.chainEnd(toks, i); ok && string(r.word(toks[i])) != "import" {
		module = r.dotted(toks[i:end])
		i = end
	}
	if i >= len(toks) || string(r.word(toks[i])) != "import" {
		return
	}
	names := toks[i+1:]
	if len(names) > 0 && names[0].Is('(') {
		names = names[1 : groupEnd(names, 0)-1]
	}
	if len(names) == 1 && names[0].Is('*') {
		r.addImport(line, "from", level, module, r.addText([]byte("*")), text{})
		return
	}
	r.args(names, func(a []pytoken.Token) {
		if a[0].Kind != pytoken.NAME {
			return
		}
		name := r.addValid(r.word(a[0]))
		var alias text
		if len(a) >= 3 && string(r.word(a[1])) == "as" {
			alias = r.addValid(r.word(a[2]))
		}
		r.addImport(line, "from", level, module, name, alias)
	})
}

// allStmt records has_all and exports for a module-scope statement.
func (r *recognizer) allStmt(toks []pytoken.Token) {
	isAll := func(t []pytoken.Token) bool {
		return len(t) == 1 && t[0].Kind == pytoken.NAME && string(r.word(t[0])) == "__all__"
	}
	if len(toks) >= 2 && isAll(toks[:1]) {
		if toks[1].Kind == pytoken.OP && toks[1].Op.IsAugAssign() {
			r.counts.HasAll = true
			return
		}
		if toks[1].Is(':') {
			r.counts.HasAll = true
			depth := 0
			for j := 2; j < len(toks); j++ {
				if t := toks[j]; t.Kind == pytoken.OP {
					switch t.Op {
					case '(', '[', '{':
						depth++
					case ')', ']', '}':
						depth--
					case '=':
						if depth == 0 {
							r.exports(toks[j+1:])
							return
						}
					}
				}
			}
			return
		}
	}
	// Assignment chain: targets = ... = value.
	depth, start := 0, 0
	found := false
	for i, t := range toks {
		if t.Kind != pytoken.OP {
			continue
		}
		switch t.Op {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '=':
			if depth == 0 {
				if isAll(toks[start:i]) {
					found = true
				}
				start = i + 1
			}
		}
	}
	if found {
		r.counts.HasAll = true
		r.exports(toks[start:])
	}
}

// exports records the names of a list or tuple of str literals, once
// per file.
func (r *recognizer) exports(val []pytoken.Token) {
	if r.exportsDone || len(val) == 0 {
		return
	}
	elems := val
	switch {
	case val[0].Is('[') && groupEnd(val, 0) == len(val):
		elems = val[1 : len(val)-1]
	case val[0].Is('(') && groupEnd(val, 0) == len(val):
		elems = val[1 : len(val)-1]
		if !hasTopComma(elems) && len(elems) > 0 {
			return // a parenthesized expression, not a tuple
		}
	default:
		if !hasTopComma(val) {
			return
		}
	}
	// Every element must be str literals; a trailing comma is allowed.
	// The names are recorded as they come, and dropped on failure.
	first := len(r.syms)
	ok := true
	n := 0
	r.args(elems, func(a []pytoken.Token) {
		n++
		if !ok {
			return
		}
		s, good := r.strings(a)
		if !good {
			ok = false
			return
		}
		r.syms = append(r.syms, symRow{line: a[0].Line, kind: KindExport, name: r.addValid(s)})
	})
	if !ok || n != countElems(elems) {
		r.syms = r.syms[:first]
		return
	}
	r.exportsDone = true
}

func hasTopComma(toks []pytoken.Token) bool {
	depth := 0
	for _, t := range toks {
		if t.Kind != pytoken.OP {
			continue
		}
		switch t.Op {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// countElems counts comma-separated elements, failing (-1) on an empty
// one other than a trailing comma.
func countElems(toks []pytoken.Token) int {
	if len(toks) == 0 {
		return 0
	}
	n, depth, empty := 0, 0, true
	for _, t := range toks {
		if t.Kind == pytoken.OP {
			switch t.Op {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
			case ',':
				if depth == 0 {
					if empty {
						return -1
					}
					n++
					empty = true
					continue
				}
			}
		}
		empty = false
	}
	if !empty {
		n++
	}
	return n
}

// wordKind tells what a NAME is: an identifier, or which keyword.
type wordKind uint8

const (
	wordName  wordKind = iota // an identifier, not a keyword
	wordAll                   // __all__, an identifier
	wordMatch                 // soft keywords: match, case, type, _
	wordCase
	wordType
	wordUnder
	wordKeyword // a hard keyword other than those below
	wordAwait
	wordAsync
	wordDef
	wordClass
	wordFor
	wordWith
	wordIf
	wordElif
	wordElse
	wordTry
	wordExcept
	wordFinally
	wordWhile
	wordImport
	wordFrom
)

func (k wordKind) soft() bool { return k >= wordMatch && k <= wordUnder }
func (k wordKind) hard() bool { return k >= wordKeyword }

type keyword struct {
	word string
	kind wordKind
}

// keywords are the words classify knows.
var keywords = [...]keyword{
	{"__all__", wordAll}, {"match", wordMatch}, {"case", wordCase}, {"type", wordType}, {"_", wordUnder},
	{"False", wordKeyword}, {"None", wordKeyword}, {"True", wordKeyword}, {"and", wordKeyword},
	{"as", wordKeyword}, {"assert", wordKeyword}, {"break", wordKeyword}, {"continue", wordKeyword},
	{"del", wordKeyword}, {"global", wordKeyword}, {"in", wordKeyword}, {"is", wordKeyword},
	{"lambda", wordKeyword}, {"nonlocal", wordKeyword}, {"not", wordKeyword}, {"or", wordKeyword},
	{"pass", wordKeyword}, {"raise", wordKeyword}, {"return", wordKeyword}, {"yield", wordKeyword},
	{"await", wordAwait}, {"async", wordAsync}, {"def", wordDef}, {"class", wordClass},
	{"for", wordFor}, {"with", wordWith}, {"if", wordIf}, {"elif", wordElif}, {"else", wordElse},
	{"try", wordTry}, {"except", wordExcept}, {"finally", wordFinally}, {"while", wordWhile},
	{"import", wordImport}, {"from", wordFrom},
}

// keywordTable holds each keyword at its keywordHash. Read only.
var keywordTable = func() (t [128]keyword) {
	for _, k := range keywords {
		h := keywordHash([]byte(k.word))
		if t[h].word != "" {
			panic("python: keywordHash collides on " + k.word + " and " + t[h].word)
		}
		t[h] = k
	}
	return t
}()

// keywordHash is a perfect hash of the keywords (its factors were found
// by search); w must not be empty.
func keywordHash(w []byte) int {
	return (int(w[0])*3 + int(w[len(w)-1])*49 + len(w)*4) & 127
}

// classify tells what a NAME is, with one table lookup and one compare.
func classify(w []byte) wordKind {
	if len(w) == 0 || len(w) > 8 {
		return wordName
	}
	if k := &keywordTable[keywordHash(w)]; string(w) == k.word {
		return k.kind
	}
	return wordName
}

func isKeyword(w []byte) bool { return classify(w).hard() }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
