"""Fuzzer regression (exc-type), found by `make fuzz SEED=100` (program 1225), shrunk.

CPython raised OverflowError: complex exponentiation; ferrojit raised ValueError: negative number raised to a fractional power has a complex result, which compiled code does not support
args: [-5.491584248095093e-177, 3.3356134182409747]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(x2, x0):
    return (0.1 / x2) ** x0
"""

INPUTS = [
    [-5.491584248095093e-177, 3.3356134182409747],
]

OPTIONS = {'boundscheck': True}


def test_exc_type_bd2f743489():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
