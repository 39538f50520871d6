//go:build !unix

package fetch

import "context"

// lockFile is a no-op where flock is not available: on these systems two
// pysurvey processes must not share a cache directory.
func lockFile(ctx context.Context, path string) (func(), error) {
	return func() {}, nil
}
