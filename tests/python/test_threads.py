"""Threads: nogil=True releases the GIL during the native call, and concurrent
first calls on a fresh dispatcher compile once and all get the right answer."""

import threading
import time

import pytest

import ferrojit
import kernels as K
from conftest import check, pure

N_THREADS = 16
JOIN_TIMEOUT = 120


def _start_all(target, n):
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_TIMEOUT)
        assert not t.is_alive(), "a thread did not finish (deadlock?)"


def spin_closed_form(n):
    """``K.spin(n)`` in O(log n) steps, in plain Python: the loop maps the state
    (acc, i, 1) to (31 acc + i, i + 1, 1), a 3x3 matrix modulo 1000003, raised to
    the n-th power.  The oracle for call counts too large for a Python loop."""
    p = 1000003

    def mul(x, y):
        return [[sum(x[r][k] * y[k][c] for k in range(3)) % p for c in range(3)]
                for r in range(3)]
    step = [[31, 1, 0], [0, 1, 1], [0, 0, 1]]
    m = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    while n:
        if n & 1:
            m = mul(m, step)
        step = mul(step, step)
        n >>= 1
    return m[0][2] % p   # (acc, i, 1) starts as (0, 0, 1)


def test_spin_kernel_is_correct():
    for n in (0, 1, 10, 1000, 20000):
        check(K.spin, n)
        assert spin_closed_form(n) == pure(K.spin)(n)


def _calibrated_n(f, target_seconds):
    """Iteration count for which ``f(n)`` takes about ``target_seconds``."""
    n = 1_000_000
    f(n)  # compile (and warm up)
    while True:
        t0 = time.perf_counter()
        f(n)
        dt = time.perf_counter() - t0
        if dt >= 0.05 or n >= 2_000_000_000:
            break
        n *= 4
    return max(n, int(n * target_seconds / max(dt, 1e-9)))


def _python_loop_rate():
    """Iterations per second of the main thread's counting loop (same shape
    as the loop in the test), running alone."""
    done = [0]
    in_call = [1]
    during = 0
    t0 = time.perf_counter()
    while not done[0]:
        if in_call[0]:
            during += 1
            if during == 300_000:
                done[0] = 1
    return during / (time.perf_counter() - t0)


def test_nogil_releases_the_gil_during_the_call():
    f = ferrojit.jit(nogil=True)(K.spin)
    n = _calibrated_n(f, 0.6)

    in_call = [0]
    done = [0]
    timing = {}
    result = []

    def worker():
        in_call[0] = 1
        t0 = time.perf_counter()
        r = f(n)
        t1 = time.perf_counter()
        in_call[0] = 0
        timing["call"] = t1 - t0
        result.append(r)
        done[0] = 1

    rate = _python_loop_rate()
    during = 0
    t = threading.Thread(target=worker, daemon=True)
    t.start()
    while not done[0]:
        if in_call[0]:
            during += 1
    t.join(JOIN_TIMEOUT)

    assert result and type(result[0]) is int and result[0] == spin_closed_form(n)
    call = timing["call"]
    assert call > 0.1, f"the call was too short ({call:.3f}s) to measure anything"
    expected = rate * call  # increments if the main thread ran the whole call
    assert during > 0.1 * expected, (
        f"the main thread counted {during} times during a {call:.3f}s nogil call; "
        f"alone it counts ~{expected:.0f} in that time: the GIL was not released")


def test_nogil_calls_from_many_threads_agree():
    f = ferrojit.jit(nogil=True)(K.spin)
    n = 200_000
    # the serial result, computed by the plain Python function
    expected = [pure(K.spin)(n + i if i % 2 else n) for i in range(8)]
    results = [None] * 8

    def run(i):
        results[i] = f(n + i) if i % 2 else f(n)

    _start_all(run, 8)
    assert results == expected


def test_concurrent_first_call_compiles_once():
    f = ferrojit.njit(K.fib)
    assert len(f.signatures) == 0
    barrier = threading.Barrier(N_THREADS)
    results = [None] * N_THREADS
    errors = []

    def run(i):
        try:
            barrier.wait()
            results[i] = f(50)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    _start_all(run, N_THREADS)
    assert not errors, errors
    assert results == [pure(K.fib)(50)] * N_THREADS
    assert len(f.signatures) == 1


def test_concurrent_first_calls_with_two_type_combinations():
    f = ferrojit.njit(K.add)
    barrier = threading.Barrier(N_THREADS)
    results = [None] * N_THREADS
    errors = []

    def run(i):
        try:
            barrier.wait()
            results[i] = f(i, 2) if i % 2 == 0 else f(i + 0.5, 2.0)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    _start_all(run, N_THREADS)
    assert not errors, errors
    for i, r in enumerate(results):
        exp = i + 2 if i % 2 == 0 else i + 2.5
        assert r == exp and type(r) is type(exp)
    assert len(f.signatures) == 2


def test_concurrent_first_calls_compiling_a_shared_callee():
    f = ferrojit.njit(nogil=True)(K.call_jcube)
    barrier = threading.Barrier(N_THREADS)
    results = [None] * N_THREADS
    errors = []

    def run(i):
        try:
            barrier.wait()
            results[i] = f(i) if i % 2 == 0 else f(i / 2)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    _start_all(run, N_THREADS)
    assert not errors, errors
    for i, r in enumerate(results):
        x = i if i % 2 == 0 else i / 2
        assert r == x * x * x + 1 and type(r) is type(x)
    assert len(f.signatures) == 2
    assert len(set(map(str, K.jcube.signatures))) == len(K.jcube.signatures)


@pytest.mark.parametrize("nogil", [False, True])
def test_exceptions_raised_concurrently(nogil):
    f = ferrojit.jit(nogil=nogil)(K.floordiv)
    barrier = threading.Barrier(8)
    outcomes = [None] * 8

    def run(i):
        barrier.wait()
        try:
            outcomes[i] = f(i + 1, 0) if i % 2 else f(i + 1, 2)
        except ZeroDivisionError:
            outcomes[i] = "ZeroDivisionError"

    _start_all(run, 8)
    for i, o in enumerate(outcomes):
        assert o == ("ZeroDivisionError" if i % 2 else (i + 1) // 2)
