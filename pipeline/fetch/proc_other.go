//go:build !linux

package fetch

import (
	"os"
	"syscall"
)

// childProcAttr: elsewhere than Linux, a fetch process is an ordinary
// child (it ends when its standard input does, that is with the survey).
func childProcAttr() *syscall.SysProcAttr { return nil }

// killChild kills a fetch process.
func killChild(p *os.Process) { p.Kill() }

// residentBytes is not known elsewhere than Linux: there a fetch process
// is bounded by its Go memory limit (GOMEMLIMIT) only.
func residentBytes(pid int) (int64, bool) { return 0, false }
