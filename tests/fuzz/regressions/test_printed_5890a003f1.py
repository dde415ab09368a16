"""Fuzzer regression (printed), found by a run of the "tryexcept" and
"strings" rules with TRY_SHARE = STRINGS_SHARE = 0.6 (seed 101, program 572), shrunk.

A function holding a try statement gives every assignment of a name one type: the
loop's int `i5` and the bool `i5 = True` are one int (prints 1). Same bug as
test_value_b13d12074c ("try-rebind" in test_fuzz_sample.KNOWN_BUGS).

printed 'AB10\\n', CPython printed 'ABTrue0\\n'
args: ['AB']
"""

from ..harness import check_regression

SOURCE = """\
def f(s0):
    trace = 0
    for i5 in range(2):
        pass
    i5 = True
    print(s0, i5, 0, sep='')
    try:
        pass
    except ValueError:
        pass
    finally:
        trace = trace
    return '-'
"""

INPUTS = [
    ['AB'],
]

OPTIONS = {'boundscheck': True}


def test_printed_5890a003f1():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
