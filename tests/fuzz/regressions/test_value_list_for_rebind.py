"""Fuzzer regression (value), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seed 21, program 186: a printed count), shrunk by hand.

`for x in l:` whose body rebinds `l` to a list computed from it (`l = l[1:]`) iterates over
the new list in compiled code: CPython's for loop holds an iterator over the old list and
goes on over it (the name is only rebound). CPython returns [1, 2, 3, 4]; ferrojit [1, 3].
With `l = l[:2]` compiled code stops after 2 items, and with `l = l + [0]` it never ends
(each new list is one longer). Rebinding to a list literal (`l = [7]`) works, and so does
a string or an array rebound in a loop over it.

Fixed (the "list-for-rebind" class): a plain regression test now.
"""

from ..harness import check_regression

SOURCE = """\
def f(l):
    c = []
    for x in l:
        l = l[1:]
        c.append(x)
    return c, l
"""

INPUTS = [
    [[1, 2, 3, 4]],
]

OPTIONS = {}


def test_value_list_for_rebind():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
