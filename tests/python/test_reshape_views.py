"""`reshape`/`ravel` of arrays that are not C-contiguous, against NumPy: a view exactly
where NumPy gives one (reshape: its `_attempt_nocopy_reshape`, where the strides allow
it; ravel: only of a C-contiguous array), a copy otherwise; so a write through the result shows in the array (and the other way) exactly
when it does in NumPy. Values, shapes, dtypes and memory sharing are compared."""

import numpy as np
import pytest

from array_helpers import live
from conftest import jitted


def reshape_then_write(a, shape):
    r = a.reshape(shape)
    a[0, 0] = -7
    return r


def write_through_reshape(a, shape):
    r = a.reshape(shape)
    r += 1      # every element, in place through the result
    return r


def ravel_then_write(a):
    r = a.ravel()
    a[0, 0] = -5
    return r


def _layouts():
    base = np.arange(48.0).reshape(6, 8)
    yield "column", base[:, 2:3], (6,)
    yield "every-other-col", base[:, ::2], (24,)           # (6, 4) strides (64, 16): a view
    yield "every-other-col-2d", base[:, ::2], (3, 2, 4)
    yield "cropped", base[1:4, 1:5], (12,)                 # not evenly strided: a copy
    yield "cropped-rows", base[1:4, 1:5], (3, 2, 2)        # splits the last axis: a view
    yield "transposed", base.T, (48,)                      # a copy
    yield "transposed-split", base.T, (2, 4, 6)            # splits the first axis: a view
    yield "reversed", base[::-1], (48,)                    # rows reversed: a copy
    yield "reversed-keep-rows", base[::-1], (6, 2, 4)      # a view
    yield "step-rows", base[::2], (3, 8)
    yield "f-order", np.asfortranarray(base), (8, 6)
    yield "int32-strided", np.arange(40, dtype=np.int32).reshape(5, 8)[:, 1::3], (15,)
    yield "empty", base[:0, ::2], (0, 4)


CASES = list(_layouts())


@pytest.mark.parametrize("fn,name,view,shape", [
    pytest.param(fn, *c, id=f"{fn.__name__}-{c[0]}") for fn in (reshape_then_write, write_through_reshape)
    for c in CASES if c[1].size or fn is write_through_reshape])   # (a[0, 0] of an empty array raises)
def test_reshape_shares_memory_as_numpy(fn, name, view, shape):
    # each side gets its own copy of the base array, viewed the same way
    base = view.base if view.base is not None else view

    def fresh():
        return _same_view(view, base.copy(order="A"))

    a_py, a_jit = fresh(), fresh()
    exp = fn(a_py, shape)
    before = live()
    got = jitted(fn)(a_jit, shape)
    assert got.shape == exp.shape and got.dtype == exp.dtype
    assert np.array_equal(got, exp), (got, exp)
    assert np.array_equal(a_jit, a_py)
    assert np.shares_memory(got, a_jit) == np.shares_memory(exp, a_py)
    del got
    assert live() == before


def _same_view(view, new_base):
    """`view` re-made on `new_base` (a copy of its base): the same offset and strides."""
    base = view.base if view.base is not None else view
    offset = view.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    return np.ndarray(view.shape, view.dtype, buffer=new_base, offset=offset, strides=view.strides)


@pytest.mark.parametrize("name,view,shape", [c for c in CASES if c[1].size], ids=[c[0] for c in CASES if c[1].size])
def test_ravel_shares_memory_as_numpy(name, view, shape):
    # (NumPy's ravel() is a view of a C-contiguous array only: a copy of all of these)
    base = view.base if view.base is not None else view
    a_py, a_jit = _same_view(view, base.copy(order="A")), _same_view(view, base.copy(order="A"))
    exp = ravel_then_write(a_py)
    got = jitted(ravel_then_write)(a_jit)
    assert np.array_equal(got, exp)
    assert np.shares_memory(got, a_jit) == np.shares_memory(exp, a_py)
