"""Pickling jitted functions, cfuncs and vectorize ufuncs (issue 18): by reference for
module-level ones (the same object comes back), by source for nested ones (compiled
again where unpickled, with the same options and signatures), and through
``ProcessPoolExecutor`` workers started by ``fork`` and by ``spawn``; results compared
with the plain Python functions."""

import math
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

import pickle_kernels as K


@pytest.mark.parametrize("obj", [K.scaled_sin, K.power_sum, K.c_square, K.u_half],
                         ids=["njit", "jit-signature", "cfunc", "vectorize"])
def test_module_level_objects_pickle_by_reference(obj):
    assert pickle.loads(pickle.dumps(obj)) is obj


def test_nested_function_pickles_by_source_with_its_options():
    f = K.make_nested(fastmath={"contract"})
    g = pickle.loads(pickle.dumps(f))
    assert g is not f and type(g) is type(f)
    a = np.linspace(0, 1, 101)
    assert g(a) == f(a) == pytest.approx(np.sum(np.exp(a)) + math.pi * 3, rel=1e-14)
    assert g.targetoptions["fastmath"] == frozenset({"contract"})
    assert g.targetoptions["error_model"] == "numpy"


def test_nested_cfunc_pickles_by_source():
    c = K.make_nested_cfunc()
    d = pickle.loads(pickle.dumps(c))
    assert d is not c and d.address != c.address
    assert d.ctypes(3.0, 4.0) == c.ctypes(3.0, 4.0) == 5.0
    assert str(d.signature) == str(c.signature)


def test_a_global_that_cannot_be_sent_is_a_clear_error():
    with pytest.raises(TypeError, match="global `TABLE` is a dict"):
        pickle.dumps(K.make_unpicklable())


def test_explicit_signatures_survive_by_source():
    import ferrojit

    def outer():
        @ferrojit.jit(["float64(float64)", "int64(int64)"])
        def twice(x):
            return x * 2
        return twice

    f = outer()
    g = pickle.loads(pickle.dumps(f))
    assert [str(s) for s in g.signatures] == [str(s) for s in f.signatures]
    assert g(2.5) == 5.0 and g(3) == 6
    with pytest.raises(TypeError):
        g("x")


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_process_pool_runs_jitted_functions(method):
    ctx = multiprocessing.get_context(method)
    arrays = [np.linspace(0, k, 17) for k in range(1, 5)]
    nested = K.make_nested()
    with ProcessPoolExecutor(2, mp_context=ctx) as ex:
        got = list(ex.map(K.scaled_sin, arrays))
        sums = list(ex.map(K.power_sum, [1.5, 2.0], [10, 20]))
        halves = list(ex.map(K.apply, [K.u_half] * 2, [4.0, 6.0]))
        squares = list(ex.map(K.apply_c, [K.c_square] * 2, [4.0, 6.0]))
        hyp = list(ex.map(K.apply_c, [K.make_nested_cfunc()], [3.0], [4.0]))
        from_source = list(ex.map(K.apply, [nested, nested], arrays[:2]))
    for a, r in zip(arrays, got):
        np.testing.assert_allclose(r, np.sin(a) * 3, rtol=1e-15)
    assert sums == [sum(1.5 ** k for k in range(10)), sum(2.0 ** k for k in range(20))]
    assert halves == [2.0, 3.0]
    assert squares == [16.0, 36.0] and hyp == [5.0]

    for a, r in zip(arrays, from_source):
        assert r == pytest.approx(np.sum(np.exp(a)) + math.pi * 3, rel=1e-14)


def test_a_name_missing_where_unpickled_is_a_clear_error():
    data = pickle.dumps(K.scaled_sin).replace(b"scaled_sin", b"scaled_cos")
    with pytest.raises(pickle.UnpicklingError, match="cannot find the jitted function pickle_kernels.scaled_cos"):
        pickle.loads(data)


def test_by_source_with_a_decorator_over_several_lines():
    import ferrojit

    def outer():
        @ferrojit.jit(["float64(float64)",
                       "int64(int64)"],
                      nogil=True)
        def thrice(x):
            return x * 3
        return thrice

    f = outer()
    g = pickle.loads(pickle.dumps(f))
    assert g is not f and g(2.5) == 7.5 and g(3) == 9
    assert g.targetoptions["nogil"] is True


def _make_closure(k, scale):
    import ferrojit

    @ferrojit.njit
    def inner(x):
        return x * scale

    @ferrojit.njit
    def outer(n):
        s = 0.0
        for i in range(k):
            s += inner(n + i)
        return s
    return outer


def test_closure_variables_travel_with_a_function_pickled_by_source():
    # (Dask pickles nested functions this way; `k`, `scale` and `inner` are closure cells)
    f = _make_closure(4, 2.5)
    g = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(f))))  # twice, as Dask may
    assert g is not f
    assert g(1.0) == f(1.0) == sum((1.0 + i) * 2.5 for i in range(4))
    assert g.py_func.__code__.co_filename.count("ferrojit-unpickled") == 1
    with pytest.raises(TypeError, match="closure variable `d`"):
        d = {"a": 1}

        def uses_dict(x):
            return x + len(d)
        import ferrojit
        pickle.dumps(ferrojit.njit(uses_dict))
