"""Fuzzer regression (jit-raised), found by `make fuzz SEED=31415` (program 1220: `h0(g0, p1=h0(g0, p1=-7.75))`, `g0 =
np.negative`), shrunk by hand.

A NumPy scalar expression passed by keyword to a compiled helper (`h1(p1=np.negative(x))`)
arrives as a Python number: `p1 / p1` with 0 raises ZeroDivisionError, where NumPy's rules
give nan (with a RuntimeWarning). Passed by position, or as a variable by keyword
(`y = np.negative(x); h1(p1=y)`), it keeps NumPy's rules.

Fixed at the end of the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def h1(p1):
    return p1 / p1

def f(x0):
    return h1(p1=np.negative(x0))
"""

INPUTS = [
    [0],
]

OPTIONS = {}


def test_jit_raised_40594c98a8():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
