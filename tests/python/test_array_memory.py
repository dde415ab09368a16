"""Memory management of arrays in compiled code.

``ferrojit._native.live_allocations()`` counts the live runtime allocations;
every test checks that it returns to its starting value, and the long loops
also check that the process's resident set (VmRSS) stays flat.  Arrays
returned to Python are ordinary ndarrays whose ``.base`` owns the runtime
memory; views of arguments keep the argument alive.
"""

import gc
import sys
import weakref

import numpy as np
import pytest

import ferrojit

import array_kernels as K
from array_helpers import check_arrays, jit, live, with_layout
from conftest import pure

#: allowed growth of the resident set over a long loop
RSS_SLACK_KB = 6 * 1024


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    pytest.skip("no VmRSS in /proc/self/status")


class Tracker:
    """Records live_allocations() and VmRSS at the start; ``check()`` asserts
    both came back."""

    def __init__(self, rss=True):
        gc.collect()
        self.live = live()
        self.rss = rss_kb() if rss else None

    def check(self, what=""):
        gc.collect()
        now = live()
        assert now == self.live, (f"{what}: live_allocations() is {now}, was {self.live} "
                                  f"({now - self.live:+d} leaked)")
        if self.rss is not None:
            grown = rss_kb() - self.rss
            assert grown < RSS_SLACK_KB, f"{what}: VmRSS grew by {grown} kB"


def test_live_allocations_is_an_int():
    assert isinstance(live(), int) and live() >= 0


# ---------------------------------------------------------------------------
# Arrays created and dropped inside compiled code
# ---------------------------------------------------------------------------
def test_million_arrays_created_and_dropped_in_one_call():
    f = jit(K.alloc_in_loop)
    check_arrays(K.alloc_in_loop, 10)     # compile, and agree with CPython
    n = 1_000_000
    t = Tracker()
    got = f(n)
    t.check("alloc_in_loop(1_000_000)")
    assert got == n * (n - 1) / 2 + n


@pytest.mark.parametrize("kernel,args", [
    (K.alloc_grow, (200_000,)),
    (K.alloc_copies, (np.arange(64.0), 200_000)),
    (K.alloc_copies, (np.arange(64.0)[::-2], 100_000)),
    (K.alloc_through_calls, (np.arange(16.0), 100_000)),
    (K.alloc_tuples, (200_000,)),
    (K.alloc_views, (np.arange(12.0).reshape(3, 4), 200_000)),
    (K.created_in_loop, (200_000,)),
    (K.arange_sum, (100_000,)),
], ids=["grow", "copies", "copies-strided", "through-calls", "tuples", "views",
        "full-in-loop", "arange-iteration"])
def test_loops_allocating_arrays_do_not_leak(kernel, args):
    small = tuple(10 if isinstance(a, int) else a for a in args)
    check_arrays(kernel, *small)      # compile, and agree with CPython
    f = jit(kernel)
    t = Tracker()
    f(*args)
    t.check(kernel.__name__)


def test_reassigned_array_frees_the_previous_one():
    f = jit(K.alloc_reassign)
    check_arrays(K.alloc_reassign, 5)
    t = Tracker()
    r = f(300_000)
    assert live() == t.live + 1      # only the returned array is alive
    assert r.tolist() == [299_999.0] * 4
    del r
    t.check("alloc_reassign")


# ---------------------------------------------------------------------------
# Arrays returned to Python
# ---------------------------------------------------------------------------
def test_returned_array_is_freed_when_dropped():
    f = jit(K.make_big)
    f(1)
    t = Tracker()
    r = f(4_000_000)                  # 32 MB
    assert live() == t.live + 1
    assert r.base is not None and "ferrojit" in type(r.base).__module__
    assert r.sum() == 4_000_000.0
    assert rss_kb() - t.rss > 20_000  # the memory is really there
    v = r[::2]                        # a NumPy view keeps it alive
    del r
    gc.collect()
    assert live() == t.live + 1 and v[-1] == 1.0
    del v
    # The block is kept for reuse (the thread's array cache), not leaked: the count is
    # back, and releasing the cache gives the memory back too.
    gc.collect()
    assert live() == t.live
    assert ferrojit.release_cached_memory() >= 32_000_000
    t.check("make_big")


def test_array_cache_reuses_and_is_bounded():
    """A freed array of megabytes is kept for the next array of its size (no fresh
    pages); at most 4 such blocks (and FERROJIT_ARRAY_CACHE_MB, 256) are kept. Counted
    by what release_cached_memory() gives back (RSS also moves with glibc's own heap)."""
    f = jit(K.make_big)
    ferrojit.release_cached_memory()
    t = Tracker(rss=False)
    for _ in range(3):
        r = f(4_000_000)                  # 32 MB, the same block each time
        del r
    gc.collect()
    kept = ferrojit.release_cached_memory()
    assert 32_000_000 <= kept < 2 * 32_000_000   # one block, not three
    sizes = [4_000_000 + 8192 * k for k in range(12)]   # 12 x 32 MB, all different
    for n in sizes:
        r = f(n)
        del r
    gc.collect()
    assert live() == t.live
    kept = ferrojit.release_cached_memory()
    assert 4 * 32_000_000 <= kept <= 4 * 33_000_000   # the newest 4 blocks
    assert ferrojit.release_cached_memory() == 0
    t.check("array cache")


def test_many_returned_arrays_dropped_by_python():
    kernels = [(K.zeros_2d, (30, 30)), (K.copy_method, (np.arange(100.0),)),
               (K.create_every_dtype, (50,)), (K.nested_tuple_return, (20,)),
               (K.call_double, (np.arange(40.0),)), (K.return_new_and_arg, (np.ones(3),)),
               (K.global_np_copy, ()), (K.full_like, (np.zeros((4, 4), np.int8), 3))]
    for k, args in kernels:
        jit(k)(*args)
    t = Tracker()
    for _ in range(5_000):
        for k, args in kernels:
            r = jit(k)(*args)
            del r
    t.check("returned arrays")


def test_returned_arrays_survive_the_dispatcher_and_garbage():
    import ferrojit
    f = ferrojit.njit(K.zeros_2d)
    r = f(3, 3)
    del f
    gc.collect()
    junk = [np.ones(1000) for _ in range(100)]
    r[1, 1] = 2.0
    assert r.sum() == 2.0 and r.shape == (3, 3)
    del junk, r


def test_view_of_array_created_in_compiled_code():
    """``a[i]`` of an array created inside the kernel keeps the whole
    allocation alive after the kernel returns."""
    check_arrays(K.make_row, 4)
    check_arrays(K.make_rows, 3)
    t = Tracker(rss=False)
    r = jit(K.make_row)(1000)
    gc.collect()
    assert live() == t.live + 1
    junk = [np.full(20, 7.0) for _ in range(200)]
    assert r.tolist() == [0.0, 0.0, 5.0]
    r[0] = 1.0
    r0, r1, s = jit(K.make_rows)(5)
    assert live() == t.live + 2       # both rows share one allocation
    del r0
    gc.collect()
    assert r1.tolist() == [1, 1] and s == 10
    del junk, r, r1
    t.check("views of compiled arrays")
    # an argument that is itself a compiled array, referenced only by the view
    r = jit(K.row)(jit(K.zeros_2d)(4, 5), 2)
    gc.collect()
    assert live() == t.live + 1
    assert r.tolist() == [0.0] * 5
    del r
    t.check("view of a compiled argument")


# ---------------------------------------------------------------------------
# Views and arguments returned to Python
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("layout", ["C", "F", "strided", "reversed"])
def test_returned_view_outlives_deleted_argument(layout):
    a = with_layout(np.arange(20.0).reshape(4, 5), layout)
    expected = a[2].copy()
    owner = a
    while isinstance(owner.base, np.ndarray):
        owner = owner.base
    ref = weakref.ref(owner)
    del owner
    r = jit(K.return_row)(a, 2)
    assert np.shares_memory(r, a)
    del a
    gc.collect()
    junk = [np.full(20, -1.0) for _ in range(200)]
    assert ref() is not None, "the argument's memory was released while a view exists"
    assert np.array_equal(r, expected)
    r[0] = 42.0
    del junk, r
    gc.collect()
    assert ref() is None, "the argument is kept alive after its view was dropped"


def test_returned_argument_outlives_its_name():
    t = Tracker(rss=False)
    a = np.arange(6.0)
    r = jit(K.return_arg)(a)
    assert np.shares_memory(r, a)
    del a
    gc.collect()
    assert r.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    r1, r2 = jit(K.return_arg_twice)(r)
    del r
    gc.collect()
    r1[0] = 9.0
    assert r2[0] == 9.0
    del r1, r2
    t.check("returned arguments")


def test_view_of_a_temporary_argument():
    """The argument is an unnamed temporary: only the returned view keeps it."""
    r = jit(K.row)(np.arange(12.0).reshape(3, 4), 1)
    gc.collect()
    junk = [np.zeros(4) for _ in range(500)]
    assert r.tolist() == [4.0, 5.0, 6.0, 7.0]
    del junk


@pytest.mark.parametrize("kernel,make_args", [
    (K.get1, lambda a: (a, 3)),
    (K.copy_method, lambda a: (a,)),
    (K.return_arg, lambda a: (a,)),
    (K.return_arg_twice, lambda a: (a,)),
    (K.row, lambda a: (a.reshape(2, 5), 1)),
    (K.call_set_first, lambda a: (a, 1.0)),
    (K.call_pair, lambda a: (a,)),
    (K.return_tuple, lambda a: (a, 2)),
    (K.tuple_arg, lambda a: ((a, a),)),
    (K.fill, lambda a: (a, 0.5)),
    (K.addarr, lambda a: (a, a)),
], ids=["get1", "copy", "return_arg", "return_arg_twice", "row", "call_set_first", "call_pair",
        "return_tuple", "tuple_arg", "fill", "addarr"])
def test_argument_reference_counts_are_balanced(kernel, make_args):
    a = np.arange(10.0)
    args = make_args(a)
    f = jit(kernel)
    f(*args)
    before = sys.getrefcount(a), sys.getrefcount(args[0])
    t = Tracker(rss=False)
    for _ in range(1000):
        r = f(*args)
        del r
    gc.collect()
    assert (sys.getrefcount(a), sys.getrefcount(args[0])) == before
    t.check(kernel.__name__)


def test_readonly_and_global_arrays_are_not_counted_or_freed():
    ro = np.arange(5.0)
    ro.flags.writeable = False
    t = Tracker(rss=False)
    for _ in range(1000):
        jit(K.get1)(ro, 2)
        jit(K.global_get)(1)
        r = jit(K.global_return)()
        del r
        r = jit(K.global_row)()
        del r
    t.check("read-only and global arrays")
    assert K.GLOBAL_F.tolist() == [1.5, np.pi, -2.0, np.e, 0.25]
    assert jit(K.global_get)(1) == np.pi


# ---------------------------------------------------------------------------
# Exceptions raised after arrays were created
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kernel,args,exc", [
    (K.alloc_then_fail, (100, 0), ZeroDivisionError),
    (K.alloc_then_fail_in_loop, (50, 20), ZeroDivisionError),
    (K.alloc_then_fail_callee, (10,), ValueError),
    (K.temp_max_of_empty, (), ValueError),
], ids=["after-three-arrays", "inside-a-loop", "after-a-callee", "temporary-operand"])
def test_exception_after_allocations_does_not_leak(kernel, args, exc):
    check_arrays(kernel, *args)            # same exception as CPython
    f = jit(kernel)
    t = Tracker()
    for _ in range(20_000):
        with pytest.raises(exc):
            f(*args)
    t.check(f"{kernel.__name__} raising {exc.__name__}")


@pytest.mark.parametrize("kernel,ok", [(K.alloc_then_index_error, 5.0), (K.temp_index_error, 4.0)],
                         ids=["named-arrays", "temporary-copy"])
def test_index_error_after_allocations_does_not_leak(kernel, ok):
    f = jit(kernel, boundscheck=True)
    a = np.arange(5.0)
    assert f(a, 4) == ok
    t = Tracker()
    for _ in range(20_000):
        with pytest.raises(IndexError):
            f(a, 5)
    t.check(kernel.__name__)


def test_success_after_failures_still_works():
    f = jit(K.alloc_then_fail)
    for _ in range(10):
        with pytest.raises(ZeroDivisionError):
            f(10, 0)
    t = Tracker(rss=False)
    assert f(10, 1) == 2.0
    t.check("alloc_then_fail succeeding")


# ---------------------------------------------------------------------------
# Threads
# ---------------------------------------------------------------------------
def test_threads_allocating_with_nogil():
    """Several threads run allocating kernels at once without the GIL, and
    return arrays that other threads pass back in."""
    import threading
    f = jit(K.alloc_in_loop, nogil=True)
    g = jit(K.call_double, nogil=True)
    f(3)
    g(np.arange(3.0))
    t = Tracker()
    n = 100_000
    results, errors = {}, []

    def work(k, f=f, g=g):
        try:
            total = f(n)
            a = np.arange(8.0) + k
            for _ in range(2_000):
                a2 = g(a)
                a = g(a2)[::4].copy() / 16  # arrays owned by ferrojit, views, NumPy copies
            results[k] = (total, a.tolist())
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    t.check("threads")
    # every thread's results are the serial results of the plain Python functions
    threaded = dict(results)
    for k in range(4):
        work(k, f=pure(K.alloc_in_loop), g=pure(K.call_double))
    assert not errors, errors
    assert results[0][0] == n * (n - 1) / 2 + n
    assert threaded == results
