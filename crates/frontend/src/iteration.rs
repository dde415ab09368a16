//! Lowering what a `for` loop iterates over, as one counted loop.
//!
//! In: the loop's iterable (AST). Out: a [`Counted`] loop: values bound once before the
//! loop, the counter's `start`/`stop`/`step`, and the item for a counter value. `range`
//! keeps its own bounds (the canonical counted loop LLVM vectorises); an array counts
//! over its first axis; a tuple of numbers counts over its items (each selected by the
//! counter, their types unified); `enumerate(it, start)`, `zip(a, b, ...)` and `reversed(it)` are
//! built from the counted loops of their arguments, counted from zero: a `range` with a
//! constant step becomes `0..len` with item `start + j * step` (a variable step is an
//! error that says so), and `zip` stops at the shortest. Nothing here allocates.
//!
//! Invariants: every bound and item is int64 or the item's own type; an expression used
//! twice (a range's start, a zipped length) is bound to a temporary first, so each
//! argument is evaluated once, left to right, before the loop, as CPython does.

use crate::array::Binding;
use crate::function::{FunctionLowerer, LResult};
use crate::GlobalValue;
use ferrojit_ir::{BinOp, Const, Expr, ExprKind, Span, Type, INT64};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;
use std::rc::Rc;

/// A loop over `start..stop` by `step`, and the item for each counter value.
pub struct Counted {
    pub bindings: Vec<Binding>,
    pub start: Expr,
    pub stop: Expr,
    pub step: Expr,
    pub item: Rc<dyn Fn(Expr) -> Expr>,
    /// Tested at the top of every iteration with the counter: the loop ends when it
    /// holds (a list the body may resize: the counter reached its length read again;
    /// `stop` is then unbounded).
    pub guard: Option<Rc<dyn Fn(Expr) -> Expr>>,
    /// For a list: whether item `counter` is past its current length (the list shrank):
    /// `zip` and `reversed` of lists end there, as CPython's iterators do.
    pub shrunk: Option<Rc<dyn Fn(Expr) -> Expr>>,
}

fn int(v: i64, span: Span) -> Expr {
    Expr::new(ExprKind::Const(Const::Int(v)), INT64, span)
}

fn arith(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span;
    Expr::new(ExprKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) }, INT64, span)
}

impl FunctionLowerer<'_, '_> {
    /// The counted loop for `iter` (`range(...)`, an array, `enumerate`, `zip`, `reversed`).
    pub fn iteration(&mut self, iter: &ast::Expr) -> LResult<Counted> {
        let range = iter.range();
        // The body of the `for` loop this is the iterable of (its direct one, or
        // enumerate's): a list it may resize is iterated with its length read each time.
        let body = self.loop_body.take();
        if let ast::Expr::Call(call) = iter {
            // `range`, or `numba.prange` / `ferrojit.prange` (a `range` here)
            let callee = match call.func.as_ref() {
                ast::Expr::Name(n) if !self.locals.contains(n.id.as_str()) => Some(self.global(n.id.as_str())),
                ast::Expr::Attribute(a) => self.resolve_attribute(a)?,
                _ => None,
            };
            if matches!(&callee, Some(GlobalValue::ModuleFunction { module, name }) if module == "numpy" && name == "ndindex") {
                return self.ndindex_iteration(call, range);
            }
            if let Some(GlobalValue::Builtin(b)) = callee {
                match b.as_str() {
                    // (a `prange` left here runs serially: crate::parallel outlines the others)
                    "range" | "prange" => return self.range_iteration(call, range),
                    "enumerate" => {
                        self.loop_body = body;
                        return self.enumerate_iteration(call, range);
                    }
                    "zip" => return self.zip_iteration(call, range),
                    "reversed" => return self.reversed_iteration(call, range),
                    _ => {}
                }
            }
        }
        let iterable = self.lower_expr(iter)?;
        if iterable.ty.is_table() {
            // (the keys as they are when the loop starts)
            let keys = self.dict_keys(iterable, range)?;
            return self.list_iteration(keys, iter, None, range);
        }
        if let Type::Tuple(items) = &iterable.ty {
            return self.tuple_iteration(iterable.clone(), items.clone(), range);
        }
        if let Type::List(_) = &iterable.ty {
            return self.list_iteration(iterable, iter, body.as_deref(), range);
        }
        if iterable.ty.is_any_str() {
            // The characters, by index (each a one-character string).
            let span = self.span(range);
            let mut bindings = Vec::new();
            let s = self.once(iterable.cast_to(&Type::Text), &mut bindings);
            let stop = crate::strings::text_op(ferrojit_ir::StrOp::Len, vec![s.clone()], span);
            let item = move |j: Expr| crate::strings::text_op(ferrojit_ir::StrOp::GetItem, vec![s.clone(), j], span);
            return Ok(Counted { bindings, start: int(0, span), stop, step: int(1, span), item: Rc::new(item), guard: None, shrunk: None });
        }
        if !matches!(iterable.ty, Type::Array(_)) {
            return Err(self.err(
                range,
                format!(
                    "cannot iterate over `{}` (a {}): compiled `for` loops take `range(...)`, an array, \
                     a tuple, a list, a string, or `enumerate`/`zip`/`reversed` of these",
                    self.snippet(range),
                    iterable.ty
                ),
            ));
        }
        let (stop, start, bindings, item) = self.array_iteration(iterable, range)?;
        let span = self.span(range);
        Ok(Counted { bindings, start, stop, step: int(1, span), item: Rc::from(item), guard: None, shrunk: None })
    }

    /// `np.ndindex(shape)` / `np.ndindex(d0, d1, ...)`: the index tuples of that shape in
    /// C order, as one loop over `0..d0*d1*...` whose item unravels the counter (so
    /// `break`, `continue` and `else` mean what they mean in CPython's one loop).
    fn ndindex_iteration(&mut self, call: &ast::ExprCall, range: TextRange) -> LResult<Counted> {
        let span = self.span(range);
        let mut bindings = Vec::new();
        let mut dims = Vec::new();
        let bad = |s: &Self, r: TextRange, t: &Type| s.err(r, format!("np.ndindex takes a shape (a tuple of integers) or integers, not a {t}"));
        if !call.keywords.is_empty() {
            return Err(self.err(range, "np.ndindex takes no keyword arguments"));
        }
        for a in &call.args {
            let e = self.lower_expr(a)?;
            match e.ty.clone() {
                Type::Tuple(items) if call.args.len() == 1 && items.iter().all(|t| t.is_int()) => {
                    let t = self.once(e, &mut bindings);
                    for (k, it) in items.iter().enumerate() {
                        dims.push(Expr::new(ExprKind::TupleGet { tuple: Box::new(t.clone()), index: k }, it.clone(), span).cast_to(&INT64));
                    }
                }
                t if t.is_int() => dims.push(e.cast_to(&INT64)),
                t => return Err(bad(self, a.range(), &t)),
            }
        }
        let dims: Vec<Expr> = dims.into_iter().map(|d| self.once(d, &mut bindings)).collect();
        let n = dims.len();
        // stride k: the product of the later dimensions
        let mut strides = vec![int(1, span); n];
        for k in (0..n.saturating_sub(1)).rev() {
            strides[k] = self.once(arith(BinOp::Mul, strides[k + 1].clone(), dims[k + 1].clone()), &mut bindings);
        }
        let stop = match n {
            0 => int(1, span),
            _ => arith(BinOp::Mul, strides[0].clone(), dims[0].clone()),
        };
        let ty = Type::Tuple(vec![INT64; n]);
        let item = move |j: Expr| {
            // (only evaluated inside the loop: no dimension is 0 there, so no stride is)
            let parts: Vec<Expr> = (0..n)
                .map(|k| {
                    let q = arith(BinOp::FloorDiv, j.clone(), strides[k].clone());
                    if k == 0 { q } else { arith(BinOp::Mod, q, dims[k].clone()) }
                })
                .collect();
            Expr::new(ExprKind::Tuple(parts), ty.clone(), span)
        };
        Ok(Counted { bindings, start: int(0, span), stop, step: int(1, span), item: Rc::new(item), guard: None, shrunk: None })
    }

    /// A tuple's items, counted `0..len`: the item for counter `j` selects `t[i]` where
    /// `j == i` (the items' types unified, as a variable's are where control flow merges).
    fn tuple_iteration(&mut self, tuple: Expr, items: Vec<Type>, range: TextRange) -> LResult<Counted> {
        let span = self.span(range);
        let mut ty = items.first().cloned().unwrap_or(INT64);
        // Items of one type (lists, arrays, ... as Numba's UniTuple) need no unifying.
        let uniform = items.iter().all(|t| *t == ty);
        for t in items.iter().filter(|_| !uniform) {
            let plain = |u: &Type| u.is_numeric() || *u == Type::Bool || u.is_any_str();
            ty = ty.unify(t).filter(|u| plain(u) || matches!(u, Type::Tuple(items) if items.iter().all(|i| plain(i) || i.is_complex()))).ok_or_else(|| {
                self.err(range, format!("a `for` loop over a tuple needs items of one kind (numbers or strings), not {} (`literal_unroll(t)` unrolls it)", Type::Tuple(items.clone())))
            })?;
        }
        let mut bindings = Vec::new();
        let n = items.len();
        if n == 0 {
            // `for x in ()`: no iterations (the item is never evaluated)
            return Ok(Counted { bindings, start: int(0, span), stop: int(0, span), step: int(1, span), item: Rc::new(move |_| int(0, span)), guard: None, shrunk: None });
        }
        let tuple = self.once(tuple, &mut bindings);
        let select = move |j: Expr| {
            let get = |i: usize| Expr::new(ExprKind::TupleGet { tuple: Box::new(tuple.clone()), index: i }, items[i].clone(), span).cast_to(&ty);
            let mut e = get(n.saturating_sub(1));
            for i in (0..n.saturating_sub(1)).rev() {
                let cond = Expr::new(
                    ExprKind::Compare { op: ferrojit_ir::CmpOp::Eq, lhs: Box::new(j.clone()), rhs: Box::new(int(i as i64, span)) },
                    Type::Bool,
                    span,
                );
                e = Expr::new(ExprKind::IfExp { cond: Box::new(cond), then: Box::new(get(i)), orelse: Box::new(e) }, ty.clone(), span);
            }
            e
        };
        Ok(Counted { bindings, start: int(0, span), stop: int(n as i64, span), step: int(1, span), item: Rc::new(select), guard: None, shrunk: None })
    }

    fn range_iteration(&mut self, call: &ast::ExprCall, range: TextRange) -> LResult<Counted> {
        let span = self.span(range);
        if !call.keywords.is_empty() || call.args.is_empty() || call.args.len() > 3 {
            return Err(self.err(range, "range() takes 1 to 3 positional arguments"));
        }
        let mut bounds = Vec::new();
        for a in &call.args {
            let e = self.lower_expr(a)?;
            if !(e.ty.is_int() || e.ty == Type::Bool) {
                return Err(self.err(a.range(), format!("range() arguments must be integers, not {}", e.ty)));
            }
            bounds.push(e.cast_to(&INT64));
        }
        let (start, stop, step) = match bounds.len() {
            1 => (int(0, span), bounds.remove(0), int(1, span)),
            2 => {
                let stop = bounds.remove(1);
                (bounds.remove(0), stop, int(1, span))
            }
            _ => {
                let step = bounds.remove(2);
                let stop = bounds.remove(1);
                (bounds.remove(0), stop, step)
            }
        };
        if matches!(step.kind, ExprKind::Const(Const::Int(0))) {
            return Err(self.err(range, "range() arg 3 must not be zero"));
        }
        Ok(Counted { bindings: vec![], start, stop, step, item: Rc::new(|j| j), guard: None, shrunk: None })
    }

    /// The one argument of `name(...)` (plus keywords it accepts), or the error.
    fn iterable_args<'a>(&self, call: &'a ast::ExprCall, name: &str, range: TextRange) -> LResult<&'a [ast::Expr]> {
        if call.args.iter().any(|a| matches!(a, ast::Expr::Starred(_))) {
            return Err(self.err(range, format!("{name}(*args) is not supported in compiled code yet")));
        }
        Ok(&call.args)
    }

    /// `e` as a value to use more than once: a variable or constant as it is, else a
    /// temporary bound before the loop.
    pub(crate) fn once(&mut self, e: Expr, bindings: &mut Vec<Binding>) -> Expr {
        if matches!(e.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
            return e;
        }
        let t = self.temp(&e.ty);
        let read = Expr::new(ExprKind::Var(t), e.ty.clone(), e.span);
        bindings.push((t, e));
        read
    }

    /// `c` counted `0..len` by 1 (the same items in the same order).
    fn from_zero(&mut self, c: Counted, range: TextRange) -> LResult<Counted> {
        let span = self.span(range);
        let Counted { mut bindings, start, stop, step, item, guard, shrunk } = c;
        let ExprKind::Const(Const::Int(k)) = step.kind else {
            return Err(self.err(
                range,
                "enumerate/zip/reversed of a range whose step is not a constant is not supported in compiled code yet",
            ));
        };
        if matches!(start.kind, ExprKind::Const(Const::Int(0))) && k == 1 {
            return Ok(Counted { bindings, start, stop, step, item, guard, shrunk });
        }
        let start = self.once(start, &mut bindings);
        // len = ceil((stop - start) / k), negative meaning none (the loop runs while j < len).
        let len = if k > 0 {
            let span_num = arith(BinOp::Add, arith(BinOp::Sub, stop, start.clone()), int(k - 1, span));
            arith(BinOp::FloorDiv, span_num, int(k, span))
        } else {
            let span_num = arith(BinOp::Add, arith(BinOp::Sub, start.clone(), stop), int(-k - 1, span));
            arith(BinOp::FloorDiv, span_num, int(-k, span))
        };
        let len = self.once(len, &mut bindings);
        let at = move |j: Expr| item(arith(BinOp::Add, start.clone(), arith(BinOp::Mul, j, int(k, span))));
        Ok(Counted { bindings, start: int(0, span), stop: len, step: int(1, span), item: Rc::new(at), guard: None, shrunk: None })
    }

    fn enumerate_iteration(&mut self, call: &ast::ExprCall, range: TextRange) -> LResult<Counted> {
        let span = self.span(range);
        let args = self.iterable_args(call, "enumerate", range)?;
        let mut start_arg = args.get(1);
        for k in &call.keywords {
            match k.arg.as_deref() {
                Some("start") if start_arg.is_none() => start_arg = Some(&k.value),
                _ => return Err(self.err(range, "enumerate() takes an iterable and `start`")),
            }
        }
        let ([inner] | [inner, _]) = args else {
            return Err(self.err(range, "enumerate() takes an iterable and `start`"));
        };
        let inner = self.iteration(inner)?;
        let mut c = self.from_zero(inner, range)?;
        let first = match start_arg {
            None => int(0, span),
            Some(s) => {
                let e = self.lower_expr(s)?;
                if !(e.ty.is_int() || e.ty == Type::Bool) {
                    return Err(self.err(s.range(), format!("enumerate()'s start must be an integer, not {}", e.ty)));
                }
                e.cast_to(&INT64)
            }
        };
        let first = self.once(first, &mut c.bindings);
        let item = c.item.clone();
        let pair = move |j: Expr| {
            let index = if matches!(first.kind, ExprKind::Const(Const::Int(0))) { j.clone() } else { arith(BinOp::Add, j.clone(), first.clone()) };
            let value = item(j);
            let ty = Type::Tuple(vec![INT64, value.ty.clone()]);
            Expr::new(ExprKind::Tuple(vec![index, value]), ty, span)
        };
        Ok(Counted { item: Rc::new(pair), ..c })
    }

    fn zip_iteration(&mut self, call: &ast::ExprCall, range: TextRange) -> LResult<Counted> {
        let span = self.span(range);
        let args = self.iterable_args(call, "zip", range)?;
        if !call.keywords.is_empty() {
            return Err(self.err(range, "zip() keywords (`strict`) are not supported in compiled code yet"));
        }
        if args.is_empty() {
            return Err(self.err(range, "zip() needs at least one iterable in compiled code"));
        }
        let mut bindings = Vec::new();
        let mut lens = Vec::new();
        let mut items = Vec::new();
        let mut shrinks = Vec::new();
        for a in args {
            let inner = self.iteration(a)?;
            let c = self.from_zero(inner, a.range())?;
            bindings.extend(c.bindings);
            lens.push(self.once(c.stop, &mut bindings));
            items.push(c.item);
            shrinks.extend(c.shrunk);
        }
        // A zipped list that shrinks ends the loop (CPython's zip stops at the first
        // exhausted iterator).
        let guard: Option<Rc<dyn Fn(Expr) -> Expr>> = if shrinks.is_empty() {
            None
        } else {
            Some(Rc::new(move |j: Expr| {
                let mut tests = shrinks.iter().map(|f| f(j.clone()));
                let first = tests.next().expect("not empty");
                tests.fold(first, |acc, t| Expr::new(ExprKind::Or(Box::new(acc), Box::new(t)), Type::Bool, span))
            }))
        };
        let stop = if lens.len() == 1 {
            lens.remove(0)
        } else {
            Expr::new(ExprKind::MinMax { is_max: false, args: lens }, INT64, span)
        };
        let tuple = move |j: Expr| {
            let parts: Vec<Expr> = items.iter().map(|item| item(j.clone())).collect();
            let ty = Type::Tuple(parts.iter().map(|p| p.ty.clone()).collect());
            Expr::new(ExprKind::Tuple(parts), ty, span)
        };
        Ok(Counted { bindings, start: int(0, span), stop, step: int(1, span), item: Rc::new(tuple), guard, shrunk: None })
    }

    fn reversed_iteration(&mut self, call: &ast::ExprCall, range: TextRange) -> LResult<Counted> {
        let span = self.span(range);
        let args = self.iterable_args(call, "reversed", range)?;
        let ([inner], true) = (args, call.keywords.is_empty()) else {
            return Err(self.err(range, "reversed() takes one sequence"));
        };
        if let ast::Expr::Call(c) = inner {
            if let ast::Expr::Name(n) = c.func.as_ref() {
                if matches!(n.id.as_str(), "enumerate" | "zip") && !self.locals.contains(n.id.as_str()) {
                    // CPython: TypeError: 'enumerate' object is not reversible
                    return Err(self.err(range, format!("'{}' object is not reversible", n.id)));
                }
            }
        }
        let inner = self.iteration(inner)?;
        let mut c = self.from_zero(inner, range)?;
        let len = self.once(c.stop, &mut c.bindings);
        let last = arith(BinOp::Sub, len.clone(), int(1, span));
        let item = c.item.clone();
        let at = last.clone();
        let back = move |j: Expr| item(arith(BinOp::Sub, at.clone(), j));
        // A list that shrinks below the next index ends the loop (CPython's reversed
        // iterator checks the index against the current length).
        let guard: Option<Rc<dyn Fn(Expr) -> Expr>> = c.shrunk.clone().map(|shrunk| -> Rc<dyn Fn(Expr) -> Expr> {
            Rc::new(move |j: Expr| shrunk(arith(BinOp::Sub, last.clone(), j)))
        });
        Ok(Counted { bindings: c.bindings, start: int(0, span), stop: len, step: int(1, span), item: Rc::new(back), guard, shrunk: None })
    }
}
