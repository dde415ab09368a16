"""The `math` functions written in Python (python/ferrojit/_lib/math_functions.py):
isclose, gcd, lcm, isqrt, factorial, comb, perm, frexp, modf, ulp, prod, fsum, dist,
against CPython on many inputs. Values are compared bit for bit (signed zeros included),
exceptions by type and message. The one deliberate difference: where CPython's integer
result needs more than 64 bits, compiled code raises OverflowError with its own message
(checked here, together with the size of CPython's result)."""

import math
import struct

import numpy as np
import pytest
from hypothesis import given, strategies as st

from conftest import INT64_MAX, INT64_MIN, assert_same, examples, floats_all, jitted, pure, run_exact_exceptions


def too_large(name):
    return f"{name}() result does not fit in 64 bits (compiled integers are int64)"


def same(fn, *args):
    """CPython's result or exception (type and message), bit for bit; returns ferrojit's
    result, or the exception raised by both."""
    expected, got, exc, call = run_exact_exceptions(fn, *args)
    if exc is not None:
        return exc
    assert_same(got, expected, what=f"{call}: ")
    return got


def fits(v):
    return INT64_MIN <= v <= INT64_MAX


def same_int(fn, name, *args, expected=None):
    """An integer function: CPython's value (or exception) when its result fits in int64,
    else compiled code's OverflowError. ``expected`` stands in for CPython's result where
    computing it would take too long (a number known to be at least 2**63). Returns
    "overflow", "error" or "value", for the callers' counts."""
    if expected is None:
        try:
            expected = pure(fn)(*args)
        except Exception:  # noqa: BLE001 - the messages are compared below
            same(fn, *args)
            return "error"
    if isinstance(expected, int) and not fits(expected):
        with pytest.raises(OverflowError) as e:
            jitted(fn)(*args)
        assert str(e.value) == too_large(name), (fn.__name__, args)
        return "overflow"
    same(fn, *args)
    return "value"


def bits(x):
    return struct.pack("<d", x)


int64_all = st.integers(INT64_MIN, INT64_MAX)
EDGE_INTS = [0, 1, -1, 2, -2, 3, -3, 6, 12, -18, 2**31, 2**32 + 1, 3037000499, 3037000500,
             2**62, -(2**62), 2**62 + 1, INT64_MAX, INT64_MIN, INT64_MIN + 1, 10**18, -(10**18)]
SUBNORMAL = 5e-324
EDGE_FLOATS = [0.0, -0.0, SUBNORMAL, -SUBNORMAL, 1e-323, 2.2250738585072014e-308,
               2.225073858507201e-308, -2.2250738585072014e-308, 1e-310, 0.5, -0.5, 1.0, -1.0,
               1.5, -2.5, 3.0, -3.0, 0.1, 1e-16, 1e16, 2.0**52, 2.0**52 + 1, -(2.0**52) - 1,
               2.0**52 - 0.5, 2.0**53, 2.0**63, -(2.0**63), 2.0**64, 1e300, 1e308, -1e308,
               1.7976931348623157e308, -1.7976931348623157e308, math.inf, -math.inf, math.nan]


# --- isclose ------------------------------------------------------------------------

def isclose(a, b):
    return math.isclose(a, b)


def isclose_rel(a, b, r):
    return math.isclose(a, b, rel_tol=r)


def isclose_abs(a, b, t):
    return math.isclose(a, b, abs_tol=t)


def isclose_both(a, b, r, t):
    return math.isclose(a, b, rel_tol=r, abs_tol=t)


TOLERANCES = [0.0, 1e-9, 1e-15, 0.1, 1.0, 2.0, math.inf, math.nan, -0.0, -1e-300, -1.0, -math.inf]


@pytest.mark.parametrize("a", EDGE_FLOATS[::2] + [1.0 + 1e-9, 1.0 - 1e-10, 1e-300])
def test_isclose_edge_values(a):
    for b in EDGE_FLOATS + [1.0 + 1e-9, 1.0 - 1e-10, 1e-300]:
        same(isclose, a, b)
    for t in TOLERANCES:
        same(isclose_rel, a, 1.0, t)
        same(isclose_abs, a, 0.0, t)
        same(isclose_both, a, -a, t, 0.5)


def test_isclose_ints_bools_and_errors():
    for a, b in [(1, 1), (1, 2), (10**15, 10**15 + 1), (INT64_MAX, 2.0**63), (True, 1.0), (False, -0.0),
                 (3, 3.0000000001), (-5, 5)]:
        same(isclose, a, b)
    assert same(isclose, 3, 3.0000000001) is True
    assert same(isclose, 3, 3.1) is False
    # tolerances: ints, negative ones raise ValueError('tolerances must be non-negative')
    e = same(isclose_both, 1.0, 2.0, -1, 0)
    assert isinstance(e, ValueError) and str(e) == "tolerances must be non-negative"
    assert isinstance(same(isclose_abs, 1.0, 1.0, -1e-300), ValueError)  # even for equal values
    assert same(isclose_both, 1, 2, 1, 0) is True
    assert same(isclose_abs, 1.0, 2.0, True) is True
    assert same(isclose_rel, math.inf, math.inf, math.nan) is True


@examples(150)
@given(floats_all, floats_all, st.sampled_from(TOLERANCES) | floats_all, st.sampled_from(TOLERANCES))
def test_isclose_matches_cpython(a, b, r, t):
    same(isclose, a, b)
    same(isclose_both, a, b, r, t)
    same(isclose_rel, a, a * (1.0 + r), r)


# --- gcd, lcm -----------------------------------------------------------------------

def gcd0():
    return math.gcd()


def gcd1(a):
    return math.gcd(a)


def gcd2(a, b):
    return math.gcd(a, b)


def gcd3(a, b, c):
    return math.gcd(a, b, c)


def gcd4(a, b, c, d):
    return math.gcd(a, b, c, d)


def lcm0():
    return math.lcm()


def lcm1(a):
    return math.lcm(a)


def lcm2(a, b):
    return math.lcm(a, b)


def lcm3(a, b, c):
    return math.lcm(a, b, c)


def lcm4(a, b, c, d):
    return math.lcm(a, b, c, d)


GCDS = {1: gcd1, 2: gcd2, 3: gcd3, 4: gcd4}
LCMS = {1: lcm1, 2: lcm2, 3: lcm3, 4: lcm4}


def test_gcd_lcm_of_no_argument():
    assert same(gcd0) == 0
    assert same(lcm0) == 1


def test_gcd_lcm_edge_values():
    counts = {"value": 0, "overflow": 0, "error": 0}
    for a in EDGE_INTS:
        counts[same_int(gcd1, "gcd", a)] += 1
        counts[same_int(lcm1, "lcm", a)] += 1
        for b in EDGE_INTS:
            counts[same_int(gcd2, "gcd", a, b)] += 1
            counts[same_int(lcm2, "lcm", a, b)] += 1
            counts[same_int(gcd3, "gcd", a, b, 0)] += 1
            counts[same_int(lcm3, "lcm", a, b, 6)] += 1
    # gcd(-2**63, 0) and lcm(2**62, 3) need 64 bits; gcd(-2**63, 0, 6) and lcm(2**62, 3, 0) do not
    assert same_int(gcd1, "gcd", INT64_MIN) == "overflow"
    assert same_int(gcd3, "gcd", INT64_MIN, 0, 6) == "value"
    assert same_int(gcd3, "gcd", INT64_MIN, INT64_MIN, 0) == "overflow"
    assert same_int(lcm2, "lcm", 2**62, 3) == "overflow"
    assert same_int(lcm3, "lcm", 2**62, 3, 0) == "value"
    assert same_int(lcm2, "lcm", INT64_MIN, 2) == "overflow"
    assert same_int(lcm2, "lcm", 2**62, -(2**61)) == "value"
    assert same(gcd4, True, 4, 6, 8) == 1 and same(lcm4, 2, 3, True, -5) == 30
    assert same(gcd2, -4, -6) == 2 and same(lcm2, -4, -6) == 12
    assert counts["value"] > 1000 and counts["overflow"] > 50


@examples(200)
@given(st.lists(int64_all | st.integers(-100, 100) | st.sampled_from(EDGE_INTS), min_size=1, max_size=4),
       st.integers(1, 2**20))
def test_gcd_lcm_match_cpython(xs, f):
    same_int(GCDS[len(xs)], "gcd", *xs)
    same_int(LCMS[len(xs)], "lcm", *xs)
    # with common factors, and small enough for the lcm to fit
    ys = [(x % 1000) * f for x in xs]
    same_int(GCDS[len(ys)], "gcd", *ys)
    same_int(LCMS[len(ys)], "lcm", *ys)


# --- isqrt --------------------------------------------------------------------------

def isqrt(n):
    return math.isqrt(n)


def test_isqrt_is_exact_near_squares_and_at_the_top():
    ns = [0, 1, 2, 3, 4, 5, 8, 9, 10, True, False, INT64_MAX, INT64_MAX - 1]
    for r in [1, 2, 3, 94906265, 94906266, 2**26 + 1, 2**31 - 1, 2**31, 3037000498, 3037000499]:
        ns += [r * r - 1, r * r, r * r + 1]
    for e in range(1, 63):
        ns += [2**e - 1, 2**e, 2**e + 1]
    for n in ns:
        assert same(isqrt, n) == math.isqrt(n)
    assert same(isqrt, INT64_MAX) == 3037000499
    for n in [-1, -2, INT64_MIN, False - 1]:
        e = same(isqrt, n)
        assert isinstance(e, ValueError) and str(e) == "isqrt() argument must be nonnegative"


@examples(300)
@given(st.integers(0, INT64_MAX) | st.integers(0, 2**53) | st.integers(-5, 10**6))
def test_isqrt_matches_cpython(n):
    same(isqrt, n)
    r = math.isqrt(abs(n))
    if r * r > 0:
        same(isqrt, r * r - 1)


# --- factorial, comb, perm ----------------------------------------------------------

def factorial(n):
    return math.factorial(n)


def comb(n, k):
    return math.comb(n, k)


def perm(n, k):
    return math.perm(n, k)


def perm_all(n):
    return math.perm(n)


def perm_none(n):
    return math.perm(n, None)


def test_factorial():
    assert [same_int(factorial, "factorial", n) for n in range(21)] == ["value"] * 21
    assert same(factorial, 20) == 2432902008176640000
    for n in [21, 22, 100, 1000]:
        assert same_int(factorial, "factorial", n) == "overflow"
    for n in [2**62, INT64_MAX]:  # CPython's value would take ages: n! >= 21! > 2**63
        assert same_int(factorial, "factorial", n, expected=math.factorial(21)) == "overflow"
    for n in [-1, -2, INT64_MIN]:
        e = same(factorial, n)
        assert isinstance(e, ValueError) and str(e) == "factorial() not defined for negative values"
    assert same(factorial, True) == 1 and same(factorial, False) == 1


def test_comb_perm_grid():
    counts = {"value": 0, "overflow": 0, "error": 0}
    for n in range(-2, 70):
        for k in range(-2, 72):
            counts[same_int(comb, "comb", n, k)] += 1
            counts[same_int(perm, "perm", n, k)] += 1
        counts[same_int(perm_all, "perm", n)] += 1
        counts[same_int(perm_none, "perm", n)] += 1
    assert counts["value"] > 5000 and counts["overflow"] > 1000 and counts["error"] > 500
    # the largest results that fit
    assert same(comb, 66, 33) == math.comb(66, 33)
    for n in (67, 68, 100, 1000):
        k = max(k for k in range(n // 2 + 1) if math.comb(n, k) <= INT64_MAX)
        assert same(comb, n, k) == math.comb(n, k) and same(comb, n, n - k) == math.comb(n, k)
        assert same_int(comb, "comb", n, k + 1) == "overflow"
    assert same(perm, 20, 20) == math.factorial(20)
    assert same_int(perm, "perm", 21, 21) == "overflow"
    assert same(perm, 2**32, 1) == 2**32 and same_int(perm, "perm", 2**32, 2) == "overflow"
    for f, n, k, what in [(comb, -1, 2, "n"), (comb, -1, -1, "n"), (comb, 3, -1, "k"), (comb, 0, INT64_MIN, "k"),
                          (perm, INT64_MIN, 1, "n"), (perm, 5, -3, "k")]:
        e = same(f, n, k)
        assert isinstance(e, ValueError) and str(e) == f"{what} must be a non-negative integer"
    for f in (perm_all, perm_none):
        e = same(f, -1)
        assert isinstance(e, ValueError) and str(e) == "factorial() not defined for negative values"
    assert same(comb, 5, 6) == 0 and same(perm, 5, 6) == 0 and same(comb, 0, INT64_MAX) == 0
    assert same(comb, True, True) == 1 and same(perm, 7, False) == 1


def test_comb_perm_of_large_n():
    counts = {"value": 0, "overflow": 0, "error": 0}
    for n in [INT64_MAX, INT64_MAX - 1, 2**62, 2**62 + 1, 3037000500, 3037000499, 4294967296, 2097152, 2097151,
              55108, 55109, 2642245, 2642246, 10**6]:
        for k in [0, 1, 2, 3, 4, 5, 6, 7, n - 3, n - 2, n - 1, n, n + 1]:
            if not fits(k):
                continue
            counts[same_int(comb, "comb", n, k)] += 1
            if k <= 7 or k > n:
                counts[same_int(perm, "perm", n, k)] += 1
        # comb(n, k) with k and n - k both >= 64 is >= comb(128, 64) > 2**64 (too long
        # for CPython to compute here); perm(n, k) >= k! for k >= 64 likewise
        for k in [64, 1000, n // 2, n - 64]:
            assert min(k, n - k) >= 64
            counts[same_int(comb, "comb", n, k, expected=math.comb(128, 64))] += 1
            counts[same_int(perm, "perm", n, k, expected=math.factorial(64))] += 1
        assert same_int(perm, "perm", n, n, expected=math.factorial(64)) == "overflow"
    assert counts["value"] > 100 and counts["overflow"] > 100


@examples(200)
@given(st.integers(-3, 200) | st.integers(0, INT64_MAX), st.integers(-3, 40))
def test_comb_perm_match_cpython(n, k):
    same_int(comb, "comb", n, k)
    if 0 <= k <= n:
        same_int(comb, "comb", n, n - k)  # comb(n, n - k) == comb(n, k)
    if n < 2**20 or k < 5:
        same_int(perm, "perm", n, k)


# --- frexp, modf, ulp ---------------------------------------------------------------

def frexp(x):
    return math.frexp(x)


def modf(x):
    return math.modf(x)


def ulp(x):
    return math.ulp(x)


EXTRA_FLOATS = [2.0**k for k in range(-1074, 1024, 7)] + [-(2.0**k) * 1.75 for k in range(-1073, 1023, 11)] + \
               [math.nextafter(2.0**k, 0.0) for k in range(-1070, 1024, 13)] + [k + 0.5 for k in range(-20, 20)]


@pytest.mark.parametrize("fn", [frexp, modf, ulp])
def test_frexp_modf_ulp_edge_values(fn):
    for x in EDGE_FLOATS + EXTRA_FLOATS + [0, 1, -7, True, False, INT64_MAX, INT64_MIN, 2**53 + 1]:
        same(fn, x)


def test_frexp_modf_ulp_special_values():
    # spelled out: the signs of zeros and the special cases of mathmodule.c
    assert same(frexp, SUBNORMAL) == (0.5, -1073)
    assert same(frexp, -1.7976931348623157e308) == (-0.9999999999999999, 1024)
    m, e = same(frexp, -0.0)
    assert bits(m) == bits(-0.0) and e == 0
    m, e = same(frexp, math.nan)
    assert m != m and e == 0
    assert same(frexp, -math.inf) == (-math.inf, 0)
    frac, whole = same(modf, -3.0)
    assert bits(frac) == bits(-0.0) and whole == -3.0
    frac, whole = same(modf, -0.5)
    assert frac == -0.5 and bits(whole) == bits(-0.0)
    frac, whole = same(modf, -math.inf)
    assert bits(frac) == bits(-0.0) and whole == -math.inf
    frac, whole = same(modf, math.nan)
    assert frac != frac and whole != whole
    assert same(modf, -(2.0**60)) == (-0.0, -(2.0**60))
    assert same(ulp, 0.0) == SUBNORMAL and same(ulp, -1.0) == 2.0**-52
    assert same(ulp, 1.7976931348623157e308) == 2.0**971
    assert same(ulp, -math.inf) == math.inf


@examples(300)
@given(floats_all | st.floats(-1e6, 1e6) | st.floats(-1e-300, 1e-300) | st.integers(-(2**53), 2**53))
def test_frexp_modf_ulp_match_cpython(x):
    same(frexp, x)
    same(modf, x)
    same(ulp, x)


# --- prod ---------------------------------------------------------------------------

def prod(a):
    return math.prod(a)


def prod_start(a, s):
    return math.prod(a, start=s)


def prod_float(a):
    return float(math.prod(a))


def prod_int(a):
    return int(math.prod(a))


def test_prod_of_int_lists():
    assert same(prod, [1, 2, 3, 4]) == 24
    assert same(prod, [-3, 5, -7]) == 105
    assert same(prod, [0, INT64_MIN, INT64_MIN]) == 0
    assert same(prod, [INT64_MIN, 1]) == INT64_MIN and same(prod, [-1, INT64_MAX]) == -INT64_MAX
    assert same(prod, [2**31, -(2**32)]) == INT64_MIN
    assert same(prod_start, [2, 3], 7) == 42 and same(prod_start, [True, True], 5) == 5
    assert same(prod, [True, False]) == 0
    counts = {"value": 0, "overflow": 0, "error": 0}
    for a in EDGE_INTS:
        for b in EDGE_INTS:
            counts[same_int(prod, "prod", [a, b])] += 1
            counts[same_int(prod_start, "prod", [b, 3], a)] += 1
    # exact whenever the result fits, whatever CPython's big intermediate products
    assert same_int(prod, "prod", [2**62, 4, 0]) == "value"
    assert same_int(prod, "prod", [2**62, 4, -1, 3, 0, 5]) == "value"
    assert same_int(prod, "prod", [INT64_MIN, -1, -1]) == "value"
    assert same_int(prod, "prod", (INT64_MIN, -1, True, -1)) == "value"
    assert same_int(prod, "prod", [-(2**62), 2, -1, -1]) == "value"
    assert same_int(prod_start, "prod", [-1, -1], INT64_MIN) == "value"
    assert same_int(prod, "prod", [INT64_MIN, -1]) == "overflow"
    assert same_int(prod, "prod", [2**62, 2]) == "overflow"
    assert same_int(prod, "prod", (2**62, 4, 1)) == "overflow"
    assert counts["value"] > 300 and counts["overflow"] > 100


def test_prod_of_floats_and_mixed():
    assert same(prod, [1.5, -2.0, 0.1]) == 1.5 * -2.0 * 0.1
    for xs in ([0.1, 0.2, 0.3, 0.7], [1e308, 10.0], [1e308, 10.0, 0.0], [-0.0, 3.0], [2.0, -0.0],
               [math.inf, 0.0], [math.nan, 1.0], [1e-300, 1e-300], [SUBNORMAL, 0.5], [SUBNORMAL, 0.75]):
        same(prod, xs)
        same(prod_start, xs, 3)
        same(prod_start, xs, -0.5)
    assert same(prod_start, [2, 3], 2.5) == 15.0  # float start: a float
    assert same(prod_start, [INT64_MAX, 3], 1.0) == float(INT64_MAX) * 3.0
    assert same(prod, (2, 3.5, 4)) == 28.0  # a tuple: each product as CPython makes it
    assert same(prod, (2**40, 2**20, 0.5)) == 2.0**59
    # the deliberate difference: an int product beyond int64 before the first float
    # (CPython's is the big int 2**70, then times 0.5 a float)
    with pytest.raises(OverflowError, match=r"^prod\(\) result does not fit in 64 bits"):
        jitted(prod)((2**40, 2**30, 0.5))
    assert math.prod((2**40, 2**30)) > INT64_MAX and math.prod((2**40, 2**30, 0.5)) == 2.0**69
    assert same(prod, (3, True, -5)) == -15
    assert same(prod_start, (1.5, 2), 2) == 6.0
    assert same(prod_start, (), 7) == 7


def test_prod_of_int_float_tuples_at_the_int64_boundary():
    # (a, b, 0.5): the int product a * b first, exact; where it needs more than 64 bits,
    # OverflowError (CPython's is a big int, then times 0.5 a float)
    counts = {"value": 0, "overflow": 0}
    for a in [1, 2, 3, 7, 1000, 2**31 + 1, 3037000500, INT64_MAX]:
        for q in [INT64_MAX // a, INT64_MIN // a, -(INT64_MAX // a), (INT64_MIN + a - 1) // a]:
            for b in [q - 1, q, q + 1]:
                for x, y in [(a, b), (b, a), (-a, -b), (-a, b)]:
                    if not (fits(x) and fits(y)):
                        continue
                    if fits(x * y):
                        assert same(prod, (x, y, 0.5)) == (x * y) * 0.5
                        counts["value"] += 1
                    else:
                        with pytest.raises(OverflowError, match=r"^prod\(\) result does not fit"):
                            jitted(prod)((x, y, 0.5))
                        counts["overflow"] += 1
    assert counts["value"] > 100 and counts["overflow"] > 50


ARRAYS = [np.array([1.5, -2.0, 0.1, 3.0]), np.array([0.1] * 30), np.array([1e200, 1e200, 0.0]),
          np.linspace(0.9, 1.1, 50, dtype=np.float32), np.array([2, -3, 5], np.int64),
          np.array([2**62, 4]), np.array([True, True, False]), np.arange(1, 21)]


@pytest.mark.parametrize("a", ARRAYS, ids=lambda a: f"{a.dtype}{a.size}")
def test_prod_of_arrays_follows_numpy_arithmetic(a):
    # an array's items are NumPy scalars: NumPy's types and wrap-around, as CPython's loop
    conv = float if a.dtype.kind == "f" else int
    fn = prod_float if a.dtype.kind == "f" else prod_int
    for b in (a, a[::-1].copy()):
        with np.errstate(all="ignore"):  # (NumPy's overflow warnings, from the oracle)
            expected = conv(math.prod(b))
            assert_same(same(fn, b), expected)


@examples(100)
@given(st.lists(st.floats(-4.0, 4.0) | floats_all, max_size=12), st.lists(st.integers(-40, 40), max_size=12))
def test_prod_matches_cpython(fs, ints):
    same(prod, fs + [1.0])
    same_int(prod, "prod", ints + [1])


# --- fsum ---------------------------------------------------------------------------

def fsum(a):
    return math.fsum(a)


def fsum_squares(a):
    return math.fsum(x * x for x in a)


def test_fsum_special_cases_and_errors():
    assert same(fsum, [1e-16, 1.0, 1e16]) == 10000000000000002.0  # the half-way correction
    assert same(fsum, [0.1] * 10) == 1.0
    assert same(fsum, [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]) == 1e-100
    assert same(fsum, [2.0**53, -0.5, -(2.0**-54)]) == 2.0**53 - 1.0
    assert same(fsum, [2.0**53, 1.0, 2.0**-100]) == 2.0**53 + 2.0
    assert same(fsum, [-0.0, -0.0]) == 0.0 and bits(same(fsum, [-0.0])) == bits(0.0)
    assert same(fsum, [math.inf, 1.0, math.inf]) == math.inf
    assert same(fsum, [-math.inf, 1e308, 1.0]) == -math.inf
    assert same(fsum, [1e308, 1.0, math.inf, -1e308]) == math.inf
    r = same(fsum, [math.nan, 1.0])
    assert r != r
    r = same(fsum, [1.0, math.inf, math.nan])
    assert r != r
    for xs, kind, msg in [([math.inf, -math.inf], ValueError, "-inf + inf in fsum"),
                          ([1.0, -math.inf, 2.0, math.inf, math.nan], ValueError, "-inf + inf in fsum"),
                          ([1e308, 1e308], OverflowError, "intermediate overflow in fsum"),
                          ([-math.inf, 1e308, 1e308], OverflowError, "intermediate overflow in fsum"),
                          ([1.7976931348623157e308, 1.7976931348623157e308, -1e308], OverflowError,
                           "intermediate overflow in fsum")]:
        e = same(fsum, xs)
        assert isinstance(e, kind) and str(e) == msg
    assert same(fsum, [1e308, -1e308, 1e308]) == 1e308
    assert same(fsum, np.array([], dtype=np.float64)) == 0.0
    assert same(fsum, [1, 2, 3]) == 6.0 and same(fsum, [True, True]) == 2.0
    assert same(fsum, [INT64_MAX, 1]) == 2.0**63
    assert same(fsum, (1, 0.5, True)) == 2.5
    assert same(fsum, np.array([0.1] * 10, np.float32)) == math.fsum(np.array([0.1] * 10, np.float32))
    assert same(fsum, np.arange(1000)) == 499500.0
    assert same(fsum_squares, np.array([0.1, 0.2, 0.3])) == math.fsum([0.1 * 0.1, 0.2 * 0.2, 0.3 * 0.3])


@examples(200)
@given(st.lists(floats_all, min_size=1, max_size=20))
def test_fsum_matches_cpython_on_any_floats(xs):
    # (a list passed in must not be empty: compiled code could not tell its item type)
    same(fsum, xs)


@examples(200)
@given(st.lists(st.floats(-1e30, 1e30) | st.floats(-1.0, 1.0) | st.sampled_from(EDGE_FLOATS[:-3]), max_size=25),
       st.randoms(use_true_random=False))
def test_fsum_matches_cpython_with_cancellation(xs, rnd):
    # sums that cancel, in any order: the partials and the final rounding matter
    ys = xs + [-x for x in xs[::2]] + [x * 1e-17 for x in xs[1::3]] + [0.5]
    rnd.shuffle(ys)
    same(fsum, ys)
    same(fsum, np.array(ys))


# --- dist ---------------------------------------------------------------------------

def dist(p, q):
    return math.dist(p, q)


def test_dist_special_cases_and_errors():
    assert same(dist, (0.0, 0.0), (3.0, 4.0)) == 5.0
    assert same(dist, (), ()) == 0.0
    assert same(dist, (-2.5,), (1.0,)) == 3.5
    assert same(dist, [1, 2, 3], [4, 6, 3]) == 5.0
    assert same(dist, np.array([1.0, 2.0]), np.array([4.0, 6.0])) == 5.0
    assert same(dist, (1, 2.5), [0.0, 0.0]) == math.dist((1, 2.5), (0, 0))
    assert same(dist, (math.inf, math.nan), (0.0, 0.0)) == math.inf
    r = same(dist, (1.0, math.nan), (0.0, 0.0))
    assert r != r
    assert same(dist, (1e308, 1e308), (-1e308, -1e308)) == math.inf  # the differences overflow
    assert same(dist, (1e308, 1e308), (0.0, 0.0)) == math.dist((1e308, 1e308), (0.0, 0.0))
    for p, q in [((1.0, 2.0), (1.0,)), ([1.0], [1.0, 2.0]), ((), (1.0,))]:
        e = same(dist, p, q)
        assert isinstance(e, ValueError) and str(e) == "both points must have the same number of dimensions"


def test_dist_of_subnormals_and_extremes():
    rnd = np.random.default_rng(7)
    for e in [-1074, -1073, -1070, -1060, -1050, -1030, -1025, -1024, -1023, -1022, -1000, 0, 500, 1000, 1020]:
        for n in [2, 3, 5]:
            for _ in range(20):
                p = list(rnd.uniform(-8, 8, n) * 2.0**e)
                q = list(rnd.uniform(-8, 8, n) * 2.0**e)
                same(dist, p, q)
                same(dist, p, [0.0] * n)


@examples(200)
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(st.lists(floats_all, min_size=n, max_size=n),
                                                     st.lists(floats_all, min_size=n, max_size=n))))
def test_dist_matches_cpython(pq):
    p, q = pq
    same(dist, p, q)
    same(dist, np.array(p), q)
    same(dist, np.array(p[1:]), np.array(q[1:]))  # arrays may be empty


@examples(200)
@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=8), st.sampled_from([2.0**-1070, 2.0**-1000, 1.0, 2.0**900]))
def test_dist_matches_cpython_at_any_scale(p, scale):
    same(dist, [x * scale for x in p], [0.0] * len(p))
    same(dist, tuple(x * scale for x in p[:3]), tuple(x * scale * 0.5 for x in p[-3:]))


# --- NumPy integers -----------------------------------------------------------------

def int_functions(n, k):
    return (math.gcd(n, k), math.gcd(k, 6, n), math.lcm(n, 3), math.isqrt(n), math.comb(n, k), math.perm(n, k),
            math.factorial(k))


def int_products(n, k):
    # (NumPy scalars in a tuple or list are multiplied as Python ints: CPython's product
    # is a NumPy scalar, wrapping around at its size; these do not overflow)
    return int(math.prod((n, k, 2))), int(math.prod([n, k]))


def one_int_function(n):
    return math.isqrt(n)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int32, np.uint32, np.int64, np.uint64])
def test_integer_functions_take_numpy_integers(dtype):
    for n, k in [(0, 0), (7, 3), (100, 5), (12, 18)]:
        assert same(int_functions, dtype(n), dtype(k)) == int_functions(n, k)
        assert same(int_functions, dtype(n), k) == int_functions(n, k)
    assert same(int_products, dtype(7), dtype(3)) == (42, 21)
    assert same(int_products, dtype(7), 3) == (42, 21)


def test_uint64_arguments_beyond_int64():
    # int(x) of such a uint64 would wrap around: an OverflowError of ours instead
    assert same(one_int_function, np.uint64(INT64_MAX)) == 3037000499
    for v in [2**63, 2**64 - 1]:
        with pytest.raises(OverflowError, match=r"^isqrt\(\) argument does not fit in 64 bits"):
            jitted(one_int_function)(np.uint64(v))
        with pytest.raises(OverflowError, match=r"^gcd\(\) argument does not fit in 64 bits"):
            jitted(int_functions)(np.uint64(v), np.uint64(2))


def hypot_many(x, y, z):
    return math.hypot(), math.hypot(x), math.hypot(x, y, z), math.hypot(x, y, z, 1e-320, 3), math.hypot(-x, 2)


@examples(120)
@given(st.one_of(floats_all, st.sampled_from([0.0, -0.0, 5e-324, 1e-310, 1e308, math.inf, math.nan])),
       st.one_of(floats_all, st.integers(-10**6, 10**6)), floats_all)
def test_hypot_of_any_number_of_coordinates(x, y, z):
    # (two coordinates: the compiler's own hypot; others: CPython 3.11's vector_norm)
    same(hypot_many, x, y, z)
