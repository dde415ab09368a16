"""Reusing a computed array expression (crates/frontend/src/reuse_maps.rs): after
``num = np.exp(z)``, a later ``np.sum(np.exp(z))`` reads ``num``, unless anything in
between could change what it would compute (an array write, a call, a rebinding, a
loop, a branch). Each kernel runs compiled and interpreted on the same inputs: values
(within the vector math's few ulp), and the arguments' mutations, must agree."""

import numpy as np
import pytest

from ferrojit import njit


def softmax(z):
    num = np.exp(z)
    return num / np.sum(np.exp(z))


def esum(z):
    return np.sum(np.exp(z))


def softmax_calls_helper(z):
    num = np.exp(z)
    s = num / esum(z)
    return s


def write_between(z):
    num = np.exp(z)
    z[0] = 3.0
    return np.sum(np.exp(z)) - np.sum(num)


def write_through_alias(z):
    num = np.exp(z)
    w = z
    w[1] = 2.0
    return np.sum(np.exp(z)) - np.sum(num)


def write_through_view(z):
    num = np.exp(z)
    v = z[1:]
    v[:] = 0.5
    return np.sum(np.exp(z)) - np.sum(num)


def rebind_between(z):
    num = np.exp(z)
    z = z + 1.0
    return np.sum(np.exp(z)) - np.sum(num)


def result_written_between(z):
    num = np.exp(z)
    num[0] = 0.0
    return np.sum(np.exp(z)) - np.sum(num)


def mutate(a):
    a[0] = -1.0


def call_between(z):
    num = np.exp(z)
    mutate(z)
    return np.sum(np.exp(z)) - np.sum(num)


def loop_between(z):
    num = np.exp(z)
    for i in range(2):
        z[i] = 0.25
    return np.sum(np.exp(z)) - np.sum(num)


def hm(p0, p1):
    p0[p1 % p0.shape[0]] = 100.0
    return 1.0


def call_earlier_in_the_statement(z):
    # the fuzzer's reproducer (reuse-call-order): the call runs before the sum
    t = z * 2.0 + 1.0
    s = hm(z, 0) + float(np.sum(z * 2.0 + 1.0))
    return s + t[0]


def call_earlier_in_a_return(z):
    t = np.exp(z)
    return hm(z, 0), float(np.max(np.exp(z))), t[0]


def two_arrays_stay_two(z):
    a = np.exp(z)
    b = np.exp(z)
    b[0] = -1.0
    return a[0], b[0], np.sum(a)


def reuse_in_loop(z, out):
    for k in range(out.shape[0]):
        t = np.sin(z * k)
        out[k] = np.sum(np.sin(z * k)) - np.sum(t)
        z[0] = z[0] + 1.0


KERNELS = [softmax, write_between, write_through_alias, write_through_view, rebind_between,
           result_written_between, call_between, loop_between, two_arrays_stay_two,
           call_earlier_in_the_statement, call_earlier_in_a_return]


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("n", [1, 7, 1000])
def test_agrees_with_the_interpreter(kernel, n):
    rng = np.random.default_rng(n)
    z = rng.uniform(-3, 3, n)
    zi, zc = z.copy(), z.copy()
    if n < 2 and kernel in (write_through_alias, loop_between):
        with pytest.raises(IndexError):
            kernel(zi)
        with pytest.raises(IndexError):
            njit(kernel)(zc)
        return
    want = kernel(zi)
    got = njit(kernel)(zc)
    # (differences of two sums of n values: within their rounding, n * 1e-15 of e**3)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=n * 1e-15 * 21)
    np.testing.assert_array_equal(zc, zi)


def test_reuse_inside_a_loop_body():
    z = np.linspace(0, 1, 50)
    out_i, out_c = np.empty(4), np.empty(4)
    zi, zc = z.copy(), z.copy()
    reuse_in_loop(zi, out_i)
    njit(reuse_in_loop)(zc, out_c)
    np.testing.assert_allclose(out_c, out_i, atol=1e-12)
    np.testing.assert_array_equal(zc, zi)
    # and the reuse happened: the same values, so exactly zero
    assert np.all(out_c == 0.0)


def typed_ir(f, *args):
    f(*args)
    return "\n".join(f.inspect_typed_ir().values())


@pytest.mark.parametrize("kernel", [softmax, softmax_calls_helper], ids=lambda k: k.__name__)
def test_softmax_computes_exp_once(kernel):
    f = njit(kernel)
    ir = typed_ir(f, np.linspace(0, 1, 10)).split("\n}")[0]   # the kernel (esum inlined)
    assert ir.count("math.exp") == 1, ir
    assert "sum(num" in ir, ir
    z = np.random.default_rng(1).uniform(0, 10, 1001)
    np.testing.assert_allclose(f(z), np.exp(z) / np.sum(np.exp(z)), rtol=1e-13)


@pytest.mark.parametrize("kernel", [write_between, call_between, loop_between, rebind_between,
                                    result_written_between], ids=lambda k: k.__name__)
def test_no_reuse_after_a_change(kernel):
    ir = typed_ir(njit(kernel), np.linspace(0, 1, 10))
    assert ir.count("math.exp") == 2, ir


def test_new_arrays_are_not_shared():
    got = njit(two_arrays_stay_two)(np.zeros(3))
    assert got[0] == 1.0 and got[1] == -1.0 and got[2] == 3.0
