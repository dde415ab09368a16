//! Complex math for compiled code: Python's `cmath` functions, complex true division and
//! complex power, with CPython's algorithms, special values and errors (a port of
//! CPython's `Modules/cmathmodule.c` and `Objects/complexobject.c`).
//!
//! ABI: every helper writes its result through `out` and returns a status: [`CMATH_OK`]
//! or the error CPython raises (the generated code turns it into that exception, or
//! ignores it under NumPy's error rules, keeping the value written).
//!
//! The port follows CPython 3.11 line by line: the same libm calls (glibc's `hypot`,
//! `atan2`, `log1p`, `asinh`, `exp`, `pow`, ...) in the same order, so results agree bit
//! for bit; the special-value tables are CPython 3.11's (read out of a running 3.11.7);
//! C's `errno` becomes an explicit [`Errno`] value. Algorithms and tables: CPython,
//! Copyright (c) 2001-2023 Python Software Foundation, used under the PSF License
//! Agreement.

#[path = "cmath_elementary.rs"]
mod elementary;
#[path = "cmath_helpers.rs"]
mod helpers;
#[path = "cmath_inverse.rs"]
mod inverse;
#[path = "cmath_power.rs"]
mod power;
#[path = "cmath_tables.rs"]
mod tables;
#[path = "cmath_trig.rs"]
mod trig;

use elementary::{c_exp, c_log, c_log10, c_sqrt};
use helpers::{c, Errno};
use inverse::{c_acos, c_acosh, c_asin, c_asinh, c_atan, c_atanh};
use power::{c_quot, complex_pow};
use trig::{c_cos, c_cosh, c_sin, c_sinh, c_tan, c_tanh};

/// A complex128 as two doubles, real part first (the memory layout of NumPy's complex128).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Complex128 {
    pub re: f64,
    pub im: f64,
}

pub const CMATH_OK: i32 = 0;
/// `ValueError("math domain error")`
pub const CMATH_DOMAIN: i32 = 1;
/// `OverflowError("math range error")`
pub const CMATH_RANGE: i32 = 2;
/// `ZeroDivisionError("complex division by zero")`
pub const CMATH_ZERO_DIVISION: i32 = 3;
/// `ZeroDivisionError("0.0 to a negative or complex power")`
pub const CMATH_ZERO_POWER: i32 = 4;
/// `OverflowError("complex exponentiation")`
pub const CMATH_POWER_OVERFLOW: i32 = 5;

/// The functions of [`ferrojit_rt_cmath`], by code (the code is the index).
pub const CMATH_FUNCTIONS: [&str; 16] = [
    "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
];

/// `cmath.<CMATH_FUNCTIONS[func]>(complex(re, im))`.
///
/// # Safety
/// `out` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_cmath(func: i32, re: f64, im: f64, out: *mut Complex128) -> i32 {
    let (r, status) = cmath(func, c(re, im));
    // SAFETY: the caller's promise (a null `out` is skipped rather than written).
    unsafe { write(out, r) };
    status
}

/// `complex(ar, ai) / complex(br, bi)` (CPython's `_Py_c_quot`).
///
/// # Safety
/// `out` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_cdiv(ar: f64, ai: f64, br: f64, bi: f64, out: *mut Complex128) -> i32 {
    let (r, errno) = c_quot(c(ar, ai), c(br, bi));
    // SAFETY: the caller's promise (a null `out` is skipped rather than written).
    unsafe { write(out, r) };
    // complex_div: only EDOM (a zero divisor) is an error.
    if errno == Errno::Dom {
        CMATH_ZERO_DIVISION
    } else {
        CMATH_OK
    }
}

/// `complex(ar, ai) ** complex(br, bi)` (CPython's `complex_pow`).
///
/// # Safety
/// `out` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_cpow(ar: f64, ai: f64, br: f64, bi: f64, out: *mut Complex128) -> i32 {
    let (r, status) = complex_pow(c(ar, ai), c(br, bi));
    // SAFETY: the caller's promise (a null `out` is skipped rather than written).
    unsafe { write(out, r) };
    status
}

/// Store `r` at `out` unless `out` is null.
///
/// # Safety
/// `out` is null or valid for a write.
unsafe fn write(out: *mut Complex128, r: Complex128) {
    if !out.is_null() {
        // SAFETY: non-null, and the caller promises it is valid for a write.
        unsafe { out.write(r) };
    }
}

// ---------------------------------------------------------------------------------------
// the cmath functions (Modules/cmathmodule.c)

/// Dispatch on the function code; errno becomes the status CPython raises.
fn cmath(func: i32, z: Complex128) -> (Complex128, i32) {
    let f: fn(Complex128) -> (Complex128, Errno) = match func {
        0 => c_sqrt,
        1 => c_exp,
        2 => c_log,
        3 => c_log10,
        4 => c_sin,
        5 => c_cos,
        6 => c_tan,
        7 => c_asin,
        8 => c_acos,
        9 => c_atan,
        10 => c_sinh,
        11 => c_cosh,
        12 => c_tanh,
        13 => c_asinh,
        14 => c_acosh,
        15 => c_atanh,
        _ => return (c(f64::NAN, f64::NAN), CMATH_DOMAIN),
    };
    let (r, errno) = f(z);
    let status = match errno {
        Errno::None => CMATH_OK,
        Errno::Dom => CMATH_DOMAIN,
        Errno::Range => CMATH_RANGE,
    };
    (r, status)
}

#[cfg(test)]
#[path = "cmath_tests.rs"]
mod tests;
