package k8s

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// The container scripts run here as Kubernetes would run them: the
// container's command, under a POSIX sh, with the environment the manifests
// give it (settings from the ConfigMap, the downward API's job name and CPU
// request, the Secret's variables), every volume a directory of a temporary
// root, and PATH holding pysurvey only, so that a script using a tool the
// image may lack fails here. pysurvey is a stand-in (this test binary, see
// TestMain) that records how it was called and exits as the case says: the
// flags the scripts pass are those of the contract in README.md, which the
// real binary implements.

// TestMain runs the stand-in pysurvey when the scripts call it, the tests
// otherwise.
func TestMain(m *testing.M) {
	if log := os.Getenv("PYSURVEY_FAKE_LOG"); log != "" {
		os.Exit(fakePysurvey(log))
	}
	os.Exit(m.Run())
}

// invocation is one call of the stand-in pysurvey.
type invocation struct {
	Args []string          `json:"args"`
	Env  map[string]string `json:"env"`
	Dir  string            `json:"dir"`
}

// fakeRepoList is what the stand-in's repos command prints.
const fakeRepoList = "https://github.com/acme/service.git@main\n"

// fakePysurvey records its call in the file log and exits with
// PYSURVEY_FAKE_EXIT_<COMMAND> (0 by default). With PYSURVEY_FAKE_BLOCK set
// to its command it waits for SIGTERM instead and exits 130, as pysurvey
// does when interrupted.
func fakePysurvey(log string) int {
	command := ""
	if len(os.Args) > 1 {
		command = os.Args[1]
	}
	dir, _ := os.Getwd()
	env := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	line, _ := json.Marshal(invocation{Args: os.Args[1:], Env: env, Dir: dir})
	f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return 97
	}
	_, err = f.Write(append(line, '\n'))
	if err := errors.Join(err, f.Close()); err != nil {
		return 97
	}
	if os.Getenv("PYSURVEY_FAKE_BLOCK") == command {
		terminated := make(chan os.Signal, 1)
		signal.Notify(terminated, syscall.SIGTERM)
		if err := os.WriteFile(log+".blocked", nil, 0o600); err != nil {
			return 97
		}
		select {
		case <-terminated:
			if err := os.WriteFile(log+".terminated", nil, 0o600); err != nil {
				return 97
			}
			return 130
		case <-time.After(20 * time.Second):
			return 98
		}
	}
	code := 0
	if s := os.Getenv("PYSURVEY_FAKE_EXIT_" + strings.ToUpper(command)); s != "" {
		code, _ = strconv.Atoi(s)
	}
	if command == "repos" && code == 0 {
		fmt.Print(fakeRepoList)
	}
	return code
}

// testCredentials stand for the keys of the Secret pysurvey-credentials.
var testCredentials = map[string]string{
	"AWS_ACCESS_KEY_ID":     "AKIAFAKEFAKEFAKE0000",
	"AWS_SECRET_ACCESS_KEY": "fake/secret/key/that/must/never/be/printed",
	"GITHUB_TOKEN":          "ghp_fakefakefakefakefakefakefakefake0000",
}

// pod is one container of a CronJob's pods, set up to run its command.
type pod struct {
	t         *testing.T
	m         *manifests
	job       *batchv1.JobSpec
	container *corev1.Container
	root      string // the container's file system: each mount is root+mountPath
	log       string // the stand-in's record of its calls
	bin       string // PATH: the stand-in pysurvey
	jobName   string
	index     string            // JOB_COMPLETION_INDEX, for Indexed Jobs
	extra     map[string]string // test controls added to the environment
	unset     []string          // variables taken out of the environment
	shell     []string          // the shell that runs the command's script
}

// newPod sets up the container of the CronJob's pods, in the Job jobName.
func newPod(t *testing.T, m *manifests, cronJob, containerName, jobName string, shell []string) *pod {
	t.Helper()
	cj := m.cronJob(t, cronJob)
	p := &pod{
		t: t, m: m, job: &cj.Spec.JobTemplate.Spec, container: container(t, cj, containerName),
		root: t.TempDir(), bin: t.TempDir(), jobName: jobName, index: "3",
		extra: map[string]string{}, shell: shell,
	}
	p.log = filepath.Join(t.TempDir(), "calls.jsonl")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(p.bin, "pysurvey")); err != nil {
		t.Fatal(err)
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range p.job.Template.Spec.Volumes {
		volumes[v.Name] = v
	}
	for _, vm := range p.container.VolumeMounts {
		dir := filepath.Join(p.root, vm.MountPath)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if src := volumes[vm.Name].ConfigMap; src != nil {
			cm := m.configMap(t, src.Name)
			files := map[string]string{}
			for k := range cm.Data {
				files[k] = k
			}
			if len(src.Items) > 0 {
				files = map[string]string{}
				for _, item := range src.Items {
					files[item.Key] = item.Path
				}
			}
			for key, path := range files {
				if err := os.WriteFile(filepath.Join(dir, path), []byte(cm.Data[key]), 0o444); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return p
}

// inPod maps a path of the container to the directory standing for it.
func (p *pod) inPod(path string) string {
	best := ""
	for _, vm := range p.container.VolumeMounts {
		if (path == vm.MountPath || strings.HasPrefix(path, vm.MountPath+"/")) && len(vm.MountPath) > len(best) {
			best = vm.MountPath
		}
	}
	if best == "" {
		return path
	}
	return filepath.Join(p.root, path)
}

// fromPod maps a path the stand-in saw back to the container's.
func (p *pod) fromPod(path string) string {
	if rest, ok := strings.CutPrefix(path, p.root); ok {
		return rest
	}
	return path
}

// env is the container's environment as the kubelet would build it: the
// Secret's variables first, then env entries, each resolved, then what
// Kubernetes adds.
func (p *pod) env() []string {
	t := p.t
	t.Helper()
	env := map[string]string{}
	for _, ef := range p.container.EnvFrom {
		if ef.SecretRef != nil {
			for k, v := range testCredentials {
				env[ef.Prefix+k] = v
			}
		}
	}
	for _, e := range p.container.Env {
		if strings.Contains(e.Value, "$(") {
			t.Fatalf("env %s: $(VAR) references are not resolved here", e.Name)
		}
		switch src := e.ValueFrom; {
		case src == nil:
			env[e.Name] = p.inPod(e.Value)
		case src.FieldRef != nil:
			if src.FieldRef.FieldPath != fmt.Sprintf("metadata.labels['%s']", batchv1.JobNameLabel) {
				t.Fatalf("env %s: field %s is not resolved here", e.Name, src.FieldRef.FieldPath)
			}
			env[e.Name] = p.jobName
		case src.ConfigMapKeyRef != nil:
			v, ok := p.m.configMap(t, src.ConfigMapKeyRef.Name).Data[src.ConfigMapKeyRef.Key]
			if !ok {
				t.Fatalf("env %s: ConfigMap %s has no key %s", e.Name, src.ConfigMapKeyRef.Name, src.ConfigMapKeyRef.Key)
			}
			env[e.Name] = v
		case src.ResourceFieldRef != nil:
			env[e.Name] = p.resourceValue(src.ResourceFieldRef)
		default:
			t.Fatalf("env %s: source %+v is not resolved here", e.Name, src)
		}
	}
	if p.job.CompletionMode != nil && *p.job.CompletionMode == batchv1.IndexedCompletion {
		env["JOB_COMPLETION_INDEX"] = p.index
	}
	env["PATH"] = p.bin
	env["PYSURVEY_FAKE_LOG"] = p.log
	maps.Copy(env, p.extra)
	for _, k := range p.unset {
		delete(env, k)
	}
	var list []string
	for k, v := range env {
		list = append(list, k+"="+v)
	}
	return list
}

// resourceValue resolves a downward API resource reference as the kubelet
// does: the quantity divided by the divisor, rounded up.
func (p *pod) resourceValue(ref *corev1.ResourceFieldSelector) string {
	t := p.t
	if ref.ContainerName != "" && ref.ContainerName != p.container.Name {
		t.Fatalf("resourceFieldRef of container %s in container %s", ref.ContainerName, p.container.Name)
	}
	kind, name, _ := strings.Cut(ref.Resource, ".")
	list := p.container.Resources.Requests
	if kind == "limits" {
		list = p.container.Resources.Limits
	}
	q, ok := list[corev1.ResourceName(name)]
	if !ok {
		t.Fatalf("resourceFieldRef %s: the container sets no %s", ref.Resource, ref.Resource)
	}
	divisor := ref.Divisor
	if divisor.IsZero() {
		divisor.Set(1)
	}
	if name == "cpu" {
		return strconv.FormatInt(int64(math.Ceil(float64(q.MilliValue())/float64(divisor.MilliValue()))), 10)
	}
	return strconv.FormatInt(int64(math.Ceil(float64(q.Value())/float64(divisor.Value()))), 10)
}

// command is the container's command, its script mapped into the root.
func (p *pod) command() []string {
	c := p.container.Command
	if len(c) != 2 || c[0] != "/bin/sh" {
		p.t.Fatalf("command %q: want /bin/sh and a script", c)
	}
	return append(slices.Clone(p.shell), p.inPod(c[1]))
}

// result is how a run of the container's command went.
type result struct {
	code   int
	output string
	calls  []invocation
}

// run runs the container's command to its end.
func (p *pod) run() result {
	p.t.Helper()
	cmd := p.start()
	err := cmd.Wait()
	return p.finish(cmd, err)
}

// start starts the container's command.
func (p *pod) start() *exec.Cmd {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	p.t.Cleanup(cancel)
	argv := p.command()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = p.env()
	cmd.Dir = p.inPod(p.container.WorkingDir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	return cmd
}

// finish collects the result of cmd, which Wait returned err for, and
// checks what every run must hold: each line the script printed is a JSON
// log line, and no credential appears in its output or in pysurvey's
// arguments (pysurvey gets them in its environment).
func (p *pod) finish(cmd *exec.Cmd, err error) result {
	t := p.t
	t.Helper()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	r := result{code: cmd.ProcessState.ExitCode(), output: cmd.Stdout.(*bytes.Buffer).String()}
	sc := bufio.NewScanner(strings.NewReader(r.output))
	for sc.Scan() {
		var line struct{ Level, Msg string }
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil || line.Level == "" || line.Msg == "" {
			t.Errorf("output line %q: not a JSON log line with level and msg", sc.Text())
		}
	}
	if data, err := os.ReadFile(p.log); err == nil {
		for line := range strings.Lines(string(data)) {
			var inv invocation
			if err := json.Unmarshal([]byte(line), &inv); err != nil {
				t.Fatalf("stand-in record %q: %v", line, err)
			}
			r.calls = append(r.calls, inv)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	for name, secret := range testCredentials {
		if strings.Contains(r.output, secret) {
			t.Errorf("the output shows %s", name)
		}
		for _, c := range r.calls {
			if strings.Contains(strings.Join(c.Args, " "), secret) {
				t.Errorf("pysurvey %s gets %s in its arguments", c.Args[0], name)
			}
		}
	}
	return r
}

// commands lists the pysurvey commands the run called, in order.
func (r result) commands() []string {
	var cs []string
	for _, c := range r.calls {
		cs = append(cs, c.Args[0])
	}
	return cs
}

// call returns the run's call of command.
func (r result) call(t *testing.T, command string) invocation {
	t.Helper()
	for _, c := range r.calls {
		if c.Args[0] == command {
			return c
		}
	}
	t.Fatalf("pysurvey %s was not called; calls: %v", command, r.commands())
	return invocation{}
}

// flags splits a pysurvey command line into its flags' values; the
// switches it knows take no value.
func flags(t *testing.T, args []string) map[string]string {
	t.Helper()
	switches := map[string]bool{"-q": true, "--if-ready": true}
	values := map[string]string{}
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case switches[a]:
			values[a] = "true"
		case strings.HasPrefix(a, "--") && i+1 < len(args):
			if _, dup := values[a]; dup {
				t.Errorf("flag %s given twice in %q", a, args)
			}
			values[a] = args[i+1]
			i++
		default:
			t.Fatalf("argument %q of %q is not a flag", a, args)
		}
	}
	return values
}

// shells are the POSIX shells the scripts run under here: sh, and bash in
// POSIX mode where it is installed (an image's /bin/sh may be either, or
// busybox's, which keeps to the same POSIX).
func shells(t *testing.T) map[string][]string {
	t.Helper()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	found := map[string][]string{"sh": {sh}}
	if bash, err := exec.LookPath("bash"); err == nil {
		found["bash"] = []string{bash, "--posix"}
	}
	return found
}

func TestShardScript(t *testing.T) {
	const job = nightlyName + "-29475840"
	cases := []struct {
		name      string
		exits     map[string]string // command → the stand-in's exit code
		fixedList bool              // repos-args empty: survey repos.txt
		reposArgs string            // repos-args instead of the settings'
		unset     string
		want      int
		commands  []string
	}{
		{name: "complete", want: 0, commands: []string{"repos", "run", "finalize"}},
		{name: "some repositories failed", exits: map[string]string{"RUN": "3"}, want: 0, commands: []string{"repos", "run", "finalize"}},
		{name: "shard failed", exits: map[string]string{"RUN": "1"}, want: 1, commands: []string{"repos", "run"}},
		{name: "shard usage", exits: map[string]string{"RUN": "2"}, want: 2, commands: []string{"repos", "run"}},
		{name: "shard interrupted", exits: map[string]string{"RUN": "130"}, want: 130, commands: []string{"repos", "run"}},
		{name: "listing failed", exits: map[string]string{"REPOS": "1"}, want: 1, commands: []string{"repos"}},
		{name: "listing usage", exits: map[string]string{"REPOS": "2"}, want: 2, commands: []string{"repos"}},
		{name: "finalize failed", exits: map[string]string{"FINALIZE": "1"}, want: 0, commands: []string{"repos", "run", "finalize"}},
		{name: "finalize usage", exits: map[string]string{"FINALIZE": "2"}, want: 2, commands: []string{"repos", "run", "finalize"}},
		{name: "fixed list", fixedList: true, want: 0, commands: []string{"run", "finalize"}},
		{name: "globs in the listing flags", reposArgs: "--github-org acme --match svc-* --exclude *-sandbox", want: 0, commands: []string{"repos", "run", "finalize"}},
		{name: "no output root", unset: "PYSURVEY_OUT", want: 2},
		{name: "not an Indexed Job", unset: "JOB_COMPLETION_INDEX", want: 2},
	}
	for shellName, shell := range shells(t) {
		for _, c := range cases {
			t.Run(shellName+"/"+c.name, func(t *testing.T) {
				m := loadManifests(t)
				if c.fixedList {
					m.configMap(t, settingsName).Data["repos-args"] = ""
				}
				if c.reposArgs != "" {
					m.configMap(t, settingsName).Data["repos-args"] = c.reposArgs
				}
				p := newPod(t, m, nightlyName, shardContainer, job, shell)
				// Files the globs of repos-args would match, were they expanded.
				for _, name := range []string{"svc-payments", "old-sandbox"} {
					if err := os.WriteFile(filepath.Join(p.inPod(p.container.WorkingDir), name), nil, 0o600); err != nil {
						t.Fatal(err)
					}
				}
				for cmd, code := range c.exits {
					p.extra["PYSURVEY_FAKE_EXIT_"+cmd] = code
				}
				if c.unset != "" {
					p.unset = []string{c.unset}
				}
				r := p.run()
				if r.code != c.want || !slices.Equal(r.commands(), c.commands) {
					t.Fatalf("exit %d after %v, want exit %d after %v; output:\n%s", r.code, r.commands(), c.want, c.commands, r.output)
				}
				if c.unset != "" && !strings.Contains(r.output, c.unset) {
					t.Errorf("the output does not name %s:\n%s", c.unset, r.output)
				}
				if !slices.Contains(r.commands(), "run") {
					return
				}
				checkShardCalls(t, m, p, r, c.fixedList)
			})
		}
	}
}

// checkShardCalls checks the flags and environment shard.sh gave pysurvey.
func checkShardCalls(t *testing.T, m *manifests, p *pod, r result, fixedList bool) {
	t.Helper()
	out, shards := m.setting(t, "out"), strconv.Itoa(int(m.shards(t)))
	if got := strconv.Itoa(int(*p.job.Completions)); got != shards {
		t.Fatalf("completions %s, shards setting %s", got, shards)
	}
	var list string
	if fixedList {
		list = "/etc/pysurvey/repos.txt"
	} else {
		repos := r.call(t, "repos")
		want := append(append([]string{"repos"}, strings.Fields(m.setting(t, "repos-args"))...), "--log-format", "json")
		if !slices.Equal(repos.Args, want) {
			t.Errorf("pysurvey %q, want %q", repos.Args, want)
		}
		if repos.Env["GITHUB_TOKEN"] != testCredentials["GITHUB_TOKEN"] {
			t.Errorf("pysurvey repos gets no GITHUB_TOKEN from the Secret")
		}
		list = "/tmp/repos.txt"
	}
	run := r.call(t, "run")
	f := flags(t, run.Args)
	if got := p.fromPod(f["--repos"]); got != list {
		t.Errorf("--repos %s, want %s", got, list)
	}
	if data, err := os.ReadFile(f["--repos"]); err != nil {
		t.Error(err)
	} else if want := map[bool]string{true: m.setting(t, "repos.txt"), false: fakeRepoList}[fixedList]; string(data) != want {
		t.Errorf("the repo list holds %q, want %q", data, want)
	}
	cpus := p.container.Resources.Requests[corev1.ResourceCPU]
	want := map[string]string{
		"--out": out, "--shards": shards, "--run-id": p.jobName,
		"--cache":   "/var/cache/pysurvey",
		"--workers": strconv.FormatInt(cpus.Value(), 10), "--readers": strconv.FormatInt(cpus.Value(), 10),
		"--progress": "log", "--log-format": "json", "-q": "true",
	}
	for flag, v := range want {
		got := f[flag]
		if flag == "--cache" {
			got = p.fromPod(got)
		}
		if got != v {
			t.Errorf("pysurvey run %s %q, want %q", flag, got, v)
		}
	}
	if len(f) != len(want)+1 {
		t.Errorf("pysurvey run %q: flags beyond %v", run.Args, slices.Sorted(maps.Keys(want)))
	}
	if run.Env["JOB_COMPLETION_INDEX"] != p.index {
		t.Errorf("pysurvey run: JOB_COMPLETION_INDEX %q, want %q", run.Env["JOB_COMPLETION_INDEX"], p.index)
	}
	for k, v := range testCredentials {
		if run.Env[k] != v {
			t.Errorf("pysurvey run: no %s from the Secret", k)
		}
	}
	if p.fromPod(run.Dir) != p.container.WorkingDir {
		t.Errorf("pysurvey run in %s, want %s", p.fromPod(run.Dir), p.container.WorkingDir)
	}
	for _, k := range []string{"TMPDIR", "HOME"} {
		if p.fromPod(run.Env[k]) != "/tmp" {
			t.Errorf("pysurvey run: %s=%s", k, run.Env[k])
		}
	}
	if slices.Contains(r.commands(), "finalize") {
		fin := flags(t, r.call(t, "finalize").Args)
		fin["--cache"] = p.fromPod(fin["--cache"]) // the shard's copy of the bucket, pulled already
		want := map[string]string{"--out": out, "--shards": shards, "--run-id": p.jobName, "--cache": "/var/cache/pysurvey", "--if-ready": "true", "--log-format": "json"}
		if !maps.Equal(fin, want) {
			t.Errorf("pysurvey finalize %v, want %v", fin, want)
		}
	}
}

// TestShardScriptPassesSIGTERM stops the pod while pysurvey runs: the shell,
// PID 1 of the container, must pass SIGTERM on so that pysurvey stops
// cleanly, and must not finalize a shard that did not finish.
func TestShardScriptPassesSIGTERM(t *testing.T) {
	for shellName, shell := range shells(t) {
		t.Run(shellName, func(t *testing.T) {
			m := loadManifests(t)
			p := newPod(t, m, nightlyName, shardContainer, nightlyName+"-29475840", shell)
			p.extra["PYSURVEY_FAKE_BLOCK"] = "run"
			cmd := p.start()
			deadline := time.Now().Add(20 * time.Second)
			for {
				if _, err := os.Stat(p.log + ".blocked"); err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("pysurvey run never started")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			r := p.finish(cmd, cmd.Wait())
			if _, err := os.Stat(p.log + ".terminated"); err != nil {
				t.Errorf("pysurvey run got no SIGTERM: %v", err)
			}
			if r.code != 130 || !slices.Equal(r.commands(), []string{"repos", "run"}) {
				t.Errorf("exit %d after %v, want 130 (pysurvey's) after repos and run; output:\n%s", r.code, r.commands(), r.output)
			}
		})
	}
}

func TestFinalizeScript(t *testing.T) {
	m := loadManifests(t)
	nightly, finalize := m.cronJob(t, nightlyName), m.cronJob(t, finalizeName)
	sh := shells(t)["sh"]
	// The safety net of a night finalizes that night's run, whatever the
	// date: the run id is the name the CronJob controller gave the night's Job.
	for _, day := range []string{"2026-01-01", "2026-03-29", "2026-10-25", "2026-12-31", "2028-02-29"} {
		t.Run(day, func(t *testing.T) {
			date, err := time.Parse(time.DateOnly, day)
			if err != nil {
				t.Fatal(err)
			}
			p := newPod(t, m, finalizeName, finalizeContainer, jobName(finalize, scheduledOn(t, finalize, date)), sh)
			r := p.run()
			if r.code != 0 || !slices.Equal(r.commands(), []string{"finalize"}) {
				t.Fatalf("exit %d after %v; output:\n%s", r.code, r.commands(), r.output)
			}
			got := flags(t, r.call(t, "finalize").Args)
			want := map[string]string{
				"--out": m.setting(t, "out"), "--shards": m.setting(t, "shards"), "--min-shards": m.setting(t, "min-shards"),
				"--run-id": jobName(nightly, scheduledOn(t, nightly, date)), "--log-format": "json",
			}
			if !maps.Equal(got, want) {
				t.Errorf("pysurvey finalize %v, want %v", got, want)
			}
		})
	}
	cases := []struct {
		name, job string
		exit      string
		want      int
		calls     int
	}{
		{"too few shards", finalizeName + "-29476170", "1", 1, 1},
		{"usage", finalizeName + "-29476170", "2", 2, 1},
		{"a Job named by hand", finalizeName + "-manual", "", 2, 0},
		{"a leading zero", finalizeName + "-029476170", "", 2, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newPod(t, m, finalizeName, finalizeContainer, c.job, sh)
			p.extra["PYSURVEY_FAKE_EXIT_FINALIZE"] = c.exit
			r := p.run()
			if r.code != c.want || len(r.calls) != c.calls {
				t.Fatalf("exit %d after %v, want %d after %d calls; output:\n%s", r.code, r.commands(), c.want, c.calls, r.output)
			}
		})
	}
}
