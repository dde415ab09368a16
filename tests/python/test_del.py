"""`del name` in compiled code (crates/frontend/src/stmt.rs `lower_del`, the definite-
assignment flags of crates/frontend/src/definite.rs): the name is unbound afterwards, so a
read raises CPython's UnboundLocalError, as does deleting an unbound name; a deleted
array is released at once; the name may be bound again, to another type."""

import numpy as np
import pytest

import ferrojit
from conftest import run_exact_exceptions
from ferrojit.errors import TypingError


def read_after_del(x):
    y = x + 1
    del y
    return y


def del_in_branch(x):
    y = x * 2
    if x > 3:
        del y
    return y


def del_param(x, flag):
    if flag:
        del x
    return x


def del_unbound(n):
    for i in range(n):
        t = i
    del t
    return 0


def rebind_other_type(x):
    v = x
    del v
    v = x / 3.0  # a new definition, float
    return v


def del_several(a, b):
    c = a + b
    d = a - b
    del c, d
    c = 1
    return c


def del_in_loop(n):
    total = 0
    for i in range(n):
        t = i * i
        total += t
        del t
    return total


def del_then_read_in_loop(n):
    total = 0
    t = 5
    for i in range(n):
        if i == 2:
            del t
        total += t
    return total


def del_array(n):
    a = np.ones(n)
    s = a.sum()
    del a
    return s


def del_array_then_rebind(n):
    a = np.ones(n)
    b = a * 2.0
    del a
    a = b + 1.0
    return a.sum()


KERNELS = [read_after_del, del_in_branch, del_unbound, rebind_other_type, del_in_loop,
           del_then_read_in_loop, del_array, del_array_then_rebind]


@pytest.mark.parametrize("fn", KERNELS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0, 1, 2, 3, 4, 7])
def test_del_against_cpython(fn, x):
    expected, got, exc, call = run_exact_exceptions(fn, x)
    if exc is None:
        assert got == expected, call


@pytest.mark.parametrize("flag", [False, True])
@pytest.mark.parametrize("x", [1, 2.5])
def test_del_of_a_parameter(x, flag):
    expected, got, exc, call = run_exact_exceptions(del_param, x, flag)
    if exc is None:
        assert got == expected, call


def test_two_names():
    expected, got, exc, call = run_exact_exceptions(del_several, 3, 4)
    assert exc is None and got == expected == 1


def test_a_deleted_array_is_released():
    f = ferrojit.njit(del_array_then_rebind)
    f(10)
    before = ferrojit._native.live_allocations()
    for _ in range(5):
        assert f(1000) == 3000.0
    assert ferrojit._native.live_allocations() == before


def test_only_names_can_be_deleted():
    def del_item(a):
        del a[0]
        return a

    with pytest.raises(TypingError, match=r"del a\[0\]"):
        ferrojit.njit(del_item)(np.zeros(3))


def del_twice_in_loop(a, x):
    for i in range(len(a)):
        if x <= i:
            del a  # the second time round, `a` is already unbound
    return x


def del_in_try_then_handler_reads(x):
    y = x
    try:
        del y
        z = 10 // x
    except ZeroDivisionError:
        return y  # unbound: deleted before the division raised
    return z


def del_in_while(n):
    t = 1
    while n > 0:
        n -= 1
        if n == 1:
            del t
        else:
            t = n
    return t


@pytest.mark.parametrize("x", [-1, 0, 1, 5])
def test_del_in_loops_and_handlers(x):
    for fn, args in ((del_twice_in_loop, (np.zeros(3), x)), (del_in_try_then_handler_reads, (x,)), (del_in_while, (x + 2,))):
        expected, got, exc, call = run_exact_exceptions(fn, *args)
        if exc is None:
            assert got == expected, call


def del_array_then_ndim(a, c):
    if c:
        del a
    return a.ndim, a.itemsize


@pytest.mark.parametrize("c", [False, True])
def test_an_attribute_known_from_the_type_still_reads_a_deleted_name(c):
    # `a.ndim` is a constant of the type, but CPython reads `a` first: UnboundLocalError
    # after `del a` (the fuzzer: seed 1313 program 1227)
    expected, got, exc, call = run_exact_exceptions(del_array_then_ndim, np.zeros((2, 3), np.float32), c)
    if exc is None:
        assert got == expected, call


def _augmented_item_of_a_deleted_array(a, x):
    del a
    a[4 % 0 % a.shape[0]] //= x  # CPython reads `a` (UnboundLocalError) before the index
    return 1


def _augmented_item_deleted_on_a_path(a, flag):
    if flag:
        del a
    a[1 % 2] += 5
    return a[1]


def test_an_augmented_item_reads_a_deleted_container_before_its_index():
    # The fuzzer (strings,tryexcept families, seed 1719, program 255): the index's
    # ZeroDivisionError came first.
    _, _, exc, call = run_exact_exceptions(_augmented_item_of_a_deleted_array, np.zeros(3, np.uint16), 0.0)
    assert isinstance(exc, UnboundLocalError), call
    _, _, exc, call = run_exact_exceptions(_augmented_item_deleted_on_a_path, np.zeros(3), True)
    assert isinstance(exc, UnboundLocalError), call
    assert ferrojit.njit(_augmented_item_deleted_on_a_path)(np.zeros(3), False) == 5.0
