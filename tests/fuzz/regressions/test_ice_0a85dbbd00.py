"""Fuzzer regression (ice), found by a run of the "tryexcept" and "strings" rules with TRY_SHARE = STRINGS_SHARE =
1 (seed 504, program 493), shrunk further by hand.

A name read before its only assignment, which follows a `return` (unreachable code):
with FERROJIT_STRICT_INFER=1 an internal compiler error ("type inference missed a type
that lowering `f` found: t: int64, t: int64, return: bool"); without it a TypingError
("local variable `s` is used before it is assigned"). CPython raises UnboundLocalError
when it runs (`del s`). The shrinker made it from a program with `del` (the generator
writes no unreachable code; without a `del` in the program the harness takes CPython's
UnboundLocalError for a generator error). Without the `del`, `return t` / `t = 1` after
it is the same internal error.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f():
    del s
    return t
    t = 1
    return False
"""

INPUTS = [
    [],
]

OPTIONS = {}


@pytest.mark.xfail(strict=True, reason="ice: a read before an assignment in unreachable code (strict inference: ICE; else TypingError)")
def test_ice_0a85dbbd00():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
