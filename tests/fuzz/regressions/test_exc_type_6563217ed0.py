"""Fuzzer regression (exc-type), found by `make fuzz SEED=100` (program 6615), shrunk.

CPython raised ValueError: math domain error; ferrojit raised OverflowError: Python integer 6032581107667867413 out of bounds for int32
args: [{'values': [0, -3, -2, -5], 'shape': [4], 'dtype': 'int32', 'layout': 'C'}, 6032581107667867413]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import math

def f(a0, x0):
    return x0 + a0[math.trunc(math.asin(1.5)) % a0.shape[0]]
"""

INPUTS = [
    [{'values': [0, -3, -2, -5], 'shape': [4], 'dtype': 'int32', 'layout': 'C'}, 6032581107667867413],
]

OPTIONS = {}


def test_exc_type_6563217ed0():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
