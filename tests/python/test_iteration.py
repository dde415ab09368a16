"""`for` over enumerate / zip / reversed of ranges and arrays (crates/frontend/src/iteration.rs),
against CPython on many inputs: values, the order items come in, loop variables after the
loop, and the errors for what stays unsupported."""

import numpy as np
import pytest

import ferrojit
from conftest import check, jitted, pure
from ferrojit.errors import TypingError

BOUNDS = [(-4, 5), (5, -4), (0, 0), (3, 4), (0, 10)]


def enumerate_range(a, b, first):
    s = 0
    last = -99
    for i, x in enumerate(range(a, b)):
        s = s * 3 + i * 7 + x
        last = i
    for i, x in enumerate(range(a, b, 3), first):
        s = s * 3 + i * 7 + x
        last = i
    for i, x in enumerate(range(b, a, -2), start=first * 2):
        s = s * 3 + i * 7 + x
    return s, last, i


def enumerate_steps(a, b):
    s = 0
    for i, x in enumerate(range(a, b, 2)):
        s = s * 5 + i - x
    for i, x in enumerate(range(a, b, -3), 10):
        s = s * 5 + i * x
    for i, x in enumerate(range(b, a, -1), start=-2):
        s = s * 7 + i + x
    return s


def zip_ranges(a, b):
    s = 0
    count = 0
    for x, y in zip(range(a), range(b, 0, -1)):
        s = s * 3 + x * y
        count += 1
    for x, y, z in zip(range(a, b, 2), range(b), range(3, 20, 3)):
        s = s * 2 + x + y * z
        count += 1
    return s, count


def reversed_ranges(a, b):
    out = 0
    for x in reversed(range(a, b)):
        out = out * 3 + x
    for x in reversed(range(a, b, 3)):
        out = out * 3 - x
    for x in reversed(range(b, a, -2)):
        out = out * 5 + x
    return out


@pytest.mark.parametrize("a,b", BOUNDS)
def test_enumerate_zip_reversed_of_ranges(a, b):
    check(enumerate_steps, a, b)
    check(reversed_ranges, a, b)
    if a >= 0:
        check(zip_ranges, a, b)


@pytest.mark.parametrize("a,b", BOUNDS)
@pytest.mark.parametrize("first", [0, 1, -3, True])
def test_enumerate_of_a_range(a, b, first):
    check(enumerate_range, a, b, first)


def weighted(a):
    s = 0.0
    for i, x in enumerate(a):
        s += i * x
    return float(s)


def pairs(a, b):
    s = 0.0
    for x, y in zip(a, b):
        s = s * 0.5 + x * y
    return float(s)


def rows(m):
    total = 0.0
    for i, row in enumerate(m):
        for j, (x, y) in enumerate(zip(row, reversed(row))):
            total += (i + 1) * (j + 1) * (x - y)
    return float(total)


def backwards(a):
    s = 0.0
    for x in reversed(a):
        s = s * 0.5 + x
    return float(s)


def zip_array_range(a, n):
    s = 0.0
    k = -1
    for k, x in zip(range(n), a):
        s += k * x
    return float(s), k


ARRAYS = [np.array([]), np.array([1.5]), np.arange(7.0), np.linspace(-2, 3, 11)]


@pytest.mark.parametrize("a", ARRAYS, ids=lambda a: f"len{a.size}")
def test_over_arrays(a):
    check(weighted, a)
    check(backwards, a)
    check(pairs, a, a[::-1].copy())
    check(pairs, a, np.ones(3))
    for n in (0, 2, 20):
        check(zip_array_range, a, n)


@pytest.mark.parametrize("shape", [(0, 3), (1, 1), (3, 4), (4, 2)])
def test_rows_of_a_2d_array(shape):
    m = np.arange(float(np.prod(shape))).reshape(shape) ** 1.5
    check(rows, m)
    check(rows, np.asfortranarray(m))


def int_items(a):
    s = 0
    for i, x in enumerate(a[::2]):
        s += i * x
    return s


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint16, np.float32])
def test_item_types_follow_the_array(dtype):
    a = np.arange(9).astype(dtype)
    got, expected = jitted(int_items)(a), pure(int_items)(a)
    # (NumPy scalars come back as Python numbers: docs/supported.md)
    assert got == expected and isinstance(got, float) == (expected.dtype.kind == "f")


def zip_evaluates_arguments_once(a, counter):
    s = 0.0
    for x, y in zip(bump_array(counter, a), bump_array(counter, a)):
        s += x * y
    return float(s), counter[0]


@ferrojit.njit
def bump_array(counter, a):
    counter[0] += 1
    return a


def test_arguments_are_evaluated_once_before_the_loop():
    a = np.arange(5.0)
    got = jitted(zip_evaluates_arguments_once)(a, np.zeros(1, np.int64))
    assert got == pure(zip_evaluates_arguments_once)(a, np.zeros(1, np.int64)) == (30.0, 2)


def variable_step(n, k):
    s = 0
    for i, x in enumerate(range(0, n, k)):
        s += i * x
    return s


def reversed_enumerate(n):
    for i, x in reversed(enumerate(range(n))):
        return i
    return -1


def zip_strict(n):
    for x, y in zip(range(n), range(n), strict=True):
        return x
    return -1


@pytest.mark.parametrize("fn,message", [
    (variable_step, "step is not a constant"),
    (reversed_enumerate, "'enumerate' object is not reversible"),
    (zip_strict, "zip() keywords"),
])
def test_unsupported_forms_name_the_line(fn, message):
    args = (5, 2) if fn is variable_step else (5,)
    with pytest.raises(TypingError) as e:
        ferrojit.njit(fn)(*args)
    text = str(e.value)
    assert message in text and "test_iteration.py:" in text


def over_tuples(a, x):
    s = 0.0
    for n in a.shape:
        s = s * 10 + n
    for v in (1, x, True, 2.5):
        s = s * 2 + v
    for i, v in enumerate((x, -x)):
        s += i * v
    for v in ():
        s = -1.0
    for v, w in zip((1, 2, 3), a[0]):
        s += v * w
    return float(s)


def tuple_with_break(x):
    last = -1
    for v in (3, 1, x, 7):
        if v == x:
            break
        last = v
    return last


@pytest.mark.parametrize("shape", [(2, 3), (1, 5), (4, 1)])
def test_for_over_tuples(shape):
    a = np.arange(float(np.prod(shape))).reshape(shape)
    check(over_tuples, a, 1.5)
    for x in (1, 7, 9):
        check(tuple_with_break, x)


def over_lists(n):
    l1, l2, l3 = [1, 2], [3], [n]
    s = 0
    for l in (l1, l2, l3):
        l.append(n)
        s = s * 10 + len(l) * sum(l)
    return s, l1, l2, l3


def over_arrays(a, b):
    t = 0.0
    for x in (a, b, a):
        t = t * 2.0 + float(x.sum())
        x[0] = 7.0
    return t, a, b


def over_pairs(n):
    out = []
    for i, pair in enumerate(((1, 2.5), (3, 4.5), (n, -1.0))):
        out.append(i * 100 + pair[0] * n + pair[1])
    return out


def first_of_length(n):
    for l in ([1, 2], [3], [4, 5, 6]):
        if len(l) == n:
            return l
    return [0]


def zipped_lists(n):
    s = 0
    for k, l in zip(range(n), ([1], [2, 3], [4, 5, 6])):
        s += k * sum(l)
    return s


@pytest.mark.parametrize("n", [0, 1, 2, 3, -4])
def test_over_a_tuple_of_one_type(n):
    """A tuple whose items share one type (lists, pairs, arrays: Numba's UniTuple) is
    iterated item by item, each the object itself (the fuzzer's most frequent
    TypingError of seed 1801)."""
    check(over_lists, n)
    check(over_pairs, n)
    check(first_of_length, n)
    check(zipped_lists, abs(n))
    # each run on its own arrays; the arrays after the call compared too
    py = pure(over_arrays)(np.arange(3.0) + n, np.ones(2))
    got = jitted(over_arrays)(np.arange(3.0) + n, np.ones(2))
    assert got[0] == py[0]
    np.testing.assert_array_equal(got[1], py[1])
    np.testing.assert_array_equal(got[2], py[2])
