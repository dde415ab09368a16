"""Fuzzer regression (ice), found by `make fuzz SEED=2002` (program 137), shrunk.

InternalCompilerError: LLVM error: cannot convert str("a,b") to str
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import math
import numpy as np

def h0(p0, p1):
    return 3.0

def h1(p0):
    pass

def f(a1, a2, a0, s0):
    _fz_o58 = None
    if h0(-4611686018427387909, True) < float(np.max(a1)) <= a2.shape[0]:
        _fz_o58 = ' '.join('ab'.split(','))
    v59 = _fz_o58 if _fz_o58 is not None else s0.rstrip()
    r110 = h1(int(np.prod(((a0 == a1) != a2) <= np.clip(a2, None, -0.0))))
    v111 = int(a2.min()) + math.ceil(3.0) // 4294967297 if r110 is None else r110
    return v111
"""

INPUTS = [
    [{'values': [float('-inf'), 1.5], 'shape': [2], 'dtype': 'float32', 'layout': 'strided'}, {'values': [0, 0], 'shape': [2], 'dtype': 'uint64', 'layout': 'F'}, {'values': [1, 2], 'shape': [2], 'dtype': 'uint32', 'layout': 'C'}, 'a,b'],
]

OPTIONS = {}


@pytest.mark.xfail(strict=True, reason="ice: InternalCompilerError: LLVM error: cannot convert str('a,b') to str")
def test_ice_139ef26a56():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
