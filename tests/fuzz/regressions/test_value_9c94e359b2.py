"""Fuzzer regression (value), found by `make fuzz SEED=100` (program 6790), shrunk.

result: 0.625 (0x1.4000000000000p-1) != CPython's 1.1875 (0x1.3000000000000p+0)
args: [{'values': [1, 2, 5, 1, 1, 9223372036854775807, 1, -9223372036854775808, 5, 4, 3, -2, 1, -4, 3, 0], 'shape': [4, 4], 'dtype': 'int64', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0):
    v7 = float(np.mean(a0))
    return v7
"""

INPUTS = [
    [{'values': [1, 2, 5, 1, 1, 9223372036854775807, 1, -9223372036854775808, 5, 4, 3, -2, 1, -4, 3, 0], 'shape': [4, 4], 'dtype': 'int64', 'layout': 'C'}],
]

OPTIONS = {}


@pytest.mark.xfail(strict=True, reason="value: result: 0.625 (0x1.4000000000000p-1) != CPython's 1.1875 (0x1.3000000000000p+0)")
def test_value_9c94e359b2():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
