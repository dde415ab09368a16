"""Constructs that stopped public Numba programs run under ferrojit (fourteenth
session: 43 programs from numba/numba's examples and docs, numba-examples and
numba-benchmark; docs/supported.md): tuple slices (`mat.shape[:2]`), an array indexed by
a tuple of integers (`i = (1, 2); mat[i]`), `a.flat`, and `types.Literal` in `@overload`
functions. Each against CPython/NumPy: values, types, exceptions, changes to arguments."""

import numpy as np
import pytest

import ferrojit
from ferrojit import types
from ferrojit.errors import TypingError
from ferrojit.extending import overload


def tuple_slices(t):
    return t[1:], t[::-1], t[-2:], t[5:], t[:], t[::2], t[-10:1], t[1:-1:1], t[3:0:-1]


def shape_prefix(m):
    # (numba-examples lennard_jones: `np.empty(mat.shape[:2])`)
    out = np.empty(m.shape[:2])
    out[:] = 1.5
    return out, m.shape[1:], m.shape[:-1]


def indexed_by_a_tuple(m, i, j):
    t = (i, j)
    u = (j,)
    return m[t], m[(i, j)], m[u].sum()


def stores_by_a_tuple(m, i, j):
    t = (i, j)
    m[t] = 7.0
    return m


@pytest.mark.parametrize("t", [(1, 2.5, 3), (4,), (1, 2, 3, 4, 5, 6), ()])
def test_tuple_slices(t):
    assert ferrojit.njit(tuple_slices)(t) == tuple_slices(t)


def test_shape_slices():
    m = np.arange(24.0).reshape(2, 3, 4)
    got, want = ferrojit.njit(shape_prefix)(m), shape_prefix(m)
    np.testing.assert_array_equal(got[0], want[0])
    assert got[1:] == want[1:]


@pytest.mark.parametrize("i, j", [(0, 1), (-1, 2), (2, -3), (3, 0), (0, 4)])
def test_arrays_indexed_by_tuples(i, j):
    m = np.arange(12.0).reshape(3, 4)
    for fn in (indexed_by_a_tuple, stores_by_a_tuple):
        try:
            want = fn(m.copy(), i, j)
        except IndexError as e:
            with pytest.raises(IndexError) as got:
                ferrojit.njit(fn)(m.copy(), i, j)
            assert str(got.value) == str(e)
            continue
        got = ferrojit.njit(fn)(m.copy(), i, j)
        np.testing.assert_equal(got, want)


def a_slice_of_a_tuple_needs_constant_bounds(t, k):
    return t[k:]


def test_a_tuple_slice_with_bounds_computed_at_run_time_is_a_typing_error():
    with pytest.raises(TypingError, match="a slice of a tuple needs constant bounds"):
        ferrojit.njit(a_slice_of_a_tuple_needs_constant_bounds)((1, 2), 1)


def flat_sum(a):
    # (numba-examples histogram: `for x in a.flat`)
    s = 0.0
    for x in a.flat:
        s += x
    return s, a.flat[3], a.flat[-1], len(a.flat)


def flat_store(a):
    a.flat[2] = 9.0
    a.flat[-1] += 1.0
    return a


@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_flat_reads(layout):
    m = np.arange(24.0).reshape(4, 6)
    a = {"C": m, "F": np.asfortranarray(m), "strided": m[::2, 1::2]}[layout]
    assert ferrojit.njit(flat_sum)(a) == flat_sum(a)


def test_flat_stores_into_a_c_contiguous_array():
    m = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(ferrojit.njit(flat_store)(m.copy()), flat_store(m.copy()))


def test_flat_stores_into_other_layouts_are_a_typing_error():
    # (a copy underneath: a store would be lost, so it is refused)
    with pytest.raises(TypingError, match="a.flat"):
        ferrojit.njit(flat_store)(np.asfortranarray(np.ones((3, 4))))


def power(x, n):
    raise NotImplementedError


@overload(power)
def _power(x, n):
    # (numba/numba examples/literally_usage.py's shape)
    if isinstance(n, types.Literal):
        if n.literal_value == "square":
            return lambda x, n: x * x
        if n.literal_value == "cube":
            return lambda x, n: x * x * x
    return None


def uses_power(x):
    return power(x, "square") + power(x, "cube")


def test_types_literal_in_overloads():
    assert ferrojit.njit(uses_power)(3.0) == 36.0
    assert isinstance(types.unicode_type, types.UnicodeType)
    assert not isinstance(types.int64, types.Literal)


def ndindex_double(a):
    # (numba-examples lennard_jones: `for i in np.ndindex(out.shape): out[i] = ...`)
    out = np.zeros(a.shape)
    for i in np.ndindex(a.shape):
        out[i] = a[i] * 2
    return out


def ndindex_control_flow(n, m):
    s = []
    for i, j in np.ndindex(n, m):
        if j == 2:
            continue
        if i == 3:
            break
        s.append(i * 10 + j)
    else:
        s.append(-1)
    return s


def ndindex_empty_shapes(k):
    c = 0
    for t in np.ndindex(()):
        c += len(t) + 1
    for t in np.ndindex(0, k):
        c += 100
    for t in np.ndindex(k):
        c += t[0]
    return c


@pytest.mark.parametrize("shape", [(2, 3, 4), (5,), (0, 3), (3, 1)])
def test_ndindex_over_a_shape(shape):
    a = np.arange(float(np.prod(shape))).reshape(shape)
    np.testing.assert_array_equal(ferrojit.njit(ndindex_double)(a), ndindex_double(a))


@pytest.mark.parametrize("n, m", [(4, 4), (2, 5), (0, 3), (5, 0)])
def test_ndindex_with_break_continue_else(n, m):
    assert ferrojit.njit(ndindex_control_flow)(n, m) == ndindex_control_flow(n, m)
    assert ferrojit.njit(ndindex_empty_shapes)(n) == ndindex_empty_shapes(n)


def transposed(a):
    return np.transpose(a), np.transpose(a).sum(axis=0)


@pytest.mark.parametrize("shape", [(2, 3), (4,), (2, 3, 2)])
def test_np_transpose(shape):
    a = np.arange(float(np.prod(shape))).reshape(shape)
    got, want = ferrojit.njit(transposed)(a), transposed(a)
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])


def where_one_argument(a):
    return np.where(a > 0)


@pytest.mark.parametrize("a", [np.array([1.0, -2.0, 3.0, 0.0]), np.array([[1, -2, 3], [0, 5, -6]])])
def test_np_where_with_one_argument_is_nonzero(a):
    got, want = ferrojit.njit(where_one_argument)(a), where_one_argument(a)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype
        np.testing.assert_array_equal(g, w)
