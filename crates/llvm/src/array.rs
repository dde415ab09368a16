//! Arrays in generated code: the value layout, reference counting, element addressing,
//! views, creation and whole-array helpers (fill, copy, arange).
//!
//! An array value is the struct `{ ptr meminfo, ptr data, [n x i64] shape, [n x i64]
//! strides }` (byte strides, always valid). `meminfo` is null for memory compiled code
//! does not own (arguments, global constants); otherwise it points at a runtime
//! `MemInfo { i64 refcount, ptr data, i64 size }`.
//!
//! Ownership rule: every array-typed expression evaluates to an *owned* reference,
//! except where the code asks for a *borrowed* one ([`Codegen::expr_borrowed`]: a
//! variable read used for indexing, attributes or as a call argument, which needs no
//! count traffic). Variables own what they hold: assignment releases the old value, and
//! every function releases its variables on exit (errors included).

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::{ArrayType, DType, ExcKind, Expr, ExprKind, FloatKind, IntKind, Layout, Type, INT64};
use inkwell::module::Linkage;
use inkwell::types::{BasicType, BasicTypeEnum, IntType, StructType};
use inkwell::values::{BasicValue, BasicValueEnum, FloatValue, IntValue, PointerValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};

/// Whether values of this type hold references that need counting.
pub fn is_refcounted(ty: &Type) -> bool {
    match ty {
        Type::Array(_) | Type::Text | Type::List(_) => true,
        Type::Tuple(items) => items.iter().any(is_refcounted),
        Type::Optional(t) => is_refcounted(t),
        _ => false,
    }
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    pub fn array_struct_type(&self, ndim: u8) -> StructType<'ctx> {
        let i64t = self.ctx.i64_type();
        let dims = i64t.array_type(ndim as u32);
        self.ctx.struct_type(&[self.ptr_type().into(), self.ptr_type().into(), dims.into(), dims.into()], false)
    }

    /// The in-memory type of an element (numpy bools are bytes).
    pub fn element_mem_type(&self, dtype: DType) -> BasicTypeEnum<'ctx> {
        match dtype {
            DType::Bool => self.ctx.i8_type().into(),
            other => self.llvm_type(&other.to_type()),
        }
    }

    pub fn meminfo(&self, arr: StructValue<'ctx>) -> Result<PointerValue<'ctx>> {
        Ok(self.builder.build_extract_value(arr, 0, "meminfo")?.into_pointer_value())
    }

    pub fn data_ptr(&self, arr: StructValue<'ctx>) -> Result<PointerValue<'ctx>> {
        Ok(self.builder.build_extract_value(arr, 1, "data")?.into_pointer_value())
    }

    pub fn dims(&self, arr: StructValue<'ctx>, field: u32, ndim: u8) -> Result<Vec<IntValue<'ctx>>> {
        let agg = self.builder.build_extract_value(arr, field, "")?.into_array_value();
        (0..ndim as u32)
            .map(|i| Ok(self.builder.build_extract_value(agg, i, if field == 2 { "dim" } else { "stride" })?.into_int_value()))
            .collect()
    }

    pub fn build_array(
        &self,
        ndim: u8,
        meminfo: PointerValue<'ctx>,
        data: PointerValue<'ctx>,
        shape: &[IntValue<'ctx>],
        strides: &[IntValue<'ctx>],
    ) -> Result<StructValue<'ctx>> {
        let st = self.array_struct_type(ndim);
        let i64t = self.ctx.i64_type();
        let mut shape_agg = i64t.array_type(ndim as u32).get_undef();
        let mut strides_agg = i64t.array_type(ndim as u32).get_undef();
        for i in 0..ndim as usize {
            shape_agg = self.builder.build_insert_value(shape_agg, shape[i], i as u32, "")?.into_array_value();
            strides_agg = self.builder.build_insert_value(strides_agg, strides[i], i as u32, "")?.into_array_value();
        }
        let mut v = st.get_undef();
        v = self.builder.build_insert_value(v, meminfo, 0, "")?.into_struct_value();
        v = self.builder.build_insert_value(v, data, 1, "")?.into_struct_value();
        v = self.builder.build_insert_value(v, shape_agg, 2, "")?.into_struct_value();
        v = self.builder.build_insert_value(v, strides_agg, 3, "")?.into_struct_value();
        Ok(v)
    }

    // ---- reference counting --------------------------------------------------------

    fn refcount_op(&mut self, mi: PointerValue<'ctx>, delta: i64) -> Result<()> {
        let i64t = self.ctx.i64_type();
        let is_null = self.builder.build_is_null(mi, "")?;
        let op_bb = self.append_block(if delta > 0 { "incref" } else { "decref" })?;
        let done = self.append_block("rc.done")?;
        self.builder.build_conditional_branch(is_null, done, op_bb)?;
        self.builder.position_at_end(op_bb);
        let step = i64t.const_int(delta as u64, true);
        let new = if self.options.parallel {
            // A parallel program's threads share arrays: atomic counts (the runtime's are).
            use inkwell::AtomicOrdering::{AcquireRelease, Monotonic};
            let order = if delta < 0 { AcquireRelease } else { Monotonic };
            let old = self.builder.build_atomicrmw(inkwell::AtomicRMWBinOp::Add, mi, step, order)?;
            self.builder.build_int_add(old, step, "rc")?
        } else {
            let rc = self.builder.build_load(i64t, mi, "rc")?.into_int_value();
            let new = self.builder.build_int_add(rc, step, "rc")?;
            self.builder.build_store(mi, new)?;
            new
        };
        if delta < 0 {
            let zero = self.builder.build_int_compare(IntPredicate::EQ, new, i64t.const_zero(), "")?;
            let free_bb = self.append_block("free")?;
            self.builder.build_conditional_branch(zero, free_bb, done)?;
            self.builder.position_at_end(free_bb);
            let free = self.runtime_fn("ferrojit_rt_free", self.ctx.void_type().fn_type(&[self.ptr_type().into()], false));
            self.builder.build_call(free, &[mi.into()], "")?;
        }
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(())
    }

    fn refcount_value(&mut self, v: BasicValueEnum<'ctx>, ty: &Type, delta: i64) -> Result<()> {
        match ty {
            Type::Array(_) => {
                let mi = self.meminfo(v.into_struct_value())?;
                self.refcount_op(mi, delta)
            }
            Type::Text | Type::List(_) => self.refcount_op(v.into_pointer_value(), delta),
            // An absent value's payload is zeros (a null reference: skipped).
            Type::Optional(t) if is_refcounted(t) => {
                let x = self.builder.build_extract_value(v.into_struct_value(), 1, "")?;
                self.refcount_value(x, t, delta)
            }
            Type::Tuple(items) if is_refcounted(ty) => {
                for (i, t) in items.iter().enumerate() {
                    if is_refcounted(t) {
                        let x = self.builder.build_extract_value(v.into_struct_value(), i as u32, "")?;
                        self.refcount_value(x, t, delta)?;
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub fn incref(&mut self, v: BasicValueEnum<'ctx>, ty: &Type) -> Result<()> {
        self.refcount_value(v, ty, 1)
    }

    pub fn decref(&mut self, v: BasicValueEnum<'ctx>, ty: &Type) -> Result<()> {
        self.refcount_value(v, ty, -1)
    }

    /// Evaluate `e` for a use that does not keep it: a variable is read without taking a
    /// reference. Returns the value and whether the caller must release it.
    pub fn expr_borrowed(&mut self, e: &'p Expr) -> Result<(BasicValueEnum<'ctx>, bool)> {
        if let ExprKind::Var(v) = e.kind {
            return Ok((self.load_var(v, &e.ty)?, false));
        }
        // An item of a tuple a variable holds: borrowed from the tuple as the variable is
        // (a dict's lists `d[1]` passed to the library's helpers take no reference).
        if let ExprKind::TupleGet { tuple, index } = &e.kind {
            if matches!(tuple.kind, ExprKind::Var(_) | ExprKind::TupleGet { .. }) {
                let (t, owned) = self.expr_borrowed(tuple)?;
                if !owned {
                    let item = self.builder.build_extract_value(t.into_struct_value(), *index as u32, "item")?;
                    return Ok((item, false));
                }
                // (an owned tuple: its item taken as a new reference, the tuple released)
                let item = self.builder.build_extract_value(t.into_struct_value(), *index as u32, "item")?;
                self.incref(item, &e.ty)?;
                self.release_if(t, &tuple.ty, true)?;
                let owned = is_refcounted(&e.ty);
                if owned {
                    self.hold(item, &e.ty)?;
                }
                return Ok((item, owned));
            }
        }
        if let Some(view) = self.view_borrowed(e) {
            let (v, owned) = view?;
            if owned {
                self.hold(v, &e.ty)?;
            }
            return Ok((v, owned));
        }
        let v = self.expr(e)?;
        let owned = is_refcounted(&e.ty);
        if owned {
            self.hold(v, &e.ty)?;
        }
        Ok((v, owned))
    }

    /// Park an owned temporary in a stack slot the function's exit releases, so an
    /// exception raised before the temporary's normal release doesn't leak it.
    pub fn hold(&mut self, v: BasicValueEnum<'ctx>, ty: &Type) -> Result<()> {
        let lt = self.llvm_type(ty);
        let slot = self.entry_alloca_zeroed(lt, "temp")?;
        self.builder.build_store(slot, v)?;
        self.held.push((v, slot, ty.clone()));
        Ok(())
    }

    /// Take a temporary back out of its slot (its reference is released or handed on).
    pub fn disown(&mut self, v: BasicValueEnum<'ctx>) -> Result<()> {
        if let Some(i) = self.held.iter().rposition(|(x, _, _)| *x == v) {
            let (_, slot, ty) = self.held.remove(i);
            self.builder.build_store(slot, self.llvm_type(&ty).const_zero())?;
            self.temp_slots.push((slot, ty));
        }
        Ok(())
    }

    pub fn release_if(&mut self, v: BasicValueEnum<'ctx>, ty: &Type, owned: bool) -> Result<()> {
        if owned {
            self.disown(v)?;
            self.decref(v, ty)?;
        }
        Ok(())
    }

    pub fn runtime_fn(&self, name: &str, ty: inkwell::types::FunctionType<'ctx>) -> inkwell::values::FunctionValue<'ctx> {
        self.module.get_function(name).unwrap_or_else(|| self.module.add_function(name, ty, Some(Linkage::External)))
    }

    /// Call the runtime's `ret name(args...)` (declared from the arguments' types).
    pub fn call_runtime(
        &self,
        name: &str,
        ret: inkwell::types::BasicTypeEnum<'ctx>,
        args: &[BasicValueEnum<'ctx>],
    ) -> Result<BasicValueEnum<'ctx>> {
        let params: Vec<inkwell::types::BasicMetadataTypeEnum> = args.iter().map(|a| a.get_type().into()).collect();
        let f = self.runtime_fn(name, ret.fn_type(&params, false));
        let values: Vec<inkwell::values::BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        self.builder
            .build_call(f, &values, "")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| BackendError::Llvm(format!("{name} returned nothing")))
    }

    // ---- addressing ------------------------------------------------------------------

    /// Byte strides of contiguous data of this shape, in C or Fortran order.
    pub fn contiguous_strides(&self, shape: &[IntValue<'ctx>], itemsize: u64, layout: Layout) -> Result<Vec<IntValue<'ctx>>> {
        let n = shape.len();
        let mut out = vec![self.ctx.i64_type().const_int(itemsize, false); n];
        if layout == Layout::F {
            for d in 1..n {
                out[d] = self.builder.build_int_nuw_mul(out[d - 1], shape[d - 1], "")?;
            }
        } else {
            for d in (0..n.saturating_sub(1)).rev() {
                out[d] = self.builder.build_int_nuw_mul(out[d + 1], shape[d + 1], "")?;
            }
        }
        Ok(out)
    }

    /// Element strides in *bytes* for each axis: computed from the shape for contiguous
    /// layouts (so LLVM sees unit strides and vectorises), read from the value otherwise.
    pub fn byte_strides_of(&self, arr: StructValue<'ctx>, at: &ArrayType) -> Result<Vec<IntValue<'ctx>>> {
        self.byte_strides(arr, at)
    }

    fn byte_strides(&self, arr: StructValue<'ctx>, at: &ArrayType) -> Result<Vec<IntValue<'ctx>>> {
        match at.layout {
            Layout::A => self.dims(arr, 3, at.ndim),
            layout => self.contiguous_strides(&self.dims(arr, 2, at.ndim)?, at.dtype.itemsize(), layout),
        }
    }

    /// Copy every element of `src` into `dst` (same shape), converting the dtype.
    pub fn copy_elements(&mut self, src: StructValue<'ctx>, st: &ArrayType, dst: StructValue<'ctx>, dt: &ArrayType, shape: &[IntValue<'ctx>]) -> Result<()> {
        let (st, dt) = (*st, *dt);
        self.for_each_index_in(dt.layout, shape, &mut |cg, idx| {
            let from = cg.element_ptr_raw(src, &st, idx)?;
            let v = cg.load_element(from, st.dtype)?;
            let to = cg.element_ptr_raw(dst, &dt, idx)?;
            cg.store_element(to, dt.dtype, v, &st.dtype.to_type())
        })
    }

    /// Normalise an index: negative indices count from the end; with bounds checking,
    /// out-of-range ones raise IndexError.
    pub fn wrap_index(&mut self, i: IntValue<'ctx>, size: IntValue<'ctx>, axis: usize) -> Result<IntValue<'ctx>> {
        if !self.options.boundscheck {
            // (a select: it keeps loops vectorisable, where a branch would not)
            let zero = self.ctx.i64_type().const_zero();
            let neg = self.builder.build_int_compare(IntPredicate::SLT, i, zero, "neg")?;
            let wrapped = self.builder.build_int_add(i, size, "")?;
            return Ok(self.builder.build_select(neg, wrapped, i, "idx")?.into_int_value());
        }
        // One unsigned compare on the hot path (an index in 0..size is used as it is);
        // otherwise a negative index counts from the end, and what is still outside
        // 0..size raises (`i + size` wraps to a huge unsigned value when it overflows or
        // stays negative).
        let entry = self.builder.get_insert_block().ok_or_else(|| crate::BackendError::Llvm("no block".into()))?;
        let outside = self.builder.build_int_compare(IntPredicate::UGE, i, size, "outside")?;
        let wrap = self.append_block("index_wrap")?;
        let done = self.append_block("in_bounds")?;
        self.branch_unlikely(outside, wrap, done)?;
        self.builder.position_at_end(wrap);
        let wrapped = self.builder.build_int_add(i, size, "wrapped")?;
        let i64t = self.ctx.i64_type();
        let oob = self.builder.build_int_compare(IntPredicate::UGE, wrapped, size, "oob")?;
        self.error_path(oob, |cg| {
            let f = cg.runtime_fn("ferrojit_rt_index_error", cg.ctx.void_type().fn_type(&[i64t.into(), i64t.into(), i64t.into()], false));
            cg.builder.build_call(f, &[i.into(), i64t.const_int(axis as u64, false).into(), size.into()], "")?;
            Ok(())
        })?;
        let wrapped_ok = self.builder.get_insert_block().unwrap_or(wrap);
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        let idx = self.builder.build_phi(i64t, "idx")?;
        idx.add_incoming(&[(&i, entry), (&wrapped, wrapped_ok)]);
        Ok(idx.as_basic_value().into_int_value())
    }

    /// Address of the element (or sub-array start) at the leading `indices`, which may
    /// be negative (Python's wraparound) and are checked under `boundscheck`.
    /// `proven[d]` says index `d` is known to be in range (`ranges`): it is used as it is.
    pub fn element_ptr_proven(&mut self, arr: StructValue<'ctx>, at: &ArrayType, indices: &[IntValue<'ctx>], proven: &[bool]) -> Result<PointerValue<'ctx>> {
        let shape = self.dims(arr, 2, at.ndim)?;
        let mut idx = Vec::with_capacity(indices.len());
        for (d, i) in indices.iter().enumerate() {
            idx.push(if proven.get(d) == Some(&true) { *i } else { self.wrap_index(*i, shape[d], d)? });
        }
        self.element_ptr_raw(arr, at, &idx)
    }

    /// The address `array[indices]` names (IR expressions, for what `ranges` proves).
    fn indexed_ptr(&mut self, a: StructValue<'ctx>, at: &ArrayType, array: &Expr, indices: &[Expr], idx: &[IntValue<'ctx>]) -> Result<PointerValue<'ctx>> {
        let proven = self.proofs.proven(array, indices);
        self.element_ptr_proven(a, at, idx, &proven)
    }

    /// Address for indices known to be in range (compiler-generated loops).
    pub fn element_ptr_raw(&mut self, arr: StructValue<'ctx>, at: &ArrayType, idx: &[IntValue<'ctx>]) -> Result<PointerValue<'ctx>> {
        let strides = self.byte_strides(arr, at)?;
        let data = self.data_ptr(arr)?;
        let i64t = self.ctx.i64_type();
        let item = at.dtype.itemsize();
        // Element (not byte) strides, so that LLVM sees unit-stride accesses (and can
        // version a loop over any-layout arrays on `stride == 1`): an exact division,
        // since every stride is a multiple of the item size (computed ones by
        // construction, arguments' by the dispatcher's check, views' by derivation).
        let elements = item > 0;
        let mut offset = i64t.const_zero();
        for (d, i) in idx.iter().enumerate() {
            let term = if elements {
                let el = self.builder.build_int_exact_signed_div(strides[d], i64t.const_int(item, false), "")?;
                self.builder.build_int_mul(*i, el, "")?
            } else {
                self.builder.build_int_mul(*i, strides[d], "")?
            };
            offset = self.builder.build_int_add(offset, term, "")?;
        }
        // SAFETY of the GEP: the index was wrapped (and checked under boundscheck).
        let elem = if elements { self.element_mem_type(at.dtype) } else { self.ctx.i8_type().into() };
        Ok(unsafe { self.builder.build_gep(elem, data, &[offset], "elem")? })
    }

    pub fn load_element(&mut self, ptr: PointerValue<'ctx>, dtype: DType) -> Result<BasicValueEnum<'ctx>> {
        let load = self.builder.build_load(self.element_mem_type(dtype), ptr, "el")?;
        if let Some(i) = load.as_instruction_value() {
            let _ = i.set_alignment(dtype.alignment() as u32);
        }
        Ok(match dtype {
            DType::Bool => {
                let byte = load.into_int_value();
                self.builder.build_int_compare(IntPredicate::NE, byte, byte.get_type().const_zero(), "")?.into()
            }
            _ => load,
        })
    }

    /// Store a number into an element, converting as NumPy assignment does.
    pub fn store_element(&mut self, ptr: PointerValue<'ctx>, dtype: DType, v: BasicValueEnum<'ctx>, from: &Type) -> Result<()> {
        let target = dtype.to_type();
        let v = self.numpy_convert(v, from, &target)?;
        let v: BasicValueEnum = match dtype {
            DType::Bool => self.builder.build_int_z_extend(v.into_int_value(), self.ctx.i8_type(), "")?.into(),
            _ => v,
        };
        let st = self.builder.build_store(ptr, v)?;
        let _ = st.set_alignment(dtype.alignment() as u32);
        Ok(())
    }

    /// A scalar stored into an array of `dtype` (`a[i] = x`, `a[...] = x`, `np.full`):
    /// NumPy converts it once with its scalar C cast, which differs from its vector loops
    /// for out-of-range floats into uint32 (cvttsd2si into 64 bits, then the low 32: NaN
    /// gives 0, 1e10 gives 1410065408). Returns the value and its new type.
    pub fn scalar_for_dtype(&mut self, v: BasicValueEnum<'ctx>, from: &Type, dtype: DType) -> Result<(BasicValueEnum<'ctx>, Type)> {
        if let (Type::Float(_), DType::Int(IntKind::U32)) = (from, dtype) {
            let f64t = self.ctx.f64_type();
            let x = v.into_float_value();
            let x = if x.get_type() == f64t { x } else { self.builder.build_float_ext(x, f64t, "")? };
            let wide = self.truncate_to_int(x, 64)?;
            let r = self.builder.build_int_truncate(wide, self.ctx.i32_type(), "")?;
            return Ok((r.into(), Type::Int(IntKind::U32)));
        }
        Ok((v, from.clone()))
    }

    /// NumPy's (unchecked) conversion, as NumPy's C casts compile on this machine.
    pub fn numpy_convert(&mut self, v: BasicValueEnum<'ctx>, from: &Type, to: &Type) -> Result<BasicValueEnum<'ctx>> {
        if let (Type::Float(_), Type::Int(k)) = (from, to) {
            return Ok(self.numpy_float_to_int(v.into_float_value(), *k)?.into());
        }
        self.convert(v, from, to)
    }

    /// Float -> int without checks, bit for bit as NumPy's casts (`(npy_uint8)x` in C) give
    /// on x86-64: truncation by `cvttsd2si` into 32 bits (int8..int32, uint8, uint16) or 64
    /// bits (int64), whose out-of-range and NaN result is the lowest integer, then the low
    /// bits; uint32 and uint64 subtract 2**31 / 2**63 from large values first, as the
    /// compiler's vector loops do (NumPy's scalar remainder loop gives other bits for
    /// out-of-range uint32 values: its result then depends on the element's position).
    /// `a[i] = -1.0` into uint8 is 255, `256.2` is 0, NaN is 0. Written with selects over
    /// saturating conversions, so loops of it still vectorise. Elsewhere C casts saturate.
    pub fn numpy_float_to_int(&mut self, x: FloatValue<'ctx>, k: IntKind) -> Result<IntValue<'ctx>> {
        let target = self.int_type(k.bits());
        if !cfg!(target_arch = "x86_64") {
            let name = if k.signed() { "llvm.fptosi.sat" } else { "llvm.fptoui.sat" };
            return Ok(self.call_conversion(name, x, target)?.into_int_value());
        }
        let f64t = self.ctx.f64_type();
        let x = if x.get_type() == f64t { x } else { self.builder.build_float_ext(x, f64t, "")? };
        let r = match k {
            IntKind::U32 | IntKind::U64 => {
                let bits = k.bits();
                let half = f64t.const_float(2f64.powi(bits as i32 - 1));
                let big = self.builder.build_float_compare(FloatPredicate::OGE, x, half, "")?;
                let low = self.truncate_to_int(x, bits)?;
                let shifted = self.builder.build_float_sub(x, half, "")?;
                let high = self.truncate_to_int(shifted, bits)?;
                let sign = low.get_type().const_int(1u64 << (bits - 1), false);
                let high = self.builder.build_xor(high, sign, "")?;
                self.builder.build_select(big, high, low, "")?.into_int_value()
            }
            IntKind::I64 => self.truncate_to_int(x, 64)?,
            _ => self.truncate_to_int(x, 32)?,
        };
        Ok(if r.get_type() == target { r } else { self.builder.build_int_truncate(r, target, "")? })
    }

    /// `cvttsd2si` into `bits` (32 or 64) bits: truncation toward zero, the lowest
    /// integer when the result does not fit or `x` is NaN.
    fn truncate_to_int(&mut self, x: FloatValue<'ctx>, bits: u32) -> Result<IntValue<'ctx>> {
        let it = self.int_type(bits);
        let lowest = 2f64.powi(bits as i32 - 1);
        let f64t = x.get_type();
        // Fits when -2**(bits-1) - 1 < x < 2**(bits-1) (the bound is exact in f64 for 32
        // bits; for 64 bits the next double below -2**63 is out of range anyway).
        let above = if bits == 64 {
            self.builder.build_float_compare(FloatPredicate::OGE, x, f64t.const_float(-lowest), "")?
        } else {
            self.builder.build_float_compare(FloatPredicate::OGT, x, f64t.const_float(-lowest - 1.0), "")?
        };
        let below = self.builder.build_float_compare(FloatPredicate::OLT, x, f64t.const_float(lowest), "")?;
        let fits = self.builder.build_and(above, below, "")?;
        let t = self.call_conversion("llvm.fptosi.sat", x, it)?.into_int_value();
        let min = it.const_int(1u64 << (bits - 1), false);
        Ok(self.builder.build_select(fits, t, min, "")?.into_int_value())
    }

    fn int_type(&self, bits: u32) -> IntType<'ctx> {
        match bits {
            8 => self.ctx.i8_type(),
            16 => self.ctx.i16_type(),
            32 => self.ctx.i32_type(),
            _ => self.ctx.i64_type(),
        }
    }

    /// A saturating conversion intrinsic (`llvm.fptosi.sat` / `llvm.fptoui.sat`).
    pub fn call_conversion(&self, name: &str, x: FloatValue<'ctx>, target: IntType<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        let intrinsic = inkwell::intrinsics::Intrinsic::find(name).ok_or_else(|| BackendError::Llvm(format!("no {name}")))?;
        let decl = intrinsic
            .get_declaration(&self.module, &[target.into(), x.get_type().as_basic_type_enum()])
            .ok_or_else(|| BackendError::Llvm(format!("cannot declare {name}")))?;
        self.builder
            .build_call(decl, &[x.into()], "")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| BackendError::Llvm(format!("{name} returned nothing")))
    }

    // ---- expressions ---------------------------------------------------------------

    pub fn array_expr(&mut self, e: &'p Expr) -> Result<BasicValueEnum<'ctx>> {
        let i64t = self.ctx.i64_type();
        match &e.kind {
            ExprKind::Index { array, indices } => {
                let Type::Array(at) = array.ty else { return Err(BackendError::Llvm("index of non-array".into())) };
                let (a, owned) = self.expr_borrowed(array)?;
                let idx = self.int_values(indices)?;
                let ptr = self.indexed_ptr(a.into_struct_value(), &at, array, indices, &idx)?;
                let v = self.load_element(ptr, at.dtype)?;
                self.release_if(a, &array.ty, owned)?;
                Ok(v)
            }
            ExprKind::View { array, indices } => {
                let (Type::Array(at), Type::Array(rt)) = (&array.ty, &e.ty) else {
                    return Err(BackendError::Llvm("view of non-array".into()));
                };
                let (a, owned) = self.expr_borrowed(array)?;
                let av = a.into_struct_value();
                let idx = self.int_values(indices)?;
                let ptr = self.indexed_ptr(av, at, array, indices, &idx)?;
                let shape = self.dims(av, 2, at.ndim)?;
                let strides = self.dims(av, 3, at.ndim)?;
                let k = indices.len();
                let view = self.build_array(rt.ndim, self.meminfo(av)?, ptr, &shape[k..], &strides[k..])?;
                // The view shares the base's memory: it takes over an owned base's
                // reference, or takes a new one on a borrowed base.
                if owned {
                    self.disown(a)?;
                } else {
                    self.incref(view.into(), &e.ty)?;
                }
                Ok(view.into())
            }
            ExprKind::ArrayAttr { array, attr } => {
                let Type::Array(at) = array.ty else { return Err(BackendError::Llvm("attribute of non-array".into())) };
                let (a, owned) = self.expr_borrowed(array)?;
                let av = a.into_struct_value();
                let result: BasicValueEnum = match attr {
                    ferrojit_ir::ArrayAttr::Data => {
                        let data = self.builder.build_extract_value(av, 1, "data")?.into_pointer_value();
                        self.builder.build_ptr_to_int(data, i64t, "address")?.into()
                    }
                    ferrojit_ir::ArrayAttr::Size => {
                        let mut n = i64t.const_int(1, false);
                        for d in self.dims(av, 2, at.ndim)? {
                            n = self.builder.build_int_mul(n, d, "size")?;
                        }
                        n.into()
                    }
                    ferrojit_ir::ArrayAttr::Shape | ferrojit_ir::ArrayAttr::Strides => {
                        let field = if *attr == ferrojit_ir::ArrayAttr::Shape { 2 } else { 3 };
                        let items = self.dims(av, field, at.ndim)?;
                        let st = self.llvm_type(&e.ty).into_struct_type();
                        let mut t = st.get_undef();
                        for (i, x) in items.into_iter().enumerate() {
                            t = self.builder.build_insert_value(t, x, i as u32, "")?.into_struct_value();
                        }
                        t.into()
                    }
                };
                self.release_if(a, &array.ty, owned)?;
                Ok(result)
            }
            ExprKind::NewArray { shape, fill } => {
                let Type::Array(at) = e.ty else { return Err(BackendError::Llvm("new non-array".into())) };
                let dims = self.int_values(shape)?;
                let arr = self.allocate(&at, &dims)?;
                if let Some(f) = fill {
                    let v = self.expr(f)?;
                    self.fill_array(arr, &at, v, &f.ty)?;
                }
                Ok(arr.into())
            }
            ExprKind::Arange { start, stop, step } => {
                let Type::Array(at) = e.ty else { return Err(BackendError::Llvm("arange of non-array".into())) };
                let s0 = self.expr(start)?;
                let s1 = self.expr(stop)?;
                let st = self.expr(step)?;
                self.arange(&at, s0, s1, st, &start.ty)
            }
            ExprKind::CopyArray(src) => {
                let (Type::Array(st), Type::Array(rt)) = (&src.ty, &e.ty) else {
                    return Err(BackendError::Llvm("copy of non-array".into()));
                };
                let (a, owned) = self.expr_borrowed(src)?;
                let av = a.into_struct_value();
                let dims = self.dims(av, 2, st.ndim)?;
                let out = self.allocate(rt, &dims)?;
                self.copy_elements(av, st, out, rt, &dims)?;
                self.release_if(a, &src.ty, owned)?;
                Ok(out.into())
            }
            ExprKind::Fill { array, value } => {
                let Type::Array(at) = array.ty else { return Err(BackendError::Llvm("fill of non-array".into())) };
                let (a, owned) = self.expr_borrowed(array)?;
                let v = self.expr(value)?;
                self.fill_array(a.into_struct_value(), &at, v, &value.ty)?;
                self.release_if(a, &array.ty, owned)?;
                Ok(self.ctx.i8_type().const_zero().into())
            }
            ExprKind::ConstArray { data, shape, strides } => {
                let Type::Array(at) = e.ty else { return Err(BackendError::Llvm("constant non-array".into())) };
                let ptr = i64t.const_int(*data, false).const_to_pointer(self.ptr_type());
                let shape: Vec<IntValue> = shape.iter().map(|d| i64t.const_int(*d as u64, true)).collect();
                let strides: Vec<IntValue> = strides.iter().map(|d| i64t.const_int(*d as u64, true)).collect();
                let null = self.ptr_type().const_null();
                Ok(self.build_array(at.ndim, null, ptr, &shape, &strides)?.into())
            }
            _ => Err(BackendError::Llvm("not an array expression".into())),
        }
    }

    pub fn int_values(&mut self, exprs: &'p [Expr]) -> Result<Vec<IntValue<'ctx>>> {
        exprs.iter().map(|x| Ok(self.expr(x)?.into_int_value())).collect()
    }

    /// `array[indices] = value`.
    pub fn store_stmt(&mut self, array: &'p Expr, indices: &'p [Expr], value: &'p Expr) -> Result<()> {
        let Type::Array(at) = array.ty else { return Err(BackendError::Llvm("store into non-array".into())) };
        let (a, owned) = self.expr_borrowed(array)?;
        let idx = self.int_values(indices)?;
        // A value that can only raise by its conversion's checks (`python_number_for_store`)
        // is converted after the index check, as NumPy does; any other value first.
        let (ptr, v) = if converts_only(value) {
            let ptr = self.indexed_ptr(a.into_struct_value(), &at, array, indices, &idx)?;
            (ptr, self.expr(value)?)
        } else {
            let v = self.expr(value)?;
            (self.indexed_ptr(a.into_struct_value(), &at, array, indices, &idx)?, v)
        };
        let (v, from) = self.scalar_for_dtype(v, &value.ty, at.dtype)?;
        self.store_element(ptr, at.dtype, v, &from)?;
        self.release_if(a, &array.ty, owned)
    }

    /// The number of elements of a shape a user gave (`np.empty`, `carray`): NumPy's
    /// ValueError for a negative size.
    pub fn element_count(&mut self, dims: &[IntValue<'ctx>]) -> Result<IntValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        let mut count = i64t.const_int(1, false);
        let mut negative = self.ctx.bool_type().const_zero();
        for d in dims {
            let neg = self.builder.build_int_compare(IntPredicate::SLT, *d, i64t.const_zero(), "")?;
            negative = self.builder.build_or(negative, neg, "")?;
            count = self.builder.build_int_mul(count, *d, "")?;
        }
        self.check(negative, ExcKind::ValueError, "negative dimensions are not allowed")?;
        Ok(count)
    }

    /// A new array, Fortran-ordered if `at` says F, else C-ordered (one reference, owned
    /// by the caller).
    pub fn allocate(&mut self, at: &ArrayType, dims: &[IntValue<'ctx>]) -> Result<StructValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        let count = self.element_count(dims)?;
        let nbytes = self.builder.build_int_mul(count, i64t.const_int(at.dtype.itemsize(), false), "nbytes")?;
        self.note_allocation(at);
        let alloc = self.runtime_fn("ferrojit_rt_alloc", self.ptr_type().fn_type(&[i64t.into()], false));
        let mi = self
            .builder
            .build_call(alloc, &[nbytes.into()], "meminfo")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| BackendError::Llvm("alloc returned nothing".into()))?
            .into_pointer_value();
        let failed = self.builder.build_is_null(mi, "")?;
        self.check(failed, ExcKind::MemoryError, "cannot allocate array memory")?;
        // SAFETY of the GEP: field 1 of MemInfo { i64, ptr, i64 }.
        let data_field = unsafe { self.builder.build_gep(self.ctx.i8_type(), mi, &[i64t.const_int(8, false)], "")? };
        let data = self.builder.build_load(self.ptr_type(), data_field, "data")?;
        // The runtime aligns array data to 64 bytes: saying so lets vector stores be
        // aligned (and streamed, see `streaming`).
        let align = self.ctx.metadata_node(&[i64t.const_int(64, false).into()]);
        if let Some(load) = data.as_instruction_value() {
            load.set_metadata(align, self.ctx.get_kind_id("align")).map_err(|e| BackendError::Llvm(e.to_string()))?;
        }
        let data = data.into_pointer_value();
        let layout = if at.layout == Layout::F { Layout::F } else { Layout::C };
        let strides = self.contiguous_strides(dims, at.dtype.itemsize(), layout)?;
        self.build_array(at.ndim, mi, data, dims, &strides)
    }

    fn fill_array(&mut self, arr: StructValue<'ctx>, at: &ArrayType, v: BasicValueEnum<'ctx>, from: &Type) -> Result<()> {
        let dims = self.dims(arr, 2, at.ndim)?;
        let at = *at;
        let (v, from) = self.scalar_for_dtype(v, from, at.dtype)?;
        self.for_each_index_in(at.layout, &dims, &mut |cg, idx| {
            let ptr = cg.element_ptr_raw(arr, &at, idx)?;
            cg.store_element(ptr, at.dtype, v, &from)
        })
    }

    fn arange(&mut self, at: &ArrayType, start: BasicValueEnum<'ctx>, stop: BasicValueEnum<'ctx>, step: BasicValueEnum<'ctx>, bty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let i64t = self.ctx.i64_type();
        let f64ty = Type::Float(FloatKind::F64);
        // Length: ceil((stop - start) / step), at least 0, in float64 as NumPy does.
        let (fs, fe, fst) = (
            self.convert(start, bty, &f64ty)?.into_float_value(),
            self.convert(stop, bty, &f64ty)?.into_float_value(),
            self.convert(step, bty, &f64ty)?.into_float_value(),
        );
        let zero_step = self.builder.build_float_compare(FloatPredicate::OEQ, fst, self.ctx.f64_type().const_zero(), "")?;
        self.check(zero_step, ExcKind::ZeroDivisionError, "division by zero")?;
        let span = self.builder.build_float_sub(fe, fs, "")?;
        let q = self.builder.build_float_div(span, fst, "")?;
        let c = self.float_intrinsic("llvm.ceil", &[q])?;
        let n = self.numpy_convert(c.into(), &f64ty, &INT64)?.into_int_value();
        let neg = self.builder.build_int_compare(IntPredicate::SLT, n, i64t.const_zero(), "")?;
        let n = self.builder.build_select(neg, i64t.const_zero(), n, "len")?.into_int_value();
        let arr = self.allocate(at, &[n])?;
        // Values in the result dtype: first = start, delta = (start + step) - start.
        let ty = at.dtype.to_type();
        let saved = std::mem::replace(&mut self.numpy_mode, true);
        let second = self.binary(ferrojit_ir::BinOp::Add, bty, start, step)?;
        let first_t = self.numpy_convert(start, bty, &ty)?;
        let second_t = self.numpy_convert(second, bty, &ty)?;
        let calc_ty = if ty == Type::Bool { INT64 } else { ty.clone() };
        let first_c = self.convert(first_t, &ty, &calc_ty)?;
        let second_c = self.convert(second_t, &ty, &calc_ty)?;
        let delta = self.binary(ferrojit_ir::BinOp::Sub, &calc_ty, second_c, first_c)?;
        self.numpy_mode = saved;
        let at = *at;
        self.for_each_index(&[n], &mut |cg, idx| {
            let k = cg.numpy_convert(idx[0].into(), &INT64, &calc_ty)?;
            let off = cg.binary(ferrojit_ir::BinOp::Mul, &calc_ty, k, delta)?;
            let v = cg.binary(ferrojit_ir::BinOp::Add, &calc_ty, first_c, off)?;
            let ptr = cg.element_ptr_raw(arr, &at, idx)?;
            cg.store_element(ptr, at.dtype, v, &calc_ty)
        })?;
        Ok(arr.into())
    }

    /// Like [`Codegen::for_each_index`], but in memory order for `layout`: first axis
    /// innermost for Fortran-ordered arrays.
    pub fn for_each_index_in(
        &mut self,
        layout: Layout,
        dims: &[IntValue<'ctx>],
        body: &mut dyn FnMut(&mut Self, &[IntValue<'ctx>]) -> Result<()>,
    ) -> Result<()> {
        if layout != Layout::F || dims.len() < 2 {
            return self.for_each_index(dims, body);
        }
        let reversed: Vec<_> = dims.iter().rev().copied().collect();
        self.for_each_index(&reversed, &mut |cg, idx| {
            let natural: Vec<_> = idx.iter().rev().copied().collect();
            body(cg, &natural)
        })
    }

    /// Nested counted loops over `dims` (last axis innermost), calling `body` with the
    /// indices.
    pub fn for_each_index(
        &mut self,
        dims: &[IntValue<'ctx>],
        body: &mut dyn FnMut(&mut Self, &[IntValue<'ctx>]) -> Result<()>,
    ) -> Result<()> {
        let mut idx = Vec::with_capacity(dims.len());
        self.nest(dims, &mut idx, body)
    }

    fn nest(
        &mut self,
        dims: &[IntValue<'ctx>],
        idx: &mut Vec<IntValue<'ctx>>,
        body: &mut dyn FnMut(&mut Self, &[IntValue<'ctx>]) -> Result<()>,
    ) -> Result<()> {
        let Some((&n, rest)) = dims.split_first() else {
            return body(self, idx);
        };
        // The innermost loop carries the streaming tag; loops in `body` do not.
        let stream = rest.is_empty() && std::mem::take(&mut self.streaming);
        let scalar = rest.is_empty() && std::mem::take(&mut self.scalar_loop);
        let loc = self.debug_location();
        let i64t = self.ctx.i64_type();
        let pre = self.current_block()?;
        let header = self.append_block("nd.cond")?;
        let loop_body = self.append_block("nd.body")?;
        let exit = self.append_block("nd.end")?;
        self.builder.build_unconditional_branch(header)?;
        self.builder.position_at_end(header);
        let phi = self.builder.build_phi(i64t, "i")?;
        phi.add_incoming(&[(&i64t.const_zero() as &dyn BasicValue, pre)]);
        let i = phi.as_basic_value().into_int_value();
        let more = self.builder.build_int_compare(IntPredicate::SLT, i, n, "")?;
        self.builder.build_conditional_branch(more, loop_body, exit)?;
        self.builder.position_at_end(loop_body);
        idx.push(i);
        let calls = self.vector_calls;
        self.nest(rest, idx, body)?;
        let interleave = self.interleave_for(rest.is_empty() && self.vector_calls > calls);
        idx.pop();
        let next = self.builder.build_int_nsw_add(i, i64t.const_int(1, false), "")?;
        let latch = self.current_block()?;
        phi.add_incoming(&[(&next as &dyn BasicValue, latch)]);
        let back = self.builder.build_unconditional_branch(header)?;
        self.mark_loop(back, crate::streaming::LoopHints { stream, scalar, interleave }, loc);
        self.builder.position_at_end(exit);
        Ok(())
    }
}

/// Whether evaluating `e` has no effect but the raising of its `Guard`s (the shape of a
/// stored number's conversion: variables, constants, comparisons, casts, `let`s).
fn converts_only(e: &Expr) -> bool {
    let own = match &e.kind {
        ExprKind::Var(_) | ExprKind::Const(_) | ExprKind::Let { .. } | ExprKind::Guard { .. } | ExprKind::Compare { .. } => true,
        ExprKind::And(..) | ExprKind::Or(..) | ExprKind::Cast(_) | ExprKind::IfExp { .. } | ExprKind::NumpySemantics(_) => true,
        _ => false,
    };
    own && e.children().into_iter().all(converts_only)
}
