//! Lists: growable arrays of items of one type, reference counted.
//!
//! **ABI.** A list is a [`MemInfo`] from [`crate::alloc::alloc_compact`] whose data block is a
//! [`ListHeader`]: `len`, `cap`, the `items` buffer (a separate `malloc`, grown by
//! doubling), the number of 8-byte `words` each item takes (its slot form: every scalar
//! leaf one word, as in the bindings' argument slots), and `ref_mask`, the words of an
//! item that hold a reference (a string's, a nested list's or an array's `MemInfo`
//! pointer, possibly null). Generated code reads `len` (offset 0) and `items` (offset
//! 16) and loads and stores items itself; it calls here to make lists, to grow them and
//! to move items. The block's destructor (`MemInfo::dtor`) releases every item's
//! references and frees the buffer, so a list is freed like any other block, by whoever
//! drops its last reference (generated code, the bindings).
//!
//! A list never shrinks its buffer; `len <= cap` always, and only `0..len` is live.

use crate::alloc::{alloc_compact, release, MemInfo};
use crate::exceptions::ferrojit_rt_raise;
use ferrojit_ir::ExcKind;

fn raise_kind(kind: ExcKind, msg: &str) {
    // SAFETY: `msg` is `msg.len()` readable bytes.
    unsafe { ferrojit_rt_raise(kind.code(), msg.as_ptr(), msg.len()) };
}

#[repr(C)]
pub struct ListHeader {
    pub len: i64,
    pub cap: i64,
    pub items: *mut u64,
    pub words: i64,
    pub ref_mask: u64,
}

/// The header of a list block.
///
/// # Safety
/// `mi` must be a live list from [`ferrojit_rt_list_new`].
pub unsafe fn header<'a>(mi: *const MemInfo) -> &'a mut ListHeader {
    // SAFETY: per the contract, the data block holds a ListHeader.
    unsafe { &mut *((*mi).data as *mut ListHeader) }
}

unsafe extern "C" fn list_dtor(mi: *mut MemInfo) {
    // SAFETY: the destructor is only set on list blocks.
    let h = unsafe { header(mi) };
    if h.ref_mask != 0 {
        for i in 0..h.len {
            // SAFETY: items 0..len are live.
            unsafe { release_item(h, i) };
        }
    }
    if !h.items.is_null() {
        // SAFETY: the buffer came from libc::malloc/realloc.
        unsafe { libc::free(h.items as *mut libc::c_void) };
    }
    h.items = std::ptr::null_mut();
    h.len = 0;
}

unsafe fn item_words(h: &ListHeader, i: i64) -> *mut u64 {
    // SAFETY: per the callers, i < cap.
    unsafe { h.items.add((i * h.words) as usize) }
}

/// Release the references item `i` holds.
unsafe fn release_item(h: &ListHeader, i: i64) {
    let w = unsafe { item_words(h, i) };
    for bit in 0..h.words.min(64) {
        if h.ref_mask & (1 << bit) != 0 {
            // SAFETY: a reference word holds a MemInfo pointer or null.
            unsafe { release(*w.add(bit as usize) as *mut MemInfo) };
        }
    }
}

/// Take one more reference to what item `i` holds (before handing a copy of it out).
///
/// # Safety
/// `mi` is a live list and `i < len`.
pub unsafe fn ferrojit_list_incref_item(mi: *const MemInfo, i: i64) {
    let h = unsafe { header(mi) };
    let w = unsafe { item_words(h, i) };
    for bit in 0..h.words.min(64) {
        if h.ref_mask & (1 << bit) != 0 {
            let r = unsafe { *w.add(bit as usize) } as *mut MemInfo;
            if !r.is_null() {
                // SAFETY: a live block.
                // SAFETY: as above; atomic, as a parallel program's threads share blocks.
                unsafe { (*(std::ptr::addr_of_mut!((*r).refcount) as *const std::sync::atomic::AtomicI64)).fetch_add(1, std::sync::atomic::Ordering::Relaxed) };
            }
        }
    }
}

/// A new empty list of items of `words` words (references at the `ref_mask` words)
/// with room for `cap` items. Null when out of memory (the caller raises MemoryError).
#[no_mangle]
pub extern "C" fn ferrojit_rt_list_new(words: i64, ref_mask: i64, cap: i64) -> *mut MemInfo {
    let mi = alloc_compact(std::mem::size_of::<ListHeader>() as i64);
    if mi.is_null() {
        return mi;
    }
    // SAFETY: a fresh block large enough for the header.
    unsafe {
        ((*mi).data as *mut ListHeader).write(ListHeader { len: 0, cap: 0, items: std::ptr::null_mut(), words, ref_mask: ref_mask as u64 });
        (*mi).dtor = Some(list_dtor);
    }
    // SAFETY: the list just made.
    if cap > 0 && unsafe { ferrojit_rt_list_reserve(mi, cap) } != 0 {
        // SAFETY: ours.
        unsafe { release(mi) };
        return std::ptr::null_mut();
    }
    mi
}

/// Make room for `need` items (doubling). 0 on success; -1 with MemoryError raised.
///
/// # Safety
/// `mi` must be a live list block (generated code passes one).
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_list_reserve(mi: *mut MemInfo, need: i64) -> i32 {
    // SAFETY: a live list, as promised by the caller.
    let h = unsafe { header(mi) };
    if need <= h.cap {
        return 0;
    }
    let cap = need.max(h.cap.saturating_mul(2)).max(4);
    let bytes = (cap as u128) * (h.words.max(1) as u128) * 8;
    if bytes > isize::MAX as u128 / 2 {
        raise_kind(ExcKind::MemoryError, "out of memory");
        return -1;
    }
    // SAFETY: realloc of our own buffer (or of null).
    let p = unsafe { libc::realloc(h.items as *mut libc::c_void, bytes as usize) } as *mut u64;
    if p.is_null() {
        raise_kind(ExcKind::MemoryError, "out of memory");
        return -1;
    }
    h.items = p;
    h.cap = cap;
    0
}

/// Remove item `i` (its references already taken by the caller): later items move down.
#[no_mangle]
pub extern "C" fn ferrojit_rt_list_remove_at(mi: *mut MemInfo, i: i64) {
    // SAFETY: generated code passes a live list and 0 <= i < len.
    let h = unsafe { header(mi) };
    let w = h.words as usize;
    let after = (h.len - i - 1) as usize;
    // SAFETY: within the live items.
    unsafe { std::ptr::copy(item_words(h, i + 1), item_words(h, i), after * w) };
    h.len -= 1;
}

/// Open a hole at `i` (0 <= i <= len): later items move up, `len` grows by one; the
/// caller stores the new item there. 0 on success; -1 with MemoryError raised.
#[no_mangle]
pub extern "C" fn ferrojit_rt_list_insert_at(mi: *mut MemInfo, i: i64) -> i32 {
    // SAFETY: generated code passes a live list.
    let len = unsafe { header(mi) }.len;
    // SAFETY: generated code passes a live list.
    if unsafe { ferrojit_rt_list_reserve(mi, len + 1) } != 0 {
        return -1;
    }
    let h = unsafe { header(mi) };
    let w = h.words as usize;
    // SAFETY: the buffer has room for len + 1 items.
    unsafe { std::ptr::copy(item_words(h, i), item_words(h, i + 1), (len - i) as usize * w) };
    h.len += 1;
    0
}

/// `s.split(sep, maxsplit)` (`sep` null: runs of whitespace, as CPython): a new list of
/// strings; null with the exception raised (`ValueError: empty separator`, MemoryError).
///
/// # Safety
/// `s` (and `sep` unless null) are live strings.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_str_split(s: *const MemInfo, sep: *const MemInfo, maxsplit: i64) -> *mut MemInfo {
    // SAFETY: per the contract.
    let text = unsafe { crate::strings::str_text(s as *mut MemInfo) };
    let sep_text = if sep.is_null() {
        None
    } else {
        // SAFETY: per the contract.
        let t = unsafe { crate::strings::str_text(sep as *mut MemInfo) };
        if t.is_empty() {
            raise_kind(ExcKind::ValueError, "empty separator");
            return std::ptr::null_mut();
        }
        Some(t)
    };
    let list = ferrojit_rt_list_new(1, 1, 0);
    if list.is_null() {
        raise_kind(ExcKind::MemoryError, "out of memory");
        return list;
    }
    let mut failed = false;
    split_pieces(text, sep_text, maxsplit, |p| {
        if failed {
            return;
        }
        // SAFETY: `p` is a piece of `s`'s text.
        let item = unsafe { crate::strings::piece_of(s, p) };
        // SAFETY: a live list; room is made before the store.
        let len = unsafe { header(list) }.len;
        // SAFETY: the live list being built.
        if item.is_null() || unsafe { ferrojit_rt_list_reserve(list, len + 1) } != 0 {
            // SAFETY: the piece is ours (null is ignored).
            unsafe { release(item) };
            failed = true;
            return;
        }
        let h = unsafe { header(list) };
        unsafe { *item_words(h, h.len) = item as u64 };
        h.len += 1;
    });
    if failed {
        // SAFETY: ours (the pieces made so far go with it); MemoryError is raised.
        unsafe { release(list) };
        return std::ptr::null_mut();
    }
    list
}

/// CPython's `str.split(sep, maxsplit)` pieces of `text`, in order (`sep` None: runs of
/// whitespace, leading and trailing ones ignored).
fn split_pieces<'a>(text: &'a str, sep: Option<&str>, maxsplit: i64, mut emit: impl FnMut(&'a str)) {
    match sep {
        None => {
            // Scan bytes: ASCII decides at once, other characters are decoded (CPython's
            // whitespace set includes some non-ASCII spaces).
            let bytes = text.as_bytes();
            let n = bytes.len();
            // The width of the whitespace character at `i`, or 0 if it is not one.
            let space = |i: usize| -> usize {
                let b = bytes[i];
                if b < 0x80 {
                    return matches!(b, 9..=13 | 28..=32) as usize;
                }
                let c = text[i..].chars().next().unwrap_or('\0');
                if crate::strings::is_py_space(c) { c.len_utf8() } else { 0 }
            };
            let (mut i, mut pieces) = (0usize, 0i64);
            loop {
                while i < n {
                    let w = space(i);
                    if w == 0 {
                        break;
                    }
                    i += w;
                }
                if i >= n {
                    return;
                }
                if maxsplit >= 0 && pieces == maxsplit {
                    // CPython keeps the rest as it is after its leading whitespace.
                    emit(&text[i..]);
                    return;
                }
                let start = i;
                while i < n {
                    let b = bytes[i];
                    if b < 0x80 {
                        if matches!(b, 9..=13 | 28..=32) {
                            break;
                        }
                        i += 1;
                    } else if space(i) != 0 {
                        break;
                    } else {
                        i += text[i..].chars().next().map_or(1, char::len_utf8);
                    }
                }
                emit(&text[start..i]);
                pieces += 1;
            }
        }
        Some(sep) if maxsplit >= 0 => text.splitn(maxsplit as usize + 1, sep).for_each(emit),
        Some(sep) => text.split(sep).for_each(emit),
    }
}

/// Sort a list of one-word numbers in place, stably, in CPython's order (`reverse`: as
/// CPython, the equal items keep their order). `kind`: 0 int64, 1 uint64, 2 float64.
/// Returns 0 without touching the list when a float is NaN (CPython's order is then
/// its merge pattern's: the caller sorts by comparisons instead), else 1.
#[no_mangle]
pub extern "C" fn ferrojit_rt_list_sort(mi: *mut MemInfo, kind: i32, reverse: i32) -> i32 {
    // SAFETY: generated code passes a live list of one-word items.
    let h = unsafe { header(mi) };
    if h.len < 2 {
        return 1;
    }
    // SAFETY: the live items, one word each.
    let words = unsafe { std::slice::from_raw_parts_mut(h.items, h.len as usize) };
    if kind == 2 && words.iter().any(|w| f64::from_bits(*w).is_nan()) {
        return 0;
    }
    if reverse != 0 {
        words.reverse();
    }
    match kind {
        0 => words.sort_by_key(|w| *w as i64),
        1 => words.sort(),
        // No NaN: `partial_cmp` is a total order here, and -0.0 == 0.0 keep their order.
        _ => words.sort_by(|a, b| f64::from_bits(*a).partial_cmp(&f64::from_bits(*b)).unwrap_or(std::cmp::Ordering::Equal)),
    }
    if reverse != 0 {
        words.reverse();
    }
    1
}

pub fn list_symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("ferrojit_rt_list_new", ferrojit_rt_list_new as *const () as usize),
        ("ferrojit_rt_list_reserve", ferrojit_rt_list_reserve as *const () as usize),
        ("ferrojit_rt_list_remove_at", ferrojit_rt_list_remove_at as *const () as usize),
        ("ferrojit_rt_list_insert_at", ferrojit_rt_list_insert_at as *const () as usize),
        ("ferrojit_rt_str_split", ferrojit_rt_str_split as *const () as usize),
        ("ferrojit_rt_list_sort", ferrojit_rt_list_sort as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe fn texts(list: *mut MemInfo) -> Vec<String> {
        let h = unsafe { header(list) };
        (0..h.len).map(|i| unsafe { crate::strings::str_text(*item_words(h, i) as *mut MemInfo) }.to_string()).collect()
    }

    fn split(s: &str, sep: Option<&str>, max: i64) -> Vec<String> {
        let a = crate::strings::str_from_text(s);
        let b = sep.map(crate::strings::str_from_text).unwrap_or(std::ptr::null_mut());
        unsafe {
            let l = ferrojit_rt_str_split(a, b, max);
            let out = texts(l);
            release(l);
            release(a);
            release(b);
            out
        }
    }

    #[test]
    fn split_like_cpython() {
        assert_eq!(split("  a b\tc  ", None, -1), ["a", "b", "c"]);
        assert_eq!(split("", None, -1), Vec::<String>::new());
        assert_eq!(split("a,,b", Some(","), -1), ["a", "", "b"]);
        assert_eq!(split("", Some(","), -1), [""]);
        assert_eq!(split("a,b,c", Some(","), 1), ["a", "b,c"]);
        assert_eq!(split("  a  b  c  ", None, 1), ["a", "b  c  "]);
        assert_eq!(split("a\x1cb", None, -1), ["a", "b"]);
    }

    #[test]
    fn insert_and_remove_move_items() {
        let l = ferrojit_rt_list_new(1, 0, 0);
        unsafe {
            for v in 0..10u64 {
                let h = header(l);
                assert_eq!(ferrojit_rt_list_insert_at(l, h.len), 0);
                *item_words(header(l), v as i64) = v;
            }
            assert_eq!(ferrojit_rt_list_insert_at(l, 0), 0);
            *item_words(header(l), 0) = 99;
            ferrojit_rt_list_remove_at(l, 3);
            let h = header(l);
            let got: Vec<u64> = (0..h.len).map(|i| *item_words(h, i)).collect();
            assert_eq!(got, [99, 0, 1, 3, 4, 5, 6, 7, 8, 9]);
            release(l);
        }
    }
}
