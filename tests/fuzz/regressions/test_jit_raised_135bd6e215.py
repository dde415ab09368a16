"""Fuzzer regression (jit-raised), found by `make fuzz SEED=4242` (program 138), shrunk.
Fixed: the webs renamed a desugared `$let` (augmented subscript index) that shared
a position with a renamed user name.

CPython returned array([[True, False, False], [False, True, True]], dtype=bool) but ferrojit raised ZeroDivisionError: integer division or modulo by zero
args: [1.0, {'values': [1.25, -1.25, 2.0, float('nan'), -1.0, -2.0], 'shape': [2, 3], 'dtype': 'float32', 'layout': 'transposed'}, {'values': [True, False, False, False, True, True], 'shape': [2, 3], 'dtype': 'bool', 'layout': 'transposed'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(x1, a0, a1):
    v1 = a1
    v1 = 9
    a0[0 % a0.shape[0], v1 % a0.shape[1]] *= 0
    a0[v1 % a0.shape[0], 7 // v1 % a0.shape[1]] //= x1
    return a1
"""

INPUTS = [
    [1.0, {'values': [1.25, -1.25, 2.0, float('nan'), -1.0, -2.0], 'shape': [2, 3], 'dtype': 'float32', 'layout': 'transposed'}, {'values': [True, False, False, False, True, True], 'shape': [2, 3], 'dtype': 'bool', 'layout': 'transposed'}],
]

OPTIONS = {}


def test_jit_raised_135bd6e215():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
