# pysurvey — see README.md. Needs Go and gcc (cgo, for the bundled DuckDB).
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
# A count, not a duration: Go 1.26's fuzz coordinator can fail a target with a spurious
# "context deadline exceeded" when a -fuzztime duration runs out (golang/go#75804, fixed in 1.27).
FUZZTIME ?= 20000x
BENCH_REPO ?=
export CGO_ENABLED := 1

.PHONY: build demo test unit fuzz lint bench clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/pysurvey ./cmd/pysurvey

# Survey the bundled sample into ./survey-out and print the overview.
demo: build
	./bin/pysurvey run --sample --out ./survey-out

# Everything CI runs: lint, unit and end-to-end tests, and each fuzz target briefly.
test: lint unit fuzz

unit:
	$(GO) test -count=1 ./...

# Runs every Fuzz target of the module for FUZZTIME each (20000 inputs: a few seconds).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Benchmarks: Go testing.B benchmarks on the fixtures; with BENCH_REPO=path/to/a/git/repository,
# the side-by-side comparisons of bench/compare.sh on that repository instead.
bench: build
	@if [ -n "$(BENCH_REPO)" ]; then ./bench/compare.sh "$(BENCH_REPO)"; \
	else env -u BENCH_REPO $(GO) test -run '^$$' -bench . -benchmem ./...; \
	echo "set BENCH_REPO=path/to/a/git/repository for the side-by-side comparisons"; fi

clean:
	rm -rf bin survey-out
