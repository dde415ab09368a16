"""`math` functions written in Python (see ``ferrojit._lib``): those the compiler does not
lower itself (``isclose gcd lcm isqrt factorial comb perm frexp modf ulp prod fsum dist``).
Each follows CPython 3.11's ``Modules/mathmodule.c`` case by case, so that results (bit
for bit, signed zeros and special values included) and errors (type and message) agree
with CPython's: ``isclose`` is ``math_isclose_impl``, ``frexp`` and ``modf`` keep
``math_frexp``'s and ``math_modf``'s special cases, ``fsum`` is ``math_fsum`` (Shewchuk's
partials with the final half-way correction), ``dist`` is ``math_dist_impl`` over 3.11's
``vector_norm`` (the compensated, scaled sum of squares with its correction step).

Integers are int64 in compiled code (docs/supported.md). Where CPython's integer result
does not fit (``factorial(21)``, ``comb(100, 50)``, ``gcd(-2**63)``, ``lcm`` and ``prod``
of large ints), these raise ``OverflowError("<name>() result does not fit in 64 bits
(compiled integers are int64)")`` rather than wrap around, and every result that fits is
computed exactly, without intermediate overflow. A ``uint64`` argument above ``2**63 - 1``
is an ``OverflowError`` too (``... argument does not fit in 64 bits ...``).

``prod`` multiplies as CPython's loop does: ints exactly, floats in order; an array's
items with NumPy's arithmetic (its types, integers wrapping around), as CPython's
``prod`` of an array does. Differences: the result of an empty list of floats is
``float(start)`` (CPython: ``start``), a ``bool`` start gives an int, and in a tuple of
ints and floats an int product beyond int64 before the first float raises."""

import math

import numpy as np

from .. import types
from ..extending import library, overload

_INT64_MAX = 9223372036854775807
_INT64_MIN = -9223372036854775808
_T27 = 134217729.0  # 2**27 + 1: Veltkamp's splitting constant
_TWO_52 = 4503599627370496.0  # 2.0**52: every float at least this large is an integer


def _is_int(t):
    return isinstance(t, (types.Integer, types.Boolean))


def _is_real(t):
    # what CPython's math functions convert with PyFloat_AsDouble: ints, bools, floats
    return isinstance(t, (types.Integer, types.Boolean, types.Float))


def _is_none(t):
    return t is None or isinstance(t, types.NoneType)


def _is_real_seq(t):
    # a list, a 1-D array or a tuple of real numbers
    if isinstance(t, types.List):
        return _is_real(t.dtype)
    if isinstance(t, types.Array):
        return t.ndim == 1 and _is_real(t.dtype)
    if isinstance(t, types.BaseTuple):
        return all(_is_real(i) for i in t.types)
    return False


def _too_large(name):
    # the message of the OverflowError where CPython's result needs more than 64 bits
    return name + "() result does not fit in 64 bits (compiled integers are int64)"


# --- int64 helpers ------------------------------------------------------------------

def _neg_abs(x):
    # -|x|, which every int64 has (|x| itself does not exist for -2**63)
    if x > 0:
        return -x
    return x


def _neg_gcd(a, b):
    # -gcd(|a|, |b|) of a, b <= 0, by Euclid's algorithm on non-positive numbers: the
    # floored a % b of a <= 0 and b < 0 lies in (b, 0], so every value stays in int64
    while b != 0:
        a, b = b, a % b
    return a


def _mul_fits(a, b):
    # whether a * b fits in int64 (the product is only formed once it does)
    if a == 0 or b == 0:
        return True
    if a > 0:
        if b > 0:
            return a <= _INT64_MAX // b
        return b >= (_INT64_MIN + a - 1) // a  # b >= ceil(INT64_MIN / a)
    if b > 0:
        return a >= (_INT64_MIN + b - 1) // b
    if a == _INT64_MIN or b == _INT64_MIN:
        return False  # a positive product of at least 2**63
    return -a <= _INT64_MAX // -b


def _as_int64(x, name):
    """An integer argument of ``name`` as an int64 (compiled: an overload per type). A
    uint64 above 2**63 - 1 raises OverflowError, where ``int(x)`` would wrap around."""


@overload(_as_int64)
def _as_int64_typing(x, name):
    if isinstance(x, types.Integer) and x.signed is False and x.bitwidth == 64:
        def as_int64_unsigned(x, name):
            if x > _INT64_MAX:
                raise OverflowError(name + "() argument does not fit in 64 bits (compiled integers are int64)")
            return int(x)
        return as_int64_unsigned
    if _is_int(x):
        def as_int64(x, name):
            return int(x)
        return as_int64
    return None


def _tuple_tail(first, *rest):
    return rest


def _int64_items(t, name):
    """The items of tuple ``t`` (ints of any types) as an int64 array, each converted by
    ``_as_int64`` for its own type (a loop over the tuple would first unify the types)."""


def _fill_int64(out, i, t, name):
    """``out[i:] = t`` converted (compiled: one overload per tuple type)."""


@overload(_int64_items)
def _int64_items_typing(t, name):
    if not (isinstance(t, types.BaseTuple) and all(_is_int(i) for i in t.types)):
        return None

    def int64_items(t, name):
        out = np.empty(len(t), np.int64)
        _fill_int64(out, 0, t, name)
        return out
    return int64_items


@overload(_fill_int64)
def _fill_int64_typing(out, i, t, name):
    if not isinstance(t, types.BaseTuple):
        return None
    if len(t.types) == 0:
        def fill_done(out, i, t, name):
            return 0
        return fill_done

    def fill(out, i, t, name):
        out[i] = _as_int64(t[0], name)
        return _fill_int64(out, i + 1, _tuple_tail(*t), name)
    return fill


# --- float helpers ------------------------------------------------------------------

def _frexp(x):
    # frexp of a finite x != 0: (m, e) with 0.5 <= |m| < 1 and x == m * 2**e. log2 gives
    # the exponent to within one (it rounds up to k just below 2**k; the other way only
    # for a libm whose log2 is not exact at powers of two); ldexp by it is exact (the
    # result is a normal float) and the fix-ups are by powers of two.
    e = math.floor(math.log2(abs(x))) + 1
    m = math.ldexp(x, -e)
    while abs(m) >= 1.0:
        m *= 0.5
        e += 1
    while abs(m) < 0.5:
        m *= 2.0
        e -= 1
    return m, e


def _to_floats(seq):
    # the items of a list, 1-D array or tuple as float64, as PyFloat_AsDouble converts them
    out = np.empty(len(seq))
    i = 0
    for v in seq:
        out[i] = float(v)
        i += 1
    return out


# --- isclose ------------------------------------------------------------------------

@library("math.isclose")
def _isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0):
    if not (_is_real(a) and _is_real(b)):
        return None
    if not (isinstance(rel_tol, float) or _is_real(rel_tol)):
        return None
    if not (isinstance(abs_tol, float) or _is_real(abs_tol)):
        return None

    def isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0):
        a = float(a)
        b = float(b)
        rel_tol = float(rel_tol)
        abs_tol = float(abs_tol)
        if rel_tol < 0.0 or abs_tol < 0.0:
            raise ValueError("tolerances must be non-negative")
        if a == b:
            return True  # also catches two infinities of the same sign
        if math.isinf(a) or math.isinf(b):
            return False  # an infinity is close only to itself
        diff = abs(b - a)
        return diff <= abs(rel_tol * b) or diff <= abs(rel_tol * a) or diff <= abs_tol

    return isclose


# --- gcd, lcm -----------------------------------------------------------------------

@library("math.gcd")
def _gcd(*integers):
    if not all(_is_int(t) for t in integers):
        return None  # CPython: TypeError ('float' object cannot be interpreted as an integer)

    def gcd(*integers):
        # gcd() == 0, gcd(x) == |x|, gcd(0, x) == |x|: one loop from 0. The running
        # gcd is kept negated, so that gcd(-2**63, 6) never forms 2**63.
        g = 0
        for x in _int64_items(integers, "gcd"):
            g = _neg_gcd(g, _neg_abs(x))
        if g == _INT64_MIN:
            raise OverflowError(_too_large("gcd"))
        return -g

    return gcd


@library("math.lcm")
def _lcm(*integers):
    if not all(_is_int(t) for t in integers):
        return None

    def lcm(*integers):
        # A zero argument makes the result 0 (CPython goes on with the others, each
        # step giving 0): checked first, so that no step before it can overflow. The
        # other steps only grow the result: one that overflows means the result does.
        xs = _int64_items(integers, "lcm")
        for x in xs:
            if x == 0:
                return 0
        r = 1
        for x in xs:
            m = _neg_abs(x)  # -|x| < 0
            f = r // -_neg_gcd(-r, m)  # r / gcd(r, |x|), exact
            if m == _INT64_MIN or f > _INT64_MAX // -m:
                raise OverflowError(_too_large("lcm"))
            r = f * -m
        return r

    return lcm


# --- isqrt, factorial, comb, perm ---------------------------------------------------

@library("math.isqrt")
def _isqrt(n):
    if not _is_int(n):
        return None

    def isqrt(n):
        n = _as_int64(n, "isqrt")
        if n < 0:
            raise ValueError("isqrt() argument must be nonnegative")
        if n == 0:
            return 0
        # float(n) and the square root each round: r is within one of the floor of the
        # exact root (r >= 1); one too large when float(n) rounds up past a square (n =
        # k*k - 1), and checked both ways. The checks divide, which cannot overflow.
        r = int(math.sqrt(float(n)))
        while r > n // r:  # r * r > n
            r -= 1
        while r + 1 <= n // (r + 1):  # (r + 1)**2 <= n
            r += 1
        return r

    return isqrt


def _factorial(n, name):
    # n! (``name`` is the function called, for the OverflowError)
    if n < 0:
        raise ValueError("factorial() not defined for negative values")
    if n > 20:
        raise OverflowError(_too_large(name))  # 21! > 2**63
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r


@library("math.factorial")
def _factorial_typing(n):
    if not _is_int(n):
        return None  # CPython 3.10+: TypeError for floats

    def factorial(n):
        return _factorial(_as_int64(n, "factorial"), "factorial")

    return factorial


def _pos_gcd(a, b):
    # gcd of a, b > 0
    while b != 0:
        a, b = b, a % b
    return a


@library("math.comb")
def _comb(n, k):
    if not (_is_int(n) and _is_int(k)):
        return None

    def comb(n, k):
        n = _as_int64(n, "comb")
        k = _as_int64(k, "comb")
        if n < 0:
            raise ValueError("n must be a non-negative integer")
        if k < 0:
            raise ValueError("k must be a non-negative integer")
        if k > n:
            return 0
        k = min(k, n - k)
        # r == comb(n, i) after i steps; comb(n, i + 1) == r * (n - i) / (i + 1), formed
        # as (r / g) * ((n - i) / ((i + 1) / g)) with g = gcd(r, i + 1): both divisions
        # are exact ((i + 1) / g is prime to r / g, so it divides n - i), and the product
        # is comb(n, i + 1) itself. comb(n, i) grows with i up to n / 2 >= k: a step that
        # overflows means the result does.
        r = 1
        for i in range(k):
            g = _pos_gcd(r, i + 1)
            q = (n - i) // ((i + 1) // g)
            f = r // g
            if f > _INT64_MAX // q:
                raise OverflowError(_too_large("comb"))
            r = f * q
        return r

    return comb


@library("math.perm")
def _perm(n, k=None):
    if not _is_int(n):
        return None
    if _is_none(k):
        def perm_all(n, k=None):
            return _factorial(_as_int64(n, "perm"), "perm")  # CPython: math_factorial(n), with its messages
        return perm_all
    if not _is_int(k):
        return None

    def perm(n, k=None):
        n = _as_int64(n, "perm")
        k = _as_int64(k, "perm")
        if n < 0:
            raise ValueError("n must be a non-negative integer")
        if k < 0:
            raise ValueError("k must be a non-negative integer")
        if k > n:
            return 0
        # n * (n - 1) * ... * (n - k + 1): every factor is at least 1, so the product
        # only grows (an overflowing step means the result overflows), and it does
        # within 64 steps unless the result fits.
        r = 1
        for i in range(k):
            f = n - i
            if r > _INT64_MAX // f:
                raise OverflowError(_too_large("perm"))
            r *= f
        return r

    return perm


# --- frexp, modf, ulp ---------------------------------------------------------------

@library("math.frexp")
def _frexp_typing(x):
    if not _is_real(x):
        return None

    def frexp(x):
        x = float(x)
        # CPython deals with the special cases directly: (x, 0) for 0, inf and nan
        if x != x or math.isinf(x) or x == 0.0:
            return x, 0
        return _frexp(x)

    return frexp


@library("math.modf")
def _modf(x):
    if not _is_real(x):
        return None

    def modf(x):
        x = float(x)
        if math.isinf(x):
            return math.copysign(0.0, x), x
        if x != x:
            return x, x
        # C's modf: both parts carry x's sign (modf(-3.0) == (-0.0, -3.0)). Below 2**52
        # the integral part fits in int64 and x - whole is exact; above, x is integral.
        if abs(x) >= _TWO_52:
            return math.copysign(0.0, x), x
        whole = math.copysign(float(math.trunc(x)), x)
        return math.copysign(x - whole, x), whole

    return modf


@library("math.ulp")
def _ulp(x):
    if not _is_real(x):
        return None

    def ulp(x):
        x = float(x)
        if x != x:
            return x
        x = abs(x)
        if math.isinf(x):
            return x
        x2 = math.nextafter(x, math.inf)
        if math.isinf(x2):
            # x is the largest finite float: the step below it
            return x - math.nextafter(x, -math.inf)
        return x2 - x

    return ulp


# --- prod ---------------------------------------------------------------------------

def _prod_int(items, start):
    # CPython's product of ints, exact whenever the result fits in int64. A zero anywhere
    # makes it 0 (whatever came before). Otherwise its magnitude only grows: it is kept
    # negated (-2**63 fits) with the sign apart, and a step beyond 2**63 means that the
    # result is beyond too.
    start = _as_int64(start, "prod")
    if start == 0:
        return 0
    for x in items:
        if x == 0:
            return 0
    negative = start < 0
    m = _neg_abs(start)  # -|product so far|
    for x in items:
        x = _as_int64(x, "prod")
        if x < 0:
            negative = not negative
        a = _neg_abs(x)
        if a == _INT64_MIN:  # |x| == 2**63: fits only times 1
            if m != -1:
                raise OverflowError(_too_large("prod"))
            m = _INT64_MIN
        elif _mul_fits(m, -a):
            m = m * -a
        else:
            raise OverflowError(_too_large("prod"))
    if negative:
        return m
    if m == _INT64_MIN:
        raise OverflowError(_too_large("prod"))
    return -m


def _mul_checked(a, b):
    # CPython's int product, which must fit in int64 here
    if not _mul_fits(a, b):
        raise OverflowError(_too_large("prod"))
    return a * b


def _prod_items(r, t):
    """``r`` times the items of tuple ``t`` in order, as CPython's loop multiplies them:
    an int times an int checked, a float from the first float on (compiled: an overload
    per tuple type, one item at a time)."""


@overload(_prod_items)
def _prod_items_typing(r, t):
    if not isinstance(t, types.BaseTuple):
        return None
    if len(t.types) == 0:
        def prod_done(r, t):
            return r
        return prod_done
    if _is_int(r) and _is_int(t.types[0]):
        def prod_int(r, t):
            return _prod_items(_mul_checked(_as_int64(r, "prod"), _as_int64(t[0], "prod")), _tuple_tail(*t))
        return prod_int

    def prod_float(r, t):
        return _prod_items(r * t[0], _tuple_tail(*t))
    return prod_float


@library("math.prod")
def _prod(iterable, *, start=1):
    if not (isinstance(start, (int, float)) or _is_real(start)):
        return None
    if not _is_real_seq(iterable):
        return None
    int_start = isinstance(start, int) or _is_int(start)
    if isinstance(iterable, types.Array):
        # an array's items are NumPy scalars: NumPy's arithmetic (start * item in
        # NumPy's result type, integers wrapping around as NumPy's do)
        def prod_array(iterable, *, start=1):
            r = start * np.ones(1, iterable.dtype)[0]
            for x in iterable:
                r = r * x
            return r
        return prod_array
    if isinstance(iterable, types.BaseTuple):
        item_types = iterable.types
    else:
        item_types = [iterable.dtype]
    if int_start and all(_is_int(t) for t in item_types):
        # ints only (a list, or a tuple of ints and bools): exact, or OverflowError
        if isinstance(iterable, types.BaseTuple):
            def prod_int_tuple(iterable, *, start=1):
                return _prod_int(_int64_items(iterable, "prod"), start)
            return prod_int_tuple

        def prod_int(iterable, *, start=1):
            return _prod_int(iterable, start)
        return prod_int
    if isinstance(iterable, types.BaseTuple):
        # ints and floats: each product as CPython makes it (an int product that
        # overflows before the first float raises, where CPython's is a big int)
        def prod_tuple(iterable, *, start=1):
            return _prod_items(start, iterable)
        return prod_tuple

    def prod_float(iterable, *, start=1):
        # a float from the first product on (CPython: int * float converts the int);
        # an empty list gives float(start) where CPython returns start itself
        r = float(start)
        for x in iterable:
            r = r * x
        return r
    return prod_float


# --- fsum ---------------------------------------------------------------------------

@library("math.fsum")
def _fsum(seq):
    if not _is_real_seq(seq):
        return None

    def fsum(seq):
        # Shewchuk's algorithm as math_fsum: p[:n] holds non-overlapping partials in
        # increasing magnitude whose exact sum is the exact sum of the items so far.
        p = [0.0]
        n = 0
        special_sum = 0.0
        inf_sum = 0.0
        for item in seq:
            x = float(item)
            xsave = x
            i = 0
            for j in range(n):  # for y in partials
                y = p[j]
                if abs(x) < abs(y):
                    x, y = y, x
                hi = x + y
                yr = hi - x
                lo = y - yr
                if lo != 0.0:
                    p[i] = lo
                    i += 1
                x = hi
            n = i  # p[i:] = [x]
            if x != 0.0:
                if not math.isfinite(x):
                    # a non-finite x comes from an overflow or from an inf or nan item
                    if math.isfinite(xsave):
                        raise OverflowError("intermediate overflow in fsum")
                    if math.isinf(xsave):
                        inf_sum += xsave
                    special_sum += xsave
                    n = 0  # reset partials
                else:
                    if n == len(p):
                        p.append(x)
                    else:
                        p[n] = x
                    n += 1
        if special_sum != 0.0:  # (a nan too)
            if inf_sum != inf_sum:
                raise ValueError("-inf + inf in fsum")
            return special_sum
        hi = 0.0
        if n > 0:
            n -= 1
            hi = p[n]
            lo = 0.0
            # sum_exact(ps, hi) from the top, stop when the sum becomes inexact
            while n > 0:
                x = hi
                n -= 1
                y = p[n]
                hi = x + y
                yr = hi - x
                lo = y - yr
                if lo != 0.0:
                    break
            # Half-even rounding across partials: sum([1e-16, 1, 1e16]) rounds the
            # last digit up, the 1e-16 making the 1 slightly closer to two.
            if n > 0 and ((lo < 0.0 and p[n - 1] < 0.0) or (lo > 0.0 and p[n - 1] > 0.0)):
                y = lo * 2.0
                x = hi + y
                yr = x - hi
                if y == yr:
                    hi = x
        return hi

    return fsum


# --- dist ---------------------------------------------------------------------------

def _vector_norm(vec, n, mx, found_nan):
    # CPython 3.11's vector_norm of vec[:n] >= 0 (finite unless mx is inf or found_nan),
    # mx their maximum: sqrt of the sum of squares of vec / 2**max_e, each square split
    # in Veltkamp's hi and lo parts and summed with compensation (frac1..3) around 1.0,
    # then one differential correction of the root.
    if math.isinf(mx):
        return mx
    if found_nan:
        return math.nan
    if mx == 0.0 or n <= 1:
        return mx
    _, max_e = _frexp(mx)
    if max_e < -1023:
        # ldexp(1.0, -max_e) would overflow (mx is below 2**-1024): CPython 3.11 divides
        # by mx instead, with a single compensated sum of the squares.
        csum = 1.0
        frac1 = 0.0
        for i in range(n):
            x = vec[i] / mx
            x = x * x
            oldcsum = csum
            csum += x
            frac1 += (oldcsum - csum) + x
        return mx * math.sqrt(csum - 1.0 + frac1)
    scale = math.ldexp(1.0, -max_e)
    csum = 1.0
    frac1 = 0.0
    frac2 = 0.0
    frac3 = 0.0
    for i in range(n):
        x = vec[i]
        x *= scale
        t = x * _T27
        hi = t - (t - x)
        lo = x - hi
        x = hi * hi
        oldcsum = csum
        csum += x
        frac1 += (oldcsum - csum) + x
        x = 2.0 * hi * lo
        oldcsum = csum
        csum += x
        frac2 += (oldcsum - csum) + x
        frac3 += lo * lo
    h = math.sqrt(csum - 1.0 + (frac1 + frac2 + frac3))
    x = h
    t = x * _T27
    hi = t - (t - x)
    lo = x - hi
    x = -hi * hi
    oldcsum = csum
    csum += x
    frac1 += (oldcsum - csum) + x
    x = -2.0 * hi * lo
    oldcsum = csum
    csum += x
    frac2 += (oldcsum - csum) + x
    x = -lo * lo
    oldcsum = csum
    csum += x
    frac3 += (oldcsum - csum) + x
    x = csum - 1.0 + (frac1 + frac2 + frac3)
    return (h + x / (2.0 * h)) / scale


def _norm(coords):
    # vector_norm of a 1-D array of absolute values: their maximum and NaN-ness first
    mx = 0.0
    found_nan = False
    for x in coords:
        if x != x:
            found_nan = True
        if x > mx:
            mx = x
    return _vector_norm(coords, coords.shape[0], mx, found_nan)


@library("math.dist")
def _dist(p, q):
    if not (_is_real_seq(p) and _is_real_seq(q)):
        return None

    def dist(p, q):
        ps = _to_floats(p)
        qs = _to_floats(q)
        n = len(ps)
        if n != len(qs):
            raise ValueError("both points must have the same number of dimensions")
        diffs = np.empty(n)
        for i in range(n):
            diffs[i] = abs(ps[i] - qs[i])
        return _norm(diffs)

    return dist


@library("math.hypot")
def _hypot(*coordinates):
    # (two coordinates are the compiler's: CPython's correctly rounded two-argument case,
    # crates/runtime math.rs; any other count comes here, as CPython's math_hypot)
    if not all(_is_real(t) for t in coordinates):
        return None

    def hypot(*coordinates):
        coords = np.empty(len(coordinates))
        i = 0
        for c in coordinates:
            coords[i] = abs(float(c))
            i += 1
        return _norm(coords)

    return hypot
