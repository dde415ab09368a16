"""Fuzzer regression (exc-type), found by `make fuzz SEED=7` (program 15235), shrunk.

CPython raised ZeroDivisionError: integer modulo by zero; ferrojit raised OverflowError: Python integer -4 out of bounds for uint16
args: [-4, {'values': [], 'shape': [0], 'dtype': 'uint16', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(x0, a0):
    return x0 + a0[x0 % a0.shape[0]]
"""

INPUTS = [
    [-4, {'values': [], 'shape': [0], 'dtype': 'uint16', 'layout': 'C'}],
]

OPTIONS = {}


def test_exc_type_0c8f947ed8():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
