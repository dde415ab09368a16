"""`print` in compiled code (crates/runtime/src/print.rs, crates/python/src/print.rs),
against CPython: the same text for numbers of every type, None, bools and string
constants, `sep`/`end`/`flush`, output through `sys.stdout` (redirect_stdout, capsys)
or `file=sys.stderr`,
from loops, from `nogil=True` functions and threads, and the errors for what is not
supported."""

import contextlib
import io
import math
import sys
import sys as system
import threading

import numpy as np
import pytest

import ferrojit
from conftest import jitted, pure
from ferrojit.errors import TypingError


def both_print(fn, *args):
    """(CPython's output, ferrojit's output, both results)."""
    out = []
    for f in (pure(fn), jitted(fn)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            r = f(*args)
        out.append((buf.getvalue(), r))
    (py_text, py_r), (jit_text, jit_r) = out
    assert jit_text == py_text
    assert jit_r == py_r
    return py_text


def numbers(x, n, flag):
    print(x, n, flag, None)
    print(x / 3, -x, x * 1e300, n // 7, n * 1.0)
    print()
    return n


def separators(x, n):
    print("a", x, n, sep="")
    print("b", x, sep=", ", end=" <end>\n")
    print(n, end="")
    print(sep=None, end=None)
    print("c", flush=True)
    return 0


def in_a_loop(n):
    total = 0
    for i in range(n):
        total += i
        if i % 3 == 0:
            print("i =", i, "total =", total)
    return total


def numpy_scalars(a, b):
    for i in range(a.shape[0]):
        print(a[i], b[i], a[i] * 2, np.float32(0.1) + a[i])
    print(a.sum(), np.int8(-5), np.uint64(2**64 - 1), np.bool_(True))
    return 0


FLOATS = [0.0, -0.0, 0.1, 1.5, 1e16, 1e-7, 123456789.125, math.inf, -math.inf, math.nan, 2.0**60]


@pytest.mark.parametrize("x", FLOATS)
@pytest.mark.parametrize("n", [0, -7, 2**62, 10**15])
def test_numbers_print_as_cpython_prints_them(x, n):
    both_print(numbers, x, n, n > 0)


@pytest.mark.parametrize("x,n", [(0.5, 3), (-1e20, -2)])
def test_sep_end_flush(x, n):
    assert both_print(separators, x, n).startswith("a")


@pytest.mark.parametrize("n", [0, 1, 10])
def test_print_in_a_loop(n):
    both_print(in_a_loop, n)


@pytest.mark.parametrize("dtype", [np.float32, np.int8, np.uint16, np.int64, np.float64])
def test_numpy_scalars_print_as_numpy_prints_them(dtype):
    a = (np.arange(4) * 1.25).astype(dtype)
    both_print(numpy_scalars, a, a[::-1].copy())


def test_output_goes_through_sys_stdout(capsys):
    jitted(in_a_loop)(4)
    assert capsys.readouterr().out == "i = 0 total = 0\ni = 3 total = 6\n"


def nogil_printer(k, n):
    for i in range(n):
        print("thread", k, "line", i)
    return n


def test_print_from_nogil_threads():
    f = ferrojit.njit(nogil_printer, nogil=True)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        threads = [threading.Thread(target=f, args=(k, 50)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    lines = buf.getvalue().splitlines()
    assert sorted(lines) == sorted(f"thread {k} line {i}" for k in range(4) for i in range(50))


class Closed(io.StringIO):
    def write(self, s):
        raise ValueError("I/O operation on closed file.")


def test_an_exception_from_print_propagates():
    with contextlib.redirect_stdout(Closed()):
        with pytest.raises(ValueError, match="closed file"):
            jitted(in_a_loop)(2)


def prints_function(f):
    print(f)
    return 0


def prints_fstring(x):
    print(f"{x}|{x:8.3f}|{x!r}", f"{-x:e}")
    return 0


def prints_to_a_computed_file(x):
    print(x, file=[sys.stdout, sys.stderr][0])
    return 0


def prints_to_both_streams(x, n):
    print("out", x, n)
    print("err", x, sep="-", end="|\n", file=sys.stderr)
    print("out again", file=None)
    print(f"{x:.2f}", n, file=system.stderr, flush=True)
    print(n, file=sys.stdout)
    return n


def prints_starred(x, n):
    t = (x, n, "s")
    print(*t)
    print("a", *(n, x * 2), sep=", ")
    print(*())
    print(*(x, (n, n)), end="!\n")
    return n


@pytest.mark.parametrize("x, n", [(1.5, 3), (-0.0, -7)])
def test_starred_tuples(x, n):
    both_print(prints_starred, x, n)


def test_file_sys_stderr_and_stdout():
    """`file=sys.stderr` / `sys.stdout` / None, looked up when the print runs (so
    redirect_stderr sees it), in CPython's order on each stream."""
    texts = []
    for f in (pure(prints_to_both_streams), jitted(prints_to_both_streams)):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert f(2.5, 7) == 7
        texts.append((out.getvalue(), err.getvalue()))
    assert texts[1] == texts[0]
    assert texts[0][1] == "err-2.5|\n2.50 7\n"


@pytest.mark.parametrize("fn,arg,message", [
    (prints_function, abs, "print() of a function"),
    (prints_to_a_computed_file, 1.0, "print()'s `file` must be sys.stdout or sys.stderr"),
])
def test_unsupported_print_arguments_name_the_line(fn, arg, message):
    with pytest.raises(TypingError) as e:
        ferrojit.njit(fn)(arg)
    assert message in str(e.value) and "test_print.py:" in str(e.value)


@pytest.mark.parametrize("x", [1.0, -2.5, 1e20, 0.1])
def test_fstrings_print_as_cpython(capsys, x):
    prints_fstring(x)
    expected = capsys.readouterr().out
    ferrojit.njit(prints_fstring)(x)
    assert capsys.readouterr().out == expected


def _optional_strings(n):
    s = None
    if n > 2:
        s = "big" + str(n)
    print(s, n)
    t = "x" if n % 2 else None
    print("t:", t, sep="")
    return n


@pytest.mark.parametrize("n", [1, 3, 4])
def test_print_of_a_string_that_may_be_none(n):
    # (the fuzzer's most frequent TypingError: "print() of a optional(str) is not supported")
    both_print(_optional_strings, n)
