"""Fuzzer regression (exc-type), found by `make fuzz SEED=61` (program 642), shrunk.

CPython raised OverflowError: Python integer 10000000000000000 out of bounds for int8; ferrojit raised ZeroDivisionError: integer modulo by zero
args: [{'func': 'np.abs'}, {'values': [1], 'shape': [1], 'dtype': 'int8', 'layout': 'C'}]
"""

from ..harness import check_regression

SOURCE = """\
def f(g0, a0):
    v22 = a0
    for i24 in range(int(a0[-5 % a0.shape[0]]) % 7):
        _k25 = 0
        _k25 += 1
        t27 = (0, g0(i24))
        v28, v29 = t27
        a0[v29 % v29 % a0.shape[0]] = 1e+16
    return v22
"""

INPUTS = [
    [{'func': 'np.abs'}, {'values': [1], 'shape': [1], 'dtype': 'int8', 'layout': 'C'}],
]

OPTIONS = {}


def test_exc_type_f64180071b():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
