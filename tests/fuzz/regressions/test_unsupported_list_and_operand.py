"""Fuzzer regression (unsupported), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seed 5 (rule `stmt_list_drain`)), shrunk by hand.

`while l and k < n:` (also `if s and x > 0:` with a string): TypingError "`and`/`or`
operands have incompatible types list(int64) and bool", where only the truth value is
used (a test). `if l:` and `not l` work.

Fixed (the "list-and-operand" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(l, k):
    n = 0
    while l and n < k:
        n += 1
        l.pop()
    return n
"""

INPUTS = [
    [[1, 2, 3], 2],
]

OPTIONS = {}


def test_unsupported_list_and_operand():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
