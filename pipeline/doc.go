// Package pipeline runs a survey: it fetches or opens each repository
// (pipeline/fetch), walks the commit's tree, hands files to the extractors
// on a bounded pool of readers, and streams the facts to Parquet through a
// few writers and one aggregator.
package pipeline
