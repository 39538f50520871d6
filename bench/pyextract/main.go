// Command pyextract measures Python fact extraction throughput: the Go
// extractor (extractors/python) and CPython's ast (bench/ast_extract.py),
// on the same files, each on all cores, and prints them side by side.
//
// Usage: go run ./bench/pyextract [-workers N] [-python python3] [-repeat N] DIR
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/python"
)

type result struct {
	Files     int     `json:"files"`
	Bytes     int64   `json:"bytes"`
	Seconds   float64 `json:"seconds"`
	Workers   int     `json:"workers"`
	FilesPerS float64 `json:"files_per_s"`
	MBPerS    float64 `json:"mb_per_s"`
}

func main() {
	workers := flag.Int("workers", runtime.NumCPU(), "parallel workers")
	py := flag.String("python", "python3", "python interpreter for bench/ast_extract.py; empty to skip")
	repeat := flag.Int("repeat", 3, "Go runs; the fastest is reported")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pyextract [-workers N] [-python python3] [-repeat N] DIR")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *workers, *py, *repeat); err != nil {
		fmt.Fprintln(os.Stderr, "pyextract:", err)
		os.Exit(1)
	}
}

func run(dir string, workers int, py string, repeat int) error {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && extractors.IsPython(p) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("listing %s: %w", dir, err)
	}
	if len(paths) == 0 {
		return errors.New("no .py or .pyi files in " + dir)
	}
	sort.Strings(paths)
	contents := make([][]byte, len(paths))
	for i, p := range paths {
		if contents[i], err = os.ReadFile(p); err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
	}
	var best, bestRead result
	for i := 0; i < max(repeat, 1); i++ {
		r, err := goExtract(paths, nil, workers)
		if err != nil {
			return err
		}
		if bestRead.Seconds == 0 || r.Seconds < bestRead.Seconds {
			bestRead = r
		}
		if r, err = goExtract(paths, contents, workers); err != nil {
			return err
		}
		if best.Seconds == 0 || r.Seconds < best.Seconds {
			best = r
		}
	}
	report("go read+extract", bestRead)
	report("go extract (files in memory)", best)
	if py == "" {
		return nil
	}
	script := filepath.Join(filepath.Dir(os.Args[0]), "ast_extract.py")
	if _, err := os.Stat(script); err != nil {
		script = filepath.Join("bench", "ast_extract.py")
	}
	out, err := exec.Command(py, script, dir, fmt.Sprint(workers)).Output()
	if err != nil {
		return fmt.Errorf("running %s: %w", script, err)
	}
	var pr result
	if err := json.Unmarshal(out, &pr); err != nil {
		return fmt.Errorf("reading %s output: %w", script, err)
	}
	report("cpython ast read+extract", pr)
	fmt.Printf("speedup vs cpython ast: %.1fx read+extract, %.1fx extract only (same files, %d workers each)\n",
		bestRead.FilesPerS/pr.FilesPerS, best.FilesPerS/pr.FilesPerS, workers)
	return nil
}

// goExtract extracts every file with a pool of workers, reading it from
// disk unless contents holds it.
func goExtract(paths []string, contents [][]byte, workers int) (result, error) {
	e := python.New()
	ctx := context.Background()
	var next atomic.Int64
	var total atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) {
					return
				}
				var src []byte
				if contents != nil {
					src = contents[i]
				} else if src, err = os.ReadFile(paths[i]); err != nil {
					errs[w] = err
					return
				}
				if _, err := e.Extract(ctx, &extractors.File{Path: paths[i], Content: src}); err != nil {
					errs[w] = err
					return
				}
				total.Add(int64(len(src)))
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	if err := errors.Join(errs...); err != nil {
		return result{}, err
	}
	return result{Files: len(paths), Bytes: total.Load(), Seconds: secs, Workers: workers,
		FilesPerS: float64(len(paths)) / secs, MBPerS: float64(total.Load()) / secs / 1e6}, nil
}

func report(name string, r result) {
	fmt.Printf("%-36s %6d files %8.1f MB %8.3f s %10.0f files/s %8.2f MB/s (%d workers, %.2f MB/s per worker)\n",
		name, r.Files, float64(r.Bytes)/1e6, r.Seconds, r.FilesPerS, r.MBPerS, r.Workers, r.MBPerS/float64(r.Workers))
}
