"""Fuzzer regression (array-arg), found by `make fuzz SEED=30` (program 82), shrunk.

argument 0 after the call (its buffer, gaps included): element (1,): np.uint8(0) != CPython's np.uint8(1)
args: [{'values': [0, 1, 2, 5, 2], 'shape': [5], 'dtype': 'uint8', 'layout': 'C'}]
"""

from ..harness import check_regression

SOURCE = """\
import math

def f(a0):
    a0[6 % a0.shape[0]] = math.nan in (math.nan, 1.0)
    return 7.75
"""

INPUTS = [
    [{'values': [0, 1, 2, 5, 2], 'shape': [5], 'dtype': 'uint8', 'layout': 'C'}],
]

OPTIONS = {'boundscheck': True}


def test_array_arg_53eb3e5462():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
