//go:build unix

package store

import (
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
)

func TestLocalUploadAcrossFileSystems(t *testing.T) {
	st, root := openLocalStore(t)
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	other, err := os.MkdirTemp("/dev/shm", "pysurvey-store-")
	if err != nil {
		t.Skip("no /dev/shm:", err)
	}
	defer os.RemoveAll(other)
	var a, b syscall.Stat_t
	if syscall.Stat(root, &a) != nil || syscall.Stat(other, &b) != nil || a.Dev == b.Dev {
		t.Skip("/dev/shm is on the file system of the temporary directory")
	}
	path := writeFile(t, other, "a.parquet", []byte("x"))
	err = st.Upload(context.Background(), "a.parquet", path)
	if err == nil || !strings.Contains(err.Error(), "another file system") {
		t.Errorf("Upload across file systems: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the file is gone: %v", err)
	}
}
