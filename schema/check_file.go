package schema

import (
	"fmt"
	"os"
)

// CheckFile checks the frame of a Parquet file: "PAR1" at the start and
// end, and a footer length that fits in the file. It catches a truncated,
// empty or foreign file without reading it.
func CheckFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() < 12 {
		return fmt.Errorf("%s: %d bytes, too short for Parquet", path, fi.Size())
	}
	var head [4]byte
	var tail [8]byte
	if _, err := f.ReadAt(head[:], 0); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if _, err := f.ReadAt(tail[:], fi.Size()-8); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	footer := int64(tail[0]) | int64(tail[1])<<8 | int64(tail[2])<<16 | int64(tail[3])<<24
	if string(head[:]) != "PAR1" || string(tail[4:]) != "PAR1" || footer > fi.Size()-12 {
		return fmt.Errorf("%s: not a whole Parquet file (truncated or of another format)", path)
	}
	return nil
}
