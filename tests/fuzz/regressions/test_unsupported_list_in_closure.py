"""Fuzzer regression (unsupported), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seed 7 (rules `list_range`, `list_comp` in `stmt_lambda`)), shrunk by hand.

`list(range(n))` as the iterable of a comprehension, or in a lambda or an inner function:
TypingError "range() can only be used as the iterable of a `for` loop" (it works at the
function's top level: `sum(list(range(n)))`); a comprehension in a lambda: "list
comprehensions are not supported in compiled code yet".

Fixed in the tenth session: an inner function's (or lambda's) own comprehensions and
lambdas are lifted out of it like the outer function's (crate::program::lift_inner).
"""

from ..harness import check_regression

SOURCE = """\
def f(n):
    fn = lambda p: sum(list(range(p)))
    return [c for c in list(range(n))], fn(n)
"""

INPUTS = [
    [3],
]

OPTIONS = {}


def test_unsupported_list_in_closure():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
