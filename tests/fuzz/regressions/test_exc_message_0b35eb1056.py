"""Fuzzer regression (exc-message), found by `make fuzz SEED=1` (program 0), shrunk.

ZeroDivisionError: CPython 'division by zero', ferrojit 'float division by zero'
args: [1, 0]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(x0, x1):
    return x0 / x1
"""

INPUTS = [
    [1, 0],
]

OPTIONS = {}


def test_exc_message_0b35eb1056():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
