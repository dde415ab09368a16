"""Fuzzer regression (jit-raised), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seed 9, program 84), shrunk by hand.

`for x in reversed(l):` whose body shrinks `l` below the next index: CPython's
reversed iterator stops (listreviter_next checks the index against the current length);
compiled code reads `l[i]` and raises IndexError: list index out of range.
CPython returns 1 (the loop runs once), ferrojit raises IndexError.

Fixed (the "list-iter-shrink" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(n):
    l = [1, 2, 3]
    for x in reversed(l):
        l.pop()
        l.pop()
    return len(l)
"""

INPUTS = [
    [0],
]

OPTIONS = {}


def test_jit_raised_list_iter_shrink_reversed():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
