//! Complex numbers in the lowering: `complex(...)`, `.real` / `.imag` / `.conjugate()`
//! on numbers, `cmath` functions and constants, and the operators Python allows on
//! complex values (the rest are TypeErrors when compiling, with CPython's words).
//!
//! In: typed operands. Out: core IR (`Complex`, `ComplexPart`, `Unary(Conj)`, `Binary`
//! and `Math` on complex types); the backend does the arithmetic (crates/llvm/src/complex.rs).
//! `cmath` functions beyond the runtime's (polar, rect, log with a base) come from the
//! library written in Python (python/ferrojit/_lib/cmath.py).

use crate::function::{FunctionLowerer, LResult};
use ferrojit_ir::{Const, Expr, ExprKind, FloatKind, MathFn, Type, UnaryOp, FLOAT64};
use rustpython_parser::text_size::TextRange;

/// Python's name of a type in its error messages (`'complex'`, `'float'`).
pub fn python_type_name(t: &Type) -> String {
    match t {
        Type::Bool => "bool".into(),
        Type::Int(_) => "int".into(),
        Type::Float(_) => "float".into(),
        Type::Complex(_) => "complex".into(),
        Type::Tuple(_) if t.is_dict() => "dict".into(),
        Type::Tuple(_) if t.is_set() => "set".into(),
        Type::Tuple(_) => "tuple".into(),
        Type::None => "NoneType".into(),
        Type::List(_) => "list".into(),
        Type::Str(_) | Type::Text => "str".into(),
        Type::Array(_) => "numpy.ndarray".into(),
        other => other.to_string(),
    }
}

/// `cmath` functions the backend lowers (the runtime's ports of CPython's algorithms).
pub const CMATH_INTRINSICS: &[&str] = &[
    "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
    "atanh", "phase", "isnan", "isinf", "isfinite",
];

impl FunctionLowerer<'_, '_> {
    /// A complex value from its parts (floats of the complex's kind).
    pub fn make_complex(re: Expr, im: Expr, k: FloatKind) -> Expr {
        let span = re.span;
        let (re, im) = (re.cast_to(&Type::Float(k)), im.cast_to(&Type::Float(k)));
        Expr::new(ExprKind::Complex { re: Box::new(re), im: Box::new(im) }, Type::Complex(k), span)
    }

    /// `complex()`, `complex(x)`, `complex(re, im)` with Python's meaning: `complex(a, b)`
    /// is `a + b*1j`, so complex arguments combine (`complex(1j, 1j)` is `(-1+1j)`).
    pub fn complex_call(&mut self, mut args: Vec<Expr>, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        for a in &args {
            if !a.ty.is_number() {
                return Err(self.err(range, format!("complex() argument must be a number, not '{}'", python_type_name(&a.ty))));
            }
        }
        let zero = || Expr::constant(Const::Float(0.0), span);
        match args.len() {
            0 => Ok(Self::make_complex(zero(), zero(), FloatKind::F64)),
            1 => {
                // A Python complex, with Python's rules even when `x` is a NumPy scalar.
                let x = args.remove(0);
                Ok(self.python_scalar(x.cast_to(&Type::Complex(FloatKind::F64))))
            }
            2 => {
                let im = args.remove(1);
                let re = args.remove(0);
                if !re.ty.is_complex() && !im.ty.is_complex() {
                    return Ok(Self::make_complex(re.cast_to(&FLOAT64), im.cast_to(&FLOAT64), FloatKind::F64));
                }
                // re + im * 1j, as CPython computes it for complex arguments.
                let c128 = Type::Complex(FloatKind::F64);
                let j = Self::make_complex(zero(), Expr::constant(Const::Float(1.0), span), FloatKind::F64);
                let bin = |op, l: Expr, r: Expr| Expr::new(ExprKind::Binary { op, lhs: Box::new(l), rhs: Box::new(r) }, c128.clone(), span);
                let scaled = bin(ferrojit_ir::BinOp::Mul, im.cast_to(&c128), j);
                Ok(bin(ferrojit_ir::BinOp::Add, re.cast_to(&c128), scaled))
            }
            n => Err(self.err(range, format!("complex() takes at most 2 arguments ({n} given)"))),
        }
    }

    /// `x.real` / `x.imag` of a number (a float's imaginary part is 0.0, an int's 0).
    pub fn number_attr(&mut self, base: Expr, attr: &str, range: TextRange) -> LResult<Option<Expr>> {
        let span = self.span(range);
        let imag = match attr {
            "real" => false,
            "imag" => true,
            _ => return Ok(None),
        };
        Ok(Some(match &base.ty {
            Type::Complex(k) => Expr::new(ExprKind::ComplexPart { value: Box::new(base.clone()), imag }, Type::Float(*k), span),
            t if t.is_numeric() => {
                let t = if *t == Type::Bool { ferrojit_ir::INT64 } else { t.clone() };
                if !imag {
                    base.cast_to(&t)
                } else {
                    let zero = Expr::constant(Const::Int(0), span).cast_to(&t);
                    self.after(base, zero)
                }
            }
            _ => return Ok(None),
        }))
    }

    /// `x.conjugate()` of a number.
    pub fn number_method(&mut self, base: Expr, name: &str, args: usize, range: TextRange) -> LResult<Option<Expr>> {
        let span = self.span(range);
        if name != "conjugate" || !base.ty.is_number() {
            return Ok(None);
        }
        if args != 0 {
            return Err(self.err(range, format!("conjugate() takes no arguments ({args} given)")));
        }
        Ok(Some(match base.ty.clone() {
            Type::Complex(k) => Expr::new(ExprKind::Unary { op: UnaryOp::Conj, operand: Box::new(base) }, Type::Complex(k), span),
            Type::Bool => base.cast_to(&ferrojit_ir::INT64),
            _ => base,
        }))
    }

    /// `value` evaluated for its effects, then `result`.
    pub(crate) fn after(&mut self, value: Expr, result: Expr) -> Expr {
        if matches!(value.kind, ExprKind::Const(_)) || (matches!(value.kind, ExprKind::Var(_)) && !self.has_del) {
            return result;
        }
        let (ty, span) = (result.ty.clone(), result.span);
        let t = self.temp(&value.ty);
        Expr::new(ExprKind::Let { var: t, value: Box::new(value), body: Box::new(result) }, ty, span)
    }

    /// `cmath.name(args)`: a function of the runtime, or of the library (`polar`, `rect`,
    /// `log(z, base)`); arguments of any number type become complex128.
    pub fn cmath_call(&mut self, name: &str, mut args: Vec<Expr>, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        if !CMATH_INTRINSICS.contains(&name) {
            return Err(self.err(range, format!("`cmath.{name}` is not supported in compiled code yet")));
        }
        if name == "log" && args.len() == 2 {
            let base = args.remove(1);
            let x = args.remove(0);
            return self.cmath_log_base(x, base, range);
        }
        if args.len() != 1 {
            return Err(self.err(range, format!("cmath.{name}() takes exactly one argument ({} given)", args.len())));
        }
        let z = args.remove(0);
        if !z.ty.is_number() {
            return Err(self.err(range, format!("must be real number, not {}", python_type_name(&z.ty))));
        }
        let c128 = Type::Complex(FloatKind::F64);
        let z = z.cast_to(&c128);
        let func = match name {
            "phase" => MathFn::Phase,
            other => MathFn::from_name(other).ok_or_else(|| self.err(range, format!("`cmath.{name}` is not supported")))?,
        };
        let ty = match func {
            MathFn::Phase => FLOAT64,
            MathFn::Isnan | MathFn::Isinf | MathFn::Isfinite => Type::Bool,
            _ => c128,
        };
        Ok(Expr::new(ExprKind::Math { func, args: vec![z] }, ty, span))
    }

    /// `lhs op rhs` where one side is complex (and neither an array): `+ - * / **` in
    /// the promoted complex type; other operators are CPython's TypeError.
    pub fn complex_binop(&mut self, op: rustpython_parser::ast::Operator, sym: &str, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        use rustpython_parser::ast::Operator as O;
        let span = self.span(range);
        let bop = match op {
            O::Add => ferrojit_ir::BinOp::Add,
            O::Sub => ferrojit_ir::BinOp::Sub,
            O::Mult => ferrojit_ir::BinOp::Mul,
            O::Div => ferrojit_ir::BinOp::Div,
            O::Pow => ferrojit_ir::BinOp::Pow,
            _ => bop_error(self, sym, &lhs, &rhs, range)?,
        };
        if !lhs.ty.is_number() || !rhs.ty.is_number() {
            return bop_error(self, sym, &lhs, &rhs, range);
        }
        let ty = ferrojit_ir::arith_promote(&lhs.ty, &rhs.ty);
        let (l, r) = (lhs.cast_to(&ty), rhs.cast_to(&ty));
        Ok(Expr::new(ExprKind::Binary { op: bop, lhs: Box::new(l), rhs: Box::new(r) }, ty, span))
    }

    /// NumPy's element-wise functions of complex arrays (and `np.conj`, `np.real`,
    /// `np.imag`, `np.angle` of any numbers); `None` for the others, which the real
    /// ufuncs handle.
    pub fn complex_ufunc(&mut self, name: &str, args: &[Expr], range: TextRange) -> LResult<Option<Expr>> {
        let span = self.span(range);
        let always = matches!(name, "conj" | "conjugate" | "real" | "imag" | "angle");
        let [a] = args else { return Ok(None) };
        let element = match &a.ty {
            Type::Array(at) => at.dtype.to_type(),
            t => t.clone(),
        };
        let Type::Complex(k) = element else {
            if !always || !element.is_numeric() {
                return Ok(None);
            }
            // Real numbers: conj and real are the value, imag is zero, angle is atan2(0, x).
            let p = self.map_parts(a.clone(), range)?;
            let x = p.body;
            let body = match name {
                "imag" => Expr::constant(Const::Int(0), span).cast_to(&x.ty),
                "angle" => {
                    let x = x.cast_to(&FLOAT64);
                    let zero = Expr::constant(Const::Float(0.0), span);
                    Expr::new(ExprKind::Math { func: MathFn::Atan2, args: vec![zero, x] }, FLOAT64, span)
                }
                _ => x,
            };
            return Ok(Some(self.make_map(p.inputs, body, p.ndim, span)));
        };
        if let (Type::Array(at), "real" | "imag", false) = (&a.ty, name, matches!(a.kind, ExprKind::Map { .. })) {
            // NumPy's views of the parts (writes go through to the complex array).
            let ty = Type::Array(ferrojit_ir::ArrayType { dtype: ferrojit_ir::DType::Float(k), layout: ferrojit_ir::Layout::A, ..*at });
            return Ok(Some(Expr::new(ExprKind::ComplexPart { value: Box::new(a.clone()), imag: name == "imag" }, ty, span)));
        }
        let p = self.map_parts(a.clone(), range)?;
        let z = p.body;
        let part = Type::Float(k);
        let math = |func, ty: Type, z: Expr| Expr::new(ExprKind::Math { func, args: vec![z] }, ty, span);
        let body = match name {
            "conj" | "conjugate" => Expr::new(ExprKind::Unary { op: UnaryOp::Conj, operand: Box::new(z) }, Type::Complex(k), span),
            "real" | "imag" => Expr::new(ExprKind::ComplexPart { value: Box::new(z), imag: name == "imag" }, part, span),
            "angle" => math(MathFn::Phase, part, z),
            "abs" | "absolute" => math(MathFn::Fabs, part, z),
            "negative" => Expr::new(ExprKind::Unary { op: UnaryOp::Neg, operand: Box::new(z) }, Type::Complex(k), span),
            "positive" => z,
            "square" => Expr::new(ExprKind::Binary { op: ferrojit_ir::BinOp::Mul, lhs: Box::new(z.clone()), rhs: Box::new(z) }, Type::Complex(k), span),
            "isnan" | "isinf" | "isfinite" => {
                let func = MathFn::from_name(name).unwrap_or(MathFn::Isnan);
                math(func, Type::Bool, z)
            }
            "logical_not" => {
                let truth = Expr::new(ExprKind::Truth(Box::new(z)), Type::Bool, span);
                Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(truth) }, Type::Bool, span)
            }
            "sqrt" | "exp" | "log" | "log10" | "sin" | "cos" | "tan" | "arcsin" | "arccos" | "arctan" | "sinh" | "cosh" | "tanh"
            | "arcsinh" | "arccosh" | "arctanh" => {
                let cname = name.strip_prefix("arc").map(|n| format!("a{n}")).unwrap_or_else(|| name.to_string());
                let func = MathFn::from_name(&cname).ok_or_else(|| self.err(range, format!("np.{name} of complex numbers is not supported")))?;
                math(func, Type::Complex(k), z)
            }
            _ if !crate::tables::NUMPY_UNARY_UFUNCS.contains(&name) => return Ok(None),
            _ => {
                // The library's element function (NumPy's algorithm written in Python).
                let a = a.clone();
                return match self.library_ufunc(name, vec![a], range)? {
                    Some(e) => Ok(Some(e)),
                    None => Err(self.err(range, format!("np.{name}() of complex numbers is not supported in compiled code"))),
                };
            }
        };
        Ok(Some(self.make_map(p.inputs, body, p.ndim, span)))
    }

    /// `a.real`, `a.imag` (views of a complex array's parts, as NumPy's) and `a.conj`.
    pub fn complex_array_attr(&mut self, a: Expr, attr: &str, range: TextRange) -> LResult<Expr> {
        if attr == "conj" {
            return Err(self.err(range, "`a.conj` is a method: call it, `a.conj()`"));
        }
        Ok(self.complex_ufunc(attr, &[a], range)?.unwrap_or_else(|| unreachable!("real/imag of an array always lower")))
    }

    /// `cmath.log(x, base)` as CPython 3.11 computes it: `log(x)` (whose own error is
    /// forgotten: `log(0, 2)` is `-inf+nanj`), then `log(base)` (raising for 0), then
    /// the quotient, a division by zero (base 1) being ValueError('math domain error').
    fn cmath_log_base(&mut self, x: Expr, base: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let c128 = Type::Complex(FloatKind::F64);
        for a in [&x, &base] {
            if !a.ty.is_number() {
                return Err(self.err(range, format!("must be real number, not {}", python_type_name(&a.ty))));
            }
        }
        let log = |z: Expr| Expr::new(ExprKind::Math { func: MathFn::Log, args: vec![z.cast_to(&c128)] }, c128.clone(), span);
        let lx = Expr::new(ExprKind::NumpySemantics(Box::new(log(x))), c128.clone(), span);
        let (tx, tb) = (self.temp(&c128), self.temp(&c128));
        let read = |t| Expr::new(ExprKind::Var(t), c128.clone(), span);
        // CPython's division (the guard below has ruled out a zero divisor).
        let quotient = Expr::new(ExprKind::Binary { op: ferrojit_ir::BinOp::Div, lhs: Box::new(read(tx)), rhs: Box::new(read(tb)) }, c128.clone(), span);
        let zero = Self::make_complex(Expr::constant(Const::Float(0.0), span), Expr::constant(Const::Float(0.0), span), FloatKind::F64);
        let by_zero = Expr::new(ExprKind::Compare { op: ferrojit_ir::CmpOp::Eq, lhs: Box::new(read(tb)), rhs: Box::new(zero) }, Type::Bool, span);
        let guarded = Expr::guard(by_zero, ferrojit_ir::ExcKind::ValueError, "math domain error", quotient, span);
        let with_b = Expr::new(ExprKind::Let { var: tb, value: Box::new(log(base)), body: Box::new(guarded) }, c128.clone(), span);
        Ok(Expr::new(ExprKind::Let { var: tx, value: Box::new(lx), body: Box::new(with_b) }, c128, span))
    }

    /// `z == x` / `z != x` between a complex and a real number (either side): the real
    /// part compared with `x` exactly (an int is not rounded to a float, as in CPython)
    /// and the imaginary part with zero.
    pub fn complex_equals_real(&mut self, op: ferrojit_ir::CmpOp, lhs: Expr, rhs: Expr, span: ferrojit_ir::Span) -> Expr {
        use ferrojit_ir::CmpOp;
        if !lhs.ty.is_complex() && !matches!(lhs.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
            // (the real operand on the left runs first, as in CPython)
            let t = self.temp(&lhs.ty);
            let read = Expr::new(ExprKind::Var(t), lhs.ty.clone(), lhs.span);
            let body = self.complex_equals_real(op, read, rhs, span);
            return Expr::new(ExprKind::Let { var: t, value: Box::new(lhs), body: Box::new(body) }, Type::Bool, span);
        }
        let (z, x) = if lhs.ty.is_complex() { (lhs, rhs) } else { (rhs, lhs) };
        let Type::Complex(k) = z.ty else { unreachable!("one side is complex") };
        let t = self.temp(&z.ty);
        let read = Expr::new(ExprKind::Var(t), z.ty.clone(), span);
        let part = |imag| Expr::new(ExprKind::ComplexPart { value: Box::new(read.clone()), imag }, Type::Float(k), span);
        let re = part(false).cast_to(&FLOAT64);
        // Ints compare exactly with floats (the backend's int/float comparison).
        let x = match &x.ty {
            Type::Float(_) => x.cast_to(&FLOAT64),
            Type::Int(ferrojit_ir::IntKind::U64) => x.cast_to(&FLOAT64),
            _ => x.cast_to(&ferrojit_ir::INT64),
        };
        let (l, r) = if x.ty == FLOAT64 { (re, x) } else { (x, re) };
        let real_eq = Expr::new(ExprKind::Compare { op: CmpOp::Eq, lhs: Box::new(l), rhs: Box::new(r) }, Type::Bool, span);
        let zero = Expr::constant(Const::Float(0.0), span).cast_to(&Type::Float(k));
        let imag_eq = Expr::new(ExprKind::Compare { op: CmpOp::Eq, lhs: Box::new(part(true)), rhs: Box::new(zero) }, Type::Bool, span);
        let eq = Expr::new(ExprKind::And(Box::new(real_eq), Box::new(imag_eq)), Type::Bool, span);
        let result = if op == CmpOp::Eq { eq } else { Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(eq) }, Type::Bool, span) };
        Expr::new(ExprKind::Let { var: t, value: Box::new(z), body: Box::new(result) }, Type::Bool, span)
    }

    /// `abs(z)` of a complex number: its modulus (CPython's `abs`, libm's hypot).
    pub fn complex_abs(&mut self, z: Expr, range: TextRange) -> Expr {
        let span = self.span(range);
        let Type::Complex(k) = z.ty else { return z };
        Expr::new(ExprKind::Math { func: MathFn::Fabs, args: vec![z] }, Type::Float(k), span)
    }
}

fn bop_error<T>(f: &FunctionLowerer<'_, '_>, sym: &str, lhs: &Expr, rhs: &Expr, range: TextRange) -> LResult<T> {
    Err(f.err(
        range,
        format!("unsupported operand type(s) for {sym}: '{}' and '{}'", python_type_name(&lhs.ty), python_type_name(&rhs.ty)),
    ))
}
