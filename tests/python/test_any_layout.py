"""Any-layout arrays (``f8[:]``, ``f8[:, :]``: layout 'A') in compiled code.

Compiled code indexes any-layout arrays in element units (stride / itemsize), so
that LLVM can version a user loop on a unit stride and vectorise it; the
dispatcher passes 0 for the strides that are not a multiple of the item size
(possible only on axes of length 0 or 1 of an aligned array).  Differential
tests against CPython / NumPy cover:

* user-written loops compiled with explicit any-layout signatures and lazily
  (``njit``), called with contiguous, every-other-element, reversed, column,
  transposed, negative-stride 2-D, empty and length-1 arrays, with every
  integer / float / bool width the signature allows, and with
  ``as_strided`` arrays whose length-1 (or length-0) axes have odd strides;
  unaligned arrays are rejected with a TypeError;
* element-wise expressions over strided and broadcast views (broadcast strides
  hoisted out of loops), reductions of them and in-place updates of views;
* the vectorisation of an ``f8[:]`` loop (packed instructions in the assembly)
  and its results on strided inputs afterwards;
* views used in expressions or returned (``a[1:].T``, views in locals): values,
  base lifetime, argument reference counts and the runtime's live allocations;
* a hypothesis test drawing shapes, steps (negative included) and offsets of
  1-D and 2-D views.
"""

import gc
import platform
import re
import sys
import weakref

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.lib.stride_tricks import as_strided

import ferrojit
from array_helpers import (
    array_diff,
    call_desc,
    check_arrays,
    check_math,
    clone_args,
    hsettings,
    live,
    ramp,
    value_diff,
)
from conftest import pure


# ===========================================================================
# Kernels
# ===========================================================================
def axpy(a, b, out):
    for i in range(a.shape[0]):
        out[i] = a[i] * 2.0 + b[i]


def fsum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def isum(a):
    s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def wsum2(a):
    """Every element with a distinct weight: a wrong stride shows."""
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j] * (7 * i + j + 1)
    return s


def copy2(a, out):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[i, j] = a[i, j]


def scale(a, out):
    for i in range(a.shape[0]):
        out[i] = a[i] * 2.0


def scale3(a, out):
    for i in range(a.shape[0]):
        out[i] = a[i] * 3.0


#: the signatures the any-layout kernels are compiled for (layout 'A' only)
NUM_TYPES = ["f8", "f4", "i4", "u1", "b1"]
SIG_AXPY = ferrojit.jit([f"void({t}[:], {t}[:], {t}[:])" for t in NUM_TYPES])(axpy)
SIG_FSUM = ferrojit.jit("f8(f8[:])")(fsum)
SIG_ISUM = ferrojit.jit(["i8(i4[:])", "i8(u1[:])", "i8(b1[:])", "i8(i8[:])"])(isum)
SIG_WSUM2 = ferrojit.jit("f8(f8[:, :])")(wsum2)
SIG_COPY2 = ferrojit.jit(["void(f8[:, :], f8[:, :])", "void(i4[:, :], i4[:, :])"])(copy2)
LAZY_AXPY = ferrojit.njit(axpy)
LAZY_FSUM = ferrojit.njit(fsum)
LAZY_WSUM2 = ferrojit.njit(wsum2)


def check_sig(disp, *args):
    """Run ``disp`` and the plain-Python kernel on layout-preserving copies of
    ``args``; results and argument contents (gaps between the elements of
    strided views included) must agree exactly."""
    call = call_desc(disp, args)
    py_args, py_clones = clone_args(args)
    jit_args, jit_clones = clone_args(args)
    expected = pure(disp)(*py_args)
    got = disp(*jit_args)
    d = value_diff(got, expected)
    assert d is None, f"{call}: {d}"
    for (pos, pc), (_, jc) in zip(py_clones, jit_clones):
        d = array_diff(jc.view, pc.view)
        assert d is None, f"{call}: argument {pos} after the call: {d}"
        assert np.array_equal(jc.gaps(), pc.gaps()), \
            f"{call}: argument {pos}: compiled code wrote between the elements"
    return got


def views_1d(dtype, n=12):
    """1-D arrays of ``n`` ramp values of ``dtype`` (and shorter ones) in every
    layout: name -> array."""
    base = ramp((2 * n + 3,), dtype)
    m2 = ramp((n, 5), dtype)
    return {
        "contiguous": base[:n].copy(),
        "step2": base[1:2 * n + 1:2],
        "reversed": base[n - 1::-1],
        "reversed_step2": base[2 * n::-2],
        "column": m2[:, 3],
        "row_of_transpose": ramp((5, n), dtype).T[:, 2],
        "empty": base[:0],
        "empty_strided": base[5:5:-3],
        "length1": base[4:5],
        "length1_step3": base[7:8:3],
    }


def layouts_2d(dtype=np.float64):
    """2-D arrays in every layout: name -> array."""
    c = ramp((5, 7), dtype)
    big = ramp((11, 15), dtype)
    return {
        "C": c,
        "F": np.asfortranarray(c),
        "transposed": ramp((7, 5), dtype).T,
        "strided": big[1::2, ::3],
        "reversed_rows": c[::-1],
        "reversed_both": big[::-2, ::-1],
        "transposed_reversed": big[::-3, 2::2].T,
        "column_as_2d": c[:, 3:4],
        "row_as_2d": c[2:3, ::-1],
        "empty_rows": c[:0],
        "empty_cols": c[:, 4:4],
        "one_by_one": c[1:2, 2:3],
    }


# ===========================================================================
# User loops compiled with any-layout signatures
# ===========================================================================
@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "uint8", "bool"])
@pytest.mark.parametrize("layout_b", ["contiguous", "reversed", "column"])
@pytest.mark.parametrize("layout_a", list(views_1d("float64")))
def test_axpy_loop_every_layout(layout_a, layout_b, dtype):
    a = views_1d(dtype)[layout_a]
    n = a.shape[0]
    b = views_1d(dtype, max(n, 1))[layout_b][:n]
    assert b.shape == a.shape
    for out in (np.zeros(n, dtype), np.zeros(2 * n + 1, dtype)[::-2][:n]):
        check_sig(SIG_AXPY, a, b, out)
        check_sig(LAZY_AXPY, a, b, out)


def test_axpy_signatures_are_any_layout_only():
    assert len(SIG_AXPY.signatures) == len(NUM_TYPES)
    for sig in SIG_AXPY.signatures:
        assert all("1d, A" in str(t) for t in sig), sig
    # a C array is accepted by the 'A' specialisation: no new one is compiled
    check_sig(SIG_AXPY, np.arange(4.0), np.ones(4), np.zeros(4))
    assert len(SIG_AXPY.signatures) == len(NUM_TYPES)


@pytest.mark.parametrize("layout", list(views_1d("float64")))
def test_float_sum_loop(layout):
    a = views_1d("float64")[layout]
    check_sig(SIG_FSUM, a)
    check_sig(LAZY_FSUM, a)


def test_float_sum_loop_order_is_kept():
    """An explicit loop sums in order: the result is exactly the sequential one
    (not NumPy's pairwise sum), also on reversed and strided views."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=1001) * 10.0 ** rng.integers(-8, 8, 1001)
    for v in (x, x[::-1], x[::3], x[-2::-7]):
        assert SIG_FSUM(v) == fsum(v)
        assert LAZY_FSUM(v) == fsum(v)


@pytest.mark.parametrize("dtype", ["int32", "uint8", "bool", "int64"])
@pytest.mark.parametrize("layout", ["contiguous", "step2", "reversed_step2", "column",
                                    "empty", "length1_step3"])
def test_int_sum_loop(layout, dtype):
    """`s = 0; s += a[i]`: as in CPython with NumPy 2 (NEP 50), each sum is computed in
    the element's type once `s` holds a NumPy scalar, so a uint8 total wraps at 256."""
    a = views_1d(dtype)[layout]
    got = SIG_ISUM(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy warns on the wrap
        expected = int(isum(a))
    assert type(got) is int and got == expected


@pytest.mark.parametrize("layout", list(layouts_2d()))
def test_2d_double_loop(layout):
    a = layouts_2d()[layout]
    check_sig(SIG_WSUM2, a)
    check_sig(LAZY_WSUM2, a)
    for out in (np.zeros(a.shape), np.zeros(a.shape[::-1]).T,
                np.zeros((2 * a.shape[0] + 1, 2 * a.shape[1] + 1))[::-2, 1::2][:a.shape[0]]):
        assert out.shape == a.shape
        check_sig(SIG_COPY2, a, out)
    ai = layouts_2d(np.int32)[layout]
    check_sig(SIG_COPY2, ai, np.zeros(ai.shape, np.int32).T.copy().T)


def test_2d_loop_on_column_views_and_transposes():
    m = ramp((6, 8), "float64")
    for v in (m[:, 3], m.T[5], m[::-1, 2], m.T[::-2, 1]):
        check_sig(SIG_FSUM, v)
    for v in (m.T, m[::-1, ::-1].T, m[:, ::-3].T, m.T[::2]):
        check_sig(SIG_WSUM2, v)


# ---------------------------------------------------------------------------
# Strides that are not a multiple of the item size (axes of length 0 or 1)
# ---------------------------------------------------------------------------
def odd_stride_views():
    """``as_strided`` views whose length-1 (or length-0) axes have strides that
    are not a multiple of 8; each is aligned (NumPy ignores those axes)."""
    base = np.arange(40.0) * 1.5 - 7.0
    return {
        "row_1x5_s3": as_strided(base, shape=(1, 5), strides=(3, 8)),
        "col_5x1_s5": as_strided(base, shape=(5, 1), strides=(8, 5)),
        "row_1x5_s3_rev": as_strided(base[20:], shape=(1, 5), strides=(13, -16)),
        "one_1x1_odd": as_strided(base[3:], shape=(1, 1), strides=(3, 5)),
        "empty_0x4_s3": as_strided(base, shape=(0, 4), strides=(3, 8)),
        "empty_4x0_s5": as_strided(base, shape=(4, 0), strides=(8, 5)),
    }, base


@pytest.mark.parametrize("name", list(odd_stride_views()[0]))
def test_odd_strides_on_unit_axes_2d(name):
    v = odd_stride_views()[0][name]
    assert v.flags.aligned, "the test needs an aligned array"
    assert v.strides[0] % 8 or v.strides[1] % 8
    expected = wsum2(v)
    assert SIG_WSUM2(v) == expected
    assert LAZY_WSUM2(v) == expected
    out = np.full(v.shape, np.nan)
    SIG_COPY2(v, out)
    assert np.array_equal(out, v)


def test_odd_strides_read_the_right_elements():
    views, base = odd_stride_views()
    v = views["row_1x5_s3"]
    assert v.tolist() == [base[:5].tolist()]
    assert SIG_WSUM2(v) == sum(base[j] * (j + 1) for j in range(5))
    w = views["col_5x1_s5"]
    assert w.tolist() == [[x] for x in base[:5].tolist()]
    assert SIG_WSUM2(w) == sum(base[i] * (7 * i + 1) for i in range(5))


def test_odd_strides_on_1d_length1_and_empty():
    base = np.arange(40.0) * 1.5 - 7.0
    one = as_strided(base[6:], shape=(1,), strides=(3,))
    empty = as_strided(base, shape=(0,), strides=(5,))
    col = as_strided(base, shape=(1, 5), strides=(3, 8))[:, 2]   # length 1, stride 3
    row = as_strided(base, shape=(5, 1), strides=(8, 5))[4]      # length 1, stride 5
    for v, exp in [(one, base[6]), (empty, 0.0), (col, base[2]), (row, base[4])]:
        assert v.flags.aligned and v.shape[0] <= 1
        assert SIG_FSUM(v) == exp == fsum(v)
        assert LAZY_FSUM(v) == exp
        out = np.full(v.shape, np.nan)
        SIG_AXPY(v, v, out)
        assert np.array_equal(out, v * 3.0)


def test_odd_strides_in_array_expressions():
    """Element-wise expressions and broadcasting over a length-1 axis whose
    stride is not a multiple of the item size."""
    views, base = odd_stride_views()
    r, c = views["row_1x5_s3"], views["col_5x1_s5"]
    check_arrays(expr_times_two, r)
    check_arrays(expr_times_two, c)
    check_arrays(expr_add, r, np.ones((4, 5)))        # (1, 5) broadcast to (4, 5)
    check_arrays(expr_add, c, np.ones((5, 3)))        # (5, 1) broadcast to (5, 3)
    check_arrays(expr_add, r, c)                       # outer sum (5, 5)
    check_arrays(sum_expr, r)
    check_arrays(sum_expr, views["empty_0x4_s3"])


@pytest.mark.parametrize("dtype", ["float64", "float32", "int16", "int32", "int64"])
def test_odd_strides_every_item_size(dtype):
    """Non-contiguous (layout 'A') arrays with an odd stride on a unit axis, for
    item sizes 2, 4 and 8, through loops and expressions."""
    base = (np.arange(60) * 3 - 20).astype(dtype)
    isz = base.itemsize
    cases = [(base, (1, 5), (3, 2 * isz)), (base, (5, 1), (2 * isz, isz + 1)),
             (base[30:], (1, 5), (isz + 1, -isz)), (base, (2, 1, 3), (3 * isz, 1, isz))]
    for b, shape, strides in cases:
        v = as_strided(b, shape=shape, strides=strides)
        assert v.flags.aligned
        if v.ndim == 2:
            assert not v.flags.c_contiguous       # compiled as layout 'A'
            assert LAZY_WSUM2(v) == wsum2(v)
        check_arrays(expr_times_two, v)
        check_arrays(expr_add, v, v[::-1])
        check_arrays(sum_expr, v)


def test_broadcast_to_zero_strides():
    """Read-only arrays with zero strides (np.broadcast_to) in loops and
    expressions."""
    row = np.broadcast_to(np.arange(5.0) - 1.5, (4, 5))
    col = np.broadcast_to(np.arange(4.0)[:, None], (4, 5))
    scalar = np.broadcast_to(np.float64(3.5), (7,))
    assert LAZY_WSUM2(row) == wsum2(row) and LAZY_WSUM2(col) == wsum2(col)
    assert LAZY_FSUM(scalar) == fsum(scalar)
    out = np.zeros(7)
    LAZY_AXPY(scalar, scalar[::-1], out)
    assert out.tolist() == [10.5] * 7
    check_arrays(expr_add, row, col)
    check_arrays(expr_add, row.T, scalar[:4])
    check_arrays(sum_expr, col)
    check_arrays(outer_diff, scalar, row[0])


def _unaligned(values):
    raw = np.zeros(8 * len(values) + 1, np.uint8)
    u = np.ndarray((len(values),), np.float64, buffer=raw, offset=1)
    u[:] = values
    assert not u.flags.aligned
    return u


@ferrojit.njit
def _scale_in_place(a, k):
    for i in range(a.shape[0]):
        a[i] *= k
    return a.sum()


@ferrojit.njit
def _first_half(a):
    return a[: a.shape[0] // 2]


def test_unaligned_arrays_run_through_aligned_copies():
    # (Dask blocks received over the network are often unaligned)
    u = _unaligned([1.0, 2.5, -3.0, 4.0, 0.5])
    for f in (SIG_FSUM, LAZY_FSUM):
        assert f(u) == f(np.array(u)) == 5.0
    assert _scale_in_place(u, 2.0) == 10.0
    assert u.tolist() == [2.0, 5.0, -6.0, 8.0, 1.0]  # written back into the caller's array
    ro = _unaligned([1.0, 2.0])
    ro.flags.writeable = False
    assert LAZY_FSUM(ro) == 3.0
    with pytest.raises(TypeError, match="returned a view of an unaligned array argument"):
        _first_half(_unaligned([1.0, 2.0, 3.0, 4.0]))


# ===========================================================================
# Element-wise expressions over strided and broadcast views
# ===========================================================================
def expr_times_two(a):
    return a * 2.0


def expr_add(a, b):
    return a + b


def sum_expr(a):
    return np.sum(a * a)


def col_plus_strided(a, b):
    return a[:, 1] + b[::2]


def exp_every_third(a):
    return np.exp(a[::3])


def outer_diff(p, q):
    x = p[::2]
    y = q[::-3]
    return x[:, None] - y[None, :]


def outer_diff_2d(m):
    return m[:, 2][:, None] - m[1, ::-1][None, :]


def sum_sq_reversed(a):
    return np.sum(a[::-2] * a[::-2])


def iadd_views(a, b):
    a[::2] += b[1::2]


def iadd_2d_views(a, b):
    a[::-1, 1::2] += b.T[::2]


def transpose_expr(a):
    return a.T * 2.0 + a[::-1, ::-1].T


def reshape_view_expr(a):
    return a.reshape(3, 4)[1:, ::2] * 1.5


def rowwise_broadcast(a, v):
    return a[::-1] * v[::2] - v[1::2]


@pytest.fixture
def rng():
    return np.random.default_rng(20240611)


def test_column_plus_strided(rng):
    a, b = rng.normal(size=(6, 4)), rng.normal(size=12)
    check_arrays(col_plus_strided, a, b)
    check_arrays(col_plus_strided, a[::-1], b[::-1])
    check_arrays(col_plus_strided, a.T.copy().T, b)
    check_arrays(col_plus_strided, a[:0], b[:0])


def test_exp_every_third(rng):
    a = rng.normal(size=13)
    # exp: CPython's math per element, not NumPy's CPU-dependent bits (within 4 ulp
    # of the correctly rounded result, plus the oracle's 1 ulp)
    check_math(exp_every_third, a)
    check_math(exp_every_third, a[::-1])
    check_math(exp_every_third, a[:1])
    check_math(exp_every_third, a[:0])


def test_outer_difference_of_strided_views(rng):
    p, q = rng.normal(size=11), rng.normal(size=10)
    check_arrays(outer_diff, p, q)
    check_arrays(outer_diff, p[::-1], q[1::2])
    check_arrays(outer_diff, p[:1], q)
    check_arrays(outer_diff, p, q[:0])
    m = rng.normal(size=(5, 6))
    check_arrays(outer_diff_2d, m)
    check_arrays(outer_diff_2d, m[::-2, ::2])
    check_arrays(outer_diff_2d, np.asfortranarray(m))


def test_sum_of_squares_of_reversed_view(rng):
    a = rng.normal(size=101)
    check_arrays(sum_sq_reversed, a, rtol=1e-12)
    check_arrays(sum_sq_reversed, a[::3], rtol=1e-12)
    check_arrays(sum_sq_reversed, a[:1])
    check_arrays(sum_sq_reversed, a[:0])
    np.testing.assert_allclose(ferrojit.njit(sum_sq_reversed)(a), np.sum(a[::-2] ** 2),
                               rtol=1e-12)


def test_inplace_add_of_views(rng):
    for n in (0, 1, 2, 9, 40):
        a, b = rng.normal(size=n), rng.normal(size=n + 1)
        check_arrays(iadd_views, a, b)
        check_arrays(iadd_views, a[::-1], b[::-1])
    a, b = rng.normal(size=(4, 6)), rng.normal(size=(6, 8))
    check_arrays(iadd_2d_views, a, b)
    check_arrays(iadd_2d_views, np.asfortranarray(a), b[::-1])


def test_inplace_add_of_overlapping_views():
    """``a[::2] += a[1::2]``: the two views interleave, they do not overlap."""
    a = np.arange(10.0)
    check_arrays(iadd_views, a, a)
    got = a.copy()
    ferrojit.njit(iadd_views)(got, got)
    exp = a.copy()
    iadd_views(exp, exp)
    np.testing.assert_allclose(got, exp, rtol=0)


def test_transposes_reshapes_and_broadcast_rows(rng):
    a = rng.normal(size=(4, 5))
    check_arrays(transpose_expr, a)
    check_arrays(transpose_expr, a[::-1, 1::2])
    check_arrays(transpose_expr, np.asfortranarray(a))
    check_arrays(reshape_view_expr, rng.normal(size=12))
    m, v = rng.normal(size=(3, 5)), rng.normal(size=10)
    check_arrays(rowwise_broadcast, m, v)
    check_arrays(rowwise_broadcast, m[:, ::-1], v[::-1])
    check_arrays(rowwise_broadcast, m[:1], v)


def test_expressions_on_int_and_float32_views():
    for dtype in ("int32", "uint8", "float32", "bool"):
        a = ramp((13,), dtype)
        check_arrays(expr_times_two, a[::-3])
        check_arrays(expr_add, a[::2], a[1::2][::-1])
        check_arrays(outer_diff, a, a[::-1])


# ===========================================================================
# Vectorisation of an any-layout loop
# ===========================================================================
def packed(asm, op):
    """Packed-double instructions ``op`` (``mulpd``/``addpd``, VEX or not) on
    vector registers."""
    return re.search(r"^\s*v?" + op + r"\b.*%[xyz]mm\d+", asm, re.M)


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"),
                    reason="x86-64 assembly")
def test_any_layout_loop_is_vectorised():
    f = ferrojit.jit("void(f8[:], f8[:])")(scale)
    a = np.arange(100.0)
    out = np.zeros(100)
    f(a, out)
    assert np.array_equal(out, a * 2.0)
    asms = f.inspect_asm()
    assert isinstance(asms, dict) and len(asms) == 1
    asm = next(iter(asms.values()))
    # LLVM rewrites x * 2.0 as x + x (exact): the vector loop adds packed doubles
    assert packed(asm, "mulpd") or packed(asm, "addpd"), \
        f"no packed double arithmetic in the f8[:] loop:\n{asm}"
    # the same loop multiplying by 3.0 must use packed multiplies
    g = ferrojit.jit("void(f8[:], f8[:])")(scale3)
    g(a, out)
    asm3 = next(iter(g.inspect_asm().values()))
    assert packed(asm3, "mulpd"), f"no packed mulpd in the f8[:] loop:\n{asm3}"
    # the vectorised specialisation still handles strided and reversed arrays
    x = np.arange(301.0) * 0.75 - 40.0
    for src, dst in [(x[::3], np.zeros(301)[::-3]), (x[::-1], np.zeros(301)),
                     (x[5:6], np.zeros(1)), (x[:0], np.zeros(0)),
                     (x[1::2][:37], np.zeros((37, 2))[:, 1])]:
        for disp, k in ((f, 2.0), (g, 3.0)):
            check_sig(disp, src, dst)
            disp(src, dst)
            assert np.array_equal(dst, src * k)
    assert len(f.signatures) == 1 and len(g.signatures) == 1


def test_vectorised_loop_with_aliasing_arguments():
    """The unit-stride vector loop must not be taken when input and output
    overlap in a way that changes the result."""
    f = ferrojit.jit("void(f8[:], f8[:], f8[:])")(axpy)
    for shift in (0, 1, 3, 8):
        exp = np.arange(80.0)
        got = exp.copy()
        axpy(exp[shift:], exp[shift:], exp[:80 - shift])
        f(got[shift:], got[shift:], got[:80 - shift])
        assert np.array_equal(got, exp), shift
        exp = np.arange(80.0)
        got = exp.copy()
        axpy(exp[:80 - shift], exp[:80 - shift], exp[shift:])
        f(got[:80 - shift], got[:80 - shift], got[shift:])
        assert np.array_equal(got, exp), shift


# ===========================================================================
# Views keep their base alive; no leaked references or allocations
# ===========================================================================
def tail_transposed(a):
    return a[1:].T


def view_in_local(a):
    v = a[::-1, 1:]
    w = v.T
    return w


def view_of_temporary(a):
    b = a * 2.0
    v = b[1:].T
    return v


def sum_of_views(a):
    return np.sum(a[1:].T * a[:-1].T) + np.sum(a.reshape(a.size)[::2])


VIEW_KERNELS = [tail_transposed, view_in_local, view_of_temporary]


@pytest.mark.parametrize("kernel", VIEW_KERNELS, ids=lambda k: k.__name__)
def test_returned_views_many_calls(kernel):
    f = ferrojit.njit(kernel)
    a = np.arange(24.0).reshape(4, 6)
    for arg in (a, a[::-1, ::2], np.asfortranarray(a)):
        check_arrays(kernel, arg)
        f(arg)                        # compile for this layout
        gc.collect()
        start_live, start_refs = live(), sys.getrefcount(arg)
        results = [f(arg) for _ in range(2000)]
        expected = kernel(arg)
        for r in results[::97]:
            np.testing.assert_allclose(r, expected, rtol=0)
        if kernel is view_of_temporary:
            assert live() == start_live + len(results)   # one allocation per call
        else:
            assert all(np.shares_memory(r, arg) for r in results[::97])
        del results, r, expected       # (NumPy's view keeps ``arg`` too)
        gc.collect()
        assert live() == start_live, "runtime allocations leaked"
        assert sys.getrefcount(arg) == start_refs, "references to the argument leaked"


def test_views_in_expressions_take_no_reference():
    f = ferrojit.njit(sum_of_views)
    a = np.arange(30.0).reshape(5, 6) / 7.0
    for arg in (a, a[::-1, ::-1], np.asfortranarray(a)):
        check_arrays(sum_of_views, arg, rtol=1e-12)
        f(arg)
        gc.collect()
        start_live, start_refs = live(), sys.getrefcount(arg)
        for _ in range(5000):
            r = f(arg)
        np.testing.assert_allclose(r, sum_of_views(arg), rtol=1e-12)
        gc.collect()
        assert live() == start_live
        assert sys.getrefcount(arg) == start_refs


def test_returned_view_keeps_a_temporary_argument_alive():
    f = ferrojit.njit(tail_transposed)
    owner = np.arange(12.0)                  # owns its memory
    ref = weakref.ref(owner)
    v = f(owner.reshape(3, 4)[:, ::-1])
    del owner
    gc.collect()
    junk = [np.full(12, -1.0) for _ in range(200)]
    assert ref() is not None, "the base was freed while a view exists"
    assert v.tolist() == np.arange(12.0).reshape(3, 4)[1:, ::-1].T.tolist()
    del v, junk
    gc.collect()
    assert ref() is None, "the base is kept alive after its view was dropped"


def test_view_of_compiled_temporary_keeps_it_alive():
    f = ferrojit.njit(view_of_temporary)
    a = np.arange(6.0).reshape(2, 3)
    f(a)
    gc.collect()
    start = live()
    v = f(a)
    assert live() == start + 1
    w = v[::-1]
    del v
    gc.collect()
    junk = [np.full(6, 9.0) for _ in range(200)]
    assert live() == start + 1
    assert w.tolist() == (a * 2.0)[1:].T[::-1].tolist()
    del w, junk
    gc.collect()
    assert live() == start


# ===========================================================================
# Hypothesis: shapes, steps and offsets of 1-D and 2-D views
# ===========================================================================
steps = st.sampled_from([1, 2, 3, -1, -2, -3])


@st.composite
def view_1d(draw, n=None):
    """(view, base): a 1-D view ``base[start::step][:n]`` of a ramp."""
    step = draw(steps)
    n = draw(st.integers(0, 12)) if n is None else n
    off = draw(st.integers(0, 3))
    size = off + abs(step) * max(n, 1) + draw(st.integers(0, 3))
    base = ramp((size,), "float64", start=draw(st.integers(1, 30)))
    v = base[off::step] if step > 0 else base[size - 1 - off::step]
    return v[:n]


@st.composite
def view_2d(draw):
    s0, s1 = draw(steps), draw(steps)
    n0, n1 = draw(st.integers(0, 6)), draw(st.integers(0, 6))
    o0, o1 = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    shape = (o0 + abs(s0) * max(n0, 1), o1 + abs(s1) * max(n1, 1))
    base = ramp(shape, "float64", start=draw(st.integers(1, 30)))
    if draw(st.booleans()):
        base = np.asfortranarray(base)
    i0 = slice(o0, None, s0) if s0 > 0 else slice(shape[0] - 1 - o0, None, s0)
    i1 = slice(o1, None, s1) if s1 > 0 else slice(shape[1] - 1 - o1, None, s1)
    v = base[i0, i1][:n0, :n1]
    return v.T if draw(st.booleans()) else v


@hsettings(80)
@given(st.data())
def test_hypothesis_1d_views(data):
    a = data.draw(view_1d(), label="a")
    n = a.shape[0]
    b = data.draw(view_1d(n), label="b")
    out = data.draw(view_1d(n), label="out")
    check_sig(SIG_AXPY, a, b, out)
    check_sig(LAZY_AXPY, a, b, out)
    check_sig(SIG_FSUM, a)
    check_arrays(expr_add, a, b)
    check_arrays(sum_expr, a)


@hsettings(80)
@given(st.data())
def test_hypothesis_2d_views(data):
    a = data.draw(view_2d(), label="a")
    check_sig(SIG_WSUM2, a)
    check_sig(LAZY_WSUM2, a)
    out = np.zeros(a.shape[::-1]).T
    check_sig(SIG_COPY2, a, out)
    check_arrays(expr_times_two, a)
    check_arrays(transpose_expr, a)
    if a.shape[0]:
        row = data.draw(view_1d(a.shape[1]), label="row")
        check_arrays(expr_add, a, row)
