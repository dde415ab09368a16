//! Dicts and sets in the lowering (`Type::dict(key, value)`, `Type::set(item)`).
//!
//! A dict is the tuple of its representation (see [`Type::dict`]: a marker, then the
//! shared lists of keys, values, hashes and the hash table), so code generation,
//! reference counting and the Python boundary need nothing new. The compiler builds
//! dicts (a display `{k: v}`, `dict()`, `typed.Dict.empty(k, v)`: not indexed yet, the
//! library indexes them on first use) and decides their types; every operation (`d[k]`,
//! `d[k] = v`, `del d[k]`, `in`, `len`, `==`, iteration, the methods) is Python in the
//! library (python/ferrojit/_lib/dicts.py), compiled like user code.
//!
//! Types: as lists' items, a dict's keys have one type and its values another (numbers
//! widen); `{}` has keys and values of `Type::Unknown` until a store decides them: that
//! site refines the dict variable's web (inference wakes its readers) and the display is
//! then typed with the refined items. A dict that came from elsewhere (an argument, a
//! call) keeps its types.
//!
//! A set is the same table with bool values and its own marker: its operations are the
//! library's `builtins.set.<name>`, on the same hash table.

use crate::function::{FunctionLowerer, LResult};
use crate::lists::widened_item;
use ferrojit_ir::{Const, Expr, ExprKind, ListOp, Type, DICT_MARKER, INT64, SET_MARKER};
use rustpython_parser::ast::{self, Ranged as _};
use rustpython_parser::text_size::TextRange;

/// The library's name for an operation on a dict or a set: `builtins.dict.<name>`.
fn op_name(t: &Type, name: &str) -> String {
    format!("builtins.{}.{name}", if t.is_set() { "set" } else { "dict" })
}

/// The key and value types of a dict or a set.
fn kv(t: &Type) -> (Type, Type) {
    t.as_table().map(|(a, b)| (a.clone(), b.clone())).expect("a dict or a set")
}

/// Whether values of `t` can be keys (hashable, and equal only to values of their type).
fn hashable(t: &Type) -> bool {
    match t {
        Type::Tuple(items) if !t.is_table() => items.iter().all(hashable),
        Type::Bool | Type::Int(_) | Type::Float(_) | Type::Complex(_) | Type::Str(_) | Type::Text | Type::Unknown => true,
        _ => false,
    }
}

impl FunctionLowerer<'_, '_> {
    /// Whether this is the library's dicts.py (or sets.py), which reads a dict's representation as
    /// the tuple it is (`d[1]` its keys, `_, keys, vals, hashes, table = d`); anywhere
    /// else `d[1]` is the value of key 1.
    pub fn dict_internals(&self) -> bool {
        let f = &self.pf.map.filename;
        ["dicts.py", "sets.py", "set_table.py"].iter().any(|name| f.ends_with(&format!("ferrojit/_lib/{name}")))
    }

    /// The dict (or, `set`, the set) of the lists `keys` and `vals` (built, not indexed
    /// yet).
    fn dict_of(keys: Expr, vals: Expr, set: bool, span: ferrojit_ir::Span) -> Expr {
        let (Type::List(k), Type::List(v)) = (keys.ty.clone(), vals.ty.clone()) else { unreachable!("dict_of takes two lists") };
        let ty = if set { Type::set(*k) } else { Type::dict(*k, *v) };
        let empty = || crate::lists::list_op(ListOp::New, vec![], Type::List(Box::new(INT64)), span);
        let marker = Expr::constant(Const::Str(if set { SET_MARKER } else { DICT_MARKER }.into()), span);
        Expr::new(ExprKind::Tuple(vec![marker, keys, vals, empty(), empty()]), ty, span)
    }

    /// An empty dict of keys `k` and values `v` (`Type::Unknown`: decided later).
    pub fn empty_dict(&mut self, k: Type, v: Type, span: ferrojit_ir::Span) -> Expr {
        let list = |t: Type| crate::lists::list_op(ListOp::New, vec![], Type::List(Box::new(t)), span);
        Self::dict_of(list(k), list(v), false, span)
    }

    /// An empty set of items `k` (`Type::Unknown`: decided later).
    pub fn empty_set(&mut self, k: Type, span: ferrojit_ir::Span) -> Expr {
        let list = |t: Type| crate::lists::list_op(ListOp::New, vec![], Type::List(Box::new(t)), span);
        Self::dict_of(list(k), list(Type::Bool), true, span)
    }

    /// `{a, b, c}`: the items in order, their types unified.
    pub fn set_display(&mut self, elts: &[ast::Expr], range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let mut items = Vec::new();
        for x in elts {
            if matches!(x, ast::Expr::Starred(_)) {
                return Err(self.err(x.range(), "`*` in a set display is not supported in compiled code yet"));
            }
            items.push(self.lower_expr(x)?);
        }
        if let Some(bad) = items.iter().find(|k| !hashable(&k.ty)) {
            return Err(self.err(range, format!("unhashable type: '{}'", crate::complex::python_type_name(&bad.ty))));
        }
        let trues = items.iter().map(|_| Expr::constant(Const::Bool(true), span)).collect();
        let keys = self.list_new(items, span, range)?;
        let vals = crate::lists::list_op(ListOp::New, trues, Type::List(Box::new(Type::Bool)), span);
        let set = Self::dict_of(keys, vals, true, span);
        // CPython compiles a display of more than two constants as a frozenset constant
        // merged into a new set: its table (and so its order) is that copy's.
        if elts.len() > 2 && elts.iter().all(constant) {
            return self.library_call("builtins.set.copy", vec![set], vec![], range);
        }
        Ok(set)
    }

    /// `set()`, `set(iterable)` (a list, a tuple, a string, an array, a set, a dict's keys).
    pub fn set_call(&mut self, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range;
        let span = self.span(range);
        if !c.keywords.is_empty() {
            return Err(self.err(range, "set() takes no keyword arguments"));
        }
        match c.args.as_slice() {
            [] => Ok(self.empty_set(Type::Unknown, span)),
            [x] => {
                // (a set or a dict: `update` takes it whole, as CPython's set_update_internal)
                let it = self.lower_expr(x)?;
                let item = match it.ty.as_table() {
                    Some((k, _)) => Some(k.clone()),
                    None => crate::lists::iterable_item(&it.ty),
                };
                let mut s = self.empty_set(Type::Unknown, span);
                if let Some(item) = item.filter(|t| *t != Type::Unknown) {
                    if !hashable(&item) {
                        return Err(self.err(range, format!("unhashable type: '{}'", crate::complex::python_type_name(&item))));
                    }
                    s = self.empty_set(item, span);
                }
                // (a new set, filled by `update`, then read)
                let t = self.temp(&s.ty);
                let read = Expr::new(ExprKind::Var(t), s.ty.clone(), span);
                let fill = self.library_call("builtins.set.update", vec![read.clone(), it], vec![], range)?;
                let body = self.after(fill, read);
                let ty = s.ty.clone();
                Ok(Expr::new(ExprKind::Let { var: t, value: Box::new(s), body: Box::new(body) }, ty, span))
            }
            _ => Err(self.err(range, format!("set expected at most 1 argument, got {}", c.args.len()))),
        }
    }

    /// `{k1: v1, k2: v2}`: keys and values evaluated in order (k1, v1, k2, ...), their
    /// types unified; a key given twice keeps its first place and its last value (the
    /// library's indexing does that).
    pub fn dict_display(&mut self, d: &ast::ExprDict, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let mut bindings = Vec::new();
        let (mut keys, mut vals) = (Vec::new(), Vec::new());
        let many = d.keys.len() > 1;
        for (k, v) in d.keys.iter().zip(&d.values) {
            let Some(k) = k else {
                return Err(self.err(range, "`**` in a dict display is not supported in compiled code yet"));
            };
            for (x, out) in [(k, &mut keys), (v, &mut vals)] {
                let e = self.lower_expr(x)?;
                if many && !matches!(e.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
                    // (bound in order: `{f(): g(), h(): 1}` calls f, g, h)
                    let t = self.temp(&e.ty);
                    out.push(Expr::new(ExprKind::Var(t), e.ty.clone(), e.span));
                    bindings.push((t, e));
                } else {
                    out.push(e);
                }
            }
        }
        if let Some(bad) = keys.iter().find(|k| !hashable(&k.ty)) {
            return Err(self.err(range, format!("unhashable type: '{}'", crate::complex::python_type_name(&bad.ty))));
        }
        let keys = self.list_new(keys, span, range)?;
        let vals = self.list_new(vals, span, range)?;
        let mut out = Self::dict_of(keys, vals, false, span);
        for (t, e) in bindings.into_iter().rev() {
            let ty = out.ty.clone();
            out = Expr::new(ExprKind::Let { var: t, value: Box::new(e), body: Box::new(out) }, ty, span);
        }
        Ok(out)
    }

    /// `dict()`, `dict(d)` (a copy), `typed.Dict.empty(key_type, value_type)`.
    pub fn dict_call(&mut self, c: &ast::ExprCall, empty: bool) -> LResult<Expr> {
        let range = c.range;
        let span = self.span(range);
        if empty {
            let mut types = Vec::new();
            let named = |n: &str| c.keywords.iter().find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == n)).map(|k| &k.value);
            for (i, name) in ["key_type", "value_type"].iter().enumerate() {
                let Some(e) = c.args.get(i).or_else(|| named(name)) else {
                    return Err(self.err(range, "Dict.empty() takes the key and value types: `Dict.empty(key_type=types.int64, value_type=types.float64)`"));
                };
                let t = self
                    .type_object(e)
                    .and_then(|text| ferrojit_ir::parse_type_text(&text).ok())
                    .ok_or_else(|| self.err(e.range(), format!("`{}` is not a type compiled code knows", self.snippet(e.range()))))?;
                types.push(t);
            }
            if !hashable(&types[0]) {
                return Err(self.err(range, format!("unhashable type: '{}'", crate::complex::python_type_name(&types[0]))));
            }
            let v = types.pop().expect("two types");
            let k = types.pop().expect("two types");
            return Ok(self.empty_dict(k, v, span));
        }
        if !c.keywords.is_empty() {
            return Err(self.err(range, "dict() with keyword arguments is not supported in compiled code yet"));
        }
        match c.args.as_slice() {
            [] => Ok(self.empty_dict(Type::Unknown, Type::Unknown, span)),
            [x] => {
                let d = self.lower_expr(x)?;
                if !d.ty.is_dict() {
                    return Err(self.err(range, format!("dict() of a {} is not supported in compiled code yet (of a dict, it is)", crate::complex::python_type_name(&d.ty))));
                }
                self.library_call("builtins.dict.copy", vec![d], vec![], range)
            }
            _ => Err(self.err(range, format!("dict expected at most 1 argument, got {}", c.args.len()))),
        }
    }

    /// `value` (a dict) as a dict of type `ty`: a display is retyped list by list; an
    /// empty dict of unknown types is cast (it is empty).
    pub fn convert_dict(&mut self, value: Expr, ty: &Type, range: TextRange) -> LResult<Expr> {
        let Type::Tuple(want) = ty else { unreachable!("a dict type") };
        match value.kind {
            ExprKind::Tuple(items) => {
                let mut out = Vec::new();
                for (x, t) in items.into_iter().zip(want) {
                    out.push(if x.ty.is_list() { self.convert_list(x, t, range)? } else { x });
                }
                Ok(Expr::new(ExprKind::Tuple(out), ty.clone(), value.span))
            }
            ExprKind::Let { var, value: bound, body } => {
                let body = self.convert_dict(*body, ty, range)?;
                Ok(Expr::new(ExprKind::Let { var, value: bound, body: Box::new(body) }, ty.clone(), value.span))
            }
            kind => {
                let e = Expr::new(kind, value.ty, value.span);
                let (k, v) = e.ty.as_table().expect("a dict");
                let (wk, wv) = ty.as_table().expect("a dict");
                if (k == wk || *k == Type::Unknown) && (v == wv || *v == Type::Unknown) {
                    Ok(e.cast_to(ty))
                } else {
                    Err(self.err(range, format!("cannot use a {} as a {ty}: a compiled dict keeps the types it was made with", e.ty)))
                }
            }
        }
    }

    /// The dict `base` will hold keys of `k` (and values of `v`) too: its variable's
    /// type widens to take them (`d = {}` then `d[1] = 2.5`); returns `base` retyped.
    fn refine_dict(&mut self, base: Expr, k: &Type, v: Option<&Type>, range: TextRange) -> LResult<Expr> {
        let (old_k, old_v) = kv(&base.ty);
        if !hashable(k) {
            return Err(self.err(range, format!("unhashable type: '{}'", crate::complex::python_type_name(k))));
        }
        let kind = crate::complex::python_type_name(&base.ty);
        let what = |old: &Type, t: &Type, part: &str| format!("a compiled {kind} with {part} of {old} cannot hold a {} (its {part} have one type)", t.list_item());
        let part = if base.ty.is_set() { "items" } else { "keys" };
        let new_k = widened_item(&old_k, k).ok_or_else(|| self.err(range, what(&old_k, k, part)))?;
        let new_v = match v {
            Some(v) => widened_item(&old_v, v).ok_or_else(|| self.err(range, what(&old_v, v, "values")))?,
            None => old_v.clone(),
        };
        if new_k == old_k && new_v == old_v {
            return Ok(base);
        }
        let ExprKind::Var(var) = base.kind else {
            return Err(self.err(range, format!("a compiled {kind} of {} cannot take these items here: name it to let its types widen", base.ty)));
        };
        if self.var_fixed.get(var).copied().unwrap_or(false) || var < self.param_count {
            return Err(self.err(range, format!("`{}` is a {} passed in; it cannot hold these items in compiled code", self.var_name(var), base.ty)));
        }
        let ty = self.unify_var(var, &base.ty.table_like(new_k, new_v), range)?;
        Ok(Expr::new(ExprKind::Var(var), ty, base.span))
    }

    /// The set `s` will hold items of `k` too (`s |= t`): its variable's type widens.
    pub fn refine_set(&mut self, s: Expr, k: &Type, range: TextRange) -> LResult<Expr> {
        self.refine_dict(s, k, None, range)
    }

    /// A key or value passed to the library: a string known when compiling as a
    /// run-time string (the type a dict stores).
    fn dict_arg(e: Expr) -> Expr {
        if matches!(e.ty, Type::Optional(_)) {
            return Self::stored_value(e);
        }
        let t = e.ty.list_item();
        if t == e.ty {
            e
        } else {
            e.cast_to(&t)
        }
    }

    /// The dict with its types, for reading keys or values. A dict whose types nothing
    /// decides yet waits for inference to finish (a later store may decide them); once
    /// types are solved, one that nothing decides is empty: read as int64 to int64.
    fn known_dict(&mut self, d: Expr, range: TextRange) -> LResult<Expr> {
        self.known_dict_or(d, None, range)
    }

    /// [`known_dict`], values that nothing types taking `default`'s type (`d.get(k, x)`
    /// on a dict nothing stores into returns `x`: of its own type, not int64).
    fn known_dict_or(&mut self, d: Expr, default: Option<Type>, range: TextRange) -> LResult<Expr> {
        let (k, v) = kv(&d.ty);
        if k != Type::Unknown && v != Type::Unknown {
            return Ok(d);
        }
        if self.headers_only && !self.none_is_final {
            self.none_waited = true;
            let what = if d.ty.is_set() { "items of this set" } else { "keys and values of this dict" };
            return Err(self.pending(range, format!("the {what} have no type yet: it is empty here and nothing is stored into it")));
        }
        let or_int = |t: Type| if t == Type::Unknown { INT64 } else { t };
        let v = match (v, default) {
            (Type::Unknown, Some(t)) if t != Type::None && !matches!(t, Type::Optional(_)) => t.list_item(),
            (v, _) => v,
        };
        let ty = d.ty.table_like(or_int(k), or_int(v));
        Ok(d.cast_to(&ty))
    }

    /// `d[k]`.
    pub fn dict_subscript(&mut self, d: Expr, key: &ast::Expr, range: TextRange) -> LResult<Expr> {
        let d = self.known_dict(d, range)?;
        let k = self.lower_expr(key)?;
        self.library_call("builtins.dict.__getitem__", vec![d, Self::dict_arg(k)], vec![], range)
    }

    /// `d[k] = value` (`value` lowered first, as CPython evaluates it).
    pub fn dict_store(&mut self, d: Expr, key: &ast::Expr, value: Expr, range: TextRange) -> LResult<Expr> {
        let k = Self::dict_arg(self.lower_expr(key)?);
        let value = Self::dict_arg(value);
        let d = self.refine_dict(d, &k.ty, Some(&value.ty), range)?;
        let (kt, vt) = kv(&d.ty);
        let k = self.convert(k, &kt, range)?;
        let value = self.convert(value, &vt, range)?;
        self.library_call("builtins.dict.__setitem__", vec![d, k, value], vec![], range)
    }

    /// `del d[k]`.
    pub fn dict_delete(&mut self, d: Expr, key: &ast::Expr, range: TextRange) -> LResult<Expr> {
        let k = self.lower_expr(key)?;
        self.library_call("builtins.dict.__delitem__", vec![d, Self::dict_arg(k)], vec![], range)
    }

    /// `x in d` (`x` evaluated first).
    pub fn dict_contains(&mut self, x: Expr, d: Expr, range: TextRange) -> LResult<Expr> {
        let (bind, x) = self.first(Self::dict_arg(x));
        let call = self.library_call(&op_name(&d.ty, "__contains__"), vec![d, x], vec![], range)?;
        Ok(bind(call))
    }

    pub fn dict_len(&mut self, d: Expr, range: TextRange) -> LResult<Expr> {
        self.library_call(&op_name(&d.ty, "__len__"), vec![d], vec![], range)
    }

    /// The keys of `d` in insertion order, as a new list (what `for k in d` walks).
    pub fn dict_keys(&mut self, d: Expr, range: TextRange) -> LResult<Expr> {
        let d = self.known_dict(d, range)?;
        self.library_call(&op_name(&d.ty, "keys"), vec![d], vec![], range)
    }

    /// `d.name(args)`.
    pub fn dict_method(&mut self, d: Expr, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range;
        let (pos, kws) = self.lower_call_args(c)?;
        let mut pos: Vec<Expr> = pos.into_iter().map(Self::dict_arg).collect();
        let set = d.ty.is_set();
        let d = match (name, pos.len()) {
            // the methods that store refine the set's or dict's types first
            ("add", 1) if set => {
                let d = self.refine_dict(d, &pos[0].ty, None, range)?;
                pos[0] = self.convert(pos[0].clone(), &kv(&d.ty).0, range)?;
                d
            }
            ("update", 1) if set => match crate::lists::iterable_item(&pos[0].ty).or_else(|| pos[0].ty.as_table().map(|(k, _)| k.clone())) {
                Some(k) if k != Type::Unknown => {
                    if pos[0].ty.is_dict() {
                        pos[0] = self.dict_keys(pos[0].clone(), range)?;
                    }
                    self.refine_dict(d, &k, None, range)?
                }
                _ => d,
            },
            ("setdefault", 1 | 2) if !set => {
                let v = pos.get(1).map(|v| v.ty.clone()).unwrap_or(Type::None);
                let v = if pos.len() == 1 { None } else { Some(v) };
                let d = self.refine_dict(d, &pos[0].ty, v.as_ref(), range)?;
                let (kt, vt) = kv(&d.ty);
                pos[0] = self.convert(pos[0].clone(), &kt, range)?;
                if pos.len() == 2 {
                    pos[1] = self.convert(pos[1].clone(), &vt, range)?;
                }
                d
            }
            ("update", 1) if pos[0].ty.is_dict() => {
                let (k, v) = kv(&pos[0].ty);
                if k == Type::Unknown {
                    d
                } else {
                    self.refine_dict(d, &k, Some(&v), range)?
                }
            }
            ("get" | "pop", 2) => {
                let default = pos[1].ty.clone();
                self.known_dict_or(d, Some(default), range)?
            }
            ("get" | "pop" | "popitem" | "keys" | "values" | "items" | "copy", _) => self.known_dict(d, range)?,
            ("union" | "intersection" | "difference" | "symmetric_difference", _) if set => self.known_dict(d, range)?,
            _ => d,
        };
        let mut all = vec![d];
        all.extend(pos);
        self.library_call(&op_name(&all[0].ty, name), all, kws, range)
    }

    /// `d == e` (False for a value that is not a dict; sets: the same for sets).
    pub fn dict_equal(&mut self, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        if !(lhs.ty.is_dict() && rhs.ty.is_dict() || lhs.ty.is_set() && rhs.ty.is_set()) {
            let span = self.span(range);
            let f = Expr::constant(Const::Bool(false), span);
            let with_l = self.after(lhs, f);
            return Ok(self.after(rhs, with_l));
        }
        self.library_call(&op_name(&lhs.ty, "__eq__"), vec![lhs, rhs], vec![], range)
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` of sets (a new set), `<`, `<=`, `>`, `>=` (subset
    /// tests), and `s |= t`... (`in_place`: the set `lhs` updated).
    pub fn set_operator(&mut self, symbol: &str, name: &str, lhs: Expr, rhs: Expr, range: TextRange) -> LResult<Expr> {
        if !(lhs.ty.is_set() && rhs.ty.is_set()) {
            let (l, r) = (crate::complex::python_type_name(&lhs.ty), crate::complex::python_type_name(&rhs.ty));
            let message = if symbol.len() <= 2 && !symbol.starts_with('<') && !symbol.starts_with('>') {
                format!("unsupported operand type(s) for {symbol}: '{l}' and '{r}'")
            } else {
                format!("'{symbol}' not supported between instances of '{l}' and '{r}'")
            };
            return Err(self.err(range, message));
        }
        let lhs = self.known_dict(lhs, range)?;
        let rhs = self.known_dict(rhs, range)?;
        self.library_call(&format!("builtins.set.{name}"), vec![lhs, rhs], vec![], range)
    }
}

/// An item CPython's compiler folds into a constant (`1`, `-2.5`, `"a"`, `(1, "b")`).
pub(crate) fn constant(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Constant(_) => true,
        ast::Expr::UnaryOp(u) => matches!(u.operand.as_ref(), ast::Expr::Constant(_)),
        ast::Expr::Tuple(t) => t.elts.iter().all(constant),
        _ => false,
    }
}
