//! Desugar: the parsed function rewritten into the smaller core the lowering handles.
//!
//! In: a parsed function ([`crate::source`]). Out: the same function without these
//! constructs, each rewritten with the core's statements and a hidden `$` variable:
//! - `while`/`for` ... `else`: a flag set before the loop, cleared by each `break` of
//!   that loop (not of loops nested in it), and `if flag:` around the `else` block
//!   after the loop.
//! - chained comparisons: `a < b < c` is `a < ($let1 := b) and $let1 < c`, the middle
//!   operand evaluated once (not bound when it is a name or a constant).
//! - `except E as e:` where the handler reads `e`, or re-raises with a bare `raise`:
//!   the caught exception's kind and message in hidden names at the handler's start,
//!   `e` bound to its text (see [`crate::exceptions::bind_caught`]).
//! - augmented assignment to a subscript: `f(x)[g(i)] += v` evaluates the container and
//!   the index once, into `$let` variables, before the in-place operation, as CPython
//!   does; the core's `op=` then only has names or constants for them.
//!
//! The core's *let* is the assignment expression `($letN := value)` with a hidden name
//! (the lowering's `Let`); user-written `:=` is not part of the core yet. The core keeps
//! these as they are: conditional expressions and `and`/`or` (expressions with lazy
//! operands, lowered to branches), tuple-target assignment (a parallel assignment whose
//! errors name the unpacking), and `op=` on a name (in place for arrays, a rebinding for
//! numbers: only the lowering knows the type).
//!
//! Invariants: source ranges are kept (a rewritten statement points at the original),
//! so errors and the annotation report still name the user's lines; hidden variables
//! start with `$` and never clash with Python names. [`hir_text`] prints the result
//! (after [`crate::webs`] has renamed the webs) for `FERROJIT_DUMP_HIR=1` and the
//! snapshot tests.

use rustpython_parser::ast::{self, fold::Fold, Ranged};
use rustpython_parser::text_size::TextRange;

/// Desugar `def`'s body.
pub fn desugar(mut def: ast::StmtFunctionDef) -> ast::StmtFunctionDef {
    let mut counter = 0;
    let mut deleted = std::collections::HashSet::new();
    collect_deleted(&def.body, &mut deleted);
    let mut lets = Lets { counter: 0, deleted };
    def.body = block(std::mem::take(&mut def.body), &mut counter, &mut lets);
    def
}

/// The prefix of the core let's hidden names.
pub const LET_PREFIX: &str = "$let";

/// Rewrites chained comparisons and augmented subscript assignments with core lets.
struct Lets {
    counter: usize,
    /// Names a `del` unbinds somewhere in the function (their reads may raise).
    deleted: std::collections::HashSet<String>,
}

/// The names `del` statements in `stmts` (at any depth) delete.
fn collect_deleted(stmts: &[ast::Stmt], out: &mut std::collections::HashSet<String>) {
    struct Dels<'a>(&'a mut std::collections::HashSet<String>);
    impl ast::fold::Fold<TextRange> for Dels<'_> {
        crate::range_fold!();
        fn fold_stmt(&mut self, s: ast::Stmt) -> Result<ast::Stmt, Self::Error> {
            if let ast::Stmt::Delete(d) = &s {
                for t in &d.targets {
                    if let ast::Expr::Name(n) = t {
                        self.0.insert(n.id.to_string());
                    }
                }
            }
            ast::fold::fold_stmt(self, s)
        }
    }
    let mut d = Dels(out);
    for s in stmts {
        let _ = d.fold_stmt(s.clone());
    }
}

impl Lets {
    fn expr(&mut self, e: ast::Expr) -> ast::Expr {
        self.fold_expr(e).unwrap_or_else(|e| match e {})
    }

    fn fresh(&mut self) -> String {
        self.counter += 1;
        format!("{LET_PREFIX}{}", self.counter)
    }

    /// `($letN := value)`, and a read of `$letN`; a name or a constant is used as it is.
    fn bind(&mut self, value: ast::Expr) -> (ast::Expr, ast::Expr) {
        if matches!(value, ast::Expr::Name(_) | ast::Expr::Constant(_)) {
            return (value.clone(), value);
        }
        let range = value.range();
        let t = self.fresh();
        let bound = ast::Expr::NamedExpr(ast::ExprNamedExpr {
            target: Box::new(name(&t, ast::ExprContext::Store, range)),
            value: Box::new(value),
            range,
        });
        (bound, name(&t, ast::ExprContext::Load, range))
    }

    fn chain(&mut self, c: ast::ExprCompare) -> ast::Expr {
        if c.ops.len() < 2 {
            return ast::Expr::Compare(c);
        }
        let range = c.range;
        let n = c.ops.len();
        let mut left = *c.left;
        let mut parts = Vec::new();
        for (i, (op, right)) in c.ops.into_iter().zip(c.comparators).enumerate() {
            let (bound, read) = if i + 1 < n { self.bind(right) } else { (right.clone(), right) };
            let part_range = bound.range();
            parts.push(ast::Expr::Compare(ast::ExprCompare {
                left: Box::new(left),
                ops: vec![op],
                comparators: vec![bound],
                range: part_range,
            }));
            left = read;
        }
        ast::Expr::BoolOp(ast::ExprBoolOp { op: ast::BoolOp::And, values: parts, range })
    }
}

impl Lets {
    /// `base[index] op= value` -> `$letB = base; $letI = index; $letB[$letI] op= value`
    /// (each only when not already a name or a constant; a tuple index by its items).
    fn augmented(&mut self, mut a: ast::StmtAugAssign) -> Vec<ast::Stmt> {
        let ast::Expr::Subscript(sub) = a.target.as_mut() else { return vec![ast::Stmt::AugAssign(a)] };
        fn simple(e: &ast::Expr) -> bool {
            match e {
                ast::Expr::Name(_) | ast::Expr::Constant(_) => true,
                ast::Expr::Slice(s) => [&s.lower, &s.upper, &s.step].into_iter().flatten().all(|p| simple(p)),
                ast::Expr::UnaryOp(u) => matches!(u.operand.as_ref(), ast::Expr::Constant(_)),
                _ => false,
            }
        }
        let index_simple = match sub.slice.as_ref() {
            ast::Expr::Tuple(t) => t.elts.iter().all(simple),
            other => simple(other),
        };
        if simple(&sub.value) && index_simple {
            return vec![ast::Stmt::AugAssign(a)];
        }
        let mut before = Vec::new();
        let mut hoist = |lets: &mut Lets, e: ast::Expr, force: bool| -> ast::Expr {
            if simple(&e) && !force {
                return e;
            }
            if let ast::Expr::Slice(mut sl) = e {
                // A slice stays in place; its bounds are evaluated once.
                for part in [&mut sl.lower, &mut sl.upper, &mut sl.step].into_iter().flatten() {
                    if !simple(part) {
                        let range = part.range();
                        let t = lets.fresh();
                        let value = std::mem::replace(part.as_mut(), name(&t, ast::ExprContext::Load, range));
                        before.push(ast::Stmt::Assign(ast::StmtAssign {
                            targets: vec![name(&t, ast::ExprContext::Store, range)],
                            value: Box::new(value),
                            type_comment: None,
                            range,
                        }));
                    }
                }
                return ast::Expr::Slice(sl);
            }
            let range = e.range();
            let t = lets.fresh();
            before.push(ast::Stmt::Assign(ast::StmtAssign {
                targets: vec![name(&t, ast::ExprContext::Store, range)],
                value: Box::new(e),
                type_comment: None,
                range,
            }));
            name(&t, ast::ExprContext::Load, range)
        };
        let placeholder = || name("", ast::ExprContext::Load, TextRange::default());
        let base = std::mem::replace(sub.value.as_mut(), placeholder());
        // A name a `del` may have unbound is read first, as CPython reads the container
        // before the index (`del a; a[1 % 0] += 1` raises UnboundLocalError).
        let deleted = matches!(&base, ast::Expr::Name(n) if self.deleted.contains(n.id.as_str())) && !index_simple;
        *sub.value = hoist(self, base, deleted);
        let index = std::mem::replace(sub.slice.as_mut(), placeholder());
        *sub.slice = match index {
            ast::Expr::Tuple(mut t) => {
                t.elts = t.elts.into_iter().map(|x| hoist(self, x, false)).collect();
                ast::Expr::Tuple(t)
            }
            other => hoist(self, other, false),
        };
        before.push(ast::Stmt::AugAssign(a));
        before
    }
}

impl ast::fold::Fold<TextRange> for Lets {
    crate::range_fold!();

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        let e = ast::fold::fold_expr(self, e)?;
        Ok(match e {
            ast::Expr::Compare(c) => self.chain(c),
            other => other,
        })
    }

}

fn block(stmts: Vec<ast::Stmt>, counter: &mut usize, lets: &mut Lets) -> Vec<ast::Stmt> {
    let mut out = Vec::with_capacity(stmts.len());
    for s in stmts {
        out.extend(stmt(s, counter, lets));
    }
    out
}

fn stmt(s: ast::Stmt, counter: &mut usize, lets: &mut Lets) -> Vec<ast::Stmt> {
    // Expressions first (a compound statement's own: its nested blocks are left to
    // the walk below), then the statement's own rewrite.
    let s = match s {
        ast::Stmt::If(mut i) => {
            i.test = Box::new(lets.expr(*i.test));
            ast::Stmt::If(i)
        }
        ast::Stmt::While(mut w) => {
            w.test = Box::new(lets.expr(*w.test));
            ast::Stmt::While(w)
        }
        ast::Stmt::For(mut f) => {
            f.iter = Box::new(lets.expr(*f.iter));
            ast::Stmt::For(f)
        }
        simple => lets.fold_stmt(simple).unwrap_or_else(|e| match e {}),
    };
    match s {
        ast::Stmt::AugAssign(a) => lets.augmented(a),
        ast::Stmt::If(mut i) => {
            i.body = block(i.body, counter, lets);
            i.orelse = block(i.orelse, counter, lets);
            vec![ast::Stmt::If(i)]
        }
        ast::Stmt::While(mut w) => {
            w.body = block(w.body, counter, lets);
            let orelse = block(std::mem::take(&mut w.orelse), counter, lets);
            let range = w.range;
            with_else(orelse, counter, range, |flag| {
                if let Some(flag) = flag {
                    w.body = clear_on_break(std::mem::take(&mut w.body), flag, range);
                }
                ast::Stmt::While(w)
            })
        }
        ast::Stmt::Try(mut t) => {
            for b in crate::exceptions::try_blocks_mut(&mut t) {
                *b = block(std::mem::take(b), counter, lets);
            }
            for h in &mut t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                crate::exceptions::bind_caught(h, counter);
            }
            vec![ast::Stmt::Try(t)]
        }
        ast::Stmt::For(mut f) => {
            f.body = block(f.body, counter, lets);
            let orelse = block(std::mem::take(&mut f.orelse), counter, lets);
            let range = f.range;
            with_else(orelse, counter, range, |flag| {
                if let Some(flag) = flag {
                    f.body = clear_on_break(std::mem::take(&mut f.body), flag, range);
                }
                ast::Stmt::For(f)
            })
        }
        other => vec![other],
    }
}

fn new_flag(counter: &mut usize) -> String {
    *counter += 1;
    format!("$no_break{counter}")
}

fn name(id: &str, ctx: ast::ExprContext, range: TextRange) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx, range })
}

fn assign_bool(flag: &str, value: bool, range: TextRange) -> ast::Stmt {
    ast::Stmt::Assign(ast::StmtAssign {
        targets: vec![name(flag, ast::ExprContext::Store, range)],
        value: Box::new(ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Bool(value), kind: None, range })),
        type_comment: None,
        range,
    })
}

/// A loop (built by `the_loop`, given the flag its `break`s must clear) without its
/// `else` block: unchanged when there is none, else `flag = True; <loop>; if flag: <orelse>`.
fn with_else(
    orelse: Vec<ast::Stmt>,
    counter: &mut usize,
    range: TextRange,
    the_loop: impl FnOnce(Option<&str>) -> ast::Stmt,
) -> Vec<ast::Stmt> {
    if orelse.is_empty() {
        return vec![the_loop(None)];
    }
    let flag = new_flag(counter);
    let test = Box::new(name(&flag, ast::ExprContext::Load, range));
    let then = ast::Stmt::If(ast::StmtIf { test, body: orelse, orelse: vec![], range });
    vec![assign_bool(&flag, true, range), the_loop(Some(&flag)), then]
}

/// Each `break` of this loop (not of nested loops) clears `flag` first.
fn clear_on_break(stmts: Vec<ast::Stmt>, flag: &str, loop_range: TextRange) -> Vec<ast::Stmt> {
    let mut out = Vec::with_capacity(stmts.len());
    for s in stmts {
        match s {
            ast::Stmt::Break(b) => {
                out.push(assign_bool(flag, false, b.range));
                out.push(ast::Stmt::Break(b));
            }
            ast::Stmt::If(mut i) => {
                i.body = clear_on_break(i.body, flag, loop_range);
                i.orelse = clear_on_break(i.orelse, flag, loop_range);
                out.push(ast::Stmt::If(i));
            }
            ast::Stmt::Try(mut t) => {
                for b in crate::exceptions::try_blocks_mut(&mut t) {
                    *b = clear_on_break(std::mem::take(b), flag, loop_range);
                }
                out.push(ast::Stmt::Try(t));
            }
            // A nested loop's own `break`s are its own; its `else` runs in this loop.
            ast::Stmt::While(mut w) => {
                w.orelse = clear_on_break(w.orelse, flag, loop_range);
                out.push(ast::Stmt::While(w));
            }
            ast::Stmt::For(mut f) => {
                f.orelse = clear_on_break(f.orelse, flag, loop_range);
                out.push(ast::Stmt::For(f));
            }
            other => out.push(other),
        }
    }
    out
}

/// The function as Python-like text: one statement per line, the names as the later
/// stages see them (`x#1` for a second web of `x`, `$` for hidden variables).
pub fn hir_text(def: &ast::StmtFunctionDef) -> String {
    let params: Vec<String> = def
        .args
        .posonlyargs
        .iter()
        .chain(&def.args.args)
        .chain(&def.args.kwonlyargs)
        .map(|p| p.def.arg.to_string())
        .collect();
    let mut out = format!("def {}({}):\n", def.name, params.join(", "));
    print_block(&def.body, 1, &mut out);
    out
}

fn print_block(stmts: &[ast::Stmt], depth: usize, out: &mut String) {
    if stmts.is_empty() {
        out.push_str(&format!("{}pass\n", "    ".repeat(depth)));
    }
    for s in stmts {
        print_stmt(s, depth, out);
    }
}

fn print_stmt(s: &ast::Stmt, depth: usize, out: &mut String) {
    let pad = "    ".repeat(depth);
    let line = |out: &mut String, text: String| out.push_str(&format!("{pad}{text}\n"));
    match s {
        ast::Stmt::Assign(a) => {
            let targets: Vec<String> = a.targets.iter().map(|t| t.to_string()).collect();
            line(out, format!("{} = {}", targets.join(" = "), a.value));
        }
        ast::Stmt::AugAssign(a) => line(out, format!("{} {}= {}", a.target, aug_op(a.op), a.value)),
        ast::Stmt::AnnAssign(a) => match &a.value {
            Some(v) => line(out, format!("{}: {} = {}", a.target, a.annotation, v)),
            None => line(out, format!("{}: {}", a.target, a.annotation)),
        },
        ast::Stmt::Expr(e) => line(out, e.value.to_string()),
        ast::Stmt::Return(r) => line(out, r.value.as_ref().map(|v| format!("return {v}")).unwrap_or_else(|| "return".into())),
        ast::Stmt::Pass(_) => line(out, "pass".into()),
        ast::Stmt::Break(_) => line(out, "break".into()),
        ast::Stmt::Continue(_) => line(out, "continue".into()),
        ast::Stmt::Raise(r) => line(out, r.exc.as_ref().map(|e| format!("raise {e}")).unwrap_or_else(|| "raise".into())),
        ast::Stmt::Assert(a) => match &a.msg {
            Some(m) => line(out, format!("assert {}, {m}", a.test)),
            None => line(out, format!("assert {}", a.test)),
        },
        ast::Stmt::Delete(d) => {
            let targets: Vec<String> = d.targets.iter().map(|t| t.to_string()).collect();
            line(out, format!("del {}", targets.join(", ")));
        }
        ast::Stmt::If(i) => {
            line(out, format!("if {}:", i.test));
            print_block(&i.body, depth + 1, out);
            if !i.orelse.is_empty() {
                line(out, "else:".into());
                print_block(&i.orelse, depth + 1, out);
            }
        }
        ast::Stmt::While(w) => {
            line(out, format!("while {}:", w.test));
            print_block(&w.body, depth + 1, out);
            if !w.orelse.is_empty() {
                line(out, "else:".into());
                print_block(&w.orelse, depth + 1, out);
            }
        }
        ast::Stmt::For(f) => {
            line(out, format!("for {} in {}:", f.target, f.iter));
            print_block(&f.body, depth + 1, out);
            if !f.orelse.is_empty() {
                line(out, "else:".into());
                print_block(&f.orelse, depth + 1, out);
            }
        }
        other => line(out, format!("<{} at {:?}>", stmt_kind(other), other.range())),
    }
}

fn stmt_kind(s: &ast::Stmt) -> &'static str {
    match s {
        ast::Stmt::FunctionDef(_) => "def",
        ast::Stmt::With(_) => "with",
        ast::Stmt::Try(_) => "try",
        ast::Stmt::Match(_) => "match",
        _ => "statement",
    }
}

fn aug_op(op: ast::Operator) -> &'static str {
    use ast::Operator::*;
    match op {
        Add => "+",
        Sub => "-",
        Mult => "*",
        MatMult => "@",
        Div => "/",
        Mod => "%",
        Pow => "**",
        LShift => "<<",
        RShift => ">>",
        BitOr => "|",
        BitXor => "^",
        BitAnd => "&",
        FloorDiv => "//",
    }
}
