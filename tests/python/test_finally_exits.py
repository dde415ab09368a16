"""`return`, `break` and `continue` that leave a `try` with `finally` (the backend emits the
pending `finally` blocks on the way out, innermost first, each with the handlers around
its own `try`): against CPython, comparing results, exceptions and the trace each run
leaves in an array argument (which `finally` ran, in what order)."""

import numpy as np
import pytest

import ferrojit
from ferrojit.errors import TypingError


def note(log, k):
    # the trace: log[0] counts entries, log[1..] records them in order
    n = int(log[0]) + 1
    log[0] = n
    log[n] = k


def return_in_body(x, log):
    try:
        if x > 0:
            return x * 10
        x = x - 1
    finally:
        note(log, 1)
        x = x + 1000  # the value returned was computed before `finally` ran
    return x


def return_in_handler(x, log):
    try:
        y = 10 // x
    except ZeroDivisionError:
        note(log, 2)
        return -1
    else:
        note(log, 3)
        return y
    finally:
        note(log, 4)


def nested(x, log):
    try:
        note(log, 1)
        try:
            note(log, 2)
            if x == 1:
                return 100
            if x == 2:
                raise ValueError("two")
        finally:
            note(log, 3)
        note(log, 4)
    except ValueError:
        note(log, 5)
        return 200
    finally:
        note(log, 6)
    return 300


def loop_exits(n, log):
    total = 0
    for i in range(n):
        try:
            if i == 2:
                continue
            if i == 5:
                break
            total += i
        finally:
            note(log, i + 10)
    else:
        note(log, 99)
    return total


def while_exits(n, log):
    i = 0
    total = 0
    while True:
        i += 1
        try:
            if i % 3 == 0:
                continue
            if i > n:
                break
            total += i
        finally:
            total += 1000
            if i > 20:
                note(log, 7)
    return total


def loop_inside_try(n, log):
    # a break of a loop *inside* the `try` does not run its `finally`
    t = 0
    try:
        for i in range(n):
            if i == 3:
                break
            try:
                t += i
                if i == 1:
                    continue
            finally:
                note(log, 20 + i)
            note(log, 30 + i)
        note(log, 40)
        for j in range(n):
            if j == 2:
                return t * 10 + j
    finally:
        note(log, 50)
    return t


def finally_raises_on_the_way_out(x, log):
    try:
        try:
            return 1
        finally:
            note(log, 1)
            if x > 0:
                raise KeyError("from finally")
    except KeyError:
        note(log, 2)
        return 2


def return_value_raises(x, log):
    try:
        try:
            return 10 // x
        finally:
            note(log, 1)
    except ZeroDivisionError:
        note(log, 2)
    return -5


def returns_an_array(n, log):
    a = np.zeros(n + 1)
    try:
        a[0] = 1.0
        return a
    finally:
        a[0] = 7.0  # the same array object: the caller sees the store
        note(log, 1)


def break_out_of_handler(n, log):
    hits = 0
    for i in range(n):
        try:
            if i == 3:
                raise IndexError("i")
            hits += 1
        except IndexError:
            note(log, 60 + i)
            break
        finally:
            note(log, 70 + i)
    return hits


KERNELS = [return_in_body, return_in_handler, nested, loop_exits, while_exits, loop_inside_try,
           finally_raises_on_the_way_out, return_value_raises, returns_an_array, break_out_of_handler]


def run(fn, x):
    log = np.zeros(64)
    try:
        r = fn(x, log)
        if isinstance(r, np.ndarray):
            r = r.tolist()
        return ("ok", r), log
    except Exception as e:  # noqa: BLE001 - the oracle may raise anything
        return (type(e), str(e)), log


@pytest.mark.parametrize("fn", KERNELS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0, 1, 2, 3, 4, 6, 9])
def test_leaving_through_finally(fn, x):
    expected, log_py = run(fn, x)
    got, log_jit = run(ferrojit.njit(fn), x)
    assert got == expected
    np.testing.assert_array_equal(log_jit, log_py)  # each `finally` ran as often, in order


def test_return_inside_finally_itself_is_refused():
    def returns_from_finally(x):
        try:
            x += 1
        finally:
            return x

    with pytest.raises(TypingError, match="inside a `finally` block"):
        ferrojit.njit(returns_from_finally)(1)


def finally_assigns_on_continue(n):
    t = 0
    for i in range(n):
        try:
            if i % 2:
                continue
            t += 10
        finally:
            t = t + 1  # seen after the jump (by the loop's next round and the return)
    return t


def finally_assigns_on_break(n):
    t = 0
    while True:
        try:
            if t > n:
                break
        finally:
            t = t * 2 + 1
    return t


@pytest.mark.parametrize("n", [0, 1, 3, 8])
def test_what_finally_assigns_survives_the_jump(n):
    for fn in (finally_assigns_on_continue, finally_assigns_on_break):
        assert ferrojit.njit(fn)(n) == fn(n)
