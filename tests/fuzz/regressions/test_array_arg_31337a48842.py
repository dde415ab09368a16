"""Fuzzer regression (array-arg), found by `make fuzz SEED=31337` (program 48842), shrunk by hand.

element (1,): -2.2517998136852484e+16 (-0x1.4000000000001p+54) != CPython's -2.251799813685248e+16 (-0x1.4000000000000p+54)
(`v ** -1` became `1.0 / v` (LLVM's rewrite of pow(x, -1.0)), which differs from libm's
pow, what CPython calls, in the last bit for v = 1.7763568394002503e-15.)
"""

from ..harness import check_regression

SOURCE = """\
import math

def f(v):
    return v ** -1, math.pow(v, -1.0), (v * 2.0) ** -1
"""

INPUTS = [
    [1.7763568394002503e-15],
    [8.881784197001251e-16],
    [3.0],
]

OPTIONS = {}


def test_array_arg_31337a48842():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
