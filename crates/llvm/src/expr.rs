//! Expression lowering: constants, variables, conversions, comparisons, control-flow
//! expressions, calls and tuples.

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::{CmpOp, Const, ExcKind, Expr, ExprKind, FloatKind, Type, UnaryOp};
use inkwell::intrinsics::Intrinsic;
use inkwell::types::BasicType;
use inkwell::values::{BasicValue, BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    pub fn expr(&mut self, e: &'p Expr) -> Result<BasicValueEnum<'ctx>> {
        match &e.kind {
            ExprKind::Const(c) => Ok(self.constant(c, &e.ty)),
            ExprKind::Var(v) => {
                let value = self.load_var(*v, &e.ty)?;
                self.incref(value, &e.ty)?;
                Ok(value)
            }
            ExprKind::Index { .. }
            | ExprKind::View { .. }
            | ExprKind::ArrayAttr { .. }
            | ExprKind::NewArray { .. }
            | ExprKind::Arange { .. }
            | ExprKind::CopyArray(_)
            | ExprKind::Fill { .. }
            | ExprKind::ConstArray { .. } => self.array_expr(e),
            ExprKind::Reduce { op, array, axis } => self.reduce(*op, array, *axis, &e.ty),
            ExprKind::Slice { array, items } => self.slice(array, items, &e.ty),
            ExprKind::Map { .. } => self.materialize(e),
            ExprKind::Input(k) => self.map_input(*k),
            ExprKind::Transpose(x) => self.transpose(x, &e.ty),
            ExprKind::PtrIndex { ptr, index } => {
                let Type::Pointer(Some(d)) = ptr.ty else { return Err(BackendError::Llvm("index of non-pointer".into())) };
                if let Some(local) = self.cell_local(ptr, index) {
                    return self.load_element(local, d);
                }
                let p = self.expr(ptr)?.into_pointer_value();
                let i = self.expr(index)?.into_int_value();
                // SAFETY of the GEP: the C caller vouches for the pointer.
                let at = unsafe { self.builder.build_gep(self.element_mem_type(d), p, &[i], "p")? };
                self.load_element(at, d)
            }
            ExprKind::CArray { ptr, shape } => {
                let Type::Array(at) = e.ty else { return Err(BackendError::Llvm("carray without array type".into())) };
                let p = match self.expr(ptr)? {
                    // (an int address: `arr.ctypes.data`, a C function's pointer result)
                    BasicValueEnum::IntValue(i) => self.builder.build_int_to_ptr(i, self.ptr_type(), "address")?,
                    v => v.into_pointer_value(),
                };
                let dims = self.int_values(shape)?;
                // A user's shape reaches memory here: no negative size, and no elements
                // behind a null pointer (`None` passed for a pointer).
                let count = self.element_count(&dims)?;
                let null = self.builder.build_is_null(p, "null")?;
                let some = self.builder.build_int_compare(IntPredicate::NE, count, count.get_type().const_zero(), "")?;
                let bad = self.builder.build_and(null, some, "")?;
                let message = if at.layout == ferrojit_ir::Layout::F {
                    "farray(): the pointer is NULL (None) but the shape has {} elements"
                } else {
                    "carray(): the pointer is NULL (None) but the shape has {} elements"
                };
                self.check_showing(bad, ExcKind::ValueError, message, Some(count))?;
                let strides = self.contiguous_strides(&dims, at.dtype.itemsize(), at.layout)?;
                Ok(self.build_array(at.ndim, self.ptr_type().const_null(), p, &dims, &strides)?.into())
            }
            ExprKind::Reshape { array, shape } => self.reshape(array, shape, &e.ty),
            ExprKind::Scan { op, array, axis } => self.scan(*op, array, *axis, &e.ty),
            ExprKind::Sort(x) => self.sort(x, &e.ty),
            ExprKind::Guard { cond, exc, message, value } => {
                let c = self.expr(cond)?.into_int_value();
                if (message.contains("{}") || message.contains("{u}")) && value.ty == Type::Int(ferrojit_ir::IntKind::I64) {
                    // The value is a variable read (the guard's contract): read it first.
                    let v = self.expr(value)?;
                    self.check_showing(c, *exc, message, Some(v.into_int_value()))?;
                    return Ok(v);
                }
                self.check(c, *exc, message)?;
                self.expr(value)
            }
            ExprKind::NumpySemantics(x) => {
                let saved = std::mem::replace(&mut self.numpy_mode, true);
                let v = self.expr(x);
                self.numpy_mode = saved;
                v
            }
            ExprKind::Cast(x) if e.ty == Type::Text => {
                let Type::Str(text) = &x.ty else {
                    return Err(BackendError::Llvm(format!("cast from {} to str", x.ty)));
                };
                self.expr(x)?; // its effects (a string known when compiling holds no data)
                self.str_literal(text)
            }
            ExprKind::Str { op, args } => self.str_op(*op, args),
            ExprKind::List { op, args } => self.list_op(*op, args, &e.ty),
            ExprKind::Cast(x) if e.ty.is_list() => self.list_cast(x),
            ExprKind::FormatStr { template, args } => self.format_str(template, args),
            ExprKind::Cast(x) => {
                let v = self.expr(x)?;
                if self.numpy_mode {
                    return self.numpy_convert(v, &x.ty, &e.ty);
                }
                self.convert(v, &x.ty, &e.ty)
            }
            ExprKind::Truth(x) => {
                let v = self.expr(x)?;
                Ok(self.truth(v, &x.ty)?.into())
            }
            ExprKind::Unary { op, operand } => {
                let v = self.expr(operand)?;
                if let Type::Complex(k) = e.ty {
                    return self.complex_neg(v, k, *op == UnaryOp::Conj);
                }
                let b = &self.builder;
                Ok(match (op, &e.ty) {
                    (UnaryOp::Neg, Type::Float(_)) => b.build_float_neg(v.into_float_value(), "neg")?.into(),
                    (UnaryOp::Neg, _) => b.build_int_neg(v.into_int_value(), "neg")?.into(),
                    (UnaryOp::Invert, _) | (UnaryOp::Not, _) => b.build_not(v.into_int_value(), "not")?.into(),
                    (UnaryOp::Conj, _) => return Err(BackendError::Llvm("conjugate of a non-complex".into())),
                })
            }
            ExprKind::Binary { op, lhs, rhs } => {
                if lhs.ty != e.ty {
                    // `int64 / int64` typed float64: Python's int division.
                    if self.python_checks() {
                        return Ok(self.int_true_divide(lhs, rhs)?.into());
                    }
                    let l = self.expr(lhs)?;
                    let l = self.convert(l, &lhs.ty, &e.ty)?;
                    let r = self.expr(rhs)?;
                    let r = self.convert(r, &rhs.ty, &e.ty)?;
                    return self.binary(*op, &e.ty, l, r);
                }
                let l = self.expr(lhs)?;
                let r = self.expr(rhs)?;
                self.binary(*op, &e.ty, l, r)
            }
            ExprKind::Compare { op, lhs, rhs } => {
                let l = self.expr(lhs)?;
                let r = self.expr(rhs)?;
                if lhs.ty.is_complex() {
                    return Ok(self.complex_compare(*op, l, r)?.into());
                }
                if lhs.ty != rhs.ty {
                    return Ok(if lhs.ty.is_int() {
                        self.compare_int_float(*op, l.into_int_value(), r.into_float_value())?
                    } else {
                        self.compare_int_float(op.swapped(), r.into_int_value(), l.into_float_value())?
                    }
                    .into());
                }
                Ok(self.compare(*op, &lhs.ty, l, r)?.into())
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                let is_and = matches!(e.kind, ExprKind::And(..));
                let av = self.expr(a)?;
                let t = self.truth(av, &a.ty)?;
                let from_a = self.current_block()?;
                let rhs_bb = self.append_block(if is_and { "and.rhs" } else { "or.rhs" })?;
                let merge = self.append_block("bool.end")?;
                if is_and {
                    self.builder.build_conditional_branch(t, rhs_bb, merge)?;
                } else {
                    self.builder.build_conditional_branch(t, merge, rhs_bb)?;
                }
                self.builder.position_at_end(rhs_bb);
                let bv = self.expr(b)?;
                let from_b = self.current_block()?;
                self.builder.build_unconditional_branch(merge)?;
                self.builder.position_at_end(merge);
                let phi = self.builder.build_phi(self.llvm_type(&e.ty), "bool")?;
                phi.add_incoming(&[(&av as &dyn BasicValue, from_a), (&bv as &dyn BasicValue, from_b)]);
                Ok(phi.as_basic_value())
            }
            ExprKind::IfExp { cond, then, orelse } => {
                let c = self.expr(cond)?.into_int_value();
                let then_bb = self.append_block("ifexp.then")?;
                let else_bb = self.append_block("ifexp.else")?;
                let merge = self.append_block("ifexp.end")?;
                self.builder.build_conditional_branch(c, then_bb, else_bb)?;
                self.builder.position_at_end(then_bb);
                let tv = self.expr(then)?;
                let from_t = self.current_block()?;
                self.builder.build_unconditional_branch(merge)?;
                self.builder.position_at_end(else_bb);
                let ev = self.expr(orelse)?;
                let from_e = self.current_block()?;
                self.builder.build_unconditional_branch(merge)?;
                self.builder.position_at_end(merge);
                let phi = self.builder.build_phi(self.llvm_type(&e.ty), "ifexp")?;
                phi.add_incoming(&[(&tv as &dyn BasicValue, from_t), (&ev as &dyn BasicValue, from_e)]);
                Ok(phi.as_basic_value())
            }
            ExprKind::Let { var, value, body } => {
                let v = self.expr(value)?;
                self.assign(*var, &value.ty, v)?;
                self.expr(body)
            }
            ExprKind::Call { func, args } => {
                let callee = self.functions[*func];
                let ret_ty = self.llvm_type(&e.ty);
                let slot = self.entry_alloca(ret_ty, "ret")?;
                let mut values: Vec<inkwell::values::BasicMetadataValueEnum> = vec![slot.into()];
                let mut owned_args = Vec::new();
                for a in args {
                    let (v, owned) = self.expr_borrowed(a)?;
                    if owned {
                        owned_args.push((v, &a.ty));
                    }
                    values.push(v.into());
                }
                if self.recursive[*func] {
                    values.push(self.stack_limit_for_call()?.into());
                }
                let status = self
                    .builder
                    .build_call(callee, &values, "status")?
                    .try_as_basic_value()
                    .basic()
                    .ok_or_else(|| BackendError::Llvm("call without status".into()))?
                    .into_int_value();
                for (v, ty) in owned_args {
                    self.release_if(v, ty, true)?;
                }
                self.propagate(status)?;
                Ok(self.builder.build_load(ret_ty, slot, "result")?)
            }
            ExprKind::ParallelFor { func, args, reduce } => self.parallel_for(*func, args, *reduce, &e.ty),
            ExprKind::Print { args, sep, end, flush, stderr } => self.print(args, sep, end, *flush, *stderr),
            ExprKind::PyCall { func, args } => self.py_call(*func, args, &e.ty),
            ExprKind::CCall { addr, args } => self.c_call(*addr, args, &e.ty),
            ExprKind::RaiseFormat { exc, template, args } => self.raise_format(*exc, template, args),
            ExprKind::Math { func, args } if args.first().is_some_and(|a| a.ty.is_complex()) => {
                let Type::Complex(k) = args[0].ty else { unreachable!("checked by the guard") };
                let z = self.expr(&args[0])?;
                self.complex_math(*func, z, k)
            }
            ExprKind::Math { func, args } => {
                let mut values = Vec::new();
                for a in args {
                    values.push(self.expr(a)?.into_float_value());
                }
                self.math(*func, &values)
            }
            ExprKind::Round(x) => {
                let v = self.expr(x)?.into_float_value();
                let rounded = self.float_intrinsic("llvm.roundeven", &[v])?;
                self.convert(rounded.into(), &x.ty, &e.ty)
            }
            ExprKind::MinMax { is_max, args } => {
                let mut acc = self.expr(&args[0])?;
                for a in &args[1..] {
                    let v = self.expr(a)?;
                    let op = if *is_max { CmpOp::Gt } else { CmpOp::Lt };
                    let better = self.compare(op, &e.ty, v, acc)?;
                    acc = self.builder.build_select(better, v, acc, "minmax")?;
                }
                Ok(acc)
            }
            ExprKind::Tuple(items) => {
                let ty = self.llvm_type(&e.ty).into_struct_type();
                let mut agg = ty.get_undef().as_aggregate_value_enum();
                for (i, item) in items.iter().enumerate() {
                    let v = self.expr(item)?;
                    agg = self.builder.build_insert_value(agg, v, i as u32, "tuple")?.as_aggregate_value_enum();
                }
                Ok(agg.as_basic_value_enum())
            }
            ExprKind::Complex { re, im } => {
                let Type::Complex(k) = e.ty else { return Err(BackendError::Llvm("complex without complex type".into())) };
                let re = self.expr(re)?.into_float_value();
                let im = self.expr(im)?.into_float_value();
                self.make_complex(k, re, im)
            }
            ExprKind::OptionalHas(x) => {
                // (Read without taking a reference to the payload.)
                let (v, owned) = self.expr_borrowed(x)?;
                let has = self.builder.build_extract_value(v.into_struct_value(), 0, "has")?;
                self.release_if(v, &x.ty, owned)?;
                Ok(has)
            }
            ExprKind::OptionalValue { value, what } => {
                let (ov, owned) = self.expr_borrowed(value)?;
                let v = ov.into_struct_value();
                let has = self.builder.build_extract_value(v, 0, "has")?.into_int_value();
                let missing = self.builder.build_not(has, "")?;
                let message = if what.is_empty() {
                    "an operation on None (a value that may be None)".to_string()
                } else {
                    format!("`{what}` is None here (an operation on None)")
                };
                self.check(missing, ExcKind::TypeError, &message)?;
                let x = self.builder.build_extract_value(v, 1, "value")?;
                // The payload is the caller's reference: the optional's own (an owned
                // temporary), or a new one (a variable read).
                if owned {
                    self.disown(ov)?;
                } else {
                    self.incref(x, &e.ty)?;
                }
                Ok(x)
            }
            ExprKind::ComplexPart { value, imag } if matches!(value.ty, Type::Array(_)) => self.complex_part_view(value, *imag, &e.ty),
            ExprKind::ComplexPart { value, imag } => {
                let z = self.expr(value)?;
                let (re, im) = self.complex_parts(z)?;
                Ok(if *imag { im } else { re }.into())
            }
            ExprKind::TupleGet { tuple, index } => {
                let (t, owned) = self.expr_borrowed(tuple)?;
                let item = self.builder.build_extract_value(t.into_struct_value(), *index as u32, "item")?;
                // The item is handed out as a new reference; an owned tuple is released.
                self.incref(item, &e.ty)?;
                self.release_if(t, &tuple.ty, owned)?;
                Ok(item)
            }
        }
    }

    pub fn current_block(&self) -> Result<inkwell::basic_block::BasicBlock<'ctx>> {
        self.builder.get_insert_block().ok_or_else(|| BackendError::Llvm("builder has no block".into()))
    }

    fn constant(&self, c: &Const, ty: &Type) -> BasicValueEnum<'ctx> {
        let t = self.llvm_type(ty);
        match (c, ty) {
            (Const::Bool(b), _) => self.ctx.bool_type().const_int(*b as u64, false).into(),
            (Const::Int(i), Type::Int(_)) => t.into_int_type().const_int(*i as u64, true).into(),
            (Const::Float(f), Type::Float(_)) => t.into_float_type().const_float(*f).into(),
            _ => t.const_zero(),
        }
    }

    /// Python truthiness: non-zero numbers (and NaN) are true.
    pub fn truth(&self, v: BasicValueEnum<'ctx>, ty: &Type) -> Result<IntValue<'ctx>> {
        Ok(match ty {
            Type::Bool => v.into_int_value(),
            Type::Int(_) => {
                let i = v.into_int_value();
                self.builder.build_int_compare(IntPredicate::NE, i, i.get_type().const_zero(), "truth")?
            }
            Type::Float(_) => {
                let f = v.into_float_value();
                self.builder.build_float_compare(FloatPredicate::UNE, f, f.get_type().const_zero(), "truth")?
            }
            Type::Complex(_) => self.complex_truth(v)?,
            Type::Optional(inner) => {
                // None is false; a value by its own truth (the value is zero when absent).
                let s = v.into_struct_value();
                let has = self.builder.build_extract_value(s, 0, "has")?.into_int_value();
                let x = self.builder.build_extract_value(s, 1, "value")?;
                let t = self.truth(x, inner)?;
                self.builder.build_and(has, t, "truth")?
            }
            _ => self.ctx.bool_type().const_zero(),
        })
    }

    pub fn compare(&self, op: CmpOp, ty: &Type, l: BasicValueEnum<'ctx>, r: BasicValueEnum<'ctx>) -> Result<IntValue<'ctx>> {
        let b = &self.builder;
        Ok(match ty {
            Type::Float(_) => {
                let p = match op {
                    CmpOp::Eq => FloatPredicate::OEQ,
                    CmpOp::Ne => FloatPredicate::UNE,
                    CmpOp::Lt => FloatPredicate::OLT,
                    CmpOp::Le => FloatPredicate::OLE,
                    CmpOp::Gt => FloatPredicate::OGT,
                    CmpOp::Ge => FloatPredicate::OGE,
                };
                b.build_float_compare(p, l.into_float_value(), r.into_float_value(), "cmp")?
            }
            _ => {
                let signed = matches!(ty, Type::Int(k) if k.signed());
                let p = match (op, signed) {
                    (CmpOp::Eq, _) => IntPredicate::EQ,
                    (CmpOp::Ne, _) => IntPredicate::NE,
                    (CmpOp::Lt, true) => IntPredicate::SLT,
                    (CmpOp::Le, true) => IntPredicate::SLE,
                    (CmpOp::Gt, true) => IntPredicate::SGT,
                    (CmpOp::Ge, true) => IntPredicate::SGE,
                    (CmpOp::Lt, false) => IntPredicate::ULT,
                    (CmpOp::Le, false) => IntPredicate::ULE,
                    (CmpOp::Gt, false) => IntPredicate::UGT,
                    (CmpOp::Ge, false) => IntPredicate::UGE,
                };
                b.build_int_compare(p, l.into_int_value(), r.into_int_value(), "cmp")?
            }
        })
    }

    /// `i op f` exactly, as CPython compares ints with floats. Rounding `i` to a float is
    /// monotonic, so the float comparison is right unless the rounded value equals `f`;
    /// then `f` is an integer and the comparison is redone on integers.
    fn compare_int_float(&self, op: CmpOp, i: IntValue<'ctx>, f: FloatValue<'ctx>) -> Result<IntValue<'ctx>> {
        let b = &self.builder;
        let fi = b.build_signed_int_to_float(i, f.get_type(), "")?;
        let by_float = self.compare(op, &Type::Float(FloatKind::F64), fi.into(), f.into())?;
        let b = &self.builder;
        let equal = b.build_float_compare(FloatPredicate::OEQ, fi, f, "")?;
        // f == 2**63 is above every int64 (and would saturate to int64::MAX below).
        let big = b.build_float_compare(FloatPredicate::OGE, f, f.get_type().const_float(9.223_372_036_854_775_808e18), "")?;
        let f_int = self.call_conversion("llvm.fptosi.sat", f, i.get_type())?;
        let by_int = self.compare(op, &Type::Int(ferrojit_ir::IntKind::I64), i.into(), f_int)?;
        // With f == 2**63: i < f always.
        let i_less = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Ne);
        let b = &self.builder;
        let exact = b.build_select(big, self.ctx.bool_type().const_int(i_less as u64, false), by_int, "")?.into_int_value();
        Ok(b.build_select(equal, exact, by_float, "cmp")?.into_int_value())
    }

    pub fn float_intrinsic(&self, name: &str, args: &[FloatValue<'ctx>]) -> Result<FloatValue<'ctx>> {
        let ty = args[0].get_type();
        let intrinsic = Intrinsic::find(name).ok_or_else(|| BackendError::Llvm(format!("no intrinsic {name}")))?;
        let decl = intrinsic
            .get_declaration(&self.module, &[ty.as_basic_type_enum()])
            .ok_or_else(|| BackendError::Llvm(format!("cannot declare {name}")))?;
        let values: Vec<inkwell::values::BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        let call = self.builder.build_call(decl, &values, "")?;
        let v = call
            .try_as_basic_value()
            .basic()
            .map(|v| v.into_float_value())
            .ok_or_else(|| BackendError::Llvm(format!("{name} returned nothing")))?;
        self.mark_fast(v.as_instruction());
        Ok(v)
    }

    /// Set the `fastmath` option's flags on a float instruction (none by default).
    pub fn mark_fast(&self, inst: Option<inkwell::values::InstructionValue<'ctx>>) {
        let fm = self.options.fastmath;
        if let (false, Some(i)) = (fm.is_empty(), inst) {
            let _ = i.set_fast_math_flags(inkwell::values::FastMathFlags::from_bits_truncate(fm.bits().into()));
        }
    }

    /// Convert between scalar types (and tuples, element-wise), with Python's checks on
    /// float -> int (NaN and infinities raise).
    pub fn convert(&mut self, v: BasicValueEnum<'ctx>, from: &Type, to: &Type) -> Result<BasicValueEnum<'ctx>> {
        if from == to || matches!((from, to), (Type::Array(_), Type::Array(_))) {
            return Ok(v);
        }
        if let Type::Complex(k) = to {
            return self.to_complex(v, from, *k);
        }
        if let Type::Optional(inner) = to {
            // A value (converted to the payload's type), None, or another optional.
            let st = self.llvm_type(to).into_struct_type();
            let (has, payload) = match from {
                Type::None => (self.ctx.bool_type().const_zero(), self.llvm_type(inner).const_zero()),
                Type::Optional(f) => {
                    let s = v.into_struct_value();
                    let has = self.builder.build_extract_value(s, 0, "")?.into_int_value();
                    let x = self.builder.build_extract_value(s, 1, "")?;
                    (has, self.convert(x, f, inner)?)
                }
                f => (self.ctx.bool_type().const_int(1, false), self.convert(v, f, inner)?),
            };
            let agg = st.get_undef().as_aggregate_value_enum();
            let agg = self.builder.build_insert_value(agg, has, 0, "")?.as_aggregate_value_enum();
            return Ok(self.builder.build_insert_value(agg, payload, 1, "optional")?.as_aggregate_value_enum().as_basic_value_enum());
        }
        let target = self.llvm_type(to);
        let b = &self.builder;
        Ok(match (from, to) {
            (_, Type::Bool) => self.truth(v, from)?.into(),
            (Type::Bool, Type::Int(_)) => b.build_int_z_extend(v.into_int_value(), target.into_int_type(), "")?.into(),
            (Type::Bool, Type::Float(_)) => {
                b.build_unsigned_int_to_float(v.into_int_value(), target.into_float_type(), "")?.into()
            }
            (Type::Int(a), Type::Int(c)) => {
                let iv = v.into_int_value();
                let tt = target.into_int_type();
                if a.bits() > c.bits() {
                    b.build_int_truncate(iv, tt, "")?.into()
                } else if a.bits() == c.bits() {
                    iv.into()
                } else if a.signed() {
                    b.build_int_s_extend(iv, tt, "")?.into()
                } else {
                    b.build_int_z_extend(iv, tt, "")?.into()
                }
            }
            (Type::Int(a), Type::Float(_)) => {
                let iv = v.into_int_value();
                let ft = target.into_float_type();
                if a.signed() {
                    b.build_signed_int_to_float(iv, ft, "")?.into()
                } else {
                    b.build_unsigned_int_to_float(iv, ft, "")?.into()
                }
            }
            (Type::Float(_), Type::Int(k)) => {
                let fv = v.into_float_value();
                if self.python_checks() {
                    let is_nan = b.build_float_compare(FloatPredicate::UNO, fv, fv, "isnan")?;
                    self.check(is_nan, ExcKind::ValueError, "cannot convert float NaN to integer")?;
                    let abs = self.float_intrinsic("llvm.fabs", &[fv])?;
                    let inf = fv.get_type().const_float(f64::INFINITY);
                    let is_inf = self.builder.build_float_compare(FloatPredicate::OEQ, abs, inf, "isinf")?;
                    self.check(is_inf, ExcKind::OverflowError, "cannot convert float infinity to integer")?;
                    // CPython's int is unbounded; a compiled one is not: raise rather
                    // than go on with a wrong number.
                    let (lo, hi) = int_range(*k);
                    let ft = fv.get_type();
                    let b = &self.builder;
                    let below = b.build_float_compare(FloatPredicate::OLE, fv, ft.const_float(lo), "")?;
                    let above = b.build_float_compare(FloatPredicate::OGE, fv, ft.const_float(hi), "")?;
                    let out = b.build_or(below, above, "")?;
                    let message = format!("float too large to convert to {} (compiled integers are {}-bit)", k.name(), k.bits());
                    self.check(out, ExcKind::OverflowError, &message)?;
                }
                self.numpy_float_to_int(fv, *k)?.into()
            }
            (Type::Float(a), Type::Float(c)) => {
                let fv = v.into_float_value();
                let ft = target.into_float_type();
                match (a, c) {
                    (FloatKind::F32, FloatKind::F64) => b.build_float_ext(fv, ft, "")?.into(),
                    _ => b.build_float_trunc(fv, ft, "")?.into(),
                }
            }
            (Type::Tuple(fs), Type::Tuple(ts)) if fs.len() == ts.len() => {
                let sv = v.into_struct_value();
                let mut agg = target.into_struct_type().get_undef().as_aggregate_value_enum();
                for (i, (f, t)) in fs.iter().zip(ts).enumerate() {
                    let item = self.builder.build_extract_value(sv, i as u32, "")?;
                    let c = self.convert(item, f, t)?;
                    agg = self.builder.build_insert_value(agg, c, i as u32, "")?.as_aggregate_value_enum();
                }
                agg.as_basic_value_enum()
            }
            _ => return Err(BackendError::Llvm(format!("cannot convert {from} to {to}"))),
        })
    }
}

use inkwell::values::AggregateValue;

/// The open interval of floats whose truncation fits in `k`: (lo, hi), both exact doubles
/// (the lower bound of int64 is the closed -2**63, represented here by the next double
/// below it, which is itself out of range).
fn int_range(k: ferrojit_ir::IntKind) -> (f64, f64) {
    let bits = k.bits() as i32;
    match (k.signed(), bits) {
        (true, 64) => (-9.223_372_036_854_777_856e18, 2f64.powi(63)),
        (true, _) => (-2f64.powi(bits - 1) - 1.0, 2f64.powi(bits - 1)),
        (false, _) => (-1.0, 2f64.powi(bits)),
    }
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    /// `a / b` for two int64s, as CPython divides Python ints: ZeroDivisionError("division by zero"), and the correctly rounded
    /// quotient (a float division of the two converted ints when both are exact
    /// doubles, |x| <= 2**53; `ferrojit_rt_int_truediv` otherwise).
    fn int_true_divide(&mut self, a: &'p Expr, b: &'p Expr) -> Result<FloatValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        let a64 = self.expr(a)?.into_int_value();
        let b64 = self.expr(b)?.into_int_value();
        let zero = i64t.const_zero();
        let is_zero = self.builder.build_int_compare(IntPredicate::EQ, b64, zero, "")?;
        self.check(is_zero, ExcKind::ZeroDivisionError, "division by zero")?;
        let f64t = self.ctx.f64_type();
        let limit = i64t.const_int(1 << 53, false);
        let b_ = &self.builder;
        let exact = |v: IntValue<'ctx>| -> Result<IntValue<'ctx>> {
            // -2**53 <= v <= 2**53, as (v + 2**53) <= 2**54 unsigned
            let shifted = b_.build_int_add(v, limit, "")?;
            Ok(b_.build_int_compare(IntPredicate::ULE, shifted, i64t.const_int(1 << 54, false), "")?)
        };
        let both = b_.build_and(exact(a64)?, exact(b64)?, "")?;
        let fast = b_.build_float_div(
            b_.build_signed_int_to_float(a64, f64t, "")?,
            b_.build_signed_int_to_float(b64, f64t, "")?,
            "")?;
        let f = self.module.get_function("ferrojit_rt_int_truediv").unwrap_or_else(|| {
            let ft = f64t.fn_type(&[i64t.into(), i64t.into()], false);
            let f = self.module.add_function("ferrojit_rt_int_truediv", ft, Some(inkwell::module::Linkage::External));
            let memory = inkwell::attributes::Attribute::get_named_enum_kind_id("memory");
            f.add_attribute(inkwell::attributes::AttributeLoc::Function, self.ctx.create_enum_attribute(memory, 0));
            f
        });
        let slow_bb = self.append_block("int_div_slow")?;
        let join_bb = self.append_block("int_div_join")?;
        let fast_bb = self.builder.get_insert_block().ok_or_else(|| BackendError::Llvm("no block".into()))?;
        self.builder.build_conditional_branch(both, join_bb, slow_bb)?;
        self.builder.position_at_end(slow_bb);
        let slow = self
            .builder
            .build_call(f, &[a64.into(), b64.into()], "")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| BackendError::Llvm("int_truediv returned nothing".into()))?
            .into_float_value();
        self.builder.build_unconditional_branch(join_bb)?;
        self.builder.position_at_end(join_bb);
        let phi = self.builder.build_phi(f64t, "quotient")?;
        phi.add_incoming(&[(&fast, fast_bb), (&slow, slow_bb)]);
        Ok(phi.as_basic_value().into_float_value())
    }
}
