//! What the cmath functions share: C's `errno` as [`Errno`], CPython's constants, the
//! libm calls std does not offer as glibc computes them, and small helpers (`i * z`, a
//! zero-keeping `log1p`, ERANGE from a result).

use super::Complex128;

// ---------------------------------------------------------------------------------------
// errno, constants, libm

/// What CPython leaves in C's `errno` after a computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Errno {
    None,
    /// `EDOM`
    Dom,
    /// `ERANGE`
    Range,
}

pub(super) const fn c(re: f64, im: f64) -> Complex128 {
    Complex128 { re, im }
}

/// `Py_MATH_PI`, `Py_MATH_E`, `M_LN2`, `M_LN10` (the same doubles as std's constants).
pub(super) const PI: f64 = std::f64::consts::PI;
pub(super) const E: f64 = std::f64::consts::E;
pub(super) const LN2: f64 = std::f64::consts::LN_2;
pub(super) const LN10: f64 = std::f64::consts::LN_10;
pub(super) const INF: f64 = f64::INFINITY;
pub(super) const DBL_MIN: f64 = f64::MIN_POSITIVE;
/// `DBL_MANT_DIG`
pub(super) const MANT_DIG: i32 = 53;
/// `CM_LARGE_DOUBLE = DBL_MAX / 4`
pub(super) const CM_LARGE_DOUBLE: f64 = f64::MAX / 4.0;
/// `CM_SQRT_LARGE_DOUBLE = sqrt(CM_LARGE_DOUBLE)` (the correctly rounded value,
/// 6.703903964971298e+153, as C's constant folding computes it).
pub(super) const CM_SQRT_LARGE_DOUBLE: f64 = 6.703903964971298e153;
/// `CM_LOG_LARGE_DOUBLE = log(CM_LARGE_DOUBLE)` (correctly rounded: 708.3964185322641).
pub(super) const CM_LOG_LARGE_DOUBLE: f64 = 708.3964185322641;
/// `CM_SQRT_DBL_MIN = sqrt(DBL_MIN) = 2**-511`
pub(super) const CM_SQRT_DBL_MIN: f64 = 1.4916681462400413e-154;
/// `CM_SCALE_UP = 2*(DBL_MANT_DIG/2) + 1`, `CM_SCALE_DOWN = -(CM_SCALE_UP+1)/2`
pub(super) const CM_SCALE_UP: i32 = 2 * (MANT_DIG / 2) + 1;
pub(super) const CM_SCALE_DOWN: i32 = -(CM_SCALE_UP + 1) / 2;

/// C's `ldexp(x, e)` for the exponents used here (53 and -27): multiplication by an exact
/// power of two, exact whenever the result is normal, as ldexp is. (`e` is clamped to
/// -1022..=1023, where 2**e is a normal double.)
pub(super) fn ldexp(x: f64, e: i32) -> f64 {
    let e = e.clamp(-1022, 1023);
    x * f64::from_bits(((e + 1023) as u64) << 52)
}

/// glibc's `asinh` (std's `f64::asinh` is its own formula, not libm's).
pub(super) fn libm_asinh(x: f64) -> f64 {
    extern "C" {
        fn asinh(x: f64) -> f64;
    }
    // SAFETY: a pure libm function.
    unsafe { asinh(x) }
}

/// `i * z`'s argument for the trigonometric functions: `(-z.imag, z.real)`.
pub(super) fn times_i(z: Complex128) -> Complex128 {
    c(-z.im, z.re)
}

/// `-i * s`'s result: `(s.imag, -s.real)`.
pub(super) fn times_minus_i(s: Complex128) -> Complex128 {
    c(s.im, -s.re)
}

/// `_Py_log1p`: log1p keeping the sign of a zero.
pub(super) fn log1p(x: f64) -> f64 {
    if x == 0. {
        x
    } else {
        x.ln_1p()
    }
}

/// ERANGE if a part of the result overflowed.
pub(super) fn overflow(r: Complex128) -> Errno {
    if r.re.is_infinite() || r.im.is_infinite() {
        Errno::Range
    } else {
        Errno::None
    }
}
