//! Lowering NumPy ufuncs and other element-wise functions, `np.sqrt(x)`, `np.add(a, b)`,
//! `np.minimum`, `np.where`, ...: already lowered arguments (arrays or scalars) in, one
//! element-wise map out (a scalar when no argument is an array), with NumPy's dtype rules.

use crate::elementwise::{numpy_promote, unreachable_pair};
use crate::function::{FunctionLowerer, LResult};
use ferrojit_ir::{BinOp, CmpOp, Const, DType, Expr, ExprKind, FloatKind, IntKind, MathFn, Type, UnaryOp, FLOAT64};
use rustpython_parser::text_size::TextRange;

impl FunctionLowerer<'_, '_> {
    /// `np.<name>(args...)` for element-wise functions; `None` if `name` is not one.
    pub fn ufunc(&mut self, name: &str, args: Vec<Expr>, range: TextRange) -> LResult<Option<Expr>> {
        let span = self.span(range);
        let unary_math = |n: &str| -> Option<MathFn> {
            Some(match n {
                "sqrt" => MathFn::Sqrt,
                "exp" => MathFn::Exp,
                "expm1" => MathFn::Expm1,
                "exp2" => MathFn::Exp2,
                "cbrt" => MathFn::Cbrt,
                "rint" => MathFn::Rint,
                "log" => MathFn::Log,
                "log2" => MathFn::Log2,
                "log10" => MathFn::Log10,
                "log1p" => MathFn::Log1p,
                "sin" => MathFn::Sin,
                "cos" => MathFn::Cos,
                "tan" => MathFn::Tan,
                "arcsin" => MathFn::Asin,
                "arccos" => MathFn::Acos,
                "arctan" => MathFn::Atan,
                "sinh" => MathFn::Sinh,
                "cosh" => MathFn::Cosh,
                "tanh" => MathFn::Tanh,
                "arcsinh" => MathFn::Asinh,
                "arccosh" => MathFn::Acosh,
                "arctanh" => MathFn::Atanh,
                "floor" => MathFn::Floor,
                "ceil" => MathFn::Ceil,
                "trunc" => MathFn::Trunc,
                "fabs" => MathFn::Fabs,
                "degrees" | "rad2deg" => MathFn::Degrees,
                "radians" | "deg2rad" => MathFn::Radians,
                _ => return None,
            })
        };
        let binary_op = |n: &str| -> Option<BinOp> {
            Some(match n {
                "add" => BinOp::Add,
                "subtract" => BinOp::Sub,
                "multiply" => BinOp::Mul,
                "divide" | "true_divide" => BinOp::Div,
                "floor_divide" => BinOp::FloorDiv,
                "mod" | "remainder" => BinOp::Mod,
                "power" => BinOp::Pow,
                "bitwise_and" => BinOp::BitAnd,
                "bitwise_or" => BinOp::BitOr,
                "bitwise_xor" => BinOp::BitXor,
                _ => return None,
            })
        };
        if let Some(e) = self.complex_ufunc(name, &args, range)? {
            return Ok(Some(e));
        }
        let nargs = args.len();
        let arity_err = |s: &Self, n: usize| s.err(range, format!("np.{name}() takes {n} argument(s), {nargs} given"));
        if let Some(op) = binary_op(name) {
            let [a, b] = <[Expr; 2]>::try_from(args).map_err(|_| arity_err(self, 2))?;
            return Ok(Some(self.array_binop(op, a, b, range)?));
        }
        if let Some(func) = unary_math(name) {
            let [a] = <[Expr; 1]>::try_from(args).map_err(|_| arity_err(self, 1))?;
            let p = self.map_parts(a, range)?;
            let in_ty = p.body.ty.clone();
            // NumPy keeps integers through floor/ceil/trunc; other functions of small
            // integers give float32, of larger ones float64.
            if matches!(func, MathFn::Floor | MathFn::Ceil | MathFn::Trunc) && !in_ty.is_float() {
                let body = p.body;
                return Ok(Some(self.make_map(p.inputs, body, p.ndim, span)));
            }
            let out = match &in_ty {
                Type::Float(k) => Type::Float(*k),
                Type::Int(k) if k.bits() <= 16 => Type::Float(FloatKind::F32),
                Type::Bool => Type::Float(FloatKind::F32),
                _ => FLOAT64,
            };
            if matches!(func, MathFn::Degrees | MathFn::Radians) {
                // A multiplication in the result's own precision, as NumPy computes it.
                // The factor is computed in the result's precision, as NumPy's C code does.
                let k = match (&out, func) {
                    (Type::Float(FloatKind::F32), MathFn::Degrees) => (180f32 / std::f32::consts::PI) as f64,
                    (Type::Float(FloatKind::F32), _) => (std::f32::consts::PI / 180f32) as f64,
                    (_, MathFn::Degrees) => 180.0 / std::f64::consts::PI,
                    _ => std::f64::consts::PI / 180.0,
                };
                let factor = Expr::constant(Const::Float(k), span).cast_to(&out);
                let body = Expr::new(ExprKind::Binary { op: BinOp::Mul, lhs: Box::new(p.body.cast_to(&out)), rhs: Box::new(factor) }, out.clone(), span);
                return Ok(Some(self.make_map(p.inputs, body, p.ndim, span)));
            }
            // In the result's precision, as NumPy's loops compute (float32 SIMD math).
            let call = Expr::new(ExprKind::Math { func, args: vec![p.body.cast_to(&out)] }, out, span);
            return Ok(Some(self.make_map(p.inputs, call, p.ndim, span)));
        }
        let result = match name {
            "isnan" | "isinf" | "isfinite" => {
                let [a] = <[Expr; 1]>::try_from(args).map_err(|_| arity_err(self, 1))?;
                let p = self.map_parts(a, range)?;
                let func = MathFn::from_name(name).unwrap_or(MathFn::Isnan);
                let body = if p.body.ty.is_float() {
                    Expr::new(ExprKind::Math { func, args: vec![p.body.cast_to(&FLOAT64)] }, Type::Bool, span)
                } else {
                    Expr::constant(Const::Bool(name == "isfinite"), span)
                };
                self.make_map(p.inputs, body, p.ndim, span)
            }
            "abs" | "absolute" | "negative" | "positive" | "square" | "sign" => {
                let [a] = <[Expr; 1]>::try_from(args).map_err(|_| arity_err(self, 1))?;
                let p = self.map_parts(a, range)?;
                let x = p.body;
                let t = x.ty.clone();
                let zero = Expr::constant(Const::Int(0), span).cast_to(&t);
                let cmp = |op, l: &Expr, r: &Expr| Expr::new(ExprKind::Compare { op, lhs: Box::new(l.clone()), rhs: Box::new(r.clone()) }, Type::Bool, span);
                let neg = |v: &Expr| Expr::new(ExprKind::Unary { op: UnaryOp::Neg, operand: Box::new(v.clone()) }, v.ty.clone(), span);
                if t == Type::Bool && matches!(name, "negative" | "positive" | "sign") {
                    return Err(self.err(range, format!("np.{name}() of booleans is not supported (NumPy raises too); use ~ or np.logical_not")));
                }
                let body = match name {
                    "abs" | "absolute" if t.is_float() => {
                        Expr::new(ExprKind::Math { func: MathFn::Fabs, args: vec![x.cast_to(&FLOAT64)] }, FLOAT64, span).cast_to(&t)
                    }
                    "abs" | "absolute" if t == Type::Bool => x,
                    "abs" | "absolute" => Expr::new(
                        ExprKind::IfExp { cond: Box::new(cmp(CmpOp::Lt, &x, &zero)), then: Box::new(neg(&x)), orelse: Box::new(x.clone()) },
                        t.clone(),
                        span,
                    ),
                    "negative" => neg(&x),
                    "positive" => x,
                    "square" => {
                        // NumPy squares booleans as int8.
                        let st = if t == Type::Bool { Type::Int(IntKind::I8) } else { t.clone() };
                        let x = x.cast_to(&st);
                        Expr::new(ExprKind::Binary { op: BinOp::Mul, lhs: Box::new(x.clone()), rhs: Box::new(x) }, st, span)
                    }
                    _ => {
                        // sign: 1, -1 or 0 (NaN stays NaN).
                        let one = Expr::constant(Const::Int(1), span).cast_to(&t);
                        let minus = neg(&one);
                        // Zero (of either sign) gives +0.0; NaN stays NaN.
                        let zero_or_nan = if t.is_float() {
                            Expr::new(ExprKind::IfExp { cond: Box::new(cmp(CmpOp::Eq, &x, &x)), then: Box::new(zero.clone()), orelse: Box::new(x.clone()) }, t.clone(), span)
                        } else {
                            zero.clone()
                        };
                        let inner = Expr::new(
                            ExprKind::IfExp { cond: Box::new(cmp(CmpOp::Lt, &x, &zero)), then: Box::new(minus), orelse: Box::new(zero_or_nan) },
                            t.clone(),
                            span,
                        );
                        Expr::new(ExprKind::IfExp { cond: Box::new(cmp(CmpOp::Gt, &x, &zero)), then: Box::new(one), orelse: Box::new(inner) }, t.clone(), span)
                    }
                };
                self.make_map(p.inputs, body, p.ndim, span)
            }
            "minimum" | "maximum" | "fmin" | "fmax" if args.iter().any(|a| element_type(&a.ty).is_complex()) => {
                // NumPy's lexicographic order of complex numbers, NaN rules per function.
                let [a, b] = <[Expr; 2]>::try_from(args).map_err(|_| arity_err(self, 2))?;
                match self.library_ufunc(name, vec![a, b], range)? {
                    Some(e) => e,
                    None => return Err(self.err(range, format!("np.{name}() of complex numbers is not supported in compiled code"))),
                }
            }
            "minimum" | "maximum" | "fmin" | "fmax" => {
                let [a, b] = <[Expr; 2]>::try_from(args).map_err(|_| arity_err(self, 2))?;
                let (ap, bp) = (self.map_parts(a, range)?, self.map_parts(b, range)?);
                let t = numpy_promote(&ap.body.ty, ap.weak, &bp.body.ty, bp.weak);
                let (inputs, mut bodies, ndim) = self.merge_in_range(ap, bp, &t, span);
                let (y, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let (x, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let (x, y) = (x.cast_to(&t), y.cast_to(&t));
                // Strict comparison: on ties (including -0.0 vs 0.0) NumPy returns the second,
                // except fmin/fmax of scalars, whose C loop returns the first (NumPy's array
                // loops differ by length too: the first below 8 elements, the second above).
                let first_on_ties = ndim == 0 && name.starts_with('f') && t.is_float();
                let op = match (name.contains("max"), first_on_ties) {
                    (true, false) => CmpOp::Gt,
                    (true, true) => CmpOp::Ge,
                    (false, false) => CmpOp::Lt,
                    (false, true) => CmpOp::Le,
                };
                let mut cond = Expr::new(ExprKind::Compare { op, lhs: Box::new(x.clone()), rhs: Box::new(y.clone()) }, Type::Bool, span);
                if t.is_float() {
                    // minimum/maximum propagate NaN (pick x when x is NaN); fmin/fmax ignore it.
                    let nan_x = Expr::new(ExprKind::Math { func: MathFn::Isnan, args: vec![x.clone().cast_to(&FLOAT64)] }, Type::Bool, span);
                    let nan_y = Expr::new(ExprKind::Math { func: MathFn::Isnan, args: vec![y.clone().cast_to(&FLOAT64)] }, Type::Bool, span);
                    let pick_x = if name.starts_with('f') {
                        let not_nan_x = Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(nan_x) }, Type::Bool, span);
                        let x_wins = Expr::new(ExprKind::And(Box::new(not_nan_x), Box::new(cond)), Type::Bool, span);
                        Expr::new(ExprKind::Or(Box::new(nan_y), Box::new(x_wins)), Type::Bool, span)
                    } else {
                        Expr::new(ExprKind::Or(Box::new(nan_x), Box::new(cond)), Type::Bool, span)
                    };
                    cond = pick_x;
                }
                let body = Expr::new(ExprKind::IfExp { cond: Box::new(cond), then: Box::new(x), orelse: Box::new(y) }, t, span);
                self.make_map(inputs, body, ndim, span)
            }
            "fmod" if args.iter().all(|a| !matches!(&a.ty, Type::Float(_)) && !matches!(&a.ty, Type::Array(t) if matches!(t.dtype, DType::Float(_)))) => {
                // Integer fmod: C's truncated remainder (sign of the dividend), 0 for a
                // zero divisor, in the promoted integer type.
                let [a, b] = <[Expr; 2]>::try_from(args).map_err(|_| arity_err(self, 2))?;
                let (ap, bp) = (self.map_parts(a, range)?, self.map_parts(b, range)?);
                let mut t = numpy_promote(&ap.body.ty, ap.weak, &bp.body.ty, bp.weak);
                if t == Type::Bool {
                    t = Type::Int(IntKind::I8); // NumPy's fmod of booleans is int8
                }
                let (inputs, mut bodies, ndim) = self.merge_in_range(ap, bp, &t, span);
                let (y, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let (x, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                if t.is_float() {
                    // int64 with uint64 promotes to float64: C's fmod (-7 % 1 is -0.0).
                    let args = vec![x.cast_to(&FLOAT64), y.cast_to(&FLOAT64)];
                    let body = Expr::new(ExprKind::Math { func: MathFn::Fmod, args }, FLOAT64, span).cast_to(&t);
                    return Ok(Some(self.make_map(inputs, body, ndim, span)));
                }
                let (x, y) = (x.cast_to(&t), y.cast_to(&t));
                // x - trunc(x / y) * y, expressed with floor division and a sign fix:
                // fmod(x, y) = x % y, minus y when the result's sign differs from x's.
                let m = Expr::new(ExprKind::Binary { op: BinOp::Mod, lhs: Box::new(x.clone()), rhs: Box::new(y.clone()) }, t.clone(), span);
                let zero = Expr::constant(Const::Int(0), span).cast_to(&t);
                let cmp = |op, l: &Expr, r: &Expr| Expr::new(ExprKind::Compare { op, lhs: Box::new(l.clone()), rhs: Box::new(r.clone()) }, Type::Bool, span);
                let m_nz = cmp(CmpOp::Ne, &m, &zero);
                let x_neg = cmp(CmpOp::Lt, &x, &zero);
                let m_neg = cmp(CmpOp::Lt, &m, &zero);
                let differ = Expr::new(ExprKind::Binary { op: BinOp::BitXor, lhs: Box::new(x_neg), rhs: Box::new(m_neg) }, Type::Bool, span);
                let fix = Expr::new(ExprKind::And(Box::new(m_nz), Box::new(differ)), Type::Bool, span);
                let adjusted = Expr::new(ExprKind::Binary { op: BinOp::Sub, lhs: Box::new(m.clone()), rhs: Box::new(y) }, t.clone(), span);
                let body = Expr::new(ExprKind::IfExp { cond: Box::new(fix), then: Box::new(adjusted), orelse: Box::new(m) }, t, span);
                self.make_map(inputs, body, ndim, span)
            }
            "arctan2" | "hypot" | "copysign" | "fmod" => {
                let [a, b] = <[Expr; 2]>::try_from(args).map_err(|_| arity_err(self, 2))?;
                let (ap, bp) = (self.map_parts(a, range)?, self.map_parts(b, range)?);
                // NumPy picks the first float loop both operands cast to safely: each
                // operand's own smallest float, not a float of their promoted integer
                // type (int8 with uint16 is float32, though int8 + uint16 is int32).
                let out = if ap.weak || bp.weak {
                    float_of(&numpy_promote(&ap.body.ty, ap.weak, &bp.body.ty, bp.weak))
                } else {
                    float_of(&ap.body.ty).max(float_of(&bp.body.ty))
                };
                let out = Type::Float(out);
                let (inputs, mut bodies, ndim) = self.merge(vec![ap, bp]);
                let (y, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let (x, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let func = match name {
                    "arctan2" => MathFn::Atan2,
                    "hypot" => MathFn::Hypot,
                    "copysign" => MathFn::Copysign,
                    _ => MathFn::Fmod,
                };
                let body = Expr::new(ExprKind::Math { func, args: vec![x.cast_to(&out), y.cast_to(&out)] }, out, span);
                self.make_map(inputs, body, ndim, span)
            }
            "equal" | "not_equal" | "less" | "less_equal" | "greater" | "greater_equal" => {
                let [a, b] = <[Expr; 2]>::try_from(args).map_err(|_| arity_err(self, 2))?;
                let op = COMPARE_UFUNCS.iter().find(|(n, _)| *n == name).map_or(CmpOp::Ge, |(_, op)| *op);
                self.array_compare(op, a, b, range)?
            }
            "logical_and" | "logical_or" | "logical_xor" => {
                let [a, b] = <[Expr; 2]>::try_from(args).map_err(|_| arity_err(self, 2))?;
                let (ap, bp) = (self.map_parts(a, range)?, self.map_parts(b, range)?);
                let (inputs, mut bodies, ndim) = self.merge(vec![ap, bp]);
                let (y, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let (x, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let truth = |v: Expr| Expr::new(ExprKind::Truth(Box::new(v)), Type::Bool, span);
                let op = match name {
                    "logical_and" => BinOp::BitAnd,
                    "logical_or" => BinOp::BitOr,
                    _ => BinOp::BitXor,
                };
                let body = Expr::new(ExprKind::Binary { op, lhs: Box::new(truth(x)), rhs: Box::new(truth(y)) }, Type::Bool, span);
                self.make_map(inputs, body, ndim, span)
            }
            "logical_not" => {
                let [a] = <[Expr; 1]>::try_from(args).map_err(|_| arity_err(self, 1))?;
                let p = self.map_parts(a, range)?;
                let truth = Expr::new(ExprKind::Truth(Box::new(p.body)), Type::Bool, span);
                let body = Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(truth) }, Type::Bool, span);
                self.make_map(p.inputs, body, p.ndim, span)
            }
            "where" if args.len() == 1 => {
                // `np.where(cond)` is `np.nonzero(cond)` (the library's)
                let crate::GlobalValue::Overloaded { key, .. } = self.b.resolver.library("numpy.nonzero") else {
                    return Err(arity_err(self, 3));
                };
                self.overloaded_with(key, args, vec![], range, "np.where")?
            }
            "where" => {
                let [c, a, b] = <[Expr; 3]>::try_from(args).map_err(|_| arity_err(self, 3))?;
                let (cp, ap, bp) = (self.map_parts(c, range)?, self.map_parts(a, range)?, self.map_parts(b, range)?);
                let t = numpy_promote(&ap.body.ty, ap.weak, &bp.body.ty, bp.weak);
                let (inputs, mut bodies, ndim) = self.merge(vec![cp, ap, bp]);
                let (y, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let (x, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let (c, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
                let cond = c.cast_to(&Type::Bool);
                let body = Expr::new(ExprKind::IfExp { cond: Box::new(cond), then: Box::new(x.cast_to(&t)), orelse: Box::new(y.cast_to(&t)) }, t, span);
                self.make_map(inputs, body, ndim, span)
            }
            // The library's element function (`np.exp2`, `np.rint`...), or not a ufunc.
            _ => return self.library_ufunc(name, args, range),
        };
        Ok(Some(result))
    }
}

/// NumPy's comparison ufuncs and the operators they are.
pub(crate) const COMPARE_UFUNCS: [(&str, CmpOp); 6] = [
    ("equal", CmpOp::Eq),
    ("not_equal", CmpOp::Ne),
    ("less", CmpOp::Lt),
    ("less_equal", CmpOp::Le),
    ("greater", CmpOp::Gt),
    ("greater_equal", CmpOp::Ge),
];

/// A value's element type: an array's dtype, or the value's own type.
pub(crate) fn element_type(t: &Type) -> Type {
    match t {
        Type::Array(at) => at.dtype.to_type(),
        t => t.clone(),
    }
}

/// The smallest float type a number type casts to safely (float16 is not supported, so
/// booleans and 8-bit integers get float32 too).
fn float_of(t: &Type) -> FloatKind {
    match t {
        Type::Float(k) => *k,
        Type::Int(k) if k.bits() <= 16 => FloatKind::F32,
        Type::Bool => FloatKind::F32,
        _ => FloatKind::F64,
    }
}

impl FunctionLowerer<'_, '_> {
    /// A ufunc whose element function for these element types is written in Python in
    /// the library (`@library("numpy.sign")` of complex numbers): the compiled element
    /// function as the body of an element-wise map over the broadcast arguments, as a
    /// `@vectorize` kernel's. The arguments take their promoted type. `None` when the
    /// library has no implementation for them.
    pub fn library_ufunc(&mut self, name: &str, args: Vec<Expr>, range: TextRange) -> LResult<Option<Expr>> {
        let span = self.span(range);
        let crate::resolve::GlobalValue::Overloaded { key, .. } = self.b.resolver.library(&format!("numpy.{name}")) else {
            return Ok(None);
        };
        let mut parts = Vec::new();
        for a in args {
            parts.push(self.map_parts(a, range)?);
        }
        let mut t: Option<(Type, bool)> = None;
        for p in &parts {
            t = Some(match t {
                None => (p.body.ty.clone(), p.weak),
                Some((t, weak)) => (numpy_promote(&t, weak, &p.body.ty, p.weak), weak && p.weak),
            });
        }
        let Some((t, _)) = t else { return Ok(None) };
        let (inputs, bodies, ndim) = self.merge(parts);
        let types = vec![t.clone(); bodies.len()];
        let impl_key = match self.b.resolver.overload(key, &types, &[]) {
            Ok(Some(k)) => k,
            Ok(None) => return Ok(None),
            Err(why) => return Err(self.err(range, format!("np.{name}: {why}"))),
        };
        let strong = vec![true; types.len()];
        let id = self.b.specialize(impl_key, &types, &strong).map_err(crate::function::LErr::Fatal)?;
        let Some(ret) = self.b.return_type(id) else {
            return Err(self.err(range, format!("np.{name}'s library implementation calls itself")));
        };
        if DType::from_type(&ret).is_none() {
            return Err(self.err(range, format!("np.{name}'s library element function returns {ret}, not a number")));
        }
        let call_args: Vec<Expr> = bodies.into_iter().map(|(b, _)| b.cast_to(&t)).collect();
        // NumPy's loops of floats and complex numbers keep the operands' precision (the
        // element function computes float32 parts with Python floats).
        let out = match (&t, &ret) {
            (Type::Float(k), Type::Float(_)) => Type::Float(*k),
            (Type::Complex(k), Type::Complex(_)) => Type::Complex(*k),
            _ => ret.clone(),
        };
        let body = Expr::new(ExprKind::Call { func: id, args: call_args }, ret, span).cast_to(&out);
        Ok(Some(self.make_map(inputs, body, ndim, span)))
    }
}
