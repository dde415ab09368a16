"""Plain-Python kernels on NumPy array *expressions* for the ferrojit test-suite.

Like ``array_kernels.py``: every kernel is an ordinary ``def`` so the same
source runs under CPython + NumPy (the oracle) and through ``ferrojit.njit``;
the few decorated functions are jitted *callees* or seed programs (the oracle
runs their ``py_func``, see ``conftest.pure``).

Sections: seed programs, basic slicing and views, slice assignment, in-place
operators, element-wise operators, ufuncs, reductions with ``axis``, dot/@,
tuples, unsupported features, fusion probes.
"""

import numpy as np

import ferrojit
from ferrojit import jit


# ===========================================================================
# Seed programs (unchanged)
# ===========================================================================
def pdist_numpy(xs):
    return np.sqrt(((xs[:,None,:] - xs)**2).sum(-1))


@ferrojit.njit
def get_feature_from_integral_image(integral_image, y1, x1, y2, x2):
    result = integral_image[:, y2, x2] + \
                integral_image[:, y1, x1] - \
                integral_image[:, y1, x2] - \
                integral_image[:, y2, x1]
    # Normalize the feature vector
    result /= np.sqrt(np.sum(result * result))
    return result


def search_one_integral_image(integral_image, query_descriptor, query_ratio):
    best_score = np.inf
    for y2 in range(integral_image.shape[1]):
        for x2 in range(integral_image.shape[2]):
            for y1 in range(y2):
                for x1 in range(x2):
                    # Only evaluate windows with a similar ratio
                    if 0.8 < (y2 - y1) / (x2 - x1) / query_ratio < 1.2:
                        tmp_descriptor = get_feature_from_integral_image(integral_image, y1, x1, y2, x2)
                        score_tmp = np.sqrt(
                            np.sum((tmp_descriptor - query_descriptor) * (tmp_descriptor - query_descriptor)))
                        if score_tmp < best_score:
                            best_score = score_tmp
                            best_position = (y1, x1, y2, x2)
    return best_score, best_position


@jit("f8(f8[:])", cache=False, nopython=True, nogil=True, parallel=True)
def esum(z):
    return np.sum(np.exp(z))


@jit("f8[:](f8[:])", cache=False, nopython=True, nogil=True, parallel=True)
def softmax_optimized(z):
    num = np.exp(z)
    s = num / esum(z)
    return s


def get_feature_plain(integral_image, y1, x1, y2, x2):
    """The seed's feature extraction, called directly (not as a callee)."""
    result = integral_image[:, y2, x2] + \
                integral_image[:, y1, x1] - \
                integral_image[:, y1, x2] - \
                integral_image[:, y2, x1]
    result /= np.sqrt(np.sum(result * result))
    return result


def call_get_feature(integral_image, y1, x1, y2, x2):
    return get_feature_from_integral_image(integral_image, y1, x1, y2, x2)


def softmax_plain(z):
    num = np.exp(z)
    return num / np.sum(np.exp(z))


# ===========================================================================
# Basic slicing: views
# ===========================================================================
def slices_1d(a):
    return (a[1:], a[:-1], a[::2], a[::-1], a[-3:], a[1:-1:2], a[5:1:-1],
            a[100:], a[-100:2], a[:100], a[::-3], a[-1::-2], a[3:3], a[4:2],
            a[:], a[-2::-1], a[:-100], a[2::-1], a[-100::-1], a[:-1:-1])


def slice_dyn(a, start, stop, step):
    return a[start:stop:step]


def slice_start(a, i):
    return a[i:]


def slice_stop(a, j):
    return a[:j]


def slice_step(a, k):
    return a[::k]


def slice_start_stop(a, i, j):
    return a[i:j]


def slice_dyn_2d(a, i, j, k, m):
    return a[i:j, ::k], a[m, i:j], a[i:j:k, m]


def slices_2d(a):
    return (a[1:-1, 0:-2], a[:, 1], a[1, :], a[::-1, ::2], a[-1], a[:, -1],
            a[1:, ::-1], a[:0], a[..., 0], a[0, ...], a[...], a[:, 1:2],
            a[::2, ::-2], a[-1:, -1:], a[1], a[:, :, ])


def slices_3d(a, y, x):
    return (a[:, y, x], a[y, :, x], a[1:, y], a[..., x], a[:, ::-1, x], a[y],
            a[:, y], a[y, x], a[..., y, x], a[y, ...], a[::-1, y, ::2],
            a[1:, 1:, 1:], a[:, :, ::-1])


def newaxis_1d(a):
    return a[None], a[:, None], a[None, :, None], a[..., None], a[np.newaxis], a[None, ::-1]


def newaxis_2d(a):
    return (a[None], a[:, None], a[:, None, :], a[np.newaxis, ..., np.newaxis],
            a[..., None], a[None, 1:, None, ::2], a[1, None], a[:, 0, None])


def newaxis_0d(a):
    return a[None], a[...], a[None, None], a[..., None]


def chained_slices(a):
    return a[1:][::2][-1:], a[::-1][1:3], a[::2][::-1], a[2:][1:][::3]


def chained_slices_2d(a):
    return a[:, 1:][1], a[1:][:, 0], a[::-1][0][::-1], a[None][0][1:]


def slice_then_index(a, i):
    return a[1:][i], a[::-1][i], a[::2][-1]


def slice_shapes(a):
    v = a[1:, ::2]
    return v.shape, v.ndim, v.size, a[None].shape, a[:, None].shape, a[..., 0].shape


def slice_len(a):
    return len(a[1:]), len(a[::-2]), len(a[None]), len(a[:, None])


def slice_sum(a):
    return np.sum(a[1:]), a[::-1].sum(), a[::2].max()


def view_write_1d(a, v):
    s = a[::-2]
    s[0] = v
    t = a[1:]
    t[1] = v
    return a


def view_write_2d(a, v):
    b = a[1:, ::2]
    b[0, 0] = v
    b[-1] = v
    c = a[:, -1]
    c[0] = v
    return b


def view_of_view_write(a, v):
    b = a[::-1]
    c = b[1:]
    d = c[::2]
    d[0] = v
    return a


def view_write_3d(a, y, x, v):
    col = a[:, y, x]
    col[0] = v
    plane = a[y]
    plane[0, 0] = v
    return a


def return_view(a):
    return a[1:, ::-1]


def write_through_returned(a):
    v = a[::2]
    v[0] = 5
    return v


def view_survives_base_rebinding(a):
    v = a[1:]
    a = np.zeros(3)
    return v, a


def view_of_new_array(n):
    a = np.arange(n) * 2
    return a[1::2]


def view_iter(a):
    s = 0
    for x in a[::-1][1:]:
        s += x
    return s


def view_in_loop(a):
    out = np.zeros(a.shape[0])
    for i in range(a.shape[0]):
        r = a[i, 1:]
        out[i] = r.sum()
    return out


# ===========================================================================
# Slice assignment
# ===========================================================================
def assign_block(a, b):
    a[1:, 1:] = b
    return a


def assign_scaled_block(a, b):
    a[1:, 1:] = b * 2.0 + 1.0
    return a


def assign_all(a, v):
    a[:] = v
    return a


def assign_all_float_literal(u):
    u[:] = 1.0
    return u


def assign_ellipsis(a, v):
    a[...] = v


def assign_row(a, i, row):
    a[i] = row
    return a


def assign_col(a, j, col):
    a[:, j] = col
    return a


def assign_slice_dyn(a, i, j, k, v):
    a[i:j:k] = v
    return a


def shift_right(a):
    a[1:] = a[:-1]
    return a


def shift_left(a):
    a[:-1] = a[1:]
    return a


def reverse_inplace(a):
    a[:] = a[::-1]
    return a


def shift_rows_down(a):
    a[1:, :] = a[:-1, :]
    return a


def transpose_overlap(a):
    a[0] = a[:, 0]
    return a


def flip_cols(a):
    a[:, ::-1] = a
    return a


def assign_expr(a, b):
    a[1:-1] = (b[2:] + b[:-2]) * 0.5
    return a


def stencil_jacobi(U):
    U[1:-1, 1:-1] = 0.25 * (U[:-2, 1:-1] + U[2:, 1:-1] + U[1:-1, :-2] + U[1:-1, 2:])
    return U


def stencil_self(U):
    U[1:-1, 0:-2] = U[1:-1, 0:-2] + U[1:-1, 2:] - 2 * U[:-2, 1:-1]
    return U


def assign_3d(a, b):
    a[:, 1:, :] = b
    return a


def assign_3d_index(a, y, x, v):
    a[:, y, x] = v
    return a


def assign_newaxis(a, b):
    a[:, None] = b
    return a


def assign_mismatch(a, b):
    a[1:] = b
    return a


def assign_view_var(a, v):
    w = a[::2]
    w[:] = v
    return a


def assign_into_new(n, m):
    a = np.zeros((n, m))
    a[1:, 1:] = 1.0
    a[0] = np.arange(m)
    a[:, 0] = -1
    return a


def integral_image_by_slices(f):
    result = np.zeros((f.shape[0], f.shape[1] + 1, f.shape[2] + 1))
    result[:, 1:, 1:] = f
    return result


# ===========================================================================
# In-place operators
# ===========================================================================
def iadd(a, b):
    a += b
    return a


def isub(a, b):
    a -= b
    return a


def imul(a, b):
    a *= b
    return a


def itruediv(a, b):
    a /= b
    return a


def ifloordiv(a, b):
    a //= b
    return a


def imod(a, b):
    a %= b
    return a


def ipow(a, b):
    a **= b
    return a


def iand(a, b):
    a &= b
    return a


def ior(a, b):
    a |= b
    return a


def ixor(a, b):
    a ^= b
    return a


def ilshift(a, b):
    a <<= b
    return a


def irshift(a, b):
    a >>= b
    return a


def iadd_reversed_self(a):
    a += a[::-1]
    return a


def iadd_shifted(a):
    a[1:] += a[:-1]
    return a


def isub_shifted_back(a):
    a[:-1] -= a[1:]
    return a


def imul_view(a, v):
    w = a[::2]
    w *= v
    return a


def iadd_row(a, i, v):
    a[i] += v
    return a


def iadd_self(a):
    a += a
    return a


def idiv_norm(result):
    result /= np.sqrt(np.sum(result * result))
    return result


def iadd_local(n):
    a = np.ones(n)
    a += np.arange(n)
    a *= 2
    a -= 1.5
    return a


def iadd_no_return(a, b):
    a += b


# ===========================================================================
# Element-wise operators (array/array, array/scalar, 0-d)
# ===========================================================================
def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def truediv(a, b):
    return a / b


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def power(a, b):
    return a ** b


def bit_and(a, b):
    return a & b


def bit_or(a, b):
    return a | b


def bit_xor(a, b):
    return a ^ b


def lshift(a, b):
    return a << b


def rshift(a, b):
    return a >> b


def eq(a, b):
    return a == b


def ne(a, b):
    return a != b


def lt(a, b):
    return a < b


def le(a, b):
    return a <= b


def gt(a, b):
    return a > b


def ge(a, b):
    return a >= b


def neg(a):
    return -a


def invert(a):
    return ~a


def mul_float_literal(a):
    return a * 2.0


def add_int_literal(a):
    return a + 1


def rsub_int_literal(a):
    return 1 - a


def div_int_literal(a):
    return a / 3


def rdiv_float_literal(a):
    return 2.0 / a


def square_literal(a):
    return a ** 2


def pow_half_literal(a):
    return a ** 0.5


def mod_literal(a):
    return a % 3


def floordiv_literal(a):
    return a // 2


def lt_literal(a):
    return a < 2


def eq_float_literal(a):
    return a == 2.5


def add_bool_literal(a):
    return a + True


def and_literal(a):
    return a & 1


def lshift_literal(a):
    return a << 1


def neg_literal_mul(a):
    return a * -1


def literal_mix(a):
    return (a + 1) * 2 - 3


def poly(x):
    return 3 * x ** 2 - 2 * x + 1


def expr_mix(a, b, c):
    return (a + b) * c - a / (b + 1.5)


def expr4(a, b, c, d):
    return a * b + c - d


def compare_chain(a, b):
    return (a < b) & (b <= 2) | (a == b)


def where_relu(a):
    return np.where(a > 0, a, 0)


def where3(c, x, y):
    return np.where(c, x, y)


def where_expr(a, b):
    return np.where(a > b, a - b, b - a)


def expr_with_scalar_arg(a, s, t):
    return a * s + t


def zero_d_mix(a, z):
    return a + z, z * 2, -z


def double_negation(a):
    return -(-a)


def expr_reuse(a):
    b = a + 1
    c = b * b
    return c - b, b


# ===========================================================================
# Ufuncs
# ===========================================================================
def u_sqrt(a):
    return np.sqrt(a)


def u_exp(a):
    return np.exp(a)


def u_expm1(a):
    return np.expm1(a)


def u_log(a):
    return np.log(a)


def u_log2(a):
    return np.log2(a)


def u_log10(a):
    return np.log10(a)


def u_log1p(a):
    return np.log1p(a)


def u_sin(a):
    return np.sin(a)


def u_cos(a):
    return np.cos(a)


def u_tan(a):
    return np.tan(a)


def u_arcsin(a):
    return np.arcsin(a)


def u_arccos(a):
    return np.arccos(a)


def u_arctan(a):
    return np.arctan(a)


def u_sinh(a):
    return np.sinh(a)


def u_cosh(a):
    return np.cosh(a)


def u_tanh(a):
    return np.tanh(a)


def u_arcsinh(a):
    return np.arcsinh(a)


def u_arccosh(a):
    return np.arccosh(a)


def u_arctanh(a):
    return np.arctanh(a)


def u_floor(a):
    return np.floor(a)


def u_ceil(a):
    return np.ceil(a)


def u_trunc(a):
    return np.trunc(a)


def u_fabs(a):
    return np.fabs(a)


def u_degrees(a):
    return np.degrees(a)


def u_rad2deg(a):
    return np.rad2deg(a)


def u_radians(a):
    return np.radians(a)


def u_deg2rad(a):
    return np.deg2rad(a)


def u_abs(a):
    return np.abs(a)


def u_absolute(a):
    return np.absolute(a)


def u_negative(a):
    return np.negative(a)


def u_positive(a):
    return np.positive(a)


def u_square(a):
    return np.square(a)


def u_sign(a):
    return np.sign(a)


def u_isnan(a):
    return np.isnan(a)


def u_isinf(a):
    return np.isinf(a)


def u_isfinite(a):
    return np.isfinite(a)


def u_minimum(a, b):
    return np.minimum(a, b)


def u_maximum(a, b):
    return np.maximum(a, b)


def u_fmin(a, b):
    return np.fmin(a, b)


def u_fmax(a, b):
    return np.fmax(a, b)


def u_arctan2(a, b):
    return np.arctan2(a, b)


def u_hypot(a, b):
    return np.hypot(a, b)


def u_copysign(a, b):
    return np.copysign(a, b)


def u_fmod(a, b):
    return np.fmod(a, b)


def u_add(a, b):
    return np.add(a, b)


def u_subtract(a, b):
    return np.subtract(a, b)


def u_multiply(a, b):
    return np.multiply(a, b)


def u_divide(a, b):
    return np.divide(a, b)


def u_true_divide(a, b):
    return np.true_divide(a, b)


def u_floor_divide(a, b):
    return np.floor_divide(a, b)


def u_mod(a, b):
    return np.mod(a, b)


def u_remainder(a, b):
    return np.remainder(a, b)


def u_power(a, b):
    return np.power(a, b)


def u_bitwise_and(a, b):
    return np.bitwise_and(a, b)


def u_bitwise_or(a, b):
    return np.bitwise_or(a, b)


def u_bitwise_xor(a, b):
    return np.bitwise_xor(a, b)


def u_nested(a, b):
    return np.sqrt(np.maximum(a, b) ** 2 + np.abs(np.minimum(a, b)))


def u_trig_identity(a):
    return np.sin(a) ** 2 + np.cos(a) ** 2


def u_scalar_domain(x):
    return np.sqrt(x), np.log(x), np.arcsin(x), np.arccosh(x), np.log1p(x)


def u_scalar_int_ops(x, y):
    return np.floor_divide(x, y), np.mod(x, y), np.minimum(x, y), np.maximum(x, y)


def u_scalar_mixed(x, y):
    return np.minimum(x, y), np.hypot(x, y), np.arctan2(x, y), np.fmod(x, y)


# ===========================================================================
# Reductions with axis
# ===========================================================================
def red_whole(a):
    return (np.sum(a), a.prod(), np.mean(a), a.std(), np.var(a),
            np.any(a), a.all())


def red_whole_nonempty(a):
    return (np.min(a), a.max(), np.amin(a), np.amax(a), np.argmin(a), a.argmax())


def red_ax0(a):
    return (np.sum(a, axis=0), a.prod(axis=0), np.mean(a, axis=0), a.std(axis=0),
            np.var(a, axis=0), np.any(a, axis=0), a.all(axis=0))


def red_ax1(a):
    return (a.sum(1), np.prod(a, 1), a.mean(axis=1), np.std(a, axis=1),
            a.var(1), a.any(axis=1), np.all(a, axis=1))


def red_ax2(a):
    return (np.sum(a, 2), np.prod(a, axis=2), np.mean(a, 2), np.std(a, 2),
            np.var(a, axis=2), np.any(a, 2), np.all(a, 2))


def red_axm1(a):
    return (a.sum(axis=-1), a.prod(-1), np.mean(a, axis=-1), a.std(-1),
            np.var(a, -1), np.any(a, axis=-1), a.all(-1))


def red_axm2(a):
    return (np.sum(a, axis=-2), np.prod(a, -2), a.mean(-2), np.std(a, axis=-2),
            a.var(axis=-2), a.any(-2), np.all(a, axis=-2))


def mm_ax0(a):
    return (np.min(a, axis=0), a.max(axis=0), np.amin(a, 0), np.amax(a, axis=0),
            np.argmin(a, axis=0), a.argmax(axis=0))


def mm_ax1(a):
    return (a.min(1), np.max(a, 1), np.amin(a, axis=1), np.amax(a, 1),
            a.argmin(axis=1), np.argmax(a, 1))


def mm_ax2(a):
    return (np.min(a, 2), np.max(a, axis=2), np.amin(a, 2), np.amax(a, 2),
            np.argmin(a, axis=2), np.argmax(a, axis=2))


def mm_axm1(a):
    return (a.min(axis=-1), a.max(-1), np.amin(a, -1), np.amax(a, axis=-1),
            np.argmin(a, -1), a.argmax(-1))


def mm_axm2(a):
    return (np.min(a, axis=-2), np.max(a, -2), np.amin(a, axis=-2), np.amax(a, -2),
            a.argmin(-2), np.argmax(a, axis=-2))


def min_ax0(a):
    return np.min(a, axis=0)


def mean_whole(a):
    return np.mean(a)


def std_whole(a):
    return a.std()


def argmin_whole(a):
    return np.argmin(a)


def argmax_whole(a):
    return a.argmax()


# ---------------------------------------------------------------------------
# One reduction along one axis per kernel (cheap to compile: hypothesis draws
# the reduction, the axis, the dtype and the layout).  Spellings alternate:
# np.f(a, axis=k), a.f(axis=k), np.f(a, k), a.f(k) (np.amin/np.amax too).
# ---------------------------------------------------------------------------

def r_sum_0(a):
    return np.sum(a, axis=0)

def r_sum_1(a):
    return a.sum(axis=1)

def r_sum_2(a):
    return np.sum(a, 2)

def r_sum_m1(a):
    return a.sum(-1)

def r_sum_m2(a):
    return np.sum(a, axis=-2)

def r_prod_0(a):
    return a.prod(axis=0)

def r_prod_1(a):
    return np.prod(a, 1)

def r_prod_2(a):
    return a.prod(2)

def r_prod_m1(a):
    return np.prod(a, axis=-1)

def r_prod_m2(a):
    return a.prod(axis=-2)

def r_min_0(a):
    return np.amin(a, 0)

def r_min_1(a):
    return a.min(1)

def r_min_2(a):
    return np.min(a, axis=2)

def r_min_m1(a):
    return a.min(axis=-1)

def r_min_m2(a):
    return np.amin(a, -2)

def r_max_0(a):
    return a.max(0)

def r_max_1(a):
    return np.max(a, axis=1)

def r_max_2(a):
    return a.max(axis=2)

def r_max_m1(a):
    return np.amax(a, -1)

def r_max_m2(a):
    return a.max(-2)

def r_mean_0(a):
    return np.mean(a, axis=0)

def r_mean_1(a):
    return a.mean(axis=1)

def r_mean_2(a):
    return np.mean(a, 2)

def r_mean_m1(a):
    return a.mean(-1)

def r_mean_m2(a):
    return np.mean(a, axis=-2)

def r_std_0(a):
    return a.std(axis=0)

def r_std_1(a):
    return np.std(a, 1)

def r_std_2(a):
    return a.std(2)

def r_std_m1(a):
    return np.std(a, axis=-1)

def r_std_m2(a):
    return a.std(axis=-2)

def r_var_0(a):
    return np.var(a, 0)

def r_var_1(a):
    return a.var(1)

def r_var_2(a):
    return np.var(a, axis=2)

def r_var_m1(a):
    return a.var(axis=-1)

def r_var_m2(a):
    return np.var(a, -2)

def r_argmin_0(a):
    return a.argmin(0)

def r_argmin_1(a):
    return np.argmin(a, axis=1)

def r_argmin_2(a):
    return a.argmin(axis=2)

def r_argmin_m1(a):
    return np.argmin(a, -1)

def r_argmin_m2(a):
    return a.argmin(-2)

def r_argmax_0(a):
    return np.argmax(a, axis=0)

def r_argmax_1(a):
    return a.argmax(axis=1)

def r_argmax_2(a):
    return np.argmax(a, 2)

def r_argmax_m1(a):
    return a.argmax(-1)

def r_argmax_m2(a):
    return np.argmax(a, axis=-2)

def r_any_0(a):
    return a.any(axis=0)

def r_any_1(a):
    return np.any(a, 1)

def r_any_2(a):
    return a.any(2)

def r_any_m1(a):
    return np.any(a, axis=-1)

def r_any_m2(a):
    return a.any(axis=-2)

def r_all_0(a):
    return np.all(a, 0)

def r_all_1(a):
    return a.all(1)

def r_all_2(a):
    return np.all(a, axis=2)

def r_all_m1(a):
    return a.all(axis=-1)

def r_all_m2(a):
    return np.all(a, -2)

#: {(reduction name, axis): kernel}
AXIS_REDUCTIONS = {
    ('sum', 0): r_sum_0,
    ('sum', 1): r_sum_1,
    ('sum', 2): r_sum_2,
    ('sum', -1): r_sum_m1,
    ('sum', -2): r_sum_m2,
    ('prod', 0): r_prod_0,
    ('prod', 1): r_prod_1,
    ('prod', 2): r_prod_2,
    ('prod', -1): r_prod_m1,
    ('prod', -2): r_prod_m2,
    ('min', 0): r_min_0,
    ('min', 1): r_min_1,
    ('min', 2): r_min_2,
    ('min', -1): r_min_m1,
    ('min', -2): r_min_m2,
    ('max', 0): r_max_0,
    ('max', 1): r_max_1,
    ('max', 2): r_max_2,
    ('max', -1): r_max_m1,
    ('max', -2): r_max_m2,
    ('mean', 0): r_mean_0,
    ('mean', 1): r_mean_1,
    ('mean', 2): r_mean_2,
    ('mean', -1): r_mean_m1,
    ('mean', -2): r_mean_m2,
    ('std', 0): r_std_0,
    ('std', 1): r_std_1,
    ('std', 2): r_std_2,
    ('std', -1): r_std_m1,
    ('std', -2): r_std_m2,
    ('var', 0): r_var_0,
    ('var', 1): r_var_1,
    ('var', 2): r_var_2,
    ('var', -1): r_var_m1,
    ('var', -2): r_var_m2,
    ('argmin', 0): r_argmin_0,
    ('argmin', 1): r_argmin_1,
    ('argmin', 2): r_argmin_2,
    ('argmin', -1): r_argmin_m1,
    ('argmin', -2): r_argmin_m2,
    ('argmax', 0): r_argmax_0,
    ('argmax', 1): r_argmax_1,
    ('argmax', 2): r_argmax_2,
    ('argmax', -1): r_argmax_m1,
    ('argmax', -2): r_argmax_m2,
    ('any', 0): r_any_0,
    ('any', 1): r_any_1,
    ('any', 2): r_any_2,
    ('any', -1): r_any_m1,
    ('any', -2): r_any_m2,
    ('all', 0): r_all_0,
    ('all', 1): r_all_1,
    ('all', 2): r_all_2,
    ('all', -1): r_all_m1,
    ('all', -2): r_all_m2,
}


def red_of_expr(a, b):
    return (((a - b) ** 2).sum(), np.sum(a * b, axis=0), (a > b).sum(),
            np.mean(a + 1.0, axis=-1), np.argmax(a * -1.0, axis=0),
            np.any(a > b, axis=1), np.all(a >= 0, axis=0), np.max(a - b, axis=1))


def red_then_expr(a):
    return a - a.mean(axis=0), a / a.sum(axis=-1)[:, None]


def center_rows(a):
    m = a.mean(axis=1)
    return a - m[:, None]


def red_chain(a):
    return a.sum(axis=0).sum(), np.max(np.min(a, axis=1)), a.sum(2).sum(1).sum(0)


def red_axis_out_of_range(a):
    return a.sum(axis=2)


def red_of_slices(a):
    return a[1:, ::2].sum(axis=0), a[::-1].max(axis=1), a[:, 0].argmin()


def count_nonneg(a):
    return np.sum(a >= 0), (a < 0).sum(axis=0)


# ===========================================================================
# np.dot and @
# ===========================================================================
def dot(a, b):
    return np.dot(a, b)


def matmul_op(a, b):
    return a @ b


def dot_exprs(a, b):
    return np.dot(a - 1.0, b * 2.0)


def dot_slices(A, x):
    return np.dot(A[1:], x[::-1]), A[:, ::2] @ x[::2]


def dot_method_like(A, B, x):
    return (A @ B) @ x, np.dot(x, A @ B)


def gram(X):
    return np.dot(X[0], X[1]), X[0] @ X[0]


# ===========================================================================
# Tuples of arrays
# ===========================================================================
def tuple_views(a):
    return a[1:], (a.sum(), a[::-1])


def tuple_arg_sum(t):
    a, b = t
    return a + b


def tuple_build(a, b):
    t = (a + b, a - b)
    return t[0] * t[1], t


def shape_unpack_expr(a):
    n, m = a.shape
    return a[: n // 2, : m - 1] * n


# ===========================================================================
# Not supported yet (each must be a TypingError)
# ===========================================================================
def u_transpose(a):
    return a.T


def u_reshape(a):
    return a.reshape(-1)


def u_ravel(a):
    return a.ravel()


def u_flatten(a):
    return a.flatten()


def u_cumsum(a):
    return np.cumsum(a)


def u_cumprod(a):
    return np.cumprod(a)


def u_norm(a):
    return np.linalg.norm(a)


def u_sort(a):
    return np.sort(a)


def u_bool_mask(a):
    return a[a > 0]


def u_fancy(a, idx):
    return a[idx]


def u_mask_assign(a):
    a[a > 0] = 0
    return a


# ===========================================================================
# Fusion probes
# ===========================================================================
def fuse_sum_sq(r):
    return np.sum(r * r)


def fuse_sq_dist(a, b):
    return ((a - b) ** 2).sum()


def fuse_score(t, q):
    return np.sqrt(np.sum((t - q) * (t - q)))


def fuse_expr4(a, b, c, d):
    return a * b + c - d


def fuse_ufunc_chain(a, b):
    return np.sqrt(np.abs(a - b) + np.exp(-a * b)) * 0.5


def fuse_axis_sum(a, b):
    return ((a - b) ** 2).sum(axis=1)


def fuse_minmax(a):
    return np.max(np.abs(a - 1.0)), np.argmin(a * a), np.any(a > 2.0), np.mean(a * 2.0)


def fuse_dot_like(a, b):
    return np.sum(a * b)


def fuse_where_sum(a):
    return np.sum(np.where(a > 0, a, 0.0))


def temp_view(a):
    return (a + 1.0)[1:]


def temp_in_loop(a, n):
    s = 0.0
    for i in range(n):
        b = a * i
        s += b.sum()
    return s


def temp_then_raise_broadcast(a, b):
    c = a * 2.0
    d = c + 1.0
    return d + b


def temp_then_raise_min(a):
    c = a * 2.0
    return c[:0].min()


def temp_then_raise_pow(a, e):
    c = a + 1
    return c ** e
