//! The thread pool's Python face (`get_num_threads`, `set_num_threads`) and the chunking of
//! `target="parallel"` ufunc loops over it; the pool itself is the runtime's
//! (crates/runtime/src/pool.rs), which `prange` loops use too.

use numpy::npyffi::npy_intp;
use std::ffi::{c_char, c_void};

type CompiledLoop = unsafe extern "C" fn(*mut *mut c_char, *mut npy_intp, *mut npy_intp, *mut c_void) -> i32;

use pyo3::prelude::*;

/// Threads parallel loops use (Numba's `get_num_threads`).
#[pyfunction]
pub fn get_num_threads() -> usize {
    ferrojit_runtime::get_num_threads()
}

/// The pool's size (`NUMBA_NUM_THREADS`): the most threads `set_num_threads` allows.
#[pyfunction]
pub fn pool_size() -> usize {
    ferrojit_runtime::pool_size()
}

/// Use `n` of the pool's threads (Numba's `set_num_threads`): 1 <= n <= NUMBA_NUM_THREADS.
#[pyfunction]
pub fn set_num_threads(n: usize) -> PyResult<()> {
    ferrojit_runtime::set_num_threads(n).map_err(pyo3::exceptions::PyValueError::new_err)
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
    // Chunks of at least 4096 elements, one per thread in use, taken in turn.
    let threads = get_num_threads().max(1) as npy_intp;
    let chunk = ((n + threads - 1) / threads).max(4096);
    let chunks = (n + chunk - 1) / chunk;
    ferrojit_runtime::run_pieces(chunks as i64, &|c| {
        let start = c as npy_intp * chunk;
        let len = chunk.min(n - start);
        let mut ptrs: Vec<*mut c_char> = bases.iter().zip(&strides).map(|(&b, &s)| (b as isize + start as isize * s as isize) as *mut c_char).collect();
        let mut steps = strides.clone();
        let mut dims = [len];
        // SAFETY: a chunk of the operands (disjoint for the output).
        let status = unsafe { f(ptrs.as_mut_ptr(), dims.as_mut_ptr(), steps.as_mut_ptr(), std::ptr::null_mut()) };
        if status != 0 { ferrojit_runtime::take_error() } else { None }
    })
}
