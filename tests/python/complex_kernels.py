"""Plain-Python kernels on complex numbers for test_complex.py.

Like ``kernels.py``: every kernel is an ordinary ``def`` so that the same source
runs under CPython (the oracle) and through ``ferrojit.njit``; the decorated
functions are jitted *callees* (``conftest.pure`` swaps them for plain-Python
copies in the oracle).

Python ``complex`` is complex128; NumPy arrays of complex64 and complex128 follow
NumPy 2's promotion rules (NEP 50), CPython running NumPy being the oracle.
"""

import cmath
import cmath as cm
import math
from cmath import exp, sqrt as csqrt

import numpy as np

import ferrojit

# ---------------------------------------------------------------------------
# Globals read by kernels (frozen by ferrojit at compile time)
# ---------------------------------------------------------------------------
ROTATE = 0.5 - 0.25j
NEG_IMAG = complex(0.0, -0.0)


# ---------------------------------------------------------------------------
# Literals and construction
# ---------------------------------------------------------------------------
def lit_imag():
    return 2j


def lit_sum():
    return 1 + 2j


def lit_neg_imag():
    return -2j          # -(0+2j): (-0-2j)


def lit_misc():
    return (3 - 4j, 1j * 1j, 0.5 + 2.5j, -(1 + 0j), 0j, 1e300j * 10, 1 - 0j, -0.0 + 0j)


def build2(a, b):
    return complex(a, b)


def build1(x):
    return complex(x)


def build_from_parts(z):
    return complex(z.real, z.imag), complex(z.imag), complex(z)


def read_global(z):
    return z * ROTATE + NEG_IMAG, ROTATE, NEG_IMAG


# ---------------------------------------------------------------------------
# Attributes, unary operators, truth
# ---------------------------------------------------------------------------
def parts(z):
    return z.real, z.imag, z.conjugate()


def c_abs(z):
    return abs(z)


def c_neg(z):
    return -z


def c_pos(z):
    return +z


def c_double_neg(z):
    return -(-z)


def c_bool(z):
    return bool(z)


def c_truth(z):
    if z:
        n = 1
    else:
        n = 0
    if not z:
        n += 10
    return n


def c_isinstance(z):
    return (isinstance(z, complex), isinstance(z, float), isinstance(z, int),
            isinstance(z, bool), isinstance(z, (float, complex)), isinstance(z, tuple))


def c_isinstance_np(z):
    return (isinstance(z, complex), isinstance(z, np.complexfloating),
            isinstance(z, np.complex128), isinstance(z, np.complex64),
            isinstance(z, np.floating), isinstance(z, np.number), isinstance(z, np.generic))


# ---------------------------------------------------------------------------
# Binary operators (any order of complex / int / float / bool operands)
# ---------------------------------------------------------------------------
def c_add(a, b):
    return a + b


def c_sub(a, b):
    return a - b


def c_mul(a, b):
    return a * b


def c_div(a, b):
    return a / b


def c_pow(a, b):
    return a ** b


def c_eq(a, b):
    return a == b


def c_ne(a, b):
    return a != b


def c_eq_ne_tuple(a, b):
    return (a == b, a != b, b == a, b != a, not (a == b))


def c_lt(a, b):
    return a < b


def c_le(a, b):
    return a <= b


def c_gt(a, b):
    return a > b


def c_ge(a, b):
    return a >= b


def c_floordiv(a, b):
    return a // b


def c_mod(a, b):
    return a % b


def c_expression(z, w, x):
    return (z * w - x) * (z + 2.5) - w * w.conjugate() + 3 * z - x * 1j


def c_square_int(z):
    return z ** 2, z ** 3, z ** -1, z ** 0, z ** 1


# ---------------------------------------------------------------------------
# Augmented assignment, rebinding
# ---------------------------------------------------------------------------
def aug_ops(z, w):
    t = z
    t += w
    t *= 2
    t -= 1.5
    t *= w
    t += True
    t -= 3
    return t


def aug_div(z, w):
    t = z
    t /= w
    return t


def rebind_float_to_complex(x, w):
    z = x * 2.0
    z += w
    z *= 2
    return z


def rebind_int_to_complex(n, w):
    z = n + 1
    z = z * w
    return z


def rebind_in_loop(c, n):
    # z starts as a float and becomes complex on the first iteration (n >= 1)
    z = 0.0
    for i in range(n):
        z = z * z + c
    return z


# ---------------------------------------------------------------------------
# Loops: Mandelbrot
# ---------------------------------------------------------------------------
def mandel_abs(c, max_iter):
    z = 0j
    for i in range(max_iter):
        if abs(z) > 2.0:
            return i
        z = z * z + c
    return max_iter


def mandel_sq(c, max_iter):
    z = 0j
    n = 0
    while n < max_iter and z.real * z.real + z.imag * z.imag <= 4.0:
        z = z * z + c
        n += 1
    return n, z


def mandel_grid(xs, ys, max_iter):
    out = np.zeros((ys.shape[0], xs.shape[0]), dtype=np.int64)
    for j in range(ys.shape[0]):
        for i in range(xs.shape[0]):
            c = complex(xs[i], ys[j])
            z = 0j
            n = 0
            while n < max_iter and abs(z) <= 2.0:
                z = z * z + c
                n += 1
            out[j, i] = n
    return out


def mandel_grid_expr(xs, ys, max_iter):
    # c built from array elements with ``x + 1j * y`` (NumPy scalars in CPython)
    out = np.zeros((ys.shape[0], xs.shape[0]), dtype=np.int64)
    for j in range(ys.shape[0]):
        for i in range(xs.shape[0]):
            c = xs[i] + 1j * ys[j]
            z = 0j
            n = 0
            while n < max_iter and z.real * z.real + z.imag * z.imag <= 4.0:
                z = z * z + c
                n += 1
            out[j, i] = n
    return out


def poly_horner(z, n):
    # sum_{k<n} (k + 1) z**k by Horner's rule
    acc = 0j
    for k in range(n, 0, -1):
        acc = acc * z + k
    return acc


# ---------------------------------------------------------------------------
# Tuples and calls
# ---------------------------------------------------------------------------
def tuple_ret(z):
    return (z, z * 2, z.real, (z.conjugate(), abs(z)))


def tuple_arg(t):
    a, b = t
    return a * b + t[0], t[1]


def swap_unpack(z, w):
    z, w = w, z
    return z - w


@ferrojit.njit
def mul_conj(z, w):
    return z * w.conjugate()


def calls_jitted(z, w):
    return mul_conj(z, w) + mul_conj(w, z)


def inner_function(z, k):
    def scale(v):
        return v * k + z
    return scale(z) + scale(1j)


# ---------------------------------------------------------------------------
# cmath
# ---------------------------------------------------------------------------
def cm_exp(z):
    return cmath.exp(z)


def cm_exp_from(z):
    return exp(z)


def cm_log(z):
    return cmath.log(z)


def cm_log_base(z, b):
    return cmath.log(z, b)


def cm_log10(z):
    return cmath.log10(z)


def cm_sqrt(z):
    return cmath.sqrt(z)


def cm_sqrt_from(z):
    return csqrt(z)


def cm_sin(z):
    return cmath.sin(z)


def cm_cos(z):
    return cmath.cos(z)


def cm_tan(z):
    return cmath.tan(z)


def cm_asin(z):
    return cmath.asin(z)


def cm_acos(z):
    return cmath.acos(z)


def cm_atan(z):
    return cmath.atan(z)


def cm_sinh(z):
    return cmath.sinh(z)


def cm_cosh(z):
    return cmath.cosh(z)


def cm_tanh(z):
    return cm.tanh(z)


def cm_asinh(z):
    return cmath.asinh(z)


def cm_acosh(z):
    return cmath.acosh(z)


def cm_atanh(z):
    return cmath.atanh(z)


def cm_phase(z):
    return cmath.phase(z)


def cm_polar(z):
    return cmath.polar(z)


def cm_rect(r, phi):
    return cmath.rect(r, phi)


def cm_predicates(z):
    return cmath.isnan(z), cmath.isinf(z), cmath.isfinite(z)


def cm_constants():
    return cmath.pi, cmath.e, cmath.inf, cmath.infj, cmath.nan, cmath.nanj


def cm_constants_in_expr(z):
    return z * cmath.pi + cmath.e, cmath.infj + z, z - cmath.nanj, cmath.inf * z


def cm_roundtrip(z):
    r, phi = cmath.polar(z)
    return cmath.rect(r, phi)


# math functions of a complex number are TypeErrors in CPython
def math_sqrt(z):
    return math.sqrt(z)


def math_exp(z):
    return math.exp(z)


def math_floor(z):
    return math.floor(z)


def int_of(z):
    return int(z)


def float_of(z):
    return float(z)


# ---------------------------------------------------------------------------
# print
# ---------------------------------------------------------------------------
def print_one(z):
    print(z)
    return 0


def print_mixed(z, x, n):
    print(z, x, n, z.real, z.imag, abs(z) > 1.0)
    print("z =", z, sep="", end="!\n")
    return 0


def print_literals():
    print(2j, 1 + 2j, -2j, 0j, -0j, 1j * 1j, complex(0.0, -0.0))
    return 0


def print_elements(a):
    for i in range(a.shape[0]):
        print(a[i])
    return 0


# ---------------------------------------------------------------------------
# Arrays: creation, element access, loops
# ---------------------------------------------------------------------------
def zeros_filled(n):
    a = np.zeros(n, dtype=np.complex128)
    for i in range(n):
        a[i] = complex(i, -i)
    return a


def zeros2d_c64(m, n):
    a = np.zeros((m, n), np.complex64)
    for i in range(m):
        for j in range(n):
            a[i, j] = i + 1j * j
    return a


def empty_filled(n):
    a = np.empty(n, dtype=np.complex128)
    for i in range(n):
        a[i] = 0.5 * i          # a float stored into a complex array
    return a


def ones_complex(n):
    return np.ones(n, dtype=complex)


def ones_c64_2d(m, n):
    return np.ones((m, n), dtype=np.complex64)


def store_and_read(a, z):
    a[0] = z
    a[a.shape[0] - 1] = 1.5
    a[1] += z
    return a[1]


def store_2d(a, z):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = a[i, j] * z + j
    return a


def loop_sum(a):
    s = 0j
    for i in range(a.shape[0]):
        s += a[i]
    return s


def iter_sum(a):
    s = 0j
    for z in a:
        s += z * z
    return s


def loop_sum_2d(a):
    s = 0j
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j].conjugate() * (i + 1)
    return s


def element_parts(a, i):
    return a[i].real, a[i].imag, abs(a[i]), a[i].conjugate()


# ---------------------------------------------------------------------------
# Array expressions
# ---------------------------------------------------------------------------
def arr_add(a, b):
    return a + b


def arr_sub(a, b):
    return a - b


def arr_mul(a, b):
    return a * b


def arr_div(a, b):
    return a / b


def arr_mul_scalar(a, z):
    return a * z


def arr_times_two(a):
    return a * 2.0


def arr_plus_scalar(a, z):
    return a + z


def arr_times_1j(a):
    return a * 1j


def arr_neg(a):
    return -a


def arr_conj(a):
    return a.conj()


def arr_conjugate(a):
    return a.conjugate()


def np_conj(a):
    return np.conj(a)


def np_conjugate(a):
    return np.conjugate(a)


def np_abs(a):
    return np.abs(a)


def np_exp(a):
    return np.exp(a)


def np_log(a):
    return np.log(a)


def np_sqrt(a):
    return np.sqrt(a)


def np_sin(a):
    return np.sin(a)


def np_cos(a):
    return np.cos(a)


def arr_real(a):
    return a.real


def arr_imag(a):
    return a.imag


def np_real(a):
    return np.real(a)


def np_imag(a):
    return np.imag(a)


def arr_eq(a, b):
    return a == b


def arr_ne(a, b):
    return a != b


def arr_fused(a, b, z):
    return a * b + z * a.conj() - (b - 2.0) * 0.5j


def arr_parts_combined(a):
    return a.real * a.real + a.imag * a.imag + np.abs(a)  # no cancellation: NumPy's abs may differ by an ulp


# ---------------------------------------------------------------------------
# Reductions
# ---------------------------------------------------------------------------
def np_sum(a):
    return np.sum(a)


def sum_method(a):
    return a.sum()


def np_prod(a):
    return np.prod(a)


def np_mean(a):
    return np.mean(a)


def sum_of_expr(a, b):
    return np.sum(a * b.conj())
