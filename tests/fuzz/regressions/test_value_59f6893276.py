"""Fuzzer regression (value), found by `make fuzz SEED=7` (program 2091), shrunk.

result: element (1, 1): np.uint8(8) != CPython's np.uint8(0)
args: [{'values': [1, 2, 0, 1], 'shape': [2, 2], 'dtype': 'uint8', 'layout': 'C'}, {'values': [5, 6, 7, 8], 'shape': [2, 2], 'dtype': 'uint8', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0, a1):
    a0[...] = np.where(np.all(a0, axis=0), 0, a1)
    return a0
"""

INPUTS = [
    [{'values': [1, 2, 0, 1], 'shape': [2, 2], 'dtype': 'uint8', 'layout': 'C'}, {'values': [5, 6, 7, 8], 'shape': [2, 2], 'dtype': 'uint8', 'layout': 'C'}],
]

OPTIONS = {}


def test_value_59f6893276():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
