"""`round(x, n)` (crates/runtime/src/math.rs `ferrojit_rt_round_digits`, and the int
rounding in crates/frontend/src/call.rs), against CPython: correctly rounded decimals,
ties to even on the exact binary value, negative ndigits, signed zeros, overflow."""

import math
import sys

import numpy as np
import pytest
from hypothesis import given, strategies as st

import ferrojit
from conftest import check
from ferrojit.errors import TypingError


def round_n(x, n):
    return round(x, n)


def round_int_constants(k):
    return round(k, -1), round(k, -2), round(k, -3), round(k, 2), round(k, 0), round(k, -19)


def round_none(x):
    return round(x, None)


FLOATS = [2.675, 0.125, 0.375, 1.005, 2.5, 3.5, -2.5, -0.4, 0.0, -0.0, 1250.0, 1350.0, 1e22, 5e-324,
          1.7976931348623157e308, 123456.789, -987.654321, math.inf, -math.inf, math.nan, 0.1, 1 / 3]


@pytest.mark.parametrize("x", FLOATS)
@pytest.mark.parametrize("n", [-400, -308, -20, -3, -2, -1, 0, 1, 2, 3, 10, 17, 300, 330])
def test_round_of_floats_matches_cpython(x, n):
    check(round_n, x, n)


@given(st.floats(allow_nan=True, allow_infinity=True), st.integers(-30, 30))
def test_round_of_floats_property(x, n):
    check(round_n, x, n)


@pytest.mark.parametrize("k", [0, 5, 15, 25, 35, 149, 150, 250, -15, -25, -150, 1234567, -999999,
                               2**62, -(2**62), True, False])
def test_round_of_ints_matches_cpython(k):
    check(round_int_constants, k)


@pytest.mark.parametrize("x", [2.5, 3.5, -0.5, 7])
def test_round_with_none_is_round(x):
    check(round_none, x)


def round_variable_digits_of_int(k, n):
    return round(k, n)


def round_numpy_float(a):
    return round(a[0], 2)


def test_what_is_not_supported_names_the_line():
    with pytest.raises(TypingError, match="constant ndigits"):
        ferrojit.njit(round_variable_digits_of_int)(15, -1)
    with pytest.raises(TypingError, match="NumPy float with ndigits"):
        ferrojit.njit(round_numpy_float)(np.array([2.675]))
