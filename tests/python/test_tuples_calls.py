"""Tuples (packing, unpacking, swaps, nested returns), globals, calls between
jitted functions (recursion, defaults, keywords) and calls from Python with
keywords and defaults."""

import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import ferrojit
import kernels as K
from conftest import (
    bools,
    check,
    check_eq,
    floats_all,
    int64s,
    ints_addsub,
    ints_mul,
    ints_small,
)

HERE = os.path.dirname(os.path.abspath(__file__))
nan = float("nan")


# ---------------------------------------------------------------------------
# Tuples
# ---------------------------------------------------------------------------
same_type_pairs = st.one_of(st.tuples(int64s, int64s), st.tuples(floats_all, floats_all),
                            st.tuples(bools, bools))


@given(same_type_pairs)
def test_swap(pair):
    check(K.swap, *pair)


@given(st.integers(-1000, 1000), st.floats(-1e3, 1e3))
def test_swap_mixed_types_keeps_each_type(i, f):
    """``a, b = b, a`` with an int and a float: each assignment is its own definition
    (issue 20), so the values keep their types, as in CPython."""
    got = check(K.swap, i, f)
    assert [type(v) for v in got] == [float, int]


@pytest.mark.parametrize("n", [0, 1, 2, 10, 50, 90])
def test_swap_update_fib_pair(n):
    check(K.fib_pair, n)


@given(ints_mul, ints_mul)
def test_return_nested_tuple_ints(a, b):
    check(K.return_nested, a, b)


@given(floats_all, floats_all)
def test_return_nested_tuple_floats(a, b):
    check(K.return_nested, a, b)


@given(st.integers(-(2**52), 2**52), floats_all)
@example(0, nan)
@example(3, 3.0)
def test_return_heterogeneous_tuple(i, f):
    """Each element keeps its own type: (int, float, bool, int, float)."""
    got = check(K.return_mixed, i, f)
    assert [type(v) for v in got] == [int, float, bool, int, float]


@pytest.mark.parametrize("x", [1, 2.5, True, -0.0])
def test_single_element_tuple(x):
    check(K.single_tuple, x)


@given(int64s, floats_all, bools)
def test_unpack_tuple_variable(a, b, c):
    check(K.unpack_tuple_var, a, b, c)


@given(ints_mul, ints_mul, ints_mul)
def test_nested_unpacking(a, b, c):
    check(K.nested_unpack, a, b, c)


@given(st.one_of(st.tuples(int64s, int64s, int64s),
                 st.tuples(floats_all, floats_all, floats_all)))
def test_rotate_three(triple):
    check(K.rotate3, *triple)


@given(st.one_of(ints_addsub, floats_all))
def test_chained_assignment(a):
    check(K.multi_target, a)


@given(st.integers(0, 10**6))
def test_tuple_assignment_in_loop(n):
    check(K.tuple_in_loop, n)


# ---------------------------------------------------------------------------
# Globals
# ---------------------------------------------------------------------------
@given(st.one_of(ints_mul, floats_all))
def test_numeric_globals(x):
    check(K.use_globals, x)


@given(int64s)
def test_bool_global(x):
    check(K.use_global_flag, x)


@given(ints_addsub)
def test_big_int_global(x):
    check(K.use_big_global, x)


def test_float_global_keeps_sign_of_zero():
    check(K.use_neg_zero_global)


def test_global_is_frozen_at_compile_time(monkeypatch):
    """Globals are read when the function is compiled: rebinding the global
    afterwards does not change the compiled result (Numba's behaviour)."""
    f = ferrojit.njit(K.use_frozen)
    assert f(3) == 21
    monkeypatch.setattr(K, "FROZEN", 100)
    assert K.use_frozen(3) == 300  # plain Python sees the new value
    assert f(3) == 21              # the compiled specialisation does not
    assert len(f.signatures) == 1


# ---------------------------------------------------------------------------
# Calls between jitted functions
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("n", [0, 1, 2, 10, 20, 25])
def test_self_recursion_fib(n):
    check(K.fib_rec, n)
    check(K.call_fib_rec, n)


def test_self_recursion_direct_call_from_python():
    assert K.fib_rec(20) == 6765
    assert type(K.fib_rec(20)) is int
    assert K.fib_rec.py_func(10) == 55


@pytest.mark.parametrize("n", [0, 1, 5, 20])
def test_self_recursion_factorial(n):
    check(K.jfact, n)


@pytest.mark.parametrize("n", [0, 1, 5, 20])
def test_self_recursion_through_the_plain_name(n):
    """jit(f) where f calls itself by its own (undecorated) global name."""
    check(K.fact_plain, n)


def test_runaway_recursion_raises_recursionerror():
    """Unbounded recursion raises RecursionError as in CPython instead of
    overflowing the native stack (run in a subprocess: a crash must not take
    the test session down)."""
    code = textwrap.dedent("""
        import sys
        sys.path.insert(0, sys.argv[1])
        import kernels
        try:
            kernels.jrunaway(0)
        except RecursionError:
            print("RECURSION-OK")
        print(kernels.fib_rec(15))
    """)
    proc = subprocess.run([sys.executable, "-c", code, HERE], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, f"exit code {proc.returncode}\n{proc.stderr[-3000:]}"
    assert "RECURSION-OK" in proc.stdout
    assert "610" in proc.stdout


@given(ints_small, ints_small)
def test_call_chain_of_jitted_functions(a, b):
    check(K.call_chain, a, b)


@given(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3))
def test_call_chain_of_jitted_functions_float(a, b):
    check(K.call_chain, a, b)


@given(ints_mul, floats_all)
def test_callee_specialised_for_two_types_in_one_caller(i, f):
    check(K.call_two_specialisations, i, f)


@given(int64s, int64s.filter(lambda v: v != 0))
def test_callee_returning_tuple(a, b):
    check(K.call_tuple_callee, a, b)


@pytest.mark.parametrize("a", [0, 5, -5])
def test_exception_propagates_through_jitted_callee(a):
    exc = check(K.call_raising_callee, a, 0)
    assert isinstance(exc, ZeroDivisionError)


@given(ints_small)
@example(0)
@example(10)
@example(11)
def test_jitted_callee_defaults_and_keywords(x):
    check(K.call_defaults, x)


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_jitted_callee_float_defaults_and_keywords(a, x):
    check(K.call_kwargs, a, x)


@pytest.mark.parametrize("n", [0, 1, 10, 200])
def test_self_recursion_with_keyword_arguments(n):
    check(K.call_recursive_with_keywords, n)


@given(st.one_of(ints_small, st.floats(-1e6, 1e6)))
def test_callee_default_of_another_type(x):
    """jplus(x) with an int x and a float default gives a float, as in CPython;
    jplus(x, 2) with two ints stays an int."""
    check(K.call_default_of_other_type, x)


@pytest.mark.parametrize("n", [0, 1, 100])
def test_jitted_call_in_loop(n):
    check(K.call_in_loop, n)


# ---------------------------------------------------------------------------
# Calls from Python: keywords and default values
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("args,kwargs", [
    ((3,), {}),
    ((3, 4), {}),
    ((3, 4, 1.5), {}),
    ((3,), {"y": 4}),
    ((3,), {"z": -1.5}),
    ((), {"x": 3, "z": 2.5}),
    ((), {"z": 2.5, "y": 7, "x": 3}),
    ((2.5,), {"y": 0.5}),
], ids=repr)
def test_python_call_with_keywords_and_defaults(args, kwargs):
    check(K.with_defaults, *args, **kwargs)


@pytest.mark.parametrize("args,kwargs", [
    ((), {}),
    ((3,), {}),
    ((3, 0.5), {}),
    ((3, 0.5, False), {}),
    ((), {"c": False}),
    ((), {"b": 4.0, "a": 2}),
], ids=repr)
def test_python_call_all_defaults(args, kwargs):
    check(K.all_defaults, *args, **kwargs)


def test_keyword_positional_and_default_calls_agree():
    f = ferrojit.njit(K.with_defaults)
    assert f(1, 2, 0.5) == 2.5
    assert f(1) == 2.5
    assert f(x=1, z=0.5, y=2) == 2.5
    assert f(1, z=1.0) == 3.0


@given(st.integers(-100, 100), st.integers(-100, 100))
def test_jitted_callee_called_from_python_with_keywords(x, lo):
    got = K.jclamp(x, lo=lo)
    assert got == K.jclamp.py_func(x, lo=lo)
    assert K.jclamp(hi=x, x=lo) == K.jclamp.py_func(lo, hi=x)
