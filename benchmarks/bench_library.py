#!/usr/bin/env python3
"""The library written in Python (python/ferrojit/_lib) against hand-written code, in one
run: is a NumPy function written in Python and compiled by ferrojit as fast as the same
work written by hand (an explicit loop, or the intrinsics inline)?

    .venv/bin/python benchmarks/bench_library.py [--quick] [--json PATH]

Rows (1e6 float64 unless said):
    norm        np.linalg.norm(x) from the library | a hand-written loop sum(x[i]*x[i]) |
                NumPy | Numba's np.linalg.norm
    clip        np.clip(x, -0.5, 0.5) from the library | np.minimum(np.maximum(x, lo), hi)
                written inline in the kernel | NumPy | Numba's np.clip
    diff        np.diff(x) | x[1:] - x[:-1] inline | NumPy | Numba
    linspace    np.linspace(0, 1, 1e6) | a hand-written loop | NumPy | Numba
    allclose    np.allclose(x, y) | a hand-written loop with early exit | NumPy | Numba
    csign       np.sign(z) of 1e6 complex128 (NumPy 2's z/|z|, an element function of the
                library mapped like a @vectorize kernel) | a hand-written loop | NumPy | Numba
    cmaximum    np.maximum(z, w) of complex128 (NumPy's lexicographic order) | a
                hand-written loop | NumPy | Numba

Every figure is the median of 9 samples (5 with --quick); implementations are sampled in
rounds so that a slow moment of the shared machine hits all alike. The ratio column is
library / hand-written (ferrojit both): about 1.0 means the Python-written version is as
fast as hand-lowered code. Results are checked against NumPy's. Nothing asserts on a time.
"""

import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np

import ferrojit

N = 1_000_000


def cpu_model():
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


# --- the kernels -------------------------------------------------------------------

def lib_norm(x):
    return np.linalg.norm(x)


def hand_norm(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * x[i]
    return np.sqrt(s)


def lib_clip(x):
    return np.clip(x, -0.5, 0.5)


def hand_clip(x):
    return np.minimum(np.maximum(x, -0.5), 0.5)


def lib_diff(x):
    return np.diff(x)


def hand_diff(x):
    return x[1:] - x[:-1]


def lib_linspace(n):
    return np.linspace(0.0, 1.0, n)


def hand_linspace(n):
    out = np.empty(n)
    step = 1.0 / (n - 1)
    for i in range(n):
        out[i] = i * step
    out[n - 1] = 1.0
    return out


def lib_allclose(x, y):
    return np.allclose(x, y)


def hand_allclose(x, y):
    for i in range(x.shape[0]):
        if not abs(x[i] - y[i]) <= 1e-08 + 1e-05 * abs(y[i]):
            return False
    return True


def lib_csign(z):
    return np.sign(z)


def hand_csign(z):
    out = np.empty_like(z)
    for i in range(z.shape[0]):
        a = np.hypot(z[i].real, z[i].imag)
        out[i] = z[i] / a if a != 0 else 0j
    return out


def lib_cmaximum(z, w):
    return np.maximum(z, w)


def hand_cmaximum(z, w):
    out = np.empty_like(z)
    for i in range(z.shape[0]):
        x, y = z[i], w[i]
        if x.real > y.real or (x.real == y.real and x.imag >= y.imag):
            out[i] = x
        else:
            out[i] = y
    return out


def rows(quick):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(N)
    y = x + 1e-9
    return [
        ("norm", lib_norm, hand_norm, (x,), np.linalg.norm, True),
        ("clip", lib_clip, hand_clip, (x,), lambda a: np.clip(a, -0.5, 0.5), False),
        ("diff", lib_diff, hand_diff, (x,), np.diff, False),
        ("linspace", lib_linspace, hand_linspace, (N,), lambda n: np.linspace(0.0, 1.0, n), True),
        ("allclose", lib_allclose, hand_allclose, (x, y), np.allclose, False),
        ("csign", lib_csign, hand_csign, (x + 1j * y[::-1],), np.sign, True),
        ("cmaximum", lib_cmaximum, hand_cmaximum, (x + 1j * y, y[::-1] + 1j * x), np.maximum, False),
    ]


def sample_ns(fn, args, reps):
    t0 = time.perf_counter_ns()
    for _ in range(reps):
        fn(*args)
    return (time.perf_counter_ns() - t0) / reps


def compare_with_cpython(title, cases, opts, extra=None):
    """Time each case `name: (fn, args)` compiled by ferrojit, by Numba (when installed)
    and run by CPython (plus `extra(name)`: more implementations by name), in rounds,
    after checking every result against CPython's; print medians and ratios (and write
    them to `opts.json`). Used by bench_lists.py and bench_dicts.py."""
    samples = 5 if opts.quick else 9
    try:
        import numba
    except ImportError:
        numba = None
    results = {}
    print(f"{title}, medians of {samples}; CPU: {cpu_model()}")
    for name, (fn, args) in cases.items():
        import ferrojit
        impls = {"ferrojit": ferrojit.njit(fn), "cpython": fn}
        if numba is not None:
            impls["numba"] = numba.njit(fn)
        impls.update((extra or (lambda n: {}))(name))
        want = impls["cpython"](*args)
        for k, f in impls.items():
            got = f(*args)
            if got != want:
                raise AssertionError(f"{name}/{k}: {got!r} != CPython's {want!r}")
        times = {k: [] for k in impls}
        for _ in range(samples):
            for k, f in impls.items():
                times[k].append(sample_ns(f, args, 1 if k == "cpython" else 3))
        med = {k: statistics.median(v) for k, v in times.items()}
        results[name] = med
        shown = ", ".join(f"{k} {med[k] / 1e6:.3f} ms" for k in impls)
        ratios = ", ".join(f"/{k} {med['ferrojit'] / med[k]:.2f}" for k in impls if k != "ferrojit")
        print(f"{name:7s} {shown}; ferrojit{ratios}")
    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump({"cpu": cpu_model(), "median_ns": results}, fh, indent=1)
    return 0


def check(name, got, want, approx):
    if approx:
        ok = np.allclose(got, want, rtol=1e-12, atol=0)
    else:
        ok = np.array_equal(got, want) if isinstance(want, np.ndarray) else got == want
    if not ok:
        raise AssertionError(f"{name}: result differs from NumPy's")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    opts = ap.parse_args()
    samples = 5 if opts.quick else 9
    try:
        import numba
    except ImportError:
        numba = None
    out = {"cpu": cpu_model(), "n": N, "rows": {}}
    print(f"library written in Python vs hand-written, {N:.0e} float64, median of {samples}; CPU: {out['cpu']}")
    print(f"{'row':10} {'library':>12} {'hand':>12} {'lib/hand':>9} {'NumPy':>12} {'Numba':>12}")
    for name, lib, hand, args, ref, approx in rows(opts.quick):
        impls = {"library": ferrojit.njit(lib), "hand": ferrojit.njit(hand), "numpy": ref}
        if numba is not None:
            try:
                impls["numba"] = numba.njit(lib)
                impls["numba"](*args)
            except Exception as e:  # noqa: BLE001 - reported, the run goes on
                impls.pop("numba")
                print(f"  ({name}: Numba failed: {type(e).__name__})")
        want = ref(*args)
        for k, f in impls.items():
            check(f"{name}/{k}", f(*args), want, approx)
        reps = max(1, int(2e7 / N))
        times = {k: [] for k in impls}
        for _ in range(samples):
            for k, f in impls.items():
                times[k].append(sample_ns(f, args, reps))
        med = {k: statistics.median(v) for k, v in times.items()}
        out["rows"][name] = med
        ms = lambda k: f"{med[k] / 1e6:10.3f}ms" if k in med else f"{'-':>12}"  # noqa: E731
        print(f"{name:10} {ms('library')} {ms('hand')} {med['library'] / med['hand']:9.2f} {ms('numpy')} {ms('numba')}")
    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump(out, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
