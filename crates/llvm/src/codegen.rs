//! Module and statement lowering: declarations, variables, control flow, exceptions.

use crate::loops::RangeLoop;
use crate::target::Host;
use crate::{BackendError, Result};
use ferrojit_ir::{Block, CodegenOptions, ExcKind, ExprKind, FloatKind, Function, Program, StmtKind, Type};
use inkwell::attributes::AttributeLoc;
use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use std::collections::HashMap;

pub struct Codegen<'ctx, 'p> {
    pub ctx: &'ctx Context,
    pub module: Module<'ctx>,
    pub builder: Builder<'ctx>,
    alloca_builder: Builder<'ctx>,
    pub program: &'p Program,
    pub options: CodegenOptions,
    pub functions: Vec<FunctionValue<'ctx>>,
    /// Functions that can recurse: they take a trailing stack-limit parameter and check
    /// it on entry.
    pub recursive: Vec<bool>,
    /// The current function's stack limit, if it is recursive.
    pub stack_limit: Option<IntValue<'ctx>>,
    strings: HashMap<String, PointerValue<'ctx>>,
    // State of the function being emitted.
    pub current: Option<FunctionValue<'ctx>>,
    pub ir: Option<&'p Function>,
    pub ret_ptr: Option<PointerValue<'ctx>>,
    pub vars: Vec<PointerValue<'ctx>>,
    pub(crate) loops: Vec<(BasicBlock<'ctx>, BasicBlock<'ctx>)>,
    /// Where an exception goes inside `try` bodies (innermost last): the handler
    /// dispatch, or the `finally` that re-raises; empty: out of the function.
    handlers: Vec<BasicBlock<'ctx>>,
    /// The `finally` blocks a `return`, `break` or `continue` here must run on its way
    /// out (innermost last).
    finallies: Vec<Finally<'p>>,
    alloca_block: Option<BasicBlock<'ctx>>,
    /// Owned temporaries currently parked in stack slots (value, slot, type).
    pub held: Vec<(BasicValueEnum<'ctx>, PointerValue<'ctx>, Type)>,
    /// Every temporary slot of the current function, released at its exit.
    pub temp_slots: Vec<(PointerValue<'ctx>, Type)>,
    /// Vector math declarations to keep alive until the vectoriser runs.
    pub vector_decls: Vec<FunctionValue<'ctx>>,
    /// How many calls with vector variants have been emitted (a loop whose body adds
    /// one is interleaved less: see [`crate::streaming::LoopHints::interleave`]).
    pub vector_calls: usize,
    /// Whether vector math (a libmvec call or `tanh_f32`) was emitted: then the module's
    /// functions ask for 512-bit vectors where the CPU has AVX-512 (see `widen_vectors`).
    pub wide_math: bool,
    /// Emitting the loop of a reduction (`np.sum`, `np.mean`, ...).
    pub reducing: bool,
    /// Evaluating with NumPy's error rules (inside a `Map` or `NumpySemantics`).
    pub numpy_mode: bool,
    /// The element values of the `Map` inputs being evaluated (innermost last).
    pub map_values: Vec<Vec<BasicValueEnum<'ctx>>>,
    /// The next innermost loop emitted gets the streaming-store tag (see `streaming`).
    pub streaming: bool,
    /// The next innermost array loop emitted is not vectorised (its inputs are certainly
    /// strided: vector code would be gathers, slower here than scalar loads, or a copy
    /// LLVM versions on a unit stride that never occurs; either costs compile time).
    pub scalar_loop: bool,
    /// Assignments whose result may take a dying array's memory (see `reuse`), for the
    /// function being emitted, and the variable for the map being materialised next.
    pub reuses: crate::reuse::Reuses,
    pub reuse_next: Option<crate::reuse::Reuse>,
    /// Line tables, when compiling for the annotation report (see `annotate`).
    pub di: Option<crate::annotate::DebugInfo<'ctx>>,
    /// The source line being emitted.
    pub line: u32,
    /// Array allocation sites, recorded for the report (when `di` is set).
    pub allocations: Vec<crate::annotate::AllocSite>,
    /// Index in the program of the function being emitted.
    pub function_index: usize,
    /// Pointer cells `p[k]` kept in locals inside the loop being emitted (see `promote`).
    pub cells: Vec<(ferrojit_ir::VarId, i64, PointerValue<'ctx>)>,
    /// Indices proven in range where the code being emitted stands (see `ranges`).
    pub proofs: crate::ranges::Proofs,
    /// Said of the next allocation in the report (why it may not happen).
    pub alloc_note: Option<&'static str>,
    /// The TBAA access tag `pack`/`unpack` put on their loads and stores (list items,
    /// crate::lists), when set.
    pub access_tag: Option<inkwell::values::MetadataValue<'ctx>>,
    /// Where every exit goes when variables must be released first (with the status in
    /// `status_slot`); `None` when a plain `ret` will do.
    exit: Option<(BasicBlock<'ctx>, PointerValue<'ctx>)>,
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    pub fn new(ctx: &'ctx Context, program: &'p Program, name: &str) -> Codegen<'ctx, 'p> {
        Codegen {
            ctx,
            module: ctx.create_module(name),
            builder: ctx.create_builder(),
            alloca_builder: ctx.create_builder(),
            program,
            options: program.options,
            functions: Vec::new(),
            recursive: program.recursive_functions(),
            stack_limit: None,
            strings: HashMap::new(),
            current: None,
            ir: None,
            ret_ptr: None,
            vars: Vec::new(),
            loops: Vec::new(),
            handlers: Vec::new(),
            finallies: Vec::new(),
            alloca_block: None,
            exit: None,
            numpy_mode: false,
            vector_decls: Vec::new(),
            vector_calls: 0,
            wide_math: false,
            reducing: false,
            held: Vec::new(),
            temp_slots: Vec::new(),
            map_values: Vec::new(),
            streaming: false,
            scalar_loop: false,
            reuses: Default::default(),
            reuse_next: None,
            di: None,
            line: 0,
            allocations: Vec::new(),
            function_index: 0,
            cells: Vec::new(),
            proofs: crate::ranges::Proofs::default(),
            alloc_note: None,
            access_tag: None,
        }
    }

    pub fn llvm_type(&self, ty: &Type) -> BasicTypeEnum<'ctx> {
        match ty {
            Type::Bool => self.ctx.bool_type().into(),
            Type::Int(k) => match k.bits() {
                8 => self.ctx.i8_type().into(),
                16 => self.ctx.i16_type().into(),
                32 => self.ctx.i32_type().into(),
                _ => self.ctx.i64_type().into(),
            },
            Type::Float(FloatKind::F32) => self.ctx.f32_type().into(),
            Type::Float(FloatKind::F64) => self.ctx.f64_type().into(),
            Type::Complex(k) => {
                let part = self.llvm_type(&Type::Float(*k));
                self.ctx.struct_type(&[part, part], false).into()
            }
            // {present, value}; the value is zero when absent.
            Type::Optional(t) => self.ctx.struct_type(&[self.ctx.bool_type().into(), self.llvm_type(t)], false).into(),
            // No data: a placeholder byte (None; a function known when compiling).
            Type::None | Type::Function(_) | Type::Str(_) => self.ctx.i8_type().into(),
            Type::Tuple(items) => {
                let fields: Vec<BasicTypeEnum> = items.iter().map(|t| self.llvm_type(t)).collect();
                self.ctx.struct_type(&fields, false).into()
            }
            Type::Array(a) => self.array_struct_type(a.ndim).into(),
            Type::Pointer(_) | Type::Text | Type::List(_) => self.ptr_type().into(),
            // (the items of a list that is never filled: never loaded)
            Type::Unknown => self.ctx.i64_type().into(),
        }
    }

    pub fn ptr_type(&self) -> inkwell::types::PointerType<'ctx> {
        self.ctx.ptr_type(AddressSpace::default())
    }

    pub fn add_target_attributes(&self, f: FunctionValue<'ctx>, host: &Host) {
        f.add_attribute(AttributeLoc::Function, self.ctx.create_string_attribute("target-cpu", &host.cpu));
        f.add_attribute(AttributeLoc::Function, self.ctx.create_string_attribute("target-features", &host.features));
        if let Ok(w) = std::env::var("FERROJIT_PREFER_VECTOR_WIDTH") {
            f.add_attribute(AttributeLoc::Function, self.ctx.create_string_attribute("prefer-vector-width", &w));
        }
        let nounwind = inkwell::attributes::Attribute::get_named_enum_kind_id("nounwind");
        f.add_attribute(AttributeLoc::Function, self.ctx.create_enum_attribute(nounwind, 0));
    }

    /// Declare every function of the program (so calls, recursion included, resolve).
    pub fn declare_all(&mut self, host: &Host) {
        for (i, f) in self.program.functions.iter().enumerate() {
            let mut params: Vec<inkwell::types::BasicMetadataTypeEnum> = vec![self.ptr_type().into()];
            for t in f.param_types() {
                params.push(self.llvm_type(&t).into());
            }
            if self.recursive[i] {
                params.push(self.ctx.i64_type().into());
            }
            let fn_type = self.ctx.i32_type().fn_type(&params, false);
            let value = self.module.add_function(&f.symbol, fn_type, Some(Linkage::Internal));
            self.add_target_attributes(value, host);
            self.functions.push(value);
        }
    }

    pub fn emit_all(&mut self) -> Result<()> {
        let program = self.program;
        // Functions no longer called from the entry (inlined everywhere, see the
        // frontend's `optimize`) are left out: LLVM would optimise them for nothing.
        let mut reachable = vec![false; program.functions.len()];
        let mut stack = vec![program.entry];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut reachable[i], true) {
                continue;
            }
            program.functions[i].visit_calls(&mut |callee| stack.push(callee));
        }
        for (i, f) in program.functions.iter().enumerate() {
            if reachable[i] {
                self.function_index = i;
                self.emit_function(self.functions[i], f, self.recursive[i])?;
            }
        }
        for (i, &used) in reachable.iter().enumerate() {
            if !used {
                // SAFETY: a declaration nothing refers to (no emitted body calls it).
                unsafe { self.functions[i].delete() };
            }
        }
        self.keep_vector_decls();
        Ok(())
    }

    /// LLVM's tuning for Intel's AVX-512 CPUs (Skylake-SP to Sapphire Rapids, and the
    /// generic x86-64-v4) prefers 256-bit vectors, for fear of the clock slowing down
    /// under 512-bit code; for loops of vector math the wider vectors win regardless, as
    /// NumPy's own AVX-512 loops show: `np.exp` of 1e6 float64 with x86-64-v4's tuning
    /// took 1.70 ms through `_ZGVdN4v_exp` and 0.82 ms with 512-bit vectors (AMD Zen 4,
    /// whose own tuning already picks 512). So a module that computes vector math asks
    /// for 512-bit vectors where the target has AVX-512; `FERROJIT_PREFER_VECTOR_WIDTH`
    /// (set on every function) still decides when given. Called once the entry points
    /// exist (the program's functions are inlined into them).
    pub(crate) fn widen_vectors(&self) {
        if !self.wide_math || !crate::math::host_has("+avx512f") || std::env::var_os("FERROJIT_PREFER_VECTOR_WIDTH").is_some() {
            return;
        }
        for f in self.module.get_functions().filter(|f| f.count_basic_blocks() > 0) {
            f.add_attribute(AttributeLoc::Function, self.ctx.create_string_attribute("prefer-vector-width", "512"));
        }
    }

    /// `llvm.compiler.used` keeps unreferenced vector-math declarations from being
    /// dropped before the loop vectoriser looks for them.
    fn keep_vector_decls(&mut self) {
        if self.vector_decls.is_empty() {
            return;
        }
        let ptr = self.ptr_type();
        let values: Vec<PointerValue> = self.vector_decls.iter().map(|f| f.as_global_value().as_pointer_value()).collect();
        let init = ptr.const_array(&values);
        let g = self.module.add_global(ptr.array_type(values.len() as u32), None, "llvm.compiler.used");
        g.set_linkage(Linkage::Appending);
        g.set_section(Some("llvm.metadata"));
        g.set_initializer(&init);
    }

    fn emit_function(&mut self, value: FunctionValue<'ctx>, f: &'p Function, recursive: bool) -> Result<()> {
        self.current = Some(value);
        self.ir = Some(f);
        self.proofs = crate::ranges::Proofs::for_function(f);
        self.options.boundscheck = f.boundscheck.unwrap_or(self.program.options.boundscheck);
        self.loops.clear();
        self.handlers.clear();
        self.finallies.clear();
        self.debug_enter_function(value, f);
        let allocas = self.ctx.append_basic_block(value, "allocas");
        let body = self.ctx.append_basic_block(value, "body");
        self.alloca_block = Some(allocas);
        self.alloca_builder.position_at_end(allocas);
        self.ret_ptr = value.get_nth_param(0).map(|p| p.into_pointer_value());
        self.vars.clear();
        for var in &f.vars {
            let ty = self.llvm_type(&var.ty);
            let slot = self.alloca_builder.build_alloca(ty, &var.name.replace('$', "."))?;
            self.alloca_builder.build_store(slot, ty.const_zero())?;
            self.vars.push(slot);
        }
        for (i, &p) in f.params.iter().enumerate() {
            let arg = value
                .get_nth_param(i as u32 + 1)
                .ok_or_else(|| BackendError::Llvm("missing parameter".into()))?;
            self.alloca_builder.build_store(self.vars[p], arg)?;
        }
        self.held.clear();
        self.temp_slots.clear();
        self.reuses = crate::reuse::analyse(f);
        let mut has_arrays = false;
        ferrojit_ir::walk_block(&f.body, &mut |e| has_arrays |= crate::array::is_refcounted(&e.ty));
        let needs_cleanup = has_arrays || f.vars.iter().any(|v| crate::array::is_refcounted(&v.ty));
        self.exit = None;
        if needs_cleanup {
            let status = self.alloca_builder.build_alloca(self.ctx.i32_type(), "status")?;
            let exit_bb = self.ctx.append_basic_block(value, "exit");
            self.exit = Some((exit_bb, status));
        }
        self.builder.position_at_end(body);
        // Parameters are borrowed from the caller; the variables holding them own a
        // reference like every other variable, except those the body never rebinds
        // (see `borrowed_params`): they keep borrowing, without count traffic.
        let borrowed = borrowed_params(f, &self.reuses);
        for &p in &f.params {
            let ty = &f.vars[p].ty;
            if crate::array::is_refcounted(ty) && !borrowed.contains(&p) {
                let v = self.load_var(p, ty)?;
                self.incref(v, ty)?;
            }
        }
        self.stack_limit = None;
        if recursive {
            let limit = value
                .get_nth_param(f.params.len() as u32 + 1)
                .ok_or_else(|| BackendError::Llvm("missing stack limit".into()))?
                .into_int_value();
            self.stack_limit = Some(limit);
            self.check_stack(limit)?;
        }
        self.block(&f.body)?;
        if self.builder.get_insert_block().and_then(|b| b.get_terminator()).is_none() {
            self.builder.build_unreachable()?;
        }
        if let Some((exit_bb, status)) = self.exit {
            self.builder.position_at_end(exit_bb);
            for (i, var) in f.vars.iter().enumerate() {
                if crate::array::is_refcounted(&var.ty) && !borrowed.contains(&i) {
                    let v = self.load_var(i, &var.ty)?;
                    self.decref(v, &var.ty)?;
                }
            }
            // Temporaries still parked when an exception left the function.
            let mut slots = std::mem::take(&mut self.temp_slots);
            slots.extend(self.held.drain(..).map(|(_, s, t)| (s, t)));
            for (slot, ty) in slots {
                let v = self.builder.build_load(self.llvm_type(&ty), slot, "")?;
                self.decref(v, &ty)?;
            }
            let s = self.builder.build_load(self.ctx.i32_type(), status, "status")?;
            self.builder.build_return(Some(&s))?;
        }
        self.alloca_builder.position_at_end(allocas);
        self.alloca_builder.build_unconditional_branch(body)?;
        Ok(())
    }

    /// Raise `RecursionError` if this frame is below the thread's stack limit.
    fn check_stack(&mut self, limit: IntValue<'ctx>) -> Result<()> {
        let intrinsic = inkwell::intrinsics::Intrinsic::find("llvm.frameaddress")
            .ok_or_else(|| BackendError::Llvm("no llvm.frameaddress".into()))?;
        let decl = intrinsic
            .get_declaration(&self.module, &[self.ptr_type().into()])
            .ok_or_else(|| BackendError::Llvm("cannot declare llvm.frameaddress".into()))?;
        let frame = self
            .builder
            .build_call(decl, &[self.ctx.i32_type().const_zero().into()], "frame")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| BackendError::Llvm("frameaddress returned nothing".into()))?
            .into_pointer_value();
        let sp = self.builder.build_ptr_to_int(frame, self.ctx.i64_type(), "sp")?;
        let too_deep = self.builder.build_int_compare(IntPredicate::ULT, sp, limit, "too_deep")?;
        self.check(too_deep, ExcKind::RecursionError, "maximum recursion depth exceeded")
    }

    /// The stack limit to pass to a recursive callee: ours, or the runtime's for this
    /// thread when the caller itself is not recursive.
    pub fn stack_limit_for_call(&mut self) -> Result<IntValue<'ctx>> {
        if let Some(l) = self.stack_limit {
            return Ok(l);
        }
        let i64t = self.ctx.i64_type();
        let f = self.module.get_function("ferrojit_rt_stack_limit").unwrap_or_else(|| {
            self.module.add_function("ferrojit_rt_stack_limit", i64t.fn_type(&[], false), Some(Linkage::External))
        });
        Ok(self
            .builder
            .build_call(f, &[], "limit")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| BackendError::Llvm("stack limit returned nothing".into()))?
            .into_int_value())
    }

    /// A stack slot in the entry block, zeroed there (null references).
    pub fn entry_alloca_zeroed(&self, ty: BasicTypeEnum<'ctx>, name: &str) -> Result<PointerValue<'ctx>> {
        let slot = self.alloca_builder.build_alloca(ty, name)?;
        self.alloca_builder.build_store(slot, ty.const_zero())?;
        Ok(slot)
    }

    /// A stack slot in the function's entry block.
    pub fn entry_alloca(&self, ty: BasicTypeEnum<'ctx>, name: &str) -> Result<PointerValue<'ctx>> {
        Ok(self.alloca_builder.build_alloca(ty, name)?)
    }

    pub fn append_block(&self, name: &str) -> Result<BasicBlock<'ctx>> {
        let f = self.current.ok_or_else(|| BackendError::Llvm("no current function".into()))?;
        Ok(self.ctx.append_basic_block(f, name))
    }

    /// After a terminator: continue emitting into a fresh (unreachable) block.
    fn start_dead_block(&mut self) -> Result<()> {
        let dead = self.append_block("dead")?;
        self.builder.position_at_end(dead);
        Ok(())
    }

    /// The arguments of `print` / `raise_format` in two stack arrays: a kind code and two
    /// 8-byte slots per item (crates/runtime/src/print.rs), a tuple being a marker item
    /// followed by its items. Returns (kinds, slots, item count, arrays to release after
    /// the call).
    #[allow(clippy::type_complexity)]
    pub fn pack_print_args(
        &mut self,
        args: &'p [ferrojit_ir::PrintArg],
    ) -> Result<(PointerValue<'ctx>, PointerValue<'ctx>, u64, Vec<(BasicValueEnum<'ctx>, &'p Type)>)> {
        use ferrojit_ir::PrintArg;
        use ferrojit_runtime as rt;
        let (i32t, i64t) = (self.ctx.i32_type(), self.ctx.i64_type());
        let mut items: Vec<(IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>)> = Vec::new();
        let mut owned = Vec::new();
        for a in args {
            match a {
                PrintArg::Text(t) => {
                    let p = self.string_constant(t)?;
                    let addr = self.builder.build_ptr_to_int(p, i64t, "")?;
                    items.push((i32t.const_int(rt::PRINT_TEXT as u64, false), addr, i64t.const_int(t.len() as u64, false)));
                }
                PrintArg::Value(v) => {
                    let (value, is_owned) = self.expr_borrowed(v)?;
                    if is_owned {
                        owned.push((value, &v.ty));
                    }
                    let at = items.len();
                    self.print_items(value, &v.ty, &mut items)?;
                    // A NumPy scalar the frontend marked (`NumpySemantics`) reaches Python
                    // as one (its repr is NumPy's: `np.float64(1.5)`).
                    if let (ExprKind::NumpySemantics(_), Some(d)) = (&v.kind, ferrojit_ir::DType::from_type(&v.ty)) {
                        if items.len() == at + 1 {
                            items[at].0 = i32t.const_int((rt::PRINT_NUMPY_BASE + d.runtime_code() as u32) as u64, false);
                        }
                    }
                }
            }
        }
        let n = items.len().max(1) as u32;
        let kinds = self.entry_alloca(i32t.array_type(n).into(), "print_kinds")?;
        let slots = self.entry_alloca(i64t.array_type(2 * n).into(), "print_slots")?;
        for (i, (kind, first, second)) in items.iter().enumerate() {
            let idx = |k: u64| [i64t.const_zero(), i64t.const_int(k, false)];
            // SAFETY (LLVM): indices within the arrays allocated above.
            let kp = unsafe { self.builder.build_in_bounds_gep(i32t.array_type(n), kinds, &idx(i as u64), "")? };
            self.builder.build_store(kp, *kind)?;
            let s0 = unsafe { self.builder.build_in_bounds_gep(i64t.array_type(2 * n), slots, &idx(2 * i as u64), "")? };
            self.builder.build_store(s0, *first)?;
            let s1 = unsafe { self.builder.build_in_bounds_gep(i64t.array_type(2 * n), slots, &idx(2 * i as u64 + 1), "")? };
            self.builder.build_store(s1, *second)?;
        }
        Ok((kinds, slots, items.len() as u64, owned))
    }

    /// The print items of one value: a number, None, an optional number, an array (a
    /// description in a stack slot), or a tuple (a marker, then its items).
    fn print_items(&mut self, value: BasicValueEnum<'ctx>, ty: &Type, items: &mut Vec<(IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>)>) -> Result<()> {
        use ferrojit_runtime as rt;
        let (i32t, i64t) = (self.ctx.i32_type(), self.ctx.i64_type());
        let kind = |k: u32| i32t.const_int(k as u64, false);
        match ty {
            Type::Tuple(ts) => {
                items.push((kind(rt::PRINT_TUPLE), i64t.const_int(ts.len() as u64, false), i64t.const_zero()));
                let sv = value.into_struct_value();
                for (i, t) in ts.iter().enumerate() {
                    let x = self.builder.build_extract_value(sv, i as u32, "")?;
                    self.print_items(x, t, items)?;
                }
                return Ok(());
            }
            Type::Array(at) => {
                let n = at.ndim as usize;
                let words = self.entry_alloca(i64t.array_type(1 + 2 * n as u32).into(), "print_array")?;
                let sv = value.into_struct_value();
                let data = self.builder.build_ptr_to_int(self.data_ptr(sv)?, i64t, "")?;
                let mut all = vec![data];
                all.extend(self.dims(sv, 2, at.ndim)?);
                all.extend(self.byte_strides_of(sv, at)?);
                for (k, w) in all.into_iter().enumerate() {
                    // SAFETY (LLVM): within the alloca above.
                    let p = unsafe { self.builder.build_in_bounds_gep(i64t.array_type(1 + 2 * n as u32), words, &[i64t.const_zero(), i64t.const_int(k as u64, false)], "")? };
                    self.builder.build_store(p, w)?;
                }
                let addr = self.builder.build_ptr_to_int(words, i64t, "")?;
                let desc = ((at.dtype.runtime_code() as u64) << 8) | at.ndim as u64;
                items.push((kind(rt::PRINT_ARRAY), addr, i64t.const_int(desc, false)));
                return Ok(());
            }
            Type::Text => {
                let (addr, len) = self.str_bytes(value.into_pointer_value())?;
                items.push((kind(rt::PRINT_TEXT), addr, len));
                return Ok(());
            }
            Type::List(_) => {
                let text = ty.to_string();
                let p = self.string_constant(&text)?;
                let addr = self.builder.build_ptr_to_int(p, i64t, "")?;
                let packed = self.builder.build_or(addr, i64t.const_int((text.len() as u64) << 48, false), "")?;
                let l = self.builder.build_ptr_to_int(value.into_pointer_value(), i64t, "")?;
                items.push((kind(rt::PRINT_LIST), l, packed));
                return Ok(());
            }
            Type::Str(text) => {
                // A string known when compiling (its expression was evaluated for effects).
                let p = self.string_constant(text)?;
                let addr = self.builder.build_ptr_to_int(p, i64t, "")?;
                items.push((kind(rt::PRINT_TEXT), addr, i64t.const_int(text.len() as u64, false)));
                return Ok(());
            }
            Type::Optional(t) => {
                // The value's own item, or None when absent (payloads are numbers).
                let sv = value.into_struct_value();
                let has = self.builder.build_extract_value(sv, 0, "")?.into_int_value();
                let x = self.builder.build_extract_value(sv, 1, "")?;
                let mut inner = Vec::new();
                self.print_items(x, t, &mut inner)?;
                let [(k, a, b)] = <[_; 1]>::try_from(inner).map_err(|_| BackendError::Llvm("print of an optional tuple".into()))?;
                let k = self.builder.build_select(has, k, kind(rt::PRINT_ABSENT), "")?.into_int_value();
                items.push((k, a, b));
                return Ok(());
            }
            _ => {}
        }
        let mut imag_bits = None;
        let bits = match ty {
            Type::None => i64t.const_zero(),
            Type::Bool => self.builder.build_int_z_extend(value.into_int_value(), i64t, "")?,
            Type::Int(k) if k.signed() => self.builder.build_int_s_extend_or_bit_cast(value.into_int_value(), i64t, "")?,
            Type::Int(_) => self.builder.build_int_z_extend_or_bit_cast(value.into_int_value(), i64t, "")?,
            Type::Float(ferrojit_ir::FloatKind::F32) => {
                let b = self.builder.build_bit_cast(value, i32t, "")?.into_int_value();
                self.builder.build_int_z_extend(b, i64t, "")?
            }
            Type::Float(_) => self.builder.build_bit_cast(value, i64t, "")?.into_int_value(),
            Type::Complex(k) => {
                // The real part's bits here, the imaginary part's in the second slot.
                let (re, im) = self.complex_parts(value)?;
                let bits = |cg: &Self, x: inkwell::values::FloatValue<'ctx>| -> Result<IntValue<'ctx>> {
                    Ok(if *k == ferrojit_ir::FloatKind::F32 {
                        let b = cg.builder.build_bit_cast(x, i32t, "")?.into_int_value();
                        cg.builder.build_int_z_extend(b, i64t, "")?
                    } else {
                        cg.builder.build_bit_cast(x, i64t, "")?.into_int_value()
                    })
                };
                imag_bits = Some(bits(self, im)?);
                bits(self, re)?
            }
            other => return Err(BackendError::Llvm(format!("print of a {other}"))),
        };
        // Python's own numbers print as Python does; sized types (and NumPy scalars the
        // frontend marked) print as NumPy scalars.
        let k = match ty {
            Type::None => rt::PRINT_NONE,
            Type::Bool => rt::PRINT_BOOL,
            Type::Int(ferrojit_ir::IntKind::I64) => rt::PRINT_INT,
            Type::Float(ferrojit_ir::FloatKind::F64) => rt::PRINT_FLOAT,
            Type::Complex(ferrojit_ir::FloatKind::F64) => rt::PRINT_COMPLEX,
            t => rt::PRINT_NUMPY_BASE + ferrojit_ir::DType::from_type(t).map_or(0, |d| d.runtime_code() as u32),
        };
        items.push((kind(k), bits, imag_bits.unwrap_or(i64t.const_zero())));
        Ok(())
    }

    /// `print(...)`: the runtime's `ferrojit_rt_print` on the packed arguments; its status
    /// propagates like a call's. The value is None.
    pub fn print(&mut self, args: &'p [ferrojit_ir::PrintArg], sep: &str, end: &str, flush: bool, stderr: bool) -> Result<BasicValueEnum<'ctx>> {
        let (i32t, i64t) = (self.ctx.i32_type(), self.ctx.i64_type());
        let (kinds, slots, count, owned) = self.pack_print_args(args)?;
        let sep_p = self.string_constant(sep)?;
        let end_p = self.string_constant(end)?;
        let status = self.call_runtime(
            "ferrojit_rt_print",
            i32t.into(),
            &[
                kinds.into(),
                slots.into(),
                i64t.const_int(count, false).into(),
                sep_p.into(),
                i64t.const_int(sep.len() as u64, false).into(),
                end_p.into(),
                i64t.const_int(end.len() as u64, false).into(),
                i32t.const_int(flush as u64 | (stderr as u64) << 1, false).into(),
            ],
        )?;
        for (v, ty) in owned {
            self.release_if(v, ty, true)?;
        }
        self.propagate(status.into_int_value())?;
        Ok(self.ctx.i8_type().const_zero().into())
    }

    /// `raise E(f"...")`: the runtime formats the message in Python and records the
    /// exception; the status (always an error) propagates.
    pub fn raise_format(&mut self, exc: ExcKind, template: &str, args: &'p [ferrojit_ir::PrintArg]) -> Result<BasicValueEnum<'ctx>> {
        let (i32t, i64t) = (self.ctx.i32_type(), self.ctx.i64_type());
        let (kinds, slots, count, owned) = self.pack_print_args(args)?;
        self.record_location()?;
        let t = self.string_constant(template)?;
        let status = self.call_runtime(
            "ferrojit_rt_raise_format",
            i32t.into(),
            &[
                i32t.const_int(exc.code() as u64, false).into(),
                t.into(),
                i64t.const_int(template.len() as u64, false).into(),
                kinds.into(),
                slots.into(),
                i64t.const_int(count, false).into(),
            ],
        )?;
        for (v, ty) in owned {
            self.release_if(v, ty, true)?;
        }
        self.propagate(status.into_int_value())?;
        Ok(self.ctx.i8_type().const_zero().into())
    }

    pub fn string_constant(&mut self, s: &str) -> Result<PointerValue<'ctx>> {
        if let Some(p) = self.strings.get(s) {
            return Ok(*p);
        }
        // The bytes as they are (NUL characters included: `build_global_string_ptr` goes
        // through a C string and would cut the text there), NUL-terminated.
        let value = self.ctx.const_string(s.as_bytes(), true);
        let g = self.module.add_global(value.get_type(), None, "msg");
        g.set_initializer(&value);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        g.set_unnamed_addr(true);
        g.set_alignment(1);
        let p = g.as_pointer_value();
        self.strings.insert(s.to_string(), p);
        Ok(p)
    }

    /// Return `status` from the current function, through the exit block when variables
    /// must be released.
    pub fn leave(&mut self, status: IntValue<'ctx>) -> Result<()> {
        match self.exit {
            Some((exit_bb, slot)) => {
                self.builder.build_store(slot, status)?;
                self.builder.build_unconditional_branch(exit_bb)?;
            }
            None => {
                self.builder.build_return(Some(&status))?;
            }
        }
        Ok(())
    }

    /// Leave with status 1 after an exception was recorded: to the innermost `try`'s
    /// handlers, else out of the function.
    pub fn leave_with_error(&mut self) -> Result<()> {
        if let Some(&h) = self.handlers.last() {
            self.builder.build_unconditional_branch(h)?;
            return Ok(());
        }
        self.leave(self.ctx.i32_type().const_int(1, false))
    }

    /// Record an exception and return status 1 from the current function.
    pub fn raise(&mut self, exc: ExcKind, message: &str) -> Result<()> {
        self.raise_showing(exc, message, None)
    }

    /// Raise `exc(message)`; with `shown`, the first `{}` in `message` becomes that int64
    /// at run time (`ferrojit_rt_raise_int`).
    fn raise_showing(&mut self, exc: ExcKind, message: &str, shown: Option<IntValue<'ctx>>) -> Result<()> {
        let (i32t, i64t) = (self.ctx.i32_type(), self.ctx.i64_type());
        let ptr = self.ptr_type();
        // The `_at` variants also record the raising line (for the traceback).
        let name = if shown.is_some() { "ferrojit_rt_raise_int_at" } else { "ferrojit_rt_raise_at" };
        let raise_fn = self.module.get_function(name).unwrap_or_else(|| {
            let mut params: Vec<inkwell::types::BasicMetadataTypeEnum> = vec![i32t.into(), ptr.into(), i64t.into()];
            if shown.is_some() {
                params.push(i64t.into());
            }
            params.extend::<[inkwell::types::BasicMetadataTypeEnum; 3]>([ptr.into(), i64t.into(), i32t.into()]);
            self.module.add_function(name, self.ctx.void_type().fn_type(&params, false), Some(Linkage::External))
        });
        let msg = self.string_constant(message)?;
        let mut args: Vec<inkwell::values::BasicMetadataValueEnum> =
            vec![i32t.const_int(exc as u64, false).into(), msg.into(), i64t.const_int(message.len() as u64, false).into()];
        if let Some(v) = shown {
            args.push(v.into());
        }
        let (site, site_len) = self.site()?;
        args.extend::<[inkwell::values::BasicMetadataValueEnum; 3]>([site.into(), i64t.const_int(site_len, false).into(), i32t.const_int(self.line as u64, false).into()]);
        self.builder.build_call(raise_fn, &args, "")?;
        self.leave_with_error()?;
        self.start_dead_block()
    }

    /// The current function's `file U+0001 name` constant (one per function).
    fn site(&mut self) -> Result<(PointerValue<'ctx>, u64)> {
        let text = match self.program.functions.get(self.function_index) {
            Some(f) => format!("{}\u{1}{}", f.filename, f.name),
            None => String::new(),
        };
        Ok((self.string_constant(&text)?, text.len() as u64))
    }

    /// Tell the runtime which source line is raising (the traceback entry Python shows),
    /// where the raise itself is not `ferrojit_rt_raise_at`.
    pub fn record_location(&mut self) -> Result<()> {
        let (i32t, i64t) = (self.ctx.i32_type(), self.ctx.i64_type());
        let (site, site_len) = self.site()?;
        let ty = self.ctx.void_type().fn_type(&[self.ptr_type().into(), i64t.into(), i32t.into()], false);
        let loc = self.runtime_fn("ferrojit_rt_location", ty);
        let args = [site.into(), i64t.const_int(site_len, false).into(), i32t.const_int(self.line as u64, false).into()];
        self.builder.build_call(loc, &args, "")?;
        Ok(())
    }

    /// If `is_error` is true at run time, raise `exc(message)`.
    pub fn check(&mut self, is_error: IntValue<'ctx>, exc: ExcKind, message: &str) -> Result<()> {
        self.check_showing(is_error, exc, message, None)
    }

    /// [`Self::check`], with `{}` in `message` replaced by the int64 `shown` at run time.
    pub fn check_showing(&mut self, is_error: IntValue<'ctx>, exc: ExcKind, message: &str, shown: Option<IntValue<'ctx>>) -> Result<()> {
        if let Some(c) = is_error.get_zero_extended_constant() {
            if c == 0 {
                return Ok(());
            }
        }
        let err = self.append_block("error")?;
        let ok = self.append_block("ok")?;
        self.branch_unlikely(is_error, err, ok)?;
        self.builder.position_at_end(err);
        self.raise_showing(exc, message, shown)?;
        self.builder.build_unconditional_branch(ok)?;
        self.builder.position_at_end(ok);
        Ok(())
    }

    /// Branch to `err` when `cond`, else to `ok`, telling LLVM the error path is rare (it
    /// lays the hot path out straight and versions loops around such checks).
    pub fn branch_unlikely(&self, cond: IntValue<'ctx>, err: inkwell::basic_block::BasicBlock<'ctx>, ok: inkwell::basic_block::BasicBlock<'ctx>) -> Result<()> {
        let br = self.builder.build_conditional_branch(cond, err, ok)?;
        let i32t = self.ctx.i32_type();
        let weights = self.ctx.metadata_node(&[
            self.ctx.metadata_string("branch_weights").into(),
            i32t.const_int(1, false).into(),
            i32t.const_int(1 << 20, false).into(),
        ]);
        br.set_metadata(weights, self.ctx.get_kind_id("prof")).map_err(|e| BackendError::Llvm(e.to_string()))
    }

    /// When `failed`: the raising line recorded, `record` run (a runtime call that sets
    /// the exception, or nothing when the runtime has set it already), and out through
    /// the handlers; the builder then stands on the path where nothing failed.
    pub fn error_path(&mut self, failed: IntValue<'ctx>, record: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        let err = self.append_block("error")?;
        let ok = self.append_block("ok")?;
        self.branch_unlikely(failed, err, ok)?;
        self.builder.position_at_end(err);
        self.record_location()?;
        record(self)?;
        self.leave_with_error()?;
        self.builder.position_at_end(ok);
        Ok(())
    }

    /// Propagate a non-zero status from a callee.
    pub fn propagate(&mut self, status: IntValue<'ctx>) -> Result<()> {
        let zero = self.ctx.i32_type().const_zero();
        let failed = self.builder.build_int_compare(IntPredicate::NE, status, zero, "failed")?;
        let err = self.append_block("propagate")?;
        let ok = self.append_block("ok")?;
        self.branch_unlikely(failed, err, ok)?;
        self.builder.position_at_end(err);
        match self.handlers.last() {
            Some(&h) => {
                self.builder.build_unconditional_branch(h)?;
            }
            None => self.leave(status)?,
        }
        self.builder.position_at_end(ok);
        Ok(())
    }

    pub fn block(&mut self, b: &'p Block) -> Result<()> {
        let mut filled_by_loop = false;
        for (k, s) in b.iter().enumerate() {
            if std::mem::take(&mut filled_by_loop) {
                continue;
            }
            self.debug_line(s.span);
            match &s.kind {
                StmtKind::Assign { var, value } => {
                    if let Some(unfilled) = crate::fill_elision::overwritten_fill(*var, value, b.get(k + 1)) {
                        let v = self.expr(unfilled)?;
                        self.assign(*var, &value.ty, v)?;
                        // The next statement is the loop that writes every element.
                        let next = &b[k + 1];
                        let StmtKind::ForRange { var: i, start, stop, step, body } = &next.kind else {
                            return Err(BackendError::Llvm("fill elision without its loop".into()));
                        };
                        let nbytes = self.array_nbytes(v.into_struct_value(), &value.ty)?;
                        self.debug_line(next.span);
                        // A streaming copy only for a plain loop (no loop inside it: then
                        // the stores are not what bounds its speed).
                        if has_inner_loop(body) {
                            self.for_range(RangeLoop { var: *i, start, stop, step, body })?;
                        } else {
                            self.streaming_versions(nbytes, &mut |cg| cg.for_range(RangeLoop { var: *i, start, stop, step, body }))?;
                        }
                        filled_by_loop = true;
                        continue;
                    }
                    let reuse = self.reuses.get(&(s as *const ferrojit_ir::Stmt)).copied();
                    if let Some(crate::reuse::Reuse::Move(y)) = reuse {
                        // The last use of `y`: its reference moves to `var`.
                        let v = self.load_var(y, &value.ty)?;
                        self.builder.build_store(self.vars[y], self.llvm_type(&value.ty).const_zero())?;
                        self.assign(*var, &value.ty, v)?;
                        continue;
                    }
                    self.reuse_next = reuse;
                    let v = self.expr(value);
                    self.reuse_next = None;
                    self.assign(*var, &value.ty, v?)?;
                }
                StmtKind::Expr(e) => {
                    let v = self.expr(e)?;
                    if crate::array::is_refcounted(&e.ty) {
                        self.decref(v, &e.ty)?;
                    }
                }
                StmtKind::Store { array, indices, value } => self.store_stmt(array, indices, value)?,
                StmtKind::StoreView { target, value } => self.store_view(target, value)?,
                StmtKind::PtrStore { ptr, index, value } => {
                    let Type::Pointer(Some(d)) = ptr.ty else { return Err(BackendError::Llvm("store through non-pointer".into())) };
                    if let Some(local) = self.cell_local(ptr, index) {
                        let v = self.expr(value)?;
                        self.store_element(local, d, v, &value.ty)?;
                        continue;
                    }
                    let p = self.expr(ptr)?.into_pointer_value();
                    let i = self.expr(index)?.into_int_value();
                    let v = self.expr(value)?;
                    // SAFETY of the GEP: the C caller vouches for the pointer.
                    let at = unsafe { self.builder.build_gep(self.element_mem_type(d), p, &[i], "p")? };
                    self.store_element(at, d, v, &value.ty)?;
                }
                StmtKind::If { cond, then_body, else_body } => {
                    let c = self.expr(cond)?.into_int_value();
                    let then_bb = self.append_block("then")?;
                    let else_bb = self.append_block("else")?;
                    let merge = self.append_block("endif")?;
                    self.builder.build_conditional_branch(c, then_bb, else_bb)?;
                    self.builder.position_at_end(then_bb);
                    self.block(then_body)?;
                    self.builder.build_unconditional_branch(merge)?;
                    self.builder.position_at_end(else_bb);
                    self.block(else_body)?;
                    self.builder.build_unconditional_branch(merge)?;
                    self.builder.position_at_end(merge);
                }
                StmtKind::While { cond, body } => {
                    let header = self.append_block("while.cond")?;
                    let body_bb = self.append_block("while.body")?;
                    let exit = self.append_block("while.end")?;
                    self.builder.build_unconditional_branch(header)?;
                    self.builder.position_at_end(header);
                    let c = self.expr(cond)?.into_int_value();
                    self.builder.build_conditional_branch(c, body_bb, exit)?;
                    self.builder.position_at_end(body_bb);
                    self.loops.push((header, exit));
                    self.block(body)?;
                    self.loops.pop();
                    self.builder.build_unconditional_branch(header)?;
                    self.builder.position_at_end(exit);
                }
                StmtKind::ForRange { var, start, stop, step, body } => {
                    self.for_range(RangeLoop { var: *var, start, stop, step, body })?;
                }
                StmtKind::Try { body, handlers, orelse, finalbody } => self.try_stmt(body, handlers, orelse, finalbody)?,
                StmtKind::Break | StmtKind::Continue => {
                    let (cont, brk) = *self.loops.last().ok_or_else(|| BackendError::Llvm("break outside loop".into()))?;
                    let target = if matches!(s.kind, StmtKind::Break) { brk } else { cont };
                    self.run_finallies(Some(self.loops.len()))?;
                    self.builder.build_unconditional_branch(target)?;
                    self.start_dead_block()?;
                }
                StmtKind::Return(e) => {
                    let v = self.expr(e)?;
                    if e.ty != Type::None {
                        let ptr = self.ret_ptr.ok_or_else(|| BackendError::Llvm("no return slot".into()))?;
                        self.builder.build_store(ptr, v)?;
                    }
                    self.run_finallies(None)?;
                    self.leave(self.ctx.i32_type().const_zero())?;
                    self.start_dead_block()?;
                }
                StmtKind::Raise { exc, message } => self.raise(*exc, message)?,
                StmtKind::Del(e) => {
                    if let (ExprKind::Var(v), true) = (&e.kind, crate::array::is_refcounted(&e.ty)) {
                        let old = self.load_var(*v, &e.ty)?;
                        self.builder.build_store(self.vars[*v], self.llvm_type(&e.ty).const_zero())?;
                        self.decref(old, &e.ty)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// `try`: the body with its exceptions sent to a dispatch block, which asks the
    /// runtime for the pending exception's kind and runs the first handler that catches
    /// it (clearing it), or runs `finally` and propagates it. `finally` is emitted on each
    /// way out (normal end, after a handler, unhandled, raised in `else` or a handler).
    fn try_stmt(&mut self, body: &'p Block, handlers: &'p [ferrojit_ir::Handler], orelse: &'p Block, finalbody: &'p Block) -> Result<()> {
        let i32t = self.ctx.i32_type();
        let dispatch = self.append_block("try.except")?;
        let after = self.append_block("try.end")?;
        let reraise = if finalbody.is_empty() { None } else { Some(self.append_block("try.reraise")?) };
        let pending = Finally { body: finalbody, handlers: self.handlers.len(), loops: self.loops.len() };
        self.handlers.push(dispatch);
        self.finallies.push(pending);
        self.block(body)?;
        self.handlers.pop();
        self.handlers.extend(reraise);
        self.block(orelse)?;
        if reraise.is_some() {
            self.handlers.pop();
        }
        self.finallies.pop();
        self.block(finalbody)?;
        self.builder.build_unconditional_branch(after)?;

        self.builder.position_at_end(dispatch);
        let kind = self.call_runtime("ferrojit_rt_error_kind", i32t.into(), &[])?.into_int_value();
        for h in handlers {
            let mut hit = self.ctx.bool_type().const_zero();
            if h.kinds.len() == ExcKind::ALL.len() {
                hit = self.ctx.bool_type().const_int(1, false);
            } else {
                for k in &h.kinds {
                    let is = self.builder.build_int_compare(IntPredicate::EQ, kind, i32t.const_int(k.code() as u64, false), "")?;
                    hit = self.builder.build_or(hit, is, "")?;
                }
            }
            let handler_bb = self.append_block("try.handler")?;
            let next = self.append_block("try.next")?;
            self.builder.build_conditional_branch(hit, handler_bb, next)?;
            self.builder.position_at_end(handler_bb);
            let clear = self.runtime_fn("ferrojit_rt_clear_error", self.ctx.void_type().fn_type(&[], false));
            self.builder.build_call(clear, &[], "")?;
            self.handlers.extend(reraise);
            self.finallies.push(pending);
            self.block(&h.body)?;
            self.finallies.pop();
            if reraise.is_some() {
                self.handlers.pop();
            }
            self.block(finalbody)?;
            self.builder.build_unconditional_branch(after)?;
            self.builder.position_at_end(next);
        }
        // Not caught here: `finally`, then on to the enclosing handler or the caller.
        // The exception is set aside while `finally` runs (it may raise and catch its
        // own), and pending again after it.
        self.finally_then_raise(finalbody)?;
        if let Some(r) = reraise {
            self.builder.position_at_end(r);
            self.finally_then_raise(finalbody)?;
        }
        self.builder.position_at_end(after);
        Ok(())
    }

    /// Emit the pending `finally` blocks a `return` (`loops: None`: all of them) or a
    /// `break`/`continue` of the loop at depth `loops` (those inside that loop) leaves
    /// through, innermost first, each where its `try` stands: an exception it raises goes
    /// to the handlers around that `try`, and its own `break`s reach its own loops.
    fn run_finallies(&mut self, loops: Option<usize>) -> Result<()> {
        let saved = (self.handlers.clone(), self.loops.clone(), self.finallies.clone());
        for i in (0..saved.2.len()).rev() {
            let f = saved.2[i];
            if loops.is_some_and(|depth| f.loops < depth) {
                break;
            }
            self.handlers.truncate(f.handlers);
            self.loops.truncate(f.loops);
            self.finallies.truncate(i);
            self.block(f.body)?;
        }
        (self.handlers, self.loops, self.finallies) = saved;
        Ok(())
    }

    fn finally_then_raise(&mut self, finalbody: &'p Block) -> Result<()> {
        if !finalbody.is_empty() {
            let void = self.ctx.void_type().fn_type(&[], false);
            let save = self.runtime_fn("ferrojit_rt_save_error", void);
            self.builder.build_call(save, &[], "")?;
            self.block(finalbody)?;
            let restore = self.runtime_fn("ferrojit_rt_restore_error", void);
            self.builder.build_call(restore, &[], "")?;
        }
        self.leave_with_error()
    }

    /// Whether Python's arithmetic and math errors apply here.
    pub fn python_checks(&self) -> bool {
        !self.numpy_mode && self.options.error_model == ferrojit_ir::ErrorModel::Python
    }

    /// Store an owned value into a variable, releasing what it held.
    pub fn assign(&mut self, var: usize, ty: &Type, v: BasicValueEnum<'ctx>) -> Result<()> {
        if crate::array::is_refcounted(ty) {
            let old = self.load_var(var, ty)?;
            self.builder.build_store(self.vars[var], v)?;
            return self.decref(old, ty);
        }
        self.builder.build_store(self.vars[var], v)?;
        Ok(())
    }

    pub fn load_var(&self, var: usize, ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        Ok(self.builder.build_load(self.llvm_type(ty), self.vars[var], "")?)
    }

}

/// A `finally` block waiting for the way out of its `try`: the handler and loop depths
/// around that `try`.
#[derive(Clone, Copy)]
struct Finally<'p> {
    body: &'p Block,
    handlers: usize,
    loops: usize,
}

/// Whether a block contains a loop (at any depth).
fn has_inner_loop(b: &Block) -> bool {
    b.iter().any(|s| matches!(s.kind, StmtKind::While { .. } | StmtKind::ForRange { .. }) || s.blocks().into_iter().any(has_inner_loop))
}

/// The parameters a function can leave borrowed from its caller (no reference taken on
/// entry, none released on exit): the caller keeps its reference for the whole call
/// (call arguments are variables it holds or temporaries it parks until the call
/// returns), so a parameter the body never rebinds (no assignment, loop, `del`, `let`)
/// needs none of its own. Reading it still yields an owned reference where an
/// expression needs one (`return p`, `x = p`). Left out: types holding arrays, whose
/// memory the element-wise reuse takes when its count is 1 (a borrowed parameter's
/// count would not show the caller's reference), and any parameter a reuse names.
fn borrowed_params(f: &ferrojit_ir::Function, reuses: &crate::reuse::Reuses) -> std::collections::HashSet<ferrojit_ir::VarId> {
    fn has_array(t: &Type) -> bool {
        match t {
            Type::Array(_) => true,
            Type::Tuple(items) => items.iter().any(has_array),
            Type::List(t) | Type::Optional(t) => has_array(t),
            _ => false,
        }
    }
    let bound: std::collections::HashSet<_> = crate::ranges::bindings(&f.body).into_iter().collect();
    let reused: std::collections::HashSet<_> = reuses
        .values()
        .map(|r| match *r {
            crate::reuse::Reuse::Input(v) | crate::reuse::Reuse::Dead(v) | crate::reuse::Reuse::Move(v) => v,
        })
        .collect();
    f.params
        .iter()
        .copied()
        .filter(|p| {
            let ty = &f.vars[*p].ty;
            crate::array::is_refcounted(ty) && !has_array(ty) && !bound.contains(p) && !reused.contains(p)
        })
        .collect()
}
