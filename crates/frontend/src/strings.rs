//! Strings in the lowering, of two kinds.
//!
//! Known when compiling (`Type::Str`): literals, `str` arguments (each value its own
//! specialisation, as Numba's `literally`), and what is computed from them — comparisons,
//! `in`, `+`, `*` by a constant, `len`, indexing and slicing by constants, and the common
//! methods — folded while lowering, so `if mode == "fast":` keeps one branch.
//!
//! Computed at run time (`Type::Text`): `str(x)` of a number, f-strings and `%` /
//! `.format` of values, and every operation above when an operand is only known at run
//! time — each one runtime call (`ExprKind::Str`, crates/runtime/src/strings.rs), with a
//! known string made a run-time one where they meet (`Cast`). A name bound to different
//! strings is a run-time string. Both kinds become Python `str` objects when returned.

use crate::function::{FunctionLowerer, LResult};
use ferrojit_ir::{Const, Expr, ExprKind, PrintArg, StrArg, StrOp, Type, FLOAT64, INT64};
use rustpython_parser::ast::{self, Ranged as _};
use rustpython_parser::text_size::TextRange;

/// The text of a string-typed expression.
pub fn text(e: &Expr) -> Option<&str> {
    match &e.ty {
        Type::Str(s) => Some(s),
        _ => None,
    }
}

/// `op(args)` at run time, each argument converted to what the runtime takes.
pub fn text_op(op: StrOp, args: Vec<Expr>, span: ferrojit_ir::Span) -> Expr {
    let args = args
        .into_iter()
        .zip(op.params())
        .map(|(a, p)| match p {
            StrArg::Text => a.cast_to(&Type::Text),
            StrArg::Int => a.cast_to(&INT64),
            StrArg::Float => a.cast_to(&FLOAT64),
            StrArg::Bool => a,
        })
        .collect();
    Expr::new(ExprKind::Str { op, args }, op.result_type(), span)
}

/// Whether an operand may take part in a string operation at run time as an int.
fn int_like(t: &Type) -> bool {
    matches!(t, Type::Int(_) | Type::Bool)
}

impl FunctionLowerer<'_, '_> {
    /// Constant `c`, after evaluating `effects` (the operands it was computed from).
    fn const_result(&mut self, c: Const, effects: Vec<Expr>, span: ferrojit_ir::Span) -> Expr {
        self.with_effects(Expr::constant(c, span), effects)
    }

    /// `make(first)` where `first` is evaluated before the rest of the result (bound to a
    /// temporary unless it is a name or a constant).
    fn evaluated_first(&mut self, first: Expr, span: ferrojit_ir::Span, make: impl FnOnce(Expr) -> Expr) -> Expr {
        if matches!(first.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
            return make(first);
        }
        let ty = first.ty.clone();
        let t = self.temp(&ty);
        let body = make(Expr::new(ExprKind::Var(t), ty, span));
        let rty = body.ty.clone();
        Expr::new(ExprKind::Let { var: t, value: Box::new(first), body: Box::new(body) }, rty, span)
    }

    /// `r`, after evaluating `effects` in order.
    fn with_effects(&mut self, mut r: Expr, effects: Vec<Expr>) -> Expr {
        for e in effects.into_iter().rev() {
            r = self.after(e, r);
        }
        r
    }

    /// `a op b` where a side is a string: `+` of strings, `*` by a constant int.
    pub fn str_binop(&mut self, op: ast::Operator, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let count = |e: &Expr| match e.kind {
            ExprKind::Const(Const::Int(n)) => Some(n),
            ExprKind::Const(Const::Bool(b)) => Some(b as i64),
            _ => None,
        };
        let result = match (op, text(&lhs), text(&rhs)) {
            (ast::Operator::Add, Some(a), Some(b)) => format!("{a}{b}"),
            (ast::Operator::Mult, Some(a), None) if count(&rhs).is_some() => a.repeat(count(&rhs).unwrap_or(0).max(0) as usize),
            (ast::Operator::Mult, None, Some(b)) if count(&lhs).is_some() => b.repeat(count(&lhs).unwrap_or(0).max(0) as usize),
            (ast::Operator::Add, _, _) if lhs.ty.is_any_str() && rhs.ty.is_any_str() => return Ok(text_op(StrOp::Concat, vec![lhs, rhs], span)),
            (ast::Operator::Mult, _, _) if lhs.ty.is_any_str() && int_like(&rhs.ty) => return Ok(text_op(StrOp::Repeat, vec![lhs, rhs], span)),
            (ast::Operator::Mult, _, _) if rhs.ty.is_any_str() && int_like(&lhs.ty) => {
                // `n * s`: the count is evaluated first, as written.
                return Ok(self.evaluated_first(lhs, span, |n| text_op(StrOp::Repeat, vec![rhs, n], span)));
            }
            _ => {
                let name = |t: &Type| crate::complex::python_type_name(t);
                let (l, r) = (name(&lhs.ty), name(&rhs.ty));
                let l = if lhs.ty.is_str() { "str".to_string() } else { l };
                let r = if rhs.ty.is_str() { "str".to_string() } else { r };
                if op == ast::Operator::Add {
                    let other = if lhs.ty.is_any_str() { r } else { l };
                    return Err(self.err(range, format!("can only concatenate str (not \"{other}\") to str")));
                }
                return Err(self.err(range, format!("unsupported operand type(s) for this operator: '{l}' and '{r}'")));
            }
        };
        Ok(self.const_result(Const::Str(result), vec![lhs, rhs], span))
    }

    /// A comparison where a side is a string: decided when compiling.
    pub fn str_compare(&mut self, op: ferrojit_ir::CmpOp, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        use ferrojit_ir::CmpOp::*;
        let span = self.span(range);
        let value = match (text(&lhs), text(&rhs)) {
            (Some(a), Some(b)) => match op {
                Eq => a == b,
                Ne => a != b,
                Lt => a < b,
                Le => a <= b,
                Gt => a > b,
                Ge => a >= b,
            },
            _ if lhs.ty.is_any_str() && rhs.ty.is_any_str() => {
                let r = match op {
                    Eq | Ne => {
                        let eq = text_op(StrOp::Eq, vec![lhs, rhs], span);
                        if op == Eq {
                            eq
                        } else {
                            Expr::new(ExprKind::Unary { op: ferrojit_ir::UnaryOp::Not, operand: Box::new(eq) }, Type::Bool, span)
                        }
                    }
                    _ => {
                        let c = text_op(StrOp::Compare, vec![lhs, rhs], span);
                        let zero = Expr::constant(Const::Int(0), span);
                        Expr::new(ExprKind::Compare { op, lhs: Box::new(c), rhs: Box::new(zero) }, Type::Bool, span)
                    }
                };
                return Ok(r);
            }
            // A string never equals a number or None.
            _ if matches!(op, Eq | Ne) => op == Ne,
            _ => return Err(self.err(range, format!("'{}' not supported between a string and a {}", op.symbol(), if lhs.ty.is_str() { &rhs.ty } else { &lhs.ty }))),
        };
        Ok(self.const_result(Const::Bool(value), vec![lhs, rhs], span))
    }

    /// `x in s` for a string `s` (a substring test).
    pub fn str_contains(&mut self, x: Expr, s: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        if !x.ty.is_any_str() {
            return Err(self.err(range, format!("'in <string>' requires string as left operand, not {}", crate::complex::python_type_name(&x.ty))));
        }
        let (Some(needle), Some(hay)) = (text(&x), text(&s)) else {
            // `x` is evaluated first, as written.
            return Ok(self.evaluated_first(x, span, |x| text_op(StrOp::Contains, vec![s, x], span)));
        };
        let found = hay.contains(needle);
        Ok(self.const_result(Const::Bool(found), vec![x, s], span))
    }

    /// `s[i]` and `s[a:b:c]`: folded for a known string and constant indices, else at run
    /// time.
    pub fn str_subscript(&mut self, s: Expr, slice: &ast::Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let is_const = |e: &Option<Box<ast::Expr>>| match e.as_deref() {
            None => true,
            Some(ast::Expr::Constant(_)) => true,
            Some(ast::Expr::UnaryOp(u)) => matches!(u.operand.as_ref(), ast::Expr::Constant(_)),
            _ => false,
        };
        let foldable = s.ty.is_str()
            && match slice {
                ast::Expr::Slice(sl) => is_const(&sl.lower) && is_const(&sl.upper) && is_const(&sl.step),
                other => is_const(&Some(Box::new(other.clone()))),
            };
        if !foldable {
            return self.text_subscript(s, slice, range);
        }
        let chars: Vec<char> = text(&s).unwrap_or_default().chars().collect();
        let n = chars.len() as i64;
        let constant = |f: &mut Self, e: &Option<Box<ast::Expr>>| -> LResult<Option<i64>> {
            let Some(e) = e else { return Ok(None) };
            let v = f.lower_expr(e)?;
            match v.kind {
                ExprKind::Const(Const::Int(i)) => Ok(Some(i)),
                _ => Err(f.err(e.range(), "string indices in compiled code must be constants")),
            }
        };
        let result: String = match slice {
            ast::Expr::Slice(sl) => {
                let (start, stop, step) = (constant(self, &sl.lower)?, constant(self, &sl.upper)?, constant(self, &sl.step)?);
                let step = step.unwrap_or(1);
                if step == 0 {
                    return Err(self.err(range, "slice step cannot be zero"));
                }
                // Python's slice.indices.
                let clamp = |v: Option<i64>, default: i64, lo: i64, hi: i64| match v {
                    None => default,
                    Some(v) if v < 0 => (v + n).max(lo),
                    Some(v) => v.min(hi),
                };
                let (start, stop) = if step > 0 { (clamp(start, 0, 0, n), clamp(stop, n, 0, n)) } else { (clamp(start, n - 1, -1, n - 1), clamp(stop, -1, -1, n - 1)) };
                let mut out = String::new();
                let mut i = start;
                while (step > 0 && i < stop) || (step < 0 && i > stop) {
                    out.push(chars[i as usize]);
                    i += step;
                }
                out
            }
            other => {
                let i = constant(self, &Some(Box::new(other.clone())))?.unwrap_or(0);
                let j = if i < 0 { i + n } else { i };
                if j < 0 || j >= n {
                    // CPython raises when (and if) the line runs: a guard that always fails
                    let empty = self.const_result(Const::Str(String::new()), vec![s], span);
                    let always = Expr::constant(Const::Bool(true), span);
                    return Ok(Expr::guard(always, ferrojit_ir::ExcKind::IndexError, "string index out of range", empty, span));
                }
                chars[j as usize].to_string()
            }
        };
        Ok(self.const_result(Const::Str(result), vec![s], span))
    }

    /// `s.method(args)` of a string: folded when the string and the arguments are known
    /// when compiling, else at run time.
    pub fn str_method(&mut self, s: Expr, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range;
        let span = self.span(range);
        let base = text(&s).unwrap_or_default().to_string();
        let mut args = Vec::new();
        for a in &c.args {
            let v = self.lower_expr(a)?;
            // (`sep.join(d)` of a dict or a set: of its keys, in its order)
            let v = if name == "join" && v.ty.is_table() { self.dict_keys(v, a.range())? } else { v };
            args.push(v);
        }
        if !c.keywords.is_empty() {
            return Err(self.err(range, format!("str.{name}() keyword arguments are not supported in compiled code")));
        }
        if name == "format" {
            let Some(template) = text(&s).map(str::to_string) else {
                return Err(self.err(range, "str.format() of a string computed at run time is not supported in compiled code (a constant template is)"));
            };
            for a in &args {
                if !ferrojit_ir::printable(&a.ty) {
                    return Err(self.err(range, format!("str.format() of a {} is not supported in compiled code", a.ty)));
                }
            }
            let args = args.into_iter().map(PrintArg::Value).collect();
            return Ok(Expr::new(ExprKind::FormatStr { template, args }, Type::Text, span));
        }
        let known = |e: &Expr| e.ty.is_str() || matches!(e.kind, ExprKind::Const(_));
        if !(s.ty.is_str() && args.iter().all(known)) {
            return self.text_method(s, name, args, range);
        }
        let strs: Vec<Option<String>> = args.iter().map(|a| text(a).map(str::to_string)).collect();
        let arg_str = |i: usize| strs.get(i).cloned().flatten();
        let bad = |f: &Self| f.err(range, format!("str.{name}() with these arguments is not supported in compiled code"));
        let out = match (name, args.len()) {
            ("upper", 0) => Const::Str(base.to_uppercase()),
            ("lower", 0) => Const::Str(base.to_lowercase()),
            ("strip", 0) => Const::Str(base.trim().to_string()),
            ("lstrip", 0) => Const::Str(base.trim_start().to_string()),
            ("rstrip", 0) => Const::Str(base.trim_end().to_string()),
            ("strip" | "lstrip" | "rstrip", 1) => {
                let set: Vec<char> = arg_str(0).ok_or_else(|| bad(self))?.chars().collect();
                let r = match name {
                    "strip" => base.trim_matches(|c| set.contains(&c)),
                    "lstrip" => base.trim_start_matches(|c| set.contains(&c)),
                    _ => base.trim_end_matches(|c| set.contains(&c)),
                };
                Const::Str(r.to_string())
            }
            ("startswith", 1) => Const::Bool(base.starts_with(arg_str(0).ok_or_else(|| bad(self))?.as_str())),
            ("endswith", 1) => Const::Bool(base.ends_with(arg_str(0).ok_or_else(|| bad(self))?.as_str())),
            ("replace", 2) => Const::Str(base.replace(arg_str(0).ok_or_else(|| bad(self))?.as_str(), arg_str(1).ok_or_else(|| bad(self))?.as_str())),
            ("find", 1) => {
                let needle = arg_str(0).ok_or_else(|| bad(self))?;
                Const::Int(base.find(needle.as_str()).map_or(-1, |b| base[..b].chars().count() as i64))
            }
            ("count", 1) => Const::Int(base.matches(arg_str(0).ok_or_else(|| bad(self))?.as_str()).count() as i64),
            ("isdigit", 0) => Const::Bool(!base.is_empty() && base.chars().all(|c| c.is_ascii_digit())),
            ("isalpha", 0) => Const::Bool(!base.is_empty() && base.chars().all(char::is_alphabetic)),
            ("split", 0 | 1) => {
                let parts: Vec<String> = match arg_str(0) {
                    // (CPython's whitespace: Rust's, and the separators \x1c-\x1f)
                    None if args.is_empty() => base
                        .split(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
                        .filter(|p| !p.is_empty())
                        .map(str::to_string)
                        .collect(),
                    Some(sep) if !sep.is_empty() => base.split(sep.as_str()).map(str::to_string).collect(),
                    _ => return Err(bad(self)),
                };
                // (a list, as CPython's: of run-time strings)
                let items: Vec<Expr> = parts.into_iter().map(|p| Expr::constant(Const::Str(p), span).cast_to(&Type::Text)).collect();
                let list = crate::lists::list_op(ferrojit_ir::ListOp::New, items, Type::List(Box::new(Type::Text)), span);
                return Ok(self.with_effects(list, std::iter::once(s).chain(args).collect()));
            }
            ("join", 1) if args[0].ty.is_list() => return self.text_method(s, name, args, range),
            ("join", 1) => {
                let Type::Tuple(items) = &args[0].ty else { return Err(bad(self)) };
                let parts: Option<Vec<String>> = items.iter().map(|t| match t {
                    Type::Str(x) => Some(x.clone()),
                    _ => None,
                }).collect();
                Const::Str(parts.ok_or_else(|| bad(self))?.join(&base))
            }
            // Not folded here: computed at run time.
            _ => return self.text_method(s, name, args, range),
        };
        let mut effects = vec![s];
        effects.extend(args);
        Ok(self.const_result(out, effects, span))
    }

    /// `len(s)` of a string.
    pub fn str_len(&mut self, s: Expr, range: TextRange) -> Expr {
        let span = self.span(range);
        if s.ty == Type::Text {
            return text_op(StrOp::Len, vec![s], span);
        }
        let n = text(&s).map_or(0, |t| t.chars().count() as i64);
        let r = self.const_result(Const::Int(n), vec![s], span);
        r.cast_to(&INT64)
    }

    /// `s[i]` / `s[a:b:c]` at run time.
    fn text_subscript(&mut self, s: Expr, slice: &ast::Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let int = |f: &mut Self, e: &ast::Expr| -> LResult<Expr> {
            let v = f.lower_expr(e)?;
            if !int_like(&v.ty) {
                return Err(f.err(e.range(), format!("string indices must be integers, not '{}'", crate::complex::python_type_name(&v.ty))));
            }
            Ok(v)
        };
        match slice {
            ast::Expr::Slice(sl) => {
                let mut parts = vec![s];
                for (bound, missing) in [(&sl.lower, i64::MIN), (&sl.upper, i64::MIN), (&sl.step, 1)] {
                    parts.push(match bound {
                        Some(b) => int(self, b)?,
                        None => Expr::constant(Const::Int(missing), span),
                    });
                }
                Ok(text_op(StrOp::Slice, parts, span))
            }
            index => {
                let i = int(self, index)?;
                Ok(text_op(StrOp::GetItem, vec![s, i], span))
            }
        }
    }

    /// `s.method(args)` at run time.
    fn text_method(&mut self, s: Expr, name: &str, mut args: Vec<Expr>, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let strings = |args: &[Expr]| args.iter().all(|a| a.ty.is_any_str());
        let op = match (name, args.len()) {
            ("upper", 0) => StrOp::Upper,
            ("lower", 0) => StrOp::Lower,
            ("isdigit", 0) => StrOp::IsDigit,
            ("isalpha", 0) => StrOp::IsAlpha,
            ("isspace", 0) => StrOp::IsSpace,
            ("isupper", 0) => StrOp::IsUpper,
            ("islower", 0) => StrOp::IsLower,
            ("isalnum", 0) => StrOp::IsAlnum,
            // (the library's dicts: not a method of Python's str)
            ("_ferrojit_hash", 0) => StrOp::Hash,
            ("_ferrojit_pyhash", 0) => StrOp::PyHash,
            ("strip", 0 | 1) if strings(&args) => StrOp::Strip,
            ("lstrip", 0 | 1) if strings(&args) => StrOp::LStrip,
            ("rstrip", 0 | 1) if strings(&args) => StrOp::RStrip,
            ("startswith", 1) if strings(&args) => StrOp::StartsWith,
            ("endswith", 1) if strings(&args) => StrOp::EndsWith,
            ("find", 1) if strings(&args) => StrOp::Find,
            ("count", 1) if strings(&args) => StrOp::Count,
            ("replace", 2) if strings(&args) => {
                args.push(Expr::constant(Const::Int(-1), span));
                StrOp::Replace
            }
            ("replace", 3) if strings(&args[..2]) && int_like(&args[2].ty) => StrOp::Replace,
            ("join", 1) if args[0].ty.is_list() => return self.list_join(s, args.remove(0), range),
            ("join", 1) => return self.text_join(s, args.remove(0), range),
            ("split", _) => return self.text_split(s, args, range),
            _ => return Err(self.err(range, format!("str.{name}() with these arguments is not supported in compiled code"))),
        };
        let mut all = vec![s];
        all.extend(args);
        Ok(text_op(op, all, span))
    }

    /// `sep.join(items)` of a tuple of strings: the concatenation, left to right.
    fn text_join(&mut self, sep: Expr, items: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let Type::Tuple(types) = items.ty.clone() else {
            return Err(self.err(range, format!("str.join() of a {} is not supported in compiled code (a tuple of strings is)", items.ty)));
        };
        if let Some(bad) = types.iter().position(|t| !t.is_any_str()) {
            return Err(self.err(range, format!("sequence item {bad}: expected str instance, {} found", crate::complex::python_type_name(&types[bad]))));
        }
        let (tv, sv) = (self.temp(&items.ty), self.temp(&sep.ty));
        let read = |v, ty: &Type| Expr::new(ExprKind::Var(v), ty.clone(), span);
        let mut out = Expr::constant(Const::Str(String::new()), span).cast_to(&Type::Text);
        for (i, t) in types.iter().enumerate() {
            if i > 0 {
                out = text_op(StrOp::Concat, vec![out, read(sv, &sep.ty)], span);
            }
            let item = Expr::new(ExprKind::TupleGet { tuple: Box::new(read(tv, &items.ty)), index: i }, t.clone(), span);
            out = text_op(StrOp::Concat, vec![out, item], span);
        }
        let inner = Expr::new(ExprKind::Let { var: tv, value: Box::new(items), body: Box::new(out) }, Type::Text, span);
        Ok(Expr::new(ExprKind::Let { var: sv, value: Box::new(sep), body: Box::new(inner) }, Type::Text, span))
    }

    /// `str(x)`: the runtime's own text for ints and floats (CPython's `repr` of a
    /// float), Python's `format` for the rest (NumPy scalars keep their own text).
    pub fn str_of(&mut self, x: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        if x.ty.is_any_str() {
            return Ok(x);
        }
        if !ferrojit_ir::printable(&x.ty) {
            return Err(self.err(range, format!("str() of a {} is not supported in compiled code", x.ty)));
        }
        let numpy = self.is_numpy_scalar(&x);
        Ok(match &x.ty {
            Type::Int(k) if !numpy || k.signed() => text_op(StrOp::FromInt, vec![x], span),
            Type::Float(ferrojit_ir::FloatKind::F64) => text_op(StrOp::FromFloat, vec![x], span),
            Type::Bool => {
                let t = Expr::constant(Const::Str("True".into()), span).cast_to(&Type::Text);
                let f = Expr::constant(Const::Str("False".into()), span).cast_to(&Type::Text);
                Expr::new(ExprKind::IfExp { cond: Box::new(x), then: Box::new(t), orelse: Box::new(f) }, Type::Text, span)
            }
            _ => Expr::new(ExprKind::FormatStr { template: "{}".into(), args: vec![PrintArg::Value(x)] }, Type::Text, span),
        })
    }

    /// An f-string, `"..." % values` or `"...".format(values)` computed at run time.
    pub fn format_expr(&mut self, e: &ast::Expr) -> LResult<Option<Expr>> {
        let span = self.span(e.range());
        let Some((template, args)) = self.message_template(e)? else { return Ok(None) };
        if args.iter().all(|a| matches!(a, PrintArg::Text(_))) && !template.contains('{') {
            return Ok(Some(Expr::constant(Const::Str(template), span)));
        }
        Ok(Some(Expr::new(ExprKind::FormatStr { template, args }, Type::Text, span)))
    }
}
