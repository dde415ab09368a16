"""A `@stencil` call inside an element-wise expression in `@jit` code (`u = u + dt *
lap(u)`) is fused with it: one loop nest computes each cell's stencil value and the
expression, no temporary array (crates/frontend/src/fusion.rs, python/ferrojit/_stencil.py
`_fused`). The oracle is the same function run by CPython, where the stencil call
returns the stencil's whole array (checked against a per-cell Python reference in
test_stencil.py) and NumPy evaluates the expression: values, dtype and the border (the
expression of `cval`) must agree exactly. Each test also checks, in the typed IR,
whether the call was fused.
"""

import warnings

import numpy as np
import pytest

import ferrojit
from ferrojit import njit, stencil


@stencil
def lap(a):
    return 0.25 * (a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0]) - a[0, 0]


@stencil
def diff(x):
    return x[1] - x[-1]


@stencil(cval=-1.5)
def diff_cval(x):
    return x[1] - x[-1]


@stencil
def up(x):
    return x[0] > x[-1]


@stencil(neighborhood=((-2, 2),))
def moving_sum(a):
    t = 0.0
    for i in range(-2, 3):
        t += a[i]
    return t


@stencil
def box3(a):
    return a[-1, 0, 0] + a[1, 0, 0] + a[0, -1, 1] + a[0, 1, -1]


@stencil(standard_indexing=("w",))
def weighted(a, w, s):
    return w[0] * a[-1, 0] + w[1] * a[0, 1] + s


SCALE = 0.5


def heat(u, dt):
    u = u + dt * lap(u)
    return u


def scaled_return(u, k):
    return lap(u) * k - u


def negated(u):
    return -lap(u)


def quotient(u, v, dt):
    return (lap(u) - v) / dt


def squares(u):
    return u ** 2 + lap(u) + SCALE


def with_complex(u):
    return lap(u) * (1 + 2j)


def int_ops(x, k):
    return diff(x) // k + x % 3


def int_true_division(x):
    return diff(x) / 2


def bools(x, n):
    return up(x) + n


def cval_border(x):
    return 2.0 * diff_cval(x) + x


def loops_kernel(a, b):
    return moving_sum(a) - b


def three_d(a, b):
    return box3(a) * b


def standard(a, w, s):
    return 1.0 + weighted(a, w, s) * a


def broadcast_row(u, row):
    return lap(u) + row


def in_a_loop(u, steps):
    for _ in range(steps):
        u = u + 0.1 * lap(u)
    return u


def unfused(u, dt):
    v = lap(u)
    return u + dt * v


def _fused(compiled, *args):
    ir = compiled.inspect_typed_ir()
    text = ir if isinstance(ir, str) else "\n".join(ir.values())
    return "_fuse_expr" in text


def check(fn, *args, fused=True, parallel=False):
    compiled = njit(parallel=parallel)(fn)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        want = fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
        got = compiled(*args)
    want, got = np.asarray(want), np.asarray(got)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)
    assert _fused(compiled) == fused, compiled.inspect_typed_ir()
    return got


RNG = np.random.default_rng(21)


@pytest.mark.parametrize("shape", [(6, 7), (3, 3), (2, 5), (1, 1), (1, 4), (9, 2)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
def test_heat_step_over_shapes_and_dtypes(shape, dtype):
    u = (RNG.random(shape) * 10).astype(dtype)
    check(heat, u, 0.1)
    check(scaled_return, u, 3)
    check(negated, u)
    check(squares, u)


def test_expressions_of_several_arrays_and_constants():
    u, v = RNG.random((8, 9)), RNG.random((8, 9))
    check(quotient, u, v, 0.25)
    check(quotient, u, v, 0.0)  # inf and nan, as NumPy
    check(with_complex, u)
    check(quotient, u.astype(np.float32), v, np.float32(2.0))


def test_integer_and_bool_stencils():
    x = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3])
    check(int_ops, x, 2)
    check(int_ops, x, 0)  # NumPy's // 0: 0 with a warning
    check(int_ops, x.astype(np.int32), -3)
    check(int_true_division, x)
    check(bools, np.array([1.0, 3.0, 2.0, 5.0, 4.0]), 7)


def test_border_is_the_expression_of_cval():
    x = np.array([2.0, 7.0, 1.0, 8.0, 2.0, 8.0])
    got = check(cval_border, x)
    assert got[0] == 2.0 * -1.5 + 2.0 and got[-1] == 2.0 * -1.5 + 8.0


def test_kernels_with_loops_three_axes_and_standard_indexing():
    a = RNG.random(12)
    check(loops_kernel, a, a[::-1].copy())
    check(three_d, RNG.random((4, 5, 6)), RNG.random((4, 5, 6)))
    check(three_d, RNG.random((4, 5, 6)), 2.5)
    check(standard, RNG.random((5, 7)), np.array([0.5, -2.0]), 1.25)


def test_non_contiguous_operands():
    base = RNG.random((14, 16))
    check(heat, base[::2, ::3], 0.2)
    check(quotient, base[1:, :-1].T, base[:-1, 1:].T.copy(), 0.5)


def test_operands_of_another_shape_are_broadcast_unfused():
    u = RNG.random((5, 6))
    # another number of dimensions: NumPy's broadcasting, the expression unfused
    check(broadcast_row, u, RNG.random(6), fused=False)
    check(broadcast_row, u, 1.5)
    # the same number of dimensions, another shape: checked when the call runs
    check(broadcast_row, u, RNG.random((1, 6)))
    check(broadcast_row, u, RNG.random((5, 1)))
    with pytest.raises(ValueError):
        njit(broadcast_row)(u, RNG.random((4, 6)))


def test_in_a_time_loop_and_parallel():
    u = RNG.random((30, 40))
    check(in_a_loop, u, 5)
    check(in_a_loop, u, 5, parallel=True)
    check(heat, u, 0.3, parallel=True)


def test_a_name_for_the_stencil_value_is_not_fused():
    check(unfused, RNG.random((6, 6)), 0.1, fused=False)
