"""Values that may be None whose value holds memory: arrays, run-time strings, lists
and tuples of them (``Optional(array)``...). Compared against CPython: the result, the
exception when an operation meets the None (TypeError), the caller's arguments after the
call; and every run-time allocation is released after each call (the payload of an
absent value is a null reference, which reference counting skips)."""

import numpy as np
import pytest

from array_helpers import live
from conftest import jitted


def maybe_double(a, flag):
    if flag:
        return None
    return a * 2


def first_big_prefix(n):
    r = None
    for i in range(n):
        if i == 2:
            r = np.arange(i)
    if r is None:
        return -1
    return r.sum()


def zeros_if_long(a):
    out = None
    if a.shape[0] > 2:
        out = np.zeros(3)
    return out


def alias_of_argument(a, k):
    # An argument held by an optional: the caller's array, returned (not a copy).
    best = None
    for i in range(k):
        if i % 2 == 1:
            best = a
    return best


def rebound_in_loop(n):
    # Each iteration drops the array held before (released, not leaked).
    cur = None
    total = 0.0
    for i in range(n):
        cur = np.ones(i + 1) * i
        total += cur.sum()
    if cur is not None:
        total += cur[0]
    return total


def none_used(a, flag):
    r = maybe_double(a, flag)
    return r.sum()


def index_after_check(a, flag):
    r = maybe_double(a, flag)
    if r is not None and r.shape[0] > 1:
        r[0] = -1.0
        return r[0] + r[1]
    return 0.0


def store_through_optional(a, flag):
    r = None
    if flag:
        r = a
    if r is not None:
        r[0] = 42.0
    return a[0]


def truth_of_optional_array_size(a, flag):
    r = maybe_double(a, flag)
    if r is None:
        return "none"
    return "some"


def optional_in_tuple(a, flag):
    r = maybe_double(a, flag)
    return r, flag


def optional_text(x):
    s = None
    if x > 0:
        s = "v" + str(x)
    if s is None:
        return "-"
    return s + "!"


def optional_text_returned(x):
    s = None
    if x > 1:
        s = str(x) * 2
    return s


def optional_list(n):
    found = None
    for i in range(n):
        if i == 3:
            found = [i, i * 2]
    if found is None:
        return 0
    found.append(7)
    return sum(found)


def optional_list_returned(n):
    r = None
    if n > 2:
        r = [x * x for x in range(n)]
    return r


def optional_tuple_of_arrays(a, flag):
    r = None
    if flag:
        r = (a + 1, a - 1)
    if r is None:
        return 0.0
    return r[0].sum() - r[1].sum()


def helper_maybe(a, k):
    if k < 0:
        return None
    return a[k:]


def calls_helper(a, k):
    v = helper_maybe(a, k)
    if v is None:
        return -1.0
    return v.sum()


def maybe_small(x):
    if x > 2:
        return None
    return x


def maybe_pair(x):
    # Optional((int64, optional(int64))): a tuple with an optional item, or None.
    if x < 0:
        return None
    return (x, maybe_small(x))


def unpack_maybe_pair(x):
    r = maybe_pair(x)
    if r is None:
        return -1
    a, b = r
    if b is None:
        return -2
    return a + b


def unpack_none(x):
    a, b = maybe_pair(x)
    return a


def optional_known_string(flag):
    # a string known when compiling, or None: a run-time string that may be None
    r = None
    if flag:
        r = "abc"
    return r.upper()


def print_optional_array(flag):
    r = None
    if flag:
        r = np.ones(2)
    print(r)
    return r is None


def method_of_a_call_result(a, k):
    # a call's result that may be None, used at once: CPython's AttributeError / TypeError
    return helper_maybe(a, k).sum(), helper_maybe(a, k)[0]


A = np.arange(5.0)

CASES = [
    (maybe_double, (A, True)), (maybe_double, (A, False)),
    (first_big_prefix, (1,)), (first_big_prefix, (5,)),
    (zeros_if_long, (A,)), (zeros_if_long, (A[:2],)),
    (alias_of_argument, (A, 0)), (alias_of_argument, (A, 3)),
    (rebound_in_loop, (0,)), (rebound_in_loop, (6,)),
    (none_used, (A, True)), (none_used, (A, False)),
    (index_after_check, (A, True)), (index_after_check, (A, False)),
    (store_through_optional, (A, True)), (store_through_optional, (A, False)),
    (truth_of_optional_array_size, (A, True)), (truth_of_optional_array_size, (A, False)),
    (optional_in_tuple, (A, True)), (optional_in_tuple, (A, False)),
    (optional_text, (0,)), (optional_text, (12,)),
    (optional_text_returned, (1,)), (optional_text_returned, (37,)),
    (optional_list, (2,)), (optional_list, (5,)),
    (optional_list_returned, (1,)), (optional_list_returned, (4,)),
    (optional_tuple_of_arrays, (A, True)), (optional_tuple_of_arrays, (A, False)),
    (calls_helper, (A, -1)), (calls_helper, (A, 2)),
    (maybe_pair, (-1,)), (maybe_pair, (1,)), (maybe_pair, (3,)),
    (unpack_maybe_pair, (-1,)), (unpack_maybe_pair, (1,)), (unpack_maybe_pair, (3,)),
    (unpack_none, (-1,)), (unpack_none, (3,)),
    (optional_known_string, (True,)), (optional_known_string, (False,)),
    (method_of_a_call_result, (A, 1)), (method_of_a_call_result, (A, -1)),
]


@pytest.mark.parametrize("flag", [True, False])
def test_print_of_an_optional_array(flag, capsys):
    exp = print_optional_array(flag)
    py_out = capsys.readouterr().out
    got = jitted(print_optional_array)(flag)
    assert got == exp and capsys.readouterr().out == py_out


def _same(got, exp):
    if isinstance(exp, np.ndarray):
        return isinstance(got, np.ndarray) and got.dtype == exp.dtype and got.shape == exp.shape \
            and got.tobytes() == exp.tobytes()
    if isinstance(exp, (tuple, list)):
        return type(got) is type(exp) and len(got) == len(exp) and all(_same(g, e) for g, e in zip(got, exp))
    if isinstance(exp, np.generic):
        exp = exp.item()  # (compiled code returns NumPy scalars as Python numbers, as Numba)
    return type(got) is type(exp) and got == exp


def _run(f, args):
    args = tuple(x.copy() if isinstance(x, np.ndarray) else x for x in args)
    try:
        return f(*args), None, args
    except Exception as e:  # noqa: BLE001  (the exception is compared)
        return None, e, args


@pytest.mark.parametrize("fn,args", CASES, ids=lambda v: getattr(v, "__name__", None) or "")
def test_matches_cpython_and_releases_memory(fn, args):
    exp, exp_exc, exp_args = _run(fn, args)
    before = live()
    got, got_exc, got_args = _run(jitted(fn), args)
    if exp_exc is not None:
        assert got_exc is not None, f"CPython raised {exp_exc!r}, ferrojit returned {got!r}"
        assert type(got_exc) is type(exp_exc) and str(got_exc) == str(exp_exc), (got_exc, exp_exc)
    else:
        assert got_exc is None, f"ferrojit raised {got_exc!r}, CPython returned {exp!r}"
        assert _same(got, exp), (got, exp)
    assert all(_same(g, e) for g, e in zip(got_args, exp_args)), "arguments after the call differ"
    del got, got_exc, got_args
    assert live() == before


def test_alias_is_the_callers_array():
    a = A.copy()
    r = jitted(alias_of_argument)(a, 3)
    assert np.shares_memory(r, a)
    r[0] = 99.0
    assert a[0] == 99.0
