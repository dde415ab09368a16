"""`*args` in signatures and at call sites (the extra positional arguments as a tuple),
and exception messages built with `%`, `str.format` and `str()` concatenation, against
CPython: results, exceptions and their messages."""

import math

import pytest

import ferrojit
from conftest import check, jitted


def total(*xs):
    s = 0.0
    for x in xs:
        s += x
    return s


def weighted(k, *vals, scale=1.0):
    s = 0.0
    for i, v in enumerate(vals):
        s += k * v * (i + 1)
    return s * scale + len(vals)


def calls_with_varargs(a, b):
    return total(a, b, 1.5) + total() + weighted(2.0, a, b) + weighted(1.0, scale=3.0)


def star_call(t):
    return total(*t) + weighted(0.5, *t, scale=2.0)


def star_call_of_expression(x):
    return total(*(x, x + 1.0, x * 2.0))


def count(*items):
    return len(items)


@pytest.mark.parametrize("args", [(), (1.0,), (1.0, 2.5, -3.0), (1, 2), (True, 2.0, 3)])
def test_varargs_from_python(args):
    check(total, *args)
    check(count, *args)
    check(weighted, 3.0, *args)
    check(weighted, 3.0, *args, scale=0.5)


def test_varargs_between_compiled_functions():
    check(calls_with_varargs, 1.25, -2.0)
    check(star_call, (1.0, 2.0, 3.0))
    check(star_call, ())
    check(star_call_of_expression, 0.5)


def test_varargs_name_is_not_a_keyword():
    with pytest.raises(TypeError):
        jitted(total)(xs=(1.0,))


def percent(n, x):
    if n > 2:
        raise ValueError("bad %d items (%.3f, %s, %r, %5.1f%%)" % (n, x, n, x, x))
    return n


def percent_single(x):
    if x < 0:
        raise ValueError("negative: %g" % x)
    return x


def percent_int_of_float(x):
    if x > 1.0:
        raise IndexError("index %d too large (%x)" % (x, 255))
    return x


def concatenation(x, n):
    if x > 1.0:
        raise RuntimeError("x=" + str(x) + ", n=" + str(n) + ", repr " + repr(x))
    return x


def str_format(n, x):
    if n == 0:
        raise ZeroDivisionError("{} over {:.2f} is {}".format(x, 0.0, "undefined"))
    return x / n


def test_percent_format():
    for n, x in [(1, 0.5), (3, math.pi), (7, -1e-7)]:
        exc = check(percent, n, x)
        if n > 2:
            try:
                percent(n, x)
            except ValueError as e:
                assert str(exc) == str(e)
    for x in (2.0, -2.5, -1e300):
        check(percent_single, x)
    for x in (0.5, 2.7, 1e10):
        check(percent_int_of_float, x)


def test_concatenation_and_format():
    for args in [(0.5, 1), (2.5, 3), (float("inf"), -1)]:
        got = check(concatenation, *args)
        if args[0] > 1.0:
            try:
                concatenation(*args)
            except RuntimeError as e:
                assert str(got) == str(e)
    for args in [(0, 1.5), (2, 3.0)]:
        got = check(str_format, *args)
        if args[0] == 0:
            assert str(got) == "1.5 over 0.00 is undefined"


def test_bad_percent_formats_are_compile_errors():
    def too_few(x):
        raise ValueError("%d and %d" % (x,))

    with pytest.raises(ferrojit.errors.TypingError, match="not enough arguments"):
        ferrojit.njit(too_few)(1)
