"""The typed-IR rewrites of crates/frontend/src/optimize.rs keep CPython's results and
exceptions: small leaf callees inlined into their callers, and views indexed on their
last axis that stay the same over two or more loops copied once (lazily, at their first
use). Each kernel runs under CPython and compiled, on the same inputs.
"""

import numpy as np
import pytest

import ferrojit
from conftest import pure
from ferrojit import _native


def column_sum(a, i, j):
    return np.sum(a[:, i, j] * 2.0)


def feature(a, y1, x1, y2, x2):
    r = a[:, y2, x2] + a[:, y1, x1] - a[:, y1, x2] - a[:, y2, x1]
    r /= np.sqrt(np.sum(r * r)) + 1.0
    return r


def pair(x, y):
    t = x * 2
    return t, y - t


def raises_when_negative(x):
    if x < 0:
        raise ValueError("negative")
    return x + 1


def looping_leaf(n, x):
    s = x
    for i in range(n):
        s = s * 0.5 + i
    return s


column_sum = ferrojit.njit(column_sum)
feature = ferrojit.njit(feature)
pair = ferrojit.njit(pair)
raises_when_negative = ferrojit.njit(raises_when_negative)
looping_leaf = ferrojit.njit(looping_leaf)


def search(a, limit):
    best = 1e300
    where = (0, 0, 0, 0)
    for y2 in range(a.shape[1]):
        for x2 in range(a.shape[2]):
            for y1 in range(y2):
                for x1 in range(x2):
                    if (y2 - y1) + (x2 - x1) < limit:
                        t = feature(a, y1, x1, y2, x2)
                        s = np.sum(t * t)
                        if s < best:
                            best = s
                            where = (y1, x1, y2, x2)
    return best, where


def written_inside(a):
    total = 0.0
    for i in range(a.shape[1]):
        for k in range(3):
            for m in range(2):
                v = a[:, i, 0] * 1.0
                total += np.sum(v)
                a[0, i, 0] += 1.0
    return total


def written_through_a_view(a):
    total = 0.0
    b = a[1:]
    for i in range(a.shape[1]):
        for k in range(3):
            for m in range(2):
                total += np.sum(a[:, i, 0] + 0.0)
                b[0, i, 0] = b[0, i, 0] * 2.0 + 1.0
    return total


def index_changes_inside(a):
    total = 0.0
    for i in range(a.shape[1]):
        j = 0
        for k in range(3):
            for m in range(2):
                total += np.sum(a[:, i, j] * 1.0)
                j = (j + 1) % a.shape[2]
    return total


def used_only_when(a, flag, j):
    total = 0.0
    for i in range(a.shape[1]):
        for k in range(3):
            for m in range(2):
                if flag:
                    total += np.sum(a[:, i, j] * 1.0)
    return total


def calls(x, n):
    s = 0.0
    for i in range(n):
        u, v = pair(x + i, 3)
        s += u - v + looping_leaf(i, x) + column_sum(np.ones((2, 3, 4)), 1, 2)
    return s, raises_when_negative(n - 3)


def same(expected, got):
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected)
        for e, g in zip(expected, got):
            same(e, g)
    elif isinstance(expected, float):
        # np.sum's pairwise order vs the compiled sum's partial sums: not bit-identical
        assert isinstance(got, float) and got == pytest.approx(expected, rel=1e-12), (expected, got)
    else:
        assert type(got) is type(expected) and got == expected, (expected, got)


def image(seed=0, shape=(16, 7, 6)):
    return np.random.default_rng(seed).random(shape)


@pytest.mark.parametrize("limit", [0, 3, 6, 100])
def test_search_with_an_inlined_feature_and_a_hoisted_column(limit):
    a = image()
    expected = pure(search)(a, limit)   # the helpers it calls run as plain Python too
    f = ferrojit.njit(search)
    live = _native.live_allocations()
    same(expected, f(a, limit))
    assert _native.live_allocations() == live


def test_the_rewrites_happen():
    f = ferrojit.njit(search)
    f(image(), 5)
    ir = f.inspect_typed_ir()
    text = next(iter(ir.values()))
    assert "$hoisted" in text and "feature.r" in text
    assert "call feature" not in text


@pytest.mark.parametrize("kernel", [written_inside, written_through_a_view, index_changes_inside])
def test_no_hoisting_when_the_view_can_change(kernel):
    a1, a2 = image(1), image(1)
    expected = pure(kernel)(a1)
    f = ferrojit.njit(kernel)
    same(expected, f(a2))
    np.testing.assert_array_equal(a1, a2)
    text = next(iter(f.inspect_typed_ir().values()))
    assert "$hoisted" not in text


def test_a_hoisted_view_is_evaluated_only_where_python_evaluates_it():
    a = image(2)
    f = ferrojit.njit(boundscheck=True)(used_only_when)
    same(pure(used_only_when)(a, True, 3), f(a, True, 3))
    # never used: an out-of-range column is never read, in CPython or compiled
    same(pure(used_only_when)(a, False, 99), f(a, False, 99))
    with pytest.raises(IndexError):
        pure(used_only_when)(a, True, 99)
    with pytest.raises(IndexError):
        f(a, True, 99)
    assert "$hoisted" in next(iter(f.inspect_typed_ir().values()))


@pytest.mark.parametrize("n", [0, 2, 5])
def test_inlined_calls_and_their_exceptions(n):
    f = ferrojit.njit(calls)
    try:
        expected = pure(calls)(1.5, n)
    except ValueError as e:
        with pytest.raises(ValueError, match=str(e)):
            f(1.5, n)
        return
    same(expected, f(1.5, n))


def search_reversed(a):
    best = -1
    for y2 in range(a.shape[1]):
        for x2 in range(a.shape[2]):
            for y1 in range(y2):
                for x1 in range(x2):
                    t = a[::-1, y2, x2] + a[::-1, y1, x1]
                    s = t.max()
                    if s > best:
                        best = s
    return best


@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "int64", "uint8", "int16"])
def test_hoisted_gathers_of_every_dtype_and_a_reversed_axis(dtype):
    a = (np.random.default_rng(5).random((9, 5, 4)) * 100).astype(dtype)
    f = ferrojit.njit(search_reversed)
    assert f(a) == pure(search_reversed)(a)
    assert "$hoisted" in next(iter(f.inspect_typed_ir().values()))
    # a strided (non-contiguous) image too
    b = np.repeat(a, 2, axis=2)[:, :, ::2]
    assert f(b) == pure(search_reversed)(b)
