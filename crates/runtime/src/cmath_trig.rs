//! The trigonometric and hyperbolic cmath functions: `cosh`, `sinh`, `tanh`, and `cos`,
//! `sin`, `tan` through them (`sin(z) = -i sinh(iz)`, ...).

use super::helpers::{c, overflow, times_i, times_minus_i, Errno, CM_LOG_LARGE_DOUBLE, E, INF};
use super::tables::{is_finite, special, COSH_SPECIAL, SINH_SPECIAL, TANH_SPECIAL};
use super::Complex128;

/// `cos(z) = cosh(iz)`
pub(super) fn c_cos(z: Complex128) -> (Complex128, Errno) {
    c_cosh(times_i(z))
}

pub(super) fn c_cosh(z: Complex128) -> (Complex128, Errno) {
    if !is_finite(z) {
        // cosh(+/-inf + iy) for finite nonzero y needs the signs of cos(y), sin(y)
        let r = if z.re.is_infinite() && z.im.is_finite() && z.im != 0. {
            if z.re > 0. {
                c(INF.copysign(z.im.cos()), INF.copysign(z.im.sin()))
            } else {
                c(INF.copysign(z.im.cos()), -INF.copysign(z.im.sin()))
            }
        } else {
            special(&COSH_SPECIAL, z)
        };
        // EDOM if y is +/- infinity and x is not a NaN
        let errno = if z.im.is_infinite() && !z.re.is_nan() { Errno::Dom } else { Errno::None };
        return (r, errno);
    }
    let r = if z.re.abs() > CM_LOG_LARGE_DOUBLE {
        // cosh(z.real) overflows where cosh(z) may not
        let x_minus_one = z.re - 1f64.copysign(z.re);
        c(z.im.cos() * x_minus_one.cosh() * E, z.im.sin() * x_minus_one.sinh() * E)
    } else {
        c(z.im.cos() * z.re.cosh(), z.im.sin() * z.re.sinh())
    };
    (r, overflow(r))
}

/// `sin(z) = -i sinh(iz)`
pub(super) fn c_sin(z: Complex128) -> (Complex128, Errno) {
    let (s, errno) = c_sinh(times_i(z));
    (times_minus_i(s), errno)
}

pub(super) fn c_sinh(z: Complex128) -> (Complex128, Errno) {
    if !is_finite(z) {
        let r = if z.re.is_infinite() && z.im.is_finite() && z.im != 0. {
            if z.re > 0. {
                c(INF.copysign(z.im.cos()), INF.copysign(z.im.sin()))
            } else {
                c(-INF.copysign(z.im.cos()), INF.copysign(z.im.sin()))
            }
        } else {
            special(&SINH_SPECIAL, z)
        };
        let errno = if z.im.is_infinite() && !z.re.is_nan() { Errno::Dom } else { Errno::None };
        return (r, errno);
    }
    let r = if z.re.abs() > CM_LOG_LARGE_DOUBLE {
        let x_minus_one = z.re - 1f64.copysign(z.re);
        c(z.im.cos() * x_minus_one.sinh() * E, z.im.sin() * x_minus_one.cosh() * E)
    } else {
        c(z.im.cos() * z.re.sinh(), z.im.sin() * z.re.cosh())
    };
    (r, overflow(r))
}

/// `tan(z) = -i tanh(iz)`
pub(super) fn c_tan(z: Complex128) -> (Complex128, Errno) {
    let (s, errno) = c_tanh(times_i(z));
    (times_minus_i(s), errno)
}

pub(super) fn c_tanh(z: Complex128) -> (Complex128, Errno) {
    // tanh(x+iy) = (tanh(x)(1+tan(y)^2) + i tan(y)(1-tanh(x))^2) / (1+tan(y)^2 tanh(x)^2),
    // with 1-tanh(x)^2 as 1/cosh(x)^2, or 4 exp(-2x) for large |x|.
    if !is_finite(z) {
        let r = if z.re.is_infinite() && z.im.is_finite() && z.im != 0. {
            let re = if z.re > 0. { 1.0 } else { -1.0 };
            c(re, 0f64.copysign(2. * z.im.sin() * z.im.cos()))
        } else {
            special(&TANH_SPECIAL, z)
        };
        // EDOM if z.imag is +/- infinity and z.real is finite
        let errno = if z.im.is_infinite() && z.re.is_finite() { Errno::Dom } else { Errno::None };
        return (r, errno);
    }
    let r = if z.re.abs() > CM_LOG_LARGE_DOUBLE {
        c(1f64.copysign(z.re), 4. * z.im.sin() * z.im.cos() * (-2. * z.re.abs()).exp())
    } else {
        let tx = z.re.tanh();
        let ty = z.im.tan();
        let cx = 1. / z.re.cosh();
        let txty = tx * ty;
        let denom = 1. + txty * txty;
        c(tx * (1. + ty * ty) / denom, ((ty / denom) * cx) * cx)
    };
    (r, Errno::None)
}
