//! Complex numbers: a `{float, float}` struct (real part first, the memory layout of
//! NumPy's complex64/complex128), with CPython's arithmetic. Addition, subtraction,
//! multiplication (CPython's plain formula, no C99 Annex G recovery of infinities),
//! negation, conjugation, comparisons and `abs` are inline; division, power and the
//! `cmath` functions call the runtime's ports of CPython's algorithms
//! (`crates/runtime/src/cmath.rs`), in double precision for both kinds, and raise its
//! errors unless NumPy's error rules apply.

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::{BinOp, CmpOp, ExcKind, FloatKind, MathFn, Type};
use ferrojit_runtime as rt;
use inkwell::values::{AggregateValue, BasicValue, BasicValueEnum, FloatValue, IntValue};
use inkwell::FloatPredicate;

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    pub fn complex_parts(&self, v: BasicValueEnum<'ctx>) -> Result<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let s = v.into_struct_value();
        let re = self.builder.build_extract_value(s, 0, "re")?.into_float_value();
        let im = self.builder.build_extract_value(s, 1, "im")?.into_float_value();
        Ok((re, im))
    }

    pub fn make_complex(&self, k: FloatKind, re: FloatValue<'ctx>, im: FloatValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        let st = self.llvm_type(&Type::Complex(k)).into_struct_type();
        let agg = st.get_undef().as_aggregate_value_enum();
        let agg = self.builder.build_insert_value(agg, re, 0, "")?.as_aggregate_value_enum();
        Ok(self.builder.build_insert_value(agg, im, 1, "complex")?.as_aggregate_value_enum().as_basic_value_enum())
    }

    /// `z op w` for complex `z`, `w` of kind `k`.
    pub fn complex_binary(&mut self, op: BinOp, k: FloatKind, l: BasicValueEnum<'ctx>, r: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        let (a, b) = self.complex_parts(l)?;
        let (c, d) = self.complex_parts(r)?;
        let bl = &self.builder;
        let (re, im) = match op {
            BinOp::Add => (bl.build_float_add(a, c, "")?, bl.build_float_add(b, d, "")?),
            BinOp::Sub => (bl.build_float_sub(a, c, "")?, bl.build_float_sub(b, d, "")?),
            BinOp::Mul => {
                // CPython's _Py_c_prod: (ac - bd) + (ad + bc)j, no fused multiply-add.
                let ac = bl.build_float_mul(a, c, "")?;
                let bd = bl.build_float_mul(b, d, "")?;
                let ad = bl.build_float_mul(a, d, "")?;
                let bc = bl.build_float_mul(b, c, "")?;
                (bl.build_float_sub(ac, bd, "")?, bl.build_float_add(ad, bc, "")?)
            }
            BinOp::Div if self.numpy_mode => return self.numpy_complex_divide(k, a, b, c, d),
            BinOp::Div | BinOp::Pow => {
                let (name, errors): (&str, &[(i32, ExcKind, &str)]) = if op == BinOp::Div {
                    ("ferrojit_rt_cdiv", &[(rt::CMATH_ZERO_DIVISION, ExcKind::ZeroDivisionError, "complex division by zero")])
                } else {
                    (
                        "ferrojit_rt_cpow",
                        &[
                            (rt::CMATH_ZERO_POWER, ExcKind::ZeroDivisionError, "0.0 to a negative or complex power"),
                            (rt::CMATH_POWER_OVERFLOW, ExcKind::OverflowError, "complex exponentiation"),
                        ],
                    )
                };
                let args = [a, b, c, d];
                return self.complex_runtime_call(name, None, &args, k, errors);
            }
            _ => return Err(BackendError::Llvm(format!("{} on complex numbers", op.symbol()))),
        };
        self.make_complex(k, re, im)
    }

    /// Call a runtime helper that writes a complex128 through its last argument and
    /// returns a status; raise the exception a status names (Python's rules) and convert
    /// the result to kind `k`.
    fn complex_runtime_call(
        &mut self,
        name: &str,
        code: Option<i32>,
        parts: &[FloatValue<'ctx>],
        k: FloatKind,
        errors: &[(i32, ExcKind, &str)],
    ) -> Result<BasicValueEnum<'ctx>> {
        let f64t = self.ctx.f64_type();
        let i32t = self.ctx.i32_type();
        let out_ty = self.llvm_type(&Type::Complex(FloatKind::F64));
        let out = self.entry_alloca(out_ty, "cout")?;
        let mut args: Vec<BasicValueEnum> = Vec::new();
        if let Some(c) = code {
            args.push(i32t.const_int(c as u64, true).into());
        }
        for p in parts {
            let p = if p.get_type() == f64t { *p } else { self.builder.build_float_ext(*p, f64t, "")? };
            args.push(p.into());
        }
        args.push(out.into());
        let status = self.call_runtime(name, i32t.into(), &args)?.into_int_value();
        if self.python_checks() {
            for (value, exc, message) in errors {
                let hit = self.builder.build_int_compare(inkwell::IntPredicate::EQ, status, i32t.const_int(*value as u64, true), "")?;
                self.check(hit, *exc, message)?;
            }
        }
        let result = self.builder.build_load(out_ty, out, "cres")?;
        self.convert(result, &Type::Complex(FloatKind::F64), &Type::Complex(k))
    }

    /// NumPy's complex division (its ufunc loop, Smith's method with a reciprocal; a zero
    /// divisor gives infinities and NaNs), in the kind's own precision.
    fn numpy_complex_divide(
        &mut self,
        k: FloatKind,
        ar: FloatValue<'ctx>,
        ai: FloatValue<'ctx>,
        br: FloatValue<'ctx>,
        bi: FloatValue<'ctx>,
    ) -> Result<BasicValueEnum<'ctx>> {
        let t = ar.get_type();
        let abs_r = self.float_intrinsic("llvm.fabs", &[br])?;
        let abs_i = self.float_intrinsic("llvm.fabs", &[bi])?;
        let bl = &self.builder;
        let one = t.const_float(1.0);
        // |br| >= |bi|: rat = bi/br, scl = 1/(br + bi*rat)
        let rat1 = bl.build_float_div(bi, br, "")?;
        let den1 = bl.build_float_add(br, bl.build_float_mul(bi, rat1, "")?, "")?;
        let scl1 = bl.build_float_div(one, den1, "")?;
        let re1 = bl.build_float_mul(bl.build_float_add(ar, bl.build_float_mul(ai, rat1, "")?, "")?, scl1, "")?;
        let im1 = bl.build_float_mul(bl.build_float_sub(ai, bl.build_float_mul(ar, rat1, "")?, "")?, scl1, "")?;
        // otherwise: rat = br/bi, scl = 1/(bi + br*rat)
        let rat2 = bl.build_float_div(br, bi, "")?;
        let den2 = bl.build_float_add(bi, bl.build_float_mul(br, rat2, "")?, "")?;
        let scl2 = bl.build_float_div(one, den2, "")?;
        let re2 = bl.build_float_mul(bl.build_float_add(bl.build_float_mul(ar, rat2, "")?, ai, "")?, scl2, "")?;
        let im2 = bl.build_float_mul(bl.build_float_sub(bl.build_float_mul(ai, rat2, "")?, ar, "")?, scl2, "")?;
        // a zero divisor: a / |br|
        let re0 = bl.build_float_div(ar, abs_r, "")?;
        let im0 = bl.build_float_div(ai, abs_r, "")?;
        let first = bl.build_float_compare(FloatPredicate::OGE, abs_r, abs_i, "")?;
        let zero = bl.build_and(
            bl.build_float_compare(FloatPredicate::OEQ, abs_r, t.const_zero(), "")?,
            bl.build_float_compare(FloatPredicate::OEQ, abs_i, t.const_zero(), "")?,
            "",
        )?;
        let re = bl.build_select(first, re1, re2, "")?.into_float_value();
        let im = bl.build_select(first, im1, im2, "")?.into_float_value();
        let re = bl.build_select(zero, re0, re, "")?.into_float_value();
        let im = bl.build_select(zero, im0, im, "")?.into_float_value();
        self.make_complex(k, re, im)
    }

    pub fn complex_neg(&self, v: BasicValueEnum<'ctx>, k: FloatKind, conj_only: bool) -> Result<BasicValueEnum<'ctx>> {
        let (re, im) = self.complex_parts(v)?;
        let re = if conj_only { re } else { self.builder.build_float_neg(re, "")? };
        let im = self.builder.build_float_neg(im, "")?;
        self.make_complex(k, re, im)
    }

    /// `==` / `!=`: both parts equal (NaN unequal to everything).
    pub fn complex_compare(&self, op: CmpOp, l: BasicValueEnum<'ctx>, r: BasicValueEnum<'ctx>) -> Result<IntValue<'ctx>> {
        let (a, b) = self.complex_parts(l)?;
        let (c, d) = self.complex_parts(r)?;
        let bl = &self.builder;
        Ok(match op {
            CmpOp::Eq => {
                let x = bl.build_float_compare(FloatPredicate::OEQ, a, c, "")?;
                let y = bl.build_float_compare(FloatPredicate::OEQ, b, d, "")?;
                bl.build_and(x, y, "ceq")?
            }
            CmpOp::Ne => {
                let x = bl.build_float_compare(FloatPredicate::UNE, a, c, "")?;
                let y = bl.build_float_compare(FloatPredicate::UNE, b, d, "")?;
                bl.build_or(x, y, "cne")?
            }
            _ => return Err(BackendError::Llvm("ordering of complex numbers".into())),
        })
    }

    /// Truthiness: either part non-zero (NaN is true).
    pub fn complex_truth(&self, v: BasicValueEnum<'ctx>) -> Result<IntValue<'ctx>> {
        let (re, im) = self.complex_parts(v)?;
        let zero = re.get_type().const_zero();
        let x = self.builder.build_float_compare(FloatPredicate::UNE, re, zero, "")?;
        let y = self.builder.build_float_compare(FloatPredicate::UNE, im, zero, "")?;
        Ok(self.builder.build_or(x, y, "truth")?)
    }

    /// A number converted to complex kind `k` (a complex of the other kind part by part).
    pub fn to_complex(&mut self, v: BasicValueEnum<'ctx>, from: &Type, k: FloatKind) -> Result<BasicValueEnum<'ctx>> {
        let part = Type::Float(k);
        if let Type::Complex(fk) = from {
            let (re, im) = self.complex_parts(v)?;
            let re = self.convert(re.into(), &Type::Float(*fk), &part)?.into_float_value();
            let im = self.convert(im.into(), &Type::Float(*fk), &part)?.into_float_value();
            return self.make_complex(k, re, im);
        }
        let re = self.convert(v, from, &part)?.into_float_value();
        self.make_complex(k, re, re.get_type().const_zero())
    }

    /// A math function of a complex number: `abs` (as `Fabs`), `cmath.phase`, the `cmath`
    /// predicates, and the `cmath` functions the runtime implements.
    pub fn complex_math(&mut self, func: MathFn, z: BasicValueEnum<'ctx>, k: FloatKind) -> Result<BasicValueEnum<'ctx>> {
        let (re, im) = self.complex_parts(z)?;
        let inf = re.get_type().const_float(f64::INFINITY);
        match func {
            MathFn::Fabs => {
                // CPython's abs(complex): libm's hypot; an infinite result from finite
                // parts is an OverflowError.
                let r = self.libm_call("hypot", &[re, im])?;
                if self.python_checks() {
                    let overflow = self.inf_from_finite(r, &[re, im])?;
                    self.check(overflow, ExcKind::OverflowError, "absolute value too large")?;
                }
                Ok(r.into())
            }
            MathFn::Phase => Ok(self.libm_call("atan2", &[im, re])?.into()),
            MathFn::Isnan => {
                let x = self.builder.build_float_compare(FloatPredicate::UNO, re, re, "")?;
                let y = self.builder.build_float_compare(FloatPredicate::UNO, im, im, "")?;
                Ok(self.builder.build_or(x, y, "isnan")?.into())
            }
            MathFn::Isinf | MathFn::Isfinite => {
                let are = self.float_intrinsic("llvm.fabs", &[re])?;
                let aim = self.float_intrinsic("llvm.fabs", &[im])?;
                let bl = &self.builder;
                Ok(if func == MathFn::Isinf {
                    let x = bl.build_float_compare(FloatPredicate::OEQ, are, inf, "")?;
                    let y = bl.build_float_compare(FloatPredicate::OEQ, aim, inf, "")?;
                    bl.build_or(x, y, "isinf")?
                } else {
                    let x = bl.build_float_compare(FloatPredicate::OLT, are, inf, "")?;
                    let y = bl.build_float_compare(FloatPredicate::OLT, aim, inf, "")?;
                    bl.build_and(x, y, "isfinite")?
                }
                .into())
            }
            other => {
                let code = rt::CMATH_FUNCTIONS
                    .iter()
                    .position(|n| *n == other.name())
                    .ok_or_else(|| BackendError::Llvm(format!("cmath has no {}", other.name())))?;
                let errors = [
                    (rt::CMATH_DOMAIN, ExcKind::ValueError, "math domain error"),
                    (rt::CMATH_RANGE, ExcKind::OverflowError, "math range error"),
                ];
                self.complex_runtime_call("ferrojit_rt_cmath", Some(code as i32), &[re, im], k, &errors)
            }
        }
    }

    /// A call of a libm function of doubles, for either float kind (float32 goes through
    /// double, as NumPy's complex64 loops do for these).
    fn libm_call(&mut self, name: &str, args: &[FloatValue<'ctx>]) -> Result<FloatValue<'ctx>> {
        let t = args[0].get_type();
        let f64t = self.ctx.f64_type();
        let wide: Vec<BasicValueEnum> = args
            .iter()
            .map(|a| if t == f64t { Ok((*a).into()) } else { self.builder.build_float_ext(*a, f64t, "").map(Into::into) })
            .collect::<std::result::Result<_, _>>()?;
        let r = self.call_runtime(name, f64t.into(), &wide)?.into_float_value();
        Ok(if t == f64t { r } else { self.builder.build_float_trunc(r, t, "")? })
    }
}
