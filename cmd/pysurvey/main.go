// Command pysurvey surveys Python repositories for architecture patterns
// and answers questions about them with SQL over the Parquet it writes.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// version is set by the Makefile with -ldflags.
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
