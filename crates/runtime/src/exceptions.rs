//! The thread-local exception slot that compiled code raises into and the bindings take
//! from, the helpers that fill it, and the hook through which a `cfunc` reports it.

use std::cell::RefCell;

/// Exception kinds; the numbering is `ferrojit_ir::ExcKind`'s.
pub type ExcCode = u32;

thread_local! {
    static ERROR: RefCell<Option<(ExcCode, String)>> = const { RefCell::new(None) };
    /// Where compiled code last raised: (file, function, line), for the traceback.
    static LOCATION: RefCell<Option<(String, String, u32)>> = const { RefCell::new(None) };
    /// The exception an `except` clause caught last (read by `except E as e:`).
    static HANDLED: RefCell<Option<(ExcCode, String)>> = const { RefCell::new(None) };
    /// Exceptions set aside while a `finally` runs (it may raise and catch its own).
    static SAVED: RefCell<Vec<Option<(ExcCode, String)>>> = const { RefCell::new(Vec::new()) };
}

/// Record the source line that is raising (called just before the exception is set):
/// `site` as for [`ferrojit_rt_raise_at`].
///
/// # Safety
/// `site` valid for `site_len` bytes (or null).
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_location(site: *const u8, site_len: usize, line: u32) {
    // SAFETY: the caller's promise.
    unsafe { set_site(site, site_len, line) };
}

/// [`ferrojit_rt_raise`] at a source line: `site` points at `site_len` bytes
/// `file U+0001 function` (one constant per compiled function), `line` the raising line.
///
/// # Safety
/// As [`ferrojit_rt_raise`], and `site` valid for `site_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_raise_at(kind: ExcCode, msg: *const u8, len: usize, site: *const u8, site_len: usize, line: u32) {
    // SAFETY: forwarded from the caller.
    unsafe {
        ferrojit_rt_raise(kind, msg, len);
        set_site(site, site_len, line);
    }
}

/// [`ferrojit_rt_raise_int`] at a source line (see [`ferrojit_rt_raise_at`]).
///
/// # Safety
/// As [`ferrojit_rt_raise_at`].
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_raise_int_at(kind: ExcCode, msg: *const u8, len: usize, value: i64, site: *const u8, site_len: usize, line: u32) {
    // SAFETY: forwarded from the caller.
    unsafe {
        ferrojit_rt_raise_int(kind, msg, len, value);
        set_site(site, site_len, line);
    }
}

/// # Safety
/// `site` valid for `site_len` bytes (or null).
unsafe fn set_site(site: *const u8, site_len: usize, line: u32) {
    if site.is_null() || site_len == 0 {
        return;
    }
    // SAFETY: the caller's promise.
    let text = String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(site, site_len) }).into_owned();
    let (file, func) = text.split_once('\u{1}').unwrap_or((text.as_str(), ""));
    let loc = (file.to_string(), func.to_string(), line);
    LOCATION.with(|l| *l.borrow_mut() = Some(loc));
}

/// Make `error` (and where it was raised) this thread's pending exception: one a worker
/// thread of a parallel loop took, moved to the thread that started the loop.
pub fn restore(error: Option<(ExcCode, String)>, location: Option<(String, String, u32)>) {
    let error = error.unwrap_or((ferrojit_ir::ExcKind::RuntimeError.code(), "a parallel loop failed without an exception".into()));
    ERROR.with(|e| *e.borrow_mut() = Some(error));
    LOCATION.with(|l| *l.borrow_mut() = location);
}

/// The source line that raised the exception just taken: (file, function, line).
pub fn take_location() -> Option<(String, String, u32)> {
    LOCATION.with(|l| l.borrow_mut().take())
}

/// Set the pending exception aside before a `finally` runs on the way out of a `try`.
#[no_mangle]
pub extern "C" fn ferrojit_rt_save_error() {
    let e = ERROR.with(|e| e.borrow_mut().take());
    SAVED.with(|s| s.borrow_mut().push(e));
}

/// After the `finally` ended normally: the exception set aside is pending again.
#[no_mangle]
pub extern "C" fn ferrojit_rt_restore_error() {
    let e = SAVED.with(|s| s.borrow_mut().pop()).flatten();
    ERROR.with(|slot| *slot.borrow_mut() = e);
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

/// [`ferrojit_rt_raise`] with `{}` in the message replaced by `value` (a message
/// naming a run-time number: "Python integer 300 out of bounds for uint8").
///
/// # Safety
/// As [`ferrojit_rt_raise`].
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_raise_int(kind: ExcCode, msg: *const u8, len: usize, value: i64) {
    // SAFETY: forwarded from the caller.
    unsafe { ferrojit_rt_raise(kind, msg, len) };
    ERROR.with(|e| {
        if let Some((_, text)) = e.borrow_mut().as_mut() {
            // `{u}` shows the bits as unsigned (a uint64 beyond int64), `{}` as int64.
            *text = if text.contains("{u}") {
                text.replacen("{u}", &(value as u64).to_string(), 1)
            } else {
                text.replacen("{}", &value.to_string(), 1)
            };
        }
    });
}

/// The kind of this thread's pending exception (0: none), for `except` clauses.
#[no_mangle]
pub extern "C" fn ferrojit_rt_error_kind() -> u32 {
    ERROR.with(|e| e.borrow().as_ref().map_or(0, |(k, _)| *k))
}

/// Drop this thread's pending exception (an `except` clause caught it), keeping it as
/// the handled one for `except E as e:` to read.
#[no_mangle]
pub extern "C" fn ferrojit_rt_clear_error() {
    let caught = ERROR.with(|e| e.borrow_mut().take());
    HANDLED.with(|h| *h.borrow_mut() = caught);
    LOCATION.with(|l| *l.borrow_mut() = None);
}

/// The kind of the exception an `except` clause caught last (0: none).
#[no_mangle]
pub extern "C" fn ferrojit_rt_handled_kind() -> i64 {
    HANDLED.with(|h| h.borrow().as_ref().map_or(0, |(k, _)| *k as i64))
}

/// The message of the exception an `except` clause caught last, as a new run-time
/// string (null, with MemoryError raised, when it cannot be allocated).
#[no_mangle]
pub extern "C" fn ferrojit_rt_handled_message() -> *mut crate::MemInfo {
    let s = HANDLED.with(|h| crate::strings::str_from_text(h.borrow().as_ref().map_or("", |(_, m)| m.as_str())));
    if s.is_null() {
        let m = "out of memory";
        // SAFETY: a valid string.
        unsafe { ferrojit_rt_raise(11, m.as_ptr(), m.len()) };
    }
    s
}

/// Take the pending exception of this thread, if any.
pub fn take_error() -> Option<(ExcCode, String)> {
    // (an exception set aside by a `finally` that raised its own is dropped with it)
    SAVED.with(|s| s.borrow_mut().clear());
    ERROR.with(|e| e.borrow_mut().take())
}

/// Record NumPy's IndexError for an out-of-bounds index (`boundscheck=True`).
#[no_mangle]
pub extern "C" fn ferrojit_rt_index_error(index: i64, axis: i64, size: i64) {
    let text = format!("index {index} is out of bounds for axis {axis} with size {size}");
    ERROR.with(|e| *e.borrow_mut() = Some((ferrojit_ir::ExcKind::IndexError.code(), text)));
}

/// `a.reshape(shape)` whose shape does not fit `size` elements: NumPy's ValueError
/// ("cannot reshape array of size 6 into shape (4,newaxis)", "can only specify one
/// unknown dimension").
///
/// # Safety
/// `dims` points to `n` int64 values.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_reshape_error(size: i64, dims: *const i64, n: i64) {
    // SAFETY: per the contract.
    let dims: &[i64] = if n <= 0 || dims.is_null() { &[] } else { unsafe { std::slice::from_raw_parts(dims, n as usize) } };
    let text = if dims.iter().filter(|d| **d < 0).count() > 1 {
        "can only specify one unknown dimension".to_string()
    } else {
        // NumPy's convert_shape_to_string: leading unknown dimensions are left out,
        // later ones are "newaxis"; "(n,)" only for a one-dimensional shape.
        let first = dims.iter().position(|d| *d >= 0);
        let shape = match first {
            None => "()".to_string(),
            Some(k) => {
                let items: Vec<String> = dims[k..].iter().map(|d| if *d < 0 { "newaxis".to_string() } else { d.to_string() }).collect();
                if dims.len() == 1 { format!("({},)", items[0]) } else { format!("({})", items.join(",")) }
            }
        };
        format!("cannot reshape array of size {size} into shape {shape}")
    };
    ERROR.with(|e| *e.borrow_mut() = Some((ferrojit_ir::ExcKind::ValueError.code(), text)));
}

/// What a `cfunc` does with an exception: the bindings install a hook that makes it the
/// current Python error (the caller, e.g. SciPy, then raises it).
pub type CfuncErrorHook = fn(ExcCode, String);

static CFUNC_HOOK: std::sync::OnceLock<CfuncErrorHook> = std::sync::OnceLock::new();

pub fn set_cfunc_error_hook(hook: CfuncErrorHook) {
    let _ = CFUNC_HOOK.set(hook);
}

/// Called by a cfunc's C wrapper when its body raised.
#[no_mangle]
pub extern "C" fn ferrojit_rt_cfunc_error() {
    if let Some((kind, message)) = take_error() {
        match CFUNC_HOOK.get() {
            Some(hook) => hook(kind, message),
            None => eprintln!("ferrojit: exception in a cfunc: {message}"),
        }
    }
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
}
