"""Fuzzer regression (ice), found by a run of the "strings" rules with STRINGS_SHARE = 1
(seed 604, program 507), shrunk and written by hand.

A string known so far (`s = ','`), compared with a constant (`if s == 'ab':`), then
rebound in a later loop (`s = s + str(i)`: one run-time string, its definitions meeting
at the loop): type inference folded the comparison and never typed the branch, lowering
does not fold it. With FERROJIT_STRICT_INFER=1 (as `make test` and `make fuzz` run) an
internal compiler error ("type inference missed a type that lowering `f` found: v: bool");
without it the second lowering pass gives the right result, so this test sets the
variable itself. The comparison inside the loop, or a rebinding without a loop, is fine.
"str-loop-widen" in test_fuzz_sample.KNOWN_BUGS.

InternalCompilerError: type inference missed a type that lowering `f` found: v: bool, v: bool

Fixed in the tenth session: inference sweeps the branch of a decided `if` once a
wider type leaves its test undecided (crates/frontend/src/infer.rs, `Decided`).
"""

import pytest

from ..harness import check_regression

SOURCE = """\\
def f(p0):
    s = ','
    if s == 'ab':
        v = p0
    for i in range(2):
        s = s + str(i)
    return s
"""

INPUTS = [
    [True],
]

OPTIONS = {}


def test_ice_17f3fd1d39(monkeypatch):
    monkeypatch.setenv("FERROJIT_STRICT_INFER", "1")
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
