//! Arithmetic helpers too long to inline everywhere (powers, exact `int / int`), and the
//! lookup of glibc's vector math functions.

/// `base ** exp` on floats: libm's pow, called where the compiler must not see the
/// base as a constant (LLVM would rewrite a power-of-two base as `exp2(n * exp)`).
#[no_mangle]
pub extern "C" fn ferrojit_rt_pow(base: f64, exp: f64) -> f64 {
    base.powf(exp)
}

/// `base ** exp` for a non-negative exponent, wrapping at 64 bits (Python ints are
/// unbounded; compiled ints wrap, as documented).
#[no_mangle]
pub extern "C" fn ferrojit_rt_ipow(base: i64, exp: i64) -> i64 {
    // Two's complement: the same bits as the unsigned power (callers check exp >= 0).
    ferrojit_rt_upow(base as u64, exp as u64) as i64
}

/// Unsigned variant of [`ferrojit_rt_ipow`].
#[no_mangle]
pub extern "C" fn ferrojit_rt_upow(base: u64, exp: u64) -> u64 {
    // Square and multiply over all 64 bits of the exponent (wrapping_pow takes a u32).
    let (mut result, mut b, mut e) = (1u64, base, exp);
    while e > 0 {
        if e & 1 == 1 {
            result = result.wrapping_mul(b);
        }
        b = b.wrapping_mul(b);
        e >>= 1;
    }
    result
}

/// `a / b` for two int64s, correctly rounded as CPython's `int / int` (converting both
/// to floats first rounds twice once they pass 2**53). `b` is not 0.
#[no_mangle]
pub extern "C" fn ferrojit_rt_int_truediv(a: i64, b: i64) -> f64 {
    let negative = (a < 0) != (b < 0);
    let (ua, ub) = (a.unsigned_abs() as u128, b.unsigned_abs() as u128);
    if ua == 0 || ub == 0 {
        return if negative { -0.0 } else { 0.0 };
    }
    // Scale the numerator to 127 bits: the quotient then has at least 63.
    let shift = 127 - (128 - ua.leading_zeros());
    let num = ua << shift;
    let (q, sticky) = (num / ub, num % ub != 0);
    let bits = 128 - q.leading_zeros();
    let drop = bits.saturating_sub(53);
    let mut mantissa = q >> drop;
    if drop > 0 {
        let rest = q & ((1u128 << drop) - 1);
        let half = 1u128 << (drop - 1);
        if rest > half || (rest == half && (sticky || mantissa & 1 == 1)) {
            mantissa += 1;
        }
    }
    let v = (mantissa as f64) * 2f64.powi(drop as i32 - shift as i32);
    if negative {
        -v
    } else {
        v
    }
}

/// Vector versions of math functions from glibc's libmvec (`_ZGVdN4v_exp`, ...),
/// looked up once; `None` when libmvec is not installed.
pub fn vector_math_symbol(name: &str) -> Option<usize> {
    use std::sync::OnceLock;
    static LIB: OnceLock<usize> = OnceLock::new();
    let handle = *LIB.get_or_init(|| {
        // SAFETY: dlopen with a constant, NUL-terminated name; the handle is never closed.
        unsafe { libc::dlopen(c"libmvec.so.1".as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) as usize }
    });
    if handle == 0 {
        return None;
    }
    let cname = std::ffi::CString::new(name).ok()?;
    // SAFETY: a live handle and a NUL-terminated symbol name.
    let addr = unsafe { libc::dlsym(handle as *mut libc::c_void, cname.as_ptr()) } as usize;
    (addr != 0).then_some(addr)
}

#[cfg(test)]
mod tests {
    use super::ferrojit_rt_int_truediv as div;
    use super::*;

    #[test]
    fn integer_power_wraps() {
        assert_eq!(ferrojit_rt_ipow(3, 4), 81);
        assert_eq!(ferrojit_rt_ipow(-2, 3), -8);
        assert_eq!(ferrojit_rt_ipow(5, 0), 1);
        assert_eq!(ferrojit_rt_ipow(2, 64), 0);
        assert_eq!(ferrojit_rt_upow(2, 10), 1024);
    }

    #[test]
    fn exact_and_rounded_quotients() {
        assert_eq!(div(1, 2), 0.5);
        assert_eq!(div(-7, 2), -3.5);
        assert_eq!(div(0, -5).to_bits(), (-0.0f64).to_bits());
        assert_eq!(div(1, 3), 1.0 / 3.0);
        // CPython: 9223372036854775807 / 2554937798113988373 == 3.610018233580212
        assert_eq!(div(i64::MAX, 2554937798113988373), 3.610018233580212);
        assert_eq!(div(i64::MIN, 1), -9.223372036854775808e18);
        assert_eq!(div(i64::MIN, -1), 9.223372036854775808e18);
        // 2**53 + 1 is not a double: rounds to even
        assert_eq!(div((1 << 53) + 1, 1), 9007199254740992.0);
        assert_eq!(div((1 << 53) + 3, 1), 9007199254740996.0);
        assert_eq!(div(1, i64::MAX), 1.0842021724855044e-19);
    }

    #[test]
    fn libmvec_exp_is_found() {
        // glibc ships libmvec on x86-64 Debian; the AVX2 exp is there.
        if cfg!(target_arch = "x86_64") {
            assert!(vector_math_symbol("_ZGVdN4v_exp").is_some());
        }
        assert!(vector_math_symbol("no_such_function").is_none());
    }
}
