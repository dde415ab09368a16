"""Fuzzer regression (ice), found by `make fuzz SEED=2002` (program 265; FERROJIT_FUZZ_FORCE=optional,tryexcept), shrunk by hand.

Two returns of a tuple holding a list of tuples, one whose float item may be None
(`[(1, r)]` with `r` optional) and one whose item is a float (`[(2, 0.0)]`): the IR
verifier rejects the cast between the list types (an internal compiler error; a
return of the lists alone, without the tuple, is a TypingError "cannot use a
list((int64, float64)) as a list((int64, optional(float64)))"). CPython returns
([(2, 0.0)], 0).

InternalCompilerError: invalid IR (a bug in ferrojit's frontend): IR verification failed in `f__0` at line 8: cast from list((int64, float64)) to list((int64, optional(float64)))
"""

import pytest

from ..harness import check_regression

SOURCE = """\\
def f(x0):
    r = None
    if x0 > 1:
        r = 1.5
    if x0 > 5:
        return [(1, r)], 0
    return [(2, 0.0)], 0
"""

INPUTS = [
    [1],
    [9],
]

OPTIONS = {}


@pytest.mark.xfail(strict=True, reason="unsupported: a list inside a tuple whose items unify to optional ones: TypingError `cannot use a (list((int64, float64)), int64) as a (list((int64, optional(float64))), int64)` (an internal compiler error before the tenth session's check); CPython returns the lists")
def test_ice_5e6b0d4032():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
