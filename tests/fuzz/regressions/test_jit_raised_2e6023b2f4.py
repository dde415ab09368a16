"""Fuzzer regression (jit-raised), found by `make fuzz SEED=61` (program 906), shrunk.

CPython returned array([0], dtype=uint64) but ferrojit raised ValueError: cannot convert float NaN to integer
args: [{'values': [0], 'shape': [1], 'dtype': 'uint64', 'layout': 'C'}, {'func': 'np.sqrt'}, {'values': [-4], 'shape': [1], 'dtype': 'int8', 'layout': 'transposed'}]
"""

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a1, g0, a0):
    v45 = np.ones_like(a0, dtype=np.uint8)
    v45[7 % v45.shape[0]] = g0(-4)
    return a1
"""

INPUTS = [
    [{'values': [0], 'shape': [1], 'dtype': 'uint64', 'layout': 'C'}, {'func': 'np.sqrt'}, {'values': [-4], 'shape': [1], 'dtype': 'int8', 'layout': 'transposed'}],
]

OPTIONS = {}


def test_jit_raised_2e6023b2f4():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
