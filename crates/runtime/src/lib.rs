//! The runtime: C-ABI helpers that generated code calls, and the table that tells the JIT
//! where they are.
//!
//! - **Exception state.** Compiled functions return a status (`0` ok, non-zero error).
//!   Before returning an error they call [`ferrojit_rt_raise`], which stores the exception
//!   kind and message in a thread-local slot; the bindings [`take_error`] after the call
//!   (on the same thread, with the GIL held again) and raise the Python exception.
//! - **Arithmetic helpers** too long to inline everywhere (integer power).
//! - **Symbol table.** [`symbols`] lists every helper by the name generated code uses;
//!   the backend registers each with the JIT, so adding a helper is one line there.
//!
//! Nothing here touches Python, and nothing here may panic across the C ABI.

use std::cell::RefCell;

/// Exception kinds; the numbering is `ferrojit_ir::ExcKind`'s.
pub type ExcCode = u32;

thread_local! {
    static ERROR: RefCell<Option<(ExcCode, String)>> = const { RefCell::new(None) };
}

/// Record an exception for the current thread. `msg` points at `len` bytes of UTF-8
/// (a constant in the generated code).
///
/// # Safety
/// `msg` must point at `len` readable bytes (or be null with `len == 0`).
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_raise(kind: ExcCode, msg: *const u8, len: usize) {
    let text = if msg.is_null() || len == 0 {
        String::new()
    } else {
        // SAFETY: the caller promises `len` readable bytes at `msg`.
        let bytes = unsafe { std::slice::from_raw_parts(msg, len) };
        String::from_utf8_lossy(bytes).into_owned()
    };
    ERROR.with(|e| *e.borrow_mut() = Some((kind, text)));
}

/// Take the pending exception of this thread, if any.
pub fn take_error() -> Option<(ExcCode, String)> {
    ERROR.with(|e| e.borrow_mut().take())
}

/// `base ** exp` for a non-negative exponent, wrapping at 64 bits (Python ints are
/// unbounded; compiled ints wrap, as documented).
#[no_mangle]
pub extern "C" fn ferrojit_rt_ipow(base: i64, exp: i64) -> i64 {
    let mut result: i64 = 1;
    let mut b = base;
    let mut e = exp as u64;
    while e > 0 {
        if e & 1 == 1 {
            result = result.wrapping_mul(b);
        }
        b = b.wrapping_mul(b);
        e >>= 1;
    }
    result
}

/// Unsigned variant of [`ferrojit_rt_ipow`].
#[no_mangle]
pub extern "C" fn ferrojit_rt_upow(base: u64, exp: u64) -> u64 {
    base.wrapping_pow(exp.min(u32::MAX as u64) as u32)
}

/// Every helper generated code may call: (symbol name, address).
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("ferrojit_rt_raise", ferrojit_rt_raise as *const () as usize),
        ("ferrojit_rt_ipow", ferrojit_rt_ipow as *const () as usize),
        ("ferrojit_rt_upow", ferrojit_rt_upow as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raise_then_take() {
        let msg = "division by zero";
        unsafe { ferrojit_rt_raise(1, msg.as_ptr(), msg.len()) };
        assert_eq!(take_error(), Some((1, msg.to_string())));
        assert_eq!(take_error(), None);
    }

    #[test]
    fn integer_power_wraps() {
        assert_eq!(ferrojit_rt_ipow(3, 4), 81);
        assert_eq!(ferrojit_rt_ipow(-2, 3), -8);
        assert_eq!(ferrojit_rt_ipow(5, 0), 1);
        assert_eq!(ferrojit_rt_ipow(2, 64), 0);
        assert_eq!(ferrojit_rt_upow(2, 10), 1024);
    }
}
