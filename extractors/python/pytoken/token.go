// Package pytoken is a Python tokenizer structured like go/scanner and
// faithful to CPython 3.12's tokenizer: every string prefix and quote
// form, f-strings split into FSTRING_START/MIDDLE/END with nested
// replacement fields, line continuations, bracket depth, INDENT/DEDENT,
// comments, the UTF-8 BOM and coding cookies.
//
// Tokens are offsets into the source: scanning allocates nothing per
// token. A Scanner stops at the first error, which Err reports.
package pytoken

// Kind is the kind of a token, named after CPython's token module.
type Kind uint8

// Token kinds.
const (
	EOF            Kind = iota // end of input (ENDMARKER) or after an error
	ERROR                      // malformed input; Scanner.Err says why
	NAME                       // identifier or keyword
	NUMBER                     // numeric literal
	STRING                     // string or bytes literal other than an f-string
	OP                         // operator or delimiter; Token.Op tells which
	NEWLINE                    // end of a logical line
	NL                         // line break that does not end a logical line
	COMMENT                    // comment, '#' to the end of the line
	INDENT                     // indentation increase
	DEDENT                     // indentation decrease
	FSTRING_START              // f-string prefix and opening quote
	FSTRING_MIDDLE             // literal text of an f-string or format spec
	FSTRING_END                // closing quote of an f-string
)

// String returns the CPython name of the kind.
func (k Kind) String() string {
	switch k {
	case EOF:
		return "EOF"
	case ERROR:
		return "ERROR"
	case NAME:
		return "NAME"
	case NUMBER:
		return "NUMBER"
	case STRING:
		return "STRING"
	case OP:
		return "OP"
	case NEWLINE:
		return "NEWLINE"
	case NL:
		return "NL"
	case COMMENT:
		return "COMMENT"
	case INDENT:
		return "INDENT"
	case DEDENT:
		return "DEDENT"
	case FSTRING_START:
		return "FSTRING_START"
	case FSTRING_MIDDLE:
		return "FSTRING_MIDDLE"
	case FSTRING_END:
		return "FSTRING_END"
	}
	return "Kind(" + itoa(int(k)) + ")"
}

// Op identifies an operator token. Single-character operators are their
// ASCII character; longer ones have the codes below.
type Op uint8

// Multi-character operators.
const (
	OpEqual      Op = 128 + iota // ==
	OpNotEqual                   // !=
	OpLessEq                     // <=
	OpGreaterEq                  // >=
	OpLShift                     // <<
	OpRShift                     // >>
	OpPower                      // **
	OpFloorDiv                   // //
	OpArrow                      // ->
	OpWalrus                     // :=
	OpEllipsis                   // ...
	OpPlusEq                     // += (first augmented assignment)
	OpMinusEq                    // -=
	OpStarEq                     // *=
	OpSlashEq                    // /=
	OpPercentEq                  // %=
	OpAmpEq                      // &=
	OpPipeEq                     // |=
	OpCaretEq                    // ^=
	OpAtEq                       // @=
	OpLShiftEq                   // <<=
	OpRShiftEq                   // >>=
	OpPowerEq                    // **=
	OpFloorDivEq                 // //= (last augmented assignment)
)

// IsAugAssign reports whether op is an augmented assignment such as +=.
func (op Op) IsAugAssign() bool { return op >= OpPlusEq && op <= OpFloorDivEq }

// Token is one token: its kind, operator code, line and byte offsets
// into the scanned source (after decoding, see Scanner.Source).
type Token struct {
	Kind Kind
	Op   Op    // for OP tokens
	Line int32 // 1-based line of the token's first byte
	Off  int   // offset of the first byte
	End  int   // offset just past the last byte
}

// Is reports whether t is the operator op.
func (t Token) Is(op Op) bool { return t.Kind == OP && t.Op == op }

// Error is a tokenizing error at a line.
type Error struct {
	Line int
	Msg  string
}

// Error formats the error as "message (line N)".
func (e *Error) Error() string { return e.Msg + " (line " + itoa(e.Line) + ")" }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
