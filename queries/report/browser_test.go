package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/pysurvey/pysurvey/queries"
	"github.com/pysurvey/pysurvey/queries/report"
)

// chromium finds Debian's chromium (make chromium installs it), or the
// browser named by PYSURVEY_CHROMIUM.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PYSURVEY_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium found: install Debian's chromium (make chromium, or apt-get install chromium) or set PYSURVEY_CHROMIUM")
	return ""
}

// artifacts is where the browser test keeps the report, its screenshots
// and its PDF: $PYSURVEY_ARTIFACTS/name, else artifacts/name at the root
// of the module.
func artifacts(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("PYSURVEY_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts")
	}
	dir = filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// pageEvents records what the page did: every request, JavaScript
// exceptions, console and browser log messages (a Content-Security-Policy
// violation is one).
type pageEvents struct {
	mu         sync.Mutex
	requests   []string
	exceptions []string
	messages   []string
}

func (e *pageEvents) listen(ev any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		e.requests = append(e.requests, ev.Request.URL)
	case *runtime.EventExceptionThrown:
		e.exceptions = append(e.exceptions, ev.ExceptionDetails.Text)
	case *runtime.EventConsoleAPICalled:
		e.messages = append(e.messages, fmt.Sprintf("console.%s", ev.Type))
	case *cdplog.EventEntryAdded:
		e.messages = append(e.messages, fmt.Sprintf("%s %s: %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text))
	}
}

// TestReportInChromium makes the report of about twenty real repositories
// surveyed three times, opens it in headless Chromium as a reader would
// (a laptop's screen), and checks that it shows every section with the
// numbers of the shipped queries, that sorting and filtering work, that
// nothing in the data ran or loaded anything, and that no request left
// the page. The report, a screenshot, a print-media screenshot and a PDF
// are kept in artifacts/report.
func TestReportInChromium(t *testing.T) {
	runs := surveyThreeRuns(t)
	rep, bctx, p := openInChromium(t, runs.set.out, "report")
	if len(p.runs) != 3 {
		t.Errorf("runs table has %d runs, want 3", len(p.runs))
	}
	slices.Sort(p.changes)
	want := slices.Clone(runs.want[3])
	slices.Sort(want)
	if strings.Join(p.changes, "\n") != strings.Join(want, "\n") {
		t.Errorf("what changed:\n got %q\nwant %q", p.changes, want)
	}
	names, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#repo-table tbody th .name')].map(e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names, queries.Printable(hostileName)) {
		t.Errorf("the hostile name is not shown as escaped text %q: %q", queries.Printable(hostileName), names)
	}
	interact(t, bctx, rep)
}

// TestReportOfASurveyInChromium does the checks of TestReportInChromium
// that hold for any survey on the output directory named by
// PYSURVEY_REPORT_DATA (a real survey of many runs, say), keeping its
// screenshots in artifacts/report-survey.
func TestReportOfASurveyInChromium(t *testing.T) {
	out := os.Getenv("PYSURVEY_REPORT_DATA")
	if out == "" {
		t.Skip("set PYSURVEY_REPORT_DATA to the output directory of a survey")
	}
	rep, bctx, p := openInChromium(t, out, "report-survey")
	t.Logf("%d runs, %d repositories, %d changes, %d share charts", len(p.runs), len(p.repos), len(p.changes), len(p.bars))
	interact(t, bctx, rep)
}

// openInChromium writes the report of the latest run of out into
// artifacts/name, opens it in headless Chromium as a reader would (a
// laptop's screen), checks it against the shipped queries, that every
// section shows, that no markup came from the data, that no request
// left the page and that nothing logged an error (a Content-Security-
// Policy violation would), and keeps two screenshots (screen and print)
// and a PDF beside it. It returns the report, the browser's context and
// the numbers read from the page.
func openInChromium(t *testing.T, out, name string) (*report.Report, context.Context, *pageNumbers) {
	t.Helper()
	browser := chromium(t)
	rep, page := build(t, out)
	dir := artifacts(t, name)
	reportPath := filepath.Join(dir, "report.html")
	if err := os.WriteFile(reportPath, page, 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + reportPath

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox, // root in CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	)
	t.Cleanup(cancelAlloc)
	events := &pageEvents{}
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithListener(events.listen))
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", browser, err)
	}
	if _, err := chromedp.Call(bctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(bctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1366, 900), chromedp.Navigate(url), chromedp.WaitVisible("#repo-table")); err != nil {
		t.Fatal(err)
	}

	// The numbers, read from the page as the browser holds it.
	dom, err := chromedp.Run(bctx, chromedp.OuterHTML("html"))
	if err != nil {
		t.Fatal(err)
	}
	p := readNumbers(t, strings.NewReader(dom))
	checkAgainstQueries(t, p, out)

	// Every section is there and has a size on the screen.
	for _, id := range []string{"run", "changes", "frameworks", "package-managers", "architecture", "patterns", "async", "boundaries", "trends", "repos",
		"chart-trend_frameworks", "chart-trend_architectures", "chart-async-distribution", "chart-boundaries"} {
		h, err := chromedp.Run(bctx, chromedp.Evaluate[float64](fmt.Sprintf(`(document.getElementById(%q) || {getBoundingClientRect: () => ({height: 0})}).getBoundingClientRect().height`, id)))
		if err != nil || h < 20 {
			t.Errorf("section %s: height %v (%v)", id, h, err)
		}
	}

	// Nothing from the data became markup: the one script is the page's,
	// no image or SVG came from a name, the hostile name reads as text.
	counts, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]int](`({
		scripts: document.scripts.length,
		images: document.images.length,
		svgs: document.querySelectorAll('svg').length,
		handlers: document.querySelectorAll('[onerror],[onload]').length,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if counts["scripts"] != 1 || counts["images"] != 0 || counts["handlers"] != 0 || counts["svgs"] != 2 {
		t.Errorf("markup from the data: %v", counts)
	}
	names, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#repo-table tbody th .name')].map(e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		for _, c := range n {
			if c < 0x20 || c == 0x7f || c == '\u202e' {
				t.Errorf("raw control character %U in %q", c, n)
			}
		}
	}

	// The screenshots and the PDF, kept for a person to look at.
	screenshot(t, bctx, filepath.Join(dir, "report.png"))
	if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	screenshot(t, bctx, filepath.Join(dir, "report-print.png"))
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("not a PDF: %.20q", pdf)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("report, screenshots and PDF in %s", dir)

	t.Cleanup(func() {
		events.mu.Lock()
		defer events.mu.Unlock()
		for _, u := range events.requests {
			if u != url {
				t.Errorf("the page requested %s", u)
			}
		}
		if len(events.requests) == 0 {
			t.Error("no request seen at all: is the network domain listened to?")
		}
		if len(events.exceptions) > 0 || len(events.messages) > 0 {
			t.Errorf("exceptions %q, messages %q", events.exceptions, events.messages)
		}
	})
	return rep, bctx, p
}

// interact sorts and filters the table of repositories as a reader would.
func interact(t *testing.T, bctx context.Context, rep *report.Report) {
	t.Helper()
	// Sorting: Python files, largest first.
	most := rep.Repos[0]
	for _, r := range rep.Repos {
		if r.PythonFiles > most.PythonFiles {
			most = r
		}
	}
	first, err := chromedp.Run(bctx, chromedp.Evaluate[string](`(() => {
		const th = [...document.querySelectorAll('#repo-table thead th')].find(th => th.textContent.trim() === 'Python files');
		th.querySelector('button').click();
		return document.querySelector('#repo-table tbody tr').dataset.repo + ' ' + th.getAttribute('aria-sort');
	})()`))
	if err != nil || first != most.Repo+" descending" {
		t.Errorf("after sorting by Python files: %q (%v), want %q first", first, err, most.Repo)
	}
	// Filtering: by architecture, then by text (in capitals: filters ignore case).
	wantArch := 0
	for _, r := range rep.Repos {
		if r.Architecture == most.Architecture {
			wantArch++
		}
	}
	shown, err := chromedp.Run(bctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const sel = document.getElementById('filter-architecture');
		sel.value = %q;
		sel.dispatchEvent(new Event('change'));
		return [...document.querySelectorAll('#repo-table tbody tr')].filter(r => !r.hidden).length + ' ' + document.getElementById('repo-count').textContent;
	})()`, most.Architecture)))
	if want := fmt.Sprintf("%d %d of %d repositories", wantArch, wantArch, len(rep.Repos)); err != nil || shown != want && wantArch < len(rep.Repos) {
		t.Errorf("architecture filter %s: %q (%v), want %q", most.Architecture, shown, err, want)
	}
	shown, err = chromedp.Run(bctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const sel = document.getElementById('filter-architecture');
		sel.value = '';
		sel.dispatchEvent(new Event('change'));
		const input = document.getElementById('repo-filter');
		input.value = %q;
		input.dispatchEvent(new Event('input'));
		const rows = [...document.querySelectorAll('#repo-table tbody tr')].filter(r => !r.hidden);
		const bad = rows.filter(r => !r.textContent.toLowerCase().includes(input.value.toLowerCase()));
		return rows.map(r => r.dataset.repo).join(',') + (bad.length ? ' and rows without the text' : '');
	})()`, strings.ToUpper(most.Repo))))
	if err != nil || !slices.Contains(strings.Split(shown, ","), most.Repo) || strings.Contains(shown, "without") {
		t.Errorf("text filter %q: %q (%v)", strings.ToUpper(most.Repo), shown, err)
	}
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(() => { const i = document.getElementById('repo-filter'); i.value = ''; i.dispatchEvent(new Event('input')); return true; })()`)); err != nil {
		t.Fatal(err)
	}
}

// screenshot saves the whole page as a PNG, 1366 pixels wide.
func screenshot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	height, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, height)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 900)); err != nil {
		t.Fatal(err)
	}
}
