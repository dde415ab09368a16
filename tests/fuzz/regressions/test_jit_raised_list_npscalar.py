"""Fuzzer regression (jit-raised; also a value), found by the "lists" family of tests/fuzz/gen.py
(FERROJIT_FUZZ_FORCE=lists, seeds 7 and 9 (rule `list_of_array`, items from ufuncs passed as arguments)), shrunk by hand.

NumPy scalars put into a list (`[a[0]]`, `list(a)` of a 1-D array, a ufunc's result)
keep NumPy's rules in CPython (the list holds np.float64 objects): `l[0] / 0.0` is inf
(with a RuntimeWarning), `str(l)` is "[np.float64(1.5)]" (NumPy 2). Compiled code makes
them Python floats: ZeroDivisionError: float division by zero, and "[1.5]". Outside
lists compiled code keeps NumPy's rules for such values (`a[0] / 0.0` is inf).

Open: a strict xfail (skipped in the sample run with the KNOWN_BUGS tag "list-npscalar").
"""

import pytest

from ..harness import check_regression

SOURCE = """\
def f(a):
    l = [a[0]]
    m = list(a)
    return l[0] / 0.0, m[0] / 0.0, str(m)
"""

INPUTS = [
    [{'values': [1.5], 'shape': [1], 'dtype': 'float64', 'layout': 'C'}],
]

OPTIONS = {}


@pytest.mark.xfail(strict=True, reason="NumPy scalars put into a list lose NumPy's rules (l[0] / 0.0 raises; str(l) shows 1.5)")
def test_jit_raised_list_npscalar():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
