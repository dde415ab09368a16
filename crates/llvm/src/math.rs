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
            Exp | Exp2 | Log | Log2 | Log10 | Sin | Cos | Tan | Asin | Acos | Atan | Sinh | Cosh | Tanh | Asinh
            | Acosh | Atanh | Expm1 | Log1p | Erf | Erfc | Pow | Atan2 | Hypot | Cbrt => Some(func.name()),
            _ => None,
        };
        // NumPy's ufuncs use SIMD math, so element-wise code may too: a libm call with
        // its libmvec vector variants attached, which the loop vectoriser picks up;
        // float32 in float32 (`expf`, `_ZGVeN16v_expf`), as NumPy's float32 loops.
        // (Python's `math` functions keep scalar libm for bit-identical results.)
        let float_type = t == self.ctx.f64_type() || t == self.ctx.f32_type();
        if let (true, Some(name), true) = (self.numpy_mode, vector_name, float_type) {
            if let Some(r) = self.composite(func, x)? {
                return Ok(r.into());
            }
            let r = self.libm_vectorizable(name, args)?;
            return Ok(r.into());
        }
        // `fastmath` with `afn` (approximate functions) lets `math.exp` & co. take the
        // vector variants too (within libmvec's 4 ulp instead of CPython's bits); the
        // error checks stay (with `error_model="numpy"` none, and the loop vectorises).
        let approximate = self.options.fastmath.contains("afn") && !matches!(func, Hypot | Pow);
        let r = match func {
            _ if approximate && vector_name.is_some() && float_type => self.libm_vectorizable(func.name(), args)?,
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
            Ldexp => self.libm("ferrojit_rt_ldexp", args)?,
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
        let never_fails = matches!(func, Floor | Ceil | Trunc | Fabs | Copysign | Hypot | Cbrt | Nextafter);
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

    /// float64 `tanh` and `log` from a faster libmvec function, where measured faster
    /// than libmvec's own (and than NumPy's) within the same 4-ulp bound (AMD Zen 4,
    /// libmvec alone on 1e6 values: `tanh` 1.85 ms, `expm1` 0.85; `log` 0.96, `log2`
    /// 0.62 with AVX-512 but 1.17 against 1.15 with AVX2). None where there is no gain.
    fn composite(&mut self, func: MathFn, x: FloatValue<'ctx>) -> Result<Option<FloatValue<'ctx>>> {
        let t = x.get_type();
        if func == MathFn::Tanh && t == self.ctx.f32_type() && host_has("+fma") {
            return Ok(Some(self.tanh_f32(x)?));
        }
        if t != self.ctx.f64_type() || !host_has("+avx2") {
            return Ok(None);
        }
        match func {
            // tanh|x| = e / (e + 2) with e = expm1(2|x|): no cancellation, and an error
            // in e shrinks by 2 / (e + 2) <= 1; the sign comes back by copysign (so -0.0
            // stays -0.0); beyond |x| = 20 tanh is 1.0 to the last bit (and e would
            // overflow at 355); NaN stays NaN (the compare is false).
            MathFn::Tanh => {
                let ax = self.float_intrinsic("llvm.fabs", &[x])?;
                let two = t.const_float(2.0);
                let b = &self.builder;
                let twice = b.build_float_mul(ax, two, "")?;
                let e = self.libm_vectorizable("expm1", &[twice])?;
                let b = &self.builder;
                let q = b.build_float_div(e, b.build_float_add(e, two, "")?, "")?;
                let big = b.build_float_compare(FloatPredicate::OGT, ax, t.const_float(20.0), "")?;
                let r = b.build_select(big, t.const_float(1.0), q, "")?.into_float_value();
                Ok(Some(self.float_intrinsic("llvm.copysign", &[r, x])?))
            }
            // log x = log2 x * ln 2, the product rounded once (ln 2 in two parts, one FMA).
            // log2's specials carry over: -inf at 0, NaN below, inf at inf.
            MathFn::Log if host_has("+avx512f") => {
                let l2 = self.libm_vectorizable("log2", &[x])?;
                let hi = t.const_float(std::f64::consts::LN_2);
                let lo = t.const_float(LN_2_LO);
                let tail = self.builder.build_float_mul(l2, lo, "")?;
                Ok(Some(self.float_intrinsic("llvm.fma", &[l2, hi, tail])?))
            }
            _ => Ok(None),
        }
    }

    /// float32 `tanh` written out in float32 arithmetic with no call, so that the loop
    /// vectoriser turns it into straight-line SIMD code (libmvec's `tanhf` took 1.15x
    /// NumPy's time on AMD Zen 4; this 0.75-0.81x, docs/benchmarks.md):
    /// tanh|x| = -e / (2 + e) with e = expm1(-2|x|), one division and no branch.
    /// e = 2^k (expm1(r) + 1) - 1 with k = round(-2|x| / ln 2), r = -2|x| - k ln 2
    /// (|r| <= ln 2 / 2) and expm1(r) = r + r^2 P(r), P a degree-4 fit of relative
    /// error 1.4e-8 on that interval. Checked on every float32 against float64 `tanh`:
    /// at most 2.5 ulp (within the 4-ulp float32 bound). |x| > 9.1 is clamped to 9.1,
    /// whose tanh rounds to 1.0; the sign comes from x (so -0.0 stays -0.0, NaN stays
    /// NaN, +-inf give +-1). No fast-math flags are set on these instructions: the
    /// rounding trick `(v + 1.5 * 2^23) - 1.5 * 2^23` must not be reassociated away.
    fn tanh_f32(&mut self, x: FloatValue<'ctx>) -> Result<FloatValue<'ctx>> {
        self.wide_math = true;
        let f = x.get_type();
        let i32t = self.ctx.i32_type();
        let magic = f.const_float(12582912.0); // 1.5 * 2^23: adding it rounds to an integer
        let b = &self.builder;
        let ax = self.float_intrinsic("llvm.fabs", &[x])?;
        let big = b.build_float_compare(FloatPredicate::OGT, ax, f.const_float(9.1), "")?;
        let z = b.build_select(big, f.const_float(9.1), ax, "")?.into_float_value();
        let y = b.build_float_mul(z, f.const_float(-2.0), "")?;
        let kf = self.exact_fma(y, f.const_float(std::f64::consts::LOG2_E), magic)?;
        let b = &self.builder;
        let kbits = b.build_bit_cast(kf, i32t, "")?.into_int_value();
        let k = b.build_float_sub(kf, magic, "")?;
        let r = self.exact_fma(k, f.const_float(-std::f64::consts::LN_2), y)?;
        let mut p = f.const_float(TANH_F32_EXPM1[4]);
        for c in TANH_F32_EXPM1[..4].iter().rev() {
            p = self.exact_fma(p, r, f.const_float(*c))?;
        }
        let b = &self.builder;
        let w = b.build_float_mul(r, p, "")?;
        // 2^k from the integer in kf's low bits: ((bits - bits(magic)) + 127) << 23.
        let biased = b.build_int_add(kbits, i32t.const_int((127i64 - 0x4b40_0000) as u64, true), "")?;
        let sbits = b.build_left_shift(biased, i32t.const_int(23, false), "")?;
        let scale = b.build_bit_cast(sbits, f, "")?.into_float_value();
        let rs = b.build_float_mul(r, scale, "")?;
        let m = self.exact_fma(rs, w, rs)?;
        let b = &self.builder;
        let e = b.build_float_add(m, b.build_float_sub(scale, f.const_float(1.0), "")?, "")?;
        let q = b.build_float_div(e, b.build_float_sub(f.const_float(-2.0), e, "")?, "")?;
        let qbits = b.build_bit_cast(q, i32t, "")?.into_int_value();
        let xbits = b.build_bit_cast(x, i32t, "")?.into_int_value();
        let magnitude = b.build_and(qbits, i32t.const_int(0x7fff_ffff, false), "")?;
        let sign = b.build_and(xbits, i32t.const_int(0x8000_0000, false), "")?;
        let bits = b.build_or(magnitude, sign, "")?;
        Ok(b.build_bit_cast(bits, f, "")?.into_float_value())
    }

    /// `a * b + c` rounded once, without the `fastmath` flags `float_intrinsic` sets.
    fn exact_fma(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>, c: FloatValue<'ctx>) -> Result<FloatValue<'ctx>> {
        let v = self.float_intrinsic("llvm.fma", &[a, b, c])?;
        if let Some(i) = v.as_instruction() {
            let _ = i.set_fast_math_flags(inkwell::values::FastMathFlags::empty());
        }
        Ok(v)
    }

    /// A libm call (`double name(double...)`, `float namef(float...)`) marked side-effect
    /// free and annotated with the libmvec variants this CPU can run (AVX2: 256-bit
    /// vectors, AVX-512: 512-bit: 4 and 8 float64 lanes, 8 and 16 float32 lanes).
    pub(crate) fn libm_vectorizable(&mut self, name: &str, args: &[FloatValue<'ctx>]) -> Result<FloatValue<'ctx>> {
        let ft = args[0].get_type();
        let single = ft == self.ctx.f32_type();
        let name = &libm_name(name, single);
        let f = self.module.get_function(name).unwrap_or_else(|| {
            let params: Vec<inkwell::types::BasicMetadataTypeEnum> = args.iter().map(|_| ft.into()).collect();
            let f = self.module.add_function(name, ft.fn_type(&params, false), Some(Linkage::External));
            let memory = inkwell::attributes::Attribute::get_named_enum_kind_id("memory");
            f.add_attribute(inkwell::attributes::AttributeLoc::Function, self.ctx.create_enum_attribute(memory, 0));
            let nounwind = inkwell::attributes::Attribute::get_named_enum_kind_id("nounwind");
            f.add_attribute(inkwell::attributes::AttributeLoc::Function, self.ctx.create_enum_attribute(nounwind, 0));
            f
        });
        let params = "v".repeat(args.len());
        let mut variants = Vec::new();
        let widen = if single { 2 } else { 1 };
        for (isa, lanes, feature) in [("d", 4u32 * widen, "+avx2"), ("e", 8u32 * widen, "+avx512f")] {
            let vname = format!("_ZGV{isa}N{lanes}{params}_{name}");
            if !host_has(feature) || ferrojit_runtime::vector_math_symbol(&vname).is_none() {
                continue;
            }
            if self.module.get_function(&vname).is_none() {
                let vt = ft.vec_type(lanes);
                let vparams: Vec<inkwell::types::BasicMetadataTypeEnum> = args.iter().map(|_| vt.into()).collect();
                let vf = self.module.add_function(&vname, vt.fn_type(&vparams, false), Some(Linkage::External));
                self.vector_decls.push(vf);
            }
            variants.push(format!("_ZGV_LLVM_N{lanes}{params}_{name}({vname})"));
        }
        let values: Vec<inkwell::values::BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        let call = self.builder.build_call(f, &values, name)?;
        if !variants.is_empty() {
            self.vector_calls += 1;
            self.wide_math = true;
            let attr = self.ctx.create_string_attribute("vector-function-abi-variant", &variants.join(","));
            call.add_attribute(inkwell::attributes::AttributeLoc::Function, attr);
        }
        call.try_as_basic_value()
            .basic()
            .map(|v| v.into_float_value())
            .ok_or_else(|| BackendError::Llvm(format!("{name} returned nothing")))
    }

    /// Call a libm function by name (`double f(double[, double])`; for float32
    /// arguments its float form, `float ff(float[, float])`).
    fn libm(&self, name: &str, args: &[FloatValue<'ctx>]) -> Result<FloatValue<'ctx>> {
        let t = args[0].get_type();
        let name = &libm_name(name, t == self.ctx.f32_type());
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

/// libm's name for a function's float32 form (`expf`), or the name itself.
fn libm_name(name: &str, single: bool) -> String {
    if single { format!("{name}f") } else { name.to_string() }
}

/// expm1(r) = r + r^2 (c0 + c1 r + c2 r^2 + c3 r^3 + c4 r^4) on |r| <= ln 2 / 2: a
/// weighted least-squares fit (Lawson's iteration to the minimax) of relative error
/// 1.4e-8, the coefficients rounded to float32 (docs/accuracy.md).
const TANH_F32_EXPM1: [f64; 5] =
    [0.4999999701976776, 0.16666539013385773, 0.04166722297668457, 0.008367180824279785, 0.0013882395578548312];

/// ln 2 - `LN_2` (the part of ln 2 below the double nearest it).
const LN_2_LO: f64 = 2.319046813846299558e-17;

/// Whether the target CPU has `feature` ("+avx2").
pub(crate) fn host_has(feature: &str) -> bool {
    crate::target::host().map(|h| h.features.split(',').any(|x| x == feature)).unwrap_or(false)
}
