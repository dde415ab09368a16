"""An exception raised by compiled code carries a traceback entry at the source line
that raised it (file, line, function, and the line's text, as the interpreter shows a
frame), also for errors from arithmetic, bounds checks and helpers."""

import traceback

import numpy as np
import pytest

import ferrojit


def raises_value_error(x):
    if x > 1:
        raise ValueError(f"too big: {x}")  # <- raise
    return x


def divides(a, b):
    c = a + 1
    return c // b  # <- divide


def helper(a, i):
    return a[i] * 2.0  # <- index


def calls_helper(a, i):
    return helper(a, i) + 1.0


def line_of(fn, marker):
    import inspect

    lines, first = inspect.getsourcelines(fn)
    for k, text in enumerate(lines):
        if marker in text:
            return first + k
    raise AssertionError(marker)


def last_frame(exc):
    return traceback.extract_tb(exc.__traceback__)[-1]


@pytest.mark.parametrize("kernel,args,marker,where,exc_type,message", [
    (raises_value_error, (5,), "<- raise", raises_value_error, ValueError, "too big: 5"),
    (divides, (3, 0), "<- divide", divides, ZeroDivisionError, "integer division or modulo by zero"),
])
def test_the_raising_line_is_in_the_traceback(kernel, args, marker, where, exc_type, message):
    with pytest.raises(exc_type) as ei:
        ferrojit.njit(kernel)(*args)
    assert str(ei.value) == message
    frame = last_frame(ei.value)
    assert frame.filename == __file__
    assert frame.lineno == line_of(where, marker)
    assert frame.name == where.__name__
    assert marker in frame.line


def test_a_bounds_check_in_a_helper_points_at_the_helper_or_the_call():
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 3") as ei:
        ferrojit.njit(calls_helper, boundscheck=True)(np.zeros(3), 5)
    frame = last_frame(ei.value)
    assert frame.filename == __file__
    # the helper's line, or the call's when the helper was inlined into its caller
    assert (frame.name, frame.lineno) in {("helper", line_of(helper, "<- index")), ("calls_helper", line_of(calls_helper, "return helper"))}


def test_a_caught_exception_leaves_no_stale_location():
    def catches(x):
        try:
            return 1 // x
        except ZeroDivisionError:
            return -1

    f = ferrojit.njit(catches)
    assert f(0) == -1
    with pytest.raises(ValueError) as ei:
        ferrojit.njit(raises_value_error)(9)
    assert last_frame(ei.value).name == "raises_value_error"
