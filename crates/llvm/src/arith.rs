//! Arithmetic with Python's semantics: floor division and modulo signs, true division,
//! power, shifts, and the exceptions CPython raises (ZeroDivisionError, ...).
//! Integer overflow wraps at the type's width (documented difference from CPython).

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::{BinOp, ExcKind, Type};
use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    pub fn binary(&mut self, op: BinOp, ty: &Type, l: BasicValueEnum<'ctx>, r: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        match ty {
            Type::Float(_) => Ok(self.float_binary(op, l.into_float_value(), r.into_float_value())?.into()),
            Type::Complex(k) => self.complex_binary(op, *k, l, r),
            Type::Int(k) => Ok(self.int_binary(op, k.signed(), l.into_int_value(), r.into_int_value())?.into()),
            Type::Bool => {
                let (a, b) = (l.into_int_value(), r.into_int_value());
                Ok(match op {
                    BinOp::BitAnd => self.builder.build_and(a, b, "")?,
                    BinOp::BitOr => self.builder.build_or(a, b, "")?,
                    BinOp::BitXor => self.builder.build_xor(a, b, "")?,
                    _ => return Err(BackendError::Llvm(format!("{} on bool", op.symbol()))),
                }
                .into())
            }
            _ => Err(BackendError::Llvm(format!("{} on {ty}", op.symbol()))),
        }
    }

    fn int_binary(&mut self, op: BinOp, signed: bool, a: IntValue<'ctx>, b: IntValue<'ctx>) -> Result<IntValue<'ctx>> {
        let t = a.get_type();
        let zero = t.const_zero();
        let bits = t.get_bit_width() as u64;
        Ok(match op {
            BinOp::Add => self.builder.build_int_add(a, b, "add")?,
            BinOp::Sub => self.builder.build_int_sub(a, b, "sub")?,
            BinOp::Mul => self.builder.build_int_mul(a, b, "mul")?,
            BinOp::BitAnd => self.builder.build_and(a, b, "and")?,
            BinOp::BitOr => self.builder.build_or(a, b, "or")?,
            BinOp::BitXor => self.builder.build_xor(a, b, "xor")?,
            BinOp::FloorDiv | BinOp::Mod => {
                let is_zero = self.builder.build_int_compare(IntPredicate::EQ, b, zero, "divzero")?;
                if !self.python_checks() {
                    // NumPy: integer division by zero gives 0 (with a warning NumPy prints).
                    let one = t.const_int(1, false);
                    let safe = self.builder.build_select(is_zero, one, b, "")?.into_int_value();
                    let r = self.int_floor_divmod(op, signed, a, safe)?;
                    return Ok(self.builder.build_select(is_zero, zero, r, "")?.into_int_value());
                }
                let msg = if op == BinOp::FloorDiv { "integer division or modulo by zero" } else { "integer modulo by zero" };
                self.check(is_zero, ExcKind::ZeroDivisionError, msg)?;
                self.int_floor_divmod(op, signed, a, b)?
            }
            BinOp::Pow => {
                if let Some(c) = b.get_sign_extended_constant() {
                    if (0..=4).contains(&c) {
                        let mut acc = t.const_int(1, false);
                        for _ in 0..c {
                            acc = self.builder.build_int_mul(acc, a, "pow")?;
                        }
                        return Ok(acc);
                    }
                }
                if signed {
                    let neg = self.builder.build_int_compare(IntPredicate::SLT, b, zero, "")?;
                    let msg = if self.numpy_mode {
                        // NumPy's integer power (an operand is a NumPy integer).
                        "Integers to negative integer powers are not allowed."
                    } else {
                        "integer ** negative integer: Python would return a float, but a compiled int \
                         expression keeps its type; use a float base (2.0 ** n)"
                    };
                    self.check(neg, ExcKind::ValueError, msg)?;
                }
                let name = if signed { "ferrojit_rt_ipow" } else { "ferrojit_rt_upow" };
                let i64t = self.ctx.i64_type();
                let (a64, b64) = if bits == 64 {
                    (a, b)
                } else if signed {
                    (self.builder.build_int_s_extend(a, i64t, "")?, self.builder.build_int_s_extend(b, i64t, "")?)
                } else {
                    (self.builder.build_int_z_extend(a, i64t, "")?, self.builder.build_int_z_extend(b, i64t, "")?)
                };
                let r = self.call_runtime(name, i64t.into(), &[a64.into(), b64.into()])?.into_int_value();
                if bits == 64 {
                    r
                } else {
                    self.builder.build_int_truncate(r, t, "")?
                }
            }
            BinOp::Shl | BinOp::Shr => {
                // NumPy shifts negative counts out entirely; Python raises.
                if signed && self.python_checks() {
                    let neg = self.builder.build_int_compare(IntPredicate::SLT, b, zero, "")?;
                    self.check(neg, ExcKind::ValueError, "negative shift count")?;
                }
                let bl = &self.builder;
                let limit = t.const_int(bits - 1, false);
                let too_big = bl.build_int_compare(IntPredicate::UGT, b, limit, "")?;
                let clamped = bl.build_select(too_big, limit, b, "")?.into_int_value();
                if op == BinOp::Shl {
                    let s = bl.build_left_shift(a, clamped, "")?;
                    bl.build_select(too_big, zero, s, "shl")?.into_int_value()
                } else if signed {
                    bl.build_right_shift(a, clamped, true, "shr")?
                } else {
                    let s = bl.build_right_shift(a, clamped, false, "")?;
                    bl.build_select(too_big, zero, s, "shr")?.into_int_value()
                }
            }
            BinOp::Div => return Err(BackendError::Llvm("integer true division reached the backend".into())),
        })
    }

    /// Python's floor division / modulo for a non-zero divisor `b`.
    fn int_floor_divmod(&self, op: BinOp, signed: bool, a: IntValue<'ctx>, b: IntValue<'ctx>) -> Result<IntValue<'ctx>> {
        let t = a.get_type();
        let zero = t.const_zero();
        let bl = &self.builder;
        if !signed {
            return Ok(if op == BinOp::FloorDiv {
                bl.build_int_unsigned_div(a, b, "div")?
            } else {
                bl.build_int_unsigned_rem(a, b, "rem")?
            });
        }
        if let Some(c) = b.get_sign_extended_constant().filter(|c| *c > 0) {
            return self.floor_divmod_by_positive_constant(op, a, b, c as u64);
        }
        // b == -1 would overflow for MIN / -1 (undefined in LLVM): divide by 1 and negate.
        let minus_one = t.const_all_ones();
        let is_m1 = bl.build_int_compare(IntPredicate::EQ, b, minus_one, "")?;
        let safe_b = bl.build_select(is_m1, t.const_int(1, false), b, "")?.into_int_value();
        let rem = bl.build_int_signed_rem(a, safe_b, "")?;
        let rem_nz = bl.build_int_compare(IntPredicate::NE, rem, zero, "")?;
        let signs = bl.build_xor(rem, b, "")?;
        let differ = bl.build_int_compare(IntPredicate::SLT, signs, zero, "")?;
        let adjust = bl.build_and(rem_nz, differ, "adjust")?;
        Ok(if op == BinOp::FloorDiv {
            let q = bl.build_int_signed_div(a, safe_b, "")?;
            let q = bl.build_select(is_m1, bl.build_int_neg(a, "")?, q, "")?.into_int_value();
            let one = bl.build_int_z_extend(adjust, t, "")?;
            bl.build_int_sub(q, one, "floordiv")?
        } else {
            let plus = bl.build_select(adjust, b, zero, "")?.into_int_value();
            bl.build_int_add(rem, plus, "mod")?
        })
    }

    /// Floor division and modulo by a positive constant: shifts and masks for powers of
    /// two, otherwise truncating division with a sign fix-up LLVM turns into `cmov`.
    fn floor_divmod_by_positive_constant(&self, op: BinOp, a: IntValue<'ctx>, b: IntValue<'ctx>, c: u64) -> Result<IntValue<'ctx>> {
        let t = a.get_type();
        let bl = &self.builder;
        if c.is_power_of_two() {
            return Ok(if op == BinOp::FloorDiv {
                bl.build_right_shift(a, t.const_int(c.trailing_zeros() as u64, false), true, "floordiv")?
            } else {
                bl.build_and(a, t.const_int(c - 1, false), "mod")?
            });
        }
        let zero = t.const_zero();
        let rem = bl.build_int_signed_rem(a, b, "")?;
        let negative = bl.build_int_compare(IntPredicate::SLT, rem, zero, "")?;
        Ok(if op == BinOp::FloorDiv {
            let q = bl.build_int_signed_div(a, b, "")?;
            let one = bl.build_int_z_extend(negative, t, "")?;
            bl.build_int_sub(q, one, "floordiv")?
        } else {
            let plus = bl.build_select(negative, b, zero, "")?.into_int_value();
            bl.build_int_add(rem, plus, "mod")?
        })
    }

    fn fast(&self, v: FloatValue<'ctx>) -> FloatValue<'ctx> {
        self.mark_fast(v.as_instruction());
        v
    }

    fn float_binary(&mut self, op: BinOp, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> Result<FloatValue<'ctx>> {
        let t = a.get_type();
        let zero = t.const_zero();
        let checked = self.python_checks();
        Ok(match op {
            BinOp::Add => self.fast(self.builder.build_float_add(a, b, "fadd")?),
            BinOp::Sub => self.fast(self.builder.build_float_sub(a, b, "fsub")?),
            BinOp::Mul => self.fast(self.builder.build_float_mul(a, b, "fmul")?),
            BinOp::Div => {
                if checked {
                    let z = self.builder.build_float_compare(FloatPredicate::OEQ, b, zero, "")?;
                    self.check(z, ExcKind::ZeroDivisionError, "float division by zero")?;
                }
                self.fast(self.builder.build_float_div(a, b, "fdiv")?)
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if checked {
                    let z = self.builder.build_float_compare(FloatPredicate::OEQ, b, zero, "")?;
                    let msg = if op == BinOp::FloorDiv { "float floor division by zero" } else { "float modulo" };
                    self.check(z, ExcKind::ZeroDivisionError, msg)?;
                }
                let (div, m) = self.float_divmod(a, b)?;
                let r = if op == BinOp::FloorDiv { div } else { m };
                if checked {
                    r
                } else {
                    // NumPy: x // 0.0 is x / 0.0 (inf or nan), x % 0.0 is nan.
                    let bl = &self.builder;
                    let z = bl.build_float_compare(FloatPredicate::OEQ, b, zero, "")?;
                    let by_zero = if op == BinOp::FloorDiv { bl.build_float_div(a, b, "")? } else { bl.build_float_rem(a, b, "")? };
                    bl.build_select(z, by_zero, r, "")?.into_float_value()
                }
            }
            BinOp::Pow => {
                if let Some(c) = constant_float(b) {
                    if c == 2.0 {
                        let r = self.fast(self.builder.build_float_mul(a, a, "sq")?);
                        if checked {
                            let overflow = self.inf_from_finite(r, &[a])?;
                            self.check(overflow, ExcKind::OverflowError, ferrojit_ir::ERANGE_TEXT)?;
                        }
                        return Ok(r);
                    }
                    if c == 1.0 {
                        return Ok(a);
                    }
                    if c == 0.5 && !checked {
                        // NumPy's power uses sqrt for 0.5 (so -0.0 ** 0.5 is -0.0).
                        return self.float_intrinsic("llvm.sqrt", &[a]);
                    }
                }
                let r = self.float_pow(a, b, checked)?;
                if checked {
                    // A constant exponent in (0, 1] (`s ** 0.5`): no 0.0 ** negative, and
                    // |a| ** b of a finite a stays finite, so only the complex-result test
                    // is left (pdist's `s**0.5` is a sqrt and one compare).
                    let root = constant_float(b).is_some_and(|c| c > 0.0 && c <= 1.0);
                    if !root {
                        let bl = &self.builder;
                        let a_zero = bl.build_float_compare(FloatPredicate::OEQ, a, zero, "")?;
                        let b_neg = bl.build_float_compare(FloatPredicate::OLT, b, zero, "")?;
                        let b_finite = bl.build_float_compare(FloatPredicate::OGT, b, t.const_float(f64::NEG_INFINITY), "")?;
                        let zero_neg = bl.build_and(bl.build_and(a_zero, b_neg, "")?, b_finite, "")?;
                        self.check(zero_neg, ExcKind::ZeroDivisionError, "0.0 cannot be raised to a negative power")?;
                    }
                    let fl = self.float_intrinsic("llvm.floor", &[b])?;
                    let bl = &self.builder;
                    let frac = bl.build_float_compare(FloatPredicate::ONE, b, fl, "")?;
                    let a_neg = bl.build_float_compare(FloatPredicate::OLT, a, zero, "")?;
                    let maybe_complex = bl.build_and(frac, a_neg, "")?;
                    // CPython's result is complex: unsupported here, unless computing it
                    // would overflow, where CPython raises too. (-inf ** 0.5 is inf in C
                    // and CPython: tested on the cold path, so that the hot one is one
                    // compare.)
                    let negative = self.append_block("negative_base")?;
                    let err = self.append_block("complex_power")?;
                    let ok = self.append_block("real_power")?;
                    self.branch_unlikely(maybe_complex, negative, ok)?;
                    self.builder.position_at_end(negative);
                    let minus_inf = self.builder.build_float_compare(FloatPredicate::OEQ, a, t.const_float(f64::NEG_INFINITY), "")?;
                    self.builder.build_conditional_branch(minus_inf, ok, err)?;
                    self.builder.position_at_end(err);
                    if !root {
                        let magnitude = self.float_intrinsic("llvm.pow", &[self.float_intrinsic("llvm.fabs", &[a])?, b])?;
                        let huge = self.builder.build_float_compare(FloatPredicate::OEQ, magnitude, t.const_float(f64::INFINITY), "")?;
                        self.check(huge, ExcKind::OverflowError, "complex exponentiation")?;
                    }
                    self.raise(
                        ExcKind::ValueError,
                        "negative number raised to a fractional power has a complex result, which compiled code does not support",
                    )?;
                    self.builder.build_unconditional_branch(ok)?;
                    self.builder.position_at_end(ok);
                    if !root {
                        let overflow = self.inf_from_finite(r, &[a, b])?;
                        self.check(overflow, ExcKind::OverflowError, ferrojit_ir::ERANGE_TEXT)?;
                    }
                }
                r
            }
            _ => return Err(BackendError::Llvm(format!("{} on floats", op.symbol()))),
        })
    }

    /// CPython's `float_divmod`: (floor quotient, modulo with the divisor's sign).
    fn float_divmod(&mut self, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> Result<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let t = a.get_type();
        let zero = t.const_zero();
        let one = t.const_float(1.0);
        let half = t.const_float(0.5);
        let bl = &self.builder;
        let m0 = bl.build_float_rem(a, b, "fmod")?;
        let div0 = bl.build_float_div(bl.build_float_sub(a, m0, "")?, b, "")?;
        let m_nz = bl.build_float_compare(FloatPredicate::UNE, m0, zero, "")?;
        let b_neg = bl.build_float_compare(FloatPredicate::OLT, b, zero, "")?;
        let m_neg = bl.build_float_compare(FloatPredicate::OLT, m0, zero, "")?;
        let differ = bl.build_xor(b_neg, m_neg, "")?;
        let adjust = bl.build_and(m_nz, differ, "")?;
        let m1 = bl.build_select(adjust, bl.build_float_add(m0, b, "")?, m0, "")?.into_float_value();
        let div1 = bl.build_select(adjust, bl.build_float_sub(div0, one, "")?, div0, "")?.into_float_value();
        let signed_zero_b = self.float_intrinsic("llvm.copysign", &[zero, b])?;
        let bl = &self.builder;
        let m = bl.build_select(m_nz, m1, signed_zero_b, "mod")?.into_float_value();
        let fl = self.float_intrinsic("llvm.floor", &[div1])?;
        let bl = &self.builder;
        let frac = bl.build_float_sub(div1, fl, "")?;
        let round_up = bl.build_float_compare(FloatPredicate::OGT, frac, half, "")?;
        let fl2 = bl.build_select(round_up, bl.build_float_add(fl, one, "")?, fl, "")?.into_float_value();
        let quotient = bl.build_float_div(a, b, "")?;
        let signed_zero_q = self.float_intrinsic("llvm.copysign", &[zero, quotient])?;
        let bl = &self.builder;
        let d_nz = bl.build_float_compare(FloatPredicate::UNE, div1, zero, "")?;
        let div = bl.build_select(d_nz, fl2, signed_zero_q, "floordiv")?.into_float_value();
        Ok((div, m))
    }

    /// `r` is infinite although every input is finite.
    pub fn inf_from_finite(&self, r: FloatValue<'ctx>, inputs: &[FloatValue<'ctx>]) -> Result<IntValue<'ctx>> {
        let inf = r.get_type().const_float(f64::INFINITY);
        let abs_r = self.float_intrinsic("llvm.fabs", &[r])?;
        let mut cond = self.builder.build_float_compare(FloatPredicate::OEQ, abs_r, inf, "")?;
        for x in inputs {
            let ax = self.float_intrinsic("llvm.fabs", &[*x])?;
            let finite = self.builder.build_float_compare(FloatPredicate::OLT, ax, inf, "")?;
            cond = self.builder.build_and(cond, finite, "")?;
        }
        Ok(cond)
    }

    /// `r` is NaN although no input is.
    pub fn nan_from_numbers(&self, r: FloatValue<'ctx>, inputs: &[FloatValue<'ctx>]) -> Result<IntValue<'ctx>> {
        let mut cond = self.builder.build_float_compare(FloatPredicate::UNO, r, r, "")?;
        for x in inputs {
            let ordered = self.builder.build_float_compare(FloatPredicate::ORD, *x, *x, "")?;
            cond = self.builder.build_and(cond, ordered, "")?;
        }
        Ok(cond)
    }
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    /// `a ** b` on floats: libm's pow. A constant base that is a power of two goes through
    /// the runtime instead of `llvm.pow`, which LLVM would rewrite as `exp2(n * b)`:
    /// `n * b` rounds, and the result can be ulps away from pow's (`2.0**53 ** 3.3`).
    ///
    /// `python`: CPython's `**` / `math.pow`, which call libm's pow whatever the
    /// exponent: LLVM would also rewrite `x ** -1.0` as `1.0 / x`, which can differ from
    /// pow's result in the last bit.
    pub(crate) fn float_pow(&mut self, a: FloatValue<'ctx>, b: FloatValue<'ctx>, python: bool) -> Result<FloatValue<'ctx>> {
        // A positive normal number with an empty mantissa, other than 1.0.
        let power_of_two = constant_float(a).is_some_and(|c| c > 0.0 && c.is_normal() && c != 1.0 && c.to_bits() & ((1 << 52) - 1) == 0);
        let reciprocal = python && constant_float(b) == Some(-1.0);
        if !power_of_two && !reciprocal {
            // Element-wise NumPy code may use libmvec's pow (4 ulp, as its other
            // functions); Python's `**` keeps libm's, bit for bit CPython's.
            if self.numpy_mode {
                return self.libm_vectorizable("pow", &[a, b]);
            }
            return self.float_intrinsic("llvm.pow", &[a, b]);
        }
        let t = a.get_type();
        let f64t = self.ctx.f64_type();
        let widen = |cg: &Self, x: FloatValue<'ctx>| -> Result<FloatValue<'ctx>> {
            Ok(if x.get_type() == f64t { x } else { cg.builder.build_float_ext(x, f64t, "")? })
        };
        let (a64, b64) = (widen(self, a)?, widen(self, b)?);
        let r = self.call_runtime("ferrojit_rt_pow", f64t.into(), &[a64.into(), b64.into()])?.into_float_value();
        Ok(if t == f64t { r } else { self.builder.build_float_trunc(r, t, "")? })
    }
}

/// The value of a float constant (`ConstantFP`) only: inkwell's `get_constant` reads any
/// constant as one, and a poison value (`2.0 ** (100 % 0)`: the exponent of code after
/// a raise) crashed it.
fn constant_float(v: FloatValue<'_>) -> Option<f64> {
    use inkwell::values::AsValueRef;
    // SAFETY: a type query on a live value.
    let is_fp = unsafe { !inkwell::llvm_sys::core::LLVMIsAConstantFP(v.as_value_ref()).is_null() };
    if is_fp {
        v.get_constant().map(|(c, _)| c)
    } else {
        None
    }
}
