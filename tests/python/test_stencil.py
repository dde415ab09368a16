"""`@stencil` (python/ferrojit/_stencil.py): neighbourhood kernels with relative indices,
applied over the interior of the input, border cells set to `cval`. The oracle is the
kernel itself run by CPython at every interior cell, its arrays seen through relative
accessors (so the values, the dtype NumPy's rules give and the border are all checked).
"""

import itertools

import numpy as np
import pytest

import ferrojit
from ferrojit import njit, stencil


class _Rel:
    """`a[i, j]` relative to the current cell, for running a kernel in Python."""

    def __init__(self, arr, center):
        self.arr, self.center = arr, center

    def __getitem__(self, idx):
        idx = idx if isinstance(idx, tuple) else (idx,)
        return self.arr[tuple(c + i for c, i in zip(self.center, idx))]


def python_stencil(kernel, reach, relative, *args, cval=0, out=None):
    first = args[relative[0]]
    cells = [range(max(0, -lo), first.shape[ax] - max(0, hi)) for ax, (lo, hi) in enumerate(reach)]
    values = {}
    for center in itertools.product(*cells):
        vals = [_Rel(a, center) if k in relative else a for k, a in enumerate(args)]
        values[center] = kernel(*vals)
    if out is None:
        if values:
            dtype = np.asarray(next(iter(values.values()))).dtype
        else:
            # no interior cell: the kernel's type, from a cell of a larger array
            width = 2 * max(max(1, -lo, hi) for lo, hi in reach) + 1
            big = [np.zeros((width,) * len(reach), dtype=np.asarray(a).dtype) if k in relative else a
                   for k, a in enumerate(args)]
            mid = tuple(max(1, -lo, hi) for lo, hi in reach)
            vals = [_Rel(a, mid) if k in relative else a for k, a in enumerate(big)]
            dtype = np.asarray(kernel(*vals)).dtype
        out = np.full(first.shape, cval, dtype=dtype)
    for center, v in values.items():
        out[center] = v
    return out


def five_point(a):
    return 0.25 * (a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0])


def diff(x):
    return x[1] - x[-1]


def weighted(a, b, w, s):
    return w[0] * a[-1, 0, 1] + w[1] * b[1, 0, -1] + s


def moving_sum(a):
    t = 0.0
    for i in range(-2, 3):
        t += a[i]
    return t


def rising(a):
    return a[0] > a[-1]


STENCIL_5 = stencil(five_point)


def check(kernel, reach, relative, args, **kw):
    got = stencil(**kw)(kernel)(*args) if kw else stencil(kernel)(*args)
    cval = kw.get("cval", 0)
    expected = python_stencil(kernel, reach, relative, *args, cval=cval)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    np.testing.assert_array_equal(got, expected)
    return got


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
@pytest.mark.parametrize("shape", [(5, 6), (3, 3), (2, 7), (1, 1), (8, 4)])
def test_five_point(dtype, shape):
    a = (np.arange(np.prod(shape)).reshape(shape) % 11).astype(dtype)
    check(five_point, [(-1, 1), (-1, 1)], [0], (a,))


def test_layouts():
    base = np.random.default_rng(3).random((12, 14))
    for a in (base[::2, ::3], base.T, base[::-1, 1:]):
        check(five_point, [(-1, 1), (-1, 1)], [0], (a,))


@pytest.mark.parametrize("cval", [0, -1, 2.5])
def test_one_d_with_cval(cval):
    x = np.array([3, 1, 4, 1, 5, 9, 2, 6])
    check(diff, [(-1, 1)], [0], (x,), cval=cval)


def test_several_arrays_standard_indexing_and_scalars():
    rng = np.random.default_rng(5)
    a, b = rng.random((4, 5, 6)), rng.random((4, 5, 6))
    w = np.array([0.5, 2.0])
    got = stencil(standard_indexing=("w",))(weighted)(a, b, w, 1.5)
    np.testing.assert_array_equal(got, python_stencil(weighted, [(-1, 1), (0, 0), (-1, 1)], [0, 1], a, b, w, 1.5))


def test_neighborhood_for_indices_in_loops():
    x = np.arange(10.0) ** 2
    got = stencil(neighborhood=((-2, 2),))(moving_sum)(x)
    np.testing.assert_array_equal(got, python_stencil(moving_sum, [(-2, 2)], [0], x))


def test_bool_results_and_out():
    x = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    check(rising, [(-1, 0)], [0], (x,))
    out = np.full((5, 6), 7.0)
    a = np.arange(30.0).reshape(5, 6)
    r = STENCIL_5(a, out=out)
    expected = python_stencil(five_point, [(-1, 1), (-1, 1)], [0], a, out=np.full((5, 6), 7.0))
    np.testing.assert_array_equal(out, expected)  # the border is left as it was
    assert r is out or np.shares_memory(r, out)


def test_called_from_jit_code():
    @njit
    def smooth_twice(a):
        return STENCIL_5(STENCIL_5(a)) + 1.0

    a = np.random.default_rng(9).random((7, 9))
    once = python_stencil(five_point, [(-1, 1), (-1, 1)], [0], a)
    expected = python_stencil(five_point, [(-1, 1), (-1, 1)], [0], once) + 1.0
    np.testing.assert_array_equal(smooth_twice(a), expected)


def test_errors_name_the_problem():
    def computed_index(a, k):
        return a[k]

    with pytest.raises(ValueError, match="neighborhood"):
        stencil(computed_index)
    with pytest.raises(ValueError, match="2-d array"):
        STENCIL_5(np.arange(5.0))
    with pytest.raises(ValueError, match="standard_indexing"):
        stencil(standard_indexing=("nope",))(five_point)
    with pytest.raises(TypeError, match="takes 1 arguments"):
        STENCIL_5(np.ones((3, 3)), np.ones((3, 3)))


def test_out_with_cval_gets_the_border():
    x = np.arange(6.0)
    out = np.full(6, 9.0)
    stencil(cval=-1.0)(diff)(x, out=out)
    np.testing.assert_array_equal(out, [-1.0, 2.0, 2.0, 2.0, 2.0, -1.0])
