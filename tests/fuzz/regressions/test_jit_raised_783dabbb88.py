"""Fuzzer regression (jit-raised), found by `make fuzz SEED=12` (program 95), shrunk.

CPython returned np.float64(inf) (inf) but ferrojit raised ZeroDivisionError: float division by zero
args: [{'func': 'np.sqrt'}, 1.0, 0.0]
"""

from ..harness import check_regression

SOURCE = """\
def f(g0, x1, x2):
    t5 = (0, g0(x1))
    v6, v7 = t5
    v7 /= x2
    return v7
"""

INPUTS = [
    [{'func': 'np.sqrt'}, 1.0, 0.0],
]

OPTIONS = {}


def test_jit_raised_783dabbb88():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
