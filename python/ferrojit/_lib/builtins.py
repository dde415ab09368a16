"""Python builtins written in Python (see ``ferrojit._lib``), following CPython's own
definitions (``Objects/floatobject.c``, ``Objects/longobject.c``, ``Python/bltinmodule.c``,
``Python/pyhash.c``, ``Objects/tupleobject.c``) so that results and error messages agree
with CPython's. Integers are int64 in compiled code (docs/supported.md), so ``pow(a, b, m)``
multiplies modulo ``m`` without overflow, and ``hash`` computes CPython's unsigned 64-bit
hashes in int64, whose ``+ * << ^`` wrap around to the same bits."""

import numpy as np

from .. import _hashing, objmode, types
from ..extending import library, overload


def _is_int(t):
    return isinstance(t, (types.Integer, types.Boolean))


def _is_number(t):
    return isinstance(t, (types.Number, types.Boolean))


def _is_1d(t):
    return isinstance(t, types.Array) and t.ndim == 1


def _is_seq(t):
    # what sum/any/all/min/max take: a 1-D array or a list
    return _is_1d(t) or isinstance(t, types.List)


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
    if not (_is_seq(iterable) and (isinstance(start, (int, float)) or _is_number(start))):
        return None

    def sum_(iterable, start=0):
        s = start
        for x in iterable:
            s = s + x  # left to right, as CPython's sum of an array's elements
        return s

    return sum_


@library("builtins.any")
def _any(iterable):
    if not _is_seq(iterable):
        return None

    def any_(iterable):
        for x in iterable:
            if x:
                return True
        return False

    return any_


@library("builtins.all")
def _all(iterable):
    if not _is_seq(iterable):
        return None

    def all_(iterable):
        for x in iterable:
            if not x:
                return False
        return True

    return all_


# --- min, max of a 1-D array (one argument: the intrinsic takes several) ------------

def _min_max(largest, name, iterable, key, default):
    # CPython's rule: an item replaces the minimum (maximum) only if it compares less
    # (greater); `largest`, `name` and the flags are frozen into the implementation.
    keyed = not (key is None or isinstance(key, types.NoneType))
    with_default = not (default is None or isinstance(default, types.NoneType))
    if keyed and isinstance(iterable, types.List):
        return _extreme_by_key(largest, name, with_default)
    if not (_is_seq(iterable) and not keyed):
        return None

    def extreme(iterable, key=None, default=None):
        n = len(iterable)
        if n == 0:
            if with_default:
                return default
            raise ValueError(name + "() arg is an empty sequence")
        m = iterable[0]
        for i in range(1, n):
            x = iterable[i]
            if largest:
                better = x > m
            else:
                better = x < m
            if better:
                m = x
        return m
    return extreme


@library("builtins.min")
def _min(iterable, key=None, default=None):
    return _min_max(False, "min", iterable, key, default)


@library("builtins.max")
def _max(iterable, key=None, default=None):
    return _min_max(True, "max", iterable, key, default)


def _extreme_by_key(largest, name, with_default):
    # CPython's min/max with key=: the first item whose key is smallest (largest); the
    # flags are frozen into the implementation, so the branches not taken are not compiled
    def extreme_key(iterable, key=None, default=None):
        n = len(iterable)
        if n == 0:
            if with_default:
                return default
            raise ValueError(name + "() arg is an empty sequence")
        m = iterable[0]
        km = key(m)
        for i in range(1, n):
            x = iterable[i]
            kx = key(x)
            if largest:
                better = kx > km
            else:
                better = kx < km
            if better:
                m = x
                km = kx
        return m
    return extreme_key


# --- hash ---------------------------------------------------------------------------
# CPython 3.11 on a 64-bit build (sys.hash_info): numbers hash to their value modulo the
# Mersenne prime 2**61 - 1 (Python/pyhash.c, Objects/longobject.c), so that equal numbers
# of different types hash alike; tuples combine their items' hashes with xxHash's lane
# step (Objects/tupleobject.c). Py_uhash_t arithmetic is done in int64: `+`, `*`, `<<`
# and `^` wrap around to the same 64 bits, and a logical right shift is an arithmetic one
# masked. NaN hashes to 0 (sys.hash_info.nan, CPython before 3.10): 3.10+ hashes a NaN by
# its object's address, which compiled code does not have.

_HASH_MODULUS = 2305843009213693951  # 2**61 - 1
_HASH_INF = 314159
_HASH_IMAG = 1000003
_XXPRIME_1 = 11400714785074694791 - 2**64  # as int64: the same 64 bits
_XXPRIME_2 = 14029467366897019727 - 2**64
_XXPRIME_5 = 2870177450012600261
_TWO_64 = 18446744073709551616.0  # 2.0**64
_TWO_M64 = 5.421010862427522e-20  # 2.0**-64


def _hash_int64(x):
    # long_hash of an int64: sign(x) * (|x| mod P), without negating (-2**63 has no |x|)
    r = x % _HASH_MODULUS  # floored: 0 <= r < P
    if x < 0:
        r = -((_HASH_MODULUS - r) % _HASH_MODULUS)
    if r == -1:
        r = -2
    return r


def _hash_uint64(x):
    if x <= 9223372036854775807:
        return _hash_int64(np.int64(x))
    # 2**63 <= x < 2**64: int64(x) == x - 2**64, and 2**64 == 8 (mod 2**61 - 1)
    return (np.int64(x) % _HASH_MODULUS + 8) % _HASH_MODULUS


def _frexp(a):
    # math.frexp of a finite a > 0: (m, e), 0.5 <= m < 1, a == m * 2**e. Every product
    # is by a power of two with a normal (or, scaling a subnormal up, exact) result.
    e = 0
    if a >= 1.0:
        while a >= _TWO_64:
            a *= _TWO_M64
            e += 64
        while a >= 1.0:
            a *= 0.5
            e += 1
    else:
        while a < _TWO_M64:
            a *= _TWO_64
            e -= 64
        while a < 0.5:
            a *= 2.0
            e -= 1
    return a, e


def _hash_double(v):
    # _Py_HashDouble (Python/pyhash.c)
    if v != v:
        return 0  # NaN: sys.hash_info.nan (CPython 3.11 hashes the object's address)
    if v == np.inf:
        return _HASH_INF
    if v == -np.inf:
        return -_HASH_INF
    if v == 0.0:
        return 0
    sign = 1
    a = v
    if a < 0.0:
        sign = -1
        a = -a
    m, e = _frexp(a)
    # 28 bits at a time; x stays below 2**61, so x << 28 only loses bits the mask drops
    x = 0
    while m != 0.0:
        x = ((x << 28) & _HASH_MODULUS) | (x >> 33)
        m *= 268435456.0  # 2**28
        e -= 28
        y = int(m)
        m -= y
        x += y
        if x >= _HASH_MODULUS:
            x -= _HASH_MODULUS
    e = e % 61  # the exponent modulo 61 (floored: C's two cases for e >= 0 and e < 0)
    x = ((x << e) & _HASH_MODULUS) | (x >> (61 - e))
    x = x * sign
    if x == -1:
        x = -2
    return x


def _hash_complex(re, im):
    # complex_hash (Objects/complexobject.c): Py_uhash_t arithmetic
    h = _hash_double(re) + _HASH_IMAG * _hash_double(im)
    if h == -1:
        h = -2
    return h


def _tuple_tail(first, *rest):
    return rest


def _tuple_lanes(acc, t):
    """tuplehash's loop over the items of ``t`` (compiled: an overload per tuple type)."""


@overload(_tuple_lanes)
def _tuple_lanes_typing(acc, t):
    # Items may have different types: one item, then the rest of the tuple (a call
    # specialised for each tail, inlined by LLVM).
    if not isinstance(t, types.BaseTuple):
        return None
    if len(t.types) == 0:
        def lanes_done(acc, t):
            return acc
        return lanes_done

    def lanes(acc, t):
        acc += hash(t[0]) * _XXPRIME_2
        acc = (acc << 31) | ((acc >> 33) & 2147483647)  # rotate left by 31
        acc *= _XXPRIME_1
        return _tuple_lanes(acc, _tuple_tail(*t))

    return lanes


@library("builtins.hash")
def _hash(obj):
    if isinstance(obj, types.Boolean):
        def hash_bool(obj):
            return 1 if obj else 0
        return hash_bool
    if isinstance(obj, types.Integer):
        if obj.signed is False and obj.bitwidth == 64:
            def hash_uint64(obj):
                return _hash_uint64(obj)
            return hash_uint64

        def hash_int(obj):
            return _hash_int64(int(obj))
        return hash_int
    if isinstance(obj, types.Float):
        def hash_float(obj):
            return _hash_double(float(obj))
        return hash_float
    if isinstance(obj, types.Complex):
        def hash_complex(obj):
            return _hash_complex(float(obj.real), float(obj.imag))
        return hash_complex
    if isinstance(obj, types.BaseTuple):
        def hash_tuple(obj):
            acc = _tuple_lanes(_XXPRIME_5, obj)
            acc += len(obj) ^ (_XXPRIME_5 ^ 3527539)
            if acc == -1:
                return 1546275796
            return acc
        return hash_tuple
    if isinstance(obj, types.Array):
        def hash_array(obj):
            if obj.size >= 0:  # always: the `return` types the call as an int, as
                raise TypeError("unhashable type: 'numpy.ndarray'")  # in a tuple's hash
            return 0
        return hash_array
    if isinstance(obj, types.UnicodeType):
        # CPython's string hash is salted per process (PYTHONHASHSEED): the runtime has
        # the key (ferrojit/_hashing.py), else Python computes it.
        if _hashing.ENABLED:
            def hash_str_native(obj):
                return obj._ferrojit_pyhash()
            return hash_str_native

        def hash_str(obj):
            with objmode(h="int64"):
                h = hash(obj)
            return h
        return hash_str
    if isinstance(obj, types.List):
        def hash_list(obj):
            if len(obj) >= 0:  # always (see hash_array)
                raise TypeError("unhashable type: 'list'")
            return 0
        return hash_list
    # None (CPython 3.11 hashes it by address) and anything else: no compiled
    # implementation.
    return None
