"""Fuzzer regression (value), found by a run of the "strings" rules with STRINGS_SHARE = 1 (`tests.fuzz` with
the share raised; seed 503, programs 64, 300, 392).

`"%5s" % v` (a width without `-`) pads on the right: `{:5}`, str.format's alignment for
strings. CPython's `%` right-aligns every type (`'%5s' % 8` is `'    8'`). `%-5s` is
right. "str-percent-width" in test_fuzz_sample.KNOWN_BUGS.

Fixed in the eighth session (6 Dec): passes now.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(x0, s0):
    return '%5s|' % x0, '%5s|' % s0
"""

INPUTS = [
    [8, 'ab'],
]

OPTIONS = {}


def test_value_2c0029a30d():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
