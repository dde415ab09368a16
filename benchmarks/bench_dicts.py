#!/usr/bin/env python3
"""Dicts in compiled code, in one run against CPython and Numba (its dicts made inside
`@njit`, typed.Dict underneath):

    .venv/bin/python benchmarks/bench_dicts.py [--quick] [--json PATH]

- count: a word-count style dict of 1e5 int keys updated 1e6 times
  (`d[k] = d.get(k, 0) + 1` over an int64 array);
- lookup: 1e6 membership tests (half hits) against a dict of 1e5 int keys, built first;
- words: count the words of a string of 1e5 words (strings as keys: `s.split()`);
- churn: 1e5 inserts interleaved with deletions (the table compacts and grows);
- set: a set of 1e6 int draws (1e5 distinct) built by `add`, then 1e6 membership tests.

Medians of 9 (5 with --quick), implementations sampled in rounds. Every result is checked
against CPython's before timing. Nothing asserts on a time.
"""

import argparse
import sys

import numpy as np

from bench_library import compare_with_cpython


def count(keys):
    d = {keys[0]: 0}  # (Numba cannot type `d = {}` read by `d.get` before a store)
    for k in keys:
        d[k] = d.get(k, 0) + 1
    return len(d), d[keys[0]]


def lookup(keys, probes):
    d = {}
    for k in keys:
        d[k] = 1
    hits = 0
    for p in probes:
        if p in d:
            hits += 1
    return hits


def words(s):
    d = {"ab": 0}
    for w in s.split():
        d[w] = d.get(w, 0) + 1
    return len(d), d["ab"]


def set_member(keys, probes):
    s = set()
    for k in keys:
        s.add(k)
    hits = 0
    for p in probes:
        if p in s:
            hits += 1
    return hits


def churn(n):
    d = {}
    for i in range(n):
        d[i] = i
        if i % 2 == 1:
            del d[i - 1]
    return len(d)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    opts = ap.parse_args()
    rng = np.random.default_rng(0)
    keys = rng.integers(0, 100_000, 1_000_000)
    build = np.arange(0, 200_000, 2, dtype=np.int64)
    probes = rng.integers(0, 200_000, 1_000_000)
    letters = "abcdefghij"
    text = " ".join(letters[int(a)] + letters[int(b)] + letters[int(c)] * int(c % 3)
                    for a, b, c in rng.integers(0, 10, (100_000, 3)))
    cases = {
        "count": (count, (keys,)),
        "lookup": (lookup, (build, probes)),
        "words": (words, (text,)),
        "churn": (churn, (100_000,)),
        "set": (set_member, (keys, probes)),
    }
    return compare_with_cpython("dicts in compiled code", cases, opts)


if __name__ == "__main__":
    sys.exit(main())
