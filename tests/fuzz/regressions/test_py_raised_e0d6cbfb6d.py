"""Fuzzer regression (py-raised), found by `make fuzz SEED=9191` (program 2161), shrunk.

`1 ** (-a1.ndim)`: the exponent is a constant to the compiler (an array's ndim comes
from its type), so the result is CPython's float 1.0; the oracle took it for a run-time
negative exponent (fixed in tests/fuzz/oracle.py: `.ndim` exponents are literal).
"""

from ..harness import check_regression

SOURCE = """\
def f(a1):
    return 1 ** (-a1.ndim)
"""

INPUTS = [
    [{'values': [0, 5, 4], 'shape': [3], 'dtype': 'uint8', 'layout': 'C'}],
]

OPTIONS = {}


def test_py_raised_e0d6cbfb6d():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
