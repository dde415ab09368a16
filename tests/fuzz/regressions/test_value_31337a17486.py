"""Fuzzer regression (value), found by `make fuzz SEED=31337` (program 17486), shrunk by hand.

result: 8.303351742934381e+52 (0x1.bbdbad1d84c00p+175) != CPython's 8.303351742934392e+52 (0x1.bbdbad1d84c0ap+175)
(LLVM rewrote pow(2.0**53, x) as exp2(53 * x); `53 * x` rounds.)
args: [3.3168670707270227]
"""

from ..harness import check_regression

SOURCE = """\
import math
import numpy as np

def f(x1):
    return 9007199254740992.0 ** x1, math.pow(0.125, x1), 2.0 ** x1, np.power(1024.0, x1)
"""

INPUTS = [
    [3.3168670707270227],
    [-1.7],
    [0.1],
]

OPTIONS = {}


def test_value_31337a17486():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
