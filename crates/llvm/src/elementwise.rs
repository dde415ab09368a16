//! Element-wise computation without temporaries: slices (views), `Map` expressions
//! (computed in one loop nest, stored once), reductions that consume maps element by
//! element, and assignment into views with broadcasting.

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::{ArrayType, BinOp, CmpOp, ExcKind, Expr, ExprKind, FloatKind, Layout, ReduceOp, SliceItem, Type, FLOAT64, INT64};
use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};

/// Where elements come from: a map's evaluated inputs and body, or a plain array.
pub enum Source<'ctx, 'p> {
    Map { inputs: Vec<Input<'ctx, 'p>>, body: &'p Expr, ndim: usize },
    Array { value: StructValue<'ctx>, at: ArrayType },
}

/// An evaluated map input.
pub enum Input<'ctx, 'p> {
    Scalar(BasicValueEnum<'ctx>),
    Array { value: StructValue<'ctx>, at: ArrayType, shape: Vec<IntValue<'ctx>> },
    /// A reduction along an axis, computed per element where the map needs it (no
    /// temporary array): `np.sqrt(((xs[:, None] - xs) ** 2).sum(-1))` is one loop nest.
    Reduced { op: ReduceOp, inner: Box<Prepared<'ctx, 'p>>, axis: usize, shape: Vec<IntValue<'ctx>>, el: Type, out: Type },
}

impl<'ctx> Input<'ctx, '_> {
    fn shape(&self) -> Option<&[IntValue<'ctx>]> {
        match self {
            Input::Scalar(_) => None,
            Input::Array { shape, .. } | Input::Reduced { shape, .. } => Some(shape),
        }
    }
}

/// A prepared element source with its (broadcast) shape and what to release after.
pub struct Prepared<'ctx, 'p> {
    pub source: Source<'ctx, 'p>,
    pub shape: Vec<IntValue<'ctx>>,
    owned: Vec<(BasicValueEnum<'ctx>, &'p Type)>,
}

/// Let a float sum be reassociated: the vectoriser then keeps several partial sums
/// (like NumPy's pairwise summation, not bit-identical to it) instead of one serial chain.
fn reassociable(v: BasicValueEnum<'_>) -> BasicValueEnum<'_> {
    if let BasicValueEnum::FloatValue(f) = v {
        if let Some(i) = f.as_instruction() {
            let _ = i.set_fast_math_flags(inkwell::values::FastMathFlags::AllowReassoc);
        }
    }
    v
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    /// Evaluate the inputs of an element source (a `Map` or any array expression) and
    /// compute its shape; `target` gives the shape to broadcast to (slice assignment).
    pub fn prepare(&mut self, e: &'p Expr, target: Option<&[IntValue<'ctx>]>) -> Result<Prepared<'ctx, 'p>> {
        let i64t = self.ctx.i64_type();
        if let ExprKind::Map { inputs, body } = &e.kind {
            let Type::Array(out) = e.ty else { return Err(BackendError::Llvm("map without array type".into())) };
            let ndim = target.map_or(out.ndim as usize, |t| t.len());
            let mut owned = Vec::new();
            let mut evaluated = Vec::new();
            for x in inputs {
                if let (ExprKind::Reduce { op, array, axis: Some(ax) }, Type::Array(rt)) = (&x.kind, &x.ty) {
                    let inner = self.prepare(array, None)?;
                    let shape: Vec<IntValue> = inner.shape.iter().enumerate().filter(|(d, _)| d != ax).map(|(_, n)| *n).collect();
                    let el = match &inner.source {
                        Source::Map { body, .. } => body.ty.clone(),
                        Source::Array { at, .. } => at.dtype.to_type(),
                    };
                    let out = rt.dtype.to_type();
                    evaluated.push(Input::Reduced { op: *op, inner: Box::new(inner), axis: *ax, shape, el, out });
                    continue;
                }
                let (v, own) = self.expr_borrowed(x)?;
                if own {
                    owned.push((v, &x.ty));
                }
                evaluated.push(match &x.ty {
                    Type::Array(at) => {
                        let sv = v.into_struct_value();
                        Input::Array { value: sv, at: *at, shape: self.dims(sv, 2, at.ndim)? }
                    }
                    _ => Input::Scalar(v),
                });
            }
            // Broadcast: each output axis is the inputs' common size (1s stretch).
            let one = i64t.const_int(1, false);
            let mut shape: Vec<IntValue> = match target {
                Some(t) => t.to_vec(),
                None => vec![one; ndim],
            };
            let mut bad = self.ctx.bool_type().const_zero();
            for input in &evaluated {
                let Some(s) = input.shape() else { continue };
                if s.len() > ndim {
                    return Err(BackendError::Llvm("input has more dimensions than the output".into()));
                }
                let off = ndim - s.len();
                for (d, &n) in s.iter().enumerate() {
                    let cur = shape[off + d];
                    let b = &self.builder;
                    let n_is_one = b.build_int_compare(IntPredicate::EQ, n, one, "")?;
                    let same = b.build_int_compare(IntPredicate::EQ, n, cur, "")?;
                    let ok = b.build_or(n_is_one, same, "")?;
                    if target.is_some() {
                        bad = b.build_or(bad, b.build_not(ok, "")?, "")?;
                    } else {
                        let cur_is_one = b.build_int_compare(IntPredicate::EQ, cur, one, "")?;
                        let fits = b.build_or(ok, cur_is_one, "")?;
                        bad = b.build_or(bad, b.build_not(fits, "")?, "")?;
                        shape[off + d] = b.build_select(cur_is_one, n, cur, "bdim")?.into_int_value();
                    }
                }
            }
            self.check(bad, ExcKind::ValueError, "operands could not be broadcast together")?;
            return Ok(Prepared { source: Source::Map { inputs: evaluated, body, ndim }, shape, owned });
        }
        let Type::Array(at) = e.ty else { return Err(BackendError::Llvm("element source of non-array".into())) };
        let (v, own) = self.expr_borrowed(e)?;
        let sv = v.into_struct_value();
        let own_shape = self.dims(sv, 2, at.ndim)?;
        let owned = if own { vec![(v, &e.ty)] } else { vec![] };
        let shape = match target {
            None => own_shape,
            Some(t) => {
                // A plain array assigned into a view: wrap it as a one-input map so the
                // broadcasting rules apply.
                let mut bad = self.ctx.bool_type().const_zero();
                let off = t.len().saturating_sub(own_shape.len());
                let one = i64t.const_int(1, false);
                for (d, &n) in own_shape.iter().enumerate() {
                    let b = &self.builder;
                    let ok = b.build_or(b.build_int_compare(IntPredicate::EQ, n, one, "")?, b.build_int_compare(IntPredicate::EQ, n, t[off + d], "")?, "")?;
                    bad = b.build_or(bad, b.build_not(ok, "")?, "")?;
                }
                self.check(bad, ExcKind::ValueError, "could not broadcast input array into the slice's shape")?;
                let input = Input::Array { value: sv, at, shape: own_shape };
                return Ok(Prepared {
                    source: Source::Map { inputs: vec![input], body: self.identity_body(&at), ndim: t.len() },
                    shape: t.to_vec(),
                    owned,
                });
            }
        };
        Ok(Prepared { source: Source::Array { value: sv, at }, shape, owned })
    }

    /// A body that returns input 0's element (shared, allocated once per dtype).
    fn identity_body(&mut self, at: &ArrayType) -> &'p Expr {
        let e = Expr::new(ExprKind::Input(0), at.dtype.to_type(), ferrojit_ir::Span::default());
        // Codegen lives for one compilation; the leak is a few bytes per distinct use.
        Box::leak(Box::new(e))
    }

    pub fn release(&mut self, p: Prepared<'ctx, 'p>) -> Result<()> {
        if let Source::Map { inputs, .. } = p.source {
            for input in inputs {
                if let Input::Reduced { inner, .. } = input {
                    self.release(*inner)?;
                }
            }
        }
        for (v, ty) in p.owned {
            self.release_if(v, ty, true)?;
        }
        Ok(())
    }

    /// Whether every array input has exactly the output's shape (no broadcasting), so
    /// the loop can index inputs directly.
    fn no_broadcast(&mut self, p: &Prepared<'ctx, 'p>) -> Result<Option<IntValue<'ctx>>> {
        let Source::Map { inputs, ndim, .. } = &p.source else { return Ok(None) };
        let mut all = self.ctx.bool_type().const_int(1, false);
        for input in inputs {
            if let Some(shape) = input.shape() {
                if shape.len() != *ndim {
                    return Ok(None);
                }
                for (d, &n) in shape.iter().enumerate() {
                    let eq = self.builder.build_int_compare(IntPredicate::EQ, n, p.shape[d], "")?;
                    all = self.builder.build_and(all, eq, "")?;
                }
            }
        }
        Ok(Some(all))
    }

    /// The element at output index `idx` (indices in range).
    pub fn element(&mut self, p: &Prepared<'ctx, 'p>, idx: &[IntValue<'ctx>], direct: bool) -> Result<BasicValueEnum<'ctx>> {
        match &p.source {
            Source::Array { value, at } => {
                let ptr = self.element_ptr_raw(*value, at, idx)?;
                self.load_element(ptr, at.dtype)
            }
            Source::Map { inputs, body, ndim } => {
                let i64t = self.ctx.i64_type();
                let mut values = Vec::with_capacity(inputs.len());
                for input in inputs {
                    values.push(match input {
                        Input::Scalar(v) => *v,
                        Input::Array { value, at, shape } => {
                            let off = ndim - shape.len();
                            let mut in_idx = Vec::with_capacity(shape.len());
                            for (d, &n) in shape.iter().enumerate() {
                                let i = idx[off + d];
                                in_idx.push(if direct {
                                    i
                                } else {
                                    let one = self.builder.build_int_compare(IntPredicate::EQ, n, i64t.const_int(1, false), "")?;
                                    self.builder.build_select(one, i64t.const_zero(), i, "bidx")?.into_int_value()
                                });
                            }
                            let ptr = self.element_ptr_raw(*value, at, &in_idx)?;
                            self.load_element(ptr, at.dtype)?
                        }
                        Input::Reduced { op, inner, axis, shape, el, out } => {
                            let off = ndim - shape.len();
                            let mut outer = Vec::with_capacity(shape.len());
                            for (d, &n) in shape.iter().enumerate() {
                                let i = idx[off + d];
                                outer.push(if direct {
                                    i
                                } else {
                                    let one = self.builder.build_int_compare(IntPredicate::EQ, n, i64t.const_int(1, false), "")?;
                                    self.builder.build_select(one, i64t.const_zero(), i, "bidx")?.into_int_value()
                                });
                            }
                            let full = inner.shape.clone();
                            self.reduce_run(*op, inner, &full, Some((*axis, &outer)), el, out)?
                        }
                    });
                }
                self.map_values.push(values);
                let saved = std::mem::replace(&mut self.numpy_mode, true);
                let v = self.expr(body);
                self.numpy_mode = saved;
                self.map_values.pop();
                v
            }
        }
    }

    /// Loop over `shape`, calling `body` with the index and whether inputs can be indexed
    /// directly; emits a broadcast-free copy of the loop when shapes match at run time.
    pub fn loop_elements(
        &mut self,
        p: &Prepared<'ctx, 'p>,
        shape: &[IntValue<'ctx>],
        body: &mut dyn FnMut(&mut Self, &[IntValue<'ctx>], bool) -> Result<()>,
    ) -> Result<()> {
        match self.no_broadcast(p)? {
            Some(same) => {
                let fast = self.append_block("same_shape")?;
                let slow = self.append_block("broadcast")?;
                let done = self.append_block("elementwise.end")?;
                self.builder.build_conditional_branch(same, fast, slow)?;
                self.builder.position_at_end(fast);
                self.for_each_index(shape, &mut |cg, idx| body(cg, idx, true))?;
                self.builder.build_unconditional_branch(done)?;
                self.builder.position_at_end(slow);
                self.for_each_index(shape, &mut |cg, idx| body(cg, idx, false))?;
                self.builder.build_unconditional_branch(done)?;
                self.builder.position_at_end(done);
                Ok(())
            }
            None => {
                let direct = matches!(p.source, Source::Array { .. });
                self.for_each_index(shape, &mut |cg, idx| body(cg, idx, direct))
            }
        }
    }

    /// A `Map` as a value: one new C-contiguous array.
    pub fn materialize(&mut self, e: &'p Expr) -> Result<BasicValueEnum<'ctx>> {
        let Type::Array(out) = e.ty else { return Err(BackendError::Llvm("materialize non-array".into())) };
        let p = self.prepare(e, None)?;
        let shape = p.shape.clone();
        let arr = self.allocate(&out, &shape)?;
        let el_ty = out.dtype.to_type();
        let body_ty = match &p.source {
            Source::Map { body, .. } => body.ty.clone(),
            Source::Array { at, .. } => at.dtype.to_type(),
        };
        self.loop_elements(&p, &shape, &mut |cg, idx, direct| {
            let v = cg.element(&p, idx, direct)?;
            let ptr = cg.element_ptr_raw(arr, &out, idx)?;
            let _ = &el_ty;
            cg.store_element(ptr, out.dtype, v, &body_ty)
        })?;
        self.release(p)?;
        Ok(arr.into())
    }

    pub fn map_input(&self, k: usize) -> Result<BasicValueEnum<'ctx>> {
        self.map_values
            .last()
            .and_then(|v| v.get(k))
            .copied()
            .ok_or_else(|| BackendError::Llvm(format!("map input {k} outside a map")))
    }

    // ---- slicing --------------------------------------------------------------------

    pub fn slice(&mut self, array: &'p Expr, items: &'p [SliceItem], ty: &Type) -> Result<BasicValueEnum<'ctx>> {
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
        if owned {
            self.disown(a)?;
        } else {
            self.incref(view.into(), ty)?;
        }
        Ok(view.into())
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
        let Type::Array(at) = array.ty else { return Err(BackendError::Llvm("transpose of non-array".into())) };
        let (a, owned) = self.expr_borrowed(array)?;
        let av = a.into_struct_value();
        let mut shape = self.dims(av, 2, at.ndim)?;
        let mut strides = self.dims(av, 3, at.ndim)?;
        shape.reverse();
        strides.reverse();
        let v = self.build_array(at.ndim, self.meminfo(av)?, self.data_ptr(av)?, &shape, &strides)?;
        if owned {
            self.disown(a)?;
        } else {
            self.incref(v.into(), ty)?;
        }
        Ok(v.into())
    }

    /// `a.reshape(shape)` of C-contiguous data.
    pub fn reshape(&mut self, array: &'p Expr, shape: &'p [Expr], ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let (Type::Array(at), Type::Array(rt)) = (&array.ty, ty) else { return Err(BackendError::Llvm("reshape of non-array".into())) };
        let i64t = self.ctx.i64_type();
        let (a, owned) = self.expr_borrowed(array)?;
        let av = a.into_struct_value();
        let mut size = i64t.const_int(1, false);
        for d in self.dims(av, 2, at.ndim)? {
            size = self.builder.build_int_mul(size, d, "")?;
        }
        let dims = self.int_values(shape)?;
        // One dimension may be -1: size / (product of the others).
        let mut known = i64t.const_int(1, false);
        let mut unknown_count = i64t.const_zero();
        for d in &dims {
            let b = &self.builder;
            let is_m1 = b.build_int_compare(IntPredicate::EQ, *d, i64t.const_all_ones(), "")?;
            known = b.build_select(is_m1, known, b.build_int_mul(known, *d, "")?, "")?.into_int_value();
            unknown_count = b.build_int_add(unknown_count, b.build_int_z_extend(is_m1, i64t, "")?, "")?;
        }
        let b = &self.builder;
        let safe_known = b.build_select(b.build_int_compare(IntPredicate::EQ, known, i64t.const_zero(), "")?, i64t.const_int(1, false), known, "")?.into_int_value();
        let inferred = b.build_int_signed_div(size, safe_known, "")?;
        let mut final_dims = Vec::new();
        let mut product = i64t.const_int(1, false);
        let mut negative = self.ctx.bool_type().const_zero();
        for d in &dims {
            let b = &self.builder;
            let is_m1 = b.build_int_compare(IntPredicate::EQ, *d, i64t.const_all_ones(), "")?;
            let v = b.build_select(is_m1, inferred, *d, "")?.into_int_value();
            negative = b.build_or(negative, b.build_int_compare(IntPredicate::SLT, v, i64t.const_zero(), "")?, "")?;
            product = b.build_int_mul(product, v, "")?;
            final_dims.push(v);
        }
        let b = &self.builder;
        let many = b.build_int_compare(IntPredicate::UGT, unknown_count, i64t.const_int(1, false), "")?;
        let mismatch = b.build_int_compare(IntPredicate::NE, product, size, "")?;
        let bad = b.build_or(b.build_or(many, mismatch, "")?, negative, "")?;
        self.check(bad, ExcKind::ValueError, "cannot reshape array into the requested shape (sizes differ)")?;
        let n = rt.ndim as usize;
        let mut strides = vec![i64t.const_int(at.dtype.itemsize(), false); n];
        for d in (0..n.saturating_sub(1)).rev() {
            strides[d] = self.builder.build_int_mul(strides[d + 1], final_dims[d + 1], "")?;
        }
        let v = self.build_array(rt.ndim, self.meminfo(av)?, self.data_ptr(av)?, &final_dims, &strides)?;
        if owned {
            self.disown(a)?;
        } else {
            self.incref(v.into(), ty)?;
        }
        Ok(v.into())
    }

    /// `np.cumsum` / `np.cumprod`.
    pub fn scan(&mut self, op: ReduceOp, array: &'p Expr, axis: Option<usize>, ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = *ty else { return Err(BackendError::Llvm("scan without array type".into())) };
        let i64t = self.ctx.i64_type();
        let p = self.prepare(array, None)?;
        let el_ty = match &p.source {
            Source::Map { body, .. } => body.ty.clone(),
            Source::Array { at, .. } => at.dtype.to_type(),
        };
        let acc_ty = rt.dtype.to_type();
        let lt = self.llvm_type(&acc_ty);
        let acc = self.entry_alloca(lt, "scan")?;
        let identity = self.convert(i64t.const_int(if op == ReduceOp::Sum { 0 } else { 1 }, false).into(), &INT64, &acc_ty)?;
        let bop = if op == ReduceOp::Sum { BinOp::Add } else { BinOp::Mul };
        let shape = p.shape.clone();
        let out = match axis {
            None => {
                let mut size = i64t.const_int(1, false);
                for d in &shape {
                    size = self.builder.build_int_mul(size, *d, "")?;
                }
                let out = self.allocate(&rt, &[size])?;
                self.builder.build_store(acc, identity)?;
                self.reduce_loop(&p, &shape, None, &mut |cg, v, k| {
                    let x = cg.convert(v, &el_ty, &acc_ty)?;
                    let cur = cg.builder.build_load(lt, acc, "")?;
                    let next = cg.binary(bop, &acc_ty, cur, x)?;
                    cg.builder.build_store(acc, next)?;
                    let ptr = cg.element_ptr_raw(out, &rt, &[k])?;
                    cg.store_element(ptr, rt.dtype, next, &acc_ty)
                })?;
                out
            }
            Some(ax) => {
                let out = self.allocate(&rt, &shape)?;
                let outer: Vec<IntValue> = shape.iter().enumerate().filter(|(d, _)| *d != ax).map(|(_, n)| *n).collect();
                self.for_each_index(&outer, &mut |cg, oidx| {
                    cg.builder.build_store(acc, identity)?;
                    cg.reduce_loop(&p, &shape, Some((ax, oidx)), &mut |cg, v, k| {
                        let x = cg.convert(v, &el_ty, &acc_ty)?;
                        let cur = cg.builder.build_load(lt, acc, "")?;
                        let next = cg.binary(bop, &acc_ty, cur, x)?;
                        cg.builder.build_store(acc, next)?;
                        let mut idx = oidx.to_vec();
                        idx.insert(ax, k);
                        let ptr = cg.element_ptr_raw(out, &rt, &idx)?;
                        cg.store_element(ptr, rt.dtype, next, &acc_ty)
                    })
                })?;
                out
            }
        };
        self.release(p)?;
        Ok(out.into())
    }

    /// `np.sort(a)`: a C-contiguous copy, each last-axis row sorted by the runtime.
    pub fn sort(&mut self, array: &'p Expr, ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let (Type::Array(at), Type::Array(rt)) = (&array.ty, ty) else { return Err(BackendError::Llvm("sort of non-array".into())) };
        let i64t = self.ctx.i64_type();
        let (a, owned) = self.expr_borrowed(array)?;
        let av = a.into_struct_value();
        let shape = self.dims(av, 2, at.ndim)?;
        let out = self.allocate(rt, &shape)?;
        let (at, rt) = (*at, *rt);
        self.for_each_index(&shape, &mut |cg, idx| {
            let from = cg.element_ptr_raw(av, &at, idx)?;
            let v = cg.load_element(from, at.dtype)?;
            let to = cg.element_ptr_raw(out, &rt, idx)?;
            cg.store_element(to, rt.dtype, v, &at.dtype.to_type())
        })?;
        self.release_if(a, &array.ty, owned)?;
        let kind: u64 = match rt.dtype {
            ferrojit_ir::DType::Bool => 0,
            ferrojit_ir::DType::Int(k) => {
                let base = if k.signed() { 0 } else { 4 };
                base + match k.bits() {
                    8 => 1,
                    16 => 2,
                    32 => 3,
                    _ => 4,
                }
            }
            ferrojit_ir::DType::Float(FloatKind::F32) => 9,
            ferrojit_ir::DType::Float(FloatKind::F64) => 10,
        };
        let n = *shape.last().ok_or_else(|| BackendError::Llvm("sort of a 0-d array".into()))?;
        let outer = shape[..shape.len() - 1].to_vec();
        let sort_fn = self.runtime_fn(
            "ferrojit_rt_sort",
            self.ctx.void_type().fn_type(&[self.ptr_type().into(), i64t.into(), self.ctx.i32_type().into()], false),
        );
        self.for_each_index(&outer, &mut |cg, idx| {
            let mut full = idx.to_vec();
            full.push(i64t.const_zero());
            let row = cg.element_ptr_raw(out, &rt, &full)?;
            cg.builder.build_call(sort_fn, &[row.into(), n.into(), cg.ctx.i32_type().const_int(kind, false).into()], "")?;
            Ok(())
        })?;
        Ok(out.into())
    }

    // ---- assignment into views ----------------------------------------------------

    /// Byte range `[lo, hi)` of an array's elements (empty when it has none).
    fn extent(&mut self, v: StructValue<'ctx>, at: &ArrayType) -> Result<(IntValue<'ctx>, IntValue<'ctx>)> {
        let i64t = self.ctx.i64_type();
        let data = self.builder.build_ptr_to_int(self.data_ptr(v)?, i64t, "")?;
        let shape = self.dims(v, 2, at.ndim)?;
        let strides = self.dims(v, 3, at.ndim)?;
        let (mut lo, mut hi) = (i64t.const_zero(), i64t.const_zero());
        let mut empty = self.ctx.bool_type().const_zero();
        for (n, s) in shape.iter().zip(&strides) {
            let b = &self.builder;
            empty = b.build_or(empty, b.build_int_compare(IntPredicate::EQ, *n, i64t.const_zero(), "")?, "")?;
            let span = b.build_int_mul(b.build_int_sub(*n, i64t.const_int(1, false), "")?, *s, "")?;
            let neg = b.build_int_compare(IntPredicate::SLT, span, i64t.const_zero(), "")?;
            lo = b.build_int_add(lo, b.build_select(neg, span, i64t.const_zero(), "")?.into_int_value(), "")?;
            hi = b.build_int_add(hi, b.build_select(neg, i64t.const_zero(), span, "")?.into_int_value(), "")?;
        }
        let b = &self.builder;
        let lo = b.build_int_add(data, lo, "")?;
        let hi = b.build_int_add(b.build_int_add(data, hi, "")?, i64t.const_int(at.dtype.itemsize(), false), "")?;
        let hi = b.build_select(empty, lo, hi, "")?.into_int_value();
        Ok((lo, hi))
    }

    /// Whether writing `target` while reading `p`'s inputs could see already-written
    /// elements: memory overlaps, except an input that *is* the target view (in-place
    /// element-wise updates such as `a += b` are safe).
    fn overlaps(&mut self, target: StructValue<'ctx>, tt: &ArrayType, p: &Prepared<'ctx, 'p>) -> Result<IntValue<'ctx>> {
        let mut any = self.ctx.bool_type().const_zero();
        let Source::Map { inputs, .. } = &p.source else { return Ok(any) };
        let (tlo, thi) = self.extent(target, tt)?;
        let t_data = self.data_ptr(target)?;
        let t_strides = self.dims(target, 3, tt.ndim)?;
        for input in inputs {
            let Input::Array { value, at, .. } = input else { continue };
            let (lo, hi) = self.extent(*value, at)?;
            let b = &self.builder;
            let ov = b.build_and(b.build_int_compare(IntPredicate::ULT, tlo, hi, "")?, b.build_int_compare(IntPredicate::ULT, lo, thi, "")?, "")?;
            let mut same = b.build_int_compare(IntPredicate::EQ, b.build_ptr_to_int(t_data, self.ctx.i64_type(), "")?, b.build_ptr_to_int(self.data_ptr(*value)?, self.ctx.i64_type(), "")?, "")?;
            if at.ndim == tt.ndim {
                let s = self.dims(*value, 3, at.ndim)?;
                for (x, y) in s.iter().zip(&t_strides) {
                    let eq = self.builder.build_int_compare(IntPredicate::EQ, *x, *y, "")?;
                    same = self.builder.build_and(same, eq, "")?;
                }
            } else {
                same = self.ctx.bool_type().const_zero();
            }
            let b = &self.builder;
            let hazard = b.build_and(ov, b.build_not(same, "")?, "")?;
            any = b.build_or(any, hazard, "")?;
        }
        Ok(any)
    }

    /// `target[...] = value`.
    pub fn store_view(&mut self, target: &'p Expr, value: &'p Expr) -> Result<()> {
        let Type::Array(tt) = target.ty else { return Err(BackendError::Llvm("store into non-array".into())) };
        let (t, t_owned) = self.expr_borrowed(target)?;
        let tv = t.into_struct_value();
        let shape = self.dims(tv, 2, tt.ndim)?;
        if !matches!(value.ty, Type::Array(_)) {
            let v = self.expr(value)?;
            self.for_each_index(&shape, &mut |cg, idx| {
                let ptr = cg.element_ptr_raw(tv, &tt, idx)?;
                cg.store_element(ptr, tt.dtype, v, &value.ty)
            })?;
            return self.release_if(t, &target.ty, t_owned);
        }
        let p = self.prepare(value, Some(&shape))?;
        let body_ty = match &p.source {
            Source::Map { body, .. } => body.ty.clone(),
            Source::Array { at, .. } => at.dtype.to_type(),
        };
        let hazard = self.overlaps(tv, &tt, &p)?;
        let direct_bb = self.append_block("store.direct")?;
        let copy_bb = self.append_block("store.buffered")?;
        let done = self.append_block("store.end")?;
        self.builder.build_conditional_branch(hazard, copy_bb, direct_bb)?;
        // No overlap: compute straight into the target.
        self.builder.position_at_end(direct_bb);
        self.loop_elements(&p, &shape, &mut |cg, idx, direct| {
            let v = cg.element(&p, idx, direct)?;
            let ptr = cg.element_ptr_raw(tv, &tt, idx)?;
            cg.store_element(ptr, tt.dtype, v, &body_ty)
        })?;
        self.builder.build_unconditional_branch(done)?;
        // Overlap (`a[1:] = a[:-1]`): compute into a buffer first, as NumPy does.
        self.builder.position_at_end(copy_bb);
        let bt = ArrayType::new(ferrojit_ir::DType::from_type(&body_ty).unwrap_or(tt.dtype), tt.ndim, Layout::C);
        let buf = self.allocate(&bt, &shape)?;
        self.loop_elements(&p, &shape, &mut |cg, idx, direct| {
            let v = cg.element(&p, idx, direct)?;
            let ptr = cg.element_ptr_raw(buf, &bt, idx)?;
            cg.store_element(ptr, bt.dtype, v, &body_ty)
        })?;
        self.for_each_index(&shape, &mut |cg, idx| {
            let from = cg.element_ptr_raw(buf, &bt, idx)?;
            let v = cg.load_element(from, bt.dtype)?;
            let to = cg.element_ptr_raw(tv, &tt, idx)?;
            cg.store_element(to, tt.dtype, v, &bt.dtype.to_type())
        })?;
        let buf_ty = Type::Array(bt);
        self.decref(buf.into(), &buf_ty)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        self.release(p)?;
        self.release_if(t, &target.ty, t_owned)
    }

    // ---- reductions ---------------------------------------------------------------

    pub fn reduce(&mut self, op: ReduceOp, array: &'p Expr, axis: Option<usize>, ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let p = self.prepare(array, None)?;
        let el_ty = match &p.source {
            Source::Map { body, .. } => body.ty.clone(),
            Source::Array { at, .. } => at.dtype.to_type(),
        };
        let result = match axis {
            None => {
                let shape = p.shape.clone();
                let acc_ty = ty.clone();
                self.reduce_run(op, &p, &shape, None, &el_ty, &acc_ty)?
            }
            Some(ax) => {
                let Type::Array(rt) = ty else { return Err(BackendError::Llvm("axis reduction without array type".into())) };
                let out_shape: Vec<IntValue> = p.shape.iter().enumerate().filter(|(d, _)| *d != ax).map(|(_, n)| *n).collect();
                let out = self.allocate(rt, &out_shape)?;
                let full = p.shape.clone();
                let rt = *rt;
                let acc_ty = rt.dtype.to_type();
                let mut err = None;
                self.for_each_index(&out_shape, &mut |cg, oidx| {
                    let r = cg.reduce_run(op, &p, &full, Some((ax, oidx)), &el_ty, &acc_ty);
                    match r {
                        Ok(v) => {
                            let ptr = cg.element_ptr_raw(out, &rt, oidx)?;
                            cg.store_element(ptr, rt.dtype, v, &acc_ty)
                        }
                        Err(e) => {
                            err = Some(e);
                            Ok(())
                        }
                    }
                })?;
                if let Some(e) = err {
                    return Err(e);
                }
                out.into()
            }
        };
        self.release(p)?;
        Ok(result)
    }

    /// Loop over the elements being reduced: all of `shape`, or (with `along`) the one
    /// axis at the fixed other indices.
    pub fn reduce_loop(
        &mut self,
        p: &Prepared<'ctx, 'p>,
        shape: &[IntValue<'ctx>],
        along: Option<(usize, &[IntValue<'ctx>])>,
        body: &mut dyn FnMut(&mut Self, BasicValueEnum<'ctx>, IntValue<'ctx>) -> Result<()>,
    ) -> Result<()> {
        let i64t = self.ctx.i64_type();
        let counter = self.entry_alloca(i64t.into(), "flat")?;
        self.builder.build_store(counter, i64t.const_zero())?;
        match along {
            None => self.loop_elements(p, shape, &mut |cg, idx, direct| {
                let v = cg.element(p, idx, direct)?;
                let k = cg.builder.build_load(i64t, counter, "")?.into_int_value();
                body(cg, v, k)?;
                let next = cg.builder.build_int_add(k, i64t.const_int(1, false), "")?;
                cg.builder.build_store(counter, next)?;
                Ok(())
            }),
            Some((ax, outer)) => {
                let n = shape[ax];
                self.for_each_index(&[n], &mut |cg, i| {
                    let mut idx: Vec<IntValue> = outer.to_vec();
                    idx.insert(ax, i[0]);
                    let v = cg.element(p, &idx, false)?;
                    body(cg, v, i[0])
                })
            }
        }
    }

    fn reduce_run(
        &mut self,
        op: ReduceOp,
        p: &Prepared<'ctx, 'p>,
        shape: &[IntValue<'ctx>],
        along: Option<(usize, &[IntValue<'ctx>])>,
        el_ty: &Type,
        out_ty: &Type,
    ) -> Result<BasicValueEnum<'ctx>> {
        let i64t = self.ctx.i64_type();
        // Number of elements reduced.
        let count = match along {
            Some((ax, _)) => shape[ax],
            None => {
                let mut c = i64t.const_int(1, false);
                for d in shape {
                    c = self.builder.build_int_mul(c, *d, "")?;
                }
                c
            }
        };
        let acc_ty = match op {
            ReduceOp::Mean | ReduceOp::Var | ReduceOp::Std => {
                if *out_ty == Type::Float(FloatKind::F32) { out_ty.clone() } else { FLOAT64 }
            }
            ReduceOp::ArgMin | ReduceOp::ArgMax | ReduceOp::Min | ReduceOp::Max => el_ty.clone(),
            ReduceOp::Any | ReduceOp::All => Type::Bool,
            _ => out_ty.clone(),
        };
        let lt = self.llvm_type(&acc_ty);
        let acc = self.entry_alloca(lt, "acc")?;
        let is_empty = self.builder.build_int_compare(IntPredicate::EQ, count, i64t.const_zero(), "")?;
        match op {
            ReduceOp::Min | ReduceOp::Max | ReduceOp::ArgMin | ReduceOp::ArgMax => {
                let what = match op {
                    ReduceOp::Min => "zero-size array to reduction operation minimum which has no identity",
                    ReduceOp::Max => "zero-size array to reduction operation maximum which has no identity",
                    ReduceOp::ArgMin => "attempt to get argmin of an empty sequence",
                    _ => "attempt to get argmax of an empty sequence",
                };
                self.check(is_empty, ExcKind::ValueError, what)?;
            }
            _ => {}
        }
        let init: BasicValueEnum = match op {
            ReduceOp::Prod => self.convert(i64t.const_int(1, false).into(), &INT64, &acc_ty)?,
            ReduceOp::All => self.ctx.bool_type().const_int(1, false).into(),
            _ => lt.const_zero(),
        };
        self.builder.build_store(acc, init)?;
        let best_idx = self.entry_alloca(i64t.into(), "best")?;
        self.builder.build_store(best_idx, i64t.const_all_ones())?;
        let mean_slot = self.entry_alloca(self.llvm_type(&acc_ty), "mean")?;
        if matches!(op, ReduceOp::Var | ReduceOp::Std) {
            // First pass: the mean.
            let acc_ty2 = acc_ty.clone();
            let el = el_ty.clone();
            self.builder.build_store(mean_slot, self.llvm_type(&acc_ty).const_zero())?;
            self.reduce_loop(p, shape, along, &mut |cg, v, _| {
                let x = cg.convert(v, &el, &acc_ty2)?;
                let m = cg.builder.build_load(cg.llvm_type(&acc_ty2), mean_slot, "")?;
                let s = reassociable(cg.binary(BinOp::Add, &acc_ty2, m, x)?);
                cg.builder.build_store(mean_slot, s)?;
                Ok(())
            })?;
            let s = self.builder.build_load(self.llvm_type(&acc_ty), mean_slot, "")?;
            let n = self.convert(count.into(), &INT64, &acc_ty)?;
            let saved = std::mem::replace(&mut self.numpy_mode, true);
            let m = self.binary(BinOp::Div, &acc_ty, s, n)?;
            self.numpy_mode = saved;
            self.builder.build_store(mean_slot, m)?;
        }
        let el = el_ty.clone();
        let acc_ty2 = acc_ty.clone();
        self.reduce_loop(p, shape, along, &mut |cg, v, k| {
            let cur = cg.builder.build_load(lt, acc, "acc")?;
            let next: BasicValueEnum = match op {
                ReduceOp::Sum | ReduceOp::Mean => {
                    let x = cg.convert(v, &el, &acc_ty2)?;
                    reassociable(cg.binary(BinOp::Add, &acc_ty2, cur, x)?)
                }
                ReduceOp::Prod => {
                    let x = cg.convert(v, &el, &acc_ty2)?;
                    cg.binary(BinOp::Mul, &acc_ty2, cur, x)?
                }
                ReduceOp::Var | ReduceOp::Std => {
                    let x = cg.convert(v, &el, &acc_ty2)?;
                    let m = cg.builder.build_load(cg.llvm_type(&acc_ty2), mean_slot, "")?;
                    let d = cg.binary(BinOp::Sub, &acc_ty2, x, m)?;
                    let sq = cg.binary(BinOp::Mul, &acc_ty2, d, d)?;
                    reassociable(cg.binary(BinOp::Add, &acc_ty2, cur, sq)?)
                }
                ReduceOp::Any | ReduceOp::All => {
                    let t = cg.truth(v, &el)?;
                    let c = cur.into_int_value();
                    if op == ReduceOp::Any { cg.builder.build_or(c, t, "")?.into() } else { cg.builder.build_and(c, t, "")?.into() }
                }
                ReduceOp::Min | ReduceOp::Max | ReduceOp::ArgMin | ReduceOp::ArgMax => {
                    let is_max = matches!(op, ReduceOp::Max | ReduceOp::ArgMax);
                    let cmp = if is_max { CmpOp::Gt } else { CmpOp::Lt };
                    let first = {
                        let bi = cg.builder.build_load(i64t, best_idx, "")?.into_int_value();
                        cg.builder.build_int_compare(IntPredicate::SLT, bi, i64t.const_zero(), "")?
                    };
                    let mut take = cg.compare(cmp, &el, v, cur)?;
                    if el.is_float() {
                        // NaN wins (the first one), as in NumPy.
                        let fv = v.into_float_value();
                        let nan_v = cg.builder.build_float_compare(FloatPredicate::UNO, fv, fv, "")?;
                        let fc = cur.into_float_value();
                        let nan_c = cg.builder.build_float_compare(FloatPredicate::UNO, fc, fc, "")?;
                        let new_nan = cg.builder.build_and(nan_v, cg.builder.build_not(nan_c, "")?, "")?;
                        take = cg.builder.build_or(take, new_nan, "")?;
                        take = cg.builder.build_and(take, cg.builder.build_not(nan_c, "")?, "")?;
                    }
                    take = cg.builder.build_or(take, first, "")?;
                    let bi = cg.builder.build_load(i64t, best_idx, "")?.into_int_value();
                    let new_bi = cg.builder.build_select(take, k, bi, "")?;
                    cg.builder.build_store(best_idx, new_bi)?;
                    cg.builder.build_select(take, v, cur, "")?
                }
            };
            cg.builder.build_store(acc, next)?;
            Ok(())
        })?;
        let r = self.builder.build_load(lt, acc, "reduced")?;
        Ok(match op {
            ReduceOp::ArgMin | ReduceOp::ArgMax => self.builder.build_load(i64t, best_idx, "arg")?,
            ReduceOp::Mean | ReduceOp::Var | ReduceOp::Std => {
                let n = self.convert(count.into(), &INT64, &acc_ty)?;
                let saved = std::mem::replace(&mut self.numpy_mode, true);
                let mut m = self.binary(BinOp::Div, &acc_ty, r, n)?;
                if op == ReduceOp::Std {
                    m = self.float_intrinsic("llvm.sqrt", &[m.into_float_value()])?.into();
                }
                self.numpy_mode = saved;
                self.convert(m, &acc_ty, out_ty)?
            }
            _ => self.convert(r, &acc_ty, out_ty)?,
        })
    }
}
