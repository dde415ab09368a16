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
//! Comprehensions nested inside it (in its element, iterables or conditions) are lifted
//! out of its function in turn, called where they stand (so they run in CPython's
//! order). The first iterable is the enclosing function's: where it reads a name the
//! comprehension binds (`[c * 10 for c in range(c)]`), the comprehension's own is
//! renamed `c#cN`.
//!
//! A generator expression is built as a list (the values are the same; the whole list is
//! made before the call that consumes it), but for `any(...)` and `all(...)`, which stop
//! at the deciding item as CPython's do: their function returns from inside the loop.

use rustpython_parser::ast::{self, fold::Fold};
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
    /// Tags the hidden names (crate::closures::lift_tagged).
    tag: String,
}

fn name(id: &str, range: TextRange, ctx: ast::ExprContext) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx, range })
}

impl ComprehensionLifter {
    pub fn new() -> Self {
        Self::tagged("")
    }

    pub fn tagged(tag: &str) -> Self {
        ComprehensionLifter { found: Vec::new(), counter: 0, tag: tag.to_string() }
    }

    fn fresh(&mut self, what: &str) -> String {
        self.counter += 1;
        format!("${}{what}{}", self.tag, self.counter)
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
                let k = self.fresh("k");
                inner_stmts.push(ast::Stmt::Assign(ast::StmtAssign { targets: vec![name(&k, range, ast::ExprContext::Store)], value: Box::new(key), type_comment: None, range }));
                let target = ast::Expr::Subscript(ast::ExprSubscript {
                    value: Box::new(name(result, range, ast::ExprContext::Load)),
                    slice: Box::new(name(&k, range, ast::ExprContext::Load)),
                    ctx: ast::ExprContext::Store,
                    range,
                });
                inner_stmts.push(ast::Stmt::Assign(ast::StmtAssign { targets: vec![target], value: Box::new(value), type_comment: None, range }));
            }
        }
        let mut out = vec![ast::Stmt::Assign(ast::StmtAssign {
            targets: vec![name(result, range, ast::ExprContext::Store)],
            value: Box::new(init),
            type_comment: None,
            range,
        })];
        out.extend(self.loops(generators, inner_stmts, range));
        out
    }

    /// The comprehension's clauses around `body`: one `for` per clause, one `if` per
    /// condition.
    fn loops(&mut self, generators: Vec<ast::Comprehension>, mut body: Vec<ast::Stmt>, range: TextRange) -> Vec<ast::Stmt> {
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
                    cond => cond,
                };
                pre.push(ast::Stmt::If(ast::StmtIf { test: Box::new(test), body, orelse: vec![], range }));
                body = pre;
            }
            body = vec![ast::Stmt::For(ast::StmtFor { target: Box::new(g.target), iter: Box::new(g.iter), body, orelse: vec![], type_comment: None, range })];
        }
        body
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
            ast::Expr::Call(c) if short_circuit(&c).is_some() => {
                let any = short_circuit(&c).expect("checked");
                let Some(ast::Expr::GeneratorExp(g)) = c.args.into_iter().next() else { unreachable!("checked") };
                return self.lift_decision(any, *g.elt, g.generators, c.range);
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

    fn lift(&mut self, elt: Elt, mut generators: Vec<ast::Comprehension>, range: TextRange) -> Result<ast::Expr, std::convert::Infallible> {
        let elt = match elt {
            Elt::List(e) => Elt::List(self.own_names(&mut generators, e)),
            Elt::Set(e) => Elt::Set(self.own_names(&mut generators, e)),
            Elt::Dict(k, v) => {
                let pair = ast::Expr::Tuple(ast::ExprTuple { elts: vec![k, v], ctx: ast::ExprContext::Load, range });
                let ast::Expr::Tuple(t) = self.own_names(&mut generators, pair) else { unreachable!("a tuple stays a tuple") };
                let [k, v]: [ast::Expr; 2] = t.elts.try_into().unwrap_or_else(|_| unreachable!("two items"));
                Elt::Dict(k, v)
            }
        };
        let fname = self.fresh("listcomp");
        let result = self.fresh("r");
        let mut body = self.build(&result, elt, generators, range);
        body.push(ast::Stmt::Return(ast::StmtReturn { value: Some(Box::new(name(&result, range, ast::ExprContext::Load))), range }));
        let no_args = Box::new(ast::Arguments { posonlyargs: vec![], args: vec![], vararg: None, kwonlyargs: vec![], kwarg: None, range: range.into() });
        self.found.push(crate::source::plain_def(&fname, no_args, body, range));
        Ok(ast::Expr::Call(ast::ExprCall { func: Box::new(name(&fname, range, ast::ExprContext::Load)), args: vec![], keywords: vec![], range }))
    }
}

impl ComprehensionLifter {
    /// `any(elt for ...)` (`any`) / `all(elt for ...)` as a function that returns from
    /// inside the loop at the deciding item, as CPython's stop there.
    fn lift_decision(&mut self, any: bool, elt: ast::Expr, mut generators: Vec<ast::Comprehension>, range: TextRange) -> Result<ast::Expr, std::convert::Infallible> {
        let elt = self.own_names(&mut generators, elt);
        let test = if any { elt } else { ast::Expr::UnaryOp(ast::ExprUnaryOp { op: ast::UnaryOp::Not, operand: Box::new(elt), range }) };
        let ret = |b: bool| ast::Stmt::Return(ast::StmtReturn { value: Some(Box::new(ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Bool(b), kind: None, range }))), range });
        let decide = vec![ast::Stmt::If(ast::StmtIf { test: Box::new(test), body: vec![ret(any)], orelse: vec![], range })];
        let mut body = self.loops(generators, decide, range);
        body.push(ret(!any));
        let fname = self.fresh(if any { "any" } else { "all" });
        let no_args = Box::new(ast::Arguments { posonlyargs: vec![], args: vec![], vararg: None, kwonlyargs: vec![], kwarg: None, range: range.into() });
        self.found.push(crate::source::plain_def(&fname, no_args, body, range));
        Ok(ast::Expr::Call(ast::ExprCall { func: Box::new(name(&fname, range, ast::ExprContext::Load)), args: vec![], keywords: vec![], range }))
    }

    /// The names the comprehension binds that its first iterable reads (CPython
    /// evaluates that one in the enclosing scope): renamed `name#cN` in the clauses'
    /// targets, the later iterables, the conditions and `elt` (returned).
    fn own_names(&mut self, generators: &mut [ast::Comprehension], elt: ast::Expr) -> ast::Expr {
        let Some(first) = generators.first() else { return elt };
        let reads = crate::closures::loads(&[ast::Stmt::Expr(ast::StmtExpr { value: Box::new(first.iter.clone()), range: TextRange::default() })]);
        let mut bound = std::collections::HashSet::new();
        for g in generators.iter() {
            crate::function::collect_targets(&g.target, &mut bound);
        }
        let names: std::collections::HashSet<String> = bound.into_iter().filter(|n| reads.contains(n)).collect();
        if names.is_empty() {
            return elt;
        }
        self.counter += 1;
        let mut r = RenameOwn { names, suffix: format!("#{}c{}", self.tag, self.counter) };
        for (i, g) in generators.iter_mut().enumerate() {
            g.target = r.fold_expr(g.target.clone()).unwrap_or_else(|e| match e {});
            if i > 0 {
                g.iter = r.fold_expr(g.iter.clone()).unwrap_or_else(|e| match e {});
            }
            g.ifs = g.ifs.drain(..).map(|c| r.fold_expr(c).unwrap_or_else(|e| match e {})).collect();
        }
        r.fold_expr(elt).unwrap_or_else(|e| match e {})
    }
}

/// `any(... for ...)` (true) / `all(... for ...)` (false), else None.
fn short_circuit(c: &ast::ExprCall) -> Option<bool> {
    let ast::Expr::Name(f) = c.func.as_ref() else { return None };
    let any = match f.id.as_str() {
        "any" => true,
        "all" => false,
        _ => return None,
    };
    (c.args.len() == 1 && c.keywords.is_empty() && matches!(c.args[0], ast::Expr::GeneratorExp(_))).then_some(any)
}

/// Renames the comprehension's own names (not inside a lambda that binds them).
struct RenameOwn {
    names: std::collections::HashSet<String>,
    suffix: String,
}

impl Fold<TextRange> for RenameOwn {
    crate::range_fold!();

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        if let ast::Expr::Lambda(l) = &e {
            if l.args.args.iter().chain(&l.args.posonlyargs).chain(&l.args.kwonlyargs).any(|a| self.names.contains(a.def.arg.as_str())) {
                return Ok(e);
            }
        }
        ast::fold::fold_expr(self, e)
    }

    fn fold_expr_name(&mut self, mut n: ast::ExprName) -> Result<ast::ExprName, Self::Error> {
        if self.names.contains(n.id.as_str()) {
            n.id = ast::Identifier::new(format!("{}{}", n.id, self.suffix));
        }
        Ok(n)
    }
}
