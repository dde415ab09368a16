"""Fuzzer regression (value), found by `make fuzz SEED=2026` (program 1468), shrunk.

result: dtype int64 != CPython's int8
args: [{'values': [False, True], 'shape': [2], 'dtype': 'bool', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(a0):
    return a0 ** 2
"""

INPUTS = [
    [{'values': [False, True], 'shape': [2], 'dtype': 'bool', 'layout': 'C'}],
]

OPTIONS = {}


def test_value_0214e78402():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
