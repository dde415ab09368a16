//! The uniform C entry point the bindings call: `i32 entry(u64 *args, u64 *ret)`.
//! Arguments and results are flattened to scalar leaves, one 8-byte slot each.

use crate::codegen::Codegen;
use crate::target::Host;
use crate::{BackendError, Result};
use ferrojit_ir::{FloatKind, Type};
use inkwell::module::Linkage;
use inkwell::types::BasicType;
use inkwell::values::{AggregateValue, BasicValue, BasicValueEnum, IntValue, PointerValue};

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    pub fn emit_entry(&mut self, name: &str, host: &Host) -> Result<()> {
        let program = self.program;
        let f = program.entry_function();
        let i32t = self.ctx.i32_type();
        let fn_type = i32t.fn_type(&[self.ptr_type().into(), self.ptr_type().into()], false);
        let entry = self.module.add_function(name, fn_type, Some(Linkage::External));
        self.add_target_attributes(entry, host);
        self.current = Some(entry);
        let bb = self.ctx.append_basic_block(entry, "entry");
        self.builder.position_at_end(bb);
        let args_ptr = entry.get_nth_param(0).ok_or_else(|| BackendError::Llvm("entry args".into()))?.into_pointer_value();
        let ret_ptr = entry.get_nth_param(1).ok_or_else(|| BackendError::Llvm("entry ret".into()))?.into_pointer_value();
        let ret_ty = self.llvm_type(&f.ret);
        let ret_slot = self.builder.build_alloca(ret_ty, "ret")?;
        let mut slot = 0usize;
        let mut call_args: Vec<inkwell::values::BasicMetadataValueEnum> = vec![ret_slot.into()];
        for t in f.param_types() {
            let v = self.unpack(&t, args_ptr, &mut slot)?;
            call_args.push(v.into());
        }
        let err_bb = self.ctx.append_basic_block(entry, "err");
        let status = self.call_kernel(entry, call_args, err_bb)?;
        let ok_bb = self.builder.get_insert_block().ok_or_else(|| BackendError::Llvm("entry block".into()))?;
        err_bb.move_after(ok_bb).map_err(|_| BackendError::Llvm("block order".into()))?;
        self.builder.position_at_end(err_bb);
        self.builder.build_return(Some(&status))?;
        self.builder.position_at_end(ok_bb);
        let result = self.builder.build_load(ret_ty, ret_slot, "result")?;
        let mut slot = 0usize;
        self.pack(&f.ret, result, ret_ptr, &mut slot)?;
        self.builder.build_return(Some(&i32t.const_zero()))?;
        Ok(())
    }

    /// A C-ABI wrapper with the native signature (`double f(double*, long, ...)`) for
    /// `cfunc`. On an exception it hands the error to the runtime's hook (which sets it as
    /// the Python error) and returns 0 (NaN for floats), which callers such as SciPy treat
    /// as failure.
    pub fn emit_cfunc(&mut self, name: &str, host: &Host) -> Result<()> {
        let program = self.program;
        let f = program.entry_function();
        let params: Vec<inkwell::types::BasicMetadataTypeEnum> = f.param_types().iter().map(|t| self.llvm_type(t).into()).collect();
        let fn_type = match f.ret {
            Type::None => self.ctx.void_type().fn_type(&params, false),
            ref t => self.llvm_type(t).fn_type(&params, false),
        };
        let wrapper = self.module.add_function(name, fn_type, Some(Linkage::External));
        self.add_target_attributes(wrapper, host);
        self.current = Some(wrapper);
        let bb = self.ctx.append_basic_block(wrapper, "entry");
        self.builder.position_at_end(bb);
        let ret_ty = self.llvm_type(&f.ret);
        let ret_slot = self.builder.build_alloca(ret_ty, "ret")?;
        let mut args: Vec<inkwell::values::BasicMetadataValueEnum> = vec![ret_slot.into()];
        for i in 0..f.params.len() {
            let p = wrapper.get_nth_param(i as u32).ok_or_else(|| BackendError::Llvm("cfunc parameter".into()))?;
            args.push(p.into());
        }
        let err_bb = self.ctx.append_basic_block(wrapper, "err");
        self.call_kernel(wrapper, args, err_bb)?;
        let ok_bb = self.builder.get_insert_block().ok_or_else(|| BackendError::Llvm("cfunc block".into()))?;
        err_bb.move_after(ok_bb).map_err(|_| BackendError::Llvm("block order".into()))?;
        self.builder.position_at_end(err_bb);
        let hook = self.runtime_fn("ferrojit_rt_cfunc_error", self.ctx.void_type().fn_type(&[], false));
        self.builder.build_call(hook, &[], "")?;
        match f.ret {
            Type::None => self.builder.build_return(None)?,
            Type::Float(_) => {
                let nan = ret_ty.into_float_type().const_float(f64::NAN);
                self.builder.build_return(Some(&nan))?
            }
            _ => self.builder.build_return(Some(&ret_ty.const_zero()))?,
        };
        self.builder.position_at_end(ok_bb);
        match f.ret {
            Type::None => self.builder.build_return(None)?,
            _ => {
                let r = self.builder.build_load(ret_ty, ret_slot, "result")?;
                self.builder.build_return(Some(&r))?
            }
        };
        Ok(())
    }

    /// A NumPy ufunc inner loop over the entry function (a scalar kernel):
    /// `i32 loop(char **args, npy_intp *dims, npy_intp *steps, void *data)` computes
    /// `out[i] = f(in0[i], in1[i], ...)` for `i < dims[0]` and returns 0; on an
    /// exception it returns 1 at once, the exception in the runtime's slot. When every
    /// operand is contiguous (each step its element size, NumPy's common case) a copy of
    /// the loop indexes them as arrays of elements, which LLVM vectorises; otherwise each
    /// operand advances by its own byte step.
    pub fn emit_ufunc_loop(&mut self, name: &str, host: &Host) -> Result<()> {
        let program = self.program;
        let f = program.entry_function();
        let (i32t, i64t, ptr) = (self.ctx.i32_type(), self.ctx.i64_type(), self.ptr_type());
        let fn_type = i32t.fn_type(&[ptr.into(), ptr.into(), ptr.into(), ptr.into()], false);
        let func = self.module.add_function(name, fn_type, Some(Linkage::External));
        self.add_target_attributes(func, host);
        self.current = Some(func);
        let param = |i: u32| func.get_nth_param(i).map(|p| p.into_pointer_value()).ok_or_else(|| BackendError::Llvm("ufunc loop parameter".into()));
        let (args, dims, steps) = (param(0)?, param(1)?, param(2)?);
        let entry_bb = self.ctx.append_basic_block(func, "entry");
        self.builder.position_at_end(entry_bb);
        let dtypes: Vec<ferrojit_ir::DType> = f
            .param_types()
            .iter()
            .chain(std::iter::once(&f.ret))
            .map(|t| ferrojit_ir::DType::from_type(t).ok_or_else(|| BackendError::Llvm(format!("a ufunc operand of type {t}"))))
            .collect::<Result<_>>()?;
        let n = self.builder.build_load(i64t, dims, "n")?.into_int_value();
        let mut bases = Vec::new();
        let mut strides = Vec::new();
        let mut contiguous = self.ctx.bool_type().const_int(1, false);
        for (k, d) in dtypes.iter().enumerate() {
            let idx = [i64t.const_int(k as u64, false)];
            // SAFETY of the GEPs: NumPy passes nin + nout pointers and steps.
            let pa = unsafe { self.builder.build_in_bounds_gep(ptr, args, &idx, "")? };
            bases.push(self.builder.build_load(ptr, pa, "base")?.into_pointer_value());
            let ps = unsafe { self.builder.build_in_bounds_gep(i64t, steps, &idx, "")? };
            let step = self.builder.build_load(i64t, ps, "step")?.into_int_value();
            let unit = self.builder.build_int_compare(inkwell::IntPredicate::EQ, step, i64t.const_int(d.itemsize(), false), "")?;
            contiguous = self.builder.build_and(contiguous, unit, "")?;
            strides.push(step);
        }
        let ret_ty = self.llvm_type(&f.ret);
        let ret_slot = self.builder.build_alloca(ret_ty, "ret")?;
        let counter = self.builder.build_alloca(i64t, "i")?;
        let done = self.ctx.append_basic_block(func, "done");
        let failed_bb = self.ctx.append_basic_block(func, "failed");
        let fast = self.ctx.append_basic_block(func, "contiguous");
        let slow = self.ctx.append_basic_block(func, "strided");
        self.builder.build_conditional_branch(contiguous, fast, slow)?;
        for (bb, unit) in [(fast, true), (slow, false)] {
            self.builder.position_at_end(bb);
            self.ufunc_loop_body(func, &dtypes, &bases, &strides, unit, n, counter, ret_slot, done, failed_bb)?;
        }
        self.builder.position_at_end(failed_bb);
        self.builder.build_return(Some(&i32t.const_int(1, false)))?;
        self.builder.position_at_end(done);
        self.builder.build_return(Some(&i32t.const_zero()))?;
        Ok(())
    }

    /// One copy of the ufunc loop: elements by index (`unit`: contiguous operands) or by
    /// byte steps.
    #[allow(clippy::too_many_arguments)]
    fn ufunc_loop_body(
        &mut self,
        func: inkwell::values::FunctionValue<'ctx>,
        dtypes: &[ferrojit_ir::DType],
        bases: &[PointerValue<'ctx>],
        strides: &[IntValue<'ctx>],
        unit: bool,
        n: IntValue<'ctx>,
        counter: PointerValue<'ctx>,
        ret_slot: PointerValue<'ctx>,
        done: inkwell::basic_block::BasicBlock<'ctx>,
        failed_bb: inkwell::basic_block::BasicBlock<'ctx>,
    ) -> Result<()> {
        let program = self.program;
        let f = program.entry_function();
        let i64t = self.ctx.i64_type();
        self.builder.build_store(counter, i64t.const_zero())?;
        let head = self.ctx.append_basic_block(func, "loop");
        let body = self.ctx.append_basic_block(func, "body");
        self.builder.build_unconditional_branch(head)?;
        self.builder.position_at_end(head);
        let i = self.builder.build_load(i64t, counter, "i")?.into_int_value();
        let more = self.builder.build_int_compare(inkwell::IntPredicate::SLT, i, n, "")?;
        self.builder.build_conditional_branch(more, body, done)?;
        self.builder.position_at_end(body);
        let mut pointers = Vec::new();
        for (k, d) in dtypes.iter().enumerate() {
            // SAFETY of the GEPs: within the operand, as NumPy's dims and steps say.
            let p = if unit {
                unsafe { self.builder.build_in_bounds_gep(self.element_mem_type(*d), bases[k], &[i], "")? }
            } else {
                let offset = self.builder.build_int_mul(i, strides[k], "")?;
                unsafe { self.builder.build_gep(self.ctx.i8_type(), bases[k], &[offset], "")? }
            };
            pointers.push(p);
        }
        let mut call_args: Vec<inkwell::values::BasicMetadataValueEnum> = vec![ret_slot.into()];
        for k in 0..f.param_types().len() {
            call_args.push(self.load_element(pointers[k], dtypes[k])?.into());
        }
        self.call_kernel(func, call_args, failed_bb)?;
        let r = self.builder.build_load(self.llvm_type(&f.ret), ret_slot, "r")?;
        let out = dtypes.len() - 1;
        self.store_element(pointers[out], dtypes[out], r, &f.ret)?;
        let next = self.builder.build_int_nsw_add(i, i64t.const_int(1, false), "")?;
        self.builder.build_store(counter, next)?;
        self.builder.build_unconditional_branch(head)?;
        Ok(())
    }

    /// A generalized-ufunc loop over the entry function (a `@guvectorize` kernel, which
    /// writes its outputs into its array arguments):
    /// `i32 loop(char **args, i64 n, i64 *steps, i64 *core_shapes, i64 *core_strides)`
    /// calls the kernel `n` times; operand `k` is at `args[k] + i * steps[k]`, a number
    /// for a scalar parameter, else an array view whose shape and byte strides are the
    /// next `ndim` entries of `core_shapes`/`core_strides` (the bindings lay them out from
    /// NumPy's core dimensions). Returns 0, or 1 at once with the exception in the slot.
    pub fn emit_gufunc_loop(&mut self, name: &str, host: &Host) -> Result<()> {
        let program = self.program;
        let f = program.entry_function();
        let (i32t, i64t, ptr) = (self.ctx.i32_type(), self.ctx.i64_type(), self.ptr_type());
        let fn_type = i32t.fn_type(&[ptr.into(), i64t.into(), ptr.into(), ptr.into(), ptr.into()], false);
        let func = self.module.add_function(name, fn_type, Some(Linkage::External));
        self.add_target_attributes(func, host);
        self.current = Some(func);
        let args = func.get_nth_param(0).ok_or_else(|| BackendError::Llvm("gufunc args".into()))?.into_pointer_value();
        let n = func.get_nth_param(1).ok_or_else(|| BackendError::Llvm("gufunc n".into()))?.into_int_value();
        let p = |i: u32| func.get_nth_param(i).map(|p| p.into_pointer_value()).ok_or_else(|| BackendError::Llvm("gufunc parameter".into()));
        let (steps, shapes, strides) = (p(2)?, p(3)?, p(4)?);
        let entry_bb = self.ctx.append_basic_block(func, "entry");
        self.builder.position_at_end(entry_bb);
        let load_at = |cg: &Self, base: PointerValue<'ctx>, t: inkwell::types::BasicTypeEnum<'ctx>, k: usize| -> Result<BasicValueEnum<'ctx>> {
            // SAFETY of the GEP: the bindings pass one entry per operand / core axis.
            let q = unsafe { cg.builder.build_in_bounds_gep(t, base, &[i64t.const_int(k as u64, false)], "")? };
            Ok(cg.builder.build_load(t, q, "")?)
        };
        let params = f.param_types();
        let mut bases = Vec::new();
        let mut outer = Vec::new();
        let mut views: Vec<Option<(Vec<IntValue<'ctx>>, Vec<IntValue<'ctx>>)>> = Vec::new();
        let mut axis = 0;
        for (k, t) in params.iter().enumerate() {
            bases.push(load_at(self, args, ptr.into(), k)?.into_pointer_value());
            outer.push(load_at(self, steps, i64t.into(), k)?.into_int_value());
            views.push(match t {
                Type::Array(at) => {
                    let mut sh = Vec::new();
                    let mut st = Vec::new();
                    for _ in 0..at.ndim {
                        sh.push(load_at(self, shapes, i64t.into(), axis)?.into_int_value());
                        st.push(load_at(self, strides, i64t.into(), axis)?.into_int_value());
                        axis += 1;
                    }
                    Some((sh, st))
                }
                _ => None,
            });
        }
        let ret_ty = self.llvm_type(&f.ret);
        let ret_slot = self.builder.build_alloca(ret_ty, "ret")?;
        let counter = self.builder.build_alloca(i64t, "i")?;
        self.builder.build_store(counter, i64t.const_zero())?;
        let head = self.ctx.append_basic_block(func, "loop");
        let body = self.ctx.append_basic_block(func, "body");
        let done = self.ctx.append_basic_block(func, "done");
        let failed_bb = self.ctx.append_basic_block(func, "failed");
        self.builder.build_unconditional_branch(head)?;
        self.builder.position_at_end(head);
        let i = self.builder.build_load(i64t, counter, "i")?.into_int_value();
        let more = self.builder.build_int_compare(inkwell::IntPredicate::SLT, i, n, "")?;
        self.builder.build_conditional_branch(more, body, done)?;
        self.builder.position_at_end(body);
        let mut call_args: Vec<inkwell::values::BasicMetadataValueEnum> = vec![ret_slot.into()];
        for (k, t) in params.iter().enumerate() {
            let offset = self.builder.build_int_mul(i, outer[k], "")?;
            // SAFETY of the GEP: within the operand, as NumPy's outer steps say.
            let at = unsafe { self.builder.build_gep(self.ctx.i8_type(), bases[k], &[offset], "")? };
            let v: BasicValueEnum<'ctx> = match (t, &views[k]) {
                (Type::Array(a), Some((sh, st))) => self.build_array(a.ndim, ptr.const_null(), at, sh, st)?.into(),
                _ => {
                    let d = ferrojit_ir::DType::from_type(t).ok_or_else(|| BackendError::Llvm(format!("a gufunc operand of type {t}")))?;
                    self.load_element(at, d)?
                }
            };
            call_args.push(v.into());
        }
        self.call_kernel(func, call_args, failed_bb)?;
        let next = self.builder.build_int_add(i, i64t.const_int(1, false), "")?;
        self.builder.build_store(counter, next)?;
        self.builder.build_unconditional_branch(head)?;
        self.builder.position_at_end(failed_bb);
        self.builder.build_return(Some(&i32t.const_int(1, false)))?;
        self.builder.position_at_end(done);
        self.builder.build_return(Some(&i32t.const_zero()))?;
        Ok(())
    }

    /// Call the entry function with `args` (its stack limit added when it is recursive);
    /// on an exception go to `failed`, else go on in a new block. Returns the status.
    fn call_kernel(
        &mut self,
        func: inkwell::values::FunctionValue<'ctx>,
        mut args: Vec<inkwell::values::BasicMetadataValueEnum<'ctx>>,
        failed: inkwell::basic_block::BasicBlock<'ctx>,
    ) -> Result<IntValue<'ctx>> {
        let program = self.program;
        let target = self.functions[program.entry];
        if self.recursive[program.entry] {
            self.stack_limit = None;
            args.push(self.stack_limit_for_call()?.into());
        }
        let status = self
            .builder
            .build_call(target, &args, "status")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| BackendError::Llvm("kernel call".into()))?
            .into_int_value();
        let ok_bb = self.ctx.append_basic_block(func, "ok");
        let bad = self.builder.build_int_compare(inkwell::IntPredicate::NE, status, self.ctx.i32_type().const_zero(), "")?;
        self.builder.build_conditional_branch(bad, failed, ok_bb)?;
        self.builder.position_at_end(ok_bb);
        Ok(status)
    }

    /// Put [`Codegen::access_tag`] on a load or store, when one is set.
    pub(crate) fn tag_access(&self, inst: Option<inkwell::values::InstructionValue<'ctx>>) -> Result<()> {
        if let (Some(tag), Some(inst)) = (self.access_tag, inst) {
            inst.set_metadata(tag, self.ctx.get_kind_id("tbaa")).map_err(|e| BackendError::Llvm(e.to_string()))?;
        }
        Ok(())
    }

    fn slot_ptr(&self, base: PointerValue<'ctx>, index: usize) -> Result<PointerValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        // SAFETY of the GEP: the bindings size the buffers from the same signature.
        Ok(unsafe { self.builder.build_in_bounds_gep(i64t, base, &[i64t.const_int(index as u64, false)], "slot")? })
    }

    pub(crate) fn unpack(&mut self, ty: &Type, base: PointerValue<'ctx>, slot: &mut usize) -> Result<BasicValueEnum<'ctx>> {
        let i64t = self.ctx.i64_type();
        let parts = slot_form(ty);
        let ty = parts.as_ref();
        if let Type::Tuple(items) = ty {
            let st = self.llvm_type(ty).into_struct_type();
            let mut agg = st.get_undef().as_aggregate_value_enum();
            for (i, item) in items.iter().enumerate() {
                let v = self.unpack(item, base, slot)?;
                agg = self.builder.build_insert_value(agg, v, i as u32, "")?.as_aggregate_value_enum();
            }
            return Ok(agg.as_basic_value_enum());
        }
        if matches!(ty, Type::None | Type::Function(_) | Type::Str(_)) {
            return Ok(self.ctx.i8_type().const_zero().into());
        }
        if let Type::Array(a) = ty {
            let mut words = Vec::new();
            for _ in 0..crate::slot_count(ty) {
                let p = self.slot_ptr(base, *slot)?;
                *slot += 1;
                let w = self.builder.build_load(i64t, p, "")?;
                self.tag_access(w.as_instruction_value())?;
                words.push(w.into_int_value());
            }
            let n = a.ndim as usize;
            let mi = self.builder.build_int_to_ptr(words[0], self.ptr_type(), "meminfo")?;
            let data = self.builder.build_int_to_ptr(words[1], self.ptr_type(), "data")?;
            return Ok(self.build_array(a.ndim, mi, data, &words[2..2 + n], &words[2 + n..])?.into());
        }
        let p = self.slot_ptr(base, *slot)?;
        *slot += 1;
        let raw = self.builder.build_load(i64t, p, "")?;
        self.tag_access(raw.as_instruction_value())?;
        let raw: IntValue = raw.into_int_value();
        if let Type::Pointer(_) | Type::Text | Type::List(_) = ty {
            return Ok(self.builder.build_int_to_ptr(raw, self.ptr_type(), "")?.into());
        }
        Ok(match ty {
            Type::Bool => self.builder.build_int_compare(inkwell::IntPredicate::NE, raw, i64t.const_zero(), "")?.into(),
            Type::Int(k) if k.bits() == 64 => raw.into(),
            Type::Int(_) => self.builder.build_int_truncate(raw, self.llvm_type(ty).into_int_type(), "")?.into(),
            Type::Float(k) => {
                let d = self.builder.build_bit_cast(raw, self.ctx.f64_type(), "")?.into_float_value();
                if *k == FloatKind::F32 {
                    self.builder.build_float_trunc(d, self.ctx.f32_type(), "")?.into()
                } else {
                    d.into()
                }
            }
            _ => return Err(BackendError::Llvm(format!("cannot unpack {ty}"))),
        })
    }

    pub(crate) fn pack(&mut self, ty: &Type, v: BasicValueEnum<'ctx>, base: PointerValue<'ctx>, slot: &mut usize) -> Result<()> {
        let i64t = self.ctx.i64_type();
        let parts = slot_form(ty);
        let ty = parts.as_ref();
        match ty {
            Type::None | Type::Function(_) | Type::Str(_) => return Ok(()),
            Type::Array(a) => {
                let sv = v.into_struct_value();
                let mi = self.builder.build_ptr_to_int(self.meminfo(sv)?, i64t, "")?;
                let data = self.builder.build_ptr_to_int(self.data_ptr(sv)?, i64t, "")?;
                let mut words = vec![mi, data];
                words.extend(self.dims(sv, 2, a.ndim)?);
                words.extend(self.dims(sv, 3, a.ndim)?);
                for w in words {
                    let p = self.slot_ptr(base, *slot)?;
                    *slot += 1;
                    let st = self.builder.build_store(p, w)?;
                    self.tag_access(Some(st))?;
                }
                return Ok(());
            }
            Type::Tuple(items) => {
                let sv = v.into_struct_value();
                for (i, item) in items.iter().enumerate() {
                    let x = self.builder.build_extract_value(sv, i as u32, "")?;
                    self.pack(item, x, base, slot)?;
                }
                return Ok(());
            }
            _ => {}
        }
        let raw: BasicValueEnum = match ty {
            Type::Pointer(_) | Type::Text | Type::List(_) => self.builder.build_ptr_to_int(v.into_pointer_value(), i64t, "")?.into(),
            Type::Bool => self.builder.build_int_z_extend(v.into_int_value(), i64t, "")?.into(),
            Type::Int(k) if k.bits() == 64 => v,
            Type::Int(k) if k.signed() => self.builder.build_int_s_extend(v.into_int_value(), i64t, "")?.into(),
            Type::Int(_) => self.builder.build_int_z_extend(v.into_int_value(), i64t, "")?.into(),
            Type::Float(FloatKind::F32) => {
                self.builder.build_float_ext(v.into_float_value(), self.ctx.f64_type(), "")?.as_basic_value_enum()
            }
            _ => v,
        };
        let p = self.slot_ptr(base, *slot)?;
        *slot += 1;
        let st = self.builder.build_store(p, raw)?;
        self.tag_access(Some(st))?;
        let _ = raw.get_type().as_basic_type_enum();
        Ok(())
    }
}

/// The form a value takes in the slots: a complex number as its two parts (the same
/// struct as the pair), an optional as its flag and value, others as they are.
fn slot_form(ty: &Type) -> std::borrow::Cow<'_, Type> {
    use std::borrow::Cow;
    match ty {
        Type::Complex(k) => Cow::Owned(Type::Tuple(vec![Type::Float(*k); 2])),
        Type::Optional(t) => Cow::Owned(Type::Tuple(vec![Type::Bool, (**t).clone()])),
        t => Cow::Borrowed(t),
    }
}
