"""Fuzzer regression (ice), found by `make fuzz SEED=1010` (program 147) in the tenth
session's 2,000-program run, not shrunk further:

InternalCompilerError: invalid IR (a bug in ferrojit's frontend): IR verification failed in `fn6__1` at line 18: not: expected bool, found int64

Not reproduced at the commit after the run (this test passes, and `--seed 1010 -n 200`
gives no mismatch): the run's worker processes compiled with the library written in
Python while its files (`_lib/lists.py`, `_lib/complex_numpy.py`) were being edited.
Kept as a plain test of the program.
"""

from ..harness import check_regression

SOURCE = """\
import math
import numpy as np

def h0(p0):
    v1 = float(-5)
    acc2 = [sorted([-8, 8, -5] + [-1] + [2], key=lambda k3: k3 % 3), [1], [-8, 63, -8][1 % 4 - 2::1 % 5 - 2] * ((-2 + -2) % 3), [len([True, False][:2])]]
    _k4 = 0
    while _k4 < 5 and p0 != (-8 - 9007199254740993) // 255 == 2 - (-2 << 63):
        _k4 += 1
        acc2.append([])
        for j5 in range(1):
            acc2[-1].append(-4)
    return max(-4611686018427387909, -3 >> 6)

def f(l1, a1, x0, a0, l0):
    a1[+int(np.argmin(np.copy(a0))) % a1.shape[0]] = --2.25

    def fn6(p7):
        return l1 != l1
    v8 = fn6(-math.floor(1.0 * 0.5) * 0)
    v9 = bool(math.inf % 0.3333333333333333 ** 3) or math.isnan(0.3333333333333333)
    ls10 = l0
    ls10.append(-0.0 - -math.inf % 1e-300)
    acc11 = []
    for el12 in [len(l0), math.floor(l1[len(l1) % len(l1)]), 1 * 7 ^ -0]:
        acc11.append(int(math.fabs(0 // (el12 * -0.0))))
    print(sep='')
    return list(range(-2, -2, 2))
"""

INPUTS = [
    [[5e-324], {'values': [-4, 2], 'shape': [2], 'dtype': 'int32', 'layout': 'C'}, True, {'values': [True, True], 'shape': [2], 'dtype': 'bool', 'layout': 'reversed'}, [0.75, 3.0, 0.25, 0.75]],
]

OPTIONS = {}


def test_ice_d3fc0af619():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
