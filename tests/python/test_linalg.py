"""np.linalg in compiled code (python/ferrojit/_lib/linalg.py: SciPy's LAPACK called
through ctypes, as Numba does), differential against NumPy: hypothesis matrices in
float64 for every function, then the other dtypes (NumPy computes float32 in float64 and
casts back; ints become float64), layouts, empty matrices, keyword arguments, NumPy's
errors, and SciPy imported only when needed.

Both sides call an OpenBLAS LAPACK (NumPy's and SciPy's builds), so results agree to
rounding: they are compared norm-wise with a tolerance scaled by the condition number.
Eigenvectors and singular vectors are compared through what defines them
(reconstruction, orthonormality), as their signs are the routine's choice."""

import os
import subprocess
import sys
import warnings

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from conftest import examples
from hypothesis import assume, given
from hypothesis import strategies as st

import ferrojit
from ferrojit.errors import TypingError

LinAlgError = np.linalg.LinAlgError
EPS = np.finfo(np.float64).eps


# --- kernels ----------------------------------------------------------------------------

def solve(a, b):
    return np.linalg.solve(a, b)


def inv(a):
    return np.linalg.inv(a)


def det(a):
    return np.linalg.det(a)


def slogdet(a):
    return np.linalg.slogdet(a)


def lstsq(a, b):
    return np.linalg.lstsq(a, b)


def lstsq_rcond(a, b, rcond):
    return np.linalg.lstsq(a, b, rcond)


def cholesky(a):
    return np.linalg.cholesky(a)


def cholesky_upper(a, upper):
    return np.linalg.cholesky(a, upper=upper)


def eigh(a):
    return np.linalg.eigh(a)


def eigh_upper(a):
    return np.linalg.eigh(a, UPLO="U")


def eigvalsh(a):
    return np.linalg.eigvalsh(a)


def svd(a):
    return np.linalg.svd(a)


def svd_full(a, full_matrices):
    return np.linalg.svd(a, full_matrices)


def qr(a):
    return np.linalg.qr(a)


def qr_complete(a):
    return np.linalg.qr(a, mode="complete")


def qr_r(a):
    return np.linalg.qr(a, "r")


def qr_raw(a):
    return np.linalg.qr(a, mode="raw")


def pinv(a):
    return np.linalg.pinv(a)


def pinv_rcond(a, rcond):
    return np.linalg.pinv(a, rcond)


def pinv_rtol(a, rtol):
    return np.linalg.pinv(a, rtol=rtol)


def matrix_rank(a):
    return np.linalg.matrix_rank(a)


def matrix_rank_tol(a, tol):
    return np.linalg.matrix_rank(a, tol)


def matrix_rank_rtol(a, rtol):
    return np.linalg.matrix_rank(a, rtol=rtol)


def matrix_power(a, n):
    return np.linalg.matrix_power(a, n)


KERNELS = [solve, inv, det, slogdet, lstsq, lstsq_rcond, cholesky, cholesky_upper, eigh, eigh_upper,
           eigvalsh, svd, svd_full, qr, qr_complete, qr_r, qr_raw, pinv, pinv_rcond, pinv_rtol,
           matrix_rank, matrix_rank_tol, matrix_rank_rtol, matrix_power]
J = {f.__name__: ferrojit.njit(f) for f in KERNELS}


def both(f, *args):
    """(compiled result, NumPy's) of kernel ``f``; when NumPy raises, the compiled call
    must raise the same exception (class and message), and None is returned."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            want = f(*args)
        except Exception as e:  # noqa: BLE001 - compared below
            with pytest.raises(type(e)) as info:
                J[f.__name__](*args)
            assert str(info.value) == str(e)
            return None
        got = J[f.__name__](*args)
    return got, want


# --- comparisons ------------------------------------------------------------------------

def unit(dtype):
    return 1e-5 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-13


def cond(a):
    if a.size == 0:
        return 1.0
    s = np.linalg.svd(a.astype(np.complex128), compute_uv=False)
    return np.inf if s[-1] == 0 else s[0] / s[-1]


def nrm(x):
    """The 2-norm without overflow or underflow."""
    x = np.asarray(x)
    big = np.abs(x).max(initial=0)
    return big * np.linalg.norm(x / big) if big > 0 else 0.0


def same_kind(got, want):
    assert isinstance(got, np.ndarray), got
    assert got.shape == want.shape and got.dtype == want.dtype, (got.shape, want.shape, got.dtype, want.dtype)


def close(got, want, tol, scale=None):
    """Norm-wise: |got - want| <= tol * (scale or |want|), arrays of NumPy's shape and dtype."""
    if isinstance(want, np.ndarray):
        same_kind(got, want)
    if np.size(want) == 0:
        return
    g = np.asarray(got, np.complex128)
    w = np.asarray(want, np.complex128)
    # infinities and NaNs where NumPy has them, the finite values close
    ok = np.isfinite(w)
    assert np.array_equal(np.isfinite(g), ok) and np.array_equal(g[~ok], w[~ok], equal_nan=True), (got, want)
    # (norms of the values scaled to at most 1: no overflow)
    big = max(np.abs(w[ok]).max(initial=0), np.abs(g[ok]).max(initial=0), 1e-300)
    ref = np.linalg.norm(w[ok] / big) if scale is None else scale / big
    assert np.linalg.norm((g[ok] - w[ok]) / big) <= tol * ref + 1e-300 / big, (got, want, tol)


def orthonormal(q, tol):
    if q.size:
        k = min(q.shape)
        g = q.conj().T @ q if q.shape[0] >= q.shape[1] else q @ q.conj().T
        close(g, np.eye(k, dtype=g.dtype), tol * 10, scale=1.0)


def det_close(gsign, glog, wsign, wlog, a):
    """Determinants given as (sign, log|det|), compared in logarithms: the error bound of
    an LU determinant is absolute, against Hadamard's bound H (the product of the rows'
    norms), and exp(log) adds |log|det|| units of rounding."""
    n = a.shape[0]
    with np.errstate(divide="ignore"):
        rows = np.abs(a).max(axis=1, initial=0)
        logh = np.sum(np.log(rows)) + np.sum(np.log(np.linalg.norm(a / np.where(rows > 0, rows, 1)[:, None], axis=1)))
    tol = 1e-13 * (n + 1)
    if wsign == 0 or gsign == 0:
        # a zero pivot on one side: the other's determinant is at rounding level
        other = glog if wsign == 0 else wlog
        assert (gsign == wsign) or other - logh < np.log(tol), (gsign, glog, wsign, wlog)
        return
    rel = tol * (np.exp(logh - wlog) + abs(wlog) + 1)
    assert rel > 1 or gsign == wsign, (gsign, wsign)
    assert abs(glog - wlog) <= rel, (glog, wlog, rel)


# --- strategies -------------------------------------------------------------------------

finite = st.floats(-100, 100, allow_nan=False, allow_subnormal=False)
small_ints = st.integers(-4, 4).map(float)


def matrices(rows, cols, elements=finite):
    return hnp.arrays(np.float64, (rows, cols), elements=elements)


@st.composite
def square(draw, max_n=6):
    n = draw(st.integers(0, max_n))
    return draw(matrices(n, n, st.one_of(finite, small_ints)))


@st.composite
def rectangular(draw, max_n=6):
    m = draw(st.integers(0, max_n))
    n = draw(st.integers(0, max_n))
    return draw(matrices(m, n, st.one_of(finite, small_ints)))


@st.composite
def low_rank(draw, max_n=6):
    """A product of m x r and r x n matrices: rank r at most."""
    m = draw(st.integers(1, max_n))
    n = draw(st.integers(1, max_n))
    r = draw(st.integers(0, min(m, n)))
    x = draw(matrices(m, r, small_ints))
    y = draw(matrices(r, n, small_ints))
    return x @ y


# --- float64: hypothesis ----------------------------------------------------------------

@examples(80)
@given(square(), st.integers(0, 3), st.booleans(), st.data())
def test_solve_inv_det_slogdet(a, k, vector, data):
    n = a.shape[0]
    b = data.draw(matrices(n, k) if not vector else hnp.arrays(np.float64, (n,), elements=finite))
    c = cond(a)
    got, want = both(det, a)
    with np.errstate(divide="ignore"):
        det_close(np.sign(got), np.log(abs(got)), np.sign(want), np.log(abs(want)), a)
    got, want = both(slogdet, a)
    det_close(*got, *want, a)
    if c > 1e10:
        # near-singular: either both succeed or the compiled call says "Singular matrix"
        for f, args in ((solve, (a, b)), (inv, (a,))):
            try:
                r = J[f.__name__](*args)
                assert r.shape == f(*args).shape
            except LinAlgError as e:
                assert str(e) == "Singular matrix"
        return
    r = both(solve, a, b)
    close(*r, 1e-13 * c)
    r = both(inv, a)
    close(*r, 1e-13 * c)


@examples(80)
@given(rectangular(), st.integers(0, 3), st.booleans(), st.data())
def test_lstsq(a, k, vector, data):
    m, n = a.shape
    b = data.draw(matrices(m, k) if not vector else hnp.arrays(np.float64, (m,), elements=finite))
    c = cond(a)
    got, want = both(lstsq, a, b)
    assert len(got) == 4 and isinstance(got[2], int)
    same_kind(got[0], want[0])
    same_kind(got[1], want[1])
    same_kind(got[3], want[3])
    close(got[3], want[3], 1e-13 * max(m, n))  # singular values
    s = want[3]
    if c < 1e6:
        assert got[2] == want[2]
        scale = nrm(want[0]) + (nrm(b) / s[0] if s.size and s[0] > 0 else 0.0)
        close(got[0], want[0], 1e-13 * c * c, scale=scale)
        close(got[1], want[1], 1e-13 * c * c, scale=nrm(b) ** 2)
    got, want = both(lstsq_rcond, a, b, 0.25)
    if s.size and np.all(np.abs(s - 0.25 * s[0]) > 1e-9 * s[0]):
        assert got[2] == want[2]


@examples(60)
@given(low_rank(), st.data())
def test_lstsq_rank_deficient(a, data):
    m, n = a.shape
    b = data.draw(hnp.arrays(np.float64, (m,), elements=small_ints))
    got, want = both(lstsq_rcond, a, b, 1e-8)
    s = want[3]
    assume(s.size == 0 or s[0] == 0 or np.all((s < 1e-10 * s[0]) | (s > 1e-6 * s[0])))
    assert got[2] == want[2]
    kept = s[s > 1e-8 * s[0]] if s.size and s[0] > 0 else s[:0]
    c = kept[0] / kept[-1] if kept.size else 1.0
    close(got[0], want[0], 1e-12 * c * c, scale=nrm(b) / kept[-1] if kept.size else 1.0)


@examples(60)
@given(square(max_n=5), st.data())
def test_cholesky_eigh(m, data):
    n = m.shape[0]
    spd = m @ m.T + np.eye(n)
    c = cond(spd)
    close(*both(cholesky, spd), 1e-13 * c)
    close(*both(cholesky_upper, spd, True), 1e-13 * c)
    sym = m + m.T
    norm = max(nrm(sym), 1.0)
    for f in (eigh, eigh_upper):
        (w, v), (w0, v0) = both(f, m if f is eigh_upper else sym)
        close(w, w0, 1e-13 * n, scale=norm)
        same_kind(v, v0)
        h = np.triu(m) + np.triu(m, 1).T if f is eigh_upper else sym
        close((v * w) @ v.T, h, 1e-13 * (n + 1), scale=norm)
        orthonormal(v, 1e-13 * (n + 1))
    w, w0 = both(eigvalsh, sym)
    close(w, w0, 1e-13 * n, scale=norm)


@examples(60)
@given(rectangular(), st.booleans())
def test_svd_qr(a, full):
    m, n = a.shape
    k = min(m, n)
    norm = max(nrm(a), 1.0)
    tol = 1e-13 * (max(m, n) + 1)
    (u, s, vt), (u0, s0, vt0) = both(svd_full, a, full)
    same_kind(u, u0)
    same_kind(vt, vt0)
    close(s, s0, tol, scale=norm)
    close((u[:, :k] * s) @ vt[:k], a, tol, scale=norm)
    orthonormal(u, tol)
    orthonormal(vt, tol)
    if k == 0:
        assert np.array_equal(u, u0) and np.array_equal(vt, vt0)  # NumPy's identities
    for f in (qr, qr_complete):
        (q, r), (q0, r0) = both(f, a)
        same_kind(q, q0)
        same_kind(r, r0)
        close(q @ r, a, tol, scale=norm)
        orthonormal(q, tol)
        assert np.array_equal(r, np.triu(r))
        close(np.abs(np.diag(r)), np.abs(np.diag(r0)), tol, scale=norm)
    r, r0 = both(qr_r, a)
    same_kind(r, r0)
    close(np.abs(np.diag(r)), np.abs(np.diag(r0)), tol, scale=norm)
    (h, tau), (h0, tau0) = both(qr_raw, a)
    same_kind(h, h0)
    same_kind(tau, tau0)


@examples(60)
@given(st.one_of(rectangular(), low_rank()))
def test_pinv_matrix_rank(a):
    m, n = a.shape
    s = np.linalg.svd(a, compute_uv=False)
    got, want = both(pinv, a)
    same_kind(got, want)
    if s.size and s[0] > 0:
        kept = s[s > 1e-15 * s[0]]
        c = kept[0] / kept[-1]
        if c < 1e6 and np.all((s < 1e-17 * s[0]) | (s > 1e-13 * s[0])):
            close(got, want, 1e-12 * c * c)
    for f, args in ((matrix_rank, ()), (matrix_rank_tol, (1.0,)), (matrix_rank_rtol, (1e-3,))):
        threshold = (args[0] if f is matrix_rank_tol else
                     (s.max(initial=0) * (args[0] if args else max(m, n) * EPS)))
        # compared where no singular value is near the threshold (rounding decides those)
        if np.all(np.abs(s - threshold) > 1e-9 * max(s.max(initial=0), 1.0)):
            got, want = both(f, a, *args)
            assert got == want and isinstance(got, int)


@examples(40)
@given(square(max_n=4), st.integers(-4, 9))
def test_matrix_power(a, p):
    n = a.shape[0]
    a = a / max(np.abs(a).max(initial=0), 1.0)  # (entries at most 1: powers stay finite)
    if p < 0 and cond(a) > 1e8:
        return
    r = both(matrix_power, a, p)
    if r is not None:
        c = cond(a) ** abs(p) if p < 0 else 1.0
        close(*r, 1e-13 * (abs(p) + 1) * (n + 1) * c, scale=max(nrm(r[1]), 1.0))


# --- dtypes and layouts -----------------------------------------------------------------

RNG = np.random.default_rng(20240611)


def sample(shape, dtype):
    x = RNG.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * RNG.standard_normal(shape)
    if np.dtype(dtype).kind in "iu":
        x = np.round(x * 3)
    if np.dtype(dtype).kind == "b":
        x = x > 0
    return (x + (np.eye(*shape) * 4 if len(shape) == 2 else 0)).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.complex128, np.complex64, np.int64])
def test_dtypes(dtype):
    a = sample((4, 4), dtype)
    rect = sample((5, 3), dtype)
    b = sample((4,), dtype)
    tol = unit(dtype) * 100
    herm = (a + a.conj().T) if a.dtype.kind != "b" else a
    spd = a @ a.conj().T + np.eye(4, dtype=a.dtype) * 4
    close(*both(solve, a, b), tol)
    close(*both(inv, a), tol)
    got, want = both(det, a)
    assert got == pytest.approx(want, rel=tol)
    got, want = both(slogdet, a)
    assert got[0] == pytest.approx(want[0], rel=tol) and got[1] == pytest.approx(want[1], rel=tol)
    close(*both(cholesky, spd), tol)
    (w, v), (w0, v0) = both(eigh, herm)
    close(w, w0, tol)
    same_kind(v, v0)
    close((v * w) @ v.conj().T, herm.astype(v.dtype), tol)
    (u, s, vt), (u0, s0, vt0) = both(svd, rect)
    same_kind(u, u0)
    same_kind(vt, vt0)
    close(s, s0, tol)
    close((u[:, :3] * s) @ vt, rect.astype(u.dtype), tol)
    (q, r), (q0, r0) = both(qr, rect)
    same_kind(q, q0)
    close(q @ r, rect.astype(q.dtype), tol)
    got, want = both(lstsq, rect, sample((5,), dtype))
    for g, w in zip(got, want):
        if isinstance(w, np.ndarray):
            close(g, w, tol)
        else:
            assert g == w
    close(*both(pinv, rect), tol)
    assert both(matrix_rank, rect)[0] == 3
    for p in (0, 1, 2, 5):
        close(*both(matrix_power, a, p), tol)
    if np.dtype(dtype).kind != "i":
        close(*both(matrix_power, a, -3), tol)


def test_integer_and_bool_inputs_become_float64():
    a = sample((3, 3), np.int32)
    close(*both(solve, a, np.arange(3)), 1e-13)
    close(*both(inv, np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], np.bool_)), 1e-13)
    close(*both(eigvalsh, sample((3, 3), np.uint8)), 1e-13)
    # mixed: the common type
    close(*both(solve, sample((3, 3), np.float32), sample((3,), np.complex64)), 1e-5)
    close(*both(solve, sample((3, 3), np.float32), sample((3,), np.float64)), 1e-13)


def test_integer_matrix_power():
    a = np.array([[1, 2], [3, 4]], np.int64)
    for p in range(0, 12):
        got, want = both(matrix_power, a, p)
        assert got.dtype == want.dtype and np.array_equal(got, want)
    # NumPy gives floats here: compiled code's result has one type, the matrix's
    with pytest.raises(ValueError, match="negative power of an integer matrix"):
        J["matrix_power"](a, -1)


@pytest.mark.parametrize("layout", ["F", "strided", "reversed"])
def test_layouts(layout):
    base = sample((8, 8), np.float64)
    a = {"F": np.asfortranarray(base[:4, :4]), "strided": base[::2, ::2], "reversed": base[3::-1, 7:3:-1]}[layout]
    b = {"F": np.asfortranarray(base[:4, 4:6]), "strided": base[1::2, 1:3], "reversed": base[::-2, 2:0:-1]}[layout]
    close(*both(solve, a, b), 1e-12)
    close(*both(inv, a), 1e-12)
    close(*both(det, a), 1e-12)
    (u, s, vt), (u0, s0, vt0) = both(svd, a)
    close(s, s0, 1e-12)
    got, want = both(lstsq, a, b)
    close(got[0], want[0], 1e-12)


def test_arguments_are_not_written():
    a = sample((4, 4), np.float64)
    spd = a @ a.T
    b = sample((4,), np.float64)
    keep = a.copy(), spd.copy(), b.copy()
    for f, args in ((solve, (a, b)), (inv, (a,)), (det, (a,)), (slogdet, (a,)), (lstsq, (a, b)),
                    (cholesky, (spd,)), (eigh, (spd,)), (svd, (a,)), (qr, (a,)), (pinv, (a,)),
                    (matrix_rank, (a,)), (matrix_power, (a, 3))):
        J[f.__name__](*args)
    assert all(np.array_equal(x, y) for x, y in zip((a, spd, b), keep))


# --- empty matrices and options ---------------------------------------------------------

@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (3, 0)])
def test_empty(shape):
    a = np.zeros(shape)
    m, n = shape
    for f, args in ((lstsq, (a, np.ones(m))), (lstsq, (a, np.ones((m, 2)))), (svd, (a,)), (svd_full, (a, False)),
                    (qr, (a,)), (qr_complete, (a,)), (qr_r, (a,)), (pinv, (a,)), (matrix_rank, (a,))):
        r = both(f, *args)
        if r is not None:
            got, want = r
            for g, w in zip(got, want) if isinstance(want, tuple) else [(got, want)]:
                if isinstance(w, np.ndarray):
                    same_kind(g, w)
                    assert np.array_equal(g, w)
                else:
                    assert g == w
    if m == n:
        for f, args in ((solve, (a, np.ones(0))), (solve, (a, np.ones((0, 2)))), (inv, (a,)), (det, (a,)),
                        (slogdet, (a,)), (cholesky, (a,)), (eigh, (a,)), (eigvalsh, (a,)), (matrix_power, (a, 3)),
                        (matrix_power, (a, 0))):
            got, want = both(f, *args)
            for g, w in zip(got, want) if isinstance(want, tuple) else [(got, want)]:
                if isinstance(w, np.ndarray):
                    same_kind(g, w)
                else:
                    assert g == w


def test_options():
    a = sample((4, 4), np.float64)
    spd = a @ a.T
    for upper in (False, True):
        close(*both(cholesky_upper, spd, upper), 1e-13)
    close(*both(pinv_rcond, a, 0.3), 1e-12)
    close(*both(pinv_rtol, a, None), 1e-12)
    close(*both(pinv_rtol, a, 0.2), 1e-12)
    for rcond in (None, -1.0, 0.5):
        got, want = both(lstsq_rcond, a[:, :3], a[:, 3], rcond)
        close(got[0], want[0], 1e-12)
        assert got[2] == want[2]
    for tol in (0.5, 3.0):
        assert both(matrix_rank_tol, a, tol)[0] == np.linalg.matrix_rank(a, tol)
    assert both(matrix_rank_rtol, a, 0.5)[0] == np.linalg.matrix_rank(a, rtol=0.5)
    # vectors and scalars: NumPy's int(not all(A == 0))
    for v in (np.zeros(3), np.array([0.0, 2.0]), np.zeros(0), np.array(0.0), np.array(-1.5), 0.0, 3):
        assert both(matrix_rank, v)[0] == np.linalg.matrix_rank(v)


# --- errors -----------------------------------------------------------------------------

def test_errors_are_numpys():
    sq = sample((3, 3), np.float64)
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    cases = [
        (solve, (singular, np.ones(2))), (solve, (singular, np.ones((2, 2)))), (inv, (singular,)),
        (solve, (singular, np.ones((2, 0)))), (matrix_power, (np.ones((2, 3)), 1.5)),
        (inv, (np.ones((2, 3)),)), (det, (np.ones((3, 2)),)), (slogdet, (np.ones((1, 2)),)),
        (solve, (np.ones((2, 3)), np.ones(2))), (solve, (sq, np.ones(2))), (solve, (sq, np.ones((4, 2)))),
        (inv, (np.ones(3),)), (det, (np.ones(3),)), (solve, (np.ones(3), np.ones(3))),
        (cholesky, (-np.eye(3),)), (cholesky, (np.ones((2, 3)),)), (eigh, (np.ones((2, 3)),)),
        (eigvalsh, (np.ones(4),)), (svd, (np.ones(4),)), (qr, (np.ones(4),)), (pinv, (np.ones(4),)),
        (lstsq, (np.ones((3, 2)), np.ones(2))), (lstsq, (np.ones(3), np.ones(3))),
        (lstsq, (np.ones((2, 2)), np.ones((2, 2, 2)))), (lstsq, (np.ones((2, 2, 2)), np.ones(2))),
        (matrix_power, (np.ones((2, 3)), 2)), (matrix_power, (np.ones(3), 2)), (matrix_power, (singular, -1)),
        (matrix_power, (sq, 1.5)), (svd, (np.array([[np.nan, 1.0], [1.0, 1.0]]),)),
        (lstsq, (np.array([[np.nan, 1.0], [1.0, 1.0]]), np.ones(2))),
    ]
    for f, args in cases:
        assert both(f, *args) is None, (f.__name__, args)  # NumPy raised, and so did compiled code


def qr_bad_mode(a):
    return np.linalg.qr(a, "bad")


def eigh_bad_uplo(a):
    return np.linalg.eigh(a, "X")


def eigh_lower_case(a):
    return np.linalg.eigh(a, "u")


def pinv_both(a):
    return np.linalg.pinv(a, 0.1, rtol=0.1)


def rank_both(a):
    return np.linalg.matrix_rank(a, 0.1, rtol=0.1)


@pytest.mark.parametrize("f", [qr_bad_mode, eigh_bad_uplo, pinv_both, rank_both])
def test_argument_errors(f):
    a = sample((3, 3), np.float64)
    with pytest.raises(ValueError) as want:
        f(a)
    with pytest.raises(ValueError) as got:
        ferrojit.njit(f)(a)
    assert str(got.value) == str(want.value)


def test_uplo_is_case_insensitive():
    a = sample((3, 3), np.float64)
    got, want = ferrojit.njit(eigh_lower_case)(a), eigh_lower_case(a)
    close(got[0], want[0], 1e-13)


def svd_values(a):
    return np.linalg.svd(a, compute_uv=False)


def stacked_solve(a, b):
    return np.linalg.solve(a, b)


def test_not_compiled():
    # the result's type depends on compute_uv's value, which compiled code does not know
    # (bool arguments are not literals); stacks of matrices are not compiled
    with pytest.raises(TypingError, match="has no compiled implementation"):
        ferrojit.njit(svd_values)(np.eye(2))
    with pytest.raises(TypingError, match="has no compiled implementation"):
        ferrojit.njit(stacked_solve)(np.ones((2, 3, 3)), np.ones((2, 3)))


# --- SciPy: imported when needed, a clear error without it --------------------------------

SCRIPT = """
import sys
{block}
import numpy as np
import ferrojit
print("scipy" in sys.modules)
@ferrojit.njit
def f(x):
    return np.linalg.norm(x)
f(np.ones(3))
print("scipy" in sys.modules)
@ferrojit.njit
def g(a, b):
    return np.linalg.solve(a, b)
try:
    print(g(np.eye(2), np.ones(2)).tolist())
except Exception as e:
    print(type(e).__name__, e)
"""


def run_script(tmp_path, block):
    """Runs SCRIPT (a file: ferrojit compiles from source) in a new interpreter."""
    path = tmp_path / "script.py"
    path.write_text(SCRIPT.format(block=block))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_scipy_imported_only_for_linalg(tmp_path):
    lines = run_script(tmp_path, "").splitlines()
    assert lines[:3] == ["False", "False", "[1.0, 1.0]"]


def test_without_scipy(tmp_path):
    out = run_script(tmp_path, "sys.modules['scipy'] = None")
    assert "np.linalg.solve in compiled code needs SciPy (its LAPACK)" in out


def _bool_matmul(a, b):
    return a @ b


def test_bool_matmul_is_the_or_of_the_ands():
    # (was an internal compiler error: `+` on bools)
    rng = np.random.default_rng(5)
    for shape_a, shape_b in [((3, 4), (4, 2)), ((4,), (4, 3)), ((3, 4), (4,)), ((5,), (5,))]:
        a = rng.random(shape_a) < 0.4
        b = rng.random(shape_b) < 0.4
        got = ferrojit.njit(_bool_matmul)(a, b)
        want = a @ b
        assert np.asarray(got).dtype == np.asarray(want).dtype == np.bool_
        np.testing.assert_array_equal(got, want)
