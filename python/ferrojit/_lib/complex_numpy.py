"""NumPy's functions of complex numbers that the compiler does not lower itself, written
in Python (see ``ferrojit._lib``): the element functions of ufuncs (``np.sign``,
``np.expm1``, ``np.log2``, ``np.maximum``, ``np.less``... of complex numbers; the compiler
maps them over arrays like a ``@vectorize`` kernel, fused with the rest of the array
expression) and the reductions of complex arrays (``min``/``max``/``argmin``/``argmax``
in NumPy's lexicographic order, ``var``/``std``).

Each follows NumPy's C code (``numpy/_core/src/umath/loops.c.src``,
``funcs.inc.src``, ``arraytypes.c.src``) so that special values, NaN rules and ties agree
with NumPy's; transcendental results agree within the accuracy contract's ulp bound.
"""

import math

import numpy as np

from .. import types
from ..extending import library

# npy_math's constants (numpy/_core/include/numpy/npy_math.h).
_LOG2E = 1.442695040888963407359924681001892137
_LOGE2 = 0.693147180559945309417232121458176568


def _complex(*ts):
    return all(isinstance(t, types.Complex) for t in ts)


# --- unary ufuncs of complex numbers (element functions) ------------------------------

# The element functions compute with NumPy's functions on the parts (`np.hypot`,
# `np.sin`...), not `math`'s: the parts of a NumPy complex are NumPy floats, so float32
# parts stay float32 as in NumPy's complex64 loops, and special values give inf/nan
# rather than raise.

@library("numpy.sign")
def _sign(z):
    if not _complex(z):
        return None

    def sign(z):
        # NumPy 2: z / |z| (CDOUBLE_sign in loops.c.src).
        re = z.real
        im = z.imag
        a = np.hypot(re, im)
        if np.isnan(a):
            return complex(math.nan, math.nan)
        if np.isinf(a):
            if np.isinf(re):
                if np.isinf(im):
                    return complex(math.nan, math.nan)
                return complex(1.0 if re > 0 else -1.0, 0.0)
            return complex(0.0, 1.0 if im > 0 else -1.0)
        if a == 0:
            return complex(0.0, 0.0)
        return complex(re / a, im / a)
    return sign


@library("numpy.expm1")
def _expm1(z):
    if not _complex(z):
        return None

    def expm1(z):
        # nc_expm1 (funcs.inc.src).
        re = z.real
        im = z.imag
        a = np.sin(im / 2)
        return complex(np.expm1(re) * np.cos(im) - 2 * a * a, np.exp(re) * np.sin(im))
    return expm1


@library("numpy.log1p")
def _log1p(z):
    if not _complex(z):
        return None

    def log1p(z):
        # nc_log1p (funcs.inc.src).
        re = z.real + 1
        im = z.imag
        return complex(np.log(np.hypot(re, im)), np.arctan2(im, re))
    return log1p


@library("numpy.log2")
def _log2(z):
    if not _complex(z):
        return None

    def log2(z):
        # nc_log2: nc_log, each part times log2(e).
        w = np.log(z)
        return complex(w.real * _LOG2E, w.imag * _LOG2E)
    return log2


@library("numpy.exp2")
def _exp2(z):
    if not _complex(z):
        return None
    # (the parts scaled in the input's precision, then exp of a complex of that type)
    make = np.complex64 if z == types.complex64 else np.complex128

    def exp2(z):
        # nc_exp2: nc_exp of each part times ln(2).
        return np.exp(make(complex(z.real * _LOGE2, z.imag * _LOGE2)))
    return exp2


@library("numpy.rint")
def _rint(z):
    if not _complex(z):
        return None

    def rint(z):
        return complex(np.rint(z.real), np.rint(z.imag))
    return rint


@library("numpy.reciprocal")
def _reciprocal(z):
    if isinstance(z, types.Float):
        def reciprocal_real(x):
            return 1 / x
        return reciprocal_real
    if not _complex(z):
        return None

    def reciprocal(z):
        # CDOUBLE_reciprocal (loops.c.src): Smith's division of 1 by z.
        re = z.real
        im = z.imag
        if np.abs(im) <= np.abs(re):
            r = im / re
            d = re + im * r
            return complex(1 / d, -r / d)
        r = re / im
        d = re * r + im
        return complex(r / d, -1 / d)
    return reciprocal


# --- binary ufuncs: NumPy's lexicographic order ---------------------------------------
# CLT/CLE/CGT/CGE of loops.c.src: the real parts decide unless they are equal; a NaN in
# an imaginary part makes "real parts differ" false.

def _lexicographic(greater, or_equal):
    """The typing function of np.less (``greater`` False) / np.greater, or their
    ``_equal`` forms: CLT/CLE/CGT/CGE of loops.c.src. (Frozen flags: one branch.)"""

    def typing(x, y):
        if not _complex(x, y):
            return None

        def order(x, y):
            nan_free = not math.isnan(x.imag) and not math.isnan(y.imag)
            if greater:
                real_decides = x.real > y.real
                imag_decides = x.imag >= y.imag if or_equal else x.imag > y.imag
            else:
                real_decides = x.real < y.real
                imag_decides = x.imag <= y.imag if or_equal else x.imag < y.imag
            return (real_decides and nan_free) or (x.real == y.real and imag_decides)
        return order
    return typing


library("numpy.less")(_lexicographic(False, False))
library("numpy.less_equal")(_lexicographic(False, True))
library("numpy.greater")(_lexicographic(True, False))
library("numpy.greater_equal")(_lexicographic(True, True))


def _cnan(z):
    return math.isnan(z.real) or math.isnan(z.imag)


def _complex_pick(greater, propagate):
    """The typing function of np.maximum/np.minimum (``propagate``: the first operand
    when it is NaN, so NaN propagates) and np.fmax/np.fmin (the first unless the second
    is NaN, so NaN is ignored): otherwise the first when it is not below (above) the
    second in NumPy's lexicographic order. (``greater``/``propagate`` are frozen: one
    branch is compiled.)"""

    def typing(x, y):
        if not _complex(x, y):
            return None

        def pick(x, y):
            nan = _cnan(x) if propagate else _cnan(y)
            if greater:
                first = np.greater_equal(x, y)
            else:
                first = np.less_equal(x, y)
            if nan or first:
                return x
            return y
        return pick
    return typing


library("numpy.maximum")(_complex_pick(True, True))
library("numpy.minimum")(_complex_pick(False, True))
library("numpy.fmax")(_complex_pick(True, False))
library("numpy.fmin")(_complex_pick(False, False))


# --- reductions of complex arrays -----------------------------------------------------

def _complex_array(a, axis):
    if not (isinstance(a, types.Array) and isinstance(a.dtype, types.Complex)):
        return False
    # A whole-array reduction, or one along an axis of a 2-D array.
    return axis is None or (isinstance(axis, (int, types.Integer)) and a.ndim == 2)


def _along(a, along, out_dtype, empty_error):
    """The implementation of a reduction of complex array ``a``: ``along`` (a function
    of a 1-D array) of the whole array, or of each column (axis 0) / row (axis 1) of a
    2-D one, into an array of ``out_dtype``; a zero-length reduced axis raises
    ValueError(``empty_error``) unless it is ''. (All frozen when compiled.)"""
    if a.ndim == 1:
        def whole(a, axis=None):
            return along(a)
        return whole

    def impl(a, axis=None):
        if axis is None:
            return along(a.ravel())
        if axis == 0 or axis == -2:
            out = np.empty(a.shape[1], out_dtype)
            if a.shape[0] == 0 and empty_error != "":
                raise ValueError(empty_error)
            for j in range(a.shape[1]):
                out[j] = along(a[:, j])
            return out
        out = np.empty(a.shape[0], out_dtype)
        if a.shape[1] == 0 and empty_error != "":
            raise ValueError(empty_error)
        for i in range(a.shape[0]):
            out[i] = along(a[i])
        return out
    return impl


def _complex_dtype(a):
    return np.complex64 if a.dtype == types.complex64 else np.complex128


def _extreme(a, is_max, what):
    """``maximum.reduce`` / ``minimum.reduce`` of a complex array (whole, or along axis
    0 or 1 of a 2-D array)."""

    def fold(v):
        # v: a 1-D view; NumPy's reduction: the first, then maximum/minimum with each.
        if v.shape[0] == 0:
            raise ValueError("zero-size array to reduction operation " + what + " which has no identity")
        m = v[0]
        for i in range(1, v.shape[0]):
            if is_max:
                m = np.maximum(m, v[i])
            else:
                m = np.minimum(m, v[i])
        return m

    message = "zero-size array to reduction operation " + what + " which has no identity"
    return _along(a, fold, _complex_dtype(a), message)


@library("numpy.max")
def _max(a, axis=None):
    if not _complex_array(a, axis):
        return None
    return _extreme(a, True, "maximum")


@library("numpy.min")
def _min(a, axis=None):
    if not _complex_array(a, axis):
        return None
    return _extreme(a, False, "minimum")


def _arg_extreme(a, is_max):
    """NumPy's CDOUBLE_argmax / CDOUBLE_argmin (arraytypes.c.src): the first NaN wins."""
    what = "argmax" if is_max else "argmin"

    def find(v):
        n = v.shape[0]
        if n == 0:
            raise ValueError("attempt to get " + what + " of an empty sequence")
        mp = v[0]
        k = 0
        if math.isnan(mp.real) or math.isnan(mp.imag):
            return 0
        for i in range(1, n):
            x = v[i]
            if is_max:
                better = x.real > mp.real or (x.real == mp.real and x.imag > mp.imag)
            else:
                better = x.real < mp.real or (x.real == mp.real and x.imag < mp.imag)
            if better or math.isnan(x.real) or math.isnan(x.imag):
                mp = x
                k = i
                if math.isnan(mp.real) or math.isnan(mp.imag):
                    break
        return k

    return _along(a, find, np.int64, "attempt to get " + what + " of an empty sequence")


@library("numpy.argmax")
def _argmax(a, axis=None):
    if not _complex_array(a, axis):
        return None
    return _arg_extreme(a, True)


@library("numpy.argmin")
def _argmin(a, axis=None):
    if not _complex_array(a, axis):
        return None
    return _arg_extreme(a, False)


def _variance(a, take_sqrt):
    """NumPy's ``_var`` (numpy/_core/_methods.py) for complex arrays: the mean, then
    the sum of ``re*re + im*im`` of the deviations, over the count; ``std`` is
    its square root."""

    def var_of(v):
        # v: 1-D, in its own precision. (An empty array: 0 / 0, nan as NumPy's.)
        n = v.shape[0]
        m = v.sum() / n
        d = v - m
        s = (d.real * d.real + d.imag * d.imag).sum()
        r = s / n
        if take_sqrt:
            return np.sqrt(r)
        return r

    real = np.float32 if a.dtype == types.complex64 else np.float64
    return _along(a, var_of, real, "")


@library("numpy.var")
def _var(a, axis=None):
    if not _complex_array(a, axis):
        return None
    return _variance(a, False)


@library("numpy.std")
def _std(a, axis=None):
    if not _complex_array(a, axis):
        return None
    return _variance(a, True)
