# Paidup — build, run and test. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

GO ?= go
# Builds and tests use Go 1.26.11 (go.mod's toolchain line): govulncheck
# finds vulnerabilities our code reaches in 1.26.8's standard library
# (net/mail, html/template and others) that 1.26.11 fixes. The go command
# fetches it once from the Go module proxy when the machine's Go is older;
# `GOTOOLCHAIN=local make …` builds with the machine's own Go instead.
export GOTOOLCHAIN ?= go1.26.11
DEMO_DB ?= $(HOME)/.local/share/Paidup/demo.db

# Where `go install` puts tools (mailpit, staticcheck, govulncheck): GOBIN,
# else the first GOPATH entry. scripts/deps.sh pins their versions.
GOBIN_DIR := $(or $(shell $(GO) env GOBIN),$(firstword $(subst :, ,$(shell $(GO) env GOPATH)))/bin)

# How long each Fuzz target runs: FUZZTIME, else 3s in `make test` and 60s
# in `make fuzz` (`make fuzz FUZZTIME=10m` for a real hunt; 500x = 500 inputs).
FUZZTIME ?=

# Fyne wants a UTF-8 locale. en_US.UTF-8 is not generated on a minimal Debian;
# C.UTF-8 always is.
export LANG := $(if $(shell locale -a 2>/dev/null | grep -Eix 'en_US\.utf-?8'),en_US.UTF-8,C.UTF-8)

# Go sources to format-check: all but testdata fixtures. xargs -r: gofmt with
# no file arguments would read stdin.
FIND_GO = find . -name '*.go' -not -path './.git/*' -not -path '*/testdata/*' -print0 | xargs -0 -r

.PHONY: fonts windows windows-smoke deps-run deps-test deps-lint build run test test-short lint vet staticcheck vulncheck fuzz bench screenshots package fmt fmt-check clean

deps-run:
	@scripts/deps.sh run

deps-test:
	@scripts/deps.sh test

deps-lint:
	@scripts/deps.sh lint

build:
	$(GO) build -o bin/paidup .

run: deps-run build
	@if [ ! -f "$(DEMO_DB)" ]; then \
		mkdir -p "$$(dirname "$(DEMO_DB)")"; \
		echo "bin/paidup demo --db $(DEMO_DB)"; \
		bin/paidup demo --db "$(DEMO_DB)"; \
	fi
	bin/paidup --db "$(DEMO_DB)"

# The whole suite, what CI runs: formatting, vet, staticcheck, every test
# with the race detector (Xvfb, LibreOffice, mailpit, PostgreSQL and all),
# each Fuzz target for FUZZTIME, then govulncheck. The vulnerability check
# comes last: it fails on what the pinned database knows of the Go
# toolchain and the modules, not on what a change did.
# The race detector instruments our code, not modernc.org's: its SQLite and
# libc are C translated to Go, every memory access of which the detector
# (and checkptr) would follow, making the ledger's tests 20-26 times slower
# (186 s against 7 s for two of them) and CI over its 15 minutes. Our code's
# races are still caught, on its own memory and where it shares any with
# another goroutine; database/sql hands a SQLite connection to one
# goroutine at a time.
RACE_GCFLAGS := modernc.org/...=-race=false -d=checkptr=0

test: deps-test fmt-check vet staticcheck
	PATH="$(GOBIN_DIR):$$PATH" $(GO) test -race -gcflags='$(RACE_GCFLAGS)' -timeout 20m ./...
	@echo "the ledger, application, import, report, reminder and command-line suites again, on a throwaway PostgreSQL cluster:"
	PATH="$(GOBIN_DIR):$$PATH" PAIDUP_TEST_BACKEND=postgres $(GO) test -timeout 20m ./ledger/ ./app/ ./reports/ ./reminders/ ./cli/
	FUZZTIME=$(or $(FUZZTIME),3s) GO=$(GO) scripts/fuzz.sh
	@$(MAKE) --no-print-directory windows-smoke
	@$(MAKE) --no-print-directory vulncheck

# The edit-test loop: no race detector, and no test that needs Xvfb,
# LibreOffice, mailpit or PostgreSQL or builds the real binary (they skip
# in -short mode). Under 90 s with a warm build cache; installs nothing.
test-short:
	$(GO) test -short ./...

# Static checks alone: vet, staticcheck and govulncheck over ./...
lint: deps-lint fmt-check vet staticcheck vulncheck

fmt-check:
	@unformatted=$$($(FIND_GO) gofmt -l); \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt: these files need formatting (run make fmt):"; \
		echo "$$unformatted"; \
		exit 1; \
	fi

vet:
	$(GO) vet ./...

staticcheck: deps-lint
	"$(GOBIN_DIR)/staticcheck" ./...

# govulncheck offline: vuln.go.dev is not needed, the database is the
# golang.org/x/vulndb module from the Go module proxy (a flat folder of OSV
# files, pinned in scripts/deps.sh). It reports the vulnerabilities the code
# can reach, in the modules and in the standard library of the Go toolchain
# in use: those are fixed by a newer Go.
vulncheck: deps-lint
	@db=$$(scripts/deps.sh vulndb); out=$$(mktemp); \
	echo "govulncheck -db file://$$db ./..."; \
	if "$(GOBIN_DIR)/govulncheck" -db "file://$$db" ./... >"$$out" 2>&1; then cat "$$out"; rm -f "$$out"; exit 0; fi; \
	cat "$$out"; \
	if grep -E '^ *Found in: ' "$$out" | grep -vqE '@go[0-9]'; then \
		rm -f "$$out"; echo "govulncheck: a module we depend on is vulnerable: upgrade it (see \"Fixed in\")"; exit 1; \
	fi; \
	rm -f "$$out"; \
	echo "govulncheck: WARNING: every finding above is in the standard library of $$($(GO) env GOVERSION)," \
		"fixed by a newer Go (see \"Fixed in\"); no module of ours is affected. Raise GOTOOLCHAIN at the top" \
		"of this Makefile and go.mod's toolchain line to that Go to clear it."

# Each Fuzz target of every package, one after another, for FUZZTIME (60s).
fuzz:
	FUZZTIME=$(or $(FUZZTIME),60s) GO=$(GO) scripts/fuzz.sh

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

# The Windows build (bin/paidup.exe, cross-built with mingw-w64, with its
# icon), and its smoke test under Wine in a virtual X server: the command
# line on a ledger under a Windows path with spaces and accents, the
# default ledger under %AppData%, the window's first screen.
windows:
	@scripts/deps.sh windows
	scripts/windows.sh bin/paidup.exe

windows-smoke: windows
	xvfb-run -a -s "-screen 0 1280x800x24" scripts/wine_smoke.sh bin/paidup.exe

# The embedded fallback fonts (assets/fonts, committed) rebuilt from
# Debian's Noto fonts: subsets, CJK outlines converted to TrueType.
fonts:
	@scripts/deps.sh fonts
	/usr/bin/python3 scripts/fonts.py assets/fonts

fmt:
	$(FIND_GO) gofmt -w

clean:
	rm -rf bin
