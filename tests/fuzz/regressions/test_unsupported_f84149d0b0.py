"""Fuzzer regression (unsupported), found by a run of the "strings" rules with STRINGS_SHARE = 1 (seed 501; the rule
`str_known_method`, tagged "str-known-method").

`.replace(old, new, count)` works on strings computed at run time but is refused
(TypingError: "str.replace() is not supported in compiled code") on strings known when
compiling; `.replace(old, new)` works on both.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(s0):
    return s0.replace('a', 'b', 1), 'aaa'.replace('a', 'x', -1)
"""

INPUTS = [
    ['aba'],
]

OPTIONS = {}


def test_unsupported_f84149d0b0():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
