// Command pysurvey surveys Python repositories for architecture patterns
// and answers questions about them with SQL over the Parquet it writes.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/pysurvey/pysurvey/pipeline/fetch"
)

// version is set by the Makefile with -ldflags.
var version = "dev"

func main() {
	fetch.RunIfChild() // a fetch process does its fetch and exits here
	ctx, stop := interruptible(context.Background())
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// interruptible returns a context cancelled by the first SIGINT or
// SIGTERM: the run stops, keeping what it wrote valid. A second signal
// exits at once, whatever is blocked (a fetch, a read of the repo list
// from an open stdin, the opening of a FIFO); fetch processes die with
// the survey.
func interruptible(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			cancel(fmt.Errorf("interrupted by %v", s))
		case <-done:
			return
		}
		select {
		case s := <-sigs:
			fmt.Fprintf(os.Stderr, "pysurvey: %v again: exiting at once\n", s)
			os.Exit(130)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}
