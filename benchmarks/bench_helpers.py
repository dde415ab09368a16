#!/usr/bin/env python3
"""Helpers and lambdas in a loop (issue 13), in one run: is a kernel that calls a plain
Python helper (no decorator) and a lambda as fast as the same kernel written inline?

    .venv/bin/python benchmarks/bench_helpers.py [--quick] [--json PATH]

The kernel: for each of 1e6 float64 x, `clamp(poly(x), -1, 1)` summed, where `poly` is a
plain module-level function and `clamp` a lambda defined in the kernel; against the same
arithmetic written inline, and Numba (which needs `@njit` on the helper, and compiles the
lambda as a closure). A second kernel runs a generator (`yield`) in its loop: the squares
of the even items of 1e6 int64 through `for v in evens(a)`, against the same loop written
out and Numba's compiled generator. Medians of 9 (5 with --quick), implementations
sampled in rounds, their order rotating.
Results are checked against CPython's on a slice. Nothing asserts on a time.
"""

import argparse
import json
import statistics
import sys

import numpy as np

import ferrojit
from bench_library import cpu_model, sample_ns

N = 1_000_000


def poly(x, a=0.5, b=-1.25):
    return (a * x + b) * x + 0.125


def with_helpers(xs):
    lo, hi = -1.0, 1.0
    clamp = lambda v: lo if v < lo else (hi if v > hi else v)  # noqa: E731
    s = 0.0
    for i in range(xs.shape[0]):
        s += clamp(poly(xs[i]))
    return s


def inline(xs):
    s = 0.0
    for i in range(xs.shape[0]):
        x = xs[i]
        v = (0.5 * x + -1.25) * x + 0.125
        s += -1.0 if v < -1.0 else (1.0 if v > 1.0 else v)
    return s


def evens(a):
    for i in range(a.shape[0]):
        if a[i] % 2 == 0:
            yield a[i]


def with_generator(a):
    s = 0
    for v in evens(a):
        s += v * v
    return s


def generator_inline(a):
    s = 0
    for i in range(a.shape[0]):
        if a[i] % 2 == 0:
            s += a[i] * a[i]
    return s


def numba_generator(numba):
    evens_nb = numba.njit(evens)

    def with_generator_nb(a):
        s = 0
        for v in evens_nb(a):
            s += v * v
        return s

    return numba.njit(with_generator_nb)


def numba_version(numba):
    poly_nb = numba.njit(poly)

    def with_helpers_nb(xs):
        lo, hi = -1.0, 1.0
        clamp = lambda v: lo if v < lo else (hi if v > hi else v)  # noqa: E731
        s = 0.0
        for i in range(xs.shape[0]):
            s += clamp(poly_nb(xs[i]))
        return s

    return numba.njit(with_helpers_nb)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    opts = ap.parse_args()
    samples = 5 if opts.quick else 9
    xs = np.random.default_rng(0).standard_normal(N) * 2
    ints = np.random.default_rng(1).integers(-1000, 1000, N)
    impls = {"helpers": ferrojit.njit(with_helpers), "inline": ferrojit.njit(inline),
             "generator": ferrojit.njit(with_generator), "generator_inline": ferrojit.njit(generator_inline)}
    try:
        import numba
        impls["numba"] = numba_version(numba)
        impls["numba_generator"] = numba_generator(numba)
    except ImportError:
        pass
    arg = {k: (ints if k.startswith(("generator", "numba_generator")) else xs) for k in impls}
    for k, f in impls.items():
        plain = with_generator if arg[k] is ints else with_helpers
        want, got = plain(arg[k][:1000]), f(arg[k][:1000])
        if abs(got - want) > 1e-9 * max(1.0, abs(want)):
            raise AssertionError(f"{k}: {got} != CPython's {want}")
        f(arg[k])
    times = {k: [] for k in impls}
    order = list(impls)
    for r in range(samples):
        # (the order rotates each round: a kernel run right after another one's array is
        # measured slower, whatever its code)
        for k in order[r % len(order):] + order[:r % len(order)]:
            f = impls[k]
            f(arg[k])
            times[k].append(sample_ns(f, (arg[k],), 3))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"helper + lambda in a loop vs inline, {N:.0e} float64, median of {samples}; CPU: {cpu_model()}")
    ms = lambda k: f"{med[k] / 1e6:.3f} ms" if k in med else "-"  # noqa: E731
    print(f"ferrojit helpers {ms('helpers')}, inline {ms('inline')}, helpers/inline "
          f"{med['helpers'] / med['inline']:.2f}; Numba helpers {ms('numba')}")
    print(f"ferrojit generator {ms('generator')}, written out {ms('generator_inline')}, "
          f"generator/written out {med['generator'] / med['generator_inline']:.2f}; "
          f"Numba generator {ms('numba_generator')}")
    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump({"cpu": cpu_model(), "n": N, "median_ns": med}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
