package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rivo/uniseg"
	"golang.org/x/term"

	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/queries"
)

// newProgress picks how a run shows progress: a bar on a terminal, log
// lines otherwise.
func newProgress(mode string, env *Env, interval time.Duration) pipeline.Progress {
	f, isFile := env.Stderr.(*os.File)
	if mode == "auto" {
		mode = "log"
		if isFile && term.IsTerminal(int(f.Fd())) {
			mode = "bar"
		}
	}
	switch mode {
	case "bar":
		bar := &barProgress{out: env.Stderr, logs: env.logs, counter: counter{tally: newTally(env.Ctx)}, refresh: 200 * time.Millisecond}
		if isFile {
			bar.termWidth = func() int {
				if cols, _, err := term.GetSize(int(f.Fd())); err == nil {
					return cols
				}
				return 0
			}
		}
		return bar
	case "log":
		return &logProgress{logger: env.Logger, interval: interval, counter: counter{tally: newTally(env.Ctx)}}
	}
	return nil
}

// tally counts what a run has done, for the bar and the log lines. Its
// methods are called with the progress's lock held.
type tally struct {
	ctx   context.Context // the run's: once done, a repository that fails was interrupted
	start time.Time
	// repos listed; done, failed and interrupted of them.
	repos, done, failed, interrupted int
	// files processed.
	files int
	// doneListed sums the tree entries of the repositories done, over
	// doneListedRepos of them (those that got as far as their tree).
	doneListed, doneListedRepos int
	// active are the repositories in progress, in the order they began.
	active []activeRepo
}

type activeRepo struct {
	name   string
	listed int // tree entries listed so far: its files are being read
}

func newTally(ctx context.Context) tally {
	return tally{ctx: ctx}
}

func (t *tally) started(repos int) {
	t.repos, t.start = repos, time.Now()
}

func (t *tally) repoStarted(repo string) {
	t.active = append(t.active, activeRepo{name: repo})
}

func (t *tally) repoListed(repo string, files int) {
	for i := range t.active {
		if t.active[i].name == repo {
			t.active[i].listed = max(t.active[i].listed, files)
			break
		}
	}
}

func (t *tally) repoDone(repo string, ok bool) {
	t.done++
	switch {
	case ok:
	case t.ctx != nil && t.ctx.Err() != nil:
		t.interrupted++
	default:
		t.failed++
	}
	for i, a := range t.active {
		if a.name == repo {
			if a.listed > 0 {
				t.doneListed += a.listed
				t.doneListedRepos++
			}
			t.active = append(t.active[:i], t.active[i+1:]...)
			break
		}
	}
}

// estimate returns the files the run will have processed when done: the
// tree entries of the repositories done; for those in progress, the
// entries listed so far or, while fewer, the average of the repositories
// done; that average for those not begun. Before any repository is done,
// the average is over those being listed. known is false until a tree is
// listed.
func (t *tally) estimate() (total int, known bool) {
	avg, n := 0, 0
	switch {
	case t.doneListedRepos > 0:
		avg = t.doneListed / t.doneListedRepos
	default:
		for _, a := range t.active {
			if a.listed > 0 {
				avg += a.listed
				n++
			}
		}
		if n == 0 {
			return 0, false
		}
		avg /= n
	}
	total = t.doneListed
	for _, a := range t.active {
		total += max(a.listed, avg)
	}
	total += max(t.repos-t.done-len(t.active), 0) * avg
	return max(total, t.files), true
}

// counter is what both displays share: the tally, under a lock, kept by
// the methods of Progress that only count.
type counter struct {
	mu    sync.Mutex
	tally tally
}

// RepoStarted notes a repository being fetched.
func (c *counter) RepoStarted(repo string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tally.repoStarted(repo)
}

// RepoListed notes a repository whose files are being read.
func (c *counter) RepoListed(repo string, files int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tally.repoListed(repo, files)
}

// RepoDone counts a finished repository.
func (c *counter) RepoDone(repo string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tally.repoDone(repo, ok)
}

// FilesDone counts processed files.
func (c *counter) FilesDone(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tally.files += n
}

// rate returns the files processed per second so far and the time left
// at that rate (ok false while unknown). Fetching time counts: the rate
// is over the whole run, so the estimate covers clones too.
func (t *tally) rate() (perSecond float64, elapsed, eta time.Duration, ok bool) {
	elapsed = time.Since(t.start)
	if secs := elapsed.Seconds(); secs > 0 {
		perSecond = float64(t.files) / secs
	}
	total, known := t.estimate()
	if !known || perSecond == 0 {
		return perSecond, elapsed, 0, false
	}
	eta = time.Duration(float64(total-t.files) / perSecond * float64(time.Second))
	return perSecond, elapsed, eta, true
}

// barProgress draws one status line on a terminal, redrawn in place, and
// prints log lines above it: the repositories done and failed, files
// processed of the estimated total, files/s, elapsed time and ETA, and
// the repositories in progress. The line always fits the terminal's
// width, so that it never wraps (a wrapped line cannot be redrawn).
//
// Written here rather than with a progress-bar library: what the line
// shows (stages of several repositories at once, a total that grows as
// trees are listed, log lines above it) is pysurvey's own, and the
// libraries tried either buffer log lines until the bar ends or compute
// their rate and ETA from their own counter.
type barProgress struct {
	out       io.Writer
	logs      *logWriter
	termWidth func() int // 0 or nil: unknown, 80 is used
	refresh   time.Duration

	counter
	drawn   bool // the status line is on the screen
	stop    chan struct{}
	stopped sync.WaitGroup
	restore func()
}

// Start shows the line at once and redraws it every refresh.
func (p *barProgress) Start(runID string, repos int) {
	p.mu.Lock()
	p.tally.started(repos)
	p.stop = make(chan struct{})
	p.draw()
	p.mu.Unlock()
	if p.logs != nil {
		p.restore = p.logs.redirect(p)
	}
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		t := time.NewTicker(p.refresh)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			case <-p.stop:
				return
			}
		}
	}()
}

// Finish removes the line; log lines go straight to the terminal again.
func (p *barProgress) Finish() {
	close(p.stop)
	p.stopped.Wait()
	if p.restore != nil {
		p.restore()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

// Write prints a log line above the status line.
func (p *barProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	if _, err := p.out.Write(b); err != nil {
		return 0, err
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		io.WriteString(p.out, "\n")
	}
	if p.stop != nil {
		p.draw()
	}
	return len(b), nil
}

func (p *barProgress) clear() {
	if p.drawn {
		io.WriteString(p.out, "\r\x1b[K")
		p.drawn = false
	}
}

func (p *barProgress) draw() {
	cols := 0
	if p.termWidth != nil {
		cols = p.termWidth()
	}
	if cols <= 0 {
		cols = 80
	}
	// One column is left free: some terminals wrap when the last is written.
	io.WriteString(p.out, "\r"+statusLine(&p.tally, cols-1)+"\x1b[K")
	p.drawn = true
}

// statusLine renders the tally in at most width columns, e.g.
//
//	[=====>        ] 12/20 repos  1 failed  3402/~5100 files  512 files/s  0:07 ETA 0:03  fetching org/api; reading org/web, org/lib
func statusLine(t *tally, width int) string {
	perSecond, elapsed, eta, etaKnown := t.rate()
	total, known := t.estimate()
	fraction := 0.0
	switch {
	case known && total > 0:
		fraction = float64(t.files) / float64(total)
	case t.repos > 0:
		fraction = float64(t.done) / float64(t.repos)
	}
	bar := progressBar(fraction, 16)
	counts := []string{fmt.Sprintf("%d/%d repos", t.done, t.repos)}
	if t.failed > 0 {
		counts = append(counts, fmt.Sprintf("%d failed", t.failed))
	}
	if t.interrupted > 0 {
		counts = append(counts, fmt.Sprintf("%d interrupted", t.interrupted))
	}
	files := fmt.Sprintf("%d files", t.files)
	if known {
		files = fmt.Sprintf("%d/~%d files", t.files, total)
	}
	counts = append(counts, files)
	rate := fmt.Sprintf("%.0f files/s", perSecond)
	clock := clockText(elapsed) + " ETA –"
	if etaKnown {
		clock = clockText(elapsed) + " ETA " + clockText(eta)
	}
	// What to leave out when the terminal is narrow: the rate, then the bar.
	for _, parts := range [][]string{
		{bar, strings.Join(counts, "  "), rate, clock},
		{bar, strings.Join(counts, "  "), clock},
		{strings.Join(counts, "  "), clock},
	} {
		fixed := strings.Join(parts, "  ")
		if w := textWidth(fixed); w <= width {
			if names := activeText(t.active, width-w-2); names != "" {
				return fixed + "  " + names
			}
			return fixed
		}
	}
	line, _ := cutText(strings.Join(counts, "  ")+"  "+clock, width)
	return line
}

// progressBar draws a fraction as [=====>     ] of n cells inside.
func progressBar(fraction float64, n int) string {
	fraction = math.Min(math.Max(fraction, 0), 1)
	full := int(fraction * float64(n))
	switch {
	case full >= n:
		return "[" + strings.Repeat("=", n) + "]"
	default:
		return "[" + strings.Repeat("=", full) + ">" + strings.Repeat(" ", n-full-1) + "]"
	}
}

// activeText names the repositories in progress by stage in at most
// width columns, those being read first ("reading a, b; fetching c +2"):
// as many as fit, the first cut if need be, the rest counted.
func activeText(active []activeRepo, width int) string {
	if len(active) == 0 || width < 12 {
		return ""
	}
	var reading, fetching []string
	for _, a := range active {
		name, _ := cutText(queries.Printable(a.name), 40)
		if a.listed > 0 {
			reading = append(reading, name)
		} else {
			fetching = append(fetching, name)
		}
	}
	var b strings.Builder
	shown := 0
	more := func(extra int) string {
		if rest := len(active) - shown - extra; rest > 0 {
			return " +" + strconv.Itoa(rest)
		}
		return ""
	}
fill:
	for _, g := range []struct {
		stage string
		names []string
	}{{"reading", reading}, {"fetching", fetching}} {
		for i, name := range g.names {
			lead := ", "
			if i == 0 {
				lead = g.stage + " "
				if shown > 0 {
					lead = "; " + lead
				}
			}
			if textWidth(b.String()+lead+name+more(1)) <= width {
				b.WriteString(lead + name)
				shown++
				continue
			}
			if shown == 0 {
				if cut, _ := cutText(name, width-textWidth(lead+more(1))); textWidth(cut) >= 8 {
					b.WriteString(lead + cut)
					shown++
				}
			}
			break fill
		}
	}
	if shown == 0 {
		s, _ := cutText(fmt.Sprintf("%d in progress", len(active)), width)
		return s
	}
	return b.String() + more(0)
}

// clockText prints a duration as m:ss or h:mm:ss.
func clockText(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// textWidth is the number of terminal columns s takes.
func textWidth(s string) int { return uniseg.StringWidth(s) }

// cutText shortens s to at most width columns, ending in … when cut.
func cutText(s string, width int) (string, bool) {
	if textWidth(s) <= width {
		return s, false
	}
	var b strings.Builder
	used := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() && used+g.Width() <= width-1 {
		b.WriteString(g.Str())
		used += g.Width()
	}
	if width >= 1 {
		b.WriteString("…")
	}
	return b.String(), true
}

// logProgress writes a structured log line every interval.
type logProgress struct {
	logger   *slog.Logger
	interval time.Duration

	counter
	stop chan struct{}
	wg   sync.WaitGroup
}

// Start begins the periodic lines, each carrying the run's id.
func (p *logProgress) Start(runID string, repos int) {
	p.mu.Lock()
	p.tally.started(repos)
	p.logger = p.logger.With("run_id", runID)
	p.stop = make(chan struct{})
	p.mu.Unlock()
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

// log writes one progress line: repositories done of the total, failed,
// files and files/s, elapsed and (once a tree is listed) the ETA.
func (p *logProgress) log() {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := &p.tally
	perSecond, elapsed, eta, etaKnown := t.rate()
	attrs := []any{"repos_done", t.done, "repos_total", t.repos, "repos_failed", t.failed,
		"repos_active", len(t.active), "files", t.files}
	if total, known := t.estimate(); known {
		attrs = append(attrs, "files_estimated", total)
	}
	attrs = append(attrs, "files_per_s", math.Round(perSecond*10)/10, "elapsed", elapsed.Round(time.Millisecond))
	if etaKnown {
		attrs = append(attrs, "eta", eta.Round(time.Second))
	}
	if t.interrupted > 0 {
		attrs = append(attrs, "repos_interrupted", t.interrupted)
	}
	p.logger.Info("progress", attrs...)
}

// Finish stops the periodic lines.
func (p *logProgress) Finish() {
	close(p.stop)
	p.wg.Wait()
}
