"""`raise E(f"...")` with values in the message (ExprKind::RaiseFormat: formatted by
Python's str.format when raised), against CPython: the exception's type and exact
message for ints, floats, NumPy scalars, bools and None, with format specs and
conversions, from nested calls and loops."""

import math

import numpy as np
import pytest

import ferrojit
from conftest import jitted, pure
from kernels import assert_with_values


def check_message(fn, *args):
    with pytest.raises(Exception) as py:
        pure(fn)(*args)
    with pytest.raises(Exception) as jit:
        jitted(fn)(*args)
    assert type(jit.value) is type(py.value)
    assert str(jit.value) == str(py.value)
    return str(jit.value)


def values(x, n, flag):
    raise ValueError(f"x={x}, n={n}, flag={flag}, none={None}, {{braces}}")


def specs(x, n):
    raise RuntimeError(f"{x:.3f}|{x:10.2e}|{n:+05d}|{n:x}|{x!r}|{n!s}|{x:>8}|{'text'}")


def element(a, i):
    if a[i] < 0:
        raise IndexError(f"a[{i}] = {a[i]} is negative (of {a.shape[0]})")
    return float(a[i])


def in_loop_and_callee(a):
    total = 0.0
    for i in range(a.shape[0]):
        total += element(a, i)
    return total


@pytest.mark.parametrize("x", [0.1, -0.0, 1e16, 1e-7, math.inf, math.nan, 2.5])
@pytest.mark.parametrize("n", [0, -7, 2**62])
def test_values_in_messages_match_cpython(x, n):
    check_message(values, x, n, n > 0)
    check_message(specs, x, n)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int8, np.int16, np.int64])
def test_numpy_scalars_in_messages(dtype):
    a = np.array([1, 2, -3, 4]).astype(dtype)
    msg = check_message(in_loop_and_callee, a)
    assert "is negative (of 4)" in msg


def bad_spec(x):
    raise ValueError(f"{x:d}")


def test_a_format_error_is_pythons():
    # CPython: ValueError: Unknown format code 'd' for object of type 'float'
    check_message(bad_spec, 1.5)


def runtime_width(x, w):
    raise ValueError(f"{x:{w}}")


def runtime_spec(x, w, p, fill, name):
    raise ValueError(f"[{x:{w}.{p}f}] [{name!r:{fill}>{w}}] [{x:{w}}] [{x!s:^{w + 2}}] [{w:{fill}<{p}d}]")


def runtime_spec_text(x, w, p):
    s = f"{x:>{w}.{p}e}|{w:0{p}d}"
    return s + "!"


@pytest.mark.parametrize("x, w, p", [(1.0, 5, 2), (3.14159, 10, 3), (-2.5e10, 2, 0), (float("nan"), 7, 1)])
def test_a_format_spec_computed_at_run_time(x, w, p):
    check_message(runtime_width, x, w)
    check_message(runtime_spec, x, w, p, "*", "ab")
    assert jitted(runtime_spec_text)(x, w, p) == pure(runtime_spec_text)(x, w, p)


def test_a_bad_computed_format_spec_is_pythons_error():
    # CPython: ValueError: Invalid format specifier '5z' for object of type 'float'
    check_message(runtime_width, 1.0, "5z")


@pytest.mark.parametrize("x,n", [(1.0, 1), (1.0, -2), (12.5, 1), (1.0, 3), (1.0, 4), (2.5, 5)])
def test_assert_messages_built_from_values(x, n, capsys):
    # (in kernels.py: pytest rewrites the asserts of test modules)
    if n == 1 and x < 10:
        assert jitted(assert_with_values)(x, n) == pure(assert_with_values)(x, n) == 1.0
    else:
        check_message(assert_with_values, x, n)
    # the message is evaluated only when its test fails, by both
    assert capsys.readouterr().out == ("message of -2\n" * 2 if n == -2 else "")
