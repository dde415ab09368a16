"""Fuzzer regression (value), found by a run of the "tryexcept" and
"strings" rules with TRY_SHARE = STRINGS_SHARE = 0.6 (seed 101, program 34), shrunk
by hand.

A function holding a try statement gives every assignment of a name one type: `v1 = 1.5`
then `v1 = x0 + 1` (an int) returns a float. "try-rebind" in
test_fuzz_sample.KNOWN_BUGS.

result: type float != CPython's int (2.0 (0x1.0000000000000p+1) vs 2)
args: [1]
"""

from ..harness import check_regression

SOURCE = """\
def f(x0):
    v1 = 1.5
    v1 = x0 + 1
    try:
        v2 = 1 // x0
    except ZeroDivisionError:
        pass
    return v1
"""

INPUTS = [
    [1],
]

OPTIONS = {}


def test_value_b13d12074c():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
