//! Element-wise computation without temporaries: slices (views), `Map` expressions
//! (computed in one loop nest, stored once), reductions that consume maps element by
//! element, and assignment into views with broadcasting.

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::{ArrayType, ExcKind, Expr, ExprKind, Layout, ReduceOp, Type};
use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;

/// Where elements come from: a map's evaluated inputs and body, or a plain array.
pub enum Source<'ctx, 'p> {
    /// `body` computes an element from the inputs' elements; `None` is input 0's element
    /// itself (a plain array broadcast into a slice).
    Map { inputs: Vec<Input<'ctx, 'p>>, body: Option<&'p Expr>, ndim: usize },
    Array { value: StructValue<'ctx>, at: ArrayType },
}

/// An evaluated map input.
pub enum Input<'ctx, 'p> {
    Scalar(BasicValueEnum<'ctx>),
    /// `bstrides`: for any-layout (`A`) arrays, the stride in elements of each axis as
    /// the broadcasting loop uses it (0 on axes of length 1), computed once before the
    /// loop so the loop's addresses are affine in its indices.
    Array { value: StructValue<'ctx>, at: ArrayType, shape: Vec<IntValue<'ctx>>, bstrides: Option<Vec<IntValue<'ctx>>> },
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
    /// An input is certainly not contiguous (`a[:, i, j]`: an integer on its last axis),
    /// so the contiguous fast loop would never run and is not emitted.
    pub strided: bool,
}

impl Prepared<'_, '_> {
    /// The type of one element.
    pub fn element_type(&self) -> Type {
        match &self.source {
            Source::Map { body: Some(body), .. } => body.ty.clone(),
            Source::Map { inputs, body: None, .. } => match inputs.first() {
                Some(Input::Array { at, .. }) => at.dtype.to_type(),
                Some(Input::Reduced { out, .. }) => out.clone(),
                _ => Type::None,
            },
            Source::Array { at, .. } => at.dtype.to_type(),
        }
    }
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
            let strided = inputs.iter().any(last_axis_indexed);
            for x in inputs {
                if let (ExprKind::Reduce { op, array, axis: Some(ax) }, Type::Array(rt)) = (&x.kind, &x.ty) {
                    let inner = self.prepare(array, None)?;
                    self.check_reduced_axis(*op, inner.shape[*ax])?;
                    let shape: Vec<IntValue> = inner.shape.iter().enumerate().filter(|(d, _)| d != ax).map(|(_, n)| *n).collect();
                    let el = inner.element_type();
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
                        self.array_input(sv, *at, strided)?
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
                if s.len() > ndim && target.is_none() {
                    return Err(BackendError::Llvm("input has more dimensions than the output".into()));
                }
                // Assigned into a view of fewer dimensions, an input's extra leading axes
                // must have length 1 (NumPy drops them).
                let extra = s.len().saturating_sub(ndim);
                for &n in &s[..extra] {
                    let b = &self.builder;
                    bad = b.build_or(bad, b.build_int_compare(IntPredicate::NE, n, one, "")?, "")?;
                }
                let s = &s[extra..];
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
            return Ok(Prepared { source: Source::Map { inputs: evaluated, body: Some(body), ndim }, shape, owned, strided });
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
                let one = i64t.const_int(1, false);
                // Extra leading axes must have length 1 (NumPy drops them).
                let extra = own_shape.len().saturating_sub(t.len());
                for &n in &own_shape[..extra] {
                    let b = &self.builder;
                    bad = b.build_or(bad, b.build_int_compare(IntPredicate::NE, n, one, "")?, "")?;
                }
                let off = t.len().saturating_sub(own_shape.len());
                for (d, &n) in own_shape[extra..].iter().enumerate() {
                    let b = &self.builder;
                    let ok = b.build_or(b.build_int_compare(IntPredicate::EQ, n, one, "")?, b.build_int_compare(IntPredicate::EQ, n, t[off + d], "")?, "")?;
                    bad = b.build_or(bad, b.build_not(ok, "")?, "")?;
                }
                self.check(bad, ExcKind::ValueError, "could not broadcast input array into the slice's shape")?;
                let input = self.array_input(sv, at, false)?;
                return Ok(Prepared {
                    source: Source::Map { inputs: vec![input], body: None, ndim: t.len() },
                    shape: t.to_vec(),
                    owned,
                    strided: last_axis_indexed(e),
                });
            }
        };
        Ok(Prepared { source: Source::Array { value: sv, at }, shape, owned, strided: last_axis_indexed(e) })
    }

    /// The index into an input of `shape` for output index `idx` (of `ndim` axes):
    /// aligned on the last axis, 0 on broadcast axes (length 1) unless `direct`, and 0 on
    /// extra leading axes (length 1, when assigning into a view of fewer dimensions).
    fn input_index(&mut self, idx: &[IntValue<'ctx>], shape: &[IntValue<'ctx>], ndim: usize, direct: bool) -> Result<Vec<IntValue<'ctx>>> {
        let i64t = self.ctx.i64_type();
        let extra = shape.len().saturating_sub(ndim);
        let off = ndim - (shape.len() - extra);
        let mut out = vec![i64t.const_zero(); extra];
        for (d, &n) in shape[extra..].iter().enumerate() {
            let i = idx[off + d];
            out.push(if direct {
                i
            } else {
                let one = self.builder.build_int_compare(IntPredicate::EQ, n, i64t.const_int(1, false), "")?;
                self.builder.build_select(one, i64t.const_zero(), i, "bidx")?.into_int_value()
            });
        }
        Ok(out)
    }

    /// An array operand of an element-wise loop (see [`Input::Array`]).
    /// `strided`: the loop has a certainly strided input, so it is never the
    /// broadcast-free copy and C/F inputs take precomputed strides too (no per-element
    /// selects for LLVM to unswitch loops on).
    fn array_input(&mut self, value: StructValue<'ctx>, at: ArrayType, strided: bool) -> Result<Input<'ctx, 'p>> {
        let shape = self.dims(value, 2, at.ndim)?;
        let bstrides = if at.layout == Layout::A || strided {
            let i64t = self.ctx.i64_type();
            let strides = match at.layout {
                Layout::A => self.dims(value, 3, at.ndim)?,
                layout => self.contiguous_strides(&shape, at.dtype.itemsize(), layout)?,
            };
            let item = i64t.const_int(at.dtype.itemsize().max(1), false);
            let mut out = Vec::with_capacity(strides.len());
            for (n, s) in shape.iter().zip(strides) {
                let b = &self.builder;
                let s = b.build_int_exact_signed_div(s, item, "")?;
                let one = b.build_int_compare(IntPredicate::EQ, *n, i64t.const_int(1, false), "")?;
                out.push(b.build_select(one, i64t.const_zero(), s, "bstride")?.into_int_value());
            }
            Some(out)
        } else {
            None
        };
        Ok(Input::Array { value, at, shape, bstrides })
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
    /// Also requires any-layout (`A`) inputs to be C-contiguous at run time, so the fast
    /// loop can index them like C arrays (unit stride: vectorisable). Arrays typed `A`
    /// come from signatures like `"f8(f8[:])"` and from slices.
    fn no_broadcast(&mut self, p: &Prepared<'ctx, 'p>) -> Result<Option<IntValue<'ctx>>> {
        let mut all = self.ctx.bool_type().const_int(1, false);
        let inputs = match &p.source {
            Source::Array { value, at } if at.layout == Layout::A => {
                return Ok(Some(self.is_c_contiguous(*value, at)?));
            }
            Source::Array { .. } => return Ok(None),
            Source::Map { inputs, ndim, .. } => {
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
                inputs
            }
        };
        for input in inputs {
            if let Input::Array { value, at, .. } = input {
                if at.layout == Layout::A {
                    let c = self.is_c_contiguous(*value, at)?;
                    all = self.builder.build_and(all, c, "")?;
                }
            }
        }
        Ok(Some(all))
    }

    /// Whether an array's strides are exactly C order's.
    fn is_c_contiguous(&mut self, v: StructValue<'ctx>, at: &ArrayType) -> Result<IntValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        let shape = self.dims(v, 2, at.ndim)?;
        let strides = self.dims(v, 3, at.ndim)?;
        let mut expected = i64t.const_int(at.dtype.itemsize(), false);
        let mut ok = self.ctx.bool_type().const_int(1, false);
        for d in (0..at.ndim as usize).rev() {
            let b = &self.builder;
            ok = b.build_and(ok, b.build_int_compare(IntPredicate::EQ, strides[d], expected, "")?, "")?;
            expected = b.build_int_mul(expected, shape[d], "")?;
        }
        Ok(ok)
    }

    /// The layout to index an input with: in the fast loop (`direct`), `A` inputs were
    /// checked to be C-contiguous.
    fn effective(at: &ArrayType, direct: bool) -> ArrayType {
        if direct && at.layout == Layout::A {
            ArrayType { layout: Layout::C, ..*at }
        } else {
            *at
        }
    }

    /// The element at output index `idx` (indices in range).
    pub fn element(&mut self, p: &Prepared<'ctx, 'p>, idx: &[IntValue<'ctx>], direct: bool) -> Result<BasicValueEnum<'ctx>> {
        match &p.source {
            Source::Array { value, at } => {
                let ptr = self.element_ptr_raw(*value, &Self::effective(at, direct), idx)?;
                self.load_element(ptr, at.dtype)
            }
            Source::Map { inputs, body, ndim } => {
                let i64t = self.ctx.i64_type();
                let mut values = Vec::with_capacity(inputs.len());
                for input in inputs {
                    values.push(match input {
                        Input::Scalar(v) => *v,
                        Input::Array { value, at, bstrides: Some(bstrides), .. } if !direct => {
                            // data + sum(i * stride), broadcast axes having stride 0 (and
                            // extra leading axes, of length 1, index 0).
                            let bstrides = &bstrides[bstrides.len().saturating_sub(*ndim)..];
                            let off = ndim - bstrides.len();
                            let mut offset = i64t.const_zero();
                            for (d, s) in bstrides.iter().enumerate() {
                                let term = self.builder.build_int_mul(idx[off + d], *s, "")?;
                                offset = self.builder.build_int_add(offset, term, "")?;
                            }
                            let data = self.data_ptr(*value)?;
                            // SAFETY of the GEP: in-range indices of a valid array view.
                            let ptr = unsafe { self.builder.build_gep(self.element_mem_type(at.dtype), data, &[offset], "elem")? };
                            self.load_element(ptr, at.dtype)?
                        }
                        Input::Array { value, at, shape, .. } => {
                            let in_idx = self.input_index(idx, shape, *ndim, direct)?;
                            let ptr = self.element_ptr_raw(*value, &Self::effective(at, direct), &in_idx)?;
                            self.load_element(ptr, at.dtype)?
                        }
                        Input::Reduced { op, inner, axis, shape, el, out } => {
                            let outer = self.input_index(idx, shape, *ndim, direct)?;
                            let full = inner.shape.clone();
                            self.reduce_run(*op, inner, &full, Some((*axis, &outer)), el, out)?
                        }
                    });
                }
                let Some(body) = body else {
                    return values.into_iter().next().ok_or_else(|| BackendError::Llvm("broadcast without input".into()));
                };
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
    /// With `stream` (the byte size of a new output the loop fills), the broadcast-free
    /// loop also gets a streaming-store copy for large outputs (see `streaming`).
    pub fn loop_elements(
        &mut self,
        p: &Prepared<'ctx, 'p>,
        shape: &[IntValue<'ctx>],
        stream: Option<IntValue<'ctx>>,
        body: &mut dyn FnMut(&mut Self, &[IntValue<'ctx>], bool) -> Result<()>,
    ) -> Result<()> {
        let mut emit_loop = |cg: &mut Self, direct: bool| -> Result<()> {
            let mut lp = |cg: &mut Self| cg.for_each_index(shape, &mut |cg, idx| body(cg, idx, direct));
            match stream {
                Some(nbytes) if direct => cg.streaming_versions(nbytes, &mut lp),
                _ => lp(cg),
            }
        };
        if p.strided {
            self.scalar_loop = true;
            let r = emit_loop(self, false);
            self.scalar_loop = false;
            return r;
        }
        match self.no_broadcast(p)? {
            Some(same) => {
                let fast = self.append_block("same_shape")?;
                let slow = self.append_block("broadcast")?;
                let done = self.append_block("elementwise.end")?;
                self.builder.build_conditional_branch(same, fast, slow)?;
                self.builder.position_at_end(fast);
                emit_loop(self, true)?;
                self.builder.build_unconditional_branch(done)?;
                self.builder.position_at_end(slow);
                // A one-dimensional loop gets here only with strided or broadcast inputs:
                // vector code (gathers, or a copy LLVM would version on a unit stride,
                // the case just handled) would not pay for its compile time.
                self.scalar_loop = shape.len() == 1;
                let r = emit_loop(self, false);
                self.scalar_loop = false;
                r?;
                self.builder.build_unconditional_branch(done)?;
                self.builder.position_at_end(done);
                Ok(())
            }
            None => {
                let direct = matches!(p.source, Source::Array { .. });
                emit_loop(self, direct)
            }
        }
    }

    /// A `Map` as a value: one new C-contiguous array.
    pub fn materialize(&mut self, e: &'p Expr) -> Result<BasicValueEnum<'ctx>> {
        let Type::Array(out) = e.ty else { return Err(BackendError::Llvm("materialize non-array".into())) };
        let reuse = self.reuse_next.take();
        let p = self.prepare(e, None)?;
        let shape = p.shape.clone();
        let arr = match reuse {
            None | Some(crate::reuse::Reuse::Move(_)) => {
                let arr = self.allocate(&out, &shape)?;
                self.fill_map(e, &p, arr, true)?;
                arr
            }
            Some(crate::reuse::Reuse::Dead(v) | crate::reuse::Reuse::Input(v)) => {
                // In `v`'s memory when it is free to take (see `reuse`), else in new
                // memory (no streaming copy: a third copy of the loop would cost more
                // compile time than it saves). A dying input is overwritten in place by
                // its own copy of the loop (input and output one value, so LLVM needs
                // no overlap test); memory the map does not read needs only one loop.
                let in_place = matches!(reuse, Some(crate::reuse::Reuse::Input(_)));
                let (cur, alloc_bb) = self.reuse_branch(v, &out, &shape)?;
                let done = self.append_block("reuse.end")?;
                if in_place {
                    self.fill_map(e, &p, cur, false)?;
                }
                let took = self.current_block()?;
                self.builder.build_unconditional_branch(done)?;
                self.builder.position_at_end(alloc_bb);
                let fresh = self.allocate(&out, &shape)?;
                if in_place {
                    self.fill_map(e, &p, fresh, false)?;
                }
                let made = self.current_block()?;
                self.builder.build_unconditional_branch(done)?;
                self.builder.position_at_end(done);
                let phi = self.builder.build_phi(cur.get_type(), "out")?;
                phi.add_incoming(&[(&cur, took), (&fresh, made)]);
                let arr = phi.as_basic_value().into_struct_value();
                if !in_place {
                    self.fill_map(e, &p, arr, false)?;
                }
                arr
            }
        };
        self.release(p)?;
        Ok(arr.into())
    }

    /// Compute a map's elements into `arr` (of the map's shape); with `stream`, large
    /// new outputs get streaming stores.
    fn fill_map(&mut self, e: &'p Expr, p: &Prepared<'ctx, 'p>, arr: StructValue<'ctx>, stream: bool) -> Result<()> {
        let Type::Array(out) = e.ty else { return Err(BackendError::Llvm("materialize non-array".into())) };
        // A copy of a certainly strided 1-D view (a hoisted gather): one runtime call,
        // not a loop nested in the loops around it for LLVM to optimise.
        if let Source::Map { inputs, body: Some(body), .. } = &p.source {
            if let ([Input::Array { value, at, .. }], ExprKind::Input(0)) = (inputs.as_slice(), &body.kind) {
                if p.strided && at.ndim == 1 && out.ndim == 1 && at.dtype == out.dtype {
                    let i64t = self.ctx.i64_type();
                    let ptr = self.ptr_type();
                    let gather = self.runtime_fn(
                        "ferrojit_rt_gather",
                        self.ctx.void_type().fn_type(&[ptr.into(), ptr.into(), i64t.into(), i64t.into(), i64t.into()], false),
                    );
                    let n = self.dims(*value, 2, 1)?[0];
                    let stride = self.dims(*value, 3, 1)?[0];
                    let item = i64t.const_int(at.dtype.itemsize(), false);
                    let args = [self.data_ptr(arr)?.into(), self.data_ptr(*value)?.into(), n.into(), stride.into(), item.into()];
                    self.builder.build_call(gather, &args, "")?;
                    return Ok(());
                }
            }
        }
        // Parked until complete: an exception while computing it must not leak it.
        self.hold(arr.into(), &e.ty)?;
        let body_ty = p.element_type();
        // Streaming stores pay off only where the loop is bound by memory bandwidth, not
        // when each element is a reduction (`np.sqrt((d ** 2).sum(-1))`), where the extra
        // copy of the loop would only cost compile time, nor over memory just read.
        // (`loop_elements` adds none to a loop over certainly strided inputs either.)
        let reduces = matches!(&p.source, Source::Map { inputs, .. } if inputs.iter().any(|i| matches!(i, Input::Reduced { .. })));
        let stream = if reduces || !stream { None } else { Some(self.array_nbytes(arr, &e.ty)?) };
        let shape = p.shape.clone();
        self.loop_elements(p, &shape, stream, &mut |cg, idx, direct| {
            let v = cg.element(p, idx, direct)?;
            let ptr = cg.element_ptr_raw(arr, &out, idx)?;
            cg.store_element(ptr, out.dtype, v, &body_ty)
        })?;
        self.disown(arr.into())
    }

    pub fn map_input(&self, k: usize) -> Result<BasicValueEnum<'ctx>> {
        self.map_values
            .last()
            .and_then(|v| v.get(k))
            .copied()
            .ok_or_else(|| BackendError::Llvm(format!("map input {k} outside a map")))
    }

    // ---- assignment into views ----------------------------------------------------

    /// Byte range `[lo, hi)` of an array's elements (empty when it has none).
    pub fn extent(&mut self, v: StructValue<'ctx>, at: &ArrayType) -> Result<(IntValue<'ctx>, IntValue<'ctx>)> {
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
    /// element-wise updates such as `a += b` are safe). An array an axis reduction reads
    /// (`a -= np.all(a, axis=0)`) is read along a whole axis for each element: any
    /// overlap is a hazard.
    fn overlaps(&mut self, target: StructValue<'ctx>, tt: &ArrayType, p: &Prepared<'ctx, 'p>) -> Result<IntValue<'ctx>> {
        let mut arrays = Vec::new();
        collect_read_arrays(p, false, &mut arrays);
        let mut any = self.ctx.bool_type().const_zero();
        if arrays.is_empty() {
            return Ok(any);
        }
        let (tlo, thi) = self.extent(target, tt)?;
        let t_data = self.data_ptr(target)?;
        let t_strides = self.dims(target, 3, tt.ndim)?;
        for (value, at, reduced) in arrays {
            let (value, at) = (&value, &at);
            let (lo, hi) = self.extent(*value, at)?;
            let b = &self.builder;
            let ov = b.build_and(b.build_int_compare(IntPredicate::ULT, tlo, hi, "")?, b.build_int_compare(IntPredicate::ULT, lo, thi, "")?, "")?;
            let mut same = b.build_int_compare(IntPredicate::EQ, b.build_ptr_to_int(t_data, self.ctx.i64_type(), "")?, b.build_ptr_to_int(self.data_ptr(*value)?, self.ctx.i64_type(), "")?, "")?;
            if at.ndim == tt.ndim && !reduced {
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
            let (v, from) = self.scalar_for_dtype(v, &value.ty, tt.dtype)?;
            self.for_each_index(&shape, &mut |cg, idx| {
                let ptr = cg.element_ptr_raw(tv, &tt, idx)?;
                cg.store_element(ptr, tt.dtype, v, &from)
            })?;
            return self.release_if(t, &target.ty, t_owned);
        }
        let p = self.prepare(value, Some(&shape))?;
        let body_ty = p.element_type();
        let hazard = self.overlaps(tv, &tt, &p)?;
        let direct_bb = self.append_block("store.direct")?;
        let copy_bb = self.append_block("store.buffered")?;
        let done = self.append_block("store.end")?;
        self.builder.build_conditional_branch(hazard, copy_bb, direct_bb)?;
        // No overlap: compute straight into the target.
        self.builder.position_at_end(direct_bb);
        self.loop_elements(&p, &shape, None, &mut |cg, idx, direct| {
            let v = cg.element(&p, idx, direct)?;
            let ptr = cg.element_ptr_raw(tv, &tt, idx)?;
            cg.store_element(ptr, tt.dtype, v, &body_ty)
        })?;
        self.builder.build_unconditional_branch(done)?;
        // Overlap (`a[1:] = a[:-1]`): compute into a buffer first, as NumPy does.
        self.builder.position_at_end(copy_bb);
        let bt = ArrayType::new(ferrojit_ir::DType::from_type(&body_ty).unwrap_or(tt.dtype), tt.ndim, Layout::C);
        self.alloc_note = Some("a buffer, only when the right-hand side overlaps the target in memory");
        let buf = self.allocate(&bt, &shape);
        self.alloc_note = None;
        let buf = buf?;
        let buf_ty = Type::Array(bt);
        self.hold(buf.into(), &buf_ty)?;
        self.loop_elements(&p, &shape, None, &mut |cg, idx, direct| {
            let v = cg.element(&p, idx, direct)?;
            let ptr = cg.element_ptr_raw(buf, &bt, idx)?;
            cg.store_element(ptr, bt.dtype, v, &body_ty)
        })?;
        self.copy_elements(buf, &bt, tv, &tt, &shape)?;
        self.release_if(buf.into(), &buf_ty, true)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        self.release(p)?;
        self.release_if(t, &target.ty, t_owned)
    }

}

/// `a[..., i]`: a view that drops the last axis of its base with an integer index, so
/// its elements are not adjacent (unless that axis has length 1).
fn last_axis_indexed(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Slice { items, .. } if matches!(items.last(), Some(ferrojit_ir::SliceItem::Index(_))))
}

/// The arrays an element source reads, each with whether an axis reduction reads it.
fn collect_read_arrays<'ctx>(p: &Prepared<'ctx, '_>, reduced: bool, out: &mut Vec<(StructValue<'ctx>, ArrayType, bool)>) {
    let inputs = match &p.source {
        Source::Map { inputs, .. } => inputs,
        // A plain array: read element-wise at the top (`a[...] = b` copies), along an
        // axis under a reduction.
        Source::Array { value, at } => return if reduced { out.push((*value, *at, true)) },
    };
    for input in inputs {
        match input {
            Input::Array { value, at, .. } => out.push((*value, *at, reduced)),
            Input::Reduced { inner, .. } => collect_read_arrays(inner, true, out),
            Input::Scalar(_) => {}
        }
    }
}
