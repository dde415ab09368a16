"""Numba's spellings that programs written for Numba use (`import ferrojit as numba`):
type names at the top level, array types as `float64[:]`, `prange`, `literally`,
`config`, `get_num_threads`/`set_num_threads`."""

import numpy as np
import pytest

import ferrojit as numba


@numba.njit(numba.float64(numba.float64[:]))
def total(a):
    t = 0.0
    for i in numba.prange(a.shape[0]):
        t += numba.literally(a[i])
    return t


@numba.njit(numba.int64(numba.int32[:, ::1], numba.float64[::1, :]))
def shapes(a, b):
    return a.shape[0] * 100 + b.shape[1]


@numba.njit(parallel=True)
def prange_sum(n):
    s = 0
    for i in numba.prange(n):
        s += i * i
    return s


def test_top_level_type_names_and_array_types():
    assert str(numba.float64[:]) == "array(float64, 1d, A)"
    assert str(numba.float64[:, ::1]) == "array(float64, 2d, C)"
    assert str(numba.int32[::1, :]) == "array(int32, 2d, F)"
    assert numba.double is numba.types.float64 or str(numba.double) == "float64"
    assert total(np.arange(5.0)) == 10.0
    assert shapes(np.zeros((3, 4), np.int32), np.asfortranarray(np.zeros((2, 5)))) == 305


@pytest.mark.parametrize("bad", ["numba.float64[1:]", "numba.float64[::2]", "numba.float64[0]"])
def test_bad_array_types_say_how_to_write_them(bad):
    with pytest.raises(TypeError, match="array types"):
        eval(bad)


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_prange_runs_like_range(n):
    assert prange_sum(n) == sum(i * i for i in range(n))


def test_config_and_threads():
    assert numba.config.NUMBA_NUM_THREADS >= 1
    n = numba.get_num_threads()
    assert 1 <= n <= numba.config.NUMBA_NUM_THREADS
    numba.set_num_threads(1)
    assert numba.get_num_threads() == 1
    numba.set_num_threads(n)
    with pytest.raises(ValueError):
        numba.set_num_threads(0)
    with pytest.raises(ValueError):
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS + 1)
    assert isinstance(numba.config.DISABLE_JIT, bool)


def _unrolled_sum(n):
    s = 0.0
    for x in numba.literal_unroll((1.0, 2.5, n)):
        s += x
    return s


def _unrolled_mixed(n, t):
    s = ""
    for x in numba.literal_unroll((1.0, "a", n, (2, 3))):
        if x == 3:  # (a tuple or a string is never 3)
            continue
        s += str(x) + ","
    else:
        s += "end;"
    for i, x in enumerate(numba.literal_unroll(t)):
        if i == 2:
            break
        s += str(x) + "|"
    return s


def _unrolled_list(l):
    s = 0.0
    for x in numba.literal_unroll(l):
        s += x
    return s


def test_literal_unroll_runs_the_body_once_per_item_with_its_type():
    assert numba.njit(_unrolled_sum)(3) == _unrolled_sum(3) == 6.5
    for n in (3, 4):
        for t in ((1, "abc", 2.5, 7), (True,), ()):
            assert numba.njit(_unrolled_mixed)(n, t) == _unrolled_mixed(n, t)
    assert numba.njit(_unrolled_list)([1.0, 2.0, 5.0]) == 8.0
    assert numba.literal_unroll((1, "a")) == (1, "a")


def _too_long(t):
    n = 0
    for x in numba.literal_unroll(t):
        n += 1
    return n


def test_literal_unroll_of_a_tuple_too_long_says_so():
    assert numba.njit(_too_long)(tuple(range(32))) == 32
    with pytest.raises(NotImplementedError, match="literal_unroll of a tuple of more than 32 items"):
        numba.njit(_too_long)(tuple(range(33)))


def _different_kinds(t, s, l):
    return t == 3, 3 != t, s == 1.5, l == (1,), [1] != (1,)


def test_values_of_different_kinds_are_not_equal():
    args = ((2, 3), "a", [1])
    assert numba.njit(_different_kinds)(*args) == _different_kinds(*args) == (False, True, False, False, True)
