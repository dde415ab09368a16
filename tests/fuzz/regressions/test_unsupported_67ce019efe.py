"""Fuzzer regression (unsupported), found by a run of the "strings" rules with STRINGS_SHARE = 1 (seed 501; the rule
`bool_str_known_pred`, tagged "str-known-method").

`.isalnum() .isspace() .isupper() .islower()` work on strings computed at run time but
are refused (TypingError: "str.isalnum() is not supported in compiled code") on strings
known when compiling: a `str` argument, a literal, `s0 + "x"`.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(s0):
    return s0.isalnum(), (s0 + 'x').isspace(), 'AB'.isupper(), s0.islower()
"""

INPUTS = [
    ['ab'],
    ['A1'],
]

OPTIONS = {}


def test_unsupported_67ce019efe():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
