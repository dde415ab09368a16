"""The library written in Python (python/ferrojit/_lib) and ferrojit.extending's
overload / register_jitable. NumPy is the oracle for NumPy functions: each call runs
under NumPy and compiled, over dtypes, empty and non-contiguous arrays, and errors."""

import itertools
import math
import warnings

import numpy as np
import pytest

import ferrojit
from ferrojit import types
from ferrojit.errors import TypingError
from ferrojit.extending import overload, register_jitable

DTYPES = [np.bool_, np.int8, np.uint8, np.int32, np.uint32, np.int64, np.uint64, np.float32, np.float64]


def kind(x):
    if isinstance(x, (bool, np.bool_)):
        return "b"
    if isinstance(x, (int, np.integer)):
        return "i"
    return "f"


def assert_same(got, want, sums=False):
    """NumPy's result: arrays by dtype, shape and values (NaN equal), scalars by value and
    kind (compiled code returns Python scalars). ``sums``: values that are sums of
    floats, whose order may differ from NumPy's (docs/accuracy.md)."""
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray), (got, want)
        assert got.dtype == want.dtype and got.shape == want.shape, (got, want)
        if sums and want.dtype.kind == "f":
            np.testing.assert_allclose(got, want, rtol=1e-12 if want.dtype == np.float64 else 1e-5)
        else:
            assert np.array_equal(got, want, equal_nan=want.dtype.kind == "f"), (got, want)
        return
    assert kind(got) == kind(want), (got, want)
    if kind(want) == "f" and math.isnan(want):
        assert math.isnan(got)
    elif sums and kind(want) == "f":
        assert got == pytest.approx(float(want), rel=1e-12 if not isinstance(want, np.float32) else 1e-5)
    else:
        assert got == want, (got, want)


def run_both(f, *args, sums=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            want = f(*args)
        except Exception as e:  # noqa: BLE001 - compared below
            want = e
        try:
            got = ferrojit.njit(f)(*args)
        except Exception as e:  # noqa: BLE001
            got = e
    if isinstance(want, Exception):
        assert type(got) is type(want) and str(got) == str(want), (args, got, want)
        return
    assert not isinstance(got, Exception), (args, got, want)
    assert_same(got, want, sums)


def arrays(dtype, shape=(7,)):
    rng = np.random.default_rng(5)
    if dtype == np.bool_:
        a = rng.random(shape) < 0.5
    elif np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        a = rng.integers(max(info.min, -50), min(info.max, 50), shape, endpoint=True).astype(dtype)
    else:
        a = (rng.standard_normal(shape) * 4).astype(dtype)
    return a


def layouts(a):
    """The array as C-contiguous, reversed, strided and (2-d) Fortran-ordered."""
    yield a
    yield a[::-1]
    yield a[::2]
    if a.ndim == 2:
        yield np.asfortranarray(a)
        yield a.T


# --- numpy.linspace ------------------------------------------------------------------

def linspace3(a, b, n):
    return np.linspace(a, b, n)


def linspace_open(a, b, n):
    return np.linspace(a, b, n, endpoint=False)


def linspace_default(a, b):
    return np.linspace(a, b)


@pytest.mark.parametrize("start,stop", [(0, 1), (0.5, -3.0), (2, 2), (-1e300, 1e300), (1e-310, 2e-310), (True, 5), (3, 1)])
@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 50, -1])
def test_linspace(start, stop, n):
    run_both(linspace3, start, stop, n)
    run_both(linspace_open, start, stop, n)


def test_linspace_defaults_and_keywords():
    run_both(linspace_default, 1, 10)
    run_both(linspace_default, -2.5, 0.0)

    def kw(a, b):
        return np.linspace(num=4, stop=b, start=a, endpoint=False)
    run_both(kw, 0.0, 1.0)


def test_linspace_rejects_a_float_count():
    def f(n):
        return np.linspace(0, 1, n)
    with pytest.raises(TypingError, match=r"`numpy\.linspace` has no compiled implementation for \(int64, int64, float64\)"):
        ferrojit.njit(f)(3.0)


# --- numpy.diff ----------------------------------------------------------------------

def diff1(a):
    return np.diff(a)


def diffn(a, n):
    return np.diff(a, n)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_diff(dtype):
    for a in itertools.chain(layouts(arrays(dtype)), layouts(arrays(dtype, (4, 5))), [arrays(dtype)[:0], arrays(dtype)[:1]]):
        run_both(diff1, a)
        for n in (0, 2, 3, 9, -1):
            run_both(diffn, a, n)


# --- numpy.clip ----------------------------------------------------------------------

def clip(a, lo, hi):
    return np.clip(a, lo, hi)


def clip_lo(a, lo):
    return np.clip(a, lo, None)


def clip_hi(a, hi):
    return np.clip(a, None, hi)


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d != np.bool_], ids=lambda d: np.dtype(d).name)
def test_clip(dtype):
    bounds = [(0, 10), (-3, 3), (1.5, 2.5), (0, 300), (-1000, 5), (7, 2)]
    for a in itertools.chain(layouts(arrays(dtype)), layouts(arrays(dtype, (3, 4))), [arrays(dtype)[:0]]):
        for lo, hi in bounds:
            run_both(clip, a, lo, hi)
            run_both(clip_lo, a, lo)
            run_both(clip_hi, a, hi)


def test_clip_scalars_and_nan():
    run_both(clip, 5, 0, 3)
    run_both(clip, 2.5, 0.0, 1.0)
    run_both(clip, np.array([np.nan, 1.0, -np.inf]), 0.0, 0.5)
    run_both(clip, np.arange(5.0), np.nan, 3.0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_clip_keeps_the_value_at_a_bound_with_its_sign(dtype):
    # NumPy's loop keeps x where it equals a bound: np.clip(-0.0, 0, 2) is -0.0 (the
    # fuzzer: seed 7001 program 82)
    a = np.array([-0.0, 0.0, -1.5, 0.75, 2.0, 3.5, np.inf, -np.inf, np.nan], dtype=dtype)
    f = ferrojit.njit(clip)
    for lo, hi in itertools.product([0, 0.0, -0.0, 1, -np.inf, np.nan], [2, 0.0, -0.0, np.inf, np.nan]):
        want, got = clip(a, lo, hi), f(a, lo, hi)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(np.signbit(got), np.signbit(want))
        np.testing.assert_array_equal(got, want)


# --- numpy.trace ---------------------------------------------------------------------

def trace(a):
    return np.trace(a)


def trace_offset(a, k):
    return np.trace(a, k)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_trace(dtype):
    for a in itertools.chain(layouts(arrays(dtype, (4, 4))), layouts(arrays(dtype, (3, 6))), [arrays(dtype, (0, 3))]):
        run_both(trace, a, sums=True)
        for k in (-4, -1, 1, 2, 10):
            run_both(trace_offset, a, k, sums=True)


# --- numpy.isclose / numpy.allclose --------------------------------------------------

def isclose(a, b):
    return np.isclose(a, b)


def isclose_nan(a, b):
    return np.isclose(a, b, equal_nan=True)


def allclose(a, b):
    return np.allclose(a, b)


def allclose_tol(a, b, r, t):
    return np.allclose(a, b, rtol=r, atol=t)


SPECIAL = np.array([0.0, -0.0, 1.0, 1.0 + 1e-9, 1e-9, np.nan, np.inf, -np.inf, 1e300, -5.0])
with np.errstate(over="ignore"):
    SPECIAL32 = SPECIAL.astype(np.float32)  # 1e300 becomes inf


def test_isclose_allclose_on_special_values():
    for a, b in itertools.product([SPECIAL, SPECIAL[::-1], SPECIAL32], repeat=2):
        run_both(isclose, a, b)
        run_both(isclose_nan, a, b)
        run_both(allclose, a, b)
        run_both(allclose_tol, a, b, 0.0, 0.5)
    for x, y in itertools.product([0, 1, 1.0 + 1e-9, np.nan, np.inf, 2.5], repeat=2):
        run_both(allclose, x, y)
        run_both(isclose, np.array([x]), y)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_isclose_dtypes(dtype):
    a = arrays(dtype)
    for b in (a, a[::-1], a.astype(np.float64) + 1e-7):
        run_both(isclose, a, b)
        run_both(allclose, a, b)


# --- numpy.linalg.norm ---------------------------------------------------------------

def norm(x):
    return np.linalg.norm(x)


def norm_ord(x, o):
    return np.linalg.norm(x, o)


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint8, np.float32, np.float64], ids=lambda d: np.dtype(d).name)
def test_norm(dtype):
    for a in itertools.chain(layouts(arrays(dtype, (9,))), layouts(arrays(dtype, (3, 4))), [arrays(dtype)[:0]]):
        if dtype == np.float32:
            continue  # NumPy computes float32 norms in float32 through BLAS: covered below
        run_both(norm, a, sums=True)
        if a.ndim == 1:
            for o in (1, 2, 3, 0, 0.5, np.inf, -np.inf):
                run_both(norm_ord, a, o, sums=True)


def test_norm_float32_is_close():
    a = arrays(np.float32, (100,))
    assert ferrojit.njit(norm)(a) == pytest.approx(float(np.linalg.norm(a)), rel=1e-5)


# --- names, errors -------------------------------------------------------------------

def test_library_functions_resolve_by_identity():
    from numpy import linspace as ls  # imported under another name

    def f():
        return ls(0.0, 1.0, 3)
    assert_same(ferrojit.njit(f)(), np.linspace(0.0, 1.0, 3))


def test_unsupported_types_name_the_function():
    def f(a):
        return np.diff(a)
    with pytest.raises(TypingError, match=r"`numpy\.diff` has no compiled implementation for \(array\(float64, 3d, C\)\)"):
        ferrojit.njit(f)(np.ones((2, 2, 2)))


# --- overload and register_jitable ---------------------------------------------------

def clamp(x, lo, hi):
    """A library's Python function (not compiled by itself)."""
    raise RuntimeError("the Python version is not called from compiled code")


@overload(clamp)
def _clamp(x, lo, hi):
    if isinstance(x, types.Float):
        def impl(x, lo, hi):
            return min(max(x, lo), hi)
        return impl
    if isinstance(x, types.Array):
        def impl_array(x, lo, hi):
            return np.minimum(np.maximum(x, lo), hi)
        return impl_array
    return None


@register_jitable
def square_plus(x, k=1):
    return x * x + k


def test_overload_chooses_by_type():
    def f(x):
        return clamp(x, 0.0, 1.0)
    g = ferrojit.njit(f)
    assert g(2.5) == 1.0 and g(-1.0) == 0.0 and g(0.25) == 0.25
    assert_same(g(np.array([-1.0, 0.5, 3.0])), np.array([0.0, 0.5, 1.0]))
    with pytest.raises(TypingError, match=r"has no compiled implementation for \(int64, float64, float64\)"):
        g(3)


def test_overload_error_in_typing_function():
    def broken(x):
        return x

    @overload(broken)
    def _broken(x):
        raise KeyError("nope")

    def f(x):
        return broken(x)
    with pytest.raises(TypingError, match="choosing its implementation raised KeyError"):
        ferrojit.njit(f)(1)


def test_register_jitable_compiles_plain_function():
    def f(x):
        return square_plus(x) + square_plus(x, k=3)
    assert ferrojit.njit(f)(3) == f(3) == 22
    assert square_plus(2.0) == 5.0  # still the Python function from Python


def test_plain_function_without_registration_is_compiled():
    # (issue 13: Numba refuses these; a user should not have to decorate every helper)
    def helper(x):
        return x + 1

    def f(x):
        return helper(x) * 2
    for x in (1, -3, 2.5):
        assert ferrojit.njit(f)(x) == f(x)


# --- numpy.round / numpy.around ------------------------------------------------------

def round_d(a, d):
    return np.round(a, d)


def around0(a):
    return np.around(a)


ROUND_VALUES = np.array([2.675, 0.285, 1.005, -0.125, 5.015, 1234.5678, -0.4, 0.5, 1.5, 2.5, -2.5,
                         1e300, 5e-324, np.nan, np.inf, -np.inf, 4503599627370495.5])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128, np.complex64])
@pytest.mark.parametrize("d", [0, 1, 2, 3, -1, -2, 10])
def test_round_bits_as_numpy(dtype, d):
    a = ROUND_VALUES.astype(dtype) if dtype in (np.float64, np.float32) else \
        (ROUND_VALUES + 1j * ROUND_VALUES[::-1]).astype(dtype)
    for x in layouts(a):
        got, want = ferrojit.njit(round_d)(x, d), round_d(x, d)
        assert got.dtype == want.dtype and got.shape == want.shape
        assert got.tobytes() == want.tobytes(), (d, x, got, want)   # (signed zeros, NaN bits)


def test_round_scalars_ints_and_around():
    for x in [2.675, -0.125, 1.5, 2.5, 1e300]:
        run_both(round_d, x, 2)
        run_both(round_d, np.float32(x), 1)
    run_both(round_d, 1.5 + 2.25j, 1)
    run_both(around0, np.array([0.5, 1.5, -0.5]))
    run_both(round_d, np.arange(5), 1)       # integers: returned unchanged (a copy)
    a = np.arange(4)
    r = ferrojit.njit(round_d)(a, 0)
    assert not np.shares_memory(r, a)
