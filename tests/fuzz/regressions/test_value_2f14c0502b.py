"""Fuzzer regression (value), found by `make fuzz SEED=7` (program 5944), shrunk.

result: element (0,): 0.0 (0x0.0p+0) != CPython's 1.0 (0x1.0000000000000p+0)
args: [{'values': [1.0, 2.0], 'shape': [2], 'dtype': 'float64', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(a0):
    v = +a0
    v[:] = 0
    return a0
"""

INPUTS = [
    [{'values': [1.0, 2.0], 'shape': [2], 'dtype': 'float64', 'layout': 'C'}],
]

OPTIONS = {}


def test_value_2f14c0502b():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
