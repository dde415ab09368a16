"""`for ... else` and `while ... else` (desugared to a flag: crates/frontend/src/desugar.rs),
against CPython on many inputs."""

import numpy as np
import pytest

import ferrojit


def find_first(a, x):
    for i in range(a.shape[0]):
        if a[i] == x:
            break
    else:
        return -1
    return i


def while_else(n, stop):
    i = 0
    total = 0
    while i < n:
        if i == stop:
            total += 100
            break
        total += i
        i += 1
    else:
        total = -total
    return total


def nested(n):
    found = 0
    for i in range(n):
        for j in range(i):
            if (i * j) % 7 == 6:
                break
        else:
            found += 1
            continue
        found += 10
        if found > 40:
            break
    else:
        found = -found
    return found


def primes_below(n):
    count = 0
    for k in range(2, n):
        d = 2
        while d * d <= k:
            if k % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def over_array(a):
    s = 0.0
    for x in a:
        if x < 0:
            s = x
            break
    else:
        s = a.sum() if a.shape[0] > 0 else 0.0
    return s


CASES = [
    (find_first, [(np.arange(5), 3), (np.arange(5), 9), (np.arange(0), 1)]),
    (while_else, [(5, 2), (5, 9), (0, 0), (3, 0)]),
    (nested, [(n,) for n in range(0, 15)]),
    (primes_below, [(n,) for n in (0, 2, 3, 10, 50)]),
    (over_array, [(np.array([1.0, 2.0]),), (np.array([1.0, -2.0, 3.0]),), (np.zeros(0),)]),
]


@pytest.mark.parametrize("func,inputs", CASES, ids=[c[0].__name__ for c in CASES])
def test_loop_else_matches_cpython(func, inputs):
    compiled = ferrojit.njit(func)
    for args in inputs:
        want, got = func(*args), compiled(*args)
        assert got == want and type(got) is type(float(got) if isinstance(want, float) else want), (args, got, want)
