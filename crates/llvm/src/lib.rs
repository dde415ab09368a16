//! The backend: typed IR in, native code out.
//!
//! 1. [`codegen`] lowers a verified [`Program`] to an LLVM module (inkwell, LLVM 19): one
//!    internal function per specialisation with the signature
//!    `i32 f(ptr ret, params...)` (status 0 = ok, else an exception is recorded in the
//!    runtime's thread-local slot), plus one uniform C entry point
//!    `i32 entry(u64 *args, u64 *ret)` for the bindings, where every scalar leaf of the
//!    (flattened) arguments and result occupies one 8-byte slot (ints as i64/u64, bools
//!    as 0/1, floats as f64 bits).
//! 2. The module gets the host CPU's name and features on every function and is optimised
//!    with LLVM's new pass manager (`default<O3>`), so loops vectorise for this machine.
//! 3. [`engine`] turns it into machine code (MCJIT today, behind a small interface so an
//!    ORC engine can replace it for on-disk caching) with the runtime's helpers mapped
//!    by name from `ferrojit_runtime::symbols()`.
//!
//! Python semantics live in [`arith`] (floor division, modulo, power, shifts, checked
//! float -> int conversion) and every math function goes through one lowering point,
//! [`math`].

mod annotate;
mod arith;
mod array;
mod codegen;
mod complex;
mod elementwise;
mod engine;
mod entry;
mod expr;
mod fill_elision;
mod lists;
mod loop_checks;
mod loops;
pub use lists::item_layout;
mod math;
mod objcache;
mod parallel;
mod promote;
mod ranges;
mod reduce;
mod reuse;
mod streaming;
mod strings;
mod target;
mod views;

pub use annotate::{annotate, AllocSite, Annotation, LoopRemark};
pub use loop_checks::CheckSite;
pub use engine::{compile, compile_cfunc, compile_gufunc_loop, compile_ufunc_loop, emit_asm, lower_unoptimized, optimized_ir, Compiled};
pub use objcache::{cacheable, compile_object, key_text, load_object, Object};
pub use reuse::analysis_text as reuse_analysis_text;

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("invalid IR (a bug in ferrojit's frontend): {0}")]
    Verify(#[from] ferrojit_ir::VerifyError),
    #[error("LLVM error: {0}")]
    Llvm(String),
    /// A setting the user chose (an environment variable) that cannot be honoured.
    #[error("{0}")]
    Config(String),
}

impl From<inkwell::builder::BuilderError> for BackendError {
    fn from(e: inkwell::builder::BuilderError) -> Self {
        BackendError::Llvm(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, BackendError>;

/// The number of 8-byte slots a value of this type occupies in the entry ABI.
pub fn slot_count(ty: &ferrojit_ir::Type) -> usize {
    ty.slot_count()
}

/// The host CPU name and feature string code is compiled for.
pub fn host_cpu() -> Result<(String, String)> {
    let h = target::host()?;
    Ok((h.cpu.clone(), h.features.clone()))
}
