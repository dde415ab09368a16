"""Names that change type (issue 20): each assignment is its own definition, as in
CPython; types unify only where control flow merges. CPython is the oracle: every kernel
runs interpreted and compiled on the same inputs."""

import numpy as np
import pytest

import ferrojit
from ferrojit.errors import TypingError


def reshaped_sum(arr):
    arr = arr.reshape(-1)
    return arr.sum(), arr.shape[0]


def array_then_number(x):
    x = x.sum()
    x = x * 2
    return x


def int_float_array(n):
    t = n // 2
    t = float(t) / 3
    t = np.full(3, t)
    return t


def loop_variable_reused(n, a):
    s = 0.0
    for i in range(n):
        s += i
    for i in a:
        s += i * 0.5
    return s, i


def tuple_then_scalar(n):
    v = (n, n + 1)
    total = v[0] + v[1]
    v = total * 1.5
    return v


def rebound_in_each_branch(n):
    if n > 2:
        x = np.arange(n)
        r = x.sum()
    else:
        x = 1.5
        r = x
    return r


def merge_widens(n):
    y = 1
    if n > 2:
        y = 2.5
    return y


def loop_carried(n):
    x = 0
    for i in range(n):
        x = x + 0.5
    return x


def parameter_rebound(x):
    y = x
    x = x / 4
    x = (x, y)
    return x


def while_break_value(n):
    x = 1
    while n > 0:
        if n % 3 == 0:
            x = np.ones(2)
            return float(x.sum())
        n -= 1
    return float(x)


CASES = [
    (reshaped_sum, [(np.arange(6.0).reshape(2, 3),), (np.ones((3, 1)),), (np.empty((0, 4)),)]),
    (array_then_number, [(np.arange(5.0),), (np.array([1.5, -2.0]),)]),
    (int_float_array, [(7,), (0,), (-5,)]),
    (loop_variable_reused, [(3, np.array([1.0, 2.0])), (0, np.array([4.0]))]),
    (tuple_then_scalar, [(3,), (-1,)]),
    (parameter_rebound, [(7,), (-3,)]),
    (while_break_value, [(0,), (4,), (7,)]),
]


def kind(x):
    if isinstance(x, (bool, np.bool_)):
        return "b"
    return "i" if isinstance(x, (int, np.integer)) else "f"


def same(a, b):
    """Equal values of the same kind (NumPy and Python scalars of one kind agree)."""
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    return kind(a) == kind(b) and a == b


@pytest.mark.parametrize("func,inputs", CASES, ids=[c[0].__name__ for c in CASES])
def test_rebinding_matches_cpython(func, inputs):
    compiled = ferrojit.njit(func)
    for args in inputs:
        want = func(*args)
        got = compiled(*args)
        assert same(want, got), (func.__name__, args, want, got)


MERGES = [
    (rebound_in_each_branch, [(1,), (5,)]),
    (merge_widens, [(1,), (5,)]),
    (loop_carried, [(0,), (3,)]),
]


@pytest.mark.parametrize("func,inputs", MERGES, ids=[c[0].__name__ for c in MERGES])
def test_merged_int_and_float_widen_to_float(func, inputs):
    """Where an int and a float definition merge, the variable is float64 (documented
    in docs/supported.md: compiled variables have one type at a merge)."""
    compiled = ferrojit.njit(func)
    for args in inputs:
        want, got = func(*args), compiled(*args)
        assert type(got) is float and got == want, (func.__name__, args, want, got)


def test_incompatible_merge_names_both_lines():
    def f(n):
        v = (1, 2)
        for i in range(n):
            v = 1.5
        return v
    with pytest.raises(TypingError) as e:
        ferrojit.njit(f)(3)
    msg = str(e.value)
    first = f.__code__.co_firstlineno
    assert "variable `v` cannot hold both (int64, int64)" in msg
    assert f"(assigned on line {first + 1})" in msg and "float64" in msg
    assert f":{first + 3}:" in msg  # points at `v = 1.5`


def test_unbound_on_some_paths_still_raises():
    def f(n):
        if n > 0:
            v = n
        w = v + 1
        v = 2.5
        return v, w
    g = ferrojit.njit(f)
    assert g(3) == f(3)
    with pytest.raises(UnboundLocalError) as e:
        g(0)
    with pytest.raises(UnboundLocalError) as e2:
        f(0)
    assert str(e.value) == str(e2.value)


def test_locals_declaration_applies_to_every_definition():
    def f(n):
        x = n
        y = x * 2
        x = n + 1
        return x, y
    g = ferrojit.njit(locals={"x": ferrojit.types.float64})(f)
    assert g(3) == (4.0, 6.0)


def test_dump_types_prints_each_line(capfd, monkeypatch):
    monkeypatch.setenv("FERROJIT_DUMP_TYPES", "1")
    ferrojit.njit(int_float_array)(7)
    out = capfd.readouterr().out
    assert "t = n // 2" in out and "# t = int64" in out
    assert "# t = float64" in out and "# t = array(float64, 1d, C)" in out


def test_numpy_names_resolve_by_full_path():
    def emath_sqrt(x):
        return np.emath.sqrt(x)

    def ma_sum(a):
        return np.ma.sum(a)

    def norm(a):
        return np.linalg.norm(a)

    with pytest.raises(TypingError, match=r"`numpy\.emath\.sqrt` is not supported"):
        ferrojit.njit(emath_sqrt)(-4.0)
    with pytest.raises(TypingError, match=r"`numpy\.ma\.sum` is not supported"):
        ferrojit.njit(ma_sum)(np.ones(3))

    def eig(a, b):
        return np.linalg.eig(a)

    def keepdims(a):
        return np.sum(a, keepdims=True)
    with pytest.raises(TypingError, match=r"`numpy\.linalg\.eig` is not supported"):
        ferrojit.njit(eig)(np.eye(2), np.ones(2))
    with pytest.raises(TypingError, match=r"keyword `keepdims` is not supported"):
        ferrojit.njit(keepdims)(np.ones(3))
    assert ferrojit.njit(norm)(np.array([3.0, 4.0])) == 5.0


def test_cfunc_takes_jit_options():
    def inv(x):
        return 1.0 / x
    numpy_model = ferrojit.cfunc("float64(float64)", error_model="numpy")(inv)
    assert numpy_model.ctypes(0.0) == float("inf")
    with pytest.raises(TypeError, match="unknown cfunc option"):
        ferrojit.cfunc("float64(float64)", bogus=1)
    with pytest.raises(TypeError, match="error_model"):
        ferrojit.cfunc("float64(float64)", error_model="c")
