"""Fusion, checked with the runtime's allocation counter: an element-wise expression
makes one array (its result), a reduction of one makes none, and broadcasting over a
new axis followed by a reduction makes no 3-D temporary."""

import numpy as np
import pytest

import ferrojit
from ferrojit import _native


def sum_of_squares(r):
    return np.sum(r * r)


def distance(t, q):
    return np.sqrt(np.sum((t - q) * (t - q)))


def chain(a, b, c, d):
    return a * b + c - d / 2.0


def pdist_numpy(xs):
    return np.sqrt(((xs[:, None, :] - xs) ** 2).sum(-1))


def normalised(v):
    v = v * 1.0
    v /= np.sqrt(np.sum(v * v))
    return v


def allocations(f, *args):
    jf = ferrojit.njit(f)
    expected = f(*args)
    jf(*args)  # compile
    before = _native.total_allocations()
    got = jf(*args)
    return _native.total_allocations() - before, got, expected


@pytest.mark.parametrize("n", [1, 7, 1000])
def test_reduction_of_an_elementwise_expression_allocates_nothing(n):
    r = np.random.default_rng(n).standard_normal(n)
    count, got, expected = allocations(sum_of_squares, r)
    assert count == 0
    assert got == pytest.approx(expected, rel=1e-12)
    t, q = r, r[::-1].copy()
    count, got, expected = allocations(distance, t, q)
    assert count == 0
    assert got == pytest.approx(expected, rel=1e-12)


def test_elementwise_expression_writes_one_result():
    rng = np.random.default_rng(0)
    a, b, c, d = (rng.standard_normal((30, 40)) for _ in range(4))
    count, got, expected = allocations(chain, a, b, c, d)
    assert count == 1
    np.testing.assert_array_equal(got, expected)


def test_broadcast_then_reduce_has_no_3d_temporary():
    xs = np.random.default_rng(1).standard_normal((200, 3))
    count, got, expected = allocations(pdist_numpy, xs)
    # Only the (200, 200) result: no (200, 200, 3) temporary, no separate sqrt pass array.
    assert count == 1
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=1e-14)


def test_in_place_normalisation_allocates_only_its_copy():
    v = np.random.default_rng(2).standard_normal(512)
    count, got, expected = allocations(normalised, v)
    assert count == 1
    np.testing.assert_allclose(got, expected, rtol=1e-14)
