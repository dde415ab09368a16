"""Fuzzer regression (ice), found by `make fuzz SEED=2002` (program 137; FERROJIT_FUZZ_FORCE=optional,tryexcept), shrunk by hand.

A string computed at run time that may be None (`r = None; if c: r = str(x0)`),
defaulted to a string known when compiling (`r if r is not None else 'abc'`; in the
fuzzer's program `... else s0.rstrip()` of a `str` argument): an internal compiler
error, where CPython returns the string.

InternalCompilerError: LLVM error: cannot convert str("abc") to str

Fixed in the tenth session: a value converts to an optional's payload type first (a known string made a run-time string), crates/frontend/src/expr.rs `convert`.
"""

from ..harness import check_regression

SOURCE = """\\
def f(x0):
    r = None
    if x0 > 0:
        r = str(x0)
    return r if r is not None else 'abc'
"""

INPUTS = [
    [1],
    [-1],
]

OPTIONS = {}


def test_ice_139ef26a56():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
