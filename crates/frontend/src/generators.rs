//! Generators (`yield`) consumed by compiled `for` loops, by inlining: the generator's
//! body takes the loop's place, each `yield v` becoming "bind the loop's target to `v`,
//! run the loop's body once". So a generator costs nothing over the hand-written loop,
//! and its code and the loop's body run interleaved exactly as CPython runs them.
//!
//! In: a parsed function body whose own comprehensions and lambdas are lifted out
//! (crate::closures; the generator's are lifted after, with the caller's code, and the
//! whole desugared after that), and
//! `find`, which gives the definition of a name that is a generator function of the
//! same module. Out: the body with every
//! `for t in g(args): body else: orelse` (also `for i, t in enumerate(g(args))`, and the
//! comprehensions and `list/sum/min/...` of `g(args)`, which become such loops in the
//! functions crate::comprehensions lifts them into) replaced by
//!
//! ```text
//! $gN$brk = False; $gN$stop = False
//! p#gN = arg ...                         # the parameters, in the call's order
//! for $gN$once in range(1):              # the generator's body, its locals renamed
//!                                        # (the one-iteration loops only where needed):
//!     ... yield v ...  ->  t = v
//!                          for $gN$body in range(1): body'   # `continue`: next value
//!                          if $gN$brk: $gN$stop = True; break # `break` in body'
//!     ... return ...   ->  $gN$stop = True; break
//!     (after each loop of the generator that can stop: `if $gN$stop: break`)
//! if not $gN$brk: orelse
//! ```
//!
//! where body' is the loop's body with its own `break` setting `$gN$brk` first. A
//! generator's local `x` is `x#gN` (a web of its own, its messages naming `x`: see
//! `source_name`). Every node of the generator's statements, and of each copy of the
//! loop's body after the first, gets a range of its own (`SourceMap::synthesize`), so
//! that the analyses keyed by position tell the copies apart (a name bound to an int at
//! one `yield` and to a float at the next is two webs, as in CPython); an error in the
//! generator points at the call `g(args)`. Refused, with a message: `yield` inside `try`, `yield` used as a value,
//! generators of other modules, parameters without a constant default left out,
//! generators nested 16 deep (a recursive generator).

use crate::source::SourceMap;
use rustpython_parser::ast::{self, fold::Fold, Ranged};
use rustpython_parser::text_size::TextRange;
use std::collections::HashSet;

/// A generator function the body may iterate over: its definition.
pub struct Generator {
    pub def: ast::StmtFunctionDef,
}

type Find<'a> = dyn FnMut(&str) -> Option<Generator> + 'a;

/// Inline the generators `def`'s loops iterate over (see the module's documentation).
/// Returns whether it inlined any.
pub fn inline(def: &mut ast::StmtFunctionDef, find: &mut Find<'_>, map: &mut SourceMap) -> Result<bool, (TextRange, String)> {
    let mut assigned = HashSet::new();
    crate::function::collect_assigned(&def.body, &mut assigned);
    for a in def.args.args.iter().chain(&def.args.posonlyargs).chain(&def.args.kwonlyargs) {
        assigned.insert(a.def.arg.to_string());
    }
    // (flags and locals are numbered after those of the generators inlined into the
    // function this one was lifted from)
    let params = def.args.args.iter().chain(&def.args.posonlyargs).chain(&def.args.kwonlyargs);
    let counter = params.map(|a| counter_in(a.def.arg.as_str())).fold(collect_counter(&def.body), usize::max);
    let mut inliner = Inliner { find, shadowed: assigned, counter, map };
    let body = std::mem::take(&mut def.body);
    def.body = inliner.block(body, 0)?;
    Ok(inliner.counter > counter)
}

/// The builtins that consume an iterable whole: `list(g(n))` is `list(x for x in g(n))`.
const CONSUMERS: &[&str] = &["list", "set", "sorted", "sum", "min", "max", "any", "all"];

/// Before desugaring: `list(g(args))` (and the other [`CONSUMERS`]) of a generator `g`
/// becomes `list($gx for $gx in g(args))`, a loop once comprehensions are lifted.
pub fn wrap_consumed(def: &mut ast::StmtFunctionDef, is_generator: &mut dyn FnMut(&str) -> bool) {
    struct Wrap<'a> {
        is_generator: &'a mut dyn FnMut(&str) -> bool,
        shadowed: HashSet<String>,
    }
    impl Fold<TextRange> for Wrap<'_> {
        crate::range_fold!();
        fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
            let e = ast::fold::fold_expr(self, e)?;
            let ast::Expr::Call(mut c) = e else { return Ok(e) };
            let consumer = matches!(c.func.as_ref(), ast::Expr::Name(f) if CONSUMERS.contains(&f.id.as_str()) && !self.shadowed.contains(f.id.as_str()));
            if consumer {
                if let Some(ast::Expr::Call(inner)) = c.args.first() {
                    let generator = matches!(inner.func.as_ref(), ast::Expr::Name(g) if !self.shadowed.contains(g.id.as_str()) && (self.is_generator)(g.id.as_str()));
                    if generator {
                        let at = inner.range;
                        let item = "$gx";
                        let comp = ast::Comprehension { target: store(item, at), iter: c.args[0].clone(), ifs: vec![], is_async: false, range: Default::default() };
                        c.args[0] = ast::Expr::GeneratorExp(ast::ExprGeneratorExp { elt: Box::new(load(item, at)), generators: vec![comp], range: at });
                    }
                }
            }
            Ok(ast::Expr::Call(c))
        }
    }
    let mut shadowed = HashSet::new();
    crate::function::collect_assigned(&def.body, &mut shadowed);
    let mut w = Wrap { is_generator, shadowed };
    let body = std::mem::take(&mut def.body);
    def.body = body.into_iter().map(|s| w.fold_stmt(s).unwrap_or_else(|e| match e {})).collect();
}

/// Whether a function's body contains `yield` (it is a generator function).
pub fn is_generator(def: &ast::StmtFunctionDef) -> bool {
    has_yield(&def.body)
}

/// Whether statements have a `yield` (not one of a function defined in them).
fn has_yield(stmts: &[ast::Stmt]) -> bool {
    struct Finder(bool);
    impl Fold<TextRange> for Finder {
        crate::range_fold!();
        fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
            if matches!(e, ast::Expr::Yield(_) | ast::Expr::YieldFrom(_)) {
                self.0 = true;
            }
            ast::fold::fold_expr(self, e)
        }
        fn fold_stmt(&mut self, s: ast::Stmt) -> Result<ast::Stmt, Self::Error> {
            match s {
                ast::Stmt::FunctionDef(_) | ast::Stmt::ClassDef(_) => Ok(s),
                s => ast::fold::fold_stmt(self, s),
            }
        }
    }
    let mut f = Finder(false);
    for s in stmts {
        let _ = f.fold_stmt(s.clone());
    }
    f.0
}

struct Inliner<'a, 'f> {
    find: &'a mut Find<'f>,
    /// The consumer's own names (a local `g` is not the global generator `g`).
    shadowed: HashSet<String>,
    counter: usize,
    map: &'a mut SourceMap,
}

const MAX_DEPTH: usize = 16;

impl Inliner<'_, '_> {
    fn block(&mut self, stmts: Vec<ast::Stmt>, depth: usize) -> Result<Vec<ast::Stmt>, (TextRange, String)> {
        let mut out = Vec::with_capacity(stmts.len());
        for s in stmts {
            match s {
                ast::Stmt::For(mut f) => match self.generator_loop(&f)? {
                    Some((generator, call, counter)) => {
                        if depth >= MAX_DEPTH {
                            return Err((call.range, "generators nested too deep (a recursive generator?) are not supported in compiled code".into()));
                        }
                        // (the loops in the body, copied at each `yield`, are inlined in
                        // each copy: their generators' locals are each copy's own)
                        let inlined = self.expand(f, generator, call, counter)?;
                        out.extend(self.block(inlined, depth + 1)?);
                    }
                    None => {
                        f.body = self.block(std::mem::take(&mut f.body), depth)?;
                        f.orelse = self.block(std::mem::take(&mut f.orelse), depth)?;
                        out.push(ast::Stmt::For(f));
                    }
                },
                ast::Stmt::While(mut w) => {
                    w.body = self.block(std::mem::take(&mut w.body), depth)?;
                    w.orelse = self.block(std::mem::take(&mut w.orelse), depth)?;
                    out.push(ast::Stmt::While(w));
                }
                ast::Stmt::If(mut i) => {
                    i.body = self.block(std::mem::take(&mut i.body), depth)?;
                    i.orelse = self.block(std::mem::take(&mut i.orelse), depth)?;
                    out.push(ast::Stmt::If(i));
                }
                ast::Stmt::Try(mut t) => {
                    for b in crate::exceptions::try_blocks_mut(&mut t) {
                        *b = self.block(std::mem::take(b), depth)?;
                    }
                    out.push(ast::Stmt::Try(t));
                }
                ast::Stmt::With(mut w) => {
                    w.body = self.block(std::mem::take(&mut w.body), depth)?;
                    out.push(ast::Stmt::With(w));
                }
                other => out.push(other),
            }
        }
        Ok(out)
    }

    /// The generator a loop iterates over: `g(args)` or `enumerate(g(args)[, start])`
    /// (then its counter's start).
    fn generator_loop(&mut self, f: &ast::StmtFor) -> Result<Option<(Generator, ast::ExprCall, Option<ast::Expr>)>, (TextRange, String)> {
        let ast::Expr::Call(c) = f.iter.as_ref() else { return Ok(None) };
        if matches!(c.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "enumerate") && !self.shadowed.contains("enumerate") && c.keywords.is_empty() {
            if let [ast::Expr::Call(inner), rest @ ..] = c.args.as_slice() {
                if rest.len() <= 1 {
                    if let Some(generator) = self.generator_of(inner) {
                        let start = rest.first().cloned().unwrap_or_else(|| int(0, c.range));
                        return Ok(Some((generator, inner.clone(), Some(start))));
                    }
                }
            }
            return Ok(None);
        }
        Ok(self.generator_of(c).map(|g| (g, c.clone(), None)))
    }

    /// The generator a call `g(args)` runs, if `g` is one; `m.literal_unroll(...)` is
    /// ferrojit's (`numba.literal_unroll`, through a module).
    fn generator_of(&mut self, c: &ast::ExprCall) -> Option<Generator> {
        match c.func.as_ref() {
            ast::Expr::Name(n) => self.lookup(n.id.as_str()),
            ast::Expr::Attribute(a) if a.attr.as_str() == "literal_unroll" && matches!(a.value.as_ref(), ast::Expr::Name(_)) => (self.find)(LITERAL_UNROLL_ATTRIBUTE),
            _ => None,
        }
    }

    fn lookup(&mut self, name: &str) -> Option<Generator> {
        if self.shadowed.contains(name) {
            return None;
        }
        (self.find)(name)
    }

    /// The statements that replace loop `f` over the generator `g` called by `call`.
    fn expand(&mut self, f: ast::StmtFor, g: Generator, call: ast::ExprCall, counter: Option<ast::Expr>) -> Result<Vec<ast::Stmt>, (TextRange, String)> {
        self.counter += 1;
        let suffix = format!("#g{}", self.counter);
        let at = call.range;
        // (the flags' names cannot be a renamed local's: `$gN$stop` against `$gN_stop`)
        let flags = format!("$g{}$", self.counter);
        let v = |what: &str| format!("{flags}{what}");
        let mut out = vec![assign(&v("brk"), boolean(false, at), at), assign(&v("stop"), boolean(false, at), at)];
        // The parameters, bound to the arguments in order (renamed below with the
        // generator's other locals).
        let def = g.def;
        let args = &def.args;
        if args.vararg.is_some() || args.kwarg.is_some() || !args.kwonlyargs.is_empty() {
            return Err((at, format!("the generator `{}` takes `*args`, `**kwargs` or keyword-only parameters, which compiled code does not inline yet", def.name)));
        }
        let params: Vec<&ast::ArgWithDefault> = args.posonlyargs.iter().chain(&args.args).collect();
        if call.args.len() > params.len() || call.args.iter().any(|a| matches!(a, ast::Expr::Starred(_))) {
            return Err((at, format!("`{}()` takes {} positional arguments here", def.name, params.len())));
        }
        // The parameters, bound in the order CPython evaluates the arguments: the
        // positional ones, the keywords as written, then the defaults.
        if let Some(k) = call.keywords.iter().find(|k| !params.iter().any(|p| Some(p.def.arg.as_str()) == k.arg.as_deref())) {
            return Err((at, format!("{}() got an unexpected keyword argument '{}'", def.name, k.arg.as_deref().unwrap_or("**"))));
        }
        for (p, a) in params.iter().zip(&call.args) {
            out.push(assign(&rename(&suffix, p.def.arg.as_str()), a.clone(), at));
        }
        for k in &call.keywords {
            let pname = k.arg.as_deref().unwrap_or_default();
            let i = params.iter().position(|p| p.def.arg.as_str() == pname).expect("checked above");
            if i < call.args.len() {
                return Err((at, format!("{}() got multiple values for argument '{pname}'", def.name)));
            }
            out.push(assign(&rename(&suffix, pname), k.value.clone(), at));
        }
        for p in params.iter().skip(call.args.len()) {
            let pname = p.def.arg.as_str();
            if call.keywords.iter().any(|k| k.arg.as_deref() == Some(pname)) {
                continue;
            }
            match p.default.as_deref() {
                Some(d) if crate::dicts::constant(d) => out.push(assign(&rename(&suffix, pname), ranged(d.clone(), at), at)),
                Some(_) => return Err((at, format!("the generator `{}`: give `{pname}` (its default is not a constant, which compiled code does not inline)", def.name))),
                None => return Err((at, format!("{}() missing required argument: '{pname}'", def.name))),
            }
        }
        // (`enumerate(g(args), start)`: the start after the arguments, as CPython)
        if let Some(start) = counter.clone() {
            out.push(assign(&v("i"), start, at));
        }
        // The generator's body: its locals renamed, its ranges the call's.
        let mut locals = HashSet::new();
        crate::function::collect_assigned(&def.body, &mut locals);
        locals.extend(params.iter().map(|p| p.def.arg.to_string()));
        // A global the generator reads would read the caller's variable of that name.
        let scoped = scoped_names(&def.body);
        if let Some(n) = crate::closures::loads(&def.body).into_iter().find(|n| !locals.contains(n) && !scoped.contains(n) && self.shadowed.contains(n)) {
            return Err((at, format!("the generator `{}` reads the global `{n}`, and this function has a variable `{n}`: compiled code runs a generator inside the loop, so give one of them another name", def.name)));
        }
        let mut renamer = Renamer { suffix: suffix.clone(), locals, at, map: Some(&mut *self.map), keep_ranges: false };
        let body: Vec<ast::Stmt> = def.body.into_iter().map(|s| renamer.fold_stmt(s).unwrap_or_else(|e| match e {})).collect();
        // The loop's body, its own `break`s setting the flag.
        let (mut breaks, mut continues) = (false, false);
        let consumer_body = mark_breaks(f.body, &v("brk"), &mut breaks, &mut continues);
        let consumer = Consumer { brk: v("brk"), target: *f.target, body: consumer_body, counter: counter.map(|_| v("i")), breaks, continues };
        // (without a `break` in the loop's body nor a `return` in the generator, nothing
        // stops it early: no flags to test)
        let stops = breaks || returns(&body);
        let mut t = Transform { prefix: flags.clone(), at, consumer, stops, map: &mut *self.map, copies: 0 };
        let body = t.block(body, false)?;
        if stops {
            out.push(one_shot(&v("once"), body, at));
        } else {
            out.extend(body);
        }
        if !f.orelse.is_empty() {
            let not_broken = ast::Expr::UnaryOp(ast::ExprUnaryOp { op: ast::UnaryOp::Not, operand: Box::new(load(&v("brk"), at)), range: at });
            out.push(ast::Stmt::If(ast::StmtIf { test: Box::new(not_broken), body: f.orelse, orelse: vec![], range: at }));
        }
        Ok(out)
    }
}

/// What a `yield` becomes: the loop's target bound, its body run once.
struct Consumer {
    brk: String,
    target: ast::Expr,
    body: Vec<ast::Stmt>,
    /// `enumerate`'s counter.
    counter: Option<String>,
    /// Whether the body has a `break` / a `continue` of its own (else it runs as it is,
    /// not in a one-iteration loop).
    breaks: bool,
    continues: bool,
}

struct Transform<'m> {
    /// The flags' prefix, `$gN$`.
    prefix: String,
    at: TextRange,
    consumer: Consumer,
    /// Whether the generator can stop early (a `break` in the body, a `return`).
    stops: bool,
    map: &'m mut SourceMap,
    /// The copies of the loop's body made so far.
    copies: usize,
}

impl Transform<'_> {
    fn stop(&self) -> String {
        format!("{}stop", self.prefix)
    }

    /// `$stop = True; break`.
    fn leave(&self) -> Vec<ast::Stmt> {
        vec![assign(&self.stop(), boolean(true, self.at), self.at), ast::Stmt::Break(ast::StmtBreak { range: self.at })]
    }

    /// The generator's block, `in_try`: inside a `try` (no `yield` there).
    fn block(&mut self, stmts: Vec<ast::Stmt>, in_try: bool) -> Result<Vec<ast::Stmt>, (TextRange, String)> {
        let mut out = Vec::new();
        for s in stmts {
            match s {
                ast::Stmt::Expr(e) if matches!(e.value.as_ref(), ast::Expr::Yield(_) | ast::Expr::YieldFrom(_)) => {
                    if in_try {
                        return Err((self.at, "`yield` inside `try` is not supported in compiled code yet".into()));
                    }
                    match *e.value {
                        ast::Expr::Yield(y) => {
                            let value = y.value.map(|v| *v).unwrap_or_else(|| none(self.at));
                            out.extend(self.yielded(value));
                        }
                        ast::Expr::YieldFrom(y) => {
                            // `yield from it` is `for $y in it: yield $y` (a generator call
                            // in `it` is inlined in turn)
                            let item = format!("{}from", self.prefix);
                            let inner = ast::Stmt::For(ast::StmtFor {
                                target: Box::new(store(&item, self.at)),
                                iter: y.value,
                                body: self.yielded(load(&item, self.at)),
                                orelse: vec![],
                                type_comment: None,
                                range: self.at,
                            });
                            out.push(inner);
                            out.extend(self.check_stop());
                        }
                        _ => unreachable!("matched above"),
                    }
                }
                ast::Stmt::Return(r) => {
                    if let Some(v) = r.value {
                        out.push(ast::Stmt::Expr(ast::StmtExpr { value: v, range: self.at }));
                    }
                    out.extend(self.leave());
                }
                ast::Stmt::For(mut f) => {
                    f.body = self.block(f.body, in_try)?;
                    f.orelse = self.block(f.orelse, in_try)?;
                    out.push(ast::Stmt::For(f));
                    out.extend(self.check_stop());
                }
                ast::Stmt::While(mut w) => {
                    w.body = self.block(w.body, in_try)?;
                    w.orelse = self.block(w.orelse, in_try)?;
                    out.push(ast::Stmt::While(w));
                    out.extend(self.check_stop());
                }
                ast::Stmt::If(mut i) => {
                    i.body = self.block(i.body, in_try)?;
                    i.orelse = self.block(i.orelse, in_try)?;
                    out.push(ast::Stmt::If(i));
                }
                ast::Stmt::Try(mut t) => {
                    for b in crate::exceptions::try_blocks_mut(&mut t) {
                        *b = self.block(std::mem::take(b), true)?;
                    }
                    out.push(ast::Stmt::Try(t));
                }
                other => {
                    if has_yield(std::slice::from_ref(&other)) {
                        return Err((self.at, "`yield` used as a value is not supported in compiled code (only as a statement, `yield x`)".into()));
                    }
                    out.push(other);
                }
            }
        }
        Ok(out)
    }

    /// `if $stop: break` (after a loop of the generator: a stop inside it goes on out);
    /// nothing when nothing stops the generator early.
    fn check_stop(&self) -> Option<ast::Stmt> {
        self.stops.then(|| ast::Stmt::If(ast::StmtIf { test: Box::new(load(&self.stop(), self.at)), body: vec![ast::Stmt::Break(ast::StmtBreak { range: self.at })], orelse: vec![], range: self.at }))
    }

    /// What `yield value` becomes.
    fn yielded(&mut self, value: ast::Expr) -> Vec<ast::Stmt> {
        let at = self.at;
        // (the first copy keeps the target's and the body's ranges; each other gets
        // ranges of its own)
        self.copies += 1;
        let (target, body) = if self.copies == 1 {
            (self.consumer.target.clone(), self.consumer.body.clone())
        } else {
            let mut r = Renamer { suffix: String::new(), locals: HashSet::new(), at, map: Some(&mut *self.map), keep_ranges: true };
            let target = r.fold_expr(self.consumer.target.clone()).unwrap_or_else(|e| match e {});
            (target, self.consumer.body.iter().map(|s| r.fold_stmt(s.clone()).unwrap_or_else(|e| match e {})).collect())
        };
        let c = &self.consumer;
        let mut out = Vec::new();
        match &c.counter {
            Some(i) => {
                let pair = ast::Expr::Tuple(ast::ExprTuple { elts: vec![load(i, at), value], ctx: ast::ExprContext::Load, range: at });
                out.push(ast::Stmt::Assign(ast::StmtAssign { targets: vec![target], value: Box::new(pair), type_comment: None, range: at }));
                let one = int(1, at);
                out.push(ast::Stmt::AugAssign(ast::StmtAugAssign { target: Box::new(store(i, at)), op: ast::Operator::Add, value: Box::new(one), range: at }));
            }
            None => out.push(ast::Stmt::Assign(ast::StmtAssign { targets: vec![target], value: Box::new(value), type_comment: None, range: at })),
        }
        if c.breaks || c.continues {
            out.push(one_shot(&format!("{}body", self.prefix), body, at));
        } else {
            out.extend(body);
        }
        if c.breaks {
            out.push(ast::Stmt::If(ast::StmtIf { test: Box::new(load(&c.brk, at)), body: self.leave(), orelse: vec![], range: at }));
        }
        out
    }
}

/// `for $name in range(1): body` (a `break` or `continue` in body leaves it).
fn one_shot(name: &str, body: Vec<ast::Stmt>, at: TextRange) -> ast::Stmt {
    let range1 = ast::Expr::Call(ast::ExprCall { func: Box::new(load("range", at)), args: vec![int(1, at)], keywords: vec![], range: at });
    ast::Stmt::For(ast::StmtFor { target: Box::new(store(name, at)), iter: Box::new(range1), body, orelse: vec![], type_comment: None, range: at })
}

/// The loop body's own `break`s (not those of loops inside it) set `flag` first; `found`
/// and `continues` tell whether there was a `break`, a `continue`.
fn mark_breaks(stmts: Vec<ast::Stmt>, flag: &str, found: &mut bool, continues: &mut bool) -> Vec<ast::Stmt> {
    let mut out = Vec::new();
    for s in stmts {
        match s {
            ast::Stmt::Continue(c) => {
                *continues = true;
                out.push(ast::Stmt::Continue(c));
            }
            ast::Stmt::Break(b) => {
                *found = true;
                out.push(assign(flag, boolean(true, b.range), b.range));
                out.push(ast::Stmt::Break(b));
            }
            ast::Stmt::If(mut i) => {
                i.body = mark_breaks(i.body, flag, found, continues);
                i.orelse = mark_breaks(i.orelse, flag, found, continues);
                out.push(ast::Stmt::If(i));
            }
            ast::Stmt::Try(mut t) => {
                for b in crate::exceptions::try_blocks_mut(&mut t) {
                    *b = mark_breaks(std::mem::take(b), flag, found, continues);
                }
                out.push(ast::Stmt::Try(t));
            }
            ast::Stmt::For(mut f) => {
                // (a `break` in its `else` is the outer loop's)
                f.orelse = mark_breaks(f.orelse, flag, found, continues);
                out.push(ast::Stmt::For(f));
            }
            ast::Stmt::While(mut w) => {
                w.orelse = mark_breaks(w.orelse, flag, found, continues);
                out.push(ast::Stmt::While(w));
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether the generator's statements have a `return` (not one of a nested function).
fn returns(stmts: &[ast::Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        ast::Stmt::Return(_) => true,
        ast::Stmt::For(f) => returns(&f.body) || returns(&f.orelse),
        ast::Stmt::While(w) => returns(&w.body) || returns(&w.orelse),
        ast::Stmt::If(i) => returns(&i.body) || returns(&i.orelse),
        ast::Stmt::Try(t) => crate::exceptions::try_blocks(t).into_iter().any(|b| returns(b)),
        _ => false,
    })
}

/// Renames the generator's locals (`x` -> `x#gN`) and gives every node a range of its
/// own standing for the call's (`map`; without one, the call's range itself); with
/// `keep_ranges`, a range of its own standing for the node's own (a copy of the loop's
/// body).
struct Renamer<'m> {
    /// `#gN`, appended to the generator's locals.
    suffix: String,
    locals: HashSet<String>,
    at: TextRange,
    map: Option<&'m mut SourceMap>,
    keep_ranges: bool,
}

fn rename(suffix: &str, name: &str) -> String {
    format!("{name}{suffix}")
}

impl Renamer<'_> {
    /// Fold `f` with the names `params` binds not renamed (a lambda's or an inner
    /// function's own parameters).
    fn shadowing<T>(&mut self, params: &ast::Arguments, f: impl FnOnce(&mut Self) -> T) -> T {
        let names: Vec<String> = params.posonlyargs.iter().chain(&params.args).chain(&params.kwonlyargs).map(|a| a.def.arg.to_string()).chain(params.vararg.iter().chain(&params.kwarg).map(|a| a.arg.to_string())).collect();
        let removed: Vec<String> = names.into_iter().filter(|n| self.locals.remove(n)).collect();
        let out = f(self);
        self.locals.extend(removed);
        out
    }
}

impl Fold<TextRange> for Renamer<'_> {
    type TargetU = TextRange;
    type Error = std::convert::Infallible;
    type UserContext = ();

    fn will_map_user(&mut self, _user: &TextRange) {}

    fn map_user(&mut self, user: TextRange, _context: ()) -> Result<TextRange, Self::Error> {
        let alias = if self.keep_ranges { user } else { self.at };
        Ok(match self.map.as_deref_mut() {
            Some(map) => map.synthesize(alias),
            None => alias,
        })
    }

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        if let ast::Expr::Lambda(l) = e {
            let args = l.args.clone();
            return self.shadowing(&args, |r| ast::fold::fold_expr(r, ast::Expr::Lambda(l)));
        }
        let e = ast::fold::fold_expr(self, e)?;
        Ok(match e {
            ast::Expr::Name(mut n) if self.locals.contains(n.id.as_str()) => {
                n.id = ast::Identifier::new(rename(&self.suffix, n.id.as_str()));
                ast::Expr::Name(n)
            }
            other => other,
        })
    }

    fn fold_stmt(&mut self, s: ast::Stmt) -> Result<ast::Stmt, Self::Error> {
        let defines = |s: &ast::Stmt| match s {
            ast::Stmt::FunctionDef(_) => true,
            ast::Stmt::Assign(a) => a.targets.len() == 1 && matches!(a.targets[0], ast::Expr::Name(_)) && matches!(a.value.as_ref(), ast::Expr::Lambda(_)),
            _ => false,
        };
        if self.keep_ranges && defines(&s) {
            // A copy of the loop's body: its inner functions are the first copy's (lifted
            // once, called by name; a second definition would be a second function).
            return Ok(ast::Stmt::Pass(ast::StmtPass { range: s.range() }));
        }
        match s {
            ast::Stmt::FunctionDef(mut d) => {
                // (an inner function's name is the generator's local too)
                if self.locals.contains(d.name.as_str()) {
                    d.name = ast::Identifier::new(rename(&self.suffix, d.name.as_str()));
                }
                let args = d.args.clone();
                self.shadowing(&args, |r| ast::fold::fold_stmt(r, ast::Stmt::FunctionDef(d)))
            }
            s => ast::fold::fold_stmt(self, s),
        }
    }
}

/// The names comprehensions and lambdas in `stmts` bind (their own, not globals).
fn scoped_names(stmts: &[ast::Stmt]) -> HashSet<String> {
    struct Scoped(HashSet<String>);
    impl Fold<TextRange> for Scoped {
        crate::range_fold!();
        fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
            let generators = match &e {
                ast::Expr::ListComp(c) => Some(&c.generators),
                ast::Expr::SetComp(c) => Some(&c.generators),
                ast::Expr::DictComp(c) => Some(&c.generators),
                ast::Expr::GeneratorExp(c) => Some(&c.generators),
                ast::Expr::Lambda(l) => {
                    let a = &l.args;
                    self.0.extend(a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs).map(|p| p.def.arg.to_string()));
                    None
                }
                _ => None,
            };
            for g in generators.into_iter().flatten() {
                crate::function::collect_targets(&g.target, &mut self.0);
            }
            ast::fold::fold_expr(self, e)
        }
    }
    let mut s = Scoped(HashSet::new());
    for st in stmts {
        let _ = s.fold_stmt(st.clone());
    }
    s.0
}

fn ranged(e: ast::Expr, at: TextRange) -> ast::Expr {
    let mut r = Renamer { suffix: String::new(), locals: HashSet::new(), at, map: None, keep_ranges: false };
    r.fold_expr(e).unwrap_or_else(|never| match never {})
}

/// The largest `N` of the `$gN$` flags and `x#gN` locals `stmts` name (0 if none): a
/// function lifted out of one with inlined generators (which may capture their locals)
/// numbers its own after them.
fn collect_counter(stmts: &[ast::Stmt]) -> usize {
    struct Max(usize);
    impl Fold<TextRange> for Max {
        crate::range_fold!();
        fn fold_expr_name(&mut self, n: ast::ExprName) -> Result<ast::ExprName, Self::Error> {
            self.0 = self.0.max(counter_in(n.id.as_str()));
            Ok(n)
        }
    }
    let mut m = Max(0);
    for s in stmts {
        let _ = m.fold_stmt(s.clone());
    }
    m.0
}

/// The largest `N` of `$gN$...` / `...#gN...` in a name (0 if none).
fn counter_in(name: &str) -> usize {
    let numbers = name.strip_prefix("$g").into_iter().chain(name.split("#g").skip(1));
    numbers.filter_map(|rest| rest.chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse::<usize>().ok()).max().unwrap_or(0)
}

fn load(id: &str, at: TextRange) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx: ast::ExprContext::Load, range: at })
}

fn store(id: &str, at: TextRange) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx: ast::ExprContext::Store, range: at })
}

fn assign(id: &str, value: ast::Expr, at: TextRange) -> ast::Stmt {
    ast::Stmt::Assign(ast::StmtAssign { targets: vec![store(id, at)], value: Box::new(value), type_comment: None, range: at })
}

fn boolean(b: bool, at: TextRange) -> ast::Expr {
    ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Bool(b), kind: None, range: at })
}

fn int(i: i64, at: TextRange) -> ast::Expr {
    ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Int(i.into()), kind: None, range: at })
}

fn none(at: TextRange) -> ast::Expr {
    ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::None, kind: None, range: at })
}

/// The name `find` is asked for `m.literal_unroll(...)` (ferrojit's, reached through a
/// module: `numba.literal_unroll`).
pub const LITERAL_UNROLL_ATTRIBUTE: &str = "$ferrojit.literal_unroll";

/// How many items of a tuple `literal_unroll` unrolls.
const UNROLL_MAX: usize = 32;

/// Whether `filename` is ferrojit's own `__init__.py` (where `literal_unroll` is defined).
pub fn is_ferrojit_init(filename: &str) -> bool {
    let f = filename.replace('\\', "/");
    f.ends_with("/ferrojit/__init__.py")
}

/// `ferrojit.literal_unroll` as compiled code runs it: a generator inlined into the loop
/// over it, which for a tuple yields each item in turn (the tests on `len` are known when
/// compiling, so only the tuple's own items are typed, each copy of the loop's body with
/// its own item type: a loop over items of different types), and for anything else runs
/// an ordinary loop. (In Python, `literal_unroll` is the container itself.)
pub fn literal_unroll() -> ast::StmtFunctionDef {
    let mut src = String::from("def literal_unroll(container):\n    if isinstance(container, tuple):\n");
    for i in 0..UNROLL_MAX {
        src.push_str(&format!("        if len(container) > {i}:\n            yield container[{i}]\n"));
    }
    src.push_str(&format!(
        "        if len(container) > {UNROLL_MAX}:\n            raise NotImplementedError(\"literal_unroll of a tuple of more than {UNROLL_MAX} items is not supported in compiled code\")\n"
    ));
    src.push_str("    else:\n        for item in container:\n            yield item\n");
    let module = rustpython_parser::parse(&src, rustpython_parser::Mode::Module, "<literal_unroll>").expect("literal_unroll's source parses");
    let ast::Mod::Module(m) = module else { unreachable!("a module") };
    match m.body.into_iter().next() {
        Some(ast::Stmt::FunctionDef(d)) => d,
        _ => unreachable!("literal_unroll's source is one def"),
    }
}
