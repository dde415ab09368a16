"""Fuzzer regression (exc-type), found by `make fuzz SEED=2002` (program 188; FERROJIT_FUZZ_FORCE=optional,tryexcept), shrunk by hand.

`max(x, y)` / `min(x, y)` of a NumPy scalar and a Python float: CPython returns the
operand that wins, a Python float or a NumPy scalar; compiled code gave the result
NumPy's rules whichever won (fixed in the seventeenth session: the result's NumPy-ness
is the winner's, read when running), so `max(a0[0], 3.0) / 0.0` with `a0[0] == 1.0` is inf
where CPython's `3.0 / 0.0` raises ZeroDivisionError. (In the fuzzer's program the
NumPy scalar was a ufunc's result, `max(9007199254740992.0, h6(g0)) / 0.0` with `g0 =
np.abs`.) gen.py: MINMAX_NP.

CPython raised ZeroDivisionError: float division by zero but ferrojit returned inf
"""

from ..harness import check_regression

SOURCE = """\\
def f(a0):
    return max(a0[0], 3.0) / 0.0
"""

INPUTS = [
    [{'values': [1.0], 'shape': [1], 'dtype': 'float64', 'layout': 'C'}],
]

OPTIONS = {}


def test_exc_type_4f9c1568d6():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
