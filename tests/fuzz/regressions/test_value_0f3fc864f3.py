"""Fuzzer regression (value), found by `make fuzz SEED=7` (program 2999), shrunk.

result: element (1, 0): 1.0 (0x1.0000000000000p+0) != CPython's 0.0 (0x0.0p+0)
args: [{'values': [1.0, 1.0, 1.0, 1.0], 'shape': [2, 2], 'dtype': 'float64', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0):
    a0 -= np.all(a0, axis=0)
    return a0
"""

INPUTS = [
    [{'values': [1.0, 1.0, 1.0, 1.0], 'shape': [2, 2], 'dtype': 'float64', 'layout': 'C'}],
]

OPTIONS = {}


def test_value_0f3fc864f3():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
