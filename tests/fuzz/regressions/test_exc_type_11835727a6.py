"""Fuzzer regression (exc-type), found by `make fuzz SEED=40` (program 662), shrunk.

CPython raised OverflowError: (34, 'Numerical result out of range'); ferrojit raised ValueError: cannot convert float NaN to integer
args: [{'func': 'np.square'}, {'values': [1], 'shape': [1], 'dtype': 'uint8', 'layout': 'C'}]
"""

from ..harness import check_regression

SOURCE = """\
import math

def f(g0, a0):

    def fn20(p21):
        pass
    v22 = 100
    a0[v22 % a0.shape[0]] = g0(math.nan)
    v49 = 9007199254740992.0 ** 400.0
    return v49
"""

INPUTS = [
    [{'func': 'np.square'}, {'values': [1], 'shape': [1], 'dtype': 'uint8', 'layout': 'C'}],
]

OPTIONS = {'boundscheck': True}


def test_exc_type_11835727a6():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
