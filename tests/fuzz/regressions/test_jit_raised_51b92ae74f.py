"""Fuzzer regression (jit-raised), found by `make fuzz SEED=12` (program 90), shrunk.

CPython returned np.int8(0) but ferrojit raised ZeroDivisionError: integer modulo by zero
args: [{'values': [0], 'shape': [1], 'dtype': 'int8', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(a0):
    return 0 % a0[0]
"""

INPUTS = [
    [{'values': [0], 'shape': [1], 'dtype': 'int8', 'layout': 'C'}],
]

OPTIONS = {}


def test_jit_raised_51b92ae74f():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
