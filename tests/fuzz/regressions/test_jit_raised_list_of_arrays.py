"""Fuzzer regression (jit-raised), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seeds 6, 7 (a rare `[a, a]` returned by `f`)), shrunk by hand.

A list of arrays returned to Python (`[a]`, `[a, a + 1]`, `list(a)` of a 2-D array)
raises IndexError: compiled code returned a view that reaches outside its array's memory:
an index out of range? CPython returns the list of arrays. (Inside compiled code the
list works: `len(l)`, `l[1].sum()`.)

Fixed (the "list-of-arrays" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(a):
    return [a, a + 1.0]
"""

INPUTS = [
    [{'values': [1.5, 2.0], 'shape': [2], 'dtype': 'float64', 'layout': 'C'}],
]

OPTIONS = {}


def test_jit_raised_list_of_arrays():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
