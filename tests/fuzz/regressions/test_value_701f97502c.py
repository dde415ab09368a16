"""Fuzzer regression (value), found by `make fuzz SEED=1212` (program 1484), shrunk.
Fixed: CPython's tuple search tries identity first, so `x in (x, ...)` holds for a NaN;
the same name is now the same object.

result: False != CPython's True
args: []
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import math

def f():
    t22 = (0, 2)
    v23, v24 = t22
    v26 = math.nan
    return v26 in (v26, v23)
"""

INPUTS = [
    [],
]

OPTIONS = {}


def test_value_701f97502c():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
