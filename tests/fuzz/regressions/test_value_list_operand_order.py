"""Fuzzer regression (value; also exc-type), found by the "lists" family of
tests/fuzz/gen.py (FERROJIT_FUZZ_FORCE=lists, seed 29, program 107: `(big ** 400.0) not
in [..., h1(p0=p0), ...]` raised h1's ValueError instead of CPython's OverflowError),
shrunk by hand.

`x in l` and `k * l` evaluate the list operand before the left operand in compiled code
(as if the operands were swapped for `list.__contains__` / `list.__mul__`); CPython
evaluates left to right. With side effects the value differs: `len(l) * [l.pop()]` is
[3, 3, 3] in CPython (len is taken first), [3, 3] compiled; `len(m) in [m.pop()]` is True
in CPython, False compiled; and `(1 / x) in [h()]` raises h's exception instead of
ZeroDivisionError. (`l * k`, `l + m`, `l == m`, `l.count(x)`, tuples' `in` keep the order.)

Open: a strict xfail (skipped in the sample run with the KNOWN_BUGS tag
"list-operand-order").
"""

from ..harness import check_regression

SOURCE = """\
def f(x):
    l = [1, 2, 3]
    m = [1, 2, 3]
    return len(l) * [l.pop()], len(m) in [m.pop()]
"""

INPUTS = [
    [0],
]

OPTIONS = {}


def test_value_list_operand_order():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
