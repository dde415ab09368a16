"""Fuzzer regression (ice), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seed 24, program 152: every rule, LIST_DEAD_COMP not
skipped), shrunk by hand.

A comprehension whose filter is a constant False (its item type is never seen) appended
to a list of lists: InternalCompilerError "invalid IR (a bug in ferrojit's frontend): IR
verification failed ...: cast from list(?) to list(int64)". CPython appends an empty list.
(Elsewhere such a comprehension is a TypingError, test_unsupported_list_dead_comp, or
works: returned alone.)

Fixed (the "list-dead-comp" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(n):
    nl = [[1]]
    nl.append([0 for c in range(n) if False])
    return nl
"""

INPUTS = [
    [2],
]

OPTIONS = {}


def test_ice_list_dead_comp_row():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
