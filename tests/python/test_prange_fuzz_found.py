"""Bugs the fuzzer's `prange` family found (tests/fuzz/gen.py, "parallel loops";
docs/fuzzing.md), each a minimal differential test: the kernel runs in CPython (where
`prange` is `range`) and compiled with `parallel=True`, and must give CPython's result
or exception. Open bugs are strict xfails: when one is fixed its test XPASSes, which
strict mode reports as a failure; then delete the `xfail` line and the test guards the
fix (done in the thirteenth session for the iteration count, the writes of one element
from two iterations and the row store's order; in the fourteenth for `prange-unbound`: a
loop that reads a name which may be unbound when it starts runs serially).

The loops of the last group may write one element from two iterations although each
writes at the loop variable (parallel.rs's first rule, "the loop variable, or `i ±
constant`, as one index", did not prove that two iterations write different elements:
compiled code ran them in parallel, and the result was that of whichever thread stored
last; the rule now also asks for one slot per array and a non-negative index).
Their kernels make the first half of the iterations slow (the first thread's, of two),
so that the first thread stores last: the difference from the serial result is then
not a matter of luck (20 runs must all agree for the test to pass).
"""

import warnings

import numpy as np
import pytest

import ferrojit
from ferrojit import prange


@pytest.fixture(autouse=True)
def restore_threads():
    before = ferrojit.get_num_threads()
    yield
    ferrojit.set_num_threads(before)


def _outcome(fn, *args):
    """(result, None) or (None, (exception type, message))."""
    try:
        return fn(*args), None
    except Exception as e:  # noqa: BLE001
        return None, (type(e), str(e))


def _check(kernel, *args, threads=None, runs=1):
    """The compiled kernel (parallel=True) gives CPython's result or exception, each of
    ``runs`` times (on ``threads`` threads if given)."""
    compiled = ferrojit.njit(parallel=True)(kernel)
    if threads is not None:
        if ferrojit.config.NUMBA_NUM_THREADS < threads:
            pytest.skip(f"needs a pool of {threads} threads")
        ferrojit.set_num_threads(threads)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        want, want_exc = _outcome(kernel, *_copies(args))
        for _ in range(runs):
            got, got_exc = _outcome(compiled, *_copies(args))
            assert got_exc == want_exc
            if want_exc is None:
                _same(got, want)


def _copies(args):
    return [a.copy() if isinstance(a, np.ndarray) else a for a in args]


def _same(got, want):
    # (complex values part by part: NaN in one part is not NaN in both)
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, (got, want)
    if want.dtype.kind == "c":
        np.testing.assert_array_equal(got.real, want.real)
        np.testing.assert_array_equal(got.imag, want.imag)
    else:
        np.testing.assert_array_equal(got, want)


# --------------------------------------------------------------------------- reads of
# a deleted name. Found by `FERROJIT_FUZZ_FORCE=prange python -m tests.fuzz --seed 201`
# (programs 6 and 133), shrunk:
#
#     def f(x0, a0, a2):
#         v7 = 9
#         del v7
#         for pi14 in prange(len(a2), 1, -1):
#             if a0[pi14]:
#                 t17 = v7
#         return x0
#
# CPython: IndexError (a0[4] of a 4-element array, before any read of v7); ferrojit:
# UnboundLocalError for v7. The outlined body's variables are read when the loop starts,
# so a name `del`eted before the loop raises there, although no iteration reads it (or
# there is no iteration at all).


def unbound_not_read(a, x, c):
    if c:
        del x
    out = np.zeros_like(a)
    for i in prange(a.shape[0]):
        if i > 100:
            out[i] = x
        else:
            out[i] = 1.0
    return out


def unbound_no_iteration(n, x):
    del x
    out = np.zeros(3)
    for i in prange(n):
        out[i] = x
    return out


def test_a_deleted_name_the_iterations_do_not_read_is_not_read():
    _check(unbound_not_read, np.arange(5.0), 2.0, True)


def test_a_loop_without_iterations_reads_no_deleted_name():
    _check(unbound_no_iteration, 0, 2.0)


def bound_on_one_path(n, c):
    if c:
        x = 2.0
    out = np.zeros(4)
    for i in prange(n):
        out[i] = x
    return out


def bound_on_both_paths(n, c):
    if c:
        x = 2.0
    else:
        x = 3.0
    out = np.zeros(4)
    for i in prange(n):
        out[i] = x
    return out


def deleted_later_in_an_outer_loop(a, x, rounds):
    out = np.zeros_like(a)
    k = 0
    while k < rounds:
        for i in prange(a.shape[0]):
            if i > 100:
                out[i] = x
            else:
                out[i] = 1.0 + k
        k += 1
        if k == rounds - 1:
            del x
    return out


def deleted_name_in_the_bounds_only(a, c):
    # (the fuzzer: seed 1414, program 1153: a name the bounds read is read as the loop
    # starts in CPython too; the iterations do not read it, so the loop stays parallel)
    w = a + 1.0
    if c:
        del w
    out = np.zeros_like(a)
    for i in prange(0, min(w.shape[0], a.shape[0])):
        out[i] = a[i] * 2.0
    return out


@pytest.mark.parametrize("c", [False, True])
def test_a_deleted_name_read_by_the_bounds_only(c):
    _check(deleted_name_in_the_bounds_only, np.arange(5.0), c)
    if not c:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ferrojit.errors.PerformanceWarning)
            ferrojit.njit(parallel=True)(deleted_name_in_the_bounds_only)(np.arange(5.0), False)


@pytest.mark.parametrize("rounds", [1, 2, 3])
def test_a_name_deleted_by_an_outer_loop_is_read_by_iterations_only(rounds):
    _check(deleted_later_in_an_outer_loop, np.arange(5.0), 2.0, rounds)


@pytest.mark.parametrize("n, c", [(0, False), (3, False), (3, True), (0, True)])
def test_a_name_bound_on_one_path_only_is_read_by_iterations_only(n, c):
    _check(bound_on_one_path, n, c)


def test_a_loop_that_reads_a_name_that_may_be_unbound_stays_serial_and_says_why():
    # The outlined loop would read its captures as it starts: such a loop runs serially.
    for kernel in (bound_on_one_path, unbound_no_iteration):
        with pytest.warns(ferrojit.errors.PerformanceWarning, match=r"reads `x`, which may be unbound when the loop starts"):
            ferrojit.njit(parallel=True)(kernel)(0, True)
    # Bound on every path: parallel, no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error", ferrojit.errors.PerformanceWarning)
        assert ferrojit.njit(parallel=True)(bound_on_both_paths)(3, False).tolist() == [3.0, 3.0, 3.0, 0.0]


def test_a_deleted_name_an_iteration_reads_raises_unbound_local_error():
    # (right already: both raise)
    _check(unbound_no_iteration, 2, 2.0)


# --------------------------------------------------------------------------- the
# iteration count. Found by the family's out-of-range forms (PRANGE_OOB_FORMS, oob
# programs): `prange(min(x, -n - 1), n)` with x = -2**63. The count
# `(stop - start + step - 1) // step` is computed in int64 and wraps when `stop - start`
# overflows: no iteration runs, where CPython's first iteration raises IndexError
# (a serial `range` loop is right).


def wide_up(x, y):
    out = np.zeros(3)
    for i in prange(x, y):
        out[i] = 1.0
    return out


def wide_down(x):
    out = np.zeros(3)
    for i in prange(x, -1, -1):
        out[i] = 1.0
    return out


def wide_step(x):
    out = np.zeros(3)
    for i in prange(x, 0, 4611686018427387904):
        out[i] = 1.0
    return out


def test_a_range_wider_than_int64_runs_its_iterations():
    _check(wide_up, -2**63, 3)


def test_a_range_down_from_the_largest_int64_runs_its_iterations():
    _check(wide_down, 2**63 - 1)


def test_a_range_with_a_large_step_runs_its_iterations():
    _check(wide_step, -2**63)


CRASH = """
import numpy as np
import ferrojit
from ferrojit import njit, prange

ferrojit.set_num_threads(2)  # (one thread runs the whole range without splitting it)

def f(a, x):
    out = a.copy()
    for i in prange(0, x):
        out[i] = 1.0
    return out

try:
    njit(parallel=True)(f)(np.zeros(4), 2**63 - 1)
except IndexError as e:
    print(e)
"""


def test_a_loop_of_the_largest_int64_count_does_not_abort(tmp_path):
    # Found as a crash (exit code -6) of seed 302 program 214 (`prange(max(x1 +
    # (-2**63), len(a0)), -1, -1)` with x1 = -2: 2**63 - 1 iterations); CPython raises
    # IndexError at the first out-of-range store. In a child process (it aborts), from a
    # file (ferrojit compiles from source).
    import subprocess
    import sys
    if ferrojit.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("needs a pool of 2 threads")
    script = tmp_path / "count_crash.py"
    script.write_text(CRASH)
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "index 4 is out of bounds for axis 0 with size 4"


def test_wide_ranges_that_fit_in_int64_are_right():
    _check(wide_up, -2**62, 3)
    _check(wide_down, 2**62)


# --------------------------------------------------------------------------- a row
# store's order (not about prange: found in a prange body, seed 201 program 214,
# shrunk to `for i in prange(a.shape[0], 1, -1): a[i] = 0 // False`). `a[i] = v` into a
# 2-D array (a whole row) checks the index before it evaluates `v`; CPython evaluates
# the right-hand side first (element stores `a[i, j] = v` are right).


def row_store(a, k):
    a[3] = 1 // k
    return a


def row_store_in_prange(a, k):
    for i in prange(a.shape[0], 1, -1):
        a[i] = 1.5 // k
    return a


def test_a_row_store_evaluates_its_value_before_its_index():
    _check(row_store, np.zeros((3, 2)), 0)


def test_a_row_store_in_a_prange_body_evaluates_its_value_first():
    _check(row_store_in_prange, np.zeros((3, 2)), 0.0)


def test_an_element_store_evaluates_its_value_before_its_index():
    # (right already)
    def element_store(a, k):
        a[3, 0] = 1 // k
        return a
    _check(element_store, np.zeros((3, 2)), 0)


# --------------------------------------------------------------------------- complex
# linspace to an infinite end (not about prange: seed 601 program 145, a complex program
# of the family, shrunk to `print(np.linspace(0j, math.inf, 4))`). NumPy divides the
# complex span by the count as a complex number (`(inf+0j) / (3+0j)` is `inf+nanj`), so
# the points between the ends are `nan+nanj`; ferrojit gave `inf+nanj` until its step
# was NumPy's complex division (fifteenth session).


def complex_linspace(x):
    return np.linspace(0j, x, 4)


def test_complex_linspace_to_infinity_is_numpys():
    _check(complex_linspace, float("inf"))


def test_complex_linspace_to_a_finite_end_is_numpys():
    _check(complex_linspace, complex(1e308, -1e308))


# --------------------------------------------------------------------------- iterations
# that write one element. Found with `FERROJIT_FUZZ_FORCE=prange,prange-alias` (the
# family's PRANGE_HAZARDS: the harness expects these loops to be reported serial and
# they are not: `prange-parallel`); the values differ only when the threads' stores
# interleave, which the slow first half below forces.


def wrap(n):
    # out[-1] is out[n - 1]: iterations i and i + n write one element
    out = np.zeros(n)
    for i in prange(-n, n):
        s = 0.0
        for k in range(max(-i, 0) * 4000):
            s += 1.0
        out[i] = i * 1.0 + s * 0.0
    return out


def offsets(n):
    # iteration i writes out[i] and out[i + 1]; so does iteration i + 1, at out[i + 1]
    out = np.zeros(n)
    for i in prange(0, n - 1):
        s = 0.0
        for k in range(max(n // 2 - i, 0) * 4000):
            s += 1.0
        out[i] = 1.0 + s * 0.0
        out[i + 1] = 2.0
    return out


def rebind(n):
    # the loop variable rebound before the store: every iteration writes out[0]
    out = np.zeros(1)
    for i in prange(n):
        s = 0.0
        for k in range(max(n // 2 - i, 0) * 4000):
            s += 1.0
        v = i * 1.0 + s * 0.0
        i = 0
        out[i] = v
    return out


def transpose(n):
    # iteration i writes row i and column i: out[a, b] is written by a and by b
    out = np.zeros((n, n))
    for i in prange(n):
        s = 0.0
        for k in range(max(n // 2 - i, 0) * 4000):
            s += 1.0
        for j in range(n):
            out[i, j] = i + s * 0.0
            out[j, i] = -i
    return out


def cross(n):
    # out[h - 1, h] is written by iteration h - 1 (out[i, h]) and by iteration h
    # (out[h - 1, i])
    out = np.zeros((n, n))
    h = n // 2
    for i in prange(n):
        s = 0.0
        for k in range(max(n // 2 - i, 0) * 4000):
            s += 1.0
        out[i, h] = i + s * 0.0
        out[h - 1, i] = -i
    return out


@pytest.mark.parametrize("kernel", [wrap, offsets, rebind, transpose, cross],
                         ids=lambda k: k.__name__)
def test_iterations_that_write_one_element_run_serially(kernel):
    # Compiling reports the loop serial (a PerformanceWarning naming its line), except
    # `wrap`, whose range is checked when the loop starts (a negative start: serial
    # then); on two threads the results are CPython's.
    if ferrojit.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("needs a pool of 2 threads")
    from ferrojit.errors import PerformanceWarning
    compiled = ferrojit.njit(parallel=True)(kernel)
    ferrojit.set_num_threads(2)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        got = compiled(12)
    serial = [w for w in seen if issubclass(w.category, PerformanceWarning) and "runs serially" in str(w.message)]
    assert bool(serial) == (kernel is not wrap), [str(w.message) for w in seen]
    np.testing.assert_array_equal(got, kernel(12))
    for n in (0, 1, 7, 30):
        _check(kernel, n, threads=2)


def test_the_same_loops_are_right_on_one_thread():
    for kernel in (wrap, offsets, rebind, transpose, cross):
        _check(kernel, 12, threads=1)


def bound_in_a_loop_else(n, stop):
    for i in range(n):
        if i == stop:
            break
    else:
        z = 2.0          # (a `break` in the body: maybe unbound after the loop)
    for j in range(3):
        pass
    else:
        w = 1.5          # (no `break`: bound for certain after the loop)
    out = np.zeros(4)
    for k in ferrojit.prange(4):
        out[k] = w * k
    return out


def test_a_name_bound_in_the_else_of_a_loop_without_break_is_bound():
    # The fuzzer (lists family, seed 1718, program 41): `for ...: pass / else: z = ...`
    # then a prange loop reading z ran serially ("may be unbound").
    with warnings.catch_warnings():
        warnings.simplefilter("error", ferrojit.errors.PerformanceWarning)
        got = ferrojit.njit(parallel=True)(bound_in_a_loop_else)(3, 5)
    assert got.tolist() == bound_in_a_loop_else(3, 5).tolist() == [0.0, 1.5, 3.0, 4.5]
