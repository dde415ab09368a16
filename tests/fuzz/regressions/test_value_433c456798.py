"""Fuzzer regression (value), found by a run of the "strings" and "fnarg" rules with STRINGS_SHARE = 1 (seed 504,
program 311).

`f"{y!r}"` and `"%r" % y` of a NumPy scalar give the Python number's repr, `-1.5`;
CPython gives NumPy's, `np.float64(-1.5)` (`str(y)`, `f"{y}"`, `f"{y:.2f}"` agree).
"str-repr-npscalar" in test_fuzz_sample.KNOWN_BUGS.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(x0):
    y = np.negative(x0)
    return f"{y!r}", '%r' % y
"""

INPUTS = [
    [1.5],
]

OPTIONS = {}


def test_value_433c456798():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
