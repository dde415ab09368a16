//! `ExprKind::ParallelFor`: an outlined `prange` loop run on the thread pool.
//!
//! The loop's function `g(lo, hi, captures...)` (crates/frontend/src/parallel.rs) is
//! called through a trampoline `i32 g.chunk(ptr env, i64 lo, i64 hi, i64 k)` that loads
//! the captured values from `env`, a struct in the caller's frame; the runtime's
//! `ferrojit_rt_parallel_for(chunk, env, n, pieces)` runs it over ranges of `0..n` on the
//! pool and returns the first failing range's status (its exception moved to the calling
//! thread). A reduction (`reduce`) asks for `pieces` = min(n, 64) fixed ranges (the same
//! for any thread count); the trampoline stores range `k`'s partial result in slot `k` of
//! an array in the caller's frame (its address is `env`'s last field), and the caller
//! combines the slots in order. The captures are borrowed for the whole region: the caller
//! keeps them alive until the runtime returns, and reference counts in a parallel program
//! are atomic (`array.rs`).

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::{BinOp, CmpOp, Expr, FuncId, ReduceOp, Type};
use inkwell::attributes::AttributeLoc;
use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, StructType};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue};
use inkwell::IntPredicate;

/// Ranges of a reduction: its partial results live in the caller's frame.
const MAX_PIECES: u64 = 64;

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    pub fn parallel_for(&mut self, func: FuncId, args: &'p [Expr], reduce: Option<ReduceOp>, ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let [_, n, captures @ ..] = args else { return Err(BackendError::Llvm("parallel_for without its bounds".into())) };
        let n = self.expr(n)?.into_int_value();
        let mut values = Vec::new();
        let mut owned = Vec::new();
        for a in captures {
            let (v, is_owned) = self.expr_borrowed(a)?;
            if is_owned {
                owned.push((v, &a.ty));
            }
            values.push(v);
        }
        let i64t = self.ctx.i64_type();
        let ptr = self.ptr_type();
        // A reduction's partial results, one slot per range.
        let parts = match reduce {
            Some(_) => {
                let slot_ty = self.llvm_type(ty);
                let slots = self.entry_alloca_zeroed(slot_ty.array_type(MAX_PIECES as u32).into(), "partials")?;
                values.push(slots.into());
                Some((slots, slot_ty))
            }
            None => None,
        };
        let field_types: Vec<BasicTypeEnum> = values.iter().map(|v| v.get_type()).collect();
        let env_ty = self.ctx.struct_type(&field_types, false);
        let env = self.entry_alloca(env_ty.as_basic_type_enum(), "penv")?;
        for (k, v) in values.iter().enumerate() {
            let p = self.builder.build_struct_gep(env_ty, env, k as u32, "")?;
            self.builder.build_store(p, *v)?;
        }
        let chunk = self.chunk_trampoline(func, env_ty, parts.map(|(_, t)| t))?;
        let pieces = match reduce {
            Some(_) => {
                let cap = i64t.const_int(MAX_PIECES, false);
                let small = self.builder.build_int_compare(IntPredicate::SLT, n, cap, "")?;
                self.builder.build_select(small, n, cap, "pieces")?.into_int_value()
            }
            None => i64t.const_zero(),
        };
        let rt = self.runtime_fn("ferrojit_rt_parallel_for", self.ctx.i32_type().fn_type(&[ptr.into(), ptr.into(), i64t.into(), i64t.into()], false));
        let status = self
            .builder
            .build_call(rt, &[chunk.as_global_value().as_pointer_value().into(), env.into(), n.into(), pieces.into()], "pstatus")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| BackendError::Llvm("parallel_for returned nothing".into()))?
            .into_int_value();
        for (v, ty) in owned {
            self.release_if(v, ty, true)?;
        }
        self.propagate(status)?;
        match (reduce, parts) {
            (Some(op), Some((slots, slot_ty))) => self.combine_partials(op, ty, slots, slot_ty, pieces),
            _ => Ok(self.ctx.i8_type().const_zero().into()),
        }
    }

    /// `parts[0] op parts[1] op ... op parts[pieces - 1]`, left to right (pieces >= 1: the
    /// frontend runs a reduction only when the loop has iterations).
    fn combine_partials(
        &mut self,
        op: ReduceOp,
        ty: &Type,
        slots: inkwell::values::PointerValue<'ctx>,
        slot_ty: BasicTypeEnum<'ctx>,
        pieces: inkwell::values::IntValue<'ctx>,
    ) -> Result<BasicValueEnum<'ctx>> {
        let i64t = self.ctx.i64_type();
        let load = |cg: &mut Self, k: inkwell::values::IntValue<'ctx>| -> Result<BasicValueEnum<'ctx>> {
            // SAFETY (LLVM): k < pieces <= MAX_PIECES.
            let p = unsafe { cg.builder.build_gep(slot_ty, slots, &[k], "part")? };
            Ok(cg.builder.build_load(slot_ty, p, "")?)
        };
        let first = load(self, i64t.const_zero())?;
        let acc = self.entry_alloca(slot_ty, "combined")?;
        self.builder.build_store(acc, first)?;
        let k_slot = self.entry_alloca(i64t.into(), "k")?;
        self.builder.build_store(k_slot, i64t.const_int(1, false))?;
        let head = self.append_block("combine.head")?;
        let body = self.append_block("combine.body")?;
        let done = self.append_block("combine.done")?;
        self.builder.build_unconditional_branch(head)?;
        self.builder.position_at_end(head);
        let k = self.builder.build_load(i64t, k_slot, "k")?.into_int_value();
        let more = self.builder.build_int_compare(IntPredicate::SLT, k, pieces, "")?;
        self.builder.build_conditional_branch(more, body, done)?;
        self.builder.position_at_end(body);
        let v = load(self, k)?;
        let a = self.builder.build_load(slot_ty, acc, "")?;
        let next = match op {
            ReduceOp::Sum => self.binary(BinOp::Add, ty, a, v)?,
            ReduceOp::Prod => self.binary(BinOp::Mul, ty, a, v)?,
            // Python's `min(acc, v)`: `v` only when strictly better.
            ReduceOp::Min | ReduceOp::Max => {
                let cmp = if op == ReduceOp::Min { CmpOp::Lt } else { CmpOp::Gt };
                let better = self.compare(cmp, ty, v, a)?;
                self.builder.build_select(better, v, a, "")?
            }
            other => return Err(BackendError::Llvm(format!("a parallel {} reduction", other.name()))),
        };
        self.builder.build_store(acc, next)?;
        let k1 = self.builder.build_int_add(k, i64t.const_int(1, false), "")?;
        self.builder.build_store(k_slot, k1)?;
        self.builder.build_unconditional_branch(head)?;
        self.builder.position_at_end(done);
        Ok(self.builder.build_load(slot_ty, acc, "reduced")?)
    }

    /// `i32 g.chunk(ptr env, i64 lo, i64 hi, i64 k)`: `g(lo, hi, env's fields...)`, its
    /// result stored in slot `k` of the partials (env's last field) when `partial` is set.
    fn chunk_trampoline(&mut self, func: FuncId, env_ty: StructType<'ctx>, partial: Option<BasicTypeEnum<'ctx>>) -> Result<FunctionValue<'ctx>> {
        let callee = self.functions[func];
        let name = format!("{}.chunk", self.program.functions[func].symbol);
        if let Some(f) = self.module.get_function(&name) {
            return Ok(f);
        }
        let ptr = self.ptr_type();
        let i64t = self.ctx.i64_type();
        let params: [BasicMetadataTypeEnum; 4] = [ptr.into(), i64t.into(), i64t.into(), i64t.into()];
        let f = self.module.add_function(&name, self.ctx.i32_type().fn_type(&params, false), Some(Linkage::Internal));
        for key in ["target-cpu", "target-features"] {
            if let Some(a) = callee.get_string_attribute(AttributeLoc::Function, key) {
                f.add_attribute(AttributeLoc::Function, a);
            }
        }
        let b = self.ctx.create_builder();
        b.position_at_end(self.ctx.append_basic_block(f, "entry"));
        let param = |k: u32| f.get_nth_param(k).ok_or_else(|| BackendError::Llvm("trampoline parameter".into()));
        let callee_params = callee.get_type().get_param_types();
        if callee_params.get(1).copied() != Some(i64t.into()) || callee_params.get(2).copied() != Some(i64t.into()) {
            return Err(BackendError::Llvm("an outlined prange loop takes int64 bounds".into()));
        }
        let ret_ty = self.llvm_type(&self.program.functions[func].ret);
        let slot = b.build_alloca(ret_ty, "ret")?;
        let mut values: Vec<BasicMetadataValueEnum> = vec![slot.into(), param(1)?.into(), param(2)?.into()];
        let env = param(0)?.into_pointer_value();
        let captured = env_ty.count_fields() - partial.is_some() as u32;
        for k in 0..captured {
            let p = b.build_struct_gep(env_ty, env, k, "")?;
            let t = env_ty.get_field_type_at_index(k).ok_or_else(|| BackendError::Llvm("env field".into()))?;
            values.push(b.build_load(t, p, "")?.into());
        }
        if self.recursive[func] {
            let limit = self.runtime_fn("ferrojit_rt_stack_limit", i64t.fn_type(&[], false));
            let l = b.build_call(limit, &[], "limit")?.try_as_basic_value().basic().ok_or_else(|| BackendError::Llvm("stack limit".into()))?;
            values.push(l.into());
        }
        let status = b.build_call(callee, &values, "status")?.try_as_basic_value().basic().ok_or_else(|| BackendError::Llvm("call without status".into()))?;
        if let Some(part_ty) = partial {
            if part_ty != ret_ty {
                return Err(BackendError::Llvm("a prange reduction's partial has another type".into()));
            }
            let p = b.build_struct_gep(env_ty, env, captured, "")?;
            let parts = b.build_load(ptr, p, "partials")?.into_pointer_value();
            // SAFETY (LLVM): k < pieces <= MAX_PIECES.
            let at = unsafe { b.build_gep(part_ty, parts, &[param(3)?.into_int_value()], "")? };
            let value = b.build_load(part_ty, slot, "")?;
            b.build_store(at, value)?;
        }
        b.build_return(Some(&status))?;
        Ok(f)
    }
}
