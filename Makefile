# Spil: `make run` starts the app on development data, `make test` runs every gate.
# Each target installs what it needs first (scripts/bootstrap.sh, idempotent).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

# One feature set everywhere: the app serves ui/dist from inside the binary
# (pitfall 1) and cargo compiles the Tauri stack once, not once per feature set.
APP_FEATURES := --features spil-app/custom-protocol
# `make test` builds the app with the same package selection and dev-dependency
# features as its `cargo test`, so cargo reuses those artifacts; a plain
# `-p spil-app` build unifies features differently and would compile the whole
# Tauri stack a second time (minutes on a cold CI machine).
APP_BUILD = cargo build -p spil-app $(APP_FEATURES)
test: APP_BUILD = cargo build --workspace --exclude spil-e2e --all-targets $(APP_FEATURES)
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"
# The Tauri CLI runs from the root; these tell it where the app and the
# front end are (ui/ is not a parent of src-tauri/), so its hooks run in ui/.
TAURI := TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri

.PHONY: run dev test lint unit pytest privacy-records e2e fmt bindings deb app ui bootstrap table-loss

bootstrap:
	scripts/bootstrap.sh

ui: bootstrap
	npm --prefix ui run build

app: ui
	$(APP_BUILD)

# Development never opens the real vault: its data lives in .dev-data/. On a first
# run it offers a demo vault (.dev-demo/, made by `spil demo`): scripts/run.sh.
run: app
	cargo build -p spil-cli
	scripts/run.sh

# Like `run`, with the Vite dev server and hot reload.
dev: bootstrap
	SPIL_DATA_DIR="$(CURDIR)/.dev-data" $(TAURI) dev

test: lint unit e2e

lint: ui
	cargo fmt --all -- --check
	# The e2e crate is checked in its own cargo run: together, its dependencies'
	# features leak into the app's and Tauri is compiled twice (pitfall 3).
	cargo clippy --workspace --exclude spil-e2e --all-targets $(APP_FEATURES) -- -D warnings
	cargo clippy -p spil-e2e --all-targets -- -D warnings
	npm --prefix ui run check
	npm --prefix ui run lint
	npm --prefix ui run format:check

# Includes the bindings drift check (src-tauri/src/bindings.rs).
unit: ui
	cargo test --workspace --exclude spil-e2e $(APP_FEATURES)
	npm --prefix ui test
	$(MAKE) pytest

# The privacy tests in Python: independent oracles (SciPy's ILP solver, pyCANON,
# pandas) attack what the real `spil` binary exports. The venv lives in target/.
pytest:
	cargo build -p spil-cli
	PYVENV=$$(scripts/pyvenv.sh) && $$PYVENV/bin/python -m pytest -q -p no:cacheprovider tests/python

# What protecting the aggregate tables costs on demo caseloads (docs/PRIVACY.md).
table-loss:
	cargo build -p spil-cli
	scripts/table-loss.sh

# What record anonymisation costs on demo caseloads (the table in docs/PRIVACY.md).
privacy-records:
	cargo build -p spil-cli
	scripts/records-loss.py target/debug/spil

# One window at a time: WebKit start-up is heavy on two cores.
# The merge test makes its record exports with the `spil` command.
e2e: app
	cargo build -p spil-cli
	cargo test -p spil-e2e --no-run
	scripts/e2e.sh
	@echo "screenshots: target/e2e-screenshots/"

fmt:
	cargo fmt --all

# Rewrites ui/src/lib/bindings.ts from the Rust commands; commit the result.
bindings: ui
	SPIL_UPDATE_BINDINGS=1 cargo test -p spil-app $(APP_FEATURES) --lib bindings

# Release .deb in target/release/bundle/deb/. The msi is built on Windows.
# The .deb carries the command-line `spil` (for the regional coordinator's `spil
# merge`, and scripting) as /usr/bin/spil beside the app; tauri.conf.json names
# the release binary this builds.
deb: bootstrap
	cargo build --release -p spil-cli
	$(TAURI) build --bundles deb

# Windows, cross-built here (README: "Installeren op Windows"). Not part of `make
# test`. `make windows` builds the app and `spil.exe` for x86_64-pc-windows-gnu
# with the MinGW-w64 linker and bundles them with Debian's makensis into
# target/windows/Spil-<version>-setup.exe (packaging/windows/spil.nsi).
# `make windows-check` runs spil.exe under Wine against the Linux `spil`, and
# checks the installer. scripts/windows-toolchain.sh installs what is missing.
WINDOWS_TARGET := x86_64-pc-windows-gnu
WINDOWS_CARGO := CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
	cargo build --release --target $(WINDOWS_TARGET)
WINDOWS_SETUP = target/windows/Spil-$(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -1)-setup.exe
.PHONY: windows windows-toolchain windows-cli windows-app windows-check

windows-toolchain:
	scripts/windows-toolchain.sh

windows-cli: windows-toolchain
	$(WINDOWS_CARGO) -p spil-cli

windows-app: windows-toolchain ui
	$(WINDOWS_CARGO) -p spil-app $(APP_FEATURES)

windows: windows-cli windows-app
	scripts/windows-installer.sh

# The app's own figures (docs/PERFORMANCE.md, "The app"): the release app from
# `make deb` under Xvfb, three launches on a 5,000-trajectory demo vault, medians of
# start → first screen, unlock → overview painted, Argon2id alone, and the memory
# (PSS) of every app process on the overview and after 320 screen switches.
.PHONY: bench-app
bench-app: deb
	cargo build -p spil-e2e --tests
	SPIL_APP_BIN=$(CURDIR)/target/release/spil-app SPIL_BIN=$(CURDIR)/target/release/spil \
	  SPIL_E2E_TIMEOUT=$${SPIL_E2E_TIMEOUT:-1800} \
	  $(XVFB) cargo test -p spil-e2e --test app_perf -- --ignored --nocapture

windows-check: windows
	scripts/windows-check.sh $(WINDOWS_SETUP)

# Benchmarks, not tests: nothing asserts on time (docs/PERFORMANCE.md). `spil bench`
# prints the encrypted-vs-plain table (N = 1k, 10k, 100k; about 5 minutes on 2 cores),
# then criterion times the read paths at 1k and 10k (SPIL_BENCH_SIZES to change).
.PHONY: bench
bench:
	cargo build --release -p spil-cli
	target/release/spil bench
	cargo bench -p spil-core --features bench --bench store

# Hostile input: coverage-guided fuzzing of every parser of outside input (CSV import,
# key file, backup file, `spil merge` input), FUZZ_SECONDS per target. Not part of
# `make test`. cargo-fuzz passes nightly-only flags (-Zsanitizer); RUSTC_BOOTSTRAP=1
# lets the one stable toolchain accept them. New inputs go to fuzz/scratch/ (ignored);
# the committed seeds in fuzz/corpus/ stay small. Any crash fails the target.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := csv_import keyfile backup_header merge_input
.PHONY: fuzz
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p scratch/$$t && \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run -O $$t scratch/$$t corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=4096 || exit 1; \
	done

# The crash harness at full strength: 1,000 SIGKILLed writers and 1,000 interrupted
# passphrase changes and key rotations (`make test` runs 50 of each).
.PHONY: crash
crash:
	SPIL_CRASH_TRIALS=1000 cargo test -p spil-core --test crash
