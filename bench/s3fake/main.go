// Command s3fake serves an S3 API on 127.0.0.1 for benchmarks: gofakes3
// with its in-memory backend and one bucket, "survey". It prints the
// address, then serves until killed; each request is counted and its
// bytes in and out summed, printed to stderr on SIGINT or SIGTERM.
//
// Usage: go run ./bench/s3fake [-addr 127.0.0.1:0]
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	backend := s3mem.New()
	if err := backend.CreateBucket("survey"); err != nil {
		log.Fatal(err)
	}
	s3 := gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server()
	var requests, in, out atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.ContentLength > 0 {
			in.Add(r.ContentLength)
		}
		s3.ServeHTTP(&counting{ResponseWriter: w, n: &out}, r)
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sigs
		fmt.Fprintf(os.Stderr, "s3fake: %d requests, %d bytes in, %d bytes out\n", requests.Load(), in.Load(), out.Load())
		os.Exit(0)
	}()
	log.Fatal(http.Serve(ln, handler))
}

// counting counts the bytes of a response body.
type counting struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (c *counting) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return c.ResponseWriter.Write(p)
}
