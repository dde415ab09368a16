"""What bounds checking (on by default) leaves in the generated code (issue 23): no
check where the compiler proves an index in range, a loop versioned on its index range
runs a vectorised unchecked body, checks that stay inside loops are marked in the
annotation report. Values are checked against CPython too; test_boundscheck.py covers
the IndexErrors themselves."""

import re

import numpy as np
import pytest

import ferrojit
from ferrojit import annotate
from conftest import pure

VECTOR = re.compile(r"<\d+ x (double|i64|float)>")
CHECK = "ferrojit_rt_index_error"


def llvm_of(f):
    (ir,) = f.inspect_llvm().values()
    return ir


def calls_check(ir):
    """Whether the optimised module still calls the IndexError of a check (its
    declaration alone does not count)."""
    return any(CHECK in line and "call" in line for line in ir.splitlines())


def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def neighbours(a):
    out = np.zeros_like(a)
    for i in range(1, a.shape[0] - 1):
        for j in range(1, a.shape[1] - 1):
            out[i, j] = a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1]
    return out


def scaled_like(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = 2.0 * a[i]
    return out


def reverse_into(a, b):
    n = a.shape[0]
    for i in range(n):
        b[i] = a[n - 1 - i]
    return b


def shifted(a, b, k, n):
    for i in range(n):
        b[i] = a[i + k]
    return b


def gather(a, idx):
    s = 0.0
    for k in range(idx.shape[0]):
        s += a[idx[k]]
    return s


def run_both(f, *args):
    want = pure(f)(*[x.copy() if isinstance(x, np.ndarray) else x for x in args])
    cf = ferrojit.njit(f)
    got = cf(*args)
    np.testing.assert_array_equal(got, want)
    return cf


@pytest.mark.parametrize("f,args", [
    (total, (np.arange(100.0),)),
    (neighbours, (np.arange(36.0).reshape(6, 6),)),
    (scaled_like, (np.arange(50.0),)),
], ids=lambda x: getattr(x, "__name__", ""))
def test_indices_proven_in_range_have_no_check(f, args):
    cf = run_both(f, *args)
    assert not calls_check(llvm_of(cf)), f"{f.__name__} still checks an index"


def test_stencil_interior_has_no_check():
    @ferrojit.stencil
    def lap(a):
        return a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0] - 4.0 * a[0, 0]

    @ferrojit.njit
    def apply(a):
        return lap(a)

    a = np.random.default_rng(3).random((9, 7))
    want = np.zeros_like(a)
    want[1:-1, 1:-1] = a[1:-1, 2:] + a[2:, 1:-1] + a[1:-1, :-2] + a[:-2, 1:-1] - 4.0 * a[1:-1, 1:-1]
    np.testing.assert_allclose(apply(a), want, rtol=1e-15)
    assert not calls_check(llvm_of(apply))


def test_versioned_loop_vectorises_and_still_raises():
    a = np.arange(64.0)
    cf = run_both(reverse_into, a, np.zeros(64))
    ir = llvm_of(cf)
    assert VECTOR.search(ir), "the unchecked version of the loop is not vectorised"
    # the checked version is still there for the ranges that fail the test
    assert calls_check(ir)
    cs = run_both(shifted, a, np.zeros(64), 3, 61)
    with pytest.raises(IndexError, match="^index 64 is out of bounds for axis 0 with size 64$"):
        cs(a, np.zeros(64), 3, 62)
    with pytest.raises(IndexError, match="^index 60 is out of bounds for axis 0 with size 60$"):
        cs(a, np.zeros(60), 0, 61)
    # a negative start is Python's wraparound, checked: it runs as CPython does
    run_both(shifted, a, np.zeros(64), -5, 10)
    with pytest.raises(IndexError, match="^index -65 is out of bounds for axis 0 with size 64$"):
        cs(a, np.zeros(64), -65, 3)


def test_versioned_loop_partial_effects_match_cpython():
    """When the range test fails the loop runs checked: the stores before the bad
    index happen, as in CPython."""
    a = np.arange(10.0)
    b, b_py = np.zeros(10), np.zeros(10)
    with pytest.raises(IndexError):
        pure(shifted)(a, b_py, 4, 10)
    with pytest.raises(IndexError):
        ferrojit.njit(shifted)(a, b, 4, 10)
    np.testing.assert_array_equal(b, b_py)


def _report_rows(cf):
    (record,) = annotate.collect([cf])
    return {n: info for n, info in record["lines"].items()}


def _line_of(f, text):
    import inspect
    lines, first = inspect.getsourcelines(f)
    return first + next(k for k, ln in enumerate(lines) if text in ln)


def test_report_marks_checks_left_in_loops():
    cf = run_both(gather, np.arange(10.0), np.array([3, 1, 9, 0]))
    rows = _report_rows(cf)
    line = _line_of(gather, "s += a[idx[k]]")
    assert rows[line]["checks"], "the gather's data-dependent index is not marked"
    assert not any(info["checks"] for n, info in rows.items() if n != line)
    html = annotate.annotate_html(cf)
    assert "bounds check in loop" in html
    ct = run_both(total, np.arange(5.0))
    assert not any(info["checks"] for info in _report_rows(ct).values())


def test_unchecked_function_has_no_check_and_no_marker():
    cf = ferrojit.njit(boundscheck=False)(gather)
    assert cf(np.arange(10.0), np.array([3, 1, 9, 0])) == 13.0
    assert not calls_check(llvm_of(cf))
    assert not any(info["checks"] for info in _report_rows(cf).values())


# --- extents known through variables and new arrays ----------------------------------

def pairwise(xs):
    n, p = xs.shape
    d = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(p):
                t = xs[i, k] - xs[j, k]
                s += t * t
            d[i, j] = s
    return d


def fill_n(a, n):
    out = np.empty(n)
    for i in range(n):
        out[i] = 2.0 * i
    return out


def chained(a):
    m = a.shape[0]
    n = m
    b = np.empty(n)
    for i in range(m):
        b[i] = a[i] + 1.0
    return b


@pytest.mark.parametrize("f,args", [
    (pairwise, (np.random.default_rng(1).random((7, 3)),)),
    (fill_n, (np.zeros(2), 9)),
    (chained, (np.arange(12.0),)),
], ids=lambda x: getattr(x, "__name__", ""))
def test_extents_through_variables_have_no_check(f, args):
    cf = run_both(f, *args)
    assert not calls_check(llvm_of(cf)), f"{f.__name__} still checks an index"


def rebound_in_loop(sizes):
    out = np.zeros(1)
    for t in range(sizes.shape[0]):
        n = sizes[t]
        if t == 0:
            out = np.zeros(n)
        for i in range(n):
            out[i] += 1.0
    return out


def rebound_on_a_path(a, flag):
    if flag:
        n = a.shape[0]
    else:
        n = a.shape[0] + 2
    b = np.zeros(a.shape[0])
    for i in range(n):
        b[i] = a[i]
    return b


def extent_var_rebound_later(a):
    n = a.shape[0]
    b = np.zeros(n)
    for i in range(n):
        b[i] = a[i]
    n = n + 1
    for i in range(n):
        b[i] += 1.0
    return b


@pytest.mark.parametrize("f,args", [
    (rebound_in_loop, (np.array([3, 5]),)),
    (rebound_in_loop, (np.array([5, 3]),)),
    (rebound_on_a_path, (np.arange(4.0), True)),
    (rebound_on_a_path, (np.arange(4.0), False)),
    (extent_var_rebound_later, (np.arange(4.0),)),
], ids=lambda x: getattr(x, "__name__", repr(x)))
def test_variables_bound_more_than_once_prove_nothing(f, args):
    """Bound in a loop, on two paths, or twice: no proof; CPython's IndexError."""
    from array_helpers import check_arrays
    check_arrays(f, *args, match_message=True)
