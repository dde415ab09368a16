#!/usr/bin/env python3
"""`parallel=True` and `prange` (item `parallel`): ferrojit serial, ferrojit parallel and
Numba parallel on the same source, in one run.

    .venv/bin/python benchmarks/bench_parallel.py [--quick] [--json PATH]

Rows (sizes with --quick in brackets):

    prange sum of sqrt      `s += math.sqrt(a[i])` over 2e7 float64 [5e6]: a reduction
    prange pdist            the full distance matrix of 2000 points in 3-D [1000], rows
                            on the pool (an inner loop over points and coordinates)
    prange rows, uneven     row i sums sqrt over (i * i % 997) terms, 4000 rows [1000]:
                            iterations of very different lengths
    empty region            a call whose prange loop has 2 iterations, per call, minus
                            the same call of the serial function: what entering and
                            leaving a parallel region costs

ferrojit's serial column is the same function compiled without `parallel=True` (prange is
then range). Medians of 7 samples (5 with --quick), implementations in rounds (every other
round reversed), after an untimed first call. Checks: each result against the serial
ferrojit one (sums within 1e-12 relative: the association differs; the rest exactly), and
ferrojit's parallel sum bit-identical on 1 thread and on all of them. Nothing asserts on
a time; the CPU model and thread count are printed.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_library import cpu_model  # noqa: E402


def psum(a):
    s = 0.0
    for i in prange(a.shape[0]):  # noqa: F821 (the JIT module's prange, injected)
        s += math.sqrt(a[i])
    return s


def pdist(x):
    n = x.shape[0]
    d = np.empty((n, n))
    for i in prange(n):  # noqa: F821
        for j in range(n):
            s = 0.0
            for k in range(x.shape[1]):
                t = x[i, k] - x[j, k]
                s += t * t
            d[i, j] = math.sqrt(s)
    return d


def uneven(n):
    out = np.zeros(n)
    for i in prange(n):  # noqa: F821
        s = 0.0
        for j in range(i * i % 997):
            s += math.sqrt(j + i)
        out[i] = s
    return out


def tiny(out):
    for i in prange(2):  # noqa: F821
        out[i] = i


def compiled(mod, func, parallel):
    """`func` compiled by JIT module `mod`, its `prange` that module's."""
    g = dict(func.__globals__)
    g["prange"] = mod.prange
    f = type(func)(func.__code__, g, func.__name__)
    return mod.njit(parallel=True)(f) if parallel else mod.njit(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    opts = ap.parse_args()
    samples = 5 if opts.quick else 7
    rng = np.random.default_rng(16)
    a = rng.random(5_000_000 if opts.quick else 20_000_000)
    pts = rng.random((1000 if opts.quick else 2000, 3))
    n_uneven = 1000 if opts.quick else 4000
    out2 = np.zeros(2)
    cases = [("sum", "prange sum of sqrt", psum, (a,)),
             ("pdist", "prange pdist", pdist, (pts,)),
             ("uneven", "prange rows, uneven", uneven, (n_uneven,)),
             ("tiny", "empty region (per call)", tiny, (out2,))]
    impls = {}
    versions, threads, errors, notes, mismatches = {}, {}, {}, [], []
    import ferrojit
    versions["ferrojit"] = getattr(ferrojit, "__version__", "?")
    threads["ferrojit"] = ferrojit.get_num_threads()
    for key, _, func, _ in cases:
        impls[(key, "serial")] = compiled(ferrojit, func, False)
        impls[(key, "ferrojit")] = compiled(ferrojit, func, True)
    try:
        import numba
        versions["numba"] = numba.__version__
        threads["numba"] = numba.get_num_threads()
        for key, _, func, _ in cases:
            impls[(key, "numba")] = compiled(numba, func, True)
    except Exception as exc:  # not installed
        versions["numba"] = f"n/a ({type(exc).__name__})"
    results = {}
    for (key, impl), f in list(impls.items()):
        args = next(c[3] for c in cases if c[0] == key)
        try:
            results[(key, impl)] = f(*args)
        except Exception as exc:
            errors[(key, impl)] = f"{type(exc).__name__}: {exc}"
            del impls[(key, impl)]
    # checks
    for key, _, _, _ in cases:
        ref = results.get((key, "serial"))
        for impl in ("ferrojit", "numba"):
            got = results.get((key, impl))
            if got is None or ref is None or key == "tiny":
                continue
            if key == "sum":
                if abs(got - ref) > 1e-12 * abs(ref):
                    mismatches.append(f"sum: {impl} {got!r} vs serial {ref!r}")
            elif not np.array_equal(got, ref):
                mismatches.append(f"{key}: {impl} differs from the serial result")
    f = impls.get(("sum", "ferrojit"))
    if f is not None:
        bits = set()
        for t in sorted({1, ferrojit.get_num_threads()}):
            ferrojit.set_num_threads(t)
            bits.add(float(f(a)).hex())
        ferrojit.set_num_threads(threads["ferrojit"])
        if len(bits) != 1:
            mismatches.append(f"sum: ferrojit's parallel sum differs between thread counts: {bits}")
        else:
            notes.append("sum: ferrojit's parallel sum is the same bits on 1 and "
                         f"{threads['ferrojit']} threads")
    # timing
    times = {k: [] for k in impls}
    order = list(impls.items())
    reps = {"tiny": 2000 if not opts.quick else 500}
    for rnd in range(samples):
        for (key, impl), f in (order if rnd % 2 == 0 else order[::-1]):
            args = next(c[3] for c in cases if c[0] == key)
            r = reps.get(key, 1)
            t0 = time.perf_counter_ns()
            for _ in range(r):
                f(*args)
            times[(key, impl)].append((time.perf_counter_ns() - t0) / r)
    med = {k: statistics.median(v) for k, v in times.items()}

    def fmt(ns):
        return "-" if ns is None else (f"{ns / 1e3:.3g} µs" if ns < 1e5 else f"{ns / 1e6:.3g} ms")

    print(f"parallel=True / prange: median of {samples}; CPU: {cpu_model()}; threads: "
          + ", ".join(f"{k} {v}" for k, v in threads.items())
          + f"; Numba {versions.get('numba')}, NumPy {np.__version__}")
    headers = ("loop", "ferrojit serial", "ferrojit parallel", "Numba parallel", "speed-up", "fj/Numba")
    table = []
    for key, label, _, _ in cases:
        s, p, nb = med.get((key, "serial")), med.get((key, "ferrojit")), med.get((key, "numba"))
        if key == "tiny":
            # the region's cost: parallel call minus serial call
            table.append((label, fmt(s), fmt(p), fmt(nb), "-",
                          f"{(p - s) / (nb - s):.2f}x" if p and nb and s and nb > s else "-"))
            notes.append(f"empty region: ferrojit {fmt(p - s) if p and s else '-'} over a serial call"
                         + (f", Numba {fmt(nb - s)}" if nb and s else ""))
            continue
        table.append((label, fmt(s), fmt(p), fmt(nb), f"{s / p:.2f}x" if s and p else "-",
                      f"{p / nb:.2f}x" if p and nb else "-"))
    widths = [max(len(str(r[i])) for r in [headers, *table]) for i in range(len(headers))]
    for r in [headers, ["-" * w for w in widths], *table]:
        print(str(r[0]).ljust(widths[0]) + "  " + "  ".join(str(c).rjust(w) for c, w in zip(r[1:], widths[1:])))
    print("(speed-up: ferrojit serial / parallel; fj/Numba <= 1.00x: ferrojit as fast or faster)")
    for m in mismatches:
        print("MISMATCH " + m)
    for (key, impl), e in errors.items():
        print(f"{impl} error in {key}: {e}")
    for n in notes:
        print(n)
    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump({"cpu": cpu_model(), "quick": opts.quick, "threads": threads, "versions": versions,
                       "median_ns": {f"{k}/{i}": v for (k, i), v in med.items()},
                       "samples_ns": {f"{k}/{i}": v for (k, i), v in times.items()},
                       "errors": {f"{k}/{i}": v for (k, i), v in errors.items()},
                       "mismatches": mismatches, "notes": notes}, fh, indent=1)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
