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
import sys

import numpy as np

from bench_library import compare_with_cpython


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

    def extra(name):
        if name == "filter":
            return {"numpy": numpy_filter_len}
        if name == "sort":
            return {"cpython": lambda x: sorted(x.tolist())[len(x) // 2]}
        return {}

    return compare_with_cpython("lists in compiled code", cases, opts, extra)


if __name__ == "__main__":
    sys.exit(main())
