"""Errors with arrays: unsupported array arguments (TypingError, a TypeError,
at the call), compile-time errors pointing at the offending line (writes to
read-only arrays, too many indices, non-integer indices, ``.dtype`` as a
value), and run-time errors raised as NumPy raises them (IndexError under
``boundscheck``, reductions of empty arrays, negative or too large shapes)."""

import inspect
import os
import sys

import numpy as np
import pytest

import array_kernels as K
import ferrojit
from array_helpers import (
    SKAN_SKELETON,
    check_arrays,
    jit,
    live,
    ramp,
    skeleton_inputs,
    with_layout,
)
from ferrojit.errors import TypingError

KERNELS_FILE = os.path.basename(K.__file__)
MAX_MESSAGE_LINES = 15


def line_of(func, needle):
    lines, first = inspect.getsourcelines(func)
    for i, text in enumerate(lines):
        if needle in text:
            return first + i
    raise AssertionError(f"{needle!r} not in {func.__name__}")


def assert_points_at(exc, func, needle, *fragments):
    """The message names array_kernels.py, the line of ``func`` containing
    ``needle``, and each of ``fragments``."""
    msg = str(exc)
    line = line_of(func, needle)
    assert KERNELS_FILE in msg, f"file name missing from:\n{msg}"
    assert str(line) in msg, f"line {line} missing from:\n{msg}"
    for frag in fragments:
        assert frag.lower() in msg.lower(), f"{frag!r} missing from:\n{msg}"
    n = len(msg.splitlines())
    assert n < MAX_MESSAGE_LINES, f"message has {n} lines:\n{msg}"


def typing_error(fn, *args, **options):
    """The TypingError raised by the first call of a fresh dispatcher."""
    f = ferrojit.njit(fn, **options)
    with pytest.raises(TypingError) as ei:
        f(*args)
    assert isinstance(ei.value, TypeError)
    return ei.value, f


# ---------------------------------------------------------------------------
# Unsupported array arguments
# ---------------------------------------------------------------------------
UNSUPPORTED_ARRAYS = {
    "object": lambda: np.array([1, "a", None], dtype=object),
    "structured": lambda: np.zeros(3, dtype=[("x", "i4"), ("y", "f8")]),
    "datetime64": lambda: np.array(["2024-01-01", "2024-06-30"], dtype="M8[D]"),
    "timedelta64": lambda: np.array([1, 2], dtype="m8[s]"),
    "float16": lambda: np.zeros(3, np.float16),
    "longdouble": lambda: np.zeros(3, np.longdouble),
    "unicode": lambda: np.array(["ab", "c"]),
    "bytes": lambda: np.array([b"ab", b"c"]),
    "void": lambda: np.zeros(3, dtype="V4"),
    "big-endian-float64": lambda: np.arange(3, dtype=">f8"),
    "big-endian-int32": lambda: np.arange(3, dtype=">i4"),
    "big-endian-uint16-2d": lambda: np.arange(6, dtype=">u2").reshape(2, 3),
}


@pytest.mark.parametrize("name", list(UNSUPPORTED_ARRAYS))
def test_unsupported_array_argument_is_a_typing_error(name):
    a = UNSUPPORTED_ARRAYS[name]()
    if name == "longdouble" and np.dtype(np.longdouble) == np.dtype(np.float64):
        pytest.skip("long double is float64 here")
    exc, f = typing_error(K.read_sum, a)
    msg = str(exc)
    assert "argument `a`" in msg or "`a`" in msg, msg
    if name.startswith("big-endian"):
        assert "byte order" in msg, msg
    else:
        assert "dtype" in msg, msg
        if name in ("object", "float16", "structured"):
            assert str(a.dtype) in msg or a.dtype.name in msg, msg
    assert len(f.signatures) == 0
    # the same kernel still works for a supported array
    assert f(np.arange(4.0)) == 6.0


def test_unsupported_array_inside_a_tuple_argument():
    exc, _ = typing_error(K.tuple_arg, (np.zeros(2), np.zeros(2, np.float16)))
    assert "float16" in str(exc)


def test_native_byte_order_spelled_explicitly_is_fine():
    a = np.arange(4, dtype="<f8" if sys.byteorder == "little" else ">f8")
    assert jit(K.read_sum)(a) == 6.0
    b = np.arange(4, dtype="=i4")
    assert jit(K.read_sum)(b) == 6


def test_typing_error_is_a_type_error():
    assert issubclass(TypingError, TypeError)
    with pytest.raises(TypeError):
        ferrojit.njit(K.read_sum)(np.zeros(2, np.float16))


# ---------------------------------------------------------------------------
# Writing to read-only arrays (compile time)
# ---------------------------------------------------------------------------
def readonly(a):
    a = np.array(a)
    a.flags.writeable = False
    return a


@pytest.mark.parametrize("kernel,needle,arg", [
    (K.write_arg, "<- write", readonly([1.0, 2.0])),
    (K.write_arg, "<- write", readonly(np.arange(6).reshape(3, 2)[:, 0])),
    (K.write_arg_row, "<- write row", readonly(np.zeros((2, 3), np.int8))),
    (K.fill_arg, "<- fill", readonly(np.zeros(3))),
], ids=["1d", "strided-view", "row-of-2d", "fill"])
def test_write_to_readonly_argument(kernel, needle, arg):
    exc, f = typing_error(kernel, arg)
    assert_points_at(exc, kernel, needle, "read-only")
    # every call raises it again, and writeable arrays of the same type work
    with pytest.raises(TypingError):
        f(arg)
    w = arg.copy()
    f(w)
    assert len(f.signatures) == 1


@pytest.mark.parametrize("kernel,needle", [(K.write_global, "<- write global"),
                                           (K.write_global_row, "<- write global row")])
def test_write_to_global_array(kernel, needle):
    exc, _ = typing_error(kernel)
    assert_points_at(exc, kernel, needle, "read-only")
    # the global array is untouched in Python
    assert K.GLOBAL_F[0] == 1.5 and K.GLOBAL_2D[1, 0] == 4


def test_readonly_argument_can_be_read():
    ro = readonly(np.arange(6.0).reshape(2, 3))
    check_arrays(K.get2, ro, 1, 2)
    check_arrays(K.copy2, ro)
    check_arrays(K.reduce_all, ro)
    check_arrays(K.row, ro, 1)
    r = jit(K.row)(ro, 0)
    assert np.shares_memory(r, ro)
    assert not r.flags.writeable, "a view of a read-only argument must stay read-only"


# ---------------------------------------------------------------------------
# Indexing errors (compile time)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("arg", [np.zeros(3), np.zeros(3, np.int8)[::-1]], ids=["C", "reversed"])
def test_too_many_indices(arg):
    exc, _ = typing_error(K.too_many_indices, arg)
    assert_points_at(exc, K.too_many_indices, "<- too many", "too many indices")
    exc, _ = typing_error(K.too_many_indices_store, arg)
    assert_points_at(exc, K.too_many_indices_store, "<- too many store")
    exc, _ = typing_error(K.get1, np.array(5.0), 0)
    assert "too many indices" in str(exc).lower()


def test_too_many_indices_matches_python_exception_type():
    """CPython raises IndexError at run time; ferrojit refuses to compile
    (a TypingError)."""
    with pytest.raises(IndexError):
        K.too_many_indices(np.zeros(3))
    with pytest.raises(TypingError):
        ferrojit.njit(K.too_many_indices)(np.zeros(3))


@pytest.mark.parametrize("x", [1.0, 0.5, np.float32(1.0), np.float64(2.0)], ids=repr)
def test_float_index(x):
    exc, _ = typing_error(K.float_index, np.zeros(4), x)
    assert_points_at(exc, K.float_index, "<- float index", "integer")


def test_float_literal_index():
    exc, _ = typing_error(K.float_literal_index, np.zeros(4))
    assert_points_at(exc, K.float_literal_index, "<- float literal", "integer")


def test_dtype_as_a_value():
    exc, _ = typing_error(K.dtype_as_value, np.zeros(4))
    assert_points_at(exc, K.dtype_as_value, "<- dtype value", "dtype")


# ---------------------------------------------------------------------------
# boundscheck=True: IndexError with NumPy's message
# ---------------------------------------------------------------------------
BC = {"boundscheck": True}


@pytest.mark.parametrize("i", [3, 4, 100, -4, -5, -(2**62), 2**62])
def test_boundscheck_1d(i):
    a = np.arange(3.0)
    exc = check_arrays(K.oob_read1, a, i, jit_options=BC, match_message=True)
    assert isinstance(exc, IndexError)
    assert str(exc) == f"index {i} is out of bounds for axis 0 with size 3"
    check_arrays(K.oob_write1, a, i, 1.0, jit_options=BC, match_message=True)
    check_arrays(K.oob_read1, a[::-1], i, jit_options=BC, match_message=True)


@pytest.mark.parametrize("i,j", [(3, 0), (0, 4), (-4, 0), (0, -5), (2, 4), (5, 5), (-1, 7)])
@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_boundscheck_2d_names_the_axis(i, j, layout):
    a = with_layout(ramp((3, 4), "int32"), layout)
    check_arrays(K.oob_read2, a, i, j, jit_options=BC, match_message=True)
    check_arrays(K.oob_chained, a, i, j, jit_options=BC, match_message=True)


def test_boundscheck_3d_and_zero_size():
    a = ramp((2, 3, 4), "uint8")
    for idx in [(2, 0, 0), (0, 3, 0), (0, 0, 4), (-3, 0, 0), (0, -4, 0), (0, 0, -5)]:
        check_arrays(K.get3, a, *idx, jit_options=BC, match_message=True)
        check_arrays(K.set3, a, *idx, 7, jit_options=BC, match_message=True)
    e = np.zeros(0)
    check_arrays(K.oob_read1, e, 0, jit_options=BC, match_message=True)
    check_arrays(K.oob_read1, e, -1, jit_options=BC, match_message=True)
    e2 = np.zeros((3, 0))
    check_arrays(K.oob_read2, e2, 1, 0, jit_options=BC, match_message=True)


def test_boundscheck_in_loop_and_row_views():
    a = np.arange(5.0)
    for n in (5, 6, 50):
        check_arrays(K.oob_in_loop, a, n, jit_options=BC, match_message=True)
    b = ramp((3, 4), "float64")
    check_arrays(K.row, b, 3, jit_options=BC, match_message=True)
    check_arrays(K.row, b, -4, jit_options=BC, match_message=True)
    check_arrays(K.row_write, b, 1, 4, 0.0, jit_options=BC, match_message=True)
    check_arrays(K.gather, np.arange(4.0), np.array([0, 3, 4]), jit_options=BC,
                 match_message=True)


def test_boundscheck_allows_every_valid_index():
    a = ramp((3, 4), "int16")
    for i in range(-3, 3):
        for j in range(-4, 4):
            check_arrays(K.oob_read2, a, i, j, jit_options=BC)
    check_arrays(K.build_graph, *skeleton_inputs(SKAN_SKELETON), jit_options=BC)


def test_boundscheck_from_environment(monkeypatch):
    """FERROJIT_BOUNDSCHECK=1 is read when a specialisation is compiled."""
    monkeypatch.setenv("FERROJIT_BOUNDSCHECK", "1")
    f = ferrojit.njit(K.oob_read1)
    with pytest.raises(IndexError) as ei:
        f(np.arange(3.0), 3)
    assert str(ei.value) == "index 3 is out of bounds for axis 0 with size 3"
    monkeypatch.delenv("FERROJIT_BOUNDSCHECK")
    # compiled with the check: it stays
    with pytest.raises(IndexError):
        f(np.arange(3.0), -4)
    assert f(np.arange(3.0), -3) == 0.0


def test_boundscheck_error_leaves_no_partial_writes_beyond_python():
    """The writes done before the failing index are kept, as in CPython."""
    a = np.zeros(4)
    check_arrays(K.convert1, np.arange(6.0), a, jit_options=BC, match_message=True)


# ---------------------------------------------------------------------------
# Run-time errors raised as NumPy raises them
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kernel", [K.np_max, K.np_min, K.np_amax, K.np_amin, K.m_max, K.m_min],
                         ids=lambda k: k.__name__)
@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 2, 2)], ids=repr)
@pytest.mark.parametrize("dtype", ["float64", "int32", "bool", "uint8"])
def test_min_max_of_empty_array(kernel, shape, dtype):
    exc = check_arrays(kernel, np.zeros(shape, dtype), match_message=True)
    assert isinstance(exc, ValueError)
    assert "zero-size array" in str(exc)


def test_max_of_empty_array_message():
    with pytest.raises(ValueError) as ei:
        jit(K.np_max)(np.zeros(0))
    assert str(ei.value) == "zero-size array to reduction operation maximum which has no identity"


@pytest.mark.parametrize("kernel,args", [
    (K.empty_shape, (-1,)),
    (K.empty_shape, (-(2**62),)),
    (K.empty_shape_2d, (-1, 0)),
    (K.empty_shape_2d, (3, -2)),
    (K.full_negative, (-3,)),
    (K.zeros_shape_arg, ((2, -1, 3),)),
    (K.ones_3d, (1, 1, -1)),
], ids=["empty", "empty-huge-negative", "zeros-2d-first", "zeros-2d-second", "full",
        "zeros-tuple-arg", "ones-3d"])
def test_negative_dimensions(kernel, args):
    exc = check_arrays(kernel, *args, match_message=True)
    assert isinstance(exc, ValueError)
    assert str(exc) == "negative dimensions are not allowed"


@pytest.mark.parametrize("kernel,args", [
    (K.empty_shape, (2**62,)),
    (K.empty_shape, (2**61,)),
    (K.empty_shape_2d, (2**31, 2**31)),
    (K.empty_shape_2d, (2**32, 2**32)),
    (K.zeros_shape_arg, ((2**21, 2**21, 2**21),)),
], ids=["2**62", "2**61", "2**31-squared", "2**32-squared", "2**63-elements"])
def test_too_big_arrays_raise_like_numpy(kernel, args):
    """Sizes whose byte count overflows: NumPy's ValueError, never a wrapped
    (small) allocation."""
    before = live()
    check_arrays(kernel, *args, values=False)
    assert live() == before


def test_unallocatable_array_raises_memory_error():
    before = live()
    exc = check_arrays(K.empty_shape, 2**40)    # 8 TiB
    assert isinstance(exc, MemoryError)
    assert live() == before


def test_arange_zero_step():
    exc = check_arrays(K.arange3, 0, 5, 0)
    assert isinstance(exc, ZeroDivisionError)
    check_arrays(K.arange3, 1.0, 2.0, 0.0)


def test_len_of_0d_array():
    exc, _ = typing_error(K.length, np.array(3.0))
    assert "len()" in str(exc)


def _column(m, j):
    return m[:, j]


def test_returned_view_out_of_range_without_boundscheck():
    """With boundscheck=False an index past an axis is not checked (as in Numba); a view
    it makes that reaches outside the argument's memory must not be handed to Python: an
    IndexError that says why, not a crash or a wrong array. With the default (checks on)
    it is NumPy's IndexError."""
    m = np.ones((3, 2))
    with pytest.raises(IndexError, match="boundscheck=False"):
        ferrojit.njit(boundscheck=False)(_column)(m, 2)
    with pytest.raises(IndexError, match=r"^index 2 is out of bounds for axis 1 with size 2$"):
        ferrojit.njit(_column)(m, 2)
    np.testing.assert_array_equal(ferrojit.njit(_column)(m, 1), m[:, 1])


# ---------------------------------------------------------------------------
# Sizes a user passes that reach memory: reshape, carray (issue 23)
# ---------------------------------------------------------------------------
def _reshape2(a, m, n):
    return a.reshape(m, n)


def _reshape3(a, m, n, k):
    return a.reshape((m, n, k))


def _reshape1(a, m):
    return a.reshape(m)


@pytest.mark.parametrize("shape", [(4, 2), (7, 1), (4, -1), (-1, 4), (0, -1), (-1, -1), (-3, 2), (2, -2),
                                   (3, 2), (-1, 3), (6, 1), (-5, 1)])
@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_reshape_sizes_as_numpy(shape, layout):
    """NumPy's messages ("cannot reshape array of size 6 into shape (4,newaxis)", "can
    only specify one unknown dimension"); any negative size is the unknown one."""
    a = with_layout(ramp((2, 3), "float64"), layout)
    check_arrays(_reshape2, a, *shape, match_message=True)


@pytest.mark.parametrize("args", [(7,), (-1,), (-7,), (0,), (6,)])
def test_reshape_one_dimension_as_numpy(args):
    check_arrays(_reshape1, ramp((2, 3), "int32"), *args, match_message=True)


@pytest.mark.parametrize("args", [(1, 2, 3), (2, -1, 3), (-1, -1, 6), (5, 1, -1), (0, 3, -1)])
def test_reshape_three_dimensions_as_numpy(args):
    check_arrays(_reshape3, ramp((6,), "uint8"), *args, match_message=True)


def _carray_sum(ptr, n, m):
    v = ferrojit.carray(ptr, (n, m))
    s = 0.0
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            s += v[i, j]
    return s


def test_carray_checks_its_shape():
    """A negative size is NumPy's ValueError; elements behind a NULL pointer (None) a
    ValueError too, never a read of address 0."""
    import ctypes
    from ferrojit import cfunc
    from ferrojit.types import CPointer, float64, intp

    cf = cfunc(float64(CPointer(float64), intp, intp))(_carray_sum)
    call = ctypes.PYFUNCTYPE(ctypes.c_double, ctypes.c_void_p, ctypes.c_ssize_t, ctypes.c_ssize_t)(cf.address)
    m = np.arange(6.0)
    assert call(m.ctypes.data, 2, 3) == 15.0
    assert call(None, 0, 5) == 0.0  # no elements: no memory read
    with pytest.raises(ValueError, match="^negative dimensions are not allowed$"):
        call(m.ctypes.data, -1, 3)
    with pytest.raises(ValueError, match=r"^carray\(\): the pointer is NULL \(None\) but the shape has 6 elements$"):
        call(None, 2, 3)


def _farray_corner(ptr, n, m):
    v = ferrojit.farray(ptr, (n, m))
    return v[n - 1, 0]


def test_farray_checks_its_shape():
    import ctypes
    from ferrojit import cfunc
    from ferrojit.types import CPointer, float64, intp

    cf = cfunc(float64(CPointer(float64), intp, intp))(_farray_corner)
    call = ctypes.PYFUNCTYPE(ctypes.c_double, ctypes.c_void_p, ctypes.c_ssize_t, ctypes.c_ssize_t)(cf.address)
    m = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert call(m.ctypes.data, 2, 3) == m[1, 0]
    with pytest.raises(ValueError, match=r"^farray\(\): the pointer is NULL \(None\) but the shape has 6 elements$"):
        call(None, 2, 3)
    with pytest.raises(ValueError, match="^negative dimensions are not allowed$"):
        call(m.ctypes.data, -2, 3)
    with pytest.raises(IndexError, match="^index -1 is out of bounds for axis 0 with size 0$"):
        call(m.ctypes.data, 0, 3)
