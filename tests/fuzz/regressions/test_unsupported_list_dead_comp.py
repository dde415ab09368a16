"""Fuzzer regression (unsupported), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seeds 6-8 (comprehension filters, `stmt_list_build`)), shrunk by hand.

A list whose only appends are folded away when compiling has no item type: `[x for c in
l if False] + [x]`, and `acc = []` appended to only under `if False:`, then iterated:
TypingError "the items of this list have no type yet: it is empty here and nothing is
appended to it". CPython runs both (the list is empty). (Returning such a list or taking
its length works.)

Fixed (the "list-dead-comp" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(x):
    acc = []
    if False:
        acc.append(x)
    for v in acc:
        x += v
    return x, [x for c in [1, 2] if False] + [x]
"""

INPUTS = [
    [1.5],
]

OPTIONS = {}


def test_unsupported_list_dead_comp():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
