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

.PHONY: all setup build test test-rust test-python test-wheel wheel demo bench compile-cost fuzz clean

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

# --- the self-contained wheel (issue 18; docs/getting-started.md "Wheels") ----
#   dist/ferrojit-*.whl: LLVM linked statically, libzstd and libffi bundled by maturin's
#   auditwheel repair (patchelf), tagged with the manylinux level this machine's glibc gives.
wheel: $(STAMPS)/apt $(STAMPS)/venv $(RUST_SOURCES)
	@echo "== building the wheel (release, stripped)"
	@# the development build's compiled crates, relinked: maturin patches the linked library
	@# in place (patchelf, through a hard link into cargo's output), so the library is
	@# removed before (a fresh link for the wheel) and after (the next build links a clean
	@# one; the installed python/ferrojit/_native*.so is a copy and stays as it is)
	rm -rf dist target/maturin target/release/deps/lib_native.so target/release/lib_native.so
	VIRTUAL_ENV=$(abspath $(VENV)) PATH=$(abspath $(VENV))/bin:$$PATH \
	  $(VENV)/bin/maturin build --release --strip --quiet --out dist
	rm -rf target/maturin target/release/deps/lib_native.so target/release/lib_native.so

# --- tests -----------------------------------------------------------------
test: test-rust test-python test-wheel

test-rust: $(STAMPS)/apt
	FERROJIT_STRICT_INFER=1 cargo test --release --workspace --exclude ferrojit-python

test-python: $(NATIVE)
	FERROJIT_STRICT_INFER=1 $(PY) -m pytest -q tests/python tests/fuzz
	@echo "== the math and array-expression tests again for $(PORTABLE_CPU), NumPy without AVX-512 loops (docs/accuracy.md)"
	FERROJIT_STRICT_INFER=1 FERROJIT_CPU=$(PORTABLE_CPU) NPY_DISABLE_CPU_FEATURES="$(NPY_NO_AVX512)" $(PY) -m pytest -q \
	  tests/python/test_accuracy.py tests/python/test_math.py tests/python/test_array_exprs.py tests/python/test_conversions.py

# the wheel installs into a fresh venv and runs the demo with LLVM hidden (tests/wheel/check.sh)
test-wheel: wheel
	tests/wheel/check.sh $(abspath $(wildcard dist/*.whl)) $(PY_SYS) $(abspath requirements-dev.txt)

# A target CPU without AVX-512 (AVX2 where the host has it), and NumPy's AVX-512 dispatch
# targets by the names this NumPy uses (expanded when the recipe runs, after set-up).
PORTABLE_CPU = $(shell grep -qw avx2 /proc/cpuinfo && echo x86-64-v3 || echo x86-64-v2)
NPY_NO_AVX512 = $(shell $(PY) -c 'import numpy; m = getattr(numpy, "_core", None) or numpy.core; print(" ".join(f for f in m._multiarray_umath.__cpu_dispatch__ if "AVX512" in f or f == "X86_V4"))')

# --- differential random-program fuzzer (docs/fuzzing.md) ---------------------
#   make fuzz N=5000 SEED=7 [JOBS=2] [FUZZ_ARGS=--skip-known]
#   shrinks mismatches into tests/fuzz/regressions/; last line: fuzz: N programs, K mismatches
N ?= 1000
SEED ?= 0
JOBS ?= 1
FUZZ_ARGS ?=
fuzz: $(NATIVE)
	FERROJIT_STRICT_INFER=1 $(PY) -m tests.fuzz -n $(N) --seed $(SEED) -j $(JOBS) $(FUZZ_ARGS)

# --- the main job: seed examples with timings --------------------------------
demo: $(NATIVE)
	$(PY) examples/run_all.py

bench: $(NATIVE)
	@$(PY) -m pip install -q -r requirements-bench.txt
	$(PY) benchmarks/run.py

# instructions per compile of the seed kernels, counted by callgrind (repeatable)
compile-cost: $(NATIVE)
	$(PY) benchmarks/compile_cost.py

clean:
	rm -rf $(STAMPS) target dist python/ferrojit/_native*.so
