"""Fuzzer regression (jit-raised), found by `make fuzz SEED=19436` (program 1450), shrunk.

CPython returned 1 but ferrojit raised OverflowError: Python int too large to convert to C long
args: [{'values': [18446744073709551615, 1], 'shape': [2], 'dtype': 'uint64', 'layout': 'C'}, 1]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0, x1):
    a0[0 % a0.shape[0]] = float(np.mean(a0))
    return x1
"""

INPUTS = [
    [{'values': [18446744073709551615, 1], 'shape': [2], 'dtype': 'uint64', 'layout': 'C'}, 1],
]

OPTIONS = {}


def test_jit_raised_6608233b3a():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
