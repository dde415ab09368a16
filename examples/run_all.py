#!/usr/bin/env python3
"""Run the seed examples that work in this slice of ferrojit (`make demo`).

Each example is a small file in this folder with a `main()` that prints its timings
(plain Python, ferrojit's first call with compile included, ferrojit's later calls),
checks its results against CPython and returns True when they agree. This driver runs
them in order, prints OK / MISMATCH / ERROR for each, and exits non-zero if any example
did not come out OK.

    python examples/run_all.py [NAME ...]     # e.g. seed001_fib; default: all of them
"""

import importlib
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))

# (module in this folder, what it shows). Add new seeds here as the subset grows. The
# issue-21 programs are written as Numba programs (`import ferrojit as numba`).
EXAMPLES = [
    ("seed000_addarr", "seed 000: addarr on 1e6 float64 and uint8 values, next to NumPy's a + b"),
    ("seed000_build_graph", "seed 000: skan's build_graph on the seed's 7x9 skeleton"),
    ("seed001_fib", "seed 001: fib, as `fibj = jit(fib)` and as `@jit`"),
    ("seed001_fib_obj", "seed 001: fib over a custom class: a compile error, or object mode"),
    ("seed001_annotate", "seed 001: `ferrojit --annotate-html fib.html fib.py`, the annotation report"),
    ("seed001_pdist", "seed 001: pdist_python, the naive triple loop, next to pdist_numpy"),
    ("seed002_nogil_search", "seed 002: window search with nogil=True on a ThreadPoolExecutor"),
    ("seed003_softmax_scalar", "seed 003: softmax loops, compiled eagerly from signatures"),
    ("seed000_lowlevelcallable", "seed 000: scipy LowLevelCallable filters and quad integrands (cfunc, carray)"),
    ("seed002_integral_search", "seed 002: the integral-image window search (slices, array arithmetic, tuples)"),
    ("seed003_softmax", "seed 003: softmax on a float64 array (np.exp on arrays)"),
    ("heat_stencil", "issue 21: the heat equation on a plate, a @stencil time step in an @njit loop"),
    ("black_scholes_vectorize", "issue 21: Black-Scholes prices as @vectorize ufuncs, target='cpu' and 'parallel'"),
    ("rolling_zscore_guvectorize", "issue 21: moving mean and rolling z-scores of price series with @guvectorize"),
    ("primes_and_words_lists", "issue 13: lists: a sieve's primes, word statistics with split/sort/join, a reflected list argument"),
]

# Seed code that runs here but not yet as the seed means it.
PENDING = [
    "seed 003: parallel=True runs prange loops on the thread pool; the seed's softmax is whole-array"
    " expressions (np.exp(z), np.sum), which still run on one thread (docs/supported.md)",
]


def run_one(name, title):
    print(f"== {name}: {title}", flush=True)
    t0 = time.perf_counter()
    try:
        module = importlib.import_module(name)
        ok = bool(module.main())
        status = "OK" if ok else "MISMATCH"
    except Exception:
        traceback.print_exc(file=sys.stdout)
        status = "ERROR"
    print(f"   {status} ({time.perf_counter() - t0:.1f} s)\n", flush=True)
    return status


def main(argv):
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    wanted = argv[1:]
    known = [name for name, _ in EXAMPLES]
    unknown = [w for w in wanted if w not in known]
    if unknown:
        print(f"unknown example(s): {', '.join(unknown)}; known: {', '.join(known)}")
        return 2

    if os.environ.get("FERROJIT_DISABLE_JIT", "0") not in ("", "0"):
        print("note: FERROJIT_DISABLE_JIT is set, so everything below runs as plain Python\n")
    try:
        import ferrojit
    except Exception as exc:
        print(f"cannot import ferrojit: {type(exc).__name__}: {exc}")
        print("build it first: `make demo` (or `make build`) sets everything up")
        return 1
    print(f"ferrojit {getattr(ferrojit, '__version__', '?')} on Python "
          f"{sys.version.split()[0]}\n")

    t0 = time.perf_counter()
    results = {name: run_one(name, title) for name, title in EXAMPLES
               if not wanted or name in wanted}
    failed = [name for name, status in results.items() if status != "OK"]
    print(f"{len(results) - len(failed)} of {len(results)} examples OK "
          f"in {time.perf_counter() - t0:.1f} s" + (f"; not OK: {', '.join(failed)}" if failed else ""))
    if not wanted:
        print("seed code without an example here yet:")
        for line in PENDING:
            print(f"  - {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
