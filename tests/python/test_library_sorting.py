"""Sorting, searching and counting in the library written in Python
(python/ferrojit/_lib/sorting.py): ``a.sort()``, ``np.argsort`` / ``a.argsort()``,
``np.median``, ``np.count_nonzero``, ``np.flatnonzero``, ``np.nonzero`` / ``a.nonzero()``
and ``np.argwhere``. NumPy is the oracle: each call runs under NumPy and compiled, over
dtypes, layouts (C, Fortran, reversed, strided), empty arrays, NaN, infinities, signed zeros
and ties, and errors (type and message).

Known differences, pinned here:

* ``np.argsort`` is stable whatever ``kind=`` says, so it is compared with NumPy's
  ``kind="stable"`` (NumPy's default kind orders equal elements as its CPU's SIMD sort
  happens to).
* an ``axis`` out of range is a ValueError with NumPy's message (NumPy's AxisError is a
  ValueError and an IndexError; compiled code raises builtin exceptions only).
* sorted values are compared by value: the order of ``-0.0`` and ``0.0`` (equal) in
  ``a.sort()``'s result is NumPy's sort's own affair, and differs from NumPy's at times.
* ``np.median(a, overwrite_input=True)`` leaves ``a`` as it was (NumPy's leaves it partly
  sorted); only the result is compared.
* compiled code returns Python scalars (``np.median`` a float, ``np.count_nonzero`` an
  int) where NumPy returns NumPy scalars, and NumPy's RuntimeWarning for the median of
  an empty array is not given.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ferrojit
from ferrojit.errors import TypingError

INTS = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]
FLOATS = [np.float32, np.float64]
REAL = [np.bool_] + INTS + FLOATS
COMPLEX = [np.complex64, np.complex128]
#: dtypes tried in every layout and number of dimensions (the others C-contiguous, 1-D
#: and 2-D: each dtype, layout and ndim is one more compilation)
MAIN = [np.bool_, np.int8, np.uint16, np.int64, np.uint64, np.float32, np.float64]
C_ONLY = [d for d in REAL if d not in MAIN]
#: dtypes tried in every layout, as 0-d and 3-d arrays too (the rest depends little on
#: the dtype; the others are C-contiguous 1-d and 2-d arrays)
LAYOUT_DTYPES = [np.bool_, np.uint16, np.float64, np.complex128]


def cases(dtypes, shapes):
    """(dtype, shape) pairs: 0-d and 3-d (or more) shapes for LAYOUT_DTYPES only."""
    return [(d, s) for d in dtypes for s in shapes if len(s) in (1, 2) or d in LAYOUT_DTYPES]

_JITTED = {}


def jitted(f):
    """One dispatcher per function (each specialisation compiled once for the module)."""
    if f not in _JITTED:
        _JITTED[f] = ferrojit.njit(f)
    return _JITTED[f]


def outcome(f, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            return f(*args)
        except Exception as e:  # noqa: BLE001 - compared by the caller
            return e


def kind(x):
    if isinstance(x, (bool, np.bool_)):
        return "b"
    if isinstance(x, (int, np.integer)):
        return "i"
    return "f"


def assert_same(got, want, where=""):
    """NumPy's result: exceptions by type and message (NumPy's AxisError as a ValueError
    with its message), arrays by dtype, shape and values (NaN equal), tuples item by item,
    scalars by value and kind."""
    if isinstance(want, Exception):
        assert isinstance(got, Exception), (where, got, want)
        if isinstance(want, np.exceptions.AxisError):
            assert type(got) is ValueError, (where, got, want)
        else:
            assert type(got) is type(want), (where, got, want)
        assert str(got) == str(want), (where, got, want)
        return
    assert not isinstance(got, Exception), (where, got, want)
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), (where, got, want)
        for g, w in zip(got, want):
            assert_same(g, w, where)
        return
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray), (where, got, want)
        assert got.dtype == want.dtype and got.shape == want.shape, (where, got, want)
        assert np.array_equal(got, want, equal_nan=want.dtype.kind in "fc"), (where, got, want)
        return
    if want is None:
        assert got is None, (where, got)
        return
    assert kind(got) == kind(want), (where, got, want)
    if kind(want) == "f" and np.isnan(want):
        assert np.isnan(got), (where, got, want)
    else:
        assert got == want, (where, got, want)
        if kind(want) == "f" and want == 0:
            assert np.signbit(got) == np.signbit(want), (where, got, want)


def run_both(f, *args, numpy_f=None):
    """``f`` compiled against ``numpy_f`` (``f`` itself by default) under NumPy."""
    want = outcome(numpy_f or f, *args)
    got = outcome(jitted(f), *args)
    assert_same(got, want, args)
    return got


# --- inputs ------------------------------------------------------------------------------

def values(dtype, shape, seed=0, ties=False):
    """Values of ``dtype``: floats with NaN, infinities and signed zeros, integers with
    their extremes; ``ties``: from a few values only."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    if dtype == np.bool_:
        return np.asarray(rng.random(shape) < 0.5)
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        if ties:
            pool = np.array([0, 1, 3, max(info.min, -2)], dtype=dtype)
        else:
            pool = np.concatenate([np.array([info.min, info.max, 0, 1], dtype=dtype),
                                   rng.integers(max(info.min, -1000), min(info.max, 1000), 20,
                                                endpoint=True).astype(dtype)])
        return rng.choice(pool, n).reshape(shape)
    special = np.array([np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5], dtype=dtype)
    if ties:
        pool = special
    else:
        pool = np.concatenate([special, (rng.standard_normal(30) * 100).astype(dtype)])
    return rng.choice(pool, n).reshape(shape)


def finite_values(dtype, shape, seed=0):
    a = values(dtype, shape, seed)
    if a.dtype.kind == "f":
        a[~np.isfinite(a)] = 2.5
    return a


LAYOUTS = ["C", "F", "reversed", "strided"]


def layouts_for(dtype, ndim):
    if dtype not in LAYOUT_DTYPES or ndim == 0:
        return ["C"]
    return LAYOUTS if ndim <= 2 else ["C", "strided"]


def with_layout(x, layout):
    """(base, view): a new array ``base`` and a view of it with ``x``'s values in the
    layout (the base holds other values between the view's, for "strided")."""
    if layout == "C" or x.ndim == 0:
        base = x.copy()
        return base, base
    if layout == "F":
        base = np.asfortranarray(x)
        return base, base
    if layout == "reversed":
        base = x[(slice(None, None, -1),) * x.ndim].copy()
        return base, base[(slice(None, None, -1),) * x.ndim]
    base = np.repeat(x, 2, axis=-1)
    base[..., 1::2] = base[..., 1::2][(slice(None, None, -1),) * x.ndim]  # other values in the gaps
    return base, base[..., ::2]


# --- a.sort() ----------------------------------------------------------------------------

def sort_default(a):
    a.sort()


def sort_axis(a, axis):
    a.sort(axis=axis)


def sort_axis0(a):
    a.sort(0)


def sort_kind(a, k):
    a.sort(kind=k)


def sort_stable(a):
    a.sort(stable=True)


def sort_options(a, axis, k, stable, order):
    a.sort(axis, k, order, stable=stable)


def sort_returns(a):
    r = a.sort()
    return r, a[0]


def check_in_place(f, x, layout, *args):
    """``f(view, *args)`` under NumPy and compiled: the same result, and the same
    values in the whole base array afterwards."""
    base_np, view_np = with_layout(x, layout)
    base_fj, view_fj = with_layout(x, layout)
    want = outcome(f, view_np, *args)
    got = outcome(jitted(f), view_fj, *args)
    assert_same(got, want, (layout, x, args))
    assert np.array_equal(base_fj, base_np, equal_nan=x.dtype.kind == "f"), (layout, x, base_fj, base_np)
    assert_same(view_fj, view_np, (layout, x, args))


def check_sorts(x, layouts):
    for layout in layouts:
        for axis in range(-x.ndim, x.ndim):
            check_in_place(sort_axis, x, layout, axis)


@pytest.mark.parametrize("dtype,shape", cases(MAIN, [(0,), (1,), (7,), (40,), (3, 5), (4, 0), (0, 3), (2, 3, 4)]))
def test_sort_in_place(dtype, shape):
    for ties in (False, True):
        x = values(dtype, shape, seed=len(shape), ties=ties)
        check_sorts(x, layouts_for(dtype, len(shape)))


@pytest.mark.parametrize("dtype", C_ONLY)
def test_sort_in_place_other_dtypes(dtype):
    for shape in [(0,), (9,), (40,), (3, 5)]:
        for ties in (False, True):
            check_sorts(values(dtype, shape, seed=2, ties=ties), ["C"])


def test_sort_default_axis_and_keywords():
    for dtype in (np.int64, np.float64, np.bool_):
        x = values(dtype, (3, 4), seed=3)
        check_in_place(sort_default, x, "C")
        check_in_place(sort_default, x[0], "C")
    x = values(np.float64, (3, 4), seed=3)
    check_in_place(sort_axis0, x, "F")
    check_in_place(sort_returns, x, "C")
    check_in_place(sort_stable, x, "C")
    for k in ["quicksort", "mergesort", "heapsort", "stable", "q", "S", "stablex", "x", "", None]:
        check_in_place(sort_kind, x, "C", k)


def test_sort_errors():
    x = values(np.float64, (3, 4), seed=3)
    for axis in (2, -3, 5):
        check_in_place(sort_axis, x, "C", axis)    # NumPy's AxisError message
        check_in_place(sort_axis, x[0], "C", axis)
    check_in_place(lambda a: a.sort(axis=None), x[0], "C")   # TypeError, NumPy's message
    check_in_place(lambda a: a.sort(kind=3), x[0], "C")      # TypeError
    check_in_place(lambda a: a.sort(order="f"), x[0], "C")   # no fields: ValueError
    check_in_place(lambda a: a.sort(kind="q", stable=True), x[0], "C")
    # several wrong arguments: NumPy's first error (kind, kind with stable, order, axis)
    for axis, k, stable, order in [(0, "x", True, None), (0, "x", None, "f"), (0, "q", True, "f"), (0, 3, True, None),
                                   (0, None, True, "f"), (0, "q", None, None), (5, "x", None, None),
                                   (5, None, None, "f"), (5, "q", True, None), (-1, "s", False, None)]:
        check_in_place(sort_options, x, "C", axis, k, stable, order)
    ro = x[0].copy()
    ro.flags.writeable = False
    run_both(sort_default, ro)                    # "sort array is read-only"
    run_both(sort_axis, ro, 3)                    # the axis is checked first
    assert np.array_equal(ro, x[0], equal_nan=True)


# --- np.argsort and a.argsort() ------------------------------------------------------------

def argsorts(a, axis):
    return (np.argsort(a), a.argsort(), np.argsort(a, axis=axis), a.argsort(axis), np.argsort(a, None),
            np.argsort(a, kind="quicksort"), a.argsort(kind="heapsort"), np.argsort(a, axis, "stable"),
            np.argsort(a, stable=True), a.argsort(stable=False))


def np_argsorts(a, axis):
    """NumPy's results, all with kind="stable" (the compiled sort is always stable)."""
    def st(*args):
        return np.argsort(a, *args, kind="stable")
    return st(), st(), st(axis), st(axis), st(None), st(), st(), st(axis), st(), st()


def argsort_kind(a, k):
    return np.argsort(a, kind=k)


def np_argsort_stable(a, *args):
    return np.argsort(a, kind="stable")


def argsort_axis(a, axis):
    return np.argsort(a, axis=axis)


def check_argsorts(x, layouts):
    for layout in layouts:
        _, a = with_layout(x, layout)
        for axis in range(-max(x.ndim, 1), max(x.ndim, 1)):
            run_both(argsorts, a, axis, numpy_f=np_argsorts)


ARGSORT_SHAPES = [(), (0,), (1,), (2,), (15,), (16,), (17,), (33,), (100,), (257,), (3, 5), (5, 0), (0, 4),
                  (2, 40), (2, 3, 4)]


@pytest.mark.parametrize("dtype,shape", cases(MAIN, ARGSORT_SHAPES))
def test_argsort(dtype, shape):
    for ties in (False, True):
        x = values(dtype, shape, seed=len(shape) + 7, ties=ties)
        check_argsorts(x, layouts_for(dtype, len(shape)))


@pytest.mark.parametrize("dtype", C_ONLY)
def test_argsort_other_dtypes(dtype):
    for shape in [(0,), (17,), (100,), (3, 5)]:
        for ties in (False, True):
            check_argsorts(values(dtype, shape, seed=4, ties=ties), ["C"])


@pytest.mark.parametrize("dtype", [np.int8, np.float32, np.float64])
def test_argsort_long_runs(dtype):
    # merges of many runs: sorted, reversed, organ-pipe and tied inputs
    n = 1000
    cases = [np.arange(n), np.arange(n)[::-1], np.concatenate([np.arange(n // 2), np.arange(n // 2)[::-1]]),
             np.arange(n) % 7, np.zeros(n), values(dtype, (n,), seed=11), values(dtype, (n,), seed=12, ties=True)]
    for x in cases:
        run_both(argsort_kind, x.astype(dtype), None, numpy_f=np_argsort_stable)


def test_argsort_kinds_and_errors():
    a = values(np.float64, (9,), seed=2, ties=True)
    for k in ["quicksort", "mergesort", "heapsort", "stable", "q", "H", "m", "s", "stablex"]:
        run_both(argsort_kind, a, k, numpy_f=np_argsort_stable)
    for k in ["x", "", "Xstable"]:
        run_both(argsort_kind, a, k)                      # ValueError, NumPy's message
    run_both(lambda a: np.argsort(a, kind=2), a)         # TypeError
    run_both(lambda a: np.argsort(a, kind=2.5), a)
    run_both(lambda a: np.argsort(a, kind="stable", stable=True), a)
    run_both(lambda a: np.argsort(a, 5, "q", "f", stable=True), a)
    run_both(lambda a: a.argsort(5, "x", "f"), a)
    run_both(lambda a: np.argsort(a, order="x"), a)
    run_both(lambda a: a.argsort(order="x"), a)
    for axis in (1, -2, 7):
        run_both(argsort_axis, a, axis)                   # NumPy's AxisError message
        run_both(argsort_axis, np.array(1.5), axis)       # (a 0-d array counts as 1-d)
    run_both(argsort_axis, values(np.int32, (2, 3)), 2)
    run_both(argsort_axis, values(np.int32, (2, 3)), -3)


def test_complex_argsort_is_a_typing_error():
    with pytest.raises(TypingError, match="argsort"):
        jitted(argsort_kind)(np.array([1j, 2]), None)


# --- np.median ----------------------------------------------------------------------------

def median(a):
    return np.median(a)


def medians(a, axis):
    return np.median(a), np.median(a, axis=axis), np.median(a, None), np.median(a, axis, overwrite_input=False)


def median_axis(a, axis):
    return np.median(a, axis=axis)


def median_overwrite(a):
    return np.median(a, overwrite_input=True)


def check_medians(x, layouts):
    for layout in layouts:
        _, a = with_layout(x, layout)
        if x.ndim in (1, 2):
            for axis in range(-x.ndim, x.ndim):
                run_both(medians, a, axis)
        else:
            run_both(median, a)


MEDIAN_SHAPES = [(), (0,), (1,), (2,), (3,), (4,), (9,), (10,), (2, 3), (3, 4), (0, 3), (3, 0), (2, 2, 3)]


@pytest.mark.parametrize("dtype,shape", cases(MAIN, MEDIAN_SHAPES))
def test_median(dtype, shape):
    for seed in range(3):
        check_medians(values(dtype, shape, seed), layouts_for(dtype, len(shape)))
        check_medians(finite_values(dtype, shape, seed), ["C"])


@pytest.mark.parametrize("dtype", C_ONLY)
def test_median_other_dtypes(dtype):
    for shape in [(0,), (1,), (8,), (9,), (3, 4)]:
        for seed in range(3):
            check_medians(values(dtype, shape, seed), ["C"])


def test_median_special_values():
    cases = [[np.inf, -np.inf], [np.inf, np.inf], [-np.inf, 1.0], [-0.0, -0.0], [0.0, -0.0], [-0.0],
             [-0.0, -0.0, -0.0], [np.nan], [1.0, np.nan, 2.0], [1.0, 2.0, 3.0, np.inf], [3e38, 3e38], [1e-45, 1e-45]]
    for c in cases:
        for dtype in FLOATS:
            run_both(median, np.array(c, dtype))
    for c in [[1e308, 1e308], [5e-324, 5e-324], [-1.7e308, 1.7e308, 1.7e308, 1.7e308]]:
        run_both(median, np.array(c))
    for dtype in INTS:
        info = np.iinfo(dtype)
        run_both(median, np.array([info.max, info.max], dtype))
        run_both(median, np.array([info.min, info.max], dtype))
        run_both(median, np.array([info.max - 1, info.max, info.min], dtype))
    # int64 values that float64 rounds
    run_both(median, np.array([2**53 + 1, 2**53 + 3], np.int64))
    run_both(median, np.array([2**62 + 1, 2**62 + 1025, 3], np.int64))
    run_both(median, np.array([16777217, 16777219], np.float32))
    run_both(median, np.array([True, False]))
    m = np.array([[1.0, np.nan], [2.0, 3.0], [-0.0, -0.0]])
    for axis in (0, 1):
        run_both(median_axis, m, axis)


def test_median_errors_and_options():
    a = values(np.float64, (3, 4))
    for axis in (2, -3):
        run_both(median_axis, a, axis)                    # NumPy's AxisError message
    for axis in (1, -2):
        run_both(median_axis, a[0], axis)
    # (NumPy's overwrite_input=True leaves the input partly sorted; the compiled median
    # leaves it as it was: only the result is compared)
    b = values(np.int64, (3, 4))
    assert_same(outcome(jitted(median_overwrite), b.copy()), outcome(median_overwrite, b.copy()))


# --- np.count_nonzero, np.flatnonzero, np.nonzero, np.argwhere ---------------------------

def nonzero(a):
    return np.nonzero(a)


def nonzero_method(a):
    return a.nonzero()


def nonzeros(a):
    return np.count_nonzero(a), np.flatnonzero(a), np.argwhere(a), np.nonzero(a), a.nonzero()


def nonzeros_0d(a):
    return np.count_nonzero(a), np.flatnonzero(a), np.argwhere(a)


def index_with_nonzero(a):
    # the usual use: the indices of the nonzero elements, then their values
    idx = np.nonzero(a)
    out = np.empty(idx[0].shape[0], a.dtype)
    for k in range(idx[0].shape[0]):
        out[k] = a[idx[0][k], idx[1][k]]
    return out


def numpy_index_with_nonzero(a):
    return a[np.nonzero(a)]


def check_nonzeros(x, layouts):
    for layout in layouts:
        _, a = with_layout(x, layout)
        if x.ndim == 0:
            run_both(nonzeros_0d, a)
            run_both(nonzero, a)             # NumPy's ValueError
            run_both(nonzero_method, a)
        else:
            run_both(nonzeros, a)


def complex_values(dtype, shape, seed):
    x = np.empty(shape, dtype)
    x.real = values(np.float64, shape, seed, ties=True)
    x.imag = values(np.float64, shape, seed + 5, ties=True)
    x[np.abs(x) > 0.6] = 0  # zeros in both parts too
    return x


NONZERO_SHAPES = [(), (0,), (1,), (6,), (3, 4), (0, 5), (4, 0), (2, 3, 4), (2, 1, 3, 2)]


@pytest.mark.parametrize("dtype,shape", cases(MAIN + COMPLEX, NONZERO_SHAPES))
def test_nonzero_family(dtype, shape):
    for seed in range(2):
        if dtype in COMPLEX:
            x = complex_values(dtype, shape, seed)
        else:
            x = values(dtype, shape, seed, ties=True)
        check_nonzeros(x, layouts_for(dtype, len(shape)))
        if len(shape) == 2:
            run_both(index_with_nonzero, x, numpy_f=numpy_index_with_nonzero)


@pytest.mark.parametrize("dtype", C_ONLY)
def test_nonzero_family_other_dtypes(dtype):
    for shape in [(0,), (7,), (3, 4)]:
        check_nonzeros(values(dtype, shape, 1, ties=True), ["C"])


def test_nonzero_values_that_count():
    # NaN is nonzero, -0.0 is zero
    a = np.array([np.nan, -0.0, 0.0, -np.nan, np.inf, 5e-324])
    run_both(nonzeros, a)
    c = np.array([0j, complex(0, -0.0), complex(-0.0, 0), complex(np.nan, 0), 1j])
    run_both(nonzeros, c)


# --- hypothesis -----------------------------------------------------------------------------

shapes = hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=25)


@st.composite
def real_arrays(draw):
    """(values, layout): an array of a MAIN dtype, ties and special floats likely."""
    dtype = draw(st.sampled_from(MAIN))
    shape = draw(shapes)
    if np.dtype(dtype).kind == "f":
        elements = st.floats(width=np.dtype(dtype).itemsize * 8, allow_nan=True, allow_infinity=True)
        # few distinct values too: ties matter to a stable sort
        elements = st.one_of(elements, st.sampled_from([0.0, -0.0, 1.0, np.nan, np.inf, -np.inf]))
    else:
        elements = None
    x = draw(hnp.arrays(dtype, shape, elements=elements))
    return x, draw(st.sampled_from(layouts_for(dtype, x.ndim)))


@given(real_arrays())
def test_hypothesis_argsort_and_sort(case):
    x, layout = case
    a = with_layout(x, layout)[1]
    for axis in range(-x.ndim, x.ndim):
        run_both(argsorts, a, axis, numpy_f=np_argsorts)
        check_in_place(sort_axis, x, layout, axis)


@given(real_arrays())
def test_hypothesis_median(case):
    x, layout = case
    a = with_layout(x, layout)[1]
    for axis in range(-x.ndim, x.ndim):
        run_both(medians, a, axis)


@given(real_arrays())
def test_hypothesis_nonzero(case):
    x, layout = case
    run_both(nonzeros, with_layout(x, layout)[1])
