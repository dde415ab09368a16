"""Fuzzer regression (jit-raised), found by `make fuzz SEED=40` (program 268), shrunk.

CPython returned 1 but ferrojit raised ValueError: cannot convert float NaN to integer
args: [{'func': 'np.sqrt'}, {'values': [1, 1], 'shape': [2], 'dtype': 'uint16', 'layout': 'C'}]
"""

from ..harness import check_regression

SOURCE = """\
def f(g0, a0):
    a0[0 % a0.shape[0]] = g0(-1)
    return 1
"""

INPUTS = [
    [{'func': 'np.sqrt'}, {'values': [1, 1], 'shape': [2], 'dtype': 'uint16', 'layout': 'C'}],
]

OPTIONS = {}


def test_jit_raised_c1db31c618():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
