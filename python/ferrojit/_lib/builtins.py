"""Python builtins written in Python (see ``ferrojit._lib``), following CPython's own
definitions (``Objects/floatobject.c``, ``Objects/longobject.c``, ``Python/bltinmodule.c``)
so that results and error messages agree with CPython's. Integers are int64 in compiled
code (docs/supported.md), so ``pow(a, b, m)`` multiplies modulo ``m`` without overflow."""

from .. import types
from ..extending import library


def _is_int(t):
    return isinstance(t, (types.Integer, types.Boolean))


def _is_number(t):
    return isinstance(t, (types.Number, types.Boolean))


def _is_1d(t):
    return isinstance(t, types.Array) and t.ndim == 1


# --- divmod -------------------------------------------------------------------------

@library("builtins.divmod")
def _divmod(a, b):
    if _is_int(a) and _is_int(b):
        def divmod_int(a, b):
            return a // b, a % b  # ZeroDivisionError: integer division or modulo by zero
        return divmod_int
    if _is_number(a) and _is_number(b):
        def divmod_float(a, b):
            x, y = float(a), float(b)
            if y == 0.0:
                raise ZeroDivisionError("float divmod()")
            return x // y, x % y  # CPython's float // and % are its divmod's halves
        return divmod_float
    return None


# --- pow ----------------------------------------------------------------------------

def _addmod(x, y, m):
    # (x + y) % m for 0 <= x, y < m, without overflowing int64
    if x >= m - y:
        return x - (m - y)
    return x + y


def _mulmod(x, y, m):
    # (x * y) % m for 0 <= x, y < m, by doubling (no 128-bit product needed)
    r = 0
    while y > 0:
        if y & 1:
            r = _addmod(r, x, m)
        x = _addmod(x, x, m)
        y >>= 1
    return r


def _inverse(a, m):
    # a**-1 modulo m (m > 0, 0 <= a < m), as CPython's long_invmod
    r0, r1 = m, a
    t0, t1 = 0, 1
    while r1 != 0:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        t0, t1 = t1, t0 - q * t1
    if r0 != 1:
        raise ValueError("base is not invertible for the given modulus")
    return t0 % m


@library("builtins.pow")
def _pow(base, exp, mod=None):
    if mod is None or isinstance(mod, types.NoneType):
        if _is_number(base) and _is_number(exp):
            def pow2(base, exp, mod=None):
                return base ** exp
            return pow2
        return None
    if not (_is_int(base) and _is_int(exp) and _is_int(mod)):
        return None  # CPython: TypeError (pow() 3rd argument not allowed unless all arguments are integers)

    def pow3(base, exp, mod=None):
        if mod == 0:
            raise ValueError("pow() 3rd argument cannot be 0")
        m = -mod if mod < 0 else mod
        b = base % m
        e = exp
        if e < 0:
            b = _inverse(b, m)
            e = -e
        r = 1 % m
        while e > 0:
            if e & 1:
                r = _mulmod(r, b, m)
            b = _mulmod(b, b, m)
            e >>= 1
        if mod < 0 and r != 0:
            r = r - m
        return r

    return pow3


# --- sum, any, all of 1-D arrays ----------------------------------------------------

@library("builtins.sum")
def _sum(iterable, start=0):
    if not (_is_1d(iterable) and (isinstance(start, (int, float)) or _is_number(start))):
        return None

    def sum_(iterable, start=0):
        s = start
        for x in iterable:
            s = s + x  # left to right, as CPython's sum of an array's elements
        return s

    return sum_


@library("builtins.any")
def _any(iterable):
    if not _is_1d(iterable):
        return None

    def any_(iterable):
        for x in iterable:
            if x:
                return True
        return False

    return any_


@library("builtins.all")
def _all(iterable):
    if not _is_1d(iterable):
        return None

    def all_(iterable):
        for x in iterable:
            if not x:
                return False
        return True

    return all_


# --- min, max of a 1-D array (one argument: the intrinsic takes several) ------------

@library("builtins.min")
def _min(iterable):
    if not _is_1d(iterable):
        return None

    def min_(iterable):
        n = iterable.shape[0]
        if n == 0:
            raise ValueError("min() arg is an empty sequence")
        m = iterable[0]
        for i in range(1, n):
            x = iterable[i]
            if x < m:  # CPython's rule: an item replaces the minimum if it compares less
                m = x
        return m

    return min_


@library("builtins.max")
def _max(iterable):
    if not _is_1d(iterable):
        return None

    def max_(iterable):
        n = iterable.shape[0]
        if n == 0:
            raise ValueError("max() arg is an empty sequence")
        m = iterable[0]
        for i in range(1, n):
            x = iterable[i]
            if x > m:
                m = x
        return m

    return max_
