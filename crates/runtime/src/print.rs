//! `print` from compiled code, and messages of `raise E(f"...")`: the values are handed to the bindings, which call
//! Python's own `print` (through `sys.stdout`, so Jupyter cells and
//! `contextlib.redirect_stdout` see the output, formatted exactly as CPython would).
//!
//! In: a kind code and two 8-byte slots per argument, `sep`, `end`, `flush`. Out: status
//! 0, or 1 with the exception (e.g. a closed stdout) recorded in the thread's slot.
//! Invariants: the hook is set once by the bindings at import; without it (Rust tests)
//! the line goes to the process's stdout.

use crate::exceptions::{ferrojit_rt_raise, ExcCode};
use std::sync::OnceLock;

/// Argument kinds (the codegen writes these; `NUMPY_BASE + dtype runtime code` is a
/// NumPy scalar whose bits are in the first slot).
pub const PRINT_TEXT: u32 = 0;
pub const PRINT_NONE: u32 = 1;
pub const PRINT_BOOL: u32 = 2;
pub const PRINT_INT: u32 = 3;
pub const PRINT_FLOAT: u32 = 4;
/// A Python complex: the bits of its real and imaginary parts in the two slots.
pub const PRINT_COMPLEX: u32 = 5;
/// A tuple of the next `slot0` items (which may be tuples themselves).
pub const PRINT_TUPLE: u32 = 6;
/// An array: `slot0` points at `[data, shape..., byte strides...]` (i64 each), `slot1`
/// is `dtype runtime code << 8 | ndim`.
pub const PRINT_ARRAY: u32 = 7;
/// An optional value that is None (one that holds a value is printed as the value).
pub const PRINT_ABSENT: u32 = 8;
/// A list: `slot0` is its block, `slot1` the address of its type's text (`list(int64)`)
/// with the text's length in the top 16 bits.
pub const PRINT_LIST: u32 = 9;
pub const PRINT_NUMPY_BASE: u32 = 16;

/// One argument, decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum PrintItem<'a> {
    Text(&'a str),
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Complex(f64, f64),
    /// The next `n` items make a tuple.
    Tuple(usize),
    /// An array's description (see [`PRINT_ARRAY`]): a view of memory that stays valid
    /// while the print runs.
    Array { words: *const i64, dtype: u32, ndim: usize },
    /// A NumPy scalar: the dtype's runtime code (`ferrojit_ir::DType::runtime_code`)
    /// and its bits (zero-extended); a complex64's imaginary part in `imag_bits`.
    Numpy { dtype: u32, bits: u64, imag_bits: u64 },
    /// A list (a live block, borrowed while the print runs) and its type's text.
    List { list: *mut crate::MemInfo, ty: &'a str },
}

/// `print(*items, sep=sep, end=end, flush=flush, file=sys.stderr if stderr else sys.stdout)`.
pub type PrintHook = fn(&[PrintItem<'_>], sep: &str, end: &str, flush: bool, stderr: bool) -> Result<(), (ExcCode, String)>;

/// `template.format(*items)` in Python (the message of `raise E(f"...")`).
pub type FormatHook = fn(&[PrintItem<'_>], template: &str) -> Result<String, (ExcCode, String)>;

/// `ferrojit_ir::ExcKind::MemoryError`'s code.
const MEMORY_ERROR: ExcCode = 11;

static HOOK: OnceLock<PrintHook> = OnceLock::new();
static FORMAT_HOOK: OnceLock<FormatHook> = OnceLock::new();

pub fn set_print_hook(hook: PrintHook) {
    let _ = HOOK.set(hook);
}

pub fn set_format_hook(hook: FormatHook) {
    let _ = FORMAT_HOOK.set(hook);
}

/// Decode the codegen's argument arrays.
///
/// # Safety
/// As [`ferrojit_rt_print`]'s `kinds`, `slots` and `n`.
unsafe fn items<'a>(kinds: *const u32, slots: *const u64, n: usize) -> Vec<PrintItem<'a>> {
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: in bounds by the caller's promise.
        let (kind, a, b) = unsafe { (*kinds.add(i), *slots.add(2 * i), *slots.add(2 * i + 1)) };
        items.push(match kind {
            // SAFETY: a text argument's slots are its pointer and length.
            PRINT_TEXT => PrintItem::Text(unsafe { text(a, b) }),
            PRINT_NONE => PrintItem::None,
            PRINT_BOOL => PrintItem::Bool(a != 0),
            PRINT_INT => PrintItem::Int(a as i64),
            PRINT_FLOAT => PrintItem::Float(f64::from_bits(a)),
            PRINT_COMPLEX => PrintItem::Complex(f64::from_bits(a), f64::from_bits(b)),
            PRINT_TUPLE => PrintItem::Tuple(a as usize),
            PRINT_ARRAY => PrintItem::Array { words: a as *const i64, dtype: (b >> 8) as u32, ndim: (b & 0xff) as usize },
            PRINT_ABSENT => PrintItem::None,
            // SAFETY: the type text's address and length, packed by the compiled code.
            PRINT_LIST => PrintItem::List { list: a as *mut crate::MemInfo, ty: unsafe { text(b & ((1 << 48) - 1), b >> 48) } },
            k => PrintItem::Numpy { dtype: k.wrapping_sub(PRINT_NUMPY_BASE), bits: a, imag_bits: b },
        });
    }
    items
}

/// Raise `kind` with the message `template.format(*items)`; returns status 1.
///
/// # Safety
/// `template` points at `len` bytes of UTF-8; `kinds`/`slots`/`n` as for [`ferrojit_rt_print`].
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_raise_format(
    kind: ExcCode,
    template: *const u8,
    len: usize,
    kinds: *const u32,
    slots: *const u64,
    n: usize,
) -> u32 {
    // SAFETY: as promised by the caller.
    let (template, items) = unsafe { (text(template as u64, len as u64), items(kinds, slots, n)) };
    let (kind, message) = match FORMAT_HOOK.get() {
        Some(hook) => match hook(&items, template) {
            Ok(m) => (kind, m),
            Err(e) => e,
        },
        None => (kind, format!("{template} {items:?}")),
    };
    // SAFETY: a valid string.
    unsafe { ferrojit_rt_raise(kind, message.as_ptr(), message.len()) };
    1
}

/// Call Python function `func` with `items` as arguments (an objmode block); the bindings
/// convert its result to the type written `ty` and store it in `out` (entry-ABI slots).
pub type PyCallHook = fn(func: u64, items: &[PrintItem<'_>], ty: &str, out: *mut u64) -> Result<(), (ExcCode, String)>;

static PYCALL_HOOK: OnceLock<PyCallHook> = OnceLock::new();

pub fn set_pycall_hook(hook: PyCallHook) {
    let _ = PYCALL_HOOK.set(hook);
}

/// Run an objmode block: status 0, or 1 with the exception recorded.
///
/// # Safety
/// `kinds`/`slots`/`n` as for [`ferrojit_rt_print`]; `ty` points at `ty_len` bytes of
/// UTF-8; `out` has room for the slots of that type.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_pycall(func: u64, kinds: *const u32, slots: *const u64, n: usize, ty: *const u8, ty_len: usize, out: *mut u64) -> u32 {
    // SAFETY: as promised by the caller.
    let (items, ty) = unsafe { (items(kinds, slots, n), text(ty as u64, ty_len as u64)) };
    let result = match PYCALL_HOOK.get() {
        Some(hook) => hook(func, &items, ty, out),
        None => Err((7, "objmode needs the Python bindings".to_string())),
    };
    match result {
        Ok(()) => 0,
        Err((kind, message)) => {
            // SAFETY: a valid string.
            unsafe { ferrojit_rt_raise(kind, message.as_ptr(), message.len()) };
            1
        }
    }
}

/// A new run-time string `template.format(*items)` (an f-string computed at run time);
/// null with the exception recorded when formatting fails.
///
/// # Safety
/// As [`ferrojit_rt_raise_format`].
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_format(template: *const u8, len: usize, kinds: *const u32, slots: *const u64, n: usize) -> *mut crate::MemInfo {
    // SAFETY: as promised by the caller.
    let (template, items) = unsafe { (text(template as u64, len as u64), items(kinds, slots, n)) };
    let result = match FORMAT_HOOK.get() {
        Some(hook) => hook(&items, template),
        None => Ok(format!("{template} {items:?}")),
    };
    let (kind, message) = match result {
        Ok(s) => {
            let r = crate::strings::str_from_text(&s);
            if !r.is_null() {
                return r;
            }
            (MEMORY_ERROR, "out of memory".to_string())
        }
        Err(e) => e,
    };
    // SAFETY: a valid string.
    unsafe { ferrojit_rt_raise(kind, message.as_ptr(), message.len()) };
    std::ptr::null_mut()
}

/// # Safety
/// `ptr` must point at `len` readable bytes of UTF-8 (or be anything with `len == 0`).
unsafe fn text<'a>(ptr: u64, len: u64) -> &'a str {
    if len == 0 {
        return "";
    }
    // SAFETY: the caller promises `len` readable bytes (a constant of the generated code).
    let bytes = unsafe { std::slice::from_raw_parts(ptr as *const u8, len as usize) };
    std::str::from_utf8(bytes).unwrap_or("")
}

/// # Safety
/// `kinds` holds `n` codes and `slots` `2 * n` values as the codegen writes them; `sep`
/// and `end` point at `sep_len`/`end_len` bytes of UTF-8.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_print(
    kinds: *const u32,
    slots: *const u64,
    n: usize,
    sep: *const u8,
    sep_len: usize,
    end: *const u8,
    end_len: usize,
    flush: u32,
) -> u32 {
    // SAFETY: as promised by the caller.
    let items = unsafe { items(kinds, slots, n) };
    // SAFETY: as promised by the caller.
    let (sep, end) = unsafe { (text(sep as u64, sep_len as u64), text(end as u64, end_len as u64)) };
    let result = match HOOK.get() {
        Some(hook) => hook(&items, sep, end, flush & 1 != 0, flush & 2 != 0),
        None => {
            let shown: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            print!("{}{end}", shown.join(sep));
            Ok(())
        }
    };
    match result {
        Ok(()) => 0,
        Err((kind, message)) => {
            // SAFETY: a valid string.
            unsafe { ferrojit_rt_raise(kind, message.as_ptr(), message.len()) };
            1
        }
    }
}
