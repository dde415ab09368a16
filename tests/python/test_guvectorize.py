"""`@guvectorize` (python/ferrojit/vectorize.py, crates/python/src/ufunc.rs
`make_gufunc`, crates/llvm/src/entry.rs `emit_gufunc_loop`): a generalized
`numpy.ufunc` whose loops are the compiled kernel. Against the same kernel run by Python
and NumPy's own results: values, dtypes, broadcasting, layouts, out=, NumPy's
core-dimension errors, the parallel target."""

import numpy as np
import pytest

import ferrojit as numba
from ferrojit import guvectorize


def add_scalar(a, s, out):
    for i in range(a.shape[0]):
        out[i] = a[i] + s


def matvec(A, x, out):
    for i in range(A.shape[0]):
        s = 0.0
        for j in range(A.shape[1]):
            s += A[i, j] * x[j]
        out[i] = s


def total(a, out):
    s = 0
    for v in a:
        s += v
    out[0] = s


def move_mean(a, w, out):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        if i >= w:
            s -= a[i - w]
            out[i] = s / w
        else:
            out[i] = s / (i + 1)


# the int64 loop first: NumPy takes the first loop its safe casting allows, so int64
# inputs would otherwise use the float64 one
ADD = guvectorize(["void(int64[:], int64, int64[:])", "void(float64[:], float64, float64[:])"], "(n),()->(n)")(add_scalar)
MATVEC = guvectorize(["void(float64[:,:], float64[:], float64[:])", "void(float32[:,:], float32[:], float32[:])"], "(m,n),(n)->(m)")(matvec)
TOTAL = guvectorize(["void(int64[:], int64[:])", "void(float64[:], float64[:])"], "(n)->()")(total)


def test_is_a_generalized_ufunc():
    assert isinstance(ADD, np.ufunc) and ADD.signature == "(n),()->(n)"
    assert ADD.types == ["ll->l", "dd->d"]


@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 5), (0, 4)])
def test_add_scalar(shape):
    a = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    np.testing.assert_array_equal(ADD(a, 10.5), a + 10.5)
    ai = a.astype(np.int64)
    r = ADD(ai, np.int64(3))
    assert r.dtype == np.int64
    np.testing.assert_array_equal(r, ai + 3)


def test_layouts_and_broadcast_scalars():
    a = np.arange(60.0).reshape(5, 12)
    np.testing.assert_array_equal(ADD(a[:, ::3], np.arange(5.0)), a[:, ::3] + np.arange(5.0)[:, None])
    np.testing.assert_array_equal(ADD(a.T, 1.0), a.T + 1.0)
    out = np.empty((5, 12))
    assert ADD(a, 2.0, out=out) is out
    np.testing.assert_array_equal(out, a + 2.0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matvec(dtype):
    rng = np.random.default_rng(7)
    A = rng.random((6, 3, 4)).astype(dtype)
    x = rng.random(4).astype(dtype)
    got = MATVEC(A, x)
    assert got.dtype == dtype
    expected = np.empty((6, 3), dtype=dtype)
    for k in range(6):
        matvec(A[k], x, expected[k])  # the kernel run by Python
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_scalar_output_and_reduction_shape():
    a = np.arange(24).reshape(2, 3, 4)
    got = TOTAL(a)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, a.sum(axis=-1))
    np.testing.assert_array_equal(TOTAL(a.astype(np.float64)), a.sum(axis=-1).astype(np.float64))


def test_numpy_checks_the_core_dimensions():
    with pytest.raises(ValueError, match="core dimension"):
        ADD(np.ones((2, 3)), 1.0, out=np.ones((2, 4)))
    with pytest.raises(ValueError):
        MATVEC(np.ones((2, 3)), np.ones(4))


@pytest.mark.parametrize("threads", [1, 2])
def test_parallel_target(threads):
    serial = guvectorize(["void(float64[:], intp, float64[:])"], "(n),()->(n)")(move_mean)
    par = guvectorize(["void(float64[:], intp, float64[:])"], "(n),()->(n)", target="parallel")(move_mean)
    r = np.random.default_rng(1).random((1000, 60))
    old = numba.get_num_threads()
    numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
    try:
        np.testing.assert_array_equal(par(r, 5), serial(r, 5))
    finally:
        numba.set_num_threads(old)
    ref = np.empty_like(r[0])
    move_mean(r[3], 5, ref)
    np.testing.assert_array_equal(serial(r, 5)[3], ref)


def test_errors_name_the_problem():
    with pytest.raises(TypeError, match="operands"):
        guvectorize(["void(float64[:], float64[:])"], "(n),()->(n)")(add_scalar)
    with pytest.raises(TypeError, match="core dimensions"):
        guvectorize(["void(float64[:,:], float64, float64[:])"], "(n),()->(n)")(add_scalar)
    with pytest.raises(TypeError, match="returns nothing"):
        guvectorize(["float64(float64[:], float64, float64[:])"], "(n),()->(n)")(add_scalar)
    with pytest.raises(ValueError):
        guvectorize(["void(float64[:], float64, float64[:])"], "(n),()-(n)")(add_scalar)
    with pytest.raises(TypeError, match="layout"):
        guvectorize(["void(float64[:], float64, float64[:])"])(add_scalar)


def test_errors_point_at_the_kernel():
    with pytest.raises(TypeError) as e:
        guvectorize(["void(float64[:], float64[:])"], "(n),()->(n)")(add_scalar)
    assert "test_guvectorize.py:" in str(e.value) and "add_scalar" in str(e.value)


# --- without signatures: compiled per argument dtypes on call (Numba's dynamic GUFunc) --

@guvectorize("(n),()->(n)")
def dyn_add_scalar(x, y, res):
    for i in range(x.shape[0]):
        res[i] = x[i] + y


@guvectorize("(m,n),(n)->(m)")
def dyn_matvec(a, v, out):
    for i in range(a.shape[0]):
        s = 0.0
        for j in range(a.shape[1]):
            s += a[i, j] * v[j]
        out[i] = s


@guvectorize("(n)->()")
def dyn_total(x, out):
    s = 0
    for i in range(x.shape[0]):
        s += x[i]
    out[0] = s


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
def test_dynamic_gufunc_compiles_per_dtype(dtype):
    x = (np.arange(12) % 5).astype(dtype).reshape(3, 4)
    out = np.empty_like(x)
    dyn_add_scalar(x, dtype(3), out)
    np.testing.assert_array_equal(out, x + dtype(3))
    t = np.zeros(3, dtype)
    dyn_total(x, t)
    np.testing.assert_array_equal(t, x.sum(axis=1))
    assert any(ty.startswith(np.dtype(dtype).char) for ty in dyn_add_scalar.types)


def test_dynamic_gufunc_broadcasts_and_checks_core_sizes():
    a = np.arange(24.0).reshape(2, 3, 4)
    v = np.linspace(0, 1, 4)
    out = np.zeros((2, 3))
    dyn_matvec(a, v, out)
    np.testing.assert_allclose(out, a @ v, rtol=1e-15)
    dyn_matvec(a, v, out=out)
    np.testing.assert_allclose(out, a @ v, rtol=1e-15)
    with pytest.raises(ValueError, match="core dimension"):
        dyn_matvec(a, np.ones(5), out)


def test_dynamic_gufunc_needs_its_outputs():
    with pytest.raises(TypeError, match="needs its outputs passed"):
        dyn_total(np.ones(3))
    assert "(n)->()" in repr(dyn_total) and dyn_total.nin == 1 and dyn_total.nout == 1
