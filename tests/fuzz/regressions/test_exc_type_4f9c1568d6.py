"""Fuzzer regression (exc-type), found by `make fuzz SEED=2002` (program 188), shrunk.

CPython raised ZeroDivisionError: float division by zero; ferrojit raised KeyError: ''
args: [{'func': 'np.abs'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def h6(p0, p1=1e+16):
    return p0(0.5)

def f(g0):
    v36 = max(9007199254740992.0, h6(g0, 0)) / 0.0
    raise KeyError
    return v50
"""

INPUTS = [
    [{'func': 'np.abs'}],
]

OPTIONS = {}


@pytest.mark.xfail(strict=True, reason="exc-type: CPython raised ZeroDivisionError: float division by zero; ferrojit raised KeyError: ''")
def test_exc_type_4f9c1568d6():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
