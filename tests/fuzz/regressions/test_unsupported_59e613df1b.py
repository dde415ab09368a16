"""Fuzzer regression (unsupported), found by a run of the "tryexcept" and
"strings" rules with TRY_SHARE = STRINGS_SHARE = 0.6 (seed 101, program 34), shrunk
by hand.

A function holding a try statement gives every assignment of a name one type: `v1 = 1.5`
then `v1 = a0 + 1` (an array) is refused (TypingError), though CPython runs it.
"try-rebind" in test_fuzz_sample.KNOWN_BUGS.

TypingError: variable `v1` cannot hold both float64 (assigned on line 2) and array(float64, 1d, C): where control flow merges, a variable keeps one type in compiled code
"""

from ..harness import check_regression

SOURCE = """\
def f(x0, a0):
    v1 = 1.5
    v1 = a0 + 1
    try:
        v2 = 1 // x0
    except ZeroDivisionError:
        pass
    return v1
"""

INPUTS = [
    [1, {'values': [0.0, 0.5], 'shape': [2], 'dtype': 'float64', 'layout': 'C'}],
]

OPTIONS = {}


def test_unsupported_59e613df1b():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
