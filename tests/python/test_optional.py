"""Values that may be None (Type::Optional): functions returning a value on some paths and
None on others, variables assigned both, `is None` / `is not None` tests, truth values,
and CPython's TypeError when an operation meets the None. Compared against CPython."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import check, examples, jitted, run_exact_exceptions


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


def neg_of_none(x):
    r = positive_double(x)
    return -r


def test_the_error_is_cpythons_or_names_the_variable():
    # arithmetic: CPython's message; other operations on None name the variable
    with pytest.raises(TypeError, match=r"^unsupported operand type\(s\) for \+: 'NoneType' and 'float'$"):
        jitted(arithmetic_on_none)(-1.0)
    with pytest.raises(TypeError, match="`r` is None"):
        jitted(neg_of_none)(-1.0)


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


def _maybe_int(c):
    return None if c else 5


def _maybe_float(c):
    if c:
        return None
    return 2.5


def op_call_plus_int(c, d):
    return _maybe_int(c) + 1


def op_int_times_call(c, d):
    return 2 * _maybe_float(c)


def op_two_calls(c, d):
    return _maybe_int(c) - _maybe_float(d)


def op_floordiv_both(c, d):
    return _maybe_int(c) // _maybe_int(d)


def op_power(c, d):
    return (None if c else 3) ** 2


def op_bool_operand(c, d):
    return _maybe_int(c) + True


def op_name(c, d):
    r = None if c else 5
    return r % 3


def op_augmented(c, d):
    r = None if c else 5
    r += _maybe_int(d)
    return r


def op_augmented_power(c, d):
    r = _maybe_float(c)
    r **= 2
    return r


def op_right_side_effects(c, d):
    out = []
    v = None if c else 1.5
    try:
        v = v * (out.append(1) or 2.0)
    except TypeError:
        out.append(2)
    return out, v


def op_right_raises_first(c, d):
    x = None if c else 1.5
    ls = [1.0]
    return x + ls[5 if d else 0]


def op_array_partner(c, d):
    x = None if c else 1.5
    a = np.ones(2)
    return (x * a[1 if d else 0:]).sum()


def op_numpy_partner_raises_first(c, d):
    x = None if c else 1.5
    a = np.ones(2, np.float32)
    return float(x + a[7 if d else 0])


@pytest.mark.parametrize("fn", [op_array_partner, op_numpy_partner_raises_first])
@pytest.mark.parametrize("c, d", [(False, False), (True, False), (False, True), (True, True)])
def test_an_operand_that_may_be_none_beside_numpy_values(fn, c, d):
    """Beside an array or a NumPy scalar, both operands are evaluated first too (the
    other operand's IndexError comes first); the TypeError's message names the value
    (NumPy's own messages vary)."""
    try:
        expected = fn(c, d)
    except Exception as e:  # noqa: BLE001 - the oracle's exception is compared
        with pytest.raises(type(e)):
            jitted(fn)(c, d)
        return
    assert jitted(fn)(c, d) == expected


@pytest.mark.parametrize("fn", [op_call_plus_int, op_int_times_call, op_two_calls, op_floordiv_both,
                                op_power, op_bool_operand, op_name, op_augmented, op_augmented_power,
                                op_right_side_effects, op_right_raises_first])
@pytest.mark.parametrize("c, d", [(False, False), (True, False), (False, True), (True, True)])
def test_arithmetic_on_a_value_that_may_be_none(fn, c, d):
    """`h(x) + 1` where h may return None (a TypingError before this session), and a
    name that may be None: both operands evaluated, then CPython's TypeError with its
    message (`unsupported operand type(s) for +: 'NoneType' and 'int'`, `+=`, `** or
    pow()`, both None), or the value."""
    expected, got, exc, call = run_exact_exceptions(fn, c, d)
    if exc is None:
        assert got == expected and type(got) is type(expected), call
