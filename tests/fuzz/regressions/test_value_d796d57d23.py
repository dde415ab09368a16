"""Fuzzer regression (value), found by `make fuzz SEED=777` (program 2951), shrunk.
Not a compiler bug: a float32 sum in another order than NumPy's pairwise one, 2 float32
ulps apart; the harness now measures a float32 scalar in float32 ulps.

result: 2.999999761581421 (0x1.7ffffe0000000p+1) != CPython's 3.0 (0x1.8000000000000p+1)
args: [{'values': [1, -1.25, 1.25, 3.0, 1.5, -0.25, 2.25, -1.25, -0.5], 'shape': [3, 3], 'dtype': 'float32', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0):
    v24 = 0
    v25 = a0
    t26 = (0.3333333333333333, v24, 0)
    v25.fill(t26[0])
    return np.sum(v25)
"""

INPUTS = [
    [{'values': [1, -1.25, 1.25, 3.0, 1.5, -0.25, 2.25, -1.25, -0.5], 'shape': [3, 3], 'dtype': 'float32', 'layout': 'C'}],
]

OPTIONS = {'boundscheck': True}


def test_value_d796d57d23():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
