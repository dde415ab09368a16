"""``np.linalg`` in compiled code (see ``ferrojit._lib``), calling the LAPACK that SciPy
ships, as Numba does: the addresses of ``scipy.linalg.cython_lapack``'s functions, called
through ctypes function objects (every argument a pointer: Fortran's ABI). SciPy is
imported when an overload here is first asked for, never by ``import ferrojit``.

Each function follows NumPy's own (``numpy/linalg/_linalg.py`` and the gufuncs of
``umath_linalg.cpp``): the same LAPACK routine on the same column-major copy, in double
precision whatever the input (NumPy computes float32 in float64 and casts the results
back; integers and bools become float64), complex in complex128; NumPy's checks, errors
(``LinAlgError`` by the marked ``ValueError`` the Python boundary turns into NumPy's
class) and results for empty matrices. Arguments are copied (LAPACK overwrites its
inputs); the caller's arrays are never written.

Layout: a Fortran (column-major) ``r x c`` matrix lives in a C-ordered ``(c, r)`` array
``f``, element ``(i, j)`` being ``f[j, i]`` (``_to_f`` / ``_from_f`` copy in and out).
"""

import ctypes

import numpy as np

from .. import types
from ..extending import library

# "\x00LinAlgError:" + text: raised as ValueError, turned into numpy.linalg.LinAlgError
_LA = "\x00LinAlgError:"

# --- LAPACK from SciPy ----------------------------------------------------------------

_LAPACK = {}


def _lapack(name, what):
    """The ctypes function object of SciPy's LAPACK routine ``name`` (made once), every
    argument a pointer. ``what`` names the NumPy function for the error without SciPy."""
    f = _LAPACK.get(name)
    if f is None:
        try:
            from scipy.linalg import cython_lapack
        except ImportError:
            raise ImportError(f"{what} in compiled code needs SciPy (its LAPACK)") from None
        capsule = cython_lapack.__pyx_capi__[name]
        get_name = ctypes.pythonapi.PyCapsule_GetName
        get_name.restype = ctypes.c_char_p
        get_name.argtypes = [ctypes.py_object]
        get_ptr = ctypes.pythonapi.PyCapsule_GetPointer
        get_ptr.restype = ctypes.c_void_p
        get_ptr.argtypes = [ctypes.py_object, ctypes.c_char_p]
        signature = get_name(capsule)
        address = get_ptr(capsule, signature)
        # "void (int *, int *, double *, ...)": all pointers, counted by their commas
        params = signature.decode().split("(", 1)[1].rsplit(")", 1)[0]
        nargs = params.count(",") + 1
        f = ctypes.CFUNCTYPE(None, *([ctypes.c_void_p] * nargs))(address)
        _LAPACK[name] = f
    return f


# --- types ----------------------------------------------------------------------------

def _dtypes(*arrays):
    """NumPy's ``_commonType``: (the type LAPACK computes in, the result's type), as NumPy
    dtypes; None for arrays NumPy's linalg does not take."""
    cplx = False
    double = False
    for t in arrays:
        if not isinstance(t, types.Array):
            return None
        d = t.dtype
        if isinstance(d, types.Complex):
            cplx = True
            double = double or d.name == "complex128"
        elif isinstance(d, types.Float):
            double = double or d.name == "float64"
        elif isinstance(d, (types.Integer, types.Boolean)):
            double = True
        else:
            return None
    if cplx:
        return np.complex128, (np.complex128 if double else np.complex64)
    return np.float64, (np.float64 if double else np.float32)


def _real(dt):
    return {np.complex128: np.float64, np.complex64: np.float32}.get(dt, dt)


def _omitted(t):
    return t is None or isinstance(t, types.NoneType)


def _bool_arg(t):
    return isinstance(t, bool) or isinstance(t, types.Boolean)


def _is_real_number(t):
    return isinstance(t, (int, float, types.Integer, types.Float, types.Boolean)) and not isinstance(t, bool)


def _dims_error(ndim, at_least=True):
    return (f"{_LA}{ndim}-dimensional array given. Array must be "
            + ("at least two-dimensional" if at_least else "two-dimensional"))


# --- compiled helpers -----------------------------------------------------------------

def _i32(v):
    """A one-element int32 array holding ``v``: a Fortran ``INTEGER`` argument."""
    r = np.empty(1, np.int32)
    r[0] = v
    return r


def _f64(v):
    r = np.empty(1, np.float64)
    r[0] = v
    return r


def _char(code):
    """A Fortran ``CHARACTER`` argument (its code: ord('V'), ...)."""
    r = np.empty(1, np.uint8)
    r[0] = code
    return r


def _to_f(a, f):
    """Copies the 2-D ``a`` (m, n) into the column-major buffer ``f`` (n', m'), n' >= n,
    m' >= m: f[j, i] = a[i, j] (converted to f's dtype)."""
    m, n = a.shape
    for j in range(n):
        for i in range(m):
            f[j, i] = a[i, j]


def _from_f(f, out):
    """The column-major buffer ``f`` into ``out`` (r, c): out[i, j] = f[j, i]."""
    r, c = out.shape
    for i in range(r):
        for j in range(c):
            out[i, j] = f[j, i]


def _copy1(src, out):
    for i in range(out.shape[0]):
        out[i] = src[i]


def _check_square(a):
    if a.shape[0] != a.shape[1]:
        raise ValueError("\x00LinAlgError:Last 2 dimensions of the array must be square")


def _work_size(work):
    """The size a workspace query returned in ``work[0]`` (real or complex), at least 1."""
    n = int(work[0].real)
    return n if n > 1 else 1


# --- solve, inv -----------------------------------------------------------------------

def _matrix_checked(a):
    """(compute dtype, result dtype) for a matrix argument; a string (NumPy's error, for
    fewer than 2 dimensions) for the implementation to raise; None for arguments not
    compiled (not an array, stacks of matrices, dtypes NumPy's linalg refuses). That a
    matrix is square is checked when it runs (``_check_square``)."""
    if not isinstance(a, types.Array):
        return None
    if a.ndim > 2:
        return None  # stacks of matrices: not compiled
    dts = _dtypes(a)
    if dts is None:
        return None
    if a.ndim < 2:
        return _dims_error(a.ndim)
    return dts


@library("numpy.linalg.solve")
def _solve(a, b):
    dts = _matrix_checked(a)
    if dts is None or not isinstance(b, types.Array) or b.ndim not in (1, 2):
        return None
    if isinstance(dts, str):
        msg = dts

        def solve_error(a, b):
            raise ValueError(msg)
        return solve_error
    dts = _dtypes(a, b)
    if dts is None:
        return None
    comp, res = dts
    gesv = _lapack("zgesv" if comp is np.complex128 else "dgesv", "np.linalg.solve")

    if b.ndim == 1:
        def solve(a, b):
            _check_square(a)
            n = a.shape[0]
            if b.shape[0] != n:
                raise ValueError(f"solve1: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                                 f"signature (m,m),(m)->(m) (size {b.shape[0]} is different from {n})")
            lu = np.empty((n, n), comp)
            _to_f(a, lu)
            x = np.empty(n, comp)
            _copy1(b, x)
            n_ = _i32(n)
            one = _i32(1)
            ld = _i32(max(n, 1))
            ipiv = np.empty(max(n, 1), np.int32)
            info = _i32(0)
            gesv(n_, one, lu, ld, ipiv, x, ld, info)
            if info[0] != 0:
                raise ValueError("\x00LinAlgError:Singular matrix")
            out = np.empty(n, res)
            _copy1(x, out)
            return out
        return solve

    def solve(a, b):
        _check_square(a)
        n = a.shape[0]
        if b.shape[0] != n:
            raise ValueError(f"solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                             f"signature (m,m),(m,n)->(m,n) (size {b.shape[0]} is different from {n})")
        k = b.shape[1]
        lu = np.empty((n, n), comp)
        _to_f(a, lu)
        # (a zero column for k = 0: SciPy's OpenBLAS returns at once for no right-hand
        # side, where NumPy's still factors a and says when it is singular)
        x = np.zeros((max(k, 1), n), comp)
        _to_f(b, x)
        n_ = _i32(n)
        k_ = _i32(max(k, 1))
        ld = _i32(max(n, 1))
        ipiv = np.empty(max(n, 1), np.int32)
        info = _i32(0)
        gesv(n_, k_, lu, ld, ipiv, x, ld, info)
        if info[0] != 0:
            raise ValueError("\x00LinAlgError:Singular matrix")
        out = np.empty((n, k), res)
        _from_f(x, out)
        return out
    return solve


@library("numpy.linalg.inv")
def _inv(a):
    dts = _matrix_checked(a)
    if dts is None:
        return None
    if isinstance(dts, str):
        msg = dts

        def inv_error(a):
            raise ValueError(msg)
        return inv_error
    comp, res = dts
    gesv = _lapack("zgesv" if comp is np.complex128 else "dgesv", "np.linalg.inv")

    def inv(a):
        _check_square(a)
        n = a.shape[0]
        lu = np.empty((n, n), comp)
        _to_f(a, lu)
        x = np.zeros((n, n), comp)
        for i in range(n):
            x[i, i] = 1.0
        n_ = _i32(n)
        ld = _i32(max(n, 1))
        ipiv = np.empty(max(n, 1), np.int32)
        info = _i32(0)
        gesv(n_, n_, lu, ld, ipiv, x, ld, info)
        if info[0] != 0:
            raise ValueError("\x00LinAlgError:Singular matrix")
        out = np.empty((n, n), res)
        _from_f(x, out)
        return out
    return inv


# --- det, slogdet ---------------------------------------------------------------------

def _slogdet_real(lu, ipiv, info):
    """NumPy's slogdet_single_element for a real matrix factored by getrf: (sign,
    log|det|)."""
    n = lu.shape[0]
    if info != 0:
        return 0.0, -np.inf
    swaps = 0
    for i in range(n):
        if ipiv[i] != i + 1:
            swaps += 1
    sign = -1.0 if swaps % 2 == 1 else 1.0
    logdet = 0.0
    for i in range(n):
        d = lu[i, i]
        if d < 0.0:
            sign = -sign
            d = -d
        logdet += np.log(d)
    return sign, logdet


def _slogdet_complex(lu, ipiv, info):
    """The same for a complex matrix: (sign's real part, imaginary part, log|det|)."""
    n = lu.shape[0]
    if info != 0:
        return 0.0, 0.0, -np.inf
    swaps = 0
    for i in range(n):
        if ipiv[i] != i + 1:
            swaps += 1
    sr = -1.0 if swaps % 2 == 1 else 1.0
    si = 0.0
    logdet = 0.0
    for i in range(n):
        d = lu[i, i]
        ab = np.hypot(d.real, d.imag)
        er = d.real / ab
        ei = d.imag / ab
        sr, si = sr * er - si * ei, sr * ei + si * er
        logdet += np.log(ab)
    return sr, si, logdet


def _det_overload(name, a):
    dts = _matrix_checked(a)
    if dts is None:
        return None, None
    if isinstance(dts, str):
        msg = dts

        def error(a):
            raise ValueError(msg)
        return None, error
    comp = dts[0]
    getrf = _lapack("zgetrf" if comp is np.complex128 else "dgetrf", "np.linalg." + name)
    return (dts, getrf), None


@library("numpy.linalg.det")
def _det(a):
    found, error = _det_overload("det", a)
    if found is None:
        return error
    (comp, res), getrf = found
    if comp is np.complex128:
        def det(a):
            _check_square(a)
            n = a.shape[0]
            lu = np.empty((n, n), np.complex128)
            _to_f(a, lu)
            n_ = _i32(n)
            ld = _i32(max(n, 1))
            ipiv = np.empty(max(n, 1), np.int32)
            info = _i32(0)
            getrf(n_, n_, lu, ld, ipiv, info)
            sr, si, logdet = _slogdet_complex(lu, ipiv, info[0])
            e = np.exp(logdet)
            return res(complex(sr * e - si * 0.0, sr * 0.0 + si * e))
        return det

    def det(a):
        _check_square(a)
        n = a.shape[0]
        lu = np.empty((n, n), np.float64)
        _to_f(a, lu)
        n_ = _i32(n)
        ld = _i32(max(n, 1))
        ipiv = np.empty(max(n, 1), np.int32)
        info = _i32(0)
        getrf(n_, n_, lu, ld, ipiv, info)
        sign, logdet = _slogdet_real(lu, ipiv, info[0])
        return res(sign * np.exp(logdet))
    return det


@library("numpy.linalg.slogdet")
def _slogdet(a):
    found, error = _det_overload("slogdet", a)
    if found is None:
        return error
    (comp, res), getrf = found
    real = _real(res)
    if comp is np.complex128:
        def slogdet(a):
            _check_square(a)
            n = a.shape[0]
            lu = np.empty((n, n), np.complex128)
            _to_f(a, lu)
            n_ = _i32(n)
            ld = _i32(max(n, 1))
            ipiv = np.empty(max(n, 1), np.int32)
            info = _i32(0)
            getrf(n_, n_, lu, ld, ipiv, info)
            sr, si, logdet = _slogdet_complex(lu, ipiv, info[0])
            return res(complex(sr, si)), real(logdet)
        return slogdet

    def slogdet(a):
        _check_square(a)
        n = a.shape[0]
        lu = np.empty((n, n), np.float64)
        _to_f(a, lu)
        n_ = _i32(n)
        ld = _i32(max(n, 1))
        ipiv = np.empty(max(n, 1), np.int32)
        info = _i32(0)
        getrf(n_, n_, lu, ld, ipiv, info)
        sign, logdet = _slogdet_real(lu, ipiv, info[0])
        return res(sign), res(logdet)
    return slogdet


# --- cholesky -------------------------------------------------------------------------

@library("numpy.linalg.cholesky")
def _cholesky(a, upper=False):
    if not _bool_arg(upper):
        return None
    dts = _matrix_checked(a)
    if dts is None:
        return None
    if isinstance(dts, str):
        msg = dts

        def cholesky_error(a, upper=False):
            raise ValueError(msg)
        return cholesky_error
    comp, res = dts
    potrf = _lapack("zpotrf" if comp is np.complex128 else "dpotrf", "np.linalg.cholesky")

    def cholesky(a, upper=False):
        _check_square(a)
        n = a.shape[0]
        f = np.empty((n, n), comp)
        _to_f(a, f)
        uplo = _char(85 if upper else 76)  # 'U' / 'L'
        n_ = _i32(n)
        ld = _i32(max(n, 1))
        info = _i32(0)
        potrf(uplo, n_, f, ld, info)
        if info[0] != 0:
            raise ValueError("\x00LinAlgError:Matrix is not positive definite")
        out = np.zeros((n, n), res)
        for i in range(n):
            if upper:
                for j in range(i, n):
                    out[i, j] = f[j, i]
            else:
                for j in range(i + 1):
                    out[i, j] = f[j, i]
        return out
    return cholesky


# --- eigh, eigvalsh -------------------------------------------------------------------

def _uplo_code(UPLO):
    """ord('L') / ord('U') for NumPy's UPLO argument (a string known when compiling), 0
    for a string NumPy rejects, None for other arguments."""
    if isinstance(UPLO, str):
        value = UPLO
    elif isinstance(UPLO, types.Literal) and isinstance(UPLO.literal_value, str):
        value = UPLO.literal_value
    else:
        return None
    value = value.upper()
    return ord(value) if value in ("L", "U") else 0


def _eigh_overload(name, a, UPLO, vectors):
    code = _uplo_code(UPLO)
    if code is None:
        return None
    dts = _matrix_checked(a)
    if dts is None:
        return None
    if code == 0:
        def uplo_error(a, UPLO="L"):
            raise ValueError("UPLO argument must be 'L' or 'U'")
        return uplo_error
    if isinstance(dts, str):
        msg = dts

        def eigh_error(a, UPLO="L"):
            raise ValueError(msg)
        return eigh_error
    comp, res = dts
    real = _real(res)
    jobz_code = ord("V") if vectors else ord("N")
    what = "np.linalg." + name
    if comp is np.complex128:
        heevd = _lapack("zheevd", what)

        def eigh(a, UPLO="L"):
            _check_square(a)
            n = a.shape[0]
            f = np.empty((n, n), np.complex128)
            _to_f(a, f)
            w = np.empty(n, np.float64)
            jobz = _char(jobz_code)
            uplo = _char(code)
            n_ = _i32(n)
            ld = _i32(max(n, 1))
            info = _i32(0)
            work = np.empty(1, np.complex128)
            rwork = np.empty(1, np.float64)
            iwork = np.empty(1, np.int32)
            lwork = _i32(-1)
            lrwork = _i32(-1)
            liwork = _i32(-1)
            heevd(jobz, uplo, n_, f, ld, w, work, lwork, rwork, lrwork, iwork, liwork, info)
            lwork[0] = _work_size(work)
            lrwork[0] = _work_size(rwork)
            liwork[0] = max(iwork[0], 1)
            work = np.empty(lwork[0], np.complex128)
            rwork = np.empty(lrwork[0], np.float64)
            iwork = np.empty(liwork[0], np.int32)
            heevd(jobz, uplo, n_, f, ld, w, work, lwork, rwork, lrwork, iwork, liwork, info)
            if info[0] != 0:
                raise ValueError("\x00LinAlgError:Eigenvalues did not converge")
            wout = np.empty(n, real)
            _copy1(w, wout)
            vout = np.empty((n, n), res)
            _from_f(f, vout)
            return wout, vout
    else:
        syevd = _lapack("dsyevd", what)

        def eigh(a, UPLO="L"):
            _check_square(a)
            n = a.shape[0]
            f = np.empty((n, n), np.float64)
            _to_f(a, f)
            w = np.empty(n, np.float64)
            jobz = _char(jobz_code)
            uplo = _char(code)
            n_ = _i32(n)
            ld = _i32(max(n, 1))
            info = _i32(0)
            work = np.empty(1, np.float64)
            iwork = np.empty(1, np.int32)
            lwork = _i32(-1)
            liwork = _i32(-1)
            syevd(jobz, uplo, n_, f, ld, w, work, lwork, iwork, liwork, info)
            lwork[0] = _work_size(work)
            liwork[0] = max(iwork[0], 1)
            work = np.empty(lwork[0], np.float64)
            iwork = np.empty(liwork[0], np.int32)
            syevd(jobz, uplo, n_, f, ld, w, work, lwork, iwork, liwork, info)
            if info[0] != 0:
                raise ValueError("\x00LinAlgError:Eigenvalues did not converge")
            wout = np.empty(n, real)
            _copy1(w, wout)
            vout = np.empty((n, n), res)
            _from_f(f, vout)
            return wout, vout
    if vectors:
        return eigh

    def eigvalsh(a, UPLO="L"):
        return eigh(a, UPLO)[0]
    return eigvalsh


@library("numpy.linalg.eigh")
def _eigh(a, UPLO="L"):
    return _eigh_overload("eigh", a, UPLO, True)


@library("numpy.linalg.eigvalsh")
def _eigvalsh(a, UPLO="L"):
    return _eigh_overload("eigvalsh", a, UPLO, False)


# --- svd ------------------------------------------------------------------------------

def _gesdd(name, comp, jobz_code):
    """The implementation of NumPy's svd gufunc for ``jobz`` 'A', 'S' or 'N': (u, s, vt)
    as column-major buffers in float64 / complex128 (u, vt one-element dummies for 'N'),
    or raises ``LinAlgError: SVD did not converge``."""
    what = "np.linalg." + name
    if comp is np.complex128:
        zgesdd = _lapack("zgesdd", what)

        def gesdd(a):
            m, n = a.shape
            k = min(m, n)
            f = np.empty((n, m), np.complex128)
            _to_f(a, f)
            ucols = m if jobz_code == 65 else k
            vtrows = n if jobz_code == 65 else k
            s = np.empty(k, np.float64)
            if jobz_code == 78:
                u = np.empty((1, 1), np.complex128)
                vt = np.empty((1, 1), np.complex128)
            else:
                u = np.empty((ucols, m), np.complex128)
                vt = np.empty((n, vtrows), np.complex128)
            if k == 0:
                if jobz_code == 65:
                    # NumPy: identities for whichever of u and vt is not empty
                    _identity(u)
                    _identity(vt)
                return u, s, vt
            jobz = _char(jobz_code)
            m_ = _i32(m)
            n_ = _i32(n)
            lda = _i32(max(m, 1))
            ldu = _i32(max(m, 1))
            ldvt = _i32(max(vtrows, 1))
            info = _i32(0)
            mx = max(m, n)
            if jobz_code == 78:
                lrwork = 7 * k
            else:
                lrwork = max(5 * k * k + 5 * k, 2 * mx * k + 2 * k * k + k)
            rwork = np.empty(max(lrwork, 1), np.float64)
            iwork = np.empty(8 * k, np.int32)
            work = np.empty(1, np.complex128)
            lwork = _i32(-1)
            zgesdd(jobz, m_, n_, f, lda, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info)
            lwork[0] = _work_size(work)
            work = np.empty(lwork[0], np.complex128)
            zgesdd(jobz, m_, n_, f, lda, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info)
            if info[0] != 0:
                raise ValueError("\x00LinAlgError:SVD did not converge")
            return u, s, vt
        return gesdd

    dgesdd = _lapack("dgesdd", what)

    def gesdd(a):
        m, n = a.shape
        k = min(m, n)
        f = np.empty((n, m), np.float64)
        _to_f(a, f)
        ucols = m if jobz_code == 65 else k
        vtrows = n if jobz_code == 65 else k
        s = np.empty(k, np.float64)
        if jobz_code == 78:
            u = np.empty((1, 1), np.float64)
            vt = np.empty((1, 1), np.float64)
        else:
            u = np.empty((ucols, m), np.float64)
            vt = np.empty((n, vtrows), np.float64)
        if k == 0:
            if jobz_code == 65:
                _identity(u)
                _identity(vt)
            return u, s, vt
        jobz = _char(jobz_code)
        m_ = _i32(m)
        n_ = _i32(n)
        lda = _i32(max(m, 1))
        ldu = _i32(max(m, 1))
        ldvt = _i32(max(vtrows, 1))
        info = _i32(0)
        iwork = np.empty(8 * k, np.int32)
        work = np.empty(1, np.float64)
        lwork = _i32(-1)
        dgesdd(jobz, m_, n_, f, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info)
        lwork[0] = _work_size(work)
        work = np.empty(lwork[0], np.float64)
        dgesdd(jobz, m_, n_, f, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info)
        if info[0] != 0:
            raise ValueError("\x00LinAlgError:SVD did not converge")
        return u, s, vt
    return gesdd


def _identity(f):
    f[:, :] = 0
    for i in range(min(f.shape[0], f.shape[1])):
        f[i, i] = 1


def _literal_bool(t):
    """The value of a bool argument known when compiling (the default, or a literal),
    else None."""
    if isinstance(t, bool):
        return t
    if isinstance(t, types.Literal) and isinstance(t.literal_value, bool):
        return t.literal_value
    return None


def _not_hermitian(t):
    # hermitian=True (NumPy's eigh-based svd) is not compiled
    return _literal_bool(t) is False


@library("numpy.linalg.svd")
def _svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    if not (_bool_arg(full_matrices) and _not_hermitian(hermitian)):
        return None
    compute_uv = _literal_bool(compute_uv)
    if compute_uv is None:
        return None  # (the result's type depends on it: it must be known when compiling)
    dts = _matrix_checked(a)
    if dts is None:
        return None
    if isinstance(dts, str):
        msg = dts

        def svd_error(a, full_matrices=True, compute_uv=True, hermitian=False):
            raise ValueError(msg)
        return svd_error
    comp, res = dts
    real = _real(res)
    if not compute_uv:
        gesdd_n = _gesdd("svd", comp, ord("N"))

        def svd_values(a, full_matrices=True, compute_uv=True, hermitian=False):
            u, s, vt = gesdd_n(a)
            out = np.empty(s.shape[0], real)
            _copy1(s, out)
            return out
        return svd_values
    gesdd_a = _gesdd("svd", comp, ord("A"))
    gesdd_s = _gesdd("svd", comp, ord("S"))

    def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
        m, n = a.shape
        if full_matrices:
            u, s, vt = gesdd_a(a)
            uout = np.empty((m, m), res)
            vout = np.empty((n, n), res)
        else:
            u, s, vt = gesdd_s(a)
            k = min(m, n)
            uout = np.empty((m, k), res)
            vout = np.empty((k, n), res)
        _from_f(u, uout)
        _from_f(vt, vout)
        sout = np.empty(s.shape[0], real)
        _copy1(s, sout)
        return uout, sout, vout
    return svd


# --- qr -------------------------------------------------------------------------------

def _mode_value(mode):
    if isinstance(mode, str):
        return mode
    if isinstance(mode, types.Literal) and isinstance(mode.literal_value, str):
        return mode.literal_value
    return None


@library("numpy.linalg.qr")
def _qr(a, mode="reduced"):
    mode = _mode_value(mode)
    if mode is None or mode in ("f", "full", "e", "economic"):
        return None  # (NumPy's deprecated modes: not compiled)
    dts = _matrix_checked(a)
    if dts is None:
        return None
    if mode not in ("reduced", "complete", "r", "raw"):
        msg = f"Unrecognized mode '{mode}'"

        def mode_error(a, mode="reduced"):
            raise ValueError(msg)
        return mode_error
    if isinstance(dts, str):
        msg = dts

        def qr_error(a, mode="reduced"):
            raise ValueError(msg)
        return qr_error
    comp, res = dts
    cplx = comp is np.complex128
    geqrf = _lapack("zgeqrf" if cplx else "dgeqrf", "np.linalg.qr")
    orgqr = _lapack("zungqr" if cplx else "dorgqr", "np.linalg.qr")

    def factor(a):
        # NumPy's qr_r_raw: geqrf on a column-major copy; (the factored copy, tau)
        m, n = a.shape
        k = min(m, n)
        f = np.empty((n, m), comp)
        _to_f(a, f)
        tau = np.zeros(max(k, 1), comp)
        m_ = _i32(m)
        n_ = _i32(n)
        lda = _i32(max(m, 1))
        info = _i32(0)
        work = np.empty(1, comp)
        lwork = _i32(-1)
        geqrf(m_, n_, f, lda, tau, work, lwork, info)
        lwork[0] = max(max(n, 1), _work_size(work))
        work = np.empty(lwork[0], comp)
        geqrf(m_, n_, f, lda, tau, work, lwork, info)
        if info[0] != 0:
            raise ValueError("\x00LinAlgError:Incorrect argument found while performing LAPACK routine")
        return f, tau

    if mode == "r":
        def qr_r(a, mode="reduced"):
            m, n = a.shape
            k = min(m, n)
            f, tau = factor(a)
            r = np.zeros((k, n), res)
            for i in range(k):
                for j in range(i, n):
                    r[i, j] = f[j, i]
            return r
        return qr_r

    if mode == "raw":
        def qr_raw(a, mode="reduced"):
            m, n = a.shape
            k = min(m, n)
            f, tau = factor(a)
            h = np.empty((n, m), res)
            for i in range(n):
                for j in range(m):
                    h[i, j] = f[i, j]
            t = np.empty(k, res)
            _copy1(tau, t)
            return h, t
        return qr_raw

    complete = mode == "complete"

    def qr(a, mode="reduced"):
        m, n = a.shape
        k = min(m, n)
        f, tau = factor(a)
        mc = m if complete and m > n else k
        # Q: the reflectors (the first min(mc, n) columns of the factored copy), then
        # orgqr / ungqr, m x mc
        q = np.zeros((max(mc, 1), m), comp)
        for j in range(min(mc, n)):
            for i in range(m):
                q[j, i] = f[j, i]
        m_ = _i32(m)
        mc_ = _i32(mc)
        k_ = _i32(k)
        lda = _i32(max(m, 1))
        info = _i32(0)
        work = np.empty(1, comp)
        lwork = _i32(-1)
        orgqr(m_, mc_, k_, q, lda, tau, work, lwork, info)
        lwork[0] = max(max(n, mc, 1), _work_size(work))
        work = np.empty(lwork[0], comp)
        orgqr(m_, mc_, k_, q, lda, tau, work, lwork, info)
        if info[0] != 0:
            raise ValueError("\x00LinAlgError:Incorrect argument found while performing LAPACK routine")
        qout = np.empty((m, mc), res)
        _from_f(q, qout)
        r = np.zeros((mc, n), res)
        for i in range(min(mc, n)):
            for j in range(i, n):
                r[i, j] = f[j, i]
        return qout, r
    return qr


# --- lstsq ----------------------------------------------------------------------------

@library("numpy.linalg.lstsq")
def _lstsq(a, b, rcond=None):
    if not (isinstance(a, types.Array) and isinstance(b, types.Array)):
        return None
    if not (_omitted(rcond) or _is_real_number(rcond)):
        return None
    if _dtypes(a, b) is None:
        return None
    if a.ndim != 2 or b.ndim not in (1, 2):
        # NumPy's _assert_2d(a, b), b a column for a vector: no stacks here
        msg = _dims_error(a.ndim if a.ndim != 2 else b.ndim, at_least=False)

        def lstsq_error(a, b, rcond=None):
            raise ValueError(msg)
        return lstsq_error
    comp, res = _dtypes(a, b)
    real = _real(res)
    cplx = comp is np.complex128
    gelsd = _lapack("zgelsd" if cplx else "dgelsd", "np.linalg.lstsq")
    default_rcond = _omitted(rcond)
    vector = b.ndim == 1

    def lstsq(a, b, rcond=None):
        m, n = a.shape
        m2 = b.shape[0]
        if vector:
            nrhs = 1
        else:
            nrhs = b.shape[1]
        if m != m2:
            raise ValueError("\x00LinAlgError:Incompatible dimensions")
        if default_rcond:
            rc = _f64(2.220446049250313e-16 * max(n, m))
        else:
            rc = _f64(rcond)
        k = min(m, n)
        mx = max(m, n)
        nrhs_l = max(nrhs, 1)  # NumPy: LAPACK can't handle nrhs = 0
        f = np.empty((n, m), comp)
        _to_f(a, f)
        bf = np.zeros((nrhs_l, max(mx, 1)), comp)
        if vector:
            for i in range(m):
                bf[0, i] = b[i]
        else:
            _to_f(b, bf)
        s = np.empty(max(k, 1), np.float64)
        m_ = _i32(m)
        n_ = _i32(n)
        nrhs_ = _i32(nrhs_l)
        lda = _i32(max(m, 1))
        ldb = _i32(max(mx, 1))
        rank = _i32(0)
        info = _i32(0)
        work = np.empty(1, comp)
        iwork = np.empty(1, np.int32)
        lwork = _i32(-1)
        if cplx:
            rwork = np.empty(1, np.float64)
            gelsd(m_, n_, nrhs_, f, lda, bf, ldb, s, rc, rank, work, lwork, rwork, iwork, info)
            lwork[0] = _work_size(work)
            rwork = np.empty(_work_size(rwork), np.float64)
            iwork = np.empty(max(iwork[0], 1), np.int32)
            work = np.empty(lwork[0], comp)
            gelsd(m_, n_, nrhs_, f, lda, bf, ldb, s, rc, rank, work, lwork, rwork, iwork, info)
        else:
            gelsd(m_, n_, nrhs_, f, lda, bf, ldb, s, rc, rank, work, lwork, iwork, info)
            lwork[0] = _work_size(work)
            iwork = np.empty(max(iwork[0], 1), np.int32)
            work = np.empty(lwork[0], comp)
            gelsd(m_, n_, nrhs_, f, lda, bf, ldb, s, rc, rank, work, lwork, iwork, info)
        if info[0] != 0:
            raise ValueError("\x00LinAlgError:SVD did not converge in Linear Least Squares")
        r = rank[0]
        if m == 0:
            bf[:, :] = 0
        if r == n and m > n:
            resids = np.empty(nrhs, real)
            for j in range(nrhs):
                acc = 0.0
                for i in range(n, m):
                    v = bf[j, i]
                    acc += v.real * v.real + v.imag * v.imag
                resids[j] = acc
        else:
            resids = np.empty(0, real)
        sout = np.empty(k, real)
        _copy1(s, sout)
        if vector:
            x = np.empty(n, res)
            for i in range(n):
                x[i] = bf[0, i]
        else:
            x = np.empty((n, nrhs), res)
            for i in range(n):
                for j in range(nrhs):
                    x[i, j] = bf[j, i]
        return x, resids, int(r), sout
    return lstsq


# --- pinv, matrix_rank ----------------------------------------------------------------

class _NoValueType:
    """pinv's ``rtol`` omitted (NumPy's ``_NoValue``: 1e-15 then, not the scaled eps)."""

    def __repr__(self):
        return "<no value>"


_NOVALUE = _NoValueType()


def _eps(dt):
    return float(np.finfo(_real(dt)).eps)


@library("numpy.linalg.pinv")
def _pinv(a, rcond=None, hermitian=False, rtol=_NOVALUE):
    if not _not_hermitian(hermitian):
        return None
    if not (_omitted(rcond) or _is_real_number(rcond)):
        return None
    rtol_omitted = rtol is _NOVALUE
    if not (rtol_omitted or _omitted(rtol) or _is_real_number(rtol)):
        return None
    dts = _matrix_checked(a)
    if dts is None:
        return None
    if not _omitted(rcond) and not rtol_omitted:
        def both_error(a, rcond=None, hermitian=False, rtol=None):
            raise ValueError("`rtol` and `rcond` can't be both set.")
        return both_error
    integer = not isinstance(a.dtype, (types.Float, types.Complex))
    # rcond: 1e-15, max(m, n) * eps of a's dtype (rtol=None), rtol or rcond
    scaled = _omitted(rcond) and not rtol_omitted and _omitted(rtol)
    use_rtol = _omitted(rcond) and not rtol_omitted and not _omitted(rtol)
    default = _omitted(rcond) and rtol_omitted
    if scaled and integer:
        msg = f"data type <class 'numpy.{a.dtype.name}'> not inexact"

        def inexact_error(a, rcond=None, hermitian=False, rtol=None):
            raise ValueError(msg)
        return inexact_error
    if isinstance(dts, str):
        msg = dts

        def pinv_error(a, rcond=None, hermitian=False, rtol=None):
            raise ValueError(msg)
        return pinv_error
    comp, res = dts
    real = _real(res)
    eps = _eps(res) if not integer else 0.0
    cplx = comp is np.complex128
    gesdd_s = _gesdd("pinv", comp, ord("S"))

    def pinv(a, rcond=None, hermitian=False, rtol=None):
        m, n = a.shape
        if default:
            rc = 1e-15
        elif scaled:
            rc = max(m, n) * eps
        elif use_rtol:
            rc = float(rtol)
        else:
            rc = float(rcond)
        if m == 0 or n == 0:
            return np.empty((n, m), res)
        if cplx:
            u, s, vt = gesdd_s(a.conj())
        else:
            u, s, vt = gesdd_s(a)
        k = min(m, n)
        # NumPy casts svd's results to the result type, then computes in it
        uu = np.empty((m, k), res)
        _from_f(u, uu)
        vv = np.empty((k, n), res)
        _from_f(vt, vv)
        ss = np.empty(k, real)
        _copy1(s, ss)
        smax = float(ss[0])
        for i in range(k):
            if float(ss[i]) > smax:
                smax = float(ss[i])
        cutoff = rc * smax
        for i in range(k):
            if float(ss[i]) > cutoff:
                ss[i] = real(1) / ss[i]
            else:
                ss[i] = 0
        w = np.empty((k, m), res)
        for i in range(k):
            for j in range(m):
                w[i, j] = ss[i] * uu[j, i]
        return vv.T @ w
    return pinv


@library("numpy.linalg.matrix_rank")
def _matrix_rank(A, tol=None, hermitian=False, rtol=None):
    if not _not_hermitian(hermitian):
        return None
    if isinstance(A, (types.Number, types.Boolean)):
        def rank_scalar(A, tol=None, hermitian=False, rtol=None):
            return 0 if A == 0 else 1
        return rank_scalar
    if not isinstance(A, types.Array):
        return None
    if not ((_omitted(tol) or _is_real_number(tol)) and (_omitted(rtol) or _is_real_number(rtol))):
        return None
    if not _omitted(tol) and not _omitted(rtol):
        def both_error(A, tol=None, hermitian=False, rtol=None):
            raise ValueError("`tol` and `rtol` can't be both set.")
        return both_error
    if A.ndim < 2:
        # NumPy: int(not all(A == 0))
        if A.ndim == 0:
            def rank0(A, tol=None, hermitian=False, rtol=None):
                return 0 if A[()] == 0 else 1
            return rank0

        def rank1(A, tol=None, hermitian=False, rtol=None):
            for i in range(A.shape[0]):
                if A[i] != 0:
                    return 1
            return 0
        return rank1
    dts = _matrix_checked(A)
    if dts is None or isinstance(dts, str):
        return None
    comp, res = dts
    real = _real(res)
    eps = _eps(res)  # (a Python float: exact in float32 too)
    gesdd_n = _gesdd("matrix_rank", comp, ord("N"))
    given_tol = not _omitted(tol)
    given_rtol = not _omitted(rtol)

    def matrix_rank(A, tol=None, hermitian=False, rtol=None):
        m, n = A.shape
        u, s, vt = gesdd_n(A)
        k = s.shape[0]
        ss = np.empty(k, real)
        _copy1(s, ss)
        smax = real(0)
        for i in range(k):
            if ss[i] > smax:
                smax = ss[i]
        count = 0
        if given_tol:
            t = float(tol)
            for i in range(k):
                if float(ss[i]) > t:
                    count += 1
        elif given_rtol:
            t = float(smax) * float(rtol)
            for i in range(k):
                if float(ss[i]) > t:
                    count += 1
        else:
            t = smax * (real(max(m, n)) * real(eps))
            for i in range(k):
                if ss[i] > t:
                    count += 1
        return count
    return matrix_rank


# --- matrix_power ---------------------------------------------------------------------

@library("numpy.linalg.matrix_power")
def _matrix_power(a, n):
    dts = _matrix_checked(a)
    if dts is None or isinstance(a.dtype, types.Boolean):
        return None
    if isinstance(dts, str):
        msg = dts

        def power_error(a, n):
            raise ValueError(msg)
        return power_error
    if not (isinstance(n, (types.Integer, types.Boolean)) or (isinstance(n, int))):
        def exponent_error(a, n):
            _check_square(a)
            raise TypeError("exponent must be an integer")
        return exponent_error
    integer = isinstance(a.dtype, types.Integer)
    dt = getattr(np, a.dtype.name)

    def matrix_power(a, n):
        _check_square(a)
        m = a.shape[0]
        if n == 0:
            eye = np.zeros((m, m), dt)
            for i in range(m):
                eye[i, i] = 1
            return eye
        p = n
        if integer:
            if p < 0:
                raise ValueError("matrix_power: a negative power of an integer matrix (a float matrix in NumPy) "
                                 "is not supported in compiled code: convert the matrix to float first")
            x = a.copy()
        else:
            if p < 0:
                x = np.linalg.inv(a)
                p = -p
            else:
                x = a.copy()
        if p == 1:
            return x
        if p == 2:
            return x @ x
        if p == 3:
            return (x @ x) @ x
        # NumPy's binary decomposition: z runs over x**(2**i), result gathers the bits
        z = x
        result = x
        first = True
        have = False
        while p > 0:
            if not first:
                z = z @ z
            first = False
            bit = p % 2
            p = p // 2
            if bit:
                if have:
                    result = result @ z
                else:
                    result = z
                    have = True
        return result
    return matrix_power
