//! Reductions (whole-array and along an axis), cumulative scans and sorting. Each
//! reads its operand through [`Prepared`] element sources, so a `Map` operand is
//! consumed element by element without being stored.

use crate::codegen::Codegen;
use crate::elementwise::Prepared;
use crate::{BackendError, Result};
use ferrojit_ir::{BinOp, CmpOp, ExcKind, Expr, FloatKind, ReduceOp, Type, FLOAT64, INT64};
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::{FloatPredicate, IntPredicate};

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
    // ---- reductions ---------------------------------------------------------------

    /// Min, max, argmin and argmax along an empty axis have no identity: NumPy's
    /// ValueError, even when the result is empty (raised where the reduction is
    /// evaluated, before any element is computed).
    pub fn check_reduced_axis(&mut self, op: ReduceOp, len: IntValue<'ctx>) -> Result<()> {
        if !matches!(op, ReduceOp::Min | ReduceOp::Max | ReduceOp::ArgMin | ReduceOp::ArgMax) {
            return Ok(());
        }
        let empty = self.builder.build_int_compare(IntPredicate::EQ, len, self.ctx.i64_type().const_zero(), "")?;
        self.check(empty, ExcKind::ValueError, empty_reduction_message(op))
    }

    pub fn reduce(&mut self, op: ReduceOp, array: &'p Expr, axis: Option<usize>, ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let p = self.prepare(array, None)?;
        let el_ty = p.element_type();
        let result = match axis {
            None => {
                let shape = p.shape.clone();
                let acc_ty = ty.clone();
                self.reduce_run(op, &p, &shape, None, &el_ty, &acc_ty)?
            }
            Some(ax) => {
                let Type::Array(rt) = ty else { return Err(BackendError::Llvm("axis reduction without array type".into())) };
                self.check_reduced_axis(op, p.shape[ax])?;
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
            None => self.loop_elements(p, shape, None, &mut |cg, idx, direct| {
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

    pub fn reduce_run(
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
        // float32 sums accumulate in float64 (rounded once at the end): a float32
        // accumulator split into the vectoriser's partial sums loses digits with the
        // length (1e7 values of np.exp: 9e-4 relative, NumPy's pairwise sum 5e-8; in
        // float64 4e-9). The float64 additions cost nothing measurable: a sum is
        // bound by memory.
        let acc_ty = match op {
            ReduceOp::Mean | ReduceOp::Var | ReduceOp::Std => {
                if out_ty.is_complex() { out_ty.clone() } else { FLOAT64 }
            }
            ReduceOp::Sum if *out_ty == Type::Float(FloatKind::F32) => FLOAT64,
            ReduceOp::ArgMin | ReduceOp::ArgMax | ReduceOp::Min | ReduceOp::Max => el_ty.clone(),
            ReduceOp::Any | ReduceOp::All => Type::Bool,
            _ => out_ty.clone(),
        };
        let lt = self.llvm_type(&acc_ty);
        let acc = self.entry_alloca(lt, "acc")?;
        let is_empty = self.builder.build_int_compare(IntPredicate::EQ, count, i64t.const_zero(), "")?;
        match op {
            ReduceOp::Min | ReduceOp::Max | ReduceOp::ArgMin | ReduceOp::ArgMax => {
                self.check(is_empty, ExcKind::ValueError, empty_reduction_message(op))?;
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
        let saved_reducing = std::mem::replace(&mut self.reducing, true);
        let r = self.reduce_loop(p, shape, along, &mut |cg, v, k| {
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
                    if el.is_float() || el.is_complex() {
                        // NaN wins (the first one), as in NumPy; a complex number is NaN
                        // when either part is.
                        let nan_v = cg.is_nan_value(v, &el)?;
                        let nan_c = cg.is_nan_value(cur, &el)?;
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
        });
        self.reducing = saved_reducing;
        r?;
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

    /// Whether a float or complex value is NaN (either part, for a complex one).
    fn is_nan_value(&self, v: BasicValueEnum<'ctx>, ty: &Type) -> Result<IntValue<'ctx>> {
        let uno = |x: inkwell::values::FloatValue<'ctx>| self.builder.build_float_compare(FloatPredicate::UNO, x, x, "");
        if ty.is_complex() {
            let (re, im) = self.complex_parts(v)?;
            return Ok(self.builder.build_or(uno(re)?, uno(im)?, "")?);
        }
        Ok(uno(v.into_float_value())?)
    }

    /// `np.cumsum` / `np.cumprod`.
    pub fn scan(&mut self, op: ReduceOp, array: &'p Expr, axis: Option<usize>, ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = *ty else { return Err(BackendError::Llvm("scan without array type".into())) };
        let i64t = self.ctx.i64_type();
        let p = self.prepare(array, None)?;
        let el_ty = p.element_type();
        let acc_ty = rt.dtype.to_type();
        let lt = self.llvm_type(&acc_ty);
        let acc = self.entry_alloca(lt, "scan")?;
        // A float running sum starts at -0.0, so its first element is the array's own
        // (NumPy copies it: cumsum([-0.0]) is [-0.0]; 0.0 + -0.0 would be 0.0).
        let identity = match (&acc_ty, op) {
            (Type::Float(_), ReduceOp::Sum) => lt.into_float_type().const_float(-0.0).into(),
            _ => self.convert(i64t.const_int(if op == ReduceOp::Sum { 0 } else { 1 }, false).into(), &INT64, &acc_ty)?,
        };
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
        self.copy_elements(av, at, out, rt, &shape)?;
        let rt = *rt;
        self.release_if(a, &array.ty, owned)?;
        let kind = rt.dtype.runtime_code() as u64;
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
}

/// NumPy's message for min/max/argmin/argmax of nothing.
fn empty_reduction_message(op: ReduceOp) -> &'static str {
    match op {
        ReduceOp::Min => "zero-size array to reduction operation minimum which has no identity",
        ReduceOp::Max => "zero-size array to reduction operation maximum which has no identity",
        ReduceOp::ArgMin => "attempt to get argmin of an empty sequence",
        _ => "attempt to get argmax of an empty sequence",
    }
}
