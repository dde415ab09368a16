"""NumPy arrays in compiled code, tested differentially against CPython.

Every supported dtype, ndim 0..3, C / Fortran / strided / negative-stride /
transposed layouts and zero-size arrays: element access and views, stores with
NumPy's conversions, attributes, copies, fill, creation functions, iteration,
whole-array reductions, global arrays, arrays through calls and tuples, one
specialisation per array type, and vectorised code for the ``addarr`` seed.
"""

import platform
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import array_kernels as K
import ferrojit
from array_helpers import (
    DTYPE_IDS,
    DTYPES,
    FLOAT_DTYPES,
    INT_DTYPES,
    LAYOUTS,
    SKAN_SKELETON,
    arrays,
    build_graph_for_width,
    check_arrays,
    float_sum_tol,
    hsettings,
    jit,
    ramp,
    random_skeleton,
    skeleton_inputs,
    with_layout,
)

SHAPES = {0: (), 1: (5,), 2: (3, 4), 3: (2, 3, 4)}
EMPTY_SHAPES = {1: (0,), 2: (3, 0), 3: (2, 0, 3)}
GETTERS = {0: K.get0, 1: K.get1, 2: K.get2, 3: K.get3}
SETTERS = {0: K.set0, 1: K.set1, 2: K.set2, 3: K.set3}
COPIERS = {1: K.copy1, 2: K.copy2, 3: K.copy3}


#: (dtype, ndim, layout) cases for the kernels that are slow to compile: for
#: every dtype a 0-d array, a reversed 1-D view, a Fortran 2-D array and a 3-D
#: array contiguous in neither order; the whole grid for a wide and a narrow
#: dtype
WIDE_DTYPES = ("float64", "uint8")
SPARSE_CASES = (
    [pytest.param(d, nd, lay, id=f"{d.name}-{nd}d-{lay}")
     for d in DTYPES for nd, lay in [(0, "C"), (1, "reversed"), (2, "F"), (3, "transposed")]]
    + [pytest.param(np.dtype(d), nd, lay, id=f"{d}-{nd}d-{lay}")
       for d in WIDE_DTYPES for nd in (1, 2, 3) for lay in LAYOUTS
       if (nd, lay) not in [(1, "reversed"), (2, "F"), (3, "transposed")]])


def every_index(shape):
    """Every index of ``shape``, positive and negative."""
    for idx in np.ndindex(*shape):
        yield idx
        yield tuple(i - n for i, n in zip(idx, shape))


def a_value(dtype):
    """A value of ``dtype``'s kind that is not in ``ramp`` data."""
    return {"b": False, "i": -99, "u": 99, "f": 12.5}[np.dtype(dtype).kind]


# ===========================================================================
# The seed programs
# ===========================================================================
@pytest.mark.parametrize("n", [0, 1, 3, 8, 33, 1000])
@pytest.mark.parametrize("dtype", ["float64", "uint8"])
def test_seed_addarr(dtype, n):
    rng = np.random.default_rng(n)
    if dtype == "uint8":
        x = rng.integers(0, 256, n).astype(np.uint8)
        y = rng.integers(0, 256, n).astype(np.uint8)
        x[:3] = 255                                     # sums wrap modulo 256
    else:
        x, y = rng.normal(size=n) * 1e3, rng.normal(size=n)
    r = check_arrays(K.addarr, x, y)
    assert r.dtype == np.dtype(dtype) and r.flags.c_contiguous and r.flags.writeable


def test_seed_addarr_uint8_wraps():
    x = np.array([250, 255, 128, 0], np.uint8)
    y = np.array([10, 1, 128, 0], np.uint8)
    r = check_arrays(K.addarr, x, y)
    assert r.tolist() == [4, 0, 0, 0]


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_addarr_every_dtype_full_range(dtype):
    """Random values over the whole range of each dtype: the sum is converted
    to the array's dtype (integers wrap, bools stay bools)."""
    rng = np.random.default_rng(7)
    if dtype.kind == "f":
        x = rng.normal(size=40).astype(dtype) * 1e3
        y = rng.normal(size=40).astype(dtype)
        x[:4] = [np.inf, -np.inf, np.nan, 0.0]
        y[:4] = [-np.inf, 1.0, 2.0, -0.0]
    elif dtype.kind == "b":
        x, y = rng.integers(0, 2, 40).astype(bool), rng.integers(0, 2, 40).astype(bool)
    else:
        info = np.iinfo(dtype)
        x = rng.integers(info.min, info.max, 40, dtype=dtype, endpoint=True)
        y = rng.integers(info.min, info.max, 40, dtype=dtype, endpoint=True)
        x[:2], y[:2] = info.max, [1, info.max]
    check_arrays(K.addarr, x, y)


@pytest.mark.parametrize("layout_y", ["C", "strided", "reversed"])
@pytest.mark.parametrize("layout_x", ["C", "strided", "reversed", "transposed"])
def test_addarr_layouts(layout_x, layout_y):
    x = with_layout(ramp((9,), "float64"), layout_x)
    y = with_layout(ramp((9,), "float64", start=5), layout_y)
    check_arrays(K.addarr, x, y)
    xu = with_layout(ramp((9,), "uint8"), layout_x)
    yu = with_layout(ramp((9,), "uint8", start=5), layout_y)
    check_arrays(K.addarr, xu, yu)


@hsettings(60)
@given(st.data())
def test_addarr_hypothesis(data):
    dtype = data.draw(st.sampled_from(DTYPES))
    x = data.draw(arrays(dtype, min_dims=1, max_dims=1, max_side=20))
    y = data.draw(arrays(dtype, shape=x.shape))
    check_arrays(K.addarr, x, y)


@pytest.mark.parametrize("n,p", [(0, 3), (1, 1), (4, 0), (5, 3), (17, 7), (40, 2)])
@pytest.mark.parametrize("layout", ["C", "F", "strided", "reversed", "transposed"])
def test_seed_pdist(n, p, layout):
    rng = np.random.default_rng(n * 100 + p)
    xs = with_layout(rng.normal(size=(n, p)) * 10, layout)
    D = check_arrays(K.pdist_python, xs, ulps=1)
    assert D.shape == (n, n) and D.dtype == np.float64
    if n:
        assert np.all(np.diag(D) == 0.0)


def test_seed_pdist_max_ulp():
    """The comparison the issue asks for, spelled with NumPy's own helper."""
    rng = np.random.default_rng(0)
    xs = rng.random((30, 4))
    expected = K.pdist_python(xs)
    got = jit(K.pdist_python)(xs)
    np.testing.assert_array_max_ulp(got, expected, maxulp=1)


@hsettings(30)
@given(arrays(np.float64, min_dims=2, max_dims=2, max_side=8))
def test_pdist_hypothesis(xs):
    finite = np.where(np.isfinite(xs), xs, 1.0)
    check_arrays(K.pdist_python, np.clip(finite, -1e100, 1e100) if finite.size else finite,
                 ulps=1)


def test_seed_build_graph_skan_example():
    labeled_pixels, steps_to_neighbours, row, col = skeleton_inputs(SKAN_SKELETON)
    assert labeled_pixels.shape == (63,) and labeled_pixels.dtype == np.int32
    assert list(steps_to_neighbours) == list(K.steps)
    check_arrays(K.build_graph, labeled_pixels, steps_to_neighbours, row, col)
    # the compiled call fills every slot of row/col with a pixel label
    row2, col2 = row.copy(), col.copy()
    assert jit(K.build_graph)(labeled_pixels, steps_to_neighbours, row2, col2) is None
    assert np.all(row2 > 0) and np.all(col2 > 0)
    assert row2.tolist()[:3] == [1, 2, 3]


@pytest.mark.parametrize("seed", range(6))
def test_seed_build_graph_random_skeleton_64x64(seed):
    rng = np.random.default_rng(seed)
    skel = random_skeleton(rng, (64, 64), lines=3 + seed)
    inputs = skeleton_inputs(skel)
    fn = build_graph_for_width(66)
    check_arrays(fn, *inputs)


@pytest.mark.parametrize("seed", range(4))
def test_seed_build_graph_random_skeleton_width_7(seed):
    """Random skeletons 7 columns wide, run by the unchanged seed (whose global
    ``steps`` is for a padded width of 9)."""
    rng = np.random.default_rng(100 + seed)
    skel = random_skeleton(rng, (40, 7), lines=4)
    check_arrays(K.build_graph, *skeleton_inputs(skel))


# ===========================================================================
# Element access
# ===========================================================================
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("ndim", [0, 1, 2, 3])
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_get_every_element(dtype, ndim, layout):
    a = with_layout(ramp(SHAPES[ndim], dtype), layout)
    for idx in every_index(a.shape):
        check_arrays(GETTERS[ndim], a, *idx)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["int16", "float32", "bool", "uint64"])
def test_chained_indexing(dtype, layout):
    a2 = with_layout(ramp((3, 4), dtype), layout)
    for idx in every_index(a2.shape):
        check_arrays(K.get2_chained, a2, *idx)
    a3 = with_layout(ramp((2, 3, 4), dtype), layout)
    for idx in every_index(a3.shape):
        check_arrays(K.get3_chained, a3, *idx)
        check_arrays(K.get3_mixed, a3, *idx)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("ndim", [0, 1, 2, 3])
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_set_element(dtype, ndim, layout):
    a = with_layout(ramp(SHAPES[ndim], dtype), layout)
    v = a_value(dtype)
    idxs = list(every_index(a.shape))
    for idx in idxs[:: max(1, len(idxs) // 7)]:
        check_arrays(SETTERS[ndim], a, *idx, v)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_set_chained(layout):
    a2 = with_layout(ramp((3, 4), "int32"), layout)
    for idx in every_index(a2.shape):
        check_arrays(K.set2_chained, a2, *idx, -5)
    a3 = with_layout(ramp((2, 3, 4), "float32"), layout)
    for idx in list(every_index(a3.shape))[::5]:
        check_arrays(K.set3_chained, a3, *idx, 0.5)


def test_get_last_first():
    for dtype in DTYPES:
        for layout in ("C", "reversed", "strided"):
            check_arrays(K.get_last_first, with_layout(ramp((6,), dtype), layout))
    check_arrays(K.get_last_first, np.array([3.5]))


@hsettings(80)
@given(st.data())
def test_negative_and_positive_indices_hypothesis(data):
    a = data.draw(arrays(min_dims=1, max_dims=3, min_side=1, max_side=5))
    idx = tuple(data.draw(st.integers(-n, n - 1)) for n in a.shape)
    check_arrays(GETTERS[a.ndim], a, *idx)
    v = data.draw(st.sampled_from([0, 1, True]))
    check_arrays(SETTERS[a.ndim], a, *idx, v)


INDEX_TYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]


def test_index_of_every_integer_type():
    a = ramp((10,), "float64")
    args = [t(i) for t, i in zip(INDEX_TYPES, [1, 2, 3, 4, 5, 6, 7, 8])]
    check_arrays(K.index_types, a, *args)
    neg = [t(-i) if np.dtype(t).kind == "i" else t(i) for t, i in zip(INDEX_TYPES, range(1, 9))]
    check_arrays(K.index_types, a, *neg)


@pytest.mark.parametrize("idx_dtype", INDEX_TYPES, ids=lambda t: np.dtype(t).name)
def test_index_from_integer_arrays(idx_dtype):
    a = with_layout(ramp((12,), "int32"), "strided")
    kind = np.dtype(idx_dtype).kind
    idx = np.array([0, 11, 5, 5, 3] + ([-1, -12, -6] if kind == "i" else [7, 1, 2]), idx_dtype)
    check_arrays(K.gather, a, idx)
    check_arrays(K.gather, with_layout(ramp((12,), "float32"), "reversed"), idx[::-1])


def test_augmented_assignment_to_elements():
    """``a[i, j] += v`` and ``out[idx[k]] += vals[k]`` (ubiquitous in Numba
    code)."""
    a = ramp((3, 4), "float64")
    b = ramp((3, 4), "float64", start=3)
    check_arrays(K.add_inplace2, a, b)
    check_arrays(K.add_inplace2, with_layout(ramp((3, 4), "int8"), "F"),
                 with_layout(ramp((3, 4), "int8"), "reversed"))
    out = np.zeros(5)
    check_arrays(K.scatter_add, out, np.array([0, 4, 0, 2, -1]), ramp((5,), "float64"))


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float64", "int8", "bool", "uint32"])
def test_row_views(dtype, layout):
    a2 = with_layout(ramp((3, 4), dtype), layout)
    a3 = with_layout(ramp((2, 3, 4), dtype), layout)
    for i in (0, 2, -1, -3):
        r = check_arrays(K.row, a2, i)
        assert r.ndim == 1
        check_arrays(K.row_shape, a2, i)
        check_arrays(K.row_write, a2, i, -1, a_value(dtype))
    for i in (0, 1, -1):
        check_arrays(K.row, a3, i)
        check_arrays(K.row_shape, a3, i)
        for j in (0, 2, -1):
            check_arrays(K.row_of_row, a3, i, j)


def test_row_view_strides_match_numpy():
    for layout in LAYOUTS:
        a = with_layout(ramp((3, 5), "int16"), layout)
        r = jit(K.row)(a, 1)
        assert r.strides == a[1].strides, layout
        assert r.ctypes.data == a[1].ctypes.data, layout
        assert np.shares_memory(r, a)


def test_view_of_zero_size_axis():
    a = np.zeros((3, 0))
    r = check_arrays(K.row, a, 1)
    assert r.shape == (0,)
    check_arrays(K.row_shape, a, -1)


# ---------------------------------------------------------------------------
# Stores convert to the array's dtype as NumPy assignment does
# ---------------------------------------------------------------------------
INT_SAMPLES = [0, 1, 2, 100, 127, 128, 255, 256, 65535, 65536, 2**31 - 1, 2**31, 2**53 + 1,
               2**63 - 1, 2**64 - 1, -(2**63), -1, -128, -129, -(2**31) - 1, 16777217,
               -32768, 32767, 4294967295, 12345678901]


def conversion_source(src, dst):
    """Values of dtype ``src`` whose conversion to ``dst`` is defined (NumPy's
    float-to-int conversion of NaN, inf or out-of-range values is undefined)."""
    src, dst = np.dtype(src), np.dtype(dst)
    if src.kind == "b":
        return np.array([True, False, True, True, False])
    if src.kind in "iu":
        info = np.iinfo(src)
        lo, hi = int(info.min), int(info.max)
        vals = [v for v in INT_SAMPLES if lo <= v <= hi]
        if dst.kind == "i":
            # NumPy's item assignment raises OverflowError for an integer out of
            # a *signed* dtype's range (and wraps for unsigned ones): see
            # test_store_out_of_range_integer_raises_as_cpython
            dinfo = np.iinfo(dst)
            vals = [v for v in vals if dinfo.min <= v <= dinfo.max]
        return np.array(vals, dtype=src)
    # float source
    if dst.kind == "f":
        vals = [0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, np.nan, 1e-300, 3.4e38, 1e300,
                0.1, 1 / 3, 5e-324, -1.1754944e-38, 16777217.0, 3.4028235e38, -1e39]
        with np.errstate(all="ignore"):
            return np.array(vals, dtype=np.float64).astype(src)
    if dst.kind == "b":
        return np.array([0.0, -0.0, 0.5, -2.0, np.inf, np.nan, 1e-300], dtype=src)
    info = np.iinfo(dst)
    hi = min(float(info.max), 2.0**23)
    vals = [0.0, 0.25, 0.999, 1.0, 1.5, 2.75, hi - 0.5, 42.9]
    if info.min < 0:
        vals += [-0.0, -0.75, -1.5, -42.9, max(float(info.min), -(2.0**23)) + 0.5]
    return np.array(vals, dtype=src)


@pytest.mark.parametrize("dst", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("src", DTYPES, ids=DTYPE_IDS)
def test_store_converts_like_numpy(src, dst):
    values = conversion_source(src, dst)
    out = np.zeros(len(values), dst)
    check_arrays(K.convert1, values, out)


@pytest.mark.parametrize("dst", [d for d in INT_DTYPES if d.kind == "i"], ids=lambda d: d.name)
@pytest.mark.parametrize("src", INT_DTYPES, ids=lambda d: d.name)
def test_store_out_of_range_integer_raises_as_cpython(src, dst):
    """An integer element stored into a signed dtype: NumPy's item assignment converts
    it with int() and checks the range (OverflowError: Python integer 300 out of bounds
    for int8); compiled code does the same, element by element, as CPython runs it."""
    info = np.iinfo(src)
    for v in (v for v in INT_SAMPLES if info.min <= v <= info.max):
        values = np.array([v], dtype=src)
        out, expected = np.zeros(1, dst), np.zeros(1, dst)
        try:
            K.convert1(values, expected)
            want = None
        except OverflowError as e:
            want = ("OverflowError", str(e))
        try:
            jit(K.convert1)(values, out)
            got = None
        except OverflowError as e:
            got = ("OverflowError", str(e))
        assert (got, out.tolist()) == (want, expected.tolist()), v


def defined_conversions(src, dst):
    """A strategy of values of dtype ``src`` whose store into ``dst`` NumPy
    defines (no NaN/inf/out-of-range float to int, no out-of-range integer
    into a signed dtype)."""
    src, dst = np.dtype(src), np.dtype(dst)
    if src.kind == "b":
        return st.booleans()
    if src.kind in "iu":
        lo, hi = int(np.iinfo(src).min), int(np.iinfo(src).max)
        if dst.kind == "i":
            lo, hi = max(lo, int(np.iinfo(dst).min)), min(hi, int(np.iinfo(dst).max))
        return st.integers(lo, hi)
    ftype = src.type
    width = 8 * src.itemsize
    if dst.kind in "iu":
        bounds = []
        for v in (max(float(np.iinfo(dst).min), -(2.0**60)), min(float(np.iinfo(dst).max), 2.0**60)):
            x = ftype(v)
            if abs(float(x)) > abs(v):      # rounded outwards: step back towards 0
                x = np.nextafter(x, ftype(0))
            bounds.append(float(x))
        return st.floats(bounds[0], bounds[1], width=width)
    return st.floats(width=width)


@hsettings(80)
@given(st.data())
def test_store_conversion_hypothesis(data):
    src = data.draw(st.sampled_from(DTYPES), label="src")
    dst = data.draw(st.sampled_from(DTYPES), label="dst")
    values = data.draw(st.lists(defined_conversions(src, dst), max_size=12), label="values")
    a = with_layout(np.array(values, dtype=src).reshape(len(values)),
                    data.draw(st.sampled_from(LAYOUTS)))
    out = with_layout(np.zeros(len(values), dst), data.draw(st.sampled_from(LAYOUTS)))
    check_arrays(K.convert1, a, out)


@pytest.mark.parametrize("pair", [("float64", "int32"), ("int64", "uint8"), ("float32", "float64"),
                                  ("bool", "float32"), ("uint64", "int16"), ("float64", "bool")])
def test_store_converts_2d_layouts(pair):
    src, dst = pair
    values = conversion_source(src, dst)[:6]
    n = len(values)
    grid = np.stack([values, values[::-1]])
    for lay_s, lay_d in [("C", "F"), ("transposed", "strided"), ("reversed", "C")]:
        check_arrays(K.convert2, with_layout(grid, lay_s),
                     with_layout(np.zeros((2, n), dst), lay_d))


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_store_python_scalars(dtype):
    """``a[i] = 1``, ``= 2.75`` (truncated for ints), ``= True``, ``= -0.0``."""
    check_arrays(K.store_values, np.full(5, 9, dtype))


@pytest.mark.parametrize("x", [0.5, 1.7, 2.999, 50.25, 0.0, 63.9])
@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "float32", "bool"])
def test_store_float_truncates_toward_zero(dtype, x):
    check_arrays(K.store_truncates, np.zeros(3, dtype), x)


@pytest.mark.parametrize("value", [np.int64(300), np.int64(-1), np.float32(2.5), np.uint8(255),
                                   np.float64(-0.0), np.bool_(True), np.int32(-7)],
                         ids=repr)
@pytest.mark.parametrize("dtype", ["uint8", "int16", "float32", "bool", "uint64"])
def test_store_numpy_scalars(dtype, value):
    if np.dtype(dtype).kind == "u" and isinstance(value, np.floating):
        value = abs(value)
    check_arrays(K.set1, np.zeros(3, dtype), 1, value)


@pytest.mark.parametrize("f", [1.5, -2.0, 0.25, 3])
@pytest.mark.parametrize("layout", ["C", "strided", "reversed"])
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_scale_inplace(dtype, layout, f):
    if np.dtype(dtype).kind == "u" and f < 0:
        f = -f
    check_arrays(K.scale_inplace1, with_layout(ramp((7,), dtype), layout), f)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_read_write_same_array(dtype, layout):
    a = with_layout(ramp((7,), dtype), layout)
    check_arrays(K.shift_left1, a)
    check_arrays(K.swap_ends, a)
    check_arrays(K.shift_left1, np.zeros(0, dtype))


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_prefix_sum(dtype):
    for layout in ("C", "reversed"):
        check_arrays(K.prefix_sum1, with_layout(ramp((9,), dtype), layout))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_weighted_sum_and_matmul(layout):
    a = with_layout(ramp((4, 3), "float64"), layout)
    w = with_layout(ramp((3,), "float64", start=2), "reversed" if layout != "C" else "C")
    check_arrays(K.weighted_sum2, a, w)
    rng = np.random.default_rng(3)
    x = with_layout(rng.normal(size=(5, 7)), layout)
    y = with_layout(rng.normal(size=(7, 3)), layout)
    check_arrays(K.matmul, x, y)
    check_arrays(K.weighted_sum2, with_layout(ramp((4, 3), "int32"), layout),
                 ramp((3,), "float32"))


# ===========================================================================
# Attributes and helpers
# ===========================================================================
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("ndim", [0, 1, 2, 3])
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_attributes(dtype, ndim, layout):
    a = with_layout(ramp(SHAPES[ndim], dtype), layout)
    check_arrays(K.attrs, a)
    if ndim:
        check_arrays(K.length, a)
        e = with_layout(np.zeros(EMPTY_SHAPES[ndim], dtype), layout)
        check_arrays(K.attrs, e)
        check_arrays(K.length, e)


LITERAL_VIEWS = {
    "a[::2]": lambda a: a[::2],
    "a[:, ::3]": lambda a: a[:, ::3],
    "a.T": lambda a: a.T,
    "a[::-1]": lambda a: a[::-1],
    "a[::-1, ::-2]": lambda a: a[::-1, ::-2],
    "a[1:, 2:]": lambda a: a[1:, 2:],
    "a[:0]": lambda a: a[:0],
}


@pytest.mark.parametrize("view", list(LITERAL_VIEWS))
@pytest.mark.parametrize("dtype", ["float64", "int32", "uint8", "bool"])
def test_numpy_views_as_arguments(dtype, view):
    """The views named in the issue, made by NumPy itself."""
    make = LITERAL_VIEWS[view]
    a = make(ramp((6, 7), dtype))
    check_arrays(K.attrs, a)
    check_arrays(K.copy2, a)
    check_arrays(K.transpose2, a)
    check_arrays(K.iter_rows_sum, a)
    small = make(small_nonzero((6, 7), dtype))
    check_arrays(K.reduce_sum_prod, small)
    if a.size:
        check_arrays(K.reduce_all, small)
        check_arrays(K.set2, a, -1, 0, a_value(dtype))
        check_arrays(K.row, a, -1)
        check_arrays(K.fill_row, a, 0, 1)


def test_strides_of_views_and_readonly_arrays():
    base = np.arange(60.0).reshape(3, 4, 5)
    for v in (base[::2], base[:, ::3], base.T, base[::-1], base[:, :, ::-2], base[1:, 1:, 1:]):
        check_arrays(K.attrs, v)
    ro = np.arange(6, dtype=np.int16).reshape(2, 3)
    ro.flags.writeable = False
    check_arrays(K.attrs, ro)
    check_arrays(K.shape_unpack2, ro)


@hsettings(60)
@given(arrays(max_dims=3, max_side=4))
def test_attributes_hypothesis(a):
    check_arrays(K.attrs, a)
    if a.ndim:
        check_arrays(K.length, a)


# ---------------------------------------------------------------------------
# copy and fill
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype,ndim,layout", SPARSE_CASES)
def test_copy(dtype, ndim, layout):
    a = with_layout(ramp(SHAPES[ndim], dtype), layout)
    r = check_arrays(K.copy_method, a)
    assert r.flags.c_contiguous and r.flags.writeable and not np.shares_memory(r, a)
    check_arrays(K.np_copy, a)
    if ndim:
        check_arrays(COPIERS[ndim], a)
        check_arrays(K.copy_method, with_layout(np.zeros(EMPTY_SHAPES[ndim], dtype), layout))
        check_arrays(COPIERS[ndim], with_layout(np.zeros(EMPTY_SHAPES[ndim], dtype), layout))


def test_copies_are_independent():
    for dtype in DTYPES:
        for layout in ("C", "reversed", "strided"):
            check_arrays(K.copy_is_independent, with_layout(ramp((4,), dtype), layout))


def test_copy_float_specials_bit_exact():
    a = np.array([np.nan, -np.nan, np.inf, -np.inf, -0.0, 0.0, 5e-324, -1e308])
    r = check_arrays(K.copy_method, a)
    assert r.view(np.uint64).tolist() == a.view(np.uint64).tolist()
    r = check_arrays(K.copy1, a[::-1])
    assert r.view(np.uint64).tolist() == a[::-1].view(np.uint64).tolist()


@hsettings(80)
@given(arrays(min_dims=1, max_dims=3, max_side=5), st.booleans())
def test_copy_hypothesis(a, writeable):
    a.flags.writeable = writeable    # read-only arguments are a specialisation of their own
    check_arrays(COPIERS[a.ndim], a)
    check_arrays(K.copy_method, a)
    check_arrays(K.np_copy, a)


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_fill(dtype):
    """Every kind of fill value (converted as NumPy's ``fill`` does: floats
    truncated for integer arrays), then every layout."""
    neg = 3 if dtype.kind == "u" else -3
    for v in (0, 7, neg, 2.75, -0.0, True, np.float32(1.5), np.int64(100)):
        check_arrays(K.fill, ramp((5,), dtype), v)
    for ndim, layout in ((0, "C"), (1, "reversed"), (2, "F"), (3, "transposed")):
        check_arrays(K.fill, with_layout(ramp(SHAPES[ndim], dtype), layout), 7)
    check_arrays(K.fill, np.zeros((2, 0, 3), dtype), 2.5)
    check_arrays(K.fill_returned, with_layout(ramp((3, 2), dtype), "strided"), 1)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fill_row_view(layout):
    a = with_layout(ramp((3, 4), "int32"), layout)
    for i in (0, -1, 1):
        check_arrays(K.fill_row, a, i, -8)
    b = with_layout(ramp((2, 3, 4), "float32"), layout)
    check_arrays(K.fill_row, b, 1, 0.1)


@hsettings(60)
@given(st.data())
def test_fill_hypothesis(data):
    a = data.draw(arrays(max_dims=3, max_side=4))
    kind = a.dtype.kind
    if kind == "f":
        v = data.draw(st.floats(width=32) if a.dtype == np.float32 else st.floats())
    elif kind == "b":
        v = data.draw(st.booleans())
    else:
        info = np.iinfo(a.dtype)
        v = data.draw(st.integers(max(int(info.min), -(2**63)), min(int(info.max), 2**63 - 1)))
    check_arrays(K.fill, a, v)


def test_return_argument_shares_memory():
    for layout in LAYOUTS:
        a = with_layout(ramp((3, 4), "float64"), layout)
        check_arrays(K.return_arg, a)  # (shares memory with its argument in both)
        r1, r2 = jit(K.return_arg_twice)(a)
        assert np.shares_memory(r1, a) and np.shares_memory(r2, a)
        assert r1.strides == a.strides and r1.ctypes.data == a.ctypes.data
    a0 = np.array(2.5)
    check_arrays(K.return_arg, a0)


# ===========================================================================
# Creation
# ===========================================================================
@pytest.mark.parametrize("n", [0, 1, 5])
def test_creation_defaults_and_shapes(n):
    check_arrays(K.empty1, n, values=False)
    check_arrays(K.empty_tuple, n, 3, values=False)
    check_arrays(K.empty_tuple, 2, n, values=False)
    check_arrays(K.zeros_default, n)
    check_arrays(K.zeros_2d, n, 2)
    check_arrays(K.zeros_3d_int, 2, n, 3)
    check_arrays(K.ones_default, n)
    check_arrays(K.ones_3d, n, 2, 3)


@pytest.mark.parametrize("shape", [(), (0,), (4,), (2, 3), (2, 0, 4), (1, 1, 1), (3, 2, 1, 2)],
                         ids=repr)
def test_creation_with_shape_tuple_argument(shape):
    r = check_arrays(K.zeros_shape_arg, shape)
    assert r.shape == shape


def test_zero_dimensional_creation():
    r = check_arrays(K.zeros0)
    assert r.ndim == 0
    check_arrays(K.attrs, r)
    check_arrays(K.get0, r)


DTYPE_FORMS = [K.zeros_np_float64, K.zeros_np_uint8, K.ones_np_int32, K.ones_np_int8,
               K.ones_np_uint16, K.ones_np_uint32, K.ones_np_uint64, K.ones_np_int16,
               K.ones_np_int64, K.ones_np_float32, K.ones_np_bool, K.zeros_builtin_float,
               K.ones_builtin_int, K.ones_builtin_bool, K.zeros_str_f8, K.ones_str_f8_kw]


@pytest.mark.parametrize("kernel", DTYPE_FORMS, ids=lambda k: k.__name__)
def test_dtype_spellings(kernel):
    for n in (0, 3):
        check_arrays(kernel, n)


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_dtype_from_array(dtype):
    for layout in (("C", "F", "reversed") if dtype.name in WIDE_DTYPES else ("C",)):
        a = with_layout(ramp((2, 3), dtype), layout)
        check_arrays(K.zeros_from_dtype, a, 4)
        check_arrays(K.ones_from_dtype_kw, a, 2)
        check_arrays(K.zeros_like_shape, a)
        check_arrays(K.ones_like_shape_default, a)
        check_arrays(K.zeros_len, a)
        check_arrays(K.empty_like_dt, a, values=False)
        check_arrays(K.full_from_element, with_layout(ramp((4,), dtype), layout))


@pytest.mark.parametrize("v", [7, -2, 2.5, True, np.float32(0.1), np.int64(-5), np.uint8(200),
                               np.int16(-300), np.nan], ids=repr)
def test_full(v):
    for n in (0, 4):
        check_arrays(K.full_int, n, v)
        check_arrays(K.full_tuple, n, 2, v)
    if not (isinstance(v, float) and np.isnan(v)):
        check_arrays(K.full_dtype, 3, v)
        check_arrays(K.full_dtype_kw_int, 3, v if not isinstance(v, np.uint8) else 100)
    check_arrays(K.full_nan, 3)


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_like_functions(dtype):
    for shape in ((4,), (0,), (2, 3, 2), (2, 0, 3)):
        a = ramp(shape, dtype)
        check_arrays(K.zeros_like, a)
        check_arrays(K.ones_like, a)
        check_arrays(K.zeros_like_dtype, a)
        check_arrays(K.ones_like_dtype_pos, a)
        check_arrays(K.empty_like_dt, a, values=False)
    a = ramp((4,), dtype)
    for v in (3, 2.75, True):
        check_arrays(K.full_like, a, v)
        check_arrays(K.full_like_dtype, a, v)
        check_arrays(K.full_like_dtype_pos, a, v)
    check_arrays(K.zeros_like, np.zeros((), dtype))


@pytest.mark.parametrize("layout", ["F", "strided", "reversed", "transposed"])
@pytest.mark.parametrize("dtype", ["float64", "int8", "bool"])
def test_like_functions_layouts(dtype, layout):
    for shape in ((4,), (2, 3), (2, 3, 2), (0, 3)):
        a = with_layout(ramp(shape, dtype), layout)
        check_arrays(K.zeros_like, a)
        check_arrays(K.ones_like_dtype_pos, a)
        check_arrays(K.empty_like_dt, a, values=False)
    check_arrays(K.full_like, with_layout(ramp((2, 3), dtype), layout), 2.75)


@pytest.mark.parametrize("layout", ["C", "F", "strided", "reversed", "transposed"])
def test_like_functions_and_np_copy_keep_memory_order(layout):
    """NumPy's order='K': zeros_like/np.copy of a Fortran-ordered array are
    Fortran-ordered; a.copy() is always C-ordered."""
    for shape in ((2, 3), (2, 3, 2), (3, 1), (0, 3)):
        a = with_layout(ramp(shape, "float64"), layout)
        for kernel, extra in ((K.zeros_like, ()), (K.ones_like_dtype_pos, ()), (K.empty_like_dt, ()),
                              (K.full_like, (2.75,)), (K.np_copy, ()), (K.copy_method, ())):
            expected = kernel(a.copy(order="K"), *extra)
            got = ferrojit.njit(kernel)(a, *extra)
            assert got.shape == expected.shape and got.dtype == expected.dtype
            if a.flags.c_contiguous or a.flags.f_contiguous:
                assert (got.flags.c_contiguous, got.flags.f_contiguous) == \
                    (expected.flags.c_contiguous, expected.flags.f_contiguous), (kernel.__name__, layout, shape)
            else:
                # Documented difference: for a non-contiguous argument NumPy follows its
                # stride order; compiled code (like Numba) makes a C-ordered array.
                assert got.flags.c_contiguous, (kernel.__name__, layout, shape)
            if kernel is not K.empty_like_dt:
                np.testing.assert_array_equal(got, expected)


ARANGE_INT = [(0,), (1,), (7,), (-3,), (2, 9), (9, 2), (-5, 5), (0, 10, 3), (10, 0, -3),
              (10, 0, 3), (-7, 8, 5), (5, 5, 1), (0, 100, 7)]
ARANGE_FLOAT = [(2.5,), (0.0, 1.0, 0.25), (1.5, 4), (10, 0, -2.5), (0, 1, 0.125), (-1.0, 1.0, 0.5),
                (3, 1.5), (0.5, 0.0, -0.125)]


@pytest.mark.parametrize("args", ARANGE_INT + ARANGE_FLOAT, ids=repr)
def test_arange(args):
    kernel = {1: K.arange1, 2: K.arange2, 3: K.arange3}[len(args)]
    check_arrays(kernel, *args)


@pytest.mark.parametrize("args", [(0, 1, 0.1), (0.1, 1.0, 0.3), (1.0, 0.0, -0.1), (-2.2, 3.3, 0.7),
                                  (0, 5, 1 / 3), (0.3, 2.0, 0.1)], ids=repr)
def test_arange_inexact_steps(args):
    """Steps that are not binary fractions: NumPy computes element i as
    start + i*delta with delta = (start + step) - start (in float64), which
    compiled code can do exactly as well."""
    check_arrays(K.arange3, *args)


@hsettings(60)
@given(st.integers(-50, 50), st.integers(-50, 50), st.integers(-9, 9).filter(bool))
def test_arange_int_hypothesis(a, b, s):
    check_arrays(K.arange3, a, b, s)
    check_arrays(K.arange2, a, b)


def test_arange_dtypes():
    for n in (0, 1, 6):
        check_arrays(K.arange_dtype_kw, n)
    check_arrays(K.arange_dtype_u8, 0, 250, 7)
    check_arrays(K.arange_dtype_u8, 10, 0, -2)
    check_arrays(K.arange_dtype_pos, -10, 10, 3)
    check_arrays(K.arange_dtype_pos, 5, -5, -1)


def test_arange_iteration_and_zero_step():
    for n in (0, 1, 10, 1000):
        check_arrays(K.arange_sum, n)
    check_arrays(K.arange3, 0, 5, 0)        # ZeroDivisionError in both
    check_arrays(K.arange3, 0.0, 5.0, 0.0)


def test_create_every_dtype_in_one_kernel():
    for n in (0, 3):
        check_arrays(K.create_every_dtype, n)


def test_arrays_created_in_a_loop():
    for n in (0, 1, 10, 500):
        check_arrays(K.created_in_loop, n)


def test_created_arrays_own_their_memory():
    r = jit(K.zeros_2d)(3, 4)
    assert isinstance(r, np.ndarray) and r.flags.c_contiguous and r.flags.writeable
    assert r.flags.aligned
    assert r.base is not None and not isinstance(r.base, np.ndarray)
    assert "ferrojit" in type(r.base).__module__
    r[2, 3] = 5.0
    assert r.sum() == 5.0


# ===========================================================================
# Iteration
# ===========================================================================
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_iterate_1d(dtype, layout):
    a = with_layout(ramp((9,), dtype), layout)
    check_arrays(K.iter_sum1, a)
    check_arrays(K.iter_count_positive, a)
    check_arrays(K.iter_collect, a)
    check_arrays(K.iter_break, a, a[4])
    check_arrays(K.iter_nested_same, a)
    e = np.zeros(0, dtype)
    check_arrays(K.iter_sum1, e)
    check_arrays(K.iter_collect, e)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float64", "int16", "uint8", "bool", "float32"])
def test_iterate_rows(dtype, layout):
    a2 = with_layout(ramp((3, 4), dtype), layout)
    check_arrays(K.iter_rows_sum, a2)
    check_arrays(K.iter_row_len, a2)
    check_arrays(K.iter_rows_write, a2, a_value(dtype))
    a3 = with_layout(ramp((2, 3, 4), dtype), layout)
    check_arrays(K.iter_rows_3d, a3)
    check_arrays(K.iter_row_len, a3)
    check_arrays(K.iter_rows_sum, np.zeros((0, 3), dtype))
    check_arrays(K.iter_rows_sum, np.zeros((3, 0), dtype))
    check_arrays(K.iter_rows_3d, np.zeros((2, 0, 3), dtype))


@hsettings(60)
@given(arrays(min_dims=1, max_dims=1, max_side=12, exact=True))
def test_iterate_hypothesis(a):
    check_arrays(K.iter_sum1, a)
    check_arrays(K.iter_collect, a)
    check_arrays(K.iter_count_positive, a)


# ===========================================================================
# Reductions
# ===========================================================================
def small_nonzero(shape, dtype):
    """Values whose sums and products are exact in every dtype."""
    dtype = np.dtype(dtype)
    n = int(np.prod(shape, dtype=np.int64))
    cyc = np.resize(np.array([1, 2, -1, 1, 3, -2, 1, 1]), n)
    if dtype.kind == "u":
        cyc = np.abs(cyc)
    if dtype.kind == "b":
        cyc = np.resize(np.array([1, 1, 0, 1]), n)
    if dtype.kind == "f":
        cyc = cyc * 0.5
    return cyc.astype(dtype).reshape(shape)


@pytest.mark.parametrize("dtype,ndim,layout", SPARSE_CASES)
def test_reductions_every_dtype_ndim_layout(dtype, ndim, layout):
    a = with_layout(small_nonzero(SHAPES[ndim], dtype), layout)
    check_arrays(K.reduce_all, a, signed_zeros=False)


REDUCERS = [K.np_sum, K.np_prod, K.np_min, K.np_max, K.np_amin, K.np_amax,
            K.m_sum, K.m_prod, K.m_min, K.m_max]


@pytest.mark.parametrize("kernel", REDUCERS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_each_reduction_spelling(dtype, kernel):
    check_arrays(kernel, small_nonzero((10,), dtype), signed_zeros=False)
    check_arrays(kernel, small_nonzero((1,), dtype), signed_zeros=False)
    if kernel in (K.np_sum, K.m_sum, K.np_prod, K.m_prod):
        check_arrays(kernel, np.zeros(0, dtype))       # 0 / 1
        check_arrays(kernel, np.zeros((2, 0), dtype))
    else:
        check_arrays(kernel, np.zeros(0, dtype), match_message=True)  # ValueError


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=lambda d: d.name)
def test_integer_reductions_full_range(dtype):
    """Integer sums and products are exact in the result type (int64 / uint64
    for small types) and wrap like NumPy's when that overflows."""
    info = np.iinfo(dtype)
    rng = np.random.default_rng(dtype.itemsize)
    a = rng.integers(info.min, info.max, 50, dtype=dtype, endpoint=True)
    a[:2] = [info.max, info.min]
    for layout in ("C", "strided", "reversed"):
        check_arrays(K.reduce_all, with_layout(a, layout))


def test_integer_sum_wraps_like_numpy():
    check_arrays(K.np_sum, np.array([2**62, 2**62, 2**62], np.int64))
    check_arrays(K.np_sum, np.array([-(2**63), -1], np.int64))
    check_arrays(K.m_sum, np.array([2**63, 2**63, 5], np.uint64))
    check_arrays(K.np_prod, np.array([2**40, 2**40, 3], np.int64))
    check_arrays(K.m_prod, np.array([2**33, 2**33], np.uint64))
    check_arrays(K.np_sum, np.full(1000, 255, np.uint8))      # 255000, no wrap
    check_arrays(K.np_sum, np.full(1000, -128, np.int8))
    check_arrays(K.np_prod, np.full(9, 255, np.uint8))
    check_arrays(K.m_sum, np.full(70000, 60000, np.uint16))
    check_arrays(K.np_sum, np.full(300, True))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.name)
def test_float_sums_with_tolerance(dtype):
    rng = np.random.default_rng(11)
    for n in (1, 7, 128, 1001):
        a = (rng.normal(size=n) * 100).astype(dtype)
        for layout in ("C", "strided", "reversed"):
            v = with_layout(a, layout)
            check_arrays(K.np_sum, v, atol=float_sum_tol(v))
            check_arrays(K.m_sum, v, atol=float_sum_tol(v))
            check_arrays(K.np_min, v)
            check_arrays(K.m_max, v)
        b = (1 + rng.random(n) * 0.01).astype(dtype)
        check_arrays(K.np_prod, b, rtol=4 * n * float(np.finfo(dtype).eps))


NAN_CASES = [[np.nan, 1.0, 2.0], [1.0, np.nan, 2.0], [1.0, 2.0, np.nan], [np.nan],
             [np.nan, np.nan], [np.inf, np.nan, -np.inf], [-np.inf, 3.0], [np.inf, -np.inf],
             [0.0, -0.0], [-0.0, 0.0, -1.0], [5e-324, -5e-324]]


@pytest.mark.parametrize("values", NAN_CASES, ids=repr)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.name)
def test_nan_and_inf_in_reductions(dtype, values):
    a = np.array(values, dtype)
    for kernel in (K.np_min, K.np_max, K.m_min, K.m_max, K.np_amin, K.np_amax):
        check_arrays(kernel, a, signed_zeros=False)
    check_arrays(K.np_sum, a, signed_zeros=False)
    check_arrays(K.np_prod, a, signed_zeros=False)
    # the same values in a 2-D reversed view
    b = with_layout(np.array([values, values[::-1]], dtype), "reversed")
    check_arrays(K.reduce_all, b, signed_zeros=False)


def test_nan_found_anywhere_in_long_arrays():
    """Vectorised min/max must not lose a NaN in any lane."""
    for n in (17, 64, 257):
        for pos in (0, 1, n // 2, n - 2, n - 1):
            a = np.arange(n, dtype=np.float64)
            a[pos] = np.nan
            check_arrays(K.np_max, a)
            check_arrays(K.np_min, a)
            check_arrays(K.np_min, a.astype(np.float32))


@hsettings(80)
@given(arrays(min_dims=1, max_dims=3, min_side=1, max_side=6))
def test_reductions_hypothesis(a):
    check_arrays(K.np_min, a, signed_zeros=False)
    check_arrays(K.m_max, a, signed_zeros=False)
    if a.dtype.kind == "f":
        tol = float_sum_tol(a)
        if tol < np.inf:
            check_arrays(K.np_sum, a, atol=tol, signed_zeros=False)
    else:
        check_arrays(K.np_sum, a)
        check_arrays(K.m_prod, a)


@hsettings(60)
@given(arrays(min_dims=1, max_dims=3, min_side=1, max_side=4, exact="pow2"))
def test_reductions_exact_hypothesis(a):
    check_arrays(K.reduce_sum_prod, a, signed_zeros=False)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reductions_of_views_and_derived(layout):
    a = with_layout(ramp((3, 5), "float64"), layout)
    for i in (0, -1):
        check_arrays(K.reduce_row, a, i)
    check_arrays(K.reduce_row, with_layout(ramp((3, 5), "int8"), layout), 1)
    check_arrays(K.mean_by_hand, a)
    check_arrays(K.mean_by_hand, with_layout(ramp((3, 5), "int32"), layout))
    v = with_layout(ramp((7,), "float64"), layout)
    check_arrays(K.normalize_by_max, v)
    check_arrays(K.running_min, v)
    check_arrays(K.running_min, np.zeros(0))


# ===========================================================================
# Global arrays and NumPy constants
# ===========================================================================
def test_numpy_constants():
    check_arrays(K.np_constants)


def test_global_array_elements():
    for i in range(-5, 5):
        check_arrays(K.global_get, i)
    for i in range(3):
        for j in range(4):
            check_arrays(K.global_2d_get, i, j)
    check_arrays(K.global_row)
    check_arrays(K.global_scale, ramp((12,), "float64"))
    check_arrays(K.iter_global)


def test_global_array_attributes():
    check_arrays(K.global_attrs)


def test_global_array_numpy_functions():
    check_arrays(K.global_np_functions)
    check_arrays(K.global_np_copy)
    check_arrays(K.global_return)


def test_global_array_methods():
    check_arrays(K.global_method_reductions)
    check_arrays(K.global_copy)
    r = check_arrays(K.global_u8_sum)
    assert r == (515, 255, 255)


def test_global_array_returned_cannot_corrupt_the_constant():
    before = jit(K.global_sum)()
    r = jit(K.global_return)()
    assert np.array_equal(r, K.GLOBAL_F)
    if r.flags.writeable:
        r[0] = 1e6
    row = jit(K.global_row)()
    if row.flags.writeable:
        row[0] = 123456
    assert jit(K.global_sum)() == before
    assert K.GLOBAL_F[0] == 1.5 and K.GLOBAL_2D[1, 0] == 4
    check_arrays(K.global_2d_get, 1, 0)


def test_global_array_rebinding_is_frozen(monkeypatch):
    import gc
    f = ferrojit.njit(K.frozen_arr_sum)
    assert f() == 6.0
    monkeypatch.setattr(K, "FROZEN_ARR", np.array([10.0, 20.0]))
    gc.collect()  # the old array must be kept alive by the compiled code
    assert K.frozen_arr_sum() == 30.0   # plain Python sees the new array
    assert f() == 6.0                    # the compiled specialisation does not
    assert len(f.signatures) == 1


# ===========================================================================
# Arrays through calls and tuples
# ===========================================================================
@pytest.mark.parametrize("layout", ["C", "strided", "reversed"])
@pytest.mark.parametrize("dtype", ["float64", "int32", "uint8", "float32"])
def test_arrays_through_jitted_calls(dtype, layout):
    a = with_layout(ramp((6,), dtype), layout)
    check_arrays(K.call_sum, a)
    check_arrays(K.call_double, a)
    check_arrays(K.call_set_first, a, 5)
    check_arrays(K.call_pair, a)
    a2 = with_layout(ramp((3, 4), dtype), layout)
    for i in (0, -1):
        check_arrays(K.call_row, a2, i)


def test_arrays_created_in_callees():
    for n in (0, 1, 9):
        check_arrays(K.call_make, n)


def test_calling_jitted_callee_directly_with_arrays():
    a = ramp((5,), "float64")
    assert K.j_sum1(a) == K.j_sum1.py_func(a)
    r = K.j_set_first(a.copy(), 9.0)
    assert r[0] == 9.0
    arr, s = K.j_pair(a)
    assert np.shares_memory(arr, a) and s == a.sum()


def test_arrays_in_tuples():
    a, b = ramp((4,), "float64"), ramp((3,), "int16")
    check_arrays(K.tuple_of_arrays, a, b)
    for n in (0, 2):
        check_arrays(K.return_tuple, a, n)
        check_arrays(K.nested_tuple_return, n)
    check_arrays(K.tuple_arg, (a, b))
    check_arrays(K.tuple_arg, (with_layout(ramp((2, 3), "int8"), "F")[0], a[::-1]))
    check_arrays(K.tuple_arg_write, (a, b), 7)
    check_arrays(K.swap_tuple, a, ramp((2,), "float64"))


def test_numpy_scalars_as_arguments():
    check_arrays(K.scalar_args, np.zeros(4), np.float32(1.5), np.int64(3), np.uint8(200),
                 np.bool_(True))
    check_arrays(K.scalar_args, np.zeros(4, np.int32), np.float32(-2.5), np.int64(-3),
                 np.uint8(254), np.bool_(False))
    check_arrays(K.set1, np.zeros(3, np.float32), np.int64(2), np.float64(0.1))
    check_arrays(K.full_int, np.int64(3), np.float32(2.5))


# ===========================================================================
# Specialisations
# ===========================================================================
def test_one_specialisation_per_array_type():
    f = ferrojit.njit(K.copy2)
    c = ramp((3, 4), "float64")
    f(c)
    f(c + 1)
    assert len(f.signatures) == 1
    f(np.asfortranarray(c))
    assert len(f.signatures) == 2
    f(c[:, ::2])
    f(c[::-1])            # another non-contiguous layout: same specialisation
    assert len(f.signatures) == 3
    ro = c.copy()
    ro.flags.writeable = False
    f(ro)
    assert len(f.signatures) == 4
    f(c.astype(np.float32))
    assert len(f.signatures) == 5
    r = f(ro)
    assert np.array_equal(r, c) and r.flags.writeable
    assert len(f.signatures) == 5
    g = ferrojit.njit(K.attrs)
    for nd in range(4):
        g(ramp(SHAPES[nd], "int8"))
    assert len(g.signatures) == 4


def test_signatures_describe_arrays():
    f = ferrojit.njit(K.addarr)
    x = np.arange(3.0)
    f(x, x)
    f(x[::2], x[::2])
    text = " ".join(str(t) for sig in f.signatures for t in sig)
    assert "float64" in text and "1d" in text


# ===========================================================================
# Vectorised code
# ===========================================================================
@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"),
                    reason="x86-64 assembly")
@pytest.mark.parametrize("dtype,packed", [("float64", r"v?addpd"), ("uint8", r"v?paddb")])
def test_addarr_is_vectorised(dtype, packed):
    f = ferrojit.njit(K.addarr)
    x = np.arange(64).astype(dtype)
    f(x, x)
    asm = f.inspect_asm(f.signatures[0])
    pattern = re.compile(r"^\s*" + packed + r"\b.*%[xyz]mm\d+", re.M)
    assert pattern.search(asm), f"no packed {packed} in the assembly of addarr({dtype}):\n{asm}"
