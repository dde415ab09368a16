"""Values that may be None (Type::Optional): functions returning a value on some paths and
None on others, variables assigned both, `is None` / `is not None` tests, truth values,
and CPython's TypeError when an operation meets the None. Compared against CPython."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import check, examples, jitted


def find(a, x):
    for i in range(a.shape[0]):
        if a[i] == x:
            return i
    return None


def positive_double(x):
    if x > 0:
        return x * 2.0
    return


def use_find(a, x):
    r = find(a, x)
    if r is None:
        return -1
    return r + 10


def best_so_far(n):
    best = None
    for i in range(n):
        v = (i * i) % 7
        if best is None or v > best:
            best = v
    return best


def truthiness(x):
    r = positive_double(x)
    if r:
        return 1
    return 0


def negation(x):
    r = positive_double(x)
    return not r


def is_not_none(x):
    r = positive_double(x)
    return r is not None, r is None, None is r


def arithmetic_on_none(x):
    r = positive_double(x)
    return r + 1.0


def conditional(x):
    return x if x > 0 else None


def optional_tuple(x):
    if x > 1:
        return x, x + 1
    return None


def loop_until_none(n):
    k = n
    steps = 0
    while k is not None:
        steps += 1
        k = k - 3 if k > 3 else None
    return steps


def optional_rebound(x):
    r = None
    if x > 2:
        r = x
    s = r
    if s is None:
        return 0
    return s * 2


def caller_of_conditional(x):
    v = conditional(x)
    if v is not None:
        return v + 0.5
    return -0.5


@given(st.lists(st.integers(-3, 3), min_size=0, max_size=8), st.integers(-3, 3))
@examples(40)
def test_find(values, x):
    a = np.array(values, dtype=np.int64)
    check(find, a, x)
    check(use_find, a, x)


@pytest.mark.parametrize("x", [-2.0, -0.0, 0.0, 0.5, 3.0, float("nan"), float("inf")])
def test_value_or_none(x):
    check(positive_double, x)
    check(truthiness, x)
    check(negation, x)
    check(is_not_none, x)
    check(arithmetic_on_none, x)  # TypeError when r is None, as CPython
    check(conditional, x)
    check(caller_of_conditional, x)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 9, 10])
def test_variables_that_start_as_none(n):
    check(best_so_far, n)
    check(loop_until_none, n)
    check(optional_rebound, n)
    check(optional_tuple, n)


def test_the_error_names_the_variable():
    with pytest.raises(TypeError, match="`r` is None"):
        jitted(arithmetic_on_none)(-1.0)


def passes_on(x):
    r = positive_double(x)
    t = (r, 1)
    u = r if x > -5 else 0.0
    v = r or 7.5
    return t, u, v, r == 4.0, r != 4.0, None == r, r == None  # noqa: E711


def takes_optional(r):
    if r is None:
        return -1.0
    return r * 3


def call_with_optional(x):
    return takes_optional(positive_double(x))


def ordering_of_none(x):
    r = positive_double(x)
    return r < 10.0


@pytest.mark.parametrize("x", [-2.0, 2.0, 0.0])
def test_none_passes_on_whole(x):
    check(passes_on, x)
    check(call_with_optional, x)
    check(ordering_of_none, x)  # TypeError when r is None, as CPython


def append_five(l):
    l.append(5)


def is_none_of_a_call_still_calls(l):
    # `f() is None` is known when compiling when f returns None, but the call runs
    a = l.clear() is None
    b = append_five(l) is not None
    c = None is append_five(l)
    d = len(l) is None
    return a, b, c, d, l


def test_is_none_of_a_call_keeps_the_call():
    check(is_none_of_a_call_still_calls, [1, 2, 3])


def equality_with_none(s, t, x):
    return s == None, s != None, t == None, None != t, np.float32(x) == None, x != None, None == None  # noqa: E711


def test_equality_of_other_types_with_none():
    check(equality_with_none, "a", (1, 2), 1.5)
