"""Fusion of array expressions: element-wise expressions become one loop
(``map[...]``) and reductions consume them without a temporary array.

Three kinds of evidence, all of them honest about what they measure:

* the typed IR (``inspect_typed_ir``): the structure the compiler chose, e.g.
  ``sum(map[...])`` for ``np.sum(r * r)`` and a single ``map[`` for
  ``a * b + c - d``;
* the optimised LLVM IR (``inspect_llvm``): no call to the runtime allocator
  ``ferrojit_rt_alloc`` at all in a kernel that reduces an expression;
* the process's peak resident memory (``VmHWM``, reset through
  ``/proc/self/clear_refs``) around one call on large arrays, in a fresh
  subprocess: a materialised temporary would show up as its size in bytes.

And the values of every fused kernel are checked against NumPy, and the
runtime's live-allocation count must come back to where it was (temporaries,
views of temporaries and exceptions raised half-way through an expression
included).
"""

import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import array_expr_kernels as K
import ferrojit
from array_helpers import (
    DTYPES,
    arrays,
    check_arrays,
    check_math,
    hsettings,
    jit,
    live,
    ramp,
    with_layout,
)

HERE = os.path.dirname(os.path.abspath(__file__))


def fresh(kernel):
    """A dispatcher of its own, so that its only specialisation is the one the
    test compiles."""
    return ferrojit.njit(getattr(kernel, "py_func", kernel))


def typed_ir(kernel, *args):
    f = fresh(kernel)
    f(*args)
    irs = f.inspect_typed_ir()
    assert isinstance(irs, dict) and len(irs) == 1, irs
    return list(irs.values())[0]


def llvm_ir(kernel, *args):
    f = fresh(kernel)
    f(*args)
    irs = f.inspect_llvm()
    assert len(irs) == 1, list(irs)
    return list(irs.values())[0]


def alloc_calls(llvm_text):
    return re.findall(r"call [^\n]*@ferrojit_rt_alloc\(", llvm_text)


# ===========================================================================
# Typed IR
# ===========================================================================
def body(ir):
    """The IR without its signature line (which names argument types only)."""
    return "\n".join(ir.splitlines()[1:])


def test_ir_sum_of_product_is_a_fused_reduction():
    ir = typed_ir(K.fuse_sum_sq, np.arange(5.0))
    assert "sum(map[" in ir, ir
    assert "new " not in ir and "copy(" not in ir, ir


def test_ir_squared_distance_and_score():
    a, b = np.arange(5.0), np.ones(5)
    ir = typed_ir(K.fuse_sq_dist, a, b)
    assert "sum(map[" in ir and "new " not in ir, ir
    ir = typed_ir(K.fuse_score, a, b)
    assert "sum(map[" in ir and "sqrt(" in ir, ir
    assert "new " not in ir, ir


def test_ir_pdist_reduces_the_3d_expression_along_an_axis():
    ir = typed_ir(K.pdist_numpy, np.ones((4, 3)))
    # sum(map[... 3-d expression ...], axis=2): nested loops, no 3-D array
    assert re.search(r"sum\(map\[.*\]\(.*\): array\(float64, 3d, [CAF]\), axis=2\)", ir), ir
    assert "new " not in ir and "copy(" not in ir, ir


def test_ir_whole_elementwise_expression_is_one_map():
    a = np.arange(4.0)
    ir = body(typed_ir(K.fuse_expr4, a, a, a, 1.5))
    assert ir.count("map[") == 1, ir
    assert "new " not in ir, ir
    ir = body(typed_ir(K.fuse_ufunc_chain, a, a))
    assert ir.count("map[") == 1, ir


def test_ir_other_reductions_consume_maps():
    ir = typed_ir(K.fuse_minmax, np.arange(4.0))
    for red in ("max(map[", "argmin(map[", "any(map[", "mean(map["):
        assert red in ir, (red, ir)
    assert "new " not in ir, ir
    ir = typed_ir(K.fuse_axis_sum, np.ones((3, 4)), np.ones((3, 4)))
    assert re.search(r"sum\(map\[.*axis=1\)", ir), ir
    ir = typed_ir(K.fuse_where_sum, np.arange(4.0))
    assert "sum(map[" in ir and "new " not in ir, ir


def test_ir_seed_feature_and_search():
    ii = np.random.default_rng(0).random((4, 5, 6))
    ir = typed_ir(K.get_feature_from_integral_image, ii, 0, 0, 2, 3)
    assert "sum(map[" in ir, ir                     # np.sum(result * result)
    ir = body(typed_ir(K.search_one_integral_image, ii, np.ones(4), 1.0))
    search = ir.split("\nfn ")[0]
    assert "sum(map[" in search, ir                 # the score: no temporary
    assert "new " not in search, ir


# ===========================================================================
# LLVM: no allocation at all
# ===========================================================================
@pytest.mark.parametrize("kernel,args", [
    (K.fuse_sum_sq, (np.arange(5.0),)),
    (K.fuse_sq_dist, (np.arange(5.0), np.ones(5))),
    (K.fuse_score, (np.arange(5.0), np.ones(5))),
    (K.fuse_minmax, (np.arange(5.0),)),
    (K.fuse_dot_like, (np.arange(5.0)[::-1], np.ones(5))),
    (K.fuse_where_sum, (np.arange(5.0),)),
    (K.fuse_sum_sq, (np.ones((3, 4), np.float32),)),
    (K.fuse_sq_dist, (np.ones((3, 4)), np.ones(4))),
], ids=lambda x: getattr(x, "__name__", ""))
def test_llvm_reduction_of_expression_never_allocates(kernel, args):
    ll = llvm_ir(kernel, *args)
    calls = alloc_calls(ll)
    assert not calls, f"{kernel.__name__} calls the allocator:\n" + "\n".join(calls)


def test_llvm_elementwise_expression_allocates_only_its_result():
    a = np.arange(4.0)
    for kernel, args in ((K.fuse_expr4, (a, a, a, 1.5)), (K.fuse_ufunc_chain, (a, a))):
        ll = llvm_ir(kernel, *args)
        assert len(alloc_calls(ll)) <= 1, ll


# ===========================================================================
# Peak memory of one call on large arrays (fresh subprocess per kernel)
# ===========================================================================
_PEAK_CHILD = textwrap.dedent(r"""
    import sys
    sys.path.insert(0, sys.argv[1])
    import numpy as np
    import array_expr_kernels as K
    import ferrojit

    def status(key):
        with open("/proc/self/status") as f:
            for ln in f:
                if ln.startswith(key):
                    return int(ln.split()[1]) * 1024
        raise KeyError(key)

    name = sys.argv[2]
    small, big = eval(sys.argv[3]), eval(sys.argv[4])
    f = ferrojit.njit(getattr(K, name))
    f(*small)                                   # compile outside the measure
    with open("/proc/self/clear_refs", "w") as c:
        c.write("5")                            # reset VmHWM to the current RSS
    before = status("VmRSS")
    r = f(*big)
    print(status("VmHWM") - before)
""")


def peak_bytes(name, small, big):
    proc = subprocess.run([sys.executable, "-c", _PEAK_CHILD, HERE, name, small, big],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 and "clear_refs" in proc.stderr:
        pytest.skip("cannot reset the peak RSS here (/proc/self/clear_refs)")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return int(proc.stdout.split()[-1])


MB = 1 << 20


@pytest.mark.parametrize("name,small,big,limit,temp", [
    # np.sum(r * r) on 64 MB: a temporary would be 64 MB
    ("fuse_sum_sq", "(np.ones(3),)", "(np.ones(8_000_000),)", 16 * MB, 64 * MB),
    # np.sqrt(np.sum((t - q) * (t - q))): two 64 MB temporaries in NumPy
    ("fuse_score", "(np.ones(3), np.ones(3))", "(np.ones(8_000_000), np.zeros(8_000_000))",
     16 * MB, 64 * MB),
    # pdist on (400, 64): the 3-D temporary would be 82 MB, the result is 1.3 MB
    ("pdist_numpy", "(np.ones((3, 2)),)", "(np.random.default_rng(0).random((400, 64)),)",
     20 * MB, 82 * MB),
    # ((a - b) ** 2).sum(axis=1) on (1000, 4000): a 32 MB temporary, 8 kB result
    ("fuse_axis_sum", "(np.ones((3, 2)), np.ones((3, 2)))",
     "(np.ones((1000, 4000)), np.zeros((1000, 4000)))", 16 * MB, 32 * MB),
    # a * b + c - d on 32 MB arrays: the 32 MB result only, no 32 MB temporaries
    ("fuse_expr4", "(np.ones(3),) * 3 + (1.0,)", "(np.ones(4_000_000),) * 3 + (1.0,)",
     48 * MB, 64 * MB),
])
def test_peak_memory_shows_no_temporary(name, small, big, limit, temp):
    peak = peak_bytes(name, small, big)
    assert peak < limit, (f"{name}: peak RSS grew by {peak / MB:.1f} MiB during one call "
                          f"(a materialised temporary would be about {temp / MB:.0f} MiB)")


# ===========================================================================
# Values of fused kernels
# ===========================================================================
@pytest.mark.parametrize("dtype,layout", [
    ("float64", "C"), ("float64", "reversed"), ("float32", "transposed"), ("int64", "F"),
    ("int8", "strided"), ("bool", "reversed")])
def test_fused_values(dtype, layout):
    dt = np.dtype(dtype)
    # ramp values are small multiples of 1/4: every sum, product and square of them
    # is exact in each dtype, so the fused results compare exactly (a mean and a
    # square root are single correctly rounded operations); exp is within 4 ulp
    # (docs/accuracy.md)
    tol = {"signed_zeros": False}
    a = with_layout(ramp((3, 4), dtype), layout)
    b = with_layout(ramp((3, 4), dtype, start=5), "reversed")
    c = ramp((4,), dtype, start=2)
    check_arrays(K.fuse_sum_sq, a, **tol)
    check_arrays(K.fuse_sq_dist, a, b, **tol)
    check_arrays(K.fuse_score, a, b, **tol)
    check_arrays(K.fuse_expr4, a, b, c, 3)
    check_arrays(K.fuse_axis_sum, a, c, **tol)
    check_arrays(K.fuse_dot_like, a, b, **tol)
    check_arrays(K.fuse_where_sum, a, **tol)
    if dt.kind == "f":   # (ufunc result dtypes of integers: test_array_exprs.py)
        # exp within MATH_ULPS of CPython's math; the sum, sqrt and * 0.5 keep the
        # result within that many ulp (sqrt halves the relative error)
        check_math(K.fuse_ufunc_chain, a, b)
    check_arrays(K.fuse_minmax, a, **tol)


@hsettings(10)
@given(st.data())
def test_fused_values_hypothesis(data):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=3,
                                                         max_side=4)).input_shapes
    dtype = data.draw(st.sampled_from(DTYPES))
    a = data.draw(arrays(dtype, shape=shapes[0], exact=True))
    b = data.draw(arrays(data.draw(st.sampled_from(DTYPES)), shape=shapes[1], exact=True))
    # exact=True values: the squared distances are exact in every dtype
    tol = {"signed_zeros": False}
    check_arrays(K.fuse_sq_dist, a, b, **tol)
    check_arrays(K.fuse_expr4, a, b, a, b)


def test_fused_values_large():
    rng = np.random.default_rng(0)
    for n in (1, 7, 8, 9, 31, 1000, 4099):
        a, b = rng.normal(size=n), rng.normal(size=n)
        check_arrays(K.fuse_sum_sq, a, rtol=1e-12)
        check_arrays(K.fuse_score, a, b, rtol=1e-12)
        check_arrays(K.fuse_minmax, a, rtol=1e-12, atol=1e-12)
        check_arrays(K.fuse_expr4, a, b, a[::-1], 0.5)


# ===========================================================================
# Live allocations: nothing leaks, not even on an exception
# ===========================================================================
def no_leak(kernel, *args, times=30, raises=None):
    f = jit(kernel)
    for _ in range(2):                     # compile, warm up
        try:
            f(*args)
        except Exception:  # noqa: BLE001
            pass
    start = live()
    for _ in range(times):
        if raises is None:
            r = f(*args)
            del r
        else:
            with pytest.raises(raises):
                f(*args)
    assert live() == start, f"{kernel.__name__}: {live() - start} allocations leaked"


@pytest.mark.parametrize("kernel,args", [
    (K.fuse_sum_sq, (np.arange(9.0),)),
    (K.fuse_score, (np.arange(9.0), np.ones(9))),
    (K.fuse_expr4, (np.arange(9.0), np.ones(9), np.ones((2, 9)), 2.0)),
    (K.fuse_axis_sum, (np.ones((3, 4)), np.ones(4))),
    (K.pdist_numpy, (np.ones((5, 3)),)),
    (K.temp_view, (np.arange(6.0),)),
    (K.temp_in_loop, (np.arange(6.0), 20)),
    (K.red_then_expr, (np.ones((3, 4)) + 1,)),
    (K.center_rows, (np.arange(12.0).reshape(3, 4),)),
    (K.tuple_views, (np.arange(5.0),)),
    (K.tuple_build, (np.arange(5.0), np.ones(5))),
    (K.slices_2d, (np.arange(12.0).reshape(3, 4),)),
    (K.newaxis_2d, (np.arange(12.0).reshape(3, 4),)),
    (K.shift_right, (np.arange(6.0),)),
    (K.stencil_jacobi, (np.arange(20.0).reshape(4, 5),)),
    (K.iadd_reversed_self, (np.arange(6.0),)),
    (K.get_feature_plain, (np.random.default_rng(0).random((3, 4, 5)), 0, 0, 2, 3)),
    (K.search_one_integral_image, (np.random.default_rng(0).random((3, 4, 5)), np.ones(3), 1.0)),
    (K.softmax_optimized, (np.linspace(0, 1, 9),)),
    (K.dot_method_like, (np.ones((3, 4)), np.ones((4, 3)), np.ones(3))),
    (K.view_of_new_array, (9,)),
    (K.iadd_local, (7,)),
], ids=lambda x: getattr(x, "__name__", ""))
def test_no_leaks(kernel, args):
    no_leak(kernel, *args)


@pytest.mark.parametrize("kernel,args,exc", [
    (K.temp_then_raise_broadcast, (np.ones(4), np.ones(3)), ValueError),
    (K.temp_then_raise_min, (np.ones(4),), ValueError),
    (K.temp_then_raise_pow, (np.arange(4), -1), ValueError),
    (K.assign_mismatch, (np.ones(5), np.ones(3)), ValueError),
    (K.dot, (np.ones((2, 3)), np.ones(4)), ValueError),
    (K.slice_dyn, (np.ones(5), 0, 5, 0), ValueError),
], ids=lambda x: getattr(x, "__name__", ""))
def test_no_leaks_when_raising(kernel, args, exc):
    no_leak(kernel, *args, raises=exc)


def test_returned_view_of_temporary_keeps_it_alive():
    f = jit(K.temp_view)
    f(np.arange(3.0))
    start = live()
    r = f(np.arange(6.0))
    assert live() > start                  # the temporary lives in the view's base
    v = r[::2]
    del r
    assert np.array_equal(v, np.array([2.0, 4.0, 6.0]))
    del v
    assert live() == start
