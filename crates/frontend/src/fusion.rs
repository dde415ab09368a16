//! A `@stencil` call fused with the element-wise expression around it (issue 21):
//! `u = u + dt * lap(u)` computes each cell's stencil value and the expression in one
//! loop nest, with no temporary array for `lap(u)`.
//!
//! The frontend only recognises the shape: an assigned or returned expression of
//! arithmetic (`+ - * / // % **`, unary `-`/`+`) over names and number constants that
//! contains exactly one call, of a global name, with names as its arguments. It asks the
//! callee's overload for a fused implementation, passing the expression with the call as
//! `__v` and each other name as `__fK` (`_fuse_expr`, a known string) and those names'
//! values (`_fuse_args`, a tuple). Only stencils accept (`ferrojit._stencil`; others are
//! not asked: `ferrojit.extending._resolve`), and the stencil decides by the operands'
//! types whether it fuses (array operands of its shape) or computes the expression
//! unfused; anything else lowers as it would have.

use crate::function::{FunctionLowerer, LResult};
use crate::GlobalValue;
use ferrojit_ir::{Const, Expr, ExprKind, Type};
use rustpython_parser::ast::{self, Ranged};
use std::collections::HashMap;

impl FunctionLowerer<'_, '_> {
    /// `value` lowered as a fused stencil call, when it has that shape and the stencil
    /// accepts; `None` otherwise (nothing lowered).
    pub(crate) fn fused_stencil(&mut self, value: &ast::Expr) -> LResult<Option<Expr>> {
        if !matches!(value, ast::Expr::BinOp(_) | ast::Expr::UnaryOp(_)) {
            return Ok(None);
        }
        let mut shape = Shape { call: None, calls: 0, names: Vec::new(), ok: true };
        shape.walk(value);
        let (Some(call), 1, true) = (shape.call, shape.calls, shape.ok) else { return Ok(None) };
        let ast::Expr::Name(f) = call.func.as_ref() else { return Ok(None) };
        if self.locals.contains(f.id.as_str()) {
            return Ok(None);
        }
        let GlobalValue::Overloaded { key, name } = self.global(f.id.as_str()) else { return Ok(None) };
        // The expression with the call as `__v` and the names as `__f0`, `__f1`, ...
        let numbering: HashMap<&str, usize> = shape.names.iter().enumerate().map(|(k, n)| (*n, k)).collect();
        let consumer = rename(value, &numbering).to_string();
        let range = value.range();
        let span = self.span(range);
        let (pos, kws) = self.lower_call_args(call)?;
        if !kws.is_empty() {
            return Ok(None);
        }
        let mut operands = Vec::new();
        for n in &shape.names {
            let name = ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(*n), ctx: ast::ExprContext::Load, range });
            operands.push(self.lower_expr(&name)?);
        }
        let tuple_ty = Type::Tuple(operands.iter().map(|e| e.ty.clone()).collect());
        let kws = vec![
            ("_fuse_expr".to_string(), Expr::constant(Const::Str(consumer), span), range),
            ("_fuse_args".to_string(), Expr::new(ExprKind::Tuple(operands), tuple_ty, span), range),
        ];
        let types: Vec<Type> = pos.iter().map(|e| e.ty.clone()).collect();
        let kw_types: Vec<(String, Type)> = kws.iter().map(|(k, e, _)| (k.clone(), e.ty.clone())).collect();
        match self.b.resolver.overload(key, &types, &kw_types) {
            Ok(Some(impl_key)) => Ok(Some(self.call_with(impl_key, pos, kws, call.range(), &name)?)),
            _ => Ok(None),
        }
    }
}

/// What an expression is made of, for [`FunctionLowerer::fused_stencil`].
struct Shape<'e> {
    call: Option<&'e ast::ExprCall>,
    calls: usize,
    /// The names read outside the call, in order of first appearance.
    names: Vec<&'e str>,
    ok: bool,
}

impl<'e> Shape<'e> {
    fn walk(&mut self, e: &'e ast::Expr) {
        use ast::Operator::*;
        match e {
            ast::Expr::BinOp(b) if matches!(b.op, Add | Sub | Mult | Div | FloorDiv | Mod | Pow) => {
                self.walk(&b.left);
                self.walk(&b.right);
            }
            ast::Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub | ast::UnaryOp::UAdd) => self.walk(&u.operand),
            ast::Expr::Name(n) => {
                if !self.names.contains(&n.id.as_str()) {
                    self.names.push(n.id.as_str());
                }
            }
            ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Int(_) | ast::Constant::Float(_) | ast::Constant::Complex { .. }) => {}
            ast::Expr::Call(c) if c.keywords.is_empty() && !c.args.is_empty() && c.args.iter().all(|a| matches!(a, ast::Expr::Name(_))) => {
                self.calls += 1;
                self.call = Some(c);
            }
            _ => self.ok = false,
        }
    }
}

/// `e` with its call replaced by `__v` and each name by `__fK`.
fn rename(e: &ast::Expr, numbering: &HashMap<&str, usize>) -> ast::Expr {
    let name = |id: String, range| ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx: ast::ExprContext::Load, range });
    match e {
        ast::Expr::BinOp(b) => {
            let mut b = b.clone();
            b.left = Box::new(rename(&b.left, numbering));
            b.right = Box::new(rename(&b.right, numbering));
            ast::Expr::BinOp(b)
        }
        ast::Expr::UnaryOp(u) => {
            let mut u = u.clone();
            u.operand = Box::new(rename(&u.operand, numbering));
            ast::Expr::UnaryOp(u)
        }
        ast::Expr::Name(n) => name(format!("__f{}", numbering[n.id.as_str()]), n.range),
        ast::Expr::Call(c) => name("__v".into(), c.range),
        other => other.clone(),
    }
}
