package queries

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Printable returns s safe to print on a terminal or in a document: a
// newline, carriage return or tab becomes \n, \r or \t, other control and
// invisible format characters (ESC, DEL, C1 controls, bidirectional
// overrides, zero-width spaces, ...) become \xNN or \uNNNN, and bytes that
// are not UTF-8 become \xNN. So a file name cannot move the cursor, forge
// rows or recolour the screen. Other text is returned unchanged.
func Printable(s string) string {
	clean := true
	for _, c := range s {
		if c == utf8.RuneError || !printableRune(c) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x80 && !printableRune(c):
			fmt.Fprintf(&b, `\x%02x`, c)
		case !printableRune(c):
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func printableRune(c rune) bool {
	return c == ' ' || unicode.IsPrint(c)
}

// markdownSpecial are the characters a Markdown table cell would read as
// markup (emphasis, links, code, HTML, cell borders).
const markdownSpecial = "\\`*_[]<>|~#"

// markdownCell escapes a printable value for a Markdown table cell.
func markdownCell(s string) string {
	if !strings.ContainsAny(s, markdownSpecial) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(markdownSpecial, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// width is the number of terminal columns s takes.
func width(s string) int {
	return uniseg.StringWidth(s)
}

// cut shortens s to at most w columns, ending in … when it was cut.
func cut(s string, w int) (string, bool) {
	if width(s) <= w {
		return s, false
	}
	if w <= 0 {
		return "", true
	}
	var b strings.Builder
	used := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		cw := g.Width()
		if used+cw > w-1 {
			break
		}
		b.WriteString(g.Str())
		used += cw
	}
	return b.String() + "…", true
}

// pad fills s with spaces to w columns, on the left when right is set.
func pad(s string, w int, right bool) string {
	n := w - width(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// displayCells returns the header and every value as printable text.
func (r *Result) displayCells() [][]string {
	cells := make([][]string, 0, len(r.Rows)+1)
	header := make([]string, len(r.Columns))
	for i, c := range r.Columns {
		header[i] = Printable(c)
	}
	cells = append(cells, header)
	for _, row := range r.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = Printable(displayValue(v, r.typeOf(i)))
		}
		cells = append(cells, rec)
	}
	return cells
}

// minCut is the fewest columns a text column is cut to before the table
// is printed vertically instead.
const minCut = 10

// columnGap separates the columns of a table.
const columnGap = "  "

func (r *Result) writeTable(w io.Writer, maxWidth int) error {
	cells := r.displayCells()
	n := len(r.Columns)
	numeric := make([]bool, n)
	widths := make([]int, n)
	for i := range n {
		numeric[i] = r.isNumeric(i)
		widths[i] = 3 // room for the separator
		for _, rec := range cells {
			widths[i] = max(widths[i], width(rec[i]))
		}
	}
	total := func() int {
		t := len(columnGap) * max(n-1, 0)
		for _, wd := range widths {
			t += wd
		}
		return t
	}
	if maxWidth > 0 && total() > maxWidth {
		// Cut a text column by one until the table fits: first those
		// whose width is owed to a few long values (wider than 90% of
		// their values need), then the widest. A text column keeps at
		// least its header and minCut columns.
		floor, typical := make([]int, n), make([]int, n)
		for i := range n {
			floor[i] = widths[i]
			if !numeric[i] {
				floor[i] = min(widths[i], max(width(cells[0][i]), minCut))
			}
			typical[i] = max(percentileWidth(cells[1:], i, 0.9), floor[i])
		}
		for total() > maxWidth {
			widest := -1
			for i := range n {
				if widths[i] > typical[i] && (widest < 0 || widths[i]-typical[i] > widths[widest]-typical[widest]) {
					widest = i
				}
			}
			if widest < 0 {
				for i := range n {
					if widths[i] > floor[i] && (widest < 0 || widths[i] > widths[widest]) {
						widest = i
					}
				}
			}
			if widest < 0 {
				// Too many columns to fit even cut: one column a line.
				return r.writeVertical(w, maxWidth, cells)
			}
			widths[widest]--
		}
	}
	var b strings.Builder
	cutCount := 0
	line := func(rec []string) {
		for i, c := range rec {
			c, wasCut := cut(c, widths[i])
			if wasCut {
				cutCount++
			}
			if i == len(rec)-1 && !numeric[i] {
				b.WriteString(c)
				continue
			}
			b.WriteString(pad(c, widths[i], numeric[i]))
			if i < len(rec)-1 {
				b.WriteString(columnGap)
			}
		}
		b.WriteString("\n")
	}
	line(cells[0])
	sep := make([]string, n)
	for i, wd := range widths {
		sep[i] = strings.Repeat("-", wd)
	}
	line(sep)
	for _, rec := range cells[1:] {
		line(rec)
	}
	b.WriteString(footer(len(r.Rows), cutCount, maxWidth))
	_, err := io.WriteString(w, b.String())
	return err
}

// percentileWidth is the width that a share q of the rows' values in
// column col fit in.
func percentileWidth(rows [][]string, col int, q float64) int {
	if len(rows) == 0 {
		return 0
	}
	ws := make([]int, len(rows))
	for i, r := range rows {
		ws[i] = width(r[col])
	}
	slices.Sort(ws)
	return ws[int(q*float64(len(ws)-1))]
}

// footer counts the rows and says how to see values that were cut.
func footer(rows, cutCount, maxWidth int) string {
	s := strconv.Itoa(rows) + " rows"
	if rows == 1 {
		s = "1 row"
	}
	if cutCount > 0 {
		values := "values"
		if cutCount == 1 {
			values = "value"
		}
		s += fmt.Sprintf("; %d %s cut to fit %d columns, marked …; -f vertical, --columns or --width 0 show them whole", cutCount, values, maxWidth)
	}
	return "(" + s + ")\n"
}

// writeVertical prints each row as a block of "column | value" lines,
// values cut to maxWidth (when not 0).
func (r *Result) writeVertical(w io.Writer, maxWidth int, cells [][]string) error {
	labelWidth := 0
	for _, h := range cells[0] {
		labelWidth = max(labelWidth, width(h))
	}
	rule := labelWidth + 3 + minCut
	if maxWidth > 0 {
		// Labels take at most a third of the line.
		labelWidth = min(labelWidth, max(maxWidth/3, minCut))
		rule = min(rule, maxWidth)
	}
	var b strings.Builder
	cutCount := 0
	for n, rec := range cells[1:] {
		title := fmt.Sprintf("-[ %d ]", n+1)
		b.WriteString(title + strings.Repeat("-", max(rule-len(title), 3)) + "\n")
		for i, v := range rec {
			label := cells[0][i]
			if maxWidth > 0 {
				var vCut, lCut bool
				label, lCut = cut(label, labelWidth)
				v, vCut = cut(v, max(maxWidth-labelWidth-3, minCut))
				if vCut || lCut {
					cutCount++
				}
			}
			b.WriteString(pad(label, labelWidth, false) + " | " + v + "\n")
		}
	}
	b.WriteString(footer(len(cells)-1, cutCount, maxWidth))
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Result) writeMarkdown(w io.Writer) error {
	cells := r.displayCells()
	n := len(r.Columns)
	numeric := make([]bool, n)
	widths := make([]int, n)
	for _, rec := range cells {
		for i := range rec {
			rec[i] = markdownCell(rec[i])
		}
	}
	for i := range n {
		numeric[i] = r.isNumeric(i)
		widths[i] = 3
		for _, rec := range cells {
			widths[i] = max(widths[i], width(rec[i]))
		}
	}
	var b strings.Builder
	line := func(rec []string) {
		for i, c := range rec {
			b.WriteString("| " + pad(c, widths[i], numeric[i]) + " ")
		}
		b.WriteString("|\n")
	}
	line(cells[0])
	for i, wd := range widths {
		if numeric[i] {
			b.WriteString("| " + strings.Repeat("-", wd-1) + ": ")
		} else {
			b.WriteString("| " + strings.Repeat("-", wd) + " ")
		}
	}
	b.WriteString("|\n")
	for _, rec := range cells[1:] {
		line(rec)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
