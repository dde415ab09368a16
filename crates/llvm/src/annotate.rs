//! What the backend did with each source line, for the annotation report.
//!
//! [`annotate`] compiles a program once more, the way [`crate::compile`] does (same
//! codegen, same `default<O3>` pipeline for the host CPU) but without making machine
//! code, and with two additions:
//!
//! - **Line tables.** Every statement gets a `DILocation` (line-tables-only debug info)
//!   and every loop's ID carries its `for` statement's location, so LLVM's optimisation
//!   remarks say which source loop they are about. Debug info never changes what LLVM
//!   optimises, so the remarks describe the code that actually runs.
//! - **Remarks and allocation sites.** LLVM's loop-vectoriser remarks (passed, missed and
//!   the analysis that says why) are collected through the context's diagnostic handler,
//!   and codegen records the line of every array allocation it emits.
//!
//! Ordinary compiles don't pay for any of this: the report recompiles on demand.

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::Program;
use inkwell::context::Context;
use inkwell::debug_info::{AsDIScope, DIFlags, DIFlagsConstants, DWARFEmissionKind, DWARFSourceLanguage, DebugInfoBuilder, DILocation, DISubprogram};
use inkwell::llvm_sys::core::{LLVMContextSetDiagnosticHandler, LLVMDisposeMessage, LLVMGetDiagInfoDescription, LLVMGetDiagInfoSeverity};
use inkwell::llvm_sys::prelude::LLVMDiagnosticInfoRef;
use inkwell::llvm_sys::LLVMDiagnosticSeverity;
use inkwell::module::FlagBehavior;
use inkwell::passes::PassBuilderOptions;
use inkwell::values::FunctionValue;

/// An array allocation emitted for a source line.
#[derive(Clone, Debug, PartialEq)]
pub struct AllocSite {
    /// Index of the function in the program.
    pub function: usize,
    pub line: u32,
    /// What is allocated, e.g. `array(float64, 1d, C)`.
    pub what: String,
}

/// One loop-vectoriser remark.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopRemark {
    pub file: String,
    pub line: u32,
    pub col: u32,
    /// A vector loop was made ("vectorized loop (vectorization width: 8, ...)").
    pub vectorized: bool,
    /// LLVM's text.
    pub message: String,
}

/// Everything [`annotate`] learns about a program.
#[derive(Clone, Debug, Default)]
pub struct Annotation {
    pub allocations: Vec<AllocSite>,
    pub remarks: Vec<LoopRemark>,
    /// Bounds checks left inside loops (`loop_checks`).
    pub checks_in_loops: Vec<crate::CheckSite>,
    /// The optimised module, with its line tables.
    pub llvm_ir: String,
}

/// Debug-info state of a module being annotated.
pub struct DebugInfo<'ctx> {
    builder: DebugInfoBuilder<'ctx>,
    cu: inkwell::debug_info::DICompileUnit<'ctx>,
    scope: Option<DISubprogram<'ctx>>,
}

/// Diagnostics LLVM reports while optimising one module.
#[derive(Default)]
pub struct Diagnostics {
    pub remarks: Vec<String>,
    pub errors: Vec<String>,
}

extern "C" fn on_diagnostic(info: LLVMDiagnosticInfoRef, data: *mut std::ffi::c_void) {
    if data.is_null() {
        return;
    }
    // SAFETY: `data` is the `Diagnostics` installed by `DiagnosticsGuard`, alive until the
    // guard is dropped (which uninstalls it); `info` is valid for this call.
    unsafe {
        let sink = &mut *(data as *mut Diagnostics);
        let severity = LLVMGetDiagInfoSeverity(info);
        let text = LLVMGetDiagInfoDescription(info);
        if text.is_null() {
            return;
        }
        let message = std::ffi::CStr::from_ptr(text).to_string_lossy().into_owned();
        LLVMDisposeMessage(text);
        match severity {
            LLVMDiagnosticSeverity::LLVMDSError => sink.errors.push(message),
            LLVMDiagnosticSeverity::LLVMDSRemark => sink.remarks.push(message),
            _ => {}
        }
    }
}

/// Routes a context's diagnostics into a [`Diagnostics`] while alive, and to nowhere
/// after (LLVM would otherwise print remarks to stderr and exit the process on an error).
pub struct DiagnosticsGuard<'ctx> {
    ctx: &'ctx Context,
    pub sink: Box<Diagnostics>,
}

impl<'ctx> DiagnosticsGuard<'ctx> {
    pub fn install(ctx: &'ctx Context) -> DiagnosticsGuard<'ctx> {
        let mut sink = Box::<Diagnostics>::default();
        let data = &mut *sink as *mut Diagnostics as *mut std::ffi::c_void;
        // SAFETY: the handler only dereferences `data` while the box lives; Drop
        // uninstalls it first.
        unsafe { LLVMContextSetDiagnosticHandler(ctx.raw(), Some(on_diagnostic), data) };
        DiagnosticsGuard { ctx, sink }
    }

    /// Errors LLVM reported, as one backend error.
    pub fn check(&self) -> Result<()> {
        if self.sink.errors.is_empty() {
            return Ok(());
        }
        Err(BackendError::Llvm(self.sink.errors.join("\n")))
    }
}

impl Drop for DiagnosticsGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: a live context; a null data pointer makes the handler ignore everything.
        unsafe { LLVMContextSetDiagnosticHandler(self.ctx.raw(), Some(on_diagnostic), std::ptr::null_mut()) };
    }
}

/// Turn on LLVM's loop-vectoriser remarks (process-wide LLVM options, set once; only
/// contexts with a [`DiagnosticsGuard`] see them, others drop them).
fn enable_vectorizer_remarks() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let args = [
            c"ferrojit".as_ptr(),
            c"-pass-remarks=loop-vectorize".as_ptr(),
            c"-pass-remarks-missed=loop-vectorize".as_ptr(),
            c"-pass-remarks-analysis=loop-vectorize".as_ptr(),
        ];
        // SAFETY: NUL-terminated strings that live for the call.
        unsafe { inkwell::llvm_sys::support::LLVMParseCommandLineOptions(args.len() as i32, args.as_ptr(), std::ptr::null()) };
    });
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    /// Emit line tables and record allocation sites from now on.
    pub fn enable_debug_info(&mut self) {
        let f = self.program.entry_function();
        let (dir, file) = split_path(&f.filename);
        let (builder, cu) = self.module.create_debug_info_builder(
            true,
            DWARFSourceLanguage::Python,
            file,
            dir,
            "ferrojit",
            true,
            "",
            0,
            "",
            DWARFEmissionKind::LineTablesOnly,
            0,
            false,
            false,
            "",
            "",
        );
        let version = self.ctx.i32_type().const_int(3, false);
        self.module.add_basic_value_flag("Debug Info Version", FlagBehavior::Warning, version);
        self.di = Some(DebugInfo { builder, cu, scope: None });
    }

    /// Start a function's subprogram; its statements get locations in it.
    pub fn debug_enter_function(&mut self, value: FunctionValue<'ctx>, f: &ferrojit_ir::Function) {
        let Some(di) = &mut self.di else { return };
        let (dir, file) = split_path(&f.filename);
        let file = di.builder.create_file(file, dir);
        let ty = di.builder.create_subroutine_type(file, None, &[], DIFlags::ZERO);
        let sp = di.builder.create_function(
            di.cu.as_debug_info_scope(),
            &f.name,
            Some(&f.symbol),
            file,
            f.span.line,
            ty,
            true,
            true,
            f.span.line,
            DIFlags::ZERO,
            true,
        );
        value.set_subprogram(sp);
        di.scope = Some(sp);
        self.debug_line(f.span);
    }

    /// Statements from here on belong to this source position.
    pub fn debug_line(&mut self, span: ferrojit_ir::Span) {
        if span.line == 0 {
            return;
        }
        self.line = span.line;
        if let Some(loc) = self.debug_location() {
            self.builder.set_current_debug_location(loc);
        }
    }

    /// The current position as a `DILocation`, when emitting line tables.
    pub fn debug_location(&self) -> Option<DILocation<'ctx>> {
        let di = self.di.as_ref()?;
        let scope = di.scope?;
        Some(di.builder.create_debug_location(self.ctx, self.line, 0, scope.as_debug_info_scope(), None))
    }

    /// Code from here on belongs to no source line (the C entry points).
    pub fn debug_leave_function(&mut self) {
        if let Some(di) = &mut self.di {
            di.scope = None;
        }
        self.builder.unset_current_debug_location();
    }

    pub fn finish_debug_info(&self) {
        if let Some(di) = &self.di {
            di.builder.finalize();
        }
    }

    /// Note an array allocation on the current line.
    pub fn note_allocation(&mut self, at: &ferrojit_ir::ArrayType) {
        if self.di.is_none() {
            return;
        }
        let function = self.function_index;
        let what = match self.alloc_note {
            Some(note) => format!("{} ({note})", ferrojit_ir::Type::Array(*at)),
            None => ferrojit_ir::Type::Array(*at).to_string(),
        };
        let site = AllocSite { function, line: self.line, what };
        if !self.allocations.contains(&site) {
            self.allocations.push(site);
        }
    }
}

fn split_path(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(k) => (&path[..k], &path[k + 1..]),
        None => ("", path),
    }
}

/// Compile `program` for the report: allocation sites, vectoriser remarks, and the
/// optimised IR with line tables. No machine code is made.
pub fn annotate(program: &Program) -> Result<Annotation> {
    enable_vectorizer_remarks();
    let ctx = Context::create();
    let guard = DiagnosticsGuard::install(&ctx);
    let entry = format!("{}__entry", program.entry_function().symbol);
    let (module, allocations) = crate::engine::build_module_with(&ctx, program, &entry, crate::engine::EntryKind::Slots, true)?;
    let tm = crate::target::machine()?;
    module.set_triple(&tm.get_triple());
    module.set_data_layout(&tm.get_target_data().get_data_layout());
    module
        .run_passes(&std::env::var("FERROJIT_PASSES").unwrap_or_else(|_| "default<O3>".into()), &tm, PassBuilderOptions::create())
        .map_err(|e| BackendError::Llvm(format!("optimisation failed: {e}")))?;
    guard.check()?;
    let files: Vec<&str> = program.functions.iter().map(|f| f.filename.as_str()).collect();
    let remarks = guard.sink.remarks.iter().filter_map(|r| parse_remark(r, &files)).collect();
    let checks_in_loops = crate::loop_checks::checks_in_loops(&module);
    Ok(Annotation { allocations, remarks, checks_in_loops, llvm_ir: module.print_to_string().to_string() })
}

/// `"/path/f.py:12:5: loop not vectorized: ..."` for one of the program's files.
fn parse_remark(text: &str, files: &[&str]) -> Option<LoopRemark> {
    let (file, rest) = files.iter().find_map(|f| {
        let name = f.rsplit('/').next().unwrap_or(f);
        text.strip_prefix(&format!("{f}:")).or_else(|| text.strip_prefix(&format!("{name}:"))).map(|rest| (f.to_string(), rest))
    })?;
    let mut parts = rest.splitn(3, ':');
    let line: u32 = parts.next()?.trim().parse().ok()?;
    let col: u32 = parts.next()?.trim().parse().ok()?;
    let message = parts.next()?.trim().to_string();
    // Only the loop vectoriser's remarks (others reach the handler too: LLVM does not
    // filter remarks by pass for a callback handler).
    const VECTORIZER: [&str; 4] = ["vectorized loop", "loop not vectorized", "interleaved loop", "the cost-model indicates"];
    if !VECTORIZER.iter().any(|p| message.starts_with(p)) {
        return None;
    }
    let vectorized = message.starts_with("vectorized loop");
    Some(LoopRemark { file, line, col, vectorized, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remarks_are_parsed_with_their_file_and_line() {
        let files = ["/tmp/a:b/k.py"];
        let r = parse_remark("/tmp/a:b/k.py:12:5: loop not vectorized: call instruction cannot be vectorized", &files).unwrap();
        assert_eq!((r.line, r.col, r.vectorized), (12, 5, false));
        assert_eq!(r.message, "loop not vectorized: call instruction cannot be vectorized");
        let r = parse_remark("k.py:3:0: vectorized loop (vectorization width: 8, interleaved count: 4)", &files).unwrap();
        assert!(r.vectorized && r.line == 3);
        assert!(parse_remark("<unknown>:0:0: loop not vectorized", &files).is_none());
        assert!(parse_remark("k.py:3:0: exp will not be inlined into f because its definition is unavailable", &files).is_none());
    }
}
