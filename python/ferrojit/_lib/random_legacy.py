"""``np.random``'s legacy functions (NumPy's ``RandomState``) in compiled code, giving
NumPy's streams bit for bit: after ``np.random.seed(s)`` in compiled code, the draws are
those of ``np.random.seed(s)`` and the same calls in Python.

The algorithms are NumPy's (``numpy/random/src/mt19937/mt19937.c``,
``src/legacy/legacy-distributions.c``, ``src/distributions/distributions.c``,
``mtrand.pyx``, ``_bounded_integers.pyx.in``): MT19937 with Knuth's ``init_genrand``
seeding, 53-bit doubles from two 32-bit words, the polar method for normals (with its
cached second value), masked rejection for bounded integers (32-bit draws for ranges
that fit 32 bits), Fisher-Yates shuffles by ``random_interval``, and each distribution's
legacy algorithm (Marsaglia-Tsang gammas, Johnk's betas, PTRS Poisson, BTPE binomial, HRUA
hypergeometric...), with the C library's ``log``, ``exp``, ``pow`` as NumPy calls them.
The differential tests are tests/python/test_random_legacy.py.

The state lives in memory Python owns (``_STATE``, ``_GAUSS``), viewed from compiled code
by address (``carray``): global arrays are frozen into compiled code as constants, an
address is an int. As in Numba, it is separate from NumPy's Python-level state, and is
seeded from the OS's entropy (NumPy's ``RandomState()``) when this module is imported.
Unlike Numba, which keeps one state per thread, there is one state for all threads.
"""

import ctypes
import ctypes.util
import math

import numpy as np

from .. import types
from ..cfunc import carray
from ..extending import library

_N = 624  # MT19937's words
_M = 397
_POS = 624  # index of the next word to temper (624: regenerate first)
_HAS_GAUSS = 625  # 1 when _GAUSS[0] holds the polar method's second value
_LEN = 626

_STATE = np.zeros(_LEN, np.uint32)
_GAUSS = np.zeros(1, np.float64)
_STATE_ADDRESS = _STATE.ctypes.data
_GAUSS_ADDRESS = _GAUSS.ctypes.data


def _seed_from_entropy():
    # NumPy's RandomState() seeds from a SeedSequence of OS entropy (os.urandom).
    _, key, pos, has_gauss, gauss = np.random.RandomState().get_state()
    _STATE[:_N] = key
    _STATE[_POS] = pos
    _STATE[_HAS_GAUSS] = has_gauss
    _GAUSS[0] = gauss


_seed_from_entropy()


# --- the generator (compiled helpers) --------------------------------------------------

def _state():
    return carray(_STATE_ADDRESS, (_LEN,), np.uint32)


def _gauss_cache():
    return carray(_GAUSS_ADDRESS, (1,), np.float64)


def _seed(s):
    mt = _state()
    x = s & 0xFFFFFFFF
    for i in range(_N):
        mt[i] = x
        x = (1812433253 * (x ^ (x >> 30)) + i + 1) & 0xFFFFFFFF
    mt[_POS] = _N
    mt[_HAS_GAUSS] = 0
    g = _gauss_cache()
    g[0] = 0.0


def _twist(mt, i, j, k):
    # word i from words i, j (the next) and k (i + M, cyclically)
    y = (int(mt[i]) & 0x80000000) | (int(mt[j]) & 0x7FFFFFFF)
    v = int(mt[k]) ^ (y >> 1)
    if y & 1:
        v ^= 0x9908B0DF
    mt[i] = v


def _regenerate(mt):
    for i in range(_N - _M):
        _twist(mt, i, i + 1, i + _M)
    for i in range(_N - _M, _N - 1):
        _twist(mt, i, i + 1, i + _M - _N)
    _twist(mt, _N - 1, 0, _M - 1)
    mt[_POS] = 0


def _next32(mt):
    """The next 32-bit word (an int64 in [0, 2**32))."""
    pos = int(mt[_POS])
    if pos >= _N:
        _regenerate(mt)
        pos = 0
    y = int(mt[pos])
    mt[_POS] = pos + 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9D2C5680
    y ^= (y << 15) & 0xEFC60000
    y ^= y >> 18
    return y


def _next64(mt):
    """The next 64 bits (as an int64's bit pattern): the first word high."""
    hi = _next32(mt)
    lo = _next32(mt)
    return (hi << 32) | lo


def _next_double(mt):
    a = _next32(mt) >> 5
    b = _next32(mt) >> 6
    return (a * 67108864.0 + b) / 9007199254740992.0


# (`math.log`, CPython's and the C library's log as NumPy's C code calls it; `np.log` in
# compiled code differs from it in the last bit for some inputs.)

def _gauss(mt):
    g = _gauss_cache()
    if mt[_HAS_GAUSS] != 0:
        mt[_HAS_GAUSS] = 0
        v = g[0]
        g[0] = 0.0
        return v
    x1 = 0.0
    x2 = 0.0
    r2 = 0.0
    while True:
        x1 = 2.0 * _next_double(mt) - 1.0
        x2 = 2.0 * _next_double(mt) - 1.0
        r2 = x1 * x1 + x2 * x2
        if r2 < 1.0 and r2 != 0.0:
            break
    f = math.sqrt(-2.0 * math.log(r2) / r2)
    g[0] = f * x1
    mt[_HAS_GAUSS] = 1
    return f * x2


def _standard_exponential(mt):
    return -math.log(1.0 - _next_double(mt))


def _gen_mask(rng):
    mask = rng
    mask |= mask >> 1
    mask |= mask >> 2
    mask |= mask >> 4
    mask |= mask >> 8
    mask |= mask >> 16
    mask |= mask >> 32
    return mask


_SIGN = -0x8000000000000000  # xor-ed in to compare int64 bit patterns as uint64


def _bounded(mt, rng, mask):
    """NumPy's masked rejection for [0, rng] (rng an int64 bit pattern of a uint64, mask
    its gen_mask): one 32-bit word per try when rng fits 32 bits, else 64 bits."""
    if rng == 0:
        return 0
    if rng >= 0 and rng <= 0xFFFFFFFF:
        while True:
            v = _next32(mt) & mask
            if v <= rng:
                return v
    while True:
        v = _next64(mt) & mask
        if (v ^ _SIGN) <= (rng ^ _SIGN):
            return v


def _interval(mt, mx):
    # random_interval(max): a value in [0, max] (max >= 0)
    if mx == 0:
        return 0
    return _bounded(mt, mx, _gen_mask(mx))


# --- filling arrays -----------------------------------------------------------------------

def _fill0(draw, size):
    out = np.empty(size, np.float64)
    flat = out.reshape(-1)
    mt = _state()
    for i in range(flat.shape[0]):
        flat[i] = draw(mt)
    return out


def _fill1(draw, size, a):
    out = np.empty(size, np.float64)
    flat = out.reshape(-1)
    mt = _state()
    for i in range(flat.shape[0]):
        flat[i] = draw(mt, a)
    return out


def _fill2(draw, size, a, b):
    out = np.empty(size, np.float64)
    flat = out.reshape(-1)
    mt = _state()
    for i in range(flat.shape[0]):
        flat[i] = draw(mt, a, b)
    return out


# --- argument types ---------------------------------------------------------------------

def _absent(t):
    return t is None or isinstance(t, types.NoneType)


def _int_arg(t):
    return isinstance(t, (int, types.Integer, types.Boolean))


def _real_arg(t):
    return isinstance(t, (bool, int, float, types.Integer, types.Boolean, types.Float))


def _size_kind(size):
    """"scalar" for no size, "array" for an int or a tuple of ints, else None."""
    if _absent(size):
        return "scalar"
    if isinstance(size, (int, types.Integer)) and not isinstance(size, bool):
        return "array"
    if isinstance(size, types.BaseTuple) and all(isinstance(t, types.Integer) for t in size.types):
        return "array"
    return None


def _check_non_negative(v, name):
    # NumPy's CONS_NON_NEGATIVE: the sign bit set (-0.0 too), NaN allowed
    if not np.isnan(v) and np.copysign(1.0, v) < 0.0:
        raise ValueError(name + " < 0")


# --- seed -------------------------------------------------------------------------------------

@library("numpy.random.seed")
def _seed_typing(seed=None):
    if not isinstance(seed, (types.Integer, types.Boolean)):
        return None  # (no seed: a fresh seed from the OS's entropy is not offered in compiled code)

    def seed_impl(seed=None):
        s = int(seed)
        if s < 0 or s > 0xFFFFFFFF:
            raise ValueError("Seed must be between 0 and 2**32 - 1")
        _seed(s)
    return seed_impl


# --- uniform doubles ------------------------------------------------------------------------

def _random_sample_typing(size=None):
    kind = _size_kind(size)
    if kind is None:
        return None
    if kind == "scalar":
        def random_scalar(size=None):
            return _next_double(_state())
        return random_scalar

    def random_array(size=None):
        return _fill0(_next_double, size)
    return random_array


for _name in ("random", "random_sample", "sample", "ranf"):
    library("numpy.random." + _name)(_random_sample_typing)


@library("numpy.random.rand")
def _rand(*dims):
    if not all(isinstance(t, (int, types.Integer)) for t in dims):
        return None
    if not dims:
        def rand0():
            return _next_double(_state())
        return rand0

    def rand(*dims):
        return _fill0(_next_double, dims)
    return rand


def _uniform_draw(mt, low, rng):
    return low + rng * _next_double(mt)


@library("numpy.random.uniform")
def _uniform(low=0.0, high=1.0, size=None):
    kind = _size_kind(size)
    if kind is None or not (_real_arg(low) and _real_arg(high)):
        return None
    scalar = kind == "scalar"

    def uniform(low=0.0, high=1.0, size=None):
        lo = float(low)
        rng = float(high) - lo
        if not np.isfinite(rng):
            raise OverflowError("Range exceeds valid bounds")
        if scalar:
            return _uniform_draw(_state(), lo, rng)
        return _fill2(_uniform_draw, size, lo, rng)
    return uniform


# --- normal and exponential -----------------------------------------------------------------

@library("numpy.random.standard_normal")
def _standard_normal(size=None):
    kind = _size_kind(size)
    if kind is None:
        return None
    if kind == "scalar":
        def standard_normal_scalar(size=None):
            return _gauss(_state())
        return standard_normal_scalar

    def standard_normal(size=None):
        return _fill0(_gauss, size)
    return standard_normal


@library("numpy.random.randn")
def _randn(*dims):
    if not all(isinstance(t, (int, types.Integer)) for t in dims):
        return None
    if not dims:
        def randn0():
            return _gauss(_state())
        return randn0

    def randn(*dims):
        return _fill0(_gauss, dims)
    return randn


def _normal_draw(mt, loc, scale):
    return loc + scale * _gauss(mt)


@library("numpy.random.normal")
def _normal(loc=0.0, scale=1.0, size=None):
    kind = _size_kind(size)
    if kind is None or not (_real_arg(loc) and _real_arg(scale)):
        return None
    scalar = kind == "scalar"

    def normal(loc=0.0, scale=1.0, size=None):
        mu = float(loc)
        sigma = float(scale)
        _check_non_negative(sigma, "scale")
        if scalar:
            return _normal_draw(_state(), mu, sigma)
        return _fill2(_normal_draw, size, mu, sigma)
    return normal


@library("numpy.random.standard_exponential")
def _standard_exponential_typing(size=None):
    kind = _size_kind(size)
    if kind is None:
        return None
    if kind == "scalar":
        def standard_exponential_scalar(size=None):
            return _standard_exponential(_state())
        return standard_exponential_scalar

    def standard_exponential(size=None):
        return _fill0(_standard_exponential, size)
    return standard_exponential


def _exponential_draw(mt, scale):
    return scale * _standard_exponential(mt)


@library("numpy.random.exponential")
def _exponential(scale=1.0, size=None):
    kind = _size_kind(size)
    if kind is None or not _real_arg(scale):
        return None
    scalar = kind == "scalar"

    def exponential(scale=1.0, size=None):
        beta = float(scale)
        _check_non_negative(beta, "scale")
        if scalar:
            return _exponential_draw(_state(), beta)
        return _fill1(_exponential_draw, size, beta)
    return exponential


# --- integers -------------------------------------------------------------------------------

def _nitems_int(size):
    return size


def _nitems_tuple(size):
    n = 1
    for d in size:
        n *= d
    return n


def _nitems_of(size):
    return _nitems_tuple if isinstance(size, types.BaseTuple) else _nitems_int


def _randint_bounds(low, high):
    """(off, rng, mask) of RandomState.randint(low, high) (int64): NumPy's checks, then the
    closed interval [low, high - 1] as an offset and a range (a uint64's bit pattern)."""
    if low >= high:
        if low == 0:
            raise ValueError("high <= 0")
        raise ValueError("low >= high")
    rng = (high - 1) - low  # (wraps to the uint64's bits for ranges beyond 2**63)
    return low, rng, _gen_mask(rng)


def _randint_scalar(low, high):
    off, rng, mask = _randint_bounds(low, high)
    return off + _bounded(_state(), rng, mask)


def _randint_array(low, high, size, n):
    out = np.empty(size, np.int64)
    if n == 0:
        return out  # (NumPy returns before checking the bounds)
    off, rng, mask = _randint_bounds(low, high)
    flat = out.reshape(-1)
    mt = _state()
    for i in range(flat.shape[0]):
        flat[i] = off + _bounded(mt, rng, mask)
    return out


@library("numpy.random.randint")
def _randint(low, high=None, size=None, dtype=None):
    kind = _size_kind(size)
    if kind is None or not _int_arg(low) or not (_absent(high) or _int_arg(high)) or not _absent(dtype):
        return None
    no_high = _absent(high)
    if kind == "scalar":
        def randint_scalar(low, high=None, size=None, dtype=None):
            if no_high:
                return _randint_scalar(0, int(low))
            return _randint_scalar(int(low), int(high))
        return randint_scalar
    nitems = _nitems_of(size)

    def randint(low, high=None, size=None, dtype=None):
        if no_high:
            return _randint_array(0, int(low), size, nitems(size))
        return _randint_array(int(low), int(high), size, nitems(size))
    return randint


# --- shuffle, permutation, choice -----------------------------------------------------------

def _shuffle_1d(x):
    mt = _state()
    for i in range(x.shape[0] - 1, 0, -1):
        j = _interval(mt, i)
        t = x[j]
        x[j] = x[i]
        x[i] = t


def _shuffle_rows(x):
    # NumPy's path for arrays of more than one dimension: rows swapped through a buffer
    mt = _state()
    for i in range(x.shape[0] - 1, 0, -1):
        j = _interval(mt, i)
        if i != j:
            t = x[j].copy()
            x[j] = x[i]
            x[i] = t


@library("numpy.random.shuffle")
def _shuffle(x):
    if not isinstance(x, types.Array):
        return None
    if x.ndim == 0:
        def shuffle_0d(x):
            raise TypeError("len() of unsized object")
        return shuffle_0d
    return _shuffle_1d if x.ndim == 1 else _shuffle_rows_of_nonempty


def _shuffle_rows_of_nonempty(x):
    # NumPy's shuffle returns at once for an array without elements (no draws), as a
    # (3, 0) array (its permutation draws: it shuffles the row indices)
    if x.size != 0:
        _shuffle_rows(x)


def _permutation_n(n):
    arr = np.arange(n)
    _shuffle_1d(arr)
    return arr


@library("numpy.random.permutation")
def _permutation(x):
    if _int_arg(x):
        def permutation_int(x):
            return _permutation_n(int(x))
        return permutation_int
    if not isinstance(x, types.Array):
        return None
    if x.ndim == 0:
        def permutation_0d(x):
            raise IndexError("x must be an integer or at least 1-dimensional")
        return permutation_0d
    shuffle = _shuffle_1d if x.ndim == 1 else _shuffle_rows

    def permutation(x):
        arr = x.copy()
        shuffle(arr)
        return arr
    return permutation


def _choice_one(pop, replace):
    # one pick (no size): randint(0, pop), or the first of a permutation
    if replace:
        return _randint_scalar(0, pop)
    return _permutation_n(pop)[0]


def _choice_many(pop, size, replace, n):
    if replace:
        return _randint_array(0, pop, size, n)
    if n > pop:
        raise ValueError("Cannot take a larger sample than population when 'replace=False'")
    if n < 0:
        raise ValueError("negative dimensions are not allowed")
    return _permutation_n(pop)[:n].reshape(size)


# With probabilities `p` (NumPy's algorithm: picks by binary search of uniform doubles in
# the normalised cumulative sums; without replacement, rounds of such picks with the
# probabilities of the values found set to zero, keeping the first of each value).

def _choice_p(p, pop, atol):
    """p as float64, checked as NumPy checks it."""
    d = p.shape[0]
    if d != pop:
        raise ValueError("'a' and 'p' must have same size")
    pp = np.empty(d, np.float64)
    for i in range(d):
        pp[i] = p[i]
    total = 0.0  # NumPy's kahan_sum(p, d)
    if d > 0:
        total = pp[0]
        c = 0.0
        for i in range(1, d):
            y = pp[i] - c
            t = total + y
            c = (t - total) - y
            total = t
    if np.isnan(total):
        raise ValueError("probabilities contain NaN")
    for i in range(d):
        if pp[i] < 0:
            raise ValueError("probabilities are not non-negative")
    if abs(total - 1.0) > atol:
        raise ValueError("probabilities do not sum to 1")
    return pp


def _cdf(pp):
    d = pp.shape[0]
    cdf = np.empty(d, np.float64)
    acc = 0.0
    for i in range(d):
        acc = acc + pp[i]
        cdf[i] = acc
    last = cdf[d - 1]
    for i in range(d):
        cdf[i] = cdf[i] / last
    return cdf


def _search_right(cdf, x):
    # np.searchsorted(cdf, x, side="right")
    lo = 0
    hi = cdf.shape[0]
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if cdf[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _picks_without_replacement(pp, pop, n):
    nonzero = 0
    for i in range(pop):
        if pp[i] > 0:
            nonzero += 1
    if nonzero < n:
        raise ValueError("Fewer non-zero entries in p than size")
    found = np.zeros(n, np.int64)
    w = pp.copy()
    mt = _state()
    n_uniq = 0
    while n_uniq < n:
        m = n - n_uniq
        x = np.empty(m, np.float64)
        for j in range(m):
            x[j] = _next_double(mt)
        for j in range(n_uniq):
            w[found[j]] = 0.0
        cdf = _cdf(w)
        seen = np.zeros(pop, np.bool_)
        k = n_uniq
        for j in range(m):
            v = _search_right(cdf, x[j])
            if not seen[v]:
                seen[v] = True
                found[k] = v
                k += 1
        n_uniq = k
    return found


def _choice_one_p(pop, replace, pp):
    if replace:
        return _search_right(_cdf(pp), _next_double(_state()))
    return _picks_without_replacement(pp, pop, 1)[0]


def _choice_many_p(pop, size, replace, n, pp):
    if replace:
        out = np.empty(size, np.int64)
        if n == 0:
            return out
        cdf = _cdf(pp)
        flat = out.reshape(-1)
        mt = _state()
        for i in range(flat.shape[0]):
            flat[i] = _search_right(cdf, _next_double(mt))
        return out
    if n > pop:
        raise ValueError("Cannot take a larger sample than population when 'replace=False'")
    if n < 0:
        raise ValueError("negative dimensions are not allowed")
    return _picks_without_replacement(pp, pop, n).reshape(size)


def _p_tolerance(p):
    """NumPy's tolerance on sum(p): sqrt of float64's epsilon, or of p's float type's."""
    atol = np.sqrt(np.finfo(np.float64).eps)
    if isinstance(p.dtype, types.Float):
        atol = max(atol, np.sqrt(np.finfo(getattr(np, p.dtype.name)).eps))
    return float(atol)


@library("numpy.random.choice")
def _choice(a, size=None, replace=True, p=None):
    kind = _size_kind(size)
    if kind is None or not isinstance(replace, (bool, types.Boolean, types.Integer)):
        return None
    has_p = not _absent(p)
    if has_p and not (isinstance(p, types.Array) and p.ndim == 1
                      and isinstance(p.dtype, (types.Float, types.Integer))):
        return None
    atol = _p_tolerance(p) if has_p else 0.0
    scalar = kind == "scalar"
    nitems = None if scalar else _nitems_of(size)
    if _int_arg(a):
        if scalar:
            def choice_int_scalar(a, size=None, replace=True, p=None):
                pop = int(a)
                if pop <= 0:
                    raise ValueError("a must be greater than 0 unless no samples are taken")
                if has_p:
                    return _choice_one_p(pop, replace, _choice_p(p, pop, atol))
                return _choice_one(pop, replace)
            return choice_int_scalar

        def choice_int(a, size=None, replace=True, p=None):
            pop = int(a)
            n = nitems(size)
            if pop <= 0 and n != 0:
                raise ValueError("a must be greater than 0 unless no samples are taken")
            if has_p:
                return _choice_many_p(pop, size, replace, n, _choice_p(p, pop, atol))
            return _choice_many(pop, size, replace, n)
        return choice_int
    if not isinstance(a, types.Array) or a.ndim == 0:
        return None
    if a.ndim != 1:
        def choice_nd(a, size=None, replace=True, p=None):
            raise ValueError("a must be 1-dimensional")
        return choice_nd
    dt = a.dtype
    if scalar:
        def choice_array_scalar(a, size=None, replace=True, p=None):
            pop = a.shape[0]
            if pop == 0:
                raise ValueError("'a' cannot be empty unless no samples are taken")
            if has_p:
                return a[_choice_one_p(pop, replace, _choice_p(p, pop, atol))]
            return a[_choice_one(pop, replace)]
        return choice_array_scalar

    def choice_array(a, size=None, replace=True, p=None):
        pop = a.shape[0]
        n = nitems(size)
        if pop == 0 and n != 0:
            raise ValueError("'a' cannot be empty unless no samples are taken")
        if has_p:
            idx = _choice_many_p(pop, size, replace, n, _choice_p(p, pop, atol))
        else:
            idx = _choice_many(pop, size, replace, n)
        out = np.empty(size, dt)
        flat = out.reshape(-1)
        flat_idx = idx.reshape(-1)
        for i in range(flat.shape[0]):
            flat[i] = a[flat_idx[i]]
        return out
    return choice_array


# --- more distributions (NumPy's legacy ones) ---------------------------------------------
#
# The C library's functions as NumPy's C code calls them: `math`'s (the C library's) with
# the C results where CPython's raise (log(0) is -inf, exp overflows to inf...).

_EXP_MAX = 709.782712893384  # the largest x whose exp is finite


def _log(x):
    if x > 0.0:
        return math.log(x)
    if x == 0.0:
        return -math.inf
    return math.nan


def _log1p(x):
    if x > -1.0:
        return math.log1p(x)
    if x == -1.0:
        return -math.inf
    return math.nan


def _exp(x):
    if x > _EXP_MAX:
        return math.inf
    return math.exp(x)


def _c_pow():
    # The C library's pow called through its address: LLVM rewrites a call to `pow` with a
    # constant exponent (`pow(x, 2.0)` to `x * x`, which differs from the C library's
    # pow in the last bit for some x), and NumPy's C code calls `pow` itself.
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("m"))
        f = lib.pow
    except (OSError, AttributeError, TypeError):
        return None
    f.restype = ctypes.c_double
    f.argtypes = (ctypes.c_double, ctypes.c_double)
    return f


_C_POW = _c_pow()

if _C_POW is not None:
    def _pow(x, y):
        return _C_POW(x, y)
else:
    def _pow(x, y):
        return np.power(x, y)


def _cdiv(a, b):
    """a / b as C computes it: a zero divisor gives an infinity or NaN, not an error
    (draws where NumPy's arithmetic can divide by zero, once in 2**53 or for extreme
    parameters)."""
    if b != 0.0:
        return a / b
    if a != a or a == 0.0:
        return math.nan
    if (a < 0.0) != (math.copysign(1.0, b) < 0.0):
        return -math.inf
    return math.inf


def _check_positive(v, name):
    # NumPy's CONS_POSITIVE (NaN allowed)
    if v <= 0.0:
        raise ValueError(name + " <= 0")


def _fill3(draw, size, a, b, c):
    out = np.empty(size, np.float64)
    flat = out.reshape(-1)
    mt = _state()
    for i in range(flat.shape[0]):
        flat[i] = draw(mt, a, b, c)
    return out


def _ifill1(draw, size, a):
    out = np.empty(size, np.int64)
    flat = out.reshape(-1)
    mt = _state()
    for i in range(flat.shape[0]):
        flat[i] = draw(mt, a)
    return out


def _ifill2(draw, size, a, b):
    out = np.empty(size, np.int64)
    flat = out.reshape(-1)
    mt = _state()
    for i in range(flat.shape[0]):
        flat[i] = draw(mt, a, b)
    return out


def _standard_gamma(mt, shape):
    if shape == 1.0:
        return _standard_exponential(mt)
    if shape == 0.0:
        return 0.0
    if shape < 1.0:
        while True:
            u = _next_double(mt)
            v = _standard_exponential(mt)
            if u <= 1.0 - shape:
                x = _pow(u, 1.0 / shape)
                if x <= v:
                    return x
            else:
                y = -_log((1 - u) / shape)
                x = _pow(1.0 - shape + shape * y, 1.0 / shape)
                if x <= v + y:
                    return x
    b = shape - 1.0 / 3.0
    c = 1.0 / np.sqrt(9 * b)
    while True:
        x = 0.0
        v = 0.0
        while True:
            x = _gauss(mt)
            v = 1.0 + c * x
            if v > 0.0:
                break
        v = v * v * v
        u = _next_double(mt)
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v
        if _log(u) < 0.5 * x * x + b * (1.0 - v + _log(v)):
            return b * v


def _gamma_draw(mt, shape, scale):
    return scale * _standard_gamma(mt, shape)


def _beta_draw(mt, a, b):
    if a <= 1.0 and b <= 1.0:
        # Johnk's algorithm
        while True:
            u = _next_double(mt)
            v = _next_double(mt)
            x = _pow(u, 1.0 / a)
            y = _pow(v, 1.0 / b)
            if x + y <= 1.0:
                if x + y > 0:
                    return x / (x + y)
                log_x = _log(u) / a
                log_y = _log(v) / b
                log_m = log_x if log_x > log_y else log_y
                log_x -= log_m
                log_y -= log_m
                return _exp(log_x - _log(_exp(log_x) + _exp(log_y)))
    ga = _standard_gamma(mt, a)
    gb = _standard_gamma(mt, b)
    return _cdiv(ga, ga + gb)


def _chisquare_draw(mt, df):
    return 2.0 * _standard_gamma(mt, df / 2.0)


def _f_draw(mt, dfnum, dfden):
    num = _chisquare_draw(mt, dfnum) * dfden
    return _cdiv(num, _chisquare_draw(mt, dfden) * dfnum)


def _standard_t_draw(mt, df):
    num = _gauss(mt)
    denom = _standard_gamma(mt, df / 2)
    return _cdiv(np.sqrt(df / 2) * num, np.sqrt(denom))


def _standard_cauchy_draw(mt):
    num = _gauss(mt)
    return _cdiv(num, _gauss(mt))


def _lognormal_draw(mt, mean, sigma):
    return _exp(mean + sigma * _gauss(mt))


def _laplace_draw(mt, loc, scale):
    while True:
        u = _next_double(mt)
        if u >= 0.5:
            return loc - scale * _log(2.0 - u - u)
        if u > 0.0:
            return loc + scale * _log(u + u)


def _gumbel_draw(mt, loc, scale):
    while True:
        u = 1.0 - _next_double(mt)
        if u < 1.0:
            return loc - scale * _log(-_log(u))


def _logistic_draw(mt, loc, scale):
    while True:
        u = _next_double(mt)
        if u > 0.0:
            return loc + scale * _log(u / (1.0 - u))


def _rayleigh_draw(mt, scale):
    return scale * np.sqrt(-2.0 * _log1p(-_next_double(mt)))


def _pareto_draw(mt, a):
    # (legacy_pareto: exp(x) - 1, not expm1)
    return _exp(_standard_exponential(mt) / a) - 1


def _weibull_draw(mt, a):
    if a == 0.0:
        return 0.0
    return _pow(_standard_exponential(mt), 1.0 / a)


def _power_draw(mt, a):
    return _pow(1 - _exp(-_standard_exponential(mt)), 1.0 / a)


def _wald_draw(mt, mean, scale):
    mu_2l = mean / (2 * scale)
    y = _gauss(mt)
    y = mean * y * y
    x = mean + mu_2l * (y - np.sqrt(4 * scale * y + y * y))
    u = _next_double(mt)
    if u <= mean / (mean + x):
        return x
    return _cdiv(mean * mean, x)


def _triangular_draw(mt, left, mode, right):
    base = right - left
    leftbase = mode - left
    ratio = leftbase / base
    leftprod = leftbase * base
    rightprod = (right - mode) * base
    u = _next_double(mt)
    if u <= ratio:
        return left + np.sqrt(u * leftprod)
    return right - np.sqrt((1.0 - u) * rightprod)


def _acos(x):
    if x >= -1.0 and x <= 1.0:
        return math.acos(x)
    return math.nan


def _vonmises_draw(mt, mu, kappa):
    if np.isnan(kappa):
        return math.nan
    if kappa < 1e-8:
        return math.pi * (2 * _next_double(mt) - 1)
    if kappa < 1e-5:
        s = 1.0 / kappa + kappa
    else:
        r = 1 + np.sqrt(1 + 4 * kappa * kappa)
        rho = (r - np.sqrt(2 * r)) / (2 * kappa)
        s = (1 + rho * rho) / (2 * rho)
    w = 0.0
    while True:
        u = _next_double(mt)
        z = math.cos(math.pi * u)
        w = (1 + s * z) / (s + z)
        y = kappa * (s - w)
        v = _next_double(mt)
        if y * (2 - y) - v >= 0 or _log(_cdiv(y, v)) + 1 - y >= 0:
            break
    u = _next_double(mt)
    result = _acos(w)
    if u < 0.5:
        result = -result
    result += mu
    neg = result < 0
    mod = abs(result)
    mod = np.fmod(mod + math.pi, 2 * math.pi) - math.pi
    if neg:
        mod *= -1
    return mod


# --- their entries ----------------------------------------------------------------------

def _real_args(size, *args):
    """"scalar"/"array" for the size when every argument is a real number, else None."""
    if not all(_real_arg(t) for t in args):
        return None
    return _size_kind(size)


@library("numpy.random.standard_gamma")
def _standard_gamma_typing(shape, size=None):
    kind = _real_args(size, shape)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def standard_gamma(shape, size=None):
        k = float(shape)
        _check_non_negative(k, "shape")
        if scalar:
            return _standard_gamma(_state(), k)
        return _fill1(_standard_gamma, size, k)
    return standard_gamma


@library("numpy.random.gamma")
def _gamma_typing(shape, scale=1.0, size=None):
    kind = _real_args(size, shape, scale)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def gamma(shape, scale=1.0, size=None):
        k = float(shape)
        theta = float(scale)
        _check_non_negative(k, "shape")
        _check_non_negative(theta, "scale")
        if scalar:
            return _gamma_draw(_state(), k, theta)
        return _fill2(_gamma_draw, size, k, theta)
    return gamma


@library("numpy.random.beta")
def _beta_typing(a, b, size=None):
    kind = _real_args(size, a, b)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def beta(a, b, size=None):
        alpha = float(a)
        beta_ = float(b)
        _check_positive(alpha, "a")
        _check_positive(beta_, "b")
        if scalar:
            return _beta_draw(_state(), alpha, beta_)
        return _fill2(_beta_draw, size, alpha, beta_)
    return beta


@library("numpy.random.chisquare")
def _chisquare_typing(df, size=None):
    kind = _real_args(size, df)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def chisquare(df, size=None):
        k = float(df)
        _check_positive(k, "df")
        if scalar:
            return _chisquare_draw(_state(), k)
        return _fill1(_chisquare_draw, size, k)
    return chisquare


@library("numpy.random.f")
def _f_typing(dfnum, dfden, size=None):
    kind = _real_args(size, dfnum, dfden)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def f(dfnum, dfden, size=None):
        d1 = float(dfnum)
        d2 = float(dfden)
        _check_positive(d1, "dfnum")
        _check_positive(d2, "dfden")
        if scalar:
            return _f_draw(_state(), d1, d2)
        return _fill2(_f_draw, size, d1, d2)
    return f


@library("numpy.random.standard_t")
def _standard_t_typing(df, size=None):
    kind = _real_args(size, df)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def standard_t(df, size=None):
        k = float(df)
        _check_positive(k, "df")
        if scalar:
            return _standard_t_draw(_state(), k)
        return _fill1(_standard_t_draw, size, k)
    return standard_t


@library("numpy.random.standard_cauchy")
def _standard_cauchy_typing(size=None):
    kind = _size_kind(size)
    if kind is None:
        return None
    if kind == "scalar":
        def standard_cauchy_scalar(size=None):
            return _standard_cauchy_draw(_state())
        return standard_cauchy_scalar

    def standard_cauchy(size=None):
        return _fill0(_standard_cauchy_draw, size)
    return standard_cauchy


def _loc_scale(draw, scale_name, loc_default=0.0, scale_default=1.0):
    """The entry of a distribution of (loc, scale, size), scale non-negative: its
    parameters are named (loc, scale) for all but lognormal (mean, sigma), whose entry
    is written out."""
    def typing(loc=loc_default, scale=scale_default, size=None):
        kind = _real_args(size, loc, scale)
        if kind is None:
            return None
        scalar = kind == "scalar"

        def loc_scale(loc=loc_default, scale=scale_default, size=None):
            mu = float(loc)
            beta = float(scale)
            _check_non_negative(beta, scale_name)
            if scalar:
                return draw(_state(), mu, beta)
            return _fill2(draw, size, mu, beta)
        return loc_scale
    return typing


library("numpy.random.laplace")(_loc_scale(_laplace_draw, "scale"))
library("numpy.random.gumbel")(_loc_scale(_gumbel_draw, "scale"))
library("numpy.random.logistic")(_loc_scale(_logistic_draw, "scale"))


@library("numpy.random.lognormal")
def _lognormal_typing(mean=0.0, sigma=1.0, size=None):
    kind = _real_args(size, mean, sigma)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def lognormal(mean=0.0, sigma=1.0, size=None):
        mu = float(mean)
        s = float(sigma)
        _check_non_negative(s, "sigma")
        if scalar:
            return _lognormal_draw(_state(), mu, s)
        return _fill2(_lognormal_draw, size, mu, s)
    return lognormal


@library("numpy.random.rayleigh")
def _rayleigh_typing(scale=1.0, size=None):
    kind = _real_args(size, scale)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def rayleigh(scale=1.0, size=None):
        s = float(scale)
        _check_non_negative(s, "scale")
        if scalar:
            return _rayleigh_draw(_state(), s)
        return _fill1(_rayleigh_draw, size, s)
    return rayleigh


def _shape_a(draw, positive):
    """The entry of a distribution of (a, size): pareto, weibull, power."""
    def typing(a, size=None):
        kind = _real_args(size, a)
        if kind is None:
            return None
        scalar = kind == "scalar"

        def shape_a(a, size=None):
            k = float(a)
            if positive:
                _check_positive(k, "a")
            else:
                _check_non_negative(k, "a")
            if scalar:
                return draw(_state(), k)
            return _fill1(draw, size, k)
        return shape_a
    return typing


library("numpy.random.pareto")(_shape_a(_pareto_draw, True))
library("numpy.random.weibull")(_shape_a(_weibull_draw, False))
library("numpy.random.power")(_shape_a(_power_draw, True))


@library("numpy.random.wald")
def _wald_typing(mean, scale, size=None):
    kind = _real_args(size, mean, scale)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def wald(mean, scale, size=None):
        mu = float(mean)
        lam = float(scale)
        _check_positive(mu, "mean")
        _check_positive(lam, "scale")
        if scalar:
            return _wald_draw(_state(), mu, lam)
        return _fill2(_wald_draw, size, mu, lam)
    return wald


@library("numpy.random.triangular")
def _triangular_typing(left, mode, right, size=None):
    kind = _real_args(size, left, mode, right)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def triangular(left, mode, right, size=None):
        lo = float(left)
        m = float(mode)
        hi = float(right)
        if lo > m:
            raise ValueError("left > mode")
        if m > hi:
            raise ValueError("mode > right")
        if lo == hi:
            raise ValueError("left == right")
        if scalar:
            return _triangular_draw(_state(), lo, m, hi)
        return _fill3(_triangular_draw, size, lo, m, hi)
    return triangular


@library("numpy.random.vonmises")
def _vonmises_typing(mu, kappa, size=None):
    kind = _real_args(size, mu, kappa)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def vonmises(mu, kappa, size=None):
        m = float(mu)
        k = float(kappa)
        _check_non_negative(k, "kappa")
        if scalar:
            return _vonmises_draw(_state(), m, k)
        return _fill2(_vonmises_draw, size, m, k)
    return vonmises


# --- integer-valued distributions --------------------------------------------------------

_INT64_MIN = -0x8000000000000000


def _to_int(x):
    """C's (int64_t) of a double as x86 does it: out of range and NaN give INT64_MIN."""
    if x >= -9.223372036854775808e18 and x < 9.223372036854775808e18:
        return int(x)
    return _INT64_MIN


# (an array: compiled code indexes tuples by constants only)
_LOGGAM_A = np.array([8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
                      -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
                      6.410256410256410e-03, -2.955065359477124e-02, 1.796443723688307e-01,
                      -1.39243221690590e+00])


def _loggam(x):
    # NumPy's random_loggam (distributions.c)
    if x == 1.0 or x == 2.0:
        return 0.0
    n = 0
    if x < 7.0:
        n = _to_int(7 - x)
    x0 = x + n
    x2 = (1.0 / x0) * (1.0 / x0)
    lg2pi = 1.8378770664093453e+00
    gl0 = _LOGGAM_A[9]
    for k in range(8, -1, -1):
        gl0 *= x2
        gl0 += _LOGGAM_A[k]
    gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * _log(x0) - x0
    if x < 7.0:
        for k in range(1, n + 1):
            gl -= _log(x0 - 1.0)
            x0 -= 1.0
    return gl


def _poisson_mult(mt, lam):
    enlam = _exp(-lam)
    x = 0
    prod = 1.0
    while True:
        prod *= _next_double(mt)
        if prod > enlam:
            x += 1
        else:
            return x


def _poisson_ptrs(mt, lam):
    slam = np.sqrt(lam)
    loglam = _log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2)
    while True:
        u = _next_double(mt) - 0.5
        v = _next_double(mt)
        us = 0.5 - abs(u)
        if us == 0.0:
            continue  # (NumPy's k is then INT64_MIN: rejected)
        k = _to_int(np.floor((2 * a / us + b) * u + lam + 0.43))
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if (_log(v) + _log(invalpha) - _log(a / (us * us) + b)) <= (-lam + k * loglam - _loggam(float(k + 1))):
            return k


def _poisson_draw(mt, lam):
    if lam >= 10:
        return _poisson_ptrs(mt, lam)
    if lam == 0:
        return 0
    return _poisson_mult(mt, lam)


# NumPy's LEGACY_POISSON_LAM_MAX (_common.pyx)
_POISSON_LAM_MAX = float(np.iinfo(np.int64).max) - float(np.sqrt(np.iinfo(np.int64).max)) * 10


def _check_poisson(lam):
    if not lam >= 0:
        raise ValueError("lam < 0 or lam is NaN")
    if not lam <= _POISSON_LAM_MAX:
        raise ValueError("lam value too large")


def _geometric_draw(mt, p):
    if p >= 0.333333333333333333333333:
        x = 1
        s = p
        prod = p
        q = 1.0 - p
        u = _next_double(mt)
        while u > s:
            prod *= q
            s += prod
            x += 1
        return x
    return _to_int(np.ceil(_cdiv(_log1p(-_next_double(mt)), _log(1 - p))))


def _negative_binomial_draw(mt, n, p):
    y = _gamma_draw(mt, n, (1 - p) / p)
    return _poisson_draw(mt, y)


def _logseries_draw(mt, p):
    r = _log(1.0 - p)
    while True:
        v = _next_double(mt)
        if v >= p:
            return 1
        u = _next_double(mt)
        q = 1.0 - _exp(r * u)
        if v <= q * q:
            result = _to_int(np.floor(1 + _cdiv(_log(v), _log(q))))
            if result < 1 or v == 0.0:
                continue
            return result
        if v >= q:
            return 1
        return 2


def _zipf_draw(mt, a):
    am1 = a - 1.0
    b = _pow(2.0, am1)
    while True:
        u = 1.0 - _next_double(mt)
        v = _next_double(mt)
        x = np.floor(_pow(u, -1.0 / am1))
        if x > 9.223372036854775807e18 or x < 1.0:
            continue
        t = _pow(1.0 + 1.0 / x, am1)
        if _cdiv(v * x * (t - 1.0), b - 1.0) <= t / b:
            return _to_int(x)


def _binomial_inversion(mt, n, p):
    q = 1.0 - p
    qn = _exp(n * _log(q))
    np_ = n * p
    bound = _to_int(min(float(n), np_ + 10.0 * np.sqrt(np_ * q + 1)))
    x = 0
    px = qn
    u = _next_double(mt)
    while u > px:
        x += 1
        if x > bound:
            x = 0
            px = qn
            u = _next_double(mt)
        else:
            u -= px
            px = ((n - x + 1) * p * px) / (x * q)
    return x


def _btpe_tail(f1, x):
    return (13680. - (462. - (132. - (99. - 140. / x) / x) / x) / x) / f1 / 166320.


def _binomial_btpe(mt, n, p):
    r = min(p, 1.0 - p)
    q = 1.0 - r
    fm = n * r + r
    m = _to_int(np.floor(fm))
    p1 = np.floor(2.195 * np.sqrt(n * r * q) - 4.6 * q) + 0.5
    xm = m + 0.5
    xl = xm - p1
    xr = xm + p1
    c = 0.134 + 20.5 / (15.3 + m)
    a = (fm - xl) / (fm - xl * r)
    laml = a * (1.0 + a / 2.0)
    a = (xr - fm) / (xr * q)
    lamr = a * (1.0 + a / 2.0)
    p2 = p1 * (1.0 + 2.0 * c)
    p3 = p2 + c / laml
    p4 = p3 + c / lamr
    nrq = n * r * q
    while True:
        # Step 10
        u = _next_double(mt) * p4
        v = _next_double(mt)
        y = 0
        if u <= p1:
            y = _to_int(np.floor(xm - p1 * v + u))
            break  # to Step 60
        if u <= p2:
            # Step 20
            x = xl + (u - p1) / c
            v = v * c + 1.0 - abs(m - x + 0.5) / p1
            if v > 1.0:
                continue
            y = _to_int(np.floor(x))
        elif u <= p3:
            # Step 30
            y = _to_int(np.floor(xl + _log(v) / laml)) if v != 0.0 else 0
            if y < 0 or v == 0.0:
                continue
            v = v * (u - p2) * laml
        else:
            # Step 40
            y = _to_int(np.floor(xr - _log(v) / lamr)) if v != 0.0 else 0
            if y > n or v == 0.0:
                continue
            v = v * (u - p3) * lamr
        # Step 50
        k = abs(y - m)
        if not (k > 20 and k < nrq / 2.0 - 1):
            s = r / q
            a = s * (n + 1)
            f = 1.0
            if m < y:
                for i in range(m + 1, y + 1):
                    f *= a / i - s
            elif m > y:
                for i in range(y + 1, m + 1):
                    f /= a / i - s
            if v > f:
                continue
            break
        # Step 52
        rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5)
        t = -k * k / (2 * nrq)
        big_a = _log(v)
        if big_a < t - rho:
            break
        if big_a > t + rho:
            continue
        x1 = y + 1.0
        f1 = m + 1.0
        z = n + 1.0 - m
        w = n - y + 1.0
        bound = (xm * _log(f1 / x1) + (n - m + 0.5) * _log(z / w) + (y - m) * _log(w * r / (x1 * q))
                 + _btpe_tail(f1, f1 * f1) + _btpe_tail(z, z * z) + _btpe_tail(x1, x1 * x1) + _btpe_tail(w, w * w))
        if big_a > bound:
            continue
        break
    # Step 60
    if p > 0.5:
        y = n - y
    return y


def _binomial_draw(mt, n, p):
    # legacy_random_binomial_original
    if p <= 0.5:
        if p * n <= 30.0:
            return _binomial_inversion(mt, n, p)
        return _binomial_btpe(mt, n, p)
    q = 1.0 - p
    if q * n <= 30.0:
        return n - _binomial_inversion(mt, n, q)
    return n - _binomial_btpe(mt, n, q)


def _hypergeometric_hyp(mt, good, bad, sample):
    d1 = bad + good - sample
    d2 = float(min(bad, good))
    y = d2
    k = sample
    while y > 0.0:
        u = _next_double(mt)
        y -= _to_int(np.floor(u + y / (d1 + k)))
        k -= 1
        if k == 0:
            break
    z = _to_int(d2 - y)
    if good > bad:
        z = sample - z
    return z


_D1 = 1.7155277699214135
_D2 = 0.8989161620588988


def _hypergeometric_hrua(mt, good, bad, sample):
    mingoodbad = min(good, bad)
    popsize = good + bad
    maxgoodbad = max(good, bad)
    m = min(sample, popsize - sample)
    d4 = float(mingoodbad) / popsize
    d5 = 1.0 - d4
    d6 = m * d4 + 0.5
    d7 = np.sqrt(float(popsize - m) * sample * d4 * d5 / (popsize - 1) + 0.5)
    d8 = _D1 * d7 + _D2
    d9 = _to_int(np.floor(float(m + 1) * (mingoodbad + 1) / (popsize + 2)))
    d10 = (_loggam(d9 + 1.0) + _loggam(mingoodbad - d9 + 1.0) + _loggam(m - d9 + 1.0)
           + _loggam(maxgoodbad - m + d9 + 1.0))
    d11 = min(min(m, mingoodbad) + 1.0, np.floor(d6 + 16 * d7))
    z = 0
    while True:
        x = _next_double(mt)
        y = _next_double(mt)
        w = d6 + _cdiv(d8 * (y - 0.5), x)
        if w < 0.0 or w >= d11:
            continue
        z = _to_int(np.floor(w))
        t = d10 - (_loggam(z + 1.0) + _loggam(mingoodbad - z + 1.0) + _loggam(m - z + 1.0)
                   + _loggam(maxgoodbad - m + z + 1.0))
        if x * (4.0 - x) - 3.0 <= t:
            break
        if x * (x - t) >= 1:
            continue
        if 2.0 * _log(x) <= t:
            break
    if good > bad:
        z = m - z
    if m < sample:
        z = good - z
    return z


def _hypergeometric_draw(mt, good, bad, sample):
    if sample > 10:
        return _hypergeometric_hrua(mt, good, bad, sample)
    if sample > 0:
        return _hypergeometric_hyp(mt, good, bad, sample)
    return 0


def _check_bounded_0_1(p, name):
    if not (p >= 0 and p <= 1):
        raise ValueError(name + " < 0, " + name + " > 1 or " + name + " is NaN")


@library("numpy.random.poisson")
def _poisson_typing(lam=1.0, size=None):
    kind = _real_args(size, lam)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def poisson(lam=1.0, size=None):
        lm = float(lam)
        _check_poisson(lm)
        if scalar:
            return _poisson_draw(_state(), lm)
        return _ifill1(_poisson_draw, size, lm)
    return poisson


@library("numpy.random.geometric")
def _geometric_typing(p, size=None):
    kind = _real_args(size, p)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def geometric(p, size=None):
        q = float(p)
        if not (q > 0 and q <= 1):
            raise ValueError("p <= 0, p > 1 or p contains NaNs")
        if scalar:
            return _geometric_draw(_state(), q)
        return _ifill1(_geometric_draw, size, q)
    return geometric


@library("numpy.random.negative_binomial")
def _negative_binomial_typing(n, p, size=None):
    kind = _real_args(size, n, p)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def negative_binomial(n, p, size=None):
        k = float(n)
        q = float(p)
        _check_positive(k, "n")
        _check_bounded_0_1(q, "p")
        if scalar:
            return _negative_binomial_draw(_state(), k, q)
        return _ifill2(_negative_binomial_draw, size, k, q)
    return negative_binomial


@library("numpy.random.logseries")
def _logseries_typing(p, size=None):
    kind = _real_args(size, p)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def logseries(p, size=None):
        q = float(p)
        if not (q >= 0 and q < 1):
            raise ValueError("p < 0, p >= 1 or p is NaN")
        if scalar:
            return _logseries_draw(_state(), q)
        return _ifill1(_logseries_draw, size, q)
    return logseries


@library("numpy.random.zipf")
def _zipf_typing(a, size=None):
    kind = _real_args(size, a)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def zipf(a, size=None):
        s = float(a)
        if not s > 1:
            raise ValueError("a <= 1 or a is NaN")
        if scalar:
            return _zipf_draw(_state(), s)
        return _ifill1(_zipf_draw, size, s)
    return zipf


@library("numpy.random.binomial")
def _binomial_typing(n, p, size=None):
    kind = _real_args(size, p)
    if kind is None or not _int_arg(n):
        return None
    scalar = kind == "scalar"

    def binomial(n, p, size=None):
        trials = int(n)
        q = float(p)
        _check_bounded_0_1(q, "p")
        if trials < 0:
            raise ValueError("n < 0")
        if scalar:
            return _binomial_draw(_state(), trials, q)
        return _ifill2(_binomial_draw, size, trials, q)
    return binomial


def _ifill3(draw, size, a, b, c):
    out = np.empty(size, np.int64)
    flat = out.reshape(-1)
    mt = _state()
    for i in range(flat.shape[0]):
        flat[i] = draw(mt, a, b, c)
    return out


@library("numpy.random.hypergeometric")
def _hypergeometric_typing(ngood, nbad, nsample, size=None):
    kind = _size_kind(size)
    if kind is None or not (_int_arg(ngood) and _int_arg(nbad) and _int_arg(nsample)):
        return None
    scalar = kind == "scalar"

    def hypergeometric(ngood, nbad, nsample, size=None):
        good = int(ngood)
        bad = int(nbad)
        sample = int(nsample)
        if good < 0:
            raise ValueError("ngood < 0")
        if bad < 0:
            raise ValueError("nbad < 0")
        if sample < 1:
            raise ValueError("nsample < 1")
        if good + bad < sample:
            raise ValueError("ngood + nbad < nsample")
        if scalar:
            return _hypergeometric_draw(_state(), good, bad, sample)
        return _ifill3(_hypergeometric_draw, size, good, bad, sample)
    return hypergeometric


# --- noncentral chi-square and F, Dirichlet, multinomial ------------------------------------

def _noncentral_chisquare_draw(mt, df, nonc):
    if nonc == 0:
        return _chisquare_draw(mt, df)
    if 1 < df:
        chi2 = _chisquare_draw(mt, df - 1)
        n = _gauss(mt) + np.sqrt(nonc)
        return chi2 + n * n
    i = _poisson_draw(mt, nonc / 2.0)
    out = _chisquare_draw(mt, df + 2 * i)
    if np.isnan(nonc):
        return math.nan
    return out


def _noncentral_f_draw(mt, dfnum, dfden, nonc):
    t = _noncentral_chisquare_draw(mt, dfnum, nonc) * dfden
    return _cdiv(t, _chisquare_draw(mt, dfden) * dfnum)


@library("numpy.random.noncentral_chisquare")
def _noncentral_chisquare_typing(df, nonc, size=None):
    kind = _real_args(size, df, nonc)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def noncentral_chisquare(df, nonc, size=None):
        k = float(df)
        lam = float(nonc)
        _check_positive(k, "df")
        _check_non_negative(lam, "nonc")
        if scalar:
            return _noncentral_chisquare_draw(_state(), k, lam)
        return _fill2(_noncentral_chisquare_draw, size, k, lam)
    return noncentral_chisquare


@library("numpy.random.noncentral_f")
def _noncentral_f_typing(dfnum, dfden, nonc, size=None):
    kind = _real_args(size, dfnum, dfden, nonc)
    if kind is None:
        return None
    scalar = kind == "scalar"

    def noncentral_f(dfnum, dfden, nonc, size=None):
        d1 = float(dfnum)
        d2 = float(dfden)
        lam = float(nonc)
        _check_positive(d1, "dfnum")
        _check_positive(d2, "dfden")
        _check_non_negative(lam, "nonc")
        if scalar:
            return _noncentral_f_draw(_state(), d1, d2, lam)
        return _fill3(_noncentral_f_draw, size, d1, d2, lam)
    return noncentral_f


def _float_vector(t):
    return isinstance(t, types.Array) and t.ndim == 1 and isinstance(t.dtype, (types.Float, types.Integer))


def _dirichlet_fill(alpha, out):
    k = alpha.shape[0]
    for j in range(k):
        if alpha[j] <= 0:
            raise ValueError("alpha <= 0")
    flat = out.reshape(-1)
    mt = _state()
    i = 0
    while i < flat.shape[0]:
        acc = 0.0
        for j in range(k):
            flat[i + j] = _standard_gamma(mt, float(alpha[j]))
            acc = acc + flat[i + j]
        invacc = _cdiv(1.0, acc)
        for j in range(k):
            flat[i + j] = flat[i + j] * invacc
        i = i + k
    return out


@library("numpy.random.dirichlet")
def _dirichlet(alpha, size=None):
    kind = _size_kind(size)
    if kind is None or not _float_vector(alpha):
        return None
    if kind == "scalar":
        def dirichlet_one(alpha, size=None):
            return _dirichlet_fill(alpha, np.zeros(alpha.shape[0], np.float64))
        return dirichlet_one
    if isinstance(size, types.BaseTuple):
        def dirichlet_tuple(alpha, size=None):
            return _dirichlet_fill(alpha, np.zeros(_shape_and(size, alpha.shape[0]), np.float64))
        return dirichlet_tuple

    def dirichlet(alpha, size=None):
        return _dirichlet_fill(alpha, np.zeros((size, alpha.shape[0]), np.float64))
    return dirichlet


def _cons(*items):
    return items


def _shape_and(size, d):
    # size + (d,) (compiled code has no `+` of tuples)
    return _cons(*size, d)


def _binomial_nonlegacy(mt, p, n):
    # random_binomial (multinomial calls it): 0 for n == 0 or p == 0 without a draw
    if n == 0 or p == 0.0:
        return 0
    return _binomial_draw(mt, n, p)


def _multinomial_fill(n, pvals, out):
    d = pvals.shape[0]
    for j in range(d):
        if not (pvals[j] >= 0 and pvals[j] <= 1):
            raise ValueError("pvals < 0, pvals > 1 or pvals contains NaNs")
    if d > 0:
        # NumPy's kahan_sum(pvals, d - 1) (pvals[0] when d - 1 is 0)
        s = float(pvals[0])
        c = 0.0
        for j in range(1, d - 1):
            y = pvals[j] - c
            t = s + y
            c = (t - s) - y
            s = t
        if s > 1.0 + 1e-12:
            raise ValueError("sum(pvals[:-1]) > 1.0")
    if n < 0:
        raise ValueError("n < 0")
    flat = out.reshape(-1)
    mt = _state()
    count = flat.shape[0] // d
    offset = 0
    for _ in range(count):
        remaining_p = 1.0
        dn = n
        for j in range(d - 1):
            v = _binomial_nonlegacy(mt, pvals[j] / remaining_p, dn)
            flat[offset + j] = v
            dn = dn - v
            if dn <= 0:
                break
            remaining_p -= pvals[j]
        if dn > 0:
            flat[offset + d - 1] = dn
        offset += d
    return out


@library("numpy.random.multinomial")
def _multinomial(n, pvals, size=None):
    kind = _size_kind(size)
    if kind is None or not _int_arg(n) or not (isinstance(pvals, types.Array) and pvals.ndim == 1
                                                and isinstance(pvals.dtype, types.Float)):
        return None
    if kind == "scalar":
        def multinomial_one(n, pvals, size=None):
            return _multinomial_fill(int(n), pvals, np.zeros(pvals.shape[0], np.int64))
        return multinomial_one
    if isinstance(size, types.BaseTuple):
        def multinomial_tuple(n, pvals, size=None):
            return _multinomial_fill(int(n), pvals, np.zeros(_shape_and(size, pvals.shape[0]), np.int64))
        return multinomial_tuple

    def multinomial(n, pvals, size=None):
        return _multinomial_fill(int(n), pvals, np.zeros((size, pvals.shape[0]), np.int64))
    return multinomial
