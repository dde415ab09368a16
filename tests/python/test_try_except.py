"""`try` / `except` / `else` / `finally` in compiled code (crates/frontend/src/exceptions.rs,
the backend's handler dispatch): exceptions raised by compiled code, caught by class
(CPython's class tree: ArithmeticError catches ZeroDivisionError...), against CPython:
results, the order in which parts ran (recorded in an array), exceptions that escape."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ferrojit
from conftest import check, check_eq, examples, jitted
from ferrojit.errors import TypingError


def safe_div(a, b):
    try:
        r = a / b
    except ZeroDivisionError:
        r = math.inf
    return r


def per_iteration(x, log):
    total = 0
    for i in range(6):
        try:
            if i == x:
                raise ValueError("bad")
            total += 10 // (i - 2)
            log[i] = 1.0
        except ZeroDivisionError:
            total += 100
            log[i] = 2.0
        except (ValueError, IndexError):
            total += 1000
            log[i] = 3.0
        else:
            total += 1
        finally:
            total += 10000
    return total


def escapes(x, log):
    t = 0
    try:
        t = 1
        if x > 0:
            raise KeyError("k")
        if x < -5:
            raise RuntimeError("far")
    except ValueError:
        t = 2
    finally:
        log[0] += 1.0
    return t


def by_base_class(x):
    try:
        if x > 2.0:
            return math.exp(x * 1000.0)  # OverflowError
        return 1.0 / (x - 1.0)  # ZeroDivisionError at 1.0
    except ArithmeticError:
        return -1.0


def lookup(a, i):
    try:
        return a[i] * 2.0
    except LookupError:
        return -1.0


def catch_all(x):
    try:
        y = math.sqrt(x)
    except:  # noqa: E722
        y = -1.0
    return y


def catch_exception(x):
    try:
        y = math.log(x)
    except Exception:
        y = -2.0
    return y


def helper(x):
    if x < 0:
        raise RuntimeError("negative")
    return x * 2.0


def through_a_call(x):
    try:
        return helper(x)
    except RuntimeError:
        return 0.0


def nested(x):
    r = 0
    try:
        try:
            r = 10 // x
        except ValueError:
            r = -1
        finally:
            r += 1000
    except ZeroDivisionError:
        r += 5
    return r


def raise_in_handler(x):
    try:
        if x == 0:
            raise ValueError("first")
        return 1
    except ValueError:
        raise IndexError("second")


def break_and_continue(n):
    s = 0
    for i in range(n):
        try:
            if i == 2:
                continue
            if i == 7:
                break
            s += 100 // (i - 4)
        except ZeroDivisionError:
            s -= 1000
    return s


def as_name_unused(x):
    try:
        return 1 // x
    except ZeroDivisionError as err:  # noqa: F841
        return -7


def in_while(n):
    k = n
    steps = 0
    while k > -3:
        try:
            steps += 12 // k
        except ZeroDivisionError:
            steps += 1000
        k -= 1
    return steps


@given(st.floats(-5.0, 5.0), st.floats(-2.0, 2.0))
@examples(60)
def test_arithmetic(a, b):
    check(safe_div, a, b)
    check(safe_div, a, 0.0)
    check(by_base_class, a)
    check(by_base_class, 1.0)
    check(by_base_class, 3.0)
    check(catch_all, a)
    check(catch_exception, a)
    check(through_a_call, b)


@pytest.mark.parametrize("x", [-9, -1, 0, 1, 2, 3, 7])
def test_order_and_escapes(x):
    for kernel in (per_iteration, escapes):
        log_py, log_jit = np.zeros(6), np.zeros(6)
        expected = got = None
        try:
            expected = kernel(x, log_py)
        except Exception as e:  # noqa: BLE001
            expected = type(e)
        try:
            got = ferrojit.njit(kernel)(x, log_jit)
        except Exception as e:  # noqa: BLE001
            got = type(e)
        assert got == expected, (kernel.__name__, x)
        np.testing.assert_array_equal(log_jit, log_py)  # finally ran exactly as often
    check(nested, x)
    check(raise_in_handler, x)
    check(as_name_unused, x)


@pytest.mark.parametrize("n", [0, 3, 5, 9])
def test_loops(n):
    check(break_and_continue, n)
    check(in_while, n)


def test_index_errors_are_caught_with_boundscheck():
    a = np.arange(4.0)
    f = ferrojit.njit(lookup, boundscheck=True)
    for i in (-5, -4, 0, 3, 4, 100):
        assert f(a, i) == lookup(a, i)


def test_what_stays_unsupported_is_named():
    def not_a_builtin(x):
        try:
            return x
        except np.linalg.LinAlgError:
            return 0

    with pytest.raises(TypingError, match="builtin exception"):
        ferrojit.njit(not_a_builtin)(1)


def finally_catches_its_own(x):
    trace = 0
    try:
        try:
            trace = trace * 10 + 1
            y = 10 // x
        finally:
            trace = trace * 10 + 2
            try:
                raise KeyError("inner")
            except KeyError:
                trace = trace * 10 + 3
        trace = trace * 10 + 4
    except ZeroDivisionError:
        # the outer exception went on after the finally (as CPython re-raises it)
        trace = trace * 10 + 5
    return trace


@pytest.mark.parametrize("x", [0, 2])
def test_an_exception_in_flight_survives_a_finally_that_catches_its_own(x):
    check(finally_catches_its_own, x)


def rebinds_around_a_try(x):
    v = 1.5
    v = x + 1  # a new definition: an int, as in CPython
    try:
        w = 10 // x
    except ZeroDivisionError:
        w = -1
        v = 2.5  # reaches the return too: that web is a float
    return v, w


def rebinds_inside_a_try(x):
    r = 0
    try:
        r = 1.5
        r = x // 2  # raises for x == 0? no: an int from here on
        q = 1 // x
    except ZeroDivisionError:
        q = 0
    return r, q


@pytest.mark.parametrize("x", [0, 3])
def test_names_may_change_type_around_a_try(x):
    # Definitions that may reach one use share a type (int and float make a float: the
    # documented merge); a handler may start after any statement of the body, so every
    # definition in the body reaches it. Values equal CPython's.
    check_eq(rebinds_around_a_try, x)
    check_eq(rebinds_inside_a_try, x)
    # A definition no exception path reaches keeps its own type: an int here.
    assert type(jitted(rebinds_around_a_try)(0)[0]) is float  # the handler's 2.5 merges
    assert type(jitted(only_before)(3)) is int


def only_before(x):
    v = 1.5
    v = x + 1
    try:
        w = 10 // x
    except ZeroDivisionError:
        w = -1
    return v + w * 0
