"""C functions called from compiled code through ctypes function objects (Numba's ctypes
support): `argtypes` and `restype` of numbers and pointers, arrays passed for pointers
(their data's address), `arr.ctypes.data`, a `cfunc`'s `.ctypes`, and the errors for
what is not supported. Results are checked against the same calls made by ctypes from
Python."""

import ctypes
import ctypes.util
import math

import numpy as np
import pytest

import ferrojit
from ferrojit import cfunc, types

libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
c_cos = libm.cos
c_cos.argtypes = [ctypes.c_double]
c_cos.restype = ctypes.c_double
c_ldexp = libm.ldexp
c_ldexp.argtypes = [ctypes.c_double, ctypes.c_int]
c_ldexp.restype = ctypes.c_double

libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
c_memset = libc.memset
c_memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
c_memset.restype = ctypes.c_void_p
c_abs = libc.labs
c_abs.argtypes = [ctypes.c_long]
c_abs.restype = ctypes.c_long

no_types = libm.sin  # argtypes left unset


def use_cos(x):
    return c_cos(x) + c_cos(2 * x)


def use_ldexp(x, e):
    return c_ldexp(x, e)


def use_labs(n):
    return c_abs(n) + c_abs(-3)


def fill(n, v):
    a = np.zeros(n, np.uint8)
    c_memset(a, v, n)
    return a


def data_address(a):
    return a.ctypes.data


def call_untyped(x):
    return no_types(x)


def temporary_array(n):
    c_memset(np.zeros(n, np.uint8), 1, n)
    return n


@pytest.mark.parametrize("x", [0.0, 0.5, -3.25, 100.0])
def test_numbers_in_and_out(x):
    assert ferrojit.njit(use_cos)(x) == c_cos(x) + c_cos(2 * x) == math.cos(x) + math.cos(2 * x)
    assert ferrojit.njit(use_ldexp)(x, 3) == c_ldexp(x, 3)
    assert ferrojit.njit(use_labs)(-7) == 10


def test_arrays_for_pointers():
    got = ferrojit.njit(fill)(6, 9)
    assert got.dtype == np.uint8 and got.tolist() == [9] * 6
    a = np.arange(4.0)
    assert ferrojit.njit(data_address)(a) == a.ctypes.data


def test_a_cfunc_called_through_its_ctypes():
    @cfunc(types.float64(types.float64, types.float64))
    def hyp(x, y):
        return math.sqrt(x * x + y * y)

    c_hyp = hyp.ctypes

    @ferrojit.njit
    def use(x):
        return c_hyp(x, 4.0)

    assert use(3.0) == 5.0


def test_errors_name_the_problem():
    with pytest.raises(ferrojit.errors.TypingError, match="without `argtypes`"):
        ferrojit.njit(call_untyped)(1.0)
    with pytest.raises(ferrojit.errors.TypingError, match="must be a name"):
        ferrojit.njit(temporary_array)(3)
    with pytest.raises(ferrojit.errors.TypingError, match=r"takes 2 arguments \(1 given\)"):
        ferrojit.njit(lambda x: c_ldexp(x))(1.0)


_STATE = np.zeros(4, np.uint32)
_STATE_ADDRESS = _STATE.ctypes.data


def bump_state():
    st = ferrojit.carray(_STATE_ADDRESS, (4,), np.uint32)
    st[0] += 1
    return st[0]


def test_carray_of_an_address_is_memory_that_outlives_the_call():
    # (how the library keeps state between calls: a view of memory Python owns)
    _STATE[:] = 0
    f = ferrojit.njit(bump_state)
    assert [f(), f(), f()] == [1, 2, 3]
    assert _STATE.tolist() == [3, 0, 0, 0]
