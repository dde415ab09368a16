#!/usr/bin/env python3
"""Lists in compiled code, in one run against CPython and Numba (its lists made inside
`@njit`), and NumPy where it has the same operation:

    .venv/bin/python benchmarks/bench_lists.py [--quick] [--json PATH]

- append: append 1e6 floats to `[]`, then sum them with a `for` loop;
- filter: a list comprehension keeping the positive items of a 1e6-float array (NumPy:
  `a[a > 0]`), then its length;
- split: split a string of 1e5 words and count the words longer than 3 characters;
- sort: `l = list(a); l.sort()` of 2e5 floats (CPython: `sorted(a.tolist())`).

Medians of 9 (5 with --quick), implementations sampled in rounds. Every result is checked
against CPython's before timing. Nothing asserts on a time.
"""

import argparse
import json
import statistics
import sys

import numpy as np

import ferrojit
from bench_library import cpu_model, sample_ns


def append_sum(n):
    l = []
    for i in range(n):
        l.append(i * 0.5)
    s = 0.0
    for x in l:
        s += x
    return s


def filter_len(a):
    kept = [x for x in a if x > 0.0]
    return len(kept)


def split_count(s):
    c = 0
    for w in s.split():
        if len(w) > 3:
            c += 1
    return c


def sort_list(a):
    l = list(a)
    l.sort()
    return l[len(l) // 2]


def numpy_filter_len(a):
    return int((a[a > 0.0]).shape[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    opts = ap.parse_args()
    samples = 5 if opts.quick else 9
    rng = np.random.default_rng(0)
    a = rng.standard_normal(1_000_000)
    b = rng.standard_normal(200_000)
    words = " ".join("w" * int(k) for k in rng.integers(1, 8, 100_000))
    cases = {
        "append": (append_sum, (1_000_000,)),
        "filter": (filter_len, (a,)),
        "split": (split_count, (words,)),
        "sort": (sort_list, (b,)),
    }
    try:
        import numba
    except ImportError:
        numba = None
    results = {}
    print(f"lists in compiled code, medians of {samples}; CPU: {cpu_model()}")
    for name, (fn, args) in cases.items():
        impls = {"ferrojit": ferrojit.njit(fn), "cpython": fn}
        if numba is not None:
            impls["numba"] = numba.njit(fn)
        if name == "filter":
            impls["numpy"] = numpy_filter_len
        if name == "sort":
            impls["cpython"] = lambda x: sorted(x.tolist())[len(x) // 2]
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


if __name__ == "__main__":
    sys.exit(main())
