//! Arithmetic helpers too long to inline everywhere (powers, exact `int / int`), and the
//! lookup of glibc's vector math functions.

/// `math.hypot(x, y)` as CPython computes it (`vector_norm` in Modules/mathmodule.c:
/// lossless scaling, exact squares, compensated summation and a differential correction
/// of the square root), which is correctly rounded where glibc's `hypot` can be an ulp
/// away. NaN unless an argument is infinite; 0.0 for zeros.
#[no_mangle]
pub extern "C" fn ferrojit_rt_hypot(x: f64, y: f64) -> f64 {
    let mut vec = [x.abs(), y.abs()];
    let found_nan = vec.iter().any(|v| v.is_nan());
    let mut max = 0.0f64;
    for &v in &vec {
        if v > max {
            max = v;
        }
    }
    vector_norm(&mut vec, max, found_nan)
}

fn vector_norm(vec: &mut [f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let max_e = frexp_exponent(max);
    if max_e < -1023 {
        // Subnormals: scale up first (2**-max_e would overflow).
        for v in vec.iter_mut() {
            *v /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vec, max / f64::MIN_POSITIVE, found_nan);
    }
    let scale = power_of_two(-max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for &v in vec.iter() {
        let x = v * scale; // lossless scaling
        let (hi, lo) = dl_mul(x, x); // lossless squaring
        let (shi, slo) = dl_fast_sum(csum, hi); // lossless addition
        csum = shi;
        frac1 += lo;
        frac2 += slo;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (hi, lo) = dl_mul(-h, h);
    let (shi, slo) = dl_fast_sum(csum, hi);
    csum = shi;
    frac1 += lo;
    frac2 += slo;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h); // differential correction
    h / scale
}

/// The exact product `x * y` as a rounded value and its error (an FMA computes it).
fn dl_mul(x: f64, y: f64) -> (f64, f64) {
    let z = x * y;
    (z, x.mul_add(y, -z))
}

/// `a + b` and its rounding error, for |a| >= |b|.
fn dl_fast_sum(a: f64, b: f64) -> (f64, f64) {
    let x = a + b;
    (x, (a - x) + b)
}

/// C's `frexp(x).1` for a finite positive `x`: `x = m * 2**e` with `0.5 <= m < 1`.
fn frexp_exponent(x: f64) -> i32 {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // subnormal: the leading bit's position in the mantissa
        let mantissa = bits & ((1u64 << 52) - 1);
        return -1022 - (mantissa.leading_zeros() as i32 - 12);
    }
    biased - 1022
}

/// `2.0 ** e`, exactly (normal or subnormal).
fn power_of_two(e: i32) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

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

#[cfg(test)]
mod hypot_tests {
    use super::ferrojit_rt_hypot as hypot;

    #[test]
    fn special_values_and_scaling() {
        assert_eq!(hypot(3.0, 4.0), 5.0);
        assert_eq!(hypot(f64::INFINITY, f64::NAN), f64::INFINITY);
        assert!(hypot(f64::NAN, 1.0).is_nan());
        assert_eq!(hypot(-0.0, 0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(hypot(5e-324, 0.0), 5e-324);
        assert_eq!(hypot(1e308, 1e308), 1.4142135623730951e308);
        // CPython's result where glibc's hypot is an ulp above it
        assert_eq!(hypot(0.7853981633974483, 2.25).to_bits(), 0x4003_10ab_0bc8_488a);
    }
}

extern "C" {
    fn ldexp(x: f64, n: i32) -> f64;
}

/// `math.ldexp(x, i)`: libm's `ldexp` (one rounding), `i` clamped to C's int as CPython
/// does (any exponent beyond it gives the same 0 or inf); `i` comes as a float.
#[no_mangle]
pub extern "C" fn ferrojit_rt_ldexp(x: f64, i: f64) -> f64 {
    let i = i.clamp(-1e9, 1e9) as i32;
    // SAFETY: libm's ldexp is a pure function of its arguments.
    unsafe { ldexp(x, i) }
}

/// Python's `round(x, n)` for a float: the decimal value nearest to `x` with `n` digits
/// after the point (`n < 0`: a multiple of `10**-n`), ties to even on `x`'s exact binary
/// value, read back correctly rounded, as CPython's `_Py_dg_dtoa` mode 3 then `strtod`.
/// Rust's fixed-precision formatting is exact with the same tie rule, so `n >= 0` is
/// that formatting read back; `n < 0` rounds the exact decimal expansion by hand.
/// Returns inf for a finite `x` whose rounded value overflows (the caller raises
/// CPython's OverflowError).
#[no_mangle]
pub extern "C" fn ferrojit_rt_round_digits(x: f64, n: f64) -> f64 {
    let n = n as i64;
    if !x.is_finite() || n > 323 {
        return x;
    }
    if n < -308 {
        return 0.0 * x;
    }
    if n >= 0 {
        return format!("{:.*}", n as usize, x).parse().unwrap_or(x);
    }
    let k = (-n) as usize;
    // The exact decimal expansion: every finite f64 has at most 1074 fraction digits.
    let exact = format!("{:.1074}", x.abs());
    let (int_part, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let padded = format!("{}{}", "0".repeat((k + 1).saturating_sub(int_part.len())), int_part);
    let (head, tail) = padded.split_at(padded.len() - k);
    let rest_nonzero = tail[1..].bytes().any(|b| b != b'0') || frac.bytes().any(|b| b != b'0');
    let up = match tail.as_bytes()[0] {
        b'6'..=b'9' => true,
        b'5' => rest_nonzero || (head.as_bytes()[head.len() - 1] - b'0') % 2 == 1,
        _ => false,
    };
    let mut digits: Vec<u8> = head.bytes().collect();
    if up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let text = format!("{}{}", String::from_utf8(digits).unwrap_or_default(), "0".repeat(k));
    let magnitude: f64 = text.parse().unwrap_or(f64::INFINITY);
    magnitude.copysign(x)
}

#[cfg(test)]
mod round_digits_tests {
    use super::ferrojit_rt_round_digits as round;

    #[test]
    fn ties_to_even_on_the_exact_value() {
        assert_eq!(round(0.125, 2.0), 0.12);
        assert_eq!(round(2.675, 2.0), 2.67); // 2.67499999... in binary
        assert_eq!(round(1250.0, -2.0), 1200.0);
        assert_eq!(round(1350.0, -2.0), 1400.0);
        assert_eq!(round(1250.0000001, -2.0), 1300.0);
        assert_eq!(round(-1250.0, -2.0).to_bits(), (-1200.0f64).to_bits());
        assert_eq!(round(-0.4, 0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(round(49.0, -2.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(round(50.0, -2.0), 0.0);
        assert_eq!(round(51.0, -2.0), 100.0);
        assert_eq!(round(999.0, -3.0), 1000.0);
        assert_eq!(round(1.7976931348623157e308, -308.0), f64::INFINITY);
        assert!(round(f64::NAN, 2.0).is_nan());
    }
}
