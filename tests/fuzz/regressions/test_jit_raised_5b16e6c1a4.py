"""Fuzzer regression (jit-raised), found by `make fuzz SEED=12` (program 44), shrunk.

CPython returned array([0, 4], dtype=int16) but ferrojit raised ZeroDivisionError: integer division or modulo by zero
args: [{'values': [3, 4], 'shape': [2], 'dtype': 'int16', 'layout': 'C'}, 0]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(a0, x0):
    a0[0] //= x0
    return a0
"""

INPUTS = [
    [{'values': [3, 4], 'shape': [2], 'dtype': 'int16', 'layout': 'C'}, 0],
]

OPTIONS = {}


def test_jit_raised_5b16e6c1a4():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
