"""`isinstance` answered when compiling (crates/frontend/src/isinstance.rs), against
CPython for Python numbers, NumPy scalars, arrays and tuples, and the classes of
Python's and NumPy's class trees."""

import numpy as np
import pytest

import ferrojit
from conftest import jitted, pure
from ferrojit.errors import TypingError


def classify(x):
    return (isinstance(x, int), isinstance(x, float), isinstance(x, bool), isinstance(x, tuple),
            isinstance(x, np.ndarray), isinstance(x, np.integer), isinstance(x, np.floating),
            isinstance(x, np.number), isinstance(x, np.generic), isinstance(x, np.float64),
            isinstance(x, np.int64), isinstance(x, np.float32), isinstance(x, np.bool_),
            isinstance(x, (int, float)), isinstance(x, (np.signedinteger, np.unsignedinteger)))


def element(a):
    return classify(a[0])


def generic_double(x):
    # a helper that works for numbers and arrays alike: one branch is compiled
    if isinstance(x, np.ndarray):
        return float(x.sum() * 2)
    return float(x * 2)


VALUES = [3, -1, 2.5, True, np.int64(4), np.float64(1.5), np.float32(0.5), np.int8(-2),
          np.uint16(7), np.bool_(False), np.zeros(3), (1, 2.0)]


@pytest.mark.parametrize("x", VALUES, ids=lambda v: type(v).__name__)
def test_isinstance_matches_cpython(x):
    assert jitted(classify)(x) == pure(classify)(x)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int8, np.uint8, np.bool_])
def test_isinstance_of_array_elements(dtype):
    a = np.ones(2, dtype)
    assert jitted(element)(a) == pure(element)(a)


@pytest.mark.parametrize("x", [3, 2.5, np.arange(4.0)], ids=["int", "float", "array"])
def test_a_generic_helper_keeps_one_branch(x):
    assert jitted(generic_double)(x) == pure(generic_double)(x)


def against_a_class(x):
    return isinstance(x, dict), isinstance(x, str), isinstance(x, ValueError)


def test_an_unknown_class_is_an_error_naming_it():
    with pytest.raises(TypingError) as e:
        ferrojit.njit(against_a_class)(1)
    assert "isinstance() against `ValueError`" in str(e.value) and "test_isinstance.py:" in str(e.value)
