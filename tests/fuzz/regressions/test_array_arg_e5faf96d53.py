"""Fuzzer regression (array-arg), found by `make fuzz SEED=4242` (program 982), shrunk.
Fixed: the webs renamed a desugared `$let` (augmented subscript index) that shared
a position with a renamed user name.

argument 0 after the call (its buffer, gaps included): element (1,): np.int8(3) != CPython's np.int8(0)
args: [{'values': [1, 3, 0], 'shape': [3], 'dtype': 'int8', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(a0):
    v1 = 5e-324
    v1 = 7
    _k4 = 0
    _k4 += 1
    a0[v1 % a0.shape[0]] //= v1
    return 0
"""

INPUTS = [
    [{'values': [1, 3, 0], 'shape': [3], 'dtype': 'int8', 'layout': 'C'}],
]

OPTIONS = {}


def test_array_arg_e5faf96d53():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
