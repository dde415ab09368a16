"""Fuzzer regression (printed), found by `python -m tests.fuzz --seed 9004` (program 102; FERROJIT_FUZZ_FORCE=complex) while shrinking, then by hand.

A NumPy scalar held in a variable that may be None (`v = a0[0]`, `if x0: v = None`)
loses NumPy's rules in compiled code: `v / 0.0` raises ZeroDivisionError where
CPython's NumPy float gives inf, and `'%r' % (v <= 1.0,)` is 'True' where CPython's is
'np.True_'. (The fuzzer's program itself met the documented rule "a variable holds a
NumPy scalar while everything assigned to it does": `v32 = g0(g0(...))` with `g0 =
np.floor`, rebound to a helper's Python float on some path, then `print(' %5d/%r' %
(0, -8 <= max(v32, 3.0)))` printed `0/False` where CPython printed `0/np.False_`; the
shrinker turned the helper into one returning None, which is this bug: None says
nothing of the numbers the variable holds.) gen.py: OPT_NPSCALAR.

CPython returned inf but ferrojit raised ZeroDivisionError: float division by zero

Fixed in the tenth session: None assignments say nothing of the numbers a variable that may be None holds, and optional reads look through (crates/frontend/src/function.rs).
"""

from ..harness import check_regression

SOURCE = """\\
def f(a0, x0):
    v = a0[0]
    if x0:
        v = None
    return v / 0.0, '%r' % (v <= 1.0,)
"""

INPUTS = [
    [{'values': [0.5], 'shape': [1], 'dtype': 'float64', 'layout': 'C'}, False],
]

OPTIONS = {}


def test_jit_raised_optional_npscalar():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
