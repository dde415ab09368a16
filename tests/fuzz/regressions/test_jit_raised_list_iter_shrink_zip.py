"""Fuzzer regression (jit-raised), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seed 9, program 84 (the same class)), shrunk by hand.

`for x, y in zip(l, m):` (and a comprehension over `zip`) whose body shrinks one of the
lists: CPython's zip stops at the first exhausted list iterator, which checks the
current length; compiled code raises IndexError: list index out of range. (`for x in l`
and `enumerate(l)` stop as CPython's.) CPython returns (12, []).

Fixed (the "list-iter-shrink" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(n):
    l = [1, 2, 3]
    m = [4, 5, 6]
    s = 0
    for x, y in zip(l, m):
        s += x + y
        m.pop()
    m = [4, 5, 6]
    return s, [x + y for x, y in zip(l, m) if m.pop() < 5]
"""

INPUTS = [
    [0],
]

OPTIONS = {}


def test_jit_raised_list_iter_shrink_zip():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
