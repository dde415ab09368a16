//! `isinstance(x, classes)`, answered when compiling from `x`'s type, as CPython would
//! answer for the values that type stands for.
//!
//! In: the call. Out: a constant bool (after evaluating `x` once, for its effects), so an
//! `if isinstance(...)` keeps only the branch that runs (generic helpers rely on this).
//! The answers follow CPython's class tree: `bool` is an `int`; `np.float64` is a
//! `float`, but `np.int64` is not an `int` and `np.bool_` not a `bool`; NumPy's abstract
//! classes (`np.integer`, `np.floating`, `np.number`, `np.generic`) hold NumPy scalars
//! only; `np.ndarray` holds arrays. A class compiled code cannot know is an error naming it.

use crate::function::{FunctionLowerer, LResult};
use crate::GlobalValue;
use ferrojit_ir::{Const, Expr, ExprKind, FloatKind, IntKind, Type};
use rustpython_parser::ast::{self, Ranged};

impl FunctionLowerer<'_, '_> {
    pub fn isinstance_call(&mut self, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range();
        let span = self.span(range);
        let ([value, classes], true) = (c.args.as_slice(), c.keywords.is_empty()) else {
            return Err(self.err(range, "isinstance() takes two arguments"));
        };
        let x = self.lower_expr(value)?;
        let strong = self.is_numpy_scalar(&x);
        let class_exprs: Vec<&ast::Expr> = match classes {
            ast::Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let mut answer = false;
        for class in class_exprs {
            let g = match class {
                ast::Expr::Name(n) if !self.locals.contains(n.id.as_str()) => self.global(n.id.as_str()),
                ast::Expr::Attribute(a) => self.resolve_attribute(a)?.unwrap_or(GlobalValue::NotFound),
                _ => GlobalValue::NotFound,
            };
            let text = self.snippet(class.range());
            answer |= match g {
                GlobalValue::Builtin(name) => match name.as_str() {
                    "int" => matches!(x.ty, Type::Int(IntKind::I64) | Type::Bool) && !strong,
                    "float" => x.ty == Type::Float(FloatKind::F64),
                    "bool" => x.ty == Type::Bool && !strong,
                    "tuple" => matches!(x.ty, Type::Tuple(_)),
                    // np.complex128 is a subclass of complex; np.complex64 is not.
                    "complex" => x.ty == Type::Complex(FloatKind::F64),
                    "str" => x.ty.is_any_str(),
                    "list" | "dict" | "set" | "bytes" => false,
                    "object" => true,
                    _ => return Err(self.err(class.range(), format!("isinstance() against `{text}` is not supported in compiled code"))),
                },
                GlobalValue::NumpyDType(name) => numpy_class(&name, &x.ty, strong)
                    .ok_or_else(|| self.err(class.range(), format!("isinstance() against `{text}` is not supported in compiled code")))?,
                _ => return Err(self.err(class.range(), format!("isinstance() against `{text}` is not supported in compiled code"))),
            };
        }
        let result = Expr::constant(Const::Bool(answer), span);
        if matches!(x.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
            return Ok(result);
        }
        // `x` is still evaluated (its errors and effects), its value dropped.
        let t = self.temp(&x.ty);
        Ok(Expr::new(ExprKind::Let { var: t, value: Box::new(x), body: Box::new(result) }, Type::Bool, span))
    }
}

/// Whether a value of type `ty` (a NumPy scalar when `strong`) is an instance of the NumPy
/// class `name`; `None` for a class not known here.
fn numpy_class(name: &str, ty: &Type, strong: bool) -> Option<bool> {
    let sized = matches!(ty, Type::Int(k) if *k != IntKind::I64) || matches!(ty, Type::Float(FloatKind::F32) | Type::Complex(FloatKind::F32));
    let scalar = (strong || sized) && ty.is_number();
    Some(match name {
        "ndarray" => matches!(ty, Type::Array(_)),
        "generic" => scalar,
        "number" => scalar && *ty != Type::Bool,
        "integer" => scalar && matches!(ty, Type::Int(_)),
        "signedinteger" => scalar && matches!(ty, Type::Int(k) if k.signed()),
        "unsignedinteger" => scalar && matches!(ty, Type::Int(k) if !k.signed()),
        "floating" => scalar && matches!(ty, Type::Float(_)),
        "inexact" => scalar && matches!(ty, Type::Float(_) | Type::Complex(_)),
        "complexfloating" => scalar && matches!(ty, Type::Complex(_)),
        other => {
            let t = ferrojit_ir::type_from_name(other)?;
            scalar && &t == ty
        }
    })
}
