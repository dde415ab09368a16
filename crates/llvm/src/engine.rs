//! Turning a program into callable machine code. Everything LLVM-specific about *running*
//! code sits behind [`compile`] so the engine (MCJIT today; ORC LLJIT for the on-disk
//! cache later) can change without touching codegen.

use crate::codegen::Codegen;
use crate::target::{host, machine};
use crate::{BackendError, Result};
use ferrojit_ir::{verify, Program};
use inkwell::context::Context;
use inkwell::execution_engine::ExecutionEngine;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::FileType;
use inkwell::OptimizationLevel;

/// A compiled specialisation: the address of its C entry point. (Its optimised IR is
/// not kept: printing it costs a few percent of a compile; [`optimized_ir`] gives it.)
#[derive(Clone, Debug)]
pub struct Compiled {
    /// `extern "C" fn(args: *const u64, ret: *mut u64) -> i32`.
    pub entry: usize,
    pub entry_name: String,
}

/// Which C entry point to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// `i32 entry(u64 *args, u64 *ret)` for the Python dispatcher.
    Slots,
    /// The function's own C signature, for `cfunc`.
    Native,
    /// A NumPy ufunc inner loop over a scalar kernel (`@vectorize`).
    UfuncLoop,
    /// A generalized-ufunc loop over a kernel writing its outputs (`@guvectorize`).
    GufuncLoop,
}

pub(crate) fn build_module<'ctx>(ctx: &'ctx Context, program: &Program, entry_name: &str, kind: EntryKind) -> Result<Module<'ctx>> {
    Ok(build_module_with(ctx, program, entry_name, kind, false)?.0)
}

/// The module for a program; with `annotate`, with line tables, and the allocation
/// sites codegen emitted.
pub(crate) fn build_module_with<'ctx>(
    ctx: &'ctx Context,
    program: &Program,
    entry_name: &str,
    kind: EntryKind,
    annotate: bool,
) -> Result<(Module<'ctx>, Vec<crate::AllocSite>)> {
    verify(program)?;
    let h = host()?;
    let mut cg = Codegen::new(ctx, program, &program.entry_function().symbol);
    if annotate {
        cg.enable_debug_info();
    }
    cg.declare_all(h);
    cg.emit_all()?;
    cg.debug_leave_function();
    match kind {
        EntryKind::Slots => cg.emit_entry(entry_name, h)?,
        EntryKind::Native => cg.emit_cfunc(entry_name, h)?,
        EntryKind::UfuncLoop => cg.emit_ufunc_loop(entry_name, h)?,
        EntryKind::GufuncLoop => cg.emit_gufunc_loop(entry_name, h)?,
    }
    cg.widen_vectors();
    cg.finish_debug_info();
    cg.module.verify().map_err(|e| BackendError::Llvm(format!("invalid LLVM IR generated: {e}")))?;
    Ok((cg.module, cg.allocations))
}

/// The unoptimised LLVM IR of a program (for snapshot tests and `FERROJIT_DUMP_LLVM`).
pub fn lower_unoptimized(program: &Program) -> Result<String> {
    let ctx = Context::create();
    let entry = format!("{}__entry", program.entry_function().symbol);
    let module = build_module(&ctx, program, &entry, EntryKind::Slots)?;
    Ok(module.print_to_string().to_string())
}

/// Lower, optimise (`default<O3>` for the host CPU) and JIT-compile a program with the
/// dispatcher's entry point.
pub fn compile(program: &Program) -> Result<Compiled> {
    compile_with(program, EntryKind::Slots)
}

/// Like [`compile`], with a native C entry point (`cfunc`).
pub fn compile_cfunc(program: &Program) -> Result<Compiled> {
    compile_with(program, EntryKind::Native)
}

/// Like [`compile`], with a NumPy ufunc inner loop as the entry point (`@vectorize`):
/// `i32 loop(char **args, npy_intp *dims, npy_intp *steps, void *data)`.
pub fn compile_ufunc_loop(program: &Program) -> Result<Compiled> {
    compile_with(program, EntryKind::UfuncLoop)
}

/// Like [`compile`], with a generalized-ufunc loop as the entry point (`@guvectorize`):
/// `i32 loop(char **args, i64 n, i64 *steps, i64 *core_shapes, i64 *core_strides)`.
pub fn compile_gufunc_loop(program: &Program) -> Result<Compiled> {
    compile_with(program, EntryKind::GufuncLoop)
}

fn entry_symbol(program: &Program, kind: EntryKind) -> String {
    let suffix = match kind {
        EntryKind::Slots => "entry",
        EntryKind::Native => "cfunc",
        EntryKind::UfuncLoop => "ufunc_loop",
        EntryKind::GufuncLoop => "gufunc_loop",
    };
    format!("{}__{suffix}", program.entry_function().symbol)
}

/// Optimise a module for the host: `default<O3>` (or `FERROJIT_PASSES`), then the
/// streaming-store marking.
pub(crate) fn optimize(module: &Module<'_>, tm: &inkwell::targets::TargetMachine) -> Result<()> {
    module.set_triple(&tm.get_triple());
    module.set_data_layout(&tm.get_target_data().get_data_layout());
    module
        .run_passes(&std::env::var("FERROJIT_PASSES").unwrap_or_else(|_| "default<O3>".into()), tm, PassBuilderOptions::create())
        .map_err(|e| BackendError::Llvm(format!("optimisation failed: {e}")))?;
    crate::streaming::mark_nontemporal(module, &tm.get_target_data());
    Ok(())
}

/// The optimised LLVM IR [`compile`] (or, with `cfunc`, [`compile_cfunc`]) makes of a
/// program: lowered and optimised again, without machine code (`inspect_llvm()`).
pub fn optimized_ir(program: &Program, cfunc: bool) -> Result<String> {
    let ctx = Context::create();
    let kind = if cfunc { EntryKind::Native } else { EntryKind::Slots };
    let diagnostics = crate::annotate::DiagnosticsGuard::install(&ctx);
    let module = build_module(&ctx, program, &entry_symbol(program, kind), kind)?;
    optimize(&module, &machine()?)?;
    diagnostics.check()?;
    Ok(module.print_to_string().to_string())
}

fn compile_with(program: &Program, kind: EntryKind) -> Result<Compiled> {
    // The context must outlive the machine code; specialisations live as long as the
    // process, so the context is leaked deliberately (as Numba keeps its modules).
    let ctx: &'static Context = Box::leak(Box::new(Context::create()));
    let entry_name = entry_symbol(program, kind);
    let diagnostics = crate::annotate::DiagnosticsGuard::install(ctx);
    let module = build_module(ctx, program, &entry_name, kind)?;
    let tm = machine()?;
    optimize(&module, &tm)?;
    let engine: ExecutionEngine<'static> = module
        .create_jit_execution_engine(OptimizationLevel::Aggressive)
        .map_err(|e| BackendError::Llvm(format!("cannot create the JIT: {e}")))?;
    let symbols = ferrojit_runtime::symbols();
    for (name, addr) in symbols.iter() {
        if let Some(f) = module.get_function(name) {
            engine.add_global_mapping(&f, *addr);
        }
    }
    // A runtime function the generated code declares but the table does not list would
    // be called at address 0: an internal error here instead of a crash when it runs.
    let mut f = module.get_first_function();
    while let Some(func) = f {
        let name = func.get_name().to_string_lossy().into_owned();
        if name.starts_with("ferrojit_rt_") && func.count_basic_blocks() == 0 && !symbols.iter().any(|(n, _)| *n == name) {
            return Err(BackendError::Llvm(format!("runtime function {name} is not in the runtime's symbol table")));
        }
        f = func.get_next_function();
    }
    let mut f = module.get_first_function();
    while let Some(func) = f {
        let name = func.get_name().to_string_lossy().into_owned();
        if name.starts_with("_ZGV") {
            if let Some(addr) = ferrojit_runtime::vector_math_symbol(&name) {
                engine.add_global_mapping(&func, addr);
            }
        }
        f = func.get_next_function();
    }
    let entry = engine
        .get_function_address(&entry_name)
        .map_err(|e| BackendError::Llvm(format!("JIT lookup of {entry_name} failed: {e}")))?;
    diagnostics.check()?;
    drop(diagnostics);
    if std::env::var_os("FERROJIT_PERF_MAP").is_some() {
        write_perf_map(&module, &engine);
    }
    // Keep the machine code alive for the life of the process.
    std::mem::forget(engine);
    Ok(Compiled { entry, entry_name })
}

/// Assembly for the host CPU from (optimised) LLVM IR text, for `inspect_asm()`.
pub fn emit_asm(llvm_ir: &str) -> Result<String> {
    let ctx = Context::create();
    let buffer = MemoryBuffer::create_from_memory_range_copy(llvm_ir.as_bytes(), "ferrojit");
    let module = ctx.create_module_from_ir(buffer).map_err(|e| BackendError::Llvm(e.to_string()))?;
    let tm = machine()?;
    let out = tm
        .write_to_memory_buffer(&module, FileType::Assembly)
        .map_err(|e| BackendError::Llvm(e.to_string()))?;
    Ok(String::from_utf8_lossy(out.as_slice()).into_owned())
}

/// `FERROJIT_PERF_MAP=1`: append this module's functions to `/tmp/perf-<pid>.map`, the
/// file `perf report` reads to name samples in JIT code. MCJIT does not report sizes,
/// so each function is taken to reach the next one (the last: 64 KiB).
fn write_perf_map(module: &Module<'_>, engine: &ExecutionEngine<'_>) {
    use std::io::Write;
    let mut funcs: Vec<(usize, String)> = module
        .get_functions()
        .filter(|f| f.count_basic_blocks() > 0)
        .filter_map(|f| {
            let name = f.get_name().to_string_lossy().into_owned();
            engine.get_function_address(&name).ok().map(|a| (a, name))
        })
        .collect();
    funcs.sort();
    let path = format!("/tmp/perf-{}.map", std::process::id());
    let Ok(mut out) = std::fs::OpenOptions::new().create(true).append(true).open(path) else { return };
    for (k, (addr, name)) in funcs.iter().enumerate() {
        let end = funcs.get(k + 1).map_or(addr + 0x10000, |n| n.0);
        let _ = writeln!(out, "{addr:x} {:x} {name}", end - addr);
    }
}
