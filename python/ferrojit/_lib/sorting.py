"""Sorting, searching and counting (see ``ferrojit._lib``): ``a.sort()``, ``a.argsort()`` /
``np.argsort``, ``np.median``, ``np.count_nonzero``, ``np.flatnonzero``, ``np.nonzero`` /
``a.nonzero()`` and ``np.argwhere``, for arrays of integers, floats and booleans.

NumPy's order: NaN after every number (``x`` sorts before ``y`` when ``x < y``, or ``y`` is
NaN and ``x`` is not); equal elements (``-0.0`` and ``0.0`` too) keep no particular order
in NumPy's default sort, which does not show in sorted values.

- ``a.sort(axis=-1)`` sorts in place with the compiler's ``np.sort`` (along the last axis
  of the array; along another axis, line by line into a new array copied back).
- ``np.argsort`` / ``a.argsort()`` are a stable merge sort whatever ``kind=`` says
  (``kind`` and ``stable`` are checked as NumPy checks them, then ignored): the result is
  NumPy's ``kind="stable"`` one. NumPy's default kind orders equal elements as its CPU's
  SIMD sort happens to, so that order is not reproduced.
- ``np.median``: NumPy's result (the mean of the middle one or two of the sorted values,
  in float64, float32 for float32 input; NaN when there is a NaN or the array is empty).
- ``axis`` out of range is NumPy's message in a ``ValueError`` (NumPy raises its
  ``AxisError``, a subclass of ValueError and IndexError that compiled code cannot raise).
"""

import numpy as np

from .. import types
from ..extending import library


def _real_array(t):
    return isinstance(t, types.Array) and isinstance(t.dtype, (types.Integer, types.Float, types.Boolean))


def _omitted(t):
    return t is None or isinstance(t, types.NoneType)


def _int_type(t):
    return isinstance(t, (int, types.Integer)) and not isinstance(t, bool)


def _readonly(t):
    return repr(t).startswith("readonly")


def _check_axis(axis, ndim):
    """``axis`` as a non-negative axis of an array of ``ndim`` dimensions."""
    if axis < -ndim or axis >= ndim:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis + ndim if axis < 0 else axis


# --- kind=, stable=, order= ------------------------------------------------------------

def _check_kind(kind):
    # NumPy's PyArray_SortkindConverter reads the first letter only.
    if len(kind) == 0 or not (kind[0] == "q" or kind[0] == "Q" or kind[0] == "h" or kind[0] == "H"
                              or kind[0] == "m" or kind[0] == "M" or kind[0] == "s" or kind[0] == "S"):
        raise ValueError(f"sort kind must be one of 'quick', 'heap', or 'stable' (got '{kind}')")


def _no_check(kind):
    pass


def _kind_error(type_name):
    def kind_not_str(kind):
        raise TypeError(f"sort kind must be str, not {type_name}")
    return kind_not_str


def _options_check(kind, order, stable):
    """The run-time check of ``kind``, ``stable`` and ``order`` (called with ``kind``), in
    NumPy's order: the kind, then ``kind`` and ``stable`` both given, then an ``order`` (an
    array without fields); or None for argument types NumPy does not take here."""
    if _omitted(kind):
        kind_check = _no_check
    elif isinstance(kind, types.UnicodeType):
        kind_check = _check_kind
    elif isinstance(kind, (types.Integer, types.Float, types.Boolean)):
        return _kind_error("bool" if isinstance(kind, types.Boolean) else
                           "int" if isinstance(kind, types.Integer) else "float")
    else:
        return None
    if not (_omitted(stable) or isinstance(stable, types.Boolean)):
        return None
    if not (_omitted(order) or isinstance(order, types.UnicodeType)):
        return None
    # (constants of the implementation: the branches not taken are not compiled)
    both = not _omitted(kind) and not _omitted(stable)
    fields = not _omitted(order)

    def check(kind):
        kind_check(kind)
        if both:
            raise ValueError("`kind` and keyword parameters can't be provided at the same time. "
                             "Use only one of them.")
        if fields:
            raise ValueError("Cannot specify order when the array has no fields.")
    return check


# --- the stable sort of indices ----------------------------------------------------------

def _before(x, y):
    """NumPy's order: ``x`` sorts before ``y`` (NaN after everything else)."""
    return x < y or (y != y and x == x)


_RUN = 16


def _merge(keys, idx, kout, iout, lo, mid, hi):
    # the sorted runs [lo, mid) and [mid, hi) merged into kout/iout; equal keys from the
    # left run first (stable)
    i = lo
    j = mid
    k = lo
    if mid < hi and mid > lo and not _before(keys[mid], keys[mid - 1]):
        # already in order
        for p in range(lo, hi):
            kout[p] = keys[p]
            iout[p] = idx[p]
        return
    while i < mid and j < hi:
        if _before(keys[j], keys[i]):
            kout[k] = keys[j]
            iout[k] = idx[j]
            j += 1
        else:
            kout[k] = keys[i]
            iout[k] = idx[i]
            i += 1
        k += 1
    while i < mid:
        kout[k] = keys[i]
        iout[k] = idx[i]
        i += 1
        k += 1
    while j < hi:
        kout[k] = keys[j]
        iout[k] = idx[j]
        j += 1
        k += 1


def _argsort_into(a, out):
    """The indices that sort the 1-D array ``a`` (any layout), stably, written into the
    1-D int64 array ``out`` (any layout): insertion sort of runs of 16, then merges."""
    n = a.shape[0]
    keys = np.empty(n, dtype=a.dtype)
    idx = np.empty(n, np.int64)
    for i in range(n):
        keys[i] = a[i]
        idx[i] = i
    start = 0
    while start < n:
        end = min(start + _RUN, n)
        for i in range(start + 1, end):
            key = keys[i]
            v = idx[i]
            j = i
            while j > start and _before(key, keys[j - 1]):
                keys[j] = keys[j - 1]
                idx[j] = idx[j - 1]
                j -= 1
            keys[j] = key
            idx[j] = v
        start = end
    if n > _RUN:
        kbuf = np.empty(n, dtype=a.dtype)
        ibuf = np.empty(n, np.int64)
        width = _RUN
        while width < n:
            lo = 0
            while lo < n:
                mid = min(lo + width, n)
                hi = min(lo + 2 * width, n)
                _merge(keys, idx, kbuf, ibuf, lo, mid, hi)
                lo = hi
            keys, kbuf = kbuf, keys
            idx, ibuf = ibuf, idx
            width *= 2
    for i in range(n):
        out[i] = idx[i]


def _argsort_flat(a):
    flat = a.ravel()
    out = np.empty(flat.shape[0], np.int64)
    _argsort_into(flat, out)
    return out


def _split(shape, ax):
    """(outer, n, inner): the shape as (before the axis, along it, after it)."""
    outer = 1
    n = 1
    inner = 1
    k = 0
    for d in shape:
        if k < ax:
            outer *= d
        elif k == ax:
            n = d
        else:
            inner *= d
        k += 1
    return outer, n, inner


def _argsort_axis(a, ax):
    """Along axis ``ax`` of an array of any number of dimensions (one compiled path for
    every axis: the lines are 1-D views of the array seen as (outer, n, inner))."""
    out = np.empty(a.shape, np.int64)
    outer, n, inner = _split(a.shape, ax)
    a3 = a.reshape(outer, n, inner)
    o3 = out.reshape(outer, n, inner)
    for p in range(outer):
        for q in range(inner):
            _argsort_into(a3[p, :, q], o3[p, :, q])
    return out


def _sort_axis(a, ax):
    """``a`` sorted in place along axis ``ax`` (not the last)."""
    outer, n, inner = _split(a.shape, ax)
    a3 = a.reshape(outer, n, inner)
    s = np.empty(a.shape, dtype=a.dtype)
    s3 = s.reshape(outer, n, inner)
    for p in range(outer):
        for q in range(inner):
            s3[p, :, q] = np.sort(a3[p, :, q])
    a[...] = s


def _argsort_typing(a, axis=-1, kind=None, order=None, stable=None):
    if not _real_array(a):
        return None
    check = _options_check(kind, order, stable)
    if check is None:
        return None
    if _omitted(axis):
        def argsort_flat(a, axis=-1, kind=None, order=None, stable=None):
            check(kind)
            return _argsort_flat(a)
        return argsort_flat
    if a.ndim == 0 and _int_type(axis):
        def argsort_0d(a, axis=-1, kind=None, order=None, stable=None):
            # NumPy sorts a 0-d array as a 1-d one (its axis is checked so)
            check(kind)
            _check_axis(axis, 1)
            return _argsort_flat(a)
        return argsort_0d
    if not _int_type(axis):
        return None
    ndim = a.ndim

    def argsort(a, axis=-1, kind=None, order=None, stable=None):
        check(kind)
        return _argsort_axis(a, _check_axis(axis, ndim))
    return argsort


library("numpy.argsort")(_argsort_typing)
library("numpy.ndarray.argsort")(_argsort_typing)


# --- a.sort() ----------------------------------------------------------------------------

def _sort_axis_none(a, axis=-1, kind=None, order=None, stable=None):
    raise TypeError("'NoneType' object cannot be interpreted as an integer")


@library("numpy.ndarray.sort")
def _sort(a, axis=-1, kind=None, order=None, stable=None):
    if not _real_array(a) or a.ndim == 0:
        return None
    check = _options_check(kind, order, stable)
    if check is None:
        return None
    if isinstance(axis, types.NoneType):
        return _sort_axis_none
    if not _int_type(axis):
        return None
    ndim = a.ndim
    if _readonly(a):
        def sort_read_only(a, axis=-1, kind=None, order=None, stable=None):
            check(kind)
            _check_axis(axis, ndim)  # (NumPy checks the axis first)
            raise ValueError("sort array is read-only")
        return sort_read_only

    def sort(a, axis=-1, kind=None, order=None, stable=None):
        check(kind)
        ax = _check_axis(axis, ndim)
        if ax == ndim - 1:
            a[...] = np.sort(a)
        else:
            _sort_axis(a, ax)
    return sort


# --- numpy.median ------------------------------------------------------------------------

def _median_sorted(make):
    """The median of a sorted 1-D array in type ``make`` (NumPy's: the mean of the middle
    one or two values; NaN if the last value is, or if there is none)."""

    def median_sorted(s):
        n = s.shape[0]
        if n == 0:
            return make(np.nan)
        if s[n - 1] != s[n - 1]:
            return make(s[n - 1])
        # NumPy's mean of the middle values: their sum from 0.0 (so -0.0 gives 0.0),
        # divided by their count
        h = n // 2
        if n % 2 == 1:
            return make(0.0) + make(s[h])
        return (make(0.0) + make(s[h - 1]) + make(s[h])) / make(2.0)
    return median_sorted


@library("numpy.median")
def _median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    if not _real_array(a):
        return None
    if not _omitted(out) or not (keepdims is False) or not isinstance(overwrite_input, (bool, types.Boolean)):
        return None
    make = np.float32 if a.dtype == types.float32 else np.float64
    mid = _median_sorted(make)
    if _omitted(axis):
        def median_all(a, axis=None, out=None, overwrite_input=False, keepdims=False):
            return mid(np.sort(a.ravel()))
        return median_all
    if not _int_type(axis) or a.ndim not in (1, 2):
        return None
    if a.ndim == 1:
        def median_1d(a, axis=None, out=None, overwrite_input=False, keepdims=False):
            _check_axis(axis, 1)
            return mid(np.sort(a))
        return median_1d

    def median_2d(a, axis=None, out=None, overwrite_input=False, keepdims=False):
        if _check_axis(axis, 2) == 1:
            res = np.empty(a.shape[0], make)
            for i in range(a.shape[0]):
                res[i] = mid(np.sort(a[i]))
        else:
            res = np.empty(a.shape[1], make)
            for j in range(a.shape[1]):
                res[j] = mid(np.sort(a[:, j]))
        return res
    return median_2d


# --- numpy.count_nonzero, flatnonzero, nonzero, argwhere -------------------------------

def _nonzero_array(t):
    return isinstance(t, types.Array) and isinstance(t.dtype, (types.Integer, types.Float, types.Boolean, types.Complex))


def _count(flat):
    c = 0
    for k in range(flat.shape[0]):
        if flat[k] != 0:
            c += 1
    return c


@library("numpy.count_nonzero")
def _count_nonzero(a, axis=None, keepdims=False):
    if not _nonzero_array(a) or not _omitted(axis) or not (keepdims is False):
        return None

    def count_nonzero(a, axis=None, keepdims=False):
        return _count(a.ravel())
    return count_nonzero


def _flatnonzero_impl(a):
    flat = a.ravel()
    out = np.empty(_count(flat), np.int64)
    j = 0
    for k in range(flat.shape[0]):
        if flat[k] != 0:
            out[j] = k
            j += 1
    return out


@library("numpy.flatnonzero")
def _flatnonzero(a):
    if not _nonzero_array(a):
        return None
    return _flatnonzero_impl


def _argwhere_impl(a):
    """The (count, ndim) int64 indices of the nonzero elements, in C order."""
    ndim = a.ndim
    dims = np.empty(ndim, np.int64)
    k = 0
    for d in a.shape:
        dims[k] = d
        k += 1
    flat = a.ravel()
    out = np.empty((_count(flat), ndim), np.int64)
    j = 0
    for p in range(flat.shape[0]):
        if flat[p] != 0:
            q = p
            for d in range(ndim - 1, -1, -1):
                out[j, d] = q % dims[d]
                q = q // dims[d]
            j += 1
    return out


@library("numpy.argwhere")
def _argwhere(a):
    if not _nonzero_array(a):
        return None
    return _argwhere_impl


def _nonzero_0d(a):
    raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.")


def _nonzero_0d_bool(a):
    raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead. "
                     "If the context of this error is of the form `arr[nonzero(cond)]`, just use `arr[cond]`.")


def _nonzero_1d(a):
    return (_flatnonzero_impl(a),)


def _nonzero_2d(a):
    w = _argwhere_impl(a)
    return (w[:, 0].copy(), w[:, 1].copy())


def _nonzero_3d(a):
    w = _argwhere_impl(a)
    return (w[:, 0].copy(), w[:, 1].copy(), w[:, 2].copy())


def _nonzero_4d(a):
    w = _argwhere_impl(a)
    return (w[:, 0].copy(), w[:, 1].copy(), w[:, 2].copy(), w[:, 3].copy())


_NONZERO = {0: _nonzero_0d, 1: _nonzero_1d, 2: _nonzero_2d, 3: _nonzero_3d, 4: _nonzero_4d}


def _nonzero(a):
    if not _nonzero_array(a):
        return None
    if a.ndim == 0 and isinstance(a.dtype, types.Boolean):
        return _nonzero_0d_bool  # (NumPy's message for a bool condition says more)
    return _NONZERO.get(a.ndim)


library("numpy.nonzero")(_nonzero)
library("numpy.ndarray.nonzero")(_nonzero)
