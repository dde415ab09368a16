//! Functions and statements: the `fn` header and `locals` line, the per-function
//! parser state ([`FnParser`]), blocks by indentation, and each statement form.

use super::cursor::{is_label_char, Cursor, Line, Reader};
use super::subscript::{plain_indices, Item};
use super::types::ty;
use super::PResult;
use crate::*;
use std::collections::HashMap;

// -------------------------------------------------------------------------- functions

/// The Python name in a symbol: `fib__3` -> `fib`.
fn python_name(symbol: &str) -> &str {
    match symbol.rsplit_once("__") {
        Some((name, id)) if !name.is_empty() && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => symbol,
    }
}

pub(super) fn parse_fn(r: &mut Reader, funcs: &HashMap<String, FuncId>) -> PResult<Function> {
    let header = r.take("expected `fn`")?;
    let mut c = header.cursor();
    if header.indent != 0 || !c.eat("fn ") {
        return Err(c.err(format!("expected `fn symbol(...) -> type {{`, found {}", c.found())));
    }
    let symbol = c.word(is_label_char).to_string();
    if symbol.is_empty() {
        return Err(c.err("expected the function's symbol"));
    }
    let mut fp = FnParser { funcs, vars: Vec::new(), labels: HashMap::new(), map_inputs: Vec::new(), span: Span::default() };
    c.expect("(")?;
    let mut params = Vec::new();
    if !c.eat(")") {
        loop {
            params.push(fp.declare(&mut c)?);
            if c.eat(")") {
                break;
            }
            c.expect(", ")?;
        }
    }
    c.expect(" -> ")?;
    let ret = ty(&mut c)?;
    c.expect(" {")?;
    c.end()?;
    if let Some(l) = r.peek().filter(|l| l.indent == 2 && l.text.starts_with("locals ") && !l.text.starts_with("locals = ")) {
        r.next += 1;
        let mut c = l.cursor();
        c.expect("locals ")?;
        loop {
            fp.declare(&mut c)?;
            if c.pos == c.s.len() {
                break;
            }
            c.expect(", ")?;
        }
    }
    let body = fp.block(r, 1)?;
    let close = r.take(&format!("expected `}}` closing `{symbol}`"))?;
    if close.indent != 0 || close.text != "}" {
        return Err(close.cursor().err(format!("expected `}}` closing `{symbol}`, found `{}`", close.text)));
    }
    Ok(Function {
        name: python_name(&symbol).to_string(),
        symbol,
        filename: String::new(),
        params,
        vars: fp.vars,
        ret,
        body,
        span: Span::default(),
        boundscheck: None,
    })
}

/// The state of one function's parse.
pub(super) struct FnParser<'p> {
    pub(super) funcs: &'p HashMap<String, FuncId>,
    vars: Vec<Var>,
    labels: HashMap<String, VarId>,
    /// Element types of the inputs of the enclosing `map`s (innermost last).
    pub(super) map_inputs: Vec<Vec<Type>>,
    /// The current statement's span (given to its expressions).
    pub(super) span: Span,
}

impl FnParser<'_> {
    /// `label: type` in the parameter or locals list.
    fn declare(&mut self, c: &mut Cursor) -> PResult<VarId> {
        let at = c.pos;
        let label = c.word(is_label_char);
        if label.is_empty() {
            return Err(c.err("expected a variable name"));
        }
        c.expect(": ")?;
        let ty = ty(c)?;
        if self.labels.contains_key(label) {
            return Err(c.err_at(at, format!("variable `{label}` is declared twice")));
        }
        // `name'k`: a later variable of an already declared name.
        let name = match label.rsplit_once('\'') {
            Some((base, k)) if self.labels.contains_key(base) && k.parse::<usize>().is_ok() => base,
            _ => label,
        };
        let id = self.vars.len();
        self.vars.push(Var { name: name.to_string(), ty });
        self.labels.insert(label.to_string(), id);
        Ok(id)
    }

    pub(super) fn lookup(&self, c: &Cursor, at: usize, label: &str) -> PResult<VarId> {
        self.labels.get(label).copied().ok_or_else(|| c.err_at(at, format!("unknown variable `{label}`")))
    }

    fn block(&mut self, r: &mut Reader, depth: usize) -> PResult<Block> {
        let mut out = Vec::new();
        while let Some(l) = r.peek() {
            if l.indent < depth * 2 {
                break;
            }
            if l.indent > depth * 2 {
                return Err(l.cursor().err(format!("unexpected indentation (expected {} spaces)", depth * 2)));
            }
            if l.text == "else:" {
                return Err(l.cursor().err("`else:` without an `if`"));
            }
            r.next += 1;
            out.push(self.stmt(r, l, depth)?);
        }
        Ok(out)
    }

    fn stmt(&mut self, r: &mut Reader, l: Line, depth: usize) -> PResult<Stmt> {
        let span = l.span();
        self.span = span;
        let mut c = l.cursor();
        let kind = if l.text == "break" || l.text == "continue" {
            c.pos = l.text.len();
            if l.text == "break" {
                StmtKind::Break
            } else {
                StmtKind::Continue
            }
        } else if c.eat("if ") {
            let cond = self.expr(&mut c)?;
            c.expect(":")?;
            c.end()?;
            let then_body = self.block(r, depth + 1)?;
            let mut else_body = Vec::new();
            if r.peek().is_some_and(|e| e.indent == depth * 2 && e.text == "else:") {
                r.next += 1;
                else_body = self.block(r, depth + 1)?;
            }
            StmtKind::If { cond, then_body, else_body }
        } else if l.text.starts_with("try:") {
            c.expect("try:")?;
            c.end()?;
            let body = self.block(r, depth + 1)?;
            let mut handlers = Vec::new();
            while let Some(e) = r.peek().filter(|e| e.indent == depth * 2 && e.text.starts_with("except (")) {
                let mut hc = e.cursor();
                r.next += 1;
                hc.expect("except (")?;
                let mut kinds = Vec::new();
                while !hc.eat("):") {
                    if !kinds.is_empty() {
                        hc.expect(", ")?;
                    }
                    kinds.push(self.exc(&mut hc)?);
                }
                handlers.push(Handler { kinds, body: self.block(r, depth + 1)? });
            }
            let mut tail = |label: &str, r: &mut Reader| -> PResult<Block> {
                if r.peek().is_some_and(|e| e.indent == depth * 2 && e.text == label) {
                    r.next += 1;
                    return self.block(r, depth + 1);
                }
                Ok(Vec::new())
            };
            let orelse = tail("else:", r)?;
            let finalbody = tail("finally:", r)?;
            StmtKind::Try { body, handlers, orelse, finalbody }
        } else if c.eat("while ") {
            let cond = self.expr(&mut c)?;
            c.expect(":")?;
            c.end()?;
            StmtKind::While { cond, body: self.block(r, depth + 1)? }
        } else if c.eat("for ") {
            let at = c.pos;
            let label = c.word(is_label_char);
            let var = self.lookup(&c, at, label)?;
            c.expect(" in range(")?;
            let start = self.expr(&mut c)?;
            c.expect(", ")?;
            let stop = self.expr(&mut c)?;
            c.expect(", ")?;
            let step = self.expr(&mut c)?;
            c.expect("):")?;
            c.end()?;
            StmtKind::ForRange { var, start, stop, step, body: self.block(r, depth + 1)? }
        } else if c.eat("return ") {
            StmtKind::Return(self.expr(&mut c)?)
        } else if c.eat("del ") {
            StmtKind::Del(self.expr(&mut c)?)
        } else if c.eat("raise ") {
            let exc = self.exc(&mut c)?;
            c.expect("(")?;
            let message = c.string()?;
            c.expect(")")?;
            StmtKind::Raise { exc, message }
        } else {
            let label = c.word(is_label_char);
            if !label.is_empty() && c.rest().starts_with(" = ") {
                let var = self.lookup(&c, 0, label)?;
                c.expect(" = ")?;
                StmtKind::Assign { var, value: self.expr(&mut c)? }
            } else {
                // An expression, or a store `target[indices] = value`.
                c.pos = 0;
                match self.postfix(&mut c, true)? {
                    (e, None) => StmtKind::Expr(e),
                    (target, Some(items)) => {
                        c.expect(" = ")?;
                        let value = self.expr(&mut c)?;
                        self.store(&c, 0, target, items, value)?
                    }
                }
            }
        };
        c.end()?;
        Ok(Stmt { kind, span })
    }

    /// `target[items] = value`.
    fn store(&self, c: &Cursor, at: usize, target: Expr, items: Vec<Item>, value: Expr) -> PResult<StmtKind> {
        if matches!(items.as_slice(), [Item::Ellipsis]) {
            return Ok(StmtKind::StoreView { target, value });
        }
        let indices = plain_indices(c, at, items)?;
        if matches!(target.ty, Type::Pointer(_)) {
            let [index] = <[Expr; 1]>::try_from(indices).map_err(|_| c.err_at(at, "a pointer store takes one index"))?;
            return Ok(StmtKind::PtrStore { ptr: target, index, value });
        }
        Ok(StmtKind::Store { array: target, indices, value })
    }

    pub(super) fn exc(&self, c: &mut Cursor) -> PResult<ExcKind> {
        let at = c.pos;
        let name = c.word(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        ExcKind::from_name(name).ok_or_else(|| c.err_at(at, format!("unknown exception `{name}`")))
    }

    pub(super) fn node(&self, kind: ExprKind, ty: Type) -> Expr {
        Expr::new(kind, ty, self.span)
    }
}
