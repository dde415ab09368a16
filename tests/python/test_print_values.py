"""`print` of tuples, arrays and values that may be None (crates/llvm/src/codegen.rs packs
them as items the print hook rebuilds into Python objects), and such values in exception
messages, against CPython's output."""

import contextlib
import io

import numpy as np
import pytest

from conftest import jitted, pure


def both_print(fn, *args):
    out = []
    for f in (pure(fn), jitted(fn)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            f(*args)
        out.append(buf.getvalue())
    assert out[1] == out[0]
    return out[0]


def shapes(a):
    print(a.shape, a.ndim, (1, (2.5, True)), ())
    print("shape:", a.shape, sep="=", end="!\n")


def arrays(a):
    print(a)
    print(a * 2, a.T)
    print(a[0], (a[0], a.shape))


def slices(a):
    print(a[::2], a[1:])


def optional_values(x):
    r = None
    if x > 0:
        r = x
    print(r, r is None)


def complex_tuple(z):
    print((z, z.conjugate()), z * 1j)


def message_with_tuple(a):
    if a.shape[0] > 2:
        raise ValueError(f"bad shape {a.shape}")
    return 0


@pytest.mark.parametrize("a", [np.arange(6.0).reshape(2, 3), np.arange(12, dtype=np.int32).reshape(3, 4)[:, ::2], np.zeros((2, 0))])
def test_arrays_and_shapes(a):
    both_print(shapes, a)
    both_print(arrays, a)


def test_strided_and_1d():
    both_print(slices, np.linspace(0, 1, 7))
    both_print(slices, np.arange(5, dtype=np.uint8))


@pytest.mark.parametrize("x", [-1.0, 2.5])
def test_optional(x):
    both_print(optional_values, x)


def test_complex_in_tuples():
    both_print(complex_tuple, 1 - 2j)


def test_tuple_in_a_message():
    a = np.zeros(4)
    with pytest.raises(ValueError) as py:
        message_with_tuple(a)
    with pytest.raises(ValueError) as jit:
        jitted(message_with_tuple)(a)
    assert str(jit.value) == str(py.value) == "bad shape (4,)"
