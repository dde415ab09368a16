"""Fuzzer regression (ice), `make fuzz SEED=23409` (program 65), shrunk. The same
mechanism as test_ice_17f3fd1d39 ("str-loop-widen"): a known string compared
(`if st1 == 'x':`) and rebound later to another string (`if 0: st1 = 'fast'`), so its
web becomes a run-time string: type inference folded the comparison and never typed the
branch, lowering does not fold it. An internal error under FERROJIT_STRICT_INFER=1 only.

Fixed in the tenth session: inference sweeps the branch of a decided `if` once a
wider type leaves its test undecided (crates/frontend/src/infer.rs, `Decided`).
"""
import pytest

from ..harness import check_regression

SOURCE = """\\
def f(a0):
    st1 = 'ab'
    if st1 == 'x':
        v25 = a0
    if 0:
        st1 = 'fast'
    return st1
"""
INPUTS = [
    [1.5],
]
OPTIONS = {}


def test_ice_23409_str_rebound(monkeypatch):
    monkeypatch.setenv("FERROJIT_STRICT_INFER", "1")
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
