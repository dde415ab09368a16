//! The verifier: checks the invariants listed in the crate docs. The backend runs it on
//! every program it is given; a failure is a bug in the frontend.

use crate::*;

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("IR verification failed in `{function}` at line {line}: {message}")]
pub struct VerifyError {
    pub function: String,
    pub line: u32,
    pub message: String,
}

struct Verifier<'a> {
    p: &'a Program,
    f: &'a Function,
    loop_depth: usize,
    /// Element types of the enclosing `Map`'s inputs.
    map_inputs: Vec<Type>,
}

pub fn verify(p: &Program) -> Result<(), VerifyError> {
    if p.entry >= p.functions.len() {
        return Err(VerifyError { function: "<program>".into(), line: 0, message: "no entry".into() });
    }
    for f in &p.functions {
        let mut v = Verifier { p, f, loop_depth: 0, map_inputs: Vec::new() };
        for &param in &f.params {
            if param >= f.vars.len() {
                return Err(v.err(f.span, "parameter out of range"));
            }
        }
        v.block(&f.body)?;
    }
    Ok(())
}

impl Verifier<'_> {
    fn err(&self, span: Span, message: impl Into<String>) -> VerifyError {
        VerifyError { function: self.f.symbol.clone(), line: span.line, message: message.into() }
    }

    fn expect(&self, e: &Expr, ty: &Type, what: &str) -> Result<(), VerifyError> {
        if &e.ty != ty {
            return Err(self.err(e.span, format!("{what}: expected {ty}, found {}", e.ty)));
        }
        Ok(())
    }

    fn var(&self, v: VarId, span: Span) -> Result<&Type, VerifyError> {
        self.f.vars.get(v).map(|x| &x.ty).ok_or_else(|| self.err(span, format!("unknown variable {v}")))
    }

    fn block(&mut self, b: &Block) -> Result<(), VerifyError> {
        for s in b {
            match &s.kind {
                StmtKind::Assign { var, value } => {
                    let ty = self.var(*var, s.span)?.clone();
                    self.expr(value)?;
                    self.expect(value, &ty, "assignment")?;
                }
                StmtKind::If { cond, then_body, else_body } => {
                    self.expr(cond)?;
                    self.expect(cond, &Type::Bool, "if condition")?;
                    self.block(then_body)?;
                    self.block(else_body)?;
                }
                StmtKind::Try { body, handlers, orelse, finalbody } => {
                    self.block(body)?;
                    for h in handlers {
                        self.block(&h.body)?;
                    }
                    self.block(orelse)?;
                    self.block(finalbody)?;
                }
                StmtKind::While { cond, body } => {
                    self.expr(cond)?;
                    self.expect(cond, &Type::Bool, "while condition")?;
                    self.loop_depth += 1;
                    self.block(body)?;
                    self.loop_depth -= 1;
                }
                StmtKind::ForRange { var, start, stop, step, body } => {
                    let ty = self.var(*var, s.span)?.clone();
                    if !ty.is_int() {
                        return Err(self.err(s.span, "range variable must be an integer"));
                    }
                    for e in [start, stop, step] {
                        self.expr(e)?;
                        self.expect(e, &ty, "range bound")?;
                    }
                    self.loop_depth += 1;
                    self.block(body)?;
                    self.loop_depth -= 1;
                }
                StmtKind::Break | StmtKind::Continue => {
                    if self.loop_depth == 0 {
                        return Err(self.err(s.span, "break/continue outside a loop"));
                    }
                }
                StmtKind::Return(e) => {
                    self.expr(e)?;
                    self.expect(e, &self.f.ret, "return value")?;
                }
                StmtKind::Expr(e) => self.expr(e)?,
                StmtKind::Del(e) => {
                    self.expr(e)?;
                    if !matches!(e.kind, ExprKind::Var(_)) {
                        return Err(self.err(s.span, "del of something other than a variable"));
                    }
                }
                StmtKind::Raise { .. } => {}
                StmtKind::StoreView { target, value } => {
                    self.expr(target)?;
                    let a = self.array(target)?;
                    if a.readonly {
                        return Err(self.err(s.span, "store into a read-only array"));
                    }
                    self.expr(value)?;
                }
                StmtKind::PtrStore { ptr, index, value } => {
                    self.expr(ptr)?;
                    if !matches!(ptr.ty, Type::Pointer(Some(_))) {
                        return Err(self.err(s.span, "store through a non-pointer"));
                    }
                    self.expr(index)?;
                    self.expect(index, &INT64, "pointer index")?;
                    self.expr(value)?;
                }
                StmtKind::Store { array, indices, value } => {
                    self.expr(array)?;
                    let Type::Array(a) = &array.ty else {
                        return Err(self.err(s.span, "store into a non-array"));
                    };
                    if a.readonly {
                        return Err(self.err(s.span, "store into a read-only array"));
                    }
                    if indices.len() != a.ndim as usize {
                        return Err(self.err(s.span, "store needs one index per dimension"));
                    }
                    self.indices(indices)?;
                    self.expr(value)?;
                    if !value.ty.is_number() {
                        return Err(self.err(s.span, "stored value must be a number"));
                    }
                }
            }
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), VerifyError> {
        match &e.kind {
            ExprKind::Const(c) => {
                let ok = matches!(
                    (c, &e.ty),
                    (Const::Bool(_), Type::Bool)
                        | (Const::Int(_), Type::Int(_))
                        | (Const::Float(_), Type::Float(_))
                        | (Const::None, Type::None)
                        | (Const::None, Type::Function(_))
                        | (Const::Str(_), Type::Str(_))
                );
                if !ok {
                    return Err(self.err(e.span, format!("constant {c:?} typed {}", e.ty)));
                }
            }
            ExprKind::Var(v) => {
                let ty = self.var(*v, e.span)?;
                if ty != &e.ty {
                    return Err(self.err(e.span, format!("variable typed {ty} read as {}", e.ty)));
                }
            }
            ExprKind::Cast(x) => {
                self.expr(x)?;
                if !castable(&x.ty, &e.ty) {
                    return Err(self.err(e.span, format!("cast from {} to {}", x.ty, e.ty)));
                }
            }
            ExprKind::Truth(x) => {
                self.expr(x)?;
                self.expect(e, &Type::Bool, "truth value")?;
            }
            ExprKind::Unary { op, operand } => {
                self.expr(operand)?;
                match op {
                    UnaryOp::Not => self.expect(operand, &Type::Bool, "not")?,
                    UnaryOp::Invert if !operand.ty.is_int() => {
                        return Err(self.err(e.span, "~ on a non-integer"))
                    }
                    UnaryOp::Conj if !operand.ty.is_complex() => return Err(self.err(e.span, "conjugate of a non-complex")),
                    _ => {}
                }
                self.expect(e, &operand.ty, "unary result")?;
            }
            ExprKind::Binary { op, lhs, rhs } => {
                self.expr(lhs)?;
                self.expr(rhs)?;
                let complex_op = matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow);
                if !(e.ty.is_numeric() || e.ty.is_complex() && complex_op) {
                    return Err(self.err(e.span, format!("arithmetic {} on {}", op.symbol(), e.ty)));
                }
                let python_int_division = *op == BinOp::Div && e.ty == crate::FLOAT64 && lhs.ty == crate::INT64 && rhs.ty == crate::INT64;
                if !python_int_division {
                    self.expect(lhs, &e.ty, op.symbol())?;
                    self.expect(rhs, &e.ty, op.symbol())?;
                }
                if *op == BinOp::Div && !e.ty.is_float() && !e.ty.is_complex() {
                    return Err(self.err(e.span, "true division must be on floats"));
                }
            }
            ExprKind::Compare { op, lhs, rhs } => {
                self.expr(lhs)?;
                self.expr(rhs)?;
                if lhs.ty.is_complex() && !matches!(op, crate::CmpOp::Eq | crate::CmpOp::Ne) {
                    return Err(self.err(e.span, "complex numbers have no order"));
                }
                let mixed = matches!((&lhs.ty, &rhs.ty), (&INT64, &FLOAT64) | (&FLOAT64, &INT64));
                if !mixed {
                    self.expect(rhs, &lhs.ty, "comparison")?;
                }
                self.expect(e, &Type::Bool, "comparison result")?;
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                self.expr(a)?;
                self.expr(b)?;
                self.expect(a, &e.ty, "and/or")?;
                self.expect(b, &e.ty, "and/or")?;
            }
            ExprKind::IfExp { cond, then, orelse } => {
                self.expr(cond)?;
                self.expr(then)?;
                self.expr(orelse)?;
                self.expect(cond, &Type::Bool, "condition")?;
                self.expect(then, &e.ty, "conditional")?;
                self.expect(orelse, &e.ty, "conditional")?;
            }
            ExprKind::Let { var, value, body } => {
                let ty = self.var(*var, e.span)?.clone();
                self.expr(value)?;
                self.expect(value, &ty, "let")?;
                self.expr(body)?;
                self.expect(body, &e.ty, "let body")?;
            }
            ExprKind::Call { func, args } | ExprKind::ParallelFor { func, args, .. } => {
                let callee = self.p.functions.get(*func).ok_or_else(|| self.err(e.span, "unknown callee"))?;
                let params = callee.param_types();
                if params.len() != args.len() {
                    return Err(self.err(e.span, "call arity"));
                }
                for (a, t) in args.iter().zip(&params) {
                    self.expr(a)?;
                    self.expect(a, t, "call argument")?;
                }
                self.expect(e, &callee.ret, "call result")?;
            }
            ExprKind::Math { func, args } => {
                if args.len() != func.arity() {
                    return Err(self.err(e.span, "math arity"));
                }
                for a in args {
                    self.expr(a)?;
                    if !a.ty.is_float() && !a.ty.is_complex() {
                        return Err(self.err(e.span, "math argument must be a float or complex"));
                    }
                }
            }
            ExprKind::Round(x) => {
                self.expr(x)?;
                if !x.ty.is_float() || !e.ty.is_int() {
                    return Err(self.err(e.span, "round takes a float to an int"));
                }
            }
            ExprKind::MinMax { args, .. } => {
                for a in args {
                    self.expr(a)?;
                    self.expect(a, &e.ty, "min/max argument")?;
                }
            }
            ExprKind::Tuple(items) => {
                let Type::Tuple(tys) = &e.ty else {
                    return Err(self.err(e.span, "tuple expression without tuple type"));
                };
                if tys.len() != items.len() {
                    return Err(self.err(e.span, "tuple length"));
                }
                for (x, t) in items.iter().zip(tys) {
                    self.expr(x)?;
                    self.expect(x, t, "tuple item")?;
                }
            }
            ExprKind::Index { array, indices } => {
                self.expr(array)?;
                let a = self.array(array)?;
                if indices.len() != a.ndim as usize {
                    return Err(self.err(e.span, "index needs one index per dimension"));
                }
                self.indices(indices)?;
                self.expect(e, &a.dtype.to_type(), "element")?;
            }
            ExprKind::View { array, indices } => {
                self.expr(array)?;
                let a = self.array(array)?;
                let r = self.array(e)?;
                if indices.is_empty() || indices.len() >= a.ndim as usize || r.ndim as usize != a.ndim as usize - indices.len() {
                    return Err(self.err(e.span, "bad view"));
                }
                self.indices(indices)?;
            }
            ExprKind::Slice { array, items } => {
                self.expr(array)?;
                self.array(array)?;
                self.array(e)?;
                for i in items {
                    for x in i.exprs() {
                        self.expr(x)?;
                        self.expect(x, &INT64, "slice bound")?;
                    }
                }
            }
            ExprKind::Map { inputs, body } => {
                self.array(e)?;
                for x in inputs {
                    self.expr(x)?;
                }
                let saved = std::mem::take(&mut self.map_inputs);
                self.map_inputs = inputs.iter().map(|x| match &x.ty {
                    Type::Array(a) => a.dtype.to_type(),
                    t => t.clone(),
                }).collect();
                self.expr(body)?;
                self.map_inputs = saved;
            }
            ExprKind::PtrIndex { ptr, index } => {
                self.expr(ptr)?;
                self.expr(index)?;
                self.expect(index, &INT64, "pointer index")?;
                let Type::Pointer(Some(d)) = ptr.ty else { return Err(self.err(e.span, "index of a non-pointer")) };
                self.expect(e, &d.to_type(), "pointer element")?;
            }
            ExprKind::CArray { ptr, shape } => {
                self.expr(ptr)?;
                if !matches!(ptr.ty, Type::Pointer(_) | Type::Int(crate::IntKind::I64)) {
                    return Err(self.err(e.span, "carray of a non-pointer"));
                }
                self.indices(shape)?;
                let a = self.array(e)?;
                if a.ndim as usize != shape.len() {
                    return Err(self.err(e.span, "carray rank"));
                }
            }
            ExprKind::Transpose(x) | ExprKind::Sort(x) | ExprKind::Scan { array: x, .. } => {
                self.expr(x)?;
                self.array(x)?;
                self.array(e)?;
            }
            ExprKind::Reshape { array, shape } => {
                self.expr(array)?;
                let a = self.array(array)?;
                self.indices(shape)?;
                let r = self.array(e)?;
                if r.ndim as usize != shape.len() {
                    return Err(self.err(e.span, "reshape rank"));
                }
                // (a view or a copy, decided when it runs, unless the array is C-contiguous)
                if a.layout != Layout::C && r.layout == Layout::C {
                    return Err(self.err(e.span, "reshape of a non-contiguous array typed C-contiguous"));
                }
            }
            ExprKind::NumpySemantics(x) => {
                self.expr(x)?;
                self.expect(e, &x.ty, "numpy semantics")?;
            }
            ExprKind::Print { args, .. } | ExprKind::RaiseFormat { args, .. } | ExprKind::FormatStr { args, .. } => {
                for a in args.iter().filter_map(crate::PrintArg::value) {
                    self.expr(a)?;
                    if !crate::printable(&a.ty) {
                        return Err(self.err(a.span, "print argument is not printable"));
                    }
                }
                let ty = if matches!(e.kind, ExprKind::FormatStr { .. }) { Type::Text } else { Type::None };
                self.expect(e, &ty, "print, raise_format or format_str")?;
            }
            ExprKind::PyCall { args, .. } => {
                for a in args.iter().filter_map(crate::PrintArg::value) {
                    self.expr(a)?;
                }
            }
            ExprKind::CCall { args, .. } => {
                for a in args {
                    self.expr(a)?;
                    if !(a.ty.is_int() || a.ty.is_float()) {
                        return Err(self.err(a.span, "a C call's arguments are ints and floats"));
                    }
                }
                if !(e.ty.is_int() || e.ty.is_float() || e.ty == Type::None) {
                    return Err(self.err(e.span, "a C call returns an int, a float or nothing"));
                }
            }
            ExprKind::Str { op, args } => {
                let params = op.params();
                let optional_last = matches!(op, crate::StrOp::Strip | crate::StrOp::LStrip | crate::StrOp::RStrip);
                if args.len() != params.len() && !(optional_last && args.len() + 1 == params.len()) {
                    return Err(self.err(e.span, format!("str.{} takes {} arguments", op.name(), params.len())));
                }
                for (a, p) in args.iter().zip(params) {
                    self.expr(a)?;
                    let want = match p {
                        crate::StrArg::Text => Type::Text,
                        crate::StrArg::Int => crate::INT64,
                        crate::StrArg::Float => crate::FLOAT64,
                        crate::StrArg::Bool => Type::Bool,
                    };
                    self.expect(a, &want, "string operation argument")?;
                }
                self.expect(e, &op.result_type(), "string operation result")?;
            }
            ExprKind::List { op, args } => {
                for a in args {
                    self.expr(a)?;
                }
                let item = |t: &Type| match t {
                    Type::List(i) => Some((**i).clone()),
                    _ => None,
                };
                use crate::ListOp::*;
                let arity = match op {
                    New => args.len(),
                    Len => 1,
                    Get | Append | Join | Pop | SortNumbers => 2,
                    Set | Insert | Split => 3,
                };
                if args.len() != arity {
                    return Err(self.err(e.span, format!("list.{} takes {arity} arguments", op.name())));
                }
                let (list, want) = match op {
                    New => (e, Type::List(Box::new(Type::Unknown))),
                    Split => (e, Type::List(Box::new(Type::Text))),
                    Join => (&args[1], Type::List(Box::new(Type::Text))),
                    _ => (&args[0], Type::List(Box::new(Type::Unknown))),
                };
                let Some(it) = item(&list.ty) else {
                    return Err(self.err(list.span, format!("list.{} of a {}, not a list", op.name(), list.ty)));
                };
                if want != Type::List(Box::new(Type::Unknown)) {
                    self.expect(list, &want, "list operation")?;
                }
                let result = match op {
                    New => {
                        for a in args {
                            self.expect(a, &it, "list item")?;
                        }
                        e.ty.clone()
                    }
                    Len => crate::INT64,
                    Get | Pop => it.clone(),
                    Set | Append | Insert => {
                        self.expect(args.last().expect("arity"), &it, "list item")?;
                        Type::None
                    }
                    Split => e.ty.clone(),
                    Join => Type::Text,
                    SortNumbers => {
                        self.expect(&args[1], &Type::Bool, "sort direction")?;
                        Type::Bool
                    }
                };
                if matches!(op, Get | Set | Pop | Insert) {
                    self.expect(&args[1], &crate::INT64, "list index")?;
                }
                self.expect(e, &result, "list operation result")?;
            }
            ExprKind::Guard { cond, value, .. } => {
                self.expr(cond)?;
                self.expect(cond, &Type::Bool, "guard condition")?;
                self.expr(value)?;
                self.expect(e, &value.ty, "guard")?;
            }
            ExprKind::Input(k) => {
                let t = self.map_inputs.get(*k).cloned().ok_or_else(|| self.err(e.span, "map input out of range"))?;
                self.expect(e, &t, "map input")?;
            }
            ExprKind::ArrayAttr { array, .. } | ExprKind::CopyArray(array) | ExprKind::Reduce { array, .. } => {
                self.expr(array)?;
                self.array(array)?;
            }
            ExprKind::NewArray { shape, fill } => {
                let a = self.array(e)?;
                if shape.len() != a.ndim as usize {
                    return Err(self.err(e.span, "shape length"));
                }
                self.indices(shape)?;
                if let Some(v) = fill {
                    self.expr(v)?;
                }
            }
            ExprKind::Arange { start, stop, step } => {
                self.array(e)?;
                for x in [start, stop, step] {
                    self.expr(x)?;
                    self.expect(x, &start.ty, "arange bound")?;
                }
                if !start.ty.is_numeric() {
                    return Err(self.err(e.span, "arange bounds must be numbers"));
                }
            }
            ExprKind::Fill { array, value } => {
                self.expr(array)?;
                self.array(array)?;
                self.expr(value)?;
            }
            ExprKind::ConstArray { shape, strides, .. } => {
                let a = self.array(e)?;
                if shape.len() != a.ndim as usize || strides.len() != a.ndim as usize {
                    return Err(self.err(e.span, "constant array shape"));
                }
            }
            ExprKind::Complex { re, im } => {
                let Type::Complex(k) = e.ty else { return Err(self.err(e.span, "complex expression without complex type")) };
                for part in [re, im] {
                    self.expr(part)?;
                    self.expect(part, &Type::Float(k), "complex part")?;
                }
            }
            ExprKind::OptionalHas(x) => {
                self.expr(x)?;
                if !matches!(x.ty, Type::Optional(_)) {
                    return Err(self.err(e.span, "presence test of a non-optional"));
                }
                self.expect(e, &Type::Bool, "presence test")?;
            }
            ExprKind::OptionalValue { value, .. } => {
                self.expr(value)?;
                let Type::Optional(t) = &value.ty else { return Err(self.err(e.span, "value of a non-optional")) };
                self.expect(e, t, "optional value")?;
            }
            ExprKind::ComplexPart { value, .. } => {
                self.expr(value)?;
                match &value.ty {
                    Type::Complex(k) => self.expect(e, &Type::Float(*k), "complex part")?,
                    Type::Array(a) => {
                        let DType::Complex(k) = a.dtype else { return Err(self.err(e.span, "real/imag view of a non-complex array")) };
                        let r = self.array(e)?;
                        if r.dtype != DType::Float(k) || r.ndim != a.ndim || r.layout != Layout::A {
                            return Err(self.err(e.span, "a view of complex parts is a float array of any layout"));
                        }
                    }
                    _ => return Err(self.err(e.span, "real/imag of a non-complex")),
                }
            }
            ExprKind::TupleGet { tuple, index } => {
                self.expr(tuple)?;
                let Type::Tuple(tys) = &tuple.ty else {
                    return Err(self.err(e.span, "index of a non-tuple"));
                };
                let t = tys.get(*index).ok_or_else(|| self.err(e.span, "tuple index out of range"))?;
                self.expect(e, t, "tuple item")?;
            }
        }
        Ok(())
    }

    fn indices(&mut self, indices: &[Expr]) -> Result<(), VerifyError> {
        for i in indices {
            self.expr(i)?;
            self.expect(i, &INT64, "index")?;
        }
        Ok(())
    }

    fn array(&self, e: &Expr) -> Result<ArrayType, VerifyError> {
        match &e.ty {
            Type::Array(a) => Ok(*a),
            t => Err(self.err(e.span, format!("expected an array, found {t}"))),
        }
    }
}

/// Whether the backend converts a value of type `from` to type `to` (a `Cast`).
fn castable(from: &Type, to: &Type) -> bool {
    if from == to {
        return true;
    }
    match (from, to) {
        (Type::Array(a), Type::Array(b)) => a.dtype == b.dtype && a.ndim == b.ndim,
        // A value, None, or another optional into an optional.
        (Type::None, Type::Optional(_)) => true,
        (Type::Optional(f), Type::Optional(t)) => castable(f, t),
        (f, Type::Optional(t)) => castable(f, t),
        // Tuples item by item.
        (Type::Tuple(a), Type::Tuple(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| castable(x, y)),
        // A string known when compiling made a run-time string.
        (Type::Str(_), Type::Text) => true,
        // A list whose items were not known yet (checked empty when it runs).
        (Type::List(a), Type::List(_)) => **a == Type::Unknown,
        // Numbers convert to numbers; a complex number only to another complex.
        (f, t) => f.is_number() && (t.is_complex() || f.is_numeric() && t.is_numeric()),
    }
}
