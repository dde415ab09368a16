"""Fuzzer regression (jit-raised), found by `make fuzz SEED=12` (program 4), shrunk.

CPython returned np.uint64(0) but ferrojit raised ZeroDivisionError: integer modulo by zero
args: [{'values': [1, 3], 'shape': [2], 'dtype': 'uint16', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0):
    return np.sum(a0) % 0
"""

INPUTS = [
    [{'values': [1, 3], 'shape': [2], 'dtype': 'uint16', 'layout': 'C'}],
]

OPTIONS = {}


def test_jit_raised_36e4643c43():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
