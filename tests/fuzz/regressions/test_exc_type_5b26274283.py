"""Fuzzer regression (exc-type), found by `make fuzz SEED=20` (program 43), shrunk.

CPython raised OverflowError: cannot convert float infinity to integer; ferrojit raised ZeroDivisionError: float division by zero
args: [{'func': 'math.trunc'}, {'func': 'np.ceil'}, {'values': [-1.5, -2.25, 2.75, -2.25, float('nan')], 'shape': [5], 'dtype': 'float32', 'layout': 'reversed'}, 8.537241307821951, {'values': [-5, -1, -5, -1, -4], 'shape': [5], 'dtype': 'int8', 'layout': 'F'}]
"""

from ..harness import check_regression

SOURCE = """\
def h0(p0, p1):
    return p0(0)

def h1(p0, p1):
    return p0(p1)

def f(g1, g0, a1, x0, a0):
    t28 = (False, 0, h0(g0, x0))
    v29, v30, v31 = t28
    a0[h1(g1, p1=x0 // 0.1 / v31) % a0.shape[0]] = 0
    return a1
"""

INPUTS = [
    [{'func': 'math.trunc'}, {'func': 'np.ceil'}, {'values': [-1.5, -2.25, 2.75, -2.25, float('nan')], 'shape': [5], 'dtype': 'float32', 'layout': 'reversed'}, 8.537241307821951, {'values': [-5, -1, -5, -1, -4], 'shape': [5], 'dtype': 'int8', 'layout': 'F'}],
]

OPTIONS = {}


def test_exc_type_5b26274283():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
