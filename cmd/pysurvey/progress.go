package main

import (
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/pysurvey/pysurvey/pipeline"
)

// newProgress picks how a run shows progress: a bar on a terminal, log
// lines otherwise.
func newProgress(mode string, env *Env, interval time.Duration) pipeline.Progress {
	if mode == "auto" {
		mode = "log"
		if f, ok := env.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			mode = "bar"
		}
	}
	switch mode {
	case "bar":
		return &barProgress{env: env}
	case "log":
		return &logProgress{logger: env.Logger, interval: interval}
	}
	return nil
}

// barProgress draws repos done/total and files/s on stderr.
type barProgress struct {
	env   *Env
	bar   *progressbar.ProgressBar
	start time.Time
	files int
	last  time.Time
}

func (p *barProgress) Start(repos int) {
	p.start, p.last = time.Now(), time.Now()
	p.bar = progressbar.NewOptions(repos,
		progressbar.OptionSetWriter(p.env.Stderr),
		progressbar.OptionSetDescription("repos"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

func (p *barProgress) RepoDone(string, bool) { p.bar.Add(1) }

func (p *barProgress) FilesDone(n int) {
	p.files += n
	if time.Since(p.last) > 200*time.Millisecond {
		p.last = time.Now()
		p.bar.Describe(fmt.Sprintf("repos (%d files, %.0f files/s)", p.files, float64(p.files)/time.Since(p.start).Seconds()))
	}
}

func (p *barProgress) Finish() { p.bar.Finish() }

// logProgress writes a structured log line every interval.
type logProgress struct {
	logger   *slog.Logger
	interval time.Duration

	mu                  sync.Mutex
	total, done, failed int
	files               int
	start               time.Time
	stop                chan struct{}
	wg                  sync.WaitGroup
}

func (p *logProgress) Start(repos int) {
	p.total, p.start, p.stop = repos, time.Now(), make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(p.interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.log()
			case <-p.stop:
				return
			}
		}
	}()
}

func (p *logProgress) log() {
	p.mu.Lock()
	defer p.mu.Unlock()
	secs := time.Since(p.start).Seconds()
	p.logger.Info("progress", "repos_done", p.done, "repos_total", p.total, "repos_failed", p.failed,
		"files", p.files, "files_per_s", int(float64(p.files)/max(secs, 0.001)))
}

func (p *logProgress) RepoDone(_ string, ok bool) {
	p.mu.Lock()
	p.done++
	if !ok {
		p.failed++
	}
	p.mu.Unlock()
}

func (p *logProgress) FilesDone(n int) {
	p.mu.Lock()
	p.files += n
	p.mu.Unlock()
}

func (p *logProgress) Finish() {
	close(p.stop)
	p.wg.Wait()
}
