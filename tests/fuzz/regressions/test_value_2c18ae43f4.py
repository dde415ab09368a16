"""Fuzzer regression (value), found by `make fuzz SEED=2026` (program 1216), shrunk.

result: True != CPython's False
args: [{'values': [18446744073709551615], 'shape': [1], 'dtype': 'uint64', 'layout': 'C'}, 0]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(a0, x0):
    return a0[0] < x0
"""

INPUTS = [
    [{'values': [18446744073709551615], 'shape': [1], 'dtype': 'uint64', 'layout': 'C'}, 0],
]

OPTIONS = {}


def test_value_2c18ae43f4():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
