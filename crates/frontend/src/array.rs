//! Lowering array operations: indexing and views, stores, attributes and iteration, plus
//! the helpers shared with [`crate::numpy_calls`] (`np.<name>(...)`) and
//! [`crate::array_methods`] (`a.method(...)`): dtype and shape arguments, reshape,
//! reductions and scans, matmul.

use crate::function::{FunctionLowerer, LResult};
use crate::{ConstArray, GlobalValue};
use ferrojit_ir::{
    ArrayAttr, ArrayType, Const, ReduceOp, SliceItem, DType, Expr, ExprKind, FloatKind, IntKind, Layout, Stmt, StmtKind, Type, VarId, FLOAT64, INT64,
};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

/// An expression bound to a temporary for the duration of another (`Let`).
pub type Binding = (VarId, Expr);

/// Wrap `body` in the bindings, outermost first.
pub fn with_bindings(mut body: Expr, mut bindings: Vec<Binding>) -> Expr {
    while let Some((var, value)) = bindings.pop() {
        let (ty, span) = (body.ty.clone(), body.span);
        body = Expr::new(ExprKind::Let { var, value: Box::new(value), body: Box::new(body) }, ty, span);
    }
    body
}

/// Whether `module.name` is lowered by `numpy_call`: the functions of the `numpy`
/// namespace itself (unknown ones get its error). Functions of sub-namespaces
/// (`numpy.linalg.norm`) come from the library written in Python (`ferrojit._lib`).
/// Whether a value of type `t` is an index array (`a[idx]`, `a[mask]`): integers or bools.
pub(crate) fn is_index_array(t: &Type) -> bool {
    matches!(t, Type::Array(at) if matches!(at.dtype, DType::Int(_) | DType::Bool))
}

pub fn numpy_function(module: &str, _name: &str) -> bool {
    module == "numpy"
}

impl FunctionLowerer<'_, '_> {
    /// A value that may be read several times: variables and constants as they are,
    /// anything else through a temporary added to `bindings`.
    pub fn reusable(&mut self, e: Expr, bindings: &mut Vec<Binding>) -> Expr {
        if matches!(e.kind, ExprKind::Var(_) | ExprKind::Const(_) | ExprKind::ConstArray { .. }) {
            return e;
        }
        let t = self.temp(&e.ty);
        let (ty, span) = (e.ty.clone(), e.span);
        bindings.push((t, e));
        Expr::new(ExprKind::Var(t), ty, span)
    }

    pub fn const_array(&self, c: &ConstArray, range: TextRange) -> Expr {
        let ty = ArrayType { dtype: c.dtype, ndim: c.shape.len() as u8, layout: c.layout, readonly: true };
        Expr::new(
            ExprKind::ConstArray { data: c.data, shape: c.shape.clone(), strides: c.strides.clone() },
            Type::Array(ty),
            self.span(range),
        )
    }

    pub(crate) fn shape_item(&self, a: &Expr, axis: usize, span: ferrojit_ir::Span) -> Expr {
        let Type::Array(at) = &a.ty else { return Expr::constant(Const::Int(0), span) };
        let shape_ty = Type::Tuple(vec![INT64; at.ndim as usize]);
        let shape = Expr::new(ExprKind::ArrayAttr { array: Box::new(a.clone()), attr: ArrayAttr::Shape }, shape_ty, span);
        Expr::new(ExprKind::TupleGet { tuple: Box::new(shape), index: axis }, INT64, span)
    }

    /// `len(a)`: the length of the first axis.
    pub fn array_len(&mut self, a: Expr, range: TextRange) -> LResult<Expr> {
        let Type::Array(at) = a.ty else { return Err(self.err(range, "len() of a non-array")) };
        if at.ndim == 0 {
            return Err(self.err(range, "len() of unsized object (a 0-d array)"));
        }
        let span = self.span(range);
        let mut b = Vec::new();
        let a = self.reusable(a, &mut b);
        Ok(with_bindings(self.shape_item(&a, 0, span), b))
    }

    pub fn array_attr(&mut self, a: Expr, attr: &str, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let Type::Array(at) = a.ty else { return Err(self.err(range, "attribute of a non-array")) };
        let n = at.ndim as usize;
        Ok(match attr {
            "shape" => Expr::new(ExprKind::ArrayAttr { array: Box::new(a), attr: ArrayAttr::Shape }, Type::Tuple(vec![INT64; n]), span),
            "strides" => Expr::new(ExprKind::ArrayAttr { array: Box::new(a), attr: ArrayAttr::Strides }, Type::Tuple(vec![INT64; n]), span),
            "size" => Expr::new(ExprKind::ArrayAttr { array: Box::new(a), attr: ArrayAttr::Size }, INT64, span),
            // (known from the type, but the array is still read: a deleted name raises)
            "ndim" => return Ok(self.after(a, Expr::constant(Const::Int(n as i64), span))),
            "itemsize" => return Ok(self.after(a, Expr::constant(Const::Int(at.dtype.itemsize() as i64), span))),
            "nbytes" => {
                let size = Expr::new(ExprKind::ArrayAttr { array: Box::new(a), attr: ArrayAttr::Size }, INT64, span);
                let item = Expr::constant(Const::Int(at.dtype.itemsize() as i64), span);
                Expr::new(ExprKind::Binary { op: ferrojit_ir::BinOp::Mul, lhs: Box::new(size), rhs: Box::new(item) }, INT64, span)
            }
            "T" => {
                let layout = match at.layout {
                    Layout::C if n > 1 => Layout::F,
                    Layout::F => Layout::C,
                    l => l,
                };
                let ty = Type::Array(ArrayType { layout, ..at }.normalized());
                Expr::new(ExprKind::Transpose(Box::new(a)), ty, span)
            }
            "real" | "imag" | "conj" => return self.complex_array_attr(a, attr, range),
            "flat" => {
                // `a.flat`: the elements in C order, as a 1-D array: a view of a
                // C-contiguous array (`a.flat[i] = v` writes through), else a copy marked
                // read-only (a store through it is a compile error, not a lost write).
                let c = at.layout == Layout::C;
                let a = if c { a } else { self.copy_array(a, range)? };
                let mut flat = self.reshape(a, vec![Expr::constant(Const::Int(-1), span)], range)?;
                if let (false, Type::Array(ft)) = (c, &flat.ty) {
                    flat.ty = Type::Array(ArrayType { readonly: true, ..*ft });
                }
                return Ok(flat);
            }
            "dtype" => {
                return Err(self.err(range, "`.dtype` can be used as the dtype argument of array functions (np.zeros(n, a.dtype)), not as a value"));
            }
            other => return Err(self.err(range, format!("array attribute `.{other}` is not supported in compiled code yet"))),
        })
    }

    /// The integer indices of a subscript (`a[i]`, `a[i, j]`), or (`Err`) its first index
    /// when that is an integer or bool array, with the integer indices after it (`a[idx]`,
    /// `a[mask]`, `a[mask, j]`: advanced indexing).
    fn index_list(&mut self, slice: &ast::Expr) -> LResult<Result<Vec<Expr>, (Expr, Vec<Expr>)>> {
        let parts: Vec<&ast::Expr> = match slice {
            ast::Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let single = parts.len() == 1;
        let mut out = Vec::new();
        let mut advanced = None;
        for (k, p) in parts.into_iter().enumerate() {
            if k == 0 && !single && !matches!(p, ast::Expr::Slice(_)) {
                // `a[idx, j]`: an array first, then integers
                let e = self.lower_expr(p)?;
                if is_index_array(&e.ty) {
                    advanced = Some(e);
                    continue;
                }
                if !e.ty.is_int() {
                    return Err(self.err(p.range(), format!("array indices must be integers, not a {}", e.ty)));
                }
                out.push(self.index_int64(e));
                continue;
            }
            if matches!(p, ast::Expr::Slice(_)) {
                return Err(self.err(p.range(), "slicing arrays is not supported in compiled code yet (coming with array expressions)"));
            }
            let e = self.lower_expr(p)?;
            if single && is_index_array(&e.ty) {
                return Ok(Err((e, vec![])));
            }
            if single && matches!(&e.ty, Type::Tuple(items) if items.iter().all(|t| t.is_int())) {
                // `a[t]` with `t` a tuple of integers: its items are the indices
                let items = self.spread_tuple(e, p.range())?;
                return Ok(Ok(items.into_iter().map(|g| self.index_int64(g)).collect()));
            }
            if matches!(e.ty, Type::Array(_)) && single {
                return Err(self.err(p.range(), format!("arrays used as indices must be of integer (or boolean) type, not {} (NumPy's IndexError)", e.ty)));
            }
            if matches!(e.ty, Type::Array(_)) {
                return Err(self.err(p.range(), format!("an array index ({}) together with other indices is not supported in compiled code yet (one integer or bool array alone is: `a[idx]`, `a[mask]`)", e.ty)));
            }
            if !e.ty.is_int() {
                let what = if e.ty == Type::Bool { "a bool (boolean masks are not supported yet)".to_string() } else { format!("a {}", e.ty) };
                return Err(self.err(p.range(), format!("array indices must be integers, not {what}")));
            }
            out.push(self.index_int64(e));
        }
        Ok(match advanced {
            Some(index) => Err((index, out)),
            None => Ok(out),
        })
    }

    /// `a[idx]` / `a[mask]` (`set`: `a[idx] = value`) by the library written in Python
    /// (`ferrojit/_lib/indexing.py`).
    pub(crate) fn advanced_index_call(&mut self, args: Vec<Expr>, set: bool, range: TextRange) -> LResult<Expr> {
        let name = if set { "numpy.ndarray.__setitem__" } else { "numpy.ndarray.__getitem__" };
        let GlobalValue::Overloaded { key, .. } = self.b.resolver.library(name) else {
            return Err(self.err(range, "advanced indexing needs ferrojit's library (ferrojit/_lib/indexing.py)"));
        };
        let shown = if set { "item assignment with an array index" } else { "indexing with an array" };
        self.overloaded_with(key, args, vec![], range, shown)
    }

    /// An integer index as int64; a uint64 beyond int64 raises NumPy's OverflowError
    /// (it would otherwise wrap to a negative index).
    pub fn index_int64(&mut self, e: Expr) -> Expr {
        if e.ty != Type::Int(IntKind::U64) {
            return e.cast_to(&INT64);
        }
        let span = e.span;
        self.uint64_as_int64(e, span)
    }

    /// `a[...]` on an array value: an element or a view.
    pub fn array_subscript(&mut self, a: Expr, slice: &ast::Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let Type::Array(at) = a.ty else { return Err(self.err(range, "subscript of a non-array")) };
        let indices = match self.index_list(slice)? {
            Ok(indices) => indices,
            Err((index, rest)) => {
                let mut args = vec![a, index];
                args.extend(rest);
                return self.advanced_index_call(args, false, range);
            }
        };
        let n = at.ndim as usize;
        if indices.len() > n {
            return Err(self.err(
                range,
                format!("too many indices for array: array is {n}-dimensional, but {} were indexed", indices.len()),
            ));
        }
        if indices.is_empty() && n > 0 {
            // `a[()]` is the whole array (a view of it, in NumPy).
            return Ok(a);
        }
        if indices.len() == n {
            return Ok(Expr::new(ExprKind::Index { array: Box::new(a), indices }, at.dtype.to_type(), span));
        }
        let layout = if at.layout == Layout::C { Layout::C } else { Layout::A };
        let view = ArrayType { dtype: at.dtype, ndim: (n - indices.len()) as u8, layout, readonly: at.readonly };
        Ok(Expr::new(ExprKind::View { array: Box::new(a), indices }, Type::Array(view.normalized()), span))
    }

    /// `a[...] = value`.
    pub fn array_store(&mut self, target: &ast::ExprSubscript, value: Expr, range: TextRange) -> LResult<Vec<Stmt>> {
        let span = self.span(range);
        let array = self.lower_expr(&target.value)?;
        let Type::Array(at) = array.ty else {
            let text = self.snippet(target.value.range());
            return Err(self.err(range, format!("`{text}` is a {}; item assignment needs an array", array.ty)));
        };
        if at.readonly {
            let text = self.snippet(target.value.range());
            return Err(self.err(
                target.range(),
                format!("cannot assign to `{text}`: it is a read-only array (a global array, or an argument that is not writeable)"),
            ));
        }
        let indices = match self.index_list(&target.slice)? {
            Ok(indices) => indices,
            Err((index, rest)) => {
                if !rest.is_empty() {
                    return Err(self.err(target.range(), "assignment through an array index with other indices (`a[mask, j] = v`) is not supported in compiled code yet"));
                }
                let call = self.advanced_index_call(vec![array, index, value], true, range)?;
                return Ok(vec![Stmt { kind: StmtKind::Expr(call), span }]);
            }
        };
        if indices.len() != at.ndim as usize {
            return Err(self.err(
                target.range(),
                format!(
                    "assignment needs {} indices for a {}-d array (slice assignment is not supported yet)",
                    at.ndim, at.ndim
                ),
            ));
        }
        if !value.ty.is_number() || (value.ty.is_complex() && !matches!(at.dtype, DType::Complex(_))) {
            return Err(self.err(range, format!("cannot store a {} into an array of {}", value.ty, at.dtype.name())));
        }
        let converted = self.python_number_for_store(value.clone(), at.dtype, span);
        if converted == value || matches!(value.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
            return Ok(vec![Stmt { kind: StmtKind::Store { array, indices, value: converted }, span }]);
        }
        // A conversion that may raise (300 into uint8, NaN into an int array): NumPy checks
        // the index first, so the value is computed here (CPython's order: the right-hand
        // side first) and converted after the store's index check (codegen's `store_stmt`).
        let numpy = self.is_numpy_scalar(&value);
        let t = self.check_temp(&value.ty);
        let vspan = value.span;
        let read = Expr::new(ExprKind::Var(t), value.ty.clone(), vspan);
        let read = if numpy { Expr::new(ExprKind::NumpySemantics(Box::new(read)), value.ty.clone(), vspan) } else { read };
        let converted = self.python_number_for_store(read, at.dtype, span);
        Ok(vec![
            Stmt { kind: StmtKind::Assign { var: t, value }, span },
            Stmt { kind: StmtKind::Store { array, indices, value: converted }, span },
        ])
    }

    /// The element type named by a dtype argument: `np.float64`, `float`, `"f8"`,
    /// `a.dtype`.
    pub fn dtype_of(&mut self, e: &ast::Expr) -> LResult<DType> {
        let bad = |s: &Self| s.err(e.range(), format!("`{}` is not a dtype compiled code knows", s.snippet(e.range())));
        match e {
            ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => {
                ferrojit_ir::type_from_name(s).as_ref().and_then(DType::from_type).ok_or_else(|| bad(self))
            }
            ast::Expr::Attribute(a) if a.attr.as_str() == "dtype" => {
                let base = self.lower_expr(&a.value)?;
                match base.ty {
                    Type::Array(at) => Ok(at.dtype),
                    _ => Err(bad(self)),
                }
            }
            _ => {
                let g = match e {
                    ast::Expr::Name(n) if !self.locals.contains(n.id.as_str()) => self.global(n.id.as_str()),
                    ast::Expr::Attribute(a) => self.resolve_attribute(a)?.unwrap_or(GlobalValue::NotFound),
                    _ => GlobalValue::NotFound,
                };
                let name = match g {
                    GlobalValue::NumpyDType(n) => n,
                    GlobalValue::Builtin(b) if matches!(b.as_str(), "float" | "int" | "bool" | "complex") => b,
                    _ => return Err(bad(self)),
                };
                ferrojit_ir::type_from_name(&name).as_ref().and_then(DType::from_type).ok_or_else(|| bad(self))
            }
        }
    }

    /// A shape argument: an int or a tuple of ints, as int64 expressions.
    pub(crate) fn shape_of(&mut self, e: &ast::Expr, bindings: &mut Vec<Binding>) -> LResult<Vec<Expr>> {
        let v = self.lower_expr(e)?;
        self.shape_of_expr(v, bindings, e.range())
    }

    /// [`Self::shape_of`] for an already lowered value.
    pub fn shape_of_expr(&mut self, v: Expr, bindings: &mut Vec<Binding>, range: TextRange) -> LResult<Vec<Expr>> {
        let e_range = range;
        match &v.ty {
            t if t.is_int() => Ok(vec![v.cast_to(&INT64)]),
            Type::Tuple(items) => {
                if items.iter().any(|t| !t.is_int()) {
                    return Err(self.err(e_range, format!("a shape must be a tuple of integers, not {}", v.ty)));
                }
                let items = items.clone();
                let span = v.span;
                let parts: Vec<Expr> = match v.kind {
                    ExprKind::Tuple(parts) => parts,
                    _ => {
                        let t = self.reusable(v, bindings);
                        (0..items.len())
                            .map(|i| Expr::new(ExprKind::TupleGet { tuple: Box::new(t.clone()), index: i }, items[i].clone(), span))
                            .collect()
                    }
                };
                Ok(parts.into_iter().map(|p| p.cast_to(&INT64)).collect())
            }
            t => Err(self.err(e_range, format!("a shape must be an int or a tuple of ints, not {t}"))),
        }
    }

    /// Bind a call's arguments to the named parameters of a NumPy function.
    pub fn np_params<'a>(&self, c: &'a ast::ExprCall, name: &str, params: &[&str]) -> LResult<Vec<Option<&'a ast::Expr>>> {
        let mut out = vec![None; params.len()];
        if c.args.len() > params.len() {
            return Err(self.err(c.range(), format!("np.{name}() takes at most {} arguments here", params.len())));
        }
        for (i, a) in c.args.iter().enumerate() {
            out[i] = Some(a);
        }
        for k in &c.keywords {
            let kw = k.arg.as_ref().map(|a| a.as_str()).unwrap_or("**");
            let Some(i) = params.iter().position(|p| *p == kw) else {
                return Err(self.err(k.range(), format!("np.{name}() keyword `{kw}` is not supported in compiled code")));
            };
            out[i] = Some(&k.value);
        }
        Ok(out)
    }

    /// `a @ b` / `np.dot(a, b)` for 1-D and 2-D arrays, as a sum of an element-wise
    /// product (no temporary for the product).
    pub fn matmul(&mut self, a: Expr, b: Expr, range: TextRange) -> LResult<Expr> {
        let (Type::Array(at), Type::Array(bt)) = (&a.ty, &b.ty) else {
            return Err(self.err(range, format!("matmul needs arrays, not {} and {}", a.ty, b.ty)));
        };
        let span = self.span(range);
        let (an, bn) = (at.ndim, bt.ndim);
        let newaxis = |e: Expr, items: Vec<SliceItem>, ndim: u8| {
            let Type::Array(t) = e.ty else { return e };
            let ty = Type::Array(ArrayType { dtype: t.dtype, ndim, layout: Layout::A, readonly: t.readonly });
            Expr::new(ExprKind::Slice { array: Box::new(e), items }, ty, span)
        };
        let full = || SliceItem::Range { start: None, stop: None, step: None };
        let (prod, axis) = match (an, bn) {
            (1, 1) => (self.array_binop(ferrojit_ir::BinOp::Mul, a, b, range)?, None),
            (2, 1) => (self.array_binop(ferrojit_ir::BinOp::Mul, a, b, range)?, Some(1)),
            (1, 2) => {
                let col = newaxis(a, vec![full(), SliceItem::NewAxis], 2);
                (self.array_binop(ferrojit_ir::BinOp::Mul, col, b, range)?, Some(0))
            }
            (2, 2) => {
                let a3 = newaxis(a, vec![full(), full(), SliceItem::NewAxis], 3);
                let b3 = newaxis(b, vec![SliceItem::NewAxis, full(), full()], 3);
                (self.array_binop(ferrojit_ir::BinOp::Mul, a3, b3, range)?, Some(1))
            }
            _ => return Err(self.err(range, format!("matmul of {an}-d and {bn}-d arrays is not supported yet"))),
        };
        let Type::Array(pt) = prod.ty else { return Err(self.err(range, "matmul product")) };
        let ty = match axis {
            None => pt.dtype.to_type(),
            Some(_) => Type::Array(ArrayType::new(pt.dtype, pt.ndim - 1, Layout::C)),
        };
        // (bools: NumPy's matmul is the `or` of the `and`s)
        let op = if pt.dtype == DType::Bool { ReduceOp::Any } else { ReduceOp::Sum };
        Ok(Expr::new(ExprKind::Reduce { op, array: Box::new(prod), axis }, ty, span))
    }

    /// `a.reshape(...)`: a view of C-contiguous data (other layouts are copied first, as
    /// NumPy does).
    /// `a.reshape(shape)`: a 1-D array reshaped to `-1` is a view of itself whatever its
    /// strides (NumPy copies only what cannot be a view; `ravel` copies a strided one).
    pub(crate) fn reshape_or_view(&mut self, a: Expr, shape: Vec<Expr>, range: TextRange) -> LResult<Expr> {
        if matches!(&a.ty, Type::Array(at) if at.ndim == 1)
            && matches!(shape.as_slice(), [Expr { kind: ExprKind::Const(Const::Int(-1)), .. }])
            && !matches!(a.kind, ExprKind::Map { .. })
        {
            return Ok(a);
        }
        self.reshape(a, shape, range)
    }

    pub fn reshape(&mut self, a: Expr, shape: Vec<Expr>, range: TextRange) -> LResult<Expr> {
        let Type::Array(at) = a.ty else { return Err(self.err(range, format!("reshape() of a {}", a.ty))) };
        // An array expression is made first (C order). Any other array that is not
        // C-contiguous is reshaped as NumPy does: a view where its strides allow one,
        // else a copy (decided when it runs: the result's layout is `A`).
        let a = if matches!(a.kind, ExprKind::Map { .. }) { self.copy_array(a, range)? } else { a };
        let layout = match a.ty {
            Type::Array(t) if t.layout == Layout::C => Layout::C,
            _ => Layout::A,
        };
        let ty = Type::Array(ArrayType { dtype: at.dtype, ndim: shape.len() as u8, layout, readonly: at.readonly }.normalized());
        Ok(Expr::new(ExprKind::Reshape { array: Box::new(a), shape }, ty, self.span(range)))
    }

    /// An `axis=` argument: a constant, negative values counting from the end.
    fn const_axis(&mut self, axis: Option<&ast::Expr>, ndim: u8) -> LResult<Option<usize>> {
        let Some(ax) = axis else { return Ok(None) };
        let e = self.lower_expr(ax)?;
        let ExprKind::Const(Const::Int(k)) = e.kind else {
            return Err(self.err(ax.range(), "`axis` must be a constant integer in compiled code"));
        };
        let n = ndim as i64;
        let k2 = if k < 0 { k + n } else { k };
        if k2 < 0 || k2 >= n {
            return Err(self.err(ax.range(), format!("axis {k} is out of bounds for array of dimension {n}")));
        }
        Ok(Some(k2 as usize))
    }

    /// `np.cumsum(a[, axis])` / `np.cumprod`.
    pub fn scan(&mut self, name: &str, a: Expr, axis: Option<&ast::Expr>, range: TextRange) -> LResult<Expr> {
        let Type::Array(at) = a.ty else { return Err(self.err(range, format!("{name}() of a {}", a.ty))) };
        let op = if name == "cumsum" { ReduceOp::Sum } else { ReduceOp::Prod };
        let axis = self.const_axis(axis, at.ndim)?;
        let dtype = match at.dtype {
            DType::Bool => DType::Int(IntKind::I64),
            DType::Int(k) if k.bits() < 64 => DType::Int(if k.signed() { IntKind::I64 } else { IntKind::U64 }),
            d => d,
        };
        let ndim = if axis.is_some() { at.ndim } else { 1 };
        let ty = Type::Array(ArrayType::new(dtype, ndim, Layout::C));
        Ok(Expr::new(ExprKind::Scan { op, array: Box::new(a), axis }, ty, self.span(range)))
    }

    /// A reduction of an array (or array expression), whole or along `axis`.
    pub fn reduction(&mut self, name: &str, a: Expr, axis: Option<&ast::Expr>, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let op = ReduceOp::from_name(name).ok_or_else(|| self.err(range, format!("unknown reduction {name}")))?;
        let Type::Array(at) = a.ty else {
            return Err(self.err(range, format!("{name}() of a {} is not supported", a.ty)));
        };
        // Along the only axis of a 1-d array is the whole-array reduction.
        let axis = self.const_axis(axis, at.ndim)?.filter(|_| at.ndim > 1);
        if matches!(at.dtype, DType::Complex(_)) && !matches!(op, ReduceOp::Sum | ReduceOp::Prod | ReduceOp::Mean | ReduceOp::Any | ReduceOp::All) {
            // NumPy's algorithms for complex numbers (lexicographic order, real variance),
            // written in Python in the library.
            let full = format!("numpy.{}", name.strip_prefix('a').filter(|n| matches!(*n, "min" | "max")).unwrap_or(name));
            if !matches!(self.b.resolver.library(&full), crate::resolve::GlobalValue::Overloaded { .. }) {
                return Err(self.err(range, format!("{name}() of a complex array is not supported in compiled code")));
            }
            let mut pos = vec![a];
            if let Some(ax) = axis {
                pos.push(Expr::constant(Const::Int(ax as i64), span));
            }
            return self.library_call(&full, pos, vec![], range);
        }
        // Result element type, as NumPy's.
        let el = match (op, at.dtype) {
            (ReduceOp::Mean, DType::Complex(k)) => Type::Complex(k),
            (ReduceOp::Sum | ReduceOp::Prod, DType::Bool) => INT64,
            (ReduceOp::Sum | ReduceOp::Prod, DType::Int(k)) if k.bits() < 64 => {
                if k.signed() { INT64 } else { Type::Int(IntKind::U64) }
            }
            (ReduceOp::Mean | ReduceOp::Var | ReduceOp::Std, DType::Float(k)) => Type::Float(k),
            (ReduceOp::Mean | ReduceOp::Var | ReduceOp::Std, _) => FLOAT64,
            (ReduceOp::ArgMin | ReduceOp::ArgMax, _) => INT64,
            (ReduceOp::Any | ReduceOp::All, _) => Type::Bool,
            (_, d) => d.to_type(),
        };
        let ty = match axis {
            None => el,
            Some(_) => {
                let dtype = DType::from_type(&el).unwrap_or(DType::Float(FloatKind::F64));
                Type::Array(ArrayType::new(dtype, at.ndim - 1, Layout::C))
            }
        };
        Ok(Expr::new(ExprKind::Reduce { op, array: Box::new(a), axis }, ty, span))
    }

    pub(crate) fn copy_array(&self, a: Expr, range: TextRange) -> LResult<Expr> {
        let Type::Array(at) = a.ty else {
            return Err(self.err(range, format!("copy() needs an array, not {}", a.ty)));
        };
        let ty = Type::Array(ArrayType::new(at.dtype, at.ndim, Layout::C));
        Ok(Expr::new(ExprKind::CopyArray(Box::new(a)), ty, self.span(range)))
    }

    /// `for target in array`: a counted loop over the first axis.
    pub fn array_iteration(&mut self, a: Expr, range: TextRange) -> LResult<(Expr, Expr, Vec<Binding>, Box<dyn Fn(Expr) -> Expr>)> {
        let span = self.span(range);
        let Type::Array(at) = a.ty else { return Err(self.err(range, "iteration over a non-array")) };
        if at.ndim == 0 {
            return Err(self.err(range, "iteration over a 0-d array"));
        }
        // The array is held in a temporary for the whole loop.
        let t = self.temp(&a.ty);
        let arr = Expr::new(ExprKind::Var(t), a.ty.clone(), span);
        let stop = self.shape_item(&arr, 0, span);
        let item_ty = if at.ndim == 1 {
            at.dtype.to_type()
        } else {
            let layout = if at.layout == Layout::C { Layout::C } else { Layout::A };
            Type::Array(ArrayType { dtype: at.dtype, ndim: at.ndim - 1, layout, readonly: at.readonly }.normalized())
        };
        let view = at.ndim > 1;
        let arr2 = arr.clone();
        let item = move |i: Expr| {
            let kind = if view {
                ExprKind::View { array: Box::new(arr2.clone()), indices: vec![i] }
            } else {
                ExprKind::Index { array: Box::new(arr2.clone()), indices: vec![i] }
            };
            Expr::new(kind, item_ty.clone(), span)
        };
        Ok((stop, Expr::constant(Const::Int(0), span), vec![(t, a)], Box::new(item)))
    }
}
