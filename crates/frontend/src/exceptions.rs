//! `try` / `except` / `else` / `finally` in the lowering: exceptions raised by compiled
//! code (by kind: builtin classes and their CPython bases), caught where Python would
//! catch them (Numba supports only a bare `except`).
//!
//! In: the `try` statement. Out: `StmtKind::Try`, each handler with the kinds it catches
//! (`except ArithmeticError` catches ZeroDivisionError and OverflowError; a bare
//! `except:` and `except Exception:` catch every kind). Refused with a message: `as e`
//! when the handler reads `e` (exception objects do not exist in compiled code),
//! classes that are not builtin exceptions, `return` / `break` / `continue` inside a
//! `finally` block (those in the body, handlers and `else` leave through `finally`, which
//! the backend emits on their way out).

use crate::function::{FunctionLowerer, LResult};
use crate::GlobalValue;
use ferrojit_ir::{ExcKind, Handler, Stmt, StmtKind};
use rustpython_parser::ast::{self, Ranged};

impl FunctionLowerer<'_, '_> {
    pub fn lower_try(&mut self, t: &ast::StmtTry) -> LResult<Vec<Stmt>> {
        let span = self.span(t.range);
        // A `return`, `break` or `continue` in `finally` itself would drop the exception in
        // flight (CPython 3.14 warns about it); the body, handlers and `else` may leave
        // through `finally`, which then runs on the way out.
        for s in &t.finalbody {
            if let Some(range) = leaves(s, 0) {
                return Err(self.err(range, "`return`, `break` or `continue` inside a `finally` block is not supported in compiled code"));
            }
        }
        let body = self.lower_block(&t.body)?;
        let mut handlers = Vec::new();
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            if let Some(name) = &h.name {
                if crate::closures::loads(&h.body).contains(name.as_str()) {
                    return Err(self.err(
                        h.range,
                        format!("`except ... as {name}`: compiled code has no exception objects to read; catch without `as`, or move the code using `{name}` out of the compiled function"),
                    ));
                }
            }
            let kinds = match &h.type_ {
                None => ExcKind::ALL.to_vec(),
                Some(classes) => self.caught_kinds(classes)?,
            };
            handlers.push(Handler { kinds, body: self.lower_block(&h.body)? });
        }
        let orelse = self.lower_block(&t.orelse)?;
        let finalbody = self.lower_block(&t.finalbody)?;
        Ok(vec![Stmt { kind: StmtKind::Try { body, handlers, orelse, finalbody }, span }])
    }

    /// The kinds an `except` clause's classes (a class or a tuple of them) catch.
    fn caught_kinds(&mut self, classes: &ast::Expr) -> LResult<Vec<ExcKind>> {
        let items: Vec<&ast::Expr> = match classes {
            ast::Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let mut kinds = Vec::new();
        for c in items {
            let class = match c {
                ast::Expr::Name(n) if !self.locals.contains(n.id.as_str()) => match self.global(n.id.as_str()) {
                    GlobalValue::ExceptionClass(name) => name,
                    _ => return Err(self.err(c.range(), format!("`{}` is not a builtin exception class", n.id))),
                },
                _ => return Err(self.err(c.range(), "an `except` clause in compiled code names builtin exception classes (`except (ValueError, ZeroDivisionError):`)")),
            };
            for k in ExcKind::ALL {
                if k.caught_by(&class) && !kinds.contains(k) {
                    kinds.push(*k);
                }
            }
        }
        Ok(kinds)
    }
}

/// A `return`, or a `break`/`continue` of a loop outside `s`, in `s`.
fn leaves(s: &ast::Stmt, loops: usize) -> Option<rustpython_parser::text_size::TextRange> {
    let any = |b: &[ast::Stmt], loops: usize| b.iter().find_map(|s| leaves(s, loops));
    match s {
        ast::Stmt::Return(r) => Some(r.range),
        ast::Stmt::Break(b) if loops == 0 => Some(b.range),
        ast::Stmt::Continue(c) if loops == 0 => Some(c.range),
        ast::Stmt::If(i) => any(&i.body, loops).or_else(|| any(&i.orelse, loops)),
        ast::Stmt::For(f) => any(&f.body, loops + 1).or_else(|| any(&f.orelse, loops)),
        ast::Stmt::While(w) => any(&w.body, loops + 1).or_else(|| any(&w.orelse, loops)),
        ast::Stmt::Try(t) => any(&t.body, loops)
            .or_else(|| any(&t.orelse, loops))
            .or_else(|| any(&t.finalbody, loops))
            .or_else(|| t.handlers.iter().find_map(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                any(&h.body, loops)
            })),
        _ => None,
    }
}

/// The blocks of a `try` statement: body, handlers, `else`, `finally`.
pub fn try_blocks(t: &ast::StmtTry) -> Vec<&Vec<ast::Stmt>> {
    let handlers = t.handlers.iter().map(|h| {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        &h.body
    });
    std::iter::once(&t.body).chain(handlers).chain([&t.orelse, &t.finalbody]).collect()
}

/// [`try_blocks`], mutably.
pub fn try_blocks_mut(t: &mut ast::StmtTry) -> Vec<&mut Vec<ast::Stmt>> {
    let handlers = t.handlers.iter_mut().map(|h| {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        &mut h.body
    });
    std::iter::once(&mut t.body).chain(handlers).chain([&mut t.orelse, &mut t.finalbody]).collect()
}
