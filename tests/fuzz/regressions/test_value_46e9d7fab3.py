"""Fuzzer regression (value), found by `make fuzz SEED=12` (program 170), shrunk.

result: element (0,): np.int64(1) != CPython's np.int64(0)
args: [{'values': [1, 2, 3], 'shape': [3], 'dtype': 'int64', 'layout': 'reversed'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(a0):
    v = a0.reshape(-1)
    v[0] = 0
    return a0
"""

INPUTS = [
    [{'values': [1, 2, 3], 'shape': [3], 'dtype': 'int64', 'layout': 'reversed'}],
]

OPTIONS = {}


def test_value_46e9d7fab3():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
