"""Fuzzer regression (value), found by `make fuzz SEED=12` (program 195), shrunk.

result: type bool != CPython's int (True vs 2)
args: [{'values': [1, -1], 'shape': [2], 'dtype': 'int32', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0):
    return True + bool(np.any(a0))
"""

INPUTS = [
    [{'values': [1, -1], 'shape': [2], 'dtype': 'int32', 'layout': 'C'}],
]

OPTIONS = {}


def test_value_7f543b7721():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
