"""Fuzzer regression (value), found by `make fuzz SEED=100` (program 6362), shrunk.

result: -0.0 (-0x0.0p+0) != CPython's 0.0 (0x0.0p+0)
args: []
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f():
    return np.fmin(0, -0.0)
"""

INPUTS = [
    [],
]

OPTIONS = {}


def test_value_6c3cfb18b6():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
