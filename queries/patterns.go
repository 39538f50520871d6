package queries

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// readPatterns reads the rows of a pattern catalog CSV: a header of
// patternColumns, then rows of as many fields; lines starting with # are
// comments.
func readPatterns(r io.Reader, name string) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = len(patternColumns)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading header: %w", name, err)
	}
	if strings.Join(header, ",") != strings.Join(patternColumns, ",") {
		return nil, fmt.Errorf("%s: header is %q, want %q", name, strings.Join(header, ","), strings.Join(patternColumns, ","))
	}
	var rows [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rows = append(rows, rec)
	}
	return rows, nil
}
