"""Fuzzer regression (printed), found by `python -m tests.fuzz --seed 2009` (program 65; FERROJIT_FUZZ_FORCE=complex,optional,tryexcept), shrunk by hand.

A name deleted on some path (`if x1 > 5: del x0`) and read in the right operand of
`and` in an `if` test (`if x1 < 0 and x0:`) raises UnboundLocalError in compiled code
even when that operand is not evaluated; CPython never reads it there and goes on
(here: returns 1). The same read in an assignment (`v = x1 < 0 and x0`) is right. (The
fuzzer's program: a `finally:` that printed `trace` showed the missing steps, 'finally
14' for CPython's 'finally 124'.) gen.py: DEL_SHORT.

CPython returned 1 but ferrojit raised UnboundLocalError: cannot access local variable 'x0' where it is not associated with a value

Fixed in the tenth session: every statement but `del` checks a name's flag at the read itself (crates/frontend/src/definite.rs).
"""

from ..harness import check_regression

SOURCE = """\\
def f(x0, x1):
    if x1 > 5:
        del x0
    if x1 < 0 and x0:
        return 2
    return 1
"""

INPUTS = [
    [1.0, 9],
]

OPTIONS = {}


def test_jit_raised_del_short_circuit():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
