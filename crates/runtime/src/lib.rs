//! The runtime: C-ABI helpers that generated code calls, and the table that tells the JIT
//! where they are.
//!
//! - **Exception state.** Compiled functions return a status (`0` ok, non-zero error).
//!   Before returning an error they call [`ferrojit_rt_raise`], which stores the exception
//!   kind and message in a thread-local slot; the bindings [`take_error`] after the call
//!   (on the same thread, with the GIL held again) and raise the Python exception.
//! - **Arithmetic helpers** too long to inline everywhere (integer power).
//! - **Stack limit** for recursive compiled functions, which check it on entry and raise
//!   `RecursionError` rather than overflow the stack.
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

thread_local! {
    static STACK_LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Room left below the limit for the error path and for Python itself.
const STACK_MARGIN: usize = 256 * 1024;

/// The lowest stack address recursive compiled code may use on this thread; a deeper
/// frame raises `RecursionError` instead of overflowing the stack (a segfault).
/// Computed once per thread from the thread's real stack bounds.
#[no_mangle]
pub extern "C" fn ferrojit_rt_stack_limit() -> usize {
    STACK_LIMIT.with(|cell| {
        if cell.get() == 0 {
            cell.set(compute_stack_limit());
        }
        cell.get()
    })
}

fn compute_stack_limit() -> usize {
    let local = 0u8;
    let sp = &local as *const u8 as usize;
    // SAFETY: pthread_getattr_np fills `attr` for the calling thread; we destroy it after.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) == 0 {
            let mut addr: *mut libc::c_void = std::ptr::null_mut();
            let mut size: libc::size_t = 0;
            let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
            libc::pthread_attr_destroy(&mut attr);
            if ok && !addr.is_null() && size > 0 {
                // Small thread stacks (threading.stack_size) get a proportional margin.
                return addr as usize + STACK_MARGIN.min(size / 8);
            }
        }
    }
    // Unknown bounds: allow 1 MiB below the current frame.
    sp.saturating_sub(1024 * 1024)
}

/// Every helper generated code may call: (symbol name, address).
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("ferrojit_rt_raise", ferrojit_rt_raise as *const () as usize),
        ("ferrojit_rt_ipow", ferrojit_rt_ipow as *const () as usize),
        ("ferrojit_rt_upow", ferrojit_rt_upow as *const () as usize),
        ("ferrojit_rt_stack_limit", ferrojit_rt_stack_limit as *const () as usize),
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
    fn stack_limit_is_below_the_current_frame() {
        let local = 0u8;
        let sp = &local as *const u8 as usize;
        let limit = ferrojit_rt_stack_limit();
        assert!(limit < sp && sp - limit > 64 * 1024, "limit {limit:#x} sp {sp:#x}");
        assert_eq!(limit, ferrojit_rt_stack_limit());
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
