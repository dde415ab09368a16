"""Functions used as values inside compiled code (crates/frontend/src/closures.rs,
`ProgramBuilder::function_value_id`): global functions, builtins, `math` functions,
inner functions and lambdas passed to compiled helpers, stored in names and called;
an inner function that reads its enclosing function's variables travels with their
values. Each call through a value is a direct call (inlined when small). Against CPython."""

import math

import numpy as np
import pytest

import ferrojit
from conftest import check, check_eq
from ferrojit.errors import TypingError


def apply(f, x):
    return f(x)


def twice(f, x):
    return f(f(x))


def mapsum(f, n):
    t = 0.0
    for i in range(n):
        t += f(i)
    return t


def square(v):
    return v * v


def pass_global(x):
    return apply(square, x) + twice(square, x)


def pass_builtin(x):
    return apply(abs, x) + apply(math.sqrt, abs(x)) + apply(float, 2)


def pass_inner(x):
    def g(v):
        return v + 1

    return apply(g, x), twice(g, x)


def pass_capturing(x, k):
    def g(v):
        return v * k + x

    return apply(g, x), twice(g, 2)


def inline_lambda(x, k):
    return apply(lambda v: v * k, x) + apply(lambda v: v - 1, x)


def store_and_call(x):
    h = square
    return h(x) + h(2)


def lambda_in_loop(a):
    total = 0.0
    for i in range(a.shape[0]):
        total += apply(lambda v: v * 2.0, a[i])
    return total


def capture_array(a, s):
    def scale(i):
        return a[i] * s

    return mapsum(scale, a.shape[0])


def rebinds_capture(x):
    k = 1
    def g(v):
        return v + k

    first = apply(g, x)
    k = 10  # a value passed later carries the new value (CPython reads the cell when called)
    return first, apply(g, x)


@pytest.mark.parametrize("x", [0, 3, -2, 7])
def test_function_values(x):
    check(pass_global, x)
    check(pass_builtin, x)
    check(pass_inner, x)
    check(pass_capturing, x, 5)
    check(pass_capturing, float(x), 0.5)
    check(inline_lambda, x, 3)
    check(store_and_call, x)
    check(rebinds_capture, x)


def test_function_values_over_arrays():
    a = np.linspace(-1.0, 2.0, 17)
    check_eq(lambda_in_loop, a)  # a NumPy float64 total returns as a Python float
    check_eq(capture_array, a, 3.0)


def make_adder(k):
    return lambda v: v + k


def pick(flag):
    def inc(v):
        return v + 1

    return inc if flag else inc  # one function either way


def uses_made_functions(x):
    add3 = make_adder(3)
    add_x = make_adder(x)
    return add3(x) + add_x(10) + pick(True)(x)


def identity_of(f):
    return f


def test_functions_returned_between_compiled_functions():
    for x in (0, 4, -7):
        check(uses_made_functions, x)


def test_a_function_passed_in_comes_back():
    assert ferrojit.njit(identity_of)(math.sqrt) is math.sqrt
    assert ferrojit.njit(identity_of)(square) is square


def test_returning_a_function_to_python_is_refused():
    def gives(x):
        return square

    with pytest.raises(TypingError, match="cannot return a function"):
        ferrojit.njit(gives)(1)
