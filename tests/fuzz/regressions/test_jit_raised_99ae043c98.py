"""Fuzzer regression (jit-raised), found by `make fuzz SEED=5` (program 482), shrunk.

CPython returned 1.0 (0x1.0000000000000p+0) but ferrojit raised ZeroDivisionError: float floor division by zero
args: [{'func': 'np.arctan2'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import math

def h2(p0, p1, p2=3.0):
    return p0(p2, math.inf)

def f(g0):
    v10 = 3 // h2(g0, 0.0, 3.0)
    return 1.0
"""

INPUTS = [
    [{'func': 'np.arctan2'}],
]

OPTIONS = {}


def test_jit_raised_99ae043c98():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
