"""Forms that ended in an internal compiler error before (issue 22): each works as in
NumPy or is a TypingError naming the line; and the float type of two-operand ufuncs."""

import numpy as np
import pytest

import ferrojit
from ferrojit.errors import TypingError
from array_helpers import check_arrays


def whole(a):
    return a[()]


def whole_store(a, v):
    a[()] = v
    return a


def whole_view_write(a):
    b = a[()]
    b[0] = 7
    return a


@pytest.mark.parametrize("a", [np.arange(4.0), np.arange(6).reshape(2, 3), np.array(2.5), np.arange(6.0)[::-2]])
def test_empty_tuple_index(a):
    check_arrays(whole, a)


@pytest.mark.parametrize("a,v", [(np.arange(4.0), 3.0), (np.zeros((2, 3)), np.arange(3.0)), (np.array(1.0), 5.0)])
def test_empty_tuple_store(a, v):
    check_arrays(whole_store, a, v)


def test_empty_tuple_is_a_view():
    check_arrays(whole_view_write, np.arange(3.0))


def chained(a):
    return 0 < a < 1


def chained_scalars(x):
    return 0 < x < 1


def not_array(a):
    return not (a > 0)


def array_or(a, b):
    return (a > 0) or b


@pytest.mark.parametrize("a", [np.array([0.5, 2.0]), np.array([0.5]), np.array([[2.0]]), np.zeros(0),
                               np.array([np.nan]), np.array([-1.0])])
def test_truth_value_of_an_array_is_numpys(a):
    """`0 < a < 1`, `not a`, `a or b`, `if a:` take NumPy's truth value of the whole array:
    its one element's, NumPy's ValueError when it has none or several (chained comparisons
    were a compile error; `not a` of a bool array was element-wise, a wrong answer)."""
    for fn, args in [(chained, (a,)), (not_array, (a,)), (array_or, (a, a < 0))]:
        try:
            expected = fn(*args)
        except ValueError as e:
            with pytest.raises(ValueError) as got:
                ferrojit.njit(fn)(*args)
            assert str(got.value) == str(e)
            continue
        got = ferrojit.njit(fn)(*args)
        assert type(got) is type(expected)
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("x", [0.5, 1.0, -1.0, 0.0])
def test_chained_comparison_of_scalars_still_works(x):
    assert ferrojit.njit(chained_scalars)(x) == chained_scalars(x)


def atan2(a, b):
    return np.arctan2(a, b)


def hypot(a, b):
    return np.hypot(a, b)


def copysign(a, b):
    return np.copysign(a, b)


DTYPES = ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8", "?"]


@pytest.mark.parametrize("fn", [atan2, hypot, copysign])
@pytest.mark.parametrize("da", DTYPES)
@pytest.mark.parametrize("db", DTYPES)
def test_two_operand_float_ufunc_dtypes(fn, da, db):
    a = (np.arange(1, 7) % 3).astype(da)
    b = (np.arange(6, 0, -1) % 4).astype(db)
    expected = fn(a, b)
    got = ferrojit.njit(fn)(a, b)
    if expected.dtype == np.float16:
        # documented: float16 is not supported, such results are float32
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, fn(a.astype(np.float32), b.astype(np.float32)), rtol=2e-7)
        return
    assert got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=2e-7 if got.dtype == np.float32 else 1e-15)
