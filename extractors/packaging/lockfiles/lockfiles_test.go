package lockfiles

import (
	"context"
	"testing"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/packaging/internal/testutil"
)

func TestExtract(t *testing.T) {
	tests := []struct{ path, want string }{
		{"poetry.lock", "root= manifests=poetry.lock managers=poetry name= version= python= backend= counted=true"},
		{"svc/pdm.lock", "root=svc manifests=pdm.lock managers=pdm name= version= python= backend= counted=true"},
		{"a/b/uv.lock", "root=a/b manifests=uv.lock managers=uv name= version= python= backend= counted=true"},
		{"examples/x/Pipfile.lock", "root=examples/x manifests=Pipfile.lock managers=pipenv name= version= python= backend= counted=false"},
	}
	for _, tt := range tests {
		if !New().Wants(tt.path) || extractors.KindOf(tt.path) != extractors.KindLockfile {
			t.Errorf("Wants(%q) = false or not a lockfile kind", tt.path)
		}
		facts, err := New().Extract(context.Background(), &extractors.File{Path: tt.path})
		if err != nil {
			t.Fatal(err)
		}
		if got := testutil.Projects(facts.Projects); len(got) != 1 || got[0] != tt.want || len(facts.Dependencies) != 0 {
			t.Errorf("%s: projects = %q, want %q", tt.path, got, tt.want)
		}
	}
	for _, p := range []string{"requirements.lock", "package-lock.json", "py.typed"} {
		if New().Wants(p) {
			t.Errorf("Wants(%q) = true", p)
		}
	}
}
