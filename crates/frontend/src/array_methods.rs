//! Lowering array methods, `a.method(...)`: `copy`, `reshape`, `ravel`, `flatten`,
//! reductions and scans, `astype` and `fill`, into typed IR expressions.

use crate::function::{FunctionLowerer, LResult};
use ferrojit_ir::{Const, Expr, ExprKind, Type, INT64};
use rustpython_parser::ast::{self, Ranged};

impl FunctionLowerer<'_, '_> {
    /// The arguments of array method `name` bound from the typing table.
    pub fn method_args<'a>(&self, c: &'a ast::ExprCall, name: &str) -> LResult<Vec<Option<&'a ast::Expr>>> {
        let params = crate::tables::method_params(name)
            .ok_or_else(|| crate::function::LErr::from(crate::FrontendError::Internal(format!("method .{name} is not in the typing table"))))?;
        self.np_params(c, name, params)
    }

    /// `a.method(...)`.
    pub fn array_method(&mut self, a: Expr, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range();
        let span = self.span(range);
        match (name, c.args.len()) {
            ("copy", 0) => self.copy_array(a, range),
            ("conj" | "conjugate", 0) => Ok(self.complex_ufunc("conj", &[a], range)?.unwrap_or_else(|| unreachable!("conj always lowers"))),
            ("reshape", _) => {
                let shape = if c.args.len() == 1 {
                    let mut b = Vec::new();
                    let dims = self.shape_of(&c.args[0], &mut b)?;
                    if !b.is_empty() {
                        return Err(self.err(range, "reshape() takes the new shape as numbers or a tuple literal here"));
                    }
                    dims
                } else {
                    let mut dims = Vec::new();
                    for x in &c.args {
                        let d = self.lower_expr(x)?;
                        if !d.ty.is_int() {
                            return Err(self.err(x.range(), "reshape() dimensions must be integers"));
                        }
                        dims.push(d.cast_to(&INT64));
                    }
                    dims
                };
                self.reshape_or_view(a, shape, range)
            }
            ("ravel", 0) => {
                // NumPy's `ravel()` (order 'C') is a view of a C-contiguous array only,
                // a copy of any other (even where `reshape(-1)` would give a view).
                let span = self.span(range);
                let c = matches!(&a.ty, Type::Array(t) if t.layout == ferrojit_ir::Layout::C);
                let a = if c { a } else { self.copy_array(a, range)? };
                self.reshape(a, vec![Expr::constant(Const::Int(-1), span)], range)
            }
            ("flatten", 0) => {
                let span = self.span(range);
                let copy = self.copy_array(a, range)?;
                self.reshape(copy, vec![Expr::constant(Const::Int(-1), span)], range)
            }
            ("cumsum" | "cumprod", _) => {
                let p = self.method_args(c, name)?;
                self.scan(name, a, p[0], range)
            }
            ("sum" | "prod" | "min" | "max" | "mean" | "var" | "std" | "argmin" | "argmax" | "any" | "all", _) => {
                let p = self.method_args(c, name)?;
                self.reduction(name, a, p[0], range)
            }
            ("astype", 1) => {
                // A new array of the dtype, converted as NumPy casts (float -> int: the
                // CPU's truncation, see `numpy_float_to_int`).
                if !matches!(a.ty, Type::Array(_)) {
                    return Err(self.err(range, format!("astype() needs an array, not {}", a.ty)));
                }
                let dtype = self.dtype_of(&c.args[0])?;
                self.astype(a, dtype, range)
            }
            ("fill", 1) => {
                let Type::Array(at) = a.ty else { return Err(self.err(range, "fill() needs an array")) };
                if at.readonly {
                    return Err(self.err(range, "cannot fill a read-only array"));
                }
                let v = self.lower_expr(&c.args[0])?;
                if !v.ty.is_numeric() {
                    return Err(self.err(range, format!("fill() value must be a number, not {}", v.ty)));
                }
                Ok(Expr::new(ExprKind::Fill { array: Box::new(a), value: Box::new(v) }, Type::None, span))
            }
            _ => {
                // A method written in Python in the library (`numpy.ndarray.sort` in
                // ferrojit/_lib): called with the array first.
                let full = format!("numpy.ndarray.{name}");
                if let crate::GlobalValue::Overloaded { key, .. } = self.b.resolver.library(&full) {
                    let (mut pos, kws) = self.lower_call_args(c)?;
                    pos.insert(0, a);
                    return self.overloaded_with(key, pos, kws, range, &format!("ndarray.{name}"));
                }
                Err(self.err(range, format!("the array method `.{name}()` is not supported in compiled code yet")))
            }
        }
    }
}

impl FunctionLowerer<'_, '_> {
    /// `a.astype(dtype)`: a new array of the dtype, element by element as NumPy casts.
    pub(crate) fn astype(&mut self, a: Expr, dtype: ferrojit_ir::DType, range: rustpython_parser::text_size::TextRange) -> LResult<Expr> {
        let span = self.span(range);
        let p = self.map_parts(a, range)?;
        let body = p.body.cast_to(&dtype.to_type());
        Ok(self.make_map(p.inputs, body, p.ndim, span))
    }
}
