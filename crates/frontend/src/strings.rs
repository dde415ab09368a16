//! Strings known when compiling (`Type::Str`): literals, `str` arguments (each value its
//! own specialisation, as Numba's `literally`), and what is computed from them —
//! comparisons, `in`, `+`, `*` by a constant, `len`, indexing and slicing by constants,
//! and the common methods — folded while lowering, so `if mode == "fast":` keeps one
//! branch. Strings computed from run-time values are not supported (a compile error says
//! so); returned strings become Python `str` objects.

use crate::function::{FunctionLowerer, LResult};
use ferrojit_ir::{Const, Expr, ExprKind, Type, INT64};
use rustpython_parser::ast::{self, Ranged as _};
use rustpython_parser::text_size::TextRange;

/// The text of a string-typed expression.
pub fn text(e: &Expr) -> Option<&str> {
    match &e.ty {
        Type::Str(s) => Some(s),
        _ => None,
    }
}

fn runtime_string(f: &FunctionLowerer<'_, '_>, range: TextRange) -> crate::function::LErr {
    f.err(range, "compiled code knows strings when compiling only (literals, `str` arguments and what is computed from them); a string built from run-time values is not supported yet")
}

impl FunctionLowerer<'_, '_> {
    /// Constant `c`, after evaluating `effects` (the operands it was computed from).
    fn const_result(&mut self, c: Const, effects: Vec<Expr>, span: ferrojit_ir::Span) -> Expr {
        self.with_effects(Expr::constant(c, span), effects)
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
            (ast::Operator::Mult, Some(a), None) => a.repeat(count(&rhs).ok_or_else(|| runtime_string(self, range))?.max(0) as usize),
            (ast::Operator::Mult, None, Some(b)) => b.repeat(count(&lhs).ok_or_else(|| runtime_string(self, range))?.max(0) as usize),
            _ => {
                let name = |t: &Type| crate::complex::python_type_name(t);
                let (l, r) = (name(&lhs.ty), name(&rhs.ty));
                let l = if lhs.ty.is_str() { "str".to_string() } else { l };
                let r = if rhs.ty.is_str() { "str".to_string() } else { r };
                return Err(self.err(range, format!("unsupported operand type(s) for this operator: '{l}' and '{r}' (or a string built from run-time values)")));
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
            // A string never equals a number or None.
            _ if matches!(op, Eq | Ne) => op == Ne,
            _ => return Err(self.err(range, format!("'{}' not supported between a string and a {}", op.symbol(), if lhs.ty.is_str() { &rhs.ty } else { &lhs.ty }))),
        };
        Ok(self.const_result(Const::Bool(value), vec![lhs, rhs], span))
    }

    /// `x in s` for a string `s` (a substring test).
    pub fn str_contains(&mut self, x: Expr, s: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let (Some(needle), Some(hay)) = (text(&x), text(&s)) else {
            return Err(self.err(range, "'in <string>' requires a string as left operand"));
        };
        let found = hay.contains(needle);
        Ok(self.const_result(Const::Bool(found), vec![x, s], span))
    }

    /// `s[i]` and `s[a:b:c]` with constant indices.
    pub fn str_subscript(&mut self, s: Expr, slice: &ast::Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
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
                    return Err(self.err(range, "string index out of range"));
                }
                chars[j as usize].to_string()
            }
        };
        Ok(self.const_result(Const::Str(result), vec![s], span))
    }

    /// `s.method(args)` of a string, with constant arguments.
    pub fn str_method(&mut self, s: Expr, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range;
        let span = self.span(range);
        let base = text(&s).unwrap_or_default().to_string();
        let mut args = Vec::new();
        for a in &c.args {
            let v = self.lower_expr(a)?;
            args.push(v);
        }
        if !c.keywords.is_empty() {
            return Err(self.err(range, format!("str.{name}() keyword arguments are not supported in compiled code")));
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
                    None if args.is_empty() => base.split_whitespace().map(str::to_string).collect(),
                    Some(sep) if !sep.is_empty() => base.split(sep.as_str()).map(str::to_string).collect(),
                    _ => return Err(bad(self)),
                };
                let items: Vec<Expr> = parts.into_iter().map(|p| Expr::constant(Const::Str(p), span)).collect();
                let ty = Type::Tuple(items.iter().map(|e| e.ty.clone()).collect());
                let tuple = Expr::new(ExprKind::Tuple(items), ty, span);
                return Ok(self.with_effects(tuple, std::iter::once(s).chain(args).collect()));
            }
            ("join", 1) => {
                let Type::Tuple(items) = &args[0].ty else { return Err(bad(self)) };
                let parts: Option<Vec<String>> = items.iter().map(|t| match t {
                    Type::Str(x) => Some(x.clone()),
                    _ => None,
                }).collect();
                Const::Str(parts.ok_or_else(|| bad(self))?.join(&base))
            }
            _ => return Err(self.err(range, format!("str.{name}() is not supported in compiled code"))),
        };
        let mut effects = vec![s];
        effects.extend(args);
        Ok(self.const_result(out, effects, span))
    }

    /// `len(s)` of a string.
    pub fn str_len(&mut self, s: Expr, range: TextRange) -> Expr {
        let span = self.span(range);
        let n = text(&s).map_or(0, |t| t.chars().count() as i64);
        let r = self.const_result(Const::Int(n), vec![s], span);
        r.cast_to(&INT64)
    }
}

