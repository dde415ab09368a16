"""Comparisons, boolean logic with short-circuit semantics, conditional
expressions, if/elif/else, while, for-range, break/continue/return/pass."""

import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import kernels as K
from conftest import (
    bools,
    check,
    examples,
    floats_all,
    int64s,
    ints_small,
    jitted,
)

HERE = os.path.dirname(os.path.abspath(__file__))
nan, inf = float("nan"), float("inf")
small_mixed = st.one_of(st.integers(-50, 50), st.floats(-50.0, 50.0))


# ---------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------
@examples(150)
@given(int64s, int64s)
@example(0, 0)
@example(-1, 1)
def test_compare_ints(a, b):
    check(K.cmp_all, a, b)
    check(K.cmp_all, a, a)


@examples(150)
@given(floats_all, floats_all)
@example(nan, nan)
@example(nan, 1.0)
@example(0.0, -0.0)
@example(inf, inf)
@example(-inf, inf)
def test_compare_floats(a, b):
    check(K.cmp_all, a, b)
    check(K.cmp_all, a, a)


@examples(100)
@given(st.integers(-(2**52), 2**52), floats_all)
@example(1, 1.0)
@example(0, -0.0)
@example(3, nan)
@example(-5, -inf)
def test_compare_int_with_float(i, f):
    check(K.cmp_all, i, f)
    check(K.cmp_all, f, i)
    check(K.cmp_all, i, float(i))


@pytest.mark.parametrize("i,f", [(2**53 + 1, 2.0**53), (2**63 - 1, 2.0**63),
                                 (-(2**63) + 1, -(2.0**63)), (2**60 + 1, 2.0**60)])
def test_compare_large_int_with_float_is_exact(i, f):
    """CPython compares int and float exactly, without rounding the int."""
    check(K.cmp_all, i, f)
    check(K.cmp_all, f, i)


@pytest.mark.parametrize("a,b", [(True, False), (True, True), (False, 0), (True, 1),
                                 (True, 2), (False, -0.0), (True, 0.5)])
def test_compare_bools(a, b):
    check(K.cmp_all, a, b)
    check(K.cmp_all, b, a)


@examples(100)
@given(floats_all)
@example(0.8)
@example(1.2)
@example(1.0)
@example(nan)
def test_chained_comparison_window(x):
    check(K.in_window, x)


@examples(150)
@given(ints_small, ints_small, ints_small, ints_small)
@example(1, 1, 2, 3)
@example(1, 2, 2, 3)
def test_chained_comparisons_int(a, b, c, d):
    check(K.chained3, a, b, c)
    check(K.chained4, a, b, c, d)
    check(K.chained_desc, a, b, c)


@examples(100)
@given(small_mixed, small_mixed, small_mixed)
def test_chained_comparisons_mixed(a, b, c):
    check(K.chained3, a, b, c)
    check(K.chained_desc, a, b, c)


@examples(100)
@given(ints_small, ints_small, ints_small, ints_small, st.floats(-4.0, 4.0))
@example(0, 0, 5, 5, 1.0)
@example(0, 0, 5, 0, 1.0)
@example(0, 0, 4, 4, 0.0)
def test_seed_ratio_window(y1, x1, y2, x2, q):
    """The condition from the integral-image search in shared/seeds/002."""
    check(K.ratio_window, y1, x1, y2, x2, q)


# ---------------------------------------------------------------------------
# and / or / not: Python returns one of the operands
# ---------------------------------------------------------------------------
@examples(100)
@given(st.integers(-3, 3), int64s)
def test_and_or_ints_return_operand(a, b):
    check(K.and_, a, b)
    check(K.or_, a, b)
    check(K.not_and, a, b)
    check(K.not_eq, a, b)


@examples(100)
@given(st.sampled_from([0.0, -0.0, 1.5, nan, -inf]), floats_all)
def test_and_or_floats_return_operand(a, b):
    check(K.and_, a, b)
    check(K.or_, a, b)
    check(K.not_and, a, b)


@pytest.mark.parametrize("a", [True, False])
@pytest.mark.parametrize("b", [True, False])
@pytest.mark.parametrize("c", [True, False])
def test_and_or_bools(a, b, c):
    check(K.and_, a, b)
    check(K.or_, a, b)
    check(K.and_or, a, b, c)
    check(K.not_and, a, b)


@examples(100)
@given(st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2))
def test_and_or_precedence(a, b, c):
    check(K.and_or, a, b, c)
    check(K.bool_combo, a, b, c)


@given(int64s)
@example(0)
def test_truthiness_int(x):
    check(K.truthy_int, x)


@given(floats_all)
@example(0.0)
@example(-0.0)
@example(nan)
def test_truthiness_float(x):
    check(K.truthy_float, x)


# ---------------------------------------------------------------------------
# Short-circuit: the jitted callee on the right must not run
# ---------------------------------------------------------------------------
SC_KERNELS = [K.sc_and_guard, K.sc_or_guard, K.sc_and_value, K.sc_or_value,
              K.sc_chain_guard, K.sc_ternary_guard, K.sc_if_guard, K.sc_while_guard]


@pytest.mark.parametrize("kernel", SC_KERNELS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("a", [0, 7, -9])
def test_short_circuit_skips_raising_callee(kernel, a):
    """With b == 0 the right operand (a jitted a // b) would raise
    ZeroDivisionError; Python never evaluates it."""
    check(kernel, a, 0)


@examples(100)
@given(st.sampled_from(SC_KERNELS), st.integers(-100, 100), st.integers(-10, 10))
def test_short_circuit_kernels_match_python(kernel, a, b):
    check(kernel, a, b)


@pytest.mark.parametrize("a,b,c", [(5, 0, 0), (5, 0, 1), (5, 2, 1), (5, 2, 3), (-5, 0, 2)])
def test_short_circuit_nested(a, b, c):
    check(K.sc_nested, a, b, c)


def test_right_operand_does_run_when_needed():
    """Sanity check of the guard kernels: without the guard the callee raises."""
    with pytest.raises(ZeroDivisionError):
        jitted(K.call_raising_callee)(1, 0)


# ---------------------------------------------------------------------------
# Evaluation order is left to right (observable through which error is raised)
# ---------------------------------------------------------------------------
ORDER_KERNELS = [K.order_binop, K.order_compare, K.order_chain, K.order_chain_long,
                 K.order_call_args, K.order_tuple, K.order_jitted_call_args,
                 K.order_jitted_call_keywords, K.order_ternary_condition]


@pytest.mark.parametrize("kernel", ORDER_KERNELS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("x,d", [(-1.0, 0.0), (4.0, 0.0), (-1.0, 0.5), (4.0, 0.5),
                                 (0.25, 2.0)], ids=repr)
def test_evaluation_order_is_left_to_right(kernel, x, d):
    check(kernel, x, d)


# ---------------------------------------------------------------------------
# Conditional expressions
# ---------------------------------------------------------------------------
@given(bools, int64s, int64s)
def test_ternary_ints(c, a, b):
    check(K.ternary, c, a, b)


@given(bools, floats_all, floats_all)
def test_ternary_floats(c, a, b):
    check(K.ternary, c, a, b)


@given(st.integers(-5, 5), int64s, int64s)
def test_ternary_int_condition(c, a, b):
    check(K.ternary, c, a, b)


@given(st.one_of(int64s, floats_all))
@example(0)
@example(-0.0)
@example(nan)
def test_ternary_nested(x):
    check(K.ternary_sign, x)


@given(ints_small, ints_small)
def test_ternary_in_expression(x, y):
    check(K.ternary_in_expr, x, y)
    check(K.ternary_in_expr, x, x)


# ---------------------------------------------------------------------------
# if / elif / else
# ---------------------------------------------------------------------------
@given(st.one_of(int64s, floats_all))
@example(0)
@example(-0.0)
@example(nan)
def test_if_elif_else(x):
    check(K.sign, x)


@given(st.integers(-300, 300))
@example(-100)
@example(-101)
@example(0)
@example(100)
@example(99)
def test_elif_chain(x):
    check(K.classify, x)


@given(st.floats(-300, 300))
def test_elif_chain_float(x):
    check(K.classify, x)


@pytest.mark.parametrize("a", [-1, 0, 1])
@pytest.mark.parametrize("b", [-1, 0, 1])
def test_nested_if(a, b):
    check(K.nested_if, a, b)


# ---------------------------------------------------------------------------
# while
# ---------------------------------------------------------------------------
@examples(100)
@given(st.integers(1, 10**6))
@example(1)
@example(27)
def test_while_collatz(n):
    check(K.collatz_steps, n)


@examples(150)
@given(int64s, int64s)
@example(0, 0)
@example(12, 18)
@example(-12, 18)
@example(12, -18)
def test_while_gcd_with_tuple_swap(a, b):
    check(K.gcd, a, b)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 15, 16, 17, 1000])
def test_while_break_continue_return(n):
    check(K.while_true_break, n)
    check(K.while_continue, n)
    check(K.while_return, n)


def test_while_false():
    check(K.while_false)


@given(st.floats(0.0, 1e300))
@example(0.0)
@example(2.0)
@example(1e-300)
def test_while_float_newton(x):
    check(K.newton_sqrt, x)


# ---------------------------------------------------------------------------
# for over range(...)
# ---------------------------------------------------------------------------
@given(st.integers(-5, 2000))
@example(0)
@example(-1)
def test_range_one_arg(n):
    check(K.sum_range1, n)


@given(st.integers(-100, 100), st.integers(-100, 100))
@example(5, 5)
@example(5, 4)
def test_range_two_args(a, b):
    check(K.sum_range2, a, b)


@examples(200)
@given(st.integers(-60, 60), st.integers(-60, 60),
       st.integers(-7, 7).filter(lambda v: v != 0))
@example(0, 10, 3)
@example(10, 0, -3)
@example(10, 0, 3)
@example(0, 10, -1)
@example(5, 5, -1)
@example(0, 1, 100)
@example(-1, -10, -4)
def test_range_three_args_including_negative_steps(a, b, c):
    check(K.sum_range3, a, b, c)
    check(K.count_range3, a, b, c)
    check(K.last_loop_value, a, b, c)


RANGE_LIMIT_CASES = [(2**62, 2**62 + 10, 3), (-(2**62), -(2**62) - 10, -4),
                     (2**63 - 10, 2**63 - 1, 4), (-(2**63) + 5, -(2**63), -2),
                     (2**63 - 1, -(2**63), -(2**61)), (-(2**63), 2**63 - 1, 2**62)]


def test_range_near_int64_limits():
    """Ranges whose bounds are near the int64 limits iterate exactly as in
    CPython (no overflow of the induction variable or of the trip count).
    Runs in a subprocess so that an infinite loop cannot hang the suite."""
    code = textwrap.dedent("""
        import sys
        sys.path.insert(0, sys.argv[1])
        import ferrojit, kernels
        count = ferrojit.njit(kernels.count_range3)
        last = ferrojit.njit(kernels.last_loop_value)
        cases = %r
        print(repr([(count(*c), last(*c)) for c in cases]))
    """ % (RANGE_LIMIT_CASES,))
    try:
        proc = subprocess.run([sys.executable, "-c", code, HERE], capture_output=True,
                              text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("ferrojit did not finish within 60 s (induction variable overflow?)")
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = eval(proc.stdout.strip())
    expected = [(K.count_range3(*c), K.last_loop_value(*c)) for c in RANGE_LIMIT_CASES]
    for case, g, e in zip(RANGE_LIMIT_CASES, got, expected):
        assert g == e, f"range{case}: ferrojit (count, last) = {g}, CPython {e}"


@pytest.mark.parametrize("a,b", [(0, 10), (10, 0), (0, 0), (-5, 5)])
def test_range_step_zero_raises_valueerror(a, b):
    exc = check(K.sum_range3, a, b, 0)
    assert isinstance(exc, ValueError)


@pytest.mark.parametrize("n,stop", [(10, 3), (10, 20), (1, 0), (5, 4)])
def test_loop_variable_keeps_last_value(n, stop):
    check(K.last_loop_value_break, n, stop)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_reassigning_loop_variable_does_not_affect_iteration(n):
    check(K.loop_var_reassigned, n)


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_range_arguments_are_evaluated_once(n):
    check(K.range_args_evaluated_once, n)


@pytest.mark.parametrize("n", [1, 3])
def test_nested_loops_sharing_a_variable(n):
    check(K.same_loop_variable_nested, n)


@pytest.mark.parametrize("n", [0, 1, 5, 20, 60])
def test_while_inside_for_with_break_and_return(n):
    check(K.while_in_for_break, n)


@pytest.mark.parametrize("n", [0, 1, 3, 4, 10, 51, 52, 100])
def test_for_break_continue(n):
    check(K.break_continue, n)
    check(K.nested_break_continue, n)


@given(st.integers(0, 200), st.integers(1, 50))
def test_return_inside_for(n, k):
    check(K.first_multiple, n, k)


@pytest.mark.parametrize("n", [0, 1, 5, 8, 9, 20])
def test_return_tuple_inside_nested_for(n):
    check(K.return_in_nested_loop, n)


@given(st.integers(-2000, 2000))
def test_pass(x):
    check(K.pass_everywhere, x)


@given(st.integers(-10, 10**5))
@example(2)
@example(97)
@example(7919 * 7919)
def test_is_prime(n):
    check(K.is_prime, n)


@pytest.mark.parametrize("n", [0, 2, 3, 100, 2000])
def test_nested_loops_count_primes(n):
    check(K.count_primes, n)


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_float_accumulation_order(n):
    check(K.harmonic, n)


@pytest.mark.parametrize("n", [0, 1, 7, 100, 1000])
def test_descending_range(n):
    check(K.countdown, n)


@pytest.mark.parametrize("n", [0, 1, 2, 7, 30])
def test_triple_nested_ranges(n):
    check(K.triangle_loops, n)


@pytest.mark.parametrize("n", [0, 1, 2, 10, 50, 89])
def test_seed_fib(n):
    check(K.fib, n)


def _branch_known_when_compiling(b):
    n = 1 if b.ndim == 1 else b.shape[1]
    m = b.shape[0] if b.ndim == 1 else b.shape[0] * b.shape[1]
    if b.ndim > 1:
        m += b.shape[1]
    return n, m


def test_a_condition_known_when_compiling_keeps_one_branch():
    # `b.shape[1]` of a 1-D array would not type-check: that branch is dropped, as
    # CPython never evaluates it
    import numpy as np

    import ferrojit
    f = ferrojit.njit(_branch_known_when_compiling)
    for b in (np.zeros(3), np.zeros((2, 5))):
        assert f(b) == _branch_known_when_compiling(b)


def _noted(calls, x):
    calls.append(x)
    return [x]


def bool_ops_of_containers(n, w):
    # `and`/`or` of dicts, sets, lists, tuples and strings: their truth in tests, the
    # deciding operand as a value (was "`and`/`or` on dict values is not supported")
    d = {1: 2}
    s = {3}
    l = [1]
    k = 0
    while d and k < n:
        k += 1
    calls = [0]
    picked = l or _noted(calls, 5)  # (not called: `l` is true)
    other = [] or _noted(calls, 6)
    if s and l and (1,) and w:
        k += 100
    return (k, s or {4}, [] and l, s and s, (1, 2) and (3, 4), w or "default", not d, d or {5: 6},
            d and d, picked, other, calls)


@pytest.mark.parametrize("n,w", [(0, ""), (3, ""), (2, "x")])
def test_and_or_of_containers(n, w):
    check(bool_ops_of_containers, n, w)
