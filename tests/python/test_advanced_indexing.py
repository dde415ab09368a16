"""Indexing by one integer or bool array (`a[idx]`, `a[mask]`, `a[idx] = v`, `a[mask] =
v`; python/ferrojit/_lib/indexing.py), against NumPy run by CPython: the same result
(dtype, shape, values), the same exception type and message, the same changes to the
arrays passed in. Hypothesis draws the arrays (dtypes, 1-3 dimensions, layouts), the
indices (negative and out of range ones too), the masks (of the array's shape, of its
first axis, or of a wrong length) and the values stored."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ferrojit
from ferrojit.errors import TypingError


def take(a, idx):
    return a[idx]


def take_where_positive(a):
    return a[a > 0]


def take_computed(a, k):
    return a[np.arange(k) % a.shape[0]]


def put(a, idx, v):
    a[idx] = v
    return a


def clip_negative(a):
    a[a < 0] = 0
    return a


def in_a_loop(a, masks):
    total = 0.0
    for i in range(masks.shape[0]):
        total += a[masks[i]].sum()
    return total


def outcome(f, *args):
    args = [x.copy(order="K") if isinstance(x, np.ndarray) else x for x in args]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return f(*args), None, args
        except (IndexError, ValueError, TypeError) as e:
            return None, (type(e), str(e)), args


def check(fn, *args):
    want, want_exc, want_args = outcome(fn, *args)
    got, got_exc, got_args = outcome(ferrojit.njit(fn), *args)
    assert got_exc == want_exc
    if want_exc is None:
        want, got = np.asarray(want), np.asarray(got)
        assert (got.dtype, got.shape) == (want.dtype, want.shape)
        np.testing.assert_array_equal(got, want)
    for g, w in zip(got_args, want_args):
        if isinstance(w, np.ndarray):
            np.testing.assert_array_equal(g, w)


DTYPES = ["float64", "float32", "int64", "int32", "uint8", "bool", "complex128"]


@st.composite
def arrays(draw, max_ndim=3):
    ndim = draw(st.integers(1, max_ndim))
    shape = tuple(draw(st.lists(st.integers(0, 5), min_size=ndim, max_size=ndim)))
    dtype = draw(st.sampled_from(DTYPES))
    seed = draw(st.integers(0, 2**16))
    a = (np.random.default_rng(seed).standard_normal(shape) * 4).astype(dtype)
    layout = draw(st.sampled_from(["C", "F", "reversed"]))
    if layout == "F":
        a = np.asfortranarray(a)
    elif layout == "reversed" and a.size:
        a = np.ascontiguousarray(a[::-1])[::-1]
    return a


@settings(max_examples=120, deadline=None)
@given(a=arrays(), data=st.data())
def test_take_by_integer_arrays(a, data):
    n = a.shape[0]
    lo, hi = -n - 1, n + 1
    k = data.draw(st.integers(0, 6))
    idx = np.array(data.draw(st.lists(st.integers(lo, hi), min_size=k, max_size=k)), dtype=data.draw(
        st.sampled_from(["int64", "int32", "uint8"]) if lo >= 0 else st.sampled_from(["int64", "int32"])))
    check(take, a, idx)
    if data.draw(st.booleans()) and k % 2 == 0 and k:
        check(take, a, idx.reshape(2, k // 2))


@settings(max_examples=120, deadline=None)
@given(a=arrays(), data=st.data())
def test_select_by_masks(a, data):
    kind = data.draw(st.sampled_from(["same", "rows", "short"]))
    seed = data.draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    if kind == "same":
        mask = rng.random(a.shape) < 0.5
    elif kind == "rows":
        mask = rng.random(a.shape[0]) < 0.5
    else:
        mask = rng.random(a.shape[0] + 1) < 0.5
    check(take, a, mask)
    if a.dtype.kind in "fiu":
        check(take_where_positive, a)
        check(clip_negative, a)


@settings(max_examples=120, deadline=None)
@given(a=arrays(max_ndim=2), data=st.data())
def test_stores_by_integer_arrays_and_masks(a, data):
    n = a.shape[0]
    seed = data.draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    if data.draw(st.booleans()):
        k = data.draw(st.integers(0, 5))
        index = rng.integers(-n - 1, n + 2, size=k) if n else np.zeros(0, np.int64)
        count = k
    else:
        index = rng.random(a.shape if data.draw(st.booleans()) else a.shape[0]) < 0.5
        count = int(index.sum()) if index.shape == a.shape else int(index.sum())
    value_kind = data.draw(st.sampled_from(["scalar", "array", "one", "wrong"]))
    if value_kind == "scalar":
        v = 7 if a.dtype.kind != "c" else 2 + 1j
    else:
        m = {"array": count, "one": 1, "wrong": count + 1}[value_kind]
        rows = index.ndim == 1 and a.ndim == 2 and index.dtype == np.bool_ or index.dtype != np.bool_
        shape = (m,) + a.shape[1:] if rows else (m,)
        v = (rng.standard_normal(shape) * 3).astype(a.dtype)
    check(put, a, index, v)


def take_column(a, idx, j):
    return a[idx, j]


def take_cell_column(a, idx, j, k):
    return a[idx, j, k]


def mean_of_cluster(a, labels, c, j):
    # (numba/numba examples/k-means: `np.sum(A[labels == i, j]) / np.sum(labels == i)`)
    return np.sum(a[labels == c, j]) / np.sum(labels == c)


@settings(max_examples=80, deadline=None)
@given(a=arrays(), data=st.data())
def test_an_array_index_then_integers(a, data):
    n = a.shape[0]
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    ints = [data.draw(st.integers(-s - 1, s)) for s in a.shape[1:]]
    if data.draw(st.booleans()):
        index = rng.integers(-n - 1, n + 1, size=data.draw(st.integers(0, 4))) if n else np.zeros(0, np.int64)
    else:
        index = rng.random(n + data.draw(st.sampled_from([0, 0, 1]))) < 0.5
    if a.ndim == 2:
        check(take_column, a, index, ints[0])
    elif a.ndim == 3:
        check(take_cell_column, a, index, ints[0], ints[1])


def test_the_k_means_centroid_expression():
    # (np.sum of floats: NumPy's pairwise order and ours may differ in the last bit; the
    # selection itself is checked exactly above)
    rng = np.random.default_rng(4)
    a = rng.standard_normal((50, 3))
    labels = rng.integers(0, 4, 50)
    compiled = ferrojit.njit(mean_of_cluster)
    with np.errstate(all="ignore"):
        for c in range(5):
            for j in range(3):
                np.testing.assert_allclose(compiled(a, labels, c, j), mean_of_cluster(a, labels, c, j), rtol=1e-14)


def store_column(a, mask, j):
    a[mask, j] = 0.0
    return a


def test_a_store_through_an_array_index_and_integers_is_a_typing_error():
    with pytest.raises(TypingError, match=r"a\[mask, j\] = v"):
        ferrojit.njit(store_column)(np.ones((3, 2)), np.array([True, False, True]), 1)


def test_in_a_loop_and_computed_indices():
    a = np.arange(-5.0, 7.0)
    masks = np.random.default_rng(1).random((4, 12)) < 0.5
    check(in_a_loop, a, masks)
    check(take_computed, a, 20)


def take_float_index(a, x):
    return a[x]


def take_with_two_indices(a, idx):
    return a[0, idx]


@pytest.mark.parametrize("fn, args, message", [
    (take_float_index, (np.arange(3.0), np.array([0.5])), "arrays used as indices must be of integer (or boolean) type"),
    (take_with_two_indices, (np.ones((2, 2)), np.array([0])), "an array index (array(int64, 1d, C)) together with other indices"),
])
def test_unsupported_forms_are_typing_errors_naming_the_line(fn, args, message):
    with pytest.raises(TypingError) as e:
        ferrojit.njit(fn)(*args)
    assert message in str(e.value) and "test_advanced_indexing.py:" in str(e.value)


@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 4), (2, 2, 3, 2)])
@pytest.mark.parametrize("layout", ["C", "F", "strided"])
@pytest.mark.parametrize("values", ["scalar", "array", "one"])
def test_mask_stores_of_every_layout_up_to_four_axes(shape, layout, values):
    rng = np.random.default_rng(len(shape))
    base = rng.standard_normal(tuple(2 * s for s in shape))
    a = {"C": np.ascontiguousarray(base[tuple(slice(0, s) for s in shape)]),
         "F": np.asfortranarray(base[tuple(slice(0, s) for s in shape)]),
         "strided": base[tuple(slice(None, None, 2) for _ in shape)]}[layout]
    mask = a > 0
    v = {"scalar": 7.0, "array": np.arange(float(mask.sum())), "one": np.array([3.0])}[values]
    check(put, a, mask, v)
