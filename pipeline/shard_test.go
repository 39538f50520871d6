package pipeline_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/schema/history"
)

// shardRun surveys one shard of a list, as a shard of an Indexed Job does.
func shardRun(ctx context.Context, repoList, out, runID string, shard, shards int) (pipeline.Summary, error) {
	return interpretedRun(ctx, repoList, pipeline.Config{Out: out, RunID: runID, Shards: shards, Shard: shard})
}

// TestShardChild is the child of TestShardsAddUpToTheWholeRun.
func TestShardChild(t *testing.T) {
	out := os.Getenv("PYSURVEY_SHARD_OUT")
	if out == "" {
		t.Skip("runs only as the child of TestShardsAddUpToTheWholeRun")
	}
	b, _ := os.ReadFile(filepath.Join(out, "..", "list.txt"))
	shardRun(context.Background(), string(b), out, "nightly-29412345", 1, 4)
}

// TestShardsAddUpToTheWholeRun surveys a list as 4 shards into one output,
// one of them killed midway and started again, and finalizes: the result
// equals an unsharded run's, with no row twice; finalize refuses while a
// shard is missing, naming it.
func TestShardsAddUpToTheWholeRun(t *testing.T) {
	list := resumeList(t)
	whole := filepath.Join(t.TempDir(), "whole")
	if _, err := surveyList(context.Background(), list, whole, ""); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	out := filepath.Join(root, "out")
	os.WriteFile(filepath.Join(root, "list.txt"), []byte(list), 0o644)
	const runID, shards = "nightly-29412345", 4
	ctx := context.Background()
	for _, shard := range []int{0, 2, 3} {
		if _, err := shardRun(ctx, list, out, runID, shard, shards); err != nil {
			t.Fatalf("shard %d: %v", shard, err)
		}
	}
	_, err := history.Finalize(out, history.FinalizeOptions{RunID: runID, Shards: shards, MinOK: 0.9})
	if !errors.Is(err, history.ErrShardsMissing) || !strings.Contains(err.Error(), ": 1 of 4") {
		t.Fatalf("finalize with shard 1 missing: %v", err)
	}
	// Shard 1 is killed once it committed a part, then started again.
	cmd := exec.Command(os.Args[0], "-test.run=^TestShardChild$")
	cmd.Env = append(os.Environ(), "PYSURVEY_SHARD_OUT="+out)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if parts, _ := filepath.Glob(filepath.Join(out, "repos", "*", runID+"-s0001-p*.parquet")); len(parts) >= 1 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	for range 2 { // started again, twice: the second finds it done
		if _, err := shardRun(ctx, list, out, runID, 1, shards); err != nil {
			t.Fatalf("shard 1 again: %v", err)
		}
	}
	res, err := history.Finalize(out, history.FinalizeOptions{RunID: runID, Shards: shards, MinOK: 0.9})
	if err != nil || res.Run.Status != "complete" || res.Run.Shards != shards {
		t.Fatalf("finalize: %+v %v", res, err)
	}
	if again, err := history.Finalize(out, history.FinalizeOptions{RunID: runID, Shards: shards}); err != nil || !again.Already {
		t.Errorf("finalizing again: %+v %v", again, err)
	}
	if got, want := surveyRows(t, out), surveyRows(t, whole); got != want {
		t.Errorf("the sharded run differs from the whole run:\n got %s\nwant %s", got, want)
	}
	marks, _ := filepath.Glob(filepath.Join(out, "shards", "*", "*.parquet"))
	if len(marks) != shards {
		t.Errorf("shard marks: %v", marks)
	}
}
