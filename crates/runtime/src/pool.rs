//! The process-wide thread pool: rayon's, started on first use, sized by
//! `NUMBA_NUM_THREADS` / `FERROJIT_NUM_THREADS`, else the CPU count; `set_num_threads`
//! chooses how many of its threads parallel work uses. Used by `prange` loops
//! ([`ferrojit_rt_parallel_for`], called by compiled code) and by the bindings'
//! `target="parallel"` ufuncs.
//!
//! An outlined loop runs over `0..n` in contiguous ranges that the threads in use take in
//! turn; a range that raises stops itself and the ranges after it, and the exception of
//! the first failing range (in iteration order: the one the serial loop raises, whatever
//! the timing) is moved to the calling thread.

use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// The pool and the process it was started in: a child made by `fork` has none of its
/// threads, and starts its own (the parent's is forgotten, never joined).
static POOL: Mutex<Option<(u32, Arc<rayon::ThreadPool>)>> = Mutex::new(None);
/// How many of them parallel work uses now (`set_num_threads`); 0 until set.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

/// The pool's size: `FERROJIT_NUM_THREADS` or `NUMBA_NUM_THREADS`, else the CPU count
/// (read once: the CPU count reads cgroup files).
pub fn pool_size() -> usize {
    static SIZE: OnceLock<usize> = OnceLock::new();
    *SIZE.get_or_init(|| {
        for var in ["FERROJIT_NUM_THREADS", "NUMBA_NUM_THREADS"] {
            if let Some(n) = std::env::var(var).ok().and_then(|v| v.parse::<usize>().ok()).filter(|&n| n > 0) {
                return n;
            }
        }
        std::thread::available_parallelism().map_or(1, |n| n.get())
    })
}

fn pool() -> Arc<rayon::ThreadPool> {
    let pid = std::process::id();
    let mut slot = POOL.lock().unwrap_or_else(|p| p.into_inner());
    match slot.as_ref() {
        Some((owner, p)) if *owner == pid => p.clone(),
        _ => {
            if let Some(old) = slot.take() {
                std::mem::forget(old); // (a parent's pool: its threads are not in this process)
            }
            let p = Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(pool_size())
                    .thread_name(|i| format!("ferrojit-{i}"))
                    // (the main thread's 8 MiB: recursive kernels raise RecursionError
                    // at the same depth on a worker)
                    .stack_size(8 << 20)
                    .build()
                    .unwrap_or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a one-thread pool")),
            );
            *slot = Some((pid, p.clone()));
            p
        }
    }
}

/// Threads parallel work uses (Numba's `get_num_threads`).
pub fn get_num_threads() -> usize {
    match ACTIVE.load(Ordering::Relaxed) {
        0 => pool_size(),
        n => n,
    }
}

/// Use `n` of the pool's threads: 1 <= n <= the pool's size, else the error message.
pub fn set_num_threads(n: usize) -> Result<(), String> {
    let max = pool_size();
    if n == 0 || n > max {
        return Err(format!("The number of threads must be between 1 and {max}"));
    }
    ACTIVE.store(n, Ordering::Relaxed);
    Ok(())
}

/// Run `run(start, len)` over `0..n` in one range per thread in use; the result of the
/// first range (in order) that gave one.
pub fn run_ranges<T: Send>(n: i64, run: &(dyn Fn(i64, i64) -> Option<T> + Sync)) -> Option<T> {
    let threads = get_num_threads().max(1) as i64;
    let chunk = ((n + threads - 1) / threads).max(1);
    let pieces = (n + chunk - 1) / chunk;
    run_pieces(pieces, &|k| {
        let start = k * chunk;
        run(start, chunk.min(n - start))
    })
}

/// Run `run(k)` for `k` in `0..pieces` on the threads in use, each thread taking the next
/// piece not yet taken (so uneven pieces balance); the result of the first piece (in
/// order) that gave one. Pieces after one that gave a result are skipped; those before
/// it still run (one of them may give an earlier result).
///
/// The calling thread takes pieces too, while the pool's threads are woken, and only
/// waits for the last pieces in progress: a short loop costs little more than the wake-up.
pub fn run_pieces<T: Send>(pieces: i64, run: &(dyn Fn(i64) -> Option<T> + Sync)) -> Option<T> {
    let workers = (get_num_threads().max(1) as i64).min(pieces);
    if workers <= 1 {
        return (0..pieces).find_map(run);
    }
    let next = AtomicI64::new(0);
    let first_result = AtomicI64::new(i64::MAX);
    let results: Mutex<Vec<(i64, T)>> = Mutex::new(Vec::new());
    let work = || loop {
        let k = next.fetch_add(1, Ordering::Relaxed);
        if k >= pieces || k > first_result.load(Ordering::Relaxed) {
            break;
        }
        if let Some(r) = run(k) {
            first_result.fetch_min(k, Ordering::Relaxed);
            results.lock().unwrap_or_else(|p| p.into_inner()).push((k, r));
        }
    };
    pool().in_place_scope(|scope| {
        for _ in 1..workers {
            scope.spawn(|_| work());
        }
        work();
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(k, _)| *k);
    results.into_iter().next().map(|(_, r)| r)
}

/// Ranges per thread of a loop without a reduction.
const PIECES_PER_THREAD: i64 = 4;

/// The function of an outlined `prange` loop: `chunk(env, lo, hi, k)` runs iterations
/// `lo..hi` (range number `k`), returning a status (non-zero: the exception is in this
/// thread's slot).
pub type ChunkFn = unsafe extern "C" fn(*mut u8, i64, i64, i64) -> i32;

/// Run an outlined `prange` loop over iterations `0..n` on the pool; 0, or 1 with the
/// first failing range's exception (and source line) set on the calling thread.
/// `pieces` 0: a few ranges per thread in use; else exactly `pieces` ranges, fixed by
/// `n` alone (a reduction's partial results then do not depend on the thread count).
///
/// # Safety
/// `chunk` is a compiled trampoline whose captured values `env` points to, valid for any
/// range of `0..n`, from any thread, at once.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_parallel_for(chunk: ChunkFn, env: *mut u8, n: i64, pieces: i64) -> i32 {
    if n <= 0 {
        return 0;
    }
    let env = env as usize;
    // Range `k` of `pieces` equal ones.
    let bounds = |k: i64, pieces: i64| ((k as i128 * n as i128 / pieces as i128) as i64, ((k + 1) as i128 * n as i128 / pieces as i128) as i64);
    let threads = get_num_threads().max(1) as i64;
    if pieces <= 0 && (n == 1 || threads == 1) {
        // SAFETY: the caller's promise; the exception, if any, stays on this thread.
        return unsafe { chunk(env as *mut u8, 0, n, 0) };
    }
    // A loop without a reduction: a few pieces per thread (uneven iterations balance).
    let pieces = if pieces > 0 { pieces } else { n.min(threads * PIECES_PER_THREAD) };
    let failure = run_pieces(pieces, &|k| {
        let (lo, hi) = bounds(k, pieces);
        // SAFETY: the caller's promise; ranges are disjoint.
        let status = unsafe { chunk(env as *mut u8, lo, hi, k) };
        (status != 0).then(|| (crate::take_error(), crate::take_location()))
    });
    match failure {
        None => 0,
        Some((error, location)) => {
            crate::exceptions::restore(error, location);
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" fn fill(env: *mut u8, lo: i64, hi: i64, _k: i64) -> i32 {
        let out = env as *mut i64;
        for i in lo..hi {
            if i == 77 {
                let m = "seventy-seven";
                unsafe { crate::ferrojit_rt_raise(ferrojit_ir::ExcKind::ValueError.code(), m.as_ptr(), m.len()) };
                return 1;
            }
            unsafe { *out.add(i as usize) = i * i };
        }
        0
    }

    #[test]
    fn every_iteration_runs_once_and_the_first_error_comes_back() {
        for pieces in [0, 7, 50] {
            let mut out = vec![0i64; 50];
            assert_eq!(unsafe { ferrojit_rt_parallel_for(fill, out.as_mut_ptr() as *mut u8, 50, pieces) }, 0);
            assert!(out.iter().enumerate().all(|(i, &v)| v == (i * i) as i64));
            let mut big = vec![0i64; 100];
            assert_eq!(unsafe { ferrojit_rt_parallel_for(fill, big.as_mut_ptr() as *mut u8, 100, pieces) }, 1);
            assert_eq!(crate::take_error().map(|e| e.1), Some("seventy-seven".to_string()));
            assert_eq!(unsafe { ferrojit_rt_parallel_for(fill, big.as_mut_ptr() as *mut u8, 0, pieces) }, 0);
        }
    }
}
