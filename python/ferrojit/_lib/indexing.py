"""Advanced indexing of arrays by one integer or boolean array (``a[idx]``, ``a[mask]``,
``a[idx] = v``, ``a[mask] = v``), as NumPy does it (and Numba supports it): the
compiler lowers a subscript whose one index is an array to ``numpy.ndarray.__getitem__(a, idx)`` /
``numpy.ndarray.__setitem__(a, idx, v)`` (crates/frontend/src/array.rs), implemented here.

- ``a[idx]``, ``idx`` an integer array: a new array of shape ``idx.shape + a.shape[1:]``
  with the rows ``a[idx[k]]`` (negative indices count from the end; out of range is
  NumPy's IndexError).
- ``a[mask]``, ``mask`` a bool array of ``a``'s shape: a new 1-D array of the elements
  where ``mask`` is True, in C order; a 1-D mask on an N-d array selects rows. A shape
  that does not match is NumPy's IndexError.
- ``a[idx] = v`` / ``a[mask] = v``: ``v`` a number (stored in every selected place), or
  an array with one value per selected place (or one in all), in the same order; NumPy's
  errors otherwise. A repeated index is written in order (the last write stays).
"""

import numpy as np

from .. import types
from ..extending import library
from .builtins import _tuple_tail


def _cons(*items):
    """A tuple of the items (``_cons(m, *_tuple_tail(*a.shape))`` is ``(m,) + a.shape[1:]``:
    compiled code has no tuple slices or ``+`` of tuples)."""
    return items


def _int_array(t):
    return isinstance(t, types.Array) and isinstance(t.dtype, types.Integer)


def _bool_array(t):
    return isinstance(t, types.Array) and isinstance(t.dtype, types.Boolean)


def _number(t):
    return isinstance(t, (types.Number, types.Boolean))


# --- a[idx] ------------------------------------------------------------------------

@library("numpy.ndarray.__getitem__")
def _getitem(a, idx, *rest):
    if not isinstance(a, types.Array) or a.ndim == 0:
        return None
    if rest:
        # `a[idx, j]`, `a[mask, j, k]`: an integer for every later axis (a 1-D result)
        if len(rest) != a.ndim - 1 or not all(isinstance(t, types.Integer) for t in rest) or len(rest) > 2:
            return None
        if _int_array(idx) and idx.ndim == 1:
            return _take_at_1 if len(rest) == 1 else _take_at_2
        if _bool_array(idx) and idx.ndim == 1:
            return _mask_at_1 if len(rest) == 1 else _mask_at_2
        return None
    if _int_array(idx):
        return _take if idx.ndim == 1 else _take_2d if idx.ndim == 2 else None
    if _bool_array(idx):
        if idx.ndim == a.ndim:
            return _mask_select
        if idx.ndim == 1:
            return _mask_rows
        return _mask_mismatch
    return None


def _shape_text(shape):
    """A shape as NumPy writes it in these messages: ``(3,)``, ``(2,0)``."""
    text = "("
    k = 0
    for d in shape:
        if k:
            text += ","
        text += str(d)
        k += 1
    if k == 1:
        text += ","
    return text + ")"


def _check_index(i, n):
    return _check_index_axis(i, n, 0)


def _take(a, idx):
    n = a.shape[0]
    m = idx.shape[0]
    out = np.empty(_cons(m, *_tuple_tail(*a.shape)), dtype=a.dtype)
    for k in range(m):
        out[k] = a[_check_index(idx[k], n)]
    return out


def _take_2d(a, idx):
    n = a.shape[0]
    out = np.empty(_cons(idx.shape[0], idx.shape[1], *_tuple_tail(*a.shape)), dtype=a.dtype)
    for p in range(idx.shape[0]):
        for q in range(idx.shape[1]):
            out[p, q] = a[_check_index(idx[p, q], n)]
    return out


def _take_at_1(a, idx, j):
    n = a.shape[0]
    j = _check_index_axis(j, a.shape[1], 1)
    out = np.empty(idx.shape[0], dtype=a.dtype)
    for k in range(idx.shape[0]):
        out[k] = a[_check_index(idx[k], n), j]
    return out


def _take_at_2(a, idx, j, l):
    n = a.shape[0]
    j = _check_index_axis(j, a.shape[1], 1)
    l = _check_index_axis(l, a.shape[2], 2)
    out = np.empty(idx.shape[0], dtype=a.dtype)
    for k in range(idx.shape[0]):
        out[k] = a[_check_index(idx[k], n), j, l]
    return out


def _check_rows_mask(a, mask):
    if mask.shape[0] != a.shape[0]:
        raise IndexError(f"boolean index did not match indexed array along axis 0; "
                         f"size of axis is {a.shape[0]} but size of corresponding boolean axis is {mask.shape[0]}")


def _mask_at_1(a, mask, j):
    _check_rows_mask(a, mask)
    j = _check_index_axis(j, a.shape[1], 1)
    out = np.empty(_count_true(mask), dtype=a.dtype)
    m = 0
    for k in range(mask.shape[0]):
        if mask[k]:
            out[m] = a[k, j]
            m += 1
    return out


def _mask_at_2(a, mask, j, l):
    _check_rows_mask(a, mask)
    j = _check_index_axis(j, a.shape[1], 1)
    l = _check_index_axis(l, a.shape[2], 2)
    out = np.empty(_count_true(mask), dtype=a.dtype)
    m = 0
    for k in range(mask.shape[0]):
        if mask[k]:
            out[m] = a[k, j, l]
            m += 1
    return out


def _check_index_axis(i, n, axis):
    if i < -n or i >= n:
        raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")
    return i + n if i < 0 else i


def _check_mask_shape(a, mask):
    axis = 0
    for ms, s in zip(mask.shape, a.shape):
        if ms != s:
            raise IndexError(f"boolean index did not match indexed array along axis {axis}; "
                             f"size of axis is {s} but size of corresponding boolean axis is {ms}")
        axis += 1


def _mask_select(a, mask):
    _check_mask_shape(a, mask)
    flat_mask = mask.ravel()
    flat = a.ravel()
    out = np.empty(_count_true(flat_mask), dtype=a.dtype)
    j = 0
    for k in range(flat_mask.shape[0]):
        if flat_mask[k]:
            out[j] = flat[k]
            j += 1
    return out


def _mask_rows(a, mask):
    _check_rows_mask(a, mask)
    out = np.empty(_cons(_count_true(mask), *_tuple_tail(*a.shape)), dtype=a.dtype)
    j = 0
    for k in range(mask.shape[0]):
        if mask[k]:
            out[j] = a[k]
            j += 1
    return out


def _mask_mismatch(a, mask):
    raise IndexError(f"too many indices for array: array is {a.ndim}-dimensional, but {mask.ndim} were indexed")


# --- a[idx] = v ----------------------------------------------------------------------

@library("numpy.ndarray.__setitem__")
def _setitem(a, idx, v):
    if not isinstance(a, types.Array) or a.ndim == 0:
        return None
    if not (_number(v) or isinstance(v, types.Array)):
        return None
    array_value = isinstance(v, types.Array)
    if _int_array(idx) and idx.ndim == 1:
        if not array_value:
            return _put_scalar
        if v.ndim == a.ndim:
            return _put_rows
        if v.ndim < a.ndim:
            return _put_scalar  # (each row gets the same value, broadcast)
        return None
    if _bool_array(idx):
        if idx.ndim == 1 and a.ndim > 1:
            if not array_value or v.ndim < a.ndim:
                return _mask_put_rows_scalar
            return _mask_put_rows if v.ndim == a.ndim else None
        if idx.ndim != a.ndim:
            return _mask_mismatch_put
        if array_value and v.ndim != 1:
            return None
        return _mask_put(a.ndim, array_value)
    return None


def _check_all(idx, n):
    # (NumPy checks every index before it writes anything)
    for k in range(idx.shape[0]):
        _check_index(idx[k], n)


def _put_scalar(a, idx, v):
    n = a.shape[0]
    _check_all(idx, n)
    for k in range(idx.shape[0]):
        a[_check_index(idx[k], n)] = v


def _put_rows(a, idx, v):
    n = a.shape[0]
    m = idx.shape[0]
    if v.shape[0] != m and v.shape[0] != 1:
        raise ValueError(f"shape mismatch: value array of shape {_shape_text(v.shape)} could not be broadcast "
                         f"to indexing result of shape {_shape_text(_cons(m, *_tuple_tail(*a.shape)))}")
    _check_all(idx, n)
    for k in range(m):
        a[_check_index(idx[k], n)] = v[k if v.shape[0] == m else 0]


def _mask_mismatch_put(a, mask, v):
    raise IndexError(f"too many indices for array: array is {a.ndim}-dimensional, but {mask.ndim} were indexed")


def _count_true(flat_mask):
    count = 0
    for k in range(flat_mask.shape[0]):
        if flat_mask[k]:
            count += 1
    return count


def _check_values(v, count):
    if v.shape[0] != count and v.shape[0] != 1:
        raise ValueError(f"NumPy boolean array indexing assignment cannot assign {v.shape[0]} input values "
                         f"to the {count} output values where the mask is true")


def _fill_1d(a, mask, v, j):
    for k in range(a.shape[0]):
        if mask[k]:
            a[k] = v
    return j


def _copy_1d(a, mask, v, j):
    # the values in order (j: the next one; a single value goes everywhere)
    for k in range(a.shape[0]):
        if mask[k]:
            a[k] = v[j if v.shape[0] != 1 else 0]
            j += 1
    return j


def _over_rows(inner):
    """``inner`` (for arrays of one dimension less) applied to each row, in order."""
    def walk(a, mask, v, j):
        for i in range(a.shape[0]):
            j = inner(a[i], mask[i], v, j)
        return j
    return walk


_FILL = {1: _fill_1d}
_COPY = {1: _copy_1d}
for _d in (2, 3, 4):
    _FILL[_d] = _over_rows(_FILL[_d - 1])
    _COPY[_d] = _over_rows(_COPY[_d - 1])


def _mask_put(ndim, array_value):
    """``a[mask] = v`` for a mask of ``a``'s shape (C order, any layout)."""
    walk = (_COPY if array_value else _FILL).get(ndim)
    if walk is None:
        return None
    if array_value:
        def put(a, mask, v):
            _check_mask_shape(a, mask)
            _check_values(v, _count_true(mask.ravel()))
            walk(a, mask, v, 0)
    else:
        def put(a, mask, v):
            _check_mask_shape(a, mask)
            walk(a, mask, v, 0)
    return put


def _mask_put_rows_scalar(a, mask, v):
    _check_rows_mask(a, mask)
    for k in range(a.shape[0]):
        if mask[k]:
            a[k] = v


def _mask_put_rows(a, mask, v):
    _check_rows_mask(a, mask)
    count = _count_true(mask)
    if v.shape[0] != count and v.shape[0] != 1:
        raise ValueError(f"shape mismatch: value array of shape {_shape_text(v.shape)} could not be broadcast "
                         f"to indexing result of shape {_shape_text(_cons(count, *_tuple_tail(*a.shape)))}")
    j = 0
    for k in range(a.shape[0]):
        if mask[k]:
            a[k] = v[j if v.shape[0] != 1 else 0]
            j += 1
