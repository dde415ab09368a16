"""Fuzzer regression (array-arg), found by `make fuzz SEED=31337` (program 41436), shrunk by hand.

argument 0 after the call: element (0,): -0.0 != CPython's 0.0
(`np.cumsum` started its running sum at 0.0, so a leading -0.0 became 0.0; NumPy copies
the first element. `a0 *= np.cumsum(a0)` then gave -0.0 * 0.0.)
"""

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0):
    c = np.cumsum(a0)
    a0 *= c
    return c, a0.cumsum(), np.cumsum(a0.reshape(-1, 1), axis=0)
"""

INPUTS = [
    [{'values': [-0.0, 2.75, -3.0], 'shape': [3], 'dtype': 'float64', 'layout': 'C'}],
    [{'values': [-0.0, -0.0], 'shape': [2], 'dtype': 'float32', 'layout': 'C'}],
]

OPTIONS = {}


def test_array_arg_31337a41436():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
