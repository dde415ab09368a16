"""Fuzzer regression (value), found by `make fuzz SEED=100` (program 11466), shrunk.

result: element (0, 0): np.uint32(2147483648) != CPython's np.uint32(0)
args: [{'values': [1, 2, 4], 'shape': [3, 1], 'dtype': 'uint32', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import math
import numpy as np

def f(a0):
    v14 = a0
    v14[...] = np.full_like(v14, math.nan)
    return v14
"""

INPUTS = [
    [{'values': [1, 2, 4], 'shape': [3, 1], 'dtype': 'uint32', 'layout': 'C'}],
]

OPTIONS = {}


def test_value_c344d9a7b4():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
