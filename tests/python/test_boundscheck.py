"""Array bounds checking, on by default (issue 23): every out-of-range integer index
raises NumPy's IndexError before anything is read or written; ``boundscheck=False``
turns the checks off per function; FERROJIT_BOUNDSCHECK / NUMBA_BOUNDSCHECK ("0": off,
anything else: on, empty: unset) override the keyword. The compiler skips the checks
it proves useless (the counter of ``for i in range(a.shape[k])`` indexing ``a``...):
the loop tests try to break that proof. Oracle: CPython + NumPy (``check_arrays``).

Code compiled with checks off only ever gets valid indices; to tell "checked" from
"unchecked" a test asks for a column view ``m[:, j]`` past the last column: unchecked
code makes a view the runtime refuses to return (an IndexError saying so), touching no
memory outside the array."""

import ctypes
import inspect
import os
import subprocess
import sys
import traceback

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ferrojit
from array_helpers import LAYOUTS, check_arrays, ramp, with_layout
from conftest import examples, pure

DTYPES = ["int8", "uint8", "int32", "float32", "float64", "bool", "complex128"]
HUGE = [2**62, 2**63 - 1, -(2**62), -(2**63)]
ENV_VARS = ["FERROJIT_BOUNDSCHECK", "NUMBA_BOUNDSCHECK"]
#: the runtime's refusal of a view made by unchecked code that reaches outside its array
UNCHECKED = "reaches outside its array's memory"
OFF = {"boundscheck": False}


@pytest.fixture(autouse=True)
def _no_boundscheck_override(monkeypatch):
    """Every test starts without the environment override (a dispatcher reads it)."""
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)


def bad(fn, *args, opts=None):
    """CPython raises IndexError; ferrojit the same, same message, same effects."""
    exc = check_arrays(fn, *args, match_message=True, jit_options=opts)
    assert isinstance(exc, IndexError), exc
    return exc


def good(fn, *args, opts=None):
    """CPython raises nothing; ferrojit gives the same result and effects. (CPython
    runs first on copies: unchecked code must never be given a bad index.)"""
    pure(fn)(*[x.copy() if isinstance(x, np.ndarray) else x for x in args])
    got = check_arrays(fn, *args, jit_options=opts)
    assert not isinstance(got, Exception), got


def src_of(dtype):
    return ramp((1,), dtype, start=5)


def arg_for(kernel, dtype):
    return src_of(dtype) if kernel.__name__.startswith("wr") else np.zeros(1, dtype)


# --- Kernels: reads copy into out[0], writes copy from src[0] (any dtype) ---
def rd1(a, out, i):
    out[0] = a[i]

def wr1(a, src, i):
    a[i] = src[0]

def rd2(a, out, i, j):
    out[0] = a[i, j]

def wr2(a, src, i, j):
    a[i, j] = src[0]

def rd3(a, out, i, j, k):
    out[0] = a[i, j, k]

def wr3(a, src, i, j, k):
    a[i, j, k] = src[0]

def rd2_chained(a, out, i, j):
    out[0] = a[i][j]

def wr2_chained(a, src, i, j):
    a[i][j] = src[0]

def rd3_chained(a, out, i, j, k):
    out[0] = a[i][j][k]

def wr3_mixed(a, src, i, j, k):
    a[i, j][k] = src[0]

def row_then(a, out, i, j):
    r = a[i]
    out[0] = r[j]

def row_of(a, i):
    return a[i]

def fill_row(a, i, v):
    a[i] = v


READ = {1: rd1, 2: rd2, 3: rd3}
WRITE = {1: wr1, 2: wr2, 3: wr3}
FORMS = {1: [rd1, wr1], 2: [rd2, wr2, rd2_chained, wr2_chained, row_then],
         3: [rd3, wr3, rd3_chained, wr3_mixed]}


# --- Straight-line code: every axis, layout and dtype -------------------------
@pytest.mark.parametrize("opts", [None, {"boundscheck": True}, {"boundscheck": None}],
                         ids=["default", "True", "None"])
@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_every_axis_every_bad_index(ndim, opts):
    shape = (3, 4, 2)[:ndim]
    a, out = ramp(shape, "float64"), np.zeros(1)
    for axis, n in enumerate(shape):
        for v in [n, n + 1, -n - 1, -n - 2] + HUGE:
            idx = [0] * ndim
            idx[axis] = v
            exc = bad(READ[ndim], a, out, *idx, opts=opts)
            assert str(exc) == f"index {v} is out of bounds for axis {axis} with size {n}"
            bad(WRITE[ndim], a, src_of("float64"), *idx, opts=opts)
    for idx in ([9] * ndim, [-9] * ndim, [0] + [9] * (ndim - 1))[:ndim + 1]:   # the first
        axis = 0 if idx[0] else 1                                            # bad axis
        assert f"for axis {axis} with" in str(bad(READ[ndim], a, out, *idx, opts=opts))
        if ndim > 1:
            bad(FORMS[ndim][2], a, out, *idx, opts=opts)    # chained
    for idx in np.ndindex(*shape):      # every valid index, and its negative twin
        for j in (idx, [i - n for i, n in zip(idx, shape)]):
            good(READ[ndim], a, out, *j, opts=opts)
            good(WRITE[ndim], a, src_of("float64"), *j, opts=opts)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_layouts_and_dtypes(dtype, layout):
    for shape in [(5,), (3, 4), (2, 3, 4)]:
        a = with_layout(ramp(shape, dtype), layout)
        for axis, n in enumerate(shape):
            for v in (n, -n - 1, 2**63 - 1, n - 1, -n):
                idx = [1] * len(shape)
                idx[axis] = v
                for f in FORMS[len(shape)]:
                    check_arrays(f, a, arg_for(f, dtype), *idx, match_message=True)


@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 3), (2, 0, 4), (0, 0, 0)], ids=repr)
def test_zero_size_arrays(shape):
    a = np.zeros(shape)
    for v in (0, -1, 1, 2**62):
        idx = [0] * len(shape)
        idx[shape.index(0)] = v
        bad(READ[len(shape)], a, np.zeros(1), *idx)
        bad(WRITE[len(shape)], a, np.ones(1), *idx)
    bad(row_of, a, shape[0])
    bad(row_of, a[::-1], -shape[0] - 1)


def test_row_views_and_row_stores():
    m, out = ramp((3, 4), "float32"), np.zeros(1, "float32")
    for i, it in [(3, 4), (-4, -5), (2**62, 2**62)]:
        bad(row_of, m, i)
        bad(row_of, m.T, it)
        bad(fill_row, m, i, 9.0)
    good(fill_row, m, -3, 9.0)
    good(row_of, m.T, -4)
    bad(row_then, m, out, 1, 4)       # the row's own axis 0
    bad(row_then, m, out, 0, -5)


def test_index_values_of_every_integer_type():
    a, out = ramp((4,), "float64"), np.zeros(1)
    for v in (np.int8(-128), np.int8(-5), np.uint8(200), np.uint8(4), np.int16(-32768),
              np.uint16(65535), np.int32(-2**31), np.uint32(2**32 - 1), np.int64(4),
              np.uint64(4), np.uint64(2**40)):
        bad(rd1, a, out, v)
        bad(wr1, a, np.ones(1), v)
    for v in (np.int8(-4), np.uint8(3), np.uint64(3), np.uint32(0)):
        good(rd1, a, out, v)


@pytest.mark.parametrize("v", [2**64 - 1, 2**64 - 4])
def test_huge_uint64_index_is_refused(v):
    a = np.arange(4.0)
    with pytest.raises((IndexError, OverflowError)):
        ferrojit.njit(rd1)(a, np.zeros(1), np.uint64(v))
    with pytest.raises((IndexError, OverflowError)):
        ferrojit.njit(wr1)(a, np.ones(1), np.uint64(v))
    np.testing.assert_array_equal(a, np.arange(4.0))


def gather(a, idx):
    out = np.zeros(len(idx), a.dtype)
    for k in range(len(idx)):
        out[k] = a[idx[k]]
    return out

def scatter(a, idx, v):
    for k in range(len(idx)):
        a[idx[k]] = v


@pytest.mark.parametrize("idx_dtype", ["int8", "uint8", "int32", "int64", "uint64"])
def test_index_arrays_holding_a_bad_entry(idx_dtype):
    """``a[idx[k]]`` (``a[idx]`` with an array ``idx`` is not compiled): the entries
    before the bad one are gathered / scattered, as in CPython."""
    a, signed = ramp((6,), "float64"), idx_dtype[0] == "i"
    for bad_entry in (6, 100, -7) if signed else (6, 100):
        idx = np.array([0, 5, -1 if signed else 2, bad_entry, 1], idx_dtype)
        bad(gather, a, idx)
        bad(scatter, a, idx, 7.5)
        bad(gather, a, idx[::-1])
    good(scatter, a, np.array([5, 0, 3], idx_dtype), 7.5)


def bump(b):
    b[0] += 1
    return 7.0

def store_after_call(a, b, i):
    a[i] = bump(b)          # CPython evaluates the value first, then the index fails

def augmented(a, i, j):
    a[i, j] += 1

def copy_prefix(src, dst):
    for i in range(len(src)):
        dst[i] = src[i] * 2

def catches(a, i):
    try:
        return a[i] * 1.0
    except IndexError:
        return -1.0

def dead_read(a, i):
    a[i]
    return 0

def slices(a, m):
    return a[10:], a[-100:2], a[5:1], a[7:20:2], a[::-1][9:], m[:, 7:], m[5:, :], m[1:9, -9:1]


def test_effects_before_the_failure_stay_and_nothing_else_is_written():
    a = ramp((4,), "float64")
    bad(store_after_call, a, np.zeros(2), 4)
    bad(store_after_call, a, np.zeros(2), -5)
    bad(augmented, ramp((2, 3), "int32"), 1, 3)
    bad(augmented, ramp((2, 3), "int32"), -3, 0)
    bad(copy_prefix, np.arange(6.0), np.zeros(4))
    bad(copy_prefix, np.arange(6.0), np.zeros(4)[::-1])
    for i in (-5, -4, 3, 4, 2**63 - 1):     # the default checks are catchable
        check_arrays(catches, a, i)
    bad(dead_read, a, 4)                    # an unused read still raises
    good(slices, np.arange(4.0), np.ones((2, 3)))      # slices never raise
    good(slices, np.zeros(0), np.zeros((0, 3)))


@st.composite
def index_cases(draw):
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(0, 4)) for _ in range(ndim))
    idx = []
    for n in shape:
        kind = draw(st.sampled_from(["in", "in", "edge", "huge"]))
        if kind == "in" and n:
            idx.append(draw(st.integers(-n, n - 1)))
        else:
            idx.append(draw(st.sampled_from(HUGE if kind == "huge" else [n, n + 1, -n - 1, -n - 5])))
    kernel = draw(st.sampled_from(FORMS[ndim]))
    return shape, draw(st.sampled_from(DTYPES)), draw(st.sampled_from(LAYOUTS)), idx, kernel


@examples(60)
@given(index_cases())
def test_hypothesis_random_indices(case):
    shape, dtype, layout, idx, kernel = case
    a = with_layout(ramp(shape, dtype), layout)
    got = check_arrays(kernel, a, arg_for(kernel, dtype), *idx, match_message=True)
    in_range = all(-n <= i < n for i, n in zip(idx, shape))
    assert isinstance(got, IndexError) != in_range, got


# --- Loops: the proof that a counter is in range must not skip a needed check ---
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    for i in range(len(a)):
        s += a[i] * 2
    for i in range(a.size):
        s += a[i] * 3
    for i in range(1, a.shape[0], 2):
        s += a[i] * 5
    return s

def total_2d(m):
    s = 0.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j] * (i + 1) + m[i][j]
    return s


# The kernels below add 1 to elements of `a` (the writes before the failure stay).
def counter_plus_one(a):
    for i in range(a.shape[0]):
        i += 1
        a[i] += 1

def counter_minus_five(a):
    for i in range(a.shape[0]):
        i = i - 5
        a[i] += 1

def rebinds_a_shorter(a):
    for i in range(a.shape[0]):
        a = a[:2]
        a[i] += 1

def rebinds_a_after_use(a):
    for i in range(a.shape[0]):
        a[i] += 1
        a = a[1:]

def swaps_arrays(a, b):
    for i in range(a.shape[0]):
        a, b = b, a
        a[i] += 1

def rebinds_a_in_branch(a, b):
    for i in range(len(a)):
        if i == 1:
            a = b
        a[i] += 1

def rebinds_a_in_inner_loop(a):
    for i in range(a.shape[0]):
        for a in [a[1:]]:
            pass
        a[i] += 1

def dels_counter(a):
    for i in range(a.shape[0]):
        a[i] += 1
        del i
        i = 7
        a[i] += 1

def rebinds_in_branch(a, k):
    for i in range(a.shape[0]):
        if i == k:
            i = 100
        a[i] += 1

def rebinds_in_handler(a):
    for i in range(a.shape[0]):
        try:
            a[0] += 1 / (i - 1)
        except ZeroDivisionError:
            i = 10
        a[i] += 1

def rebinds_by_unpacking(a):
    for i in range(a.shape[0]):
        i, j = i + 3, i
        a[j] += a[i]

def rebinds_in_while(a):
    for i in range(a.shape[0]):
        while i < 3:
            i = i + 2
        a[i] += 1

def inner_loop_reuses_name(a):
    for i in range(a.shape[0]):
        for i in range(a.shape[0] + 2):
            pass
        a[i] += 1

def counter_after_loop(a):
    i = 0
    for i in range(a.shape[0]):
        a[i] += 1
    a[i + 1] += 1

def stale_counter_of_empty_loop(a):
    i = 10
    for i in range(a.shape[0]):
        pass
    a[i] += 1

def comprehension_does_not_leak(a):
    for i in range(a.shape[0]):
        t = [i for i in range(a.shape[0] + 5)]
        a[i] += len(t)

def variable_start(a, k):
    for i in range(k, a.shape[0]):
        a[i] += 1

def bad_range(a, case):
    """Ranges that are not within ``a`` (one loop per case)."""
    if case == 0:
        for i in range(-5, a.shape[0]):
            a[i] += 1
    elif case == 1:
        for i in range(a.shape[0], -1, -1):
            a[i] += 1
    elif case == 2:
        for i in range(a.shape[0] + 1):
            a[i] += 1
    elif case == 3:
        for i in range(2 * len(a)):
            a[i] += 1
    elif case == 4:
        for i in range(1, a.size + 1):
            a[i] += 1
    elif case == 5:
        for i in range(a.shape[0]):
            a[i - len(a) - 1] += 1
    else:
        i = 0
        while i <= a.shape[0]:
            a[i] += 1
            i += 1

def bad_axis(m, case):
    """A counter in range for one axis used on another (one loop per case)."""
    if case == 0:
        for i in range(m.shape[0]):
            m[0, i] += 1
    elif case == 1:
        for j in range(m.shape[1]):
            m[j, 0] += 1
    elif case == 2:
        for i in range(m.shape[-1]):
            m[i, 0] += 1
    elif case == 3:
        for i in range(m.size):
            m[i, 0] += 1
    elif case == 4:
        for i in range(m.shape[0]):
            m[i, i] += 1
    elif case == 5:
        for i in range(m.shape[0]):
            for j in range(m.shape[1]):
                m[j][i] += 1
    elif case == 6:
        t = m.T
        for i in range(m.shape[0]):
            t[i, 0] += 1
    else:
        for i in range(m.shape[0]):
            r = m[i]
            r[i] += 1

def enumerate_other(a, b):
    for i, x in enumerate(a):
        b[i] += x

def shape_reread_after_rebind(a):     # valid: each inner header reads the new shape
    for k in range(3):
        for i in range(a.shape[0]):
            a[i] += k
        a = a[1:]

def alias_survives_rebind(a):         # valid: b keeps the whole array
    b = a
    for i in range(a.shape[0]):
        a = a[:1]
        b[i] += a[0]

def counter_on_other_array(a, b):
    for i in range(a.shape[0]):
        b[i] += a[i]

def len_of_other_array(dst, src):
    for i in range(len(src)):
        dst[i] = src[i]

def counter_on_3d_last_axis(t):
    for i in range(t.shape[0]):
        t[0, 0, i] += 1

def counter_on_view(a):
    v = a[1:]
    for i in range(a.shape[0]):
        v[i] += 1

def prange_plus_one(a):
    for i in ferrojit.prange(a.shape[0]):
        a[i + 1] += 1

def prange_other(a, b):
    for i in ferrojit.prange(a.shape[0]):
        b[i] = a[i]


V4, V2 = np.arange(4.0) + 1, np.arange(2.0) + 1
M32, M23 = ramp((3, 2), "float64"), ramp((2, 3), "float64")
LOOP_CASES = [
    (counter_plus_one, (V4,)), (counter_minus_five, (V4,)), (rebinds_a_shorter, (V4,)),
    (rebinds_a_after_use, (V4,)), (swaps_arrays, (V4, V2)), (rebinds_a_in_branch, (V4, V2)),
    (rebinds_a_in_inner_loop, (V4,)), (dels_counter, (V4,)), (rebinds_in_branch, (V4, 2)),
    (rebinds_in_handler, (V4,)), (rebinds_by_unpacking, (V4,)), (rebinds_in_while, (V2,)),
    (inner_loop_reuses_name, (V4,)), (counter_after_loop, (V4,)),
    (stale_counter_of_empty_loop, (np.zeros(0),)), (variable_start, (V4, -5)),
    (counter_on_other_array, (V4, V2)), (counter_on_other_array, (V4, V4[::2])),
    (len_of_other_array, (np.zeros(3), V4)), (counter_on_3d_last_axis, (np.ones((4, 2, 3)),)),
    (counter_on_view, (V4,)), (counter_on_view, (M32[:, 0],)), (prange_plus_one, (V4,)),
    (prange_other, (V4, V2)), (enumerate_other, (V4, V2)),
] + [(bad_range, (V4, k)) for k in range(7)] + [(bad_axis, (M23 if k in (1, 2) else M32, k))
                                                 for k in range(8)]


@pytest.mark.parametrize("opts", [None, {"boundscheck": True}, {"parallel": True}],
                         ids=["default", "True", "parallel"])
@pytest.mark.parametrize("kernel,args", LOOP_CASES,
                         ids=[f"{k.__name__}-{n}" for n, (k, _) in enumerate(LOOP_CASES)])
def test_loop_counters_that_are_not_in_range(kernel, args, opts):
    bad(kernel, *args, opts=opts)


@pytest.mark.parametrize("opts", [None, OFF], ids=["default", "off"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_loop_counters_that_are_in_range(layout, opts):
    """Where the proof holds, skipping the check must still give CPython's answers."""
    for shape in [(5,), (1,), (0,)]:
        a = with_layout(ramp(shape, "float32"), layout)
        for f, args in [(total, ()), (comprehension_does_not_leak, ()),
                        (variable_start, (-len(a),)), (counter_on_other_array, (a[::-1].copy(),))]:
            good(f, a, *args, opts=opts)
        good(len_of_other_array, np.zeros(5), a, opts=opts)
    for shape in [(3, 4), (4, 1), (0, 3), (3, 0)]:
        good(total_2d, with_layout(ramp(shape, "float64"), layout), opts=opts)
    for f in (stale_counter_of_empty_loop, rebinds_in_while, shape_reread_after_rebind,
              alias_survives_rebind):
        good(f, with_layout(ramp((12,), "int32"), layout), opts=opts)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["int8", "bool", "complex128", "float32"])
def test_unchecked_code_gives_the_same_answers(dtype, layout):
    for shape, indices in [((5,), [(0,), (4,), (-1,), (-5,)]),
                           ((2, 3, 4), [(0, 0, 0), (1, 2, 3), (-1, -3, -4), (-2, 1, -1)])]:
        a = with_layout(ramp(shape, dtype), layout)
        for idx in indices:
            for f in FORMS[len(shape)]:
                good(f, a, arg_for(f, dtype), *idx, opts=OFF)
    a1 = with_layout(ramp((5,), dtype), layout)
    good(gather, a1, np.array([4, -5, 0, 2], "int8"), opts=OFF)
    good(scatter, a1, np.array([4, 0, 2], "uint64"), a1[0], opts=OFF)


# --- The environment overrides the keyword ------------------------------------
def fresh():
    """A new function object on every call (a new dispatcher shares nothing)."""
    def column(m, j):
        return m[:, j]
    return column

def fresh_reader():
    def reader(a, out, i):
        out[0] = a[i]
    return reader


def checks_on(disp):
    """Whether ``disp`` (made from ``fresh()``) checks indices; valid calls must work."""
    m = ramp((3, 2), "float64")
    np.testing.assert_array_equal(disp(m, 1), m[:, 1])
    np.testing.assert_array_equal(disp(m, -2), m[:, -2])
    with pytest.raises(IndexError) as ei:
        disp(m, 2)
    if str(ei.value) == "index 2 is out of bounds for axis 1 with size 2":
        return True
    assert UNCHECKED in str(ei.value), str(ei.value)
    return False


@pytest.mark.parametrize("var", ENV_VARS)
def test_environment_overrides_the_keyword(monkeypatch, var):
    assert checks_on(ferrojit.njit(fresh()))
    assert not checks_on(ferrojit.njit(boundscheck=False)(fresh()))
    monkeypatch.setenv(var, "0")
    assert not checks_on(ferrojit.njit(fresh()))
    assert not checks_on(ferrojit.njit(boundscheck=True)(fresh()))
    out, a = np.zeros(1), ramp((4,), "float64")
    f = ferrojit.njit(boundscheck=True)(fresh_reader())
    for i in range(-4, 4):
        f(a, out, i)
        assert out[0] == a[i]
    for value in ("1", "yes", "2", "false"):
        monkeypatch.setenv(var, value)
        assert checks_on(ferrojit.njit(boundscheck=False)(fresh())), value
        with pytest.raises(IndexError, match=r"^index 4 is out of bounds for axis 0 with size 4$"):
            ferrojit.njit(boundscheck=False)(fresh_reader())(a, out, 4)
    monkeypatch.setenv(var, "")        # empty: unset, the keyword decides
    assert checks_on(ferrojit.njit(fresh()))
    assert not checks_on(ferrojit.njit(boundscheck=False)(fresh()))


def test_environment_is_read_when_a_specialisation_is_compiled(monkeypatch):
    unchecked, default = ferrojit.njit(boundscheck=False)(fresh()), ferrojit.njit(fresh())
    monkeypatch.setenv("NUMBA_BOUNDSCHECK", "1")
    assert checks_on(unchecked)
    monkeypatch.setenv("NUMBA_BOUNDSCHECK", "0")
    assert not checks_on(default)


CONFIG_PROBE = """
import numpy as np, ferrojit
def column(m, j):
    return m[:, j]
try:
    ferrojit.njit(column)(np.ones((3, 2)), 2)
except IndexError as e:
    on = str(e) == "index 2 is out of bounds for axis 1 with size 2"
print(ferrojit.__file__, ferrojit.config.BOUNDSCHECK, on)
"""


@pytest.mark.parametrize("env,expected", [
    ("", None), ("F=0", False), ("F=1", True), ("N=0", False), ("N=1", True), ("N=", None),
    ("F=", None), ("F=on", True), ("F=0 N=1", "either"), ("F=1 N=0", "either")])
def test_config_boundscheck_in_a_fresh_process(env, expected, tmp_path):
    probe = tmp_path / "probe.py"       # (ferrojit compiles from a source file)
    probe.write_text(CONFIG_PROBE)
    here = os.path.dirname(os.path.dirname(os.path.abspath(ferrojit.__file__)))
    penv = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
    penv["PYTHONPATH"] = os.pathsep.join([here] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    for item in env.split():
        var, value = item.split("=")
        penv[{"F": "FERROJIT_BOUNDSCHECK", "N": "NUMBA_BOUNDSCHECK"}[var]] = value
    r = subprocess.run([sys.executable, str(probe)], env=penv, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    path, value, on = r.stdout.split()
    assert path == ferrojit.__file__
    if expected == "either":        # both set: the value says what the code does
        assert value in ("True", "False") and on == value
    else:
        assert (value, on) == (str(expected), str(expected is not False))


# --- Callees, cfunc, guvectorize ----------------------------------------------
@pytest.mark.parametrize("opts", [{}, {"boundscheck": True}], ids=["default", "True"])
def test_a_checked_callee_keeps_its_checks_in_unchecked_code(opts):
    inner = ferrojit.njit(**opts)(fresh())

    def outer(m, j):
        return inner(m, j)

    assert checks_on(ferrojit.njit(outer))
    assert checks_on(ferrojit.njit(boundscheck=False)(outer))


def test_cfunc_carray_index():
    from ferrojit import carray, cfunc
    from ferrojit.types import CPointer, float64, intp

    def get2(ptr, n, m, i, j):
        v = carray(ptr, (n, m), dtype=float64)
        return v[i, j]

    sig = float64(CPointer(float64), intp, intp, intp, intp)
    cf, m = cfunc(sig)(get2), ramp((3, 4), "float64")
    # a caller that checks for a Python error (PYFUNCTYPE) sees the IndexError itself
    call = ctypes.PYFUNCTYPE(ctypes.c_double, ctypes.c_void_p, *[ctypes.c_ssize_t] * 4)(cf.address)
    for i, j in [(3, 0), (0, 4), (-4, 0), (1, -5), (2**62, 0)]:
        with pytest.raises(IndexError) as ei:
            call(m.ctypes.data, 3, 4, i, j)
        with pytest.raises(IndexError) as py:
            m[i, j]
        assert str(ei.value) == str(py.value)
    # .ctypes does not expect an error: a SystemError caused by it
    p = m.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    with pytest.raises(SystemError) as info:
        cf.ctypes(p, 3, 4, 1, 4)
    assert isinstance(info.value.__cause__, IndexError)
    assert str(info.value.__cause__) == "index 4 is out of bounds for axis 1 with size 4"
    for i, j in [(2, 3), (-3, -4), (1, 0)]:
        assert call(m.ctypes.data, 3, 4, i, j) == m[i, j]
        assert cfunc(sig, boundscheck=False)(get2).ctypes(p, 3, 4, i, j) == m[i, j]


def gu_shift(a, k, out):
    for i in range(a.shape[0]):
        out[i] = a[i + k]

def gu_other(a, b, out):
    for i in range(a.shape[0]):
        out[i] = b[i]


def gu_expected(kernel, a, b, b_core):
    """CPython's IndexError message for the first core slice that fails."""
    a, b = np.asarray(a), np.asarray(b)
    loop = np.broadcast_shapes(a.shape[:-1], b.shape[:b.ndim - b_core])
    big_a = np.broadcast_to(a, loop + a.shape[-1:])
    big_b = np.broadcast_to(b, loop + b.shape[b.ndim - b_core:])
    for idx in np.ndindex(*loop):
        try:
            pure(kernel)(big_a[idx], big_b[idx], np.zeros(a.shape[-1]))
        except IndexError as e:
            return str(e)
    raise AssertionError("no slice fails")


def test_guvectorize_raises_index_error_through_the_ufunc():
    sig = ["void(float64[:], int64, float64[:])"]
    shift = ferrojit.guvectorize(sig, "(n),()->(n)")(gu_shift)
    other = ferrojit.guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(m)->(n)")(gu_other)
    for uf, kernel, a, b in [
            (shift, gu_shift, np.arange(3.0), 1), (shift, gu_shift, np.arange(3.0), -4),
            (shift, gu_shift, ramp((2, 3), "float64"), np.array([0, 1])),
            (shift, gu_shift, ramp((3, 2), "float64").T, np.array([-3, 2])),
            (other, gu_other, np.arange(4.0), np.arange(2.0)),
            (other, gu_other, ramp((2, 3), "float64")[:, ::-1], np.arange(2.0))]:
        expected_message = gu_expected(kernel, a, b, 0 if kernel is gu_shift else 1)
        with pytest.raises(IndexError) as ei:
            uf(a, b)
        assert str(ei.value) == expected_message
    a = ramp((2, 4), "float64")
    np.testing.assert_array_equal(shift(a, -1), np.roll(a, 1, axis=1))
    np.testing.assert_array_equal(other(a, a[:, ::-1]), a[:, ::-1])
    off = ferrojit.guvectorize(sig, "(n),()->(n)", boundscheck=False)(gu_shift)
    np.testing.assert_array_equal(off(a, np.array([0, -4])), a)


# --- Tracebacks name the kernel's line ----------------------------------------
def tb_read(a, i):
    x = a[0]
    return x + a[i]  # <- read

def tb_loop_write(a, n):
    for i in range(a.shape[0]):
        i += n
        a[i] = 1.0  # <- write

def tb_chained(m, i, j):
    r = m[i]
    return r[j]  # <- chained

def tb_axis1(m, j):
    s = 0.0
    for i in range(m.shape[0]):
        s += m[0, i]  # <- axis1
    return s


@pytest.mark.parametrize("kernel,args,marker,message", [
    (tb_read, (np.arange(3.0), 3), "<- read", "index 3 is out of bounds for axis 0 with size 3"),
    (tb_loop_write, (np.zeros(3), 1), "<- write", "index 3 is out of bounds for axis 0 with size 3"),
    (tb_chained, (np.zeros((2, 3)), 1, -4), "<- chained", "index -4 is out of bounds for axis 0 with size 3"),
    (tb_axis1, (np.zeros((3, 2)), 0), "<- axis1", "index 2 is out of bounds for axis 1 with size 2"),
], ids=["read", "loop-write", "chained", "axis1"])
def test_the_traceback_names_the_kernel_line(kernel, args, marker, message):
    with pytest.raises(IndexError) as ei:
        ferrojit.njit(kernel)(*args)
    assert str(ei.value) == message
    frame = traceback.extract_tb(ei.value.__traceback__)[-1]
    lines, first = inspect.getsourcelines(kernel)
    line = first + next(k for k, text in enumerate(lines) if marker in text)
    assert (frame.filename, frame.name, frame.lineno) == (__file__, kernel.__name__, line)
    assert marker in frame.line


# --- a store's value is converted after its index is checked (NumPy's order) --------
def _store(a, i, v):
    a[i] = v
    return a


def _store_row(a, j):
    a[0, j] = 1000
    return a


def _store_element_of(a, i, b):
    a[i] = b[0]
    return a


def _store_raising_value(a, i):
    a[i] = 1 // (i - i)
    return a


@pytest.mark.parametrize("fn,args", [
    (_store, (np.zeros(3, np.uint8), 5, 300)),
    (_store, (np.zeros(3, np.int64), -4, float("inf"))),
    (_store, (np.zeros(3, np.int32), 3, float("nan"))),
    (_store, (np.zeros(0, np.int16), 0, 1e300)),
    (_store, (np.zeros(3, np.uint8), 1, 300)),       # in range: the conversion's error
    (_store, (np.zeros(3, np.int8), -1, -129)),
    (_store_row, (np.zeros((2, 3), np.int8), 3)),
    (_store_row, (np.zeros((2, 3), np.int8), 1)),
    (_store_element_of, (np.zeros(3, np.int32), 3, np.array([np.nan]))),
    (_store_element_of, (np.zeros(3, np.int32), 1, np.array([np.nan]))),
    (_store_raising_value, (np.zeros(3), 5)),         # the value raises first (CPython's order)
], ids=lambda x: getattr(x, "__name__", None))
def test_store_checks_the_index_before_converting_the_value(fn, args):
    check_arrays(fn, *args, match_message=True)
