//! Complex true division and power, as CPython's `Objects/complexobject.c` computes them.

use super::helpers::{c, Errno};
use super::{Complex128, CMATH_OK, CMATH_POWER_OVERFLOW, CMATH_ZERO_POWER};

// ---------------------------------------------------------------------------------------
// complex division and power (Objects/complexobject.c)

/// `_Py_c_prod`
fn c_prod(a: Complex128, b: Complex128) -> Complex128 {
    c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
}

/// `_Py_c_quot` (CPython 3.11): Smith's method, scaling by the larger part of the
/// divisor; EDOM and 0 for a zero divisor, NaNs for a NaN in the divisor.
pub(super) fn c_quot(a: Complex128, b: Complex128) -> (Complex128, Errno) {
    let abs_breal = if b.re < 0. { -b.re } else { b.re };
    let abs_bimag = if b.im < 0. { -b.im } else { b.im };
    if abs_breal >= abs_bimag {
        // divide tops and bottom by b.real
        if abs_breal == 0.0 {
            (c(0., 0.), Errno::Dom)
        } else {
            let ratio = b.im / b.re;
            let denom = b.re + b.im * ratio;
            (c((a.re + a.im * ratio) / denom, (a.im - a.re * ratio) / denom), Errno::None)
        }
    } else if abs_bimag >= abs_breal {
        // divide tops and bottom by b.imag
        let ratio = b.re / b.im;
        let denom = b.re * ratio + b.im;
        (c((a.re * ratio + a.im) / denom, (a.im * ratio - a.re) / denom), Errno::None)
    } else {
        // at least one of b.real, b.imag is a NaN
        (c(f64::NAN, f64::NAN), Errno::None)
    }
}

/// `_Py_c_pow`. The errno it leaves that matters is EDOM: for a zero base raised to a
/// negative or complex power, and from libm's cos/sin of an infinite phase. (ERANGE
/// from pow/exp/hypot is recomputed from the result by `complex_pow`.)
fn c_pow(a: Complex128, b: Complex128) -> (Complex128, Errno) {
    if b.re == 0. && b.im == 0. {
        return (c(1., 0.), Errno::None);
    }
    if a.re == 0. && a.im == 0. {
        let errno = if b.im != 0. || b.re < 0. { Errno::Dom } else { Errno::None };
        return (c(0., 0.), errno);
    }
    let vabs = a.re.hypot(a.im);
    let mut len = vabs.powf(b.re);
    let at = a.im.atan2(a.re);
    let mut phase = at * b.re;
    if b.im != 0.0 {
        len /= (at * b.im).exp();
        phase += b.im * vabs.ln();
    }
    // glibc's cos and sin set EDOM for an infinite argument.
    let errno = if phase.is_infinite() { Errno::Dom } else { Errno::None };
    (c(len * phase.cos(), len * phase.sin()), errno)
}

/// `c_powu`: repeated squaring for `n >= 0`.
fn c_powu(x: Complex128, n: i64) -> Complex128 {
    let mut r = c(1., 0.);
    let mut p = x;
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask = mask.wrapping_shl(1);
        p = c_prod(p, p);
    }
    r
}

/// `c_powi`: `x**n` for an integer `n`, negative through `1 / x**-n`.
fn c_powi(x: Complex128, n: i64) -> (Complex128, Errno) {
    if n > 0 {
        (c_powu(x, n), Errno::None)
    } else {
        c_quot(c(1., 0.), c_powu(x, n.wrapping_neg()))
    }
}

/// `complex_pow` (CPython 3.11): small integral exponents by repeated multiplication,
/// others by `_Py_c_pow`; then `_Py_ADJUST_ERANGE2` (ERANGE iff a part is infinite,
/// unless errno is already EDOM) and the exceptions it maps errno to.
pub(super) fn complex_pow(a: Complex128, b: Complex128) -> (Complex128, i32) {
    let (p, errno) = if b.im == 0.0 && b.re == b.re.floor() && b.re.abs() <= 100.0 {
        c_powi(a, b.re as i64)
    } else {
        c_pow(a, b)
    };
    let status = if errno == Errno::Dom {
        CMATH_ZERO_POWER
    } else if p.re.is_infinite() || p.im.is_infinite() {
        CMATH_POWER_OVERFLOW
    } else {
        CMATH_OK
    };
    (p, status)
}
