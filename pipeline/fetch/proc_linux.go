package fetch

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// childProcAttr puts a fetch process in a process group of its own (a
// terminal's Ctrl-C goes to the survey, which stops its fetches itself)
// and has the kernel kill it if the survey dies.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// killChild kills a fetch process and what it started (git upload-pack
// for file:// URLs): its process group.
func killChild(p *os.Process) {
	syscall.Kill(-p.Pid, syscall.SIGKILL)
	p.Kill()
}

// residentBytes returns a process's resident memory, from /proc.
func residentBytes(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0, false
	}
	fields := bytes.Fields(b)
	if len(fields) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(string(fields[1]), 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
