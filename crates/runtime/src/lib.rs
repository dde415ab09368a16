//! The runtime: C-ABI helpers that generated code calls, and the table that tells the JIT
//! where they are.
//!
//! - **Exception state.** Compiled functions return a status (`0` ok, non-zero error).
//!   Before returning an error they call [`ferrojit_rt_raise`], which stores the exception
//!   kind and message in a thread-local slot; the bindings [`take_error`] after the call
//!   (on the same thread, with the GIL held again) and raise the Python exception.
//! - **Arithmetic helpers** too long to inline everywhere (integer power).
//! - **Array memory**: [`MemInfo`] headers with a reference count, allocated and freed
//!   here, counted for leak tests ([`live_allocations`]).
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

/// Take the pending exception of this thread, if any.
pub fn take_error() -> Option<(ExcCode, String)> {
    ERROR.with(|e| e.borrow_mut().take())
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

/// Record NumPy's IndexError for an out-of-bounds index (`boundscheck=True`).
#[no_mangle]
pub extern "C" fn ferrojit_rt_index_error(index: i64, axis: i64, size: i64) {
    let text = format!("index {index} is out of bounds for axis {axis} with size {size}");
    ERROR.with(|e| *e.borrow_mut() = Some((5, text)));
}

/// The header of memory allocated for arrays by compiled code. Generated code reads
/// and writes `refcount` inline (the layout is ABI: `{ i64, ptr, i64 }`); only this
/// thread's compiled code touches a `MemInfo` until it is handed to Python, which then
/// owns exactly one reference (so plain, non-atomic counts are enough).
#[repr(C)]
pub struct MemInfo {
    pub refcount: i64,
    pub data: *mut u8,
    pub size: i64,
}

/// Alignment of array data (a cache line; also enough for any SIMD width).
const DATA_ALIGN: usize = 64;

static LIVE: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
static TOTAL: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// How many runtime allocations were ever made (for tests that check fusion: a fused
/// expression makes none).
pub fn total_allocations() -> i64 {
    TOTAL.load(std::sync::atomic::Ordering::Relaxed)
}

/// How many runtime allocations are alive (for leak tests).
pub fn live_allocations() -> i64 {
    LIVE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Very large arrays are aligned to huge pages and advised to use them (as NumPy does):
/// first-touch page faults then cost 512 times less. Below glibc's largest mmap
/// threshold (32 MiB) freed blocks are reused from the heap without faults, and the
/// advice would only add system calls.
const HUGE_THRESHOLD: usize = 32 << 20;
const HUGE_ALIGN: usize = 2 << 20;

fn layout_for(size: usize) -> Option<std::alloc::Layout> {
    let header = std::mem::size_of::<MemInfo>().next_multiple_of(DATA_ALIGN);
    let align = if size >= HUGE_THRESHOLD { HUGE_ALIGN } else { DATA_ALIGN };
    std::alloc::Layout::from_size_align(header.checked_add(size.max(1))?, align).ok()
}

/// Allocate `size` bytes of array data with a header holding one reference. Returns null
/// when the memory cannot be had (generated code raises MemoryError).
#[no_mangle]
pub extern "C" fn ferrojit_rt_alloc(size: i64) -> *mut MemInfo {
    let Some(layout) = usize::try_from(size).ok().and_then(layout_for) else {
        return std::ptr::null_mut();
    };
    let base = match cache::take(layout) {
        Some(b) => b,
        // SAFETY: the layout has non-zero size.
        None => unsafe { std::alloc::alloc(layout) },
    };
    if base.is_null() {
        return std::ptr::null_mut();
    }
    if layout.size() >= HUGE_THRESHOLD {
        // SAFETY: advice on memory we own; failure only means no huge pages.
        unsafe { libc::madvise(base as *mut libc::c_void, layout.size(), libc::MADV_HUGEPAGE) };
    }
    let header = std::mem::size_of::<MemInfo>().next_multiple_of(DATA_ALIGN);
    let mi = base as *mut MemInfo;
    // SAFETY: `base` is a fresh allocation large enough for the header and the data.
    unsafe {
        mi.write(MemInfo { refcount: 1, data: base.add(header), size });
    }
    LIVE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    TOTAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    mi
}

/// Free memory whose count reached zero (called by generated code and by the Python
/// object that owns a returned array).
///
/// # Safety
/// `mi` must come from [`ferrojit_rt_alloc`] and not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_free(mi: *mut MemInfo) {
    if mi.is_null() {
        return;
    }
    // SAFETY: per the contract, `mi` is a live allocation from ferrojit_rt_alloc.
    let size = unsafe { (*mi).size };
    if let Some(layout) = usize::try_from(size).ok().and_then(layout_for) {
        if !cache::put(mi as *mut u8, layout) {
            // SAFETY: same layout as at allocation.
            unsafe { std::alloc::dealloc(mi as *mut u8, layout) };
        }
        LIVE.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A per-thread cache of recently freed array blocks, so a loop that makes and drops a
/// temporary array each iteration (seed 002 makes one per window) reuses one block
/// instead of going through `posix_memalign`/`free` every time (a fifth of that
/// search's time). Only blocks of the small-alignment class up to [`cache::MAX_BYTES`]
/// are kept, at most [`cache::SLOTS`] per thread, reused for an exact size match.
mod cache {
    use std::alloc::Layout;
    use std::cell::RefCell;

    pub const MAX_BYTES: usize = 1 << 18;
    pub const SLOTS: usize = 8;

    struct Blocks(Vec<(Layout, *mut u8)>);

    impl Drop for Blocks {
        fn drop(&mut self) {
            for (layout, p) in self.0.drain(..) {
                // SAFETY: each block came from `std::alloc::alloc` with this layout.
                unsafe { std::alloc::dealloc(p, layout) };
            }
        }
    }

    thread_local! {
        static BLOCKS: RefCell<Blocks> = const { RefCell::new(Blocks(Vec::new())) };
    }

    fn cacheable(layout: Layout) -> bool {
        layout.size() <= MAX_BYTES && layout.align() == super::DATA_ALIGN
    }

    /// A cached block with exactly this layout, if there is one.
    pub fn take(layout: Layout) -> Option<*mut u8> {
        if !cacheable(layout) {
            return None;
        }
        BLOCKS
            .try_with(|b| {
                let mut b = b.borrow_mut();
                let k = b.0.iter().rposition(|&(l, _)| l == layout)?;
                Some(b.0.swap_remove(k).1)
            })
            .ok()
            .flatten()
    }

    /// Keep a freed block for reuse; false when the caller must free it (too big, or the
    /// thread is exiting).
    pub fn put(p: *mut u8, layout: Layout) -> bool {
        if !cacheable(layout) {
            return false;
        }
        BLOCKS
            .try_with(|b| {
                let mut b = b.borrow_mut();
                if b.0.len() == SLOTS {
                    // Keep the newest: free the oldest block.
                    let (old_layout, old) = b.0.remove(0);
                    // SAFETY: a cached block, allocated with this layout.
                    unsafe { std::alloc::dealloc(old, old_layout) };
                }
                b.0.push((layout, p));
                true
            })
            .unwrap_or(false)
    }
}

/// Drop one reference held outside compiled code.
///
/// # Safety
/// `mi` must be null or a live [`MemInfo`] on which the caller owns a reference.
pub unsafe fn release(mi: *mut MemInfo) {
    if mi.is_null() {
        return;
    }
    // SAFETY: per the contract.
    unsafe {
        (*mi).refcount -= 1;
        if (*mi).refcount == 0 {
            ferrojit_rt_free(mi);
        }
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

/// Sort `n` contiguous elements in place. `kind`: 0 bool, 1..=4 signed ints of 1/2/4/8
/// bytes, 5..=8 unsigned ones, 9 float32, 10 float64. NaN sorts last, as in NumPy.
///
/// # Safety
/// `data` must point at `n` writable elements of that kind.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_sort(data: *mut u8, n: i64, kind: i32) {
    let n = n.max(0) as usize;
    // SAFETY (all arms): the caller promises `n` elements of the given type at `data`.
    unsafe {
        match kind {
            1 => std::slice::from_raw_parts_mut(data as *mut i8, n).sort_unstable(),
            2 => std::slice::from_raw_parts_mut(data as *mut i16, n).sort_unstable(),
            3 => std::slice::from_raw_parts_mut(data as *mut i32, n).sort_unstable(),
            4 => std::slice::from_raw_parts_mut(data as *mut i64, n).sort_unstable(),
            0 | 5 => std::slice::from_raw_parts_mut(data, n).sort_unstable(),
            6 => std::slice::from_raw_parts_mut(data as *mut u16, n).sort_unstable(),
            7 => std::slice::from_raw_parts_mut(data as *mut u32, n).sort_unstable(),
            8 => std::slice::from_raw_parts_mut(data as *mut u64, n).sort_unstable(),
            9 => std::slice::from_raw_parts_mut(data as *mut f32, n).sort_unstable_by(|a, b| nan_last(*a as f64, *b as f64)),
            10 => std::slice::from_raw_parts_mut(data as *mut f64, n).sort_unstable_by(|a, b| nan_last(*a, *b)),
            _ => {}
        }
    }
}

fn nan_last(a: f64, b: f64) -> std::cmp::Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal),
    }
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

/// Every helper generated code may call: (symbol name, address).
/// Copy `n` elements of `itemsize` bytes from `src` (every `stride` bytes) to `dst`
/// (contiguous): a strided 1-D array made contiguous, as one call instead of a loop in
/// the generated code (see the frontend's hoisting of gathers).
///
/// # Safety
/// `src + k * stride` for `k < n` must be readable elements; `dst` must hold `n` of them.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_gather(dst: *mut u8, src: *const u8, n: i64, stride: i64, itemsize: i64) {
    let (n, item) = (n.max(0) as usize, itemsize as usize);
    // SAFETY: the caller's contract above.
    unsafe {
        match item {
            8 => {
                let d = dst as *mut u64;
                for k in 0..n {
                    d.add(k).write(src.offset(k as isize * stride as isize).cast::<u64>().read_unaligned());
                }
            }
            _ => {
                for k in 0..n {
                    std::ptr::copy_nonoverlapping(src.offset(k as isize * stride as isize), dst.add(k * item), item);
                }
            }
        }
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("ferrojit_rt_gather", ferrojit_rt_gather as *const () as usize),
        ("ferrojit_rt_raise", ferrojit_rt_raise as *const () as usize),
        ("ferrojit_rt_raise_int", ferrojit_rt_raise_int as *const () as usize),
        ("ferrojit_rt_int_truediv", ferrojit_rt_int_truediv as *const () as usize),
        ("ferrojit_rt_ipow", ferrojit_rt_ipow as *const () as usize),
        ("ferrojit_rt_upow", ferrojit_rt_upow as *const () as usize),
        ("ferrojit_rt_stack_limit", ferrojit_rt_stack_limit as *const () as usize),
        ("ferrojit_rt_alloc", ferrojit_rt_alloc as *const () as usize),
        ("ferrojit_rt_index_error", ferrojit_rt_index_error as *const () as usize),
        ("ferrojit_rt_sort", ferrojit_rt_sort as *const () as usize),
        ("ferrojit_rt_cfunc_error", ferrojit_rt_cfunc_error as *const () as usize),
        ("ferrojit_rt_free", ferrojit_rt_free as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_copies_strided_elements() {
        let src: Vec<i64> = (0..20).collect();
        let mut dst = vec![0i64; 5];
        // every 4th element, forwards and backwards
        unsafe { ferrojit_rt_gather(dst.as_mut_ptr().cast(), src.as_ptr().cast(), 5, 32, 8) };
        assert_eq!(dst, [0, 4, 8, 12, 16]);
        unsafe { ferrojit_rt_gather(dst.as_mut_ptr().cast(), src.as_ptr().add(19).cast(), 5, -24, 8) };
        assert_eq!(dst, [19, 16, 13, 10, 7]);
        let bytes: Vec<u8> = (0..30).collect();
        let mut small = vec![0u8; 3];
        unsafe { ferrojit_rt_gather(small.as_mut_ptr(), bytes.as_ptr().add(1), 3, 10, 1) };
        assert_eq!(small, [1, 11, 21]);
        let words: Vec<i32> = (0..12).collect();
        let mut w = vec![0i32; 4];
        unsafe { ferrojit_rt_gather(w.as_mut_ptr().cast(), words.as_ptr().cast(), 4, 12, 4) };
        assert_eq!(w, [0, 3, 6, 9]);
        unsafe { ferrojit_rt_gather(w.as_mut_ptr().cast(), words.as_ptr().cast(), 0, 12, 4) };
        assert_eq!(w, [0, 3, 6, 9]);
    }

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

    /// Tests that read the process-wide allocation counters run one at a time.
    static COUNTERS: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn alloc_and_free_balance() {
        let _serial = COUNTERS.lock().unwrap_or_else(|p| p.into_inner());
        let before = live_allocations();
        let mi = ferrojit_rt_alloc(1000);
        assert!(!mi.is_null());
        unsafe {
            assert_eq!((*mi).refcount, 1);
            assert_eq!((*mi).data as usize % DATA_ALIGN, 0);
            std::ptr::write_bytes((*mi).data, 7, 1000);
        }
        assert_eq!(live_allocations(), before + 1);
        unsafe { release(mi) };
        assert_eq!(live_allocations(), before);
        assert!(ferrojit_rt_alloc(-1).is_null());
    }

    #[test]
    fn freed_blocks_are_reused_per_thread() {
        let _serial = COUNTERS.lock().unwrap_or_else(|p| p.into_inner());
        // Tests run on their own threads, so this thread's cache starts empty.
        let before = live_allocations();
        let a = ferrojit_rt_alloc(4096);
        let a_data = unsafe { (*a).data };
        unsafe { release(a) };
        let b = ferrojit_rt_alloc(4096);
        assert_eq!(b, a, "a freed block of the same size is reused");
        unsafe {
            assert_eq!((*b).refcount, 1);
            assert_eq!((*b).data, a_data);
            assert_eq!((*b).size, 4096);
        }
        // A different size does not take it.
        let c = ferrojit_rt_alloc(4000);
        assert_ne!(c, b);
        assert_eq!(live_allocations(), before + 2);
        unsafe { release(b) };
        unsafe { release(c) };
        assert_eq!(live_allocations(), before);
        // More frees than slots: the oldest are freed, the cache stays bounded.
        let many: Vec<_> = (0..3 * cache::SLOTS).map(|k| ferrojit_rt_alloc(64 * (k as i64 + 1))).collect();
        for mi in many {
            unsafe { release(mi) };
        }
        assert_eq!(live_allocations(), before);
        // Big blocks bypass the cache.
        let big = ferrojit_rt_alloc(1 << 20);
        unsafe { release(big) };
        assert_eq!(live_allocations(), before);
    }

    #[test]
    fn libmvec_exp_is_found() {
        // glibc ships libmvec on x86-64 Debian; the AVX2 exp is there.
        if cfg!(target_arch = "x86_64") {
            assert!(vector_math_symbol("_ZGVdN4v_exp").is_some());
        }
        assert!(vector_math_symbol("no_such_function").is_none());
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

#[cfg(test)]
mod int_truediv_tests {
    use super::ferrojit_rt_int_truediv as div;

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
}
