// Package k8s holds the Kubernetes manifests that run pysurvey's nightly
// survey (see README.md). Its tests decode every manifest strictly into the
// Kubernetes API types, so that a misspelt field fails the build rather than
// being dropped by the API server, and check what the API server cannot:
// that the manifests agree with each other and with pysurvey's exit codes,
// flags and run ids. The container scripts are run, with the environment
// the manifests give them, against a stand-in pysurvey.
package k8s

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	sigsjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"
)

// The objects the tests look for by name.
const (
	nightlyName       = "pysurvey-nightly"
	finalizeName      = "pysurvey-finalize"
	settingsName      = "pysurvey-settings"
	scriptsName       = "pysurvey-scripts"
	credentialsName   = "pysurvey-credentials"
	shardContainer    = "shard"
	finalizeContainer = "finalize"
)

// manifests are the decoded files of this directory.
type manifests struct {
	kustomization kustomization
	objects       map[string]any // by file name
	cronJobs      map[string]*batchv1.CronJob
	configMaps    map[string]*corev1.ConfigMap
	accounts      map[string]*corev1.ServiceAccount
	namespaces    map[string]*corev1.Namespace
}

// kustomization holds the fields of kustomization.yaml these manifests use;
// decoding it strictly makes a new field a deliberate change of this test.
type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Namespace  string   `json:"namespace"`
	Resources  []string `json:"resources"`
	Images     []struct {
		Name    string `json:"name"`
		NewName string `json:"newName,omitempty"`
		NewTag  string `json:"newTag,omitempty"`
		Digest  string `json:"digest,omitempty"`
	} `json:"images"`
}

// decodeStrict decodes one YAML document the way the API server's strict
// field validation does: no unknown field (names match case-sensitively, as
// the API server's decoder does and encoding/json does not), no duplicate
// field, every value of its field's type.
func decodeStrict(data []byte, into any) error {
	js, err := sigsyaml.YAMLToJSONStrict(data)
	if err != nil {
		return err
	}
	strict, err := sigsjson.UnmarshalStrict(js, into)
	if err != nil {
		return err
	}
	return errors.Join(strict...)
}

// decodeObject decodes a manifest into the API type its apiVersion and kind
// name. Kinds the survey has no use for (RBAC above all: the pods need no
// API permissions) are refused.
func decodeObject(data []byte) (any, error) {
	if n, err := countDocuments(data); err != nil {
		return nil, err
	} else if n != 1 {
		return nil, fmt.Errorf("%d YAML documents: one resource per file", n)
	}
	js, err := sigsyaml.YAMLToJSONStrict(data)
	if err != nil {
		return nil, err
	}
	var meta metav1.TypeMeta
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(js, &meta); err != nil {
		return nil, err
	}
	var obj any
	switch meta.APIVersion + " " + meta.Kind {
	case "batch/v1 CronJob":
		obj = &batchv1.CronJob{}
	case "v1 ConfigMap":
		obj = &corev1.ConfigMap{}
	case "v1 ServiceAccount":
		obj = &corev1.ServiceAccount{}
	case "v1 Namespace":
		obj = &corev1.Namespace{}
	default:
		return nil, fmt.Errorf("apiVersion %q kind %q: not a kind these manifests use", meta.APIVersion, meta.Kind)
	}
	if err := decodeStrict(data, obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// countDocuments counts the YAML documents of data.
func countDocuments(data []byte) (int, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	n := 0
	for {
		var node yaml.Node
		err := dec.Decode(&node)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// loadManifests decodes kustomization.yaml and every resource it lists,
// failing the test on the first file that does not decode strictly.
func loadManifests(t *testing.T) *manifests {
	t.Helper()
	m := &manifests{
		objects:    map[string]any{},
		cronJobs:   map[string]*batchv1.CronJob{},
		configMaps: map[string]*corev1.ConfigMap{},
		accounts:   map[string]*corev1.ServiceAccount{},
		namespaces: map[string]*corev1.Namespace{},
	}
	data, err := os.ReadFile("kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := decodeStrict(data, &m.kustomization); err != nil {
		t.Fatalf("kustomization.yaml: %v", err)
	}
	for _, file := range m.kustomization.Resources {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("kustomization.yaml lists %s: %v", file, err)
		}
		obj, err := decodeObject(data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		m.objects[file] = obj
		var meta *metav1.ObjectMeta
		switch o := obj.(type) {
		case *batchv1.CronJob:
			m.cronJobs[o.Name] = o
			meta = &o.ObjectMeta
		case *corev1.ConfigMap:
			m.configMaps[o.Name] = o
			meta = &o.ObjectMeta
		case *corev1.ServiceAccount:
			m.accounts[o.Name] = o
			meta = &o.ObjectMeta
		case *corev1.Namespace:
			m.namespaces[o.Name] = o
			meta = &o.ObjectMeta
		}
		if errs := validation.IsDNS1123Subdomain(meta.Name); len(errs) > 0 {
			t.Errorf("%s: name %q: %s", file, meta.Name, strings.Join(errs, "; "))
		}
		if meta.Namespace != "" {
			t.Errorf("%s: metadata.namespace %q: kustomization.yaml sets the namespace of every object", file, meta.Namespace)
		}
	}
	return m
}

// cronJob returns the CronJob named name.
func (m *manifests) cronJob(t *testing.T, name string) *batchv1.CronJob {
	t.Helper()
	cj, ok := m.cronJobs[name]
	if !ok {
		t.Fatalf("no CronJob %s in the manifests", name)
	}
	return cj
}

// configMap returns the ConfigMap named name.
func (m *manifests) configMap(t *testing.T, name string) *corev1.ConfigMap {
	t.Helper()
	cm, ok := m.configMaps[name]
	if !ok {
		t.Fatalf("no ConfigMap %s in the manifests", name)
	}
	return cm
}

// container returns the container named name of the CronJob's pods.
func container(t *testing.T, cj *batchv1.CronJob, name string) *corev1.Container {
	t.Helper()
	spec := &cj.Spec.JobTemplate.Spec.Template.Spec
	for i := range spec.Containers {
		if spec.Containers[i].Name == name {
			return &spec.Containers[i]
		}
	}
	t.Fatalf("CronJob %s: no container %s", cj.Name, name)
	return nil
}

// envVar returns the container's variable name.
func envVar(t *testing.T, c *corev1.Container, name string) corev1.EnvVar {
	t.Helper()
	for _, e := range c.Env {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("container %s: no env %s", c.Name, name)
	return corev1.EnvVar{}
}

// setting returns a key of pysurvey-settings.
func (m *manifests) setting(t *testing.T, key string) string {
	t.Helper()
	v, ok := m.configMap(t, settingsName).Data[key]
	if !ok {
		t.Fatalf("ConfigMap %s has no key %s", settingsName, key)
	}
	return v
}

// shards returns N, the shards setting.
func (m *manifests) shards(t *testing.T) int32 {
	t.Helper()
	n, err := strconv.ParseInt(m.setting(t, "shards"), 10, 32)
	if err != nil || n < 1 {
		t.Fatalf("%s shards = %q: want a positive number", settingsName, m.setting(t, "shards"))
	}
	return int32(n)
}

// minShards returns the min-shards setting.
func (m *manifests) minShards(t *testing.T) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(m.setting(t, "min-shards"), 64)
	if err != nil || !(f > 0 && f <= 1) {
		t.Fatalf("%s min-shards = %q: want a share in (0, 1]", settingsName, m.setting(t, "min-shards"))
	}
	return f
}

func TestManifestsDecodeStrictly(t *testing.T) {
	m := loadManifests(t)
	if m.kustomization.APIVersion != "kustomize.config.k8s.io/v1beta1" || m.kustomization.Kind != "Kustomization" {
		t.Errorf("kustomization.yaml: apiVersion %q kind %q", m.kustomization.APIVersion, m.kustomization.Kind)
	}
	// Every manifest of the directory is listed, once: an unlisted file
	// would be checked by nobody and applied by nobody.
	files, err := filepath.Glob("*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return f == "kustomization.yaml" })
	listed := slices.Sorted(slices.Values(m.kustomization.Resources))
	if !slices.Equal(files, listed) {
		t.Errorf("kustomization.yaml resources %v; the directory's manifests are %v", m.kustomization.Resources, files)
	}
	if _, ok := m.namespaces[m.kustomization.Namespace]; !ok {
		t.Errorf("kustomization.yaml namespace %q: no Namespace manifest creates it", m.kustomization.Namespace)
	}
}

// TestStrictDecodingRejects shows that the decoding of the tests catches the
// mistakes a lenient decoder lets through.
func TestStrictDecodingRejects(t *testing.T) {
	original, err := os.ReadFile("cronjob-nightly.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decodeObject(original); err != nil {
		t.Fatalf("cronjob-nightly.yaml: %v", err)
	}
	cases := []struct{ name, old, new, want string }{
		{"misspelt field", "backoffLimitPerIndex: 2", "backoffLimitPerIndx: 2", `unknown field "spec.jobTemplate.spec.backoffLimitPerIndx"`},
		{"field in the wrong case", "restartPolicy: Never", "restartpolicy: Never", `unknown field "spec.jobTemplate.spec.template.spec.restartpolicy"`},
		{"misplaced field", "      completionMode: Indexed", "      restartPolicy: Never\n      completionMode: Indexed", `unknown field "spec.jobTemplate.spec.restartPolicy"`},
		{"duplicate field", "      parallelism: 8", "      parallelism: 8\n      parallelism: 8", `key "parallelism" already set`},
		{"malformed quantity", "memory: 2Gi", "memory: 2GB", "quantities must match"},
		{"value of the wrong type", "values: [2]", `values: ["2"]`, "cannot unmarshal string"},
		{"string for a boolean", "readOnlyRootFilesystem: true", `readOnlyRootFilesystem: "true"`, "cannot unmarshal string"},
		{"two documents", "apiVersion: batch/v1", "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\napiVersion: batch/v1", "2 YAML documents"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !bytes.Contains(original, []byte(c.old)) {
				t.Fatalf("cronjob-nightly.yaml no longer contains %q", c.old)
			}
			_, err := decodeObject(bytes.Replace(original, []byte(c.old), []byte(c.new), 1))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("decoding with %q: err = %v, want one containing %q", c.new, err, c.want)
			}
		})
	}
}

func TestNightlyJobIsAnIndexedJobOfNShards(t *testing.T) {
	m := loadManifests(t)
	cj := m.cronJob(t, nightlyName)
	job := &cj.Spec.JobTemplate.Spec
	n := m.shards(t)
	if job.CompletionMode == nil || *job.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("completionMode %s, want Indexed: JOB_COMPLETION_INDEX is the shard", ptrString(job.CompletionMode))
	}
	if job.Completions == nil || *job.Completions != n {
		t.Errorf("completions %v, want the %d shards of %s", ptrString(job.Completions), n, settingsName)
	}
	if job.Parallelism == nil || *job.Parallelism != n {
		t.Errorf("parallelism %v, want completions (%d): every shard at once", ptrString(job.Parallelism), n)
	}
	if job.BackoffLimitPerIndex == nil || *job.BackoffLimitPerIndex < 1 {
		t.Errorf("backoffLimitPerIndex %v, want at least 1: a failed shard is retried on its own", ptrString(job.BackoffLimitPerIndex))
	}
	if job.BackoffLimit != nil {
		t.Errorf("backoffLimit %d: with backoffLimitPerIndex it defaults to unbounded; a Job-wide bound would let a few shards' failures stop the others", *job.BackoffLimit)
	}
	// The night is stopped once so many indexes failed that the safety net
	// could not complete it either: with N - ceil(N * min-shards) failures
	// enough shards remain, with one more they do not.
	wantMaxFailed := n - int32(math.Ceil(float64(n)*m.minShards(t)-1e-9))
	if job.MaxFailedIndexes == nil || *job.MaxFailedIndexes != wantMaxFailed {
		t.Errorf("maxFailedIndexes %v, want %d = N - ceil(N * min-shards) for N %d, min-shards %s", ptrString(job.MaxFailedIndexes), wantMaxFailed, n, m.setting(t, "min-shards"))
	}
	if job.ActiveDeadlineSeconds == nil || *job.ActiveDeadlineSeconds <= 0 {
		t.Errorf("activeDeadlineSeconds %v: a night must end", ptrString(job.ActiveDeadlineSeconds))
	}
	if spec := job.Template.Spec; len(spec.Containers) != 1 || len(spec.InitContainers) != 0 {
		t.Errorf("%d containers, %d init containers: one container, whose exit code is the shard's", len(spec.Containers), len(spec.InitContainers))
	}
	if got := container(t, cj, shardContainer).Command; !slices.Equal(got, []string{"/bin/sh", "/opt/pysurvey/shard.sh"}) {
		t.Errorf("shard command %q", got)
	}
}

func TestCronJobsRunOneAtATime(t *testing.T) {
	m := loadManifests(t)
	for _, name := range []string{nightlyName, finalizeName} {
		cj := m.cronJob(t, name)
		// The CronJob controller names Jobs <cronjob>-<minutes>, at most 63
		// characters: the name may have 52.
		if len(cj.Name) > 52 {
			t.Errorf("CronJob %s: name longer than 52 characters", cj.Name)
		}
		if cj.Spec.ConcurrencyPolicy != batchv1.ForbidConcurrent {
			t.Errorf("CronJob %s: concurrencyPolicy %q, want Forbid", name, cj.Spec.ConcurrencyPolicy)
		}
		if d := cj.Spec.StartingDeadlineSeconds; d == nil || *d <= 0 {
			t.Errorf("CronJob %s: startingDeadlineSeconds %v", name, ptrString(d))
		}
		if cj.Spec.SuccessfulJobsHistoryLimit == nil || cj.Spec.FailedJobsHistoryLimit == nil || *cj.Spec.FailedJobsHistoryLimit < 1 {
			t.Errorf("CronJob %s: successfulJobsHistoryLimit %v, failedJobsHistoryLimit %v: keep failed Jobs to read their logs", name,
				ptrString(cj.Spec.SuccessfulJobsHistoryLimit), ptrString(cj.Spec.FailedJobsHistoryLimit))
		}
		if cj.Spec.TimeZone == nil {
			t.Errorf("CronJob %s: no timeZone: the controller's own would decide", name)
		} else if _, err := time.LoadLocation(*cj.Spec.TimeZone); err != nil {
			t.Errorf("CronJob %s: timeZone: %v", name, err)
		}
		if strings.Contains(cj.Spec.Schedule, "TZ") {
			t.Errorf("CronJob %s: schedule %q: the API refuses TZ= and CRON_TZ= with timeZone", name, cj.Spec.Schedule)
		}
		job := &cj.Spec.JobTemplate.Spec
		if job.ActiveDeadlineSeconds == nil || *job.ActiveDeadlineSeconds <= 0 {
			t.Errorf("CronJob %s: activeDeadlineSeconds %v", name, ptrString(job.ActiveDeadlineSeconds))
		}
		if job.PodReplacementPolicy == nil || *job.PodReplacementPolicy != batchv1.Failed {
			t.Errorf("CronJob %s: podReplacementPolicy %s, want Failed: required with a podFailurePolicy, and no replacement writes beside a pod still stopping", name, ptrString(job.PodReplacementPolicy))
		}
	}
}

// policyAction is what the Job controller does with a pod of spec that
// failed with exitCode in container, or with the pod condition condition
// when it is not empty: the action of the first rule that matches
// (PodFailurePolicy's documented semantics), "Count" when none does.
func policyAction(policy *batchv1.PodFailurePolicy, container string, exitCode int32, condition corev1.PodConditionType) batchv1.PodFailurePolicyAction {
	for _, rule := range policy.Rules {
		switch {
		case rule.OnExitCodes != nil && condition == "":
			req := rule.OnExitCodes
			if req.ContainerName != nil && *req.ContainerName != container {
				continue
			}
			in := slices.Contains(req.Values, exitCode)
			if (req.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && in) ||
				(req.Operator == batchv1.PodFailurePolicyOnExitCodesOpNotIn && !in) {
				return rule.Action
			}
		case len(rule.OnPodConditions) > 0 && condition != "":
			for _, p := range rule.OnPodConditions {
				if p.Type == condition && (p.Status == "" || p.Status == corev1.ConditionTrue) {
					return rule.Action
				}
			}
		}
	}
	return batchv1.PodFailurePolicyActionCount
}

func TestPodFailurePolicies(t *testing.T) {
	m := loadManifests(t)
	for name, cname := range map[string]string{nightlyName: shardContainer, finalizeName: finalizeContainer} {
		t.Run(name, func(t *testing.T) {
			cj := m.cronJob(t, name)
			job := &cj.Spec.JobTemplate.Spec
			spec := &job.Template.Spec
			policy := job.PodFailurePolicy
			if policy == nil {
				t.Fatal("no podFailurePolicy")
			}
			// The API server's rules for the policy (it refuses the Job
			// otherwise), checked here where there is no API server.
			if spec.RestartPolicy != corev1.RestartPolicyNever {
				t.Errorf("restartPolicy %q: podFailurePolicy and backoffLimitPerIndex need Never", spec.RestartPolicy)
			}
			if len(policy.Rules) > 20 {
				t.Errorf("%d rules: at most 20", len(policy.Rules))
			}
			for i, rule := range policy.Rules {
				if (rule.OnExitCodes == nil) == (len(rule.OnPodConditions) == 0) {
					t.Errorf("rule %d: one of onExitCodes and onPodConditions, not both or neither", i)
				}
				switch rule.Action {
				case batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyActionIgnore, batchv1.PodFailurePolicyActionCount:
				case batchv1.PodFailurePolicyActionFailIndex:
					if job.BackoffLimitPerIndex == nil {
						t.Errorf("rule %d: FailIndex needs backoffLimitPerIndex", i)
					}
				default:
					t.Errorf("rule %d: unknown action %q", i, rule.Action)
				}
				if req := rule.OnExitCodes; req != nil {
					if req.ContainerName != nil && *req.ContainerName != cname {
						t.Errorf("rule %d: containerName %q: the container is %s", i, *req.ContainerName, cname)
					}
					if len(req.Values) == 0 || len(req.Values) > 255 || !slices.IsSorted(req.Values) || len(slices.Compact(slices.Clone(req.Values))) != len(req.Values) {
						t.Errorf("rule %d: values %v: 1 to 255, sorted, no duplicates", i, req.Values)
					}
					if req.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && slices.Contains(req.Values, 0) {
						t.Errorf("rule %d: 0 in an In rule", i)
					}
				}
			}
			// What each exit code of the container script does.
			want := map[int32]batchv1.PodFailurePolicyAction{
				1:   batchv1.PodFailurePolicyActionCount,   // retry the index (or the finalize Job)
				2:   batchv1.PodFailurePolicyActionFailJob, // usage: retrying cannot help
				130: batchv1.PodFailurePolicyActionCount,   // stopped by SIGTERM
				137: batchv1.PodFailurePolicyActionCount,   // OOM-killed: counts, so it cannot loop
				143: batchv1.PodFailurePolicyActionCount,   // SIGTERM before pysurvey started
			}
			for code, action := range want {
				if got := policyAction(policy, cname, code, ""); got != action {
					t.Errorf("exit %d: %s, want %s", code, got, action)
				}
			}
			// 3, complete with some repositories failed, is turned into 0 by
			// shard.sh (TestShardScript). Were it ever to reach the policy it
			// must not be Ignore (which re-creates the pod without counting:
			// a loop until activeDeadlineSeconds), nor fail the Job or index.
			if got := policyAction(policy, cname, 3, ""); got != batchv1.PodFailurePolicyActionCount {
				t.Errorf("exit 3: %s, want the default Count", got)
			}
			if got := policyAction(policy, cname, 0, corev1.DisruptionTarget); got != batchv1.PodFailurePolicyActionIgnore {
				t.Errorf("a disrupted pod (DisruptionTarget): %s, want Ignore: eviction, preemption and drains use up no retry", got)
			}
		})
	}
}

func TestPodsRunRestricted(t *testing.T) {
	m := loadManifests(t)
	for _, name := range []string{nightlyName, finalizeName} {
		t.Run(name, func(t *testing.T) {
			spec := &m.cronJob(t, name).Spec.JobTemplate.Spec.Template.Spec
			sa, ok := m.accounts[spec.ServiceAccountName]
			if !ok {
				t.Fatalf("serviceAccountName %q: no ServiceAccount manifest", spec.ServiceAccountName)
			}
			if sa.AutomountServiceAccountToken == nil || *sa.AutomountServiceAccountToken {
				t.Errorf("ServiceAccount %s mounts its token", sa.Name)
			}
			if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
				t.Errorf("the pod mounts the ServiceAccount token")
			}
			if spec.EnableServiceLinks == nil || *spec.EnableServiceLinks {
				t.Errorf("enableServiceLinks: the pod gets every service of the namespace as environment variables")
			}
			if spec.HostNetwork || spec.HostPID || spec.HostIPC {
				t.Errorf("the pod shares the host's namespaces")
			}
			psc := spec.SecurityContext
			if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser == 0 {
				t.Errorf("pod securityContext %+v: runAsNonRoot with a non-zero runAsUser", psc)
			}
			if psc == nil || psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
				t.Errorf("pod seccompProfile: want RuntimeDefault")
			}
			volumes := map[string]*corev1.Volume{}
			var emptyDirs resource.Quantity
			for i := range spec.Volumes {
				v := &spec.Volumes[i]
				volumes[v.Name] = v
				switch {
				case v.ConfigMap != nil:
					cm := m.configMap(t, v.ConfigMap.Name)
					for _, item := range v.ConfigMap.Items {
						if _, ok := cm.Data[item.Key]; !ok {
							t.Errorf("volume %s: ConfigMap %s has no key %s", v.Name, cm.Name, item.Key)
						}
					}
				case v.EmptyDir != nil:
					if v.EmptyDir.SizeLimit == nil || v.EmptyDir.Medium == corev1.StorageMediumMemory {
						t.Errorf("volume %s: an emptyDir on disk with a sizeLimit", v.Name)
					} else {
						emptyDirs.Add(*v.EmptyDir.SizeLimit)
					}
				default:
					t.Errorf("volume %s: only configMap and emptyDir volumes (hostPath and the like break the restricted profile)", v.Name)
				}
			}
			for _, c := range spec.Containers {
				sc := c.SecurityContext
				if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
					t.Errorf("container %s: readOnlyRootFilesystem", c.Name)
				}
				if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
					t.Errorf("container %s: runAsNonRoot", c.Name)
				}
				if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || (sc.Privileged != nil && *sc.Privileged) {
					t.Errorf("container %s: allowPrivilegeEscalation: false, not privileged", c.Name)
				}
				if sc == nil || sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0 {
					t.Errorf("container %s: capabilities: drop ALL, add none", c.Name)
				}
				for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourceEphemeralStorage} {
					req, okReq := c.Resources.Requests[r]
					lim, okLim := c.Resources.Limits[r]
					if !okReq || !okLim || lim.Cmp(req) < 0 {
						t.Errorf("container %s: %s request %v, limit %v: both, limit at least the request", c.Name, r, req.String(), lim.String())
					}
				}
				if lim := c.Resources.Limits[corev1.ResourceEphemeralStorage]; lim.Cmp(emptyDirs) < 0 {
					t.Errorf("container %s: ephemeral-storage limit %s below the emptyDirs' %s", c.Name, lim.String(), emptyDirs.String())
				}
				// The root file system is read-only: whatever is written goes
				// to an emptyDir, the working directory included.
				writable := map[string]bool{}
				for _, vm := range c.VolumeMounts {
					v, ok := volumes[vm.Name]
					if !ok {
						t.Errorf("container %s: mount of unknown volume %s", c.Name, vm.Name)
						continue
					}
					if v.EmptyDir != nil && !vm.ReadOnly {
						writable[vm.MountPath] = true
					} else if !vm.ReadOnly {
						t.Errorf("container %s: %s from a %s volume should be readOnly", c.Name, vm.MountPath, volumeKind(v))
					}
				}
				for _, path := range []string{c.WorkingDir, "/tmp"} {
					if !writable[path] {
						t.Errorf("container %s: %s is not a writable emptyDir", c.Name, path)
					}
				}
				for _, e := range c.Env {
					if (e.Name == "TMPDIR" || e.Name == "HOME" || e.Name == "PYSURVEY_CACHE") && !writable[e.Value] {
						t.Errorf("container %s: %s=%s is not a writable emptyDir", c.Name, e.Name, e.Value)
					}
				}
			}
		})
	}
	ns := m.namespaces[m.kustomization.Namespace]
	if ns != nil && ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("Namespace %s: enforce the restricted Pod Security Standard", ns.Name)
	}
}

// volumeKind names the source of a volume for messages.
func volumeKind(v *corev1.Volume) string {
	switch {
	case v.ConfigMap != nil:
		return "configMap"
	case v.Secret != nil:
		return "secret"
	case v.EmptyDir != nil:
		return "emptyDir"
	}
	return "other"
}

func TestShardAndFinalizeAgree(t *testing.T) {
	m := loadManifests(t)
	nightly, finalize := m.cronJob(t, nightlyName), m.cronJob(t, finalizeName)
	shard, fin := container(t, nightly, shardContainer), container(t, finalize, finalizeContainer)

	// One image, tagged in one place.
	if len(m.kustomization.Images) != 1 {
		t.Fatalf("kustomization.yaml images %+v: one image", m.kustomization.Images)
	}
	image := m.kustomization.Images[0]
	for _, c := range []*corev1.Container{shard, fin} {
		if c.Image != image.Name {
			t.Errorf("container %s: image %q, want %q (untagged: kustomization.yaml tags it)", c.Name, c.Image, image.Name)
		}
	}
	if (image.NewTag == "" || image.NewTag == "latest") && image.Digest == "" {
		t.Errorf("kustomization.yaml: image tag %q: pin a version, so that every shard of a night runs the same build", image.NewTag)
	}

	// The same settings, from the same keys.
	for _, name := range []string{"PYSURVEY_OUT", "PYSURVEY_SHARDS"} {
		a, b := envVar(t, shard, name), envVar(t, fin, name)
		ref := a.ValueFrom
		if ref == nil || ref.ConfigMapKeyRef == nil || ref.ConfigMapKeyRef.Name != settingsName || b.ValueFrom == nil || b.ValueFrom.ConfigMapKeyRef == nil ||
			*ref.ConfigMapKeyRef != *b.ValueFrom.ConfigMapKeyRef {
			t.Errorf("%s: shard %+v, finalize %+v: both from one key of %s", name, a.ValueFrom, b.ValueFrom, settingsName)
			continue
		}
		if _, ok := m.configMap(t, settingsName).Data[ref.ConfigMapKeyRef.Key]; !ok {
			t.Errorf("%s: %s has no key %s", name, settingsName, ref.ConfigMapKeyRef.Key)
		}
	}

	// The run id is the Job's name, from the label the Job controller puts
	// on its pods; the safety net reads its own Job's name the same way.
	for _, e := range []corev1.EnvVar{envVar(t, shard, "PYSURVEY_RUN_ID"), envVar(t, fin, "PYSURVEY_JOB_NAME")} {
		want := fmt.Sprintf("metadata.labels['%s']", batchv1.JobNameLabel)
		if e.ValueFrom == nil || e.ValueFrom.FieldRef == nil || e.ValueFrom.FieldRef.FieldPath != want {
			t.Errorf("%s: %+v, want the downward API field %s", e.Name, e.ValueFrom, want)
		}
	}
	if got := envVar(t, fin, "PYSURVEY_NIGHTLY_CRONJOB").Value; got != nightly.Name {
		t.Errorf("PYSURVEY_NIGHTLY_CRONJOB %q, want %q", got, nightly.Name)
	}

	// Credentials come from a Secret the user creates, as README.md says.
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*corev1.Container{shard, fin} {
		secrets := 0
		for _, ef := range c.EnvFrom {
			if ef.SecretRef != nil {
				secrets++
				if !bytes.Contains(readme, []byte("kubectl -n "+m.kustomization.Namespace+" create secret generic "+ef.SecretRef.Name)) {
					t.Errorf("container %s: Secret %s is not in the manifests, and README.md does not say how to create it", c.Name, ef.SecretRef.Name)
				}
			}
			if ef.ConfigMapRef != nil {
				t.Errorf("container %s: envFrom ConfigMap %s: name each setting", c.Name, ef.ConfigMapRef.Name)
			}
		}
		if secrets != 1 {
			t.Errorf("container %s: %d Secrets in envFrom, want %s", c.Name, secrets, credentialsName)
		}
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				t.Errorf("container %s: %s from a Secret key: keep credentials in %s", c.Name, e.Name, credentialsName)
			}
		}
	}
}

func TestSettings(t *testing.T) {
	m := loadManifests(t)
	m.shards(t)
	m.minShards(t)
	out := m.setting(t, "out")
	scheme, rest, ok := strings.Cut(out, "://")
	if !ok || !slices.Contains([]string{"s3", "gs", "azblob"}, scheme) || rest == "" {
		t.Errorf("out %q: an s3://, gs:// or azblob:// URL: a pod's own file system is gone when it ends", out)
	}
	// A ConfigMap is no place for a credential, and the URL is logged.
	host, query, _ := strings.Cut(rest, "?")
	lower := strings.ToLower(query)
	for _, word := range []string{"sig=", "key", "secret", "token", "password"} {
		if strings.Contains(lower, word) {
			t.Errorf("out %q: its query looks like it holds a credential (%s); credentials go in %s", out, word, credentialsName)
		}
	}
	if strings.Contains(host, "@") {
		t.Errorf("out %q: user information in the URL; credentials go in %s", out, credentialsName)
	}
	if args := m.setting(t, "repos-args"); args == "" {
		if strings.TrimSpace(m.setting(t, "repos.txt")) == "" {
			t.Errorf("repos-args is empty and repos.txt lists nothing")
		}
	} else if !strings.HasPrefix(args, "--") {
		t.Errorf("repos-args %q: the flags of pysurvey repos", args)
	}
}

// dailyMinute parses a schedule of the form "M H * * *" into its minute of
// the day. The timing checks need no more; another form fails the test, to
// be taught here.
func dailyMinute(t *testing.T, schedule string) int {
	t.Helper()
	f := strings.Fields(schedule)
	if len(f) != 5 || f[2] != "*" || f[3] != "*" || f[4] != "*" {
		t.Fatalf("schedule %q: this test knows daily schedules \"M H * * *\"", schedule)
	}
	minute, err1 := strconv.Atoi(f[0])
	hour, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil || minute < 0 || minute > 59 || hour < 0 || hour > 23 {
		t.Fatalf("schedule %q: minute and hour must be numbers", schedule)
	}
	return hour*60 + minute
}

// jobName is the name the CronJob controller gives the Job it starts for the
// schedule time at: <cronjob>-<minutes since the epoch>.
func jobName(cj *batchv1.CronJob, at time.Time) string {
	return fmt.Sprintf("%s-%d", cj.Name, at.Unix()/60)
}

// scheduledOn returns the time the CronJob's daily schedule falls on the
// day of date, in the CronJob's time zone.
func scheduledOn(t *testing.T, cj *batchv1.CronJob, date time.Time) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(*cj.Spec.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	minute := dailyMinute(t, cj.Spec.Schedule)
	return time.Date(date.Year(), date.Month(), date.Day(), minute/60, minute%60, 0, 0, loc)
}

// TestSafetyNetRunsAfterTheNight checks the timing the safety net relies on:
// it starts after every pod of the night has stopped, ends before the next
// night starts, and PYSURVEY_NIGHTLY_OFFSET_MINUTES is the minutes between
// the two schedules on every day (a time zone with daylight saving time
// would break that twice a year).
func TestSafetyNetRunsAfterTheNight(t *testing.T) {
	m := loadManifests(t)
	nightly, finalize := m.cronJob(t, nightlyName), m.cronJob(t, finalizeName)
	offset, err := strconv.Atoi(envVar(t, container(t, finalize, finalizeContainer), "PYSURVEY_NIGHTLY_OFFSET_MINUTES").Value)
	if err != nil {
		t.Fatalf("PYSURVEY_NIGHTLY_OFFSET_MINUTES: %v", err)
	}
	// The night's last pod has stopped by its schedule + starting deadline
	// + active deadline + termination grace period.
	nightEnd := *nightly.Spec.StartingDeadlineSeconds + *nightly.Spec.JobTemplate.Spec.ActiveDeadlineSeconds +
		*nightly.Spec.JobTemplate.Spec.Template.Spec.TerminationGracePeriodSeconds
	if int64(offset)*60 < nightEnd {
		t.Errorf("the safety net starts %d minutes after the night, which may run for %d", offset, (nightEnd+59)/60)
	}
	netEnd := int64(offset)*60 + *finalize.Spec.StartingDeadlineSeconds + *finalize.Spec.JobTemplate.Spec.ActiveDeadlineSeconds +
		*finalize.Spec.JobTemplate.Spec.Template.Spec.TerminationGracePeriodSeconds
	if netEnd >= 24*60*60 {
		t.Errorf("the safety net may still run %d minutes after the night started, past the next night", netEnd/60)
	}
	day := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 3*366; i++ {
		date := day.AddDate(0, 0, i)
		night, net := scheduledOn(t, nightly, date), scheduledOn(t, finalize, date)
		if got := int(net.Sub(night).Minutes()); got != offset {
			t.Fatalf("on %s the safety net is scheduled %d minutes after the night, PYSURVEY_NIGHTLY_OFFSET_MINUTES says %d", date.Format(time.DateOnly), got, offset)
		}
	}
}

// ptrString formats a pointer's value for messages.
func ptrString[T any](p *T) string {
	if p == nil {
		return "<unset>"
	}
	return fmt.Sprint(*p)
}
