//! `with objmode(y="float64", ...):` blocks: code run by the Python interpreter in the
//! middle of compiled code (Numba's object mode context), for what compiled code cannot
//! do (a call into any Python library, I/O, timing).
//!
//! In: a parsed function whose body may hold such blocks (`objmode` named as a global,
//! `numba.objmode` / `ferrojit.objmode`, with or without a call). Out: each block replaced
//! by one core statement, `y, z = $objmodeN(a, b)` (or `$objmodeN(a, b)` without
//! outputs), and an [`ObjModeBlock`]: the block's source as a Python function of its
//! inputs returning its outputs. The lowering (`objmode_call`) makes that function with
//! the bindings and calls it through the runtime: inputs are the enclosing function's
//! variables the block reads (numbers, strings, tuples, arrays as views of the same
//! memory, so writes are seen), outputs are the declared names, converted to the
//! declared types (arrays copied into compiled code's memory).
//!
//! Invariants: blocks are found at any depth of compound statements but not inside inner
//! functions; a block assigns every declared output (else Python's UnboundLocalError
//! when it runs); names it assigns that are not declared stay its own, as in Numba.

use crate::function::{FunctionLowerer, LResult};
use crate::source::SourceMap;
use crate::GlobalValue;
use ferrojit_ir::{Expr, ExprKind, PrintArg, Type};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;
use std::collections::HashSet;

/// One `with objmode(...)` block.
#[derive(Clone, Debug)]
pub struct ObjModeBlock {
    /// `def __ferrojit_objmode__(inputs...): body; return outputs` as Python source.
    pub source: String,
    pub inputs: Vec<String>,
    /// Declared outputs: name and type (a Numba type string, or an expression naming a
    /// `ferrojit.types` object).
    pub outputs: Vec<(String, OutputType)>,
    pub range: TextRange,
    /// Where the block's body is (its first line is the Python function's second).
    pub body_range: TextRange,
}

#[derive(Clone, Debug)]
pub enum OutputType {
    Text(String),
    Expr(ast::Expr),
}

/// The core call's name for block `i`.
fn call_name(i: usize) -> String {
    format!("$objmode{i}")
}

type Found = Result<Vec<ObjModeBlock>, (TextRange, String)>;

/// Replace the `with objmode` blocks of `def` (see the module doc); `is_objmode` tells
/// whether a `with` item's expression names the objmode context.
pub fn extract(def: &mut ast::StmtFunctionDef, map: &SourceMap, is_objmode: &dyn Fn(&ast::Expr) -> bool) -> Found {
    let mut blocks = Vec::new();
    let params: Vec<String> =
        def.args.posonlyargs.iter().chain(&def.args.args).chain(&def.args.kwonlyargs).map(|p| p.def.arg.to_string()).collect();
    let snapshot = def.body.clone();
    def.body = rewrite(std::mem::take(&mut def.body), &mut blocks, &Ctx { map, is_objmode, params: &params, whole: &snapshot })?;
    Ok(blocks)
}

struct Ctx<'a> {
    map: &'a SourceMap,
    is_objmode: &'a dyn Fn(&ast::Expr) -> bool,
    params: &'a [String],
    /// The function's body before rewriting (to find what is assigned outside a block).
    whole: &'a [ast::Stmt],
}

fn rewrite(stmts: Vec<ast::Stmt>, blocks: &mut Vec<ObjModeBlock>, ctx: &Ctx<'_>) -> Result<Vec<ast::Stmt>, (TextRange, String)> {
    let mut out = Vec::with_capacity(stmts.len());
    for s in stmts {
        out.push(match s {
            ast::Stmt::With(w) if w.items.len() == 1 && (ctx.is_objmode)(context_callee(&w.items[0].context_expr)) => block(w, blocks, ctx)?,
            ast::Stmt::If(mut i) => {
                i.body = rewrite(i.body, blocks, ctx)?;
                i.orelse = rewrite(i.orelse, blocks, ctx)?;
                ast::Stmt::If(i)
            }
            ast::Stmt::For(mut f) => {
                f.body = rewrite(f.body, blocks, ctx)?;
                f.orelse = rewrite(f.orelse, blocks, ctx)?;
                ast::Stmt::For(f)
            }
            ast::Stmt::While(mut w) => {
                w.body = rewrite(w.body, blocks, ctx)?;
                w.orelse = rewrite(w.orelse, blocks, ctx)?;
                ast::Stmt::While(w)
            }
            ast::Stmt::Try(mut t) => {
                for b in crate::exceptions::try_blocks_mut(&mut t) {
                    *b = rewrite(std::mem::take(b), blocks, ctx)?;
                }
                ast::Stmt::Try(t)
            }
            other => other,
        });
    }
    Ok(out)
}

/// `objmode` of `objmode(...)`, or the expression itself.
fn context_callee(e: &ast::Expr) -> &ast::Expr {
    match e {
        ast::Expr::Call(c) => &c.func,
        other => other,
    }
}

fn block(w: ast::StmtWith, blocks: &mut Vec<ObjModeBlock>, ctx: &Ctx<'_>) -> Result<ast::Stmt, (TextRange, String)> {
    let range = w.range;
    if w.items[0].optional_vars.is_some() {
        return Err((range, "`with objmode(...) as name` is not supported: objmode gives no value".into()));
    }
    let mut outputs = Vec::new();
    if let ast::Expr::Call(c) = &w.items[0].context_expr {
        if let Some(a) = c.args.first() {
            return Err((a.range(), "objmode takes its outputs as keywords: `objmode(y=\"float64\")`".into()));
        }
        for k in &c.keywords {
            let Some(name) = &k.arg else { return Err((k.range, "objmode takes its outputs as keywords: `objmode(y=\"float64\")`".into())) };
            let ty = match &k.value {
                ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => OutputType::Text(s.clone()),
                other => OutputType::Expr(other.clone()),
            };
            outputs.push((name.to_string(), ty));
        }
    }
    // Inputs: what the block reads of the enclosing function's own variables (its
    // parameters and the names it assigns outside this block).
    let mut outside: HashSet<String> = ctx.params.iter().cloned().collect();
    crate::function::collect_assigned(&without(ctx.whole, range), &mut outside);
    // (`y += 1` reads `y` too: an AugAssign's target is not a Load in the AST)
    let mut read = crate::closures::loads(&w.body);
    aug_targets(&w.body, &mut read);
    let inputs: Vec<String> = read.into_iter().filter(|n| outside.contains(n)).collect();
    let source = function_source(&w, &inputs, &outputs, ctx.map)?;
    let i = blocks.len();
    let body_range = TextRange::new(w.body.first().map_or(range.start(), |s| s.range().start()), range.end());
    blocks.push(ObjModeBlock { source, inputs: inputs.clone(), outputs: outputs.clone(), range, body_range });
    let load = |n: &str, ctx| ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(n), ctx, range });
    // An input that is also an output (`y += f(x)` inside, `y` declared): read into a name
    // of its own first, so the call's assignment does not read the name it binds.
    let mut before = Vec::new();
    let args: Vec<ast::Expr> = inputs
        .iter()
        .map(|n| {
            if outputs.iter().any(|(o, _)| o == n) {
                let alias = format!("{}{n}_in{i}", crate::desugar::LET_PREFIX);
                before.push(ast::Stmt::Assign(ast::StmtAssign { targets: vec![load(&alias, ast::ExprContext::Store)], value: Box::new(load(n, ast::ExprContext::Load)), type_comment: None, range }));
                load(&alias, ast::ExprContext::Load)
            } else {
                load(n, ast::ExprContext::Load)
            }
        })
        .collect();
    let call = ast::Expr::Call(ast::ExprCall {
        func: Box::new(load(&call_name(i), ast::ExprContext::Load)),
        args,
        keywords: vec![],
        range,
    });
    Ok(match outputs.len() {
        0 => ast::Stmt::Expr(ast::StmtExpr { value: Box::new(call), range }),
        n => {
            let target = if n == 1 {
                load(&outputs[0].0, ast::ExprContext::Store)
            } else {
                ast::Expr::Tuple(ast::ExprTuple { elts: outputs.iter().map(|(o, _)| load(o, ast::ExprContext::Store)).collect(), ctx: ast::ExprContext::Store, range })
            };
            let assign = ast::Stmt::Assign(ast::StmtAssign { targets: vec![target], value: Box::new(call), type_comment: None, range });
            if before.is_empty() {
                assign
            } else {
                // (one statement in the place of the `with`: `if True:` holds both)
                before.push(assign);
                let yes = ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Bool(true), kind: None, range });
                ast::Stmt::If(ast::StmtIf { test: Box::new(yes), body: before, orelse: vec![], range })
            }
        }
    })
}

/// `stmts` with the statement at `range` (at any depth) left out.
fn without(stmts: &[ast::Stmt], range: TextRange) -> Vec<ast::Stmt> {
    let mut out = Vec::new();
    for s in stmts {
        if s.range() == range {
            continue;
        }
        out.push(match s.clone() {
            ast::Stmt::If(mut i) => {
                i.body = without(&i.body, range);
                i.orelse = without(&i.orelse, range);
                ast::Stmt::If(i)
            }
            ast::Stmt::For(mut f) => {
                f.body = without(&f.body, range);
                f.orelse = without(&f.orelse, range);
                ast::Stmt::For(f)
            }
            ast::Stmt::While(mut w) => {
                w.body = without(&w.body, range);
                w.orelse = without(&w.orelse, range);
                ast::Stmt::While(w)
            }
            ast::Stmt::Try(mut t) => {
                for b in crate::exceptions::try_blocks_mut(&mut t) {
                    *b = without(b, range);
                }
                ast::Stmt::Try(t)
            }
            other => other,
        });
    }
    out
}

/// The names `x += ...` updates in `stmts` (at any depth).
fn aug_targets(stmts: &[ast::Stmt], out: &mut std::collections::BTreeSet<String>) {
    crate::parallel::walk_stmts(stmts, &mut |s| {
        if let ast::Stmt::AugAssign(a) = s {
            if let ast::Expr::Name(n) = a.target.as_ref() {
                out.insert(n.id.to_string());
            }
        }
    });
}

/// The block as `def __ferrojit_objmode__(inputs): <body>; return <outputs>`.
fn function_source(w: &ast::StmtWith, inputs: &[String], outputs: &[(String, OutputType)], map: &SourceMap) -> Result<String, (TextRange, String)> {
    let (Some(first), Some(last)) = (w.body.first(), w.body.last()) else { return Err((w.range, "an empty objmode block".into())) };
    let text = map.whole_lines(TextRange::new(first.range().start(), last.range().end()));
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut src = format!("def __ferrojit_objmode__({}):\n", inputs.join(", "));
    for line in text.lines() {
        let body = if line.len() >= indent { &line[indent..] } else { line.trim_start() };
        src.push_str("    ");
        src.push_str(body);
        src.push('\n');
    }
    match outputs.len() {
        0 => src.push_str("    return None\n"),
        1 => src.push_str(&format!("    return {}\n", outputs[0].0)),
        _ => src.push_str(&format!("    return ({},)\n", outputs.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>().join(", "))),
    }
    Ok(src)
}

impl FunctionLowerer<'_, '_> {
    /// `$objmodeN(inputs)`: block N run by Python (`ExprKind::PyCall`), or `None` for any
    /// other call.
    pub fn objmode_call(&mut self, c: &ast::ExprCall) -> LResult<Option<Expr>> {
        let ast::Expr::Name(f) = c.func.as_ref() else { return Ok(None) };
        let Some(i) = f.id.as_str().strip_prefix("$objmode").and_then(|n| n.parse::<usize>().ok()) else { return Ok(None) };
        let Some(block) = self.pf.objmode.get(i).cloned() else { return Ok(None) };
        let range = c.range;
        let mut types = Vec::new();
        for (name, t) in &block.outputs {
            let text = match t {
                OutputType::Text(s) => s.clone(),
                OutputType::Expr(e) => match self.type_object(e) {
                    Some(s) => s,
                    None => return Err(self.err(e.range(), format!("the type of objmode output `{name}` must be a type string (\"float64[:]\") or a ferrojit.types object"))),
                },
            };
            let ty = ferrojit_ir::parse_type(&text).map_err(|why| self.err(range, format!("objmode output `{name}`: {why}")))?;
            if !passable(&ty) {
                return Err(self.err(range, format!("objmode output `{name}` of type {ty}: outputs are numbers, strings, arrays and tuples of these")));
            }
            types.push(ty);
        }
        let mut args = Vec::new();
        for (a, name) in c.args.iter().zip(&block.inputs) {
            let v = self.lower_keep_optional(a)?;
            if !passable(&v.ty) && !matches!(v.ty, Type::Optional(_) | Type::None) {
                return Err(self.err(range, format!("objmode block reads `{name}`, a {}: compiled code passes numbers, strings, arrays and tuples to it", v.ty)));
            }
            args.push(PrintArg::Value(v));
        }
        let first_line = self.span(block.body_range).line;
        let func = self.b.resolver.python_function(self.b.resolver_key(self.key), &block.source, first_line).map_err(|why| self.err(range, format!("objmode block: {why}")))?;
        let ty = match types.len() {
            0 => Type::None,
            1 => types.remove(0),
            _ => Type::Tuple(types),
        };
        Ok(Some(Expr::new(ExprKind::PyCall { func, args }, ty, self.span(range))))
    }

    /// The type string of a `ferrojit.types` object named by `e` (`types.float64`).
    pub(crate) fn type_object(&mut self, e: &ast::Expr) -> Option<String> {
        let g = match e {
            ast::Expr::Name(n) => self.global(n.id.as_str()),
            ast::Expr::Attribute(a) => self.resolve_attribute(a).ok().flatten()?,
            _ => return None,
        };
        match g {
            GlobalValue::NumpyDType(t) | GlobalValue::TypeObject(t) => Some(t),
            _ => None,
        }
    }
}

/// Whether values of `ty` cross into and out of Python in an objmode block.
fn passable(ty: &Type) -> bool {
    match ty {
        Type::Tuple(items) => items.iter().all(passable),
        Type::Array(_) | Type::Text | Type::Str(_) => true,
        t => t.is_number(),
    }
}
