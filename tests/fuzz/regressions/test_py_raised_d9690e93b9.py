"""Fuzzer regression (py-raised), found by a run of the "tryexcept" and
"strings" rules with TRY_SHARE = STRINGS_SHARE = 0.6 (seed 101, program 485), shrunk.

`print(h0(...))` of a helper that returns a constant string prints the string without
running the helper: its ValueError (round(nan)) is lost. (`s = h0(...)` runs it.)
"str-print-call" in test_fuzz_sample.KNOWN_BUGS.

CPython raised ValueError: cannot convert float NaN to integer but ferrojit returned 1.0 (0x1.0000000000000p+0)
args: [1.0]
"""

from ..harness import check_regression

SOURCE = """\
import math

def h0(p0, p1, p2):
    t1 = round(math.nan)
    return 'slow'

def f(x0):
    print(h0(3.141592653589793, x0, 1), end=';')
    return x0
"""

INPUTS = [
    [1.0],
]

OPTIONS = {'boundscheck': True}


def test_py_raised_d9690e93b9():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
