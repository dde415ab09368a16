//! `ferrojit._native`: the only crate that touches the Python C API (through pyo3).
//!
//! - [`dispatcher::Dispatcher`]: what `@jit` returns. It types the arguments of each call,
//!   finds or compiles the specialisation for those types, and calls its native entry
//!   (with the GIL released under `nogil=True`).
//! - [`resolver::PyResolver`]: answers the frontend's questions about globals, closure
//!   variables and callee sources from the live function objects.
//! - [`values`]: Python values <-> the entry ABI's 8-byte slots.
//! - [`types`]: `ferrojit.types` objects and signature parsing.
//! - [`errors`]: the exception classes and the one place Rust errors become Python ones.

mod annotations;
mod cache;
mod cfunc;
mod print;
mod dispatcher;
mod driver;
mod errors;
mod objmode;
mod pool;
mod ufunc;
mod resolver;
mod spec_table;
mod types;
mod values;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<dispatcher::Dispatcher>()?;
    m.add_class::<cfunc::CFunc>()?;
    cfunc::install_error_hook();
    print::install_print_hook();
    objmode::install();
    m.add_class::<types::NativeType>()?;
    m.add_class::<types::NativeSignature>()?;
    m.add_function(wrap_pyfunction!(types::parse_signature, m)?)?;
    m.add_function(wrap_pyfunction!(set_hash_secret, m)?)?;
    m.add_function(wrap_pyfunction!(has_hash_secret, m)?)?;
    m.add_function(wrap_pyfunction!(ufunc::make_ufunc, m)?)?;
    m.add_function(wrap_pyfunction!(ufunc::make_gufunc, m)?)?;
    m.add_function(wrap_pyfunction!(pool::get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(pool::set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(pool::pool_size, m)?)?;
    m.add_function(wrap_pyfunction!(types::cpointer, m)?)?;
    m.add_function(wrap_pyfunction!(host_cpu, m)?)?;
    m.add_function(wrap_pyfunction!(live_allocations, m)?)?;
    m.add_function(wrap_pyfunction!(typing_tables, m)?)?;
    m.add_function(wrap_pyfunction!(total_allocations, m)?)?;
    m.add_function(wrap_pyfunction!(release_cached_memory, m)?)?;
    m.add_class::<values::MemInfoOwner>()?;
    m.add("TypingError", py.get_type::<errors::TypingError>())?;
    m.add("InternalCompilerError", py.get_type::<errors::InternalCompilerError>())?;
    m.add("PerformanceWarning", py.get_type::<errors::PerformanceWarning>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

/// How many arrays allocated by compiled code are alive (for leak tests).
/// The compiler's typing tables (`crates/frontend/src/tables.rs`): (namespace, name,
/// parameters, note) for every function, method and attribute it lowers itself.
#[pyfunction]
fn typing_tables() -> Vec<(String, String, Vec<String>, String)> {
    ferrojit_frontend::tables::all()
        .into_iter()
        .flat_map(|(ns, entries)| {
            entries
                .into_iter()
                .map(move |e| (ns.to_string(), e.name.to_string(), e.params.iter().map(|p| p.to_string()).collect(), e.note.to_string()))
        })
        .collect()
}

#[pyfunction]
fn live_allocations() -> i64 {
    ferrojit_runtime::live_allocations()
}

/// Free the array memory the calling thread keeps for reuse (blocks of arrays that
/// were freed: up to `FERROJIT_ARRAY_CACHE_MB`, 256 by default); returns the bytes.
#[pyfunction]
fn release_cached_memory() -> usize {
    ferrojit_runtime::release_cached_blocks()
}

/// How many arrays compiled code has allocated since the process started (a fused
/// expression allocates none).
#[pyfunction]
fn total_allocations() -> i64 {
    ferrojit_runtime::total_allocations()
}

/// The host CPU name and features LLVM compiles for.
#[pyfunction]
fn host_cpu() -> PyResult<(String, String)> {
    ferrojit_llvm::host_cpu().map_err(errors::backend_error)
}


/// Give the runtime CPython's string-hash key (`_Py_HashSecret`, read by
/// ferrojit/_hashing.py), kept only if its siphash13 then gives each sample its `hash()`.
#[pyfunction]
fn set_hash_secret(k0: u64, k1: u64, samples: Vec<(String, i64)>) -> bool {
    ferrojit_runtime::set_hash_secret(k0, k1, &samples)
}

/// Whether compiled code hashes strings as CPython does (see `set_hash_secret`).
#[pyfunction]
fn has_hash_secret() -> bool {
    ferrojit_runtime::has_hash_secret()
}
