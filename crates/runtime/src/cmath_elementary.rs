//! The elementary cmath functions: `exp`, `log`, `log10` and `sqrt`.

use super::helpers::{c, ldexp, log1p, overflow, Errno, CM_LARGE_DOUBLE, CM_LOG_LARGE_DOUBLE, CM_SCALE_DOWN, CM_SCALE_UP, DBL_MIN, E, INF, LN10, LN2, MANT_DIG};
use super::tables::{is_finite, special, EXP_SPECIAL, LOG_SPECIAL, SQRT_SPECIAL};
use super::Complex128;

pub(super) fn c_exp(z: Complex128) -> (Complex128, Errno) {
    if !is_finite(z) {
        let r = if z.re.is_infinite() && z.im.is_finite() && z.im != 0. {
            if z.re > 0. {
                c(INF.copysign(z.im.cos()), INF.copysign(z.im.sin()))
            } else {
                c(0f64.copysign(z.im.cos()), 0f64.copysign(z.im.sin()))
            }
        } else {
            special(&EXP_SPECIAL, z)
        };
        // EDOM if y is +/- infinity and x is neither a NaN nor -infinity
        let errno = if z.im.is_infinite() && (z.re.is_finite() || (z.re.is_infinite() && z.re > 0.)) {
            Errno::Dom
        } else {
            Errno::None
        };
        return (r, errno);
    }
    let r = if z.re > CM_LOG_LARGE_DOUBLE {
        let l = (z.re - 1.).exp();
        // A real argument keeps its zero imaginary part when the real part overflows
        // (C99 Annex G, NumPy's `npy_cexp`; CPython raises OverflowError then, and
        // gives the same zero when it does not).
        let im = if z.im == 0. { z.im } else { l * z.im.sin() * E };
        c(l * z.im.cos() * E, im)
    } else {
        let l = z.re.exp();
        c(l * z.im.cos(), l * z.im.sin())
    };
    (r, overflow(r))
}

pub(super) fn c_log(z: Complex128) -> (Complex128, Errno) {
    if !is_finite(z) {
        return (special(&LOG_SPECIAL, z), Errno::None);
    }
    let ax = z.re.abs();
    let ay = z.im.abs();
    let re = if ax > CM_LARGE_DOUBLE || ay > CM_LARGE_DOUBLE {
        (ax / 2.).hypot(ay / 2.).ln() + LN2
    } else if ax < DBL_MIN && ay < DBL_MIN {
        if ax > 0. || ay > 0. {
            // hypot(ax, ay) may be subnormal: rescale
            ldexp(ax, MANT_DIG).hypot(ldexp(ay, MANT_DIG)).ln() - f64::from(MANT_DIG) * LN2
        } else {
            // log(+/-0 +/- 0i)
            return (c(-INF, z.im.atan2(z.re)), Errno::Dom);
        }
    } else {
        let h = ax.hypot(ay);
        if (0.71..=1.73).contains(&h) {
            let am = if ax > ay { ax } else { ay };
            let an = if ax > ay { ay } else { ax };
            log1p((am - 1.) * (am + 1.) + an * an) / 2.
        } else {
            h.ln()
        }
    };
    (c(re, z.im.atan2(z.re)), Errno::None)
}

pub(super) fn c_log10(z: Complex128) -> (Complex128, Errno) {
    let (r, errno) = c_log(z);
    (c(r.re / LN10, r.im / LN10), errno)
}

pub(super) fn c_sqrt(z: Complex128) -> (Complex128, Errno) {
    // Reduce to x = |z.real|, y = |z.imag|: s = sqrt((x + hypot(x, y))/2) computed as
    // 2*sqrt(x/8 + hypot(x/8, y/8)) against overflow, with subnormal inputs rescaled.
    if !is_finite(z) {
        return (special(&SQRT_SPECIAL, z), Errno::None);
    }
    if z.re == 0. && z.im == 0. {
        return (c(0., z.im), Errno::None);
    }
    let mut ax = z.re.abs();
    let ay = z.im.abs();
    let s = if ax < DBL_MIN && ay < DBL_MIN {
        // hypot(ax, ay) may be subnormal
        ax = ldexp(ax, CM_SCALE_UP);
        ldexp((ax + ax.hypot(ldexp(ay, CM_SCALE_UP))).sqrt(), CM_SCALE_DOWN)
    } else {
        ax /= 8.;
        2. * (ax + ax.hypot(ay / 8.)).sqrt()
    };
    let d = ay / (2. * s);
    let r = if z.re >= 0. { c(s, d.copysign(z.im)) } else { c(d, s.copysign(z.im)) };
    (r, Errno::None)
}
