//! Views: basic slicing, transposition and reshaping. A view shares its base's memory
//! (and reference): no element is copied.

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::{ExcKind, Expr, ExprKind, SliceItem, Type};
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    // ---- slicing --------------------------------------------------------------------

    /// A view expression (slice, `.T`, reshape) for a use that only reads it while its
    /// base is alive: a view of a borrowed base takes no reference of its own (no
    /// refcount traffic in loops over `a[:, i, j]`). Returns the view and whether the
    /// caller must release it; `None` for other expressions.
    pub fn view_borrowed(&mut self, e: &'p Expr) -> Option<Result<(BasicValueEnum<'ctx>, bool)>> {
        Some(match &e.kind {
            ExprKind::Slice { array, items } => self.slice_with(array, items, &e.ty, true),
            ExprKind::Transpose(x) => self.transpose_with(x, &e.ty, true),
            ExprKind::Reshape { array, shape } => self.reshape_with(array, shape, &e.ty, true),
            _ => return None,
        })
    }

    /// How a new view `v` of `a` ends up: it takes over an owned base's reference; of a
    /// borrowed base it takes a reference of its own, unless it is itself borrowed.
    fn finish_view(&mut self, a: BasicValueEnum<'ctx>, owned: bool, v: BasicValueEnum<'ctx>, ty: &Type, borrow: bool) -> Result<(BasicValueEnum<'ctx>, bool)> {
        if owned {
            self.disown(a)?;
            Ok((v, true))
        } else if borrow {
            Ok((v, false))
        } else {
            self.incref(v, ty)?;
            Ok((v, true))
        }
    }

    pub fn slice(&mut self, array: &'p Expr, items: &'p [SliceItem], ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        Ok(self.slice_with(array, items, ty, false)?.0)
    }

    fn slice_with(&mut self, array: &'p Expr, items: &'p [SliceItem], ty: &Type, borrow: bool) -> Result<(BasicValueEnum<'ctx>, bool)> {
        let (Type::Array(at), Type::Array(rt)) = (&array.ty, ty) else { return Err(BackendError::Llvm("slice of non-array".into())) };
        let (a, owned) = self.expr_borrowed(array)?;
        let av = a.into_struct_value();
        let i64t = self.ctx.i64_type();
        let shape = self.dims(av, 2, at.ndim)?;
        let strides = self.dims(av, 3, at.ndim)?;
        let mut offset = i64t.const_zero();
        let mut new_shape = Vec::new();
        let mut new_strides = Vec::new();
        let mut axis = 0;
        for item in items {
            match item {
                SliceItem::NewAxis => {
                    new_shape.push(i64t.const_int(1, false));
                    new_strides.push(i64t.const_zero());
                }
                SliceItem::Index(e) => {
                    let i = self.expr(e)?.into_int_value();
                    let i = self.wrap_index(i, shape[axis], axis)?;
                    let term = self.builder.build_int_mul(i, strides[axis], "")?;
                    offset = self.builder.build_int_add(offset, term, "")?;
                    axis += 1;
                }
                SliceItem::Range { start, stop, step } => {
                    let n = shape[axis];
                    let (start_v, stop_v, len, step_v) = self.slice_indices(start, stop, step, n)?;
                    let _ = stop_v;
                    let term = self.builder.build_int_mul(start_v, strides[axis], "")?;
                    offset = self.builder.build_int_add(offset, term, "")?;
                    new_shape.push(len);
                    new_strides.push(self.builder.build_int_mul(strides[axis], step_v, "")?);
                    axis += 1;
                }
            }
        }
        let data = self.data_ptr(av)?;
        // SAFETY of the GEP: byte offset within (or one past) the sliced array.
        let data = unsafe { self.builder.build_gep(self.ctx.i8_type(), data, &[offset], "slice")? };
        let view = self.build_array(rt.ndim, self.meminfo(av)?, data, &new_shape, &new_strides)?;
        self.finish_view(a, owned, view.into(), ty, borrow)
    }

    /// Python's `slice(start, stop, step).indices(n)` plus the length.
    fn slice_indices(
        &mut self,
        start: &'p Option<Expr>,
        stop: &'p Option<Expr>,
        step: &'p Option<Expr>,
        n: IntValue<'ctx>,
    ) -> Result<(IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>)> {
        let i64t = self.ctx.i64_type();
        let zero = i64t.const_zero();
        let one = i64t.const_int(1, false);
        let minus_one = i64t.const_all_ones();
        let step_v = match step {
            Some(s) => self.expr(s)?.into_int_value(),
            None => one,
        };
        let is_zero = self.builder.build_int_compare(IntPredicate::EQ, step_v, zero, "")?;
        self.check(is_zero, ExcKind::ValueError, "slice step cannot be zero")?;
        let b = &self.builder;
        let pos = b.build_int_compare(IntPredicate::SGT, step_v, zero, "")?;
        let lower = b.build_select(pos, zero, minus_one, "")?.into_int_value();
        let n_m1 = b.build_int_sub(n, one, "")?;
        let upper = b.build_select(pos, n, n_m1, "")?.into_int_value();
        let clamp = |cg: &mut Self, v: &'p Option<Expr>, default: IntValue<'ctx>| -> Result<IntValue<'ctx>> {
            let Some(e) = v else { return Ok(default) };
            let x = cg.expr(e)?.into_int_value();
            let b = &cg.builder;
            let neg = b.build_int_compare(IntPredicate::SLT, x, zero, "")?;
            let wrapped = b.build_int_add(x, n, "")?;
            let lo = b.build_int_compare(IntPredicate::SLT, wrapped, lower, "")?;
            let from_neg = b.build_select(lo, lower, wrapped, "")?.into_int_value();
            let hi = b.build_int_compare(IntPredicate::SGT, x, upper, "")?;
            let from_pos = b.build_select(hi, upper, x, "")?.into_int_value();
            Ok(b.build_select(neg, from_neg, from_pos, "")?.into_int_value())
        };
        let default_start = self.builder.build_select(pos, lower, upper, "")?.into_int_value();
        let default_stop = self.builder.build_select(pos, upper, lower, "")?.into_int_value();
        let start_v = clamp(self, start, default_start)?;
        let stop_v = clamp(self, stop, default_stop)?;
        let b = &self.builder;
        let up = b.build_int_compare(IntPredicate::SLT, start_v, stop_v, "")?;
        let up_len = b.build_int_add(b.build_int_signed_div(b.build_int_sub(b.build_int_sub(stop_v, start_v, "")?, one, "")?, step_v, "")?, one, "")?;
        let up_len = b.build_select(up, up_len, zero, "")?.into_int_value();
        let down = b.build_int_compare(IntPredicate::SGT, start_v, stop_v, "")?;
        let neg_step = b.build_int_neg(step_v, "")?;
        let safe_neg = b.build_select(pos, one, neg_step, "")?.into_int_value();
        let down_len = b.build_int_add(b.build_int_signed_div(b.build_int_sub(b.build_int_sub(start_v, stop_v, "")?, one, "")?, safe_neg, "")?, one, "")?;
        let down_len = b.build_select(down, down_len, zero, "")?.into_int_value();
        let len = b.build_select(pos, up_len, down_len, "len")?.into_int_value();
        Ok((start_v, stop_v, len, step_v))
    }

    /// `a.T`.
    pub fn transpose(&mut self, array: &'p Expr, ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        Ok(self.transpose_with(array, ty, false)?.0)
    }

    fn transpose_with(&mut self, array: &'p Expr, ty: &Type, borrow: bool) -> Result<(BasicValueEnum<'ctx>, bool)> {
        let Type::Array(at) = array.ty else { return Err(BackendError::Llvm("transpose of non-array".into())) };
        let (a, owned) = self.expr_borrowed(array)?;
        let av = a.into_struct_value();
        let mut shape = self.dims(av, 2, at.ndim)?;
        let mut strides = self.dims(av, 3, at.ndim)?;
        shape.reverse();
        strides.reverse();
        let v = self.build_array(at.ndim, self.meminfo(av)?, self.data_ptr(av)?, &shape, &strides)?;
        self.finish_view(a, owned, v.into(), ty, borrow)
    }

    /// `a.real` / `a.imag` of a complex array: the same shape and (byte) strides, the
    /// data pointer moved to the part, a float element type.
    pub fn complex_part_view(&mut self, array: &'p Expr, imag: bool, ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let Type::Array(at) = array.ty else { return Err(BackendError::Llvm("part view of non-array".into())) };
        let (a, owned) = self.expr_borrowed(array)?;
        let av = a.into_struct_value();
        let shape = self.dims(av, 2, at.ndim)?;
        let strides = self.byte_strides_of(av, &at)?;
        let mut data = self.data_ptr(av)?;
        if imag {
            let i8t = self.ctx.i8_type();
            let part = self.ctx.i64_type().const_int(at.dtype.itemsize() / 2, false);
            // SAFETY of the GEP: within the element (its second part).
            data = unsafe { self.builder.build_gep(i8t, data, &[part], "imag")? };
        }
        let v = self.build_array(at.ndim, self.meminfo(av)?, data, &shape, &strides)?;
        Ok(self.finish_view(a, owned, v.into(), ty, false)?.0)
    }

    /// `a.reshape(shape)` of C-contiguous data.
    pub fn reshape(&mut self, array: &'p Expr, shape: &'p [Expr], ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        Ok(self.reshape_with(array, shape, ty, false)?.0)
    }

    fn reshape_with(&mut self, array: &'p Expr, shape: &'p [Expr], ty: &Type, borrow: bool) -> Result<(BasicValueEnum<'ctx>, bool)> {
        let (Type::Array(at), Type::Array(rt)) = (&array.ty, ty) else { return Err(BackendError::Llvm("reshape of non-array".into())) };
        let i64t = self.ctx.i64_type();
        let (a, owned) = self.expr_borrowed(array)?;
        let av = a.into_struct_value();
        let mut size = i64t.const_int(1, false);
        for d in self.dims(av, 2, at.ndim)? {
            size = self.builder.build_int_mul(size, d, "")?;
        }
        let dims = self.int_values(shape)?;
        // One dimension may be negative (NumPy: unknown, whatever its value): size /
        // (product of the others).
        let mut known = i64t.const_int(1, false);
        let mut unknown_count = i64t.const_zero();
        let mut unknowns = Vec::with_capacity(dims.len());
        for d in &dims {
            let b = &self.builder;
            let unknown = b.build_int_compare(IntPredicate::SLT, *d, i64t.const_zero(), "")?;
            known = b.build_select(unknown, known, b.build_int_mul(known, *d, "")?, "")?.into_int_value();
            unknown_count = b.build_int_add(unknown_count, b.build_int_z_extend(unknown, i64t, "")?, "")?;
            unknowns.push(unknown);
        }
        let b = &self.builder;
        let known_zero = b.build_int_compare(IntPredicate::EQ, known, i64t.const_zero(), "")?;
        let safe_known = b.build_select(known_zero, i64t.const_int(1, false), known, "")?.into_int_value();
        let inferred = b.build_int_signed_div(size, safe_known, "")?;
        let mut final_dims = Vec::new();
        let mut product = i64t.const_int(1, false);
        for (d, unknown) in dims.iter().zip(&unknowns) {
            let b = &self.builder;
            let v = b.build_select(*unknown, inferred, *d, "")?.into_int_value();
            product = b.build_int_mul(product, v, "")?;
            final_dims.push(v);
        }
        let b = &self.builder;
        let many = b.build_int_compare(IntPredicate::UGT, unknown_count, i64t.const_int(1, false), "")?;
        let mismatch = b.build_int_compare(IntPredicate::NE, product, size, "")?;
        // an unknown dimension next to a zero one cannot be inferred (NumPy refuses it)
        let one_unknown = b.build_int_compare(IntPredicate::EQ, unknown_count, i64t.const_int(1, false), "")?;
        let uninferable = b.build_and(one_unknown, known_zero, "")?;
        let bad = b.build_or(b.build_or(many, mismatch, "")?, uninferable, "")?;
        // NumPy's messages, made by the runtime from the size and the requested shape
        self.error_path(bad, |cg| {
            let buf = cg.entry_alloca(i64t.array_type(dims.len().max(1) as u32).into(), "reshape.dims")?;
            for (k, d) in dims.iter().enumerate() {
                // SAFETY of the GEP: within the array of `dims.len()` elements.
                let at_k = unsafe { cg.builder.build_gep(i64t, buf, &[i64t.const_int(k as u64, false)], "")? };
                cg.builder.build_store(at_k, *d)?;
            }
            let f = cg.runtime_fn("ferrojit_rt_reshape_error", cg.ctx.void_type().fn_type(&[i64t.into(), cg.ptr_type().into(), i64t.into()], false));
            cg.builder.build_call(f, &[size.into(), buf.into(), i64t.const_int(dims.len() as u64, false).into()], "")?;
            Ok(())
        })?;
        if at.layout != ferrojit_ir::Layout::C {
            return self.reshape_strided(a, owned, at, rt, &final_dims, &array.ty);
        }
        let strides = self.contiguous_strides(&final_dims, at.dtype.itemsize(), ferrojit_ir::Layout::C)?;
        let v = self.build_array(rt.ndim, self.meminfo(av)?, self.data_ptr(av)?, &final_dims, &strides)?;
        self.finish_view(a, owned, v.into(), ty, borrow)
    }

    /// `reshape` of an array that may not be C-contiguous, as NumPy's `PyArray_Newshape`:
    /// a view when its strides allow one (the runtime's `reshape_strides`, NumPy's
    /// `_attempt_nocopy_reshape`), else a C-contiguous copy reshaped. Always an owned
    /// result (the view takes a reference of its own).
    fn reshape_strided(
        &mut self,
        a: BasicValueEnum<'ctx>,
        owned: bool,
        at: &ferrojit_ir::ArrayType,
        rt: &ferrojit_ir::ArrayType,
        dims: &[IntValue<'ctx>],
        src_ty: &Type,
    ) -> Result<(BasicValueEnum<'ctx>, bool)> {
        let i64t = self.ctx.i64_type();
        let av = a.into_struct_value();
        let old_shape = self.dims(av, 2, at.ndim)?;
        let old_strides = self.dims(av, 3, at.ndim)?;
        let buffer = |cg: &Self, n: usize, values: &[IntValue<'ctx>], name: &str| -> Result<inkwell::values::PointerValue<'ctx>> {
            let t = i64t.array_type(n.max(1) as u32);
            let p = cg.entry_alloca_zeroed(t.into(), name)?;
            for (k, v) in values.iter().enumerate() {
                // SAFETY of the GEP: k < n, the buffer's length.
                let q = unsafe { cg.builder.build_in_bounds_gep(t, p, &[i64t.const_zero(), i64t.const_int(k as u64, false)], "")? };
                cg.builder.build_store(q, *v)?;
            }
            Ok(p)
        };
        let os = buffer(self, old_shape.len(), &old_shape, "reshape.shape")?;
        let ost = buffer(self, old_strides.len(), &old_strides, "reshape.strides")?;
        let ns = buffer(self, dims.len(), dims, "reshape.newshape")?;
        let out = buffer(self, dims.len(), &[], "reshape.newstrides")?;
        let itemsize = i64t.const_int(at.dtype.itemsize(), false);
        let args = [
            i64t.const_int(old_shape.len() as u64, false).into(),
            os.into(),
            ost.into(),
            i64t.const_int(dims.len() as u64, false).into(),
            ns.into(),
            out.into(),
            itemsize.into(),
        ];
        let ok = self.call_runtime("ferrojit_rt_reshape_strides", i64t.into(), &args)?.into_int_value();
        let is_view = self.builder.build_int_compare(inkwell::IntPredicate::NE, ok, i64t.const_zero(), "")?;
        let view_bb = self.append_block("reshape.view")?;
        let copy_bb = self.append_block("reshape.copy")?;
        let merge_bb = self.append_block("reshape.done")?;
        self.builder.build_conditional_branch(is_view, view_bb, copy_bb)?;

        self.builder.position_at_end(view_bb);
        let t = i64t.array_type(dims.len().max(1) as u32);
        let mut strides = Vec::new();
        for k in 0..dims.len() {
            // SAFETY of the GEP: k < the buffer's length.
            let q = unsafe { self.builder.build_in_bounds_gep(t, out, &[i64t.const_zero(), i64t.const_int(k as u64, false)], "")? };
            strides.push(self.builder.build_load(i64t, q, "")?.into_int_value());
        }
        let view = self.build_array(rt.ndim, self.meminfo(av)?, self.data_ptr(av)?, dims, &strides)?;
        let view_ty = Type::Array(*rt);
        self.incref(view.into(), &view_ty)?;
        let view_end = self.builder.get_insert_block().ok_or_else(|| BackendError::Llvm("no block".into()))?;
        self.builder.build_unconditional_branch(merge_bb)?;

        self.builder.position_at_end(copy_bb);
        let ct = ferrojit_ir::ArrayType { layout: ferrojit_ir::Layout::C, readonly: false, ..*at };
        let copy = self.allocate(&ct, &old_shape)?;
        self.copy_elements(av, at, copy, &ct, &old_shape)?;
        let cstrides = self.contiguous_strides(dims, at.dtype.itemsize(), ferrojit_ir::Layout::C)?;
        let copied = self.build_array(rt.ndim, self.meminfo(copy)?, self.data_ptr(copy)?, dims, &cstrides)?;
        let copy_end = self.builder.get_insert_block().ok_or_else(|| BackendError::Llvm("no block".into()))?;
        self.builder.build_unconditional_branch(merge_bb)?;

        self.builder.position_at_end(merge_bb);
        let phi = self.builder.build_phi(view.get_type(), "reshaped")?;
        phi.add_incoming(&[(&view, view_end), (&copied, copy_end)]);
        self.release_if(a, src_ty, owned)?;
        Ok((phi.as_basic_value(), true))
    }
}
