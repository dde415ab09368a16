//! NumPy scalars and Python numbers: which a value is, known when compiling or only when
//! running (docs/architecture.md, "NumPy scalars").
//!
//! A variable is a NumPy scalar while every value assigned to it is one
//! (`FunctionLowerer::var_numpy`). A float64, int64 or bool variable assigned NumPy scalars
//! on some paths and Python numbers on others gets a hidden flag (`numpy_flags`) set after
//! each assignment ([`FunctionLowerer::set_numpy_flags`]); [`FunctionLowerer::numpy_flag`]
//! gives a value's NumPy-ness as [`NumpyFlag::Known`] or a boolean expression reading
//! flags ([`NumpyFlag::Runtime`]), and the operators whose rules differ (`/ // % **`)
//! lower both rules and pick one by it ([`FunctionLowerer::binop_by_flag`]).

use crate::function::{FunctionLowerer, LResult};
use ferrojit_ir::{Const, Expr, ExprKind, Stmt, StmtKind, Type, VarId};
use rustpython_parser::ast;
use rustpython_parser::text_size::TextRange;

impl FunctionLowerer<'_, '_> {
    /// Record that `v` is assigned `value`: a variable is a NumPy scalar while every
    /// value assigned to it is one.
    pub fn note_numpy_scalar(&mut self, v: VarId, value: &Expr) {
        if let Type::Tuple(items) = &value.ty {
            let strong = self.numpy_items(value, items.len());
            let merged: Vec<bool> = match self.var_numpy_items.get(&v) {
                Some(old) if old.len() == strong.len() => old.iter().zip(&strong).map(|(a, b)| *a && *b).collect(),
                _ => strong,
            };
            if self.var_numpy_items.get(&v) != Some(&merged) {
                self.var_numpy_items.insert(v, merged);
                self.mark_changed(v);
            }
        }
        if value.ty == Type::None {
            // (None says nothing of the numbers a variable that may be None holds)
            return;
        }
        let flag = self.numpy_flag(value);
        let strong = self.is_numpy_scalar(value);
        let now = Some(self.var_numpy[v].unwrap_or(true) && strong);
        if self.var_numpy[v] != now {
            self.var_numpy[v] = now;
            self.mark_changed(v);
        }
        if !matches!(flag, NumpyFlag::Known(false)) && !self.var_numpy_some[v] {
            self.var_numpy_some[v] = true;
            self.mark_changed(v);
        }
        // NumPy scalars on some paths, Python numbers on others (or a value that is one or
        // the other when running): a flag says which.
        let mixed = ((self.var_numpy_some[v] && self.var_numpy[v] == Some(false)) || matches!(flag, NumpyFlag::Runtime(_))) && !self.is_temp[v];
        let flaggable = matches!(value.ty, Type::Int(ferrojit_ir::IntKind::I64) | Type::Float(ferrojit_ir::FloatKind::F64) | Type::Bool);
        if mixed && flaggable && !self.numpy_flags.contains_key(&v) {
            let f = self.var(&format!("$numpy#{}", self.var_names[v]));
            self.var_types[f] = Some(Type::Bool);
            self.var_fixed[f] = true;
            self.var_numpy[f] = Some(false);
            self.numpy_flags.insert(v, f);
            self.mark_changed(v);
        }
    }

    /// Which items of a tuple value are NumPy scalars.
    fn numpy_items(&self, e: &Expr, n: usize) -> Vec<bool> {
        match &e.kind {
            ExprKind::Tuple(items) => items.iter().map(|x| self.is_numpy_scalar(x)).collect(),
            ExprKind::Var(w) => self.var_numpy_items.get(w).cloned().unwrap_or_else(|| vec![false; n]),
            ExprKind::Let { body, .. } => self.numpy_items(body, n),
            _ => vec![false; n],
        }
    }

    /// Whether a scalar value is a NumPy scalar ("strong" in NumPy 2's promotion) rather
    /// than a Python int, float or bool ("weak"). Sized types (int8, float32, ...) only
    /// come from NumPy; for int64, float64 and bool it depends on where the value came
    /// from: array elements, reductions and NumPy functions give NumPy scalars, literals,
    /// `int()`, `len()`, `math` functions and Python comparisons give Python values.
    pub fn is_numpy_scalar(&self, e: &Expr) -> bool {
        // (the rules fixed when compiling: a variable with a flag counts as a Python
        // number, a conditional expression or a min/max as a NumPy scalar when any of its
        // values is one; only `binop_by_flag` and the flags themselves read the flags)
        matches!(self.numpy_flag_in(e, &mut Vec::new(), false), NumpyFlag::Known(true))
    }

    /// Whether a scalar value is a NumPy scalar ([`Self::is_numpy_scalar`]), known when
    /// compiling or only when running (a variable with a flag, `numpy_flags`).
    pub fn numpy_flag(&self, e: &Expr) -> NumpyFlag {
        self.numpy_flag_in(e, &mut Vec::new(), true)
    }

    /// [`Self::numpy_flag`], with the variables bound by enclosing `Let`s in `lets`.
    fn numpy_flag_in(&self, e: &Expr, lets: &mut Vec<(VarId, NumpyFlag)>, running: bool) -> NumpyFlag {
        use ferrojit_ir::{FloatKind, IntKind};
        use NumpyFlag::Known;
        // A variable's assignments (or argument) decide; otherwise a sized type (int8,
        // float32, ...) is one only NumPy makes.
        let number = match &e.ty {
            Type::Optional(t) => &**t,
            t => t,
        };
        let sized = match number {
            Type::Int(IntKind::I64) | Type::Float(FloatKind::F64) | Type::Complex(FloatKind::F64) | Type::Bool => false,
            Type::Int(_) | Type::Float(_) | Type::Complex(_) => true,
            _ => return Known(false),
        };
        if let ExprKind::Var(v) = &e.kind {
            if let Some((_, flag)) = lets.iter().rev().find(|(w, _)| w == v) {
                return flag.clone();
            }
            if let Some(&f) = self.numpy_flags.get(v).filter(|_| running) {
                return NumpyFlag::Runtime(Expr::new(ExprKind::Var(f), Type::Bool, e.span));
            }
            return Known(self.var_numpy.get(*v).copied().flatten().unwrap_or(sized));
        }
        if sized {
            return Known(true);
        }
        match &e.kind {
            ExprKind::Index { .. } | ExprKind::PtrIndex { .. } | ExprKind::NumpySemantics(_) => Known(true),
            ExprKind::Reduce { axis: None, .. } => Known(true),
            ExprKind::Cast(x) | ExprKind::Unary { operand: x, .. } => self.numpy_flag_in(x, lets, running),
            ExprKind::Guard { value, .. } => self.numpy_flag_in(value, lets, running),
            // `z.real` of a NumPy complex is a NumPy float.
            ExprKind::ComplexPart { value, .. } => self.numpy_flag_in(value, lets, running),
            // The number a value that may be None holds.
            ExprKind::OptionalValue { value, .. } => self.numpy_flag_in(value, lets, running),
            ExprKind::Let { var, value, body } => {
                // (`python_scalar`'s variables hold Python numbers whatever their value.)
                let flag = if self.var_numpy.get(*var) == Some(&Some(false)) { Known(false) } else { self.numpy_flag_in(value, lets, running) };
                lets.push((*var, flag));
                let r = self.numpy_flag_in(body, lets, running);
                lets.pop();
                r
            }
            ExprKind::Binary { lhs, rhs, .. } | ExprKind::Compare { lhs, rhs, .. } => {
                let l = self.numpy_flag_in(lhs, lets, running);
                l.or(self.numpy_flag_in(rhs, lets, running), e.span)
            }
            // (a pure test, the flag of a value with a flag: the branch's flag)
            ExprKind::IfExp { cond, then: a, orelse: b } if running && pure_test(cond) => {
                match (self.numpy_flag_in(a, lets, running), self.numpy_flag_in(b, lets, running)) {
                    (Known(x), Known(y)) if x == y => Known(x),
                    (x, y) => NumpyFlag::Runtime(Expr::new(
                        ExprKind::IfExp { cond: cond.clone(), then: Box::new(x.expr(e.span)), orelse: Box::new(y.expr(e.span)) },
                        Type::Bool,
                        e.span,
                    )),
                }
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) | ExprKind::IfExp { then: a, orelse: b, .. } => {
                let a = self.numpy_flag_in(a, lets, running);
                a.or(self.numpy_flag_in(b, lets, running), e.span)
            }
            ExprKind::MinMax { is_max, args } => {
                let flags: Vec<NumpyFlag> = args.iter().map(|a| self.numpy_flag_in(a, lets, running)).collect();
                let same = flags.iter().all(|f| matches!((f, &flags[0]), (Known(a), Known(b)) if a == b));
                if same || !running || !args.iter().all(pure_test) {
                    return flags.into_iter().fold(Known(false), |acc, f| acc.or(f, e.span));
                }
                // The flag of the item that wins (CPython's `max` keeps the first of equal
                // items, as the lowering does): `max(a[0], 3.0)` is a Python float when 3.0 wins.
                let mut flags = flags.into_iter();
                let mut flag = flags.next().expect("min/max of items");
                for (k, fk) in flags.enumerate().map(|(i, f)| (i + 1, f)) {
                    let best = if k == 1 { args[0].clone() } else { Expr::new(ExprKind::MinMax { is_max: *is_max, args: args[..k].to_vec() }, e.ty.clone(), e.span) };
                    let op = if *is_max { ferrojit_ir::CmpOp::Gt } else { ferrojit_ir::CmpOp::Lt };
                    let better = Expr::new(ExprKind::Compare { op, lhs: Box::new(args[k].clone()), rhs: Box::new(best) }, Type::Bool, e.span);
                    flag = NumpyFlag::Runtime(Expr::new(ExprKind::IfExp { cond: Box::new(better), then: Box::new(fk.expr(e.span)), orelse: Box::new(flag.expr(e.span)) }, Type::Bool, e.span));
                }
                flag
            }
            ExprKind::Call { func, .. } => Known(self.b.returns_numpy_scalar(*func)),
            ExprKind::TupleGet { tuple, index } => Known(match &tuple.kind {
                ExprKind::Var(w) => self.var_numpy_items.get(w).and_then(|items| items.get(*index)).copied().unwrap_or(false),
                ExprKind::Tuple(items) => items.get(*index).is_some_and(|x| self.is_numpy_scalar(x)),
                _ => false,
            }),
            _ => Known(false),
        }
    }

    /// After each assignment to a variable with a flag (`numpy_flags`), the flag set to
    /// whether the value assigned is a NumPy scalar; at the start, every flag False (a
    /// parameter's: whether its argument is one).
    pub fn set_numpy_flags(&self, body: Vec<Stmt>, params: &[(VarId, bool)], span: ferrojit_ir::Span) -> Vec<Stmt> {
        if self.numpy_flags.is_empty() {
            return body;
        }
        let mut out = Vec::new();
        let mut flags: Vec<(VarId, VarId)> = self.numpy_flags.iter().map(|(&v, &f)| (v, f)).collect();
        flags.sort();
        for (v, f) in flags {
            let start = params.iter().find(|(p, _)| *p == v).is_some_and(|(_, strong)| *strong);
            out.push(Stmt { kind: StmtKind::Assign { var: f, value: Expr::constant(Const::Bool(start), span) }, span });
        }
        out.extend(self.flag_block(body));
        out
    }

    fn flag_block(&self, body: Vec<Stmt>) -> Vec<Stmt> {
        let mut out = Vec::with_capacity(body.len());
        for mut s in body {
            let mut after = None;
            match &mut s.kind {
                StmtKind::Assign { var, value } => {
                    if let Some(&f) = self.numpy_flags.get(var) {
                        let flag = self.numpy_flag(value).expr(s.span);
                        after = Some(Stmt { kind: StmtKind::Assign { var: f, value: flag }, span: s.span });
                    }
                }
                StmtKind::If { then_body, else_body, .. } => {
                    *then_body = self.flag_block(std::mem::take(then_body));
                    *else_body = self.flag_block(std::mem::take(else_body));
                }
                StmtKind::While { body, .. } | StmtKind::ForRange { body, .. } => {
                    *body = self.flag_block(std::mem::take(body));
                }
                StmtKind::Try { body, handlers, orelse, finalbody } => {
                    *body = self.flag_block(std::mem::take(body));
                    for h in handlers.iter_mut() {
                        h.body = self.flag_block(std::mem::take(&mut h.body));
                    }
                    *orelse = self.flag_block(std::mem::take(orelse));
                    *finalbody = self.flag_block(std::mem::take(finalbody));
                }
                _ => {}
            }
            out.push(s);
            out.extend(after);
        }
        out
    }

    /// Temporary `t` holds Python numbers, whatever its value (reads follow Python's rules).
    pub fn set_python_scalar(&mut self, t: VarId) {
        self.var_numpy[t] = Some(false);
    }

    /// `value` as a Python scalar (`int(x)`, `float(x)` of a NumPy scalar): bound to a
    /// fresh variable that is not a NumPy scalar.
    pub fn python_scalar(&mut self, value: Expr) -> Expr {
        if !self.is_numpy_scalar(&value) || !matches!(value.ty, Type::Int(_) | Type::Float(_) | Type::Bool | Type::Complex(_)) {
            return value;
        }
        let (span, ty) = (value.span, value.ty.clone());
        let name = format!("$py{}", self.python_counter);
        self.python_counter += 1;
        let t = self.temp_named(name, &ty);
        self.var_numpy[t] = Some(false);
        let read = Expr::new(ExprKind::Var(t), ty.clone(), span);
        Expr::new(ExprKind::Let { var: t, value: Box::new(value), body: Box::new(read) }, ty, span)
    }

    /// `lhs op rhs` (arithmetic) where an operand holds a NumPy scalar on some paths and a
    /// Python number on others (a variable with a flag, `numpy_flags`) and none is a NumPy
    /// scalar for certain: both rules, chosen by the flags when running (`x % 0.0` is nan
    /// for a NumPy float, a ZeroDivisionError for a Python one; `x * 2.0` is a NumPy
    /// scalar or not, which its own flag then says). None when the rules are known when
    /// compiling, or when the two results' types differ (then the rules fixed when
    /// compiling apply).
    pub(crate) fn binop_by_flag(&mut self, op: ast::Operator, lhs: &Expr, rhs: &Expr, range: TextRange) -> LResult<Option<Expr>> {
        use crate::numpy_scalars::NumpyFlag;
        use ast::Operator as O;
        if !matches!(op, O::Add | O::Sub | O::Mult | O::Div | O::FloorDiv | O::Mod | O::Pow) || !lhs.ty.is_number() || !rhs.ty.is_number() {
            return Ok(None);
        }
        let (fl, fr) = (self.numpy_flag(lhs), self.numpy_flag(rhs));
        let runtime = |f: &NumpyFlag| matches!(f, NumpyFlag::Runtime(_));
        if matches!(fl, NumpyFlag::Known(true)) || matches!(fr, NumpyFlag::Known(true)) || !(runtime(&fl) || runtime(&fr)) {
            return Ok(None);
        }
        let span = self.span(range);
        // Each operand evaluated once, into a variable read with Python's rules or, for
        // an operand with a flag, NumPy's.
        let mut bound = Vec::new();
        let mut reads = Vec::new();
        for (e, f) in [(lhs, &fl), (rhs, &fr)] {
            let t = self.temp(&e.ty);
            self.set_python_scalar(t);
            bound.push((t, e.clone()));
            let read = Expr::new(ExprKind::Var(t), e.ty.clone(), e.span);
            let numpy = if runtime(f) { Expr::new(ExprKind::NumpySemantics(Box::new(read.clone())), e.ty.clone(), e.span) } else { read.clone() };
            reads.push((read, numpy));
        }
        let numpy = self.binop(op, reads[0].1.clone(), reads[1].1.clone(), range)?;
        let python = self.binop(op, reads[0].0.clone(), reads[1].0.clone(), range)?;
        if numpy.ty != python.ty {
            // (the result's type would depend on the value: the rules fixed when compiling)
            return Ok(None);
        }
        // (the two agree but for errors and for what the result is: its flag says)
        let cond = fl.or(fr, span).expr(span);
        let ty = python.ty.clone();
        let mut e = Expr::new(ExprKind::IfExp { cond: Box::new(cond), then: Box::new(numpy), orelse: Box::new(python) }, ty, span);
        for (t, value) in bound.into_iter().rev() {
            let ty = e.ty.clone();
            e = Expr::new(ExprKind::Let { var: t, value: Box::new(value), body: Box::new(e) }, ty, span);
        }
        Ok(Some(e))
    }
}

/// Whether a value is a NumPy scalar: known when compiling, or only when running (the
/// value of a boolean expression reading variables' flags, [`FunctionLowerer::numpy_flag`]).
#[derive(Clone, Debug)]
pub enum NumpyFlag {
    Known(bool),
    Runtime(Expr),
}

impl NumpyFlag {
    /// Either is a NumPy scalar (a binary operation's result is one when an operand is).
    pub fn or(self, other: NumpyFlag, span: ferrojit_ir::Span) -> NumpyFlag {
        match (self, other) {
            (NumpyFlag::Known(true), _) | (_, NumpyFlag::Known(true)) => NumpyFlag::Known(true),
            (NumpyFlag::Known(false), x) | (x, NumpyFlag::Known(false)) => x,
            (NumpyFlag::Runtime(a), NumpyFlag::Runtime(b)) => NumpyFlag::Runtime(Expr::new(ExprKind::Or(Box::new(a), Box::new(b)), Type::Bool, span)),
        }
    }

    /// The flag as a boolean expression.
    pub fn expr(self, span: ferrojit_ir::Span) -> Expr {
        match self {
            NumpyFlag::Known(b) => Expr::constant(Const::Bool(b), span),
            NumpyFlag::Runtime(e) => e,
        }
    }
}

/// A test made of variables and constants only (`f`, `f or g`: flags), which the flag of
/// a conditional expression can read again.
fn pure_test(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Var(_) | ExprKind::Const(_) => true,
        ExprKind::Truth(x) | ExprKind::Cast(x) | ExprKind::Unary { operand: x, .. } => pure_test(x),
        ExprKind::Or(a, b) | ExprKind::And(a, b) | ExprKind::Compare { lhs: a, rhs: b, .. } => pure_test(a) && pure_test(b),
        ExprKind::MinMax { args, .. } => args.iter().all(pure_test),
        ExprKind::IfExp { cond, then, orelse } => pure_test(cond) && pure_test(then) && pure_test(orelse),
        _ => false,
    }
}
