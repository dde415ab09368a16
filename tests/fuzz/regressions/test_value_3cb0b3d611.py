"""Fuzzer regression (value), found by `make fuzz SEED=2026` (program 2110), shrunk.

result: 3.6100182335802113 (0x1.ce1513d59868cp+1) != CPython's 3.610018233580212 (0x1.ce1513d59868dp+1)
args: [9223372036854775807, 2554937798113988373]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(x0, x1):
    return x0 / x1
"""

INPUTS = [
    [9223372036854775807, 2554937798113988373],
]

OPTIONS = {}


def test_value_3cb0b3d611():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
