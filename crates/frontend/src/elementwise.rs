//! Element-wise array expressions: operators and comparisons over arrays and scalars,
//! with NumPy's broadcasting and dtype rules (the NumPy ufuncs built on these maps are
//! in [`crate::ufuncs`]).
//!
//! Operands are flattened into one [`ExprKind::Map`]: `a * b + 1` becomes a single map
//! with inputs `[a, b]` and body `$0 * $1 + 1`, so the backend computes it in one loop
//! and stores one result (or none, when a reduction consumes it).

use crate::function::{FunctionLowerer, LResult};
use ferrojit_ir::{
    arith_promote, ArrayType, BinOp, CmpOp, Const, DType, Expr, ExprKind, FloatKind, IntKind, Layout, Span, Type,
    UnaryOp, FLOAT64, INT64,
};
use rustpython_parser::text_size::TextRange;

/// An operand in map form: its inputs, the body computing one element, the number of
/// dimensions (0 for scalars), and whether it is a "weak" Python scalar for promotion.
pub struct MapParts {
    pub inputs: Vec<Expr>,
    pub body: Expr,
    pub ndim: u8,
    pub weak: bool,
}

/// `value`, unless `cond` holds: then OverflowError(`message`) (see `ExprKind::Guard`).
fn overflow_guard(cond: Expr, message: impl Into<String>, value: Expr, span: Span) -> Expr {
    Expr::guard(cond, ferrojit_ir::ExcKind::OverflowError, message, value, span)
}

fn shift_inputs(e: &mut Expr, by: usize) {
    if let ExprKind::Input(k) = &mut e.kind {
        *k += by;
    }
    for c in e.children_mut() {
        shift_inputs(c, by);
    }
}

/// NumPy's result type of two dtypes (`np.result_type` for arrays, with Python scalars
/// as "weak" operands that don't widen an array's type, as in NumPy 2).
pub fn numpy_promote(a: &Type, a_weak: bool, b: &Type, b_weak: bool) -> Type {
    use Type::*;
    if a_weak && b_weak {
        if *a == Bool && *b == Bool {
            return Bool;
        }
        return arith_promote(a, b);
    }
    if a_weak || b_weak {
        let (strong, weak) = if a_weak { (b, a) } else { (a, b) };
        return match (strong, weak) {
            // A Python complex keeps a float32 (or complex64) array's precision.
            (Float(k) | Complex(k), Complex(_)) => Complex(*k),
            (_, Complex(_)) => Complex(FloatKind::F64),
            (Bool, Bool) => Bool,
            (Bool, Int(_)) => INT64,
            (Bool, Float(_)) | (Int(_), Float(_)) => FLOAT64,
            (s, _) => s.clone(),
        };
    }
    if a == b {
        return a.clone();
    }
    match (a, b) {
        (Bool, x) | (x, Bool) => x.clone(),
        (Int(x), Int(y)) => {
            if x.signed() == y.signed() {
                if x.bits() >= y.bits() { a.clone() } else { b.clone() }
            } else {
                let (s, u) = if x.signed() { (x, y) } else { (y, x) };
                if s.bits() > u.bits() {
                    Int(*s)
                } else {
                    match u.bits() {
                        8 => Int(IntKind::I16),
                        16 => Int(IntKind::I32),
                        32 => INT64,
                        _ => FLOAT64,
                    }
                }
            }
        }
        (Int(k), Float(FloatKind::F32)) | (Float(FloatKind::F32), Int(k)) if k.bits() <= 16 => Float(FloatKind::F32),
        (Int(_), Float(_)) | (Float(_), Int(_)) => FLOAT64,
        (Float(x), Float(y)) => Float((*x).max(*y)),
        (Complex(_), _) | (_, Complex(_)) => {
            let part = |t: &Type| match t {
                Complex(k) => Float(*k),
                t => t.clone(),
            };
            match numpy_promote(&part(a), false, &part(b), false) {
                Float(k) => Complex(k),
                _ => Complex(FloatKind::F64),
            }
        }
        _ => FLOAT64,
    }
}

impl FunctionLowerer<'_, '_> {
    /// An array or scalar as map parts.
    pub fn map_parts(&mut self, e: Expr, range: TextRange) -> LResult<MapParts> {
        if let (Type::Array(at), ExprKind::Map { .. }) = (&e.ty, &e.kind) {
            let ndim = at.ndim;
            if let ExprKind::Map { inputs, body } = e.kind {
                return Ok(MapParts { inputs, body: *body, ndim, weak: false });
            }
            return Err(self.err(range, "internal: map operand"));
        }
        match (&e.ty, &e.kind) {
            (Type::Array(at), _) => {
                let span = e.span;
                let (ndim, el) = (at.ndim, at.dtype.to_type());
                Ok(MapParts { inputs: vec![e], body: Expr::new(ExprKind::Input(0), el, span), ndim, weak: false })
            }
            (t, ExprKind::Const(_)) if t.is_numeric() => Ok(MapParts { inputs: vec![], body: e, ndim: 0, weak: true }),
            (t, _) if t.is_number() => {
                // Python's int, float and bool are "weak" in NumPy 2's promotion; NumPy
                // scalars (np.int64, np.float32, array elements) are not.
                let weak = !self.is_numpy_scalar(&e);
                let (span, ty) = (e.span, e.ty.clone());
                Ok(MapParts { inputs: vec![e], body: Expr::new(ExprKind::Input(0), ty, span), ndim: 0, weak })
            }
            (t, _) => Err(self.err(range, format!("a {t} cannot take part in an array expression"))),
        }
    }

    /// Merge operands: inputs concatenated, bodies re-indexed.
    pub(crate) fn merge(&self, parts: Vec<MapParts>) -> (Vec<Expr>, Vec<(Expr, bool)>, u8) {
        let mut inputs = Vec::new();
        let mut bodies = Vec::new();
        let mut ndim = 0;
        for mut p in parts {
            shift_inputs(&mut p.body, inputs.len());
            inputs.append(&mut p.inputs);
            bodies.push((p.body, p.weak));
            ndim = ndim.max(p.ndim);
        }
        (inputs, bodies, ndim)
    }

    pub(crate) fn make_map(&mut self, inputs: Vec<Expr>, body: Expr, ndim: u8, span: Span) -> Expr {
        let dtype = DType::from_type(&body.ty).unwrap_or(DType::Float(FloatKind::F64));
        if ndim == 0 {
            // All scalars or 0-d arrays (a ufunc on numbers): a scalar, as NumPy returns,
            // with NumPy's error rules. Each input is evaluated once.
            let mut bindings = Vec::new();
            let inputs: Vec<Expr> = inputs
                .into_iter()
                .map(|i| {
                    let i = self.reusable(i, &mut bindings);
                    match &i.ty {
                        Type::Array(at) => {
                            let (ty, span) = (at.dtype.to_type(), i.span);
                            Expr::new(ExprKind::Index { array: Box::new(i), indices: vec![] }, ty, span)
                        }
                        _ => i,
                    }
                })
                .collect();
            let mut body = body;
            substitute_inputs(&mut body, &inputs);
            let ty = body.ty.clone();
            let e = Expr::new(ExprKind::NumpySemantics(Box::new(body)), ty, span);
            return crate::array::with_bindings(e, bindings);
        }
        let ty = Type::Array(ArrayType::new(dtype, ndim, Layout::C));
        Expr::new(ExprKind::Map { inputs, body: Box::new(body) }, ty, span)
    }

    pub fn has_array(e: &Expr) -> bool {
        matches!(e.ty, Type::Array(_))
    }

    /// `l op r` where at least one side is an array.
    pub fn array_binop(&mut self, op: BinOp, l: Expr, r: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let (lp, rp) = (self.map_parts(l, range)?, self.map_parts(r, range)?);
        let (lt, rt) = (lp.body.ty.clone(), rp.body.ty.clone());
        let (lw, rw) = (lp.weak, rp.weak);
        let mut t = numpy_promote(&lt, lw, &rt, rw);
        if op == BinOp::Pow && lt == Type::Bool && !lw && matches!(rp.body.kind, ExprKind::Const(Const::Int(2))) {
            // NumPy computes `a ** 2` as np.square(a): int8 for a boolean array (other
            // Python int exponents give int64).
            t = Type::Int(IntKind::I8);
        }
        if t.is_complex() && !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow) {
            return Err(self.err(range, format!("unsupported operand types for {}: {lt} and {rt} (NumPy has no such ufunc loop for complex numbers)", op.symbol())));
        }
        let true_float = t.is_float() || t.is_complex();
        let (inputs, mut bodies, ndim) =
            if op == BinOp::Div && !true_float { self.merge(vec![lp, rp]) } else { self.merge_in_range(lp, rp, &t, span) };
        let (rb, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
        let (lb, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
        let body_op = match (op, &t) {
            (BinOp::Div, t2) if !t2.is_float() && !t2.is_complex() => {
                t = FLOAT64;
                BinOp::Div
            }
            (BinOp::Add, Type::Bool) => BinOp::BitOr,
            (BinOp::Mul, Type::Bool) => BinOp::BitAnd,
            // NumPy refuses when the operation runs (its TypeError, after both operands
            // are evaluated): the map computes `^` and its result is never used.
            (BinOp::Sub, Type::Bool) => BinOp::BitXor,
            (BinOp::FloorDiv | BinOp::Mod | BinOp::Pow | BinOp::Shl | BinOp::Shr, Type::Bool) => {
                // NumPy computes these on bools as int8.
                t = Type::Int(IntKind::I8);
                op
            }
            (BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::Shl | BinOp::Shr, Type::Float(_)) => {
                return Err(self.err(range, format!("unsupported operand types for {}: {lt} and {rt} arrays", op.symbol())));
            }
            (o, _) => o,
        };
        let refused = op == BinOp::Sub && t == Type::Bool;
        let body = Expr::new(
            ExprKind::Binary { op: body_op, lhs: Box::new(lb.cast_to(&t)), rhs: Box::new(rb.cast_to(&t)) },
            t,
            span,
        );
        let map = self.make_map(inputs, body, ndim, span);
        if !refused {
            return Ok(map);
        }
        let ty = map.ty.clone();
        let v = self.temp(&ty);
        let message = "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.";
        let read = Expr::new(ExprKind::Var(v), ty.clone(), span);
        let always = Expr::constant(Const::Bool(true), span);
        let guard = Expr::guard(always, ferrojit_ir::ExcKind::TypeError, message, read, span);
        Ok(Expr::new(ExprKind::Let { var: v, value: Box::new(map), body: Box::new(guard) }, ty, span))
    }

    /// Two operands of one NumPy operation in its type `t`, merged into one map's inputs.
    /// A Python int operand computed in a narrower integer type must fit in it (NumPy:
    /// `OverflowError: Python integer 300 out of bounds for uint8`; a literal's message
    /// names its value). The operand is evaluated where it stands and its range check
    /// after both operands, as NumPy checks it when the operation runs: `x + a[i % 0]`
    /// raises ZeroDivisionError whatever `x` is, `int(a.max()) // a[i % 0]` the `max`'s
    /// ValueError for an empty `a`.
    pub(crate) fn merge_in_range(&mut self, a: MapParts, b: MapParts, t: &Type, span: Span) -> (Vec<Expr>, Vec<(Expr, bool)>, u8) {
        let (a, a_check) = self.defer_range_check(a, t, span);
        let (b, b_check) = self.defer_range_check(b, t, span);
        let (mut inputs, mut bodies, ndim) = self.merge(vec![a, b]);
        for (i, check) in [(0, a_check), (1, b_check)] {
            let Some(check) = check else { continue };
            bodies[i].0 = if matches!(check.kind, ExprKind::Const(_)) {
                check // a literal that fits
            } else {
                inputs.push(check);
                Expr::new(ExprKind::Input(inputs.len() - 1), INT64, span)
            };
        }
        (inputs, bodies, ndim)
    }

    /// A Python int operand of an operation in the narrower integer type `t`: the operand
    /// (a computed value is evaluated into a check variable) and the checked value, to be
    /// evaluated after the other operand. `None` when no check applies.
    fn defer_range_check(&mut self, p: MapParts, t: &Type, span: Span) -> (MapParts, Option<Expr>) {
        let (Type::Int(k), Type::Int(IntKind::I64), true) = (t, &p.body.ty, p.weak) else { return (p, None) };
        if *k == IntKind::I64 {
            return (p, None);
        }
        match (&p.body.kind, p.inputs.len()) {
            (ExprKind::Const(_), 0) => {
                let check = self.python_int_fits(p.body.clone(), *k, span);
                (p, Some(check))
            }
            (ExprKind::Input(0), 1) => {
                let MapParts { mut inputs, body, ndim, weak } = p;
                let x = inputs.remove(0);
                let var = self.check_temp(&INT64);
                let read = Expr::new(ExprKind::Var(var), INT64, span);
                let value = Expr::new(ExprKind::Let { var, value: Box::new(x), body: Box::new(read.clone()) }, INT64, span);
                let check = self.python_int_fits(read, *k, span);
                (MapParts { inputs: vec![value], body, ndim, weak }, Some(check))
            }
            _ => (p, None),
        }
    }

    /// A Python int (an int64 expression) that must fit in `k`, as NumPy converts one
    /// into an integer dtype: `OverflowError: Python integer 300 out of bounds for uint8`
    /// otherwise (a literal's check is decided here; a variable's is a `Guard`).
    pub fn python_int_fits(&mut self, x: Expr, k: IntKind, span: Span) -> Expr {
        if k == IntKind::I64 {
            return x;
        }
        let (lo, hi): (i128, i128) =
            if k.signed() { (-(1i128 << (k.bits() - 1)), (1i128 << (k.bits() - 1)) - 1) } else { (0, (1i128 << k.bits()) - 1) };
        let name = k.name();
        let guard = |cond: Expr, message: String, value: Expr| overflow_guard(cond, message, value, span);
        if let ExprKind::Const(Const::Int(v)) = x.kind {
            if (lo..=hi).contains(&(v as i128)) {
                return x;
            }
            return guard(Expr::constant(Const::Bool(true), span), format!("Python integer {v} out of bounds for {name}"), x);
        }
        let var = self.check_temp(&INT64);
        let read = Expr::new(ExprKind::Var(var), INT64, span);
        let cmp = |op, bound: i128| {
            let c = Expr::constant(Const::Int(bound.clamp(i64::MIN as i128, i64::MAX as i128) as i64), span);
            Expr::new(ExprKind::Compare { op, lhs: Box::new(read.clone()), rhs: Box::new(c) }, Type::Bool, span)
        };
        let out = if hi > i64::MAX as i128 {
            cmp(CmpOp::Lt, lo)
        } else {
            Expr::new(ExprKind::Or(Box::new(cmp(CmpOp::Lt, lo)), Box::new(cmp(CmpOp::Gt, hi))), Type::Bool, span)
        };
        let checked = guard(out, format!("Python integer {{}} out of bounds for {name}"), read.clone());
        Expr::new(ExprKind::Let { var, value: Box::new(x), body: Box::new(checked) }, INT64, span)
    }

    /// A uint64 as an int64, as NumPy converts one to a C long (an index, a value stored
    /// into a signed array): beyond int64, `OverflowError: Python int too large to
    /// convert to C long` (rather than a wrap to a negative number).
    pub fn uint64_as_int64(&mut self, value: Expr, span: Span) -> Expr {
        let var = self.check_temp(&value.ty);
        let read = Expr::new(ExprKind::Var(var), value.ty.clone(), span);
        let bits = read.cast_to(&INT64);
        let negative = Expr::new(
            ExprKind::Compare { op: CmpOp::Lt, lhs: Box::new(bits.clone()), rhs: Box::new(Expr::constant(Const::Int(0), span)) },
            Type::Bool,
            span,
        );
        let guarded = overflow_guard(negative, "Python int too large to convert to C long", bits, span);
        Expr::new(ExprKind::Let { var, value: Box::new(value), body: Box::new(guarded) }, INT64, span)
    }

    /// A Python number stored into an integer array (`a[i] = v`, `a[...] = v`): NumPy
    /// converts it as `int()` does (NaN: ValueError, infinity: OverflowError) and then
    /// checks the dtype's range. NumPy scalars, and so array elements, are cast as C
    /// casts them instead (`a[i] = b[j]` with b float64: -1.0 into uint8 is 255).
    pub fn python_number_for_store(&mut self, value: Expr, dtype: DType, span: Span) -> Expr {
        let DType::Int(k) = dtype else { return value };
        let numpy = self.is_numpy_scalar(&value);
        if numpy && !k.signed() {
            // Unsigned arrays take NumPy scalars by the C cast.
            return value;
        }
        // Python numbers, and NumPy scalars stored into signed arrays (NumPy converts
        // those with `int()` too): range-checked.
        let value = match value.ty.clone() {
            // A uint64 beyond int64 does not fit any signed type.
            Type::Int(IntKind::U64) => self.uint64_as_int64(value, span),
            Type::Int(IntKind::I64) => value,
            Type::Int(src) if k.bits() > src.bits() || (src.signed() && k.bits() == src.bits()) => return value,
            Type::Int(_) => value.cast_to(&INT64),
            Type::Float(FloatKind::F32) => value.cast_to(&FLOAT64),
            Type::Float(FloatKind::F64) => value,
            _ => return value,
        };
        if value.ty == INT64 {
            return self.python_int_fits(value, k, span);
        }
        // int() of a float beyond int64: NumPy says what converting that int does. Floats
        // in [2**63, 2**64) fit uint64 (stored) and are named for uint32; others beyond
        // int64 give "Python int too large to convert to C long".
        let var = self.check_temp(&FLOAT64);
        let read = Expr::new(ExprKind::Var(var), FLOAT64, span);
        let cmp = |op, bound: f64| {
            let c = Expr::constant(Const::Float(bound), span);
            Expr::new(ExprKind::Compare { op, lhs: Box::new(read.clone()), rhs: Box::new(c) }, Type::Bool, span)
        };
        let and = |a: Expr, b: Expr| Expr::new(ExprKind::And(Box::new(a), Box::new(b)), Type::Bool, span);
        let guard = |cond: Expr, message: &str, value: Expr| overflow_guard(cond, message, value, span);
        let two63 = 9.223_372_036_854_775_808e18;
        let wide_unsigned = matches!(k, IntKind::U32 | IntKind::U64);
        let limit = if wide_unsigned { 2.0 * two63 } else { two63 };
        // finite and outside [-2**63, limit)
        let huge = Expr::new(
            ExprKind::Or(
                Box::new(and(cmp(CmpOp::Ge, limit), cmp(CmpOp::Lt, f64::INFINITY))),
                Box::new(and(cmp(CmpOp::Lt, -two63), cmp(CmpOp::Gt, f64::NEG_INFINITY))),
            ),
            Type::Bool,
            span,
        );
        let as_int = read.clone().cast_to(&INT64);
        let in_range = |this: &mut Self, body: Expr| {
            let guarded = guard(huge.clone(), "Python int too large to convert to C long", body);
            let e = Expr::new(ExprKind::Let { var, value: Box::new(value.clone()), body: Box::new(guarded) }, INT64, span);
            this.python_int_fits(e, k, span)
        };
        if !wide_unsigned {
            return in_range(self, as_int);
        }
        let above = and(cmp(CmpOp::Ge, two63), cmp(CmpOp::Lt, 2.0 * two63));
        let unsigned = Type::Int(IntKind::U64);
        if k == IntKind::U64 {
            // Below 2**63: int() and the range check; above: the exact uint64.
            let small = self.python_int_fits(as_int, k, span).cast_to(&unsigned);
            let big = read.clone().cast_to(&unsigned);
            let pick = Expr::new(ExprKind::IfExp { cond: Box::new(above), then: Box::new(big), orelse: Box::new(small) }, unsigned.clone(), span);
            let guarded = guard(huge, "Python int too large to convert to C long", pick);
            return Expr::new(ExprKind::Let { var, value: Box::new(value), body: Box::new(guarded) }, unsigned, span);
        }
        // uint32: a value in [2**63, 2**64) is named (its uint64 bits shown unsigned).
        let bits = read.clone().cast_to(&unsigned).cast_to(&INT64);
        let shown = Expr::new(ExprKind::IfExp { cond: Box::new(above.clone()), then: Box::new(bits), orelse: Box::new(as_int) }, INT64, span);
        let named = guard(above, &format!("Python integer {{u}} out of bounds for {}", k.name()), shown);
        in_range(self, named)
    }

    pub fn array_compare(&mut self, op: CmpOp, l: Expr, r: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let complex = [&l, &r].iter().any(|e| crate::ufuncs::element_type(&e.ty).is_complex());
        if complex && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            // NumPy's lexicographic order: the library's element function.
            let name = crate::ufuncs::COMPARE_UFUNCS.iter().find(|(_, o)| *o == op).map_or("greater_equal", |(n, _)| *n);
            return match self.library_ufunc(name, vec![l, r], range)? {
                Some(e) => Ok(e),
                None => Err(self.err(range, format!("ordering comparisons ({}) of complex arrays are not supported in compiled code", op.symbol()))),
            };
        }
        let (lp, rp) = (self.map_parts(l, range)?, self.map_parts(r, range)?);
        let mut t = numpy_promote(&lp.body.ty, lp.weak, &rp.body.ty, rp.weak);
        // NumPy compares a Python int with the exact values (`int8_array == 2**40` is all
        // False): in int64, which holds both, unless the array is uint64.
        let python_int = |p: &MapParts| p.weak && p.body.ty == INT64;
        if matches!(t, Type::Int(k) if k.bits() < 64) && (python_int(&lp) || python_int(&rp)) {
            t = INT64;
        }
        let (inputs, mut bodies, ndim) = self.merge(vec![lp, rp]);
        let (rb, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
        let (lb, _) = bodies.pop().unwrap_or_else(|| unreachable_pair());
        let body = Expr::new(ExprKind::Compare { op, lhs: Box::new(lb.cast_to(&t)), rhs: Box::new(rb.cast_to(&t)) }, Type::Bool, span);
        Ok(self.make_map(inputs, body, ndim, span))
    }

    pub fn array_unary(&mut self, op: UnaryOp, e: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let p = self.map_parts(e, range)?;
        let t = p.body.ty.clone();
        let body = match (op, &t) {
            (UnaryOp::Neg, Type::Bool) => return Err(self.err(range, "numpy boolean negative is not supported, use ~")),
            (UnaryOp::Invert, Type::Bool) => {
                Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(p.body) }, Type::Bool, span)
            }
            (UnaryOp::Invert, Type::Float(_) | Type::Complex(_)) => return Err(self.err(range, format!("bad operand type for ~: a {t} array"))),
            (o, _) => Expr::new(ExprKind::Unary { op: o, operand: Box::new(p.body) }, t, span),
        };
        Ok(self.make_map(p.inputs, body, p.ndim, span))
    }
}

/// Replace `Input(k)` leaves by the scalar input expressions themselves.
fn substitute_inputs(e: &mut Expr, inputs: &[Expr]) {
    if let ExprKind::Input(k) = e.kind {
        if let Some(x) = inputs.get(k) {
            *e = x.clone();
        }
        return;
    }
    for c in e.children_mut() {
        substitute_inputs(c, inputs);
    }
}

pub(crate) fn unreachable_pair() -> (Expr, bool) {
    (Expr::constant(Const::Int(0), Span::default()), false)
}
