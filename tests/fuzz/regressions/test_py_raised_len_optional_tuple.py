"""Fuzzer regression (printed), found by `python -m tests.fuzz --seed 2007` (programs 44 and 310; FERROJIT_FUZZ_FORCE=optional,tryexcept), shrunk by hand.

`len(t)` of a tuple that may be None (`t = None`, `if c: t = (1, 2)`) returns the
tuple's length, 2, when `t` is None: CPython raises TypeError: object of type
'NoneType' has no len(). A silent wrong answer (in the fuzzer's programs the
`except TypeError:` handler around it did not run: `print('no len')` was missing).
`len()` of a list, a string or an array that may be None raises as CPython does.
gen.py: OPT_TUPLE_LEN.

CPython raised TypeError: object of type 'NoneType' has no len() but ferrojit returned 2

Fixed in the tenth session: `len()` of a tuple still evaluates it, and a None raises CPython's TypeError (crates/frontend/src/call.rs).
"""

from ..harness import check_regression

SOURCE = """\\
def f(x0):
    t = None
    if x0 > 100:
        t = (1, 2)
    return len(t)
"""

INPUTS = [
    [1],
]

OPTIONS = {}


def test_py_raised_len_optional_tuple():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
