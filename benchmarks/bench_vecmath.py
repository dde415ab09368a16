#!/usr/bin/env python3
"""Vector math (issue 17), in one run: compiled ``np.exp``, ``np.log``, ``np.sin``,
``np.cos``, ``np.tanh`` (and a few more) of 1e6 float64 and float32 elements next to
NumPy's own ufuncs and Numba's compiled code, and seed 003's softmax (1e6 and 1e7,
float64 and a float32 form) next to NumPy and Numba.

    .venv/bin/python benchmarks/bench_vecmath.py [--quick] [--json PATH]

Each kernel is the function a user writes, ``def k(a): return np.exp(a)``, so every
time includes the result's allocation, as NumPy's ``np.exp(a)`` does. Medians of 15
samples (7 with --quick); a sample is a loop of calls lasting about 30 ms; the
implementations are sampled in rounds, each round in a rotated order, so that drift
and order hit them alike. "ratio" is ferrojit's median over NumPy's (the issue's
target: <= 1.0 for the five named functions; <= 0.6 for softmax). The accuracy
columns compare with NumPy's result: the largest relative difference for float64
(target < 1e-14) and the largest distance in float32 ulp for float32 (both are a few
ulp from the exact value, docs/accuracy.md). Nothing asserts on a time.

Numba runs the seed's softmax as the seed wrote it (``parallel=True``: its own thread
pool, every core); ferrojit has no parallel array expressions yet, so its softmax is
one thread. Numba's ``np.exp`` & co. of arrays call scalar libm (no SVML here).
"""

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import kernels  # noqa: E402
from bench_library import cpu_model  # noqa: E402


def k_exp(a):
    return np.exp(a)


def k_log(a):
    return np.log(a)


def k_sin(a):
    return np.sin(a)


def k_cos(a):
    return np.cos(a)


def k_tanh(a):
    return np.tanh(a)


def k_tan(a):
    return np.tan(a)


def k_arcsin(a):
    return np.arcsin(a)


def k_log1p(a):
    return np.log1p(a)


def k_expm1(a):
    return np.expm1(a)


def k_power(a):
    return np.power(a, 1.7)


def softmax_any(z):
    """Seed 003's softmax without its signatures (so a float32 array gets float32 code)."""
    num = np.exp(z)
    return num / np.sum(np.exp(z))


#: (name, kernel, NumPy reference, input range, in the issue's targets)
FUNCS = [
    ("exp", k_exp, np.exp, (-50, 50), True),
    ("log", k_log, np.log, (0.01, 100), True),
    ("sin", k_sin, np.sin, (-100, 100), True),
    ("cos", k_cos, np.cos, (-100, 100), True),
    ("tanh", k_tanh, np.tanh, (-10, 10), True),
    ("tan", k_tan, np.tan, (-1.5, 1.5), False),
    ("arcsin", k_arcsin, np.arcsin, (-1, 1), False),
    ("log1p", k_log1p, np.log1p, (-0.5, 100), False),
    ("expm1", k_expm1, np.expm1, (-20, 20), False),
    ("power", k_power, lambda a: np.power(a, a.dtype.type(1.7)), (0.01, 100), False),
]


def sample(fn, target=0.03):
    """Seconds per call of ``fn``: a loop of calls lasting about ``target`` s."""
    t = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t, 1e-7)
    reps = max(1, int(target / once))
    t = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t) / reps


def medians(runs, rounds):
    """{name: median seconds} of ``runs`` ({name: fn}), sampled in ``rounds`` rounds."""
    names = list(runs)
    times = {n: [] for n in names}
    for r in range(rounds):
        k = r % len(names)
        for n in names[k:] + names[:k]:
            times[n].append(sample(runs[n]))
    return {n: statistics.median(v) for n, v in times.items()}


def ulp32(got, ref):
    """Largest distance in float32 ulp between two float32 arrays (finite values)."""
    g = got.astype(np.float32).view(np.int32).astype(np.int64)
    r = ref.astype(np.float32).view(np.int32).astype(np.int64)
    # map the sign-magnitude bit patterns onto a monotone integer line
    g = np.where(g < 0, -(g & 0x7FFFFFFF), g)
    r = np.where(r < 0, -(r & 0x7FFFFFFF), r)
    ok = np.isfinite(ref)
    return int(np.max(np.abs(g - r)[ok])) if ok.any() else 0


def accuracy(got, ref):
    if ref.dtype == np.float32:
        return f"{ulp32(got, ref)} ulp"
    ok = np.isfinite(ref) & (ref != 0)
    rel = np.max(np.abs(got[ok] - ref[ok]) / np.abs(ref[ok]))
    return f"{rel:.1e}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--no-numba", action="store_true")
    args = ap.parse_args()
    import ferrojit
    numba = None
    if not args.no_numba:
        try:
            import numba
        except ImportError:
            numba = None
    rounds = 7 if args.quick else 15
    n = 250_000 if args.quick else 1_000_000
    rng = np.random.default_rng(17)
    rows = []
    print(f"CPU: {cpu_model()}; NumPy {np.__version__}"
          + (f", Numba {numba.__version__}" if numba else ", no Numba") + f"; n = {n:,}; "
          f"medians of {rounds} samples")
    print(f"{'function':10s} {'dtype':8s} {'NumPy':>9s} {'ferrojit':>9s} {'Numba':>9s} "
          f"{'ratio':>6s}  {'vs NumPy':>9s}")
    for dtype in (np.float64, np.float32):
        for name, k, ref, (lo, hi), target in FUNCS:
            a = rng.uniform(lo, hi, n).astype(dtype)
            fj = ferrojit.njit(k)
            got = fj(a)
            expected = ref(a)
            assert got.dtype == expected.dtype, (name, got.dtype, expected.dtype)
            runs = {"numpy": lambda: ref(a), "ferrojit": lambda: fj(a)}
            if numba:
                nb = numba.njit(k)
                nb(a)
                runs["numba"] = lambda: nb(a)
            t = medians(runs, rounds)
            ratio = t["ferrojit"] / t["numpy"]
            row = dict(func=name, dtype=np.dtype(dtype).name, n=n, target=target,
                       numpy_ms=t["numpy"] * 1e3, ferrojit_ms=t["ferrojit"] * 1e3,
                       numba_ms=t["numba"] * 1e3 if "numba" in t else None,
                       ratio=ratio, accuracy=accuracy(got, expected))
            rows.append(row)
            nb_ms = f"{row['numba_ms']:8.3f}" if row["numba_ms"] is not None else "       -"
            print(f"{name:10s} {row['dtype']:8s} {row['numpy_ms']:8.3f}  {row['ferrojit_ms']:8.3f}  "
                  f"{nb_ms}  {ratio:5.2f}{'*' if target else ' '} {row['accuracy']:>9s}", flush=True)
    print("(ms per call; * the issue's targets: ratio <= 1.0)")

    print(f"\nsoftmax (seed 003: np.exp(z) / np.sum(np.exp(z))), ferrojit one thread:")
    sizes = [10**6] if args.quick else [10**6, 10**7]
    soft = []
    for size in sizes:
        for dtype in (np.float64, np.float32):
            (z,) = kernels.softmax_input(size)
            z = z.astype(dtype)
            if dtype == np.float64:
                fj = kernels.seed_softmax(ferrojit.jit, kernels.fresh_copy("softmax_vm_fj"))
            else:
                fj = ferrojit.njit(softmax_any)
            got = fj(z)
            expected = kernels.softmax_numpy(z)
            runs = {"numpy": lambda: kernels.softmax_numpy(z), "ferrojit": lambda: fj(z)}
            if numba:
                if dtype == np.float64:
                    nb = kernels.seed_softmax(numba.jit, kernels.fresh_copy("softmax_vm_nb"))
                else:
                    nb = numba.njit(softmax_any)
                nb(z)
                runs["numba"] = lambda: nb(z)
            t = medians(runs, max(5, rounds // 2) if size > 10**6 else rounds)
            row = dict(func="softmax", dtype=np.dtype(dtype).name, n=size,
                       numpy_ms=t["numpy"] * 1e3, ferrojit_ms=t["ferrojit"] * 1e3,
                       numba_ms=t["numba"] * 1e3 if "numba" in t else None,
                       ratio=t["ferrojit"] / t["numpy"], accuracy=accuracy(got, expected))
            soft.append(row)
            nb_ms = f"{row['numba_ms']:8.3f}" if row["numba_ms"] is not None else "       -"
            print(f"softmax {size:>9,} {row['dtype']:8s} NumPy {row['numpy_ms']:8.3f}  ferrojit "
                  f"{row['ferrojit_ms']:8.3f}  Numba {nb_ms}  ratio {row['ratio']:.2f} "
                  f"(target <= 0.6)  vs NumPy {row['accuracy']}", flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"cpu": cpu_model(), "numpy": np.__version__,
                       "numba": numba.__version__ if numba else None,
                       "functions": rows, "softmax": soft}, fh, indent=1)
            fh.write("\n")


if __name__ == "__main__":
    main()
