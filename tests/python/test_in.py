"""`x in t` / `x not in t` for tuples and arrays (crates/frontend/src/expr.rs
`contains`), against CPython: tuple search by `==` left to right, NumPy's
`(a == x).any()` for arrays."""

import math

import numpy as np
import pytest

from conftest import check, jitted, pure


def in_literal(x):
    return x in (1, 2.5, -3), x not in (0, 7), (x * 2) in (2, 5.0)


def in_shape(a, n):
    return n in a.shape, n + 1 not in a.shape


def in_array(a, x):
    return x in a, x not in a


def mode_switch(mode, x):
    if mode in (0, 1):
        return x + mode
    elif mode not in (2, 3, 4):
        return -x
    return x * mode


@pytest.mark.parametrize("x", [1, 2.5, -3, 0, 7, 1.25, True, False, math.inf])
def test_in_tuples(x):
    check(in_literal, x)


@pytest.mark.parametrize("mode", range(-1, 7))
def test_in_as_a_switch(mode):
    check(mode_switch, mode, 1.5)


@pytest.mark.parametrize("shape", [(2, 3), (3,), (1, 1, 4)])
@pytest.mark.parametrize("n", [1, 2, 3])
def test_in_a_shape(shape, n):
    check(in_shape, np.zeros(shape), n)


@pytest.mark.parametrize("a", [np.array([]), np.arange(5.0), np.array([[1, 2], [3, 4]]), np.array([np.nan, 1.0])])
@pytest.mark.parametrize("x", [0, 2, 3.0, 4.5, math.nan])
def test_in_arrays(a, x):
    assert jitted(in_array)(a, x) == pure(in_array)(a, x)


def nan_identity(x):
    y = x * 1.0  # another object in CPython: only `==`
    return x in (1.0, x), x not in (x,), y in (x,), x in (y, 2.0)


@pytest.mark.parametrize("x", [math.nan, 1.0, 2.0])
def test_a_name_is_found_by_identity_as_in_cpython(x):
    check(nan_identity, x)
