"""NumPy array *expressions* in compiled code, tested differentially against
CPython + NumPy (the oracle).

Basic slicing and views, slice assignment (broadcasting, overlap), in-place
operators, element-wise operators with NumPy 2 promotion (weak Python
scalars, 0-d arrays, NumPy scalars), ufuncs, reductions with ``axis``,
``np.dot`` / ``@``, arrays in tuples and the seed programs (pdist_numpy, the
integral-image search and softmax), over every dtype, ndim 0..3, broadcasting
pairs, size-0 axes and C / Fortran / strided / negative-stride layouts.

Comparisons are exact except where the brief allows otherwise: float sums,
means, variances (rtol 1e-12 for float64, partial sums are not NumPy's
pairwise sums), transcendental functions (a few ulp: libmvec vs NumPy's SIMD
code) and np.dot (BLAS).

Integer floor division and modulo once crashed the compiler (SIGSEGV, a
runaway recursion while compiling): every kernel dividing integers is first
run once in a subprocess (``crash_guard``, division by zero and INT_MIN // -1
included), so that a crash there fails those tests cleanly instead of killing
the test run.

The deterministic grids (dtype x layout, operator x dtype, ...) are sampled so
that the suite stays around a minute; FERROJIT_TEST_SCALE=N > 1 runs them in
full (and multiplies the hypothesis examples by N).
"""

import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import array_expr_kernels as K
import ferrojit
from conftest import EXAMPLES_SCALE
from array_helpers import check_math as helpers_check_math
from array_helpers import (
    DTYPE_IDS,
    DTYPES,
    FLOAT_DTYPES,
    INT_DTYPES,
    LAYOUTS,
    MATH_ULPS,
    _math_diff,
    array_diff,
    arrays,
    check_arrays,
    check_known,
    describe,
    elements,
    hsettings,
    jit,
    known_bug_params,
    live,
    math_oracle,
    ramp,
    reduction_tol,
    reductions_tol,
    run_oracle,
    value_diff,
    with_layout,
)

HERE = os.path.dirname(os.path.abspath(__file__))
F64 = np.dtype("float64")
F32 = np.dtype("float32")
SUPPORTED = set(DTYPES)


#: FERROJIT_TEST_SCALE > 1 runs the full grids (every dtype with every
#: layout, every operator with every dtype, ...); by default each grid is
#: sampled so that every row and every column of it is still visited.
FULL = EXAMPLES_SCALE > 1


def spread(seq, k, offset=0):
    """``k`` items of ``seq`` evenly spread, starting at ``offset`` (all of
    them under FERROJIT_TEST_SCALE > 1)."""
    seq = list(seq)
    if FULL or k >= len(seq):
        return seq
    step = len(seq) / k
    return [seq[(offset + int(i * step)) % len(seq)] for i in range(k)]


def dtype_layout_grid(dtypes=DTYPES, layouts=LAYOUTS):
    """(dtype, layout) parameters: every dtype once, the layouts in turn (the
    full product under FERROJIT_TEST_SCALE > 1)."""
    dtypes = [np.dtype(d) for d in dtypes]
    if FULL:
        pairs = [(d, lay) for d in dtypes for lay in layouts]
    else:
        pairs = [(d, layouts[i % len(layouts)]) for i, d in enumerate(dtypes)]
    return [pytest.param(d, lay, id=f"{d.name}-{lay}") for d, lay in pairs]


# ===========================================================================
# Crash isolation
# ===========================================================================
#: kernels that divide integers (``//``, ``%``, np.floor_divide, np.mod,
#: np.remainder, np.fmod): each is run once in a subprocess on integer operands
#: (division by zero and INT_MIN // -1 included) before it is run in-process.
CRASH_PRONE = {
    "floordiv": 2, "mod": 2, "ifloordiv": 2, "imod": 2, "u_floor_divide": 2,
    "u_mod": 2, "u_remainder": 2, "u_fmod": 2, "mod_literal": 1,
    "floordiv_literal": 1, "u_scalar_int_ops": 2,
}

_PROBE_CHILD = textwrap.dedent(r"""
    import sys
    sys.path.insert(0, sys.argv[1])
    import numpy as np
    import array_expr_kernels as K
    import ferrojit
    names = sys.argv[2].split(",")
    arity = [int(x) for x in sys.argv[3].split(",")]
    M64, M8 = -2**63, -128
    for name, n in zip(names, arity):
        print("START", name, flush=True)
        f = ferrojit.njit(getattr(K, name))
        if n == 1:
            calls = [(np.array([M64, 7, -7, 0, 5], np.int64),),
                     (np.array([M8, 7, -7, 0, 5], np.int8),),
                     (np.array([0, 7, 200, 255], np.uint8),)]
        elif name == "u_scalar_int_ops":
            calls = [(7, 0), (M64, -1), (-7, 2)]
        else:
            calls = [(np.array([M64, 7, -7, 5, 0], np.int64), np.array([-1, 2, 2, 0, 3], np.int64)),
                     (np.array([M8, 7, -7, 5, 0], np.int8), np.array([-1, -2, 2, 0, 3], np.int8)),
                     (np.array([0, 7, 200, 5], np.uint8), np.array([1, 0, 7, 255], np.uint8)),
                     (np.array([M64, 9, -9], np.int64), 0),
                     (np.array([3, 4], np.int32), np.array([[2], [0]], np.int16))]
        for args in calls:
            try:
                f(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
            except Exception:
                pass
        print("DONE", name, flush=True)
""")

_CRASHES = None


def _probe_all():
    """{kernel name: description of the crash} for the CRASH_PRONE kernels
    (one child process, restarted after each crash)."""
    crashes = {}
    todo = list(CRASH_PRONE)
    while todo:
        proc = subprocess.run(
            [sys.executable, "-c", _PROBE_CHILD, HERE, ",".join(todo),
             ",".join(str(CRASH_PRONE[n]) for n in todo)],
            capture_output=True, text=True, timeout=600)
        done = [ln.split()[1] for ln in proc.stdout.splitlines() if ln.startswith("DONE")]
        started = [ln.split()[1] for ln in proc.stdout.splitlines() if ln.startswith("START")]
        if proc.returncode == 0:
            break
        culprit = next((n for n in started if n not in done), None)
        if culprit is None:  # crashed before the first kernel (import)
            for n in todo:
                crashes[n] = (f"the probe process died (exit {proc.returncode}) before "
                              f"running it:\n{proc.stderr[-2000:]}")
            break
        crashes[culprit] = (f"exit status {proc.returncode} "
                            f"(signal {-proc.returncode if proc.returncode < 0 else '?'})"
                            f"\n{proc.stderr[-1500:]}")
        todo = todo[todo.index(culprit) + 1:]
    return crashes


def crash_guard(kernel, *operands):
    """Fail the current test when ``kernel`` on integer operands (an integer
    result type) crashed the probe process, instead of running it in-process."""
    global _CRASHES
    name = getattr(kernel, "__name__", "")
    if name not in CRASH_PRONE:
        return
    try:
        kind = np.result_type(*operands).kind
    except Exception:  # noqa: BLE001 - e.g. a Python int out of range
        kind = "i"
    if kind not in "biu":
        return
    if _CRASHES is None:
        _CRASHES = _probe_all()
    if name in _CRASHES:
        pytest.fail(f"ferrojit crashed the process running {name} on integer operands "
                    f"(e.g. np.int64 arrays [7, -7] and [2, 2]); not run in-process.\n"
                    f"{_CRASHES[name]}", pytrace=False)


def check(kernel, *args, **kw):
    """``check_arrays`` behind the crash guard."""
    crash_guard(kernel, *[a for a in args if not isinstance(a, tuple)])
    return check_arrays(kernel, *args, **kw)


def oracle(kernel, *args):
    """NumPy's result (or exception) for ``kernel(*args)``."""
    return run_oracle(kernel, [a.copy() if isinstance(a, np.ndarray) else a for a in args], {})


def result_dtypes(v):
    if isinstance(v, np.ndarray):
        return [v.dtype]
    if isinstance(v, np.generic):
        return [v.dtype]
    if isinstance(v, tuple):
        return [d for x in v for d in result_dtypes(x)]
    return []


def unsupported_result(kernel, *args):
    """True when NumPy's result has a dtype ferrojit does not have (float16):
    those cases are not meaningful."""
    res, exc = oracle(kernel, *args)
    return exc is None and any(d not in SUPPORTED for d in result_dtypes(res))


# ---------------------------------------------------------------------------
# Value strategies
# ---------------------------------------------------------------------------
def int_range(dtype):
    info = np.iinfo(dtype)
    return max(int(info.min), -(2**63)), min(int(info.max), 2**63 - 1)


def py_scalar(dtype):
    """A Python scalar of ``dtype``'s kind whose value fits the dtype."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return st.booleans()
    if dtype.kind == "f":
        if dtype == F32:
            return st.floats(width=32)
        return st.floats()
    lo, hi = int_range(dtype)
    return st.integers(lo, hi)


@st.composite
def operand(draw, dtype, shape, exact=False):
    """An array of ``shape`` (any layout), or when ``shape`` is () sometimes a
    Python scalar, a NumPy scalar or a 0-d array."""
    dtype = np.dtype(dtype)
    if shape == ():
        kind = draw(st.sampled_from(["py", "py", "np", "0d"]))
        if exact:
            v = draw(elements(dtype, exact))
        else:
            v = draw(py_scalar(dtype))
        if kind == "py":
            if dtype.kind == "b":
                return bool(v)
            return float(v) if dtype.kind == "f" else int(v)
        if kind == "np":
            return dtype.type(v)
        return np.array(v, dtype)
    return draw(arrays(dtype, shape=shape, exact=exact))


def ndim_of(x):
    return np.ndim(x)


def fit_int(x, other):
    """A Python int ``x`` wrapped into the range of the integer dtype of
    ``other`` (NumPy 2 refuses an out-of-range Python int with an OverflowError:
    test_python_int_out_of_range_for_the_dtype)."""
    if isinstance(x, bool) or not isinstance(x, int):
        return x
    dt = np.asarray(other).dtype if not isinstance(other, (int, float, bool)) else None
    if dt is None or dt.kind not in "iu":
        return x
    lo, hi = int_range(dt)
    return lo + (x - lo) % (hi - lo + 1)


def fit_ints(args):
    """``fit_int`` applied to every Python int of ``args`` against every array or
    NumPy scalar among them."""
    out = list(args)
    for i, x in enumerate(out):
        for j, y in enumerate(out):
            if i != j:
                x = fit_int(x, y)
        out[i] = x
    return out


def shift_counts(b, limit=71):
    """Non-negative shift counts below ``limit`` (negative counts:
    test_shift_count_edge_cases)."""
    if isinstance(b, np.ndarray):
        return (np.abs(b.astype(np.int64)) % limit).astype(b.dtype) if b.dtype.kind != "b" else b
    if isinstance(b, (bool, np.bool_)):
        return b
    return type(b)(abs(int(b)) % limit)


def no_zero_d(args):
    """When every operand is 0-d, NumPy returns a scalar, not an array (that
    rule has its own test, test_zero_d_results): make the first one 1-d."""
    args = list(args)
    if all(ndim_of(x) == 0 for x in args):
        args[0] = np.atleast_1d(np.asarray(args[0]))
    return args


# ===========================================================================
# Seed programs
# ===========================================================================
def make_integral_image(f):
    result = np.zeros((f.shape[0], f.shape[1] + 1, f.shape[2] + 1))
    result[:, 1:, 1:] = np.cumsum(np.cumsum(f, axis=2), axis=1)
    return result


@pytest.mark.parametrize("n,p", [(0, 3), (1, 1), (2, 0), (4, 3), (17, 5), (40, 2)])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_seed_pdist_numpy(n, p, layout):
    rng = np.random.default_rng(n * 10 + p)
    xs = with_layout(rng.normal(size=(n, p)) * 10, layout)
    D = check_arrays(K.pdist_numpy, xs, rtol=1e-12, atol=1e-12)
    assert D.shape == (n, n) and D.dtype == F64
    if n:
        assert np.all(np.diag(D) == 0.0)
        assert np.array_equal(D, D.T)


@pytest.mark.parametrize("dtype", ["float32", "int64", "int8", "uint8", "bool"])
def test_seed_pdist_numpy_other_dtypes(dtype):
    rng = np.random.default_rng(3)
    xs = rng.integers(0, 5, size=(6, 3)).astype(dtype)
    rtol = 1e-5 if dtype == "float32" else 1e-12
    check_arrays(K.pdist_numpy, xs, rtol=rtol, atol=1e-6)
    check_arrays(K.pdist_numpy, xs[::-1, ::2], rtol=rtol, atol=1e-6)


@hsettings(25)
@given(arrays(np.float64, min_dims=2, max_dims=2, max_side=6))
def test_seed_pdist_numpy_hypothesis(xs):
    xs = np.where(np.isfinite(xs), xs, 1.0)
    if xs.size:
        xs = np.clip(xs, -1e100, 1e100)
    check_arrays(K.pdist_numpy, xs, rtol=1e-12, atol=1e-300)


def test_seed_pdist_numpy_max_ulp():
    rng = np.random.default_rng(0)
    xs = rng.random((30, 4))
    got = jit(K.pdist_numpy)(xs)
    np.testing.assert_allclose(got, K.pdist_numpy(xs), rtol=1e-12, atol=0)


def integral_inputs(shape=(16, 8, 7), seed=0):
    rng = np.random.default_rng(seed)
    f = rng.random(shape)
    ii = make_integral_image(f)
    return f, ii


@pytest.mark.parametrize("window", [(0, 0, 1, 1), (1, 2, 5, 6), (0, 0, 8, 7), (3, 1, 4, 7),
                                    (7, 6, 8, 7), (2, 2, 2, 5)])
def test_seed_get_feature_from_integral_image(window):
    f, ii = integral_inputs()
    y1, x1, y2, x2 = window
    r = check_arrays(K.get_feature_from_integral_image, ii, y1, x1, y2, x2, rtol=1e-12)
    # the feature is the per-channel sum of the window, normalised
    if y2 > y1 and x2 > x1:
        box = f[:, y1:y2, x1:x2].sum(axis=(1, 2))
        np.testing.assert_allclose(r, box / np.sqrt(np.sum(box * box)), rtol=1e-10)
    check_arrays(K.get_feature_plain, ii, y1, x1, y2, x2, rtol=1e-12)
    check_arrays(K.call_get_feature, ii, y1, x1, y2, x2, rtol=1e-12)


@pytest.mark.parametrize("layout", ["F", "strided", "reversed", "transposed"])
def test_seed_get_feature_layouts(layout):
    _, ii = integral_inputs((5, 6, 7), seed=4)
    v = with_layout(ii, layout)
    for window in [(0, 0, 3, 4), (1, 2, 6, 7), (-3, -4, -1, -1)]:
        check_arrays(K.get_feature_plain, v, *window, rtol=1e-12)
        check_arrays(K.call_get_feature, v, *window, rtol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_seed_search_one_integral_image(seed):
    f, ii = integral_inputs((16, 8, 7), seed=seed)
    rng = np.random.default_rng(100 + seed)
    # the query: the feature of one window, slightly perturbed
    y1, x1, y2, x2 = [(1, 1, 5, 4), (0, 2, 7, 7), (2, 0, 6, 4)][seed]
    q = K.get_feature_from_integral_image.py_func(ii, y1, x1, y2, x2)
    q = q + rng.normal(size=q.shape) * 1e-3
    ratio = (y2 - y1) / (x2 - x1)
    score, pos = check_arrays(K.search_one_integral_image, ii, q, ratio, rtol=1e-12)
    assert pos == (y1, x1, y2, x2)
    assert 0 <= score < 0.05


def test_seed_search_one_integral_image_ratio_and_layout():
    _, ii = integral_inputs((16, 8, 7), seed=7)
    q = np.full(16, 0.25)
    for ratio in (0.5, 1.0, 2.5):
        check_arrays(K.search_one_integral_image, ii, q, ratio, rtol=1e-12)
    check_arrays(K.search_one_integral_image, with_layout(ii, "F"), q[::-1].copy(), 1.0,
                 rtol=1e-12)
    check_arrays(K.search_one_integral_image, with_layout(ii, "reversed"), q, 1.0, rtol=1e-12)


@pytest.mark.parametrize("n", [1, 2, 7, 64, 1000, 100003])
def test_seed_softmax(n):
    rng = np.random.default_rng(n)
    z = rng.normal(size=n) * 3
    got = K.softmax_optimized(z)
    expected = np.exp(z) / np.sum(np.exp(z))
    assert got.dtype == F64 and got.shape == z.shape
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose(got.sum(), 1.0, rtol=1e-12)
    np.testing.assert_allclose(K.esum(z), np.sum(np.exp(z)), rtol=1e-12)
    check_arrays(K.softmax_optimized, z, rtol=1e-12)
    check_arrays(K.softmax_plain, z, rtol=1e-12)


def test_seed_softmax_special_values_and_views():
    z = np.array([0.0, -np.inf, 1.0, 700.0, -700.0])
    check_arrays(K.softmax_optimized, z, rtol=1e-12)
    z2 = np.linspace(-5, 5, 41)
    check_arrays(K.softmax_optimized, z2[::3], rtol=1e-12)     # strided: "f8[:]" is any layout
    check_arrays(K.softmax_optimized, z2[::-1], rtol=1e-12)
    check_arrays(K.esum, z2[1::2], rtol=1e-12)
    check_arrays(K.softmax_optimized, np.zeros(0))
    assert len(K.softmax_optimized.signatures) == 1
    with pytest.raises(TypeError):
        K.softmax_optimized(z2.astype(np.float32))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.name)
def test_softmax_plain_dtypes(dtype):
    z = np.linspace(-4, 4, 33).astype(dtype)
    check_arrays(K.softmax_plain, z, rtol=1e-5 if dtype == F32 else 1e-12)
    check_arrays(K.softmax_plain, with_layout(z, "strided"), rtol=1e-5 if dtype == F32 else 1e-12)


# ===========================================================================
# Basic slicing: views
# ===========================================================================
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_slices_1d(dtype, layout):
    for n in (0, 1, 4, 9):
        check_arrays(K.slices_1d, with_layout(ramp((n,), dtype), layout))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float64", "int8", "bool", "uint64"])
def test_slices_2d_3d(dtype, layout):
    for shape in ((3, 4), (5, 3), (2, 2)):
        check_arrays(K.slices_2d, with_layout(ramp(shape, dtype), layout))
        check_arrays(K.newaxis_2d, with_layout(ramp(shape, dtype), layout))
        check_arrays(K.chained_slices_2d, with_layout(ramp(shape, dtype), layout))
        check_arrays(K.slice_shapes, with_layout(ramp(shape, dtype), layout))
        check_arrays(K.slice_len, with_layout(ramp(shape, dtype), layout))
    a3 = with_layout(ramp((3, 4, 5), dtype), layout)
    for y, x in ((0, 0), (2, 3), (-1, -2), (1, 3), (-3, -4)):
        check_arrays(K.slices_3d, a3, y, x)


def test_slices_zero_size_axes():
    for shape in ((0, 4), (2, 3), (3, 1)):
        a = ramp(shape, "float32")
        check_arrays(K.slice_shapes, a)
        if shape[0]:
            check_arrays(K.slice_len, a)
    check_arrays(K.slices_3d, ramp((3, 2, 3), "int16"), 1, 1)
    check_arrays(K.slice_len, ramp((2, 0), "uint8"))
    check_arrays(K.slices_1d, np.zeros(0, np.int8))
    check_arrays(K.chained_slices, np.zeros(0))


@pytest.mark.parametrize("dtype", ["float64", "uint8", "bool"])
def test_newaxis_1d_0d(dtype):
    for layout in ("C", "reversed", "strided"):
        for n in (0, 1, 5):
            check_arrays(K.newaxis_1d, with_layout(ramp((n,), dtype), layout))
            check_arrays(K.chained_slices, with_layout(ramp((n,), dtype), layout))
    check_arrays(K.newaxis_0d, np.array(3, dtype))


@hsettings(60)
@given(st.data())
def test_slice_dynamic_bounds_hypothesis(data):
    a = data.draw(arrays(min_dims=1, max_dims=1, max_side=9))
    n = a.shape[0]
    i = data.draw(st.integers(-n - 3, n + 3))
    j = data.draw(st.integers(-n - 3, n + 3))
    k = data.draw(st.integers(-4, 4).filter(bool))
    check_arrays(K.slice_dyn, a, i, j, k)
    check_arrays(K.slice_start, a, i)
    check_arrays(K.slice_stop, a, j)
    check_arrays(K.slice_step, a, k)
    check_arrays(K.slice_start_stop, a, i, j)


def test_slice_extreme_bounds():
    a = ramp((6,), "int32")
    big = 2**62
    for i, j, k in [(-big, big, 1), (big, -big, -1), (-big, big, 3), (0, 6, big), (5, -big, -big),
                    (2**63 - 1, -(2**63), -1)]:
        check_arrays(K.slice_dyn, a, i, j, k)


def test_slice_step_zero_raises_value_error():
    a = ramp((5,), "float64")
    check_arrays(K.slice_dyn, a, 0, 5, 0)
    check_arrays(K.slice_step, a, 0)


@hsettings(40)
@given(st.data())
def test_slice_2d_dynamic_hypothesis(data):
    a = data.draw(arrays(min_dims=2, max_dims=2, min_side=1, max_side=5))
    n, m = a.shape
    i = data.draw(st.integers(-n - 2, n + 2))
    j = data.draw(st.integers(-n - 2, n + 2))
    k = data.draw(st.integers(-3, 3).filter(bool))
    c = data.draw(st.integers(-min(n, m), min(n, m) - 1))
    check_arrays(K.slice_dyn_2d, a, i, j, k, c)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_out_of_range_index_in_slicing_with_boundscheck(layout):
    """Bounds checking is off by default (as in Numba); with boundscheck=True
    an out-of-range integer index among slices is an IndexError."""
    a3 = with_layout(ramp((3, 4, 5), "float64"), layout)
    for y, x in ((1, 4), (3, 0), (-4, 1), (0, -6)):
        check_arrays(K.slices_3d, a3, y, x, jit_options={"boundscheck": True})
    check_arrays(K.slice_shapes, with_layout(ramp((3, 0), "int8"), layout),
                 jit_options={"boundscheck": True})
    check_arrays(K.slices_3d, np.zeros((2, 3, 0)), 1, 2, jit_options={"boundscheck": True})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_slice_then_index_and_reduce(layout):
    for dtype in ("float64", "int16", "uint8"):
        a = with_layout(ramp((7,), dtype), layout)
        for i in (0, 2, -1, -6):
            check_arrays(K.slice_then_index, a, i)
        check_arrays(K.slice_sum, a)
        check_arrays(K.view_iter, a)
        check_arrays(K.view_in_loop, with_layout(ramp((3, 5), dtype), layout))


def same_view(g, e):
    """Same shape, same first element and the same strides along every axis
    longer than 1 (the stride of an axis of length 0 or 1 is never used)."""
    assert g.shape == e.shape, (g.shape, e.shape)
    if e.size:
        assert g.ctypes.data == e.ctypes.data, "views start at different elements"
        for n, gs, es in zip(e.shape, g.strides, e.strides):
            assert n <= 1 or gs == es, (g.strides, e.strides)
    return True


def test_views_share_memory_and_strides_match_numpy():
    base = np.arange(60.0).reshape(3, 4, 5)
    for v in (base, base[::2], np.asfortranarray(base), base[:, ::-1]):
        got = jit(K.slices_3d)(v, 1, 2)
        exp = K.slices_3d(v, 1, 2)
        for g, e in zip(got, exp):
            assert same_view(g, e)
            if e.size:
                assert np.shares_memory(g, v)
    a = np.arange(10)
    for g, e in zip(jit(K.slices_1d)(a), K.slices_1d(a)):
        assert same_view(g, e)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float64", "int32", "bool", "uint8"])
def test_writes_through_views(dtype, layout):
    v = {"b": True, "f": -9.5, "i": -9, "u": 99}[np.dtype(dtype).kind]
    check_arrays(K.view_write_1d, with_layout(ramp((7,), dtype), layout), v)
    check_arrays(K.view_of_view_write, with_layout(ramp((7,), dtype), layout), v)
    check_arrays(K.view_write_2d, with_layout(ramp((4, 5), dtype), layout), v)
    check_arrays(K.view_write_3d, with_layout(ramp((2, 3, 4), dtype), layout), 1, -1, v)
    check_arrays(K.write_through_returned, with_layout(ramp((5,), dtype), layout))
    check_arrays(K.return_view, with_layout(ramp((3, 4), dtype), layout))


def test_view_outlives_its_base():
    start = live()
    for _ in range(3):
        check_arrays(K.view_survives_base_rebinding, ramp((5,), "float64"))
        r = check_arrays(K.view_of_new_array, 9)
        assert r.base is not None
        del r
    assert live() == start


# ===========================================================================
# Slice assignment
# ===========================================================================
@pytest.mark.parametrize("dtype,layout", dtype_layout_grid())
def test_assign_block_broadcasting(dtype, layout):
    a = with_layout(ramp((4, 5), dtype), layout)
    for b in (ramp((4,), dtype, start=3), ramp((3, 1), dtype, 2), np.array(ramp((1,), dtype)[0]),
              with_layout(ramp((3, 4), dtype, 9), "reversed")):
        check_arrays(K.assign_block, a, b)
    v = {"b": True, "f": 2.5, "i": -3, "u": 7}[dtype.kind]
    check_arrays(K.assign_block, a, v)
    check_arrays(K.assign_all, a, v)
    check_arrays(K.assign_ellipsis, a, v)
    check_arrays(K.assign_view_var, with_layout(ramp((7,), dtype), layout), v)


@pytest.mark.parametrize("layout", ["F", "reversed"] if not FULL else LAYOUTS)
def test_assign_rows_cols(layout):
    for dtype in ("float64", "int16", "bool"):
        a = with_layout(ramp((3, 4), dtype), layout)
        for i in (0, 2, -1):
            check_arrays(K.assign_row, a, i, ramp((4,), dtype, 11))
            check_arrays(K.assign_row, a, i, ramp((1,), dtype, 11))
            check_arrays(K.assign_row, a, i, with_layout(ramp((4,), dtype, 3), "reversed"))
        for j in (0, 3, -2):
            check_arrays(K.assign_col, a, j, ramp((3,), dtype, 5))
        check_arrays(K.assign_all_float_literal, a)
    a3 = with_layout(ramp((3, 4, 5), "float32"), layout)
    check_arrays(K.assign_row, a3, 1, ramp((4, 5), "float32", 2))
    check_arrays(K.assign_row, a3, -1, ramp((5,), "float32", 2))
    check_arrays(K.assign_3d, a3, ramp((5,), "float32", 2))
    check_arrays(K.assign_3d, a3, ramp((3, 1, 5), "float32", 2))
    check_arrays(K.assign_3d_index, a3, 1, 2, 7.5)
    check_arrays(K.assign_3d_index, a3, -1, 0, ramp((3,), "float32"))


@pytest.mark.parametrize("dtype,layout", dtype_layout_grid(
    ["float64", "int64", "uint8", "bool", "float32"], ["F", "reversed", "transposed"]))
def test_overlapping_assignments(dtype, layout):
    """The right-hand side is read in full before anything is written."""
    for n in (0, 1, 2, 7):
        a = with_layout(ramp((n,), dtype), layout)
        check_arrays(K.shift_right, a)
        check_arrays(K.shift_left, a)
        check_arrays(K.reverse_inplace, a)
    for shape in ((4, 4), (3, 5), (1, 3)):
        a2 = with_layout(ramp(shape, dtype), layout)
        check_arrays(K.shift_rows_down, a2)
        check_arrays(K.flip_cols, a2)
    check_arrays(K.transpose_overlap, with_layout(ramp((4, 4), dtype), layout))


@pytest.mark.parametrize("layout", ["F", "reversed"] if not FULL else LAYOUTS)
def test_stencils(layout):
    rng = np.random.default_rng(1)
    for shape in ((3, 3), (5, 6), (8, 4)):
        U = with_layout(rng.normal(size=shape), layout)
        check_arrays(K.stencil_jacobi, U)
        check_arrays(K.stencil_self, U)
    b = rng.normal(size=9)
    check_arrays(K.assign_expr, with_layout(np.zeros(9), layout), b)
    check_arrays(K.assign_expr, with_layout(np.zeros(9, np.int32), layout), b * 10)
    check_arrays(K.stencil_self, with_layout(ramp((4, 5), "int16"), layout))


def test_assign_conversions():
    """Stores convert as NumPy's (unsafe) assignment casting does."""
    vals = np.array([0.5, -1.75, 2.999, 100.25, -0.0, 7.0])
    for dtype in ("int8", "int32", "int64", "uint16", "bool", "float32"):
        src = np.abs(vals) if np.dtype(dtype).kind == "u" else vals
        check_arrays(K.assign_all, np.zeros(6, dtype), src)
        check_arrays(K.assign_all, np.zeros(6, dtype), 2.75)
        check_arrays(K.assign_all, np.zeros(6, dtype), True)
    check_arrays(K.assign_all, np.zeros(4, np.float32), np.array([0.1, 1e-50, 3.4e38, 1e39]))
    check_arrays(K.assign_all, np.zeros(4), np.array([1, -2, 3, 2**40], np.int64))
    check_arrays(K.assign_all, np.zeros(3, np.uint8), np.array([1, 255, 256], np.int64))
    check_arrays(K.assign_all, np.zeros(3, np.int16), np.array([70000, -1, 5], np.int32))


def test_assign_shape_mismatch_raises_value_error():
    check_arrays(K.assign_mismatch, np.zeros(5), np.ones(3))
    check_arrays(K.assign_mismatch, np.zeros(5), np.ones(5))
    check_arrays(K.assign_block, np.zeros((4, 5)), np.ones((3, 5)))
    check_arrays(K.assign_block, np.zeros((4, 5)), np.ones((2, 4)))
    check_arrays(K.assign_row, np.zeros((3, 4)), 0, np.ones(3))


def test_assign_value_with_leading_unit_axes():
    """NumPy drops leading axes of length 1 of the value: a (1, 3, 4) array
    fits a (3, 4) slice, a (1, 4) one a 1-D slice of 4; other leading lengths
    raise ValueError."""
    check_arrays(K.assign_block, np.zeros((4, 5)), ramp((1, 3, 4), "float64"))
    check_arrays(K.assign_block, np.zeros((4, 5)), ramp((1, 1, 3, 4), "float64"))
    check_arrays(K.assign_block, np.zeros((4, 5)), ramp((1, 1, 4), "float64"))
    check_arrays(K.assign_block, np.zeros((4, 5)), ramp((1, 3, 4), "float64")[:, ::-1, ::2].repeat(2, axis=2))
    check_arrays(K.assign_block, np.zeros((4, 5)), ramp((1, 3, 4), "int32"))
    check_arrays(K.assign_mismatch, np.zeros(5), ramp((1, 4), "float64"))
    for bad in [(2, 3, 4), (0, 3, 4), (1, 2, 4)]:
        assert isinstance(check_arrays(K.assign_block, np.zeros((4, 5)), ramp(bad, "float64")), ValueError)
    # an expression of more dimensions than the view
    check_arrays(K.assign_scaled_block, np.zeros((4, 5)), ramp((1, 3, 4), "float64"))
    assert isinstance(check_arrays(K.assign_scaled_block, np.zeros((4, 5)), ramp((3, 3, 4), "float64")), ValueError)


def static_or_runtime_error(kernel, *args):
    """A value of more dimensions than the target: NumPy raises ValueError
    when called; ferrojit may refuse the kernel at compile time instead
    (TypingError naming the line), never return."""
    _, py_exc = oracle(kernel, *args)
    assert isinstance(py_exc, ValueError), py_exc
    try:
        jit(kernel)(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    except ferrojit.errors.TypingError as e:
        assert "array_expr_kernels.py" in str(e)
        return
    except ValueError:
        return
    pytest.fail(f"{describe(args)}: {kernel.__name__} returned instead of raising", pytrace=False)


def test_assign_more_dimensions_than_target():
    static_or_runtime_error(K.assign_col, np.zeros((3, 4)), 0, np.ones((3, 1)))
    static_or_runtime_error(K.assign_mismatch, np.zeros(5), np.ones((2, 4)))
    static_or_runtime_error(K.iadd, np.zeros(3), np.ones((2, 3)))
    static_or_runtime_error(K.assign_block, np.zeros((4, 5)), np.ones((2, 1, 4)))


def test_assign_dynamic_slices():
    a = ramp((9,), "float64")
    for i, j, k in [(1, 5, 2), (-1, 0, -1), (8, -10, -3), (0, 9, 4), (3, 3, 1), (-20, 20, 1)]:
        check_arrays(K.assign_slice_dyn, a, i, j, k, -1.0)
        check_arrays(K.assign_slice_dyn, a, i, j, k, np.array(2.5))
    check_arrays(K.assign_slice_dyn, a, 0, 3, 1, np.array([7.0, 8.0, 9.0]))
    check_arrays(K.assign_slice_dyn, a, 0, 3, 1, np.array([7.0, 8.0]))   # ValueError
    check_arrays(K.assign_slice_dyn, a, 0, 3, 0, 1.0)                    # ValueError


def test_assign_newaxis_and_new_arrays():
    check_arrays(K.assign_newaxis, ramp((5,), "float64"), np.array([3.0]))
    check_arrays(K.assign_newaxis, ramp((5,), "int8"), np.array([[1], [2], [3], [4], [5]], np.int8))
    for n, m in ((1, 1), (3, 4), (5, 2)):
        check_arrays(K.assign_into_new, n, m)
    f = np.random.default_rng(0).random((3, 4, 5))
    check_arrays(K.integral_image_by_slices, f)
    check_arrays(K.integral_image_by_slices, with_layout(f, "transposed"))


@hsettings(30)
@given(st.data())
def test_slice_assignment_hypothesis(data):
    a = data.draw(arrays(min_dims=2, max_dims=2, min_side=1, max_side=5, exact=True))
    n, m = a.shape
    target = (max(n - 1, 0), max(m - 1, 0))
    bshape = data.draw(st.sampled_from([target, (target[1],), (1, target[1]), (target[0], 1), ()]))
    bdtype = data.draw(st.sampled_from(DTYPES))
    if a.dtype.kind == "u" and bdtype.kind in "if":
        bdtype = np.dtype("uint8")   # (negative values into unsigned arrays are undefined)
    b = data.draw(operand(bdtype, bshape, exact=True))
    if isinstance(b, float) and a.dtype.kind == "b":
        b = bool(b)
    check_arrays(K.assign_block, a, b)


# ===========================================================================
# In-place operators
# ===========================================================================
INPLACE = [K.iadd, K.isub, K.imul, K.itruediv, K.ifloordiv, K.imod, K.ipow, K.iand, K.ior,
           K.ixor, K.ilshift, K.irshift]


@pytest.mark.parametrize("kernel,dtype", [
    pytest.param(k, d, id=f"{k.__name__}-{d.name}")
    for i, k in enumerate(INPLACE) for d in spread(DTYPES, 3, offset=i)])
def test_inplace_same_dtype(kernel, dtype):
    a = with_layout(ramp((3, 4), dtype, start=3), "F")
    b = ramp((4,), dtype, start=2)
    if kernel in (K.ilshift, K.irshift) and dtype.kind in "iu":
        b = np.array([0, 1, 3, 2], dtype)
    if kernel is K.ipow and dtype.kind == "i":
        b = np.abs(b)
    check(kernel, a, b)
    if FULL:
        b1 = ramp((1,), dtype, 3)
        if kernel in (K.ilshift, K.irshift, K.ipow) and dtype.kind == "i":
            b1 = np.abs(b1)
        check(kernel, with_layout(ramp((5,), dtype, 2), "reversed"), b1)


INPLACE_SCALARS = (1, 2.5, True, 300, np.float32(2), np.int64(3), np.array(2, np.uint8))


@pytest.mark.parametrize("kernel,dtype,v", known_bug_params(
    [(k, d, v) for k in (K.iadd, K.imul, K.itruediv, K.isub, K.iand) for d in DTYPES
     for v in INPLACE_SCALARS],
    lambda k, d, v: (k, [ramp((4,), d, 3), v]),
    lambda k, d, v: f"{k.__name__}-{d.name}-{v!r}"))
def test_inplace_with_scalars(kernel, dtype, v):
    """Python scalars are weak (``u8 += 1`` stays uint8 and wraps; ``i8 += 300``
    is an OverflowError); a result kind the target cannot hold (``int_array /=
    2``, ``int_array *= 1.5``) is a TypeError (NumPy's UFuncTypeError)."""
    check(kernel, ramp((4,), dtype, 3), v)


@hsettings(30)
@given(st.data())
def test_inplace_hypothesis(data):
    kernel = data.draw(st.sampled_from(INPLACE))
    da, db = data.draw(st.sampled_from(DTYPES)), data.draw(st.sampled_from(DTYPES))
    shape_a = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4))
    # b broadcastable to a: drop leading axes and set some to 1
    k = data.draw(st.integers(0, len(shape_a)))
    shape_b = tuple(1 if data.draw(st.booleans()) else s for s in shape_a[k:])
    a = data.draw(arrays(da, shape=shape_a))
    b = data.draw(operand(db, shape_b))
    b = fit_int(b, a)
    if kernel in (K.ilshift, K.irshift):
        b = shift_counts(b, 9)
    if kernel is K.ipow and np.asarray(b).dtype.kind in "iu":
        b = shift_counts(b, 2**62)   # (NumPy: garbage for integer ** negative in place)
    # (a case covered by a known bug must fail: array_helpers.KNOWN_BUGS)
    check_known(check, kernel, a, b, ulps=4 if kernel is K.ipow else 0)


def test_inplace_non_broadcastable_output_raises():
    check_arrays(K.iadd, np.zeros((2, 3)), np.ones(4))
    check_arrays(K.imul, np.zeros((2, 1)), np.ones((2, 3)))
    check_arrays(K.isub, np.zeros((3, 1, 2)), np.ones((3, 4, 1)))


@pytest.mark.parametrize("dtype,layout", dtype_layout_grid(
    ["float64", "int64", "uint8", "float32", "int8"], ["F", "reversed", "strided"]))
def test_inplace_overlap(dtype, layout):
    for n in (0, 1, 6, 9):
        a = with_layout(ramp((n,), dtype), layout)
        check_arrays(K.iadd_reversed_self, a)
        check_arrays(K.iadd_shifted, a)
        check_arrays(K.isub_shifted_back, a)
        check_arrays(K.iadd_self, a)
    check_arrays(K.imul_view, with_layout(ramp((7,), dtype), layout), 3)
    a2 = with_layout(ramp((3, 4), dtype), layout)
    for i in (0, -1):
        check_arrays(K.iadd_row, a2, i, 1)
        check_arrays(K.iadd_row, a2, i, ramp((4,), dtype))


def test_inplace_normalisation_and_locals():
    rng = np.random.default_rng(2)
    for n in (1, 5, 100):
        check_arrays(K.idiv_norm, rng.normal(size=n), rtol=1e-12)
        check_arrays(K.idiv_norm, rng.normal(size=n).astype(np.float32), rtol=1e-5)
        check_arrays(K.iadd_local, n)
    check_arrays(K.idiv_norm, np.zeros(3))          # 0/0: nan, no exception
    check_arrays(K.idiv_norm, np.zeros(4, np.int64))  # int /= float: TypeError
    check_arrays(K.iadd_no_return, ramp((3, 2), "int32"), ramp((2,), "int32"))
    check_arrays(K.iadd_no_return, with_layout(ramp((3, 2), "float64"), "F"), 0.5)


# ===========================================================================
# Element-wise operators
# ===========================================================================
BINARY = [K.add, K.sub, K.mul, K.truediv, K.floordiv, K.mod, K.power, K.bit_and, K.bit_or,
          K.bit_xor, K.lshift, K.rshift, K.eq, K.ne, K.lt, K.le, K.gt, K.ge]
UFUNC_BINARY = [K.u_minimum, K.u_maximum, K.u_fmin, K.u_fmax, K.u_arctan2, K.u_hypot,
                K.u_copysign, K.u_fmod, K.u_add, K.u_subtract, K.u_multiply, K.u_divide,
                K.u_true_divide, K.u_floor_divide, K.u_mod, K.u_remainder, K.u_power,
                K.u_bitwise_and, K.u_bitwise_or, K.u_bitwise_xor]
INEXACT = {"power", "u_power", "u_arctan2", "u_hypot", "ipow"}
SHIFTS = {"lshift", "rshift", "ilshift", "irshift"}


@pytest.mark.parametrize("da", DTYPES, ids=DTYPE_IDS)
def test_promotion_table(da):
    """dtype pairs through ``+``, ``/`` and ``<`` (a sample; every pair under
    FERROJIT_TEST_SCALE > 1): the result dtype is NumPy's (int8 +
    uint8 is int16, int64 + uint64 is float64, int16 + float32 is float32,
    bool + float32 is float32, ...)."""
    i = DTYPES.index(da)
    a = ramp((6,), da, start=2)
    for db in (DTYPES[i:] if FULL else spread(DTYPES, 3, offset=i)):
        check_arrays(K.add, a, ramp((6,), db, start=5))
    for db in spread(DTYPES, 1, offset=i + 5):
        b = ramp((6,), db, start=5)
        check_arrays(K.truediv, a, b)
        check_arrays(K.lt, b, a)


@pytest.mark.parametrize("kernel", BINARY, ids=lambda k: k.__name__)
def test_binary_ops_every_dtype(kernel):
    i = BINARY.index(kernel)
    for dtype in spread(DTYPES, 4, offset=i):
        a = ramp((8,), dtype, start=3)
        b = ramp((8,), dtype, start=1)[::-1]
        if kernel.__name__ in SHIFTS and dtype.kind in "iu":
            b = np.array([0, 1, 2, 5, 7, 3, 4, 6], dtype)
        if kernel is K.power and dtype.kind == "i":
            b = np.abs(b) % 4
        check_ufunc(kernel, a, b)


@pytest.mark.parametrize("kernel", BINARY, ids=lambda k: k.__name__)
def test_binary_ops_broadcasting_layouts(kernel):
    shapes = [((3, 1), (1, 4)), ((5,), (4, 5)), ((2, 3, 4), (3, 1)), ((0, 3), (3,)),
              ((2, 1, 3), (4, 1)), ((1,), (0,)), ((3, 0), (1, 1))]
    i = BINARY.index(kernel)
    integer = i % 2 or kernel.__name__ in SHIFTS or "bit" in kernel.__name__
    for dtype in (["float64", "int32"] if FULL else ["int32" if integer else "float64"]):
        for sa, sb in spread(shapes, 2, offset=i):
            lay = LAYOUTS[(i + len(sa)) % len(LAYOUTS)]
            a = with_layout(ramp(sa, dtype, 2), lay)
            b = with_layout(ramp(sb, dtype, 3), "reversed")
            if kernel.__name__ in SHIFTS:
                b = np.abs(b) % 5
            if kernel is K.power:
                b = np.abs(b) % 3
            check_ufunc(kernel, a, b)


def test_broadcast_mismatch_raises_value_error():
    for kernel in (K.add, K.mul, K.lt, K.u_maximum, K.where3):
        args = (np.ones(3), np.ones(4)) if kernel is not K.where3 else \
            (np.ones(3, bool), np.ones(4), 1.0)
        check_arrays(kernel, *args)
    check_arrays(K.add, np.ones((2, 3)), np.ones((3, 2)))
    check_arrays(K.expr4, np.ones(3), np.ones(3), np.ones(2), 1.0)


@hsettings(40)
@given(st.data())
def test_binary_ops_hypothesis(data):
    kernel = data.draw(st.sampled_from(BINARY + UFUNC_BINARY))
    da, db = data.draw(st.sampled_from(DTYPES)), data.draw(st.sampled_from(DTYPES))
    sa, sb = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3,
                                                         max_side=4)).input_shapes
    a = data.draw(operand(da, sa))
    b = data.draw(operand(db, sb))
    a, b = fit_ints(no_zero_d([a, b]))
    if kernel.__name__ in SHIFTS:
        b = shift_counts(b)
    check_known(check_ufunc, kernel, a, b)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.name)
def test_float_special_values(dtype):
    """Every pair of special values through every operator: IEEE results, and
    NumPy's for // and % (floor of the exact quotient, sign of the divisor)."""
    sp = np.array([0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, np.inf, -np.inf, np.nan, 1e-310,
                   np.finfo(dtype).max, 7.0, -7.0, 0.1], dtype)
    a, b = np.meshgrid(sp, sp)
    for kernel in BINARY[:7] + BINARY[12:] + [K.u_fmod, K.u_minimum, K.u_maximum, K.u_fmin,
                                               K.u_fmax, K.u_copysign, K.u_hypot, K.u_arctan2]:
        check_ufunc(kernel, a, b)


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=lambda d: d.name)
def test_integer_wraparound_and_division(dtype):
    """Integer + - * ** wrap; // and % by zero give 0 (NumPy warns), and
    INT_MIN // -1 wraps to INT_MIN."""
    lo, hi = int_range(dtype)
    vals = np.array([lo, hi, 0, 1, 7, hi // 2 + 1, lo + 1 if lo else 5], dtype)
    divs = np.array([-1, 2, 0, 3, -1, 1, 0] if lo else [1, 2, 0, 3, 7, 1, 0], dtype)
    for kernel in (K.add, K.sub, K.mul, K.floordiv, K.mod, K.u_fmod, K.u_floor_divide,
                   K.u_remainder, K.truediv):
        check(kernel, vals, divs)
    check(K.neg, vals)
    check(K.u_negative, vals)
    check(K.u_abs, vals)
    check(K.u_square, vals)
    check(K.power, vals, np.array([2, 3, 0, 63, 1, 2, 5], dtype))


def test_integer_negative_powers_raise_value_error():
    for dtype in ("int8", "int32", "int64"):
        a = ramp((4,), dtype, 2)
        check_arrays(K.power, a, np.array([1, -1, 2, 0], dtype))
        check_arrays(K.power, a, -2)
        check_arrays(K.u_power, a, np.array(-1, dtype))
    check_arrays(K.power, np.array([2, 3]), np.array([2, 2]))
    check_arrays(K.power, np.array([2.0, 3.0]), -1)          # floats: fine
    check_arrays(K.temp_then_raise_pow, np.array([1, 2, 3]), -1)


@pytest.mark.parametrize("dtype", ["int8", "int32", "int64", "uint8", "uint64"])
def test_shift_count_edge_cases(dtype):
    """NumPy defines every shift count: >= the width gives 0 (or -1 for a
    negative value shifted right), and so does a negative count."""
    dtype = np.dtype(dtype)
    bits = dtype.itemsize * 8
    a = np.array([1, 5, 3, 7, 1], dtype) if dtype.kind == "u" else \
        np.array([1, -5, 3, -7, -1], dtype)
    b = np.array([bits - 1, bits, bits + 1, 0, 3], dtype)
    check(K.lshift, a, b)
    check(K.rshift, a, b)
    if dtype.kind == "i":
        neg = np.array([-1, -2, -bits, -100, 1], dtype) if bits > 8 else \
            np.array([-1, -2, -8, -100, 1], dtype)
        check(K.lshift, a, neg)
        check(K.rshift, a, neg)


def test_bool_arithmetic_rules():
    t = np.array([True, False, True, False])
    f = np.array([True, True, False, False])
    for kernel in (K.add, K.mul, K.truediv, K.floordiv, K.power, K.bit_and, K.bit_or, K.bit_xor,
                   K.eq, K.lt, K.u_maximum, K.u_minimum, K.invert, K.neg, K.sub, K.u_negative,
                   K.u_subtract, K.u_positive, K.u_square, K.u_sign, K.u_abs):
        args = (t,) if kernel in (K.invert, K.neg, K.u_negative, K.u_positive, K.u_square,
                                  K.u_sign, K.u_abs) else (t, f)
        check(kernel, *args)      # - and negative of bools: TypeError in both


def test_bitwise_of_floats_raises_type_error():
    for kernel in (K.bit_and, K.bit_or, K.lshift, K.invert):
        args = (np.ones(3),) if kernel is K.invert else (np.ones(3), np.ones(3))
        check_arrays(kernel, *args)
    check_arrays(K.bit_and, np.ones(3, np.uint64), np.ones(3, np.int64))   # -> float64


LITERAL_KERNELS = [K.mul_float_literal, K.add_int_literal, K.rsub_int_literal, K.div_int_literal,
                   K.rdiv_float_literal, K.square_literal, K.pow_half_literal, K.mod_literal,
                   K.floordiv_literal, K.lt_literal, K.eq_float_literal, K.add_bool_literal,
                   K.and_literal, K.lshift_literal, K.neg_literal_mul, K.literal_mix, K.poly,
                   K.double_negation, K.where_relu, K.neg, K.invert]


@pytest.mark.parametrize("kernel", LITERAL_KERNELS, ids=lambda k: k.__name__)
def test_weak_python_literals_every_dtype(kernel):
    """``float32_array * 2.0`` stays float32, ``uint8_array + 1`` stays uint8
    and wraps, ``int8_array / 3`` is float64, ... (float32 and uint8 always,
    three other dtypes in turn)."""
    i = LITERAL_KERNELS.index(kernel)
    others = [d for d in DTYPES if d.name not in ("float32", "uint8")]
    for dtype in [F32, np.dtype("uint8")] + spread(others, 3, offset=i):
        if dtype.kind == "u" and kernel is K.neg_literal_mul:
            continue  # (uint * -1: OverflowError, test_python_int_out_of_range_for_the_dtype)
        a = ramp((5,), dtype, start=2)
        if dtype.kind == "u":
            a[0] = np.iinfo(dtype).max
        if dtype.kind == "f":
            a[:2] = [0.1, -0.0]
        check(kernel, a, ulps=4 if kernel is K.pow_half_literal else 0)


def test_float32_weak_scalar_is_rounded_to_float32_first():
    a = np.array([1.0, 3.0, 0.1, 1e-45], np.float32)
    for s in (0.1, 1e300, 1 / 3, 2.0**-149, 16777217.0):
        check_arrays(K.mul, a, s)
        check_arrays(K.add, a, s)
        check_arrays(K.lt, a, s)
    check_arrays(K.add, a, 16777217)
    check_arrays(K.add, np.array([16777216.0], np.float32), 1)


@pytest.mark.parametrize("kernel,args", known_bug_params(
    [(K.add, (np.arange(3, dtype=np.uint8), 300)),
     (K.mul, (np.arange(3, dtype=np.uint8), -1)),
     (K.add, (np.arange(3, dtype=np.int8), -129)),
     (K.lt, (np.arange(3, dtype=np.int8), 1000)),
     (K.eq, (np.arange(3, dtype=np.uint16), -1)),
     (K.add, (np.arange(3, dtype=np.int64), 2**40)),       # in range: no error
     (K.neg_literal_mul, (np.arange(3, dtype=np.uint16),))],
    lambda k, args: (k, list(args)),
    lambda k, args: f"{k.__name__}-{args[0].dtype}-{args[1:]!r}"))
def test_python_int_out_of_range_for_the_dtype(kernel, args):
    """NumPy 2 refuses a Python int that the array's dtype cannot hold
    (``uint8_array + 300``, ``uint8_array * -1``): OverflowError; comparisons
    compare the exact values (``int8_array < 1000`` is all True)."""
    check_arrays(kernel, *args)


STRONG_SCALARS = (np.float64(2.0), np.float32(0.5), np.int8(-3), np.uint8(200), np.int64(7),
                  np.bool_(True), np.array(2.5), np.array(3, np.uint16), np.array(True))


@pytest.mark.parametrize("kernel,a,s", known_bug_params(
    [(k, d, s) for d in DTYPES for s in STRONG_SCALARS for k in (K.add, K.mul)],
    lambda k, d, s: (k, [ramp((3,), d, 3), s] if k is K.add else [s, ramp((3,), d, 3)]),
    lambda k, d, s: f"{k.__name__}-{d.name}-{s!r}".replace(" ", "")))
def test_strong_numpy_scalars_and_zero_d_arrays(kernel, a, s):
    """NumPy scalars and 0-d arrays are not weak: float32_array * np.float64(2)
    is float64."""
    args = (ramp((3,), a, 3), s) if kernel is K.add else (s, ramp((3,), a, 3))
    check(kernel, *args)


def test_scalar_arguments_in_an_expression():
    check_arrays(K.expr_with_scalar_arg, ramp((4,), "float32"), 2.5, 1)
    check_arrays(K.expr_with_scalar_arg, ramp((4,), "int8"), np.int8(3), np.int16(1000))


def test_zero_d_results():
    """Operators on 0-d arrays only give NumPy scalars (np.float64(4.0)), not
    0-d arrays; a 0-d array with an array broadcasts."""
    z = np.array(2.0)
    check_arrays(K.zero_d_mix, ramp((3,), "float64"), z)
    check_arrays(K.add, z, np.array(3.0))
    check_arrays(K.neg, np.array(5, np.int8))
    check_arrays(K.u_sqrt, np.array(2.0))
    check_arrays(K.lt, np.array(1.0), 2.0)


@pytest.mark.parametrize("layout", ["F"] if not FULL else LAYOUTS)
def test_compound_expressions(layout):
    rng = np.random.default_rng(5)
    for dtype in ("float64", "float32"):
        a = with_layout(rng.normal(size=(4, 5)).astype(dtype), layout)
        b = with_layout(rng.normal(size=(4, 5)).astype(dtype), "reversed")
        c = rng.normal(size=5).astype(dtype)
        check_arrays(K.expr_mix, a, b, c)
        check_arrays(K.expr4, a, b, c, 1.5)
        check_arrays(K.compare_chain, a, b)
        check_arrays(K.where_expr, a, b)
        check_arrays(K.expr_reuse, a)
        check_arrays(K.poly, a)
        # sin and cos within MATH_ULPS (5 ulp <= 5 eps |v|) each: s**2 + c**2 is within
        # 2 * 5 eps (s**2 + c**2) = 10 eps of the oracle's, plus 3 roundings (1.5 eps)
        check_math(K.u_trig_identity, a, atol=12 * float(np.finfo(dtype).eps))
    for dtype in ("int16", "uint32", "int64"):
        a = with_layout(ramp((4, 5), dtype), layout)
        check_arrays(K.expr4, a, a[::-1], ramp((5,), dtype), 3)
        check_arrays(K.compare_chain, a, a[::-1])
        check_arrays(K.poly, a)
        check_arrays(K.expr_reuse, a)
    a = with_layout(rng.normal(size=(4, 5)), layout)
    check_arrays(K.u_nested, a, a[::-1])


@pytest.mark.parametrize("a,b,c", known_bug_params(
    [(False, np.False_, 0), (np.True_, True, 0), (np.True_, np.True_, 0), (True, True, 0),
     (2, np.int64(1), 0), (np.float64(1.5), 2, 0), (True, np.int8(1), 0),
     (np.int8(2), 3, np.int16(1)), (2.5, np.float32(1), 0)],
    lambda a, b, c: (K.expr4, [a, b, c, np.array([0, 1], np.int8)]),
    lambda a, b, c: f"{a!r}*{b!r}+{c!r}"))
def test_compound_expression_of_scalars_then_array(a, b, c):
    """a * b + c on scalars first, then - int8_array: NumPy 2's scalar types
    (``False * np.False_`` is np.bool_, + 0 makes an np.int64, so the result is
    int64; ``np.int8(2) * 3 + np.int16(1)`` is an np.int16)."""
    check(K.expr4, a, b, c, np.array([0, 1], np.int8))


@hsettings(15)
@given(st.data())
def test_compound_expressions_hypothesis(data):
    dts = [data.draw(st.sampled_from(DTYPES)) for _ in range(4)]
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=4, min_dims=0, max_dims=3,
                                                         max_side=3)).input_shapes
    args = fit_ints(no_zero_d([data.draw(operand(d, s)) for d, s in zip(dts, shapes)]))
    check_known(check, K.expr4, *args)


@pytest.mark.parametrize("layout", ["C", "transposed"] if not FULL else LAYOUTS)
def test_where(layout):
    rng = np.random.default_rng(6)
    a = with_layout(rng.normal(size=(3, 4)), layout)
    check_arrays(K.where_relu, a)
    check_arrays(K.where3, a > 0, a, -a)
    check_arrays(K.where3, a > 0, 1.0, 0)
    check_arrays(K.where3, (a > 0)[0], a, 0.5)
    check_arrays(K.where3, a > 0, ramp((4,), "int8"), ramp((3, 1), "uint8"))
    check_arrays(K.where3, True, a, 0.0)
    check_arrays(K.where3, ramp((3, 4), "int32"), a, a[::-1])     # non-bool condition
    check_arrays(K.where3, a > 0, ramp((3, 4), "float32"), 2.5)
    check_arrays(K.where_relu, with_layout(ramp((3, 4), "int16"), layout))


@hsettings(20)
@given(st.data())
def test_where_hypothesis(data):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3,
                                                         max_side=4)).input_shapes
    c = data.draw(operand(data.draw(st.sampled_from(DTYPES)), shapes[0]))
    x = data.draw(operand(data.draw(st.sampled_from(DTYPES)), shapes[1]))
    y = data.draw(operand(data.draw(st.sampled_from(DTYPES)), shapes[2]))
    c, x, y = no_zero_d([c, x, y])
    x, y = fit_ints([x, y])
    check_known(check_arrays, K.where3, c, x, y)


# ===========================================================================
# Ufuncs
# ===========================================================================
TRANSCENDENTAL = [K.u_exp, K.u_expm1, K.u_log, K.u_log2, K.u_log10, K.u_log1p, K.u_sin, K.u_cos,
                  K.u_tan, K.u_arcsin, K.u_arccos, K.u_arctan, K.u_sinh, K.u_cosh, K.u_tanh,
                  K.u_arcsinh, K.u_arccosh, K.u_arctanh]
EXACT_UNARY = [K.u_sqrt, K.u_floor, K.u_ceil, K.u_trunc, K.u_fabs, K.u_degrees, K.u_rad2deg,
               K.u_radians, K.u_deg2rad, K.u_abs, K.u_absolute, K.u_negative, K.u_positive,
               K.u_square, K.u_sign, K.u_isnan, K.u_isinf, K.u_isfinite]
UNARY = TRANSCENDENTAL + EXACT_UNARY


# ---------------------------------------------------------------------------
# Transcendental functions: a CPU-independent oracle (array_helpers.math_oracle)
# ---------------------------------------------------------------------------
def check_math(kernel, *args, atol=0.0):
    """``array_helpers.check_math`` behind the crash guard: NumPy's dtype, shape,
    exceptions and in-place effects; CPython's math for the values."""
    return helpers_check_math(kernel, *args, atol=atol, check_fn=check)


def check_float16_as_float32(kernel, *args):
    """NumPy's result is float16 (a ufunc of int8, uint8 or bool): ferrojit,
    without float16, gives float32 (docs/supported.md), NumPy's result on the
    operands converted to float32 (for the transcendental functions, CPython's
    math on them, as ``check_math``)."""
    args32 = [x.astype(np.float32) if isinstance(x, (np.ndarray, np.generic))
              else (np.float32(x) if isinstance(x, bool) else x) for x in args]
    got = jit(kernel)(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    if kernel in TRANSCENDENTAL or kernel.__name__ in INEXACT:
        expected, exc = math_oracle(kernel, *args32)
        d = None if exc else _math_diff(got, expected, MATH_ULPS, 0.0)
    else:
        expected, exc = oracle(kernel, *args32)
        d = None if exc else value_diff(got, expected)
    assert exc is None, exc
    if d:
        pytest.fail(f"{describe(args)} through {kernel.__name__} (float16 in NumPy, float32 "
                    f"here): {d}", pytrace=False)
    return got


def check_ufunc(kernel, *args):
    """``check_math`` for the transcendental functions (and the float results of
    ** / np.power, np.arctan2, np.hypot), else the exact ``check``; float16
    results: ``check_float16_as_float32``."""
    if unsupported_result(kernel, *args):
        return check_float16_as_float32(kernel, *args)
    if kernel in TRANSCENDENTAL or kernel.__name__ in INEXACT - {"ipow"}:
        return check_math(kernel, *args)
    return check(kernel, *args)


def special_floats(dtype):
    dtype = np.dtype(dtype)
    fi = np.finfo(dtype)
    return np.array([0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -3.75, 0.999, 1.001, 10.0, -10.0,
                     88.5, 89.5, 709.0, 710.0, -745.0, -746.0, 1e-7, 1e-30, float(fi.tiny),
                     float(fi.smallest_subnormal), float(fi.max), -float(fi.max), np.pi,
                     np.pi / 2, 1e10, -1e10, 1e22, np.inf, -np.inf, np.nan, 3.5, -2.5,
                     0.7853981633974483, 6.283185307179586, 1e300, -1e-300], dtype=np.float64
                    ).astype(dtype)


@pytest.mark.parametrize("kernel", UNARY, ids=lambda k: k.__name__)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.name)
def test_unary_ufuncs_special_values(dtype, kernel):
    with np.errstate(all="ignore"):
        v = special_floats(dtype)
    check_ufunc(kernel, v)
    check_ufunc(kernel, with_layout(v.reshape(2, -1), "transposed"))


@pytest.mark.parametrize("kernel", UNARY, ids=lambda k: k.__name__)
def test_unary_ufuncs_on_integers(kernel):
    """Integer and bool arrays: NumPy's result dtype (float64 for 32/64-bit
    integers, float32 for 16-bit ones; int for floor/ceil/trunc/abs/sign...);
    where NumPy gives float16 (8-bit integers, bool), float32."""
    i = UNARY.index(kernel)
    small = [np.dtype(t) for t in ("bool", "int8", "uint8")]
    wide = [np.dtype(t) for t in ("int32", "uint32", "int64", "uint64")]
    for dtype in (spread(small, 1, i) + spread(["int16", "uint16"], 1, i)
                  + spread(wide, 1, i)):
        dtype = np.dtype(dtype)
        if dtype.kind == "b":
            a = np.array([True, False, True])
        else:
            lo, hi = int_range(dtype)
            a = np.array([lo, hi, 0, 1, 2, 3, 10, 100 % (hi + 1), max(lo, -7)], dtype)
        check_ufunc(kernel, a)


@hsettings(30)
@given(st.data())
def test_unary_ufuncs_hypothesis(data):
    kernel = data.draw(st.sampled_from(UNARY))
    dtype = data.draw(st.sampled_from(DTYPES))
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=5))
    a = data.draw(operand(dtype, shape))
    if isinstance(a, np.ndarray) and a.ndim == 0:
        a = a.reshape(1)   # (0-d results: test_zero_d_results)
    check_ufunc(kernel, a)


@pytest.mark.parametrize("kernel", UNARY, ids=lambda k: k.__name__)
def test_unary_ufuncs_on_scalars(kernel):
    """On scalars too: NumPy semantics (nan outside the domain, no exception)."""
    for x in (-1.0, 0.0, -0.0, 0.5, 2.0, np.inf, np.nan, 1e300):
        check_ufunc(kernel, x)
    for x in (3, -4, 0):
        check_ufunc(kernel, x)
    check_ufunc(kernel, np.float32(0.25))
    check_ufunc(kernel, True)


def test_math_domain_no_exceptions():
    for x in (-1.0, 0.0, 2.0, -np.inf, np.nan, 0.5):
        check_math(K.u_scalar_domain, x)
    for x, y in ((1, 2.5), (3.0, -4), (-0.0, 0.0), (np.nan, 1.0), (2, 0)):
        check_math(K.u_scalar_mixed, x, y)


@pytest.mark.parametrize("x,y", known_bug_params(
    [(7, 0), (-7, 2), (-(2**63), -1), (np.int8(7), np.int8(0)), (7.0, 0.0), (-7.5, 2.0)],
    lambda x, y: (K.u_scalar_int_ops, [x, y]), lambda x, y: f"{x!r},{y!r}"))
def test_ufuncs_of_scalars_divide_as_numpy(x, y):
    """np.floor_divide / np.mod of scalars: NumPy's rules (by zero: 0, or inf and
    nan for floats; INT_MIN // -1 wraps), no exception."""
    check(K.u_scalar_int_ops, x, y)


@pytest.mark.parametrize("kernel", UFUNC_BINARY, ids=lambda k: k.__name__)
def test_binary_ufuncs_every_dtype_pair_sample(kernel):
    i = UFUNC_BINARY.index(kernel)
    rng = np.random.default_rng(i)
    pairs = [(d, d) for d in spread(DTYPES, 1, offset=i)] + \
        [tuple(rng.choice(DTYPES, 2)) for _ in range(8 if FULL else 1)]
    for da, db in pairs:
        a = ramp((2, 3), da, 3)
        b = ramp((3,), db, 1)
        if kernel is K.u_power and np.dtype(db).kind == "i":
            b = np.abs(b)
        check_ufunc(kernel, a, b)


def test_minimum_maximum_nan_and_signed_zero():
    a = np.array([np.nan, 1.0, np.nan, -0.0, 0.0, np.inf, 2.0])
    b = np.array([1.0, np.nan, np.nan, 0.0, -0.0, -np.inf, 2.0])
    for kernel in (K.u_minimum, K.u_maximum, K.u_fmin, K.u_fmax):
        check_arrays(kernel, a, b, signed_zeros=False)
        check_arrays(kernel, a.astype(np.float32), b[::-1].astype(np.float32), signed_zeros=False)
    check_arrays(K.u_maximum, np.array([1, 5, -3]), np.array([4, 2, -1]))
    check_arrays(K.u_maximum, 2.0, 3.0)
    check_arrays(K.u_minimum, np.array([1, 5, 3], np.uint8), np.array([4, 2, -7], np.int8))


# ===========================================================================
# Reductions with axis
# ===========================================================================
RED_SAFE = {0: K.red_ax0, 1: K.red_ax1, 2: K.red_ax2, -1: K.red_axm1, -2: K.red_axm2}
RED_MM = {0: K.mm_ax0, 1: K.mm_ax1, 2: K.mm_ax2, -1: K.mm_axm1, -2: K.mm_axm2}


#: the reductions of the RED_SAFE / red_whole kernels, in order
RED_OPS = ("sum", "prod", "mean", "std", "var", "any", "all")


REDUCTIONS = ["sum", "prod", "min", "max", "mean", "std", "var", "argmin", "argmax", "any",
              "all"]
NEEDS_ELEMENTS = {"min", "max", "argmin", "argmax"}   # ValueError on a zero-length axis


def axes_of(ndim):
    return [x for x in (0, 1, 2, -1, -2) if -ndim <= x < ndim]


@pytest.mark.parametrize("dtype,layout", dtype_layout_grid())
def test_axis_reductions_every_dtype(dtype, layout):
    """Every reduction along some axis of a 3-D and of a 2-D array of every
    dtype (the axis in turn: every (reduction, axis) pair is visited)."""
    i = DTYPES.index(dtype)
    a3 = with_layout(ramp((2, 3, 4), dtype), layout)
    a2 = with_layout(ramp((3, 4), dtype), layout)
    for j, op in enumerate(REDUCTIONS):
        for a in ((a3, a2) if FULL else ((a3, a2)[j % 2],)):
            axes = axes_of(a.ndim)
            for axis in (axes if FULL else [axes[(i + j) % len(axes)]]):
                check_arrays(K.AXIS_REDUCTIONS[op, axis], a,
                             **reduction_tol(op, a, axis, exact_data=True))


@pytest.mark.parametrize("dtype", spread(DTYPES, 6), ids=lambda d: d.name)
def test_axis_reductions_tuples(dtype):
    """Several reductions in one kernel, returned as a tuple (1-D arrays:
    reducing the only axis gives scalars)."""
    i = DTYPES.index(dtype)
    a = with_layout(ramp((3, 4), dtype), LAYOUTS[i % len(LAYOUTS)])
    axis = (0, 1, -1, -2)[i % 4]
    check_arrays(RED_SAFE[axis], a, **reductions_tol(RED_OPS, a, axis, exact_data=True))
    check_arrays(RED_MM[axis], a, signed_zeros=False)
    v = ramp((7,), dtype)
    check_arrays(K.red_ax0 if i % 2 else K.red_axm1, v,
                 **reductions_tol(RED_OPS, v, 0, exact_data=True))
    check_arrays(K.mm_ax0 if i % 2 else K.mm_axm1, v[::-2])


@hsettings(80)
@given(st.data())
def test_axis_reductions_hypothesis(data):
    a = data.draw(arrays(min_dims=1, max_dims=3, max_side=5, exact=True))
    op = data.draw(st.sampled_from(REDUCTIONS))
    axis = data.draw(st.sampled_from(axes_of(a.ndim)))
    check_arrays(K.AXIS_REDUCTIONS[op, axis], a, **reduction_tol(op, a, axis, exact_data=True))


@hsettings(50)
@given(st.data())
def test_axis_min_max_arg_full_range_hypothesis(data):
    """min/max/argmin/argmax are exact for any values (NaN wins, the first
    occurrence is taken); so are integer sums and products (they wrap)."""
    a = data.draw(arrays(min_dims=1, max_dims=3, min_side=1, max_side=5))
    ops = ["min", "max", "argmin", "argmax"] + (["sum", "prod"] if a.dtype.kind != "f" else [])
    op = data.draw(st.sampled_from(ops))
    axis = data.draw(st.sampled_from(axes_of(a.ndim)))
    check_arrays(K.AXIS_REDUCTIONS[op, axis], a, signed_zeros=False)


@hsettings(20)
@given(arrays(min_dims=1, max_dims=3, max_side=5, exact=True))
def test_whole_array_reductions_hypothesis(a):
    check_arrays(K.red_whole, a, **reductions_tol(RED_OPS, a, exact_data=True))
    if a.size:
        check_arrays(K.red_whole_nonempty, a)


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=lambda d: d.name)
def test_integer_axis_sums_full_range(dtype):
    """Integer sums/products along an axis are exact, in int64 (uint64 for
    unsigned types), wrapping like NumPy's."""
    lo, hi = int_range(dtype)
    rng = np.random.default_rng(dtype.itemsize)
    a = rng.integers(lo, hi, (4, 5), dtype=dtype, endpoint=True)
    a[0] = hi
    a[1, :2] = lo
    i = INT_DTYPES.index(dtype)
    v = with_layout(a, ("C", "F", "reversed")[i % 3])
    for j, op in enumerate(("sum", "prod", "min", "max", "argmin", "argmax")):
        for axis in ((0, -1) if FULL else ((0, -1)[(i + j) % 2],)):
            check_arrays(K.AXIS_REDUCTIONS[op, axis], v)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.name)
def test_float_axis_reductions_with_tolerance(dtype):
    """Random data: sums, means, deviations within the rounding-error bound of
    each reduced slice (``reduction_tol``: 2 n eps sum(|x|) of the slice for a
    sum, in the data's own precision); min/max/argmin/argmax exact."""
    rng = np.random.default_rng(9)
    for k, (shape, layout) in enumerate((((7, 300), "C"), ((300, 3), "F"),
                                         ((2, 50, 9), "reversed"))):
        a = with_layout((rng.normal(size=shape) * 100 + 3).astype(dtype), layout)
        for axis in ((0, -1) if FULL else ((0, -1, 0)[k],)):
            for op in ("sum", "mean", "std", "var"):
                check_arrays(K.AXIS_REDUCTIONS[op, axis], a, **reduction_tol(op, a, axis))
            for op in ("min", "max", "argmin", "argmax"):
                check_arrays(K.AXIS_REDUCTIONS[op, axis], a)
        check_arrays(K.red_whole, a, **reductions_tol(RED_OPS, a))
        check_arrays(K.red_whole_nonempty, a)


def test_reductions_nan_and_inf():
    a = np.array([[1.0, np.nan, 3.0, np.nan],
                  [np.inf, -np.inf, 0.0, 2.0],
                  [-1.0, 5.0, np.nan, -np.inf]])
    for v, axes in ((a, (0, 1, -1)), (a.astype(np.float32), (1,)), (with_layout(a, "F"), (0,)),
                    (a[::-1, ::-1], (-1,))):
        for axis in axes:
            check_arrays(RED_SAFE[axis], v, **reductions_tol(RED_OPS, v, axis))
            check_arrays(RED_MM[axis], v, signed_zeros=False)
        check_arrays(K.red_whole, v, **reductions_tol(RED_OPS, v))
        check_arrays(K.red_whole_nonempty, v, signed_zeros=False)
    check_arrays(K.argmin_whole, np.array([3.0, np.nan, 1.0, np.nan]))
    check_arrays(K.argmax_whole, np.array([[3.0, 1.0], [np.nan, np.nan]]))


def test_reductions_empty_and_degenerate():
    for shape in ((0,), (0, 3), (3, 0), (2, 0, 4), (1, 1)):
        a = np.zeros(shape)
        check_arrays(K.red_whole, a, signed_zeros=False)
        check_arrays(K.red_whole_nonempty, a, match_message=False)  # ValueError if empty
        for axis in (0, -1):
            check_arrays(RED_SAFE[axis], a, signed_zeros=False)
            check_arrays(RED_MM[axis], a)          # ValueError on a zero-length axis
    check_arrays(K.min_ax0, np.zeros((0, 3), np.int32))
    check_arrays(K.mean_whole, np.zeros(0, np.int8))
    check_arrays(K.argmin_whole, np.zeros(0))
    check_arrays(K.std_whole, np.array([5.0]))
    check_arrays(K.red_ax0, np.zeros((0, 2), bool))


def test_reductions_of_expressions():
    rng = np.random.default_rng(12)
    for dtype, layouts in (("float64", ("C", "reversed")), ("int32", ("F",)),
                           ("float32", ("transposed",))):
        # multiples of 1/4 of magnitude < 64: every sum, product and square here is
        # exact in float32 and float64, so results compare exactly, whatever the
        # summation order (a mean or a division is one correctly rounded operation)
        a = (np.round(rng.normal(size=(4, 5)) * 16) / 4).astype(dtype)
        b = (np.round(rng.normal(size=(4, 5)) * 16) / 4).astype(dtype)
        tol = {"signed_zeros": False}
        for layout in (LAYOUTS if FULL else layouts):
            check_arrays(K.red_of_expr, with_layout(a, layout), b, **tol)
            check_arrays(K.red_then_expr, with_layout(a, layout), **tol)
            check_arrays(K.center_rows, with_layout(a, layout), **tol)
            check_arrays(K.red_of_slices, with_layout(a, layout), **tol)
            check_arrays(K.count_nonneg, with_layout(a, layout))
        check_arrays(K.red_chain, (np.round(rng.normal(size=(2, 3, 4)) * 16) / 4).astype(dtype),
                     **tol)
        check_arrays(K.red_of_expr, a, b[0], **tol)   # broadcasting inside the reduction


def test_reduction_axis_out_of_range():
    """NumPy raises AxisError (a ValueError and IndexError) when called;
    ferrojit may refuse the kernel at compile time (TypingError, a TypeError)."""
    with pytest.raises((TypeError, ValueError, IndexError)):
        jit(K.red_axis_out_of_range)(np.zeros((2, 3)))
    with pytest.raises((TypeError, ValueError, IndexError)):
        jit(K.red_ax2)(np.zeros((2, 3)))


# ===========================================================================
# np.dot and @
# ===========================================================================
def dot_tol(a, b):
    a, b = np.asarray(a), np.asarray(b)
    res = np.result_type(a, b)
    if res.kind != "f":
        return {}
    eps = float(np.finfo(res).eps)
    k = a.shape[-1] if a.ndim else 1
    with np.errstate(all="ignore"):
        mag = np.abs(np.dot(np.abs(a).astype(np.float64), np.abs(b).astype(np.float64)))
    m = float(np.max(mag)) if np.size(mag) else 0.0
    return {"atol": 4 * eps * max(k, 1) * m + 1e-300, "rtol": 0.0, "signed_zeros": False}


DOT_SHAPES = [((5,), (5,)), ((3, 4), (4,)), ((4,), (4, 3)), ((3, 4), (4, 2)), ((0,), (0,)),
              ((3, 0), (0,)), ((0, 4), (4, 2)), ((3, 0), (0, 5)), ((1, 1), (1, 1)),
              ((7, 9), (9, 6))]


@pytest.mark.parametrize("kernel", [K.dot, K.matmul_op], ids=["dot", "matmul"])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32"])
def test_dot_shapes(dtype, kernel):
    rng = np.random.default_rng(3)
    k = ["float64", "float32", "int64", "int32"].index(dtype)
    shapes = DOT_SHAPES if FULL else DOT_SHAPES[k::4] + DOT_SHAPES[3:4]
    for (sa, sb), layout in zip(shapes, LAYOUTS * 2):
        a = with_layout((rng.normal(size=sa) * 5).astype(dtype), layout)
        b = with_layout((rng.normal(size=sb) * 5).astype(dtype), "reversed")
        check_arrays(kernel, a, b, **dot_tol(a, b))


def test_dot_mixed_dtypes_and_mismatch():
    a = ramp((3, 4), "int32")
    b = ramp((4,), "float32")
    check_arrays(K.dot, a, b, **dot_tol(a, b))
    check_arrays(K.matmul_op, ramp((4,), "float64"), ramp((4, 2), "float32"), rtol=1e-12)
    check_arrays(K.dot, np.ones((3, 4)), np.ones(3))          # ValueError
    check_arrays(K.matmul_op, np.ones((3, 4)), np.ones((3, 4)))  # ValueError
    check_arrays(K.dot, np.ones(3), np.ones(4))


@hsettings(25)
@given(st.data())
def test_dot_hypothesis(data):
    dtype = data.draw(st.sampled_from([F64, F32, np.dtype("int64")]))
    n, m, k = (data.draw(st.integers(0, 6)) for _ in range(3))
    form = data.draw(st.sampled_from(["11", "21", "12", "22"]))
    sa = {"11": (k,), "21": (n, k), "12": (k,), "22": (n, k)}[form]
    sb = {"11": (k,), "21": (k,), "12": (k, m), "22": (k, m)}[form]
    a = data.draw(arrays(dtype, shape=sa, exact=True))
    b = data.draw(arrays(dtype, shape=sb, exact=True))
    kernel = data.draw(st.sampled_from([K.dot, K.matmul_op]))
    check_arrays(kernel, a, b, **dot_tol(a, b))


def test_dot_of_expressions_and_views():
    rng = np.random.default_rng(8)
    A = rng.normal(size=(5, 6))
    x = rng.normal(size=6)
    B = rng.normal(size=(6, 5))
    for lay in ("C", "F", "reversed"):
        check_arrays(K.dot_exprs, with_layout(A, lay), x, rtol=1e-12, atol=1e-12)
        check_arrays(K.dot_slices, with_layout(A, lay), x[::-1], rtol=1e-12, atol=1e-12)
        check_arrays(K.dot_method_like, with_layout(A, lay), B, rng.normal(size=5),
                     rtol=1e-11, atol=1e-11)
        check_arrays(K.gram, with_layout(A, lay), rtol=1e-12, atol=1e-12)


# ===========================================================================
# Tuples of arrays
# ===========================================================================
@pytest.mark.parametrize("layout", LAYOUTS)
def test_arrays_in_tuples(layout):
    for dtype in ("float64", "int8", "uint16"):
        a = with_layout(ramp((6,), dtype), layout)
        check_arrays(K.tuple_views, a)
        check_arrays(K.tuple_arg_sum, (a, a[::-1].copy()))
        check_arrays(K.tuple_build, a, ramp((6,), dtype, 4))
        check_arrays(K.shape_unpack_expr, with_layout(ramp((4, 5), dtype), layout))


# ===========================================================================
# Features not supported yet: a clean TypingError, or NumPy's answer
# ===========================================================================
@pytest.mark.parametrize("kernel,args", [
    (K.u_transpose, (ramp((2, 3), "float64"),)),
    (K.u_reshape, (ramp((2, 3), "float64"),)),
    (K.u_ravel, (with_layout(ramp((2, 3), "int32"), "F"),)),
    (K.u_flatten, (ramp((2, 3), "float64"),)),
    (K.u_cumsum, (ramp((5,), "int8"),)),
    (K.u_cumprod, (ramp((5,), "float64"),)),
    (K.u_norm, (ramp((5,), "float64"),)),
    (K.u_norm, (ramp((2, 3), "float64"),)),
    (K.u_sort, (ramp((6,), "float64"),)),
    (K.u_bool_mask, (ramp((2, 3), "float64"),)),
    (K.u_fancy, (ramp((5,), "float64"), np.array([0, 3, -1]))),
    (K.u_mask_assign, (ramp((2, 3), "int16"),)),
], ids=lambda x: getattr(x, "__name__", ""))
def test_not_yet_supported_features(kernel, args):
    """Either refused with a TypingError naming the line, or right."""
    try:
        jit(kernel)(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    except ferrojit.errors.TypingError as e:
        assert "array_expr_kernels.py" in str(e)
        return
    check_arrays(kernel, *args, rtol=1e-12)


def last_axis_views(a, i, j):
    # views indexed on their last axis: compiled without the contiguous fast loop
    r = a[:, i, j] + a[:, j, i] * 2.0 - a[:, i, i]
    r /= np.sqrt(np.sum(r * r))
    return r, np.sum(a[:, j, j] * a[:, i, j])


@pytest.mark.parametrize("shape", [(5, 3, 3), (4, 1, 1), (1, 2, 2), (0, 2, 2), (7, 4, 4)])
def test_views_indexed_on_the_last_axis(shape):
    """a[:, i, j] is strided unless the trailing axes have length 1 (then it is
    contiguous and must still be right)."""
    a = np.arange(np.prod(shape), dtype=np.float64).reshape(shape) + 1.0
    i, j = (0, shape[2] - 1) if shape[2] else (0, 0)
    with np.errstate(all="ignore"):
        check_arrays(last_axis_views, a, i, j)
        check_arrays(last_axis_views, np.asfortranarray(a), j, i)
