package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/schema"
)

// TestParquetThroughStores writes a runs file as the pipeline does (built
// under a hidden temporary name in the staging directory, then uploaded),
// brings it back with Sync and reads it with the schema reader: the same
// rows, through a local root and through a bucket.
func TestParquetThroughStores(t *testing.T) {
	f := newFakeS3(t)
	local, _ := openLocalStore(t)
	started := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	rows := []schema.Run{{
		RunID: "20261201T020000Z-abc", StartedAt: started, FinishedAt: started.Add(time.Hour),
		ToolVersion: "test", SchemaVersion: int32(schema.Version), ReposOK: 41, ReposFailed: 1, Status: "complete",
	}}
	key := "runs/run_date=2026-12-01/20261201T020000Z-abc.parquet"
	for name, st := range map[string]Store{"local": local, "s3": f.open("survey")} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			stage, err := Staging(st, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			w, err := schema.NewWriter[schema.Run](schema.RunsTable, filepath.Join(stage, filepath.FromSlash(key)), schema.FileMeta{RunID: rows[0].RunID, ToolVersion: "test"})
			if err != nil {
				t.Fatal(err)
			}
			for i := range rows {
				if err := w.Append(&rows[i]); err != nil {
					t.Fatal(err)
				}
			}
			pending, err := w.Finish()
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Upload(ctx, key, pending.Tmp); err != nil {
				t.Fatal(err)
			}
			cache := t.TempDir()
			if n, _, err := Sync(ctx, st, []string{key}, cache); err != nil || n != 1 {
				t.Fatalf("Sync: %d, %v", n, err)
			}
			got, err := schema.ReadFile[schema.Run](schema.RunsTable, filepath.Join(cache, filepath.FromSlash(key)))
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				got[i].StartedAt, got[i].FinishedAt = got[i].StartedAt.UTC(), got[i].FinishedAt.UTC()
			}
			if !reflect.DeepEqual(got, rows) {
				t.Errorf("read back %+v, want %+v", got, rows)
			}
		})
	}
}
