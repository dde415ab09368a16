//! Unit tests of the run-time string functions (crates/runtime/src/strings.rs).

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
