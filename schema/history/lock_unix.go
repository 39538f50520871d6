//go:build unix

package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// LockRun takes the lock a process holds on a run while it writes it (an
// advisory flock on OUT/.pysurvey/<run-id>.lock), so that no second
// process resumes a run being written and no run removes another's
// temporary files. It fails at once when the lock is held.
func LockRun(out, runID string) (func(), error) {
	f, held, err := tryLock(filepath.Join(out, ".pysurvey", runID+".lock"))
	if err != nil {
		return nil, err
	}
	if held {
		return nil, fmt.Errorf("run %s is being written by another pysurvey process", runID)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// RunLocked reports whether a process holds the lock of a run.
func RunLocked(out, runID string) bool {
	path := filepath.Join(out, ".pysurvey", runID+".lock")
	if _, err := os.Stat(path); err != nil {
		return false
	}
	f, held, err := tryLock(path)
	if err != nil {
		return true // when in doubt, the run is taken for live
	}
	if !held {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
	return held
}

// tryLock opens path (creating it) and tries to lock it; held reports a
// lock held by another open file.
func tryLock(path string) (*os.File, bool, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, false, fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, false, fmt.Errorf("opening %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, true, nil
		}
		return nil, false, fmt.Errorf("locking %s: %w", path, err)
	}
	return f, false, nil
}
