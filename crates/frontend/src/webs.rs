//! Per-definition names: a local name may hold values of different types at different
//! points, as in CPython (`arr = arr.reshape(-1)`, `x = x.sum()`, a loop variable reused
//! over ints and then floats).
//!
//! In: a parsed function (after [`crate::source`]). Out: the same function where each
//! **web** of a local name has a name of its own. A web is a set of assignments to the
//! name joined by the uses they reach: two assignments that reach one use (where control
//! flow merges, or around a loop) are one web, and keep one type (unified as before: int
//! and float make float64). Assignments that never meet at a use are independent
//! variables, so each can have its own type.
//!
//! Invariants:
//! - The web that holds a parameter's binding, else the one assigned first in the
//!   source, keeps the name; the others are renamed `name#1`, `name#2`... ([`source_name`]
//!   gives back `name` for messages). A read reached by no assignment keeps the name, so
//!   it still raises UnboundLocalError.
//! - `x += v` reads and writes one web (the in-place update of an array must see the
//!   same variable); `del x` reads `x` and leaves it unbound.
//! - Functions with constructs this analysis does not model (`try`, `with`, `global`,
//!   nested functions, lambdas, comprehensions, `:=`...) are left unchanged: a variable
//!   then keeps one type for the whole function, as before, and the lowering reports
//!   those constructs itself.
//!
//! The analysis is reaching definitions over the statement tree (`if`, `for`/`while`
//! with `else`, `break`, `continue`, `return`, `raise`), iterated around loops until the
//! sets stop growing, then union-find over the definitions that share a use.

use rustpython_parser::ast::{self, Fold};
use rustpython_parser::text_size::{TextRange, TextSize};
use std::collections::{BTreeSet, HashMap};

pub use ferrojit_ir::source_name;

/// Rename the webs of `def`'s locals; `def` is unchanged when it uses a construct the
/// analysis does not model, or when no name has two webs.
pub fn split_webs(def: ast::StmtFunctionDef) -> ast::StmtFunctionDef {
    let mut a = Analysis::default();
    let params: Vec<&ast::ArgWithDefault> =
        def.args.posonlyargs.iter().chain(&def.args.args).chain(&def.args.kwonlyargs).collect();
    let mut env = Env::new();
    for p in params {
        let d = a.def_id(p.def.arg.as_str(), p.def.range.start(), true);
        env.insert(p.def.arg.to_string(), BTreeSet::from([d]));
    }
    let _ = a.block(&def.body, Some(env));
    if a.unsupported {
        return def;
    }
    let renames = a.renames();
    if renames.is_empty() {
        return def;
    }
    let mut r = Renamer { renames };
    match r.fold_stmt_function_def(def) {
        Ok(d) => d,
        Err(never) => match never {},
    }
}

/// Names bound on each path: name -> the definitions that may reach here (an empty set:
/// unbound). `None` for an unreachable point.
type Env = HashMap<String, BTreeSet<usize>>;

fn join(a: Option<Env>, b: Option<Env>) -> Option<Env> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(mut a), Some(b)) => {
            for (k, v) in b {
                a.entry(k).or_default().extend(v);
            }
            Some(a)
        }
    }
}

#[derive(Default)]
struct LoopCtx {
    breaks: Option<Env>,
    continues: Option<Env>,
}

#[derive(Default)]
struct Analysis {
    /// Definition id -> (name, position, is a parameter).
    defs: Vec<(String, TextSize, bool)>,
    /// Keyed by position and name: a name the desugaring made may share a position.
    def_at: HashMap<(TextSize, String), usize>,
    parent: Vec<usize>,
    /// (Use position, name) -> definitions reaching it.
    uses: HashMap<(TextSize, String), BTreeSet<usize>>,
    loops: Vec<LoopCtx>,
    /// `finally` blocks a `break`/`continue`/`return` here runs on its way out (innermost
    /// last), with the loop depth around their `try`.
    finallies: Vec<(Vec<ast::Stmt>, usize)>,
    unsupported: bool,
}

impl Analysis {
    fn def_id(&mut self, name: &str, at: TextSize, param: bool) -> usize {
        if let Some(&d) = self.def_at.get(&(at, name.to_string())) {
            return d;
        }
        let d = self.defs.len();
        self.defs.push((name.to_string(), at, param));
        self.parent.push(d);
        self.def_at.insert((at, name.to_string()), d);
        d
    }

    fn find(&mut self, mut d: usize) -> usize {
        while self.parent[d] != d {
            self.parent[d] = self.parent[self.parent[d]];
            d = self.parent[d];
        }
        d
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }

    fn use_name(&mut self, name: &str, at: TextSize, env: &Env) {
        let reaching = env.get(name).cloned().unwrap_or_default();
        self.uses.entry((at, name.to_string())).or_default().extend(reaching);
    }

    /// Record the reads in `e` (evaluated in `env`), and its assignments (`Store`
    /// names, only in assignment targets) as new definitions.
    fn expr(&mut self, e: &ast::Expr, env: &mut Env) {
        let mut names = NameCollector::default();
        let _ = names.fold_expr(e.clone());
        if names.unsupported {
            self.unsupported = true;
            return;
        }
        for (name, ctx, at) in &names.found {
            if matches!(ctx, ast::ExprContext::Load) {
                self.use_name(name, *at, env);
            }
        }
        for (name, ctx, at) in names.found {
            match ctx {
                ast::ExprContext::Store => {
                    let d = self.def_id(&name, at, false);
                    env.insert(name, BTreeSet::from([d]));
                }
                // `del x` reads x and leaves its definitions in place: a later read
                // (which raises UnboundLocalError where the `del` ran) shares their web,
                // so the variable that was unbound is the one read.
                ast::ExprContext::Del => self.use_name(&name, at, env),
                ast::ExprContext::Load => {}
            }
        }
    }

    /// `env` after the pending `finally` blocks a jump leaves through: all of them for a
    /// `return` (`loop_depth: None`), those inside the innermost loop for `break` and
    /// `continue`; innermost first, each seeing the stack outside its own `try`.
    fn through_finallies(&mut self, env: Env, loop_depth: Option<usize>) -> Option<Env> {
        let saved = std::mem::take(&mut self.finallies);
        let mut env = Some(env);
        for i in (0..saved.len()).rev() {
            let (body, depth) = &saved[i];
            if loop_depth.is_some_and(|d| *depth < d) {
                break;
            }
            self.finallies = saved[..i].to_vec();
            env = self.block(body, env);
        }
        self.finallies = saved;
        env
    }

    /// `env` with every definition made inside `stmts` (already analysed) added.
    fn with_defs_in(&self, env: Option<Env>, stmts: &[ast::Stmt]) -> Option<Env> {
        let mut env = env?;
        let (Some(first), Some(last)) = (stmts.first(), stmts.last()) else { return Some(env) };
        use rustpython_parser::ast::Ranged;
        let (lo, hi) = (first.range().start(), last.range().end());
        for (d, (name, at, _)) in self.defs.iter().enumerate() {
            if *at >= lo && *at < hi {
                env.entry(name.clone()).or_default().insert(d);
            }
        }
        Some(env)
    }

    fn block(&mut self, stmts: &[ast::Stmt], mut env: Option<Env>) -> Option<Env> {
        for s in stmts {
            if self.unsupported {
                return None;
            }
            let Some(e) = env.take() else { return None };
            env = self.stmt(s, e);
        }
        env
    }

    fn stmt(&mut self, s: &ast::Stmt, mut env: Env) -> Option<Env> {
        match s {
            ast::Stmt::Assign(a) => {
                self.expr(&a.value, &mut env);
                for t in &a.targets {
                    self.expr(t, &mut env);
                }
                Some(env)
            }
            ast::Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v, &mut env);
                    self.expr(&a.target, &mut env);
                }
                Some(env)
            }
            ast::Stmt::AugAssign(a) => {
                self.expr(&a.value, &mut env);
                match a.target.as_ref() {
                    ast::Expr::Name(n) => {
                        // Read and written as one web.
                        let at = n.range.start();
                        self.use_name(n.id.as_str(), at, &env);
                        let d = self.def_id(n.id.as_str(), at, false);
                        let reaching: Vec<usize> = env.get(n.id.as_str()).map(|s| s.iter().copied().collect()).unwrap_or_default();
                        for r in reaching {
                            self.union(d, r);
                        }
                        env.insert(n.id.to_string(), BTreeSet::from([d]));
                    }
                    t => self.expr(t, &mut env),
                }
                Some(env)
            }
            ast::Stmt::Expr(x) => {
                self.expr(&x.value, &mut env);
                Some(env)
            }
            ast::Stmt::Assert(x) => {
                self.expr(&x.test, &mut env);
                if let Some(m) = &x.msg {
                    self.expr(m, &mut env);
                }
                Some(env)
            }
            ast::Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t, &mut env);
                }
                Some(env)
            }
            ast::Stmt::Pass(_) => Some(env),
            ast::Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v, &mut env);
                }
                self.through_finallies(env, None);
                None
            }
            ast::Stmt::Raise(r) => {
                for x in r.exc.iter().chain(&r.cause) {
                    self.expr(x, &mut env);
                }
                None
            }
            ast::Stmt::Break(_) | ast::Stmt::Continue(_) => {
                // The `finally` blocks between here and the loop run first.
                let depth = self.loops.len();
                let env = self.through_finallies(env, Some(depth));
                let Some(l) = self.loops.last_mut() else {
                    self.unsupported = true;
                    return None;
                };
                if matches!(s, ast::Stmt::Break(_)) {
                    l.breaks = join(l.breaks.take(), env);
                } else {
                    l.continues = join(l.continues.take(), env);
                }
                None
            }
            ast::Stmt::If(i) => {
                self.expr(&i.test, &mut env);
                let then_end = self.block(&i.body, Some(env.clone()));
                let else_end = self.block(&i.orelse, Some(env));
                join(then_end, else_end)
            }
            ast::Stmt::While(w) => {
                let forever = matches!(w.test.as_ref(), ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(true)));
                self.looped(Some(env), &w.body, &w.orelse, |a, head| {
                    let mut head = head;
                    a.expr(&w.test, &mut head);
                    let exit = if forever { None } else { Some(head.clone()) };
                    (Some(head), exit)
                })
            }
            ast::Stmt::Try(t) => {
                // An exception may leave the body anywhere: a handler starts from the
                // entry bindings plus every definition inside the body; `finally` also
                // from every definition inside the statement (exceptions on their way
                // out). Conservative: more definitions merge into one web.
                let entry = env.clone();
                let pending = !t.finalbody.is_empty();
                if pending {
                    self.finallies.push((t.finalbody.clone(), self.loops.len()));
                }
                let body_end = self.block(&t.body, Some(env));
                let raised = self.with_defs_in(Some(entry.clone()), &t.body);
                let mut ends = self.block(&t.orelse, body_end);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    let end = self.block(&h.body, raised.clone());
                    ends = join(ends, end);
                }
                if pending {
                    self.finallies.pop();
                }
                if t.finalbody.is_empty() {
                    return ends;
                }
                let mut unwinding = self.with_defs_in(Some(entry), &t.body);
                unwinding = self.with_defs_in(unwinding, &t.orelse);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    unwinding = self.with_defs_in(unwinding, &h.body);
                }
                let falls_through = ends.is_some();
                let fin_end = self.block(&t.finalbody, join(ends, unwinding));
                if falls_through {
                    fin_end
                } else {
                    None
                }
            }
            ast::Stmt::For(f) => {
                self.expr(&f.iter, &mut env);
                self.looped(Some(env), &f.body, &f.orelse, |a, head| {
                    let exit = Some(head.clone());
                    let mut body = head;
                    a.expr(&f.target, &mut body);
                    (Some(body), exit)
                })
            }
            _ => {
                self.unsupported = true;
                None
            }
        }
    }

    /// A loop: `step` takes the head's bindings and gives those at the body's start
    /// and on the normal exit (to `orelse`); iterated until the head stops growing.
    fn looped(
        &mut self,
        entry: Option<Env>,
        body: &[ast::Stmt],
        orelse: &[ast::Stmt],
        step: impl Fn(&mut Self, Env) -> (Option<Env>, Option<Env>),
    ) -> Option<Env> {
        let mut head = entry.clone();
        for _ in 0..64 {
            let Some(h) = head.clone() else { return None };
            self.loops.push(LoopCtx::default());
            let (body_start, exit) = step(self, h);
            let body_end = self.block(body, body_start);
            let ctx = self.loops.pop().unwrap_or_default();
            let back = join(body_end, ctx.continues);
            let next = join(entry.clone(), back);
            if self.unsupported {
                return None;
            }
            if next == head {
                let after_else = self.block(orelse, exit);
                return join(after_else, ctx.breaks);
            }
            head = next;
        }
        self.unsupported = true;
        None
    }

    /// (Position, name) of each renamed name -> its new name.
    fn renames(&mut self) -> HashMap<(TextSize, String), String> {
        let uses: Vec<(TextSize, String, Vec<usize>)> =
            self.uses.iter().map(|((at, n), ds)| (*at, n.clone(), ds.iter().copied().collect())).collect();
        for (_, _, ds) in &uses {
            for w in ds.windows(2) {
                self.union(w[0], w[1]);
            }
        }
        // Webs of each name, in source order of their first definition; the one with a
        // parameter first.
        let mut webs: HashMap<String, Vec<(bool, TextSize, usize)>> = HashMap::new();
        for d in 0..self.defs.len() {
            let root = self.find(d);
            let (name, at, param) = self.defs[d].clone();
            let list = webs.entry(name).or_default();
            match list.iter_mut().find(|w| w.2 == root) {
                Some(w) => {
                    w.0 |= param;
                    w.1 = w.1.min(at);
                }
                None => list.push((param, at, root)),
            }
        }
        let mut web_name: HashMap<usize, String> = HashMap::new();
        for (name, mut list) in webs {
            if list.len() < 2 {
                continue;
            }
            list.sort_by_key(|&(param, at, _)| (!param, at));
            for (k, &(_, _, root)) in list.iter().enumerate().skip(1) {
                web_name.insert(root, format!("{name}#{k}"));
            }
        }
        let mut out = HashMap::new();
        for d in 0..self.defs.len() {
            let root = self.find(d);
            if let Some(n) = web_name.get(&root) {
                if !self.defs[d].2 {
                    out.insert((self.defs[d].1, self.defs[d].0.clone()), n.clone());
                }
            }
        }
        for (at, name, ds) in uses {
            if let Some(&d) = ds.first() {
                let root = self.find(d);
                if let Some(n) = web_name.get(&root) {
                    out.insert((at, name), n.clone());
                }
            }
        }
        out
    }
}

/// The names an expression reads and writes, in source order; flags the constructs
/// with scopes or bindings of their own.
#[derive(Default)]
struct NameCollector {
    found: Vec<(String, ast::ExprContext, TextSize)>,
    unsupported: bool,
}

impl Fold<TextRange> for NameCollector {
    crate::range_fold!();

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        if let ast::Expr::NamedExpr(n) = &e {
            if matches!(n.target.as_ref(), ast::Expr::Name(t) if t.id.starts_with(crate::desugar::LET_PREFIX)) {
                // The core's let: a hidden name with one definition, never split.
                self.fold_expr(*n.value.clone())?;
                return Ok(e);
            }
        }
        if matches!(
            e,
            ast::Expr::Lambda(_)
                | ast::Expr::ListComp(_)
                | ast::Expr::SetComp(_)
                | ast::Expr::DictComp(_)
                | ast::Expr::GeneratorExp(_)
                | ast::Expr::NamedExpr(_)
                | ast::Expr::Yield(_)
                | ast::Expr::YieldFrom(_)
                | ast::Expr::Await(_)
        ) {
            self.unsupported = true;
            return Ok(e);
        }
        ast::fold::fold_expr(self, e)
    }

    fn fold_expr_name(&mut self, n: ast::ExprName) -> Result<ast::ExprName, Self::Error> {
        if n.id.starts_with(crate::desugar::LET_PREFIX) {
            return Ok(n); // a core let's hidden name: one definition, never split
        }
        self.found.push((n.id.to_string(), n.ctx.clone(), n.range.start()));
        Ok(n)
    }
}

struct Renamer {
    renames: HashMap<(TextSize, String), String>,
}

impl Fold<TextRange> for Renamer {
    crate::range_fold!();

    fn fold_expr_name(&mut self, mut n: ast::ExprName) -> Result<ast::ExprName, Self::Error> {
        // Keyed by position and name: a name the desugaring made (`$let1`, which has the
        // range of the expression it holds; a capture passed at a call) can share a
        // position with a user's name.
        if let Some(new) = self.renames.get(&(n.range.start(), n.id.to_string())) {
            n.id = ast::Identifier::new(new.clone());
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_parser::{parse, Mode};

    /// The function's source with renamed names written back (`name#k`), by position.
    fn renamed(src: &str) -> String {
        let m = parse(src, Mode::Module, "<test>").expect("parses");
        let ast::Mod::Module(m) = m else { panic!("module") };
        let Some(ast::Stmt::FunctionDef(def)) = m.body.into_iter().next() else { panic!("def") };
        let mut names = NameCollector::default();
        let out = split_webs(def);
        for s in out.body {
            let _ = names.fold_stmt(s);
        }
        let mut text = src.to_string();
        let mut found = names.found;
        found.sort_by_key(|f| std::cmp::Reverse(f.2));
        for (name, _, at) in found {
            let at = at.to_usize();
            let end = at + source_name(&name).len();
            if name.contains('#') {
                text.replace_range(at..end, &name);
            }
        }
        text
    }

    #[test]
    fn rebinding_to_another_value_is_a_new_web() {
        let src = "def f(arr):\n    arr = arr.reshape(-1)\n    return arr.sum()\n";
        assert_eq!(renamed(src), "def f(arr):\n    arr#1 = arr.reshape(-1)\n    return arr#1.sum()\n");
    }

    #[test]
    fn merges_at_joins_and_around_loops_are_one_web() {
        let src = "def f(n):\n    x = 0\n    for i in range(n):\n        x = x + 1.5\n    if n:\n        y = 1\n    else:\n        y = 2.0\n    return x + y\n";
        assert_eq!(renamed(src), src);
    }

    #[test]
    fn loop_variables_reused_are_separate() {
        let src = "def f(a):\n    s = 0\n    for i in range(3):\n        s += i\n    for i in a:\n        s += i\n    return s\n";
        let want = "def f(a):\n    s = 0\n    for i in range(3):\n        s += i\n    for i#1 in a:\n        s += i#1\n    return s\n";
        assert_eq!(renamed(src), want);
    }

    #[test]
    fn augmented_assignment_stays_in_its_web_and_del_unbinds() {
        let src = "def f(a):\n    t = a // 2\n    t = float(t) / 3\n    t += 1\n    del t\n    t = (1, 2)\n    return t\n";
        let want = "def f(a):\n    t = a // 2\n    t#1 = float(t) / 3\n    t#1 += 1\n    del t#1\n    t#2 = (1, 2)\n    return t#2\n";
        assert_eq!(renamed(src), want);
    }

    #[test]
    fn breaks_continues_and_else_reach_the_right_uses() {
        // The `else` sees only `x = 1`, the code after the loop only the `break`'s `x = 2.5`.
        let src = "def f(n):\n    x = 1\n    while n:\n        if n > 3:\n            x = 2.5\n            break\n        n -= 1\n    else:\n        return x\n    return x\n";
        let want = "def f(n):\n    x = 1\n    while n:\n        if n > 3:\n            x#1 = 2.5\n            break\n        n -= 1\n    else:\n        return x\n    return x#1\n";
        assert_eq!(renamed(src), want);
        let src2 = "def f(n):\n    x = 1\n    print(x)\n    while True:\n        x = 2.5\n        break\n    return x\n";
        let want2 = "def f(n):\n    x = 1\n    print(x)\n    while True:\n        x#1 = 2.5\n        break\n    return x#1\n";
        assert_eq!(renamed(src2), want2);
    }

    #[test]
    fn parameters_rebound_keep_their_name_for_the_parameter_web() {
        let src = "def f(x):\n    y = x\n    x = 2.0\n    return x + y\n";
        let want = "def f(x):\n    y = x\n    x#1 = 2.0\n    return x#1 + y\n";
        assert_eq!(renamed(src), want);
    }

    #[test]
    fn reads_before_any_assignment_keep_the_name() {
        let src = "def f(c):\n    if c:\n        print(v)\n    v = 1\n    v = 2.0\n    return v\n";
        let want = "def f(c):\n    if c:\n        print(v)\n    v = 1\n    v#1 = 2.0\n    return v#1\n";
        assert_eq!(renamed(src), want);
    }

    #[test]
    fn unmodelled_constructs_leave_the_function_unchanged() {
        let src = "def f(a):\n    x = 1\n    x = [i for i in a]\n    return x\n";
        assert_eq!(renamed(src), src);
    }
}
