# Negah: one entry point for building, serving and testing every face.
#   make serve   build whatever is missing (installing tools as needed), serve the page at
#                http://127.0.0.1:8080/ (PORT=… to change)
#   make test    every test: fmt, clippy (native and wasm32), cargo test (native; wasm32 in
#                Node and in headless Chromium), size budget, then the Node tests of the npm
#                package and the headless Chromium end-to-end test (last, so their
#                `# pass`/`# fail` lines close the log)
#   make test-bundlers  the npm package built into an app by Vite, webpack and esbuild, each run
#                in headless Chromium (make test runs the esbuild one only)
#   make size    raw, gzip -9 and Brotli sizes of the page payload and of the npm package (both
#                wasm builds); fails over the page's or the normalizer-only wasm's budget
#   make pkg     build the npm package in pkg/ (npm pack pkg/ to publish)
#   make single  the page as one HTML file (dist/negah.html) that works opened from disk
#   make proptest       the invariant property tests with many random cases (slow; make test
#                       runs a small fixed-seed count)
#   make fuzz           every cargo-fuzz target for 60 s (FUZZ_SECS=… to change; nightly)
#   make pathological   time and peak memory of pathological inputs (examples/pathological.rs)
#   make spark-demo  `negah batch -` as a PySpark RDD.pipe stage over ../shared's news, checked
#                record for record against one process, with both throughputs (skips without
#                ../shared or pyspark; SPARK_PYTHON=… names a Python that has it; docs/batch.md)
#   make scale   CPU time and peak memory of analyze at 100 KB … 50 MB of ../shared's news
#                (SHARED=… to point elsewhere; skipped without it), then the seed article
#                repeated to 1 and 4 MB (linear: a time ratio of 4) and 100,000 × «گفت: »
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080
# The shared development data: next to the main checkout, or one level up from a worktree.
SHARED ?= $(firstword $(wildcard ../shared ../../shared) ../shared)

.PHONY: all build pkg single serve test lint test-rust test-wasm test-wasm-browser test-js test-bundlers size tools tools-browser clean eval-entities eval-quotes proptest fuzz pathological scale spark-demo

all: build

tools:
	@scripts/tools.sh

tools-browser:
	@scripts/tools.sh --browser

build pkg: tools
	@scripts/build.sh

single: build
	@node scripts/single.mjs dist/negah.html

serve: build
	@node scripts/serve.mjs --port $(PORT)

lint: tools
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
	# The normalizer-only wasm (negah/normalize) is the crate without `wasm-analyze`.
	cargo clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings

test-rust:
	cargo test
	# The build without the learned model (rules and licensed lists only) must work too.
	cargo test --no-default-features

test-wasm: tools
	cargo test --target wasm32-unknown-unknown

# The same wasm-bindgen tests in headless Chromium (Debian's chromium and chromedriver).
test-wasm-browser: tools-browser
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm

size: build
	@scripts/size.sh

# The npm package tests; of the bundler builds only esbuild's (the fastest) as a smoke test.
JS_TESTS := tests/js/*.test.mjs tests/bundlers/*.test.mjs tests/e2e/*.test.mjs

test-js: build tools-browser
	NEGAH_BUNDLERS=esbuild node --test $(JS_TESTS)

# The packed package built into a fixture app by Vite, webpack and esbuild, each run in headless
# Chromium.
test-bundlers: build tools-browser
	node --test tests/bundlers/*.test.mjs

test: tools-browser lint test-rust test-wasm test-wasm-browser build
	@scripts/size.sh
	NEGAH_BUNDLERS=esbuild node --test $(JS_TESTS)

PROPTEST_CASES ?= 20000
proptest:
	NEGAH_PROPTEST_RANDOM=1 NEGAH_PROPTEST_CASES=$(PROPTEST_CASES) cargo test --release --test invariants

FUZZ_SECS ?= 60
fuzz:
	@scripts/tools.sh --fuzz
	scripts/fuzz.sh $(FUZZ_SECS)

pathological:
	cargo run --release --example pathological

# Evaluation on the development data in ../shared (not part of `make test`: the project builds
# and tests without ../shared). Entities and person clusters on data/eval/entities_dev.json:
eval-entities:
	cargo build --release
	python3 tools/eval/entities.py

# Quote detection and speaker attribution on ../shared/data/quotes/dev_gold.json:
eval-quotes:
	cargo build --release
	python3 tools/quotes/predict.py $(SHARED)/data/quotes/dev_gold.json -o target/quotes_pred.json
	python3 $(SHARED)/tools/score_quotes.py $(SHARED)/data/quotes/dev_gold.json target/quotes_pred.json

scale:
	cargo run --release --example scale -- $(SHARED)/data/news/articles $(SCALE_ARGS)

clean:
	cargo clean
	rm -rf pkg/* www/pkg www/fonts node_modules

# The Python with pyspark: SPARK_PYTHON, else the venv docs/batch.md sets up, else python3.
SPARK_PYTHON ?= $(firstword $(wildcard /tmp/negah-spark/bin/python) python3)
spark-demo:
	@if [ ! -d "$(SHARED)/data/news/articles" ]; then \
	  echo "spark-demo: skipped: $(SHARED)/data/news/articles is absent (SHARED=… to point elsewhere)"; \
	elif ! $(SPARK_PYTHON) -c 'import pyspark' 2>/dev/null; then \
	  echo "spark-demo: skipped: $(SPARK_PYTHON) has no pyspark (see docs/batch.md: python3 -m venv /tmp/negah-spark && /tmp/negah-spark/bin/pip install pyspark)"; \
	else \
	  cargo build --release && \
	  $(SPARK_PYTHON) tools/spark/pipe_demo.py "$(SHARED)/data/news/articles" $(SPARK_ARGS); \
	fi
