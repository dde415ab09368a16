"""``ferrojit.scipy``: plain Python functions as ready ``scipy.LowLevelCallable`` objects
for ndimage's generic_filter, generic_filter1d and geometric_transform and for
integrate's quad / dblquad / tplquad integrands.

Every result is compared with SciPy running the same function as a Python callback
(or with ``ndi.grey_erosion`` for the seed's erosion, done the seed's three ways).
"""

import ctypes
import math

import numpy as np
import pytest

import ferrojit
from ferrojit import carray, cfunc
from ferrojit.errors import TypingError
from ferrojit.types import CPointer, float64, intc, intp, voidptr

# scipy is a test dependency (requirements-dev.txt) and ferrojit.scipy is ours: a
# missing one is an error, not ~100 skipped tests
import scipy  # noqa: E402
import scipy.integrate as integrate  # noqa: E402
import scipy.ndimage as ndi  # noqa: E402

import ferrojit.scipy as fs  # noqa: E402

LowLevelCallable = scipy.LowLevelCallable

CROSS = np.array([[0, 1, 0],
                  [1, 1, 1],
                  [0, 1, 0]], dtype=bool)


def random_image(seed, shape=(256, 256)):
    return np.random.default_rng(seed).random(shape)


def close(got, expected, rtol=1e-13):
    return abs(got - expected) <= rtol * max(abs(expected), 1e-300)


# ---------------------------------------------------------------------------
# Seed 000: the erosion three ways
# ---------------------------------------------------------------------------
@cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
def nbmin(values_ptr, len_values, result, data):
    values = carray(values_ptr, (len_values,), dtype=float64)
    result[0] = np.inf
    for v in values:
        if v < result[0]:
            result[0] = v
    return 1


def jit_filter_function(filter_function):
    jitted_function = ferrojit.jit(filter_function, nopython=True)

    @cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
    def wrapped(values_ptr, len_values, result, data):
        values = carray(values_ptr, (len_values,), dtype=float64)
        result[0] = jitted_function(values)
        return 1
    return LowLevelCallable(wrapped.ctypes)


def fmin(values):
    result = np.inf
    for v in values:
        if v < result:
            result = v
    return result


fmin_seed = jit_filter_function(fmin)
fmin_easy = fs.generic_filter(fmin)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_erosion_three_ways(seed):
    image = random_image(seed)
    expected = ndi.grey_erosion(image, footprint=CROSS)
    for callback in (LowLevelCallable(nbmin.ctypes), fmin_seed, fmin_easy):
        got = ndi.generic_filter(image, callback, footprint=CROSS)
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("size", [(3, 3), (5, 2), (1, 7)])
def test_easy_filter_sizes_and_modes(size):
    image = random_image(3, (60, 70))
    for mode in ("reflect", "nearest", "wrap", "constant"):
        got = ndi.generic_filter(image, fmin_easy, size=size, mode=mode, cval=0.5)
        np.testing.assert_array_equal(got, ndi.grey_erosion(image, size=size, mode=mode,
                                                            cval=0.5))


def test_easy_filter_3d_and_dtypes():
    image = (random_image(4, (12, 13, 14)) * 100).astype(np.int32)
    fp = np.ones((3, 3, 3), dtype=bool)
    got = ndi.generic_filter(image, fmin_easy, footprint=fp)
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, ndi.grey_erosion(image, footprint=fp))


# ---------------------------------------------------------------------------
# The Callback object
# ---------------------------------------------------------------------------
def test_callback_object():
    assert isinstance(fmin_easy, LowLevelCallable)
    assert isinstance(fmin_easy, fs.Callback)
    assert not callable(fmin_easy)  # SciPy would take a callable for a Python callback
    assert fmin_easy.kind == "generic_filter"
    assert fmin_easy.py_func is fmin
    assert fmin_easy.jitted(np.array([3.0, 1.0, 2.0])) == 1.0
    assert fmin_easy.signature == "int (double *, long, double *, void *)"
    assert fmin_easy.user_data is None and fmin_easy.params == ()
    cf = fmin_easy.cfunc
    assert fmin_easy.function is cf.ctypes
    assert cf.native_name in cf.inspect_llvm()
    assert "generic_filter" in repr(fmin_easy) and "fmin" in repr(fmin_easy)
    values = (ctypes.c_double * 3)(4.0, -2.0, 9.0)
    out = ctypes.c_double()
    assert cf.ctypes(values, 3, ctypes.byref(out), None) == 1 and out.value == -2.0


def test_decorator_forms_and_options():
    @fs.generic_filter(fastmath=False, boundscheck=True)
    def fmax(values):
        return values.max()

    jitted = ferrojit.njit(fmin)
    from_dispatcher = fs.generic_filter(jitted)
    assert from_dispatcher.jitted is jitted and from_dispatcher.py_func is fmin

    image = random_image(5, (40, 40))
    np.testing.assert_array_equal(ndi.generic_filter(image, fmax, footprint=CROSS),
                                  ndi.grey_dilation(image, footprint=CROSS))
    np.testing.assert_array_equal(ndi.generic_filter(image, from_dispatcher, size=3),
                                  ndi.grey_erosion(image, size=3))


def test_signatures_of_each_api():
    @fs.generic_filter1d
    def copy(inp, out):
        for i in range(out.shape[0]):
            out[i] = inp[i]

    @fs.geometric_transform
    def ident(oc, ic):
        for i in range(ic.shape[0]):
            ic[i] = oc[i]

    @fs.integrand
    def one(x):
        return x

    @fs.integrand
    def two(x, a):
        return x * a

    assert copy.signature == "int (double *, long, double *, long, void *)"
    assert ident.signature == "int (long *, double *, int, int, void *)"
    assert one.signature == "double (double)"
    assert two.signature == "double (int, double *)"
    assert two.with_params(2.0).signature == "double (int, double *, void *)"
    assert one.cfunc.ctypes(2.0) == 2.0
    xx = (ctypes.c_double * 2)(3.0, 4.0)
    assert two.cfunc.ctypes(2, xx) == 12.0


# ---------------------------------------------------------------------------
# generic_filter with parameters through user_data
# ---------------------------------------------------------------------------
@fs.generic_filter
def count_above(values, threshold=0.5, weight=2):
    c = 0
    for v in values:
        if v > threshold:
            c += 1
    return c * weight


def count_above_py(values, threshold=0.5, weight=2):
    return float((values > threshold).sum() * weight)


def test_filter_params_defaults_and_with_params():
    image = random_image(6, (50, 50))
    assert count_above.params == (0.5, 2)
    np.testing.assert_array_equal(ndi.generic_filter(image, count_above, size=3),
                                  ndi.generic_filter(image, count_above_py, size=3))
    for threshold, weight in [(0.9, 3), (0.1, 1), (0.25, -4)]:
        cb = count_above.with_params(threshold, weight=weight)
        assert cb.params == (threshold, weight)
        got = ndi.generic_filter(image, cb, size=3)
        expected = ndi.generic_filter(image, count_above_py, size=3,
                                      extra_arguments=(threshold, weight))
        np.testing.assert_array_equal(got, expected)
    partial = count_above.with_params(weight=5)
    assert partial.params == (0.5, 5)


def test_changing_a_parameter_does_not_recompile():
    before = len(count_above.cfuncs)
    signatures = len(count_above.jitted.signatures)
    callbacks = [count_above.with_params(t, 7) for t in np.linspace(0.0, 1.0, 20)]
    assert {cb.cfunc.address for cb in callbacks} == {count_above.cfunc.address}
    assert all(cb.cfunc is count_above.cfunc for cb in callbacks)
    assert len(count_above.cfuncs) == before
    assert len(count_above.jitted.signatures) == signatures
    # a parameter of another kind (a float where an int was) is another cfunc, once
    a = count_above.with_params(0.5, 7.5)
    b = count_above.with_params(0.3, 1.5)
    assert a.cfunc is b.cfunc and a.cfunc is not count_above.cfunc
    assert len(count_above.cfuncs) == before + 1


def test_filter_params_from_decorator_and_arrays():
    def weighted_min(values, weights):
        best = np.inf
        for i in range(values.shape[0]):
            v = values[i] * weights[i]
            if v < best:
                best = v
        return best

    w = np.array([1.0, 0.5, 2.0, 1.5, 1.0])  # five values under CROSS
    cb = fs.generic_filter(weighted_min, params=(w,))
    image = random_image(7, (40, 30))
    np.testing.assert_array_equal(
        ndi.generic_filter(image, cb, footprint=CROSS),
        ndi.generic_filter(image, weighted_min, footprint=CROSS, extra_arguments=(w,)))
    w2 = w[::-1].copy()
    cb2 = cb.with_params(weights=w2)
    assert cb2.cfunc is cb.cfunc
    np.testing.assert_array_equal(
        ndi.generic_filter(image, cb2, footprint=CROSS),
        ndi.generic_filter(image, weighted_min, footprint=CROSS, extra_arguments=(w2,)))
    # the parameters were copied: changing the caller's array later changes nothing
    w2[:] = 0.0
    np.testing.assert_array_equal(cb2.params[0], w[::-1])


def test_array_params_are_live_views():
    @fs.generic_filter(params=(np.zeros(1, dtype=np.int64),))
    def counting_min(values, calls):
        calls[0] += 1
        return values.min()

    image = random_image(8, (30, 20))
    got = ndi.generic_filter(image, counting_min, footprint=CROSS)
    np.testing.assert_array_equal(got, ndi.grey_erosion(image, footprint=CROSS))
    assert counting_min.params[0][0] == image.size


# ---------------------------------------------------------------------------
# generic_filter1d
# ---------------------------------------------------------------------------
def moving_average(input_line, output_line, width=3):
    for i in range(output_line.shape[0]):
        s = 0.0
        for k in range(width):
            s += input_line[i + k]
        output_line[i] = s / width


moving_average_fj = fs.generic_filter1d(moving_average)


@pytest.mark.parametrize("axis", [-1, 0])
@pytest.mark.parametrize("mode", ["reflect", "nearest", "constant", "wrap"])
def test_generic_filter1d(axis, mode):
    image = random_image(9, (64, 48))
    got = ndi.generic_filter1d(image, moving_average_fj, 3, axis=axis, mode=mode, cval=0.5)
    expected = ndi.generic_filter1d(image, moving_average, 3, axis=axis, mode=mode,
                                    cval=0.5)
    np.testing.assert_array_equal(got, expected)


def test_generic_filter1d_with_params_and_origin():
    image = random_image(10, (20, 33))
    for width in (2, 5, 8):
        cb = moving_average_fj.with_params(width)
        assert cb.cfunc is moving_average_fj.cfunc
        got = ndi.generic_filter1d(image, cb, width, origin=width // 3 - width // 2)
        expected = ndi.generic_filter1d(image, moving_average, width,
                                        origin=width // 3 - width // 2,
                                        extra_arguments=(width,))
        np.testing.assert_array_equal(got, expected)


def test_generic_filter1d_weights_array():
    def fir(inp, out, taps):
        n = taps.shape[0]
        for i in range(out.shape[0]):
            s = 0.0
            for k in range(n):
                s += taps[k] * inp[i + k]
            out[i] = s

    taps = np.array([0.25, 0.5, 0.125, 0.125])
    cb = fs.generic_filter1d(fir, params=(taps,))
    image = random_image(11, (16, 40))
    np.testing.assert_array_equal(ndi.generic_filter1d(image, cb, 4),
                                  ndi.generic_filter1d(image, fir, 4, extra_arguments=(taps,)))


# ---------------------------------------------------------------------------
# geometric_transform
# ---------------------------------------------------------------------------
def shift_scale(output_coordinates, input_coordinates, shift=0.5, scale=1.0):
    for i in range(input_coordinates.shape[0]):
        input_coordinates[i] = output_coordinates[i] * scale - shift


shift_scale_fj = fs.geometric_transform(shift_scale)


def shift_scale_py(output_coordinates, shift=0.5, scale=1.0):
    return tuple(c * scale - shift for c in output_coordinates)


@pytest.mark.parametrize("order", [0, 1, 3])
def test_geometric_transform(order):
    image = random_image(12, (40, 50))
    got = ndi.geometric_transform(image, shift_scale_fj, order=order)
    expected = ndi.geometric_transform(image, shift_scale_py, order=order)
    np.testing.assert_array_equal(got, expected)


def test_geometric_transform_params_and_output_shape():
    image = random_image(13, (30, 30))
    for shift, scale in [(0.25, 0.5), (-3.0, 1.5), (0.0, 2.0)]:
        cb = shift_scale_fj.with_params(shift, scale)
        assert cb.cfunc is shift_scale_fj.cfunc
        got = ndi.geometric_transform(image, cb, output_shape=(20, 45), mode="nearest")
        expected = ndi.geometric_transform(image, shift_scale_py, output_shape=(20, 45),
                                           mode="nearest", extra_arguments=(shift, scale))
        np.testing.assert_array_equal(got, expected)


def test_geometric_transform_rank_change():
    # a 2-D output read from one plane of a 3-D input: output_rank 2, input_rank 3
    def plane(oc, ic, k=1):
        ic[0] = k
        ic[1] = oc[0] + 0.5
        ic[2] = oc[1] * 0.75

    volume = random_image(14, (3, 20, 24))
    cb = fs.geometric_transform(plane, params={"k": 2})
    got = ndi.geometric_transform(volume, cb, output_shape=(20, 24), order=1)
    expected = ndi.geometric_transform(volume, lambda c: (2, c[0] + 0.5, c[1] * 0.75),
                                       output_shape=(20, 24), order=1)
    np.testing.assert_array_equal(got, expected)


# ---------------------------------------------------------------------------
# quad / dblquad / tplquad integrands
# ---------------------------------------------------------------------------
@fs.integrand
def damped(x):
    return math.sin(50.0 * x) * math.exp(-x)


@fs.integrand
def damped_ab(x, a, b=1.0):
    return math.sin(a * x) * math.exp(-b * x)


def damped_ab_py(x, a, b=1.0):
    return math.sin(a * x) * math.exp(-b * x)


def test_quad_plain_integrand():
    got = integrate.quad(damped, 0, 20, limit=200)
    expected = integrate.quad(lambda x: math.sin(50.0 * x) * math.exp(-x), 0, 20, limit=200)
    assert close(got[0], expected[0]) and close(got[1], expected[1], 1e-6)
    assert abs(got[0] - 50.0 / 2501.0 * (1 - math.exp(-20))) < 1e-10  # the exact value


def test_quad_args_through_xx():
    for args in [(50.0,), (50.0, 2.0), (3.0, 0.5)]:
        got = integrate.quad(damped_ab, 0, 20, args=args, limit=200)
        expected = integrate.quad(damped_ab_py, 0, 20, args=args, limit=200)
        assert close(got[0], expected[0]), (args, got, expected)


def test_quad_params_through_user_data():
    base = damped_ab.with_params(50.0, 1.0)
    for a, b in [(50.0, 1.0), (10.0, 0.25), (1.0, 3.0)]:
        cb = damped_ab.with_params(a, b)
        assert cb.cfunc is base.cfunc and cb.cfunc.address == base.cfunc.address
        assert cb.params == (a, b)
        got = integrate.quad(cb, 0, 20, limit=200)
        expected = integrate.quad(damped_ab_py, 0, 20, args=(a, b), limit=200)
        assert close(got[0], expected[0]), (a, b, got, expected)
    # only b from user_data; a from quad's args: another kind, another cfunc
    cb = damped_ab.with_params(b=2.0)
    got = integrate.quad(cb, 0, 20, args=(7.0,), limit=200)
    assert close(got[0], integrate.quad(damped_ab_py, 0, 20, args=(7.0, 2.0), limit=200)[0])


def test_quad_infinite_range_and_points():
    @fs.integrand
    def gauss(x, mu, s):
        return math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * math.sqrt(2 * math.pi))

    for mu, s in [(0.0, 1.0), (3.0, 0.5)]:
        got = integrate.quad(gauss.with_params(mu, s), -np.inf, np.inf)
        assert abs(got[0] - 1.0) < 1e-9
        expected = integrate.quad(gauss.py_func, -np.inf, np.inf, args=(mu, s))
        assert close(got[0], expected[0])


def test_quad_array_params_change_without_recompiling():
    @fs.integrand(params=(np.array([1.0, 2.0, 3.0]),))
    def poly(x, c):
        s = 0.0
        for k in range(c.shape[0]):
            s = s * x + c[k]
        return s

    for coeffs in ([1.0, 2.0, 3.0], [5.0], [1.0, -2.0, 0.5, 4.0, 3.0, 1.0]):
        cb = poly.with_params(np.array(coeffs))
        assert cb.cfunc is poly.cfunc
        got = integrate.quad(cb, -1, 2)
        expected = integrate.quad(lambda x: np.polyval(coeffs, x), -1, 2)
        assert close(got[0], expected[0], 1e-12)
    assert len(poly.cfuncs) == 1


def test_quad_2d_array_and_mixed_params():
    @fs.integrand(params=(np.eye(2), 3, True))
    def form(x, m, k, flip):
        v = m[0, 0] * x * x + m[0, 1] * x + m[1, 0] + k * m[1, 1]
        return -v if flip else v

    def form_py(x, m, k, flip):
        v = m[0, 0] * x * x + m[0, 1] * x + m[1, 0] + k * m[1, 1]
        return -v if flip else v

    for m, k, flip in [(np.eye(2), 3, True), (np.arange(4.0).reshape(2, 2), -2, False)]:
        cb = form.with_params(m, k, flip)
        assert cb.cfunc is form.cfunc
        got = integrate.quad(cb, 0, 1)
        expected = integrate.quad(form_py, 0, 1, args=(m, k, flip))
        assert close(got[0], expected[0], 1e-12)
    # other dtypes for the array parameter: one more cfunc each
    m32 = np.array([[1, 2], [3, 4]], dtype=np.int32)
    got = integrate.quad(form.with_params(m32, 1, False), 0, 1)
    assert close(got[0], integrate.quad(form_py, 0, 1, args=(m32, 1, False))[0], 1e-12)
    assert len(form.cfuncs) == 2


@fs.integrand
def surface(y, x, a):
    return a * x * y * y + math.cos(x * y)


def surface_py(y, x, a):
    return a * x * y * y + math.cos(x * y)


def test_dblquad():
    for a in (1.0, -2.5):
        expected = integrate.dblquad(surface_py, 0, 2, lambda x: 0, lambda x: x, args=(a,))
        got = integrate.dblquad(surface, 0, 2, lambda x: 0, lambda x: x, args=(a,))
        assert close(got[0], expected[0])
        cb = surface.with_params(a)
        assert cb.cfunc is surface.with_params(0.0).cfunc
        got = integrate.dblquad(cb, 0, 2, lambda x: 0, lambda x: x)
        assert close(got[0], expected[0])


def test_tplquad_and_nquad():
    @fs.integrand
    def f3(z, y, x, c):
        return c * x * y * z + math.sin(x + y + z)

    def f3_py(z, y, x, c):
        return c * x * y * z + math.sin(x + y + z)

    expected = integrate.tplquad(f3_py, 0, 1, 0, 2, 0, 1, args=(4.0,))
    got = integrate.tplquad(f3, 0, 1, 0, 2, 0, 1, args=(4.0,))
    assert close(got[0], expected[0])
    got = integrate.nquad(f3.with_params(4.0), [[0, 1], [0, 2], [0, 1]])
    assert close(got[0], expected[0])


# ---------------------------------------------------------------------------
# Exceptions inside callbacks
# ---------------------------------------------------------------------------
def test_exception_in_easy_filter():
    @fs.generic_filter
    def bad(values):
        return 1.0 / float(values[0] - values[0])  # a Python float: ZeroDivisionError

    image = random_image(15, (20, 20))
    with pytest.raises(ZeroDivisionError):
        ndi.generic_filter(image, bad, footprint=CROSS)
    np.testing.assert_array_equal(ndi.generic_filter(image, fmin_easy, footprint=CROSS),
                                  ndi.grey_erosion(image, footprint=CROSS))


def test_exception_in_filter1d_and_transform():
    def bad_line_py(inp, out, limit=5):
        for i in range(out.shape[0]):
            if i >= limit:
                raise ValueError("line too long")
            out[i] = inp[i]

    bad_line = fs.generic_filter1d(bad_line_py)

    @fs.geometric_transform
    def bad_map(oc, ic):
        ic[0] = int(oc[0]) // int(oc[1] - oc[1])  # Python ints: ZeroDivisionError
        ic[1] = oc[1]

    image = random_image(16, (8, 8))
    with pytest.raises(ValueError, match="line too long"):
        ndi.generic_filter1d(image, bad_line, 1)
    # below the limit: the values SciPy gets from the same function run as Python
    got = ndi.generic_filter1d(image, bad_line.with_params(100), 1)
    expected = ndi.generic_filter1d(image, bad_line_py, 1, extra_arguments=(100,))
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got, image)   # a filter of size 1 that copies
    with pytest.raises(ZeroDivisionError):
        ndi.geometric_transform(image, bad_map)


def test_exception_in_integrand():
    # quad's C code does not check for a Python error after a double-returning
    # callback, so Python reports a SystemError caused by the callback's exception.
    @fs.integrand
    def bad(x, a):
        return 1.0 / (a - a)

    with pytest.raises(SystemError) as info:
        integrate.quad(bad, 0, 1, args=(1.0,))
    assert isinstance(info.value.__cause__, ZeroDivisionError)
    with pytest.raises(SystemError) as info:
        integrate.quad(bad.with_params(1.0), 0, 1)
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_integrand_wrong_number_of_args():
    with pytest.raises(SystemError) as info:
        integrate.quad(damped_ab, 0, 1)  # a missing from args
    assert isinstance(info.value.__cause__, TypeError)
    with pytest.raises(SystemError) as info:
        integrate.quad(damped_ab.with_params(1.0, 2.0), 0, 1, args=(3.0,))  # one too many
    assert isinstance(info.value.__cause__, TypeError)


# ---------------------------------------------------------------------------
# Errors at decoration time
# ---------------------------------------------------------------------------
def test_body_type_mismatch_raises_at_decoration():
    with pytest.raises(TypingError):
        @fs.generic_filter
        def returns_array(values):
            return values * 2

    with pytest.raises(TypingError):
        @fs.integrand
        def indexes_scalar(x):
            return x[0]

    with pytest.raises(TypingError):
        @fs.geometric_transform
        def unknown_attr(oc, ic):
            ic[0] = oc.banana


def test_array_param_without_params_is_a_typing_error():
    # c is a float from quad's args in the default form: indexing it cannot compile
    with pytest.raises(TypingError, match="indexing a float64") as info:
        @fs.integrand
        def poly(x, c):
            return c[0] * x
    assert "params=" in "".join(getattr(info.value, "__notes__", []))


def test_wrong_arity_and_missing_params():
    with pytest.raises(TypeError, match="argument"):
        fs.generic_filter1d(fmin)  # needs (input_line, output_line)
    with pytest.raises(TypeError, match="default"):
        @fs.generic_filter
        def needs_value(values, threshold):
            return threshold
    with pytest.raises(TypeError):
        @fs.integrand
        def no_args():
            return 1.0
    with pytest.raises(TypeError):
        @fs.generic_filter
        def star_args(values, *rest):
            return 0.0
    with pytest.raises(TypeError):
        fs.generic_filter(np.min)  # not a Python function


def test_bad_params():
    with pytest.raises(TypeError, match="str"):
        count_above.with_params("high")
    with pytest.raises(TypeError, match="complex"):
        count_above.with_params(np.zeros(2, dtype=np.complex128))
    with pytest.raises(TypeError):
        count_above.with_params(0.5, 2, 3)  # too many
    with pytest.raises(TypeError):
        count_above.with_params(banana=1.0)
    with pytest.raises(TypeError):
        damped_ab.with_params(1.0, 2.0, 3.0)  # leaves no integration variable
    with pytest.raises(TypeError):
        damped_ab.with_params()
    with pytest.raises(OverflowError):
        count_above.with_params(0.5, 2**70)
    with pytest.raises(TypeError):
        fs.generic_filter(fmin, params=3.0)


def test_compiled_even_with_disable_jit(tmp_path):
    # SciPy calls machine code: FERROJIT_DISABLE_JIT cannot turn these into Python.
    import os
    import subprocess
    import sys
    import textwrap
    code = textwrap.dedent("""
        import numpy as np
        from scipy import ndimage as ndi
        import ferrojit, ferrojit.scipy

        def fmin(values):
            return values.min()

        assert ferrojit.jit(fmin) is fmin          # jit is disabled...
        cb = ferrojit.scipy.generic_filter(fmin)    # ...the callback is compiled anyway
        image = np.random.default_rng(0).random((30, 30))
        assert np.array_equal(ndi.generic_filter(image, cb, size=3),
                              ndi.grey_erosion(image, size=3))
        print("ok")
    """)
    script = tmp_path / "disable_jit_probe.py"  # ferrojit compiles from source: a file
    script.write_text(code)
    env = dict(os.environ, FERROJIT_DISABLE_JIT="1")
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_not_picklable():
    import pickle
    with pytest.raises(TypeError):
        pickle.dumps(fmin_easy)
