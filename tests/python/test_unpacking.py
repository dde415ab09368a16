"""`x, y = a` for arrays (issue 13), against CPython: elements of 1-D arrays, rows of
2-D ones, ValueError with CPython's message when the length differs, nothing assigned
before the check."""

import numpy as np
import pytest

from conftest import check, jitted, pure


def two(a):
    x, y = a
    return float(x) * 10 + float(y)


def three_ints(a):
    i, j, k = a
    return int(i) - int(j) * int(k)


def rows(m):
    r0, r1 = m
    return float(r0.sum() - 2 * r1.sum()), r0.shape[0]


def swap_then_unpack(a, x):
    y = -1.0
    try_me = a * 2
    x, y = try_me
    return float(x), float(y)


def in_a_loop(m):
    total = 0.0
    for row in m:
        p, q = row
        total = total * 2 + p - q
    return float(total)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5])
def test_unpacking_checks_the_length_like_cpython(n):
    a = np.arange(float(n)) + 0.5
    check(two, a)
    check(three_ints, np.arange(n, dtype=np.int32) + 2)
    check(swap_then_unpack, a, 7.0)


@pytest.mark.parametrize("shape", [(2, 3), (2, 1), (3, 2), (1, 4), (2, 0)])
def test_unpacking_rows(shape):
    m = np.arange(float(np.prod(shape))).reshape(shape)
    check(rows, m)
    check(rows, np.asfortranarray(m))


@pytest.mark.parametrize("shape", [(0, 2), (4, 2), (3, 3)])
def test_unpacking_in_a_loop(shape):
    check(in_a_loop, np.arange(float(np.prod(shape))).reshape(shape) ** 2)


def test_the_messages_are_cpythons():
    for n, message in [(3, "too many values to unpack (expected 2)"),
                       (1, "not enough values to unpack (expected 2, got 1)"),
                       (0, "not enough values to unpack (expected 2, got 0)")]:
        a = np.ones(n)
        with pytest.raises(ValueError) as py:
            pure(two)(a)
        with pytest.raises(ValueError) as jit:
            jitted(two)(a)
        assert str(jit.value) == str(py.value) == message
