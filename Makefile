SHELL := /bin/bash
# The two commands a new user needs: `make run` and `make test`.
GO      ?= go
BIN     := bin/manifestd
DB      ?= data/manifestd.db
ADDR    ?= localhost:8080
TEMPL   := $(GO) tool templ
TAGS    := browser

.PHONY: run build generate generate-check vet staticcheck lint unit race browser test fuzz bench load clean

## run: build and serve on http://localhost:8080 with the database under ./data
run: build
	./$(BIN) serve -addr $(ADDR) -db $(DB)

## build: compile the single binary into bin/
build:
	$(GO) build -o $(BIN) ./cmd/manifestd

## generate: regenerate the templ components
generate:
	$(TEMPL) generate

## generate-check: fail when the committed templ code is stale
generate-check:
	@before=$$(find . -name '*_templ.go' -not -path './data/*' | sort | xargs -r sha256sum); \
	$(TEMPL) generate >/dev/null 2>&1 || { echo "templ generate failed"; $(TEMPL) generate; exit 1; }; \
	after=$$(find . -name '*_templ.go' -not -path './data/*' | sort | xargs -r sha256sum); \
	if [ "$$before" != "$$after" ]; then echo "generated templ code was stale: run 'make generate' and commit the result"; exit 1; fi; \
	echo "generated templ code is current"

vet:
	$(GO) vet ./...
	$(GO) vet -tags $(TAGS) ./...

staticcheck:
	$(GO) tool staticcheck -tags $(TAGS) ./...

## lint: go vet and staticcheck
lint: vet staticcheck

unit:
	$(GO) test -count=1 ./...

## race: the unit tests under the race detector (needs a C compiler for cgo)
race:
	@if command -v "$$($(GO) env CC)" >/dev/null 2>&1; then \
		CGO_ENABLED=1 $(GO) test -race -count=1 ./...; \
	elif [ -n "$$CI" ]; then echo "race: no C compiler ($$($(GO) env CC)); .ci/run installs gcc"; exit 1; \
	else echo "race: skipped, no C compiler found (apt-get install gcc to run it)"; fi

## browser: end-to-end tests in headless Chromium (skip without Chromium unless REQUIRE_BROWSER=1)
browser:
	$(GO) test -count=1 -tags $(TAGS) -run Browser -v ./web/

## test: everything CI runs
test: generate-check vet staticcheck unit race browser

## fuzz: a short run of the manifest fuzzer (FUZZTIME=60s for longer)
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run x -fuzz FuzzDecodeValidateFormat -fuzztime $(FUZZTIME) ./manifest

## bench: the benchmarks behind the figures in the notes
bench:
	$(GO) test -run x -bench . -benchmem ./manifest ./web ./store

## load: the load figures against their goals, beside peers in the same run (QUICK=1: a short try;
##       POSTGRES=throwaway or a URL: autosave and lists on PostgreSQL too, one and two instances; LOADFLAGS=... more)
load:
	$(GO) run ./cmd/manifestload $(if $(QUICK),-quick) $(if $(POSTGRES),-postgres $(POSTGRES)) $(LOADFLAGS)

clean:
	rm -rf bin
