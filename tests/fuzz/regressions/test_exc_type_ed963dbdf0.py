"""Fuzzer regression (exc-type), found by `make fuzz SEED=2718` (program 1454), shrunk.

The UnboundLocalError of a name deleted (here on some path, the condition known only at
run time) is raised before the operands to its left are evaluated: `max(x1 / 0, x0)`,
`x1 / 0 + x0`, `(x1 // 0, y)` raise UnboundLocalError where CPython raises the
ZeroDivisionError of the left operand first. "del-order" in
test_fuzz_sample.KNOWN_BUGS. Fixed in the tenth session: in assignments, expression
statements and returns each read checks its flag where it happens (definite.rs).
"""

from ..harness import check_regression

SOURCE = """\
def f(x0, x1):
    if x1 > 0:
        del x0
    return max(x1 / 0, x0)
"""

INPUTS = [
    [1, 2],
]

OPTIONS = {}


def test_exc_type_ed963dbdf0():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
