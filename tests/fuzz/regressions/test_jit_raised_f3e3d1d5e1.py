"""Fuzzer regression (jit-raised), found by `make fuzz SEED=2718` (program 1129: `v44 = g0(...)` with `g0 = np.sqrt`,
rebound to `0.1` in a loop later), written by hand (the shrinker turned it into the
documented int/float unification). Fixed in the seventeenth session: such a variable has
a hidden flag saying which it holds, and `**`, `/`, `//`, `%` follow it.

A local holding a NumPy scalar and rebound to a Python float on some path is one
variable of Python float type on every path (unification where paths merge), so the
NumPy scalar loses NumPy's rules before the rebinding too: `v ** v` overflowing raises
OverflowError (NumPy: inf), `v / 0.0` raises ZeroDivisionError (NumPy: inf). Without the
rebinding both follow NumPy. (An int rebound to a float the same way becomes a float,
as docs/supported.md says; a NumPy float64 is not a wider type than a Python float.)
"""

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(x0):
    v = np.sqrt(x0)
    w = v ** v
    if x0 > 1e300:
        v = 0.1
    return w, v
"""

INPUTS = [
    [10000000000.0],
]

OPTIONS = {}


def test_jit_raised_f3e3d1d5e1():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
