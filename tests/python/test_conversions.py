"""Float -> integer conversions (issue 12) and the overflow checks of issue 22.

Stores of floats into integer arrays give NumPy's bits on this machine (NumPy's own
`astype` is the oracle, on arrays long enough that NumPy takes its vector loop);
`int()`, `round()` and `math.floor`/`ceil` of floats beyond the int64 range raise
OverflowError where CPython would return a larger int than compiled code can hold.
"""

import math
import warnings

import numpy as np
import pytest

from conftest import check
from array_helpers import check_arrays

import ferrojit

INT_DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]

SPECIAL = [
    -1.0, -0.0, 0.0, 0.5, -0.5, 0.9999, -0.9999, 1.5, -1.5, 127.9, 128.0, -128.0, -129.0,
    255.0, 255.9, 256.0, 256.2, -256.2, 32767.5, 32768.0, -32769.0, 65535.9, 65536.0,
    2.0**31 - 1, 2.0**31, -2.0**31, -2.0**31 - 1, 2.0**32 - 1, 2.0**32, 2.0**32 + 5, 3e9, -3e9,
    1e10, -1e10, 2.0**53, 2.0**63 - 1024, 2.0**63, -2.0**63, -2.0**63 - 4096, 2.0**63 + 4096,
    2.0**64 - 2048, 2.0**64, 1e20, -1e20, 1e300, -1e300, np.inf, -np.inf, np.nan, -np.nan,
    5e-324, -5e-324,
]


def numpy_cast(values, dtype):
    """NumPy's own bits: each value repeated so that NumPy's vector loop handles it (its
    scalar remainder loop gives other bits for out-of-range uint32 values)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.repeat(values, 64).astype(dtype)[::64]


@ferrojit.njit
def store_each(out, values):
    for i in range(values.shape[0]):
        out[i] = values[i]


@ferrojit.njit
def store_slice(out, values):
    out[:] = values


@pytest.mark.parametrize("src", [np.float64, np.float32])
@pytest.mark.parametrize("dtype", INT_DTYPES)
@pytest.mark.parametrize("store", [store_each, store_slice], ids=["element", "slice"])
def test_float_store_gives_numpy_bits(src, dtype, store):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 1e300 -> float32 is inf
        values = np.array(SPECIAL, dtype=src)
    if store is store_each:
        # CPython stores each element as a NumPy scalar: int() and a range check for
        # signed arrays (OverflowError/ValueError), NumPy's scalar C cast for unsigned
        # ones (whose uint32 bits differ from its vector loop's: NaN gives 0, not 2**31).
        bad = []
        for x in values:
            for reps in (1, 37):
                v = np.repeat(values.dtype.type(x), reps)
                expected, got = np.zeros(reps, dtype), np.zeros(reps, dtype)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    want = outcome(store.py_func, expected, v)
                have = outcome(store, got, v)
                if want != have or not np.array_equal(got, expected):
                    bad.append((float(x), reps, have, want, got[0], expected[0]))
        assert not bad, f"{src.__name__} -> {dtype.__name__}: (value, reps, got, CPython) {bad}"
        return
    expected = numpy_cast(values, dtype)
    # long enough that the compiled loop runs vectorised as well as scalar
    for reps in (1, 37):
        v = np.repeat(values, reps)
        out = np.zeros(len(v), dtype)
        store(out, v)
        got = out[::reps]
        bad = [(float(x), int(g), int(e)) for x, g, e in zip(values, got, expected) if g != e]
        assert not bad, f"{src.__name__} -> {dtype.__name__}: (value, got, numpy) {bad}"


def outcome(f, *args):
    """What calling f did: None, or the exception's type and message."""
    try:
        f(*args)
    except Exception as e:  # noqa: BLE001 - compared, not swallowed
        return (type(e).__name__, str(e))
    return None


def test_uint8_store_wraps_like_numpy():
    # the image filter of issue 12: -1.0 -> 255, 256.2 -> 0 (NumPy, Numba), not 0 / 255
    out = np.zeros(4, np.uint8)
    store_each(out, np.array([-1.0, 256.2, 255.5, np.nan]))
    assert out.tolist() == [255, 0, 255, 0]


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_random_float_stores(dtype):
    rng = np.random.default_rng(12)
    info = np.iinfo(dtype)
    span = float(info.max) - float(info.min)
    v = np.concatenate([
        rng.uniform(float(info.min) - span, float(info.max) + span, 2000),
        rng.uniform(-300, 300, 500),
        rng.standard_normal(500) * 1e19,
    ])
    out = np.zeros(len(v), dtype)
    store_slice(out, v)
    assert np.array_equal(out, numpy_cast(v, dtype))
    if not np.issubdtype(dtype, np.signedinteger):
        # element by element, as CPython stores NumPy scalars into unsigned arrays
        expected = np.zeros(len(v), dtype)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            store_each.py_func(expected, v)
        store_each(out, v)
        assert np.array_equal(out, expected)


def to_int(x):
    return int(x)


def rounded(x):
    return round(x)


def floored(x):
    return math.floor(x)


def ceiled(x):
    return math.ceil(x)


@pytest.mark.parametrize("fn", [to_int, rounded, floored, ceiled])
@pytest.mark.parametrize("x", [0.0, -0.0, 1.5, -2.5, 2.0**62, -2.0**63, 9.2e18, -9.2e18, np.nan, np.inf, -np.inf])
def test_float_to_int_in_range_and_special_as_cpython(fn, x):
    check(fn, x)


@pytest.mark.parametrize("fn", [to_int, rounded, floored, ceiled])
@pytest.mark.parametrize("x", [2.0**63, -2.0**63 - 4096, 9.3e18, -9.3e18, 1e300, -1e300, 1.7976931348623157e308])
def test_float_to_int_beyond_int64_raises(fn, x):
    # CPython returns an int that does not fit in 64 bits: compiled code raises rather
    # than go on with a wrong number.
    assert abs(fn(x)) >= 2**63
    with pytest.raises(OverflowError, match="too large to convert to int64"):
        ferrojit.njit(fn)(x)


def square(x):
    return x ** 2


def power(x, y):
    return x ** y


@pytest.mark.parametrize("x", [1e154, 1.4e154, -1e200, 1e300, np.inf, np.nan, 3.0, -0.0])
def test_float_square_overflow_as_cpython(x):
    check(square, x)


@pytest.mark.parametrize("x,y", [(10.0, 400.0), (-10.0, 309.0), (2.0, 1024.0), (2.0, 1023.0), (1e-300, -2.0), (np.inf, 2.0), (0.5, -1100.0),
                                 (-1e176, 2.5), (-1e300, 1.5), (-np.inf, 0.5), (-np.inf, 1.5), (-np.inf, -0.5)])
def test_float_power_overflow_as_cpython(x, y):
    check(power, x, y)


def store_division(a, i, x):
    a[i % i] = 1.0 / x
    return float(a[0])


def store_call_order(a, i, x):
    a[i // x] = math.sqrt(x - 10)


@pytest.mark.parametrize("i,x", [(0, 0.0), (0, 2.0), (1, 0.0), (1, 4.0)])
def test_store_evaluates_the_value_first(i, x):
    # CPython evaluates the right-hand side before the subscript.
    check(store_division, np.zeros(3), i, x)


@pytest.mark.parametrize("i,x", [(0, 0), (1, 0), (1, 12)])
def test_store_evaluates_the_value_first_ints(i, x):
    check(store_call_order, np.zeros(3), i, x)



def astype_int8(a):
    return a.astype(np.int8)


def astype_uint8(a):
    return a.astype(np.uint8)


def astype_int16(a):
    return a.astype(np.int16)


def astype_uint16(a):
    return a.astype(np.uint16)


def astype_int32(a):
    return a.astype(np.int32)


def astype_uint32(a):
    return a.astype(np.uint32)


def astype_int64(a):
    return a.astype(np.int64)


def astype_uint64(a):
    return a.astype(np.uint64)


def astype_float32(a):
    return a.astype(np.float32)


ASTYPE = dict(zip(INT_DTYPES, [astype_int8, astype_uint8, astype_int16, astype_uint16, astype_int32,
                               astype_uint32, astype_int64, astype_uint64]))


@pytest.mark.parametrize("src", [np.float64, np.float32])
@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_astype_float_to_int_gives_numpy_bits(src, dtype):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        values = np.repeat(np.array(SPECIAL, dtype=src), 37)
    got = ferrojit.njit(ASTYPE[dtype])(values)
    assert got.dtype == dtype
    assert np.array_equal(got[::37], numpy_cast(values[::37], dtype))


@pytest.mark.parametrize("a", [np.arange(6.0).reshape(2, 3) - 2.5, np.arange(10, dtype=np.int64) * 40 - 100,
                               np.array([True, False]), np.linspace(-3, 3, 7)[::2]])
def test_astype_as_numpy(a):
    check_arrays(astype_uint8, a)
    check_arrays(astype_float32, a)


def store_first(a, v):
    a[0] = v
    return a


def store_all(a, v):
    a[...] = v
    return a


@pytest.mark.parametrize("fn", [store_first, store_all])
@pytest.mark.parametrize("dtype,v", [
    (np.uint8, -1.0), (np.uint8, 255.9), (np.uint8, 256.2), (np.uint8, math.nan), (np.uint32, math.inf),
    (np.uint8, 300), (np.int8, -129), (np.int8, 127), (np.uint64, -1), (np.int16, 1e20), (np.int64, 9.3e18),
    (np.uint16, -2.0**63), (np.int64, -2.0**63), (np.int64, 2.0**63),
    (np.float32, 1e300), (np.float32, 3), (np.bool_, 2.5),
])
def test_python_numbers_stored_as_numpy_setitem(fn, dtype, v):
    # NumPy converts a Python number as int() does and checks the dtype's range
    check_arrays(fn, np.zeros(3, dtype), v)


@pytest.mark.parametrize("src", [np.int64, np.uint64, np.int16, np.uint8, np.bool_])
@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_int_element_store_as_cpython(src, dtype):
    # NumPy converts a NumPy integer stored into a signed array with int() and checks
    # the range (OverflowError naming the value); unsigned arrays take the C cast.
    info = np.iinfo(src) if src is not np.bool_ else None
    raw = [0, 1, 5, 127, 128, 255, 256, 300, 2**15, 2**31, 2**40, 2**63 - 1, 2**63, 2**64 - 1, -1, -129, -2**63]
    vals = [x for x in raw if info is None and x in (0, 1) or info is not None and info.min <= x <= info.max]
    for x in vals:
        v = np.array([x], dtype=src)
        expected, got = np.zeros(1, dtype), np.zeros(1, dtype)
        want = outcome(store_each.py_func, expected, v)
        have = outcome(store_each, got, v)
        assert (have, got.tolist()) == (want, expected.tolist()), (x, src, dtype)
