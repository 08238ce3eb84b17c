# Paidup — build, run and test. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

GO ?= go
DEMO_DB ?= $(HOME)/.local/share/Paidup/demo.db

# Where `go install` puts tools (mailpit): GOBIN, else the first GOPATH entry.
GOBIN_DIR := $(or $(shell $(GO) env GOBIN),$(firstword $(subst :, ,$(shell $(GO) env GOPATH)))/bin)

# Fyne wants a UTF-8 locale. en_US.UTF-8 is not generated on a minimal Debian;
# C.UTF-8 always is.
export LANG := $(if $(shell locale -a 2>/dev/null | grep -Eix 'en_US\.utf-?8'),en_US.UTF-8,C.UTF-8)

# Go sources to format-check: all but testdata fixtures. xargs -r: gofmt with
# no file arguments would read stdin.
FIND_GO = find . -name '*.go' -not -path './.git/*' -not -path '*/testdata/*' -print0 | xargs -0 -r

.PHONY: deps-run deps-test build run test bench screenshots package fmt clean

deps-run:
	@scripts/deps.sh run

deps-test:
	@scripts/deps.sh test

build:
	$(GO) build -o bin/paidup .

run: deps-run build
	@if [ ! -f "$(DEMO_DB)" ]; then \
		mkdir -p "$$(dirname "$(DEMO_DB)")"; \
		echo "bin/paidup demo --db $(DEMO_DB)"; \
		bin/paidup demo --db "$(DEMO_DB)"; \
	fi
	bin/paidup --db "$(DEMO_DB)"

test: deps-test
	@unformatted=$$($(FIND_GO) gofmt -l); \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt: these files need formatting (run make fmt):"; \
		echo "$$unformatted"; \
		exit 1; \
	fi
	$(GO) vet ./...
	PATH="$(GOBIN_DIR):$$PATH" $(GO) test -race -timeout 20m ./...

bench: build
	scripts/bench.sh

# Every screen rendered to PNG on a demo ledger by Fyne's software renderer
# (no display needed), into docs/screens/.
screenshots:
	scripts/screenshots.sh

# The Linux desktop package (a tarball with the binary, the desktop entry
# and the icon, installed with `make -C <unpacked> install`), from
# FyneApp.toml, by the fyne tool.
FYNE_TOOL ?= fyne.io/tools/cmd/fyne@v1.7.4
package: deps-run
	@cp FyneApp.toml .FyneApp.toml.keep # fyne bumps Build; releases set it on purpose
	$(GO) run $(FYNE_TOOL) package --os linux --release; s=$$?; mv .FyneApp.toml.keep FyneApp.toml; exit $$s
	@ls -l Paidup.tar.xz

fmt:
	$(FIND_GO) gofmt -w

clean:
	rm -rf bin
