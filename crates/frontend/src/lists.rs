//! Lists in the lowering (`Type::List`).
//!
//! The compiler itself knows only the primitive operations (`ExprKind::List`: a literal,
//! `len`, `l[i]`, `l[i] = v`, `append`, `pop`, `insert`, and `str.split`/`str.join`);
//! every other method and operator (`extend`, `index`, `sort`, `in`, `+`, `*`, `==`,
//! slices, `list(...)`, `sorted`...) is Python in the library
//! (python/ferrojit/_lib/lists.py), compiled like user code.
//!
//! Types: a list's items have one type (numbers widen, as Numba's reflected lists: `[1,
//! 2.5]` is a list of float64); `[]` has items of `Type::Unknown` until an `append` (or
//! `insert`, `extend`, `+=`) decides them: that site refines the list variable's web
//! (inference wakes its readers), and the literal is then typed with the refined items
//! ([`FunctionLowerer::convert_list`]). A list that came from elsewhere (an argument, a
//! call) keeps its item type: widening it is an error, as its items are stored already.

use crate::function::{FunctionLowerer, LResult};
use crate::iteration::Counted;
use crate::GlobalValue;
use ferrojit_ir::{Const, Expr, ExprKind, ListOp, Type, INT64};
use rustpython_parser::ast::{self, Ranged as _};
use rustpython_parser::text_size::TextRange;
use std::rc::Rc;

pub fn list_op(op: ListOp, args: Vec<Expr>, ty: Type, span: ferrojit_ir::Span) -> Expr {
    Expr::new(ExprKind::List { op, args }, ty, span)
}

/// The item type of a list type.
pub fn item_of(t: &Type) -> Type {
    match t {
        Type::List(i) => (**i).clone(),
        _ => Type::Unknown,
    }
}

/// What a value iterated or extended from yields, for the item type of a list built
/// from it (`extend`, `list(x)`), when it can be told from the type alone.
pub(crate) fn iterable_item(t: &Type) -> Option<Type> {
    match t {
        Type::List(i) => Some((**i).clone()),
        Type::Array(a) if a.ndim == 1 => Some(a.dtype.to_type()),
        Type::Tuple(items) => {
            let mut it = items.iter().map(Type::list_item);
            let first = it.next()?;
            it.try_fold(first, |acc, t| acc.unify(&t))
        }
        t if t.is_any_str() => Some(Type::Text),
        _ => None,
    }
}

/// The item type a container of `old` items (a list's items, a dict's keys or values;
/// `Unknown`: none yet) takes to hold a value of type `t` too, or None when it cannot.
/// A value that may be None is stored as its value (`if r is not None: l.append(r)`);
/// an int stored among floats converts, as Numba's lists do.
pub(crate) fn widened_item(old: &Type, t: &Type) -> Option<Type> {
    let t = match t {
        Type::Optional(inner) => inner.list_item(),
        t => t.list_item(),
    };
    if *old == t || *old == Type::Unknown {
        return Some(t);
    }
    match old.unify(&t) {
        Some(u) if !matches!(u, Type::Optional(_)) => Some(u),
        _ if t.is_numeric() && old.is_numeric() && ferrojit_ir::arith_promote(old, &t) == *old => Some(old.clone()),
        _ => None,
    }
}

const MUTATORS: &[&str] = &["append", "extend", "insert", "pop", "remove", "clear"];

/// Whether a loop body (its source text) may change the length of the list named `name`:
/// a method that does, `+=`/`*=`, `del` (`del l[0]`, `del l[::2]`), the name sliced
/// (`l[a:b] = ...` may change its length), or the name used other than indexed (passed
/// to a call, aliased). Its `for` loop then reads the length at every iteration, as
/// CPython's list iterator does. Conservative: a false alarm only costs the loop its
/// fixed trip count.
fn may_resize(body: &str, name: Option<&str>) -> bool {
    if MUTATORS.iter().any(|m| body.contains(&format!(".{m}("))) || body.contains("+=") || body.contains("*=") {
        return true;
    }
    let word = |w: &str| body.match_indices(w).any(|(at, _)| {
        let before = body[..at].chars().next_back();
        let after = body[at + w.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    });
    if word("del") {
        return true;
    }
    let Some(name) = name else { return true };
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(at) = body[from..].find(name) {
        let start = from + at;
        let end = start + name.len();
        from = end;
        let before = body[..start].chars().next_back();
        let after = body[end..].chars().next();
        if before.is_some_and(|c| ident(c) || c == '.') || after.is_some_and(ident) {
            continue;
        }
        let rest = body[end..].trim_start();
        if !rest.starts_with('[') {
            return true;
        }
        // a slice: `l[a:b]` (a `:` inside the brackets, outside nested ones)
        let mut depth = 0;
        for c in rest.chars() {
            match c {
                '[' | '(' | '{' => depth += 1,
                ']' | ')' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ':' if depth == 1 => return true,
                _ => {}
            }
        }
    }
    false
}

impl FunctionLowerer<'_, '_> {
    /// `[a, b, c]`: the items' types unified (strings are run-time strings).
    pub fn list_display(&mut self, elts: &[ast::Expr], range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let mut items = Vec::new();
        for x in elts {
            if matches!(x, ast::Expr::Starred(_)) {
                return Err(self.err(x.range(), "`*` in a list display is not supported in compiled code yet"));
            }
            items.push(self.lower_expr(x)?);
        }
        self.list_new(items, span, range)
    }

    /// A new list of `items` (their types unified; strings are run-time strings).
    pub fn list_new(&mut self, items: Vec<Expr>, span: ferrojit_ir::Span, range: TextRange) -> LResult<Expr> {
        let mut item = Type::Unknown;
        for x in &items {
            let t = x.ty.list_item();
            item = if item == Type::Unknown {
                t
            } else {
                item.unify(&t).filter(|u| !matches!(u, Type::Optional(_))).ok_or_else(|| {
                    self.err(range, format!("a compiled list holds items of one type, not {item} and {t}"))
                })?
            };
        }
        self.check_item_type(&item, range)?;
        let items = items.into_iter().map(|x| self.convert(x, &item, range)).collect::<LResult<Vec<_>>>()?;
        Ok(list_op(ListOp::New, items, Type::List(Box::new(item)), span))
    }

    fn check_item_type(&self, item: &Type, range: TextRange) -> LResult<()> {
        let ok = match item {
            Type::Function(_) | Type::Pointer(_) | Type::Optional(_) => false,
            t => t.slot_count() <= 64,
        };
        if ok {
            Ok(())
        } else {
            Err(self.err(range, format!("lists of {item} are not supported in compiled code")))
        }
    }

    /// `value` (a list) as a list of `ty`'s items: a literal is retyped (its items
    /// converted), an empty list of unknown items is checked empty when the code runs;
    /// anything else keeps its type (the caller reports the mismatch).
    pub fn convert_list(&mut self, value: Expr, ty: &Type, range: TextRange) -> LResult<Expr> {
        let item = item_of(ty);
        match value.kind {
            ExprKind::List { op: ListOp::New, args } => {
                let items = args.into_iter().map(|x| self.convert(x, &item, range)).collect::<LResult<Vec<_>>>()?;
                Ok(list_op(ListOp::New, items, ty.clone(), value.span))
            }
            kind if item_of(&value.ty) == Type::Unknown => Ok(Expr::new(kind, value.ty, value.span).cast_to(ty)),
            _ => Err(self.err(range, format!("cannot use a {} as a {ty}: a compiled list keeps the item type it was made with", value.ty))),
        }
    }

    /// The list `base` will hold items of `t` too: its variable's type widens to take
    /// them (`[]` then `append(1.5)`); returns the item type values are converted to.
    fn refine_list(&mut self, base: &Expr, t: &Type, range: TextRange) -> LResult<Type> {
        let old = item_of(&base.ty);
        let Some(wanted) = widened_item(&old, t) else {
            return Err(self.err(range, format!("a compiled list of {old} cannot hold a {} (its items have one type)", t.list_item())));
        };
        if wanted == old {
            return Ok(old);
        }
        self.check_item_type(&wanted, range)?;
        // `acc[-1].append(x)` where `acc` is a named list of lists: `acc`'s items widen.
        if let ExprKind::List { op: ListOp::Get, args } = &base.kind {
            if let ExprKind::Var(outer) = args[0].kind {
                if outer >= self.param_count && !self.var_fixed.get(outer).copied().unwrap_or(false) {
                    let ty = self.unify_var(outer, &Type::List(Box::new(Type::List(Box::new(wanted)))), range)?;
                    return Ok(item_of(&item_of(&ty)));
                }
            }
        }
        // `d.setdefault(k, []).append(x)`, `d[k].append(x)`: a list that is a value of the
        // dict `d` (a call of the library with `d` first, giving a list of its values'
        // type): `d`'s values widen.
        if let ExprKind::Call { args, .. } = &base.kind {
            if let Some(ExprKind::Var(d)) = args.first().map(|a| &a.kind) {
                let d = *d;
                let dict_ty = self.var_type(d).cloned();
                if let Some(Type::Tuple(_)) = &dict_ty {
                    let dict_ty = dict_ty.expect("matched");
                    if let (Some((k, v)), true) = (dict_ty.as_dict().map(|(k, v)| (k.clone(), v.clone())), d >= self.param_count) {
                        if v == base.ty && !self.var_fixed.get(d).copied().unwrap_or(false) {
                            let ty = self.unify_var(d, &Type::dict(k, Type::List(Box::new(wanted))), range)?;
                            return Ok(item_of(&ty.as_dict().expect("a dict").1.clone()));
                        }
                    }
                }
            }
        }
        let ExprKind::Var(v) = base.kind else {
            return Err(self.err(range, format!("a compiled list of {old} cannot hold a {t} here: name the list to let its item type widen")));
        };
        if self.var_fixed.get(v).copied().unwrap_or(false) || v < self.param_count {
            return Err(self.err(
                range,
                format!("`{}` is a list of {old} passed in; it cannot hold a {t} in compiled code (its items are stored as {old})", self.var_name(v)),
            ));
        }
        let ty = self.unify_var(v, &Type::List(Box::new(wanted)), range)?;
        Ok(item_of(&ty))
    }

    /// Reading an item needs its type.
    /// The list with its item type, for reading items. A list whose items nothing
    /// decides (`[]` appended to only in code that never runs) is empty: once types are
    /// solved it is read as a list of int64 (checked empty when it runs).
    fn known_items(&mut self, base: Expr, range: TextRange) -> LResult<(Expr, Type)> {
        match item_of(&base.ty) {
            Type::Unknown if self.headers_only && !self.none_is_final => {
                self.none_waited = true;
                Err(self.pending(range, "the items of this list have no type yet: it is empty here and nothing is appended to it"))
            }
            Type::Unknown => {
                let ty = Type::List(Box::new(INT64));
                Ok((base.cast_to(&ty), INT64))
            }
            t => Ok((base, t)),
        }
    }

    /// A call of the library written in Python (`builtins.list.index`...) with lowered
    /// arguments.
    pub fn library_call(&mut self, full: &str, mut pos: Vec<Expr>, kws: Vec<(String, Expr, TextRange)>, range: TextRange) -> LResult<Expr> {
        let shown = full.strip_prefix("builtins.").unwrap_or(full).to_string();
        if full.starts_with("builtins.list.") && pos.iter().any(|e| e.ty.is_list_of_unknown()) {
            // `[] == l`, `[] + l`, `x in []`: an empty list of items not known takes the
            // other list's item type, or the item's (checked empty when it runs; int64 if
            // nothing tells).
            let takes_item = matches!(full, "builtins.list.__contains__" | "builtins.list.index" | "builtins.list.count" | "builtins.list.remove");
            let item = pos
                .iter()
                .map(|e| item_of(&e.ty))
                .find(|t| *t != Type::Unknown)
                .or_else(|| if takes_item { pos.get(1).map(|x| x.ty.list_item()) } else { None })
                .unwrap_or(INT64);
            let ty = Type::List(Box::new(item));
            pos = pos.into_iter().map(|e| if e.ty.is_list_of_unknown() { e.cast_to(&ty) } else { e }).collect();
        }
        let GlobalValue::Overloaded { key, .. } = self.b.resolver.library(full) else {
            return Err(self.err(range, format!("`{shown}` is not supported in compiled code yet")));
        };
        self.overloaded_with(key, pos, kws, range, &shown)
    }

    /// `l.name(args)`.
    pub fn list_method(&mut self, base: Expr, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range();
        let span = self.span(range);
        let (mut pos, kws) = self.lower_call_args(c)?;
        let none = || Type::None;
        match (name, pos.len(), kws.is_empty()) {
            ("append", 1, true) => {
                let v = Self::stored_value(pos.remove(0));
                let item = self.refine_list(&base, &v.ty, range)?;
                let base = self.retyped(base, &item);
                let v = self.convert(v, &item, range)?;
                Ok(list_op(ListOp::Append, vec![base, v], none(), span))
            }
            ("insert", 2, true) => {
                let v = Self::stored_value(pos.remove(1));
                let i = self.int_index(pos.remove(0), range)?;
                let item = self.refine_list(&base, &v.ty, range)?;
                let base = self.retyped(base, &item);
                let v = self.convert(v, &item, range)?;
                Ok(list_op(ListOp::Insert, vec![base, i, v], none(), span))
            }
            ("pop", 0 | 1, true) => {
                let (base, item) = self.known_items(base, range)?;
                let i = match pos.pop() {
                    Some(i) => self.int_index(i, range)?,
                    None => Expr::constant(Const::Int(-1), span),
                };
                Ok(list_op(ListOp::Pop, vec![base, i], item, span))
            }
            ("extend", 1, true) => self.list_extend(base, pos.remove(0), range),
            // (the library's sort of real numbers)
            ("_sort_numbers", 1, true) if item_of(&base.ty).is_numeric() => {
                let reverse = self.truth(pos.remove(0), range)?;
                Ok(list_op(ListOp::SortNumbers, vec![base, reverse], Type::Bool, span))
            }
            _ => {
                let mut all = vec![base];
                all.extend(pos);
                self.library_call(&format!("builtins.list.{name}"), all, kws, range)
            }
        }
    }

    /// `l.extend(other)` (and `l += other`): the list's items widen to take `other`'s.
    pub fn list_extend(&mut self, base: Expr, other: Expr, range: TextRange) -> LResult<Expr> {
        let base = match iterable_item(&other.ty) {
            Some(t) if t != Type::Unknown => {
                let item = self.refine_list(&base, &t, range)?;
                self.retyped(base, &item)
            }
            _ => base,
        };
        self.library_call("builtins.list.extend", vec![base, other], vec![], range)
    }

    /// `a + b`, `l * n`, `n * l` where an operand is a list.
    pub fn list_binop(&mut self, op: ast::Operator, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        let int = |t: &Type| t.is_int() || *t == Type::Bool;
        match op {
            ast::Operator::Add if lhs.ty.is_list() && rhs.ty.is_list() => self.library_call("builtins.list.__add__", vec![lhs, rhs], vec![], range),
            ast::Operator::Mult if lhs.ty.is_list() && int(&rhs.ty) => self.library_call("builtins.list.__mul__", vec![lhs, rhs], vec![], range),
            ast::Operator::Mult if rhs.ty.is_list() && int(&lhs.ty) => {
                // `n * l`: `n` is evaluated first, as CPython does
                let (bind, n) = self.first(lhs);
                let call = self.library_call("builtins.list.__mul__", vec![rhs, n], vec![], range)?;
                Ok(bind(call))
            }
            _ => Err(self.err(
                range,
                format!(
                    "unsupported operand type(s) for {}: '{}' and '{}'",
                    op_symbol(op),
                    crate::complex::python_type_name(&lhs.ty),
                    crate::complex::python_type_name(&rhs.ty)
                ),
            )),
        }
    }

    /// `l += x` / `l *= n` on a list named `l`: in place (other names for the list see it).
    pub fn list_augassign(&mut self, op: ast::Operator, current: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        match op {
            ast::Operator::Add => self.list_extend(current, rhs, range),
            ast::Operator::Mult if rhs.ty.is_int() || rhs.ty == Type::Bool => self.library_call("builtins.list.__imul__", vec![current, rhs], vec![], range),
            _ => Err(self.err(range, format!("unsupported operand type(s) for {}=: 'list' and '{}'", op_symbol(op), crate::complex::python_type_name(&rhs.ty)))),
        }
    }

    /// `x in l`, `l == m`, `l != m`.
    pub fn list_contains(&mut self, x: Expr, l: Expr, range: TextRange) -> LResult<Expr> {
        // `x` is evaluated before the list, as CPython does
        let (bind, x) = self.first(x);
        let call = self.library_call("builtins.list.__contains__", vec![l, x], vec![], range)?;
        Ok(bind(call))
    }

    /// `e` evaluated now, before what the caller builds around the returned read of it:
    /// the wrapper binds it (a name or a constant needs no binding).
    pub(crate) fn first(&mut self, e: Expr) -> (impl FnOnce(Expr) -> Expr, Expr) {
        let binding = if matches!(e.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
            None
        } else {
            Some((self.temp(&e.ty), e.clone()))
        };
        let read = match &binding {
            Some((t, v)) => Expr::new(ExprKind::Var(*t), v.ty.clone(), v.span),
            None => e,
        };
        let wrap = move |body: Expr| match binding {
            Some((t, v)) => {
                let (ty, span) = (body.ty.clone(), body.span);
                Expr::new(ExprKind::Let { var: t, value: Box::new(v), body: Box::new(body) }, ty, span)
            }
            None => body,
        };
        (wrap, read)
    }

    pub fn list_equal(&mut self, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        if !(lhs.ty.is_list() && rhs.ty.is_list()) {
            // a list never equals a value of another type
            let span = self.span(range);
            let f = Expr::constant(Const::Bool(false), span);
            let with_l = self.after(lhs, f);
            return Ok(self.after(rhs, with_l));
        }
        self.library_call("builtins.list.__eq__", vec![lhs, rhs], vec![], range)
    }

    /// A read of a list variable (or `acc[i]` of a named list of lists) after its type
    /// was refined by this very site.
    fn retyped(&self, base: Expr, item: &Type) -> Expr {
        let ty = Type::List(Box::new(item.clone()));
        if base.ty == ty {
            return base;
        }
        match base.kind {
            ExprKind::Var(v) => Expr::new(ExprKind::Var(v), ty, base.span),
            ExprKind::List { op: ListOp::Get, mut args } if matches!(args[0].kind, ExprKind::Var(_)) => {
                let outer = Type::List(Box::new(ty.clone()));
                let ExprKind::Var(v) = args[0].kind else { unreachable!("matched above") };
                args[0] = Expr::new(ExprKind::Var(v), outer, args[0].span);
                Expr::new(ExprKind::List { op: ListOp::Get, args }, ty, base.span)
            }
            kind => Expr::new(kind, base.ty, base.span),
        }
    }

    /// A value that may be None, where its value is needed (stored into a list of its
    /// values, an argument of a builtin or a library function): its value, a None raising
    /// TypeError when it runs.
    pub(crate) fn stored_value(v: Expr) -> Expr {
        let span = v.span;
        match v.ty.clone() {
            Type::Optional(inner) => Expr::new(ExprKind::OptionalValue { value: Box::new(v), what: String::new() }, *inner, span),
            _ => v,
        }
    }

    fn int_index(&self, i: Expr, range: TextRange) -> LResult<Expr> {
        if i.ty.is_int() || i.ty == Type::Bool {
            Ok(i.cast_to(&INT64))
        } else {
            Err(self.err(range, format!("list indices must be integers or slices, not {}", crate::complex::python_type_name(&i.ty))))
        }
    }

    /// The start, stop and step of a slice of a list: ints, or None where left out.
    pub fn slice_parts(&mut self, s: &ast::ExprSlice, span: ferrojit_ir::Span) -> LResult<Vec<Expr>> {
        let mut out = Vec::new();
        for part in [&s.lower, &s.upper, &s.step] {
            out.push(match part {
                Some(x) => {
                    let e = self.lower_expr(x)?;
                    self.int_index(e, x.range())?
                }
                None => Expr::constant(Const::None, span),
            });
        }
        Ok(out)
    }

    /// `l[i]` and `l[a:b:c]`.
    pub fn list_subscript(&mut self, base: Expr, slice: &ast::Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        if let ast::Expr::Slice(s) = slice {
            let mut args = vec![base];
            args.extend(self.slice_parts(s, span)?);
            return self.library_call("builtins.list._slice", args, vec![], range);
        }
        let (base, item) = self.known_items(base, range)?;
        let i = self.lower_expr(slice)?;
        let i = self.int_index(i, slice.range())?;
        Ok(list_op(ListOp::Get, vec![base, i], item, span))
    }

    /// `l[i] = value`.
    pub fn list_store(&mut self, base: Expr, slice: &ast::Expr, value: Expr, range: TextRange) -> LResult<Vec<ferrojit_ir::Stmt>> {
        let span = self.span(range);
        if let ast::Expr::Slice(s) = slice {
            let mut args = vec![base];
            args.extend(self.slice_parts(s, span)?);
            args.push(value);
            let call = self.library_call("builtins.list._setslice", args, vec![], range)?;
            return Ok(vec![ferrojit_ir::Stmt { kind: ferrojit_ir::StmtKind::Expr(call), span }]);
        }
        let i = self.lower_expr(slice)?;
        let i = self.int_index(i, slice.range())?;
        let item = self.refine_list(&base, &value.ty, range)?;
        let base = self.retyped(base, &item);
        let value = self.convert(value, &item, range)?;
        let set = list_op(ListOp::Set, vec![base, i, value], Type::None, span);
        Ok(vec![ferrojit_ir::Stmt { kind: ferrojit_ir::StmtKind::Expr(set), span }])
    }

    pub fn list_len(&mut self, l: Expr, span: ferrojit_ir::Span) -> Expr {
        list_op(ListOp::Len, vec![l], INT64, span)
    }

    /// `for x in l`: by index. When the loop body may resize the list, the length is
    /// read at every iteration (CPython's list iterator: appended items are visited, a
    /// shrunk list ends the loop); otherwise once, before the loop.
    pub fn list_iteration(&mut self, list: Expr, iter: &ast::Expr, body: Option<&str>, range: TextRange) -> LResult<Counted> {
        let span = self.span(range);
        let (list, item) = self.known_items(list, range)?;
        let mut bindings = Vec::new();
        // Always a temporary, holding the list: the body may rebind the name (`l = l[1:]`)
        // while CPython's iterator goes on over the list it started with.
        let t = self.temp(&list.ty);
        let l = Expr::new(ExprKind::Var(t), list.ty.clone(), list.span);
        bindings.push((t, list));
        let name = match iter {
            ast::Expr::Name(n) => Some(n.id.as_str()),
            _ => None,
        };
        let live = body.is_some_and(|b| may_resize(b, name));
        let len = list_op(ListOp::Len, vec![l.clone()], INT64, span);
        let get_list = l.clone();
        let get = move |j: Expr| list_op(ListOp::Get, vec![get_list.clone(), j], item.clone(), span);
        let zero = Expr::constant(Const::Int(0), span);
        let one = Expr::constant(Const::Int(1), span);
        let past_end = move |j: Expr| {
            let len = list_op(ListOp::Len, vec![l.clone()], INT64, span);
            Expr::new(ExprKind::Compare { op: ferrojit_ir::CmpOp::Ge, lhs: Box::new(j), rhs: Box::new(len) }, Type::Bool, span)
        };
        let shrunk: Rc<dyn Fn(Expr) -> Expr> = Rc::new(past_end);
        if live {
            return Ok(Counted {
                bindings,
                start: zero,
                stop: Expr::constant(Const::Int(i64::MAX), span),
                step: one,
                item: Rc::new(get),
                guard: Some(shrunk.clone()),
                shrunk: Some(shrunk),
            });
        }
        let stop = self.once(len, &mut bindings);
        Ok(Counted { bindings, start: zero, stop, step: one, item: Rc::new(get), guard: None, shrunk: Some(shrunk) })
    }

    /// `s.split(sep, maxsplit)` of a run-time string: a list of strings.
    pub fn text_split(&mut self, s: Expr, mut args: Vec<Expr>, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        if args.len() > 2 {
            return Err(self.err(range, "str.split() takes at most 2 arguments"));
        }
        let max = if args.len() == 2 { self.int_index(args.remove(1), range)? } else { Expr::constant(Const::Int(-1), span) };
        let sep = match args.pop() {
            None => Expr::constant(Const::None, span),
            Some(x) if x.ty == Type::None => x,
            Some(x) if x.ty.is_any_str() => x.cast_to(&Type::Text),
            Some(x) => return Err(self.err(range, format!("must be str or None, not {}", crate::complex::python_type_name(&x.ty)))),
        };
        Ok(list_op(ListOp::Split, vec![s.cast_to(&Type::Text), sep, max], Type::List(Box::new(Type::Text)), span))
    }

    /// `sep.join(l)` of a list of strings.
    pub fn list_join(&mut self, sep: Expr, l: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        match item_of(&l.ty) {
            Type::Text | Type::Unknown => {}
            t => return Err(self.err(range, format!("sequence item 0: expected str instance, {} found", crate::complex::python_type_name(&t)))),
        }
        let l = if item_of(&l.ty) == Type::Unknown { l.cast_to(&Type::List(Box::new(Type::Text))) } else { l };
        Ok(list_op(ListOp::Join, vec![sep.cast_to(&Type::Text), l], Type::Text, span))
    }
}

/// The operator's symbol (`+`), for messages.
pub fn op_symbol(op: ast::Operator) -> &'static str {
    use ast::Operator as O;
    match op {
        O::Add => "+",
        O::Sub => "-",
        O::Mult => "*",
        O::Div => "/",
        O::FloorDiv => "//",
        O::Mod => "%",
        O::Pow => "**",
        O::BitAnd => "&",
        O::BitOr => "|",
        O::BitXor => "^",
        O::LShift => "<<",
        O::RShift => ">>",
        O::MatMult => "@",
    }
}
