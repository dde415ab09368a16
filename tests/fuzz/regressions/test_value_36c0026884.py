"""Fuzzer regression (value), found by a run of the "tryexcept" rules (written by hand from the rule `_exc_reads`).

`e.args[0]` of the OverflowError of a float `**` (errno style: CPython's args are
`(34, 'Numerical result out of range')`, so `args[0]` is the int 34) raises
NotImplementedError in compiled code, naming it (its `e.args` is `(message,)`; until the
sixteenth session it was the whole message). `str(e)` agrees.
"exc-args-errno" in test_fuzz_sample.KNOWN_BUGS.
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(x0):
    try:
        y = x0 ** 1e10
    except OverflowError as e:
        return str(e.args[0]), str(e)
    return '', ''
"""

INPUTS = [
    [2.0],
]

OPTIONS = {}


@pytest.mark.xfail(strict=True, reason="e.args[0] of a float ** OverflowError raises NotImplementedError (CPython: 34)")
def test_value_36c0026884():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
