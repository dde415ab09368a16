"""Fuzzer regression (unsupported), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seeds 6 and 10 (rule `list_sorted`)), shrunk by hand.

A lambda inside a comprehension (`[c for c in sorted(l, key=lambda k: -k)]`,
`[sorted([c, 1], key=lambda k: -k) for c in ...]`) or inside an inner function:
TypingError "lambdas passed as values (assign one to a name and call it) are not
supported"; the same `sorted(..., key=lambda ...)` elsewhere works.

Fixed (the "list-comp-lambda" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(x):
    return [c for c in sorted([64, x], key=lambda k: -k)]
"""

INPUTS = [
    [3],
]

OPTIONS = {}


def test_unsupported_list_comp_lambda():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
