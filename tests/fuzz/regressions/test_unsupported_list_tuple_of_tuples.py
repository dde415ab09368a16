"""Fuzzer regression (unsupported), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seed 5 (rule `list_from_tuple`)), shrunk by hand.

`list(((6, 0.1), (7, x)))` (also `l.extend(((1, 0.5),))`): TypingError "a `for` loop
over a tuple needs items of one kind (numbers or strings), not ((int64, float64), (int64,
float64))", though the two items have one type. A list literal of tuples works.

Fixed (the "list-tuple-of-tuples" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(x):
    return list(((6, 0.1), (7, x)))
"""

INPUTS = [
    [2.5],
]

OPTIONS = {}


def test_unsupported_list_tuple_of_tuples():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
