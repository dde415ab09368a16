"""Fuzzer regression (py-raised), found by a run of the "tryexcept" rules with TRY_SHARE = 1 (seed 504, program 499).

A name deleted in the body of a try is still bound in its `finally` block (read as its
old value); after the try statement the read raises as it should. "del-finally" in
test_fuzz_sample.KNOWN_BUGS.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(x0):
    try:
        del x0
    finally:
        s7 = x0
    return 1
"""

INPUTS = [
    [5],
]

OPTIONS = {}


def test_py_raised_feb1116ede():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
