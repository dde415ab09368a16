"""`@vectorize` (python/ferrojit/vectorize.py, crates/python/src/ufunc.rs): eager
signatures give a real `numpy.ufunc` whose loops are the compiled kernel; lazy ones a
DUFunc that compiles a loop per new input types. The oracle is NumPy itself: the
same kernel run by `np.frompyfunc` on the inputs cast to the loop NumPy chose, then
cast to its output type; and NumPy's own machinery (broadcasting, out=, where=,
reduce/accumulate/outer/at) around it."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ferrojit
import ferrojit as numba
from ferrojit import vectorize, types
from conftest import examples


def axpy(x, y):
    return x * 2 + y


def clipped_sqrt(x):
    if x > 0:
        return math.sqrt(x)
    return 0.0


def is_big(x):
    return x > 10


def mixed(i, x):
    return i * x - i // 3


EAGER = vectorize(["float64(float64, float64)", "float32(float32, float32)", "int64(int64, int64)"])(axpy)


def reference(ufunc, py_func, *args, **kwargs):
    """The kernel run by Python on the loop NumPy selects for these inputs."""
    dtypes = tuple(np.asarray(a).dtype if not isinstance(a, (int, float)) else np.asarray(a).dtype for a in args)
    loop = ufunc.resolve_dtypes(dtypes + (None,))
    cast = [np.asarray(a).astype(d) for a, d in zip(args, loop[:-1])]
    out = np.frompyfunc(py_func, len(args), 1)(*cast, **kwargs)
    return np.asarray(out).astype(loop[-1])


def assert_same(got, expected):
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    np.testing.assert_array_equal(got, expected)


def test_eager_is_a_real_ufunc():
    assert isinstance(EAGER, np.ufunc)
    assert EAGER.types == ["dd->d", "ff->f", "ll->l"]
    assert EAGER.nin == 2 and EAGER.nout == 1 and EAGER.__name__ == "axpy"


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.int8, np.uint8, np.bool_])
def test_loop_selection_and_results(dtype):
    a = (np.arange(12) % 7).astype(dtype)
    b = (np.arange(12) % 5).astype(dtype)
    assert_same(EAGER(a, b), reference(EAGER, axpy, a, b))


def test_broadcasting_layouts_and_scalars():
    a = np.arange(24.0).reshape(4, 6)
    assert_same(EAGER(a, np.arange(6.0)), reference(EAGER, axpy, a, np.arange(6.0)))
    assert_same(EAGER(a.T, 1.5), reference(EAGER, axpy, a.T, 1.5))
    assert_same(EAGER(a[::2, ::-3], a[1::2, ::3]), reference(EAGER, axpy, a[::2, ::-3], a[1::2, ::3]))
    assert EAGER(2.0, 3.0) == 7.0 and isinstance(EAGER(2.0, 3.0), np.float64)


def test_out_where_dtype():
    a, b = np.arange(6.0), np.ones(6)
    out = np.full(6, -1.0)
    r = EAGER(a, b, out=out, where=a > 2)
    assert r is out
    np.testing.assert_array_equal(out, np.where(a > 2, a * 2 + 1, -1.0))
    assert EAGER(a, b, dtype=np.float32).dtype == np.float32


def test_reduce_accumulate_outer_at():
    a = np.arange(1.0, 6.0)
    assert EAGER.reduce(a) == reference(EAGER, axpy, 0.0, 0.0) * 0 + (((((1.0 * 2 + 2.0) * 2 + 3.0) * 2 + 4.0) * 2) + 5.0)
    np.testing.assert_array_equal(EAGER.accumulate(a), np.array([1.0, 4.0, 11.0, 26.0, 57.0]))
    assert_same(EAGER.outer(a[:2], a[:3]), np.add.outer(a[:2] * 2, a[:3]))
    c = np.zeros(4)
    EAGER.at(c, [0, 0, 3], 1.0)
    np.testing.assert_array_equal(c, [3.0, 0.0, 0.0, 1.0])


def test_identity_for_empty_reductions():
    add = vectorize(["float64(float64, float64)"], identity=0)(lambda x, y: x + y)
    assert add.reduce(np.array([])) == 0.0
    with pytest.raises(ValueError):
        EAGER.reduce(np.array([]))


def test_bool_and_mixed_signatures():
    big = vectorize(["boolean(float64)", "boolean(int64)"])(is_big)
    x = np.array([1.0, 11.0, 10.0, 25.5])
    assert_same(big(x), reference(big, is_big, x))
    m = vectorize([types.float64(types.int64, types.float64)])(mixed)
    i, y = np.arange(-5, 5), np.linspace(-1, 1, 10)
    assert_same(m(i, y), reference(m, mixed, i, y))


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=0, max_size=40))
@examples(100)
def test_kernel_with_a_branch_against_python(values):
    f = vectorize(["float64(float64)", "float32(float32)"])(clipped_sqrt)
    x = np.array(values, dtype=np.float64)
    assert_same(f(x), reference(f, clipped_sqrt, x))
    x32 = x.astype(np.float32)
    np.testing.assert_allclose(f(x32), reference(f, clipped_sqrt, x32), rtol=1e-6)


def test_numpy_error_rules_and_exceptions():
    div = vectorize(["float64(float64, float64)", "int64(int64, int64)"])(lambda x, y: x / y if x > -100 else x // y)
    with np.errstate(all="ignore"):
        r = div(np.array([1.0, -1.0, 0.0]), np.zeros(3))
    assert r[0] == math.inf and r[1] == -math.inf and math.isnan(r[2])

    @vectorize(["float64(float64)"])
    def checked(x):
        if x > 2:
            raise ValueError("too big: " + str(x))
        return x

    np.testing.assert_array_equal(checked(np.arange(3.0)), np.arange(3.0))
    with pytest.raises(ValueError, match="too big: 3.0"):
        checked(np.arange(5.0))


def test_lazy_compiles_per_input_types():
    @vectorize
    def lazy(x, y):
        return x * y + 1

    assert isinstance(lazy, ferrojit.DUFunc) and lazy.types == []
    a32 = np.arange(5, dtype=np.int32)
    # int32 arithmetic is done in int64, as Numba types it: the loop gives int64
    assert_same(lazy(a32, a32), (a32 * a32 + 1).astype(np.int64))
    assert lazy.types == ["ii->l"]
    af = np.linspace(0, 1, 5)
    assert_same(lazy(af, af), af * af + 1)
    assert lazy.types == ["ii->l", "dd->d"]
    # an int16 input uses the int32 loop (NumPy's safe casting), no new loop
    assert_same(lazy(a32.astype(np.int16), a32.astype(np.int16)), (a32 * a32 + 1).astype(np.int64))
    assert lazy.types == ["ii->l", "dd->d"]
    assert lazy.reduce(af) == reference(lazy.ufunc, lambda x, y: x * y + 1, 0.0, 0.0) * 0 + ((((0.0 * 0.25 + 1) * 0.5 + 1) * 0.75 + 1) * 1.0 + 1)


@pytest.mark.parametrize("threads", [1, 2])
def test_parallel_target_gives_the_serial_results(threads):
    serial = vectorize(["float64(float64, float64)"])(axpy)
    par = numba.vectorize(["float64(float64, float64)"], target="parallel")(axpy)
    x = np.linspace(-5, 5, 300_001)
    old = numba.get_num_threads()
    numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
    try:
        assert_same(par(x, x[::-1]), serial(x, x[::-1]))
        assert_same(par(x[::3], 2.0), serial(x[::3], 2.0))
    finally:
        numba.set_num_threads(old)

    @vectorize(["float64(float64)"], target="parallel")
    def fails_late(v):
        if v > 299_000:
            raise ValueError("late")
        return v

    with pytest.raises(ValueError, match="late"):
        fails_late(np.arange(300_001.0))


def test_array_ufunc_dispatch():
    class Wrapped:
        def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
            return ("dispatched", ufunc.__name__, method)

    assert EAGER(Wrapped(), 1.0) == ("dispatched", "axpy", "__call__")


def test_errors_name_the_problem():
    with pytest.raises(TypeError, match="takes 2 arguments"):
        vectorize(["float64(float64)"])(axpy)
    with pytest.raises(TypeError):
        vectorize(["float64(float64[:], float64)"])(axpy)
    with pytest.raises(TypeError):
        vectorize(["no_type(float64, float64)"])(axpy)
    with pytest.raises(ValueError, match="target"):
        vectorize(["float64(float64, float64)"], target="cuda")(axpy)
    with pytest.raises(ferrojit.errors.TypingError, match="unsupported_name"):
        vectorize(["float64(float64)"])(lambda x: unsupported_name(x))  # noqa: F821


LAZY_CLIP = vectorize(clipped_sqrt)


def calls_ufuncs(a, b):
    # an eager ufunc on arrays, numbers and an element; a lazy one inside an expression
    return EAGER(a, b) + LAZY_CLIP(a - 2.0).sum() + EAGER(3, 4) + EAGER(a[0], 1.5)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_called_from_compiled_code(dtype):
    a = (np.arange(6) % 4).astype(dtype)
    b = np.ones(6, dtype=dtype)
    got = ferrojit.njit(calls_ufuncs)(a, b)
    expected = calls_ufuncs(a, b)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


def test_called_from_compiled_code_on_2d_and_broadcast():
    @ferrojit.njit
    def grid(x, y):
        return EAGER(x[:, None], y[None, :])

    x, y = np.linspace(0, 1, 4), np.linspace(-1, 1, 3)
    assert_same(grid(x, y), EAGER(x[:, None], y[None, :]))


def test_signature_errors_point_at_the_kernel():
    with pytest.raises(TypeError) as e:
        vectorize(["float64(float64)"])(axpy)
    line = axpy.__code__.co_firstlineno
    assert f"test_vectorize.py:{line}" in str(e.value)
