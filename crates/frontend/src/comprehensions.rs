//! List comprehensions (and generator expressions passed to a call, `sum(x * x for x in
//! l)`), as CPython runs them: a function of their own, called where the comprehension
//! stands. Each outermost comprehension of a function becomes the inner function
//!
//! ```text
//! def $listcompN():
//!     $r = []
//!     for x in it:          # one `for` per clause, one `if` per condition
//!         if cond:
//!             $r.append(elt)
//!     return $r
//! ```
//!
//! lifted with the other inner functions (crate::closures: it captures what it reads
//! of the enclosing function), so its loop variables are its own and do not leak.
//! Comprehensions nested inside it (in its element, iterables or conditions) are built
//! by statements placed just before the expression that uses them.
//!
//! A generator expression is built as a list (the values are the same; the whole list is
//! made before the call that consumes it).

use rustpython_parser::ast::{self, fold::Fold, Ranged};
use rustpython_parser::text_size::TextRange;

/// What a comprehension builds: a list of `elt`s, or a dict (`{key: value for ...}`,
/// built by `$r[$k] = value` after `$k = key`: the key is evaluated first, as CPython does).
enum Elt {
    List(ast::Expr),
    Set(ast::Expr),
    Dict(ast::Expr, ast::Expr),
}

pub struct ComprehensionLifter {
    pub found: Vec<ast::StmtFunctionDef>,
    counter: usize,
}

fn name(id: &str, range: TextRange, ctx: ast::ExprContext) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx, range })
}

impl ComprehensionLifter {
    pub fn new() -> Self {
        ComprehensionLifter { found: Vec::new(), counter: 0 }
    }

    fn fresh(&mut self, what: &str) -> String {
        self.counter += 1;
        format!("${what}{}", self.counter)
    }

    /// The statements that build comprehension (`elt`, `generators`) into a new list
    /// named `result`.
    fn build(&mut self, result: &str, elt: Elt, generators: Vec<ast::Comprehension>, range: TextRange) -> Vec<ast::Stmt> {
        let mut inner_stmts = Vec::new();
        let init = match elt {
            Elt::List(_) => ast::Expr::List(ast::ExprList { elts: vec![], ctx: ast::ExprContext::Load, range }),
            Elt::Set(_) => ast::Expr::Call(ast::ExprCall { func: Box::new(name("set", range, ast::ExprContext::Load)), args: vec![], keywords: vec![], range }),
            Elt::Dict(..) => ast::Expr::Dict(ast::ExprDict { keys: vec![], values: vec![], range }),
        };
        match elt {
            Elt::List(elt) | Elt::Set(elt) => {
                let method = if matches!(init, ast::Expr::List(_)) { "append" } else { "add" };
                let elt = self.hoist(elt, &mut inner_stmts);
                let append = ast::Expr::Call(ast::ExprCall {
                    func: Box::new(ast::Expr::Attribute(ast::ExprAttribute {
                        value: Box::new(name(result, range, ast::ExprContext::Load)),
                        attr: ast::Identifier::new(method),
                        ctx: ast::ExprContext::Load,
                        range,
                    })),
                    args: vec![elt],
                    keywords: vec![],
                    range,
                });
                inner_stmts.push(ast::Stmt::Expr(ast::StmtExpr { value: Box::new(append), range }));
            }
            Elt::Dict(key, value) => {
                let key = self.hoist(key, &mut inner_stmts);
                let k = self.fresh("k");
                inner_stmts.push(ast::Stmt::Assign(ast::StmtAssign { targets: vec![name(&k, range, ast::ExprContext::Store)], value: Box::new(key), type_comment: None, range }));
                let value = self.hoist(value, &mut inner_stmts);
                let target = ast::Expr::Subscript(ast::ExprSubscript {
                    value: Box::new(name(result, range, ast::ExprContext::Load)),
                    slice: Box::new(name(&k, range, ast::ExprContext::Load)),
                    ctx: ast::ExprContext::Store,
                    range,
                });
                inner_stmts.push(ast::Stmt::Assign(ast::StmtAssign { targets: vec![target], value: Box::new(value), type_comment: None, range }));
            }
        }
        let mut body = inner_stmts;
        for g in generators.into_iter().rev() {
            for cond in g.ifs.into_iter().rev() {
                let mut pre = Vec::new();
                let test = match cond {
                    // A literal filter (`if False`) is read through a name, so that the
                    // branch is kept and the element still types the list.
                    ast::Expr::Constant(c) => {
                        let t = self.fresh("if");
                        let r = c.range;
                        pre.push(ast::Stmt::Assign(ast::StmtAssign { targets: vec![name(&t, r, ast::ExprContext::Store)], value: Box::new(ast::Expr::Constant(c)), type_comment: None, range: r }));
                        name(&t, r, ast::ExprContext::Load)
                    }
                    cond => self.hoist(cond, &mut pre),
                };
                pre.push(ast::Stmt::If(ast::StmtIf { test: Box::new(test), body, orelse: vec![], range }));
                body = pre;
            }
            let mut pre = Vec::new();
            let iter = self.hoist_iter(g.iter, &mut pre);
            pre.push(ast::Stmt::For(ast::StmtFor { target: Box::new(g.target), iter: Box::new(iter), body, orelse: vec![], type_comment: None, range }));
            body = pre;
        }
        let mut out = vec![ast::Stmt::Assign(ast::StmtAssign {
            targets: vec![name(result, range, ast::ExprContext::Store)],
            value: Box::new(init),
            type_comment: None,
            range,
        })];
        out.extend(body);
        out
    }

    /// A clause's iterable: its own `range(...)` (also in `enumerate`/`zip`/`reversed`)
    /// stays a counted loop; anything else is hoisted (`list(range(n))` included).
    fn hoist_iter(&mut self, e: ast::Expr, pre: &mut Vec<ast::Stmt>) -> ast::Expr {
        match e {
            ast::Expr::Call(mut c) if is_range_call(&c) || matches!(c.func.as_ref(), ast::Expr::Name(n) if matches!(n.id.as_str(), "enumerate" | "zip" | "reversed")) => {
                let keep = is_range_call(&c);
                let mut args: Vec<ast::Expr> = Vec::new();
                for a in std::mem::take(&mut c.args) {
                    let before = pre.len();
                    let a = if keep { self.hoist(a, pre) } else { self.hoist_iter(a, pre) };
                    if pre.len() > before {
                        // This argument's comprehension runs here, before the call: the
                        // arguments to its left are evaluated first, into temporaries
                        // (`zip(l[::s], [.. for ..])`: a zero step raises first).
                        let built: Vec<ast::Stmt> = pre.drain(before..).collect();
                        for prev in args.iter_mut() {
                            let simple = matches!(prev, ast::Expr::Name(_) | ast::Expr::Constant(_))
                                || matches!(prev, ast::Expr::Call(pc) if is_range_call(pc));
                            if !simple {
                                let t = self.fresh("arg");
                                let range = prev.range();
                                let value = std::mem::replace(prev, name(&t, range, ast::ExprContext::Load));
                                pre.push(ast::Stmt::Assign(ast::StmtAssign {
                                    targets: vec![name(&t, range, ast::ExprContext::Store)],
                                    value: Box::new(value),
                                    type_comment: None,
                                    range,
                                }));
                            }
                        }
                        pre.extend(built);
                    }
                    args.push(a);
                }
                c.args = args;
                ast::Expr::Call(c)
            }
            other => self.hoist(other, pre),
        }
    }

    /// `e` with the comprehensions in it replaced by lists built by statements pushed
    /// onto `pre` (`range(...)` used as a value among them).
    fn hoist(&mut self, e: ast::Expr, pre: &mut Vec<ast::Stmt>) -> ast::Expr {
        let mut h = Hoister { lifter: self, pre: Vec::new() };
        let e = h.fold_expr(e).unwrap_or_else(|never| match never {});
        pre.extend(h.pre);
        e
    }
}

impl Default for ComprehensionLifter {
    fn default() -> Self {
        Self::new()
    }
}

impl Fold<TextRange> for ComprehensionLifter {
    crate::range_fold!();

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        let (elt, generators, range) = match e {
            ast::Expr::ListComp(c) => (Elt::List(*c.elt), c.generators, c.range),
            ast::Expr::DictComp(c) => (Elt::Dict(*c.key, *c.value), c.generators, c.range),
            ast::Expr::SetComp(c) => (Elt::Set(*c.elt), c.generators, c.range),
            ast::Expr::Call(c) if is_range_call(&c) => return self.fold_expr(range_as_list(c)),
            ast::Expr::Call(c) if pairs_to_dict(&c).is_some() => {
                let d = pairs_to_dict(&c).expect("checked");
                return self.fold_expr(d);
            }
            ast::Expr::Call(mut c) => {
                // `f(x for x in it)`: a generator expression as the call's argument.
                c.args = c
                    .args
                    .into_iter()
                    .map(|a| match a {
                        ast::Expr::GeneratorExp(g) => self.fold_expr(ast::Expr::ListComp(ast::ExprListComp { elt: g.elt, generators: g.generators, range: g.range })),
                        other => self.fold_expr(other),
                    })
                    .collect::<Result<_, _>>()?;
                c.func = Box::new(self.fold_expr(*c.func)?);
                c.keywords = c
                    .keywords
                    .into_iter()
                    .map(|mut k| {
                        k.value = self.fold_expr(k.value)?;
                        Ok::<ast::Keyword, std::convert::Infallible>(k)
                    })
                    .collect::<Result<_, _>>()?;
                return Ok(ast::Expr::Call(c));
            }
            ast::Expr::Lambda(l) => return Ok(ast::Expr::Lambda(l)),
            other => return ast::fold::fold_expr(self, other),
        };
        self.lift(elt, generators, range)
    }

    fn fold_stmt(&mut self, s: ast::Stmt) -> Result<ast::Stmt, Self::Error> {
        match s {
            // (an inner function's own comprehensions are its own)
            ast::Stmt::FunctionDef(d) => Ok(ast::Stmt::FunctionDef(d)),
            // A loop's `range(...)` (or `enumerate(range(...))`...) stays a counted loop.
            ast::Stmt::For(mut f) => {
                f.target = Box::new(self.fold_expr(*f.target)?);
                f.iter = Box::new(self.fold_iter(*f.iter)?);
                f.body = f.body.into_iter().map(|s| self.fold_stmt(s)).collect::<Result<_, _>>()?;
                f.orelse = f.orelse.into_iter().map(|s| self.fold_stmt(s)).collect::<Result<_, _>>()?;
                Ok(ast::Stmt::For(f))
            }
            other => ast::fold::fold_stmt(self, other),
        }
    }
}

/// `range(...)` as a value (`list(range(n))`, `l.extend(range(n))`, `sum(range(n))`,
/// `x in range(n)`): the list `[$i for $i in range(...)]`.
fn range_as_list(c: ast::ExprCall) -> ast::Expr {
    let range = c.range;
    let var = "$range_item";
    ast::Expr::ListComp(ast::ExprListComp {
        elt: Box::new(name(var, range, ast::ExprContext::Load)),
        generators: vec![ast::Comprehension { target: name(var, range, ast::ExprContext::Store), iter: ast::Expr::Call(c), ifs: vec![], is_async: false, range: range.into() }],
        range,
    })
}

/// `dict(zip(a, b))` and `dict((k, v) for ...)` (also `dict([(k, v) for ...])`): the
/// dict comprehension `{$k: $v for $k, $v in zip(a, b)}` / `{k: v for ...}`, built as
/// every dict comprehension is.
fn pairs_to_dict(c: &ast::ExprCall) -> Option<ast::Expr> {
    if !matches!(c.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "dict") || c.args.len() != 1 || !c.keywords.is_empty() {
        return None;
    }
    let range = c.range;
    match &c.args[0] {
        ast::Expr::Call(z) if matches!(z.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "zip") && z.args.len() == 2 && z.keywords.is_empty() => {
            let (k, v) = ("$dict_key", "$dict_value");
            let target = ast::Expr::Tuple(ast::ExprTuple { elts: vec![name(k, range, ast::ExprContext::Store), name(v, range, ast::ExprContext::Store)], ctx: ast::ExprContext::Store, range });
            Some(ast::Expr::DictComp(ast::ExprDictComp {
                key: Box::new(name(k, range, ast::ExprContext::Load)),
                value: Box::new(name(v, range, ast::ExprContext::Load)),
                generators: vec![ast::Comprehension { target, iter: c.args[0].clone(), ifs: vec![], is_async: false, range: range.into() }],
                range,
            }))
        }
        ast::Expr::GeneratorExp(ast::ExprGeneratorExp { elt, generators, .. }) | ast::Expr::ListComp(ast::ExprListComp { elt, generators, .. }) => match elt.as_ref() {
            ast::Expr::Tuple(t) if t.elts.len() == 2 => Some(ast::Expr::DictComp(ast::ExprDictComp {
                key: Box::new(t.elts[0].clone()),
                value: Box::new(t.elts[1].clone()),
                generators: generators.clone(),
                range,
            })),
            _ => None,
        },
        _ => None,
    }
}

fn is_range_call(c: &ast::ExprCall) -> bool {
    matches!(c.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "range")
}

impl ComprehensionLifter {
    /// A `for` loop's iterable: `range(...)`, also inside `enumerate`/`zip`/`reversed`,
    /// stays itself (a counted loop); comprehensions in it are lifted.
    fn fold_iter(&mut self, e: ast::Expr) -> Result<ast::Expr, std::convert::Infallible> {
        match e {
            ast::Expr::Call(mut c) if is_range_call(&c) || matches!(c.func.as_ref(), ast::Expr::Name(n) if matches!(n.id.as_str(), "enumerate" | "zip" | "reversed")) => {
                let keep = is_range_call(&c);
                c.args = c.args.into_iter().map(|a| if keep { self.fold_expr(a) } else { self.fold_iter(a) }).collect::<Result<_, _>>()?;
                Ok(ast::Expr::Call(c))
            }
            other => self.fold_expr(other),
        }
    }

    fn lift(&mut self, elt: Elt, generators: Vec<ast::Comprehension>, range: TextRange) -> Result<ast::Expr, std::convert::Infallible> {
        let fname = self.fresh("listcomp");
        let result = self.fresh("r");
        let mut body = self.build(&result, elt, generators, range);
        body.push(ast::Stmt::Return(ast::StmtReturn { value: Some(Box::new(name(&result, range, ast::ExprContext::Load))), range }));
        let no_args = Box::new(ast::Arguments { posonlyargs: vec![], args: vec![], vararg: None, kwonlyargs: vec![], kwarg: None, range: range.into() });
        self.found.push(crate::source::plain_def(&fname, no_args, body, range));
        Ok(ast::Expr::Call(ast::ExprCall { func: Box::new(name(&fname, range, ast::ExprContext::Load)), args: vec![], keywords: vec![], range }))
    }
}

/// Replaces comprehensions inside a comprehension's function by statements.
struct Hoister<'a> {
    lifter: &'a mut ComprehensionLifter,
    pre: Vec<ast::Stmt>,
}

impl Fold<TextRange> for Hoister<'_> {
    crate::range_fold!();

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        let (elt, generators, range) = match e {
            ast::Expr::ListComp(c) => (Elt::List(*c.elt), c.generators, c.range),
            ast::Expr::GeneratorExp(c) => (Elt::List(*c.elt), c.generators, c.range),
            ast::Expr::DictComp(c) => (Elt::Dict(*c.key, *c.value), c.generators, c.range),
            ast::Expr::SetComp(c) => (Elt::Set(*c.elt), c.generators, c.range),
            ast::Expr::Lambda(l) => return Ok(ast::Expr::Lambda(l)),
            ast::Expr::Call(c) if is_range_call(&c) => return self.fold_expr(range_as_list(c)),
            other => return ast::fold::fold_expr(self, other),
        };
        let result = self.lifter.fresh("r");
        let stmts = self.lifter.build(&result, elt, generators, range);
        self.pre.extend(stmts);
        Ok(name(&result, range, ast::ExprContext::Load))
    }
}

