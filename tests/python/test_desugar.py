"""The core's let and what is desugared with it (crates/frontend/src/desugar.rs), and
types solved once (crates/frontend/src/infer.rs), against CPython.

Chained comparisons become `and`s of single comparisons with the middle operand bound
once; augmented assignment to a subscript evaluates the container and the index once.
"Once" is visible through side effects: a helper that bumps a counter in an array.
The suite runs with FERROJIT_STRICT_INFER=1, so a type the solver misses and the
lowering finds fails these tests.
"""

import math

import re

import numpy as np
import pytest

import ferrojit
from ferrojit.errors import TypingError
from conftest import check, check_eq, jitted, pure


def chain3(x, y, z):
    return x < y <= z


def chain4(x, y, z, w):
    return x != y < z > w


def chain_expr_middle(x, q):
    return 0.8 < x / q < 1.2


def chain_in_while(n):
    i = 0
    total = 0
    while 0 <= i < n != 7:
        total += i
        i += 1
    return total


def chain_zero_division(x, d):
    return 0 < x // d < 10


NUMBERS = [-2, -1, 0, 1, 2, 3, 0.5, -0.0, 1.5, math.inf, -math.inf, math.nan, True, False]


@pytest.mark.parametrize("x", NUMBERS)
@pytest.mark.parametrize("y", [-1, 0, 1, 0.5, math.nan])
def test_chained_comparison_matches_cpython(x, y):
    for z in (-1, 0, 1, 2.5, math.nan):
        check(chain3, x, y, z)
        check(chain4, x, y, z, 0)


@pytest.mark.parametrize("x,q", [(1.0, 1.0), (1.3, 1.0), (0.1, 0.0), (5.0, 5.0), (-1.0, 1.0), (1.0, math.nan)])
def test_chained_comparison_with_an_expression_in_the_middle(x, q):
    check(chain_expr_middle, x, q)


@pytest.mark.parametrize("n", [0, 1, 5, 7, 9, 20])
def test_chained_comparison_as_a_loop_condition(n):
    check(chain_in_while, n)


@pytest.mark.parametrize("x,d", [(5, 1), (5, 0), (50, 3), (-5, 2)])
def test_chained_comparison_raises_like_cpython(x, d):
    check(chain_zero_division, x, d)


@ferrojit.njit
def bump(counter, value):
    counter[0] += 1
    return value


def middle_once(counter, x, lo, hi):
    r = lo < bump(counter, x) < hi
    return r, counter[0]


def short_circuit(counter, x):
    # The third operand runs only when the first comparison holds.
    return x < 0 < bump(counter, 5), counter[0]


@pytest.mark.parametrize("x,lo,hi", [(1.0, 0.0, 2.0), (3.0, 0.0, 2.0), (-1.0, 0.0, 2.0)])
def test_the_middle_operand_is_evaluated_once(x, lo, hi):
    got = jitted(middle_once)(np.zeros(1, np.int64), x, lo, hi)
    assert got == pure(middle_once)(np.zeros(1, np.int64), x, lo, hi)
    assert got[1] == 1


@pytest.mark.parametrize("x", [-1, 1])
def test_a_chain_stops_at_the_first_false_comparison(x):
    got = jitted(short_circuit)(np.zeros(1, np.int64), x)
    assert got == pure(short_circuit)(np.zeros(1, np.int64), x)


def chained_arrays(a):
    return 0 < a < 1


@pytest.mark.parametrize("a", [np.zeros(3), np.array([0.5]), np.array([2.0]), np.zeros(0)])
def test_a_chained_comparison_of_arrays_takes_the_truth_value_of_the_first(a):
    # as CPython running NumPy: `0 < a and a < 1`, NumPy's ValueError unless one element
    # (it was a compile error)
    try:
        expected = chained_arrays(a)
    except ValueError as e:
        with pytest.raises(ValueError, match=re.escape(str(e))):
            jitted(chained_arrays)(a)
        return
    np.testing.assert_array_equal(jitted(chained_arrays)(a), expected)


def aug_index_once(a, counter, i):
    a[bump(counter, i)] += 10
    return counter[0]


def aug_base_once(a, b, counter):
    pick(counter, a, b)[1] *= 3
    return counter[0]


@ferrojit.njit
def pick(counter, a, b):
    counter[0] += 1
    return a if counter[0] % 2 == 1 else b


def aug_tuple_index(a, counter, i, j):
    a[bump(counter, i), j] -= 1.5
    a[i, bump(counter, j)] **= 2
    return counter[0]


def aug_view(a, counter):
    a[bump(counter, 1)] += np.ones(a.shape[1], np.int64)
    return counter[0]


def _differential(fn, *arrays_and_args):
    """Run `fn` interpreted and compiled on copies; compare results and every argument."""
    def copies():
        return [x.copy() if isinstance(x, np.ndarray) else x for x in arrays_and_args]

    mine, theirs = copies(), copies()
    got = jitted(fn)(*mine)
    expected = pure(fn)(*theirs)
    assert got == expected
    for a, b in zip(mine, theirs):
        if isinstance(a, np.ndarray):
            np.testing.assert_array_equal(a, b)
    return got


@pytest.mark.parametrize("i", [0, 2, -1])
def test_augmented_subscript_evaluates_the_index_once(i):
    assert _differential(aug_index_once, np.arange(4.0), np.zeros(1, np.int64), i) == 1


def test_augmented_subscript_evaluates_the_container_once():
    assert _differential(aug_base_once, np.arange(3), np.arange(3) + 10, np.zeros(1, np.int64)) == 1


@pytest.mark.parametrize("i,j", [(0, 0), (1, 2), (-1, -2)])
def test_augmented_subscript_with_a_tuple_index(i, j):
    assert _differential(aug_tuple_index, np.arange(12.0).reshape(3, 4), np.zeros(1, np.int64), i, j) == 2


def test_augmented_subscript_of_a_row_is_in_place():
    assert _differential(aug_view, np.arange(6).reshape(2, 3), np.zeros(1, np.int64)) == 1


def test_augmented_subscript_out_of_range_raises_once():
    # (bounds checks are off by default until issue 23; asked for here)
    counter = np.zeros(1, np.int64)
    with pytest.raises(IndexError):
        ferrojit.njit(aug_index_once, boundscheck=True)(np.arange(4.0), counter, 9)
    assert counter[0] == 1


# ---- types solved once: webs whose type depends on later statements -------------------


def widen_through_a_chain(n):
    # y's type comes from x, whose type a later statement of the loop widens.
    x = 0
    y = 0
    z = 0
    for i in range(n):
        z = y
        y = x
        x = 0.5 * i
    return x, y, z


def widen_from_a_nested_loop(n):
    s = 0
    t = 0
    for i in range(n):
        t = s * 2
        for j in range(i):
            if j == 3:
                s = s + 0.25
    return s, t


def fib_from_conditional(n):
    return n if n < 2 else fib_from_conditional(n - 1) + fib_from_conditional(n - 2)


def rebound_after_widening(n):
    acc = 0
    for i in range(n):
        acc = acc + i / 2
    acc = (acc, n)
    return acc


@pytest.mark.parametrize("n", [0, 1, 2, 5, 10])
def test_types_that_depend_on_later_statements(n):
    # (a web merged from an int and a float is a float64 even when the loop never ran:
    # the documented unification difference, so these compare with ==)
    check_eq(widen_through_a_chain, n)
    check_eq(widen_from_a_nested_loop, n)
    check(fib_from_conditional, n)
    check_eq(rebound_after_widening, n)


# ---- plain Python helpers (issue 13): compiled without a decorator ---------------------


def _square_plus(x, k=1):
    return x * x + k


def _clamp(v, lo, hi):
    if v < lo:
        return lo
    if v > hi:
        return hi
    return v


def _uses_unsupported(x):
    return {**x}


def calls_plain_helpers(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += _clamp(_square_plus(a[i], k=2), -1.0, 10.0)
    return s


def calls_helper_with_ints(n):
    return _square_plus(n) + _clamp(n, 0, 5)


def calls_broken_helper(x):
    return _uses_unsupported(x)


@pytest.mark.parametrize("n", [-7, 0, 3, 9])
def test_plain_helpers_are_compiled(n):
    check(calls_helper_with_ints, n)
    a = np.linspace(-3, 3, n + 10)
    assert jitted(calls_plain_helpers)(a) == pure(calls_plain_helpers)(a)


def test_an_unsupported_helper_points_at_its_own_line():
    with pytest.raises(TypingError) as e:
        ferrojit.njit(calls_broken_helper)(1)
    text = str(e.value)
    assert "return {**x}" in text and "test_desugar.py:" in text
    assert "while compiling `_uses_unsupported(int64)`" in text


def chain_of_a_renamed_name(x):
    v = 1.5
    v = x
    return 0 < v + 1 < 5, -1 < v * 2 <= 3


def augmented_index_of_a_renamed_name(a):
    i = 0.5
    i = 7
    a[i % a.shape[0]] //= i
    return a[1]


@pytest.mark.parametrize("x", [-3, -1, 0, 1, 2, 4])
def test_desugared_names_never_take_a_renamed_users_name(x):
    # (`$let1` has the range of `v + 1`, which starts where `v` does: found by the fuzzer)
    check(chain_of_a_renamed_name, x)
    assert _differential(augmented_index_of_a_renamed_name, np.array([1, 3, 0], np.int8)) == 0
