"""Functions passed as arguments (Type::Function): jitted functions, plain `def`s,
lambdas, `math` and builtin functions and NumPy ufuncs are known when compiling, so the
call is direct (and inlined by LLVM), never through a boxed object; each function gets
its own specialisation. Compared against CPython."""

import math

import numpy as np
import pytest

import ferrojit
from conftest import check, jitted
from ferrojit.errors import TypingError


def square(x):
    return x * x


def cube(x):
    return x * x * x


def affine(x, a=2.0, b=1.0):
    return a * x + b


jit_square = ferrojit.njit(square)
jit_lambda = ferrojit.njit(lambda x: 3.0 * x - 1.0)
plain_lambda = lambda x: x / 2.0 + 0.25  # noqa: E731  (a lambda on its own line)


def integrate(f, a, b, n):
    h = (b - a) / n
    s = 0.0
    for i in range(n):
        s += f(a + (i + 0.5) * h)
    return s * h


def apply(f, x):
    return f(x)


def apply_twice(g, f, x):
    # a function handed on to another function with a function argument
    return g(f, x) + g(f, g(f, x))


def rebound(f, x):
    h = f
    return h(x) + h(x + 1.0)


def with_keywords(f, x):
    return f(x, b=-3.0) + f(x, 0.5)


def over_array(f, a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = f(a[i])
    return out


def compose(f, g, x):
    return f(g(x))


def integrate_f(f, a, b, n):
    # NumPy functions return NumPy scalars, which compiled code returns as Python
    # floats (a documented difference): compare the values.
    return float(integrate(f, a, b, n))


def apply_f(g, f, x):
    return float(g(f, x))


FUNCTIONS = [square, cube, jit_square, jit_lambda, plain_lambda, math.sin, math.exp, math.sqrt, abs, np.cos, np.tanh]
IDS = ["def", "def2", "jit", "jit-lambda", "lambda", "math.sin", "math.exp", "math.sqrt", "abs", "np.cos", "np.tanh"]
# NumPy's scalar math and the vector math compiled code uses may differ in the last bit.
ULPS = {"np.cos": 4, "np.tanh": 4}


@pytest.mark.parametrize("f", FUNCTIONS, ids=IDS)
def test_integrate_any_function(f, request):
    ulps = ULPS.get(request.node.callspec.id, 2)
    check(integrate_f, f, 0.0, 1.0, 200, ulps=ulps)
    check(integrate_f, f, 0.25, 2.0, 7, ulps=ulps)


@pytest.mark.parametrize("f", FUNCTIONS, ids=IDS)
def test_apply_and_hand_on(f, request):
    ulps = ULPS.get(request.node.callspec.id, 2)
    check(apply_f, apply, f, 0.75, ulps=ulps)
    check(apply_f, rebound, f, 1.5, ulps=ulps)
    check(apply_twice, apply, square, 0.5)
    check(compose, square, math.sin, 0.3, ulps=ulps)
    if f not in (np.cos, np.tanh):
        check(apply_twice, apply, f, 0.5, ulps=ulps)
        check(compose, f, square, 0.3, ulps=ulps)


def test_defaults_and_keywords_of_a_function_argument():
    check(with_keywords, affine, 1.5)
    check(apply, affine, 2.0)


def test_over_an_array():
    a = np.linspace(-2.0, 2.0, 11)
    for f in (square, jit_lambda, abs):
        np.testing.assert_array_equal(jitted(over_array)(f, a), over_array(f, a))
    # NumPy's scalar exp and the vector exp of compiled code: within 2 ulp
    np.testing.assert_allclose(jitted(over_array)(np.exp, a), over_array(np.exp, a), rtol=4.5e-16, atol=0)


def test_each_function_gets_its_own_specialisation():
    f = ferrojit.njit(apply)
    assert f(square, 3.0) == 9.0
    assert f(cube, 3.0) == 27.0
    assert f(square, 4.0) == 16.0
    assert len(f.signatures) == 2
    # a new lambda object is a new function (CPython's identity)
    for k in range(3):
        g = ferrojit.njit(lambda x: x + k)  # noqa: B023
        assert f(g, 1.0) == 1.0 + k


def test_errors_name_the_problem():
    def returns_function(f):
        return f

    assert ferrojit.njit(returns_function)(square) is square  # the object passed in

    def calls_with_wrong_arity(f):
        return f(1.0, 2.0)

    with pytest.raises(TypingError):
        ferrojit.njit(calls_with_wrong_arity)(square)

    two = [lambda x: x + 1, lambda x: x + 2]  # two lambdas on one line
    with pytest.raises(TypingError, match="holds 2 lambdas"):
        ferrojit.njit(apply)(two[0], 1.0)


def test_a_function_argument_is_called_directly():
    # No call through Python: the kernel's LLVM IR has no call to the dispatcher's
    # machinery, and the function's body is inlined into the loop.
    f = ferrojit.njit(integrate)
    f(square, 0.0, 1.0, 10)
    ir = f.inspect_llvm(f.signatures[0])
    assert "fmul" in ir
    assert "PyObject" not in ir and "ferrojit_rt_call" not in ir
