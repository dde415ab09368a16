//! Desugar: the parsed function rewritten into the smaller core the lowering handles.
//!
//! In: a parsed function ([`crate::source`]). Out: the same function without these
//! constructs, each rewritten with the core's statements and a hidden `$` variable:
//! - `while`/`for` ... `else`: a flag set before the loop, cleared by each `break` of
//!   that loop (not of loops nested in it), and `if flag:` around the `else` block
//!   after the loop.
//!
//! Invariants: source ranges are kept (a rewritten statement points at the original),
//! so errors and the annotation report still name the user's lines; hidden variables
//! start with `$` and never clash with Python names. [`hir_text`] prints the result
//! (after [`crate::webs`] has renamed the webs) for `FERROJIT_DUMP_HIR=1` and the
//! snapshot tests.

use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

/// Desugar `def`'s body.
pub fn desugar(mut def: ast::StmtFunctionDef) -> ast::StmtFunctionDef {
    let mut counter = 0;
    def.body = block(std::mem::take(&mut def.body), &mut counter);
    def
}

fn block(stmts: Vec<ast::Stmt>, counter: &mut usize) -> Vec<ast::Stmt> {
    let mut out = Vec::with_capacity(stmts.len());
    for s in stmts {
        out.extend(stmt(s, counter));
    }
    out
}

fn stmt(s: ast::Stmt, counter: &mut usize) -> Vec<ast::Stmt> {
    match s {
        ast::Stmt::If(mut i) => {
            i.body = block(i.body, counter);
            i.orelse = block(i.orelse, counter);
            vec![ast::Stmt::If(i)]
        }
        ast::Stmt::While(mut w) => {
            w.body = block(w.body, counter);
            let orelse = block(std::mem::take(&mut w.orelse), counter);
            let range = w.range;
            with_else(orelse, counter, range, |flag| {
                if let Some(flag) = flag {
                    w.body = clear_on_break(std::mem::take(&mut w.body), flag, range);
                }
                ast::Stmt::While(w)
            })
        }
        ast::Stmt::For(mut f) => {
            f.body = block(f.body, counter);
            let orelse = block(std::mem::take(&mut f.orelse), counter);
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
