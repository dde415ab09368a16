"""Fuzzer regression (ice), found by a run of the "tryexcept" rules with TRY_SHARE = 1 (seed 501, programs 128
and 183; seed 502, programs 48 and 94).

A helper that deletes one of its parameters (also only on some path) is an internal
compiler error in its caller: the caller's variables are read with the wrong type
("variable typed float64 read as int64"; with an array parameter in the caller "variable
typed array(int8, 2d, C) read as int64"). Deleting a local of the helper is fine.
"del-param" in test_fuzz_sample.KNOWN_BUGS.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def h0(p0):
    del p0
    return 1

def f(x0):
    y = 1.5
    return h0(y)
"""

INPUTS = [
    [1],
]

OPTIONS = {}


def test_ice_a4edccd879():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
