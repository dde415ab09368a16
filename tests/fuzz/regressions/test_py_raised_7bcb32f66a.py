"""Fuzzer regression (py-raised), found by a run of the "tryexcept" rules with TRY_SHARE = 1 (seed 503, program 298).

A name deleted inside a `finally` block is still bound after the try statement: an array
parameter reads as an empty array (the released one?), a number keeps its value. See
also test_py_raised_feb1116ede (a name deleted in the try body, read in the finally).
"del-finally" in test_fuzz_sample.KNOWN_BUGS.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(a0, x0):
    try:
        pass
    finally:
        del a0
        del x0
    return a0, x0
"""

INPUTS = [
    [{'values': [1.0, 2.0, 3.0], 'shape': [3], 'dtype': 'float64', 'layout': 'C'}, 5],
]

OPTIONS = {}


def test_py_raised_7bcb32f66a():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
