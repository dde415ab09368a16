//! The inverse trigonometric and hyperbolic cmath functions: `acos`, `acosh`, `asinh`,
//! `atanh`, and `asin`, `atan` through them.

use super::elementary::c_sqrt;
use super::helpers::{c, libm_asinh, log1p, times_i, times_minus_i, Errno, CM_LARGE_DOUBLE, CM_SQRT_DBL_MIN, CM_SQRT_LARGE_DOUBLE, INF, LN2, PI};
use super::tables::{is_finite, special, ACOSH_SPECIAL, ACOS_SPECIAL, ASINH_SPECIAL, ATANH_SPECIAL};
use super::Complex128;

pub(super) fn c_acos(z: Complex128) -> (Complex128, Errno) {
    if !is_finite(z) {
        return (special(&ACOS_SPECIAL, z), Errno::None);
    }
    let r = if z.re.abs() > CM_LARGE_DOUBLE || z.im.abs() > CM_LARGE_DOUBLE {
        // avoid unnecessary overflow for large arguments
        c(z.im.abs().atan2(z.re), -((z.re / 2.).hypot(z.im / 2.).ln() + LN2 * 2.).copysign(z.im))
    } else {
        let (s1, _) = c_sqrt(c(1. - z.re, -z.im));
        let (s2, _) = c_sqrt(c(1. + z.re, z.im));
        c(2. * s1.re.atan2(s2.re), libm_asinh(s2.re * s1.im - s2.im * s1.re))
    };
    (r, Errno::None)
}

pub(super) fn c_acosh(z: Complex128) -> (Complex128, Errno) {
    if !is_finite(z) {
        return (special(&ACOSH_SPECIAL, z), Errno::None);
    }
    let r = if z.re.abs() > CM_LARGE_DOUBLE || z.im.abs() > CM_LARGE_DOUBLE {
        c((z.re / 2.).hypot(z.im / 2.).ln() + LN2 * 2., z.im.atan2(z.re))
    } else {
        let (s1, _) = c_sqrt(c(z.re - 1., z.im));
        let (s2, _) = c_sqrt(c(z.re + 1., z.im));
        c(libm_asinh(s1.re * s2.re + s1.im * s2.im), 2. * s1.im.atan2(s2.re))
    };
    (r, Errno::None)
}

/// `asin(z) = -i asinh(iz)`
pub(super) fn c_asin(z: Complex128) -> (Complex128, Errno) {
    let (s, errno) = c_asinh(times_i(z));
    (times_minus_i(s), errno)
}

pub(super) fn c_asinh(z: Complex128) -> (Complex128, Errno) {
    if !is_finite(z) {
        return (special(&ASINH_SPECIAL, z), Errno::None);
    }
    let r = if z.re.abs() > CM_LARGE_DOUBLE || z.im.abs() > CM_LARGE_DOUBLE {
        let re = if z.im >= 0. {
            ((z.re / 2.).hypot(z.im / 2.).ln() + LN2 * 2.).copysign(z.re)
        } else {
            -((z.re / 2.).hypot(z.im / 2.).ln() + LN2 * 2.).copysign(-z.re)
        };
        c(re, z.im.atan2(z.re.abs()))
    } else {
        let (s1, _) = c_sqrt(c(1. + z.im, -z.re));
        let (s2, _) = c_sqrt(c(1. - z.im, z.re));
        c(libm_asinh(s1.re * s2.im - s2.re * s1.im), z.im.atan2(s1.re * s2.re - s1.im * s2.im))
    };
    (r, Errno::None)
}

/// `atan(z) = -i atanh(iz)`
pub(super) fn c_atan(z: Complex128) -> (Complex128, Errno) {
    let (s, errno) = c_atanh(times_i(z));
    (times_minus_i(s), errno)
}

pub(super) fn c_atanh(z: Complex128) -> (Complex128, Errno) {
    if !is_finite(z) {
        return (special(&ATANH_SPECIAL, z), Errno::None);
    }
    // Reduce to the case z.real >= 0, using atanh(z) = -atanh(-z).
    if z.re < 0. {
        let (r, errno) = c_atanh_nonneg(c(-z.re, -z.im));
        return (c(-r.re, -r.im), errno);
    }
    c_atanh_nonneg(z)
}

/// `atanh` for a finite `z` with `z.real >= 0` (the rest of CPython's `cmath_atanh_impl`).
fn c_atanh_nonneg(z: Complex128) -> (Complex128, Errno) {
    let ay = z.im.abs();
    if z.re > CM_SQRT_LARGE_DOUBLE || ay > CM_SQRT_LARGE_DOUBLE {
        // atanh(z) ~ 1/z +/- i*pi/2 for large |z|
        let h = (z.re / 2.).hypot(z.im / 2.); // safe from overflow
        (c(z.re / 4. / h / h, (PI / 2.).copysign(z.im)), Errno::None)
    } else if z.re == 1. && ay < CM_SQRT_DBL_MIN {
        // C99: atanh(1 +/- 0i) is inf +/- 0i
        if ay == 0. {
            (c(INF, z.im), Errno::Dom)
        } else {
            let re = -(ay.sqrt() / ay.hypot(2.).sqrt()).ln();
            (c(re, (2f64.atan2(-ay) / 2.).copysign(z.im)), Errno::None)
        }
    } else {
        let re = log1p(4. * z.re / ((1. - z.re) * (1. - z.re) + ay * ay)) / 4.;
        let im = -(-2. * z.im).atan2((1. - z.re) * (1. + z.re) - ay * ay) / 2.;
        (c(re, im), Errno::None)
    }
}
