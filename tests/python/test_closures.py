"""Inner functions and lambdas (crates/frontend/src/closures.rs), against CPython: calls
with captured variables read when the call runs, captured arrays written through,
defaults, keywords, recursion, inner functions calling each other, loops; and the
errors for what is not supported."""

import numpy as np
import pytest

import ferrojit
from conftest import check, jitted, pure
from ferrojit.errors import TypingError


def simple_lambda(x):
    sq = lambda v: v * v
    return sq(x) + sq(x + 1)


def captures_read_at_call_time(x):
    k = 2
    scale = lambda v: v * k
    first = scale(x)
    k = 10
    return first, scale(x)


def inner_def_with_defaults(x, n):
    def poly(t, a=1.0, b=-2):
        return a * t * t + b * t + n
    return poly(x), poly(x, 3.0), poly(x, b=5)


def inner_calls_inner(x):
    offset = 0.5
    def f(v):
        return v + offset
    def g(v):
        return f(v) * 2
    return g(x), f(x)


def in_a_loop(a):
    total = 0.0
    w = 3.0
    def weight(i, v):
        return v * w / (i + 1)
    for i in range(a.shape[0]):
        total += weight(i, a[i])
    return float(total)


def writes_a_captured_array(a, n):
    def bump(i):
        a[i % a.shape[0]] += 1.0
        return i
    s = 0
    for i in range(n):
        s += bump(i)
    return s


def recursive_inner(n):
    def fact(k):
        if k <= 1:
            return 1
        return k * fact(k - 1)
    return fact(n)


def helper_in_branch(x):
    if x > 0:
        f = lambda v: v + 1
    else:
        def f(v):
            return v - 1
    return f(x)


def typed_per_call(n):
    twice = lambda v: v + v
    return twice(n), twice(n * 0.5), twice(n > 1)


@pytest.mark.parametrize("x", [-3, 0, 2, 7])
def test_inner_functions_match_cpython(x):
    check(simple_lambda, x)
    check(simple_lambda, x * 0.25)
    check(captures_read_at_call_time, x)
    check(inner_def_with_defaults, x * 1.5, x)
    check(inner_calls_inner, x)
    check(recursive_inner, abs(x))
    check(typed_per_call, x)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_inner_functions_in_loops_and_on_arrays(n):
    a = np.arange(float(n)) + 1
    check(in_a_loop, a)
    mine, theirs = np.zeros(3), np.zeros(3)
    assert jitted(writes_a_captured_array)(mine, n) == pure(writes_a_captured_array)(theirs, n)
    np.testing.assert_array_equal(mine, theirs)


def test_an_inner_function_defined_twice_is_an_error_naming_the_line():
    with pytest.raises(TypingError) as e:
        ferrojit.njit(helper_in_branch)(1)
    assert "inner function `f` is defined twice" in str(e.value) and "test_closures.py:" in str(e.value)


def lambda_as_value(x):
    return apply(lambda v: v + 1, x)


def apply(f, x):
    return f(x)


def nonlocal_write(x):
    k = 0
    def bump():
        nonlocal k
        k += 1
        return k
    return bump()


def nested_twice(x):
    def outer(v):
        def inner(w):
            return w
        return inner(v)
    return outer(x)


def computed_default(x):
    k = 3
    def f(v, d=k):
        return v + d
    return f(x)


@pytest.mark.parametrize("fn,message", [
    (nonlocal_write, "`nonlocal`/`global` in an inner function"),
    (nested_twice, "nested two levels deep"),
    (computed_default, "default values of inner functions must be constant"),
])
def test_unsupported_forms_name_the_line(fn, message):
    with pytest.raises(TypingError) as e:
        ferrojit.njit(fn)(1)
    assert message in str(e.value) and "test_closures.py:" in str(e.value)


def test_a_lambda_written_in_place_is_a_function_value():
    for x in (0, 2, -3):
        check(lambda_as_value, x)


# --- comprehensions and lambdas inside inner functions and lambdas (lifted out of
# them as out of the outer function) ---------------------------------------------------

def comp_in_lambda(n, k):
    fn = lambda p: [i * k for i in range(p)]
    return fn(n)


def list_range_in_lambda(n):
    fn = lambda p: sum(list(range(p)))
    return fn(n)


def comp_in_inner_calls_sibling(n, k):
    def h(x):
        return x + k

    def inner(p):
        return [h(i) for i in range(p)]
    return inner(n)


def genexp_in_lambda(n, k):
    fn = lambda p: sum(x * k for x in range(p))
    return fn(n)


def lambda_in_inner_def(n, k):
    def inner(p):
        sq = lambda v: v * v + k
        return [sq(x) for x in range(p)]
    return inner(n)


def nested_comp_in_inner(n):
    def inner(p):
        return [[j * p for j in range(i)] for i in range(p)]
    return inner(n)


def comp_in_inner_sees_rebound_capture(n, k):
    def inner(p):
        k2 = k * 2
        return [i + k2 for i in range(p) if i != k]
    k = k + 1
    return inner(n)


@pytest.mark.parametrize("fn", [comp_in_lambda, list_range_in_lambda, comp_in_inner_calls_sibling, genexp_in_lambda,
                                lambda_in_inner_def, nested_comp_in_inner, comp_in_inner_sees_rebound_capture])
@pytest.mark.parametrize("n", [0, 1, 5])
def test_comprehensions_inside_inner_functions(fn, n):
    args = (n,) if fn in (list_range_in_lambda, nested_comp_in_inner) else (n, 3)
    check(fn, *args)


def lambdas_in_comprehensions(n, l):
    # a lambda reading the comprehension's own variable (was "name `c` is not defined")
    a = [sorted(l, key=lambda k: -k * c)[0] for c in range(1, n)]
    b = [[(lambda k: k + c + n)(x) for x in l] for c in range(n)]
    m = 10
    d = {c: (lambda z: z * m)(c) for c in range(n)}
    return a, b, d


@pytest.mark.parametrize("n", [0, 1, 3])
def test_lambdas_in_comprehensions_read_the_comprehensions_variables(n):
    assert jitted(lambdas_in_comprehensions)(n, [3, 1, 2]) == lambdas_in_comprehensions(n, [3, 1, 2])
