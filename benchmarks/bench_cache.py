#!/usr/bin/env python3
"""`cache=True` in a fresh process (item `cache`, issue 18): ferrojit and Numba on the
same module, in one run.

    .venv/bin/python benchmarks/bench_cache.py [--quick] [--json PATH]

A module with two `cache=True` kernels, an array kernel (a softmax-like loop calling a
jitted helper, and `np.exp` of the array) and a `parallel=True` prange reduction, is
written to a temporary directory. For each JIT, one process fills the cache; then fresh
processes each import NumPy, import the module and call both kernels once, timed inside
the process: `import numpy` alone, then the import of the JIT and the module plus the
two first calls. Rows: that time over `import numpy` (the target: <= 30 ms for ferrojit;
Numba ~500 ms), and without the cache (a fresh cache directory each run) for scale.
Medians of 7 processes (3 with --quick). Checks: both JITs' results equal, and each
cached process reports cache hits (ferrojit: `stats.cache_hits`; Numba: its own
`stats.cache_hits`). Nothing asserts on a time.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_library import cpu_model  # noqa: E402

MODULE = '''
import math
import numpy as np
import {jit} as jit

@jit.njit(cache=True)
def norm(x, m):
    return math.exp(x - m)

@jit.njit(cache=True)
def softmax_sum(a):
    m = a.max()
    s = 0.0
    for i in range(a.shape[0]):
        s += norm(a[i], m)
    return (np.exp(a - m) / s).sum()

@jit.njit(cache=True, parallel=True)
def psum(a):
    s = 0.0
    for i in jit.prange(a.shape[0]):
        s += math.sqrt(abs(a[i]))
    return s
'''

CHILD = '''
import time, json, sys
t0 = time.perf_counter()
import numpy as np
t1 = time.perf_counter()
import kernels_{jit} as k
a = np.linspace(-3.0, 3.0, 10000)
r1 = k.softmax_sum(a)
r2 = k.psum(a)
t2 = time.perf_counter()
hits = sum(len(f.stats.cache_hits) for f in (k.softmax_sum, k.psum))
print(json.dumps({{"numpy_ms": (t1 - t0) * 1e3, "rest_ms": (t2 - t1) * 1e3, "results": [r1, r2], "hits": hits}}))
'''


def run(d, jit, env):
    p = subprocess.run([sys.executable, f"child_{jit}.py"], cwd=d, env=env, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"status {p.returncode}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    opts = ap.parse_args()
    n = 3 if opts.quick else 7
    d = tempfile.mkdtemp(prefix="ferrojit-cache-bench-")
    rows, errors, mismatches, results = {}, {}, [], {}
    try:
        for jit in ("ferrojit", "numba"):
            with open(os.path.join(d, f"kernels_{jit}.py"), "w") as fh:
                fh.write(textwrap.dedent(MODULE.format(jit=jit)))
            with open(os.path.join(d, f"child_{jit}.py"), "w") as fh:
                fh.write(CHILD.format(jit=jit))
            env = dict(os.environ)
            # (bytecode written and used, as in an ordinary installation: ferrojit's own
            # modules would otherwise be compiled from source in every process)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            for var in ("FERROJIT_CACHE_DIR", "NUMBA_CACHE_DIR"):
                env.pop(var, None)
            try:
                cold = []
                for k in range(n):  # without the cache: a fresh directory each time
                    e = dict(env, FERROJIT_CACHE_DIR=os.path.join(d, f"cold{k}"), NUMBA_CACHE_DIR=os.path.join(d, f"cold{k}"))
                    cold.append(run(d, jit, e))
                run(d, jit, env)  # fills the cache (in __pycache__)
                warm = [run(d, jit, env) for _ in range(n)]
            except Exception as exc:  # not installed, or failing
                errors[jit] = f"{type(exc).__name__}: {exc}"
                continue
            if any(w["hits"] != 2 for w in warm):
                mismatches.append(f"{jit}: a cached process did not load both kernels from the cache "
                                  f"({[w['hits'] for w in warm]})")
            results[jit] = warm[0]["results"]
            rows[jit] = {
                "numpy_ms": statistics.median(w["numpy_ms"] for w in warm),
                "cached_ms": statistics.median(w["rest_ms"] for w in warm),
                "uncached_ms": statistics.median(c["rest_ms"] for c in cold),
            }
    finally:
        shutil.rmtree(d, ignore_errors=True)
    if "ferrojit" in results and "numba" in results:
        a, b = results["ferrojit"], results["numba"]
        if any(abs(x - y) > 1e-9 * max(1.0, abs(y)) for x, y in zip(a, b)):
            mismatches.append(f"results differ: ferrojit {a}, Numba {b}")
    print(f"cache=True in a fresh process: median of {n} processes; CPU: {cpu_model()}")
    print(f"{'JIT':10s} {'import numpy':>13s} {'cached: import + 2 first calls':>31s} {'uncached':>10s}")
    for jit in ("ferrojit", "numba"):
        if jit in rows:
            r = rows[jit]
            print(f"{jit:10s} {r['numpy_ms']:10.1f} ms {r['cached_ms']:28.1f} ms {r['uncached_ms']:7.1f} ms")
        else:
            print(f"{jit:10s} {'n/a':>13s}  ({errors.get(jit)})")
    if "ferrojit" in rows and "numba" in rows:
        print(f"ferrojit / Numba, cached: {rows['ferrojit']['cached_ms'] / rows['numba']['cached_ms']:.2f}x "
              f"(target: ferrojit <= 30 ms over import numpy)")
    for m in mismatches:
        print("MISMATCH " + m)
    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump({"cpu": cpu_model(), "processes": n, "rows": rows, "errors": errors,
                       "mismatches": mismatches}, fh, indent=1)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
