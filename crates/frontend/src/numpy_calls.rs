//! Lowering `np.<name>(...)` calls of the `numpy` namespace: array creation (`empty`,
//! `zeros`, `full`, the `*_like` functions, `arange`), reductions and scans, `reshape`,
//! `sort`, `dot`/`matmul` and `copy`; any other name is tried as a ufunc. The result is
//! one typed IR expression.

use crate::array::with_bindings;
use crate::function::{FunctionLowerer, LResult};
use ferrojit_ir::{ArrayType, Const, DType, Expr, ExprKind, FloatKind, IntKind, Layout, Type, FLOAT64, INT64};
use rustpython_parser::ast::{self, Ranged};

impl FunctionLowerer<'_, '_> {
    /// The arguments of `np.name(...)` bound to its parameters from the typing table.
    pub fn numpy_args<'a>(&self, c: &'a ast::ExprCall, name: &str) -> LResult<Vec<Option<&'a ast::Expr>>> {
        let params = crate::tables::numpy_params(name)
            .ok_or_else(|| crate::function::LErr::from(crate::FrontendError::Internal(format!("numpy.{name} is not in the typing table"))))?;
        self.np_params(c, name, params)
    }

    fn new_array(&self, dtype: DType, shape: Vec<Expr>, fill: Option<Expr>, span: ferrojit_ir::Span) -> Expr {
        self.new_array_in(Layout::C, dtype, shape, fill, span)
    }

    fn new_array_in(&self, layout: Layout, dtype: DType, shape: Vec<Expr>, fill: Option<Expr>, span: ferrojit_ir::Span) -> Expr {
        let ty = Type::Array(ArrayType::new(dtype, shape.len() as u8, layout));
        Expr::new(ExprKind::NewArray { shape, fill: fill.map(Box::new) }, ty, span)
    }

    /// `np.<name>(...)`.
    pub fn numpy_call(&mut self, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range();
        let span = self.span(range);
        let mut b = Vec::new();
        let zero = |span| Expr::constant(Const::Int(0), span);
        let one = |span| Expr::constant(Const::Int(1), span);
        let result = match name {
            "empty" | "zeros" | "ones" => {
                let p = self.numpy_args(c, name)?;
                let shape_arg = p[0].ok_or_else(|| self.err(range, format!("np.{name}() needs a shape")))?;
                let shape = self.shape_of(shape_arg, &mut b)?;
                let dtype = match p[1] {
                    Some(d) => self.dtype_of(d)?,
                    None => DType::Float(FloatKind::F64),
                };
                let fill = match name {
                    "zeros" => Some(zero(span)),
                    "ones" => Some(one(span)),
                    _ => None,
                };
                self.new_array(dtype, shape, fill, span)
            }
            "full" => {
                let p = self.numpy_args(c, name)?;
                let (Some(shape_arg), Some(fill_arg)) = (p[0], p[1]) else {
                    return Err(self.err(range, "np.full() needs a shape and a fill value"));
                };
                let shape = self.shape_of(shape_arg, &mut b)?;
                let fill = self.lower_expr(fill_arg)?;
                if !fill.ty.is_numeric() {
                    return Err(self.err(fill_arg.range(), format!("np.full() fill value must be a number, not {}", fill.ty)));
                }
                let dtype = match p[2] {
                    Some(d) => self.dtype_of(d)?,
                    None => DType::from_type(&fill.ty).unwrap_or(DType::Float(FloatKind::F64)),
                };
                self.new_array(dtype, shape, Some(fill), span)
            }
            "empty_like" | "zeros_like" | "ones_like" | "full_like" => {
                let p = self.numpy_args(c, name)?;
                let a_arg = p[0].ok_or_else(|| self.err(range, format!("np.{name}() needs an array")))?;
                let a = self.lower_expr(a_arg)?;
                let Type::Array(at) = a.ty else {
                    return Err(self.err(a_arg.range(), format!("np.{name}() needs an array, not {}", a.ty)));
                };
                let a = self.reusable(a, &mut b);
                let shape: Vec<Expr> = (0..at.ndim as usize).map(|i| self.shape_item(&a, i, span)).collect();
                let dtype_arg = if name == "full_like" { p[2] } else { p[1] };
                let dtype = match dtype_arg {
                    Some(d) => self.dtype_of(d)?,
                    None => at.dtype,
                };
                let fill = match name {
                    "zeros_like" => Some(zero(span)),
                    "ones_like" => Some(one(span)),
                    "full_like" => {
                        let f = p[1].ok_or_else(|| self.err(range, "np.full_like() needs a fill value"))?;
                        Some(self.lower_expr(f)?)
                    }
                    _ => None,
                };
                // NumPy's default order='K': a Fortran-ordered argument gives a Fortran-ordered result.
                self.new_array_in(keep_order(at), dtype, shape, fill, span)
            }
            "arange" => {
                let p = self.numpy_args(c, name)?;
                let mut bounds = Vec::new();
                for x in p[..3].iter().flatten() {
                    let e = self.lower_expr(x)?;
                    if !e.ty.is_numeric() {
                        return Err(self.err(x.range(), format!("np.arange() bounds must be numbers, not {}", e.ty)));
                    }
                    bounds.push(e);
                }
                if bounds.is_empty() {
                    return Err(self.err(range, "np.arange() needs a stop value"));
                }
                let dtype = match p[3] {
                    Some(d) => self.dtype_of(d)?,
                    None if bounds.iter().all(|e| e.ty.is_int() || e.ty == Type::Bool) => DType::Int(IntKind::I64),
                    None => DType::Float(FloatKind::F64),
                };
                // Bounds stay in their own (int64 or float64) type: NumPy computes the
                // length from them and only the values in the result's dtype.
                let ty = if bounds.iter().all(|e| e.ty.is_int() || e.ty == Type::Bool) { INT64 } else { FLOAT64 };
                let (start, stop, step) = match bounds.len() {
                    1 => (zero(span), bounds.remove(0), one(span)),
                    2 => {
                        let stop = bounds.remove(1);
                        (bounds.remove(0), stop, one(span))
                    }
                    _ => {
                        let step = bounds.remove(2);
                        let stop = bounds.remove(1);
                        (bounds.remove(0), stop, step)
                    }
                };
                let at = ArrayType::new(dtype, 1, Layout::C);
                Expr::new(
                    ExprKind::Arange { start: Box::new(start.cast_to(&ty)), stop: Box::new(stop.cast_to(&ty)), step: Box::new(step.cast_to(&ty)) },
                    Type::Array(at),
                    span,
                )
            }
            "sum" | "prod" | "min" | "max" | "amin" | "amax" | "mean" | "var" | "std" | "argmin" | "argmax" | "any" | "all" => {
                let p = self.numpy_args(c, name)?;
                let a_arg = p[0].ok_or_else(|| self.err(range, format!("np.{name}() needs an array")))?;
                let a = self.lower_expr(a_arg)?;
                self.reduction(name, a, p[1], range)?
            }
            "cumsum" | "cumprod" => {
                let p = self.numpy_args(c, name)?;
                let a_arg = p[0].ok_or_else(|| self.err(range, format!("np.{name}() needs an array")))?;
                let a = self.lower_expr(a_arg)?;
                self.scan(name, a, p[1], range)?
            }
            "reshape" | "ravel" => {
                let p = self.numpy_args(c, name)?;
                let a_arg = p[0].ok_or_else(|| self.err(range, format!("np.{name}() needs an array")))?;
                let a = self.lower_expr(a_arg)?;
                let shape = match (name, p.get(1).copied().flatten()) {
                    ("reshape", Some(s)) => self.shape_of(s, &mut b)?,
                    ("reshape", None) => return Err(self.err(range, "np.reshape() needs a shape")),
                    _ => vec![Expr::constant(Const::Int(-1), span)],
                };
                if name == "reshape" {
                    self.reshape_or_view(a, shape, range)?
                } else {
                    self.reshape(a, shape, range)?
                }
            }
            "sort" => {
                let p = self.numpy_args(c, name)?;
                let a_arg = p[0].ok_or_else(|| self.err(range, "np.sort() needs an array"))?;
                let a = self.lower_expr(a_arg)?;
                let Type::Array(at) = a.ty else { return Err(self.err(range, format!("np.sort() of a {}", a.ty))) };
                if at.ndim == 0 {
                    return Err(self.err(range, "np.sort() of a 0-d array"));
                }
                let ty = Type::Array(ArrayType::new(at.dtype, at.ndim, Layout::C));
                Expr::new(ExprKind::Sort(Box::new(a)), ty, span)
            }
            "dot" | "matmul" => {
                let p = self.numpy_args(c, name)?;
                let (Some(x), Some(y)) = (p[0], p[1]) else { return Err(self.err(range, format!("np.{name}() needs two arrays"))) };
                let (x, y) = (self.lower_expr(x)?, self.lower_expr(y)?);
                self.matmul(x, y, range)?
            }
            "copy" => {
                let p = self.numpy_args(c, name)?;
                let a_arg = p[0].ok_or_else(|| self.err(range, "np.copy() needs an array"))?;
                let a = self.lower_expr(a_arg)?;
                let Type::Array(at) = a.ty else {
                    return Err(self.err(a_arg.range(), format!("np.copy() needs an array, not {}", a.ty)));
                };
                // np.copy's order='K' keeps Fortran order; a.copy() is order='C'.
                let ty = Type::Array(ArrayType::new(at.dtype, at.ndim, keep_order(at)));
                Expr::new(ExprKind::CopyArray(Box::new(a)), ty, span)
            }
            other => {
                let mut args = Vec::new();
                for a in &c.args {
                    args.push(self.lower_expr(a)?);
                }
                if !c.keywords.is_empty() {
                    return Err(self.err(range, format!("np.{other}() keyword arguments are not supported in compiled code")));
                }
                match self.ufunc(other, args, range)? {
                    Some(e) => e,
                    None => return Err(self.err(range, format!("np.{other} is not supported in compiled code yet"))),
                }
            }
        };
        Ok(with_bindings(result, b))
    }
}

/// The layout of a new array made with NumPy's order='K' from one of layout `at`: Fortran
/// order is kept; anything else (C, or strided and known only at run time) is C.
fn keep_order(at: ArrayType) -> Layout {
    if at.layout == Layout::F && at.ndim >= 2 {
        Layout::F
    } else {
        Layout::C
    }
}
