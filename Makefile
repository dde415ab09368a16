# ferrojit — every target does its own set-up on a fresh Debian machine (as root).
#   make demo   run the seed examples, timed against plain Python
#   make test   cargo test + pytest
#   make bench  benchmarks against Numba and NumPy (ratios, medians)

SHELL := /bin/bash
PY_SYS ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export LLVM_SYS_191_PREFIX ?= /usr/lib/llvm-19
export CARGO_TERM_COLOR ?= never
STAMPS := .stamps
RUST_SOURCES := $(shell find crates -name '*.rs' -o -name 'Cargo.toml' 2>/dev/null) Cargo.toml pyproject.toml
NATIVE := $(STAMPS)/native

.PHONY: all setup build test test-rust test-python demo bench clean

all: build

# --- system packages (apt) -------------------------------------------------
$(STAMPS)/apt:
	@mkdir -p $(STAMPS)
	@if [ ! -x $(LLVM_SYS_191_PREFIX)/bin/llvm-config ] || ! dpkg -s libzstd-dev zlib1g-dev libpolly-19-dev >/dev/null 2>&1; then \
	  echo "== installing LLVM 19 and build libraries with apt"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq llvm-19-dev libpolly-19-dev libzstd-dev zlib1g-dev >/dev/null; \
	fi
	@# headless Chromium for the browser test of the annotation report (tests/python/test_annotate.py)
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "== installing chromium with apt (browser test of the annotation report)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	fi
	@touch $@

# --- Python virtual environment --------------------------------------------
$(STAMPS)/venv: requirements-dev.txt
	@mkdir -p $(STAMPS)
	@test -x $(PY) || $(PY_SYS) -m venv $(VENV)
	$(PY) -m pip install -q pip==26.3
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

setup: $(STAMPS)/apt $(STAMPS)/venv

# --- the native extension (release build, reused when sources are unchanged) --
$(NATIVE): $(STAMPS)/apt $(STAMPS)/venv $(RUST_SOURCES)
	@echo "== building ferrojit (release)"
	VIRTUAL_ENV=$(abspath $(VENV)) PATH=$(abspath $(VENV))/bin:$$PATH \
	  $(VENV)/bin/maturin develop --release --quiet
	@touch $@

build: $(NATIVE)

# --- tests -----------------------------------------------------------------
test: test-rust test-python

test-rust: $(STAMPS)/apt
	cargo test --release --workspace --exclude ferrojit-python

test-python: $(NATIVE)
	$(PY) -m pytest -q tests/python

# --- the main job: seed examples with timings --------------------------------
demo: $(NATIVE)
	$(PY) examples/run_all.py

bench: $(NATIVE)
	@$(PY) -m pip install -q -r requirements-bench.txt
	$(PY) benchmarks/run.py

clean:
	rm -rf $(STAMPS) target python/ferrojit/_native*.so
