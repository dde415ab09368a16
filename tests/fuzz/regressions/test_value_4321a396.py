"""Fuzzer regression (value), found by `make fuzz SEED=4321` (program 396), shrunk by hand.

result[0]: True != CPython's False
(`a1[i] < x0` with a float32 element 0.0 and the Python float 1e-300: NumPy compares in
float32, where 1e-300 is 0.0; the comparison was done in float64. Also an int64 element
against a Python float: NumPy compares in float64, inexactly.)
"""

from ..harness import check_regression

SOURCE = """\
def f(a1, x0, b):
    return a1[0] < x0, a1[0] == x0, x0 > a1[0], b[0] == 9007199254740992.0, b[0] > x0
"""

INPUTS = [
    [{'values': [0.0], 'shape': [1], 'dtype': 'float32', 'layout': 'C'}, 1e-300,
     {'values': [9007199254740993], 'shape': [1], 'dtype': 'int64', 'layout': 'C'}],
    [{'values': [0.0], 'shape': [1], 'dtype': 'float32', 'layout': 'C'}, 1e-40,
     {'values': [-3], 'shape': [1], 'dtype': 'int64', 'layout': 'C'}],
]

OPTIONS = {}


def test_value_4321a396():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)


SOURCE_INTS = """\
def f(u, s, x):
    return u[0] < x, u[0] == x, u[0] > x, s[0] < x, s[0] > -300, u[0] < 300
"""

INPUTS_INTS = [
    [{'values': [5], 'shape': [1], 'dtype': 'uint64', 'layout': 'C'},
     {'values': [-5], 'shape': [1], 'dtype': 'int8', 'layout': 'C'}, -1],
    [{'values': [18446744073709551615], 'shape': [1], 'dtype': 'uint64', 'layout': 'C'},
     {'values': [127], 'shape': [1], 'dtype': 'int8', 'layout': 'C'}, 9223372036854775807],
]


def test_value_4321a396_integers_compare_exactly():
    # NumPy compares NumPy integers with Python ints exactly (no float64 detour)
    check_regression(SOURCE_INTS, INPUTS_INTS, OPTIONS, ulps=0, subprocess=False)
