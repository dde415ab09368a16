"""Kernels for test_pickle.py: jitted functions, a cfunc and a ufunc at module level
(pickled by reference), and a factory of nested ones (pickled by source)."""

import math

import numpy as np

import ferrojit

SCALE = 3


@ferrojit.njit
def scaled_sin(a):
    return np.sin(a) * SCALE


@ferrojit.jit("float64(float64, int64)", nogil=True)
def power_sum(x, n):
    s = 0.0
    for k in range(n):
        s += x ** k
    return s


@ferrojit.cfunc("float64(float64)")
def c_square(x):
    return x * x


@ferrojit.vectorize(["float64(float64)"])
def u_half(x):
    return x / 2.0


def make_nested(fastmath=False):
    @ferrojit.njit(fastmath=fastmath, error_model="numpy")
    def nested(a):
        return np.sum(np.exp(a)) + math.pi * SCALE
    return nested


def make_nested_cfunc():
    @ferrojit.cfunc("float64(float64, float64)")
    def nested_c(x, y):
        return math.hypot(x, y)
    return nested_c


TABLE = {"a": 1}


def make_unpicklable():
    @ferrojit.njit
    def uses_table(x):
        return x + len(TABLE)
    return uses_table


def apply(f, x):
    """Call ``f`` in a worker (so the worker unpickles it)."""
    return f(x)


def apply_c(cf, *args):
    """Call a cfunc through its ctypes wrapper in a worker."""
    return cf.ctypes(*args)
