"""Fuzzer regression (unsupported), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seed 5 (rule `stmt_list_build`)), shrunk by hand.

Rows appended empty and filled through the outer list (`acc.append([])`, then
`acc[-1].append(i)`): TypingError "a compiled list of ? cannot hold a int64 here: name
the list to let its item type widen". `row = []; row.append(i); acc.append(row)` works.

Fixed (the "list-empty-row" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(n):
    acc = []
    for i in range(n):
        acc.append([])
        acc[-1].append(i)
    return acc
"""

INPUTS = [
    [2],
]

OPTIONS = {}


def test_unsupported_list_empty_row():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
