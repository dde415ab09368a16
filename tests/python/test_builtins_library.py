"""Builtins written in Python (python/ferrojit/_lib/builtins.py): divmod, pow with a
modulus, sum/any/all of 1-D arrays, against CPython on many inputs, errors included
(type and message)."""

import math
import re

import numpy as np
import pytest
from hypothesis import given, strategies as st

from conftest import check, jitted, pure


def divmod_(a, b):
    return divmod(a, b)


def pow3(a, b, m):
    return pow(a, b, m)


def pow2(a, b):
    return pow(a, b)


def sum_(a):
    return sum(a)


def sum_start(a, s):
    return sum(a, s)


def any_all(a):
    return any(a), all(a)


INTS = [-7, -1, 0, 1, 2, 3, 10, 2**62, -(2**62)]
FLOATS = [-2.5, -0.0, 0.0, 0.5, 3.0, 1e300, math.inf, -math.inf, math.nan]


@pytest.mark.parametrize("a", INTS + FLOATS[:5] + [True])
@pytest.mark.parametrize("b", [-3, -1, 0, 1, 4, 2.5, -0.5, 0.0, math.inf, False])
def test_divmod_matches_cpython(a, b):
    check(divmod_, a, b)


@pytest.mark.parametrize("a", [-7, 0, 2, 3, 10, 2**40, -(2**40)])
@pytest.mark.parametrize("b", [-2, -1, 0, 1, 5, 63])
@pytest.mark.parametrize("m", [-7, -1, 0, 1, 7, 10, 2**62 + 3, -(2**61)])
def test_pow_with_a_modulus_matches_cpython(a, b, m):
    check(pow3, a, b, m)


@given(st.integers(-2**62, 2**62), st.integers(0, 2**62), st.integers(-2**63 + 1, 2**63 - 1))
def test_pow_with_a_modulus_never_overflows(a, b, m):
    check(pow3, a, b, m)


@pytest.mark.parametrize("a,b", [(2, 10), (2.0, 0.5), (-8, 3), (3.0, -1), (0, 0)])
def test_pow_of_two_arguments(a, b):
    check(pow2, a, b)


ARRAYS = [np.array([]), np.array([1.5, -2.0, 0.25]), np.arange(10), np.array([True, False]),
          np.array([0.0, 0.0]), np.array([1, 2, 3], np.int8), np.linspace(0, 1, 7, dtype=np.float32)]


@pytest.mark.parametrize("a", ARRAYS, ids=lambda a: f"{a.dtype}{a.size}")
def test_sum_any_all_of_arrays(a):
    for fn, args in ((sum_, (a,)), (sum_start, (a, 10)), (sum_start, (a, 0.5)), (any_all, (a,))):
        got, expected = jitted(fn)(*args), pure(fn)(*args)
        assert got == expected or (got != got and expected != expected), (fn.__name__, a)


def min_max(a):
    return min(a), max(a)


@pytest.mark.parametrize("a", ARRAYS + [np.array([2.0, np.nan, 1.0]), np.array([np.nan, 1.0]),
                                        np.array([-0.0, 0.0]), np.array([0.0, -0.0])],
                         ids=lambda a: f"{a.dtype}{a.size}")
def test_min_max_of_an_array_follow_cpythons_comparisons(a):
    # CPython's min/max of an array: the first item, then each that compares less
    # (greater): NaN and signed zeros come out as CPython's loop leaves them.
    try:
        expected = pure(min_max)(a)
    except ValueError as e:
        with pytest.raises(ValueError, match=re.escape(str(e))):
            jitted(min_max)(a)
        return
    got = jitted(min_max)(a)
    for g, e in zip(got, expected):
        assert (g == e and math.copysign(1, g) == math.copysign(1, e)) or (g != g and e != e)


def sum_2d(a):
    return sum(a)


def test_an_unsupported_argument_names_the_builtin_as_python_does():
    import ferrojit
    from ferrojit.errors import TypingError
    with pytest.raises(TypingError) as e:
        ferrojit.njit(sum_2d)(np.zeros((2, 2)))
    text = str(e.value)
    assert "`sum` has no compiled implementation for (array(float64, 2d, C))" in text
    assert "builtins." not in text and "test_builtins_library.py:" in text
