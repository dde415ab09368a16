"""Fuzzer regression (ice), found by `make fuzz SEED=2002` (program 265), shrunk.

InternalCompilerError: invalid IR (a bug in ferrojit's frontend): IR verification failed in `f__0` at line 18: cast from list((int64, float64)) to list((int64, optional(float64)))
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import math

def h1(p0):
    pass

def f(s1, a0):
    trace = 0
    ls30 = [c29 for c29 in range(1)]
    for i32 in range(len(a0)):
        try:
            pass
        except ValueError:
            try:
                pass
            except ZeroDivisionError:
                r40 = h1(i32 == i32)
                return ([(int(a0[i32 % a0.shape[0], i32 % a0.shape[1]]), 1e+16), (i32, float(-8)), (i32, -8 / -7 if -8 / -7 == -8 / -7 else 0.5), (int(-math.inf), (math.inf if r40 is None else r40) if (math.inf if r40 is None else r40) == (math.inf if r40 is None else r40) else 0.5)], trace)
    return (list(((4294967297 + a0.shape[0], 0.0), ((len(ls30) > 1) * 'a'.join(s1.split(',')).isupper(), 1e+16))), trace)
"""

INPUTS = [
    ['fast', {'values': [-1, 3], 'shape': [2, 1], 'dtype': 'int32', 'layout': 'F'}],
]

OPTIONS = {}


@pytest.mark.xfail(strict=True, reason="ice: InternalCompilerError: invalid IR (a bug in ferrojit's frontend): IR verification failed in `f__0` at line 18: cast from list((int64, float64)) to lis")
def test_ice_5e6b0d4032():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
