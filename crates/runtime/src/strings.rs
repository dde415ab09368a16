//! Run-time Python `str` for compiled code: building strings (literals, `str(int)`,
//! `repr(float)`, `str(bool)`), concatenation and repetition, comparison, `len`,
//! indexing and slicing, searching, stripping, case mapping, `replace`, `join` and the
//! `is...` predicates, each with CPython 3.11's results and exceptions.
//!
//! **ABI.** A string is a [`MemInfo`] from [`ferrojit_rt_alloc`] whose data block holds an
//! `i64` code point count followed by the UTF-8 bytes; `size` is 8 plus the byte count.
//! In: strings are borrowed (`*const MemInfo`; never freed, their counts never touched).
//! Out: every `*mut MemInfo` returned is a new string with refcount 1 that the caller
//! owns, or null exactly when the exception was recorded with [`ferrojit_rt_raise`]
//! (`MemoryError` "out of memory" when allocation failed, else CPython's exception and
//! message). Predicates return `i32` 1/0; counts and indices `i64`.
//!
//! **Invariants.** The bytes are valid UTF-8 and the header holds their code point count
//! (so a string is ASCII exactly when the count equals the byte count, which gives the
//! O(1) indexing and O(result) slicing of ASCII text). Strings are immutable once
//! returned. Nothing here panics across the C ABI.
//!
//! **Unicode.** `isalpha`, `isdigit` and `isalnum` use tables taken from CPython 3.11
//! (Unicode 14.0; module `tables` below); `isspace` and `strip()` use CPython's whitespace
//! set; `upper`, `lower`, `isupper` and `islower` use Rust's case tables, which are a newer
//! Unicode, so they differ from CPython 3.11 for the ~130 characters given a case or a case
//! mapping after 14.0 (U+019B, U+0264, U+A7CB.., Garay U+10D50..: CPython leaves them be).

use crate::alloc::{ferrojit_rt_alloc, MemInfo};
use crate::exceptions::ferrojit_rt_raise;
use ferrojit_ir::ExcKind;

/// Bytes before the UTF-8 text: the `i64` code point count.
const HEADER: usize = 8;

/// `start` or `stop` of [`ferrojit_rt_str_slice`] that was not given (`None`).
pub const STR_SLICE_NONE: i64 = i64::MIN;

// ---------------------------------------------------------------------------------------
// Reading and building strings
// ---------------------------------------------------------------------------------------

/// A borrowed string: its text and code point count.
#[derive(Clone, Copy)]
struct Str<'a> {
    text: &'a str,
    chars: usize,
}

impl<'a> Str<'a> {
    /// All ASCII (one byte per code point).
    fn is_ascii(self) -> bool {
        self.chars == self.text.len()
    }

    /// The byte offset of code point `k` (`k <= chars`), scanning from the nearer end.
    fn offset(self, k: usize) -> usize {
        if self.is_ascii() || k == 0 {
            return k.min(self.text.len());
        }
        if k >= self.chars {
            return self.text.len();
        }
        let found = if k <= self.chars / 2 {
            self.text.char_indices().nth(k)
        } else {
            self.text.char_indices().rev().nth(self.chars - 1 - k)
        };
        found.map_or(self.text.len(), |(i, _)| i)
    }

    /// The code point index of byte offset `b` (a char boundary).
    fn char_index(self, b: usize) -> usize {
        if self.is_ascii() {
            b
        } else {
            self.text.get(..b).map_or(0, |t| t.chars().count())
        }
    }
}

/// The string `s` points at.
///
/// # Safety
/// `s` must be a live string of this module.
unsafe fn view<'a>(s: *const MemInfo) -> Str<'a> {
    // SAFETY: per the contract the header is initialised.
    let chars = unsafe { (*s).data.cast::<i64>().read() };
    // SAFETY: as above.
    Str { text: unsafe { str_text(s) }, chars: chars as usize }
}

/// The text of a run-time string (for the Python bindings).
///
/// # Safety
/// `s` must be a live string made by this module and outlive the returned borrow.
pub unsafe fn str_text<'a>(s: *const MemInfo) -> &'a str {
    // SAFETY: per the contract the data block holds the header and `size - 8` bytes of
    // valid UTF-8 (an invariant of every string made here).
    unsafe {
        let len = usize::try_from((*s).size).unwrap_or(0).saturating_sub(HEADER);
        std::str::from_utf8_unchecked(std::slice::from_raw_parts((*s).data.add(HEADER), len))
    }
}

/// A new string holding `text` (refcount 1), or null when the memory cannot be had
/// (nothing is raised: for the Python bindings).
pub fn str_from_text(text: &str) -> *mut MemInfo {
    try_build(text.chars().count(), text.len(), |w| w.push(text.as_bytes())).unwrap_or(std::ptr::null_mut())
}

/// The bytes of a string being built, written front to back.
struct Writer {
    ptr: *mut u8,
    len: usize,
    cap: usize,
}

impl Writer {
    fn push(&mut self, bytes: &[u8]) {
        let n = bytes.len().min(self.cap - self.len);
        debug_assert_eq!(n, bytes.len(), "string writer overflow");
        // SAFETY: `n` bytes fit between `len` and `cap`, inside the allocation.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), self.ptr.add(self.len), n) };
        self.len += n;
    }

    fn push_byte(&mut self, b: u8) {
        if self.len < self.cap {
            // SAFETY: inside the allocation.
            unsafe { self.ptr.add(self.len).write(b) };
            self.len += 1;
        }
    }

    fn push_char(&mut self, c: char) {
        self.push(c.encode_utf8(&mut [0; 4]).as_bytes());
    }

    /// Fill the rest by repeating what was written so far (doubling copies).
    fn repeat_written(&mut self) {
        if self.len == 0 {
            return;
        }
        while self.len < self.cap {
            let n = self.len.min(self.cap - self.len);
            // SAFETY: copies the written prefix `[0, n)` to `[len, len + n)`, which lies
            // inside the allocation and does not overlap it (`n <= len`).
            unsafe { std::ptr::copy_nonoverlapping(self.ptr, self.ptr.add(self.len), n) };
            self.len += n;
        }
    }
}

/// A new string of `chars` code points and `bytes` UTF-8 bytes that `fill` writes (it
/// must write exactly `bytes` bytes of UTF-8 holding `chars` code points); None when the
/// memory cannot be had.
fn try_build(chars: usize, bytes: usize, fill: impl FnOnce(&mut Writer)) -> Option<*mut MemInfo> {
    let size = i64::try_from(bytes.checked_add(HEADER)?).ok()?;
    let mi = ferrojit_rt_alloc(size);
    if mi.is_null() {
        return None;
    }
    // SAFETY: a fresh allocation of `size` bytes of 64-byte-aligned data.
    unsafe {
        let data = (*mi).data;
        data.cast::<i64>().write(chars as i64);
        let mut w = Writer { ptr: data.add(HEADER), len: 0, cap: bytes };
        fill(&mut w);
        debug_assert_eq!(w.len, bytes, "string writer underflow");
    }
    Some(mi)
}

/// [`try_build`], raising MemoryError when the memory cannot be had.
fn build(chars: usize, bytes: usize, fill: impl FnOnce(&mut Writer)) -> *mut MemInfo {
    try_build(chars, bytes, fill).unwrap_or_else(out_of_memory)
}

/// A new string holding `text`, raising MemoryError when the memory cannot be had.
fn new_text(text: &str) -> *mut MemInfo {
    build(text.chars().count(), text.len(), |w| w.push(text.as_bytes()))
}

/// A new string holding `sub`, a piece of `parent` (ASCII if the parent is).
fn new_piece(parent: Str, sub: &str) -> *mut MemInfo {
    let chars = if parent.is_ascii() { sub.len() } else { sub.chars().count() };
    build(chars, sub.len(), |w| w.push(sub.as_bytes()))
}

/// Record `kind(msg)` and return null.
fn raise(kind: ExcKind, msg: &str) -> *mut MemInfo {
    // SAFETY: `msg` is `msg.len()` readable bytes.
    unsafe { ferrojit_rt_raise(kind.code(), msg.as_ptr(), msg.len()) };
    std::ptr::null_mut()
}

fn out_of_memory() -> *mut MemInfo {
    raise(ExcKind::MemoryError, "out of memory")
}

// ---------------------------------------------------------------------------------------
// Construction, concatenation, comparison
// ---------------------------------------------------------------------------------------

/// A string from `len` bytes of UTF-8 at `ptr` (a literal of the generated code; null
/// with `len` 0 is ""). Invalid UTF-8 (a code generator bug) raises ValueError.
///
/// # Safety
/// `ptr` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_new(ptr: *const u8, len: i64) -> *mut MemInfo {
    let bytes: &[u8] = if ptr.is_null() || len <= 0 {
        &[]
    } else {
        // SAFETY: the caller's promise.
        unsafe { std::slice::from_raw_parts(ptr, len as usize) }
    };
    match std::str::from_utf8(bytes) {
        Ok(text) => new_text(text),
        Err(_) => raise(ExcKind::ValueError, "string constant is not valid UTF-8"),
    }
}

/// `a + b`.
///
/// # Safety
/// `a` and `b` must be live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_concat(a: *const MemInfo, b: *const MemInfo) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let (a, b) = unsafe { (view(a), view(b)) };
    let Some(bytes) = a.text.len().checked_add(b.text.len()) else {
        return out_of_memory();
    };
    build(a.chars + b.chars, bytes, |w| {
        w.push(a.text.as_bytes());
        w.push(b.text.as_bytes());
    })
}

/// `a * n`: "" for `n <= 0`; OverflowError "repeated string is too long" when the code
/// point count would exceed `i64`, MemoryError when the bytes cannot be had (as CPython).
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_repeat(a: *const MemInfo, n: i64) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let a = unsafe { view(a) };
    if n <= 0 || a.chars == 0 {
        return new_text("");
    }
    let Some(chars) = (a.chars as i64).checked_mul(n) else {
        return raise(ExcKind::OverflowError, "repeated string is too long");
    };
    let Some(bytes) = a.text.len().checked_mul(n as usize) else {
        return out_of_memory();
    };
    build(chars as usize, bytes, |w| {
        w.push(a.text.as_bytes());
        w.repeat_written();
    })
}

/// `a == b`: 1 or 0.
///
/// # Safety
/// `a` and `b` must be live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_eq(a: *const MemInfo, b: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    i32::from(std::ptr::eq(a, b) || unsafe { str_text(a) == str_text(b) })
}

/// The order of `a` and `b` (code point order, which is UTF-8 byte order): -1, 0 or 1.
///
/// # Safety
/// `a` and `b` must be live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_compare(a: *const MemInfo, b: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    let (a, b) = unsafe { (str_text(a), str_text(b)) };
    a.as_bytes().cmp(b.as_bytes()) as i32
}

/// `len(a)`: the code point count (from the header).
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_len(a: *const MemInfo) -> i64 {
    // SAFETY: the caller's promise.
    unsafe { (*a).data.cast::<i64>().read() }
}

// ---------------------------------------------------------------------------------------
// Indexing and slicing
// ---------------------------------------------------------------------------------------

/// `a[i]`: a one-character string; negative `i` counts from the end; IndexError "string
/// index out of range". O(1) for ASCII, else a scan from the nearer end.
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_getitem(a: *const MemInfo, i: i64) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let a = unsafe { view(a) };
    let n = a.chars as i64;
    let k = if i < 0 { i + n } else { i };
    if !(0..n).contains(&k) {
        return raise(ExcKind::IndexError, "string index out of range");
    }
    let at = a.offset(k as usize);
    match a.text.get(at..).and_then(|t| t.chars().next()) {
        Some(c) => build(1, c.len_utf8(), |w| w.push_char(c)),
        None => raise(ExcKind::IndexError, "string index out of range"),
    }
}

/// `PySlice_Unpack` then `PySlice_AdjustIndices` for `len` items: (start, step, count)
/// of the selected items, or None when the step is zero. `start`/`stop` may be
/// [`STR_SLICE_NONE`].
fn adjust_slice(len: i64, start: i64, stop: i64, step: i64) -> Option<(i64, i64, i64)> {
    if step == 0 {
        return None;
    }
    // CPython clamps the step so that `-step` cannot overflow.
    let step = step.max(-i64::MAX);
    let back = step < 0;
    let start = match start {
        STR_SLICE_NONE if back => i64::MAX,
        STR_SLICE_NONE => 0,
        s => s,
    };
    let stop = match stop {
        STR_SLICE_NONE if back => i64::MIN,
        STR_SLICE_NONE => i64::MAX,
        s => s,
    };
    let clamp = |i: i64| -> i64 {
        if i < 0 {
            let j = i + len;
            if j >= 0 {
                j
            } else if back {
                -1
            } else {
                0
            }
        } else if i >= len {
            if back {
                len - 1
            } else {
                len
            }
        } else {
            i
        }
    };
    let (start, stop) = (clamp(start), clamp(stop));
    let count = match back {
        true if stop < start => (start - stop - 1) / -step + 1,
        false if start < stop => (stop - start - 1) / step + 1,
        _ => 0,
    };
    Some((start, step, count))
}

/// `a[start:stop:step]` ([`STR_SLICE_NONE`] for an absent bound); ValueError "slice step
/// cannot be zero". O(result) for ASCII; a contiguous slice of other text costs a scan
/// to its ends.
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_slice(a: *const MemInfo, start: i64, stop: i64, step: i64) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let a = unsafe { view(a) };
    let Some((start, step, count)) = adjust_slice(a.chars as i64, start, stop, step) else {
        return raise(ExcKind::ValueError, "slice step cannot be zero");
    };
    let (start, count) = (start.max(0) as usize, count as usize);
    if count == 0 {
        return new_text("");
    }
    if step == 1 {
        let piece = a.text.get(a.offset(start)..a.offset(start + count)).unwrap_or("");
        return new_piece(a, piece);
    }
    if a.is_ascii() {
        let bytes = a.text.as_bytes();
        return build(count, count, |w| {
            let picked = (0..count as i64).filter_map(|k| bytes.get((start as i64 + k * step) as usize));
            picked.for_each(|&b| w.push_byte(b));
        });
    }
    let mut bytes = 0;
    for_each_stepped(a, start, step, count, |c| bytes += c.len_utf8());
    build(count, bytes, |w| for_each_stepped(a, start, step, count, |c| w.push_char(c)))
}

/// Call `f` on the `count` code points of `a` from `start` by `step` (non-zero).
fn for_each_stepped(a: Str, start: usize, step: i64, count: usize, f: impl FnMut(char)) {
    let stride = step.unsigned_abs() as usize;
    if step > 0 {
        let rest = a.text.get(a.offset(start)..).unwrap_or("");
        rest.chars().step_by(stride).take(count).for_each(f);
    } else {
        let head = a.text.get(..a.offset(start + 1)).unwrap_or("");
        head.chars().rev().step_by(stride).take(count).for_each(f);
    }
}

// ---------------------------------------------------------------------------------------
// Searching
// ---------------------------------------------------------------------------------------

/// `needle in hay`: 1 or 0.
///
/// # Safety
/// `hay` and `needle` must be live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_contains(hay: *const MemInfo, needle: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    let (hay, needle) = unsafe { (str_text(hay), str_text(needle)) };
    i32::from(hay.contains(needle))
}

/// `hay.find(needle)`: the code point index of the first occurrence, or -1.
///
/// # Safety
/// `hay` and `needle` must be live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_find(hay: *const MemInfo, needle: *const MemInfo) -> i64 {
    // SAFETY: the caller's promise.
    let (hay, needle) = unsafe { (view(hay), str_text(needle)) };
    hay.text.find(needle).map_or(-1, |b| hay.char_index(b) as i64)
}

/// `hay.count(needle)`: non-overlapping occurrences; `len(hay) + 1` for "".
///
/// # Safety
/// `hay` and `needle` must be live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_count(hay: *const MemInfo, needle: *const MemInfo) -> i64 {
    // SAFETY: the caller's promise.
    let (hay, needle) = unsafe { (view(hay), str_text(needle)) };
    if needle.is_empty() {
        return hay.chars as i64 + 1;
    }
    hay.text.matches(needle).count() as i64
}

/// `a.startswith(prefix)`: 1 or 0.
///
/// # Safety
/// `a` and `prefix` must be live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_startswith(a: *const MemInfo, prefix: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    i32::from(unsafe { str_text(a).starts_with(str_text(prefix)) })
}

/// `a.endswith(suffix)`: 1 or 0.
///
/// # Safety
/// `a` and `suffix` must be live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_endswith(a: *const MemInfo, suffix: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    i32::from(unsafe { str_text(a).ends_with(str_text(suffix)) })
}

// ---------------------------------------------------------------------------------------
// Transformations
// ---------------------------------------------------------------------------------------

/// `str.isspace` for one character (CPython's `Py_UNICODE_ISSPACE`: bidirectional types
/// WS, B, S and category Zs).
fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r' | '\x1c'..=' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// `a.strip(chars)` (`which` 0), `a.lstrip(chars)` (1) or `a.rstrip(chars)` (2; any other
/// value strips both ends). `chars` null strips whitespace (`str.isspace`).
///
/// # Safety
/// `a` must be a live string, `chars` null or a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_strip(a: *const MemInfo, chars: *const MemInfo, which: i32) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let a = unsafe { view(a) };
    // SAFETY: as above.
    let set = if chars.is_null() { None } else { Some(unsafe { str_text(chars) }) };
    let strips = |c: char| set.map_or_else(|| is_py_space(c), |s| s.contains(c));
    let mut piece = a.text;
    if which != 2 {
        piece = piece.trim_start_matches(strips);
    }
    if which != 1 {
        piece = piece.trim_end_matches(strips);
    }
    new_piece(a, piece)
}

/// `a.upper()`: full case mapping ('ß' becomes "SS").
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_upper(a: *const MemInfo) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let a = unsafe { view(a) };
    case_map(a, u8::to_ascii_uppercase, str::to_uppercase)
}

/// `a.lower()`: full case mapping, with a final 'Σ' of a word becoming 'ς' (Unicode's
/// Final_Sigma context, as CPython's `handle_capital_sigma`).
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_lower(a: *const MemInfo) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let a = unsafe { view(a) };
    case_map(a, u8::to_ascii_lowercase, str::to_lowercase)
}

/// A case mapping: byte by byte for ASCII text, else the full Unicode mapping.
fn case_map(a: Str, ascii: fn(&u8) -> u8, full: fn(&str) -> String) -> *mut MemInfo {
    if a.is_ascii() {
        return build(a.chars, a.chars, |w| a.text.as_bytes().iter().for_each(|b| w.push_byte(ascii(b))));
    }
    new_text(&full(a.text))
}

/// `a.replace(old, new, count)` (`count < 0`: all). An empty `old` matches before every
/// character and at the end ("abc".replace("", "-") is "-a-b-c-"). OverflowError
/// "replace string is too long" when the code point count would exceed `i64`.
///
/// # Safety
/// `a`, `old` and `new` must be live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_replace(
    a: *const MemInfo,
    old: *const MemInfo,
    new: *const MemInfo,
    count: i64,
) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let (a, old, new) = unsafe { (view(a), view(old), view(new)) };
    let limit = usize::try_from(count).unwrap_or(usize::MAX);
    let hits: Vec<usize> =
        if limit == 0 { Vec::new() } else { a.text.match_indices(old.text).map(|(i, _)| i).take(limit).collect() };
    let m = hits.len();
    let chars = (new.chars as i64).checked_mul(m as i64).and_then(|added| added.checked_add((a.chars - m * old.chars) as i64));
    let Some(chars) = chars else {
        return raise(ExcKind::OverflowError, "replace string is too long");
    };
    let Some(bytes) = new.text.len().checked_mul(m).and_then(|added| added.checked_add(a.text.len() - m * old.text.len())) else {
        return out_of_memory();
    };
    build(chars as usize, bytes, |w| {
        let mut done = 0;
        for &at in &hits {
            w.push(a.text.as_bytes().get(done..at).unwrap_or_default());
            w.push(new.text.as_bytes());
            done = at + old.text.len();
        }
        w.push(a.text.as_bytes().get(done..).unwrap_or_default());
    })
}

/// `sep.join(items)` for the `n` strings at `items`. A null item raises TypeError
/// "sequence item K: expected str instance, NoneType found".
///
/// # Safety
/// `sep` must be a live string and `items` point at `n` pointers, each null or a live
/// string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_join(sep: *const MemInfo, items: *const *mut MemInfo, n: i64) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let sep = unsafe { view(sep) };
    let items: &[*mut MemInfo] = if items.is_null() || n <= 0 {
        &[]
    } else {
        // SAFETY: the caller's promise.
        unsafe { std::slice::from_raw_parts(items, n as usize) }
    };
    let mut parts = Vec::with_capacity(items.len());
    let (mut chars, mut bytes) = (0i64, 0usize);
    for (k, &item) in items.iter().enumerate() {
        if item.is_null() {
            return raise(ExcKind::TypeError, &format!("sequence item {k}: expected str instance, NoneType found"));
        }
        // SAFETY: the caller's promise.
        let s = unsafe { view(item) };
        let (more_chars, more_bytes) =
            if k == 0 { (s.chars, s.text.len()) } else { (s.chars + sep.chars, s.text.len() + sep.text.len()) };
        let Some(c) = chars.checked_add(more_chars as i64) else {
            return raise(ExcKind::OverflowError, "join() result is too long for a Python string");
        };
        let Some(b) = bytes.checked_add(more_bytes) else {
            return out_of_memory();
        };
        (chars, bytes) = (c, b);
        parts.push(s.text);
    }
    build(chars as usize, bytes, |w| {
        for (k, part) in parts.iter().enumerate() {
            if k > 0 {
                w.push(sep.text.as_bytes());
            }
            w.push(part.as_bytes());
        }
    })
}

// ---------------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------------

/// `str(v)` for an int: decimal digits with a '-' for negatives.
#[no_mangle]
pub extern "C" fn ferrojit_rt_str_from_int(v: i64) -> *mut MemInfo {
    let mut buf = [0u8; 20]; // i64::MIN: a sign and 19 digits
    let mut at = buf.len();
    let mut u = v.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if v < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    let digits = &buf[at..];
    build(digits.len(), digits.len(), |w| w.push(digits))
}

/// `str(v)` = `repr(v)` for a float (CPython's `float_repr_style` 'short').
#[no_mangle]
pub extern "C" fn ferrojit_rt_str_from_float(v: f64) -> *mut MemInfo {
    new_text(&float_repr(v))
}

/// `str(v)` for a bool: "True" or "False" (`v` non-zero is True).
#[no_mangle]
pub extern "C" fn ferrojit_rt_str_from_bool(v: i32) -> *mut MemInfo {
    new_text(if v != 0 { "True" } else { "False" })
}

/// CPython's `repr(float)`: the shortest digits that round-trip (see
/// [`shortest_digits`]), in fixed notation when the decimal exponent is in [-4, 16) (always with a
/// '.': "1.0", "0.0001"), else scientific with a signed exponent of at least two digits
/// ("1e+16", "1e-05"); "inf", "-inf", "nan".
fn float_repr(v: f64) -> String {
    use std::fmt::Write;
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = shortest_digits(v.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    let mut out = String::with_capacity(digits.len() + 8);
    if v.is_sign_negative() {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        // `point` digits go before the decimal point.
        let point = exp + 1;
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat('0').take(point.unsigned_abs() as usize));
            out.push_str(&digits);
        } else if point as usize >= digits.len() {
            out.push_str(&digits);
            out.extend(std::iter::repeat('0').take(point as usize - digits.len()));
            out.push_str(".0");
        } else {
            let (int, frac) = digits.split_at(point as usize);
            let _ = write!(out, "{int}.{frac}");
        }
    } else {
        let (first, rest) = digits.split_at(digits.len().min(1));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs());
    }
    out
}

/// `x` (finite, not negative) as `{:e}` text with the fewest digits that read back as
/// `x`, the nearest such digits when two are equally short and the tie going to the even
/// digit, as CPython's `dtoa` mode 0. Rust's shortest formatting breaks such ties upward
/// (682399877828058.25 gives "...058.3" where CPython prints "...058.2"), so the digits
/// are redone at the same length with exact, ties-to-even rounding.
fn shortest_digits(x: f64) -> String {
    let shortest = format!("{x:e}");
    let digits = shortest.split('e').next().map_or(1, |m| m.bytes().filter(u8::is_ascii_digit).count());
    let nearest = format!("{x:.*e}", digits.saturating_sub(1));
    if nearest != shortest && nearest.parse::<f64>() == Ok(x) {
        nearest
    } else {
        shortest
    }
}

// ---------------------------------------------------------------------------------------
// Predicates
// ---------------------------------------------------------------------------------------

/// 1 when `a` is not empty and every character passes (`ascii` on the bytes of ASCII
/// text, `other` on the characters of the rest), else 0.
///
/// # Safety
/// `a` must be a live string.
unsafe fn all_chars(a: *const MemInfo, ascii: impl Fn(&u8) -> bool, other: impl Fn(char) -> bool) -> i32 {
    // SAFETY: the caller's promise.
    let a = unsafe { view(a) };
    let all = if a.is_ascii() { a.text.as_bytes().iter().all(ascii) } else { a.text.chars().all(other) };
    i32::from(!a.text.is_empty() && all)
}

/// Whether `c` lies in one of the sorted, disjoint ranges of `table`.
fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `a.isdigit()` (Numeric_Type Decimal or Digit: '²' yes, '½' no).
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_isdigit(a: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    unsafe { all_chars(a, u8::is_ascii_digit, |c| in_table(tables::DIGIT, c)) }
}

/// `a.isalpha()` (categories Lu Ll Lt Lm Lo; combining marks are not letters).
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_isalpha(a: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    unsafe { all_chars(a, u8::is_ascii_alphabetic, |c| in_table(tables::ALPHA, c)) }
}

/// `a.isalnum()` (each character `isalpha` or `isnumeric`).
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_isalnum(a: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    unsafe { all_chars(a, u8::is_ascii_alphanumeric, |c| in_table(tables::ALPHA, c) || in_table(tables::NUMERIC, c)) }
}

/// `a.isspace()`.
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_isspace(a: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    unsafe { all_chars(a, |&b| is_py_space(b as char), is_py_space) }
}

/// `a.isupper()`: some cased character and no lowercase or titlecase one.
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_isupper(a: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    i32::from(cased_only(unsafe { str_text(a) }, char::is_uppercase, char::is_lowercase))
}

/// `a.islower()`: some cased character and no uppercase or titlecase one.
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_islower(a: *const MemInfo) -> i32 {
    // SAFETY: the caller's promise.
    i32::from(cased_only(unsafe { str_text(a) }, char::is_lowercase, char::is_uppercase))
}

/// CPython's `unicode_isupper_impl`/`unicode_islower_impl`: false at the first character
/// of the other case or titlecase, true if some character was of the wanted case.
fn cased_only(text: &str, wanted: fn(char) -> bool, other: fn(char) -> bool) -> bool {
    let mut cased = false;
    for c in text.chars() {
        if other(c) || in_table(tables::TITLECASE, c) {
            return false;
        }
        cased |= wanted(c);
    }
    cased
}

/// Every helper of this module by the name generated code uses: (symbol, address), for
/// the runtime's symbol table.
pub fn string_symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("ferrojit_rt_str_new", ferrojit_rt_str_new as *const () as usize),
        ("ferrojit_rt_str_concat", ferrojit_rt_str_concat as *const () as usize),
        ("ferrojit_rt_str_repeat", ferrojit_rt_str_repeat as *const () as usize),
        ("ferrojit_rt_str_eq", ferrojit_rt_str_eq as *const () as usize),
        ("ferrojit_rt_str_compare", ferrojit_rt_str_compare as *const () as usize),
        ("ferrojit_rt_str_len", ferrojit_rt_str_len as *const () as usize),
        ("ferrojit_rt_str_getitem", ferrojit_rt_str_getitem as *const () as usize),
        ("ferrojit_rt_str_slice", ferrojit_rt_str_slice as *const () as usize),
        ("ferrojit_rt_str_contains", ferrojit_rt_str_contains as *const () as usize),
        ("ferrojit_rt_str_find", ferrojit_rt_str_find as *const () as usize),
        ("ferrojit_rt_str_count", ferrojit_rt_str_count as *const () as usize),
        ("ferrojit_rt_str_startswith", ferrojit_rt_str_startswith as *const () as usize),
        ("ferrojit_rt_str_endswith", ferrojit_rt_str_endswith as *const () as usize),
        ("ferrojit_rt_str_strip", ferrojit_rt_str_strip as *const () as usize),
        ("ferrojit_rt_str_upper", ferrojit_rt_str_upper as *const () as usize),
        ("ferrojit_rt_str_lower", ferrojit_rt_str_lower as *const () as usize),
        ("ferrojit_rt_str_replace", ferrojit_rt_str_replace as *const () as usize),
        ("ferrojit_rt_str_join", ferrojit_rt_str_join as *const () as usize),
        ("ferrojit_rt_str_from_int", ferrojit_rt_str_from_int as *const () as usize),
        ("ferrojit_rt_str_from_float", ferrojit_rt_str_from_float as *const () as usize),
        ("ferrojit_rt_str_from_bool", ferrojit_rt_str_from_bool as *const () as usize),
        ("ferrojit_rt_str_isdigit", ferrojit_rt_str_isdigit as *const () as usize),
        ("ferrojit_rt_str_isalpha", ferrojit_rt_str_isalpha as *const () as usize),
        ("ferrojit_rt_str_isalnum", ferrojit_rt_str_isalnum as *const () as usize),
        ("ferrojit_rt_str_isspace", ferrojit_rt_str_isspace as *const () as usize),
        ("ferrojit_rt_str_isupper", ferrojit_rt_str_isupper as *const () as usize),
        ("ferrojit_rt_str_islower", ferrojit_rt_str_islower as *const () as usize),
    ]
}

/// Character classes of CPython 3.11 (Unicode 14.0) as sorted, disjoint, inclusive code
/// point ranges, generated with CPython from its own predicates, e.g. for `ALPHA`:
/// `[c for c in range(0x110000) if chr(c).isalpha()]` collapsed into ranges.
#[rustfmt::skip]
mod tables {
    /// `str.isalpha`: general categories Lu, Ll, Lt, Lm, Lo.
    pub(super) const ALPHA: &[(u32, u32)] = &[
        (0x41, 0x5a), (0x61, 0x7a), (0xaa, 0xaa), (0xb5, 0xb5), (0xba, 0xba), (0xc0, 0xd6), (0xd8, 0xf6), (0xf8, 0x2c1),
        (0x2c6, 0x2d1), (0x2e0, 0x2e4), (0x2ec, 0x2ec), (0x2ee, 0x2ee), (0x370, 0x374), (0x376, 0x377), (0x37a, 0x37d),
        (0x37f, 0x37f), (0x386, 0x386), (0x388, 0x38a), (0x38c, 0x38c), (0x38e, 0x3a1), (0x3a3, 0x3f5), (0x3f7, 0x481),
        (0x48a, 0x52f), (0x531, 0x556), (0x559, 0x559), (0x560, 0x588), (0x5d0, 0x5ea), (0x5ef, 0x5f2), (0x620, 0x64a),
        (0x66e, 0x66f), (0x671, 0x6d3), (0x6d5, 0x6d5), (0x6e5, 0x6e6), (0x6ee, 0x6ef), (0x6fa, 0x6fc), (0x6ff, 0x6ff),
        (0x710, 0x710), (0x712, 0x72f), (0x74d, 0x7a5), (0x7b1, 0x7b1), (0x7ca, 0x7ea), (0x7f4, 0x7f5), (0x7fa, 0x7fa),
        (0x800, 0x815), (0x81a, 0x81a), (0x824, 0x824), (0x828, 0x828), (0x840, 0x858), (0x860, 0x86a), (0x870, 0x887),
        (0x889, 0x88e), (0x8a0, 0x8c9), (0x904, 0x939), (0x93d, 0x93d), (0x950, 0x950), (0x958, 0x961), (0x971, 0x980),
        (0x985, 0x98c), (0x98f, 0x990), (0x993, 0x9a8), (0x9aa, 0x9b0), (0x9b2, 0x9b2), (0x9b6, 0x9b9), (0x9bd, 0x9bd),
        (0x9ce, 0x9ce), (0x9dc, 0x9dd), (0x9df, 0x9e1), (0x9f0, 0x9f1), (0x9fc, 0x9fc), (0xa05, 0xa0a), (0xa0f, 0xa10),
        (0xa13, 0xa28), (0xa2a, 0xa30), (0xa32, 0xa33), (0xa35, 0xa36), (0xa38, 0xa39), (0xa59, 0xa5c), (0xa5e, 0xa5e),
        (0xa72, 0xa74), (0xa85, 0xa8d), (0xa8f, 0xa91), (0xa93, 0xaa8), (0xaaa, 0xab0), (0xab2, 0xab3), (0xab5, 0xab9),
        (0xabd, 0xabd), (0xad0, 0xad0), (0xae0, 0xae1), (0xaf9, 0xaf9), (0xb05, 0xb0c), (0xb0f, 0xb10), (0xb13, 0xb28),
        (0xb2a, 0xb30), (0xb32, 0xb33), (0xb35, 0xb39), (0xb3d, 0xb3d), (0xb5c, 0xb5d), (0xb5f, 0xb61), (0xb71, 0xb71),
        (0xb83, 0xb83), (0xb85, 0xb8a), (0xb8e, 0xb90), (0xb92, 0xb95), (0xb99, 0xb9a), (0xb9c, 0xb9c), (0xb9e, 0xb9f),
        (0xba3, 0xba4), (0xba8, 0xbaa), (0xbae, 0xbb9), (0xbd0, 0xbd0), (0xc05, 0xc0c), (0xc0e, 0xc10), (0xc12, 0xc28),
        (0xc2a, 0xc39), (0xc3d, 0xc3d), (0xc58, 0xc5a), (0xc5d, 0xc5d), (0xc60, 0xc61), (0xc80, 0xc80), (0xc85, 0xc8c),
        (0xc8e, 0xc90), (0xc92, 0xca8), (0xcaa, 0xcb3), (0xcb5, 0xcb9), (0xcbd, 0xcbd), (0xcdd, 0xcde), (0xce0, 0xce1),
        (0xcf1, 0xcf2), (0xd04, 0xd0c), (0xd0e, 0xd10), (0xd12, 0xd3a), (0xd3d, 0xd3d), (0xd4e, 0xd4e), (0xd54, 0xd56),
        (0xd5f, 0xd61), (0xd7a, 0xd7f), (0xd85, 0xd96), (0xd9a, 0xdb1), (0xdb3, 0xdbb), (0xdbd, 0xdbd), (0xdc0, 0xdc6),
        (0xe01, 0xe30), (0xe32, 0xe33), (0xe40, 0xe46), (0xe81, 0xe82), (0xe84, 0xe84), (0xe86, 0xe8a), (0xe8c, 0xea3),
        (0xea5, 0xea5), (0xea7, 0xeb0), (0xeb2, 0xeb3), (0xebd, 0xebd), (0xec0, 0xec4), (0xec6, 0xec6), (0xedc, 0xedf),
        (0xf00, 0xf00), (0xf40, 0xf47), (0xf49, 0xf6c), (0xf88, 0xf8c), (0x1000, 0x102a), (0x103f, 0x103f),
        (0x1050, 0x1055), (0x105a, 0x105d), (0x1061, 0x1061), (0x1065, 0x1066), (0x106e, 0x1070), (0x1075, 0x1081),
        (0x108e, 0x108e), (0x10a0, 0x10c5), (0x10c7, 0x10c7), (0x10cd, 0x10cd), (0x10d0, 0x10fa), (0x10fc, 0x1248),
        (0x124a, 0x124d), (0x1250, 0x1256), (0x1258, 0x1258), (0x125a, 0x125d), (0x1260, 0x1288), (0x128a, 0x128d),
        (0x1290, 0x12b0), (0x12b2, 0x12b5), (0x12b8, 0x12be), (0x12c0, 0x12c0), (0x12c2, 0x12c5), (0x12c8, 0x12d6),
        (0x12d8, 0x1310), (0x1312, 0x1315), (0x1318, 0x135a), (0x1380, 0x138f), (0x13a0, 0x13f5), (0x13f8, 0x13fd),
        (0x1401, 0x166c), (0x166f, 0x167f), (0x1681, 0x169a), (0x16a0, 0x16ea), (0x16f1, 0x16f8), (0x1700, 0x1711),
        (0x171f, 0x1731), (0x1740, 0x1751), (0x1760, 0x176c), (0x176e, 0x1770), (0x1780, 0x17b3), (0x17d7, 0x17d7),
        (0x17dc, 0x17dc), (0x1820, 0x1878), (0x1880, 0x1884), (0x1887, 0x18a8), (0x18aa, 0x18aa), (0x18b0, 0x18f5),
        (0x1900, 0x191e), (0x1950, 0x196d), (0x1970, 0x1974), (0x1980, 0x19ab), (0x19b0, 0x19c9), (0x1a00, 0x1a16),
        (0x1a20, 0x1a54), (0x1aa7, 0x1aa7), (0x1b05, 0x1b33), (0x1b45, 0x1b4c), (0x1b83, 0x1ba0), (0x1bae, 0x1baf),
        (0x1bba, 0x1be5), (0x1c00, 0x1c23), (0x1c4d, 0x1c4f), (0x1c5a, 0x1c7d), (0x1c80, 0x1c88), (0x1c90, 0x1cba),
        (0x1cbd, 0x1cbf), (0x1ce9, 0x1cec), (0x1cee, 0x1cf3), (0x1cf5, 0x1cf6), (0x1cfa, 0x1cfa), (0x1d00, 0x1dbf),
        (0x1e00, 0x1f15), (0x1f18, 0x1f1d), (0x1f20, 0x1f45), (0x1f48, 0x1f4d), (0x1f50, 0x1f57), (0x1f59, 0x1f59),
        (0x1f5b, 0x1f5b), (0x1f5d, 0x1f5d), (0x1f5f, 0x1f7d), (0x1f80, 0x1fb4), (0x1fb6, 0x1fbc), (0x1fbe, 0x1fbe),
        (0x1fc2, 0x1fc4), (0x1fc6, 0x1fcc), (0x1fd0, 0x1fd3), (0x1fd6, 0x1fdb), (0x1fe0, 0x1fec), (0x1ff2, 0x1ff4),
        (0x1ff6, 0x1ffc), (0x2071, 0x2071), (0x207f, 0x207f), (0x2090, 0x209c), (0x2102, 0x2102), (0x2107, 0x2107),
        (0x210a, 0x2113), (0x2115, 0x2115), (0x2119, 0x211d), (0x2124, 0x2124), (0x2126, 0x2126), (0x2128, 0x2128),
        (0x212a, 0x212d), (0x212f, 0x2139), (0x213c, 0x213f), (0x2145, 0x2149), (0x214e, 0x214e), (0x2183, 0x2184),
        (0x2c00, 0x2ce4), (0x2ceb, 0x2cee), (0x2cf2, 0x2cf3), (0x2d00, 0x2d25), (0x2d27, 0x2d27), (0x2d2d, 0x2d2d),
        (0x2d30, 0x2d67), (0x2d6f, 0x2d6f), (0x2d80, 0x2d96), (0x2da0, 0x2da6), (0x2da8, 0x2dae), (0x2db0, 0x2db6),
        (0x2db8, 0x2dbe), (0x2dc0, 0x2dc6), (0x2dc8, 0x2dce), (0x2dd0, 0x2dd6), (0x2dd8, 0x2dde), (0x2e2f, 0x2e2f),
        (0x3005, 0x3006), (0x3031, 0x3035), (0x303b, 0x303c), (0x3041, 0x3096), (0x309d, 0x309f), (0x30a1, 0x30fa),
        (0x30fc, 0x30ff), (0x3105, 0x312f), (0x3131, 0x318e), (0x31a0, 0x31bf), (0x31f0, 0x31ff), (0x3400, 0x4dbf),
        (0x4e00, 0xa48c), (0xa4d0, 0xa4fd), (0xa500, 0xa60c), (0xa610, 0xa61f), (0xa62a, 0xa62b), (0xa640, 0xa66e),
        (0xa67f, 0xa69d), (0xa6a0, 0xa6e5), (0xa717, 0xa71f), (0xa722, 0xa788), (0xa78b, 0xa7ca), (0xa7d0, 0xa7d1),
        (0xa7d3, 0xa7d3), (0xa7d5, 0xa7d9), (0xa7f2, 0xa801), (0xa803, 0xa805), (0xa807, 0xa80a), (0xa80c, 0xa822),
        (0xa840, 0xa873), (0xa882, 0xa8b3), (0xa8f2, 0xa8f7), (0xa8fb, 0xa8fb), (0xa8fd, 0xa8fe), (0xa90a, 0xa925),
        (0xa930, 0xa946), (0xa960, 0xa97c), (0xa984, 0xa9b2), (0xa9cf, 0xa9cf), (0xa9e0, 0xa9e4), (0xa9e6, 0xa9ef),
        (0xa9fa, 0xa9fe), (0xaa00, 0xaa28), (0xaa40, 0xaa42), (0xaa44, 0xaa4b), (0xaa60, 0xaa76), (0xaa7a, 0xaa7a),
        (0xaa7e, 0xaaaf), (0xaab1, 0xaab1), (0xaab5, 0xaab6), (0xaab9, 0xaabd), (0xaac0, 0xaac0), (0xaac2, 0xaac2),
        (0xaadb, 0xaadd), (0xaae0, 0xaaea), (0xaaf2, 0xaaf4), (0xab01, 0xab06), (0xab09, 0xab0e), (0xab11, 0xab16),
        (0xab20, 0xab26), (0xab28, 0xab2e), (0xab30, 0xab5a), (0xab5c, 0xab69), (0xab70, 0xabe2), (0xac00, 0xd7a3),
        (0xd7b0, 0xd7c6), (0xd7cb, 0xd7fb), (0xf900, 0xfa6d), (0xfa70, 0xfad9), (0xfb00, 0xfb06), (0xfb13, 0xfb17),
        (0xfb1d, 0xfb1d), (0xfb1f, 0xfb28), (0xfb2a, 0xfb36), (0xfb38, 0xfb3c), (0xfb3e, 0xfb3e), (0xfb40, 0xfb41),
        (0xfb43, 0xfb44), (0xfb46, 0xfbb1), (0xfbd3, 0xfd3d), (0xfd50, 0xfd8f), (0xfd92, 0xfdc7), (0xfdf0, 0xfdfb),
        (0xfe70, 0xfe74), (0xfe76, 0xfefc), (0xff21, 0xff3a), (0xff41, 0xff5a), (0xff66, 0xffbe), (0xffc2, 0xffc7),
        (0xffca, 0xffcf), (0xffd2, 0xffd7), (0xffda, 0xffdc), (0x10000, 0x1000b), (0x1000d, 0x10026), (0x10028, 0x1003a),
        (0x1003c, 0x1003d), (0x1003f, 0x1004d), (0x10050, 0x1005d), (0x10080, 0x100fa), (0x10280, 0x1029c),
        (0x102a0, 0x102d0), (0x10300, 0x1031f), (0x1032d, 0x10340), (0x10342, 0x10349), (0x10350, 0x10375),
        (0x10380, 0x1039d), (0x103a0, 0x103c3), (0x103c8, 0x103cf), (0x10400, 0x1049d), (0x104b0, 0x104d3),
        (0x104d8, 0x104fb), (0x10500, 0x10527), (0x10530, 0x10563), (0x10570, 0x1057a), (0x1057c, 0x1058a),
        (0x1058c, 0x10592), (0x10594, 0x10595), (0x10597, 0x105a1), (0x105a3, 0x105b1), (0x105b3, 0x105b9),
        (0x105bb, 0x105bc), (0x10600, 0x10736), (0x10740, 0x10755), (0x10760, 0x10767), (0x10780, 0x10785),
        (0x10787, 0x107b0), (0x107b2, 0x107ba), (0x10800, 0x10805), (0x10808, 0x10808), (0x1080a, 0x10835),
        (0x10837, 0x10838), (0x1083c, 0x1083c), (0x1083f, 0x10855), (0x10860, 0x10876), (0x10880, 0x1089e),
        (0x108e0, 0x108f2), (0x108f4, 0x108f5), (0x10900, 0x10915), (0x10920, 0x10939), (0x10980, 0x109b7),
        (0x109be, 0x109bf), (0x10a00, 0x10a00), (0x10a10, 0x10a13), (0x10a15, 0x10a17), (0x10a19, 0x10a35),
        (0x10a60, 0x10a7c), (0x10a80, 0x10a9c), (0x10ac0, 0x10ac7), (0x10ac9, 0x10ae4), (0x10b00, 0x10b35),
        (0x10b40, 0x10b55), (0x10b60, 0x10b72), (0x10b80, 0x10b91), (0x10c00, 0x10c48), (0x10c80, 0x10cb2),
        (0x10cc0, 0x10cf2), (0x10d00, 0x10d23), (0x10e80, 0x10ea9), (0x10eb0, 0x10eb1), (0x10f00, 0x10f1c),
        (0x10f27, 0x10f27), (0x10f30, 0x10f45), (0x10f70, 0x10f81), (0x10fb0, 0x10fc4), (0x10fe0, 0x10ff6),
        (0x11003, 0x11037), (0x11071, 0x11072), (0x11075, 0x11075), (0x11083, 0x110af), (0x110d0, 0x110e8),
        (0x11103, 0x11126), (0x11144, 0x11144), (0x11147, 0x11147), (0x11150, 0x11172), (0x11176, 0x11176),
        (0x11183, 0x111b2), (0x111c1, 0x111c4), (0x111da, 0x111da), (0x111dc, 0x111dc), (0x11200, 0x11211),
        (0x11213, 0x1122b), (0x11280, 0x11286), (0x11288, 0x11288), (0x1128a, 0x1128d), (0x1128f, 0x1129d),
        (0x1129f, 0x112a8), (0x112b0, 0x112de), (0x11305, 0x1130c), (0x1130f, 0x11310), (0x11313, 0x11328),
        (0x1132a, 0x11330), (0x11332, 0x11333), (0x11335, 0x11339), (0x1133d, 0x1133d), (0x11350, 0x11350),
        (0x1135d, 0x11361), (0x11400, 0x11434), (0x11447, 0x1144a), (0x1145f, 0x11461), (0x11480, 0x114af),
        (0x114c4, 0x114c5), (0x114c7, 0x114c7), (0x11580, 0x115ae), (0x115d8, 0x115db), (0x11600, 0x1162f),
        (0x11644, 0x11644), (0x11680, 0x116aa), (0x116b8, 0x116b8), (0x11700, 0x1171a), (0x11740, 0x11746),
        (0x11800, 0x1182b), (0x118a0, 0x118df), (0x118ff, 0x11906), (0x11909, 0x11909), (0x1190c, 0x11913),
        (0x11915, 0x11916), (0x11918, 0x1192f), (0x1193f, 0x1193f), (0x11941, 0x11941), (0x119a0, 0x119a7),
        (0x119aa, 0x119d0), (0x119e1, 0x119e1), (0x119e3, 0x119e3), (0x11a00, 0x11a00), (0x11a0b, 0x11a32),
        (0x11a3a, 0x11a3a), (0x11a50, 0x11a50), (0x11a5c, 0x11a89), (0x11a9d, 0x11a9d), (0x11ab0, 0x11af8),
        (0x11c00, 0x11c08), (0x11c0a, 0x11c2e), (0x11c40, 0x11c40), (0x11c72, 0x11c8f), (0x11d00, 0x11d06),
        (0x11d08, 0x11d09), (0x11d0b, 0x11d30), (0x11d46, 0x11d46), (0x11d60, 0x11d65), (0x11d67, 0x11d68),
        (0x11d6a, 0x11d89), (0x11d98, 0x11d98), (0x11ee0, 0x11ef2), (0x11fb0, 0x11fb0), (0x12000, 0x12399),
        (0x12480, 0x12543), (0x12f90, 0x12ff0), (0x13000, 0x1342e), (0x14400, 0x14646), (0x16800, 0x16a38),
        (0x16a40, 0x16a5e), (0x16a70, 0x16abe), (0x16ad0, 0x16aed), (0x16b00, 0x16b2f), (0x16b40, 0x16b43),
        (0x16b63, 0x16b77), (0x16b7d, 0x16b8f), (0x16e40, 0x16e7f), (0x16f00, 0x16f4a), (0x16f50, 0x16f50),
        (0x16f93, 0x16f9f), (0x16fe0, 0x16fe1), (0x16fe3, 0x16fe3), (0x17000, 0x187f7), (0x18800, 0x18cd5),
        (0x18d00, 0x18d08), (0x1aff0, 0x1aff3), (0x1aff5, 0x1affb), (0x1affd, 0x1affe), (0x1b000, 0x1b122),
        (0x1b150, 0x1b152), (0x1b164, 0x1b167), (0x1b170, 0x1b2fb), (0x1bc00, 0x1bc6a), (0x1bc70, 0x1bc7c),
        (0x1bc80, 0x1bc88), (0x1bc90, 0x1bc99), (0x1d400, 0x1d454), (0x1d456, 0x1d49c), (0x1d49e, 0x1d49f),
        (0x1d4a2, 0x1d4a2), (0x1d4a5, 0x1d4a6), (0x1d4a9, 0x1d4ac), (0x1d4ae, 0x1d4b9), (0x1d4bb, 0x1d4bb),
        (0x1d4bd, 0x1d4c3), (0x1d4c5, 0x1d505), (0x1d507, 0x1d50a), (0x1d50d, 0x1d514), (0x1d516, 0x1d51c),
        (0x1d51e, 0x1d539), (0x1d53b, 0x1d53e), (0x1d540, 0x1d544), (0x1d546, 0x1d546), (0x1d54a, 0x1d550),
        (0x1d552, 0x1d6a5), (0x1d6a8, 0x1d6c0), (0x1d6c2, 0x1d6da), (0x1d6dc, 0x1d6fa), (0x1d6fc, 0x1d714),
        (0x1d716, 0x1d734), (0x1d736, 0x1d74e), (0x1d750, 0x1d76e), (0x1d770, 0x1d788), (0x1d78a, 0x1d7a8),
        (0x1d7aa, 0x1d7c2), (0x1d7c4, 0x1d7cb), (0x1df00, 0x1df1e), (0x1e100, 0x1e12c), (0x1e137, 0x1e13d),
        (0x1e14e, 0x1e14e), (0x1e290, 0x1e2ad), (0x1e2c0, 0x1e2eb), (0x1e7e0, 0x1e7e6), (0x1e7e8, 0x1e7eb),
        (0x1e7ed, 0x1e7ee), (0x1e7f0, 0x1e7fe), (0x1e800, 0x1e8c4), (0x1e900, 0x1e943), (0x1e94b, 0x1e94b),
        (0x1ee00, 0x1ee03), (0x1ee05, 0x1ee1f), (0x1ee21, 0x1ee22), (0x1ee24, 0x1ee24), (0x1ee27, 0x1ee27),
        (0x1ee29, 0x1ee32), (0x1ee34, 0x1ee37), (0x1ee39, 0x1ee39), (0x1ee3b, 0x1ee3b), (0x1ee42, 0x1ee42),
        (0x1ee47, 0x1ee47), (0x1ee49, 0x1ee49), (0x1ee4b, 0x1ee4b), (0x1ee4d, 0x1ee4f), (0x1ee51, 0x1ee52),
        (0x1ee54, 0x1ee54), (0x1ee57, 0x1ee57), (0x1ee59, 0x1ee59), (0x1ee5b, 0x1ee5b), (0x1ee5d, 0x1ee5d),
        (0x1ee5f, 0x1ee5f), (0x1ee61, 0x1ee62), (0x1ee64, 0x1ee64), (0x1ee67, 0x1ee6a), (0x1ee6c, 0x1ee72),
        (0x1ee74, 0x1ee77), (0x1ee79, 0x1ee7c), (0x1ee7e, 0x1ee7e), (0x1ee80, 0x1ee89), (0x1ee8b, 0x1ee9b),
        (0x1eea1, 0x1eea3), (0x1eea5, 0x1eea9), (0x1eeab, 0x1eebb), (0x20000, 0x2a6df), (0x2a700, 0x2b738),
        (0x2b740, 0x2b81d), (0x2b820, 0x2cea1), (0x2ceb0, 0x2ebe0), (0x2f800, 0x2fa1d), (0x30000, 0x3134a),
    ];

    /// `str.isnumeric`: any Numeric_Type (Decimal, Digit, Numeric; Unihan numerals included).
    pub(super) const NUMERIC: &[(u32, u32)] = &[
        (0x30, 0x39), (0xb2, 0xb3), (0xb9, 0xb9), (0xbc, 0xbe), (0x660, 0x669), (0x6f0, 0x6f9), (0x7c0, 0x7c9),
        (0x966, 0x96f), (0x9e6, 0x9ef), (0x9f4, 0x9f9), (0xa66, 0xa6f), (0xae6, 0xaef), (0xb66, 0xb6f), (0xb72, 0xb77),
        (0xbe6, 0xbf2), (0xc66, 0xc6f), (0xc78, 0xc7e), (0xce6, 0xcef), (0xd58, 0xd5e), (0xd66, 0xd78), (0xde6, 0xdef),
        (0xe50, 0xe59), (0xed0, 0xed9), (0xf20, 0xf33), (0x1040, 0x1049), (0x1090, 0x1099), (0x1369, 0x137c),
        (0x16ee, 0x16f0), (0x17e0, 0x17e9), (0x17f0, 0x17f9), (0x1810, 0x1819), (0x1946, 0x194f), (0x19d0, 0x19da),
        (0x1a80, 0x1a89), (0x1a90, 0x1a99), (0x1b50, 0x1b59), (0x1bb0, 0x1bb9), (0x1c40, 0x1c49), (0x1c50, 0x1c59),
        (0x2070, 0x2070), (0x2074, 0x2079), (0x2080, 0x2089), (0x2150, 0x2182), (0x2185, 0x2189), (0x2460, 0x249b),
        (0x24ea, 0x24ff), (0x2776, 0x2793), (0x2cfd, 0x2cfd), (0x3007, 0x3007), (0x3021, 0x3029), (0x3038, 0x303a),
        (0x3192, 0x3195), (0x3220, 0x3229), (0x3248, 0x324f), (0x3251, 0x325f), (0x3280, 0x3289), (0x32b1, 0x32bf),
        (0x3405, 0x3405), (0x3483, 0x3483), (0x382a, 0x382a), (0x3b4d, 0x3b4d), (0x4e00, 0x4e00), (0x4e03, 0x4e03),
        (0x4e07, 0x4e07), (0x4e09, 0x4e09), (0x4e5d, 0x4e5d), (0x4e8c, 0x4e8c), (0x4e94, 0x4e94), (0x4e96, 0x4e96),
        (0x4ebf, 0x4ec0), (0x4edf, 0x4edf), (0x4ee8, 0x4ee8), (0x4f0d, 0x4f0d), (0x4f70, 0x4f70), (0x5104, 0x5104),
        (0x5146, 0x5146), (0x5169, 0x5169), (0x516b, 0x516b), (0x516d, 0x516d), (0x5341, 0x5341), (0x5343, 0x5345),
        (0x534c, 0x534c), (0x53c1, 0x53c4), (0x56db, 0x56db), (0x58f1, 0x58f1), (0x58f9, 0x58f9), (0x5e7a, 0x5e7a),
        (0x5efe, 0x5eff), (0x5f0c, 0x5f0e), (0x5f10, 0x5f10), (0x62fe, 0x62fe), (0x634c, 0x634c), (0x67d2, 0x67d2),
        (0x6f06, 0x6f06), (0x7396, 0x7396), (0x767e, 0x767e), (0x8086, 0x8086), (0x842c, 0x842c), (0x8cae, 0x8cae),
        (0x8cb3, 0x8cb3), (0x8d30, 0x8d30), (0x9621, 0x9621), (0x9646, 0x9646), (0x964c, 0x964c), (0x9678, 0x9678),
        (0x96f6, 0x96f6), (0xa620, 0xa629), (0xa6e6, 0xa6ef), (0xa830, 0xa835), (0xa8d0, 0xa8d9), (0xa900, 0xa909),
        (0xa9d0, 0xa9d9), (0xa9f0, 0xa9f9), (0xaa50, 0xaa59), (0xabf0, 0xabf9), (0xf96b, 0xf96b), (0xf973, 0xf973),
        (0xf978, 0xf978), (0xf9b2, 0xf9b2), (0xf9d1, 0xf9d1), (0xf9d3, 0xf9d3), (0xf9fd, 0xf9fd), (0xff10, 0xff19),
        (0x10107, 0x10133), (0x10140, 0x10178), (0x1018a, 0x1018b), (0x102e1, 0x102fb), (0x10320, 0x10323),
        (0x10341, 0x10341), (0x1034a, 0x1034a), (0x103d1, 0x103d5), (0x104a0, 0x104a9), (0x10858, 0x1085f),
        (0x10879, 0x1087f), (0x108a7, 0x108af), (0x108fb, 0x108ff), (0x10916, 0x1091b), (0x109bc, 0x109bd),
        (0x109c0, 0x109cf), (0x109d2, 0x109ff), (0x10a40, 0x10a48), (0x10a7d, 0x10a7e), (0x10a9d, 0x10a9f),
        (0x10aeb, 0x10aef), (0x10b58, 0x10b5f), (0x10b78, 0x10b7f), (0x10ba9, 0x10baf), (0x10cfa, 0x10cff),
        (0x10d30, 0x10d39), (0x10e60, 0x10e7e), (0x10f1d, 0x10f26), (0x10f51, 0x10f54), (0x10fc5, 0x10fcb),
        (0x11052, 0x1106f), (0x110f0, 0x110f9), (0x11136, 0x1113f), (0x111d0, 0x111d9), (0x111e1, 0x111f4),
        (0x112f0, 0x112f9), (0x11450, 0x11459), (0x114d0, 0x114d9), (0x11650, 0x11659), (0x116c0, 0x116c9),
        (0x11730, 0x1173b), (0x118e0, 0x118f2), (0x11950, 0x11959), (0x11c50, 0x11c6c), (0x11d50, 0x11d59),
        (0x11da0, 0x11da9), (0x11fc0, 0x11fd4), (0x12400, 0x1246e), (0x16a60, 0x16a69), (0x16ac0, 0x16ac9),
        (0x16b50, 0x16b59), (0x16b5b, 0x16b61), (0x16e80, 0x16e96), (0x1d2e0, 0x1d2f3), (0x1d360, 0x1d378),
        (0x1d7ce, 0x1d7ff), (0x1e140, 0x1e149), (0x1e2f0, 0x1e2f9), (0x1e8c7, 0x1e8cf), (0x1e950, 0x1e959),
        (0x1ec71, 0x1ecab), (0x1ecad, 0x1ecaf), (0x1ecb1, 0x1ecb4), (0x1ed01, 0x1ed2d), (0x1ed2f, 0x1ed3d),
        (0x1f100, 0x1f10c), (0x1fbf0, 0x1fbf9), (0x20001, 0x20001), (0x20064, 0x20064), (0x200e2, 0x200e2),
        (0x20121, 0x20121), (0x2092a, 0x2092a), (0x20983, 0x20983), (0x2098c, 0x2098c), (0x2099c, 0x2099c),
        (0x20aea, 0x20aea), (0x20afd, 0x20afd), (0x20b19, 0x20b19), (0x22390, 0x22390), (0x22998, 0x22998),
        (0x23b1b, 0x23b1b), (0x2626d, 0x2626d), (0x2f890, 0x2f890),
    ];

    /// `str.isdigit`: Numeric_Type Decimal or Digit.
    pub(super) const DIGIT: &[(u32, u32)] = &[
        (0x30, 0x39), (0xb2, 0xb3), (0xb9, 0xb9), (0x660, 0x669), (0x6f0, 0x6f9), (0x7c0, 0x7c9), (0x966, 0x96f),
        (0x9e6, 0x9ef), (0xa66, 0xa6f), (0xae6, 0xaef), (0xb66, 0xb6f), (0xbe6, 0xbef), (0xc66, 0xc6f), (0xce6, 0xcef),
        (0xd66, 0xd6f), (0xde6, 0xdef), (0xe50, 0xe59), (0xed0, 0xed9), (0xf20, 0xf29), (0x1040, 0x1049),
        (0x1090, 0x1099), (0x1369, 0x1371), (0x17e0, 0x17e9), (0x1810, 0x1819), (0x1946, 0x194f), (0x19d0, 0x19da),
        (0x1a80, 0x1a89), (0x1a90, 0x1a99), (0x1b50, 0x1b59), (0x1bb0, 0x1bb9), (0x1c40, 0x1c49), (0x1c50, 0x1c59),
        (0x2070, 0x2070), (0x2074, 0x2079), (0x2080, 0x2089), (0x2460, 0x2468), (0x2474, 0x247c), (0x2488, 0x2490),
        (0x24ea, 0x24ea), (0x24f5, 0x24fd), (0x24ff, 0x24ff), (0x2776, 0x277e), (0x2780, 0x2788), (0x278a, 0x2792),
        (0xa620, 0xa629), (0xa8d0, 0xa8d9), (0xa900, 0xa909), (0xa9d0, 0xa9d9), (0xa9f0, 0xa9f9), (0xaa50, 0xaa59),
        (0xabf0, 0xabf9), (0xff10, 0xff19), (0x104a0, 0x104a9), (0x10a40, 0x10a43), (0x10d30, 0x10d39),
        (0x10e60, 0x10e68), (0x11052, 0x1105a), (0x11066, 0x1106f), (0x110f0, 0x110f9), (0x11136, 0x1113f),
        (0x111d0, 0x111d9), (0x112f0, 0x112f9), (0x11450, 0x11459), (0x114d0, 0x114d9), (0x11650, 0x11659),
        (0x116c0, 0x116c9), (0x11730, 0x11739), (0x118e0, 0x118e9), (0x11950, 0x11959), (0x11c50, 0x11c59),
        (0x11d50, 0x11d59), (0x11da0, 0x11da9), (0x16a60, 0x16a69), (0x16ac0, 0x16ac9), (0x16b50, 0x16b59),
        (0x1d7ce, 0x1d7ff), (0x1e140, 0x1e149), (0x1e2f0, 0x1e2f9), (0x1e950, 0x1e959), (0x1f100, 0x1f10a),
        (0x1fbf0, 0x1fbf9),
    ];

    /// Titlecase letters (category Lt), which make `isupper` and `islower` false.
    pub(super) const TITLECASE: &[(u32, u32)] = &[
        (0x1c5, 0x1c5), (0x1c8, 0x1c8), (0x1cb, 0x1cb), (0x1f2, 0x1f2), (0x1f88, 0x1f8f), (0x1f98, 0x1f9f),
        (0x1fa8, 0x1faf), (0x1fbc, 0x1fbc), (0x1fcc, 0x1fcc), (0x1ffc, 0x1ffc),
    ];
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::alloc::{live_allocations, release};
    use crate::exceptions::take_error;
    use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

    /// Tests that compare the process-wide count of live allocations take this for
    /// writing, the other tests here for reading (alloc.rs's counter tests should take
    /// it for writing too: they run in the same process).
    pub(crate) static COUNTS: RwLock<()> = RwLock::new(());

    fn shared() -> RwLockReadGuard<'static, ()> {
        COUNTS.read().unwrap_or_else(|p| p.into_inner())
    }

    fn exclusive() -> RwLockWriteGuard<'static, ()> {
        COUNTS.write().unwrap_or_else(|p| p.into_inner())
    }

    /// An input string owned by the test (released when dropped).
    struct S(*mut MemInfo);

    impl S {
        fn p(&self) -> *const MemInfo {
            self.0
        }
    }

    impl Drop for S {
        fn drop(&mut self) {
            // SAFETY: the test owns the one reference.
            unsafe { release(self.0) };
        }
    }

    fn s(text: &str) -> S {
        // SAFETY: `text` is `text.len()` bytes of UTF-8.
        let p = unsafe { ferrojit_rt_str_new(text.as_ptr(), text.len() as i64) };
        assert!(!p.is_null());
        S(p)
    }

    /// The text of a string a helper returned, after checking its invariants (refcount
    /// 1, valid UTF-8, header count, size); the string is released.
    fn take(p: *mut MemInfo) -> String {
        assert!(!p.is_null(), "raised {:?}", take_error());
        // SAFETY: a live string the test owns.
        unsafe {
            assert_eq!((*p).refcount, 1);
            let len = (*p).size as usize - HEADER;
            let bytes = std::slice::from_raw_parts((*p).data.add(HEADER), len);
            let text = std::str::from_utf8(bytes).expect("valid UTF-8").to_string();
            assert_eq!(ferrojit_rt_str_len(p), text.chars().count() as i64, "header of {text:?}");
            release(p);
            text
        }
    }

    /// The exception recorded by a helper that returned null.
    fn raised(p: *mut MemInfo) -> (ExcKind, String) {
        assert!(p.is_null(), "expected an exception");
        let (code, msg) = take_error().expect("an exception recorded");
        (ExcKind::from_code(code).expect("a known kind"), msg)
    }

    const TEXTS: [&str; 8] = ["", "a", "hello world", "héllo wörld", "日本語", "a😀日é", "😀😀", "ΑΣ Σ"];

    #[test]
    fn new_and_len() {
        let _g = shared();
        for (text, n) in [("", 0), ("héllo", 5), ("日本語", 3), ("😀x", 2), ("hello", 5)] {
            let a = s(text);
            assert_eq!(unsafe { ferrojit_rt_str_len(a.p()) }, n);
            assert_eq!(unsafe { str_text(a.p()) }, text);
            assert_eq!(take(unsafe { ferrojit_rt_str_new(text.as_ptr(), text.len() as i64) }), text);
        }
        assert_eq!(take(unsafe { ferrojit_rt_str_new(std::ptr::null(), 0) }), "");
        let bad = [0xffu8, 0x41];
        let (kind, _) = raised(unsafe { ferrojit_rt_str_new(bad.as_ptr(), 2) });
        assert_eq!(kind, ExcKind::ValueError);
        assert_eq!(take(str_from_text("añb")), "añb");
    }

    #[test]
    fn concat() {
        let _g = shared();
        for x in TEXTS {
            for y in TEXTS {
                let (a, b) = (s(x), s(y));
                assert_eq!(take(unsafe { ferrojit_rt_str_concat(a.p(), b.p()) }), format!("{x}{y}"));
            }
        }
    }

    #[test]
    fn repeat() {
        let _g = shared();
        let rep = |x: &str, n: i64| unsafe { ferrojit_rt_str_repeat(s(x).p(), n) };
        assert_eq!(take(rep("ab", 3)), "ababab");
        assert_eq!(take(rep("日本", 7)), "日本".repeat(7));
        assert_eq!(take(rep("abc", 1000)), "abc".repeat(1000));
        assert_eq!(take(rep("😀", 1)), "😀");
        assert_eq!(take(rep("é", 0)), "");
        assert_eq!(take(rep("x", -5)), "");
        assert_eq!(take(rep("x", i64::MIN)), "");
        assert_eq!(take(rep("", i64::MAX)), "");
        // CPython: OverflowError when the length overflows, MemoryError when the memory
        // cannot be had.
        let too_long = (ExcKind::OverflowError, "repeated string is too long".to_string());
        assert_eq!(raised(rep("ab", i64::MAX / 2 + 1)), too_long);
        assert_eq!(raised(rep("x", i64::MAX)), (ExcKind::MemoryError, "out of memory".to_string()));
        assert_eq!(raised(rep("ab", 1 << 60)), (ExcKind::MemoryError, "out of memory".to_string()));
        assert_eq!(raised(rep("é", i64::MAX / 2)), (ExcKind::MemoryError, "out of memory".to_string()));
    }

    #[test]
    fn eq_and_compare() {
        let _g = shared();
        let ordered = ["", "a", "ab", "abc", "b", "z", "é", "éa", "日", "日本", "😀"];
        for (i, x) in ordered.iter().enumerate() {
            for (j, y) in ordered.iter().enumerate() {
                let (a, b) = (s(x), s(y));
                let want = (i as i32 - j as i32).signum();
                assert_eq!(unsafe { ferrojit_rt_str_compare(a.p(), b.p()) }, want, "{x:?} vs {y:?}");
                assert_eq!(unsafe { ferrojit_rt_str_eq(a.p(), b.p()) }, i32::from(i == j));
            }
        }
        let a = s("héllo");
        assert_eq!(unsafe { ferrojit_rt_str_eq(a.p(), a.p()) }, 1);
    }

    #[test]
    fn getitem() {
        let _g = shared();
        let at = |x: &str, i: i64| unsafe { ferrojit_rt_str_getitem(s(x).p(), i) };
        for text in TEXTS {
            let chars: Vec<char> = text.chars().collect();
            let n = chars.len() as i64;
            for i in -n..n {
                let k = if i < 0 { i + n } else { i } as usize;
                assert_eq!(take(at(text, i)), chars[k].to_string(), "{text:?}[{i}]");
            }
            for i in [n, n + 1, -n - 1, i64::MAX, i64::MIN] {
                assert_eq!(raised(at(text, i)), (ExcKind::IndexError, "string index out of range".to_string()));
            }
        }
        assert_eq!(take(at("héllo", 1)), "é");
        assert_eq!(take(at("日本語", -3)), "日");
        assert_eq!(take(at("a😀b", 1)), "😀");
    }

    /// Slicing as the language reference defines it, by walking the indices.
    fn reference_slice(chars: &[char], start: Option<i64>, stop: Option<i64>, step: i64) -> String {
        let (n, step) = (chars.len() as i128, step as i128);
        let norm = |i: i64| if i < 0 { i as i128 + n } else { i as i128 };
        let mut out = String::new();
        let (mut i, end) = if step > 0 {
            (start.map_or(0, |v| norm(v).clamp(0, n)), stop.map_or(n, |v| norm(v).clamp(0, n)))
        } else {
            (start.map_or(n - 1, |v| norm(v).clamp(-1, n - 1)), stop.map_or(-1, |v| norm(v).clamp(-1, n - 1)))
        };
        while (step > 0 && i < end) || (step < 0 && i > end) {
            out.push(chars[i as usize]);
            i += step;
        }
        out
    }

    #[test]
    fn slice_matches_the_reference_for_every_step_sign() {
        let _g = shared();
        let mut bounds: Vec<Option<i64>> = (-9..=9).map(Some).collect();
        bounds.extend([None, Some(i64::MIN + 1), Some(i64::MAX), Some(100), Some(-100)]);
        let steps = [1, 2, 3, 7, i64::MAX, -1, -2, -3, -7, -i64::MAX, i64::MIN];
        for text in TEXTS {
            let a = s(text);
            let chars: Vec<char> = text.chars().collect();
            for &start in &bounds {
                for &stop in &bounds {
                    for step in steps {
                        let got = unsafe {
                            ferrojit_rt_str_slice(a.p(), start.unwrap_or(STR_SLICE_NONE), stop.unwrap_or(STR_SLICE_NONE), step)
                        };
                        assert_eq!(take(got), reference_slice(&chars, start, stop, step), "{text:?}[{start:?}:{stop:?}:{step}]");
                    }
                }
            }
        }
    }

    #[test]
    fn slice_cases_from_cpython() {
        let _g = shared();
        const N: i64 = STR_SLICE_NONE;
        let a = s("héllo wörld");
        let cases = [
            (N, N, -1, "dlröw olléh"),
            (1, 8, 2, "él ö"),
            (-2, N, -3, "lwlh"),
            (3, N, 1, "lo wörld"),
            (N, -3, 1, "héllo wö"),
            (100, N, -1, "dlröw olléh"),
            (-100, 3, 1, "hél"),
            (8, 2, -2, "rwo"),
            (2, 8, -1, ""),
        ];
        for (start, stop, step, want) in cases {
            assert_eq!(take(unsafe { ferrojit_rt_str_slice(a.p(), start, stop, step) }), want);
        }
        let b = s("a😀日é");
        assert_eq!(take(unsafe { ferrojit_rt_str_slice(b.p(), N, N, -1) }), "é日😀a");
        assert_eq!(take(unsafe { ferrojit_rt_str_slice(b.p(), 1, 3, 1) }), "😀日");
        assert_eq!(take(unsafe { ferrojit_rt_str_slice(b.p(), N, N, 2) }), "a日");
        assert_eq!(take(unsafe { ferrojit_rt_str_slice(b.p(), -1, -5, -2) }), "é😀");
        for text in ["", "abc", "日本"] {
            let got = raised(unsafe { ferrojit_rt_str_slice(s(text).p(), N, N, 0) });
            assert_eq!(got, (ExcKind::ValueError, "slice step cannot be zero".to_string()));
        }
    }

    #[test]
    fn searching() {
        let _g = shared();
        // (hay, needle, in, find, count, startswith, endswith), as CPython.
        let cases: [(&str, &str, i32, i64, i64, i32, i32); 14] = [
            ("hello", "l", 1, 2, 2, 0, 0),
            ("hello", "", 1, 0, 6, 1, 1),
            ("", "", 1, 0, 1, 1, 1),
            ("", "a", 0, -1, 0, 0, 0),
            ("aaaa", "aa", 1, 0, 2, 1, 1),
            ("héllo wörld", "wö", 1, 6, 1, 0, 0),
            ("héllo wörld", "ld", 1, 9, 1, 0, 1),
            ("héllo wörld", "hé", 1, 0, 1, 1, 0),
            ("日本語日本", "本", 1, 1, 2, 0, 1),
            ("日本語日本", "語", 1, 2, 1, 0, 0),
            ("日本語", "", 1, 0, 4, 1, 1),
            ("a😀b😀", "😀", 1, 1, 2, 0, 1),
            ("abc", "abcd", 0, -1, 0, 0, 0),
            ("abc", "x", 0, -1, 0, 0, 0),
        ];
        for (hay, needle, inside, find, count, starts, ends) in cases {
            let (h, n) = (s(hay), s(needle));
            unsafe {
                assert_eq!(ferrojit_rt_str_contains(h.p(), n.p()), inside, "{needle:?} in {hay:?}");
                assert_eq!(ferrojit_rt_str_find(h.p(), n.p()), find, "{hay:?}.find({needle:?})");
                assert_eq!(ferrojit_rt_str_count(h.p(), n.p()), count, "{hay:?}.count({needle:?})");
                assert_eq!(ferrojit_rt_str_startswith(h.p(), n.p()), starts);
                assert_eq!(ferrojit_rt_str_endswith(h.p(), n.p()), ends);
            }
        }
    }

    #[test]
    fn strip() {
        let _g = shared();
        let st = |x: &str, chars: Option<&str>, which: i32| {
            let set = chars.map(s);
            take(unsafe { ferrojit_rt_str_strip(s(x).p(), set.as_ref().map_or(std::ptr::null(), S::p), which) })
        };
        let spaced =
            " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}";
        let text = format!("{spaced}héllo wörld{spaced}");
        assert_eq!(st(&text, None, 0), "héllo wörld");
        assert_eq!(st(&text, None, 1), format!("héllo wörld{spaced}"));
        assert_eq!(st(&text, None, 2), format!("{spaced}héllo wörld"));
        // Not whitespace for str.strip(): zero-width space, BOM, U+180E.
        assert_eq!(st("\u{200b}a\u{feff}\u{180e}", None, 0), "\u{200b}a\u{feff}\u{180e}");
        assert_eq!(st("  abc  ", None, 0), "abc");
        assert_eq!(st("   ", None, 0), "");
        assert_eq!(st("", None, 0), "");
        assert_eq!(st("xxéhixéx", Some("xé"), 0), "hi");
        assert_eq!(st("xxéhixéx", Some("xé"), 1), "hixéx");
        assert_eq!(st("xxéhixéx", Some("xé"), 2), "xxéhi");
        assert_eq!(st("日本語日", Some("日"), 0), "本語");
        assert_eq!(st("abc", Some(""), 0), "abc");
        assert_eq!(st("  abc  ", Some("ab"), 0), "  abc  ");
        assert_eq!(st("www.example.com", Some("cmowz."), 0), "example");
    }

    #[test]
    fn upper_and_lower() {
        let _g = shared();
        let up = |x: &str| take(unsafe { ferrojit_rt_str_upper(s(x).p()) });
        let low = |x: &str| take(unsafe { ferrojit_rt_str_lower(s(x).p()) });
        assert_eq!(up("Hello, World 1!"), "HELLO, WORLD 1!");
        assert_eq!(low("Hello, World 1!"), "hello, world 1!");
        assert_eq!(up("héllo"), "HÉLLO");
        assert_eq!(low("HÉLLO"), "héllo");
        assert_eq!(up("ß"), "SS");
        assert_eq!(up("ﬃ"), "FFI");
        assert_eq!(low("İ"), "i\u{307}");
        assert_eq!(up("日本語😀"), "日本語😀");
        assert_eq!(up(""), "");
        // Final sigma, as CPython 3.11 prints them.
        for (text, want) in
            [("ΑΣ", "ας"), ("ΑΣ Σ", "ας σ"), ("Σ", "σ"), ("ΑΣ.Β", "ασ.β"), ("ΑΣ'Β", "ασ'β"), ("AΣb", "aσb"), ("ΑΣ!", "ας!")]
        {
            assert_eq!(low(text), want, "{text:?}.lower()");
        }
    }

    #[test]
    fn replace() {
        let _g = shared();
        let rep = |x: &str, old: &str, new: &str, count: i64| {
            take(unsafe { ferrojit_rt_str_replace(s(x).p(), s(old).p(), s(new).p(), count) })
        };
        assert_eq!(rep("abc", "", "-", -1), "-a-b-c-");
        assert_eq!(rep("abc", "", "-", 2), "-a-bc");
        assert_eq!(rep("abc", "", "-", -5), "-a-b-c-");
        assert_eq!(rep("", "", "x", -1), "x");
        assert_eq!(rep("", "", "x", 0), "");
        assert_eq!(rep("aaaa", "aa", "b", -1), "bb");
        assert_eq!(rep("aaaa", "aa", "b", 1), "baa");
        assert_eq!(rep("aaaa", "a", "", -1), "");
        assert_eq!(rep("hello", "l", "LL", -1), "heLLLLo");
        assert_eq!(rep("hello", "z", "y", -1), "hello");
        assert_eq!(rep("日本日本", "日", "x", -1), "x本x本");
        assert_eq!(rep("héllo", "é", "😀😀", -1), "h😀😀llo");
        assert_eq!(rep("日本", "", "é", -1), "é日é本é");
        assert_eq!(rep("a😀b😀c", "😀", "", 1), "ab😀c");
    }

    #[test]
    fn join() {
        let _g = shared();
        let join = |sep: &str, items: &[&str]| {
            let owned: Vec<S> = items.iter().map(|t| s(t)).collect();
            let ptrs: Vec<*mut MemInfo> = owned.iter().map(|o| o.0).collect();
            take(unsafe { ferrojit_rt_str_join(s(sep).p(), ptrs.as_ptr(), ptrs.len() as i64) })
        };
        assert_eq!(join(", ", &["héllo", "日本語", "😀"]), "héllo, 日本語, 😀");
        assert_eq!(join("", &["a", "b", "c"]), "abc");
        assert_eq!(join("–", &["only"]), "only");
        assert_eq!(join("–", &[]), "");
        assert_eq!(join("日", &["", ""]), "日");
        let (a, sep) = (s("a"), s(", "));
        let items = [a.0, std::ptr::null_mut()];
        let got = raised(unsafe { ferrojit_rt_str_join(sep.p(), items.as_ptr(), 2) });
        assert_eq!(got, (ExcKind::TypeError, "sequence item 1: expected str instance, NoneType found".to_string()));
        assert_eq!(take(unsafe { ferrojit_rt_str_join(sep.p(), std::ptr::null(), 0) }), "");
    }

    #[test]
    fn from_int_and_bool() {
        let _g = shared();
        for v in [0, 1, -1, 9, 10, -10, 1234567, i64::MAX, i64::MIN, i64::MIN + 1] {
            assert_eq!(take(ferrojit_rt_str_from_int(v)), v.to_string());
        }
        assert_eq!(take(ferrojit_rt_str_from_int(i64::MIN)), "-9223372036854775808");
        assert_eq!(take(ferrojit_rt_str_from_bool(1)), "True");
        assert_eq!(take(ferrojit_rt_str_from_bool(0)), "False");
        assert_eq!(take(ferrojit_rt_str_from_bool(-7)), "True");
    }

    /// (bits of a double, CPython 3.11's `repr`), generated with CPython.
    #[rustfmt::skip]
    const FLOAT_REPRS: &[(u64, &str)] = &[
        // Ties between two shortest digit strings go to the even digit (x.25 -> x.2).
        (0x4303651cd2806ed2, "682399877828058.2"), (0xc2b0ffbc6d0c0490, "-18690563968004.562"),
        (0x42e0b19659947bb4, "146839341671389.62"), (0x43130e052ff96001, "1340860000000000.2"),
        (0xc3163d7f60b05da1, "-1565016694986600.2"), (0x42e87f128aafcf64, "215472407936635.12"),
        (0x0000000000000000, "0.0"), (0x8000000000000000, "-0.0"), (0x3ff0000000000000, "1.0"),
        (0xbff0000000000000, "-1.0"), (0x3fb999999999999a, "0.1"), (0x3fc999999999999a, "0.2"),
        (0x3fd3333333333333, "0.3"), (0x3fd3333333333334, "0.30000000000000004"),
        (0x3fe5555555555555, "0.6666666666666666"), (0x3fd5555555555555, "0.3333333333333333"),
        (0xbfe5555555555555, "-0.6666666666666666"), (0x3fe0000000000000, "0.5"), (0x3ff8000000000000, "1.5"),
        (0x4000000000000000, "2.0"), (0x4024000000000000, "10.0"), (0x4059000000000000, "100.0"),
        (0x400921fb54442d18, "3.141592653589793"), (0x4005bf0a8b145769, "2.718281828459045"),
        (0x430c6bf526340000, "1000000000000000.0"), (0x4341c37937e08000, "1e+16"), (0x4376345785d8a000, "1e+17"),
        (0x4341c37937e07fff, "9999999999999998.0"), (0x430c6bf52633ffff, "999999999999999.9"),
        (0x42dc12218377de40, "123456789012345.0"), (0x43118b54f22aeb00, "1234567890123456.0"),
        (0x437b69b4ba630f35, "1.2345678901234568e+17"), (0x43e56a95319d63e1, "1.2345678901234567e+19"),
        (0x3f1a36e2eb1c432d, "0.0001"), (0x3ee4f8b588e368f1, "1e-05"), (0x3f1cd5f99c38b04b, "0.00011"),
        (0x3f19f3c70c996b76, "9.9e-05"), (0x3f1a36e2eb1c432c, "9.999999999999999e-05"),
        (0x3f1a36e2eb1c4334, "0.0001000000000000001"), (0x0000000000000001, "5e-324"), (0x8000000000000001, "-5e-324"),
        (0x0000000000000002, "1e-323"), (0x0010000000000000, "2.2250738585072014e-308"),
        (0x000fffffffffffff, "2.225073858507201e-308"), (0x7fefffffffffffff, "1.7976931348623157e+308"),
        (0xffefffffffffffff, "-1.7976931348623157e+308"), (0x7fe1ccf385ebc8a0, "1e+308"), (0x000730d67819e8d2, "1e-308"),
        (0x54b249ad2594c37d, "1e+100"), (0x2b2bff2ee48e0530, "1e-100"), (0x7e41eb2d66005835, "1.5e+300"),
        (0x4480f0cf064dd592, "1e+22"), (0x44b52d02c7e14af6, "1e+23"), (0x444b1ae4d6e2ef50, "1e+21"),
        (0x4340000000000000, "9007199254740992.0"), (0x4340000000000001, "9007199254740994.0"),
        (0x43e0000000000000, "9.223372036854776e+18"), (0xc3e0000000000000, "-9.223372036854776e+18"),
        (0x43f0000000000000, "1.8446744073709552e+19"), (0x4330000000000000, "4503599627370496.0"),
        (0x4011666666666666, "4.35"), (0x3fb1eb851eb851ec, "0.07"), (0x3ff199999999999a, "1.1"),
        (0x4005666666666666, "2.675"), (0x41b1de784a000000, "299792458.0"), (0x44dfe185ca57c517, "6.02214076e+23"),
        (0x390b860bde023111, "6.62607015e-34"), (0x3c07a4da290c1653, "1.602176634e-19"), (0x4045000000000000, "42.0"),
        (0xc045400000000000, "-42.5"), (0x3e080d43de9cc603, "7e-10"), (0x40934a456d5cfaad, "1234.5678"),
        (0x3f50624dd2f1a9fc, "0.001"), (0x3f847ae147ae147b, "0.01"), (0x3eff75104d551d69, "3e-05"),
        (0x3ee9cb8320b15070, "1.23e-05"), (0x430c6bf52633fff8, "999999999999999.0"),
        (0x4040aaaaaaaaaaab, "33.333333333333336"), (0x4341c37937e08001, "1.0000000000000002e+16"),
        (0x4331c37937e08000, "5000000000000000.0"), (0x3e7ad7f29abcaf48, "1e-07"),
        (0x3ff0000000000001, "1.0000000000000002"), (0x3fefffffffffffff, "0.9999999999999999"),
        (0x7fe0000000000000, "8.98846567431158e+307"), (0x00000000000007e8, "1e-320"), (0x4004000000000000, "2.5"),
        (0xc004000000000000, "-2.5"), (0x40f0000000000000, "65536.0"), (0x3f1f75104d551d69, "0.00012"),
        (0x42dc1221836bd000, "123456789000000.0"), (0x434aa535d3d0c000, "1.5e+16"),
        (0x3f202e85be111841, "0.000123456789"), (0x3bc79ca10c924223, "1e-20"), (0xbbcd83c94fb6d2ac, "-1.25e-20"),
        (0x3bfd83c94fb6d2ac, "1e-19"), (0xbc02725dd1d243ac, "-1.25e-19"), (0x3c32725dd1d243ac, "1e-18"),
        (0xbc370ef54646d497, "-1.25e-18"), (0x3c670ef54646d497, "1e-17"), (0xbc6cd2b297d889bd, "-1.2500000000000001e-17"),
        (0x3c9cd2b297d889bc, "1e-16"), (0xbca203af9ee75616, "-1.25e-16"), (0x3cd203af9ee75616, "1e-15"),
        (0xbcd6849b86a12b9c, "-1.2500000000000002e-15"), (0x3d06849b86a12b9b, "1e-14"), (0xbd0c25c268497682, "-1.25e-14"),
        (0x3d3c25c268497682, "1e-13"), (0xbd419799812dea11, "-1.25e-13"), (0x3d719799812dea11, "1e-12"),
        (0xbd75fd7fe1796495, "-1.25e-12"), (0x3da5fd7fe1796495, "1e-11"), (0xbdab7cdfd9d7bdba, "-1.2499999999999999e-11"),
        (0x3ddb7cdfd9d7bdbb, "1e-10"), (0xbde12e0be826d695, "-1.25e-10"), (0x3e112e0be826d695, "1e-09"),
        (0xbe15798ee2308c3a, "-1.25e-09"), (0x3e45798ee2308c3a, "1e-08"), (0xbe4ad7f29abcaf48, "-1.25e-08"),
        (0xbe80c6f7a0b5ed8d, "-1.25e-07"), (0x3eb0c6f7a0b5ed8d, "1e-06"), (0xbeb4f8b588e368f0, "-1.2499999999999999e-06"),
        (0xbeea36e2eb1c432d, "-1.25e-05"), (0xbf20624dd2f1a9fc, "-0.000125"), (0xbf547ae147ae147b, "-0.00125"),
        (0xbf8999999999999a, "-0.0125"), (0xbfc0000000000000, "-0.125"), (0xbff4000000000000, "-1.25"),
        (0xc029000000000000, "-12.5"), (0xc05f400000000000, "-125.0"), (0x408f400000000000, "1000.0"),
        (0xc093880000000000, "-1250.0"), (0x40c3880000000000, "10000.0"), (0xc0c86a0000000000, "-12500.0"),
        (0x40f86a0000000000, "100000.0"), (0xc0fe848000000000, "-125000.0"), (0x412e848000000000, "1000000.0"),
        (0xc13312d000000000, "-1250000.0"), (0x416312d000000000, "10000000.0"), (0xc167d78400000000, "-12500000.0"),
        (0x4197d78400000000, "100000000.0"), (0xc19dcd6500000000, "-125000000.0"), (0x41cdcd6500000000, "1000000000.0"),
        (0xc1d2a05f20000000, "-1250000000.0"), (0x4202a05f20000000, "10000000000.0"),
        (0xc2074876e8000000, "-12500000000.0"), (0x42374876e8000000, "100000000000.0"),
        (0xc23d1a94a2000000, "-125000000000.0"), (0x426d1a94a2000000, "1000000000000.0"),
        (0xc272309ce5400000, "-1250000000000.0"), (0x42a2309ce5400000, "10000000000000.0"),
        (0xc2a6bcc41e900000, "-12500000000000.0"), (0x42d6bcc41e900000, "100000000000000.0"),
        (0xc2dc6bf526340000, "-125000000000000.0"), (0xc311c37937e08000, "-1250000000000000.0"),
        (0xc346345785d8a000, "-1.25e+16"), (0xc37bc16d674ec800, "-1.25e+17"), (0x43abc16d674ec800, "1e+18"),
        (0xc3b158e460913d00, "-1.25e+18"), (0x43e158e460913d00, "1e+19"), (0xc3e5af1d78b58c40, "-1.25e+19"),
        (0x4415af1d78b58c40, "1e+20"), (0xc41b1ae4d6e2ef50, "-1.25e+20"), (0xc450f0cf064dd592, "-1.25e+21"),
        (0xc4852d02c7e14af6, "-1.25e+22"), (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
        (0xc4ba784379d99db5, "-1.2500000000000001e+23"), (0x44ea784379d99db4, "1e+24"),
        (0xc4f08b2a2c280290, "-1.2499999999999998e+24"), (0xdda1494c73cf256d, "-1.0539756485530688e+143"),
        (0xdb5b5fab8f4d3e27, "-1.2143721666352482e+132"), (0xc7fde805ec99108d, "-6.360375184993316e+38"),
        (0x73ab48767734d7c1, "1.526087629730313e+249"), (0xdae445508201e2bd, "-7.02551513787579e+129"),
        (0x309d6b79965eda32, "1.6260771785726701e-74"), (0xcdcc69292f45e678, "-5.984009685093657e+66"),
        (0x79cb9e86830c71c2, "4.8959585264576934e+278"), (0x9d2c67eda13ffe79, "-3.7634144828029947e-168"),
        (0x2fa91425cb008853, "4.2301541954837196e-79"), (0x7253edc618187993, "5.315422088462547e+242"),
        (0x244caf9c4dabb481, "7.893354548061464e-134"), (0x89e7d15f17362f25, "-6.0511296129096725e-261"),
        (0xe3eff9c0cf44dd3f, "-2.471417988383651e+173"), (0xa26b7f62b1852f27, "-7.046717376279707e-143"),
        (0x986e86cb0ab8ab67, "-5.352667702512672e-191"), (0x656abd72fb710734, "3.467443581611296e+180"),
        (0x73f778aaf6fa5db8, "4.201212419249933e+250"), (0xbd299753a7677796, "-4.545896140860994e-14"),
        (0xa66b0d389d95847e, "-1.278808376866442e-123"), (0x9f8558a628518867, "-7.773821756658801e-157"),
        (0xd4ea65d003d71684, "-1.1547680013076696e+101"), (0x102b938b8743feb6, "8.88116792998917e-231"),
        (0x09208a650f3ebdd3, "1.0259476444142278e-264"), (0xe12b2b8f30b17d0b, "-1.1937126864956989e+160"),
        (0x998092253deffa38, "-7.616900394922395e-186"), (0xc7321cc007b37e14, "-9.404446511312006e+34"),
        (0x5387f61376c468ae, "2.4990667113411633e+94"), (0x97491e2370c6a5b8, "-1.6800925191972358e-196"),
        (0x320094ead7a94ded, "7.688121853400444e-68"), (0x3bd0334684e55160, "1.3722183439346506e-20"),
        (0x4b4d8474a3ea284d, "5.654411402250841e+54"), (0x012d0ea67ff12229, "5.2964948879303666e-303"),
        (0x15c1d2dfa9964aef, "7.106101800028059e-204"), (0xa7a1149075139237, "-8.466578551422606e-118"),
        (0x6822a6b24735af1c, "4.254739997646274e+193"), (0x8d1fe1daff666589, "-1.82394811931708e-245"),
        (0xee82ec3ffee5a5b2, "-2.1888367315112703e+224"), (0x154cd2aad7185dda, "4.48880712297644e-206"),
        (0x4105cca7b53302fc, "178580.96347620327"), (0xc1168c96438d59f4, "-369445.5659689002"),
        (0xc1207ff864c0e5af, "-540668.1967841889"), (0xc119c0806be68816, "-421920.1053715957"),
        (0xc12a3b4200735cdf, "-859553.0008801481"), (0x412040bf8baf2b74, "532575.772820814"),
        (0xc10851031f0dc9d0, "-199200.3901630179"), (0x4125275e7cce6b72, "693167.2437623574"),
        (0xc10bb4e77e21eb04, "-226972.936588131"), (0x412bf4e98884fd3c, "916084.766639627"),
        (0x412532b717dcb0bc, "694619.5466056089"), (0xc12e7bfc40748129, "-998910.125888859"),
        (0xc121b7aa57511eee, "-580565.1705407777"), (0x41290a7fb660f14a, "820543.8562083628"),
        (0xc0ed4f2e55cac660, "-60025.44797266717"), (0x412d519bc3c33192, "960717.8823485842"),
        (0xc1090af9ca6d6134, "-205151.22384143772"), (0xc12a0f469fea0f21, "-853923.3123326042"),
        (0x410f9aee9882b440, "258909.8244680483"), (0x4120ffbb6f48ee94, "557021.7173533016"),
        (0xc11c1a834e21832c, "-460448.8262997146"), (0xc12932df34e32b31, "-825711.6032956598"),
        (0xc1146fb2ff0d127e, "-334828.7490733041"), (0x412c5330ddcac174, "928152.433187528"),
        (0x411f7fc422cd9fb4, "516081.0339875177"), (0xc12750e148463dc4, "-764016.6411608984"),
        (0xc11ef56068aab7fb, "-507224.10221374006"), (0xc12859a6c3a0da7f, "-797907.3820865898"),
        (0xc12adcaa63636a15, "-880213.1941178465"), (0x412220f60c20d3a6, "594043.0236879482"),
        (0xc123ac477cb99148, "-644643.7436032677"), (0xc3644bab39cb8114, "-4.57015865227368e+16"),
        (0x4364b9d1a2a00dfa, "4.667047649531899e+16"), (0x4352815270ff43c3, "2.0834962655481612e+16"),
        (0x4342d86123a041d9, "1.0608922603848626e+16"), (0x4348877c6024bbe0, "1.3808735399540672e+16"),
        (0xc3762ca06270ba29, "-9.986426952926069e+16"), (0x436f763dce044c09, "7.084585679600852e+16"),
        (0xc374f2b657b037ad, "-9.434183205358664e+16"), (0xc3646eff04f31ca2, "-4.601232890376322e+16"),
        (0x4370532117d2e71d, "7.352001961750984e+16"),
    ];

    #[test]
    fn from_float_is_cpythons_repr() {
        let _g = shared();
        for &(bits, want) in FLOAT_REPRS {
            let v = f64::from_bits(bits);
            assert_eq!(float_repr(v), want, "bits {bits:#x}");
            assert_eq!(take(ferrojit_rt_str_from_float(v)), want);
        }
        for (v, want) in [(f64::INFINITY, "inf"), (f64::NEG_INFINITY, "-inf"), (f64::NAN, "nan"), (-f64::NAN, "nan")] {
            assert_eq!(take(ferrojit_rt_str_from_float(v)), want);
        }
    }

    #[test]
    fn predicates() {
        let _g = shared();
        // (text, [isdigit, isalpha, isalnum, isspace, isupper, islower]), as CPython 3.11.
        let cases: [(&str, [i32; 6]); 29] = [
            ("", [0, 0, 0, 0, 0, 0]),
            ("abc", [0, 1, 1, 0, 0, 1]),
            ("ABC", [0, 1, 1, 0, 1, 0]),
            ("aBc", [0, 1, 1, 0, 0, 0]),
            ("123", [1, 0, 1, 0, 0, 0]),
            ("²", [1, 0, 1, 0, 0, 0]),
            ("½", [0, 0, 1, 0, 0, 0]),
            ("一二", [0, 1, 1, 0, 0, 0]),
            ("٣٤", [1, 0, 1, 0, 0, 0]),
            ("हिन्दी", [0, 0, 0, 0, 0, 0]),
            ("héllo", [0, 1, 1, 0, 0, 1]),
            ("HÉLLO", [0, 1, 1, 0, 1, 0]),
            ("ǅA", [0, 1, 1, 0, 0, 0]),
            ("ǅa", [0, 1, 1, 0, 0, 0]),
            (" \t\x1c\u{85}\u{3000}", [0, 0, 0, 1, 0, 0]),
            ("a b", [0, 0, 0, 0, 0, 1]),
            ("ß", [0, 1, 1, 0, 0, 1]),
            ("Σ", [0, 1, 1, 0, 1, 0]),
            ("123abc", [0, 0, 1, 0, 0, 1]),
            ("abc!", [0, 0, 0, 0, 0, 1]),
            ("日本語", [0, 1, 1, 0, 0, 0]),
            ("😀", [0, 0, 0, 0, 0, 0]),
            ("ⅷ", [0, 0, 1, 0, 0, 1]),
            ("Ⅷ", [0, 0, 1, 0, 1, 0]),
            ("ΑΣ", [0, 1, 1, 0, 1, 0]),
            ("ς", [0, 1, 1, 0, 0, 1]),
            ("\u{301}", [0, 0, 0, 0, 0, 0]),
            ("Ab1", [0, 0, 1, 0, 0, 0]),
            ("١٢٣abc", [0, 0, 1, 0, 0, 1]),
        ];
        for (text, want) in cases {
            let a = s(text);
            let got = unsafe {
                [
                    ferrojit_rt_str_isdigit(a.p()),
                    ferrojit_rt_str_isalpha(a.p()),
                    ferrojit_rt_str_isalnum(a.p()),
                    ferrojit_rt_str_isspace(a.p()),
                    ferrojit_rt_str_isupper(a.p()),
                    ferrojit_rt_str_islower(a.p()),
                ]
            };
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for table in [tables::ALPHA, tables::NUMERIC, tables::DIGIT, tables::TITLECASE] {
            assert!(table.iter().all(|&(lo, hi)| lo <= hi));
            assert!(table.windows(2).all(|w| w[0].1 < w[1].0));
        }
        // Every ASCII entry agrees with the ASCII fast paths.
        for b in 0u8..128 {
            let c = b as char;
            assert_eq!(in_table(tables::ALPHA, c), b.is_ascii_alphabetic());
            assert_eq!(in_table(tables::DIGIT, c), b.is_ascii_digit());
            assert_eq!(in_table(tables::ALPHA, c) || in_table(tables::NUMERIC, c), b.is_ascii_alphanumeric());
        }
    }

    #[test]
    fn symbols_are_listed_once() {
        let syms = string_symbols();
        let mut names: Vec<&str> = syms.iter().map(|&(n, _)| n).collect();
        assert!(names.iter().all(|n| n.starts_with("ferrojit_rt_str_")));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), syms.len());
        assert!(syms.iter().all(|&(_, addr)| addr != 0));
    }

    /// Every helper returns strings with one reference, and releasing them (and the
    /// inputs) frees everything, on success and on failure.
    #[test]
    fn no_leaks() {
        let _g = exclusive();
        let before = live_allocations();
        {
            let (a, b, sp) = (s("héllo wörld"), s("ö"), s(" "));
            let items = [a.0, b.0, sp.0];
            let made = unsafe {
                [
                    ferrojit_rt_str_concat(a.p(), b.p()),
                    ferrojit_rt_str_repeat(a.p(), 3),
                    ferrojit_rt_str_getitem(a.p(), -2),
                    ferrojit_rt_str_slice(a.p(), 1, STR_SLICE_NONE, -2),
                    ferrojit_rt_str_strip(a.p(), std::ptr::null(), 0),
                    ferrojit_rt_str_upper(a.p()),
                    ferrojit_rt_str_lower(a.p()),
                    ferrojit_rt_str_replace(a.p(), b.p(), sp.p(), -1),
                    ferrojit_rt_str_join(sp.p(), items.as_ptr(), 3),
                    ferrojit_rt_str_from_int(-42),
                    ferrojit_rt_str_from_float(0.1),
                    ferrojit_rt_str_from_bool(1),
                    str_from_text("x"),
                ]
            };
            assert_eq!(live_allocations(), before + 3 + made.len() as i64);
            for p in made {
                take(p);
            }
            // Failures allocate nothing.
            unsafe {
                raised(ferrojit_rt_str_getitem(a.p(), 99));
                raised(ferrojit_rt_str_slice(a.p(), 0, 1, 0));
                raised(ferrojit_rt_str_repeat(a.p(), 1 << 60));
            }
            assert_eq!(live_allocations(), before + 3);
        }
        assert_eq!(live_allocations(), before);
    }
}
