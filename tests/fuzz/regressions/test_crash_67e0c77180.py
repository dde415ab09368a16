"""Fuzzer regression (crash), found by `make fuzz SEED=2` (program 448), shrunk.

worker died (exit code -11): the compiled program segfaults (SIGSEGV) on its first
call; CPython raises ZeroDivisionError('integer modulo by zero').
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f():
    return 2.0 ** (100 % 0)
"""

INPUTS = [
    [],
]

OPTIONS = {}


def test_crash_67e0c77180():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=True)
