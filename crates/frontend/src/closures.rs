//! Inner functions and lambdas, lifted out of the function that defines them.
//!
//! In: a parsed function whose body may hold `def g(...):` statements and `g = lambda
//! ...: ...` assignments. Out: the body without them, and one [`Lifted`] function per
//! inner function, compiled like any other callee (specialised per argument types,
//! inlined when small, called directly: never through a boxed function object).
//!
//! A name the inner function reads from the enclosing function (a *capture*) becomes a
//! keyword-only parameter of the lifted function, and every call `g(...)` passes the
//! captured variables' current values (`g(x, k=k)`): as in CPython, where the inner
//! function reads its cells when it runs, so a variable rebound before the call is seen
//! with its new value. Arrays are passed by reference, so writes to a captured array are
//! seen outside. An inner function that calls another inner function also captures what
//! that one captures.
//!
//! A lambda elsewhere in an expression (`apply(lambda v: v * k, a)`) is lifted too, as
//! `$lambdaN`. An inner function used as a value (passed, stored, returned to a compiled
//! caller) is the function itself (`Type::Function`) when it captures nothing, else the
//! tuple `(g, k1, k2, ...)` of the function and its captures' current values, which a
//! call through the value passes back (crate::call).
//!
//! Invariants: an inner function is named once in the body (one `def` or one `name =
//! lambda`), does not
//! assign to a captured name (`nonlocal` is an error; an assignment makes the name the
//! inner function's own, as in Python), is not decorated and defines no functions
//! itself; its default values are constants. Each is an error naming the line.

use crate::{ConstValue, GlobalValue};
use rustpython_parser::ast::{self, fold::Fold, Ranged};
use rustpython_parser::text_size::TextRange;
use std::collections::{BTreeSet, HashMap, HashSet};

/// An inner function lifted out of its enclosing function.
pub struct Lifted {
    pub name: String,
    /// Its definition, with one keyword-only parameter per capture appended.
    pub def: ast::StmtFunctionDef,
    /// Default values of its positional parameters (aligned to the last ones).
    pub defaults: Vec<GlobalValue>,
    /// The enclosing function's variables it reads (its last keyword-only parameters).
    pub captures: Vec<String>,
}

pub type LiftError = (TextRange, String);

/// Lift the inner functions of `def` (see the module doc).
pub fn lift(def: &mut ast::StmtFunctionDef) -> Result<Vec<Lifted>, LiftError> {
    lift_tagged(def, "")
}

/// [`lift`], the hidden names it makes (`$listcompN`, `$lambdaN`...) tagged `$<tag>...`
/// (a second lift of one function, after generators are inlined into it, names its
/// functions apart from the first's).
pub fn lift_tagged(def: &mut ast::StmtFunctionDef, tag: &str) -> Result<Vec<Lifted>, LiftError> {
    let mut found = Vec::new();
    def.body = take_inner(std::mem::take(&mut def.body), &mut found)?;
    // List comprehensions: each a function of its own (crate::comprehensions).
    let mut comps = crate::comprehensions::ComprehensionLifter::tagged(tag);
    def.body = def.body.drain(..).map(|s| comps.fold_stmt(s).unwrap_or_else(|e| match e {})).collect();
    let comp_defs = comps.found;
    // Lambdas written where a value is expected (`apply(lambda v: v * k, a)`): each an
    // inner function of its own, named `$lambdaN`, the expression a use of it as a value.
    let mut lambdas = LambdaLifter { found: Vec::new(), tag: tag.to_string() };
    def.body = def.body.drain(..).map(|s| lambdas.fold_stmt(s).unwrap_or_else(|e| match e {})).collect();
    // (a lambda in a comprehension, `sorted(l, key=lambda k: -k)`, is lifted out of the
    // comprehension's function when that is lifted in turn: it may read the
    // comprehension's own variables)
    found.extend(comp_defs.into_iter().map(|g| (g, Vec::new())));
    for (g, args) in lambdas.found {
        if g.args.vararg.is_some() || g.args.kwarg.is_some() {
            return Err((g.range, "lambdas with *args or **kwargs are not supported in compiled code yet".into()));
        }
        let defaults = defaults(&args)?;
        found.push((g, defaults));
    }
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let mut seen = HashSet::new();
    for (g, _) in &found {
        if !seen.insert(g.name.to_string()) {
            return Err((g.range, format!("inner function `{}` is defined twice; give each its own name", g.name)));
        }
    }
    let names: HashSet<String> = seen;
    let mut outer_locals: HashSet<String> = params(&def.args).into_iter().collect();
    crate::function::collect_assigned(&def.body, &mut outer_locals);
    for n in &names {
        if outer_locals.contains(n) {
            let g = found.iter().find(|(g, _)| g.name.as_str() == n).map(|(g, _)| g.range).unwrap_or_default();
            return Err((g, format!("`{n}` names an inner function and is also assigned; compiled code needs one meaning for it")));
        }
    }
    // What each inner function reads from outside itself, and which inner functions it calls.
    let mut free: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut calls: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (g, _) in &found {
        let mut own: HashSet<String> = params(&g.args).into_iter().collect();
        crate::function::collect_assigned(&g.body, &mut own);
        if let Some(s) = find_stmt(&g.body, &|s| matches!(s, ast::Stmt::Nonlocal(_) | ast::Stmt::Global(_))) {
            return Err((s, "`nonlocal`/`global` in an inner function is not supported in compiled code".into()));
        }
        if let Some(s) = find_stmt(&g.body, &|s| matches!(s, ast::Stmt::FunctionDef(_))) {
            return Err((s, "functions nested two levels deep are not supported in compiled code yet".into()));
        }
        let reads: BTreeSet<String> = loads(&g.body).into_iter().filter(|n| !own.contains(n)).collect();
        free.insert(g.name.to_string(), reads.iter().filter(|n| outer_locals.contains(*n)).cloned().collect());
        calls.insert(g.name.to_string(), reads.iter().filter(|n| names.contains(*n)).cloned().collect());
    }
    // Captures: its own free names, and those of the inner functions it calls (fixpoint).
    let mut captures = free.clone();
    loop {
        let mut changed = false;
        for (g, callees) in &calls {
            let mut add = BTreeSet::new();
            for h in callees {
                add.extend(captures[h].iter().cloned());
            }
            let mine = captures.get_mut(g).expect("every inner function has captures");
            let before = mine.len();
            mine.extend(add);
            changed |= mine.len() != before;
        }
        if !changed {
            break;
        }
    }
    let mut rewrite = CallRewriter { captures: &captures, shadowed: HashSet::new() };
    def.body = def.body.drain(..).map(|s| ValueRewriter { captures: &captures }.fold_stmt(s).unwrap_or_else(|e| match e {})).collect();
    def.body = def.body.drain(..).map(|s| rewrite.fold_stmt(s).unwrap_or_else(|e| match e {})).collect();
    let mut out = Vec::new();
    for (mut g, defaults) in found {
        let name = g.name.to_string();
        let mut own: HashSet<String> = params(&g.args).into_iter().collect();
        crate::function::collect_assigned(&g.body, &mut own);
        let mut inner = CallRewriter { captures: &captures, shadowed: own };
        g.body = g.body.drain(..).map(|s| inner.fold_stmt(s).unwrap_or_else(|e| match e {})).collect();
        for c in &captures[&name] {
            g.args.kwonlyargs.push(ast::ArgWithDefault {
                def: ast::Arg { arg: ast::Identifier::new(c.clone()), annotation: None, type_comment: None, range: g.range },
                default: None,
                range: g.range.into(),
            });
        }
        let captured = captures[&name].iter().cloned().collect();
        out.push(Lifted { name, def: g, defaults, captures: captured });
    }
    Ok(out)
}

fn params(args: &ast::Arguments) -> Vec<String> {
    args.posonlyargs.iter().chain(&args.args).chain(&args.kwonlyargs).map(|p| p.def.arg.to_string()).collect()
}

/// Remove the inner functions of a block (at any depth of `if`/`for`/`while`).
fn take_inner(
    stmts: Vec<ast::Stmt>,
    found: &mut Vec<(ast::StmtFunctionDef, Vec<GlobalValue>)>,
) -> Result<Vec<ast::Stmt>, LiftError> {
    let mut out = Vec::with_capacity(stmts.len());
    for s in stmts {
        match s {
            ast::Stmt::FunctionDef(g) => {
                if !g.decorator_list.is_empty() {
                    return Err((g.range, "decorated inner functions are not supported in compiled code".into()));
                }
                if g.args.vararg.is_some() || g.args.kwarg.is_some() {
                    return Err((g.range, "inner functions with *args or **kwargs are not supported in compiled code yet".into()));
                }
                let defaults = defaults(&g.args)?;
                found.push((g, defaults));
            }
            ast::Stmt::Assign(a) if a.targets.len() == 1 && matches!(a.value.as_ref(), ast::Expr::Lambda(_)) => {
                let ast::Expr::Name(target) = &a.targets[0] else {
                    return Err((a.range, "a lambda in compiled code must be assigned to a name (`f = lambda x: ...`)".into()));
                };
                let ast::Expr::Lambda(l) = *a.value else { unreachable!("matched above") };
                if l.args.vararg.is_some() || l.args.kwarg.is_some() {
                    return Err((l.range, "lambdas with *args or **kwargs are not supported in compiled code yet".into()));
                }
                let defaults = defaults(&l.args)?;
                let g = crate::source::lambda_as_def(target.id.as_str(), l, a.range);
                found.push((g, defaults));
            }
            ast::Stmt::If(mut i) => {
                i.body = take_inner(i.body, found)?;
                i.orelse = take_inner(i.orelse, found)?;
                out.push(ast::Stmt::If(i));
            }
            ast::Stmt::For(mut f) => {
                f.body = take_inner(f.body, found)?;
                f.orelse = take_inner(f.orelse, found)?;
                out.push(ast::Stmt::For(f));
            }
            ast::Stmt::While(mut w) => {
                w.body = take_inner(w.body, found)?;
                w.orelse = take_inner(w.orelse, found)?;
                out.push(ast::Stmt::While(w));
            }
            ast::Stmt::Try(mut t) => {
                for b in crate::exceptions::try_blocks_mut(&mut t) {
                    *b = take_inner(std::mem::take(b), found)?;
                }
                out.push(ast::Stmt::Try(t));
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Constant default values (numbers, bools, None, negated numbers).
fn defaults(args: &ast::Arguments) -> Result<Vec<GlobalValue>, LiftError> {
    let mut out = Vec::new();
    for p in args.posonlyargs.iter().chain(&args.args) {
        let Some(d) = &p.default else { continue };
        let value = match d.as_ref() {
            ast::Expr::Constant(c) => constant(&c.value, false),
            ast::Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub) => match u.operand.as_ref() {
                ast::Expr::Constant(c) => constant(&c.value, true),
                _ => None,
            },
            _ => None,
        };
        match value {
            Some(v) => out.push(GlobalValue::Const(v)),
            None => return Err((d.range(), "default values of inner functions must be constant numbers in compiled code".into())),
        }
    }
    if let Some(p) = args.kwonlyargs.iter().find(|p| p.default.is_some()) {
        return Err((p.def.range, "keyword-only defaults of inner functions are not supported in compiled code yet".into()));
    }
    Ok(out)
}

fn constant(c: &ast::Constant, negate: bool) -> Option<ConstValue> {
    let sign = if negate { -1 } else { 1 };
    match c {
        ast::Constant::Int(i) => i.to_string().parse::<i64>().ok().map(|v| ConstValue::Int(sign * v)),
        ast::Constant::Float(f) => Some(ConstValue::Float(sign as f64 * f)),
        ast::Constant::Bool(b) if !negate => Some(ConstValue::Bool(*b)),
        ast::Constant::None if !negate => Some(ConstValue::None),
        _ => None,
    }
}

/// The first statement (at any depth of compound statements) matching `pred`.
fn find_stmt(stmts: &[ast::Stmt], pred: &dyn Fn(&ast::Stmt) -> bool) -> Option<TextRange> {
    for s in stmts {
        if pred(s) {
            return Some(s.range());
        }
        let inner = match s {
            ast::Stmt::If(i) => find_stmt(&i.body, pred).or_else(|| find_stmt(&i.orelse, pred)),
            ast::Stmt::For(f) => find_stmt(&f.body, pred).or_else(|| find_stmt(&f.orelse, pred)),
            ast::Stmt::While(w) => find_stmt(&w.body, pred).or_else(|| find_stmt(&w.orelse, pred)),
            ast::Stmt::Try(t) => crate::exceptions::try_blocks(t).into_iter().find_map(|b| find_stmt(b, pred)),
            _ => None,
        };
        if inner.is_some() {
            return inner;
        }
    }
    None
}

/// Every name read in a block.
pub(crate) fn loads(stmts: &[ast::Stmt]) -> BTreeSet<String> {
    struct Loads(BTreeSet<String>);
    impl Fold<TextRange> for Loads {
        crate::range_fold!();
        fn fold_expr_name(&mut self, n: ast::ExprName) -> Result<ast::ExprName, Self::Error> {
            if matches!(n.ctx, ast::ExprContext::Load) {
                self.0.insert(n.id.to_string());
            }
            Ok(n)
        }
    }
    let mut l = Loads(BTreeSet::new());
    for s in stmts {
        let _ = l.fold_stmt(s.clone());
    }
    l.0
}

/// `g(args)` -> `g(args, k=k, ...)` for each capture `k` of inner function `g`.
struct CallRewriter<'a> {
    captures: &'a HashMap<String, BTreeSet<String>>,
    /// Names that are the current function's own (a parameter `g` is not the inner `g`).
    shadowed: HashSet<String>,
}

impl Fold<TextRange> for CallRewriter<'_> {
    crate::range_fold!();

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        let e = ast::fold::fold_expr(self, e)?;
        let ast::Expr::Call(mut c) = e else { return Ok(e) };
        if let ast::Expr::Name(n) = c.func.as_ref() {
            if !self.shadowed.contains(n.id.as_str()) {
                if let Some(caps) = self.captures.get(n.id.as_str()) {
                    for k in caps {
                        c.keywords.push(ast::Keyword {
                            arg: Some(ast::Identifier::new(k.clone())),
                            value: ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(k.clone()), ctx: ast::ExprContext::Load, range: c.range }),
                            range: c.range,
                        });
                    }
                }
            }
        }
        Ok(ast::Expr::Call(c))
    }
}

/// A capturing inner function used as a value (not called): `g` -> `(g, k1, k2, ...)`, the
/// function with the values of the variables it captures, which a call through the value
/// passes back (`Type::Function` first, then the captures: see `call.rs`).
struct ValueRewriter<'a> {
    captures: &'a HashMap<String, BTreeSet<String>>,
}

impl Fold<TextRange> for ValueRewriter<'_> {
    crate::range_fold!();

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        match e {
            // The callee of a direct call stays (CallRewriter passes its captures).
            ast::Expr::Call(mut c) => {
                if !matches!(c.func.as_ref(), ast::Expr::Name(_)) {
                    c.func = Box::new(self.fold_expr(*c.func)?);
                }
                c.args = c.args.into_iter().map(|a| self.fold_expr(a)).collect::<Result<_, _>>()?;
                for k in &mut c.keywords {
                    k.value = self.fold_expr(std::mem::replace(&mut k.value, ast::Expr::Tuple(ast::ExprTuple { elts: vec![], ctx: ast::ExprContext::Load, range: c.range })))?;
                }
                Ok(ast::Expr::Call(c))
            }
            ast::Expr::Name(n) if matches!(n.ctx, ast::ExprContext::Load) && self.captures.get(n.id.as_str()).is_some_and(|c| !c.is_empty()) => {
                let range = n.range;
                let load = |id: &str| ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx: ast::ExprContext::Load, range });
                let mut elts = vec![load(n.id.as_str())];
                elts.extend(self.captures[n.id.as_str()].iter().map(|k| load(k)));
                Ok(ast::Expr::Tuple(ast::ExprTuple { elts, ctx: ast::ExprContext::Load, range }))
            }
            other => ast::fold::fold_expr(self, other),
        }
    }
}

/// Takes each lambda out of the expressions it stands in, leaving a name for it.
struct LambdaLifter {
    found: Vec<(ast::StmtFunctionDef, ast::Arguments)>,
    tag: String,
}

impl Fold<TextRange> for LambdaLifter {
    crate::range_fold!();

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        let e = ast::fold::fold_expr(self, e)?;
        let ast::Expr::Lambda(l) = e else { return Ok(e) };
        let range = l.range;
        let name = format!("${}lambda{}", self.tag, self.found.len() + 1);
        let args = (*l.args).clone();
        self.found.push((crate::source::lambda_as_def(&name, l, range), args));
        Ok(ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(name), ctx: ast::ExprContext::Load, range }))
    }
}
