"""``np.random.Generator``'s methods in compiled code, drawing from the caller's generator
itself: compiled code holds a Generator argument as its bit generator's C functions and
state (``ferrojit/_random_generator.py``), and these methods call them as NumPy's own C code
does (``numpy/random/_generator.pyx``, ``src/distributions/distributions.c``), so the
values and the generator's state afterwards are NumPy's bit for bit.

``random`` (float64), ``uniform`` and ``integers`` (int64, Lemire's method as NumPy's
``random_bounded_uint64_fill``: 32-bit draws for ranges that fit 32 bits) with scalar
parameters; ``choice`` with replacement and equal probabilities (``integers(0, n)``
indices, as NumPy draws them); ``shuffle`` and ``permutation`` of 1-D arrays (Fisher-Yates from the end by
NumPy's masked ``random_interval``). The differential tests are tests/python/test_random_generator.py.
"""

import numpy as np

from .. import types
from ..extending import library
from .random_legacy import _check_non_negative, _int_arg, _real_arg, _size_kind


def _double(g):
    f = g[1]
    return f(g[4])


def _uint64(g):
    f = g[2]
    return f(g[4])


def _uint32(g):
    f = g[3]
    return f(g[4])


def _is_generator(g):
    return isinstance(g, types.BaseTuple) and len(g.types) == 5 and isinstance(g.types[0], types.StringLiteral) \
        and g.types[0].literal_value == "numpy.random.Generator"


# --- random -------------------------------------------------------------------------------

@library("numpy.random.Generator.random")
def _random(g, size=None, dtype=None, out=None):
    kind = _size_kind(size)
    if not _is_generator(g) or kind is None or not (dtype is None or isinstance(dtype, types.NoneType)) \
            or not (out is None or isinstance(out, types.NoneType)):
        return None
    if kind == "scalar":
        def random_scalar(g, size=None, dtype=None, out=None):
            return _double(g)
        return random_scalar

    def random(g, size=None, dtype=None, out=None):
        out = np.empty(size, np.float64)
        flat = out.reshape(-1)
        for i in range(flat.shape[0]):
            flat[i] = _double(g)
        return out
    return random


# --- uniform ------------------------------------------------------------------------------

@library("numpy.random.Generator.uniform")
def _uniform(g, low=0.0, high=1.0, size=None):
    kind = _size_kind(size)
    if not _is_generator(g) or kind is None or not (_real_arg(low) and _real_arg(high)):
        return None
    scalar = kind == "scalar"

    def uniform(g, low=0.0, high=1.0, size=None):
        lo = float(low)
        rng = float(high) - lo
        if not np.isfinite(rng):
            raise OverflowError("high - low range exceeds valid bounds")
        _check_non_negative(rng, "high - low")
        if scalar:
            return lo + rng * _double(g)
        out = np.empty(size, np.float64)
        flat = out.reshape(-1)
        for i in range(flat.shape[0]):
            flat[i] = lo + rng * _double(g)
        return out
    return uniform


# --- integers -----------------------------------------------------------------------------

def _mul_hi_lo(a, b):
    """The high and low 64-bit words of the 128-bit product of two uint64."""
    _M32 = np.uint64(0xFFFFFFFF)
    a_lo = a & _M32
    a_hi = a >> np.uint64(32)
    b_lo = b & _M32
    b_hi = b >> np.uint64(32)
    p0 = a_lo * b_lo
    p1 = a_lo * b_hi
    p2 = a_hi * b_lo
    p3 = a_hi * b_hi
    mid = (p0 >> np.uint64(32)) + (p1 & _M32) + (p2 & _M32)
    hi = p3 + (p1 >> np.uint64(32)) + (p2 >> np.uint64(32)) + (mid >> np.uint64(32))
    lo = (mid << np.uint64(32)) | (p0 & _M32)
    return hi, lo


def _bounded(g, rng):
    """A draw in [0, rng] (uint64), as NumPy's random_bounded_uint64_fill (not masked)."""
    _M32 = np.uint64(0xFFFFFFFF)
    if rng == np.uint64(0):
        return np.uint64(0)
    if rng <= _M32:
        if rng == _M32:
            return np.uint64(_uint32(g))
        # buffered_bounded_lemire_uint32
        excl = rng + np.uint64(1)
        m = np.uint64(_uint32(g)) * excl
        leftover = m & _M32
        if leftover < excl:
            threshold = (_M32 - rng) % excl
            while leftover < threshold:
                m = np.uint64(_uint32(g)) * excl
                leftover = m & _M32
        return m >> np.uint64(32)
    if rng == ~np.uint64(0):
        return _uint64(g)
    # bounded_lemire_uint64
    excl = rng + np.uint64(1)
    hi, leftover = _mul_hi_lo(_uint64(g), excl)
    if leftover < excl:
        threshold = (~np.uint64(0) - rng) % excl
        while leftover < threshold:
            hi, leftover = _mul_hi_lo(_uint64(g), excl)
    return hi


def _int_or_absent(t):
    return t is None or isinstance(t, types.NoneType) or (_int_arg(t) and not isinstance(t, types.Boolean))


@library("numpy.random.Generator.integers")
def _integers(g, low, high=None, size=None, dtype=None, endpoint=False):
    kind = _size_kind(size)
    if not _is_generator(g) or kind is None or not _int_arg(low) or not _int_or_absent(high) \
            or not (dtype is None or isinstance(dtype, types.NoneType)) or not isinstance(endpoint, (bool, types.Boolean)):
        return None
    one_bound = high is None or isinstance(high, types.NoneType)
    scalar = kind == "scalar"

    def integers(g, low, high=None, size=None, dtype=None, endpoint=False):
        if not scalar:
            out = np.empty(size, np.int64)
            if out.size == 0:
                return out  # (NumPy checks the bounds only when it draws)
        if one_bound:
            lo = 0
            hi = int(low)
        else:
            lo = int(low)
            hi = int(high)
        if endpoint:
            if lo > hi:
                raise ValueError("low > high" if not one_bound else "high < 0")
            rng = np.uint64(hi) - np.uint64(lo)
        else:
            if lo >= hi:
                raise ValueError("low >= high" if not one_bound else "high <= 0")
            rng = np.uint64(hi) - np.uint64(lo) - np.uint64(1)
        off = np.uint64(lo)
        if scalar:
            return np.int64(off + _bounded(g, rng))
        flat = out.reshape(-1)
        for i in range(flat.shape[0]):
            flat[i] = np.int64(off + _bounded(g, rng))
        return out
    return integers


# --- shuffle and permutation --------------------------------------------------------------

def _interval(g, mx):
    """A draw in [0, mx] by masked rejection (NumPy's random_interval): 32-bit words for
    bounds that fit 32 bits."""
    if mx == np.uint64(0):
        return np.uint64(0)
    mask = mx
    mask |= mask >> np.uint64(1)
    mask |= mask >> np.uint64(2)
    mask |= mask >> np.uint64(4)
    mask |= mask >> np.uint64(8)
    mask |= mask >> np.uint64(16)
    mask |= mask >> np.uint64(32)
    if mx <= np.uint64(0xFFFFFFFF):
        v = np.uint64(_uint32(g)) & mask
        while v > mx:
            v = np.uint64(_uint32(g)) & mask
        return v
    v = _uint64(g) & mask
    while v > mx:
        v = _uint64(g) & mask
    return v


def _shuffle_1d(g, x):
    # Fisher-Yates from the end, as NumPy's _shuffle_raw
    for i in range(x.shape[0] - 1, 0, -1):
        j = int(_interval(g, np.uint64(i)))
        t = x[j]
        x[j] = x[i]
        x[i] = t


def _axis_zero(axis):
    # (only the default: an axis passed is a number compiled code knows only when running)
    return type(axis) is int and axis == 0


@library("numpy.random.Generator.shuffle")
def _shuffle(g, x, axis=0):
    if not _is_generator(g) or not isinstance(x, types.Array) or x.ndim != 1 or not _axis_zero(axis):
        return None

    def shuffle(g, x, axis=0):
        _shuffle_1d(g, x)
    return shuffle


@library("numpy.random.Generator.permutation")
def _permutation(g, x, axis=0):
    if not _is_generator(g) or not _axis_zero(axis):
        return None
    if isinstance(x, types.Array) and x.ndim == 1:
        def permutation_array(g, x, axis=0):
            out = x.copy()
            _shuffle_1d(g, out)
            return out
        return permutation_array
    if isinstance(x, (int, types.Integer)) and not isinstance(x, types.Boolean):
        def permutation_int(g, x, axis=0):
            out = np.arange(x)
            _shuffle_1d(g, out)
            return out
        return permutation_int
    return None


# --- choice -------------------------------------------------------------------------------

def _draw_index(g, n):
    return np.int64(_bounded(g, np.uint64(n) - np.uint64(1)))


@library("numpy.random.Generator.choice")
def _choice(g, a, size=None, replace=True, p=None, axis=0, shuffle=True):
    kind = _size_kind(size)
    defaults = replace is True and p is None and type(axis) is int and axis == 0 and shuffle is True
    if not _is_generator(g) or kind is None or not defaults:
        return None  # (replace=False, p=, axis=: not yet)
    scalar = kind == "scalar"
    if isinstance(a, (int, types.Integer)) and not isinstance(a, types.Boolean):
        def choice_int(g, a, size=None, replace=True, p=None, axis=0, shuffle=True):
            n = int(a)
            if scalar:
                if n <= 0:
                    raise ValueError("a must be a positive integer unless no samples are taken")
                return _draw_index(g, n)
            out = np.empty(size, np.int64)
            if n <= 0 and out.size != 0:
                raise ValueError("a must be a positive integer unless no samples are taken")
            if out.size == 0:
                return out
            flat = out.reshape(-1)
            for i in range(flat.shape[0]):
                flat[i] = _draw_index(g, n)
            return out
        return choice_int
    if isinstance(a, types.Array) and a.ndim == 1:
        if scalar:
            def choice_item(g, a, size=None, replace=True, p=None, axis=0, shuffle=True):
                if a.shape[0] == 0:
                    raise ValueError("a cannot be empty unless no samples are taken")
                return a[_draw_index(g, a.shape[0])]
            return choice_item

        def choice_array(g, a, size=None, replace=True, p=None, axis=0, shuffle=True):
            out = np.empty(size, a.dtype)
            n = a.shape[0]
            if n == 0 and out.size != 0:
                raise ValueError("a cannot be empty unless no samples are taken")
            if out.size == 0:
                return out
            flat = out.reshape(-1)
            for i in range(flat.shape[0]):
                flat[i] = a[_draw_index(g, n)]
            return out
        return choice_array
    return None
