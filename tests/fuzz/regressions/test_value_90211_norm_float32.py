"""Fuzzer regression (value), `python -m tests.fuzz --seed 90211` (program 779), shrunk.
`np.linalg.norm` of a float32 2-D array (the library written in Python) differed from
NumPy's in the last bit of float32: NumPy's Frobenius norm is `sqrt(x.ravel().dot(x))`,
a BLAS dot product whose summation order is the BLAS kernel's for the CPU (OpenBLAS picks
its kernel per CPU, so NumPy's own last bit varies between machines); the library sums
pairwise. The accuracy contract (docs/accuracy.md): a norm is within 2 ulp of NumPy's.
The generator had taken the array for dyadic (its squares sum exactly in any order) when
a statement before had scaled it in place; it now compares norms within ulps.
"""
import math

from ..harness import check_regression

SOURCE = """\
import math
import numpy as np

def f(a1):
    a1[0 % a1.shape[0], 0 % a1.shape[1]] *= math.pow(7.75, -7)
    return float(np.linalg.norm(np.diff(a1)))
"""
INPUTS = [
    [{'values': [-2.5, -0.75, 3.0, 0, -2.75, 0, -1.25, -0.75], 'shape': [2, 4], 'dtype': 'float32', 'layout': 'C'}],
]
OPTIONS = {}


def test_value_90211_norm_float32_within_contract():
    # 2 ulp of float32, in the harness's float64 ulps (a float32 ulp is 2**29 of them).
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=2 * 2**29)


def test_value_90211_norm_float64_exact_for_dyadic():
    # Values whose squares sum exactly: the same bits whatever the order.
    check_regression(SOURCE.replace("math.pow(7.75, -7)", "0.25"), INPUTS, OPTIONS, ulps=0)
    assert math.isfinite(1.0)
