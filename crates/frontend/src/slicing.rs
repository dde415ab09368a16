//! Basic slicing (`a[1:-1, ::2]`, `a[:, i]`, `a[:, None]`, `a[..., 0]`) as views, and
//! assignment into views with broadcasting (`a[1:, 1:] = expr`, `u[:] = 1.0`, `r /= s`).

use crate::function::{FunctionLowerer, LResult};
use crate::GlobalValue;
use ferrojit_ir::{ArrayType, Expr, ExprKind, Layout, SliceItem, Stmt, StmtKind, Type, INT64};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

fn parts(slice: &ast::Expr) -> Vec<&ast::Expr> {
    match slice {
        ast::Expr::Tuple(t) => t.elts.iter().collect(),
        other => vec![other],
    }
}

fn is_none_or_ellipsis(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None | ast::Constant::Ellipsis))
}

fn is_newaxis(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::Attribute(a) if a.attr.as_str() == "newaxis")
}

/// Whether a subscript needs slicing (rather than plain integer indexing).
pub fn is_basic_slice(slice: &ast::Expr) -> bool {
    parts(slice).iter().any(|p| matches!(p, ast::Expr::Slice(_)) || is_none_or_ellipsis(p) || is_newaxis(p))
}

impl FunctionLowerer<'_, '_> {
    fn bound(&mut self, e: &Option<Box<ast::Expr>>) -> LResult<Option<Expr>> {
        match e {
            None => Ok(None),
            Some(x) => {
                let v = self.lower_expr(x)?;
                if v.ty == Type::None {
                    return Ok(None);
                }
                if !v.ty.is_int() {
                    return Err(self.err(x.range(), format!("slice indices must be integers or None, not {}", v.ty)));
                }
                Ok(Some(v.cast_to(&INT64)))
            }
        }
    }

    /// `a[items]` with slices: a view.
    pub fn slice_view(&mut self, a: Expr, slice: &ast::Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let Type::Array(at) = a.ty else { return Err(self.err(range, "slicing a non-array")) };
        let ps = parts(slice);
        let consumed = ps
            .iter()
            .filter(|p| !is_none_or_ellipsis(p) && !is_newaxis(p))
            .count();
        if consumed > at.ndim as usize {
            return Err(self.err(
                range,
                format!("too many indices for array: array is {}-dimensional, but {consumed} were indexed", at.ndim),
            ));
        }
        let full = || SliceItem::Range { start: None, stop: None, step: None };
        let mut items = Vec::new();
        let mut seen_ellipsis = false;
        for p in ps {
            match p {
                ast::Expr::Slice(s) => {
                    let start = self.bound(&s.lower)?;
                    let stop = self.bound(&s.upper)?;
                    let step = self.bound(&s.step)?;
                    items.push(SliceItem::Range { start, stop, step });
                }
                ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis) => {
                    if seen_ellipsis {
                        return Err(self.err(p.range(), "an index can only have a single ellipsis ('...')"));
                    }
                    seen_ellipsis = true;
                    for _ in 0..(at.ndim as usize - consumed) {
                        items.push(full());
                    }
                }
                ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None) => items.push(SliceItem::NewAxis),
                ast::Expr::Attribute(attr) if is_newaxis(p) => {
                    let g = self.resolve_attribute(attr)?;
                    if !matches!(g, Some(GlobalValue::Const(crate::ConstValue::None))) {
                        return Err(self.err(p.range(), "expected np.newaxis"));
                    }
                    items.push(SliceItem::NewAxis);
                }
                other => {
                    let e = self.lower_expr(other)?;
                    if !e.ty.is_int() {
                        return Err(self.err(other.range(), format!("array indices must be integers or slices, not {}", e.ty)));
                    }
                    items.push(SliceItem::Index(self.index_int64(e)));
                }
            }
        }
        if !seen_ellipsis {
            for _ in consumed..at.ndim as usize {
                items.push(full());
            }
        }
        let ndim = items.iter().filter(|i| !matches!(i, SliceItem::Index(_))).count() as u8;
        let view = ArrayType { dtype: at.dtype, ndim, layout: Layout::A, readonly: at.readonly };
        Ok(Expr::new(ExprKind::Slice { array: Box::new(a), items }, Type::Array(view), span))
    }

    /// `target = value` where `target` is an array view: broadcast and store.
    pub fn store_into_view(&mut self, target: Expr, value: Expr, range: TextRange) -> LResult<Vec<Stmt>> {
        let span = self.span(range);
        let Type::Array(tt) = target.ty else { return Err(self.err(range, "slice assignment into a non-array")) };
        if tt.readonly {
            return Err(self.err(range, "cannot assign into a read-only array (a global array, or an argument that is not writeable)"));
        }
        match &value.ty {
            // More dimensions than the view: the extra leading axes must have length 1
            // (checked when it runs, as NumPy does).
            Type::Array(_) => {}
            t if t.is_numeric() => {}
            t if t.is_complex() && matches!(tt.dtype, ferrojit_ir::DType::Complex(_)) => {}
            t => return Err(self.err(range, format!("cannot assign a {t} into an array of {}", tt.dtype.name()))),
        }
        // A number computed before the view is made, as CPython evaluates the right-hand
        // side first (`a[3] = 1 // k` raises ZeroDivisionError before the IndexError);
        // an array value stays fused into the store.
        let mut stmts = Vec::new();
        let value = if (value.ty.is_numeric() || value.ty.is_complex()) && !matches!(value.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
            let numpy = self.is_numpy_scalar(&value);
            let t = self.check_temp(&value.ty);
            let (vspan, vty) = (value.span, value.ty.clone());
            stmts.push(Stmt { kind: StmtKind::Assign { var: t, value }, span });
            let read = Expr::new(ExprKind::Var(t), vty.clone(), vspan);
            if numpy { Expr::new(ExprKind::NumpySemantics(Box::new(read)), vty, vspan) } else { read }
        } else {
            value
        };
        let value = self.python_number_for_store(value, tt.dtype, span);
        stmts.push(Stmt { kind: StmtKind::StoreView { target, value }, span });
        Ok(stmts)
    }

    /// `p[i]` on a raw pointer.
    pub fn pointer_index(&mut self, p: Expr, slice: &ast::Expr, range: TextRange) -> LResult<Expr> {
        let Type::Pointer(Some(d)) = p.ty else {
            return Err(self.err(range, "a voidptr cannot be indexed; wrap it with carray(ptr, shape, dtype)"));
        };
        let i = self.lower_expr(slice)?;
        if !i.ty.is_int() {
            return Err(self.err(slice.range(), format!("pointer index must be an integer, not {}", i.ty)));
        }
        let span = self.span(range);
        Ok(Expr::new(ExprKind::PtrIndex { ptr: Box::new(p), index: Box::new(i.cast_to(&INT64)) }, d.to_type(), span))
    }

    /// `a[...] = value` for any subscript on an array.
    pub fn subscript_store(&mut self, sub: &ast::ExprSubscript, value: Expr, range: TextRange) -> LResult<Vec<Stmt>> {
        let base = self.lower_object(&sub.value, ferrojit_ir::ExcKind::TypeError, "'NoneType' object does not support item assignment".into())?;
        if base.ty.is_list() {
            return self.list_store(base, &sub.slice, value, range);
        }
        if base.ty.is_set() {
            return Err(self.err(range, "'set' object does not support item assignment"));
        }
        if base.ty.is_dict() {
            let call = self.dict_store(base, &sub.slice, value, range)?;
            return Ok(vec![Stmt { kind: ferrojit_ir::StmtKind::Expr(call), span: self.span(range) }]);
        }
        if is_basic_slice(&sub.slice) {
            if let Type::Array(at) = base.ty {
                if at.readonly {
                    let text = self.snippet(sub.value.range());
                    return Err(self.err(sub.range(), format!("cannot assign to `{text}`: it is a read-only array")));
                }
            }
            let view = self.slice_view(base, &sub.slice, sub.range())?;
            return self.store_into_view(view, value, range);
        }
        let n_idx = parts(&sub.slice).len();
        if matches!(base.ty, Type::Pointer(_)) {
            let span = self.span(range);
            let ExprKind::PtrIndex { ptr, index } = self.pointer_index(base, &sub.slice, sub.range())?.kind else {
                return Err(self.err(range, "pointer store"));
            };
            if !value.ty.is_numeric() {
                return Err(self.err(range, format!("cannot store a {} through a pointer", value.ty)));
            }
            return Ok(vec![Stmt { kind: StmtKind::PtrStore { ptr: *ptr, index: *index, value }, span }]);
        }
        if matches!(base.ty, Type::Array(_)) && !matches!(sub.slice.as_ref(), ast::Expr::Tuple(_) | ast::Expr::Constant(_) | ast::Expr::Slice(_)) {
            // `a[idx] = v`, `a[mask] = v`: one integer or bool array as the index (the
            // index is lowered again below when it is not one: lowering has no effect)
            let index = self.lower_expr(&sub.slice)?;
            if crate::array::is_index_array(&index.ty) {
                if let Type::Array(at) = &base.ty {
                    if at.readonly {
                        let text = self.snippet(sub.value.range());
                        return Err(self.err(sub.range(), format!("cannot assign to `{text}`: it is a read-only array")));
                    }
                }
                let span = self.span(range);
                let call = self.advanced_index_call(vec![base, index, value], true, range)?;
                return Ok(vec![Stmt { kind: StmtKind::Expr(call), span }]);
            }
            // `m[t] = v` with `t` a tuple of as many integers as `m` has axes: an element
            if let (Type::Tuple(items), Type::Array(at)) = (&index.ty, &base.ty) {
                if items.len() == at.ndim as usize && items.iter().all(|t| t.is_int()) {
                    if Self::has_array(&value) {
                        return Err(self.err(range, "setting an array element with a sequence"));
                    }
                    return self.array_store(sub, value, range);
                }
            }
        }
        if let Type::Array(at) = &base.ty {
            if n_idx < at.ndim as usize {
                let view = self.array_subscript(base, &sub.slice, sub.range())?;
                return self.store_into_view(view, value, range);
            }
            if Self::has_array(&value) {
                return Err(self.err(range, "setting an array element with a sequence"));
            }
        }
        self.array_store(sub, value, range)
    }
}
