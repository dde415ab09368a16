//! The one lowering point for math functions: LLVM intrinsics where they exist (so
//! constant folding and vectorisation apply), libm calls otherwise, and CPython's
//! `math` error rules (`ValueError: math domain error`, `OverflowError: math range
//! error`) unless `error_model="numpy"`.

use crate::codegen::Codegen;
use crate::{BackendError, Result};
use ferrojit_ir::{ExcKind, MathFn};
use inkwell::module::Linkage;
use inkwell::values::{BasicValueEnum, FloatValue};
use inkwell::FloatPredicate;

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    pub fn math(&mut self, func: MathFn, args: &[FloatValue<'ctx>]) -> Result<BasicValueEnum<'ctx>> {
        use MathFn::*;
        let x = *args.first().ok_or_else(|| BackendError::Llvm("math call without arguments".into()))?;
        let t = x.get_type();
        let inf = t.const_float(f64::INFINITY);
        match func {
            Isnan => return Ok(self.builder.build_float_compare(FloatPredicate::UNO, x, x, "isnan")?.into()),
            Isinf | Isfinite => {
                let ax = self.float_intrinsic("llvm.fabs", &[x])?;
                let p = if func == Isinf { FloatPredicate::OEQ } else { FloatPredicate::OLT };
                return Ok(self.builder.build_float_compare(p, ax, inf, "")?.into());
            }
            Degrees | Radians => {
                let k = if func == Degrees { 180.0 / std::f64::consts::PI } else { std::f64::consts::PI / 180.0 };
                return Ok(self.builder.build_float_mul(x, t.const_float(k), "")?.into());
            }
            _ => {}
        }
        let vector_name = match func {
            Exp | Log | Log2 | Log10 | Sin | Cos | Tan | Asin | Acos | Atan | Sinh | Cosh | Tanh | Asinh | Acosh
            | Atanh | Expm1 | Log1p | Erf | Erfc | Pow | Atan2 | Hypot => Some(func.name()),
            _ => None,
        };
        // NumPy's ufuncs use SIMD math, so element-wise code may too: a libm call with
        // its libmvec vector variants attached, which the loop vectoriser picks up.
        // (Python's `math` functions keep scalar libm for bit-identical results.)
        if let (true, Some(name), true) = (self.numpy_mode, vector_name, t == self.ctx.f64_type()) {
            let r = self.libm_vectorizable(name, args)?;
            return Ok(r.into());
        }
        let r = match func {
            Sqrt => self.float_intrinsic("llvm.sqrt", args)?,
            Exp => self.float_intrinsic("llvm.exp", args)?,
            Log => self.float_intrinsic("llvm.log", args)?,
            Log2 => self.float_intrinsic("llvm.log2", args)?,
            Exp2 => self.float_intrinsic("llvm.exp2", args)?,
            Rint => self.float_intrinsic("llvm.rint", args)?,
            Log10 => self.float_intrinsic("llvm.log10", args)?,
            Sin => self.float_intrinsic("llvm.sin", args)?,
            Cos => self.float_intrinsic("llvm.cos", args)?,
            Pow => self.float_pow(args[0], args[1], !self.numpy_mode)?,
            Floor => self.float_intrinsic("llvm.floor", args)?,
            Ceil => self.float_intrinsic("llvm.ceil", args)?,
            Trunc => self.float_intrinsic("llvm.trunc", args)?,
            Fabs => self.float_intrinsic("llvm.fabs", args)?,
            Copysign => self.float_intrinsic("llvm.copysign", args)?,
            Fmod => self.builder.build_float_rem(x, args[1], "fmod")?,
            Gamma => self.libm("tgamma", args)?,
            // Python's math.hypot is CPython's own algorithm (correctly rounded), not libm's.
            Hypot if !self.numpy_mode && t == self.ctx.f64_type() => self.libm("ferrojit_rt_hypot", args)?,
            RoundDigits => {
                let r = self.libm("ferrojit_rt_round_digits", args)?;
                if self.python_checks() {
                    let inf = self.inf_from_finite(r, &args[..1])?;
                    self.check(inf, ExcKind::OverflowError, "rounded value too large to represent")?;
                }
                return Ok(r.into());
            }
            other => self.libm(other.name(), args)?,
        };
        // CPython's hypot returns inf on overflow rather than raising.
        let never_fails = matches!(func, Floor | Ceil | Trunc | Fabs | Copysign | Hypot);
        if self.python_checks() && !never_fails {
            let nan = self.nan_from_numbers(r, args)?;
            self.check(nan, ExcKind::ValueError, "math domain error")?;
            let inf = self.inf_from_finite(r, args)?;
            if matches!(func, Gamma | Lgamma) {
                // A pole (0 or a negative integer) is a domain error; other infinities
                // (gamma(172.0)) are overflow.
                let fl = self.float_intrinsic("llvm.floor", &[x])?;
                let b = &self.builder;
                let integral = b.build_float_compare(FloatPredicate::OEQ, fl, x, "")?;
                let not_positive = b.build_float_compare(FloatPredicate::OLE, x, t.const_zero(), "")?;
                let pole = b.build_and(integral, not_positive, "")?;
                let domain = b.build_and(inf, pole, "")?;
                self.check(domain, ExcKind::ValueError, "math domain error")?;
                let range = self.builder.build_and(inf, self.builder.build_not(pole, "")?, "")?;
                self.check(range, ExcKind::OverflowError, "math range error")?;
            } else if func == Pow {
                // pow(0, negative) is a domain error; other infinities are overflow.
                let zero = self.builder.build_float_compare(FloatPredicate::OEQ, x, t.const_zero(), "")?;
                let domain = self.builder.build_and(inf, zero, "")?;
                self.check(domain, ExcKind::ValueError, "math domain error")?;
                let range = self.builder.build_and(inf, self.builder.build_not(zero, "")?, "")?;
                self.check(range, ExcKind::OverflowError, "math range error")?;
            } else if func.can_overflow() {
                self.check(inf, ExcKind::OverflowError, "math range error")?;
            } else {
                self.check(inf, ExcKind::ValueError, "math domain error")?;
            }
        }
        Ok(r.into())
    }

    /// A libm call (`double name(double...)`) marked side-effect free and annotated with
    /// the libmvec variants this CPU can run (AVX2: 4 lanes, AVX-512: 8 lanes).
    fn libm_vectorizable(&mut self, name: &str, args: &[FloatValue<'ctx>]) -> Result<FloatValue<'ctx>> {
        let f64t = self.ctx.f64_type();
        let f = self.module.get_function(name).unwrap_or_else(|| {
            let params: Vec<inkwell::types::BasicMetadataTypeEnum> = args.iter().map(|_| f64t.into()).collect();
            let f = self.module.add_function(name, f64t.fn_type(&params, false), Some(Linkage::External));
            let memory = inkwell::attributes::Attribute::get_named_enum_kind_id("memory");
            f.add_attribute(inkwell::attributes::AttributeLoc::Function, self.ctx.create_enum_attribute(memory, 0));
            let nounwind = inkwell::attributes::Attribute::get_named_enum_kind_id("nounwind");
            f.add_attribute(inkwell::attributes::AttributeLoc::Function, self.ctx.create_enum_attribute(nounwind, 0));
            f
        });
        let params = "v".repeat(args.len());
        let mut variants = Vec::new();
        for (isa, lanes, feature) in [("d", 4u32, "+avx2"), ("e", 8u32, "+avx512f")] {
            let vname = format!("_ZGV{isa}N{lanes}{params}_{name}");
            let has_feature = crate::target::host().map(|h| h.features.split(',').any(|x| x == feature)).unwrap_or(false);
            if !has_feature || ferrojit_runtime::vector_math_symbol(&vname).is_none() {
                continue;
            }
            if self.module.get_function(&vname).is_none() {
                let vt = f64t.vec_type(lanes);
                let vparams: Vec<inkwell::types::BasicMetadataTypeEnum> = args.iter().map(|_| vt.into()).collect();
                let vf = self.module.add_function(&vname, vt.fn_type(&vparams, false), Some(Linkage::External));
                self.vector_decls.push(vf);
            }
            variants.push(format!("_ZGV_LLVM_N{lanes}{params}_{name}({vname})"));
        }
        let values: Vec<inkwell::values::BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        let call = self.builder.build_call(f, &values, name)?;
        if !variants.is_empty() {
            let attr = self.ctx.create_string_attribute("vector-function-abi-variant", &variants.join(","));
            call.add_attribute(inkwell::attributes::AttributeLoc::Function, attr);
        }
        call.try_as_basic_value()
            .basic()
            .map(|v| v.into_float_value())
            .ok_or_else(|| BackendError::Llvm(format!("{name} returned nothing")))
    }

    /// Call a libm function by name (`double f(double[, double])`).
    fn libm(&self, name: &str, args: &[FloatValue<'ctx>]) -> Result<FloatValue<'ctx>> {
        let t = args[0].get_type();
        let f = self.module.get_function(name).unwrap_or_else(|| {
            let params: Vec<inkwell::types::BasicMetadataTypeEnum> = args.iter().map(|_| t.into()).collect();
            self.module.add_function(name, t.fn_type(&params, false), Some(Linkage::External))
        });
        let values: Vec<inkwell::values::BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        self.builder
            .build_call(f, &values, name)?
            .try_as_basic_value()
            .basic()
            .map(|v| v.into_float_value())
            .ok_or_else(|| BackendError::Llvm(format!("{name} returned nothing")))
    }
}
