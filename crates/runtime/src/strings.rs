//! Run-time Python `str` for compiled code: building strings (literals, `str(int)`,
//! `repr(float)`, `str(bool)`), concatenation and repetition, comparison, `len`,
//! indexing and slicing, searching, stripping, case mapping, `replace`, `join` and the
//! `is...` predicates, each with CPython 3.11's results and exceptions.
//!
//! **ABI.** A string is a [`MemInfo`] from [`alloc_compact`] whose data block holds an
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

use crate::alloc::{alloc_compact, MemInfo};
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
    let mi = alloc_compact(size);
    if mi.is_null() {
        return None;
    }
    // SAFETY: a fresh allocation of `size` bytes of 16-byte-aligned data.
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

/// A new string holding `sub`, a piece of string `parent` (for `str.split`); null with
/// MemoryError raised when the memory cannot be had.
///
/// # Safety
/// `parent` is a live string and `sub` a piece of its text.
pub(crate) unsafe fn piece_of(parent: *const MemInfo, sub: &str) -> *mut MemInfo {
    // SAFETY: per the contract.
    let chars = unsafe { *((*parent).data as *const i64) } as usize;
    let ascii = chars == unsafe { str_text(parent) }.len();
    let n = if ascii { sub.len() } else { sub.chars().count() };
    build(n, sub.len(), |w| w.push(sub.as_bytes()))
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
pub(crate) fn is_py_space(c: char) -> bool {
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

/// A 64-bit hash of `a`'s UTF-8 bytes, for the hash tables of compiled dicts: equal
/// strings hash alike (it is not CPython's `hash`, which is salted per process). Eight
/// bytes at a time, each word mixed by a multiply and a rotation, the length folded in,
/// then MurmurHash3's 64-bit finaliser.
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_hash(a: *const MemInfo) -> i64 {
    // SAFETY: the caller's promise.
    let bytes = unsafe { view(a) }.text.as_bytes();
    let mut h: u64 = 0x243F_6A88_85A3_08D3 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        h = (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^= h >> 33;
    h as i64
}

/// CPython's siphash13 key (`_Py_HashSecret.siphash`), set by `set_hash_secret` when the
/// interpreter's string hash is siphash13 with this key; `None` until then.
static HASH_SECRET: std::sync::OnceLock<(u64, u64)> = std::sync::OnceLock::new();

/// Record CPython's string-hash key (the first call wins) if, with it, [`pyhash`] gives
/// each sample text its hash (`hash()` of it in this interpreter); whether it did.
pub fn set_hash_secret(k0: u64, k1: u64, samples: &[(String, i64)]) -> bool {
    if samples.is_empty() || samples.iter().any(|(t, h)| pyhash(k0, k1, t) != *h) {
        return false;
    }
    let _ = HASH_SECRET.set((k0, k1));
    true
}

/// Whether CPython's string-hash key is known.
pub fn has_hash_secret() -> bool {
    HASH_SECRET.get().is_some()
}

/// CPython 3.11's siphash13 (Python/pyhash.c) of `data` with key (k0, k1).
fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v2 = v2.wrapping_add(*v3);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v1);
        *v0 = v0.wrapping_add(*v3);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let m = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let rest = chunks.remainder();
    let mut t = [0u8; 8];
    t[..rest.len()].copy_from_slice(rest);
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(t);
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    for _ in 0..3 {
        round(&mut v0, &mut v1, &mut v2, &mut v3);
    }
    (v0 ^ v1) ^ (v2 ^ v3)
}

/// CPython's `hash(a)`: siphash13 of the string's canonical buffer (one byte per
/// character up to U+00FF, two up to U+FFFF, else four; little-endian), 0 for "", -2
/// for -1. Without the key (see [`set_hash_secret`]) the runtime's own hash.
///
/// # Safety
/// `a` must be a live string.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_pyhash(a: *const MemInfo) -> i64 {
    let Some(&(k0, k1)) = HASH_SECRET.get() else {
        // SAFETY: the caller's promise.
        return unsafe { ferrojit_rt_str_hash(a) };
    };
    // SAFETY: the caller's promise.
    pyhash(k0, k1, unsafe { view(a) }.text)
}

/// CPython's hash of `text` with the siphash13 key (k0, k1).
pub fn pyhash(k0: u64, k1: u64, text: &str) -> i64 {
    if text.is_empty() {
        return 0;
    }
    let widest = text.chars().map(|c| c as u32).max().unwrap_or(0);
    let h = if widest < 0x100 && !text.is_ascii() {
        let buf: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        siphash13(k0, k1, &buf)
    } else if widest < 0x100 {
        siphash13(k0, k1, text.as_bytes())
    } else if widest < 0x1_0000 {
        let buf: Vec<u8> = text.chars().flat_map(|c| (c as u32 as u16).to_le_bytes()).collect();
        siphash13(k0, k1, &buf)
    } else {
        let buf: Vec<u8> = text.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
        siphash13(k0, k1, &buf)
    } as i64;
    if h == -1 {
        -2
    } else {
        h
    }
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
        ("ferrojit_rt_str_hash", ferrojit_rt_str_hash as *const () as usize),
        ("ferrojit_rt_str_pyhash", ferrojit_rt_str_pyhash as *const () as usize),
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
#[path = "strings_tables.rs"]
mod tables;

#[cfg(test)]
#[path = "strings_tests.rs"]
pub(crate) mod tests;

#[cfg(test)]
mod pyhash_tests {
    #[test]
    fn cpythons_hash_with_the_zero_key() {
        // `PYTHONHASHSEED=0 python3.11 -c 'print(hash(s))'` (the key is zero then): every
        // width of the canonical buffer (Latin-1, UCS-2, UCS-4), a tail, several words
        let cases = [
            ("", 0),
            ("a", 4644417185603328019),
            ("ferrojit!", 4824016461852796885),
            ("é", 6047309291227476195),
            ("€uro", 7542247858446192590),
            ("\u{1F600} x", -4799405777759393172),
            (&"x".repeat(37), -2549365246187059108),
        ];
        for (text, want) in cases {
            assert_eq!(super::pyhash(0, 0, text), want, "{text:?}");
        }
    }
}
