//! `try` / `except` / `else` / `finally` in the lowering: exceptions raised by compiled
//! code (by kind: builtin classes and their CPython bases), caught where Python would
//! catch them (Numba supports only a bare `except`).
//!
//! In: the `try` statement. Out: `StmtKind::Try`, each handler with the kinds it catches
//! (`except ArithmeticError` catches ZeroDivisionError and OverflowError; a bare
//! `except:` and `except Exception:` catch every kind). The exception object of
//! `except E as e:` is its kind and message (desugared by [`bind_caught`]): `e` reads as
//! its text (`str(e)`, `print(e)`, f-strings), `raise e` and a bare `raise` re-raise it,
//! `isinstance(e, C)` tests its kind, `e.args` is `(message,)`. Refused with a message:
//! classes that are not builtin exceptions, `return` / `break` / `continue` inside a
//! `finally` block (those in the body, handlers and `else` leave through `finally`, which
//! the backend emits on their way out).

use crate::function::{FunctionLowerer, LResult};
use crate::GlobalValue;
use ferrojit_ir::{ExcKind, Expr, ExprKind, Handler, PrintArg, Stmt, StmtKind, StrOp, Type, INT64};
use rustpython_parser::ast::{self, fold::Fold, Ranged};

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

/// Hidden names the caught exception lives in (see [`bind_caught`]).
pub const CAUGHT_KIND: &str = "$caught_kind";
pub const CAUGHT_MESSAGE: &str = "$caught_message";
/// Calls of the core that stand for the caught exception (lowered in `caught_call`).
const KIND_OF_CAUGHT: &str = "$kind_of_caught";
const MESSAGE_OF_CAUGHT: &str = "$message_of_caught";
const TEXT_OF_CAUGHT: &str = "$text_of_caught";
const RERAISE: &str = "$reraise";
const CAUGHT_ISINSTANCE: &str = "$caught_isinstance";
const ARGS_OF_CAUGHT: &str = "$args_of_caught";

/// `except E as e:`, or a handler whose body re-raises with a bare `raise`:
///
/// ```text
/// $caught_kindN = $kind_of_caught(); $caught_messageN = $message_of_caught()
/// e = $text_of_caught($caught_kindN, $caught_messageN)      # str(e)
/// body, with `raise e` / `raise` -> `raise $reraise(kind, message)`,
///            `isinstance(e, C)` -> `$caught_isinstance(kind, C)`,
///            `e.args` -> `($args_of_caught(kind, message),)`
/// del e                                                       # as CPython does
/// ```
///
/// (Inner handlers are rewritten first, so a bare `raise` left in the body is this
/// handler's.)
pub fn bind_caught(h: &mut ast::ExceptHandlerExceptHandler, counter: &mut usize) {
    // As in CPython, the name is bound on entry and unbound when the handler ends.
    let name = h.name.as_ref().map(|n| n.to_string());
    let mut probe = Rewrite { name: name.clone(), kind: String::new(), message: String::new(), found: false };
    let _ = probe.fold_block(h.body.clone());
    if name.is_none() && !probe.found {
        return;
    }
    *counter += 1;
    let (kind, message) = (format!("{CAUGHT_KIND}{counter}"), format!("{CAUGHT_MESSAGE}{counter}"));
    let range = h.range;
    let mut rewrite = Rewrite { name: name.clone(), kind: kind.clone(), message: message.clone(), found: false };
    let body = rewrite.fold_block(std::mem::take(&mut h.body));
    let mut out = vec![assign(&kind, call(KIND_OF_CAUGHT, vec![], range), range), assign(&message, call(MESSAGE_OF_CAUGHT, vec![], range), range)];
    if let Some(n) = &name {
        out.push(assign(n, call(TEXT_OF_CAUGHT, vec![load(&kind, range), load(&message, range)], range), range));
    }
    let falls_through = !body.last().is_some_and(|s| matches!(s, ast::Stmt::Return(_) | ast::Stmt::Raise(_) | ast::Stmt::Break(_) | ast::Stmt::Continue(_)));
    out.extend(body);
    if let (Some(n), true) = (&name, falls_through) {
        out.push(ast::Stmt::Delete(ast::StmtDelete { targets: vec![name_expr(n, ast::ExprContext::Del, range)], range }));
    }
    h.body = out;
}

struct Rewrite {
    name: Option<String>,
    kind: String,
    message: String,
    found: bool,
}

impl Rewrite {
    fn fold_block(&mut self, b: Vec<ast::Stmt>) -> Vec<ast::Stmt> {
        b.into_iter().map(|s| self.fold_stmt(s).unwrap_or_else(|e| match e {})).collect()
    }

    fn is_name(&self, e: &ast::Expr) -> bool {
        matches!(e, ast::Expr::Name(n) if Some(n.id.as_str()) == self.name.as_deref())
    }
}

impl ast::fold::Fold<rustpython_parser::text_size::TextRange> for Rewrite {
    crate::range_fold!();

    fn fold_stmt(&mut self, s: ast::Stmt) -> Result<ast::Stmt, Self::Error> {
        match s {
            ast::Stmt::Raise(mut r) if r.cause.is_none() && r.exc.as_deref().is_none_or(|e| self.is_name(e)) => {
                self.found = true;
                let range = r.range;
                r.exc = Some(Box::new(call(RERAISE, vec![load(&self.kind, range), load(&self.message, range)], range)));
                Ok(ast::Stmt::Raise(r))
            }
            // Nested functions have their own exceptions.
            ast::Stmt::FunctionDef(_) => Ok(s),
            other => ast::fold::fold_stmt(self, other),
        }
    }

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        let e = ast::fold::fold_expr(self, e)?;
        Ok(match e {
            ast::Expr::Call(c) if matches!(c.func.as_ref(), ast::Expr::Name(f) if f.id.as_str() == "isinstance") && c.args.len() == 2 && self.is_name(&c.args[0]) => {
                let range = c.range;
                call(CAUGHT_ISINSTANCE, vec![load(&self.kind, range), c.args[1].clone()], range)
            }
            ast::Expr::Attribute(a) if a.attr.as_str() == "args" && self.is_name(&a.value) => {
                let range = a.range;
                let message = call(ARGS_OF_CAUGHT, vec![load(&self.kind, range), load(&self.message, range)], range);
                ast::Expr::Tuple(ast::ExprTuple { elts: vec![message], ctx: ast::ExprContext::Load, range })
            }
            other => other,
        })
    }
}

fn name_expr(id: &str, ctx: ast::ExprContext, range: rustpython_parser::text_size::TextRange) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx, range })
}

fn load(id: &str, range: rustpython_parser::text_size::TextRange) -> ast::Expr {
    name_expr(id, ast::ExprContext::Load, range)
}

fn call(func: &str, args: Vec<ast::Expr>, range: rustpython_parser::text_size::TextRange) -> ast::Expr {
    ast::Expr::Call(ast::ExprCall { func: Box::new(load(func, range)), args, keywords: vec![], range })
}

fn assign(target: &str, value: ast::Expr, range: rustpython_parser::text_size::TextRange) -> ast::Stmt {
    ast::Stmt::Assign(ast::StmtAssign { targets: vec![name_expr(target, ast::ExprContext::Store, range)], value: Box::new(value), type_comment: None, range })
}

impl FunctionLowerer<'_, '_> {
    /// A call of the core standing for the caught exception (see [`bind_caught`]), or
    /// `None` for any other call.
    pub fn caught_call(&mut self, c: &ast::ExprCall) -> LResult<Option<Expr>> {
        let ast::Expr::Name(f) = c.func.as_ref() else { return Ok(None) };
        let span = self.span(c.range);
        let arg = |f: &mut Self, i: usize| f.lower_expr(&c.args[i]);
        Ok(Some(match f.id.as_str() {
            KIND_OF_CAUGHT => Expr::new(ExprKind::Str { op: StrOp::HandledKind, args: vec![] }, INT64, span),
            MESSAGE_OF_CAUGHT => Expr::new(ExprKind::Str { op: StrOp::HandledMessage, args: vec![] }, Type::Text, span),
            TEXT_OF_CAUGHT => {
                // str(e): the message; a KeyError shows its key's repr, as CPython does.
                let (kind, message) = (arg(self, 0)?, arg(self, 1)?);
                let key_error = kind_is(kind, &[ExcKind::KeyError], span);
                let quoted = Expr::new(ExprKind::FormatStr { template: "{!r}".into(), args: vec![PrintArg::Value(message.clone())] }, Type::Text, span);
                // (the library's dicts raise the key's repr behind a marker: that repr)
                let marker = Expr::constant(ferrojit_ir::Const::Str("\u{0}repr:".into()), span).cast_to(&Type::Text);
                let marked = Expr::new(ExprKind::Str { op: StrOp::StartsWith, args: vec![message.clone(), marker] }, Type::Bool, span);
                let int = |v: i64| Expr::constant(ferrojit_ir::Const::Int(v), span);
                let key_repr = Expr::new(ExprKind::Str { op: StrOp::Slice, args: vec![message.clone(), int(6), int(i64::MIN), int(1)] }, Type::Text, span);
                let quoted = Expr::new(ExprKind::IfExp { cond: Box::new(marked), then: Box::new(key_repr), orelse: Box::new(quoted) }, Type::Text, span);
                Expr::new(ExprKind::IfExp { cond: Box::new(key_error), then: Box::new(quoted), orelse: Box::new(message) }, Type::Text, span)
            }
            ARGS_OF_CAUGHT => {
                // `e.args` is `(message,)`, but for the exceptions whose CPython args are not
                // their text: a dict's KeyError (the key) and the errno-style OverflowError
                // of float `**` (`(34, 'Numerical result out of range')`). Those raise
                // rather than give other values.
                let (kind, message) = (arg(self, 0)?, arg(self, 1)?);
                let text = |s: &str| Expr::constant(ferrojit_ir::Const::Str(s.into()), span).cast_to(&Type::Text);
                let str_op = |op: StrOp, args: Vec<Expr>| Expr::new(ExprKind::Str { op, args }, Type::Bool, span);
                let and = |a: Expr, b: Expr| Expr::new(ExprKind::And(Box::new(a), Box::new(b)), Type::Bool, span);
                let keyed = and(kind_is(kind.clone(), &[ExcKind::KeyError], span), str_op(StrOp::StartsWith, vec![message.clone(), text("\u{0}repr:")]));
                let errno = and(kind_is(kind, &[ExcKind::OverflowError], span), str_op(StrOp::Eq, vec![message.clone(), text(ferrojit_ir::ERANGE_TEXT)]));
                let raise = |what: &str| {
                    let template = format!("`e.args` of {what} is not supported in compiled code: use `str(e)`");
                    Expr::new(ExprKind::RaiseFormat { exc: ExcKind::NotImplementedError, template, args: vec![] }, Type::None, span)
                };
                let none = || Expr::constant(ferrojit_ir::Const::None, span);
                let if_raise = |cond: Expr, then: Expr, orelse: Expr| Expr::new(ExprKind::IfExp { cond: Box::new(cond), then: Box::new(then), orelse: Box::new(orelse) }, Type::None, span);
                let check = if_raise(errno, raise("float `**`'s OverflowError (CPython's are `(34, 'Numerical result out of range')`)"), none());
                let check = if_raise(keyed, raise("a dict's KeyError (CPython's holds the key)"), check);
                self.after(check, message)
            }
            CAUGHT_ISINSTANCE => {
                let kind = arg(self, 0)?;
                let kinds = self.caught_kinds(&c.args[1])?;
                kind_is(kind, &kinds, span)
            }
            _ => return Ok(None),
        }))
    }

    /// `raise $reraise(kind, message)`: the caught exception raised again, by its kind.
    pub fn reraise(&mut self, c: &ast::ExprCall, span: ferrojit_ir::Span) -> LResult<Option<Vec<Stmt>>> {
        let ast::Expr::Name(f) = c.func.as_ref() else { return Ok(None) };
        if f.id.as_str() != RERAISE {
            return Ok(None);
        }
        let (kind, message) = (self.lower_expr(&c.args[0])?, self.lower_expr(&c.args[1])?);
        let mut out = Vec::new();
        for k in ExcKind::ALL {
            let raise = Expr::new(ExprKind::RaiseFormat { exc: *k, template: "{}".into(), args: vec![PrintArg::Value(message.clone())] }, Type::None, span);
            out.push(Stmt { kind: StmtKind::If { cond: kind_is(kind.clone(), &[*k], span), then_body: vec![Stmt { kind: StmtKind::Expr(raise), span }], else_body: vec![] }, span });
        }
        // Never reached (the kind is one of the above); it ends the block.
        out.push(Stmt { kind: StmtKind::Raise { exc: ExcKind::Exception, message: String::new() }, span });
        Ok(Some(out))
    }
}

/// Whether the kind code `kind` (int64) is one of `kinds`.
fn kind_is(kind: Expr, kinds: &[ExcKind], span: ferrojit_ir::Span) -> Expr {
    let mut out = Expr::constant(ferrojit_ir::Const::Bool(false), span);
    for k in kinds {
        let code = Expr::constant(ferrojit_ir::Const::Int(k.code() as i64), span);
        let is = Expr::new(ExprKind::Compare { op: ferrojit_ir::CmpOp::Eq, lhs: Box::new(kind.clone()), rhs: Box::new(code) }, Type::Bool, span);
        out = Expr::new(ExprKind::Or(Box::new(out), Box::new(is)), Type::Bool, span);
    }
    out
}
