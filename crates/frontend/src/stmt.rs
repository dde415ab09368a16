//! Lowering statements.

use crate::function::{FunctionLowerer, LErr, LResult};
use crate::GlobalValue;
use ferrojit_ir::{CmpOp, Const, ExcKind, Expr, ExprKind, PrintArg, Stmt, StmtKind, Type, UnaryOp, INT64};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

impl FunctionLowerer<'_, '_> {
    pub fn lower_stmt(&mut self, s: &ast::Stmt) -> LResult<Vec<Stmt>> {
        let range = s.range();
        let span = self.span(range);
        let one = |kind| Ok(vec![Stmt { kind, span }]);
        match s {
            ast::Stmt::Assign(a) => {
                // A value that may be None passes on whole into names (not into arrays).
                let to_names = a.targets.iter().all(|t| matches!(t, ast::Expr::Name(_) | ast::Expr::Tuple(_)));
                let value = match self.fused_stencil(&a.value)? {
                    Some(fused) => fused,
                    None if to_names => self.lower_keep_optional(&a.value)?,
                    None => self.lower_expr(&a.value)?,
                };
                if a.targets.len() == 1 {
                    return self.assign_to(&a.targets[0], value, range);
                }
                // `a = b = value`: evaluate once.
                let t = self.temp(&value.ty);
                let ty = value.ty.clone();
                let mut out = vec![Stmt { kind: StmtKind::Assign { var: t, value }, span }];
                for target in &a.targets {
                    let read = Expr::new(ExprKind::Var(t), ty.clone(), span);
                    out.extend(self.assign_to(target, read, range)?);
                }
                Ok(out)
            }
            ast::Stmt::AugAssign(a) => {
                if !matches!(a.target.as_ref(), ast::Expr::Name(_) | ast::Expr::Subscript(_)) {
                    return Err(self.unsupported_target(&a.target));
                }
                let current = self.lower_expr(&a.target)?;
                let rhs = self.lower_expr(&a.value)?;
                if current.ty.is_set() {
                    // `s |= t`...: the set updated in place (other names for it see it)
                    let (symbol, name) = match a.op {
                        ast::Operator::BitOr => ("|=", "__ior__"),
                        ast::Operator::BitAnd => ("&=", "__iand__"),
                        ast::Operator::Sub => ("-=", "__isub__"),
                        ast::Operator::BitXor => ("^=", "__ixor__"),
                        op => return Err(self.err(range, format!("unsupported operand type(s) for {}=: 'set' and '{}'", crate::lists::op_symbol(op), crate::complex::python_type_name(&rhs.ty)))),
                    };
                    let current = match (name, rhs.ty.as_set()) {
                        // (the set takes the other's items: its type widens first, as for `update`)
                        ("__ior__" | "__ixor__", Some(k)) if *k != Type::Unknown => {
                            let k = k.clone();
                            self.refine_set(current, &k, range)?
                        }
                        _ => current,
                    };
                    let e = self.set_operator(symbol, name, current, rhs, range)?;
                    let span = self.span(range);
                    return Ok(vec![Stmt { kind: StmtKind::Expr(e), span }]);
                }
                if current.ty.is_list() {
                    let span = self.span(range);
                    if !matches!(a.target.as_ref(), ast::Expr::Subscript(_)) {
                        let e = self.list_augassign(a.op, current, rhs, range)?;
                        return Ok(vec![Stmt { kind: StmtKind::Expr(e), span }]);
                    }
                    // `d[k] += l`: the list is extended in place and stored back, as CPython
                    // does (`d[k] += d.pop(k)` puts it back).
                    let t = self.temp(&current.ty);
                    let read = Expr::new(ExprKind::Var(t), current.ty.clone(), span);
                    let e = self.list_augassign(a.op, read.clone(), rhs, range)?;
                    let mut out = vec![Stmt { kind: StmtKind::Assign { var: t, value: current }, span }, Stmt { kind: StmtKind::Expr(e), span }];
                    out.extend(self.assign_to(&a.target, read, range)?);
                    return Ok(out);
                }
                let in_place = Self::has_array(&current);
                let target_dtype = match &current.ty {
                    Type::Array(at) => Some(at.dtype),
                    _ => None,
                };
                let value = if self.optional_operands(&current, &rhs) {
                    self.optional_binop(a.op, current, rhs, true, range)?
                } else {
                    self.binop(a.op, current, rhs, range)?
                };
                if let (Some(dst), Type::Array(vt)) = (target_dtype, &value.ty) {
                    // NumPy's in-place rule ("same_kind"): no float into ints, no ints
                    // into bools.
                    let kind = |d: ferrojit_ir::DType| match d {
                        ferrojit_ir::DType::Bool => 0,
                        ferrojit_ir::DType::Int(k) if !k.signed() => 1,
                        ferrojit_ir::DType::Int(_) => 2,
                        ferrojit_ir::DType::Float(_) => 3,
                        ferrojit_ir::DType::Complex(_) => 4,
                    };
                    if kind(vt.dtype) > kind(dst) {
                        return Err(self.err(
                            range,
                            format!(
                                "cannot cast the result ({}) back into the {} array in place (NumPy's 'same_kind' rule); assign a new array instead (a = a + b)",
                                vt.dtype.name(),
                                dst.name()
                            ),
                        ));
                    }
                }
                if in_place {
                    // `a += b` on an array updates it in place (other views see it).
                    let target = self.lower_expr(&a.target)?;
                    return self.store_into_view(target, value, range);
                }
                self.assign_to(&a.target, value, range)
            }
            ast::Stmt::AnnAssign(a) => match &a.value {
                Some(v) => {
                    let value = self.lower_expr(v)?;
                    self.assign_to(&a.target, value, range)
                }
                None => Ok(vec![]),
            },
            ast::Stmt::If(i) => {
                let cond = self.lower_test(&i.test)?;
                // A condition known when compiling (`if x is None` with x's type known,
                // `if False`) keeps only the branch that runs, so the other need not
                // type-check for these argument types (library code relies on this).
                if let Some(taken) = self.known_truth(&cond) {
                    return Ok(self.lower_block(if taken { &i.body } else { &i.orelse })?);
                }
                let then_body = self.lower_block(&i.body)?;
                let else_body = self.lower_block(&i.orelse)?;
                one(StmtKind::If { cond, then_body, else_body })
            }
            ast::Stmt::While(w) => {
                if !w.orelse.is_empty() {
                    return Err(self.err(range, "`while ... else` is not supported in compiled code yet"));
                }
                let cond = self.lower_test(&w.test)?;
                self.loop_depth += 1;
                let body = self.lower_block(&w.body);
                self.loop_depth -= 1;
                one(StmtKind::While { cond, body: body? })
            }
            ast::Stmt::For(f) => self.lower_for(f, range),
            ast::Stmt::Return(r) => {
                let value = match &r.value {
                    Some(v) => match self.fused_stencil(v)? {
                        Some(fused) => fused,
                        None => self.lower_keep_optional(v)?,
                    },
                    None => Expr::constant(Const::None, span),
                };
                let ty = self.note_return(&value.ty, range)?;
                if !self.headers_only {
                    let strong = value.ty.is_number() && self.is_numpy_scalar(&value);
                    self.numpy_return = Some(self.numpy_return.unwrap_or(true) && strong);
                }
                let value = self.convert(value, &ty, range)?;
                one(StmtKind::Return(value))
            }
            ast::Stmt::Expr(e) => {
                if let ast::Expr::Constant(c) = e.value.as_ref() {
                    if matches!(c.value, ast::Constant::Str(_) | ast::Constant::Ellipsis) {
                        return Ok(vec![]); // docstring or `...`
                    }
                }
                let value = self.lower_expr(&e.value)?;
                one(StmtKind::Expr(value))
            }
            // Resolved before lowering (crate::imports).
            ast::Stmt::Pass(_) | ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_) => Ok(vec![]),
            ast::Stmt::Break(_) | ast::Stmt::Continue(_) => {
                if self.loop_depth == 0 {
                    return Err(self.err(range, "`break`/`continue` outside a loop"));
                }
                one(if matches!(s, ast::Stmt::Break(_)) { StmtKind::Break } else { StmtKind::Continue })
            }
            ast::Stmt::Raise(r) => {
                let Some(e) = &r.exc else {
                    return Err(self.err(range, "a bare `raise` re-raises the exception an `except` clause caught; there is none here"));
                };
                if let ast::Expr::Call(c) = e.as_ref() {
                    if let Some(out) = self.reraise(c, span)? {
                        return Ok(out);
                    }
                }
                if let Some(shown) = self.raise_formatted(e)? {
                    return Ok(shown);
                }
                let (exc, message) = self.exception_spec(e)?;
                one(StmtKind::Raise { exc, message })
            }
            ast::Stmt::Assert(a) => {
                let cond = self.lower_test(&a.test)?;
                let raise = match a.msg.as_deref() {
                    None => vec![Stmt { kind: StmtKind::Raise { exc: ExcKind::AssertionError, message: String::new() }, span }],
                    Some(m @ ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(_), .. })) => {
                        vec![Stmt { kind: StmtKind::Raise { exc: ExcKind::AssertionError, message: self.constant_str(m)? }, span }]
                    }
                    // `assert x, f"..."`: evaluated only when the test fails, as CPython does
                    Some(m) => {
                        let message = match self.message_template(m)? {
                            Some(t) => t,
                            None => ("{}".to_string(), vec![self.message_value(m)?]),
                        };
                        raise_with(ExcKind::AssertionError, message, span)
                    }
                };
                let not = Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(cond) }, Type::Bool, span);
                one(StmtKind::If { cond: not, then_body: raise, else_body: vec![] })
            }
            ast::Stmt::Try(t) => self.lower_try(t),
            ast::Stmt::Delete(d) => self.lower_del(d),
            other => {
                let what = match other {
                    ast::Stmt::FunctionDef(_) => "nested function definitions",
                    ast::Stmt::ClassDef(_) => "class definitions",
                    ast::Stmt::With(_) => "`with` statements",
                    ast::Stmt::TryStar(_) => "`try` / `except*` statements",
                    ast::Stmt::Global(_) | ast::Stmt::Nonlocal(_) => "`global`/`nonlocal` declarations",
                    ast::Stmt::Match(_) => "`match` statements",
                    _ => "this statement",
                };
                Err(self.err(range, format!("{what} are not supported in compiled code")))
            }
        }
    }

    /// `del name, ...`: each name unbound (a later read raises `UnboundLocalError`, as
    /// deleting an unbound name does) and what it held released. Only names: an array's
    /// elements cannot be deleted (NumPy's ValueError), nor attributes.
    fn lower_del(&mut self, d: &ast::StmtDelete) -> LResult<Vec<Stmt>> {
        let mut out = Vec::new();
        for t in &d.targets {
            match t {
                ast::Expr::Name(_) => {
                    let var = self.lower_keep_optional(t)?;
                    if !matches!(var.kind, ExprKind::Var(_)) {
                        return Err(self.err(t.range(), format!("`del {}` is not supported in compiled code (a name whose value is known when compiling)", self.snippet(t.range()))));
                    }
                    out.push(Stmt { kind: StmtKind::Del(var), span: self.span(t.range()) });
                }
                ast::Expr::Tuple(tuple) => {
                    let inner = ast::StmtDelete { targets: tuple.elts.clone(), range: tuple.range };
                    out.extend(self.lower_del(&inner)?);
                }
                ast::Expr::Subscript(sub) => {
                    let base = self.lower_expr(&sub.value)?;
                    if let (true, ast::Expr::Slice(s)) = (base.ty.is_list(), sub.slice.as_ref()) {
                        let span = self.span(t.range());
                        let mut args = vec![base];
                        args.extend(self.slice_parts(s, span)?);
                        let call = self.library_call("builtins.list._delslice", args, vec![], t.range())?;
                        out.push(Stmt { kind: StmtKind::Expr(call), span });
                        continue;
                    }
                    if base.ty.is_dict() {
                        let call = self.dict_delete(base, &sub.slice, t.range())?;
                        out.push(Stmt { kind: StmtKind::Expr(call), span: self.span(t.range()) });
                        continue;
                    }
                    if !base.ty.is_list() {
                        return Err(self.err(t.range(), format!("`del {}` is not supported in compiled code (an item of a list is: `del l[i]`; an array's elements cannot be deleted)", self.snippet(t.range()))));
                    }
                    let i = self.lower_expr(&sub.slice)?;
                    if !(i.ty.is_int() || i.ty == Type::Bool) {
                        return Err(self.err(sub.slice.range(), format!("list indices must be integers or slices, not {}", crate::complex::python_type_name(&i.ty))));
                    }
                    let call = self.library_call("builtins.list._delitem", vec![base, i.cast_to(&ferrojit_ir::INT64)], vec![], t.range())?;
                    out.push(Stmt { kind: StmtKind::Expr(call), span: self.span(t.range()) });
                }
                _ => return Err(self.err(t.range(), format!("`del {}` is not supported in compiled code (only names)", self.snippet(t.range())))),
            }
        }
        Ok(out)
    }

    fn unsupported_target(&self, target: &ast::Expr) -> LErr {
        let text = self.snippet(target.range());
        self.err(target.range(), format!("assigning to `{text}` is not supported in compiled code yet (only names and tuples of names)"))
    }

    /// Store `value` into an assignment target (a name or a tuple of targets).
    pub fn assign_to(&mut self, target: &ast::Expr, value: Expr, range: TextRange) -> LResult<Vec<Stmt>> {
        let span = self.span(range);
        match target {
            ast::Expr::Name(n) => {
                let v = self.var(n.id.as_str());
                self.note_numpy_scalar(v, &value);
                let ty = self.unify_var(v, &value.ty, range)?;
                if let (ExprKind::Var(w), true) = (&value.kind, ty.is_list() && ty != value.ty) {
                    // `b = a` of lists: one list, so `a`'s items widen with `b`'s (an
                    // `append` to either decides both).
                    let (w, vt) = (*w, value.ty.clone());
                    if w >= self.param_count && !ty.is_list_of_unknown() {
                        let wt = self.unify_var(w, &ty, range)?;
                        let value = Expr::new(ExprKind::Var(w), wt, value.span);
                        let value = self.convert(value, &ty, range)?;
                        return Ok(vec![Stmt { kind: StmtKind::Assign { var: v, value }, span }]);
                    }
                    let _ = vt;
                }
                let value = self.convert(value, &ty, range)?;
                Ok(vec![Stmt { kind: StmtKind::Assign { var: v, value }, span }])
            }
            ast::Expr::Tuple(_) | ast::Expr::List(_) if matches!(value.ty, Type::Optional(_)) => {
                let value = self.optional_value(value, ferrojit_ir::ExcKind::TypeError, "cannot unpack non-iterable NoneType object".into());
                self.assign_to(target, value, range)
            }
            ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. })
                if matches!(value.ty, Type::Array(_)) =>
            {
                self.unpack_array(elts, value, range)
            }
            ast::Expr::Tuple(_) | ast::Expr::List(_) if value.ty.is_table() && !self.dict_internals() => {
                Err(self.err(range, format!("unpacking a {} is not supported in compiled code yet (unpack the list `list(d)`)", crate::complex::python_type_name(&value.ty))))
            }
            ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. }) => {
                let Type::Tuple(items) = &value.ty else {
                    return Err(self.err(range, format!("cannot unpack a {} into {} names", value.ty, elts.len())));
                };
                if items.len() != elts.len() {
                    return Err(self.err(
                        range,
                        format!("cannot unpack a tuple of {} values into {} names", items.len(), elts.len()),
                    ));
                }
                let items = items.clone();
                let mut out = Vec::new();
                // Evaluate the whole right-hand side before assigning (`a, b = a + b, a`).
                let parts: Vec<Expr> = match value.kind {
                    ExprKind::Tuple(parts) => parts,
                    _ => {
                        let t = self.temp(&value.ty);
                        self.note_numpy_scalar(t, &value);
                        let tuple_ty = value.ty.clone();
                        out.push(Stmt { kind: StmtKind::Assign { var: t, value }, span });
                        (0..items.len())
                            .map(|i| {
                                let read = Expr::new(ExprKind::Var(t), tuple_ty.clone(), span);
                                Expr::new(ExprKind::TupleGet { tuple: Box::new(read), index: i }, items[i].clone(), span)
                            })
                            .collect()
                    }
                };
                let mut reads = Vec::new();
                for part in parts {
                    if matches!(part.kind, ExprKind::Const(_) | ExprKind::TupleGet { .. }) {
                        reads.push(part);
                        continue;
                    }
                    let t = self.temp(&part.ty);
                    self.note_numpy_scalar(t, &part);
                    let ty = part.ty.clone();
                    out.push(Stmt { kind: StmtKind::Assign { var: t, value: part }, span });
                    reads.push(Expr::new(ExprKind::Var(t), ty, span));
                }
                for (elt, read) in elts.iter().zip(reads) {
                    out.extend(self.assign_to(elt, read, range)?);
                }
                Ok(out)
            }
            ast::Expr::Subscript(sub) => {
                // CPython evaluates the value before the target's subscript: in
                // `a[i % j] = 1.0 / x` the division's error comes first. Only a target
                // that can raise or have effects needs the value first in a temporary
                // (`r[i] = x[i] + y[i]` keeps the plain store that loop analyses know);
                // array values stay unevaluated, to be fused into the store's loop.
                let simple = |e: &ast::Expr| matches!(e, ast::Expr::Name(_) | ast::Expr::Constant(_));
                let plain_target = simple(&sub.value)
                    && match sub.slice.as_ref() {
                        ast::Expr::Tuple(t) => t.elts.iter().all(simple),
                        other => simple(other),
                    };
                if plain_target || matches!(value.ty, Type::Array(_)) || matches!(value.kind, ExprKind::Const(_) | ExprKind::Var(_)) {
                    return self.subscript_store(sub, value, range);
                }
                let t = self.temp(&value.ty);
                // (a NumPy scalar stays one: NumPy's store rules apply to it)
                self.note_numpy_scalar(t, &value);
                let ty = value.ty.clone();
                let mut out = vec![Stmt { kind: StmtKind::Assign { var: t, value }, span }];
                out.extend(self.subscript_store(sub, Expr::new(ExprKind::Var(t), ty, span), range)?);
                Ok(out)
            }
            _ => Err(self.unsupported_target(target)),
        }
    }

    /// `x, y = a` for an array: its first axis must have exactly as many items as there
    /// are names (CPython's ValueError otherwise); each name gets an element (1-D) or a
    /// row view, read after the length check and before any name is assigned.
    fn unpack_array(&mut self, elts: &[ast::Expr], value: Expr, range: TextRange) -> LResult<Vec<Stmt>> {
        let span = self.span(range);
        let Type::Array(at) = value.ty.clone() else { unreachable!("checked by the caller") };
        if at.ndim == 0 {
            return Err(self.err(range, "cannot unpack a 0-d array (iteration over a 0-d array)"));
        }
        if elts.iter().any(|e| matches!(e, ast::Expr::Starred(_))) {
            return Err(self.err(range, "starred unpacking (`a, *rest = ...`) is not supported in compiled code yet"));
        }
        let (stop, _start, bindings, item) = self.array_iteration(value, range)?;
        let mut out: Vec<Stmt> = bindings.into_iter().map(|(var, value)| Stmt { kind: StmtKind::Assign { var, value }, span }).collect();
        let n = elts.len() as i64;
        let len = self.temp(&INT64);
        out.push(Stmt { kind: StmtKind::Assign { var: len, value: stop }, span });
        let read_len = || Expr::new(ExprKind::Var(len), INT64, span);
        let int = |v: i64| Expr::constant(Const::Int(v), span);
        let compare = |op, lhs: Expr, rhs: Expr| Expr::new(ExprKind::Compare { op, lhs: Box::new(lhs), rhs: Box::new(rhs) }, Type::Bool, span);
        let guard = |cond: Expr, message: String| {
            Stmt { kind: StmtKind::Expr(Expr::guard(cond, ExcKind::ValueError, message, read_len(), span)), span }
        };
        out.push(guard(compare(CmpOp::Gt, read_len(), int(n)), format!("too many values to unpack (expected {n})")));
        out.push(guard(compare(CmpOp::Lt, read_len(), int(n)), format!("not enough values to unpack (expected {n}, got {{}})")));
        let mut reads = Vec::new();
        for i in 0..n {
            let element = item(int(i));
            let t = self.temp(&element.ty);
            let ty = element.ty.clone();
            self.note_numpy_scalar(t, &element);
            out.push(Stmt { kind: StmtKind::Assign { var: t, value: element }, span });
            reads.push(Expr::new(ExprKind::Var(t), ty, span));
        }
        for (elt, read) in elts.iter().zip(reads) {
            out.extend(self.assign_to(elt, read, range)?);
        }
        Ok(out)
    }

    /// `for target in iterable:` as one counted loop (crate::iteration).
    fn lower_for(&mut self, f: &ast::StmtFor, range: TextRange) -> LResult<Vec<Stmt>> {
        let span = self.span(range);
        if !f.orelse.is_empty() {
            return Err(self.err(range, "`for ... else` is not supported in compiled code yet"));
        }
        if let (Some(first), Some(last)) = (f.body.first(), f.body.last()) {
            self.loop_body = Some(self.snippet(crate::source::cover(first.range(), last.range())));
        }
        let it = self.iteration(&f.iter);
        self.loop_body = None;
        let it = it?;
        let mut out: Vec<Stmt> = it
            .bindings
            .into_iter()
            .map(|(var, value)| Stmt { kind: StmtKind::Assign { var, value }, span })
            .collect();
        let counter = self.temp(&INT64);
        let read = Expr::new(ExprKind::Var(counter), INT64, span);
        let mut body = Vec::new();
        if let Some(guard) = &it.guard {
            // `if counter >= len(l): break` (a list the body may resize or shrink)
            let done = guard(read.clone());
            body.push(Stmt { kind: StmtKind::If { cond: done, then_body: vec![Stmt { kind: StmtKind::Break, span }], else_body: vec![] }, span });
        }
        body.extend(self.assign_to(&f.target, (it.item)(read), f.target.range())?);
        self.loop_depth += 1;
        let rest = self.lower_block(&f.body);
        self.loop_depth -= 1;
        body.extend(rest?);
        out.push(Stmt { kind: StmtKind::ForRange { var: counter, start: it.start, stop: it.stop, step: it.step, body }, span });
        Ok(out)
    }

    fn exception_spec(&mut self, e: &ast::Expr) -> LResult<(ExcKind, String)> {
        let (func, args) = match e {
            ast::Expr::Call(c) => (c.func.as_ref(), c.args.as_slice()),
            other => (other, &[][..]),
        };
        let ast::Expr::Name(n) = func else {
            return Err(self.err(e.range(), "compiled code can raise builtin exceptions like `ValueError(\"...\")`"));
        };
        let kind = match self.global(n.id.as_str()) {
            GlobalValue::ExceptionClass(name) => ExcKind::from_name(&name).unwrap_or(ExcKind::Exception),
            _ => {
                return Err(self.err(e.range(), format!("`{}` is not a builtin exception class", n.id)));
            }
        };
        let message = match args {
            [] => String::new(),
            [m] => self.constant_str(m)?,
            _ => return Err(self.err(e.range(), "exceptions in compiled code take one constant message")),
        };
        Ok((kind, message))
    }

    /// `raise E(f"... {x:.3f} ... {n!r} ...")`: the message is formatted when raised, by
    /// Python's `str.format` on the values (ExprKind::RaiseFormat), so format specs and
    /// conversions give CPython's text. The plain raise after it is never reached, so the
    /// statement still ends its block.
    fn raise_formatted(&mut self, e: &ast::Expr) -> LResult<Option<Vec<Stmt>>> {
        let ast::Expr::Call(c) = e else { return Ok(None) };
        let [message] = c.args.as_slice() else { return Ok(None) };
        let message = match self.message_template(message)? {
            Some(t) => t,
            // A message that is a value (a string computed at run time, a number): its
            // `str()`, as the exception shows it.
            None if !matches!(message, ast::Expr::Constant(_)) => ("{}".to_string(), vec![self.message_value(message)?]),
            None => return Ok(None),
        };
        let plain = ast::Expr::Call(ast::ExprCall { func: c.func.clone(), args: vec![], keywords: vec![], range: c.range });
        let (exc, _) = self.exception_spec(&plain)?;
        Ok(Some(raise_with(exc, message, self.span(e.range()))))
    }

    /// A message built from values, as a `str.format` template and its values: an
    /// f-string, `"..." % values` (`%d`, `%.3f`, `%s`, `%r`... translated to the same
    /// `str.format` specs), `"...".format(values)`, or `"..." + str(x) + "..."`
    /// (also `repr(x)`). `None` for anything else (a constant string, say).
    pub(crate) fn message_template(&mut self, m: &ast::Expr) -> LResult<Option<(String, Vec<PrintArg>)>> {
        let escape = |t: &str| t.replace('{', "{{").replace('}', "}}");
        match m {
            ast::Expr::JoinedStr(j) => {
                let mut template = String::new();
                let mut args = Vec::new();
                for part in &j.values {
                    match part {
                        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => template.push_str(&escape(s)),
                        ast::Expr::FormattedValue(f) => {
                            let value = self.message_value(&f.value)?;
                            template.push('{');
                            if let Some(b) = f.conversion.to_byte() {
                                template.push('!');
                                template.push(b as char);
                            }
                            // (the value's field first: str.format numbers a field, then
                            // the fields nested in its spec)
                            args.push(value);
                            if let Some(spec) = &f.format_spec {
                                template.push(':');
                                let parts = match spec.as_ref() {
                                    ast::Expr::JoinedStr(js) => js.values.as_slice(),
                                    other => std::slice::from_ref(other),
                                };
                                for p in parts {
                                    match p {
                                        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => template.push_str(&escape(s)),
                                        // a part computed at run time (`{x:{w}.{p}f}`): a field
                                        // nested in the spec, as str.format allows
                                        ast::Expr::FormattedValue(inner) if inner.format_spec.is_none() => {
                                            template.push('{');
                                            if let Some(b) = inner.conversion.to_byte() {
                                                template.push('!');
                                                template.push(b as char);
                                            }
                                            template.push('}');
                                            args.push(self.message_value(&inner.value)?);
                                        }
                                        _ => return Err(self.err(p.range(), "this part of a format spec is not supported in compiled code")),
                                    }
                                }
                            }
                            template.push('}');
                        }
                        other => return Err(self.err(other.range(), "this part of an f-string is not supported in compiled code")),
                    }
                }
                Ok(Some((template, args)))
            }
            ast::Expr::BinOp(b) if b.op == ast::Operator::Mod => {
                let ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(fmt), .. }) = b.left.as_ref() else { return Ok(None) };
                let values: Vec<&ast::Expr> = match b.right.as_ref() {
                    ast::Expr::Tuple(t) => t.elts.iter().collect(),
                    other => vec![other],
                };
                let (template, convs) = percent_to_format(fmt).map_err(|why| self.err(b.left.range(), why))?;
                if convs.len() != values.len() {
                    let why = if convs.len() > values.len() { "not enough arguments for format string" } else { "not all arguments converted during string formatting" };
                    return Err(self.err(b.range, why));
                }
                let mut args = Vec::new();
                for (v, conv) in values.into_iter().zip(convs) {
                    let mut arg = self.message_value(v)?;
                    if let (PrintArg::Value(x), 'd' | 'i' | 'u') = (&mut arg, conv) {
                        // `%d` of a float shows int(x), as CPython's `%` does.
                        if x.ty.is_float() {
                            *x = std::mem::replace(x, Expr::constant(ferrojit_ir::Const::None, x.span)).cast_to(&ferrojit_ir::INT64);
                        }
                    }
                    args.push(arg);
                }
                Ok(Some((template, args)))
            }
            ast::Expr::Call(c) if c.keywords.is_empty() => {
                let ast::Expr::Attribute(a) = c.func.as_ref() else { return Ok(None) };
                let ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(fmt), .. }) = a.value.as_ref() else { return Ok(None) };
                if a.attr.as_str() != "format" {
                    return Ok(None);
                }
                let mut args = Vec::new();
                for v in &c.args {
                    args.push(self.message_value(v)?);
                }
                Ok(Some((fmt.clone(), args)))
            }
            ast::Expr::BinOp(b) if b.op == ast::Operator::Add => {
                let mut parts = Vec::new();
                flatten_add(m, &mut parts);
                let mut template = String::new();
                let mut args = Vec::new();
                for p in parts {
                    match p {
                        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => template.push_str(&escape(s)),
                        ast::Expr::Call(c) if c.args.len() == 1 && c.keywords.is_empty() && matches!(c.func.as_ref(), ast::Expr::Name(n) if matches!(n.id.as_str(), "str" | "repr")) => {
                            let ast::Expr::Name(n) = c.func.as_ref() else { unreachable!("matched above") };
                            template.push_str(if n.id.as_str() == "str" { "{!s}" } else { "{!r}" });
                            args.push(self.message_value(&c.args[0])?);
                        }
                        _ => return Ok(None),
                    }
                }
                Ok(Some((template, args)))
            }
            _ => Ok(None),
        }
    }

    /// One value shown in a message: a number, `None`, a bool or a string constant.
    fn message_value(&mut self, e: &ast::Expr) -> LResult<PrintArg> {
        if let ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) = e {
            return Ok(PrintArg::Text(s.clone()));
        }
        let value = self.lower_keep_optional(e)?;
        if !ferrojit_ir::printable(&value.ty) {
            return Err(self.err(e.range(), format!("an exception message in compiled code can show numbers, tuples and arrays, not a {}", value.ty)));
        }
        // A NumPy scalar is shown as one (`{!r}` is NumPy's repr, `np.float64(1.5)`).
        if value.ty.is_number() && self.is_numpy_scalar(&value) && !matches!(value.kind, ExprKind::NumpySemantics(_)) {
            let (ty, span) = (value.ty.clone(), value.span);
            return Ok(PrintArg::Value(Expr::new(ExprKind::NumpySemantics(Box::new(value)), ty, span)));
        }
        Ok(PrintArg::Value(value))
    }

    fn constant_str(&self, e: &ast::Expr) -> LResult<String> {
        match e {
            ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => Ok(s.clone()),
            _ => Err(self.err(e.range(), "the message must be a constant string in compiled code")),
        }
    }
}

/// The terms of a chain of `+`.
fn flatten_add<'a>(e: &'a ast::Expr, out: &mut Vec<&'a ast::Expr>) {
    match e {
        ast::Expr::BinOp(b) if b.op == ast::Operator::Add => {
            flatten_add(&b.left, out);
            flatten_add(&b.right, out);
        }
        other => out.push(other),
    }
}

/// A `%`-format string as the `str.format` template that gives the same text for
/// numbers: `%5.2f` -> `{:5.2f}`, `%-4d` -> `{:<4d}`, `%s` -> `{!s}`, `%r` -> `{!r}`,
/// `%%` -> `%`. (`%d` of a float truncates in Python but is an error for `format`: the
/// values are shown as given, so use `%d` with ints.)
pub fn percent_to_format(fmt: &str) -> Result<(String, Vec<char>), String> {
    let mut out = String::new();
    let mut convs = Vec::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' => out.push_str("{{"),
            '}' => out.push_str("}}"),
            '%' => {
                if chars.peek() == Some(&'%') {
                    chars.next();
                    out.push('%');
                    continue;
                }
                let mut flags = String::new();
                while let Some(&f) = chars.peek() {
                    if !matches!(f, '-' | '+' | ' ' | '0' | '#') {
                        break;
                    }
                    flags.push(f);
                    chars.next();
                }
                let mut width = String::new();
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    width.push(d);
                    chars.next();
                }
                let mut precision = String::new();
                if chars.peek() == Some(&'.') {
                    chars.next();
                    precision.push('.');
                    while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                        precision.push(d);
                        chars.next();
                    }
                }
                let conv = chars.next().ok_or("a `%` format ends in the middle of a conversion")?;
                convs.push(conv);
                let mut spec = String::new();
                if flags.contains('-') {
                    spec.push('<');
                }
                if flags.contains('+') {
                    spec.push('+');
                } else if flags.contains(' ') {
                    spec.push(' ');
                }
                if flags.contains('#') {
                    spec.push('#');
                }
                if flags.contains('0') && !flags.contains('-') {
                    spec.push('0');
                }
                spec.push_str(&width);
                spec.push_str(&precision);
                match conv {
                    's' | 'r' | 'a' if spec.is_empty() => {
                        out.push_str(&format!("{{!{conv}}}"));
                    }
                    // `%` right-aligns text unless `-` (format's default for text is left).
                    's' | 'r' | 'a' => {
                        let align = if flags.contains('-') { '<' } else { '>' };
                        out.push_str(&format!("{{!{conv}:{align}{width}{precision}}}"));
                    }
                    'd' | 'i' | 'u' => out.push_str(&format!("{{:{spec}d}}")),
                    'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o' => out.push_str(&format!("{{:{spec}{conv}}}")),
                    other => return Err(format!("the `%{other}` conversion is not supported in compiled code's messages")),
                }
            }
            other => out.push(other),
        }
    }
    Ok((out, convs))
}

/// `raise exc(template.format(*args))`; the plain raise after it is never reached, so the
/// statement still ends its block.
fn raise_with(exc: ExcKind, (template, args): (String, Vec<PrintArg>), span: ferrojit_ir::Span) -> Vec<Stmt> {
    let raise = Expr::new(ExprKind::RaiseFormat { exc, template: template.clone(), args }, Type::None, span);
    vec![Stmt { kind: StmtKind::Expr(raise), span }, Stmt { kind: StmtKind::Raise { exc, message: template }, span }]
}

impl FunctionLowerer<'_, '_> {
    /// The value of a condition known when compiling: a constant, also after reads with
    /// no effect (`d[0] == "\0set"` of a tuple's constant marker reads `d[0]` first).
    pub(crate) fn known_truth(&self, cond: &Expr) -> Option<bool> {
        fn pure(e: &Expr) -> bool {
            match &e.kind {
                ExprKind::Const(_) | ExprKind::Var(_) => true,
                ExprKind::TupleGet { tuple, .. } => pure(tuple),
                _ => false,
            }
        }
        match &cond.kind {
            ExprKind::Const(Const::Bool(b)) => Some(*b),
            ExprKind::Let { value, body, .. } if !self.has_del && pure(value) => self.known_truth(body),
            ExprKind::Unary { op: UnaryOp::Not, operand } => self.known_truth(operand).map(|b| !b),
            _ => None,
        }
    }
}
