"""Fuzzer regression (jit-raised), found by `make fuzz SEED=12` (program 194), shrunk.

CPython returned inf (inf) but ferrojit raised ValueError: negative number raised to a fractional power has a complex result, which compiled code does not support
args: [float('-inf')]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import math

def f(x0):
    return x0 ** 0.5
"""

INPUTS = [
    [float('-inf')],
]

OPTIONS = {}


def test_jit_raised_89d2208ffb():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
