package schema

import "math"

// The Clean methods make a row acceptable to the writer where its values
// come from outside pysurvey (repository contents, git metadata, error
// messages): text goes through CleanText, which keeps valid text as it is;
// other values out of range become their documented empty value. Paths
// must already be escaped (EscapePath) where they are made, since
// CleanText is not reversible; for them it is a safety net only.

// clean replaces each text with CleanText of it.
func clean(texts ...*string) {
	for _, s := range texts {
		if CheckText(*s) != nil {
			*s = CleanText(*s)
		}
	}
}

// Clean makes the key's text acceptable to the writer.
func (k *RepoKey) Clean() { clean(&k.RunID, &k.Repo) }

// Clean makes the key's text acceptable to the writer.
func (k *FileKey) Clean() {
	k.RepoKey.Clean()
	clean(&k.Path)
}

// Clean makes the row's text acceptable to the writer.
func (r *Run) Clean() {
	clean(&r.RunID, &r.ToolVersion, &r.Status, &r.Extractors, &r.FactOptions, &r.CatalogHash, &r.ShardsMissing)
}

// Clean makes the row's text acceptable to the writer.
func (r *Shard) Clean() {
	clean(&r.RunID, &r.Parts, &r.ToolVersion, &r.Extractors, &r.FactOptions, &r.CatalogHash)
}

// Clean makes the row acceptable to the writer; a commit time outside
// years 1 to 9999 (git takes any number of seconds) becomes null.
func (r *Repo) Clean() {
	r.RepoKey.Clean()
	clean(&r.Source, &r.Ref, &r.Commit, &r.Status, &r.Error, &r.ReusedFrom, &r.Part)
	if r.CommitTime != nil && CheckTime(*r.CommitTime) != nil {
		r.CommitTime = nil
	}
}

// Clean makes the row's text acceptable to the writer.
func (r *File) Clean() {
	r.FileKey.Clean()
	clean(&r.Commit, &r.Kind, &r.SkippedReason, &r.Error, &r.Extractors)
	if r.PythonCounts != nil {
		r.PythonCounts.Clean()
	}
}

// Clean makes the counts' text acceptable to the writer.
func (c *PythonCounts) Clean() { clean(&c.ParseStatus) }

// Clean makes the row's text acceptable to the writer.
func (r *Import) Clean() {
	r.FileKey.Clean()
	clean(&r.Kind, &r.Module, &r.Name, &r.Alias)
}

// Clean makes the row's text acceptable to the writer.
func (r *Symbol) Clean() {
	r.FileKey.Clean()
	clean(&r.Kind, &r.Name, &r.Owner)
}

// Clean makes the row's text acceptable to the writer.
func (r *Dependency) Clean() {
	r.FileKey.Clean()
	clean(&r.Manager, &r.Group, &r.Name, &r.RawName, &r.Extras, &r.Specifier, &r.Marker, &r.Source, &r.Error)
}

// Clean makes the row's text acceptable to the writer.
func (r *Project) Clean() {
	r.RepoKey.Clean()
	clean(&r.Root, &r.Manifests, &r.Managers, &r.Name, &r.Version, &r.RequiresPython, &r.BuildBackend)
}

// Clean makes the row acceptable to the writer; an async share that is
// not a finite number becomes 0.
func (r *RepoSummary) Clean() {
	r.RepoKey.Clean()
	clean(&r.Commit, &r.PrimaryFramework, &r.Frameworks, &r.PackageManagers, &r.Architecture, &r.ArchitectureEvidence,
		&r.ORMs, &r.APIStyles, &r.DI, &r.TaskQueues)
	if math.IsNaN(r.AsyncShare) || math.IsInf(r.AsyncShare, 0) {
		r.AsyncShare = 0
	}
}

// Clean makes the row's text acceptable to the writer.
func (r *RepoPattern) Clean() {
	r.RepoKey.Clean()
	clean(&r.Category, &r.Pattern, &r.Signals)
}

// Clean makes the row's text acceptable to the writer.
func (r *PatternHit) Clean() {
	r.RepoKey.Clean()
	clean(&r.Category, &r.Pattern, &r.SignalKind, &r.SignalValue, &r.Path)
}

// Clean makes the row's text acceptable to the writer.
func (r *RepoImport) Clean() {
	r.RepoKey.Clean()
	clean(&r.Module)
}
