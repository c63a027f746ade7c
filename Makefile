# ODOP Mart — two commands: `make run` and `make test`. Both install what is missing first,
# and both can be run again at any time.
SHELL := /bin/bash
.DEFAULT_GOAL := run

TOOLS := $(CURDIR)/.tools
# npm's wasm-opt first: Debian's binaryen (108) builds a WASM that silently fails to hydrate.
export PATH := $(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

CARGO_LEPTOS_VERSION := 0.3.10
BINARYEN_VERSION := 132.0.0
# The wasm-bindgen CLI must match the crate version locked in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/version = |"/, ""); print}' Cargo.lock)

RUN_DB ?= sqlite://odop-mart.db
E2E_PORT ?= 3100

.PHONY: run test tools node browser e2e-deps format-check unit-test e2e-test build bench lint client-budget lighthouse

## make run: build the release app and serve http://127.0.0.1:3000 on SQLite with the demo catalogue
run: tools
	DATABASE_URL=$(RUN_DB) ODOP_SEED_DEMO=1 cargo leptos serve --release

## make test: unit and integration tests (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set), then Playwright
test: tools browser e2e-deps lint unit-test build client-budget e2e-test

tools: node
	@rustup target list --installed | grep -q '^wasm32-unknown-unknown$$' || rustup target add wasm32-unknown-unknown
	@if ! cargo leptos --version 2>/dev/null | grep -q ' $(CARGO_LEPTOS_VERSION)$$'; then \
		echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (about 16 minutes, once)"; \
		cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked; fi
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "no wasm-bindgen in Cargo.lock"; exit 1; }
	@if ! wasm-bindgen --version 2>/dev/null | grep -q ' $(WASM_BINDGEN_VERSION)$$'; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
		CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; fi
	@if ! test -x $(TOOLS)/node_modules/.bin/wasm-opt || ! $(TOOLS)/node_modules/.bin/wasm-opt --version | grep -q '$(basename $(basename $(BINARYEN_VERSION)))'; then \
		echo "installing wasm-opt from npm binaryen $(BINARYEN_VERSION)"; \
		mkdir -p $(TOOLS) && npm install --prefix $(TOOLS) --no-save --no-audit --no-fund binaryen@$(BINARYEN_VERSION); fi

# Node.js and npm come with these machines; install them from Debian where they do not.
node:
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }

browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

e2e-deps:
	@cd end2end && if [ ! -d node_modules/@playwright/test ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; fi

format-check:
	cargo fmt --check

unit-test:
	# Type-erased components, as cargo-leptos uses for debug builds: far smaller test binaries.
	RUSTFLAGS="--cfg erase_components" cargo test --features ssr --locked

build: tools
	cargo leptos build --release
	./scripts/precompress.sh target/site

## make client-budget: WASM + JS a page loads (raw, gzip, brotli); fails over 150 KB brotli
client-budget:
	node scripts/client-size.mjs target/site/pkg

e2e-test:
	cd end2end && E2E_PORT=$(E2E_PORT) npx playwright test

## make lighthouse: Lighthouse 12 mobile scores of the public pages (run on a quiet machine)
lighthouse: tools browser build
	./scripts/lighthouse.sh

## make bench: throughput and latency of public pages, WASM size, server memory
bench: tools build
	./scripts/bench.sh

## make lint: formatting and clippy on the server and the WASM client
lint: tools
	cargo fmt --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --features hydrate --lib --target wasm32-unknown-unknown -- -D warnings
