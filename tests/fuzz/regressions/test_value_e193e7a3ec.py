"""Fuzzer regression (value), found by a run of the "tryexcept" and "strings" rules with TRY_SHARE = STRINGS_SHARE =
1 (seed 606, programs 332 and 508), shrunk by hand.

`break` or `continue` leaving a loop's try statement through its `finally`: the finally
runs (its prints show), but what it assigns is lost after the jump (`t` stays 0 here;
CPython 3). `return` through a finally, and a `continue` in a try that also has an
`except` clause and assigns first, are right. "finally-jump" in
test_fuzz_sample.KNOWN_BUGS.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(n):
    t = 0
    for i in range(n):
        try:
            continue
        finally:
            t = t + 1
    return t
"""

INPUTS = [
    [3],
]

OPTIONS = {}


def test_value_e193e7a3ec():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
