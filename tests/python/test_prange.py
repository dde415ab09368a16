"""`prange` loops of `parallel=True` functions on the thread pool.

The oracle is CPython: each kernel runs interpreted (where `prange` is `range`) and
compiled with `parallel=True`, on several sizes and every thread count from 1 to the
pool's size, and must give the same values, the same mutations of its arguments and the
same exceptions. Loops the compiler cannot prove independent run serially, with a
PerformanceWarning naming the line and the reason, and still give CPython's results."""

import math
import threading
import warnings

import numpy as np
import pytest

import ferrojit
from ferrojit import prange
from ferrojit.errors import PerformanceWarning

SIZES = [0, 1, 2, 3, 7, 64, 1001]


@pytest.fixture(autouse=True)
def restore_threads():
    before = ferrojit.get_num_threads()
    yield
    ferrojit.set_num_threads(before)


def thread_counts():
    return sorted({1, ferrojit.get_num_threads(), min(2, ferrojit.config.NUMBA_NUM_THREADS)})


# --------------------------------------------------------------------------- kernels

def k_sqrt(a, out):
    for i in prange(a.shape[0]):
        out[i] = math.sqrt(abs(a[i])) * 2.0 + 1.0
    return out


def k_rows(a, b, s):
    out = np.empty_like(a)
    for i in prange(a.shape[0]):
        for j in range(a.shape[1]):
            out[i, j] = a[i, j] * s + b[j]
    return out


def k_private_sum(a):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        acc = 0.0
        for j in range(a.shape[1]):
            acc += a[i, j] * a[i, j]
        out[i] = math.sqrt(acc)
    return out


def k_private_array(a):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        tmp = np.zeros(3)
        tmp[0] = a[i]
        tmp[1] = a[i] * 2
        tmp[2] = -a[i]
        out[i] = tmp.sum() + tmp.max()
    return out


def k_inplace(a):
    for i in prange(len(a)):
        a[i] += i * 0.5


def k_start_stop(a):
    out = np.zeros_like(a)
    n = a.shape[0]
    for i in prange(1, n - 1):
        out[i] = a[i - 1] + a[i] + a[i + 1]
    return out


def k_negative_step(a):
    out = np.zeros_like(a)
    for i in prange(len(a) - 1, -1, -2):
        out[i] = a[i] * 3
    return out


def k_step3(a, lo):
    out = np.full(a.shape[0], -1.0)
    for k in prange(lo, a.shape[0], 3):
        out[k] = a[k] + k
    return out


def k_continue(a):
    out = np.zeros_like(a)
    for i in prange(a.shape[0]):
        if a[i] < 0:
            continue
        out[i] = a[i]
    return out


def k_pdist(x):
    n = x.shape[0]
    d = np.empty((n, n))
    for i in prange(n):
        for j in range(n):
            s = 0.0
            for k in range(x.shape[1]):
                t = x[i, k] - x[j, k]
                s += t * t
            d[i, j] = math.sqrt(s)
    return d


def k_nested(a):
    out = np.zeros_like(a)
    for i in prange(a.shape[0]):
        for j in prange(a.shape[1]):
            out[i, j] = a[i, j] + i - j
    return out


def _helper_rows(a, out):
    for i in prange(a.shape[0]):
        out[i] = a[i].sum()
    return out


def k_calls_helper(a):
    out = np.zeros(a.shape[0])
    return _helper_rows(a, out)


def k_captures(a, pair, scale):
    out = np.zeros_like(a)
    lst = [1.0, 2.0, 3.0]
    for i in prange(a.shape[0]):
        out[i] = a[i] * pair[0] + pair[1] * scale + lst[i % 3]
    return out


def k_views(a):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        row = a[i]
        out[i] = row[0] - row[-1] + row.sum()
    return out


def k_stencil(a):
    out = np.zeros_like(a)
    for i in prange(1, a.shape[0] - 1):
        for j in range(1, a.shape[1] - 1):
            out[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
    return out


def k_int(a):
    out = np.zeros(a.shape[0], dtype=np.int64)
    for i in prange(a.shape[0]):
        v = a[i]
        c = 0
        while v != 1 and c < 500:
            v = v // 2 if v % 2 == 0 else 3 * v + 1
            c += 1
        out[i] = c
    return out


def k_complex(z):
    out = np.zeros(z.shape[0], dtype=np.int64)
    for i in prange(z.shape[0]):
        c = z[i]
        w = 0j
        k = 0
        while k < 50 and abs(w) <= 2.0:
            w = w * w + c
            k += 1
        out[i] = k
    return out


def _arr(n, seed=0, shape=None):
    rng = np.random.default_rng(seed + n)
    return rng.standard_normal(shape if shape is not None else n)


CASES = [
    ("sqrt", k_sqrt, lambda n: (_arr(n), np.zeros(n))),
    ("rows", k_rows, lambda n: (_arr(n, 1, (n, 5)), _arr(5, 2), 1.5)),
    ("private_sum", k_private_sum, lambda n: (_arr(n, 3, (n, 4)),)),
    ("private_array", k_private_array, lambda n: (_arr(n, 4),)),
    ("inplace", k_inplace, lambda n: (_arr(n, 5),)),
    ("start_stop", k_start_stop, lambda n: (_arr(n, 6),)),
    ("negative_step", k_negative_step, lambda n: (_arr(n, 7),)),
    ("step3", k_step3, lambda n: (_arr(n, 8), 1)),
    ("continue", k_continue, lambda n: (_arr(n, 9),)),
    ("pdist", k_pdist, lambda n: (_arr(min(n, 60), 10, (min(n, 60), 3)),)),
    ("nested", k_nested, lambda n: (_arr(n, 11, (n, 3)),)),
    ("calls_helper", k_calls_helper, lambda n: (_arr(n, 12, (n, 3)),)),
    ("captures", k_captures, lambda n: (_arr(n, 13), (2.0, -1.0), 0.5)),
    ("views", k_views, lambda n: (_arr(n, 14, (n, 4)),)),
    ("stencil", k_stencil, lambda n: (_arr(n, 15, (n, 6)),)),
    ("int", k_int, lambda n: (np.arange(1, n + 1, dtype=np.int64),)),
    ("complex", k_complex, lambda n: ((_arr(n, 16) + 1j * _arr(n, 17)),)),
]


def _copy(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


@pytest.mark.parametrize("name,kernel,make", CASES, ids=[c[0] for c in CASES])
def test_prange_matches_cpython_on_every_thread_count(name, kernel, make):
    compiled = ferrojit.njit(parallel=True)(kernel)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerformanceWarning)  # every loop here runs in parallel
        for n in SIZES:
            args = make(n)
            expected_args = _copy(args)
            expected = kernel(*expected_args)
            for t in thread_counts():
                ferrojit.set_num_threads(t)
                got_args = _copy(args)
                got = compiled(*got_args)
                if expected is None:
                    assert got is None
                else:
                    np.testing.assert_array_equal(got, expected, err_msg=f"{name} n={n} threads={t}")
                for g, e in zip(got_args, expected_args):
                    if isinstance(e, np.ndarray):
                        np.testing.assert_array_equal(g, e, err_msg=f"{name} argument n={n} threads={t}")
    # the loop really is outlined onto the pool
    assert "ferrojit_rt_parallel_for" in "".join(compiled.inspect_llvm().values())


def test_without_parallel_prange_is_range():
    compiled = ferrojit.njit(k_sqrt)
    a = _arr(100)
    np.testing.assert_array_equal(compiled(a, np.zeros(100)), k_sqrt(a, np.zeros(100)))
    assert "ferrojit_rt_parallel_for" not in "".join(compiled.inspect_llvm().values())


def test_prange_in_the_interpreter_is_range():
    assert list(prange(5)) == [0, 1, 2, 3, 4]
    assert list(prange(1, 7, 2)) == [1, 3, 5]


# --------------------------------------------------------------------------- serial loops

def s_two_reductions(a):
    s = 0.0
    t = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
        t += a[i] * 2
    return s + t


def s_dependence(a):
    for i in prange(1, a.shape[0]):
        a[i] = a[i - 1] + 1.0
    return a


def s_histogram(idx, bins):
    h = np.zeros(bins, dtype=np.int64)
    for i in prange(idx.shape[0]):
        h[idx[i]] += 1
    return h


def s_carried(a):
    out = np.zeros_like(a)
    last = 0.0
    for i in prange(a.shape[0]):
        out[i] = last
        last = a[i]
    return out


def s_break(a):
    out = np.zeros_like(a)
    for i in prange(a.shape[0]):
        if a[i] > 1.0:
            break
        out[i] = a[i]
    return out


def s_append(a):
    lst = [0.0]
    for i in prange(a.shape[0]):
        lst.append(a[i])
    return len(lst)


def s_loop_variable_after(a):
    for i in prange(a.shape[0]):
        a[i] = 1.0
    return i


def s_whole_array(a):
    for i in prange(a.shape[0]):
        a[i] = a.sum()
    return a


def s_view_write(a):
    for i in prange(a.shape[0]):
        row = a[0]
        row[i % a.shape[1]] = i
    return a


SERIAL = [
    (s_two_reductions, lambda: (_arr(100, 20),), "`t`"),
    (s_dependence, lambda: (_arr(100, 21),), "a[i - 1]"),
    (s_histogram, lambda: (np.arange(100) % 7, 7), "h[idx[i]]"),
    (s_carried, lambda: (_arr(50, 22),), "`last`"),
    (s_break, lambda: (np.abs(_arr(50, 23)),), "breaks"),
    (s_append, lambda: (_arr(30, 24),), "lst.append"),
    (s_loop_variable_after, lambda: (_arr(30, 25),), "loop variable `i`"),
    (s_whole_array, lambda: (np.ones(20),), "whole"),
    (s_view_write, lambda: (np.zeros((4, 5)),), "`row`"),
]


@pytest.mark.parametrize("kernel,make,reason", SERIAL, ids=[s[0].__name__ for s in SERIAL])
def test_loops_that_are_not_independent_run_serially_with_a_warning(kernel, make, reason):
    compiled = ferrojit.njit(parallel=True)(kernel)
    args = make()
    expected = kernel(*_copy(args))
    with pytest.warns(PerformanceWarning) as record:
        got = compiled(*_copy(args))
    np.testing.assert_array_equal(got, expected)
    messages = [str(w.message) for w in record]
    line = kernel.__code__.co_firstlineno + [i for i, l in enumerate(_source_lines(kernel)) if "prange" in l][0]
    assert any(f"test_prange.py:{line}: this `prange` loop runs serially" in m and reason in m for m in messages), messages
    assert "ferrojit_rt_parallel_for" not in "".join(compiled.inspect_llvm().values())


def _source_lines(f):
    import inspect
    return inspect.getsource(f).splitlines()


# --------------------------------------------------------------------------- exceptions

def e_index(a, idx):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        out[i] = a[idx[i]]
    return out


def e_zero(a):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        out[i] = 1.0 / float(a[i])
    return out


def e_raise(a):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        if a[i] > 0.5:
            raise ValueError(f"too big at {i}: {a[i]}")
        out[i] = a[i]
    return out


def _outcome(f, *args):
    try:
        return ("ok", f(*args))
    except Exception as e:  # noqa: BLE001 - the exception is the result compared
        return (type(e), str(e))


@pytest.mark.parametrize("bad", [[999], [5, 900], [0, 999, 7]])
def test_an_exception_in_any_iteration_is_cpythons_first(bad):
    n = 1000
    a = np.linspace(0.0, 0.4, n)
    idx = np.arange(n)
    idx[bad] = 5000
    z = a.copy()
    z[bad] = 0.0
    r = a.copy()
    r[bad] = 0.9
    for kernel, args in [(e_index, (a, idx)), (e_zero, (z,)), (e_raise, (r,))]:
        compiled = ferrojit.njit(parallel=True)(kernel)
        expected = _outcome(kernel, *args)
        assert expected[0] != "ok"
        for t in thread_counts():
            ferrojit.set_num_threads(t)
            assert _outcome(compiled, *args) == expected, (kernel.__name__, t)


def test_the_traceback_names_the_raising_line():
    compiled = ferrojit.njit(parallel=True)(e_raise)
    a = np.full(100, 0.9)
    with pytest.raises(ValueError) as info:
        compiled(a)
    line = e_raise.__code__.co_firstlineno + 4
    assert any(entry.lineno + 1 == line for entry in info.traceback), [e.lineno + 1 for e in info.traceback]


# --------------------------------------------------------------------------- threads, memory

def test_many_python_threads_call_parallel_functions_at_once():
    compiled = ferrojit.njit(parallel=True)(k_private_sum)
    inputs = [_arr(500, s, (500, 8)) for s in range(8)]
    expected = [k_private_sum(a) for a in inputs]
    results = [None] * len(inputs)
    errors = []

    def work(k):
        try:
            for _ in range(20):
                results[k] = compiled(inputs[k])
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(inputs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for r, e in zip(results, expected):
        np.testing.assert_array_equal(r, e)


def test_views_and_temporaries_in_parallel_iterations_do_not_leak():
    compiled = ferrojit.njit(parallel=True)(k_views)
    compiled2 = ferrojit.njit(parallel=True)(k_private_array)
    a = _arr(2000, 30, (2000, 4))
    b = _arr(2000, 31)
    compiled(a)
    compiled2(b)
    before = ferrojit._native.live_allocations()
    for _ in range(30):
        r = compiled(a)
        r2 = compiled2(b)
    del r, r2
    assert ferrojit._native.live_allocations() == before


def test_a_forked_child_runs_parallel_loops():
    import multiprocessing
    compiled = ferrojit.njit(parallel=True)(k_private_sum)
    a = _arr(300, 40, (300, 4))
    compiled(a)  # the pool is running in the parent
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        got = pool.apply(_child_call, (a,))
    np.testing.assert_array_equal(got, k_private_sum(a))


_child_kernel = ferrojit.njit(parallel=True)(k_private_sum)


def _child_call(a):
    return _child_kernel(a)


def test_print_in_a_parallel_loop_reaches_python(capsys):
    def p(n):
        for i in prange(n):
            print("item", i)

    ferrojit.njit(parallel=True)(p)(6)
    out = capsys.readouterr().out.splitlines()
    assert sorted(out) == sorted(f"item {i}" for i in range(6))


# --------------------------------------------------------------------------- reductions

def r_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i] * 2.0
    return s


def r_int_sum(a):
    s = 0
    for i in prange(a.shape[0]):
        s += a[i] % 7 - 3
    return s


def r_sub(a):
    s = 100.0
    for i in prange(a.shape[0]):
        s -= a[i]
    return s


def r_prod(a):
    p = 1.0
    for i in prange(a.shape[0]):
        p *= 1.0 + a[i] * 1e-3
    return p


def r_min_max(a):
    lo = np.inf
    hi = -np.inf
    for i in prange(a.shape[0]):
        lo = min(lo, a[i])
    for i in prange(a.shape[0]):
        hi = max(hi, a[i] * 2.0)
    return lo, hi


def r_with_writes(a):
    out = np.zeros_like(a)
    total = 0.0
    for i in prange(a.shape[0]):
        v = math.sqrt(a[i] + 1.0)
        out[i] = v
        total += v
    return total, out


def r_rows(a):
    s = 0.0
    for i in prange(a.shape[0]):
        row = 0.0
        for j in range(a.shape[1]):
            row += a[i, j] * a[i, j]
        s += math.sqrt(row)
    return s


def r_int_to_float(a):
    s = 0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def r_complex(z):
    s = 0j
    for i in prange(z.shape[0]):
        s += z[i] * 1j
    return s


def r_count(a):
    c = 0
    for i in prange(a.shape[0]):
        if a[i] > 0.5:
            c += 1
    return c


REDUCTIONS = [
    ("sum", r_sum, lambda n: (_unit(n),), True),
    ("int_sum", r_int_sum, lambda n: (np.arange(n, dtype=np.int64) * 37,), False),
    ("sub", r_sub, lambda n: (_unit(n),), True),
    ("prod", r_prod, lambda n: (_unit(n),), True),
    ("min_max", r_min_max, lambda n: (_arr(n, 40),), False),
    ("with_writes", r_with_writes, lambda n: (_unit(n),), True),
    ("rows", r_rows, lambda n: (_unit(n, (n, 5)),), True),
    ("int_to_float", r_int_to_float, lambda n: (_unit(n),), True),
    ("complex", r_complex, lambda n: (_unit(n) + 1j * _unit(n + 1)[:n],), True),
    ("count", r_count, lambda n: (_unit(n),), False),
]


def _unit(n, shape=None):
    return np.random.default_rng(100 + n).random(shape if shape is not None else n)


def _close(got, want, approx, what):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), what
        for g, w in zip(got, want):
            _close(g, w, approx, what)
        return
    if isinstance(want, np.ndarray):
        np.testing.assert_allclose(got, want, rtol=1e-12 if approx else 0, err_msg=what)
        return
    assert type(got) in (type(want), float, int, complex) or isinstance(got, np.generic), (what, type(got), type(want))
    if approx:
        assert abs(got - want) <= 1e-12 * max(1.0, abs(want)), (what, got, want)
    else:
        assert got == want, (what, got, want)


@pytest.mark.parametrize("name,kernel,make,approx", REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
def test_reductions_match_cpython_and_are_the_same_bits_on_every_thread_count(name, kernel, make, approx):
    compiled = ferrojit.njit(parallel=True)(kernel)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerformanceWarning)
        for n in SIZES + [5000]:
            args = make(n)
            want = kernel(*_copy(args))
            results = []
            for t in thread_counts():
                ferrojit.set_num_threads(t)
                got = compiled(*_copy(args))
                _close(got, want, approx, f"{name} n={n} threads={t}")
                results.append(got)
            # bitwise the same whatever the thread count
            first = results[0]
            for r in results[1:]:
                if isinstance(first, tuple):
                    for x, y in zip(first, r):
                        assert np.array_equal(np.asarray(x), np.asarray(y), equal_nan=True)
                else:
                    assert np.asarray(first).tobytes() == np.asarray(r).tobytes(), (name, n)
    assert "ferrojit_rt_parallel_for" in "".join(compiled.inspect_llvm().values())


def test_an_empty_reduction_leaves_the_value_as_it_was():
    def f(a, s):
        for i in prange(a.shape[0]):
            s += a[i]
        return s

    compiled = ferrojit.njit(parallel=True)(f)
    got = compiled(np.zeros(0), -0.0)
    assert got == 0.0 and math.copysign(1.0, got) == -1.0


def test_an_array_accumulator_runs_serially_and_correctly():
    def f(a):
        acc = np.zeros(a.shape[1])
        for i in prange(a.shape[0]):
            acc += a[i]
        return acc

    a = _unit(50, (50, 3))
    np.testing.assert_array_equal(ferrojit.njit(parallel=True)(f)(a), f(a))


def test_an_exception_in_a_reduction_is_cpythons_first():
    def f(a):
        s = 0.0
        for i in prange(a.shape[0]):
            if a[i] > 0.99:
                raise ValueError(f"big at {i}")
            s += a[i]
        return s

    compiled = ferrojit.njit(parallel=True)(f)
    a = _unit(3000)
    a[[10, 2000]] = 1.0
    for t in thread_counts():
        ferrojit.set_num_threads(t)
        assert _outcome(compiled, a) == _outcome(f, a)


def test_names_reused_by_later_loops_stay_private():
    def f(a):
        out = np.zeros_like(a)
        for i in prange(a.shape[0]):
            t = a[i] * 2.0
            out[i] = t
        for i in prange(a.shape[0]):
            t = out[i] + 1.0
            out[i] = t
        t = 0.0
        for k in range(3):
            t += k
        return out, t

    compiled = ferrojit.njit(parallel=True)(f)
    a = _unit(100)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerformanceWarning)
        got = compiled(a)
    want = f(a)
    np.testing.assert_array_equal(got[0], want[0])
    assert got[1] == want[1]
    assert "".join(compiled.inspect_llvm().values()).count("ferrojit_rt_parallel_for") >= 2


def test_uneven_iterations_balance_and_match():
    def tri(n):
        out = np.zeros(n)
        for i in prange(n):
            s = 0.0
            for j in range(i * i % 997):
                s += math.sqrt(j + i)
            out[i] = s
        return out

    compiled = ferrojit.njit(parallel=True)(tri)
    np.testing.assert_array_equal(compiled(500), tri(500))


def test_the_annotation_report_shows_which_prange_loops_run_in_parallel():
    from ferrojit.annotate import annotate_html

    def two_loops(a):
        out = np.zeros_like(a)
        s = 0.0
        for i in prange(a.shape[0]):
            out[i] = a[i] * 2.0
            s += a[i]
        for i in prange(1, a.shape[0]):
            a[i] = a[i - 1] + 1.0
        return out, s

    f = ferrojit.njit(parallel=True)(two_loops)
    with pytest.warns(PerformanceWarning):
        f(np.ones(10))
    html = annotate_html(f)
    assert "parallel loop" in html and "runs on the thread pool (a sum into `s`)" in html
    assert "prange runs serially" in html and "an iteration reads `a[i - 1]`" in html


def s_ellipsis(a):
    out = np.zeros((3, 3, 3))
    for i in prange(3):
        out[..., i] = a[i]
        out[:, i] = -a[i]
    return out


def test_a_write_through_an_ellipsis_keeps_the_loop_serial():
    # `out[..., i]` and `out[:, i]` name different axes at one position
    compiled = ferrojit.njit(parallel=True)(s_ellipsis)
    a = np.arange(3.0)
    with pytest.warns(PerformanceWarning, match=r"out\[\.\.\., i\]"):
        got = compiled(a)
    np.testing.assert_array_equal(got, s_ellipsis(a))
