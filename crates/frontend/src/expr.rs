//! Lowering expressions: names, constants, operators, comparisons, tuples.

use crate::function::{FunctionLowerer, LErr, LResult};
use crate::{ConstValue, GlobalValue};
use ferrojit_ir::{ExcKind, arith_promote, BinOp, CmpOp, Const, Expr, ExprKind, Type, UnaryOp, FLOAT64, INT64};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

impl FunctionLowerer<'_, '_> {
    pub fn lower_expr(&mut self, e: &ast::Expr) -> LResult<Expr> {
        let range = e.range();
        let span = self.span(range);
        // Whether this expression's value may stay optional (see `lower_keep_optional`):
        // a name, and the parts that pass a value on (branches, tuple items, `and`/`or`).
        let keep = std::mem::take(&mut self.keep_optional);
        match e {
            ast::Expr::Constant(c) => self.constant(&c.value, range),
            ast::Expr::JoinedStr(_) => match self.format_expr(e)? {
                Some(x) => Ok(x),
                None => Err(self.err(range, "this f-string is not supported in compiled code")),
            },
            ast::Expr::BinOp(b) if b.op == ast::Operator::Mod && matches!(b.left.as_ref(), ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(_), .. })) => {
                match self.format_expr(e)? {
                    Some(x) => Ok(x),
                    None => Err(self.err(range, "this `%` formatting is not supported in compiled code")),
                }
            }
            ast::Expr::Name(n) => {
                let name = n.id.as_str();
                if self.locals.contains(name) || name.starts_with(crate::desugar::LET_PREFIX) {
                    let v = self.var(name);
                    let Some(ty) = self.var_type(v).cloned() else {
                        let name = ferrojit_ir::source_name(name);
                        return Err(self.pending(range, format!("local variable `{name}` is used before it is assigned")));
                    };
                    if ty == Type::None && !keep && self.headers_only && !self.none_is_final {
                        self.none_waited = true;
                        // `best = None` before a loop that assigns numbers: while types are
                        // being solved, a use of the value waits for the web to widen to
                        // an optional (the final lowering reports a use of a real None).
                        let name = ferrojit_ir::source_name(name);
                        return Err(self.pending(range, format!("`{name}` is None here")));
                    }
                    let read = Expr::new(ExprKind::Var(v), ty.clone(), span);
                    if let (Type::Optional(inner), false) = (&ty, keep) {
                        let what = ferrojit_ir::source_name(name).to_string();
                        return Ok(Expr::new(ExprKind::OptionalValue { value: Box::new(read), what }, (**inner).clone(), span));
                    }
                    return Ok(read);
                }
                let g = self.global(name);
                self.global_value(g, name, range)
            }
            ast::Expr::Attribute(a) => {
                if let ast::Expr::Attribute(inner) = a.value.as_ref() {
                    if inner.attr.as_str() == "ctypes" && a.attr.as_str() == "data" {
                        // `arr.ctypes.data`: the address of the array's first element
                        let base = self.lower_expr(&inner.value)?;
                        if matches!(base.ty, Type::Array(_)) {
                            let span = self.span(range);
                            return Ok(Expr::new(ExprKind::ArrayAttr { array: Box::new(base), attr: ferrojit_ir::ArrayAttr::Data }, ferrojit_ir::INT64, span));
                        }
                    }
                }
                if let Some(g) = self.resolve_attribute(a)? {
                    let text = self.snippet(range);
                    return self.global_value(g, &text, range);
                }
                let base = self.lower_object(&a.value, ExcKind::AttributeError, format!("'NoneType' object has no attribute '{}'", a.attr))?;
                if matches!(base.ty, Type::Array(_)) {
                    return self.array_attr(base, a.attr.as_str(), range);
                }
                let base = match self.number_attr(base.clone(), a.attr.as_str(), range)? {
                    Some(e) => return Ok(e),
                    None => base,
                };
                let text = self.snippet(a.value.range());
                Err(self.err(
                    range,
                    format!("`{text}` is a {}; attribute `.{}` is not supported on it in compiled code", base.ty, a.attr),
                ))
            }
            ast::Expr::BinOp(b) => {
                let lhs = self.lower_expr(&b.left)?;
                let rhs = self.lower_expr(&b.right)?;
                self.binop(b.op, lhs, rhs, range)
            }
            ast::Expr::UnaryOp(u) => {
                let operand = if u.op == ast::UnaryOp::Not { self.lower_keep_optional(&u.operand)? } else { self.lower_expr(&u.operand)? };
                self.unary(u.op, operand, range)
            }
            ast::Expr::BoolOp(b) => {
                let mut values = Vec::new();
                for v in &b.values {
                    values.push(if keep { self.lower_keep_optional(v)? } else { self.lower_expr(v)? });
                }
                let mut ty = values[0].ty.clone();
                for v in &values[1..] {
                    ty = ty.unify(&v.ty).ok_or_else(|| {
                        self.err(range, format!("`and`/`or` operands have incompatible types {ty} and {}", v.ty))
                    })?;
                }
                // (arrays: `0 < a < 1`, desugared to `0 < a and a < 1`, takes the first
                // comparison's truth value, NumPy's ValueError unless it has one element)
                if !ty.is_numeric() && !matches!(&ty, Type::Optional(t) if t.is_numeric()) {
                    if matches!(ty, Type::Optional(_) | Type::Unknown) {
                        return Err(self.err(range, format!("`and`/`or` on {ty} values is not supported")));
                    }
                    // Lists, strings, tuples, dicts, sets of one type: CPython's value, the
                    // first operand that decides (`s or default`).
                    return self.bool_op_values(b.op, values, range);
                }
                let mut values: Vec<Expr> = values.into_iter().map(|v| v.cast_to(&ty)).collect();
                let mut acc = values.pop().ok_or_else(|| self.err(range, "empty boolean operation"))?;
                while let Some(v) = values.pop() {
                    let kind = match b.op {
                        ast::BoolOp::And => ExprKind::And(Box::new(v), Box::new(acc)),
                        ast::BoolOp::Or => ExprKind::Or(Box::new(v), Box::new(acc)),
                    };
                    acc = Expr::new(kind, ty.clone(), span);
                }
                Ok(acc)
            }
            ast::Expr::Compare(c) => self.compare_chain(c, range),
            ast::Expr::NamedExpr(n) => {
                // The core's let (crate::desugar): `($letN := value)`.
                let ast::Expr::Name(target) = n.target.as_ref() else {
                    return Err(self.err(range, "assignment expressions (`:=`) are not supported in compiled code yet"));
                };
                if !target.id.starts_with(crate::desugar::LET_PREFIX) {
                    return Err(self.err(range, "assignment expressions (`:=`) are not supported in compiled code yet"));
                }
                let value = self.lower_expr(&n.value)?;
                let v = self.var(target.id.as_str());
                self.note_numpy_scalar(v, &value);
                let ty = self.unify_var(v, &value.ty, range)?;
                let value = self.convert(value, &ty, range)?;
                let read = Expr::new(ExprKind::Var(v), ty.clone(), span);
                Ok(Expr::new(ExprKind::Let { var: v, value: Box::new(value), body: Box::new(read) }, ty, span))
            }
            ast::Expr::IfExp(i) => {
                let cond = self.lower_test(&i.test)?;
                let branch = |f: &mut Self, e: &ast::Expr| if keep { f.lower_keep_optional(e) } else { f.lower_expr(e) };
                // A condition known when compiling keeps only the branch that runs (as an
                // `if` statement does), so the other need not type-check: `nrhs = 1 if
                // vector else b.shape[1]` in library code specialised for 1-D `b`.
                if let ExprKind::Const(Const::Bool(taken)) = cond.kind {
                    return branch(self, if taken { &i.body } else { &i.orelse });
                }
                let (then, orelse) = match (branch(self, &i.body), branch(self, &i.orelse)) {
                    (Ok(t), Ok(o)) => (t, o),
                    // One branch waits for a type (a recursive call in `1 if n < 2 else
                    // f(n - 1)`): let the other branch's type flow this pass. The pending
                    // mark keeps this pass from being the final one.
                    (Ok(t), Err(LErr::Pending)) => return Ok(t),
                    (Err(LErr::Pending), Ok(o)) => return Ok(o),
                    (Err(e), _) | (_, Err(e)) => return Err(e),
                };
                let ty = then.ty.unify(&orelse.ty).ok_or_else(|| {
                    self.err(range, format!("the branches have incompatible types {} and {}", then.ty, orelse.ty))
                })?;
                let then = self.convert(then, &ty, range)?;
                let orelse = self.convert(orelse, &ty, range)?;
                Ok(Expr::new(ExprKind::IfExp { cond: Box::new(cond), then: Box::new(then), orelse: Box::new(orelse) }, ty, span))
            }
            ast::Expr::Call(c) => self.lower_call(c),
            ast::Expr::Tuple(t) => {
                let mut items = Vec::new();
                for x in &t.elts {
                    if matches!(x, ast::Expr::Starred(_)) {
                        return Err(self.err(x.range(), "starred expressions are not supported in compiled code"));
                    }
                    items.push(self.lower_keep_optional(x)?);
                }
                let ty = Type::Tuple(items.iter().map(|x| x.ty.clone()).collect());
                Ok(Expr::new(ExprKind::Tuple(items), ty, span))
            }
            ast::Expr::Subscript(s) => {
                let base = self.lower_object(&s.value, ExcKind::TypeError, "'NoneType' object is not subscriptable".into())?;
                if matches!(base.ty, Type::Pointer(_)) {
                    return self.pointer_index(base, &s.slice, range);
                }
                if matches!(base.ty, Type::Array(_)) {
                    if crate::slicing::is_basic_slice(&s.slice) {
                        return self.slice_view(base, &s.slice, range);
                    }
                    return self.array_subscript(base, &s.slice, range);
                }
                if base.ty.is_any_str() {
                    return self.str_subscript(base, &s.slice, range);
                }
                if base.ty.is_list() {
                    return self.list_subscript(base, &s.slice, range);
                }
                if base.ty.is_dict() && !self.dict_internals() {
                    return self.dict_subscript(base, &s.slice, range);
                }
                if base.ty.is_set() && !self.dict_internals() {
                    return Err(self.err(range, "'set' object is not subscriptable"));
                }
                let Type::Tuple(items) = &base.ty else {
                    return Err(self.err(range, format!("indexing a {} is not supported in compiled code yet", base.ty)));
                };
                if let ast::Expr::Slice(sl) = s.slice.as_ref() {
                    return self.tuple_slice(base.clone(), items.clone(), sl, range);
                }
                let index = self.lower_expr(&s.slice)?;
                let ExprKind::Const(Const::Int(i)) = index.kind else {
                    return Err(self.err(s.slice.range(), "a tuple index must be a constant integer in compiled code"));
                };
                let n = items.len() as i64;
                let idx = if i < 0 { i + n } else { i };
                if idx < 0 || idx >= n {
                    return Err(self.err(range, format!("tuple index {i} out of range for a tuple of {n} items")));
                }
                let ty = items[idx as usize].clone();
                Ok(Expr::new(ExprKind::TupleGet { tuple: Box::new(base), index: idx as usize }, ty, span))
            }
            ast::Expr::List(l) => self.list_display(&l.elts, range),
            ast::Expr::Dict(d) => self.dict_display(d, range),
            ast::Expr::Set(s) => self.set_display(&s.elts, range),
            ast::Expr::Yield(_) | ast::Expr::YieldFrom(_) => Err(self.err(
                range,
                format!(
                    "`{}` is a generator function: compiled code runs a generator of the same module as the iterable of a `for` loop or a comprehension, or the argument of list, set, sorted, sum, min, max, any or all, not as a value",
                    self.pf.def.name
                ),
            )),
            other => {
                let what = match other {
                    ast::Expr::List(_) | ast::Expr::ListComp(_) => "list comprehensions",
                    ast::Expr::Dict(_) | ast::Expr::DictComp(_) => "dicts",
                    ast::Expr::Set(_) | ast::Expr::SetComp(_) => "sets",
                    ast::Expr::GeneratorExp(_) => "generator expressions here",
                    ast::Expr::Lambda(_) => "lambdas passed as values (assign one to a name and call it: `f = lambda x: ...`)",
                    ast::Expr::JoinedStr(_) | ast::Expr::FormattedValue(_) => "f-strings",
                    ast::Expr::NamedExpr(_) => "assignment expressions (`:=`)",
                    ast::Expr::Await(_) => "`await`",
                    ast::Expr::Slice(_) => "slices",
                    ast::Expr::Starred(_) => "starred expressions",
                    _ => "this expression",
                };
                Err(self.err(range, format!("{what} are not supported in compiled code yet")))
            }
        }
    }

    /// `t[a:b:c]` of a tuple, with constant bounds: the tuple of those items (CPython's
    /// slice rules: negative and out-of-range bounds clamp), `t` evaluated once.
    fn tuple_slice(&mut self, base: Expr, items: Vec<Type>, sl: &ast::ExprSlice, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let bound = |e: &Option<Box<ast::Expr>>| -> Option<Option<i64>> {
            match e.as_deref() {
                None => Some(None),
                Some(ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::None, .. })) => Some(None),
                Some(ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Int(i), .. })) => i64::try_from(i).ok().map(Some),
                Some(ast::Expr::UnaryOp(u)) if u.op == ast::UnaryOp::USub => match u.operand.as_ref() {
                    ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Int(i), .. }) => i64::try_from(i).ok().map(|v| Some(-v)),
                    _ => None,
                },
                _ => None,
            }
        };
        let (Some(start), Some(stop), Some(step)) = (bound(&sl.lower), bound(&sl.upper), bound(&sl.step)) else {
            return Err(self.err(range, "a slice of a tuple needs constant bounds in compiled code (its length is part of its type)"));
        };
        let step = step.unwrap_or(1);
        if step == 0 {
            return Err(self.err(range, "slice step cannot be zero"));
        }
        // CPython's PySlice_AdjustIndices
        let n = items.len() as i64;
        let (lower, upper) = if step < 0 { (-1, n - 1) } else { (0, n) };
        let adjust = |b: Option<i64>, default: i64| match b {
            None => default,
            Some(v) if v < 0 => (v + n).max(lower),
            Some(v) => v.min(upper),
        };
        let start = adjust(start, if step < 0 { upper } else { lower });
        let stop = adjust(stop, if step < 0 { lower } else { upper });
        let mut picked = Vec::new();
        let mut i = start;
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            picked.push(i as usize);
            i += step;
        }
        let mut bindings = Vec::new();
        let t = self.reusable(base, &mut bindings);
        let gets: Vec<Expr> = picked.iter().map(|&k| Expr::new(ExprKind::TupleGet { tuple: Box::new(t.clone()), index: k }, items[k].clone(), span)).collect();
        let ty = Type::Tuple(gets.iter().map(|g| g.ty.clone()).collect());
        Ok(crate::array::with_bindings(Expr::new(ExprKind::Tuple(gets), ty, span), bindings))
    }

    fn constant(&self, c: &ast::Constant, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        Ok(match c {
            ast::Constant::Bool(b) => Expr::constant(Const::Bool(*b), span),
            ast::Constant::None => Expr::constant(Const::None, span),
            ast::Constant::Float(f) => Expr::constant(Const::Float(*f), span),
            ast::Constant::Int(i) => {
                let v: i64 = i.to_string().parse().map_err(|_| {
                    self.err(range, format!("the integer {i} does not fit in 64 bits (compiled integers are int64)"))
                })?;
                Expr::constant(Const::Int(v), span)
            }
            ast::Constant::Tuple(items) => {
                let items = items.iter().map(|x| self.constant(x, range)).collect::<LResult<Vec<_>>>()?;
                let ty = Type::Tuple(items.iter().map(|x| x.ty.clone()).collect());
                Expr::new(ExprKind::Tuple(items), ty, span)
            }
            ast::Constant::Str(s) => Expr::constant(Const::Str(s.clone()), span),
            ast::Constant::Bytes(_) => {
                return Err(self.err(range, "bytes are not supported in compiled code"));
            }
            ast::Constant::Complex { real, imag } => {
                let part = |x: f64| Expr::constant(Const::Float(x), span);
                Self::make_complex(part(*real), part(*imag), ferrojit_ir::FloatKind::F64)
            }
            ast::Constant::Ellipsis => return Err(self.err(range, "`...` is not a value in compiled code")),
        })
    }

    pub fn const_value(&self, c: &ConstValue, range: TextRange) -> Expr {
        let span = self.span(range);
        match c {
            ConstValue::Bool(b) => Expr::constant(Const::Bool(*b), span),
            ConstValue::Int(i) => Expr::constant(Const::Int(*i), span),
            ConstValue::Float(f) => Expr::constant(Const::Float(*f), span),
            ConstValue::Complex(re, im) => Self::make_complex(
                Expr::constant(Const::Float(*re), span),
                Expr::constant(Const::Float(*im), span),
                ferrojit_ir::FloatKind::F64,
            ),
            ConstValue::None => Expr::constant(Const::None, span),
            ConstValue::Str(s) => Expr::constant(Const::Str(s.clone()), span),
            ConstValue::Tuple(items) => {
                let items: Vec<Expr> = items.iter().map(|x| self.const_value(x, range)).collect();
                let ty = Type::Tuple(items.iter().map(|x| x.ty.clone()).collect());
                Expr::new(ExprKind::Tuple(items), ty, span)
            }
        }
    }

    /// A global used as a value (not called).
    fn global_value(&mut self, g: GlobalValue, name: &str, range: TextRange) -> LResult<Expr> {
        match g {
            GlobalValue::Const(c) => Ok(self.const_value(&c, range)),
            GlobalValue::Array(a) => Ok(self.const_array(&a, range)),
            GlobalValue::NumpyDType(d) => {
                Err(self.err(range, format!("`{name}` is the NumPy type {d}; use it as a dtype argument or call it to convert")))
            }
            GlobalValue::NotFound => Err(self.err(range, format!("name `{name}` is not defined"))),
            GlobalValue::Module(m) => Err(self.err(range, format!("`{name}` is the module `{m}`; use its functions and constants"))),
            g @ (GlobalValue::Function(_) | GlobalValue::ModuleFunction { .. } | GlobalValue::Builtin(_) | GlobalValue::Overloaded { .. } | GlobalValue::Vectorized { .. }) => {
                // The function itself: a value with no data, called directly where used.
                let id = self.b.function_value_id(g);
                Ok(Expr::new(ExprKind::Const(Const::None), Type::Function(id), self.span(range)))
            }
            GlobalValue::ExceptionClass(_) => Err(self.err(range, format!("`{name}` is an exception class; it can only be raised"))),
            GlobalValue::Unsupported(what) => {
                Err(self.err(range, format!("global `{name}` is {what}, which compiled code cannot use")))
            }
            GlobalValue::TypeObject(t) => Err(self.err(range, format!("global `{name}` is the type {t}, which compiled code cannot use as a value"))),
            GlobalValue::CFunction { .. } => Err(self.err(range, format!("`{name}` is a C function: compiled code can call it, not use it as a value"))),
        }
    }

    /// `module.attr` chains rooted at a global module; `None` if the base is a local.
    pub fn resolve_attribute(&mut self, a: &ast::ExprAttribute) -> LResult<Option<GlobalValue>> {
        let base = match a.value.as_ref() {
            ast::Expr::Name(n) if !self.locals.contains(n.id.as_str()) => match self.global(n.id.as_str()) {
                GlobalValue::Array(_) => return Ok(None),
                g => g,
            },
            ast::Expr::Attribute(inner) => match self.resolve_attribute(inner)? {
                Some(g) => g,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        let attr = a.attr.as_str();
        Ok(Some(match base {
            GlobalValue::Module(m) => match (m.as_str(), attr) {
                ("math", "pi") => GlobalValue::Const(ConstValue::Float(std::f64::consts::PI)),
                ("math", "e") => GlobalValue::Const(ConstValue::Float(std::f64::consts::E)),
                ("math", "tau") => GlobalValue::Const(ConstValue::Float(std::f64::consts::TAU)),
                ("math", "inf") => GlobalValue::Const(ConstValue::Float(f64::INFINITY)),
                ("math", "nan") => GlobalValue::Const(ConstValue::Float(f64::NAN)),
                ("math", name) => GlobalValue::ModuleFunction { module: "math".into(), name: name.into() },
                ("cmath", "pi") => GlobalValue::Const(ConstValue::Float(std::f64::consts::PI)),
                ("cmath", "e") => GlobalValue::Const(ConstValue::Float(std::f64::consts::E)),
                ("cmath", "tau") => GlobalValue::Const(ConstValue::Float(std::f64::consts::TAU)),
                ("cmath", "inf") => GlobalValue::Const(ConstValue::Float(f64::INFINITY)),
                ("cmath", "nan") => GlobalValue::Const(ConstValue::Float(f64::NAN)),
                ("cmath", "infj") => GlobalValue::Const(ConstValue::Complex(0.0, f64::INFINITY)),
                ("cmath", "nanj") => GlobalValue::Const(ConstValue::Complex(0.0, f64::NAN)),
                ("cmath", name) => GlobalValue::ModuleFunction { module: "cmath".into(), name: name.into() },
                _ => self.b.resolver.module_attr(&m, attr),
            },
            GlobalValue::NotFound => GlobalValue::NotFound,
            // A global array: its attributes and methods are the array's.
            GlobalValue::Array(_) => return Ok(None),
            // `typed.List.empty_list` (typed.List resolves as `list`).
            GlobalValue::Overloaded { name, .. } if name == "builtins.list" && attr == "empty_list" => GlobalValue::Builtin("empty_list".into()),
            // `typed.Dict.empty` (typed.Dict resolves as `dict`).
            GlobalValue::Builtin(name) if name == "dict" && attr == "empty" => GlobalValue::Builtin("dict_empty".into()),
            other => {
                let text = self.snippet(a.value.range());
                let what = match other {
                    GlobalValue::Unsupported(w) => w,
                    _ => "not a module".to_string(),
                };
                return Err(self.err(
                    a.range(),
                    format!("`{text}` is {what}; attribute `.{attr}` cannot be used in compiled code"),
                ));
            }
        }))
    }

    /// `e` lowered where a value that may be None passes on whole (CPython's None flows
    /// through assignments, returns, tuples, branches, `and`/`or`, call arguments and
    /// `==`): an optional variable is not read for its value (which raises TypeError on
    /// None) but kept optional.
    pub fn lower_keep_optional(&mut self, e: &ast::Expr) -> LResult<Expr> {
        self.keep_optional = true;
        let r = self.lower_expr(e);
        self.keep_optional = false;
        r
    }

    /// A condition (`if`, `while`, `assert`, `x if c else y`) as a `bool` expression.
    pub fn lower_test(&mut self, test: &ast::Expr) -> LResult<Expr> {
        if let ast::Expr::BoolOp(b) = test {
            // Only the truth value is used: each operand by its own truth (so `while l and
            // n < k:` mixes a list and a bool), short-circuited as CPython does.
            if b.values.len() >= 2 && self.mixed_bool_op(b)? {
                let span = self.span(test.range());
                let mut parts = Vec::new();
                for v in &b.values {
                    parts.push(self.lower_test(v)?);
                }
                let mut acc = parts.pop().expect("two or more operands");
                while let Some(p) = parts.pop() {
                    let kind = match b.op {
                        ast::BoolOp::And => ExprKind::And(Box::new(p), Box::new(acc)),
                        ast::BoolOp::Or => ExprKind::Or(Box::new(p), Box::new(acc)),
                    };
                    acc = Expr::new(kind, Type::Bool, span);
                }
                return Ok(acc);
            }
        }
        let cond = self.lower_keep_optional(test)?;
        self.truth(cond, test.range())
    }

    /// `a or b or c` (`and`) of values of one type that is not a number: the first
    /// operand whose truth decides (true for `or`, false for `and`), else the last.
    fn bool_op_values(&mut self, op: ast::BoolOp, values: Vec<Expr>, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let ty = values.iter().map(|v| v.ty.clone()).reduce(|a, b| a.unify(&b).unwrap_or(a)).unwrap_or(Type::Unknown);
        if let Some(v) = values.iter().find(|v| v.ty != ty && (v.ty.is_table() || ty.is_table())) {
            // (a dict or a set of no item type yet beside a typed one: name it first, so
            // that its type comes from the other)
            return Err(self.err(range, format!("`and`/`or` of a {} and a {ty} is not supported in compiled code yet", v.ty)));
        }
        let mut values: Vec<Expr> = values.into_iter().map(|v| v.cast_to(&ty)).collect();
        let mut acc = values.pop().ok_or_else(|| self.err(range, "empty boolean operation"))?;
        while let Some(v) = values.pop() {
            let ty = v.ty.clone();
            let t = self.temp(&ty);
            let read = Expr::new(ExprKind::Var(t), ty.clone(), span);
            let truth = self.truth(read.clone(), range)?;
            let (then, orelse) = match op {
                ast::BoolOp::Or => (read, acc),
                ast::BoolOp::And => (acc, read),
            };
            let pick = Expr::new(ExprKind::IfExp { cond: Box::new(truth), then: Box::new(then), orelse: Box::new(orelse) }, ty.clone(), span);
            acc = Expr::new(ExprKind::Let { var: t, value: Box::new(v), body: Box::new(pick) }, ty, span);
        }
        Ok(acc)
    }

    /// Whether a test's `and`/`or` has an operand that is a list, a string, a tuple, a
    /// dict or a set (whose values would not unify with the others').
    fn mixed_bool_op(&mut self, b: &ast::ExprBoolOp) -> LResult<bool> {
        Ok(b.values.iter().any(|v| match v {
            ast::Expr::Name(n) if self.locals.contains(n.id.as_str()) => {
                let var = self.var(n.id.as_str());
                self.var_type(var).is_some_and(|t| t.is_list() || t.is_any_str() || matches!(t, Type::Tuple(_)))
            }
            ast::Expr::List(_) | ast::Expr::ListComp(_) | ast::Expr::Call(_) => false,
            _ => false,
        }))
    }

    /// `e` lowered as the object of an attribute, a call of a method or a subscript:
    /// when it is a value that may be None, the None raises CPython's exception for
    /// that use (`AttributeError: 'NoneType' object has no attribute 'sum'`).
    pub fn lower_object(&mut self, e: &ast::Expr, exc: ExcKind, message: String) -> LResult<Expr> {
        let x = self.lower_expr(e)?;
        if matches!(x.ty, Type::Optional(_)) {
            // (a call's result that may be None: `h(x).sum()`)
            return Ok(self.optional_value(x, exc, message));
        }
        let ExprKind::OptionalValue { value, .. } = x.kind else { return Ok(x) };
        Ok(self.optional_value(*value, exc, message))
    }

    /// The value of `opt` (a value that may be None); None raises `exc(message)`.
    pub fn optional_value(&mut self, opt: Expr, exc: ExcKind, message: String) -> Expr {
        let Type::Optional(inner) = opt.ty.clone() else { return opt };
        let span = opt.span;
        let t = self.temp(&opt.ty);
        let read = Expr::new(ExprKind::Var(t), opt.ty.clone(), span);
        let has = Expr::new(ExprKind::OptionalHas(Box::new(read.clone())), Type::Bool, span);
        let missing = Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(has) }, Type::Bool, span);
        let payload = Expr::new(ExprKind::OptionalValue { value: Box::new(read), what: String::new() }, (*inner).clone(), span);
        let guarded = Expr::guard(missing, exc, message, payload, span);
        Expr::new(ExprKind::Let { var: t, value: Box::new(opt), body: Box::new(guarded) }, *inner, span)
    }

    /// Truthiness of a value as a `bool` expression.
    pub fn truth(&mut self, e: Expr, range: TextRange) -> LResult<Expr> {
        let span = e.span;
        if let Type::Optional(inner) = e.ty.clone() {
            // None is false; a value by its own truth.
            let t = self.temp(&e.ty);
            let read = Expr::new(ExprKind::Var(t), e.ty.clone(), span);
            let has = Expr::new(ExprKind::OptionalHas(Box::new(read.clone())), Type::Bool, span);
            let value = Expr::new(ExprKind::OptionalValue { value: Box::new(read), what: String::new() }, (*inner).clone(), span);
            let value_truth = self.truth(value, range)?;
            let both = Expr::new(ExprKind::And(Box::new(has), Box::new(value_truth)), Type::Bool, span);
            return Ok(Expr::new(ExprKind::Let { var: t, value: Box::new(e), body: Box::new(both) }, Type::Bool, span));
        }
        match &e.ty {
            Type::Bool => Ok(e),
            t if t.is_number() => Ok(Expr::new(ExprKind::Truth(Box::new(e)), Type::Bool, span)),
            Type::None => Ok(Expr::constant(Const::Bool(false), span)),
            Type::Str(s) => {
                let non_empty = !s.is_empty();
                Ok(self.after(e, Expr::constant(Const::Bool(non_empty), span)))
            }
            Type::Text | Type::List(_) => {
                let len = if e.ty.is_list() { self.list_len(e, span) } else { crate::strings::text_op(ferrojit_ir::StrOp::Len, vec![e], span) };
                let zero = Expr::constant(Const::Int(0), span);
                Ok(Expr::new(ExprKind::Compare { op: ferrojit_ir::CmpOp::Ne, lhs: Box::new(len), rhs: Box::new(zero) }, Type::Bool, span))
            }
            Type::Tuple(_) if e.ty.is_table() => {
                let len = self.dict_len(e, range)?;
                let zero = Expr::constant(Const::Int(0), span);
                Ok(Expr::new(ExprKind::Compare { op: ferrojit_ir::CmpOp::Ne, lhs: Box::new(len), rhs: Box::new(zero) }, Type::Bool, span))
            }
            Type::Tuple(items) => {
                if !items.is_empty() && !matches!(e.kind, ExprKind::Var(_) | ExprKind::Tuple(_)) {
                    return Err(self.err(range, "the truth value of this tuple expression is not supported"));
                }
                Ok(Expr::constant(Const::Bool(!items.is_empty()), span))
            }
            Type::Array(at) => {
                let (ndim, item) = (at.ndim as usize, at.dtype.to_type());
                self.array_truth(e, ndim, item, range)
            }
            _ => Err(self.err(range, format!("the truth value of a {} is not supported", e.ty))),
        }
    }

    /// NumPy's truth value of an array: its one element's; NumPy's ValueError when it
    /// has none or more than one.
    fn array_truth(&mut self, e: Expr, ndim: usize, item: Type, range: TextRange) -> LResult<Expr> {
        let span = e.span;
        let t = self.temp(&e.ty);
        let read = Expr::new(ExprKind::Var(t), e.ty.clone(), span);
        let int = |v: i64| Expr::constant(Const::Int(v), span);
        let size = Expr::new(ExprKind::ArrayAttr { array: Box::new(read.clone()), attr: ferrojit_ir::ArrayAttr::Size }, INT64, span);
        let first = Expr::new(ExprKind::Index { array: Box::new(read), indices: vec![int(0); ndim] }, item, span);
        let truth = self.truth(first, range)?;
        let compare = |op, v| Expr::new(ExprKind::Compare { op, lhs: Box::new(size.clone()), rhs: Box::new(int(v)) }, Type::Bool, span);
        let guard = |cond: Expr, message: &str, value: Expr| Expr::guard(cond, ExcKind::ValueError, message, value, span);
        let many = "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()";
        let empty = "The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.";
        let checked = guard(compare(ferrojit_ir::CmpOp::Gt, 1), many, truth);
        let checked = guard(compare(ferrojit_ir::CmpOp::Eq, 0), empty, checked);
        Ok(Expr::new(ExprKind::Let { var: t, value: Box::new(e), body: Box::new(checked) }, Type::Bool, span))
    }

    /// Convert a value to `ty` for storing or returning, or explain why it can't be.
    pub fn convert(&mut self, value: Expr, ty: &Type, range: TextRange) -> LResult<Expr> {
        if &value.ty == ty {
            return Ok(value);
        }
        if value.ty.is_list() && ty.is_list() {
            return self.convert_list(value, ty, range);
        }
        if value.ty.is_table() && ty.is_table() {
            return self.convert_dict(value, ty, range);
        }
        if let Type::Optional(inner) = ty {
            if !matches!(value.ty, Type::None | Type::Optional(_)) && value.ty != **inner {
                // The value made the payload's type first (a string known when compiling
                // made a run-time string), then the optional.
                let v = self.convert(value, inner, range)?;
                return Ok(v.cast_to(ty));
            }
        }
        let ok = (value.ty.is_numeric() && ty.is_numeric()) || value.ty.unify(ty).is_some();
        if !ok || (value.ty.is_complex() && !ty.is_complex()) {
            return Err(self.err(range, format!("cannot convert {} to {ty}", value.ty)));
        }
        if !lists_convert(&value.ty, ty) {
            // A list inside a tuple (or an optional) cannot change its item type: the
            // list is one object, shared.
            return Err(self.err(range, format!("cannot use a {} as a {ty} (a list keeps its item type)", value.ty)));
        }
        if matches!(value.ty, Type::Tuple(_)) && !matches!(value.kind, ExprKind::Tuple(_) | ExprKind::Var(_)) {
            // Bind once, then convert element by element.
            let span = value.span;
            let t = self.temp(&value.ty);
            let read = Expr::new(ExprKind::Var(t), value.ty.clone(), span).cast_to(ty);
            return Ok(Expr::new(ExprKind::Let { var: t, value: Box::new(value), body: Box::new(read) }, ty.clone(), span));
        }
        Ok(value.cast_to(ty))
    }

    /// Whether a binary operation has an operand that may be None (a name's read or a
    /// call's result): `optional_binop`'s case.
    pub(crate) fn optional_operands(&self, lhs: &Expr, rhs: &Expr) -> bool {
        let optional = |e: &Expr| matches!(e.kind, ExprKind::OptionalValue { .. }) || matches!(e.ty, Type::Optional(_));
        optional(lhs) || optional(rhs)
    }

    /// `l op r` where l or r may be None: both evaluated, as CPython does, then a
    /// TypeError for a None, else the operation on the values. With Python numbers
    /// CPython's message (`unsupported operand type(s) for +: 'NoneType' and 'int'`;
    /// `augmented`: `l op= r`, the message names `+=`), otherwise one naming the value.
    pub(crate) fn optional_binop(&mut self, op: ast::Operator, lhs: Expr, rhs: Expr, augmented: bool, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let sym = crate::lists::op_symbol(op);
        // (the NumPy-ness of each operand, kept by its temporary)
        let (lnumpy, rnumpy) = (self.is_numpy_scalar(&lhs), self.is_numpy_scalar(&rhs));
        let what = |e: &Expr| match &e.kind {
            ExprKind::OptionalValue { what, .. } if !what.is_empty() => format!("`{what}` is None here (an operation on None)"),
            _ => "an operation on None (a value that may be None)".to_string(),
        };
        let (lwhat, rwhat) = (what(&lhs), what(&rhs));
        let strip = |e: Expr| match e.kind {
            ExprKind::OptionalValue { value, .. } => *value,
            _ => e,
        };
        let (lhs, rhs) = (strip(lhs), strip(rhs));
        // (the Python class of the number an operand holds, if it is a Python number)
        let class = |t: &Type| python_number_name(if let Type::Optional(i) = t { i } else { t });
        let cpython_message = !lnumpy && !rnumpy && class(&lhs.ty).is_some() && class(&rhs.ty).is_some();
        let name = |t: &Type| class(t).unwrap_or("object");
        let (lt, rt) = (self.temp(&lhs.ty), self.temp(&rhs.ty));
        self.var_numpy[lt] = Some(lnumpy);
        self.var_numpy[rt] = Some(rnumpy);
        let read = |t: usize, e: &Expr| Expr::new(ExprKind::Var(t), e.ty.clone(), span);
        let (lread, rread) = (read(lt, &lhs), read(rt, &rhs));
        let missing = |r: &Expr| match &r.ty {
            Type::Optional(_) => {
                let has = Expr::new(ExprKind::OptionalHas(Box::new(r.clone())), Type::Bool, span);
                Some(Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(has) }, Type::Bool, span))
            }
            _ => None,
        };
        let sym = match (sym, augmented) {
            (s, true) => format!("{s}="),
            ("**", false) => "** or pow()".to_string(),
            (s, false) => s.to_string(),
        };
        let message = |l: &str, r: &str| {
            if !cpython_message {
                return if l == "NoneType" { lwhat.clone() } else { rwhat.clone() };
            }
            format!("unsupported operand type(s) for {sym}: '{l}' and '{r}'")
        };
        let value = |r: &Expr| match &r.ty {
            Type::Optional(inner) => Expr::new(ExprKind::OptionalValue { value: Box::new(r.clone()), what: String::new() }, (**inner).clone(), span),
            _ => r.clone(),
        };
        let guard = |cond: Expr, message: String, value: Expr| Expr::guard(cond, ExcKind::TypeError, message, value, span);
        let (lmiss, rmiss) = (missing(&lread), missing(&rread));
        let mut left = value(&lread);
        let mut right = value(&rread);
        // The right's None first (innermost), the left's after: the left is checked first.
        if let Some(rm) = rmiss.clone() {
            right = guard(rm, message(name(&lhs.ty), "NoneType"), right);
        }
        if let Some(lm) = lmiss {
            left = guard(lm.clone(), message("NoneType", name(&rhs.ty)), left);
            if let Some(rm) = rmiss {
                let both = Expr::new(ExprKind::And(Box::new(lm), Box::new(rm)), Type::Bool, span);
                left = guard(both, message("NoneType", "NoneType"), left);
            }
        }
        let body = self.binop(op, left, right, range)?;
        let ty = body.ty.clone();
        let inner = Expr::new(ExprKind::Let { var: rt, value: Box::new(rhs), body: Box::new(body) }, ty.clone(), span);
        Ok(Expr::new(ExprKind::Let { var: lt, value: Box::new(lhs), body: Box::new(inner) }, ty, span))
    }

    fn operand_error(&self, op: &str, l: &Type, r: &Type, range: TextRange) -> crate::function::LErr {
        self.err(range, format!("unsupported operand types for {op}: {l} and {r}"))
    }

    pub fn binop(&mut self, op: ast::Operator, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        use ast::Operator as O;
        let span = self.span(range);
        let sym = crate::lists::op_symbol(op);
        if self.optional_operands(&lhs, &rhs) {
            return self.optional_binop(op, lhs, rhs, false, range);
        }
        if lhs.ty.is_list() || rhs.ty.is_list() {
            return self.list_binop(op, lhs, rhs, range);
        }
        if lhs.ty.is_table() || rhs.ty.is_table() {
            let name = match op {
                O::BitOr => "__or__",
                O::BitAnd => "__and__",
                O::Sub => "__sub__",
                O::BitXor => "__xor__",
                _ => "",
            };
            return self.set_operator(sym, name, lhs, rhs, range);
        }
        if let Some(e) = self.binop_by_flag(op, &lhs, &rhs, range)? {
            return Ok(e);
        }
        // Arrays, and NumPy scalars (array elements, `np.float32(x)` arguments...), follow
        // NumPy's rules, as CPython running NumPy does: its result types (NEP 50:
        // `np.int8(1) + 1` is int8) and its error rules (`a[i] / 0.0` is inf, `a[i] // 0`
        // is 0; NumPy would also print a warning).
        let numpy = |s: &Self, e: &Expr| Self::has_array(e) || (e.ty.is_number() && s.is_numpy_scalar(e));
        if numpy(self, &lhs) || numpy(self, &rhs) {
            let bop = match op {
                O::Add => BinOp::Add,
                O::Sub => BinOp::Sub,
                O::Mult => BinOp::Mul,
                O::Div => BinOp::Div,
                O::FloorDiv => BinOp::FloorDiv,
                O::Mod => BinOp::Mod,
                O::Pow => BinOp::Pow,
                O::BitAnd => BinOp::BitAnd,
                O::BitOr => BinOp::BitOr,
                O::BitXor => BinOp::BitXor,
                O::LShift => BinOp::Shl,
                O::RShift => BinOp::Shr,
                O::MatMult => return self.matmul(lhs, rhs, range),
            };
            return self.array_binop(bop, lhs, rhs, range);
        }
        if lhs.ty.is_any_str() || rhs.ty.is_any_str() {
            return self.str_binop(op, lhs, rhs, range);
        }
        if lhs.ty.is_complex() || rhs.ty.is_complex() {
            return self.complex_binop(op, sym, lhs, rhs, range);
        }
        if !lhs.ty.is_numeric() || !rhs.ty.is_numeric() {
            return Err(self.operand_error(sym, &lhs.ty, &rhs.ty, range));
        }
        let (lt, rt) = (lhs.ty.clone(), rhs.ty.clone());
        let promoted = arith_promote(&lt, &rt);
        let make = |op: BinOp, ty: Type, l: Expr, r: Expr| {
            let (l, r) = (l.cast_to(&ty), r.cast_to(&ty));
            Expr::new(ExprKind::Binary { op, lhs: Box::new(l), rhs: Box::new(r) }, ty, span)
        };
        Ok(match op {
            O::Add => make(BinOp::Add, promoted, lhs, rhs),
            O::Sub => make(BinOp::Sub, promoted, lhs, rhs),
            O::Mult => make(BinOp::Mul, promoted, lhs, rhs),
            O::FloorDiv => make(BinOp::FloorDiv, promoted, lhs, rhs),
            O::Mod => make(BinOp::Mod, promoted, lhs, rhs),
            O::Div if !promoted.is_float() && promoted != Type::Int(ferrojit_ir::IntKind::U64) => {
                // Python's int / int: the operands stay int64 (see ExprKind::Binary).
                let (l, r) = (lhs.cast_to(&INT64), rhs.cast_to(&INT64));
                Expr::new(ExprKind::Binary { op: BinOp::Div, lhs: Box::new(l), rhs: Box::new(r) }, FLOAT64, span)
            }
            O::Div => {
                let ty = if promoted.is_float() { promoted } else { FLOAT64 };
                make(BinOp::Div, ty, lhs, rhs)
            }
            O::Pow => {
                let negative_const = matches!(rhs.kind, ExprKind::Const(Const::Int(i)) if i < 0);
                if promoted.is_int() && !negative_const {
                    make(BinOp::Pow, promoted, lhs, rhs)
                } else {
                    let ty = if promoted.is_float() { promoted } else { FLOAT64 };
                    make(BinOp::Pow, ty, lhs, rhs)
                }
            }
            O::BitAnd | O::BitOr | O::BitXor => {
                let bop = match op {
                    O::BitAnd => BinOp::BitAnd,
                    O::BitOr => BinOp::BitOr,
                    _ => BinOp::BitXor,
                };
                if lt == Type::Bool && rt == Type::Bool {
                    make(bop, Type::Bool, lhs, rhs)
                } else if promoted.is_int() {
                    make(bop, promoted, lhs, rhs)
                } else {
                    return Err(self.operand_error(sym, &lt, &rt, range));
                }
            }
            O::LShift | O::RShift => {
                if !promoted.is_int() {
                    return Err(self.operand_error(sym, &lt, &rt, range));
                }
                make(if op == O::LShift { BinOp::Shl } else { BinOp::Shr }, promoted, lhs, rhs)
            }
            O::MatMult => return Err(self.err(range, "`@` needs arrays, which are not supported in compiled code yet")),
        })
    }

    fn unary(&mut self, op: ast::UnaryOp, operand: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        if Self::has_array(&operand) {
            return match op {
                // `+a` is a new array (np.positive), not `a` itself.
                ast::UnaryOp::UAdd => {
                    let span = self.span(range);
                    let p = self.map_parts(operand, range)?;
                    if p.body.ty == Type::Bool {
                        return Err(self.err(range, "numpy boolean positive is not supported (NumPy raises too)"));
                    }
                    Ok(self.make_map(p.inputs, p.body, p.ndim, span))
                }
                ast::UnaryOp::USub => self.array_unary(UnaryOp::Neg, operand, range),
                ast::UnaryOp::Invert => self.array_unary(UnaryOp::Invert, operand, range),
                ast::UnaryOp::Not => {
                    // `not a` is the negated truth value of the whole array, as NumPy's
                    // (`~a` and np.logical_not are element-wise)
                    let t = self.truth(operand, range)?;
                    Ok(Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(t) }, Type::Bool, span))
                }
            };
        }
        match op {
            ast::UnaryOp::Not => {
                let t = self.truth(operand, range)?;
                Ok(Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(t) }, Type::Bool, span))
            }
            ast::UnaryOp::UAdd if operand.ty.is_complex() => Ok(operand),
            ast::UnaryOp::USub if operand.ty.is_complex() => {
                let ty = operand.ty.clone();
                Ok(Expr::new(ExprKind::Unary { op: UnaryOp::Neg, operand: Box::new(operand) }, ty, span))
            }
            ast::UnaryOp::Invert if operand.ty.is_complex() => Err(self.err(range, "bad operand type for unary ~: 'complex'")),
            _ if !operand.ty.is_numeric() => Err(self.err(range, format!("unary operator on a {}", operand.ty))),
            ast::UnaryOp::UAdd => Ok(if operand.ty == Type::Bool { operand.cast_to(&INT64) } else { operand }),
            ast::UnaryOp::USub => {
                // Fold negative literals (`-1` as an axis, a step, a default).
                match operand.kind {
                    ExprKind::Const(Const::Int(i)) => return Ok(Expr::constant(Const::Int(i.wrapping_neg()), span)),
                    ExprKind::Const(Const::Float(x)) => return Ok(Expr::constant(Const::Float(-x), span)),
                    _ => {}
                }
                let ty = if operand.ty == Type::Bool { INT64 } else { operand.ty.clone() };
                let x = operand.cast_to(&ty);
                Ok(Expr::new(ExprKind::Unary { op: UnaryOp::Neg, operand: Box::new(x) }, ty, span))
            }
            ast::UnaryOp::Invert => {
                if operand.ty.is_float() {
                    return Err(self.err(range, format!("bad operand type for unary ~: {}", operand.ty)));
                }
                let ty = if operand.ty == Type::Bool { INT64 } else { operand.ty.clone() };
                let x = operand.cast_to(&ty);
                Ok(Expr::new(ExprKind::Unary { op: UnaryOp::Invert, operand: Box::new(x) }, ty, span))
            }
        }
    }

    /// One comparison (chains are desugared into `and`s of these: crate::desugar).
    fn compare_chain(&mut self, c: &ast::ExprCompare, range: TextRange) -> LResult<Expr> {
        let ([op], [comp]) = (c.ops.as_slice(), c.comparators.as_slice()) else {
            return Err(LErr::Fatal(crate::FrontendError::Internal(format!(
                "a chained comparison reached the lowering: `{}`",
                self.snippet(range)
            ))));
        };
        let is = matches!(op, ast::CmpOp::Is | ast::CmpOp::IsNot | ast::CmpOp::Eq | ast::CmpOp::NotEq);
        let lhs = if is { self.lower_keep_optional(&c.left)? } else { self.lower_expr(&c.left)? };
        let rhs = if is { self.lower_keep_optional(comp)? } else { self.lower_expr(comp)? };
        // CPython's tuple search tries identity before `==`: `x in (x, ...)` holds even for
        // a NaN. Compiled numbers have no identity; the same name is the same object.
        // A module's attribute (`math.nan`) is one object too.
        let same_object = |s: &mut Self, a: &ast::Expr, b: &ast::Expr| match (a, b) {
            (ast::Expr::Name(x), ast::Expr::Name(y)) => x.id == y.id,
            (ast::Expr::Attribute(x), ast::Expr::Attribute(_)) => {
                s.snippet(a.range()) == s.snippet(b.range()) && matches!(s.resolve_attribute(x), Ok(Some(GlobalValue::Const(_))))
            }
            _ => false,
        };
        if let (ast::Expr::Tuple(t), ast::CmpOp::In | ast::CmpOp::NotIn) = (comp, op) {
            if t.elts.iter().any(|e| same_object(self, c.left.as_ref(), e)) {
                let span = self.span(range);
                let found = Expr::constant(Const::Bool(matches!(op, ast::CmpOp::In)), span);
                // (the tuple's items are still evaluated, for their effects)
                return Ok(self.after(rhs, found));
            }
        }
        self.compare(*op, lhs, rhs, comp.range())
    }

    /// `x in t` for a tuple (`x == t[0] or x == t[1] ...`, left to right, stopping at the
    /// first equal item, as CPython's tuple search) or an array (`(a == x).any()`, as
    /// NumPy's `__contains__`).
    fn contains(&mut self, x: Expr, container: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        match container.ty.clone() {
            Type::Tuple(_) if container.ty.is_table() => self.dict_contains(x, container, range),
            Type::Tuple(items) => {
                let xt = self.temp(&x.ty);
                let xv = Expr::new(ExprKind::Var(xt), x.ty.clone(), span);
                let tt = self.temp(&container.ty);
                let tv = Expr::new(ExprKind::Var(tt), container.ty.clone(), span);
                let mut acc = Expr::constant(Const::Bool(false), span);
                for (i, item_ty) in items.iter().enumerate().rev() {
                    let item = Expr::new(ExprKind::TupleGet { tuple: Box::new(tv.clone()), index: i }, item_ty.clone(), span);
                    let eq = self.compare(ast::CmpOp::Eq, xv.clone(), item, range)?;
                    let eq = self.truth(eq, range)?;
                    acc = Expr::new(ExprKind::Or(Box::new(eq), Box::new(acc)), Type::Bool, span);
                }
                let body = Expr::new(ExprKind::Let { var: tt, value: Box::new(container), body: Box::new(acc) }, Type::Bool, span);
                Ok(Expr::new(ExprKind::Let { var: xt, value: Box::new(x), body: Box::new(body) }, Type::Bool, span))
            }
            Type::Array(_) => {
                let eq = self.compare(ast::CmpOp::Eq, container, x, range)?;
                self.reduction("any", eq, None, range)
            }
            Type::Str(_) | Type::Text => self.str_contains(x, container, range),
            Type::List(_) => self.list_contains(x, container, range),
            other => Err(self.err(range, format!("`in` a {other} is not supported in compiled code yet (tuples and arrays are)"))),
        }
    }

    /// CPython's TypeError for an ordering between values that have none.
    fn unorderable(&self, op: CmpOp, lhs: &Expr, rhs: &Expr, range: TextRange) -> crate::function::LErr {
        let name = crate::complex::python_type_name;
        self.err(range, format!("'{}' not supported between instances of '{}' and '{}'", op.symbol(), name(&lhs.ty), name(&rhs.ty)))
    }

    /// Tuples compare as CPython's: `==` item by item (different lengths are unequal);
    /// an ordering by the first items that differ (by `==`), else by length.
    fn tuple_compare(&mut self, op: CmpOp, lhs: Expr, rhs: Expr, a: &[Type], b: &[Type], range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let (ta, tb) = (self.temp(&lhs.ty), self.temp(&rhs.ty));
        let item = |t, ty: &Type, items: &[Type], i: usize| {
            Expr::new(ExprKind::TupleGet { tuple: Box::new(Expr::new(ExprKind::Var(t), ty.clone(), span)), index: i }, items[i].clone(), span)
        };
        let (lt, rt) = (lhs.ty.clone(), rhs.ty.clone());
        let to_ast = cmp_to_ast;
        let n = a.len().min(b.len());
        let body = if matches!(op, CmpOp::Eq | CmpOp::Ne) {
            let mut acc = Expr::constant(Const::Bool(a.len() == b.len()), span);
            if a.len() == b.len() {
                for i in (0..n).rev() {
                    let eq = self.compare(ast::CmpOp::Eq, item(ta, &lt, a, i), item(tb, &rt, b, i), range)?;
                    let eq = self.truth(eq, range)?;
                    acc = Expr::new(ExprKind::And(Box::new(eq), Box::new(acc)), Type::Bool, span);
                }
            }
            if op == CmpOp::Ne {
                acc = Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(acc) }, Type::Bool, span);
            }
            acc
        } else {
            let (la, lb) = (Expr::constant(Const::Int(a.len() as i64), span), Expr::constant(Const::Int(b.len() as i64), span));
            let mut acc = self.compare(to_ast(op), la, lb, range)?;
            for i in (0..n).rev() {
                let ne = self.compare(ast::CmpOp::NotEq, item(ta, &lt, a, i), item(tb, &rt, b, i), range)?;
                let ne = self.truth(ne, range)?;
                let by_item = self.compare(to_ast(op), item(ta, &lt, a, i), item(tb, &rt, b, i), range)?;
                let by_item = self.truth(by_item, range)?;
                acc = Expr::new(ExprKind::IfExp { cond: Box::new(ne), then: Box::new(by_item), orelse: Box::new(acc) }, Type::Bool, span);
            }
            acc
        };
        let inner = Expr::new(ExprKind::Let { var: tb, value: Box::new(rhs), body: Box::new(body) }, Type::Bool, span);
        Ok(Expr::new(ExprKind::Let { var: ta, value: Box::new(lhs), body: Box::new(inner) }, Type::Bool, span))
    }

    fn compare(&mut self, op: ast::CmpOp, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        if let (ExprKind::Const(Const::Int(a)), ExprKind::Const(Const::Int(b))) = (&lhs.kind, &rhs.kind) {
            // Two ints known when compiling (`a.ndim == 1`, `len(t) > 2`): the answer, so
            // that `if` and `x if c else y` keep only the branch that runs.
            let known = match op {
                ast::CmpOp::Eq => Some(a == b),
                ast::CmpOp::NotEq => Some(a != b),
                ast::CmpOp::Lt => Some(a < b),
                ast::CmpOp::LtE => Some(a <= b),
                ast::CmpOp::Gt => Some(a > b),
                ast::CmpOp::GtE => Some(a >= b),
                _ => None,
            };
            if let (Some(v), true, true) = (known, lhs.ty.is_int(), rhs.ty.is_int()) {
                return Ok(Expr::constant(Const::Bool(v), span));
            }
        }
        let op = match op {
            ast::CmpOp::Eq => CmpOp::Eq,
            ast::CmpOp::NotEq => CmpOp::Ne,
            ast::CmpOp::Lt => CmpOp::Lt,
            ast::CmpOp::LtE => CmpOp::Le,
            ast::CmpOp::Gt => CmpOp::Gt,
            ast::CmpOp::GtE => CmpOp::Ge,
            ast::CmpOp::Is | ast::CmpOp::IsNot => {
                let is = matches!(op, ast::CmpOp::Is);
                return match (&lhs.ty, &rhs.ty) {
                    (Type::Optional(_), Type::None) | (Type::None, Type::Optional(_)) => {
                        let x = if lhs.ty == Type::None { rhs } else { lhs };
                        let has = Expr::new(ExprKind::OptionalHas(Box::new(x)), Type::Bool, span);
                        Ok(if is { Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(has) }, Type::Bool, span) } else { has })
                    }
                    // Known when compiling, but both sides still run (`l.clear() is None`).
                    (Type::None, _) | (_, Type::None) => {
                        let known = Expr::constant(Const::Bool(is == (lhs.ty == rhs.ty)), span);
                        let known = self.after(rhs, known);
                        Ok(self.after(lhs, known))
                    }
                    _ => Err(self.err(range, "`is` is only supported for comparisons with None")),
                };
            }
            ast::CmpOp::In | ast::CmpOp::NotIn => {
                // `in` gives a Python bool, whatever the items' comparisons give (a NumPy
                // scalar's `==` is a NumPy bool): `0 / (x in t)` raises when not found.
                let found = self.contains(lhs, rhs, range)?;
                let found = self.python_scalar(found);
                if matches!(op, ast::CmpOp::In) {
                    return Ok(found);
                }
                return Ok(Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(found) }, Type::Bool, span));
            }
        };
        if lhs.ty.is_set() || rhs.ty.is_set() {
            let name = match op {
                CmpOp::Lt => Some(("<", "__lt__")),
                CmpOp::Le => Some(("<=", "__le__")),
                CmpOp::Gt => Some((">", "__gt__")),
                CmpOp::Ge => Some((">=", "__ge__")),
                _ => None,
            };
            if let Some((symbol, name)) = name {
                return self.set_operator(symbol, name, lhs, rhs, range);
            }
        }
        if (lhs.ty.is_table() || rhs.ty.is_table()) && matches!(op, CmpOp::Eq | CmpOp::Ne) {
            let eq = self.dict_equal(lhs, rhs, range)?;
            return Ok(if op == CmpOp::Eq { eq } else { Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(eq) }, Type::Bool, span) });
        }
        if lhs.ty.is_list() || rhs.ty.is_list() {
            if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                if !(lhs.ty.is_list() && rhs.ty.is_list()) {
                    return Err(self.unorderable(op, &lhs, &rhs, range));
                }
                let name = match op {
                    CmpOp::Lt => "__lt__",
                    CmpOp::Le => "__le__",
                    CmpOp::Gt => "__gt__",
                    _ => "__ge__",
                };
                return self.library_call(&format!("builtins.list.{name}"), vec![lhs, rhs], vec![], range);
            }
            let eq = self.list_equal(lhs, rhs, range)?;
            return Ok(if op == CmpOp::Eq { eq } else { Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(eq) }, Type::Bool, span) });
        }
        if Self::has_array(&lhs) || Self::has_array(&rhs) {
            return self.array_compare(op, lhs, rhs, range);
        }
        // A NumPy scalar compares by NumPy's promotion, as CPython runs it:
        // `np.float32(0) < 1e-300` is False (the Python float becomes float32).
        // Only where a float takes part: operands of one type compare alike either way,
        // and integers compare exactly below (as NumPy does for Python ints).
        let numeric = lhs.ty.is_numeric() && rhs.ty.is_numeric() && lhs.ty != rhs.ty && (lhs.ty.is_float() || rhs.ty.is_float());
        if numeric && (self.is_numpy_scalar(&lhs) || self.is_numpy_scalar(&rhs)) {
            return self.array_compare(op, lhs, rhs, range);
        }
        if matches!(lhs.ty, Type::Optional(_)) || matches!(rhs.ty, Type::Optional(_)) {
            return self.optional_equality(op, lhs, rhs, range);
        }
        if lhs.ty.is_any_str() || rhs.ty.is_any_str() {
            return self.str_compare(op, lhs, rhs, range);
        }
        if (lhs.ty.is_complex() || rhs.ty.is_complex()) && lhs.ty.is_number() && rhs.ty.is_number() {
            if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                if self.is_numpy_scalar(&lhs) || self.is_numpy_scalar(&rhs) {
                    // NumPy's complex scalars are ordered (lexicographically).
                    return self.array_compare(op, lhs, rhs, range);
                }
                return Err(self.unorderable(op, &lhs, &rhs, range));
            }
            if !lhs.ty.is_complex() || !rhs.ty.is_complex() {
                return Ok(self.complex_equals_real(op, lhs, rhs, span));
            }
            let ty = arith_promote(&lhs.ty, &rhs.ty);
            let (l, r) = (lhs.cast_to(&ty), rhs.cast_to(&ty));
            return Ok(Expr::new(ExprKind::Compare { op, lhs: Box::new(l), rhs: Box::new(r) }, Type::Bool, span));
        }
        if let (Type::Tuple(a), Type::Tuple(b)) = (lhs.ty.clone(), rhs.ty.clone()) {
            return self.tuple_compare(op, lhs, rhs, &a, &b, range);
        }
        if !lhs.ty.is_numeric() || !rhs.ty.is_numeric() {
            // Values of different kinds (a tuple and a number, a list and a tuple) are
            // never equal in CPython; both sides still run.
            let kind = |t: &Type| if t.is_numeric() || t.is_complex() { "number".to_string() } else { crate::complex::python_type_name(t) };
            if lhs.ty != Type::None && rhs.ty != Type::None && matches!(op, CmpOp::Eq | CmpOp::Ne) && kind(&lhs.ty) != kind(&rhs.ty) {
                let known = Expr::constant(Const::Bool(op == CmpOp::Ne), span);
                let known = self.after(rhs, known);
                return Ok(self.after(lhs, known));
            }
            if (lhs.ty == Type::None || rhs.ty == Type::None) && matches!(op, CmpOp::Eq | CmpOp::Ne) {
                // (None equals only None; both sides still run)
                let known = Expr::constant(Const::Bool((op == CmpOp::Eq) == (lhs.ty == rhs.ty)), span);
                let known = self.after(rhs, known);
                return Ok(self.after(lhs, known));
            }
            return Err(self.err(range, format!("comparing {} with {} is not supported", lhs.ty, rhs.ty)));
        }
        // An int compared with a float is compared exactly, as CPython does (no rounding of
        // the int to a float): the operands keep their kinds and the backend handles it.
        let int_like = |t: &Type| t == &Type::Bool || matches!(t, Type::Int(k) if *k != ferrojit_ir::IntKind::U64);
        if (int_like(&lhs.ty) && rhs.ty.is_float()) || (lhs.ty.is_float() && int_like(&rhs.ty)) {
            let fix = |e: Expr| if e.ty.is_float() { e.cast_to(&FLOAT64) } else { e.cast_to(&INT64) };
            let (l, r) = (fix(lhs), fix(rhs));
            return Ok(Expr::new(ExprKind::Compare { op, lhs: Box::new(l), rhs: Box::new(r) }, Type::Bool, span));
        }
        let u64 = Type::Int(ferrojit_ir::IntKind::U64);
        let signed = |t: &Type| t == &Type::Bool || matches!(t, Type::Int(k) if k.signed());
        if (lhs.ty == u64 && signed(&rhs.ty)) || (signed(&lhs.ty) && rhs.ty == u64) {
            return Ok(self.compare_u64_signed(op, lhs, rhs, span));
        }
        // (Unsigned with uint64 promotes to uint64: `arith_promote`.)
        let ty = if lhs.ty == rhs.ty { lhs.ty.clone() } else { arith_promote(&lhs.ty, &rhs.ty) };
        let (l, r) = (lhs.cast_to(&ty), rhs.cast_to(&ty));
        Ok(Expr::new(ExprKind::Compare { op, lhs: Box::new(l), rhs: Box::new(r) }, Type::Bool, span))
    }

    /// `==` / `!=` where a side may be None (CPython: None equals only None); other
    /// comparisons take the values (TypeError on None, as CPython's `None < 1`).
    fn optional_equality(&mut self, op: CmpOp, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let (tl, tr) = (self.temp(&lhs.ty), self.temp(&rhs.ty));
        let read = |t, ty: &Type| Expr::new(ExprKind::Var(t), ty.clone(), span);
        let (l, r) = (read(tl, &lhs.ty), read(tr, &rhs.ty));
        let has = |e: &Expr| match &e.ty {
            Type::Optional(_) => Expr::new(ExprKind::OptionalHas(Box::new(e.clone())), Type::Bool, span),
            Type::None => Expr::constant(Const::Bool(false), span),
            _ => Expr::constant(Const::Bool(true), span),
        };
        let value = |e: &Expr| match &e.ty {
            Type::Optional(inner) => Expr::new(ExprKind::OptionalValue { value: Box::new(e.clone()), what: String::new() }, (**inner).clone(), span),
            _ => e.clone(),
        };
        let and = |a: Expr, b: Expr| Expr::new(ExprKind::And(Box::new(a), Box::new(b)), Type::Bool, span);
        let not = |a: Expr| Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(a) }, Type::Bool, span);
        let result = if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            // Ordering: the values (TypeError when one is None).
            self.compare(cmp_to_ast(op), value(&l), value(&r), range)?
        } else {
            let (hl, hr) = (has(&l), has(&r));
            // Both present: the values compare; both None: equal; else unequal.
            let both = and(hl.clone(), hr.clone());
            let values_equal = if lhs.ty == Type::None || rhs.ty == Type::None {
                Expr::constant(Const::Bool(false), span)
            } else {
                let eq = self.compare(ast::CmpOp::Eq, value(&l), value(&r), range)?;
                self.truth(eq, range)?
            };
            let neither = and(not(hl), not(hr));
            let eq = Expr::new(
                ExprKind::IfExp { cond: Box::new(both), then: Box::new(values_equal), orelse: Box::new(neither) },
                Type::Bool,
                span,
            );
            if op == CmpOp::Eq { eq } else { not(eq) }
        };
        let body = Expr::new(ExprKind::Let { var: tr, value: Box::new(rhs), body: Box::new(result) }, Type::Bool, span);
        Ok(Expr::new(ExprKind::Let { var: tl, value: Box::new(lhs), body: Box::new(body) }, Type::Bool, span))
    }

    /// A uint64 compared with a signed int, exactly (no common 64-bit type holds both):
    /// a negative signed side is below every uint64, otherwise both compare as uint64.
    fn compare_u64_signed(&mut self, op: CmpOp, lhs: Expr, rhs: Expr, span: ferrojit_ir::Span) -> Expr {
        let u64 = Type::Int(ferrojit_ir::IntKind::U64);
        let (tl, tr) = (self.temp(&lhs.ty), self.temp(&rhs.ty));
        let (lt, rt) = (lhs.ty.clone(), rhs.ty.clone());
        let (l, r) = (Expr::new(ExprKind::Var(tl), lt.clone(), span), Expr::new(ExprKind::Var(tr), rt.clone(), span));
        let signed_is_left = lt != u64;
        let s = if signed_is_left { l.clone() } else { r.clone() }.cast_to(&INT64);
        let negative = Expr::new(
            ExprKind::Compare { op: CmpOp::Lt, lhs: Box::new(s), rhs: Box::new(Expr::constant(Const::Int(0), span)) },
            Type::Bool,
            span,
        );
        // With the signed side negative: signed < unsigned.
        let when_negative = match op {
            CmpOp::Eq => false,
            CmpOp::Ne => true,
            CmpOp::Lt | CmpOp::Le => signed_is_left,
            CmpOp::Gt | CmpOp::Ge => !signed_is_left,
        };
        let as_u64 =
            Expr::new(ExprKind::Compare { op, lhs: Box::new(l.cast_to(&u64)), rhs: Box::new(r.cast_to(&u64)) }, Type::Bool, span);
        let body = Expr::new(
            ExprKind::IfExp {
                cond: Box::new(negative),
                then: Box::new(Expr::constant(Const::Bool(when_negative), span)),
                orelse: Box::new(as_u64),
            },
            Type::Bool,
            span,
        );
        let inner = Expr::new(ExprKind::Let { var: tr, value: Box::new(rhs), body: Box::new(body) }, Type::Bool, span);
        Expr::new(ExprKind::Let { var: tl, value: Box::new(lhs), body: Box::new(inner) }, Type::Bool, span)
    }
}

fn cmp_to_ast(op: CmpOp) -> ast::CmpOp {
    match op {
        CmpOp::Eq => ast::CmpOp::Eq,
        CmpOp::Ne => ast::CmpOp::NotEq,
        CmpOp::Lt => ast::CmpOp::Lt,
        CmpOp::Le => ast::CmpOp::LtE,
        CmpOp::Gt => ast::CmpOp::Gt,
        CmpOp::Ge => ast::CmpOp::GtE,
    }
}

/// Whether the lists inside a value of type `from` can be used as those of type `to`:
/// the same item types (or items not known yet), through tuples and optionals.
fn lists_convert(from: &Type, to: &Type) -> bool {
    match (from, to) {
        (Type::List(a), Type::List(b)) => a == b || **a == Type::Unknown,
        (Type::Tuple(a), Type::Tuple(b)) => a.len() != b.len() || a.iter().zip(b).all(|(x, y)| lists_convert(x, y)),
        (Type::Optional(a), Type::Optional(b)) => lists_convert(a, b),
        (f, Type::Optional(b)) => lists_convert(f, b),
        _ => true,
    }
}

/// The Python class name of a Python number's type (`int`, `float`, `bool`).
fn python_number_name(t: &Type) -> Option<&'static str> {
    match t {
        Type::Bool => Some("bool"),
        t if *t == INT64 => Some("int"),
        t if *t == FLOAT64 => Some("float"),
        _ => None,
    }
}
