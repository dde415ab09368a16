//! Array memory: the reference-counted [`MemInfo`] header, allocation and freeing (with
//! a per-thread cache of freed blocks), and the allocation counters for tests.

/// The header of memory allocated for arrays by compiled code. Generated code reads
/// and writes `refcount` inline (the layout is ABI: `{ i64, ptr, i64 }`); only this
/// thread's compiled code touches a `MemInfo` until it is handed to Python, which then
/// owns exactly one reference (so plain, non-atomic counts are enough).
#[repr(C)]
pub struct MemInfo {
    pub refcount: i64,
    pub data: *mut u8,
    pub size: i64,
    /// Run when the count reaches zero, before the block is freed (a list releases its
    /// items); null for arrays and strings. Generated code reads only `refcount` and
    /// `data`, so fields after them are the runtime's own.
    pub dtor: Option<unsafe extern "C" fn(*mut MemInfo)>,
    /// A block from [`alloc_compact`] (data right after the header, 16-byte aligned).
    pub compact: bool,
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
/// first-touch page faults then cost 512 times less. Smaller blocks are plain: advised
/// 8 MB blocks, reused from the array cache, made `np.exp(a)` of 1e6 float64 25%
/// slower and `a / 3.0` 4x slower than plain ones (AMD Zen 4).
const HUGE_THRESHOLD: usize = 32 << 20;
const HUGE_ALIGN: usize = 2 << 20;

/// Below the huge-page class, blocks are plain `malloc`s (16-byte alignment) with room to
/// align the data to [`DATA_ALIGN`] by hand: glibc reuses a freed block for the next
/// `malloc` of its size, where `posix_memalign` of a large block often takes fresh pages
/// (page faults on every call of a kernel that makes a 32 MB array).
const SMALL_ALIGN: usize = 16;

/// Arrays of at least [`PAGE_PLACED_MIN`] bytes start [`PAGE_OFFSET`] bytes into a
/// 4 KB page. A loop reading one array and writing another whose address is a little
/// above it modulo 4 KB stalls on "4K aliasing" (a load looks like it depends on a store
/// still pending to the address 4 KB away): NumPy's large arrays start 16 bytes into a
/// page and ours started 64 bytes in, 48 bytes above, which made `np.sin(a)` of 1e6
/// float64 2x slower (AMD Zen 4: 1.39 ms against 0.70 with other placements). Half a
/// page away the store aliases a load ~250 elements later, long after it has retired;
/// two of our arrays share the offset, which aliases nothing either.
const PAGE_OFFSET: usize = 2048 + 64;
const PAGE_PLACED_MIN: usize = 64 << 10;
const PAGE: usize = 4096;

fn layout_for(size: usize) -> Option<std::alloc::Layout> {
    if size >= HUGE_THRESHOLD {
        return std::alloc::Layout::from_size_align(PAGE_OFFSET.checked_add(size)?, HUGE_ALIGN).ok();
    }
    let room = std::mem::size_of::<MemInfo>() + if size >= PAGE_PLACED_MIN { PAGE } else { DATA_ALIGN };
    std::alloc::Layout::from_size_align(room.checked_add(size.max(1))?, SMALL_ALIGN).ok()
}

/// Where the data of a block at `base` starts: after the header, aligned to DATA_ALIGN
/// (for large blocks: at PAGE_OFFSET within a page).
fn data_offset(base: *mut u8, layout: std::alloc::Layout) -> usize {
    if layout.align() == HUGE_ALIGN {
        return PAGE_OFFSET;
    }
    let after_header = base as usize + std::mem::size_of::<MemInfo>();
    let data = if layout.size() >= PAGE_PLACED_MIN + PAGE {
        // The first address at PAGE_OFFSET within a page, at or after the header.
        let in_page = after_header % PAGE;
        after_header + (PAGE_OFFSET + PAGE - in_page) % PAGE
    } else {
        after_header.next_multiple_of(DATA_ALIGN)
    };
    data - base as usize
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
    let offset = data_offset(base, layout);
    let mi = base as *mut MemInfo;
    // SAFETY: `base` is a fresh allocation large enough for the header, the alignment
    // padding and the data.
    unsafe {
        mi.write(MemInfo { refcount: 1, data: base.add(offset), size, dtor: None, compact: false });
    }
    LIVE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    TOTAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    mi
}

fn compact_layout(size: i64) -> Option<std::alloc::Layout> {
    let bytes = std::mem::size_of::<MemInfo>().checked_add(usize::try_from(size).ok()?.max(1))?;
    std::alloc::Layout::from_size_align(bytes, SMALL_ALIGN).ok()
}

/// A block for a string or a list header: `size` bytes of data right after the header,
/// 16-byte aligned, in one plain allocation (no room for SIMD alignment, no cache): the
/// many small strings that `str.split` or a loop of `str()` make cost one `malloc` each.
/// Freed by [`ferrojit_rt_free`] like any block. Null when the memory cannot be had.
pub fn alloc_compact(size: i64) -> *mut MemInfo {
    let Some(layout) = compact_layout(size) else { return std::ptr::null_mut() };
    // SAFETY: the layout has non-zero size.
    let base = unsafe { std::alloc::alloc(layout) };
    if base.is_null() {
        return std::ptr::null_mut();
    }
    let mi = base as *mut MemInfo;
    // SAFETY: a fresh allocation large enough for the header and the data.
    unsafe {
        mi.write(MemInfo { refcount: 1, data: base.add(std::mem::size_of::<MemInfo>()), size, dtor: None, compact: true });
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
    if let Some(dtor) = unsafe { (*mi).dtor } {
        // SAFETY: the destructor was set for this block's kind.
        unsafe { dtor(mi) };
    }
    // SAFETY: as above.
    let size = unsafe { (*mi).size };
    // SAFETY: as above.
    if unsafe { (*mi).compact } {
        if let Some(layout) = compact_layout(size) {
            // SAFETY: allocated with this layout by `alloc_compact`.
            unsafe { std::alloc::dealloc(mi as *mut u8, layout) };
            LIVE.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        }
        return;
    }
    if let Some(layout) = usize::try_from(size).ok().and_then(layout_for) {
        if !cache::put(mi as *mut u8, layout) {
            // SAFETY: same layout as at allocation.
            unsafe { std::alloc::dealloc(mi as *mut u8, layout) };
        }
        LIVE.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A per-thread cache of recently freed array blocks, reused for an exact size match.
///
/// Small blocks (up to [`cache::MAX_BYTES`], at most [`cache::SLOTS`]): a loop that
/// makes and drops a temporary array each iteration (seed 002 makes one per window)
/// reuses one block instead of going through `malloc`/`free` every time (a fifth of
/// that search's time).
///
/// Large blocks (above that, at most [`cache::LARGE_SLOTS`] and
/// `FERROJIT_ARRAY_CACHE_MB` megabytes in all, 256 by default; 0 turns it off): glibc
/// gives a freed block of megabytes back to the system (its heap trim threshold, or
/// `munmap`), so a kernel that makes a temporary of 8 MB and returns another (seed
/// 003's softmax of 1e6 values) paid ~4,000 page faults per array on every call: 10 ms
/// where the arithmetic takes 1.3 (measured on AMD Zen 4). A kept block costs memory
/// the process holds until the thread ends or the block is pushed out.
mod cache {
    use std::alloc::Layout;
    use std::cell::RefCell;

    pub const MAX_BYTES: usize = 1 << 18;
    pub const SLOTS: usize = 8;
    pub const LARGE_SLOTS: usize = 4;

    /// The large class's budget in bytes (`FERROJIT_ARRAY_CACHE_MB`, read once).
    fn large_budget() -> usize {
        static BUDGET: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        *BUDGET.get_or_init(|| {
            std::env::var("FERROJIT_ARRAY_CACHE_MB")
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(256)
                .saturating_mul(1 << 20)
        })
    }

    /// Free every block this thread keeps; returns their bytes.
    pub fn clear() -> usize {
        BLOCKS.try_with(|b| b.borrow_mut().free_all()).unwrap_or(0)
    }

    struct Blocks {
        small: Vec<(Layout, *mut u8)>,
        large: Vec<(Layout, *mut u8)>,
    }

    impl Blocks {
        fn list(&mut self, class: Class) -> &mut Vec<(Layout, *mut u8)> {
            match class {
                Class::Small => &mut self.small,
                Class::Large => &mut self.large,
            }
        }

        /// Free every kept block; returns their bytes.
        fn free_all(&mut self) -> usize {
            let mut bytes = 0;
            for (layout, p) in self.small.drain(..).chain(self.large.drain(..)) {
                bytes += layout.size();
                // SAFETY: each block came from `std::alloc::alloc` with this layout.
                unsafe { std::alloc::dealloc(p, layout) };
            }
            bytes
        }
    }

    impl Drop for Blocks {
        fn drop(&mut self) {
            self.free_all();
        }
    }

    thread_local! {
        static BLOCKS: RefCell<Blocks> = const { RefCell::new(Blocks { small: Vec::new(), large: Vec::new() }) };
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Class {
        Small,
        Large,
    }

    /// Which class a block belongs to; None for one that is never kept.
    fn class(layout: Layout) -> Option<Class> {
        if layout.size() <= MAX_BYTES {
            return (layout.align() == super::SMALL_ALIGN).then_some(Class::Small);
        }
        (layout.size() <= large_budget()).then_some(Class::Large)
    }

    /// How many large blocks this thread keeps, and their bytes (for tests).
    #[cfg(test)]
    pub fn large_held() -> (usize, usize) {
        BLOCKS.with(|b| {
            let b = b.borrow();
            (b.large.len(), b.large.iter().map(|(l, _)| l.size()).sum())
        })
    }

    /// A cached block with exactly this layout, if there is one.
    pub fn take(layout: Layout) -> Option<*mut u8> {
        let class = class(layout)?;
        BLOCKS
            .try_with(|b| {
                let mut b = b.borrow_mut();
                let list = b.list(class);
                let k = list.iter().rposition(|&(l, _)| l == layout)?;
                Some(list.swap_remove(k).1)
            })
            .ok()
            .flatten()
    }

    /// Keep a freed block for reuse; false when the caller must free it (too big, or the
    /// thread is exiting).
    pub fn put(p: *mut u8, layout: Layout) -> bool {
        let Some(class) = class(layout) else { return false };
        let (slots, budget) = match class {
            Class::Small => (SLOTS, usize::MAX),
            Class::Large => (LARGE_SLOTS, large_budget()),
        };
        BLOCKS
            .try_with(|b| {
                let mut b = b.borrow_mut();
                let list = b.list(class);
                // Keep the newest: free the oldest blocks until this one fits.
                while !list.is_empty()
                    && (list.len() == slots || list.iter().map(|(l, _)| l.size()).sum::<usize>() + layout.size() > budget)
                {
                    let (old_layout, old) = list.remove(0);
                    // SAFETY: a cached block, allocated with this layout.
                    unsafe { std::alloc::dealloc(old, old_layout) };
                }
                list.push((layout, p));
                true
            })
            .unwrap_or(false)
    }
}

/// Give the freed array blocks the calling thread keeps for reuse back to the system
/// allocator (`ferrojit.release_cached_memory()`); returns their bytes.
pub fn release_cached_blocks() -> usize {
    cache::clear()
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
        // (atomic: a parallel program's threads share arrays)
        let rc = &*(std::ptr::addr_of_mut!((*mi).refcount) as *const std::sync::atomic::AtomicI64);
        if rc.fetch_sub(1, std::sync::atomic::Ordering::AcqRel) == 1 {
            ferrojit_rt_free(mi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tests that read the process-wide allocation counters run one at a time.

    #[test]
    fn alloc_and_free_balance() {
        let _serial = crate::strings::tests::COUNTS.write().unwrap_or_else(|p| p.into_inner());
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
        let _serial = crate::strings::tests::COUNTS.write().unwrap_or_else(|p| p.into_inner());
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
        // Blocks of megabytes are kept too (a few, within the budget).
        let big = ferrojit_rt_alloc(8 << 20);
        unsafe { release(big) };
        let again = ferrojit_rt_alloc(8 << 20);
        assert_eq!(again, big, "a freed block of megabytes is reused");
        unsafe { release(again) };
        assert_eq!(live_allocations(), before);
    }

    #[test]
    fn data_fits_its_block_and_large_arrays_sit_half_a_page_in() {
        for size in [0usize, 1, 100, 4096, PAGE_PLACED_MIN - 1, PAGE_PLACED_MIN, PAGE_PLACED_MIN + 1, 1 << 20, HUGE_THRESHOLD] {
            let mi = ferrojit_rt_alloc(size as i64);
            let (base, data) = (mi as usize, unsafe { (*mi).data } as usize);
            let layout = layout_for(size).unwrap();
            assert_eq!(data % DATA_ALIGN, 0, "{size}");
            assert!(data >= base + std::mem::size_of::<MemInfo>() && data + size <= base + layout.size(), "{size}");
            if size >= PAGE_PLACED_MIN {
                assert_eq!(data % PAGE, PAGE_OFFSET, "{size}");
            }
            unsafe { release(mi) };
        }
    }

    #[test]
    fn large_cache_is_bounded() {
        let _serial = crate::strings::tests::COUNTS.write().unwrap_or_else(|p| p.into_inner());
        // More large frees than slots: only the newest LARGE_SLOTS are kept.
        let sizes: Vec<i64> = (1..=2 * cache::LARGE_SLOTS as i64).map(|k| (1 << 20) + 4096 * k).collect();
        let blocks: Vec<_> = sizes.iter().map(|&n| ferrojit_rt_alloc(n)).collect();
        for mi in blocks {
            unsafe { release(mi) };
        }
        let (count, bytes) = cache::large_held();
        assert_eq!(count, cache::LARGE_SLOTS);
        assert!(bytes < cache::LARGE_SLOTS * (2 << 20));
        // Reusing the kept sizes (taken, then freed again) keeps the count.
        for &n in sizes.iter().rev().take(cache::LARGE_SLOTS) {
            unsafe { release(ferrojit_rt_alloc(n)) };
        }
        assert_eq!(cache::large_held().0, cache::LARGE_SLOTS);
        // Blocks above the budget (256 MB by default) are never kept.
        let huge = ferrojit_rt_alloc(300 << 20);
        assert!(!huge.is_null());
        unsafe { release(huge) };
        assert_eq!(cache::large_held().0, cache::LARGE_SLOTS);
    }
}
