"""The math module (functions, constants, domain errors) and the builtins
abs, min, max, int, float, bool, round and len.

Transcendental functions are held to ferrojit's accuracy contract
(docs/accuracy.md, read by test_accuracy): the result must lie within the
documented number of ulp of the exact value, computed with mpmath and
correctly rounded; it is never compared with another library's bits, which
differ between C libraries and CPUs.  Exceptions are compared exactly with
CPython's (``ValueError: math domain error``, ``OverflowError: math range
error``): the same type and the same message.  Exactly rounded functions
(sqrt, fabs, copysign, floor, ceil, trunc, fmod, the predicates) and the
builtins are compared bit for bit with CPython.  Expressions that combine a
libm function with arithmetic (``logistic``) are compared with CPython, which
calls the same libm in the same process, within 2 ulp.
"""

import math

import pytest

import ferrojit
from hypothesis import assume, example, given
from hypothesis import strategies as st

import kernels as K
from conftest import (
    INT64_MAX,
    INT64_MIN,
    _call_desc,
    _fmt,
    check,
    check_eq,
    examples,
    floats_all,
    int64s,
    jitted,
    run_both,
    run_exact_exceptions,
)
from test_accuracy import CONTRACT, F64, reference, ulp_distance

nan, inf = float("nan"), float("inf")

unit = st.floats(-1.0, 1.0)
positive = st.floats(0.0, allow_infinity=True)
near_minus_one = st.floats(-1.0, 1e300)
int_range = st.floats(-(2.0**62), 2.0**62)  # results representable as int64


# Kernels of the functions kernels.py has no kernel for.
def m_asinh(x):
    return math.asinh(x)


def m_acosh(x):
    return math.acosh(x)


def m_atanh(x):
    return math.atanh(x)


def m_erf(x):
    return math.erf(x)


def m_erfc(x):
    return math.erfc(x)


def m_gamma(x):
    return math.gamma(x)


def m_lgamma(x):
    return math.lgamma(x)


def m_degrees(x):
    return math.degrees(x)


def m_radians(x):
    return math.radians(x)


def m_nextafter(x, y):
    return math.nextafter(x, y)


def m_remainder(x, y):
    return math.remainder(x, y)


def m_ldexp(x, i):
    return math.ldexp(x, i)


def m_fmod(x, y):
    return math.fmod(x, y)


def m_log_base(x, b):
    return math.log(x, b)


def m_pow_operator(x, y):
    return x ** y


def check_math(name, kernel, *args):
    """``kernel(*args)`` computes math.``name``: ferrojit raises what CPython
    raises (type and message), else returns a float within the contract's
    scalar bound (docs/accuracy.md) of the correctly rounded exact value.
    Returns ferrojit's result (or exception)."""
    expected, got, exc, call = run_exact_exceptions(kernel, *args)
    if exc is not None:
        return exc
    if type(got) is not float:
        pytest.fail(f"{call}: ferrojit returned a {type(got).__name__} ({got!r})",
                    pytrace=False)
    bound = CONTRACT[name][0]
    exact = reference(name, tuple(float(a) for a in args), F64)
    d = ulp_distance(got, exact, F64)
    if d > bound:
        pytest.fail(f"{call}: ferrojit {_fmt(got)}, correctly rounded {_fmt(exact)} "
                    f"({d} ulp apart; docs/accuracy.md promises {bound}; CPython gave "
                    f"{_fmt(expected)})", pytrace=False)
    return got


# name -> (kernel, extra strategy for the function's domain); checked against
# the contract (check_math)
UNARY = {
    "exp": (K.m_exp, st.floats(-800.0, 709.0)),
    "log": (K.m_log, positive),
    "log2": (K.m_log2, positive),
    "log10": (K.m_log10, positive),
    "log1p": (K.m_log1p, near_minus_one),
    "expm1": (K.m_expm1, st.floats(-800.0, 709.0)),
    "sin": (K.m_sin, st.floats(-1e6, 1e6)),
    "cos": (K.m_cos, st.floats(-1e6, 1e6)),
    "tan": (K.m_tan, st.floats(-1e6, 1e6)),
    "asin": (K.m_asin, unit),
    "acos": (K.m_acos, unit),
    "atan": (K.m_atan, floats_all),
    "sinh": (K.m_sinh, st.floats(-710.0, 710.0)),
    "cosh": (K.m_cosh, st.floats(-710.0, 710.0)),
    "tanh": (K.m_tanh, st.floats(-30.0, 30.0)),
    "asinh": (m_asinh, st.floats(-1e6, 1e6)),
    "acosh": (m_acosh, st.floats(1.0, 1e6)),
    "atanh": (m_atanh, unit),
    "erf": (m_erf, st.floats(-7.0, 7.0)),
    "erfc": (m_erfc, st.floats(-7.0, 30.0)),
    "gamma": (m_gamma, st.floats(-180.0, 180.0)),
    "lgamma": (m_lgamma, st.floats(-100.0, 1e6)),
    "degrees": (m_degrees, floats_all),
    "radians": (m_radians, floats_all),
}

# exactly rounded: bit for bit with CPython
EXACT_UNARY = {
    "sqrt": (K.m_sqrt, positive),
    "fabs": (K.m_fabs, floats_all),
    "isnan": (K.m_isnan, floats_all),
    "isinf": (K.m_isinf, floats_all),
    "isfinite": (K.m_isfinite, floats_all),
}

# Inputs for which CPython raises (ValueError for domain errors,
# OverflowError for results too large).
UNARY_ERRORS = [
    ("sqrt", -1.0), ("sqrt", -inf), ("sqrt", -5e-324),
    ("exp", 1000.0), ("exp", 710.0),
    ("log", 0.0), ("log", -0.0), ("log", -1.0), ("log", -inf),
    ("log2", 0.0), ("log2", -2.0), ("log10", 0.0), ("log10", -10.0),
    ("log1p", -1.0), ("log1p", -2.0), ("log1p", -inf),
    ("expm1", 1000.0),
    ("sin", inf), ("sin", -inf), ("cos", inf), ("tan", -inf),
    ("asin", 1.5), ("asin", -1.0000000000000002), ("asin", inf), ("acos", 2.0),
    ("acos", -inf),
    ("sinh", 1000.0), ("sinh", -1000.0), ("cosh", 1000.0), ("cosh", -1000.0),
    ("acosh", 0.5), ("acosh", -inf), ("atanh", 1.0), ("atanh", -1.0), ("atanh", 2.0),
    ("gamma", 0.0), ("gamma", -0.0), ("gamma", -1.0), ("gamma", -2.0**60),
    ("gamma", -inf), ("gamma", 172.0), ("gamma", 1e300),
    ("lgamma", 0.0), ("lgamma", -0.0), ("lgamma", -1.0), ("lgamma", -3.0),
    ("lgamma", -1.7976931348623157e308), ("lgamma", 1.7976931348623157e308),
]

SPECIALS = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, inf, -inf, nan, 5e-324, -5e-324, 1e-310,
            2.2250738585072014e-308, 1e308, -1e308, math.pi, -math.pi / 2]


def _all_unary():
    return sorted(UNARY) + sorted(EXACT_UNARY)


@pytest.mark.parametrize("name", _all_unary())
@examples(75)
@given(data=st.data())
def test_unary_math_functions(name, data):
    kernel, domain = UNARY.get(name) or EXACT_UNARY[name]
    x = data.draw(st.one_of(domain, floats_all, st.sampled_from(SPECIALS)), label="x")
    if name in UNARY:
        check_math(name, kernel, x)
    else:
        check(kernel, x)


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("x", SPECIALS, ids=repr)
def test_unary_math_special_values(name, x):
    """+-0, subnormals, huge values, +-inf and nan: C99's special results
    (signed zeros included), or CPython's exception."""
    check_math(name, UNARY[name][0], x)


@pytest.mark.parametrize("name,x", UNARY_ERRORS, ids=lambda v: repr(v))
def test_unary_math_domain_errors(name, x):
    kernel = (UNARY.get(name) or EXACT_UNARY[name])[0]
    exc = check_math(name, kernel, x)
    assert isinstance(exc, (ValueError, OverflowError))


@pytest.mark.parametrize("x", [-1.0, -2.0, -170.0, -2.0**52, -1.7976931348623157e308],
                         ids=repr)
def test_gamma_poles_are_domain_errors(x):
    """gamma and lgamma have poles at 0, -1, -2, ...: CPython raises
    ValueError ("math domain error") there, not OverflowError."""
    for name, kernel in (("gamma", m_gamma), ("lgamma", m_lgamma)):
        exc = check_math(name, kernel, x)
        assert isinstance(exc, ValueError), (name, x, exc)


def test_documented_domain_errors():
    with pytest.raises(ValueError, match="math domain error"):
        jitted(K.m_sqrt)(-1.0)
    with pytest.raises(OverflowError, match="math range error"):
        jitted(K.m_exp)(1000.0)
    with pytest.raises(ValueError, match="math domain error"):
        jitted(K.m_log)(0.0)


@pytest.mark.parametrize("kernel", [K.m_floor, K.m_ceil, K.m_trunc],
                         ids=lambda k: k.__name__)
@examples(100)
@given(x=st.one_of(int_range, st.sampled_from([0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.0**62,
                                                 -(2.0**62), 4503599627370495.5, 1e-300])))
def test_floor_ceil_trunc_return_int(kernel, x):
    got = check(kernel, x)
    assert type(got) is int


@pytest.mark.parametrize("kernel", [K.m_floor, K.m_ceil, K.m_trunc],
                         ids=lambda k: k.__name__)
@pytest.mark.parametrize("x", [nan, inf, -inf], ids=repr)
def test_floor_ceil_trunc_errors(kernel, x):
    exc = check(kernel, x)
    assert isinstance(exc, (ValueError, OverflowError))


@given(int_range)
def test_floor_result_is_usable_as_int(x):
    check(K.m_floor_plus_one, x)


# name -> kernel; checked against the contract
BINARY = {
    "atan2": K.m_atan2,
    "hypot": K.m_hypot,
    "pow": K.m_pow,
    "log_base": m_log_base,
}

# exactly rounded: bit for bit with CPython
EXACT_BINARY = {
    "copysign": K.m_copysign,
    "fmod": m_fmod,
    "nextafter": m_nextafter,
    "remainder": m_remainder,
}

BINARY_ERRORS = [
    ("pow", 0.0, -1.0), ("pow", -8.0, 1.0 / 3.0), ("pow", 10.0, 400.0),
    ("pow", -10.0, 401.0), ("pow", -0.0, -2.0), ("pow", -1.0, 0.5),
    ("fmod", 1.0, 0.0), ("fmod", inf, 1.0), ("fmod", -inf, 0.0),
    ("log_base", 0.0, 2.0), ("log_base", 2.0, 0.0), ("log_base", -1.0, 10.0),
    ("log_base", 2.0, 1.0), ("log_base", 1.0, 1.0), ("log_base", 8.0, -2.0),
    ("remainder", 1.0, 0.0), ("remainder", inf, 2.0), ("remainder", -inf, 0.0),
]


@pytest.mark.parametrize("name", sorted(BINARY) + sorted(EXACT_BINARY))
@examples(100)
@given(data=st.data())
def test_binary_math_functions(name, data):
    pick = st.one_of(floats_all, st.sampled_from(SPECIALS), st.floats(-10.0, 10.0))
    x = data.draw(pick, label="x")
    y = data.draw(pick, label="y")
    if name in BINARY:
        check_math(name, BINARY[name], x, y)
    else:
        check(EXACT_BINARY[name], x, y)


@examples(100)
@given(x=st.one_of(floats_all, st.sampled_from(SPECIALS), st.floats(-10.0, 10.0)),
       y=st.one_of(floats_all, st.sampled_from(SPECIALS), st.floats(-10.0, 10.0),
                   st.integers(-60, 60).map(float)))
@example(x=-2.0, y=3.0)
@example(x=-0.0, y=-3.0)
@example(x=10.0, y=400.0)
def test_float_power_operator(x, y):
    """float ** float is libm's pow, held to math.pow's bound; CPython's
    exceptions (ZeroDivisionError for 0.0 ** -1, OverflowError) are kept. A
    negative base with a fractional exponent (CPython: a complex number) is the
    documented ValueError, tested elsewhere."""
    assume(not (x < 0 and math.isfinite(y) and y != int(y)))
    check_math("pow", m_pow_operator, x, y)


@pytest.mark.parametrize("name,x,y", BINARY_ERRORS, ids=lambda v: repr(v))
def test_binary_math_domain_errors(name, x, y):
    if name in BINARY:
        exc = check_math(name, BINARY[name], x, y)
    else:
        exc = check(EXACT_BINARY[name], x, y)
    assert isinstance(exc, (ValueError, OverflowError, ZeroDivisionError))


@pytest.mark.parametrize("x,y", [(0.0, -0.0), (-0.0, -0.0), (0.0, 0.0), (-0.0, 0.0),
                                 (1.0, -inf), (-1.0, -inf), (inf, inf), (-inf, -inf),
                                 (nan, 1.0), (1.0, nan), (inf, -inf), (-inf, 2.0),
                                 (-0.0, -5.0), (5e-324, -1e308)], ids=repr)
def test_atan2_signed_zero_and_infinities(x, y):
    check_math("atan2", K.m_atan2, x, y)


@pytest.mark.parametrize("x,y", [(inf, nan), (nan, -inf), (nan, 1.0), (3.0, 4.0),
                                 (1e308, 1e308), (5e-324, 5e-324), (-0.0, -0.0),
                                 (1.7e308, 1.7e308), (-1.5e308, 1.5e308)], ids=repr)
def test_hypot_special_values(x, y):
    """CPython's hypot returns inf (it does not raise) when the result
    overflows."""
    check_math("hypot", K.m_hypot, x, y)


@pytest.mark.parametrize("x,y", [(1.0, nan), (nan, 0.0), (-1.0, inf), (0.0, -inf),
                                 (-inf, 3.0), (-inf, 0.5), (2.0, -1074.0), (-2.0, 3.0),
                                 (0.0, 0.0), (-0.0, 3.0), (-0.0, 0.5), (-inf, -3.0),
                                 (0.5, inf), (-8.0, -1.0)], ids=repr)
def test_pow_special_values(x, y):
    check_math("pow", K.m_pow, x, y)


@pytest.mark.parametrize("x", [0, 1, 4, 10**6, 2**52, 7])
def test_math_functions_accept_ints(x):
    check(K.m_sqrt, x)
    check_math("exp", K.m_exp, x % 700)
    check_math("log", K.m_log, x if x else 1)
    check_math("sin", K.m_sin, x)
    check(K.m_fabs, -x)
    check(K.m_floor, x)
    check(K.m_ceil, -x)
    check(K.m_isnan, x)
    check_math("atan2", K.m_atan2, x, 3)
    check_math("pow", K.m_pow, x, 2)
    check(K.m_copysign, x, -1)
    check_math("log_base", m_log_base, x + 1, 10)
    check_math("gamma", m_gamma, x % 170 + 1)


@pytest.mark.parametrize("kernel,x", [(K.m_log, 0), (K.m_sqrt, -4), (K.m_exp, 1000)],
                         ids=lambda v: getattr(v, "__name__", repr(v)))
def test_math_domain_errors_with_int_arguments(kernel, x):
    exc = check(kernel, x)
    assert isinstance(exc, (ValueError, OverflowError))


def test_math_constants():
    check(K.m_constants)


@given(floats_all)
def test_math_constant_in_expression(x):
    check(K.m_pi_times, x)


@given(positive)
def test_import_math_as_alias(x):
    check(K.m_alias_sqrt, x)


@given(positive)
def test_from_math_import_sqrt(x):
    check(K.m_from_import_sqrt, x)


@given(st.one_of(floats_all, st.just(nan)))
def test_isnan_in_branch(x):
    check(K.m_isnan_branch, x)


@examples(100)
@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6),
       st.floats(-1e6, 1e6))
def test_distance(x1, y1, x2, y2):
    check(K.distance, x1, y1, x2, y2, ulps=2)


@given(st.floats(-700.0, 700.0))
def test_logistic(x):
    check(K.logistic, x, ulps=2)


# ---------------------------------------------------------------------------
# Builtins
# ---------------------------------------------------------------------------
@given(int64s)
@example(0)
@example(-INT64_MAX)
def test_abs_int(x):
    got = check(K.b_abs, x)
    assert type(got) is int


@given(floats_all)
@example(-0.0)
@example(-inf)
@example(nan)
def test_abs_float(x):
    check(K.b_abs, x)


def test_abs_bool():
    check(K.b_abs, True)
    check(K.b_abs, False)


@examples(150)
@given(int64s, int64s, int64s, int64s)
def test_min_max_ints(a, b, c, d):
    check(K.b_min2, a, b)
    check(K.b_max2, a, b)
    check(K.b_min3, a, b, c)
    check(K.b_max3, a, b, c)
    check(K.b_max4, a, b, c, d)


no_nan = st.floats(allow_nan=False, allow_infinity=True)


@examples(150)
@given(no_nan, no_nan, no_nan, no_nan)
@example(0.0, -0.0, 0.0, -0.0)
@example(-0.0, 0.0, -0.0, 0.0)
@example(1.0, 1.0, -0.0, 0.0)
def test_min_max_floats(a, b, c, d):
    """Ties keep the first argument, as in CPython (visible with 0.0/-0.0)."""
    check(K.b_min2, a, b)
    check(K.b_max2, a, b)
    check(K.b_min3, a, b, c)
    check(K.b_max3, a, b, c)
    check(K.b_max4, a, b, c, d)


@pytest.mark.parametrize("a", [True, False])
@pytest.mark.parametrize("b", [True, False])
def test_min_max_bools(a, b):
    check(K.b_min2, a, b)
    check(K.b_max2, a, b)
    check(K.b_max3, a, b, a)


@pytest.mark.parametrize("args", [(nan, 1.0), (1.0, nan), (nan, nan), (1.0, nan, 2.0),
                                  (nan, 2.0, 1.0), (2.0, 1.0, nan)], ids=repr)
def test_min_max_with_nan_follow_cpython(args):
    """CPython's min/max compare left to right with < and >: the result with a
    NaN depends on its position."""
    if len(args) == 2:
        check(K.b_min2, *args)
        check(K.b_max2, *args)
    else:
        check(K.b_min3, *args)
        check(K.b_max3, *args)


@given(st.integers(-1000, 1000), st.floats(-1000.0, 1000.0), st.integers(-1000, 1000))
@example(1, 1.0, 1)
@example(3, 2.5, -1)
def test_min_max_mixed_types_unify_to_float(i, f, j):
    """Documented difference: min/max of int and float is a float64."""
    for kernel, args in ((K.b_min2, (i, f)), (K.b_max2, (f, i)), (K.b_min3, (i, f, j)),
                         (K.b_max3, (j, i, f))):
        got, _ = check_eq(kernel, *args)
        assert type(got) is float


@given(st.one_of(st.tuples(int64s, int64s, int64s), st.tuples(no_nan, no_nan, no_nan)))
@example((0.0, -0.0, 0.0))
def test_min_max_of_one_tuple(t):
    check(K.b_min_max_of_tuple, *t)


@given(st.integers(-100, 100), st.integers(-100, 100), st.integers(-100, 100))
def test_clamp_nested_min_max(x, lo, hi):
    check(K.b_clamp, x, lo, hi)


@given(int_range)
@example(-0.5)
@example(0.9999999999999999)
@example(-2.5)
@example(1e-320)
def test_int_of_float_truncates(x):
    got = check(K.b_int, x)
    assert type(got) is int


@pytest.mark.parametrize("x", [nan, inf, -inf], ids=repr)
def test_int_of_nonfinite_raises(x):
    exc = check(K.b_int, x)
    assert isinstance(exc, (ValueError, OverflowError))


@pytest.mark.parametrize("x", [0, -5, INT64_MAX, INT64_MIN, True, False], ids=repr)
def test_int_of_int_and_bool(x):
    check(K.b_int, x)


@given(int64s)
@example(2**53 + 1)
@example(INT64_MAX)
@example(-(2**63) + 1)
def test_float_of_int_rounds_like_cpython(x):
    check(K.b_float, x)


@pytest.mark.parametrize("x", [True, False, 0.5, -0.0, nan, inf, INT64_MIN], ids=repr)
def test_float_of_bool_and_float(x):
    check(K.b_float, x)


@given(st.one_of(int64s, floats_all, st.booleans()))
@example(0)
@example(0.0)
@example(-0.0)
@example(nan)
def test_bool_conversion(x):
    got = check(K.b_bool, x)
    assert type(got) is bool


@examples(200)
@given(st.one_of(int_range, st.floats(-10.0, 10.0),
                 st.integers(-2000, 2000).map(lambda v: v / 2.0)))
@example(0.5)
@example(1.5)
@example(2.5)
@example(-0.5)
@example(-1.5)
@example(0.49999999999999994)
@example(4503599627370497.0)
@example(-0.0)
def test_round_is_half_even_and_returns_int(x):
    got = check(K.b_round, x)
    assert type(got) is int


@pytest.mark.parametrize("x", [nan, inf, -inf], ids=repr)
def test_round_of_nonfinite_raises(x):
    exc = check(K.b_round, x)
    assert isinstance(exc, (ValueError, OverflowError))


@pytest.mark.parametrize("x", [0, 7, -7, INT64_MAX, True], ids=repr)
def test_round_of_int(x):
    check(K.b_round, x)


@given(int64s, floats_all, st.booleans())
def test_len_of_tuple(i, f, b):
    check(K.tuple_len3, i, f, b)
    check(K.tuple_len_nested, f)


@examples(150)
@given(x=st.one_of(floats_all, st.sampled_from(SPECIALS), st.sampled_from([5e-324, 2.2250738585072014e-308, 1e308, 0.75])),
       i=st.one_of(st.integers(-1100, 1100), st.sampled_from([-1074, -1075, -1076, 1023, 1024, 2**31, -2**31 - 1, 2**62, INT64_MIN, True])))
@example(x=1.5, i=-1075)  # rounds once to the nearest subnormal
@example(x=1e308, i=10)   # OverflowError: math range error
def test_ldexp(x, i):
    check(m_ldexp, x, i)


def test_ldexp_needs_an_int():
    with pytest.raises(ferrojit.errors.TypingError, match="Expected an int as second argument to ldexp."):
        jitted(m_ldexp)(1.0, 2.0)
