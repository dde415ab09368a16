"""NumPy functions written in Python (see ``ferrojit._lib``). Each follows NumPy's own
algorithm (``numpy/_core/function_base.py``, ``numpy/lib/_function_base_impl.py``...) so
that results agree to the bit where NumPy's are exactly rounded."""

import numpy as np

from .. import types
from ..extending import library


def _is_number(t):
    return isinstance(t, (types.Number, types.Boolean))


# --- numpy.linspace -----------------------------------------------------------------

@library("numpy.linspace")
def _linspace(start, stop, num=50, endpoint=True):
    if not (_is_number(start) and _is_number(stop)):
        return None
    if not isinstance(num, (int, types.Integer, types.Boolean)):
        return None  # NumPy: operator.index(num), so floats are a TypeError
    if isinstance(start, types.Complex) or isinstance(stop, types.Complex):
        # NumPy's result type: complex64 when both bounds are complex64 (or float32).
        small = all(t in (types.complex64, types.float32) for t in (start, stop))
        return _linspace_complex64 if small else _linspace_complex

    def linspace(start, stop, num=50, endpoint=True):
        if num < 0:
            raise ValueError(f"Number of samples, {num}, must be non-negative.")
        div = num - 1 if endpoint else num
        delta = float(stop) - float(start)
        # NumPy's arithmetic: i * step, then + start (two roundings), in one loop.
        y = np.empty(num)
        lo = float(start)
        if div > 0:
            step = delta / div
            if step == 0:
                for i in range(num):
                    y[i] = i / div * delta + lo
            else:
                for i in range(num):
                    y[i] = i * step + lo
        else:
            for i in range(num):
                y[i] = i * delta + lo
        if endpoint and num > 1:
            y[num - 1] = float(stop)
        return y

    return linspace


def _linspace_complex_in(make, real):
    """NumPy's linspace in complex type `make` (parts of float type `real`): (i + 0j) *
    step + start in that type, step being delta / div by NumPy's complex division (the
    parts times 1/div for a real divisor)."""

    def linspace(start, stop, num=50, endpoint=True):
        if num < 0:
            raise ValueError(f"Number of samples, {num}, must be non-negative.")
        div = num - 1 if endpoint else num
        lo = make(start)
        delta = make(stop) - lo
        y = np.empty(num, make)
        if div > 0:
            # NumPy's complex division by div + 0j (Smith's, with the ratio 0): the zero
            # terms matter for infinite parts (inf * 0 is nan)
            scl = real(1.0) / real(div)
            step = make(complex((delta.real + delta.imag * real(0.0)) * scl, (delta.imag - delta.real * real(0.0)) * scl))
            if step == 0:
                for i in range(num):
                    y[i] = make(complex(real(i) / real(div), 0.0)) * delta + lo
            else:
                for i in range(num):
                    y[i] = make(complex(real(i), 0.0)) * step + lo
        else:
            for i in range(num):
                y[i] = make(complex(real(i), 0.0)) * delta + lo
        if endpoint and num > 1:
            y[num - 1] = make(stop)
        return y
    return linspace


_linspace_complex = _linspace_complex_in(np.complex128, np.float64)
_linspace_complex64 = _linspace_complex_in(np.complex64, np.float32)


# --- numpy.diff ---------------------------------------------------------------------

@library("numpy.diff")
def _diff(a, n=1):
    if not isinstance(a, types.Array) or a.ndim not in (1, 2):
        return None
    # NumPy's diff of booleans is `!=`; `boolean` is frozen into the implementation, so
    # the branch not taken is never compiled.
    boolean = isinstance(a.dtype, types.Boolean)
    if isinstance(n, int) and n == 1:
        # `n` not given: one difference, no loop (the common call, as fast as writing
        # `a[1:] - a[:-1]` by hand).
        if a.ndim == 1:
            def diff_once(a, n=1):
                if boolean:
                    return a[1:] != a[:-1]
                else:
                    return a[1:] - a[:-1]
        else:
            def diff_once(a, n=1):
                if boolean:
                    return a[:, 1:] != a[:, :-1]
                else:
                    return a[:, 1:] - a[:, :-1]
        return diff_once
    if a.ndim == 1:
        def diff(a, n=1):
            if n < 0:
                raise ValueError(f"order must be non-negative but got {n}")
            out = a[:]
            for _ in range(n):
                if boolean:
                    out = out[1:] != out[:-1]
                else:
                    out = out[1:] - out[:-1]
            return out
    else:
        def diff(a, n=1):
            if n < 0:
                raise ValueError(f"order must be non-negative but got {n}")
            out = a[:, :]
            for _ in range(n):
                if boolean:
                    out = out[:, 1:] != out[:, :-1]
                else:
                    out = out[:, 1:] - out[:, :-1]
            return out
    return diff


# --- numpy.clip ---------------------------------------------------------------------

def _int_range(t):
    """The range of an integer dtype as Python ints that fit int64."""
    if t.signed:
        return -(2 ** (t.bitwidth - 1)), 2 ** (t.bitwidth - 1) - 1
    return 0, min(2 ** t.bitwidth - 1, 2 ** 63 - 1)


@library("numpy.clip")
def _clip(a, a_min, a_max):
    if not (isinstance(a, types.Array) or _is_number(a)):
        return None
    lo_none, hi_none = isinstance(a_min, types.NoneType), isinstance(a_max, types.NoneType)
    dtype = a.dtype
    # NumPy clips Python-int bounds beyond an integer dtype's range to that range.
    lo_min, hi_max = _int_range(dtype) if isinstance(dtype, types.Integer) else (None, None)
    int_bounds = lo_min is not None

    if lo_none and hi_none:
        def clip(a, a_min, a_max):
            return np.minimum(a, a)
    elif lo_none:
        if int_bounds and isinstance(a_max, types.Integer):
            def clip(a, a_min, a_max):
                return np.minimum(a, max(min(a_max, hi_max), lo_min))
        else:
            def clip(a, a_min, a_max):
                return np.minimum(a, a_max)
    elif hi_none:
        if int_bounds and isinstance(a_min, types.Integer):
            def clip(a, a_min, a_max):
                return np.maximum(a, min(max(a_min, lo_min), hi_max))
        else:
            def clip(a, a_min, a_max):
                return np.maximum(a, a_min)
    elif int_bounds and isinstance(a_min, types.Integer) and isinstance(a_max, types.Integer):
        def clip(a, a_min, a_max):
            return np.minimum(np.maximum(a, min(max(a_min, lo_min), hi_max)), max(min(a_max, hi_max), lo_min))
    elif isinstance(a, types.Array) and isinstance(dtype, types.Float):
        # NumPy's loop keeps x where it equals a bound (np.clip(-0.0, 0, 2) is -0.0; the
        # ufuncs' np.maximum(-0.0, 0) is 0.0) and gives NaN for a NaN bound.
        def clip(a, a_min, a_max):
            t = np.where((a < a_min) | np.isnan(a_min), a_min, a)
            return np.where((t > a_max) | np.isnan(a_max), a_max, t)
    else:
        def clip(a, a_min, a_max):
            return np.minimum(np.maximum(a, a_min), a_max)
    return clip


# --- numpy.trace --------------------------------------------------------------------

@library("numpy.trace")
def _trace(a, offset=0):
    if not isinstance(a, types.Array) or a.ndim != 2:
        return None
    dtype = a.dtype
    # The sum's type, as NumPy's add.reduce gives it: small ints (and bool) in int64,
    # small unsigned ints in uint64, floats in their own type.
    if isinstance(dtype, types.Float):
        acc = np.float32 if dtype.bitwidth == 32 else np.float64
    elif isinstance(dtype, types.Integer) and not dtype.signed:
        acc = np.uint64
    else:
        acc = np.int64

    def trace(a, offset=0):
        rows, cols = a.shape
        s = acc(0)
        if offset >= 0:
            for i in range(max(min(rows, cols - offset), 0)):
                s = s + a[i, i + offset]
        else:
            for i in range(max(min(rows + offset, cols), 0)):
                s = s + a[i - offset, i]
        return s

    return trace


# --- numpy.isclose and numpy.allclose -----------------------------------------------

def _close_args(a, b):
    return (isinstance(a, types.Array) or _is_number(a)) and (isinstance(b, types.Array) or _is_number(b))


@library("numpy.isclose")
def _isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    if not _close_args(a, b):
        return None
    # NumPy converts y to an inexact type first: float64 for ints and bools (b + 0.0
    # keeps float32 float32); a float y is used as it is (no copy).
    inexact = isinstance(b.dtype, types.Float)

    def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
        if inexact:
            y = b
        else:
            y = b + 0.0
        close = ((np.abs(a - y) <= atol + rtol * np.abs(y)) & np.isfinite(y)) | (a == y)
        if equal_nan:
            close = close | (np.isnan(a) & np.isnan(y))
        return close

    return isclose


@library("numpy.allclose")
def _allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    if not _close_args(a, b):
        return None
    if _is_number(a) and _is_number(b):
        def allclose_scalars(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
            y = b + 0.0
            close = (abs(a - y) <= atol + rtol * abs(y) and np.isfinite(y)) or a == y
            if equal_nan:
                close = close or (np.isnan(a) and np.isnan(y))
            return bool(close)
        return allclose_scalars

    def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
        return bool(np.all(np.isclose(a, b, rtol, atol, equal_nan)))

    return allclose


# --- numpy.linalg.norm --------------------------------------------------------------

@library("numpy.linalg.norm")
def _norm(x, ord=None):
    if not isinstance(x, types.Array):
        return None
    if ord is None or isinstance(ord, types.NoneType):
        # The 2-norm of the flattened array (Frobenius for matrices): sqrt(sum(x * x)),
        # in float64 for integer input.
        if isinstance(x.dtype, types.Float):
            def norm(x, ord=None):
                return np.sqrt(np.sum(x * x))
        else:
            def norm(x, ord=None):
                return np.sqrt(np.sum((x * 1.0) * (x * 1.0)))
        return norm
    if x.ndim != 1 or not isinstance(ord, (types.Number, int, float)):
        return None

    def norm(x, ord=None):
        y = np.abs(x * 1.0)
        if ord == np.inf:
            # NumPy: abs(x).max(initial=0), so an empty vector's is 0.0
            return float(np.max(y)) if y.shape[0] > 0 else 0.0
        if ord == -np.inf:
            return float(np.min(y))
        if ord == 0:
            return float(np.sum(y != 0))
        if ord == 1:
            return float(np.sum(y))
        if ord == 2:
            return float(np.sqrt(np.sum(y * y)))
        return float(np.sum(y ** ord) ** (1.0 / ord))

    return norm


# --- numpy.array / numpy.asarray of lists --------------------------------------------

def _np_dtype(t):
    # the NumPy dtype of an item type (a ferrojit.types object)
    return getattr(np, "bool_" if isinstance(t, types.Boolean) else t.name)


def _array_of_list(obj):
    item = obj.dtype
    if isinstance(item, types.List):
        inner = item.dtype
        if not _is_number(inner):
            return None
        dt = _np_dtype(inner)

        def array_2d(obj, dtype=None):
            n = len(obj)
            m = len(obj[0]) if n > 0 else 0
            for i in range(n):
                if len(obj[i]) != m:
                    raise ValueError("setting an array element with a sequence. The requested array has an "
                                     f"inhomogeneous shape after 1 dimensions. The detected shape was ({n},) "
                                     "+ inhomogeneous part.")
            out = np.empty((n, m), dt)
            for i in range(n):
                row = obj[i]
                for j in range(m):
                    out[i, j] = row[j]
            return out
        return array_2d
    if item.kind == "unknown":
        def array_empty(obj, dtype=None):
            return np.empty(0, np.float64)  # NumPy: np.array([]) is float64
        return array_empty
    if not _is_number(item):
        return None
    dt = _np_dtype(item)

    def array_1d(obj, dtype=None):
        n = len(obj)
        out = np.empty(n, dt)
        for i in range(n):
            out[i] = obj[i]
        return out
    return array_1d


@library("numpy.array")
def _array(obj, dtype=None):
    if isinstance(obj, types.List) and (dtype is None or isinstance(dtype, types.NoneType)):
        return _array_of_list(obj)
    return None


@library("numpy.asarray")
def _asarray(a, dtype=None):
    if isinstance(a, types.List) and (dtype is None or isinstance(dtype, types.NoneType)):
        return _array_of_list(a)
    return None


# --- numpy.round / numpy.around ------------------------------------------------------

def _round_typing(a, decimals=0):
    if not isinstance(decimals, (int, types.Integer, types.Boolean)):
        return None  # NumPy: an integer number of decimals
    element = a.dtype if isinstance(a, types.Array) else a
    if isinstance(element, (types.Integer, types.Boolean)):
        if isinstance(a, types.Array):
            def round_int_array(a, decimals=0):
                # NumPy: integers are returned unchanged (a copy) for decimals >= 0
                if decimals < 0:
                    raise NotImplementedError("np.round of integers with negative decimals is not supported in compiled code yet")
                return a.copy()
            return round_int_array
        return None
    if isinstance(element, types.Complex):
        # NumPy rounds the real and imaginary parts apart (a product by a real number would
        # turn an infinite part's partner into NaN).
        if isinstance(a, types.Array):
            dt = np.complex64 if element == types.complex64 else np.complex128

            def round_complex_array(a, decimals=0):
                flat = a.ravel()
                out = np.empty(a.shape, dt)
                out_flat = out.reshape(-1)
                for i in range(flat.shape[0]):
                    z = flat[i]
                    out_flat[i] = complex(_round_part(z.real, decimals), _round_part(z.imag, decimals))
                return out
            return round_complex_array

        def round_complex(a, decimals=0):
            return complex(_round_part(a.real, decimals), _round_part(a.imag, decimals))
        return round_complex
    if not isinstance(element, types.Float):
        return None
    return _round_part


def _round_part(a, decimals=0):
    # NumPy's PyArray_Round: multiply by 10**decimals (a Python float), rint, divide
    # (divide, rint, multiply for negative decimals), in the operand's precision.
    if decimals >= 0:
        f = 10.0 ** decimals
        return np.rint(a * f) / f
    f = 10.0 ** -decimals
    return np.rint(a / f) * f


library("numpy.round")(_round_typing)
library("numpy.around")(_round_typing)


# --- numpy.transpose -------------------------------------------------------------------

@library("numpy.transpose")
def _transpose(a, axes=None):
    if not isinstance(a, types.Array):
        return None
    if axes is not None and not isinstance(axes, types.NoneType):
        return None  # (a permutation of the axes: not yet)

    def transpose(a, axes=None):
        return a.T
    return transpose
