"""Fuzzer regression (py-raised), found by a run of the "tryexcept" and "strings" rules with TRY_SHARE = STRINGS_SHARE = 1
(seed 502, programs 141 and 181; seed 501, programs 133 and 264).

A string known when compiling (a `str` argument), deleted on some path, is still read:
`len(s0)`, `s0 == "ab"`, `s0.upper()`, `s0 + "x"` are folded without the unbound check
(a number or a run-time string deleted the same way raises). "del-known-str" in
test_fuzz_sample.KNOWN_BUGS.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(s0, x0):
    if x0 > 0:
        del s0
    return len(s0)
"""

INPUTS = [
    ['ab', 1],
]

OPTIONS = {}


def test_py_raised_a0d97db54c():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
