"""Compile-time errors (TypingError with file, line and source text),
unsupported argument types, bad signatures, bad calls, and run-time
exceptions raised by compiled code."""

import inspect
import os

import pytest

import ferrojit
import kernels as K
from conftest import check, jitted
from ferrojit.errors import InternalCompilerError, TypingError

KERNELS_FILE = os.path.basename(K.__file__)
MAX_MESSAGE_LINES = 15


def line_of(func, needle):
    """Absolute line number in kernels.py of the first line of ``func``
    containing ``needle``."""
    lines, first = inspect.getsourcelines(func)
    for i, text in enumerate(lines):
        if needle in text:
            return first + i
    raise AssertionError(f"{needle!r} not in {func.__name__}")


def assert_points_at(exc, func, needle, source_text=None):
    msg = str(exc)
    line = line_of(func, needle)
    assert KERNELS_FILE in msg, f"file name missing from:\n{msg}"
    assert str(line) in msg, f"line {line} missing from:\n{msg}"
    if source_text is not None:
        assert source_text in msg, f"{source_text!r} missing from:\n{msg}"
    n = len(msg.splitlines())
    assert n < MAX_MESSAGE_LINES, f"message has {n} lines:\n{msg}"


# ---------------------------------------------------------------------------
# Exception classes
# ---------------------------------------------------------------------------
def test_error_classes():
    assert issubclass(TypingError, TypeError)
    assert issubclass(InternalCompilerError, Exception)
    assert ferrojit.errors.TypingError is TypingError


# ---------------------------------------------------------------------------
# TypingError: programs outside the subset
# ---------------------------------------------------------------------------
def test_seed_myint_example_raises_typingerror_at_first_call():
    """shared/seeds/001: ``fib_obj`` works on a custom object through
    ``n.int``; ferrojit cannot compile it and says where."""
    f = ferrojit.njit(K.fib_obj)  # decorating does not compile
    assert K.fib_obj(K.MyInt(10)) == 144
    with pytest.raises(TypingError) as ei:
        f(K.MyInt(10))
    assert_points_at(ei.value, K.fib_obj, "range(n.int)", "n.int")


def test_attribute_of_int_raises_typingerror():
    f = ferrojit.njit(K.attr_of_int)
    with pytest.raises(TypingError) as ei:
        f(3)
    assert_points_at(ei.value, K.attr_of_int, "n.int", "n.int")


def test_typing_error_is_raised_again_on_every_call():
    f = ferrojit.njit(K.attr_of_int)
    for _ in range(3):
        with pytest.raises(TypingError):
            f(3)
    assert len(f.signatures) == 0


def test_type_error_in_expression_points_at_line():
    f = ferrojit.njit(K.type_mismatch_tuple_add)
    with pytest.raises(TypingError) as ei:
        f(1)
    assert_points_at(ei.value, K.type_mismatch_tuple_add, "<- offending")
    g = ferrojit.njit(K.add)
    assert g(1, 2) == 3


def test_typing_error_in_jitted_callee_points_into_the_callee():
    f = ferrojit.njit(K.call_bad_callee)
    with pytest.raises(TypingError) as ei:
        f(3)
    assert_points_at(ei.value, K.jbad_callee, "<- offending", "n.int")


def test_unknown_name_raises_typingerror_naming_it():
    f = ferrojit.njit(K.uses_unknown_name)
    with pytest.raises(TypingError) as ei:
        f(1)
    assert_points_at(ei.value, K.uses_unknown_name, "<- offending", "undefined_name_xyz")


def test_eager_signature_with_typing_error_fails_at_decoration():
    with pytest.raises(TypingError) as ei:
        ferrojit.jit("i8(i8)")(K.attr_of_int)
    assert_points_at(ei.value, K.attr_of_int, "n.int", "n.int")


UNSUPPORTED = [
    (K.has_class, 1),
    (K.has_with, 1),
    (K.has_try, 1),
    (K.has_global_stmt, 1),
]


@pytest.mark.parametrize("kernel,arg", UNSUPPORTED, ids=[k.__name__ for k, _ in UNSUPPORTED])
def test_unsupported_syntax_gives_ferrojit_error_with_line(kernel, arg):
    f = ferrojit.njit(kernel)
    with pytest.raises(Exception) as ei:
        f(arg)
    exc = ei.value
    assert isinstance(exc, TypingError) or (
        type(exc).__module__.startswith("ferrojit")
        and not isinstance(exc, InternalCompilerError)
    ), f"expected a TypingError, got {type(exc).__module__}.{type(exc).__name__}: {exc}"
    msg = str(exc)
    assert KERNELS_FILE in msg, msg
    ok_lines = {line_of(kernel, "<- offending"), line_of(kernel, "def ")}
    assert any(str(n) in msg for n in ok_lines), f"none of lines {ok_lines} in:\n{msg}"
    assert len(msg.splitlines()) < MAX_MESSAGE_LINES, msg


# ---------------------------------------------------------------------------
# Unsupported argument types
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["a str", [1, 2], object(), K.MyInt(1)],
                         ids=["str", "list", "object", "MyInt"])
def test_unsupported_argument_type_raises_typeerror_naming_it(bad):
    f = ferrojit.njit(K.add_named)
    with pytest.raises(TypeError) as ei:
        f(bad, 1)
    assert "alpha" in str(ei.value), str(ei.value)
    with pytest.raises(TypeError) as ei:
        f(1.5, bad)
    assert "beta" in str(ei.value), str(ei.value)
    with pytest.raises(TypeError) as ei:
        f(beta=bad, alpha=2)
    assert "beta" in str(ei.value), str(ei.value)
    # the dispatcher still works afterwards
    assert f(1, 2) == 3


@pytest.mark.parametrize("big", [2**63, 2**64, -(2**63) - 1], ids=repr)
def test_int_argument_outside_int64_raises_overflowerror(big):
    f = ferrojit.njit(K.add_named)
    with pytest.raises(OverflowError):
        f(big, 1)
    assert f(-(2**63), 0) == -(2**63)


# ---------------------------------------------------------------------------
# Bad signatures
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("sig", ["f8(banana)", "banana(f8)", "f8(f8, banana)"])
def test_bad_signature_string_raises_at_decoration(sig):
    with pytest.raises((TypeError, ValueError)) as ei:
        ferrojit.jit(sig)(K.identity)
    assert "banana" in str(ei.value)


def test_malformed_signature_string_raises_at_decoration():
    with pytest.raises((TypeError, ValueError, SyntaxError)):
        ferrojit.jit("f8(f8")(K.identity)


def test_signature_arity_mismatch_raises_at_decoration():
    with pytest.raises((TypeError, ValueError)):
        ferrojit.jit("f8(f8, f8, f8)")(K.identity)


# ---------------------------------------------------------------------------
# Bad calls: arity and keywords behave as in Python
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("args,kwargs", [
    ((), {}),
    ((1,), {}),
    ((1, 2, 3), {}),
    ((1,), {"z": 2}),
    ((1, 2), {"x": 3}),
], ids=repr)
def test_bad_call_raises_typeerror_like_python(args, kwargs):
    exc = check(K.add, *args, **kwargs)
    assert isinstance(exc, TypeError)


@pytest.mark.parametrize("arg", [2.5, float("nan")], ids=repr)
def test_range_of_float_is_a_typeerror(arg):
    """CPython raises TypeError for range(2.5); ferrojit refuses to compile
    (TypingError is a TypeError)."""
    exc = check(K.sum_range1, arg)
    assert isinstance(exc, TypeError)


# ---------------------------------------------------------------------------
# Run-time exceptions from compiled code
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kernel,args,exc_type", [
    (K.floordiv, (1, 0), ZeroDivisionError),
    (K.mod, (1.0, 0.0), ZeroDivisionError),
    (K.truediv, (1, 0), ZeroDivisionError),
    (K.m_sqrt, (-1.0,), ValueError),
    (K.m_exp, (1000.0,), OverflowError),
    (K.m_log, (0.0,), ValueError),
    (K.sum_range3, (0, 5, 0), ValueError),
    (K.call_raising_callee, (1, 0), ZeroDivisionError),
], ids=lambda v: getattr(v, "__name__", repr(v)))
def test_runtime_exception_types(kernel, args, exc_type):
    exc = check(kernel, *args)
    assert isinstance(exc, exc_type)
    assert not isinstance(exc, TypingError)


def test_runtime_exception_then_normal_call():
    f = jitted(K.floordiv)
    with pytest.raises(ZeroDivisionError):
        f(7, 0)
    assert f(7, 2) == 3
    with pytest.raises(ZeroDivisionError):
        f(7, 0)
    assert f(-7, 2) == -4


def test_runtime_exception_message_is_python_like():
    with pytest.raises(ZeroDivisionError) as ei:
        jitted(K.floordiv)(1, 0)
    assert "zero" in str(ei.value)
    with pytest.raises(ValueError) as ei:
        jitted(K.m_sqrt)(-1.0)
    assert "domain" in str(ei.value)


def test_a_generator_is_pythons_when_called_from_python():
    # (compiled code runs it inlined into its loops: test_generators.py)
    assert list(ferrojit.njit(K.is_generator)(3)) == [0, 1, 2]
