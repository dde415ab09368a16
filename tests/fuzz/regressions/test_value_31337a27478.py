"""Fuzzer regression (value), found by `make fuzz SEED=31337` (program 27478), shrunk by hand.

result: False != CPython's True
(`a1[i] < np.max(a0)` with a uint8 element and a uint64 maximum of 2**64 - 1: compared
as int64. Also min/max/conditional expressions of uint8 and uint64 scalars.)
"""

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a1, a0):
    m = np.max(a0)
    x = a1[0]
    return x < m, m > x, x == m, max(x, m), min(x, m), (x if x > m else m)
"""

INPUTS = [
    [{'values': [2, 5], 'shape': [2], 'dtype': 'uint8', 'layout': 'C'},
     {'values': [5, 18446744073709551615], 'shape': [2], 'dtype': 'uint64', 'layout': 'C'}],
    [{'values': [255, 5], 'shape': [2], 'dtype': 'uint8', 'layout': 'C'},
     {'values': [5, 7], 'shape': [2], 'dtype': 'uint64', 'layout': 'C'}],
]

OPTIONS = {}


def test_value_31337a27478():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
