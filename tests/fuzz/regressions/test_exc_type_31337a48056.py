"""Fuzzer regression (exc-type), found by `make fuzz SEED=31337` (program 48056), shrunk by hand.

CPython raised ValueError: zero-size array to reduction operation maximum which has no
identity; ferrojit raised ZeroDivisionError: integer modulo by zero
(`int(a.max()) // a[i % n]`: the left operand, a Python int checked against int32's
range, was evaluated after the right one; only its range check belongs there.)
"""

from ..harness import check_regression

SOURCE = """\
import math

def f(a2, x):
    return int((a2 + a2).max()) // a2[math.floor(x) % a2.shape[0]]
"""

INPUTS = [
    [{'values': [], 'shape': [0], 'dtype': 'int32', 'layout': 'C'}, 3.5],
    [{'values': [2, 7], 'shape': [2], 'dtype': 'int32', 'layout': 'C'}, 3.5],
]

OPTIONS = {}


def test_exc_type_31337a48056():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
