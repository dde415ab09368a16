"""`int / int` as CPython: the correctly rounded quotient (also beyond 2**53, where
converting both ints to floats first would round twice) and "division by zero"."""

import numpy as np
import pytest

import ferrojit
from hypothesis import given, strategies as st

from array_helpers import hsettings
from conftest import check

INT64 = st.integers(-2**63, 2**63 - 1)


def true_div(a, b):
    return a / b


def mixed(a, b, c):
    return (a + 1) / b + c / 3


@hsettings(400)
@given(INT64, INT64)
def test_int_true_division_is_correctly_rounded(a, b):
    check(true_div, a, b)


@pytest.mark.parametrize("a,b", [
    (9223372036854775807, 2554937798113988373), (-2**63, -1), (-2**63, 1), (2**53 + 1, 1),
    (2**53 + 3, 1), (1, 2**63 - 1), (0, -5), (7, 0), (0, 0), (-2**63, 3), (3, -7),
])
def test_int_true_division_cases(a, b):
    check(true_div, a, b)


def test_mixed_and_small_ints():
    check(mixed, 2**60, 3, 2**62 + 1)
    check(mixed, -5, 2, 7)


def bool_square(a):
    return a ** 2


def bool_cube(a):
    return a ** 3


def test_boolean_array_to_a_python_int_power():
    # NumPy computes `a ** 2` as np.square (int8 for booleans); other exponents: int64
    a = np.array([True, False])
    for fn, dtype in ((bool_square, np.int8), (bool_cube, np.int64)):
        got = ferrojit.njit(fn)(a)
        assert got.dtype == fn(a).dtype == dtype
        assert got.tolist() == [1, 0]
