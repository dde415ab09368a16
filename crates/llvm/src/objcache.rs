//! Machine code that outlives the process: the objects of the on-disk cache (issue 18).
//!
//! [`compile_object`] lowers and optimises a program as [`crate::compile`] does, then emits
//! a relocatable object (the host's machine code; the entry point under a name the caller
//! chooses, unique per cache entry) instead of handing the module to MCJIT. [`load_object`]
//! links such an object into this process with ORC's LLJIT: no optimiser, no code
//! generator, only relocation. The object's undefined symbols are the runtime's helpers
//! and libmvec's vector functions (defined here as absolute addresses, from the same
//! tables MCJIT uses) and libc/libm functions (found in the process, as MCJIT finds them).
//!
//! [`cacheable`] says which programs may be cached: code that embeds an address of this
//! process (a frozen global array's data, an `objmode` block's Python function) may not.
//! [`key_text`] is what the cache key hashes: the typed program's text (every function it
//! calls, the constants it froze, its options), the file each function comes from, the
//! host CPU and features, and ferrojit's and LLVM's versions.

use crate::engine::{build_module, EntryKind};
use crate::target::{host, machine};
use crate::{BackendError, Result};
use ferrojit_ir::{ExprKind, Program};
use inkwell::context::Context;
use inkwell::llvm_sys;
use inkwell::targets::FileType;
use std::collections::HashSet;
use std::ffi::{CStr, CString};
use std::sync::{Mutex, OnceLock};

/// Why a program's machine code cannot be cached, if it cannot.
pub fn cacheable(program: &Program) -> std::result::Result<(), &'static str> {
    let mut why = None;
    for f in &program.functions {
        ferrojit_ir::walk_block(&f.body, &mut |e| match &e.kind {
            ExprKind::ConstArray { .. } => why = why.or(Some("it reads a global array (frozen by its address)")),
            ExprKind::PyCall { .. } => why = why.or(Some("it calls back into Python (`objmode`)")),
            ExprKind::CCall { .. } => why = why.or(Some("it calls a C function by its address in this process (ctypes, LAPACK)")),
            ExprKind::CArray { ptr, .. } if ptr.ty.is_int() => why = why.or(Some("it views memory by its address in this process (`carray` of an address)")),
            _ => {}
        });
    }
    why.map_or(Ok(()), Err)
}

/// The text a cache key hashes (see the module doc); `cfunc`: the entry point is the
/// function's own C signature (else the dispatcher's).
pub fn key_text(program: &Program, cfunc: bool) -> Result<String> {
    let h = host()?;
    let files: Vec<&str> = program.functions.iter().map(|f| f.filename.as_str()).collect();
    let (major, minor, patch) = llvm_version();
    Ok(format!(
        "ferrojit {}\nLLVM {major}.{minor}.{patch}\nentry {}\ncpu {} {}\npasses {}\nfiles {}\n{}",
        env!("CARGO_PKG_VERSION"),
        if cfunc { "cfunc" } else { "dispatcher" },
        h.cpu,
        h.features,
        std::env::var("FERROJIT_PASSES").unwrap_or_default(),
        files.join(" "),
        ferrojit_ir::print_program(program)
    ))
}

fn llvm_version() -> (u32, u32, u32) {
    let (mut a, mut b, mut c) = (0u32, 0u32, 0u32);
    // SAFETY: writes three unsigned ints.
    unsafe { llvm_sys::core::LLVMGetVersion(&mut a, &mut b, &mut c) };
    (a, b, c)
}

/// An object of the program with the dispatcher's entry point named `entry_name`, and the
/// vector-math functions it calls (to be defined when it is loaded).
pub struct Object {
    pub bytes: Vec<u8>,
    pub vector_functions: Vec<String>,
}

/// Lower, optimise and emit the program as a relocatable object (`cfunc`: with the
/// function's C entry point).
pub fn compile_object(program: &Program, entry_name: &str, cfunc: bool) -> Result<Object> {
    let ctx = Context::create();
    let diagnostics = crate::annotate::DiagnosticsGuard::install(&ctx);
    let kind = if cfunc { EntryKind::Native } else { EntryKind::Slots };
    let module = build_module(&ctx, program, entry_name, kind)?;
    let tm = machine()?;
    crate::engine::optimize(&module, &tm)?;
    diagnostics.check()?;
    let vector_functions = module
        .get_functions()
        .filter(|f| f.count_basic_blocks() == 0)
        .map(|f| f.get_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("_ZGV"))
        .collect();
    let buffer = tm.write_to_memory_buffer(&module, FileType::Object).map_err(|e| BackendError::Llvm(e.to_string()))?;
    Ok(Object { bytes: buffer.as_slice().to_vec(), vector_functions })
}

/// The process's LLJIT, and the absolute symbols already defined in it.
struct Jit {
    jit: llvm_sys::orc2::lljit::LLVMOrcLLJITRef,
    defined: HashSet<String>,
}

// SAFETY: the LLJIT is used only under the mutex below.
unsafe impl Send for Jit {}

fn jit() -> Result<&'static Mutex<Jit>> {
    static JIT: OnceLock<std::result::Result<Mutex<Jit>, String>> = OnceLock::new();
    JIT.get_or_init(|| create_jit().map(Mutex::new)).as_ref().map_err(|e| BackendError::Llvm(e.clone()))
}

fn error_text(err: llvm_sys::error::LLVMErrorRef) -> String {
    // SAFETY: a live error, consumed here.
    unsafe {
        let msg = llvm_sys::error::LLVMGetErrorMessage(err);
        let text = CStr::from_ptr(msg).to_string_lossy().into_owned();
        llvm_sys::error::LLVMDisposeErrorMessage(msg);
        text
    }
}

fn create_jit() -> std::result::Result<Jit, String> {
    use llvm_sys::orc2::lljit::*;
    machine().map_err(|e| e.to_string())?; // (initialises the native target)
    let mut jit = std::ptr::null_mut();
    // SAFETY: a null builder asks for the defaults (the host).
    let err = unsafe { LLVMOrcCreateLLJIT(&mut jit, std::ptr::null_mut()) };
    if !err.is_null() {
        return Err(format!("cannot create the object loader: {}", error_text(err)));
    }
    // libc and libm functions (and anything else the process has) by name.
    let mut generator = std::ptr::null_mut();
    // SAFETY: a live LLJIT; the generator is handed to its main JITDylib.
    let err = unsafe {
        llvm_sys::orc2::LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(&mut generator, LLVMOrcLLJITGetGlobalPrefix(jit), None, std::ptr::null_mut())
    };
    if !err.is_null() {
        return Err(format!("cannot search the process's symbols: {}", error_text(err)));
    }
    // SAFETY: as above.
    unsafe { llvm_sys::orc2::LLVMOrcJITDylibAddGenerator(LLVMOrcLLJITGetMainJITDylib(jit), generator) };
    let mut j = Jit { jit, defined: HashSet::new() };
    let runtime: Vec<(String, usize)> = ferrojit_runtime::symbols().into_iter().map(|(n, a)| (n.to_string(), a)).collect();
    define(&mut j, &runtime)?;
    Ok(j)
}

/// Define `symbols` (not yet defined) as absolute addresses in the main JITDylib.
fn define(j: &mut Jit, symbols: &[(String, usize)]) -> std::result::Result<(), String> {
    use llvm_sys::orc2::*;
    let mut pairs = Vec::new();
    for (name, addr) in symbols {
        if !j.defined.insert(name.clone()) {
            continue;
        }
        let c = CString::new(name.as_str()).map_err(|_| format!("bad symbol name {name}"))?;
        // SAFETY: a live LLJIT; the pool entry is owned by the pair (consumed below).
        let interned = unsafe { lljit::LLVMOrcLLJITMangleAndIntern(j.jit, c.as_ptr()) };
        let flags = LLVMJITSymbolFlags {
            GenericFlags: LLVMJITSymbolGenericFlags::LLVMJITSymbolGenericFlagsExported as u8 | LLVMJITSymbolGenericFlags::LLVMJITSymbolGenericFlagsCallable as u8,
            TargetFlags: 0,
        };
        pairs.push(LLVMOrcCSymbolMapPair { Name: interned, Sym: LLVMJITEvaluatedSymbol { Address: *addr as u64, Flags: flags } });
    }
    if pairs.is_empty() {
        return Ok(());
    }
    // SAFETY: `pairs` is valid for the call; the unit takes the names.
    let err = unsafe {
        let unit = LLVMOrcAbsoluteSymbols(pairs.as_mut_ptr(), pairs.len());
        LLVMOrcJITDylibDefine(lljit::LLVMOrcLLJITGetMainJITDylib(j.jit), unit)
    };
    if err.is_null() { Ok(()) } else { Err(format!("cannot define the runtime's symbols: {}", error_text(err))) }
}

/// Link an object made by [`compile_object`] into this process: the address of its entry
/// point `entry_name`. The machine code lives as long as the process.
pub fn load_object(bytes: &[u8], entry_name: &str, vector_functions: &[String]) -> Result<usize> {
    use llvm_sys::orc2::lljit::*;
    let mut j = jit()?.lock().unwrap_or_else(|p| p.into_inner());
    let mut vector = Vec::new();
    for name in vector_functions {
        let addr = ferrojit_runtime::vector_math_symbol(name).ok_or_else(|| BackendError::Llvm(format!("the vector function {name} is not available here")))?;
        vector.push((name.clone(), addr));
    }
    define(&mut j, &vector).map_err(BackendError::Llvm)?;
    let name = CString::new("ferrojit-cached-object").expect("no NUL");
    // SAFETY: the bytes are copied into a buffer LLJIT takes ownership of.
    let err = unsafe {
        let buffer = llvm_sys::core::LLVMCreateMemoryBufferWithMemoryRangeCopy(bytes.as_ptr() as *const _, bytes.len(), name.as_ptr());
        LLVMOrcLLJITAddObjectFile(j.jit, LLVMOrcLLJITGetMainJITDylib(j.jit), buffer)
    };
    if !err.is_null() {
        return Err(BackendError::Llvm(format!("cannot load the cached object: {}", error_text(err))));
    }
    let entry = CString::new(entry_name).map_err(|_| BackendError::Llvm("bad entry name".into()))?;
    let mut addr = 0;
    // SAFETY: a live LLJIT; looking the entry up links the object (relocations resolved).
    let err = unsafe { LLVMOrcLLJITLookup(j.jit, &mut addr, entry.as_ptr()) };
    if !err.is_null() {
        return Err(BackendError::Llvm(format!("cannot link the cached object: {}", error_text(err))));
    }
    Ok(addr as usize)
}
