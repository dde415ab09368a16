"""The builtin ``hash`` written in Python (python/ferrojit/_lib/builtins.py), against
CPython 3.11's own hashes (64-bit: modulus 2**61 - 1, sys.hash_info): ints, bools,
floats (``_Py_HashDouble``), complex numbers, tuples (xxHash's ``tuplehash``), NumPy
scalars passed in or computed, bit for bit. NaN is the documented difference: CPython
3.10+ hashes a NaN by its object's address, compiled code gives ``sys.hash_info.nan``
(0)."""

import math
import re
import sys

import numpy as np
import pytest
from hypothesis import given, strategies as st

import ferrojit
from ferrojit.errors import TypingError
from conftest import INT64_MAX, INT64_MIN, check, examples, jitted, run_exact_exceptions

P = 2**61 - 1

pytestmark = pytest.mark.skipif(
    sys.hash_info.width != 64 or sys.hash_info.modulus != P or sys.version_info[:2] < (3, 11),
    reason="compiled hash() follows CPython 3.11+ on a 64-bit build")


def hash_(x):
    return hash(x)


def hash_pair(a, b):
    return hash((a, b))


def hash_nested(a, b):
    return hash((a, (b, a), (), (b,), ((a,),)))


def hashes(x):
    # the hash of a value and of the tuples it is in, in one specialisation
    return hash(x), hash((x,)), hash((x, x)), hash(((x, 1), -1))


INTS = [0, 1, -1, 2, -2, 3, P - 2, P - 1, P, P + 1, -P - 1, -P, -P + 1, 2 * P, 2 * P - 1,
        2**61, 2**62, -(2**62), 2**62 + 1, INT64_MAX, INT64_MAX - 1, INT64_MIN, INT64_MIN + 1,
        10**18, -(10**18), 123456789, -987654321]

FLOATS = [0.0, -0.0, 1.0, -1.0, -2.0, 0.5, -0.5, 0.1, -0.1, 1.5, 2.5, 1 / 3,
          5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,  # subnormals
          1e-300, 1e308, -1e308, sys.float_info.max, -sys.float_info.max, 2.0**52 + 0.5,
          float(2**61 - 1), float(2**61), float(2**63), -float(2**63), float(2**64), 2.0**1000,
          math.pi, math.e, 123456.789, -1e-5, 2.0**-1022, 2.0**-1074 * 3,
          math.inf, -math.inf]


@pytest.mark.parametrize("x", INTS)
def test_ints_hash_as_cpythons(x):
    check(hashes, x)


@pytest.mark.parametrize("x", [True, False, np.True_, np.False_])
def test_bools(x):
    check(hashes, x)


@pytest.mark.parametrize("x", FLOATS, ids=lambda x: x.hex())
def test_floats_hash_as_cpythons(x):
    check(hashes, x)


def test_minus_one_hashes_to_minus_two():
    # the error value of C's hash slots: -1, -1.0 and (-1,)'s item all hash as -2
    assert jitted(hash_)(-1) == -2 == hash(-1)
    assert jitted(hash_)(-1.0) == -2 == hash(-1.0)
    assert jitted(hash_)(-1 + 0j) == -2 == hash(-1 + 0j)


@pytest.mark.parametrize("z", [0j, 1 + 2j, -1 + 0j, 0.5 - 0.25j, -0.0 - 0.0j, complex(1e308, -1e308),
                               complex(math.inf, 1), complex(-1, math.inf), complex(5e-324, -5e-324),
                               complex(-1, 0), complex(1, -1), complex(0, -1), complex(-2, 1) / 1000003],
                         ids=str)
def test_complex_hash_as_cpythons(z):
    check(hashes, z)


def test_complex_hash_wraps_around_as_unsigned_64_bit():
    # hash(re) + 1000003 * hash(im) overflows 64 bits: CPython's Py_uhash_t wraps
    z = complex(float(2**60 + 2**40), float(2**60 - 3))
    assert abs(hash(z.real) + 1000003 * hash(z.imag)) >= 2**63
    check(hash_, z)
    # and a sum of -1 becomes -2: h(re) == -1 - 1000003 * h(im)
    assert hash(complex(-1000004.0, 1.0)) == -2
    check(hash_, complex(-1000004.0, 1.0))


TUPLES = [(), (1,), (-1,), (1, 2), (2, 1), (1.5, -2, True), ((),), ((), ()), (((1,),),),
          (1, (2, (3, (4, 5.5)))), (1 + 2j, (False, -0.0)), (INT64_MIN, INT64_MAX, P),
          (math.inf, -math.inf, 5e-324), tuple(range(12)), (0.1,) * 9]


@pytest.mark.parametrize("t", TUPLES, ids=str)
def test_tuples_hash_as_cpythons(t):
    check(hash_, t)


@pytest.mark.parametrize("a,b", [(1, 2.5), (-1, -1.0), (0, True), (2**62, 1e300), (-7, 3 + 4j), (False, -2)])
def test_tuples_built_in_compiled_code(a, b):
    check(hash_pair, a, b)
    check(hash_nested, a, b)


def _tuple_hitting_minus_one():
    # a pair (a, b) whose tuplehash accumulator ends at 2**64 - 1, which CPython returns
    # as 1546275796: invert the last steps for b's lane (an int hashes to itself)
    m = 2**64
    x1, x2, x5 = 11400714785074694791, 14029467366897019727, 2870177450012600261

    def step(acc, lane):
        acc = (acc + lane * x2) % m
        return ((acc << 31 | acc >> 33) % m) * x1 % m

    r = (-1 - (2 ^ (x5 ^ 3527539))) * pow(x1, -1, m) % m
    s = (r >> 31 | r << 33) % m
    for a in range(1000):
        lane = (s - step(x5, a)) * pow(x2, -1, m) % m
        b = lane - m if lane >= 2**63 else lane
        if abs(b) < P and b != -1:
            return a, b
    raise AssertionError("no such pair")


def test_a_tuple_hash_that_would_be_minus_one():
    a, b = _tuple_hitting_minus_one()
    assert hash((a, b)) == 1546275796
    check(hash_, (a, b))
    check(hash_pair, a, b)


NUMPY_SCALARS = [np.int8(-1), np.int8(-128), np.int16(-2), np.int32(-7), np.int32(2**31 - 1),
                 np.int64(INT64_MIN), np.int64(P), np.uint8(255), np.uint16(65535),
                 np.uint32(2**32 - 1), np.uint64(0), np.uint64(P), np.uint64(2**63 - 1),
                 np.uint64(2**63), np.uint64(2**63 + 1), np.uint64(2**64 - 1), np.uint64(2**64 - 2),
                 np.uint64(2**64 - 8), np.uint64(2**64 - 9), np.uint64(2 * P), np.uint64(3 * P),
                 np.float32(0.1), np.float32(-0.0), np.float32(1e-45), np.float32(3.4e38),
                 np.float32(np.inf), np.float64(0.1), np.float64(-1.0),
                 np.complex64(0.1 + 0.3j), np.complex64(-1 + 0j), np.complex128(2.5 - 1j)]


@pytest.mark.parametrize("x", NUMPY_SCALARS, ids=lambda x: f"{type(x).__name__}({x})")
def test_numpy_scalars_passed_in(x):
    check(hashes, x)


def f32_computed(x):
    return hash(np.float32(x) * np.float32(3.0))


def u64_computed(x):
    return hash(np.uint64(x) * np.uint64(3))


def i32_computed(x):
    return hash(np.int32(x) + np.int32(1))


def c64_computed(z):
    return hash(z * z)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # uint64 wraps, float32 overflows
def test_numpy_scalars_computed():
    for x in [0.1, -2.5, 1e30, 7.0]:
        check(f32_computed, x)
    for x in [0, 1, 2**62 + 12345, 2**63 - 1, 6148914691236517205]:  # the last: 3x == 2**64 - 1
        check(u64_computed, x)
    for x in [-2, -1, 0, 2**31 - 2]:
        check(i32_computed, x)
    for z in [np.complex64(0.1 + 0.3j), np.complex64(-1j), np.complex64(1e20 + 1e-20j)]:
        check(c64_computed, z)


def hash_items(a):
    acc = 0
    for i in range(a.shape[0]):
        acc ^= hash(a[i])
    return acc


def hash_loop(n, x):
    acc = 0
    for i in range(n):
        acc ^= hash((i, x * i, -i)) ^ hash(x / (i + 1))
    return acc


@pytest.mark.parametrize("a", [np.arange(-5, 6), np.array([-1, 2**63 - 1, -(2**63)]),
                               np.array([0, 2**63, 2**64 - 1], np.uint64),
                               np.array([-1, 300, -32768], np.int16),
                               np.linspace(-3, 7, 11, dtype=np.float32), np.linspace(0, 1, 9),
                               np.array([True, False]), np.array([1 + 2j, -0.5j], np.complex64)],
                         ids=lambda a: f"{a.dtype}{a.size}")
def test_hash_of_array_items_in_a_loop(a):
    check(hash_items, a)


@pytest.mark.parametrize("n,x", [(0, 0.5), (1, 0.5), (100, 0.1), (1000, -3.75), (50, 2**40), (50, -(2**57))])
def test_hash_in_a_loop(n, x):
    check(hash_loop, n, x)


# --- hypothesis -----------------------------------------------------------------

@examples(300)
@given(st.integers(INT64_MIN, INT64_MAX))
def test_any_int64(x):
    check(hash_, x)


@examples(200)
@given(st.integers(0, 2**64 - 1))
def test_any_uint64(x):
    check(hash_, np.uint64(x))


@examples(400)
@given(st.floats(allow_nan=False))
def test_any_float(x):
    check(hash_, x)


@examples(100)
@given(st.floats(allow_nan=False, width=32))
def test_any_float32(x):
    check(hash_, np.float32(x))


@examples(200)
@given(st.complex_numbers(allow_nan=False))
def test_any_complex(z):
    check(hash_, z)


@examples(200)
@given(st.integers(INT64_MIN, INT64_MAX), st.floats(allow_nan=False), st.booleans())
def test_any_mixed_tuple(a, b, c):
    check(hash_, (a, (b, c), ()))
    check(hash_pair, a, b)


# --- NaN (the documented difference), errors --------------------------------------

def test_nan_hashes_to_sys_hash_info_nan():
    # CPython 3.10+ hashes a NaN by its object's identity: compiled code has no object
    # and gives sys.hash_info.nan (0), the hash of NaN in CPython before 3.10
    h = jitted(hash_)
    assert sys.hash_info.nan == 0
    assert h(math.nan) == 0 and h(-math.nan) == 0 and h(np.float32("nan")) == 0
    assert h(complex(math.nan, 1.0)) == 1000003 == hash(complex(0.0, 1.0))
    assert h(complex(2.5, math.nan)) == hash(2.5)
    assert h((math.nan, 1)) == hash((0, 1))


def test_an_array_is_unhashable_as_in_cpython():
    for arg in (np.zeros(3), np.zeros((2, 2), np.int32), np.zeros(0)):
        _, _, exc, _ = run_exact_exceptions(hash_, arg)
        assert isinstance(exc, TypeError)
    # inside a tuple too (CPython hashes the items in order)
    _, _, exc, _ = run_exact_exceptions(hash_pair, 1, np.zeros(2))
    assert str(exc) == "unhashable type: 'numpy.ndarray'"


def hash_none():
    return hash(None)


def test_none_is_a_compile_error():
    # CPython 3.11 hashes None by its address: no compiled implementation
    for fn, args in ((hash_none, ()), (ferrojit.njit(hash_pair), (None, 1))):
        with pytest.raises(TypingError, match=re.escape("`hash` has no compiled implementation for (none)")):
            (fn if hasattr(fn, "py_func") else ferrojit.njit(fn))(*args)


# --- strings (salted per process: Python computes them), lists -----------------------

def hash_text(n, s):
    t = str(n) + s  # a run-time string
    return hash(t), hash(s), hash((t, n)), hash("constant")


@examples(100)
@given(st.integers(-10**6, 10**6), st.text(max_size=12))
def test_strings_hash_as_in_this_process(n, s):
    check(hash_text, n, s)


def hash_list(n):
    return hash([n, 2])


def test_a_list_is_unhashable_as_in_cpython():
    _, _, exc, _ = run_exact_exceptions(hash_list, 3)
    assert str(exc) == "unhashable type: 'list'"
