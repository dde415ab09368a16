"""`with objmode(...)` blocks (crates/frontend/src/objmode.rs, crates/python/src/objmode.rs):
the block runs in the Python interpreter with the enclosing function's variables, and
its declared outputs come back to compiled code with the declared types. Against
CPython (where `objmode` is a context manager that does nothing): results, prints,
writes to arrays, exceptions."""

import time

import numpy as np
import pytest

import ferrojit
from ferrojit import objmode
from conftest import run_exact_exceptions
from ferrojit.errors import TypingError

import ferrojit as numba  # noqa: E402  (`numba.objmode` spelling)


def same(fn, *args):
    expected, got, exc, call = run_exact_exceptions(fn, *args)
    if exc is None:
        assert got == expected, call
    return got


def python_only(v):
    # something compiled code cannot do: a dict, a sorted list of strings
    d = {"a": v, "b": v * 2}
    return sorted(d.values())[-1] + len(str(d))


def numbers(x, n):
    s = 0.0
    for i in range(n):
        s += x * i
    with objmode(y="float64", k="int64"):
        y = python_only(s)
        k = int(y) % 7
    return y + k, s


def arrays_in_and_out(a):
    total = a.sum()
    with objmode(b="float64[:]", c="int64[:, :]"):
        a[0] = -1.0          # a view of the same memory: seen by compiled code
        b = np.sort(a)[::-1].copy()
        c = np.arange(6).reshape(2, 3)
    return total, b.sum() + c.sum(), a[0], b[0], c[1, 2]


def strings_and_tuples(n):
    label = "n=" + str(n)
    with numba.objmode(out="str", pair="Tuple(int64, float64)"):
        out = label.upper() + "!" * n
        pair = (n * 2, n / 4)
    return out, pair


def no_outputs(x):
    with objmode():
        print("from Python:", x)
    return x + 1


def in_a_loop(n):
    acc = 0
    for i in range(n):
        with objmode(v="int64"):
            v = i ** 3 % 11
        acc += v
    return acc


def raises_inside(x):
    with objmode(y="float64"):
        if x < 0:
            raise ValueError(f"negative: {x}")
        y = x ** 0.5
    return y


def timing(n):
    with objmode(t0="float64"):
        t0 = time.perf_counter()
    s = 0
    for i in range(n):
        s += i
    with objmode(t1="float64"):
        t1 = time.perf_counter()
    return s, t1 >= t0


@pytest.mark.parametrize("x,n", [(1.5, 4), (0.0, 0), (-2.0, 10)])
def test_numbers(x, n):
    same(numbers, x, n)


def test_arrays_are_views_in_and_copies_out():
    a1, a2 = np.linspace(0.0, 3.0, 7), np.linspace(0.0, 3.0, 7)
    expected = arrays_in_and_out(a1)
    got = ferrojit.njit(arrays_in_and_out)(a2)
    assert got == expected
    np.testing.assert_array_equal(a2, a1)  # the write inside the block is seen


@pytest.mark.parametrize("n", [0, 3])
def test_strings_and_tuples(n):
    same(strings_and_tuples, n)


def test_print_and_loops(capsys):
    no_outputs(4)
    expected = capsys.readouterr().out
    assert ferrojit.njit(no_outputs)(4) == 5
    assert capsys.readouterr().out == expected
    same(in_a_loop, 12)


@pytest.mark.parametrize("x", [4.0, -1.0])
def test_exceptions_come_through(x):
    same(raises_inside, x)


def test_timing():
    assert ferrojit.njit(timing)(1000) == (499500, True)


def test_no_leaks():
    f = ferrojit.njit(arrays_in_and_out)
    f(np.ones(5))
    before = ferrojit._native.live_allocations()
    for _ in range(10):
        f(np.ones(5))
        ferrojit.njit(strings_and_tuples)(2)
    assert ferrojit._native.live_allocations() == before


def test_wrong_output_type_is_a_clear_error():
    def wrong(x):
        with objmode(y="int64[:]"):
            y = np.zeros(3)  # float64, declared int64
        return y

    with pytest.raises(TypeError, match="objmode output"):
        ferrojit.njit(wrong)(1)

    def bad_decl(x):
        with objmode(y="no_such_type"):
            y = x
        return y

    with pytest.raises(TypingError, match="objmode output `y`"):
        ferrojit.njit(bad_decl)(1)


def reversed_of(x):
    return np.asarray(list(reversed(x.tolist())))


def output_also_read(n):
    # (Numba's objmode docstring example: an output assigned before the block and
    # updated inside it is passed in)
    x = np.arange(n)
    y = np.zeros_like(x)
    with objmode(y="intp[:]"):
        y += reversed_of(x)
    return y


ARRAY_TYPE = ferrojit.types.int64[:]


def output_type_object(n):
    x = np.arange(n)
    y = np.zeros_like(x)
    with objmode(y=ARRAY_TYPE):
        y += reversed_of(x)
    return y


@pytest.mark.parametrize("fn", [output_also_read, output_type_object])
def test_an_output_read_inside_the_block_and_an_array_type_object(fn):
    np.testing.assert_array_equal(ferrojit.njit(fn)(5), fn(5))
