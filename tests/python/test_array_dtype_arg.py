"""`np.array(x, dtype)` and `np.asarray(x, dtype=...)` in compiled code, against NumPy:
lists of ints, floats and bools, nested lists and arrays, into each dtype (NumPy's casts:
floats into ints truncate), and `asarray` of an array of the dtype is the array itself."""

import numpy as np
import pytest

import ferrojit


def array_pos(l):
    return np.array(l, np.int32), np.array(l, np.float32), np.array(l, np.float64), np.array(l, np.int64)


def array_kw(l):
    return np.array(l, dtype=np.float32), np.asarray(l, dtype=np.int16), np.array(l, dtype=None)


def of_array(a):
    b = np.asarray(a, np.float64)
    c = np.array(a, np.float64)
    b[0] = 7.0  # the caller's array when it was float64 already
    return b, c


@pytest.mark.parametrize("l", [[1, 2, 3], [1.5, -2.7, 3.0], [True, False], [[1, 2], [3, 4]], [[0.5, 1.5]]])
def test_lists(l):
    for fn in (array_pos, array_kw):
        got, want = ferrojit.njit(fn)(l), fn(l)
        for g, w in zip(got, want):
            assert g.dtype == w.dtype and g.shape == w.shape
            np.testing.assert_array_equal(g, w)


def test_arrays():
    a, a2 = np.arange(4.0), np.arange(4.0)
    b, c = ferrojit.njit(of_array)(a)
    b2, c2 = of_array(a2)
    np.testing.assert_array_equal(a, a2)  # asarray: the same array, written through
    np.testing.assert_array_equal(c, c2)  # array: a copy made before the write
    i, i2 = np.arange(3), np.arange(3)
    b, c = ferrojit.njit(of_array)(i)
    b2, c2 = of_array(i2)
    np.testing.assert_array_equal(i, i2)
    assert b.dtype == b2.dtype == np.float64 and c.dtype == np.float64
