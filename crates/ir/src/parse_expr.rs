//! Expressions: the entry point, the helpers for `: type` and comma lists, and the
//! parenthesized forms (tuples, binary operators, comparisons, `and`/`or`, conditional
//! expressions, `let`).

use super::cursor::{is_label_char, Cursor};
use super::stmt::FnParser;
use super::types::ty;
use super::PResult;
use crate::*;

impl FnParser<'_> {
    // ------------------------------------------------------------------ expressions

    pub(super) fn expr(&mut self, c: &mut Cursor) -> PResult<Expr> {
        let at = c.pos;
        match self.postfix(c, false)? {
            (e, None) => Ok(e),
            (_, Some(_)) => Err(c.err_at(at, "a subscript without its `: type`")),
        }
    }

    /// `: type` after an expression that prints its type.
    pub(super) fn typed(&self, c: &mut Cursor) -> PResult<Type> {
        c.expect(": ")?;
        ty(c)
    }

    /// Expressions separated by `, ` up to `close`.
    /// `, arg, ...` after a template: string constants and values, up to the `)`.
    pub(super) fn print_args_rest(&mut self, c: &mut Cursor) -> PResult<Vec<PrintArg>> {
        let mut args = Vec::new();
        while c.eat(", ") {
            if c.rest().starts_with('"') {
                args.push(PrintArg::Text(c.string()?));
            } else {
                args.push(PrintArg::Value(self.expr(c)?));
            }
        }
        Ok(args)
    }

    pub(super) fn list(&mut self, c: &mut Cursor, close: &str) -> PResult<Vec<Expr>> {
        let mut out = Vec::new();
        if c.eat(close) {
            return Ok(out);
        }
        loop {
            out.push(self.expr(c)?);
            if c.eat(close) {
                return Ok(out);
            }
            c.expect(", ")?;
        }
    }

    /// A shape as printed: `(a, b,)`, `(a,)` or `(,)`.
    pub(super) fn shape(&mut self, c: &mut Cursor) -> PResult<Vec<Expr>> {
        c.expect("(")?;
        if c.eat(",)") {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        loop {
            out.push(self.expr(c)?);
            if c.eat(",)") {
                return Ok(out);
            }
            c.expect(", ")?;
        }
    }

    /// `(...)`: a tuple, a binary operation, a comparison, `and`/`or`, a conditional
    /// expression or a `let`.
    pub(super) fn paren(&mut self, c: &mut Cursor) -> PResult<Expr> {
        c.expect("(")?;
        if c.eat(",)") {
            return Ok(self.node(ExprKind::Tuple(Vec::new()), Type::Tuple(Vec::new())));
        }
        if c.rest().starts_with("let ") {
            c.pos += 4;
            let at = c.pos;
            let label = c.word(is_label_char);
            let var = self.lookup(c, at, label)?;
            c.expect(" = ")?;
            let value = Box::new(self.expr(c)?);
            c.expect(" in ")?;
            let body = self.expr(c)?;
            c.expect(")")?;
            let t = body.ty.clone();
            return Ok(self.node(ExprKind::Let { var, value, body: Box::new(body) }, t));
        }
        let first = self.expr(c)?;
        if c.eat(",") {
            let mut items = vec![first];
            while !c.eat(")") {
                c.expect(" ")?;
                items.push(self.expr(c)?);
                c.expect(",")?;
            }
            let t = Type::Tuple(items.iter().map(|e| e.ty.clone()).collect());
            return Ok(self.node(ExprKind::Tuple(items), t));
        }
        c.expect(" ")?;
        let at = c.pos;
        let op = c.word(|ch| ch != ' ');
        c.expect(" ")?;
        let second = self.expr(c)?;
        let (kind, t) = match op {
            "and" | "or" => {
                let t = first.ty.clone();
                let (a, b) = (Box::new(first), Box::new(second));
                (if op == "and" { ExprKind::And(a, b) } else { ExprKind::Or(a, b) }, t)
            }
            "if" => {
                c.expect(" else ")?;
                let orelse = self.expr(c)?;
                let t = first.ty.clone();
                (ExprKind::IfExp { cond: Box::new(second), then: Box::new(first), orelse: Box::new(orelse) }, t)
            }
            _ => {
                if let Some(op) = cmp_op(op) {
                    (ExprKind::Compare { op, lhs: Box::new(first), rhs: Box::new(second) }, Type::Bool)
                } else if let Some(op) = bin_op(op) {
                    let python_int_division = op == BinOp::Div && first.ty == INT64 && second.ty == INT64;
                    let t = if python_int_division { FLOAT64 } else { first.ty.clone() };
                    (ExprKind::Binary { op, lhs: Box::new(first), rhs: Box::new(second) }, t)
                } else {
                    return Err(c.err_at(at, format!("unknown operator `{op}`")));
                }
            }
        };
        c.expect(")")?;
        Ok(self.node(kind, t))
    }
}

fn cmp_op(s: &str) -> Option<CmpOp> {
    [CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge].into_iter().find(|o| o.symbol() == s)
}

fn bin_op(s: &str) -> Option<BinOp> {
    use BinOp::*;
    [Add, Sub, Mul, Div, FloorDiv, Mod, Pow, BitAnd, BitOr, BitXor, Shl, Shr].into_iter().find(|o| o.symbol() == s)
}
