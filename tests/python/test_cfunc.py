"""``ferrojit.cfunc``: C callbacks for a declared signature, as in seed 000's
LowLevelCallable articles.

Covers the seed's two hand-written forms of the erosion filter (the plain ``@cfunc``
``nbmin`` and the ``jit_filter_function`` decorator, exactly as the seed writes them
with ferrojit's names), the object's API (``.address``, ``.ctypes``, ``.native_name``,
``.signature``, ``inspect_llvm``/``inspect_asm``) used from ctypes directly, pointer
indexing, ``carray``/``farray``, exceptions raised inside a callback, and the errors
given at decoration time. The easy decorators of ``ferrojit.scipy`` are tested in
test_scipy_callbacks.py.
"""

import ctypes
import math
import re

import numpy as np
import pytest

import ferrojit
from ferrojit import carray, cfunc, farray
from ferrojit.errors import TypingError
from ferrojit.types import CPointer, float64, intc, intp, voidptr

# scipy is a test dependency (requirements-dev.txt): a missing one is an error, not a skip
import scipy.ndimage as ndi  # noqa: E402
from scipy import LowLevelCallable  # noqa: E402

CROSS = np.array([[0, 1, 0],
                  [1, 1, 1],
                  [0, 1, 0]], dtype=bool)
FOOTPRINTS = {
    "cross": CROSS,
    "square3": np.ones((3, 3), dtype=bool),
    "disk5": np.hypot(*np.mgrid[-2:3, -2:3]) <= 2.0,
    "row": np.ones((1, 4), dtype=bool),  # even size: origin handling
}


def random_image(seed, shape=(256, 256)):
    return np.random.default_rng(seed).random(shape)


# ---------------------------------------------------------------------------
# The seed's code, with ferrojit in place of Numba
# ---------------------------------------------------------------------------
@cfunc(intc(CPointer(float64), intp,
            CPointer(float64), voidptr))
def nbmin(values_ptr, len_values, result, data):
    values = carray(values_ptr, (len_values,), dtype=float64)
    result[0] = np.inf
    for v in values:
        if v < result[0]:
            result[0] = v
    return 1


def jit_filter_function(filter_function):
    jitted_function = ferrojit.jit(filter_function, nopython=True)

    @cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
    def wrapped(values_ptr, len_values, result, data):
        values = carray(values_ptr, (len_values,), dtype=float64)
        result[0] = jitted_function(values)
        return 1
    return LowLevelCallable(wrapped.ctypes)


@jit_filter_function
def fmin(values):
    result = np.inf
    for v in values:
        if v < result:
            result = v
    return result


@pytest.mark.parametrize("footprint", list(FOOTPRINTS), ids=str)
def test_seed_nbmin_equals_grey_erosion(footprint):
    fp = FOOTPRINTS[footprint]
    image = random_image(1)
    got = ndi.generic_filter(image, LowLevelCallable(nbmin.ctypes), footprint=fp)
    expected = ndi.grey_erosion(image, footprint=fp)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("footprint", list(FOOTPRINTS), ids=str)
def test_seed_jit_filter_function_equals_grey_erosion(footprint):
    fp = FOOTPRINTS[footprint]
    image = random_image(2)
    assert isinstance(fmin, LowLevelCallable)
    got = ndi.generic_filter(image, fmin, footprint=fp)
    np.testing.assert_array_equal(got, ndi.grey_erosion(image, footprint=fp))


@pytest.mark.parametrize("mode", ["reflect", "constant", "nearest", "mirror", "wrap"])
def test_seed_nbmin_boundary_modes(mode):
    image = random_image(3, (64, 80))
    got = ndi.generic_filter(image, LowLevelCallable(nbmin.ctypes), footprint=CROSS,
                             mode=mode, cval=0.25)
    expected = ndi.generic_filter(image, np.min, footprint=CROSS, mode=mode, cval=0.25)
    np.testing.assert_array_equal(got, expected)


def test_seed_nbmin_float32_and_integer_images():
    # generic_filter hands the callback doubles whatever the image dtype
    for dtype in (np.float32, np.int16, np.uint8):
        image = (random_image(4, (50, 60)) * 200).astype(dtype)
        got = ndi.generic_filter(image, LowLevelCallable(nbmin.ctypes), footprint=CROSS)
        np.testing.assert_array_equal(got, ndi.grey_erosion(image, footprint=CROSS))
        assert got.dtype == dtype


def test_nbmin_llvm_has_no_calls():
    # The whole filter is one native function: no calls into the runtime or Python,
    # but on the error paths of carray's checks of its shape (a negative size, a NULL
    # pointer with elements), outside the loop.
    ir = nbmin.inspect_llvm()
    body = ir[ir.index(f"@{nbmin.native_name}("):].split("\n}\n")[0]
    calls = re.findall(r"call [^@]*@([\w.$]+)", body)
    errors = ("ferrojit_rt_raise_at", "ferrojit_rt_raise_int_at", "ferrojit_rt_cfunc_error")
    assert all(c.startswith("llvm.") or c in errors for c in calls), calls  # intrinsics (smin, ...)


# ---------------------------------------------------------------------------
# The object: .address, .ctypes, .native_name, .signature, inspection
# ---------------------------------------------------------------------------
@cfunc("float64(float64)")
def twice(x):
    return 2.0 * x


def test_ctypes_call():
    assert twice.ctypes(2.0) == 4.0
    assert twice.ctypes(-1.5) == -3.0
    assert isinstance(twice.ctypes, ctypes._CFuncPtr)
    assert twice.ctypes.restype is ctypes.c_double
    assert twice.ctypes.argtypes == (ctypes.c_double,)


def test_address_called_through_own_prototype():
    assert isinstance(twice.address, int) and twice.address != 0
    proto = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)
    assert proto(twice.address)(21.0) == 42.0
    assert ctypes.cast(twice.ctypes, ctypes.c_void_p).value == twice.address


def test_native_name_and_inspection():
    assert isinstance(twice.native_name, str) and twice.native_name
    assert twice.native_name in twice.inspect_llvm()
    asm = twice.inspect_asm()
    assert twice.native_name in asm
    assert twice.__name__ == "twice"
    assert twice.__wrapped__(3.0) == 6.0  # the Python function
    assert str(twice.signature) == "float64(float64)"
    assert "twice" in repr(twice)


def test_signature_objects():
    sig = nbmin.signature
    assert str(sig.return_type) == "int32"
    assert [str(a) for a in sig.args] == ["CPointer(float64)", "int64",
                                          "CPointer(float64)", "voidptr"]
    assert nbmin.ctypes.restype is ctypes.c_int32
    assert nbmin.ctypes.argtypes[1] is ctypes.c_int64
    assert nbmin.ctypes.argtypes[3] is ctypes.c_void_p


def test_pointer_signature_called_from_ctypes():
    values = (ctypes.c_double * 5)(3.0, -1.0, 7.5, -2.5, 0.0)
    out = ctypes.c_double(99.0)
    assert nbmin.ctypes(values, 5, ctypes.byref(out), None) == 1
    assert out.value == -2.5
    assert nbmin.ctypes(values, 0, ctypes.byref(out), None) == 1
    assert out.value == math.inf


def test_signature_string_with_pointers():
    @cfunc("intc(CPointer(float64), intp, CPointer(float64), voidptr)")
    def total(values_ptr, n, result, data):
        values = carray(values_ptr, (n,), dtype=np.float64)  # NumPy dtype object
        result[0] = values.sum()
        return 1

    a = np.arange(10.0)
    out = np.zeros(1)
    dp = ctypes.POINTER(ctypes.c_double)
    assert total.ctypes(a.ctypes.data_as(dp), 10, out.ctypes.data_as(dp), None) == 1
    assert out[0] == 45.0


def test_quad_form_signature():
    @cfunc(float64(intc, CPointer(float64)))
    def f(n, xx):
        return xx[0] * xx[1] + n

    xx = (ctypes.c_double * 2)(3.0, 4.0)
    assert f.ctypes(2, xx) == 14.0


def test_return_value_conversions():
    @cfunc("f8(i8)")
    def i2f(x):
        return x

    @cfunc("b1(f8)")
    def positive(x):
        return x > 0

    @cfunc("f4(f4)")
    def half(x):
        return x / 2

    @cfunc("i4(CPointer(i4), intp)")
    def total(p, n):
        t = 0
        for i in range(n):
            t += p[i]
        return t

    assert i2f.ctypes(3) == 3.0
    assert positive.ctypes(1.0) is True and positive.ctypes(-1.0) is False
    assert half.ctypes(3.0) == 1.5
    a = np.arange(5, dtype=np.int32)
    assert total.ctypes(a.ctypes.data_as(ctypes.POINTER(ctypes.c_int32)), 5) == 10


def test_void_return_stores_through_pointer():
    @cfunc("void(CPointer(float64), intp)")
    def fill(p, n):
        for i in range(n):
            p[i] = i * 0.5

    a = np.full(4, -1.0)
    fill.ctypes(a.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), 4)
    np.testing.assert_array_equal(a, [0.0, 0.5, 1.0, 1.5])


def test_carray_farray_2d_and_voidptr():
    @cfunc(float64(voidptr, intp, intp))
    def weighted(data, rows, cols):
        c = carray(data, (rows, cols), dtype=float64)
        f = farray(data, (rows, cols), dtype=float64)
        t = 0.0
        for i in range(rows):
            for j in range(cols):
                t += c[i, j] * (i + 1) * 10 + f[i, j] * (j + 1)
        return t

    x = np.arange(12, dtype=np.float64)
    c, f = x.reshape(3, 4), x.reshape((3, 4), order="F")
    expected = sum(c[i, j] * (i + 1) * 10 + f[i, j] * (j + 1)
                   for i in range(3) for j in range(4))
    assert weighted.ctypes(x.ctypes.data, 3, 4) == expected


def test_carray_writes_are_visible():
    @cfunc("intc(CPointer(float64), intp)")
    def square_in_place(p, n):
        a = carray(p, (n,))
        for i in range(n):
            a[i] = a[i] * a[i]
        return 1

    a = np.arange(6.0)
    assert square_in_place.ctypes(a.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), 6) == 1
    np.testing.assert_array_equal(a, np.arange(6.0) ** 2)


def test_calls_jitted_function_and_numpy_code():
    @ferrojit.jit
    def norm(v):
        return np.sqrt(np.sum(v * v))

    @cfunc(float64(CPointer(float64), intp))
    def call_norm(p, n):
        return norm(carray(p, (n,), dtype=float64))

    a = np.array([3.0, 4.0, 12.0])
    assert call_norm.ctypes(a.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), 3) == 13.0


# ---------------------------------------------------------------------------
# Exceptions inside a callback
# ---------------------------------------------------------------------------
@cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
def divide_by_zero_filter(values_ptr, len_values, result, data):
    values = carray(values_ptr, (len_values,), dtype=float64)
    # Python floats divide with CPython's ZeroDivisionError (NumPy scalars, which
    # array elements are, would give inf as in NumPy)
    result[0] = float(values[0]) / float(values[1] - values[1])
    return 1


def test_exception_in_filter_raises_in_scipy():
    image = random_image(5, (20, 20))
    with pytest.raises(ZeroDivisionError):
        ndi.generic_filter(image, LowLevelCallable(divide_by_zero_filter.ctypes),
                           footprint=CROSS)
    # the process is fine and the same callback works on good data afterwards
    got = ndi.generic_filter(image, LowLevelCallable(nbmin.ctypes), footprint=CROSS)
    np.testing.assert_array_equal(got, ndi.grey_erosion(image, footprint=CROSS))


def test_exception_in_jitted_callee():
    @ferrojit.jit
    def checked(values):
        if values.shape[0] > 3:
            raise ValueError("footprint too large")
        return values[0]

    filt = jit_filter_function(checked.py_func)
    with pytest.raises(ValueError, match="footprint too large"):
        ndi.generic_filter(random_image(6, (10, 10)), filt, footprint=CROSS)


def test_exception_through_ctypes_is_not_lost():
    # ctypes does not expect a callback to set an error: Python reports a SystemError
    # whose cause is the callback's exception.
    @cfunc("float64(float64)")
    def inv(x):
        return 1.0 / x

    assert inv.ctypes(4.0) == 0.25
    with pytest.raises(SystemError) as info:
        inv.ctypes(0.0)
    assert isinstance(info.value.__cause__, ZeroDivisionError)
    assert inv.ctypes(2.0) == 0.5


def test_exception_is_the_current_python_error():
    # A caller that checks for a pending Python error (PYFUNCTYPE does) sees it as is.
    @cfunc("float64(float64)")
    def inv(x):
        return 1.0 / x

    checked = ctypes.PYFUNCTYPE(ctypes.c_double, ctypes.c_double)(inv.address)
    assert checked(8.0) == 0.125
    with pytest.raises(ZeroDivisionError):
        checked(0.0)

    @cfunc("int32(int32)")
    def idiv(x):
        return 10 // x

    checked = ctypes.PYFUNCTYPE(ctypes.c_int32, ctypes.c_int32)(idiv.address)
    assert checked(3) == 3
    with pytest.raises(ZeroDivisionError):
        checked(0)


# ---------------------------------------------------------------------------
# Errors at decoration time
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("sig", ["f8(banana)", "f8(", "float64", "banana(f8)",
                                 "f8(CPointer(banana))", "(f8)"])
def test_bad_signature_strings(sig):
    with pytest.raises(TypeError):
        @cfunc(sig)
        def f(x):
            return x


def test_signature_without_return_type():
    with pytest.raises(TypeError):
        @cfunc((float64,))
        def f(x):
            return x


def test_signature_arity_mismatch():
    # A user error, to be reported as a TypeError (TypingError), not as an internal bug.
    with pytest.raises(TypeError) as info:
        @cfunc("f8(f8, f8)")
        def f(x):
            return x
    assert not isinstance(info.value, ferrojit.errors.InternalCompilerError)
    with pytest.raises(TypeError) as info:
        @cfunc("f8(f8)")
        def g(x, y):
            return x
    assert not isinstance(info.value, ferrojit.errors.InternalCompilerError)


def test_indexing_a_scalar_argument():
    with pytest.raises(TypingError, match="indexing a float64"):
        @cfunc("f8(f8)")
        def f(x):
            return x[0]


def test_return_type_mismatch():
    with pytest.raises(TypingError):
        @cfunc("f8(CPointer(f8))")
        def f(p):
            return p


def test_voidptr_needs_carray():
    with pytest.raises(TypingError, match="carray"):
        @cfunc("f8(voidptr)")
        def f(p):
            return p[0]


def test_carray_dtype_mismatch():
    with pytest.raises(TypingError):
        @cfunc("f8(CPointer(f8), intp)")
        def f(p, n):
            a = carray(p, (n,), dtype=np.int64)
            return a[0]


def test_body_type_error_points_at_line():
    with pytest.raises(TypingError) as info:
        @cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
        def f(values_ptr, len_values, result, data):
            values = carray(values_ptr, (len_values,), dtype=float64)
            result[0] = values.banana
            return 1
    assert "banana" in str(info.value)
    assert "test_cfunc.py" in str(info.value)


def test_carray_outside_compiled_code():
    with pytest.raises(TypeError):
        carray(None, (3,), dtype=float64)
    with pytest.raises(TypeError):
        farray(None, (3,), dtype=float64)


# ---------------------------------------------------------------------------
# Pointer cells kept in registers across a loop (crates/llvm/src/promote.rs): the
# promoted copy runs only when no cell overlaps the arrays the loop reads; every case
# is checked against the same function run by CPython on the same memory.
# ---------------------------------------------------------------------------
class _Cells:
    """A numpy buffer and ctypes pointers into it."""

    def __init__(self, values):
        self.buf = np.array(values, dtype=np.float64)

    def ptr(self, offset):
        return ctypes.cast(self.buf.ctypes.data + 8 * offset, ctypes.POINTER(ctypes.c_double))


@cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
def minmax(values_ptr, n, result, data):
    values = carray(values_ptr, (n,), dtype=float64)
    result[0] = np.inf
    result[1] = -np.inf
    for v in values:
        if v < result[0]:
            result[0] = v
        if v > result[1]:
            result[1] = v
        # an unconditional read-modify-write through the pointer, too
        result[2] = result[2] + v
    return 1


def minmax_reference(buf, values_at, n, result_at):
    """``minmax`` in CPython, statement by statement, on one buffer (so aliasing between
    ``values`` and ``result`` behaves as in the C call: ``values`` is a view)."""
    values = buf[values_at:values_at + n]
    buf[result_at + 0] = np.inf
    buf[result_at + 1] = -np.inf
    for i in range(n):
        v = float(values[i])
        if v < buf[result_at + 0]:
            buf[result_at + 0] = v
        if v > buf[result_at + 1]:
            buf[result_at + 1] = v
        buf[result_at + 2] = buf[result_at + 2] + v
    return 1


@pytest.mark.parametrize("values_at,result_at,n", [
    (0, 20, 7),    # apart: the promoted copy
    (0, 20, 0),    # no iterations
    (0, 3, 7),     # result inside values: the loop as written
    (2, 0, 7),     # result just before values, overlapping its first elements
    (0, 7, 7),     # result right after values: adjacent, no overlap
])
def test_pointer_cells_match_cpython_with_and_without_aliasing(values_at, result_at, n):
    rng = np.random.default_rng(values_at * 31 + result_at)
    base = rng.random(32) * 10 - 5
    base[5] = np.nan  # comparisons with NaN are false, as in Python
    expected = base.copy()
    status_py = minmax_reference(expected, values_at, n, result_at)
    got = _Cells(base)
    status = minmax.ctypes(got.ptr(values_at), n, got.ptr(result_at), None)
    assert status == status_py == 1
    np.testing.assert_array_equal(got.buf, expected)


def test_pointer_cells_loop_is_branch_free():
    """The seed's nbmin keeps result[0] in a register: a min instruction, no stores in
    the loop (x86-64)."""
    import platform
    if platform.machine().lower() not in ("x86_64", "amd64"):
        pytest.skip("x86-64 assembly")
    asm = nbmin.inspect_asm()
    assert re.search(r"\bv?minsd\b", asm), asm
