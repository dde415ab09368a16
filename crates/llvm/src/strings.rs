//! Run-time strings (`Type::Text`) in the backend: a string is a pointer to its runtime
//! block (`MemInfo`: refcount, data, size; the data holds the char count, then UTF-8),
//! reference-counted like an array. Each [`StrOp`] is one call of the runtime's
//! `ferrojit_rt_str_<name>` (crates/runtime/src/strings.rs); string arguments are
//! borrowed, a string result is owned, and a null result means the runtime raised.

use crate::codegen::Codegen;
use crate::Result;
use ferrojit_ir::{Expr, PrintArg, StrArg, StrOp, Type};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    /// `op(args...)`.
    pub fn str_op(&mut self, op: StrOp, args: &'p [Expr]) -> Result<BasicValueEnum<'ctx>> {
        let (i32t, i64t) = (self.ctx.i32_type(), self.ctx.i64_type());
        if op == StrOp::Len {
            // Inline: the char count is the data's first word.
            let (s, owned) = self.expr_borrowed(&args[0])?;
            // SAFETY of the GEP: field 1 of MemInfo (the data pointer).
            let field = unsafe { self.builder.build_in_bounds_gep(i64t, s.into_pointer_value(), &[i64t.const_int(1, false)], "")? };
            let data = self.builder.build_load(self.ptr_type(), field, "str.data")?.into_pointer_value();
            let n = self.builder.build_load(i64t, data, "str.len")?;
            self.release_if(s, &args[0].ty, owned)?;
            return Ok(n);
        }
        let mut values: Vec<BasicValueEnum<'ctx>> = Vec::new();
        let mut owned = Vec::new();
        for a in args {
            let (v, is_owned) = self.expr_borrowed(a)?;
            if is_owned {
                owned.push((v, &a.ty));
            }
            values.push(v);
        }
        let name = match op {
            StrOp::Strip | StrOp::LStrip | StrOp::RStrip => {
                // strip(s, chars or null, which)
                if values.len() == 1 {
                    values.push(self.ptr_type().const_null().into());
                }
                let which = match op {
                    StrOp::Strip => 0,
                    StrOp::LStrip => 1,
                    _ => 2,
                };
                values.push(i32t.const_int(which, false).into());
                "strip"
            }
            _ => "",
        };
        let full = if name.is_empty() { op.symbol() } else { format!("ferrojit_rt_str_{name}") };
        let result = match op.result() {
            StrArg::Text => {
                let r = self.call_runtime(&full, self.ptr_type().into(), &values)?.into_pointer_value();
                self.release_all(owned)?;
                self.check_string(r)?;
                r.into()
            }
            // `compare` answers -1/0/1 as an i32.
            StrArg::Int if op == StrOp::Compare => {
                let r = self.call_runtime(&full, i32t.into(), &values)?.into_int_value();
                self.release_all(owned)?;
                self.builder.build_int_s_extend(r, i64t, "")?.into()
            }
            StrArg::Int => {
                let r = self.call_runtime(&full, i64t.into(), &values)?;
                self.release_all(owned)?;
                r
            }
            StrArg::Bool | StrArg::Float => {
                let r = self.call_runtime(&full, i32t.into(), &values)?.into_int_value();
                self.release_all(owned)?;
                self.builder.build_int_compare(IntPredicate::NE, r, i32t.const_zero(), "")?.into()
            }
        };
        Ok(result)
    }

    fn release_all(&mut self, owned: Vec<(BasicValueEnum<'ctx>, &'p Type)>) -> Result<()> {
        for (v, ty) in owned {
            self.release_if(v, ty, true)?;
        }
        Ok(())
    }

    /// Go to the error path when the runtime returned null (it raised), naming the line.
    fn check_string(&mut self, s: PointerValue<'ctx>) -> Result<()> {
        self.check_null(s)
    }

    /// A run-time string holding `text` (a string known when compiling).
    pub fn str_literal(&mut self, text: &str) -> Result<BasicValueEnum<'ctx>> {
        let i64t = self.ctx.i64_type();
        let p = self.string_constant(text)?;
        let r = self
            .call_runtime("ferrojit_rt_str_new", self.ptr_type().into(), &[p.into(), i64t.const_int(text.len() as u64, false).into()])?
            .into_pointer_value();
        self.check_string(r)?;
        Ok(r.into())
    }

    /// `template.format(*args)`, formatted by Python (f-strings, `str()` of values the
    /// runtime does not format itself).
    pub fn format_str(&mut self, template: &str, args: &'p [PrintArg]) -> Result<BasicValueEnum<'ctx>> {
        let i64t = self.ctx.i64_type();
        let (kinds, slots, count, owned) = self.pack_print_args(args)?;
        let t = self.string_constant(template)?;
        let r = self
            .call_runtime(
                "ferrojit_rt_str_format",
                self.ptr_type().into(),
                &[t.into(), i64t.const_int(template.len() as u64, false).into(), kinds.into(), slots.into(), i64t.const_int(count, false).into()],
            )?
            .into_pointer_value();
        self.release_all(owned)?;
        self.check_string(r)?;
        Ok(r.into())
    }

    /// Call Python function `func` (an objmode block) through the runtime with `args`;
    /// its result, converted by the bindings to `ty`, arrives in entry-ABI slots (arrays
    /// owned: copied into runtime memory).
    pub fn py_call(&mut self, func: u64, args: &'p [PrintArg], ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let (i32t, i64t) = (self.ctx.i32_type(), self.ctx.i64_type());
        let (kinds, slots, count, owned) = self.pack_print_args(args)?;
        let n = crate::slot_count(ty).max(1) as u32;
        let out = self.entry_alloca(i64t.array_type(n).into(), "pycall_out")?;
        let text = ty.to_string();
        let t = self.string_constant(&text)?;
        let status = self
            .call_runtime(
                "ferrojit_rt_pycall",
                i32t.into(),
                &[
                    i64t.const_int(func, false).into(),
                    kinds.into(),
                    slots.into(),
                    i64t.const_int(count, false).into(),
                    t.into(),
                    i64t.const_int(text.len() as u64, false).into(),
                    out.into(),
                ],
            )?
            .into_int_value();
        self.release_all(owned)?;
        let failed = self.builder.build_int_compare(IntPredicate::NE, status, i32t.const_zero(), "")?;
        self.error_path(failed, |_| Ok(()))?;
        if *ty == Type::None {
            return Ok(self.ctx.i8_type().const_zero().into());
        }
        let mut slot = 0;
        self.unpack(ty, out, &mut slot)
    }

    /// The UTF-8 bytes of a run-time string: (address, length), for `print` and messages.
    pub fn str_bytes(&mut self, s: PointerValue<'ctx>) -> Result<(IntValue<'ctx>, IntValue<'ctx>)> {
        let i64t = self.ctx.i64_type();
        let header = self.ctx.struct_type(&[i64t.into(), self.ptr_type().into(), i64t.into()], false);
        let data_p = self.builder.build_struct_gep(header, s, 1, "")?;
        let data = self.builder.build_load(self.ptr_type(), data_p, "data")?.into_pointer_value();
        let size_p = self.builder.build_struct_gep(header, s, 2, "")?;
        let size = self.builder.build_load(i64t, size_p, "size")?.into_int_value();
        let addr = self.builder.build_ptr_to_int(data, i64t, "")?;
        let eight = i64t.const_int(8, false);
        Ok((self.builder.build_int_add(addr, eight, "")?, self.builder.build_int_sub(size, eight, "")?))
    }
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    /// `ccall(addr, args...)`: a call of the C function at `addr` with the arguments'
    /// own LLVM types (a pointer travels as its int64 address, which the x86-64 ABI
    /// passes as it passes a pointer); None-typed: a `void` function.
    pub fn c_call(&mut self, addr: u64, args: &'p [Expr], ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let mut values: Vec<inkwell::values::BasicMetadataValueEnum<'ctx>> = Vec::new();
        let mut types: Vec<inkwell::types::BasicMetadataTypeEnum<'ctx>> = Vec::new();
        for a in args {
            values.push(self.expr(a)?.into());
            types.push(self.llvm_type(&a.ty).into());
        }
        use inkwell::types::BasicType;
        let fn_type = if *ty == Type::None { self.ctx.void_type().fn_type(&types, false) } else { self.llvm_type(ty).fn_type(&types, false) };
        let target = self.ctx.i64_type().const_int(addr, false).const_to_pointer(self.ptr_type());
        let call = self.builder.build_indirect_call(fn_type, target, &values, "ccall")?;
        Ok(call.try_as_basic_value().basic().unwrap_or_else(|| self.ctx.i8_type().const_zero().into()))
    }
}
