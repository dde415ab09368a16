"""Fuzzer regression (py-raised), found by `make fuzz SEED=2026` (program 44), shrunk.

CPython raised ValueError: attempt to get argmin of an empty sequence but ferrojit returned 1
args: [{'values': [], 'shape': [0, 0], 'dtype': 'uint32', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0):
    v1 = np.argmin(a0, axis=1) - 1
    return 1
"""

INPUTS = [
    [{'values': [], 'shape': [0, 0], 'dtype': 'uint32', 'layout': 'C'}],
]

OPTIONS = {}


def test_py_raised_e2f330ddb6():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
