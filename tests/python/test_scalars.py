"""Literals, arithmetic, unary operators, augmented assignment and int/float
unification, compared against CPython."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import kernels as K
from conftest import (
    INT64_MAX,
    INT64_MIN,
    bools,
    check,
    check_eq,
    examples,
    floats_all,
    int64s,
    ints_addsub,
    ints_exact,
    ints_mul,
    ints_small,
    jitted,
)

nan, inf = float("nan"), float("inf")
nonzero_int64s = int64s.filter(lambda v: v != 0)
nonzero_floats = floats_all.filter(lambda v: v != 0.0)


# ---------------------------------------------------------------------------
# Literals
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kernel", [
    K.const_int, K.const_neg_int, K.const_float, K.const_true, K.const_false,
    K.const_neg_zero, K.const_int_forms, K.const_float_forms, K.const_int64_max,
    K.const_float_overflow_literal, K.const_tiny_float,
], ids=lambda k: k.__name__)
def test_literal(kernel):
    check(kernel)


@pytest.mark.parametrize("value", [0, 1, -1, INT64_MAX, INT64_MIN, 0.0, -0.0, 1.5,
                                   float("inf"), float("-inf"), float("nan"),
                                   5e-324, True, False])
def test_identity_roundtrip(value):
    check(K.identity, value)


def test_docstring_is_ignored():
    check(K.docstring_only_body, 3)
    check(K.docstring_only_body, 3.5)
    check(K.only_docstring, 3)


@given(st.lists(ints_small, min_size=8, max_size=8))
def test_eight_arguments(args):
    check(K.many_args, *args)


@given(st.one_of(ints_exact, floats_all))
def test_parameter_rebound_to_float(x):
    check(K.retype_param, x)


@given(ints_mul)
def test_local_shadows_global(x):
    check(K.shadow_global, x)


# ---------------------------------------------------------------------------
# int arithmetic
# ---------------------------------------------------------------------------
@examples(150)
@given(ints_addsub, ints_addsub)
@example(0, 0)
@example(2**61, 2**61)
@example(-(2**61), -(2**61))
def test_int_add_sub(a, b):
    check(K.add, a, b)
    check(K.sub, a, b)


@examples(150)
@given(ints_mul, ints_mul)
@example(-(2**31), 2**31)
@example(-1, 0)
def test_int_mul(a, b):
    check(K.mul, a, b)


@examples(200)
@given(int64s, nonzero_int64s)
@example(7, 2)
@example(-7, 2)
@example(7, -2)
@example(-7, -2)
@example(0, -5)
@example(INT64_MAX, -1)
@example(INT64_MAX, INT64_MAX)
@example(-INT64_MAX, 3)
@example(1, INT64_MAX)
@example(-1, INT64_MAX)
def test_int_floordiv_mod_python_sign_rules(a, b):
    check(K.floordiv, a, b)
    check(K.mod, a, b)
    check(K.divmod_pair, a, b)


@examples(150)
@given(ints_exact, ints_exact.filter(lambda v: v != 0))
@example(1, 3)
@example(-1, 3)
@example(2**53, 3)
@example(0, -7)
def test_int_truediv(a, b):
    check(K.truediv, a, b)


@examples(100)
@given(st.integers(-10, 10), st.integers(0, 18))
@example(0, 0)
@example(-1, 17)
@example(10, 18)
def test_int_pow(base, exp):
    check(K.power, base, exp)


@pytest.mark.parametrize("base,exp", [(3, 39), (-3, 39), (2, 62), (-2, 63), (1, 10**9),
                                      (-1, 10**9 + 1), (0, 10**6), (7, 0)])
def test_int_pow_edges(base, exp):
    check(K.power, base, exp)


@pytest.mark.parametrize("base,exp", [(2, -1), (1, -1), (-2, -3), (0, -1)])
def test_int_pow_negative_exponent_raises(base, exp):
    """Documented difference: CPython returns a float; ferrojit keeps
    int ** int an int and raises at run time for a negative exponent."""
    with pytest.raises((ValueError, ZeroDivisionError)):
        jitted(K.power)(base, exp)


@examples(100)
@given(ints_small, ints_small)
def test_int_precedence(a, b):
    check(K.precedence, a, b, 3)
    check(K.precedence, b, a, -2)


@given(st.integers(0, 2))
def test_power_right_associative(a):
    check(K.power_right_assoc, a)


@given(ints_mul, st.floats(-1e100, 1e100) | st.sampled_from([nan, inf, -inf]))
def test_unary_minus_binds_looser_than_power(a, f):
    check(K.neg_power, a)
    check(K.neg_power, f, ulps=1)


@examples(150)
@given(ints_mul, ints_mul)
def test_int_operator_tuple(a, b):
    check(K.int_arith_mix, a, b)


def test_int_overflow_wraps_at_64_bits():
    """Documented difference from CPython: int64 arithmetic wraps."""
    assert jitted(K.add)(INT64_MAX, 1) == INT64_MIN
    assert jitted(K.sub)(INT64_MIN, 1) == INT64_MAX
    assert jitted(K.mul)(2**62, 4) == 0
    assert jitted(K.mul)(2**32 + 1, 2**32 + 1) == 2**33 + 1


# ---------------------------------------------------------------------------
# Division and modulo by zero
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kernel", [K.truediv, K.floordiv, K.mod, K.divmod_pair],
                         ids=lambda k: k.__name__)
@pytest.mark.parametrize("a,b", [(1, 0), (0, 0), (-5, 0), (1.0, 0.0), (1.0, -0.0),
                                 (0.0, 0.0), (float("nan"), 0.0), (float("inf"), 0.0),
                                 (1, 0.0), (1.0, 0), (True, False)],
                         ids=lambda v: repr(v))
def test_division_by_zero_raises_zerodivisionerror(kernel, a, b):
    exc = check(kernel, a, b)
    assert isinstance(exc, ZeroDivisionError)


# ---------------------------------------------------------------------------
# float arithmetic
# ---------------------------------------------------------------------------
@examples(200)
@given(floats_all, floats_all)
@example(0.0, -0.0)
@example(-0.0, -0.0)
@example(float("inf"), float("-inf"))
@example(1e308, 1e308)
@example(0.1, 0.2)
def test_float_add_sub_mul(a, b):
    check(K.add, a, b)
    check(K.sub, a, b)
    check(K.mul, a, b)


@examples(200)
@given(floats_all, nonzero_floats)
@example(1.0, 3.0)
@example(-0.0, 5.0)
@example(float("inf"), float("inf"))
@example(5e-324, 2.0)
def test_float_truediv(a, b):
    check(K.truediv, a, b)


@examples(200)
@given(floats_all, nonzero_floats)
@example(7.5, 2.0)
@example(-7.5, 2.0)
@example(7.5, -2.0)
@example(-7.5, -2.0)
@example(-0.0, 3.0)
@example(0.0, -3.0)
@example(5.0, float("inf"))
@example(-5.0, float("inf"))
@example(5.0, float("-inf"))
@example(float("inf"), 2.0)
@example(1e308, 1e-308)
@example(0.1, 0.01)
@example(-1e-300, 1e300)
@example(-4.0, 2.0)
@example(4.0, -2.0)
@example(-0.0, -1.0)
@example(6.0, 3.0)
def test_float_floordiv_mod_python_sign_rules(a, b):
    check(K.floordiv, a, b)
    check(K.mod, a, b)
    check(K.divmod_pair, a, b)


@examples(200)
@given(st.floats(0.0, allow_infinity=True), floats_all)
@example(0.0, 0.0)
@example(0.0, float("-inf"))
@example(0.5, float("inf"))
@example(2.0, float("-inf"))
@example(1.0, float("nan"))
@example(float("nan"), 0.0)
@example(float("inf"), -1.0)
@example(2.0, 0.5)
def test_float_pow_nonnegative_base(x, y):
    """float ** float for base >= 0 (a negative base with a fractional
    exponent gives a complex number in CPython: out of scope)."""
    # ZeroDivisionError / OverflowError in CPython: check() expects the same exception
    check(K.power, x, y, ulps=1)


@examples(100)
@given(st.floats(-1e10, -1e-10), st.integers(-40, 40).map(float))
@example(-2.0, 3.0)
@example(-2.0, -3.0)
@example(-1.0, float("inf"))
@example(-0.5, float("inf"))
@example(-0.0, 3.0)
@example(float("-inf"), 3.0)
@example(float("-inf"), 2.0)
def test_float_pow_negative_base_integral_exponent(x, y):
    check(K.power, x, y, ulps=1)   # (an exception in CPython must be raised too)


@pytest.mark.parametrize("x,y", [(0.0, -1.0), (-0.0, -3.0), (0.0, -0.5), (10.0, 400.0),
                                 (-10.0, 401.0), (1e300, 2.0), (0.0, -1), (0, -1.0)],
                         ids=repr)
def test_float_pow_errors(x, y):
    """CPython raises ZeroDivisionError for 0.0 ** negative and OverflowError
    when a finite float power overflows."""
    exc = check(K.power, x, y)
    assert isinstance(exc, (ZeroDivisionError, OverflowError))


@examples(100)
@given(st.integers(-30, 30), st.floats(-20.0, 20.0))
@example(2, 0.5)
@example(0, 2.0)
@example(-8, 3.0)
def test_int_float_pow(i, f):
    if i < 0:
        f = float(round(f))   # (a negative base with a fractional exponent is complex)
    check(K.power, i, f, ulps=1)   # 0 ** negative: ZeroDivisionError in both
    check(K.power, f, abs(i) % 20, ulps=1)


@examples(150)
@given(floats_all, floats_all, floats_all)
@example(1.0 + 2.0**-30, 1.0 - 2.0**-30, -1.0)
@example(0.1, 10.0, -1.0)
def test_no_fused_multiply_add_without_fastmath(a, b, c):
    """a * b + c rounds twice, as in CPython (no FMA contraction)."""
    check(K.mul_add, a, b, c)


@pytest.mark.parametrize("a,b", [(1.0 + 2.0**-30, 1.0 - 2.0**-30), (0.1, 0.7), (3.3, -1.1)])
def test_no_fused_multiply_add_in_loops(a, b):
    check(K.mul_sub_accumulate, a, b, 50)


@examples(150)
@given(floats_all, floats_all)
def test_float_operator_tuple(a, b):
    check(K.float_arith_mix, a, b)


@examples(100)
@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(-1e3, 1e3))
def test_float_precedence(a, b, c):
    check(K.precedence_float, a, b, c, ulps=1)


# ---------------------------------------------------------------------------
# mixed int / float arithmetic: the int is converted to float
# ---------------------------------------------------------------------------
@examples(150)
@given(st.one_of(ints_exact, int64s), floats_all)
@example(1, 0.5)
@example(0, -0.0)
@example(-3, float("inf"))
@example(2**53, 1.0)
@example(2**53 + 1, 0.0)
@example(2**63 - 1, -0.0)
@example(-(2**63) + 1, 1.0)
def test_mixed_add_sub_mul(i, f):
    """The int is converted to the nearest float (ties to even) first."""
    for kernel in (K.add, K.sub, K.mul):
        check(kernel, i, f)
        check(kernel, f, i)


@examples(150)
@given(ints_exact, floats_all)
@example(7, 2.0)
@example(-7, 2.0)
@example(7, -0.5)
@example(0, -3.0)
def test_mixed_division(i, f):
    for kernel in (K.truediv, K.floordiv, K.mod):
        if f != 0.0:
            check(kernel, i, f)
        if i != 0:
            check(kernel, f, i)


# ---------------------------------------------------------------------------
# Unary operators
# ---------------------------------------------------------------------------
@examples(150)
@given(int64s)
@example(0)
@example(INT64_MAX)
@example(-INT64_MAX)
def test_int_unary(x):
    check(K.neg, x)
    check(K.pos, x)
    check(K.invert, x)
    check(K.double_neg, x)
    check(K.not_, x)


@examples(150)
@given(floats_all)
@example(0.0)
@example(-0.0)
@example(float("nan"))
@example(float("-inf"))
def test_float_unary(x):
    check(K.neg, x)
    check(K.pos, x)
    check(K.double_neg, x)
    check(K.not_, x)


@pytest.mark.parametrize("b", [True, False])
def test_bool_unary(b):
    check(K.not_, b)
    check(K.neg, b)
    check(K.pos, b)


@given(bools, st.integers(-(2**62), 2**62))
def test_bool_arithmetic_gives_int(b, i):
    check(K.bool_plus_int, b, i)
    check(K.add, b, b)
    check(K.bool_times_bool, b, not b)
    check(K.bool_times_bool, b, b)


# ---------------------------------------------------------------------------
# Augmented assignment
# ---------------------------------------------------------------------------
@examples(150)
@given(st.integers(-(2**28), 2**28), st.integers(-(2**28), 2**28))
def test_augmented_assignment_int(a, b):
    check(K.aug_int, a, b)


@examples(150)
@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_augmented_assignment_float(a, b):
    check(K.aug_float, a, b, ulps=1)


@given(st.integers(-1000, 1000), floats_all)
def test_augmented_assignment_mixed(a, f):
    check(K.aug_mixed, a, f)


# ---------------------------------------------------------------------------
# int/float unification (documented difference: the variable is float64)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("flag", [True, False])
def test_unification_of_branches_gives_float(flag):
    got, _ = check_eq(K.unify_branches, flag)
    assert type(got) is float


@pytest.mark.parametrize("n", [0, 1, 5])
def test_unification_in_loop_gives_float(n):
    got, _ = check_eq(K.unify_loop, n)
    assert type(got) is float


@pytest.mark.parametrize("flag", [True, False])
def test_unification_of_return_values_gives_float(flag):
    got, _ = check_eq(K.unify_return, flag)
    assert type(got) is float
