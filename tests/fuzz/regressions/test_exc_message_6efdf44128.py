"""Fuzzer regression (exc-message), found by a run of the "tryexcept" and "strings" rules with TRY_SHARE = STRINGS_SHARE =
1 (seed 607, program 303: `0 ** g1(9007199254740993)`, `g1 = np.negative`), shrunk.

An int raised to a negative NumPy int scalar (`0 ** np.negative(3)`, `y ** y`): NumPy's
rules raise `ValueError('Integers to negative integer powers are not allowed.')`;
compiled code raises its own ValueError for a Python `int ** negative int` ("integer **
negative integer: Python would return a float, ..."). The exception type agreed.
Fixed in the tenth session: under NumPy's rules the message is NumPy's.
"""

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(x0):
    y = np.negative(x0)
    return 2 ** y
"""

INPUTS = [
    [3],
]

OPTIONS = {}


def test_exc_message_6efdf44128():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
