"""Fuzzer regression (py-raised), found by a run of the "tryexcept" rules with TRY_SHARE = 1 (seed 502, programs 113,
149 and 273; seed 501, program 149).

`del x` run a second time in a loop does not raise UnboundLocalError (straight-line
`del x; del x` does). "del-loop" in test_fuzz_sample.KNOWN_BUGS.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(x1):
    for i5 in range(-1, 4, 2):
        del x1
    return '1'
"""

INPUTS = [
    [3],
]

OPTIONS = {}


def test_py_raised_334cb8f0ba():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
