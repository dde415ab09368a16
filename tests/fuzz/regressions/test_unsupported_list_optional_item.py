"""Fuzzer regression (unsupported), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seed 5 (an optional value narrowed by `is not None`)), shrunk by hand.

A value that may be None, narrowed (`if r is not None:`), appended to a list: TypingError
"a compiled list of float64 cannot hold a optional(float64)" ("lists of
optional(float64) are not supported" when the list starts empty); the narrowed `r` is a
float in arithmetic (`r + 1.0`).

Fixed (the "list-optional-item" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def h(c):
    return 1.5 if c > 0 else None


def f(c):
    r = h(c)
    acc = [0.5]
    if r is not None:
        acc.append(r)
    return acc
"""

INPUTS = [
    [1],
    [0],
]

OPTIONS = {}


def test_unsupported_list_optional_item():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
