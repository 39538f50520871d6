//go:build unix

package gitpack

import (
	"fmt"
	"os"
	"syscall"
)

// mapIndex maps a pack index read-only; unmap releases it. Git never
// rewrites an index in place (a new pack gets a new index, renamed into
// place; a deleted one stays mapped until unmapped), so the mapping stays
// what was opened.
func mapIndex(path string) (data []byte, unmap func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	switch {
	case size == 0:
		return nil, func() error { return nil }, nil
	case size > 1<<40 || int64(int(size)) != size:
		return nil, nil, fmt.Errorf("%s: index of %d bytes: %w", path, size, ErrCorrupt)
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("mapping %s: %w", path, err)
	}
	return data, func() error { return syscall.Munmap(data) }, nil
}
