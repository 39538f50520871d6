//go:build !unix

package gitpack

import "os"

// mapIndex reads a pack index whole where mapping is not available.
func mapIndex(path string) (data []byte, unmap func() error, err error) {
	data, err = os.ReadFile(path)
	return data, func() error { return nil }, err
}
