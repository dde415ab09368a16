//! The process-wide thread pool for parallel loops (`@vectorize(target="parallel")`, and
//! `prange` later): rayon's, started on first use, sized by `set_num_threads`, else
//! `NUMBA_NUM_THREADS` / `FERROJIT_NUM_THREADS`, else the CPU count.

use numpy::npyffi::npy_intp;
use std::ffi::{c_char, c_void};

type CompiledLoop = unsafe extern "C" fn(*mut *mut c_char, *mut npy_intp, *mut npy_intp, *mut c_void) -> i32;

use pyo3::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The pool: `size` threads (`NUMBA_NUM_THREADS`, fixed at first use).
static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
/// How many of them parallel loops use now (`set_num_threads`); 0 until set.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

fn size() -> usize {
    for var in ["FERROJIT_NUM_THREADS", "NUMBA_NUM_THREADS"] {
        if let Some(n) = std::env::var(var).ok().and_then(|v| v.parse::<usize>().ok()).filter(|&n| n > 0) {
            return n;
        }
    }
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn pool() -> &'static rayon::ThreadPool {
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(size())
            .thread_name(|i| format!("ferrojit-{i}"))
            .build()
            .unwrap_or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a one-thread pool"))
    })
}

/// Threads parallel loops use (Numba's `get_num_threads`).
#[pyfunction]
pub fn get_num_threads() -> usize {
    match ACTIVE.load(Ordering::Relaxed) {
        0 => size(),
        n => n,
    }
}

/// Use `n` of the pool's threads (Numba's `set_num_threads`): 1 <= n <= NUMBA_NUM_THREADS.
#[pyfunction]
pub fn set_num_threads(n: usize) -> PyResult<()> {
    let max = size();
    if n == 0 || n > max {
        return Err(pyo3::exceptions::PyValueError::new_err(format!("The number of threads must be between 1 and {max}")));
    }
    ACTIVE.store(n, Ordering::Relaxed);
    Ok(())
}

/// Run a compiled ufunc loop over `n` elements in chunks on the pool; the first
/// exception a chunk raised, if any.
///
/// # Safety
/// `args` and `steps` hold `nargs` operand pointers and byte steps valid for `n`
/// elements (NumPy's inner-loop arguments); `f` is a compiled loop with this ABI.
pub unsafe fn run_chunks(f: CompiledLoop, args: *mut *mut c_char, steps: *mut npy_intp, nargs: usize, n: npy_intp) -> Option<(u32, String)> {
    // SAFETY: per the contract.
    let (bases, strides): (Vec<usize>, Vec<npy_intp>) = unsafe { ((0..nargs).map(|k| *args.add(k) as usize).collect(), (0..nargs).map(|k| *steps.add(k)).collect()) };
    // One chunk per thread in use: at most that many threads work on the loop.
    let threads = get_num_threads().max(1) as npy_intp;
    let chunk = ((n + threads - 1) / threads).max(4096);
    let starts: Vec<npy_intp> = (0..n).step_by(chunk as usize).collect();
    use rayon::prelude::*;
    let errors: Vec<(u32, String)> = pool().install(|| {
        starts
        .par_iter()
        .filter_map(|&start| {
            let len = chunk.min(n - start);
            let mut ptrs: Vec<*mut c_char> = bases.iter().zip(&strides).map(|(&b, &s)| (b as isize + start as isize * s as isize) as *mut c_char).collect();
            let mut steps = strides.clone();
            let mut dims = [len];
            // SAFETY: a chunk of the operands (disjoint for the output).
            let status = unsafe { f(ptrs.as_mut_ptr(), dims.as_mut_ptr(), steps.as_mut_ptr(), std::ptr::null_mut()) };
            if status != 0 {
                ferrojit_runtime::take_error()
            } else {
                None
            }
        })
        .collect()
    });
    errors.into_iter().next()
}

/// Run `run(start, len)` over `0..n` in one range per thread in use; the first exception.
pub fn run_ranges(n: i64, run: &(dyn Fn(i64, i64) -> Option<(u32, String)> + Sync)) -> Option<(u32, String)> {
    let threads = get_num_threads().max(1) as i64;
    let chunk = ((n + threads - 1) / threads).max(1);
    let starts: Vec<i64> = (0..n).step_by(chunk as usize).collect();
    use rayon::prelude::*;
    let errors: Vec<(u32, String)> = pool().install(|| starts.par_iter().filter_map(|&s| run(s, chunk.min(n - s))).collect());
    errors.into_iter().next()
}
