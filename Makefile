# pysurvey — see README.md. Needs Go, gcc (cgo, for the bundled DuckDB) and libdeflate
# (linked statically into the pack reader; the libdeflate target installs it when missing).
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
# A count, not a duration: Go 1.26's fuzz coordinator can fail a target with a spurious
# "context deadline exceeded" when a -fuzztime duration runs out (golang/go#75804, fixed in 1.27).
FUZZTIME ?= 20000x
BENCH_REPO ?=
export CGO_ENABLED := 1

.PHONY: build demo test unit fuzz lint bench clean chromium libdeflate

build: libdeflate
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/pysurvey ./cmd/pysurvey

# Survey the bundled sample into ./survey-out, print the overview and write survey-out/report.html.
demo: build
	./bin/pysurvey run --sample --out ./survey-out
	./bin/pysurvey report --data ./survey-out --out ./survey-out/report.html

# Everything CI runs: lint, unit and end-to-end tests, and each fuzz target briefly.
test: lint unit fuzz

unit: chromium libdeflate
	$(GO) test -count=1 ./...

# Debian's chromium, which the report's browser test (queries/report) opens the report in;
# installed with apt-get when missing (PYSURVEY_CHROMIUM names another browser instead).
chromium:
	@[ -n "$$PYSURVEY_CHROMIUM" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		command -v google-chrome >/dev/null || { echo "installing chromium for the report test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Debian's libdeflate-dev: the header and static library pipeline/gitpack inflates with;
# installed with apt-get when missing.
libdeflate:
	@[ -f /usr/include/libdeflate.h ] || { echo "installing libdeflate-dev for the pack reader"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libdeflate-dev; }

# Runs every Fuzz target of the module for FUZZTIME each (20000 inputs: a few seconds).
fuzz: libdeflate
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

lint: libdeflate
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
	rm -rf bin survey-out artifacts
