"""An element-wise result written into the memory of an array that dies with it.

`num = np.exp(z); s = num / np.sum(num)`: `num` is not read after the second line,
so compiled code computes `s` in `num`'s memory (crates/llvm/src/reuse.rs) when `num`
holds the only reference to it. Every test compares with NumPy run by CPython; the
allocation counters show when the memory was reused, and that nothing leaks. The
cases where it must *not* happen (the array is still visible somewhere) check that
the other holder still sees the old values.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ferrojit
from conftest import pure
from ferrojit import _native


def softmax(z):
    num = np.exp(z)
    s = num / np.sum(num)
    return s


def seed_softmax(z):
    num = np.exp(z)
    s = num / esum(z)
    return s


def esum(z):
    return np.sum(np.exp(z))


esum = ferrojit.jit("f8(f8[:])")(esum)


def kept_by_another_name(z):
    num = z * 2.0
    keep = num
    s = num + 1.0
    return s, keep


def returned_too(z):
    num = z * 2.0
    s = num + 1.0
    return s, num


def read_later(z):
    num = z * 2.0
    s = num + 1.0
    t = num.sum()
    return s, t


def reversed_view_in_the_same_map(z):
    num = z * 1.0
    s = num + num[::-1]
    return s


def shifted_slice_in_the_same_map(z):
    num = z * 1.0
    s = num[1:] - num[:-1]
    return s


def view_kept_in_a_variable(z):
    num = z * 1.0
    v = num[::-1]
    s = num * 3.0
    return s, v


def same_name(z):
    x = z * 1.0
    x = x * 3.0 + 1.0
    return x


def ping_pong(z, n):
    b = z * 1.0
    for _ in range(n):
        c = b * 0.5
        b = c + 1.0
    return b


def used_in_the_next_iteration(z, n):
    b = z * 1.0
    acc = 0.0
    for _ in range(n):
        c = b * 0.5
        acc += b[0]
    return c, acc


def broadcast_to_a_bigger_shape(a, m):
    x = a * 1.0
    y = x + m
    return y


def reduction_along_an_axis(m):
    x = m * 1.0
    y = x - x.sum(axis=1)[:, None]
    return y


def other_dtype(z):
    x = z * 2
    y = x / 3
    return y


def raises_after(z):
    num = z * 2.0
    s = num + 1.0
    if s[0] < 1e9:
        raise ValueError("after the reuse")
    return s


def inner(a):
    return a * 2.0


inner = ferrojit.njit(inner)


def caller_keeps_its_array(z):
    x = z * 1.0
    y = inner(x)
    return x, y


def branches(z, flag):
    x = z * 1.0
    if flag:
        y = x * 2.0
    else:
        y = x * 3.0 + x.sum()
    return y


jit = {f.__name__: ferrojit.njit(f) for f in [
    softmax, kept_by_another_name, returned_too, read_later, reversed_view_in_the_same_map,
    shifted_slice_in_the_same_map, view_kept_in_a_variable, same_name, ping_pong,
    used_in_the_next_iteration, broadcast_to_a_bigger_shape, reduction_along_an_axis,
    other_dtype, raises_after, caller_keeps_its_array, branches]}


def run(name, *args):
    """(expected, got, allocations made by the compiled call)."""
    # the oracle is plain Python: pure() also replaces the jitted callees (inner)
    expected = pure(globals()[name])(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    f = jit[name]
    f(*args)  # compile first
    live = _native.live_allocations()
    before = _native.total_allocations()
    got = f(*args)
    made = _native.total_allocations() - before
    del got
    assert _native.live_allocations() == live, "leaked"
    got = f(*args)
    return expected, got, made


def same(expected, got):
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected)
        for e, g in zip(expected, got):
            same(e, g)
    elif isinstance(expected, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == expected.dtype and got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-13, atol=0)
    else:
        assert got == pytest.approx(expected, rel=1e-13)


Z = np.linspace(-3.0, 2.0, 1001)


def test_softmax_reuses_the_exponentials():
    expected, got, made = run("softmax", Z)
    same(expected, got)
    assert made == 1


def test_the_seed_softmax_with_its_signatures():
    f = ferrojit.jit("f8[:](f8[:])")(seed_softmax)
    before = _native.total_allocations()
    s = f(Z)
    assert _native.total_allocations() - before == 1
    np.testing.assert_allclose(s, np.exp(Z) / np.sum(np.exp(Z)), rtol=1e-13)
    # a strided argument: still right
    np.testing.assert_allclose(f(Z[::3]), np.exp(Z[::3]) / np.sum(np.exp(Z[::3])), rtol=1e-13)
    assert esum(Z) == pytest.approx(np.sum(np.exp(Z)), rel=1e-13)


@pytest.mark.parametrize("name", [
    # still visible elsewhere: another variable, a returned value, a view in a variable
    "kept_by_another_name", "returned_too", "view_kept_in_a_variable",
    # read by a later statement
    "read_later",
    # other elements read by the same expression
    "reversed_view_in_the_same_map", "shifted_slice_in_the_same_map",
])
def test_memory_still_needed_is_not_overwritten(name):
    expected, got, made = run(name, Z)
    same(expected, got)
    assert made == 2




@pytest.mark.parametrize("n", [0, 1, 2, 7])
def test_loops_alternate_between_two_arrays(n):
    expected, got, made = run("ping_pong", Z, n)
    same(expected, got)
    assert made <= 2


@pytest.mark.parametrize("n", [1, 3])
def test_an_array_read_in_the_next_iteration_is_kept(n):
    expected, got, made = run("used_in_the_next_iteration", Z, n)
    same(expected, got)


def test_a_result_bigger_than_the_dying_array():
    a = np.arange(5.0)
    m = np.random.default_rng(3).random((7, 5))
    expected, got, made = run("broadcast_to_a_bigger_shape", a, m)
    same(expected, got)
    assert made == 2


def test_a_reduction_along_an_axis_of_the_dying_array():
    m = np.random.default_rng(4).random((6, 9))
    expected, got, _ = run("reduction_along_an_axis", m)
    same(expected, got)


def test_a_different_result_dtype_allocates():
    z = np.arange(12, dtype=np.int64)
    expected, got, made = run("other_dtype", z)
    same(expected, got)
    assert made == 2


def test_an_exception_after_the_reuse_frees_everything():
    f = jit["raises_after"]
    with pytest.raises(ValueError):
        f(Z)
    live = _native.live_allocations()
    for _ in range(20):
        with pytest.raises(ValueError, match="after the reuse"):
            f(Z)
    assert _native.live_allocations() == live


def test_a_callee_does_not_overwrite_its_callers_array():
    expected, got, _ = run("caller_keeps_its_array", Z)
    same(expected, got)
    np.testing.assert_array_equal(got[0], Z)


@pytest.mark.parametrize("flag", [True, False])
def test_branches(flag):
    expected, got, made = run("branches", Z, flag)
    same(expected, got)
    assert made == 1


def test_arguments_from_python_are_never_overwritten():
    z = Z.copy()
    r = inner(z)
    np.testing.assert_array_equal(z, Z)
    np.testing.assert_array_equal(r, Z * 2.0)


@given(n=st.integers(0, 300), k=st.integers(0, 4), step=st.sampled_from([1, 2, -1, -3]))
def test_hypothesis_softmax_and_loops(n, k, step):
    z = np.linspace(-5.0, 5.0, n)[::step]
    same(softmax(z.copy()), jit["softmax"](z))
    same(ping_pong(z.copy(), k), jit["ping_pong"](z, k))
    same(same_name(z.copy()), jit["same_name"](z))


# ---- memory of a variable that dies without being read by the new value ---------------


def loop_temporary(z, n):
    s = 0.0
    for i in range(n):
        t = z * float(i)
        s += t[0] + t[-1]
    return s


def another_dead_variable(z):
    t = z * 2.0
    s = t.sum()
    u = z + 1.0
    return s, u


def moved_on_last_use(z):
    y = z * 2.0
    w = y
    w += 1.0
    return w


def aliased_not_moved(z):
    y = z * 2.0
    w = y
    y[0] = 5.0
    return w, y


for _f in [loop_temporary, another_dead_variable, moved_on_last_use, aliased_not_moved]:
    jit[_f.__name__] = ferrojit.njit(_f)


@pytest.mark.parametrize("n", [0, 1, 10, 50])
def test_a_loop_temporary_reuses_its_memory(n):
    expected, got, made = run("loop_temporary", Z, n)
    same(expected, got)
    assert made <= 1


@pytest.mark.parametrize("name", [
    "same_name",              # x = x * 3.0 + 1.0: in x's own memory
    "another_dead_variable",  # u takes t's memory (t dies there unread)
    "moved_on_last_use",      # w = y on y's last use, then w += 1.0 in place
])
def test_one_array_where_names_change(name):
    expected, got, made = run(name, Z)
    same(expected, got)
    assert made == 1


def test_aliases_still_share_memory():
    expected, got, _ = run("aliased_not_moved", Z)
    same(expected, got)
    w, y = jit["aliased_not_moved"](Z)
    assert w[0] == 5.0 and np.shares_memory(w, y)
