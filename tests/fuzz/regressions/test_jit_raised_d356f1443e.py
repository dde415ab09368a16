"""Fuzzer regression (jit-raised), found by `make fuzz SEED=2` (program 1317), shrunk.

CPython returned np.float64(nan) (nan) but ferrojit raised ValueError: negative number raised to a fractional power has a complex result, which compiled code does not support
args: [2, {'func': 'np.sqrt'}, {'func': 'lam0'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def h1(p0=7.75):

    def fn7(p8):
        return 10
    v9 = fn7(9007199254740993)
    return v9
lam0 = 0

def h2(p0, p1, p2):
    return p0(h1(0))

def h3(p0, p1, p2):
    return -6

def f(x1, g0, g1):
    v13 = h3(g1, x1, 1e-300)
    return v13 ** h2(g0, v13 ** 0, v13)
"""

INPUTS = [
    [2, {'func': 'np.sqrt'}, {'func': 'lam0'}],
]

OPTIONS = {'boundscheck': True}


def test_jit_raised_d356f1443e():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
