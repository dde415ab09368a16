//! `prange` loops of `parallel=True` functions, outlined so that their iterations run on
//! the thread pool.
//!
//! In: a parsed function (before its inner functions are lifted) and a test for the
//! iterables that are `prange(...)`. Out: each `for i in prange(start, stop, step):` whose
//! iterations are independent by the rules below rewritten, in place, into
//!
//! ```text
//! $pf1_start = start; $pf1_stop = stop                      # (constants written in place)
//! $pf1_n = $range_len($pf1_start, $pf1_stop, step)          # the number of iterations
//! def $prange1($lo, $hi):
//!     for i in range($pf1_start + $lo, $pf1_start + $hi):   # (step 1; else over `$k`,
//!         body                                              #  with i = start + $k * step)
//! $parallel_for($prange1(0, $pf1_n))
//! ```
//!
//! (`step` a constant; the whole under `if <smallest i> >= c: ... else: <serial loop>`
//! when a written index `i - c` needs it). The inner function
//! is then an ordinary lifted closure (crate::closures: what the body reads from the
//! function becomes its keyword arguments, read when the loop starts), and the call
//! `$parallel_for(g(0, n, ...))` lowers to `ExprKind::ParallelFor`: `g` over chunks of
//! `0..n` on the pool. Loops that break a rule stay serial `range` loops, with the reason
//! returned (the function's results are then those of CPython).
//!
//! Rules (each keeps a parallel run equal to the serial one):
//! - The body does not `return`, `break` out of the loop, `yield`, define functions or
//!   classes, or declare `global`/`nonlocal`; the loop has no `else`.
//! - Every name the body assigns (the loop variable included) is private: assigned
//!   before it is read in each iteration, and its value after the loop never read (the
//!   code after the loop, and an enclosing loop's body, assign it again before any read;
//!   no inner function or lambda uses it), so no value flows between iterations or out
//!   of the loop — except one *reduction*
//!   variable, which the body only updates, by `v += x` / `v -= x` (a sum), `v *= x` (a
//!   product), `v = min(v, x)` or `v = max(v, x)`, one kind throughout, with no other
//!   use in the body. Its loop becomes
//!
//!   ```text
//!   if $is_number(v):                     # decided when compiling; else the serial loop
//!       ...as above, with $prange1 starting `v = $zero_like($pf1_v)` and returning `v`
//!       if $pf1_n > 0:
//!           v = v + $parallel_sum($prange1(0, $pf1_n))
//!   ```
//!
//!   each range's partial result computed from the identity (`min`/`max`: from the value
//!   before the loop), combined in range order over ranges fixed by the number of
//!   iterations: the same bits on any thread count; a float sum's association differs
//!   from the serial loop's (the last bits), as in Numba.
//! - An array element the body writes, `x[..., i, ...] = v` (or `x[i][j]`, `+=`), has the
//!   loop variable itself (or `i ± constant`) as one index, never negative (a negative
//!   index wraps around to another iteration's element: shown by constant bounds, or
//!   checked when the loop starts, the serial loop running otherwise), at the same
//!   position with the same offset in every write to that array (`x[i]`, `x[i, 0]`,
//!   `x[i, j]` together; not `x[i, j]` with `x[j, i]`, nor `x[i]` with `x[i + 1]`): so
//!   iteration i writes only its own slab, and two iterations never one element. Such an
//!   array is read in the body only within that slab (no `a[i] = a[i - 1] + 1`), or
//!   through `.shape`/`.size`/`.ndim`. The body does not assign the loop variable.
//! - A method the body calls on a name it does not assign is one that does not change its
//!   object (`x.sum()`, `x.copy()`, ...; not `x.append(v)` or `x.fill(0)`), and the body
//!   sets no attribute.
//!
//! What the rules do not see: a helper function that the body calls writing an array it is
//! passed, or two names for one array. As in Numba, `prange` is the programmer's promise
//! that iterations are independent.

use rustpython_parser::ast::{self, fold::Fold, Ranged};
use rustpython_parser::text_size::TextRange;
use std::collections::{HashMap, HashSet};

/// A `prange` loop: where, and whether it runs on the pool (with what it reduces, if
/// anything) or serially (with why).
pub type Decision = (TextRange, Result<Option<String>, String>);

/// Methods that do not change the object they are called on.
const READ_ONLY_METHODS: &[&str] = &[
    "sum", "prod", "mean", "std", "var", "min", "max", "argmin", "argmax", "any", "all", "copy", "dot", "reshape", "ravel",
    "flatten", "astype", "transpose", "conjugate", "conj", "item", "cumsum", "cumprod", "count", "index", "startswith",
    "endswith", "split", "join", "upper", "lower", "strip", "find", "real", "imag", "nonzero", "round", "clip",
];

/// Outline the independent `prange` loops of `def` (see the module doc); the loops kept
/// serial, with their reasons.
/// `text` gives the source text of a range (for messages and to compare indices).
pub fn outline(def: &mut ast::StmtFunctionDef, is_prange: &dyn Fn(&ast::Expr) -> bool, text: &dyn Fn(TextRange) -> String) -> Vec<Decision> {
    let mut counts = HashMap::new();
    for p in def.args.posonlyargs.iter().chain(&def.args.args).chain(&def.args.kwonlyargs) {
        *counts.entry(p.def.arg.to_string()).or_insert(0usize) += 1;
    }
    count_names(&def.body, &mut counts);
    let mut closure_names = HashSet::new();
    names_in_closures(&def.body, &mut closure_names);
    let params: HashSet<String> = def.args.posonlyargs.iter().chain(&def.args.args).chain(&def.args.kwonlyargs).map(|p| p.def.arg.to_string()).collect();
    let mut locals = params.clone();
    crate::function::collect_assigned(&def.body, &mut locals);
    locals.extend(def.args.vararg.iter().chain(&def.args.kwarg).map(|a| a.arg.to_string()));
    let mut bound = params;
    bound.extend(def.args.vararg.iter().chain(&def.args.kwarg).map(|a| a.arg.to_string()));
    let mut o = Outliner { is_prange, text, counts, closure_names, locals, decisions: Vec::new(), next: 0 };
    def.body = o.block(std::mem::take(&mut def.body), &[], &bound);
    o.decisions
}

struct Outliner<'a> {
    is_prange: &'a dyn Fn(&ast::Expr) -> bool,
    text: &'a dyn Fn(TextRange) -> String,
    /// Occurrences of each name in the whole function.
    counts: HashMap<String, usize>,
    /// Names that inner functions and lambdas use (their reads are not in the flow).
    closure_names: HashSet<String>,
    /// The function's local names (parameters and every name it binds or deletes).
    locals: HashSet<String>,
    decisions: Vec<Decision>,
    next: usize,
}

impl Outliner<'_> {
    /// Outline the loops of `stmts`; `after` is what may run after them (the rest of the
    /// enclosing blocks, and an enclosing loop's whole body again); `bound` are the local
    /// names bound for certain when the block starts.
    fn block(&mut self, stmts: Vec<ast::Stmt>, after: &[ast::Stmt], bound: &HashSet<String>) -> Vec<ast::Stmt> {
        let mut out = Vec::with_capacity(stmts.len());
        let mut rest: Vec<ast::Stmt> = stmts.clone();
        rest.extend_from_slice(after);
        let mut cur = bound.clone();
        for (k, s) in stmts.into_iter().enumerate() {
            // What runs after this statement.
            let next = &rest[k + 1..];
            let then = |first: &[ast::Stmt]| -> Vec<ast::Stmt> { first.iter().cloned().chain(next.iter().cloned()).collect() };
            let bound_before = cur.clone();
            bind_for_certain(&s, &mut cur);
            let bound = &bound_before;
            match s {
                ast::Stmt::For(f) if self.prange_args(&f).is_some() => match self.check(&f, next, bound) {
                    Ok(plan) => {
                        let what = plan.reduction.as_ref().map(|r| {
                            let op = match r.op {
                                "sum" => "a sum",
                                "prod" => "a product",
                                "min" => "a minimum",
                                _ => "a maximum",
                            };
                            format!("{op} into `{}`", r.name)
                        });
                        let what = match (what, plan.min_needed) {
                            (w, None) => w,
                            (None, Some(n)) => Some(format!("when its smallest value is at least {n}, checked as it starts")),
                            (Some(w), Some(n)) => Some(format!("{w}; when its smallest value is at least {n}, checked as it starts")),
                        };
                        self.decisions.push((f.range, Ok(what)));
                        out.extend(self.rewrite(f, plan));
                    }
                    Err(why) => {
                        self.decisions.push((f.range, Err(why.clone())));
                        out.push(ast::Stmt::For(f));
                    }
                },
                ast::Stmt::For(mut f) => {
                    let again = then(&[f.body.clone(), f.orelse.clone()].concat());
                    // (a `del` in the body may run before the next iteration's loops)
                    let gone = deleted_in(&f.body);
                    let mut inside: HashSet<String> = bound.iter().filter(|n| !gone.contains(*n)).cloned().collect();
                    crate::function::collect_targets(&f.target, &mut inside);
                    f.body = self.block(f.body, &again, &inside);
                    f.orelse = self.block(f.orelse, next, bound);
                    out.push(ast::Stmt::For(f));
                }
                ast::Stmt::While(mut w) => {
                    let again = then(&[w.body.clone(), w.orelse.clone()].concat());
                    let gone = deleted_in(&w.body);
                    let inside: HashSet<String> = bound.iter().filter(|n| !gone.contains(*n)).cloned().collect();
                    w.body = self.block(w.body, &again, &inside);
                    w.orelse = self.block(w.orelse, next, bound);
                    out.push(ast::Stmt::While(w));
                }
                ast::Stmt::If(mut i) => {
                    i.body = self.block(i.body, next, bound);
                    i.orelse = self.block(i.orelse, next, bound);
                    out.push(ast::Stmt::If(i));
                }
                ast::Stmt::With(mut w) => {
                    let mut inside = bound.clone();
                    for item in &w.items {
                        if let Some(v) = &item.optional_vars {
                            crate::function::collect_targets(v, &mut inside);
                        }
                    }
                    w.body = self.block(w.body, next, &inside);
                    out.push(ast::Stmt::With(w));
                }
                ast::Stmt::Try(mut t) => {
                    // (any block of the `try` may follow any other)
                    let all: Vec<ast::Stmt> = crate::exceptions::try_blocks(&t).into_iter().flatten().cloned().collect();
                    let again = then(&all);
                    for b in crate::exceptions::try_blocks_mut(&mut t) {
                        *b = self.block(std::mem::take(b), &again, bound);
                    }
                    out.push(ast::Stmt::Try(t));
                }
                other => out.push(other),
            }
        }
        out
    }

    /// The arguments of `prange(...)` when `f` iterates over one.
    fn prange_args<'f>(&self, f: &'f ast::StmtFor) -> Option<&'f [ast::Expr]> {
        let ast::Expr::Call(c) = f.iter.as_ref() else { return None };
        ((self.is_prange)(&c.func) && c.keywords.is_empty() && (1..=3).contains(&c.args.len())).then_some(&c.args[..])
    }

    /// Why the loop must stay serial, if it must; else its reduction, if it has one.
    fn check(&self, f: &ast::StmtFor, after: &[ast::Stmt], bound: &HashSet<String>) -> Result<Plan, String> {
        let ast::Expr::Name(target) = f.target.as_ref() else {
            return Err("its loop variable is not a plain name".into());
        };
        let i = target.id.as_str();
        if !f.orelse.is_empty() {
            return Err("it has an `else` block".into());
        }
        let args = self.prange_args(f).expect("checked by the caller");
        if args.len() == 3 && step_of(&args[2]).is_none() {
            return Err("its step is not a constant other than 0".into());
        }
        if let Some(why) = forbidden(&f.body, true) {
            return Err(why);
        }
        // Names the body assigns: private to an iteration.
        let mut assigned = HashSet::new();
        crate::function::collect_assigned(&f.body, &mut assigned);
        if assigned.contains(i) {
            return Err(format!("its body assigns its loop variable `{i}`"));
        }
        assigned.insert(i.to_string());
        let mut inside = HashMap::new();
        count_names(std::slice::from_ref(&ast::Stmt::For(f.clone())), &mut inside);
        let mut names: Vec<&String> = assigned.iter().collect();
        names.sort();
        let mut reduction = None;
        for n in names {
            // Used elsewhere: fine when the value the loop leaves is never read (the name
            // is assigned again first, as a later loop's own `i`).
            let outside = self.counts.get(n).copied().unwrap_or(0) > inside.get(n).copied().unwrap_or(0);
            if outside && (self.closure_names.contains(n) || live(n, after)) {
                // One variable the body only updates by `+=`, `-=`, `*=` or `v = min(v, x)`
                // / `max`: a reduction (a number: crate::call checks, else serial).
                if n != i && reduction.is_none() {
                    if let Some(op) = reduction_op(&f.body, n, inside.get(n).copied().unwrap_or(0)) {
                        reduction = Some(Reduction { name: n.clone(), op });
                        continue;
                    }
                }
                let what = if n == i { "its loop variable" } else { "it assigns" };
                return Err(format!("{what} `{n}`, whose value the function reads after the loop (a value carried out of the loop that is not a sum, product, min or max)"));
            }
        }
        if let Some(r) = &reduction {
            assigned.remove(&r.name);
        }
        // The outlined loop reads its captures when it starts, so each must be bound then
        // (CPython reads a name only when an iteration does: a deleted or conditionally
        // bound name raises UnboundLocalError only if one is reached). The bounds are
        // read as the loop starts in both.
        let loads = crate::closures::loads(&f.body);
        if let Some(n) = loads.iter().find(|n| self.locals.contains(*n) && !assigned.contains(*n) && !bound.contains(*n)) {
            return Err(format!("it reads `{n}`, which may be unbound when the loop starts"));
        }
        let mut defined: HashSet<String> = HashSet::from([i.to_string()]);
        read_before_assigned(&f.body, &assigned, &mut defined)?;
        // Array writes at the loop variable's index; no other access to those arrays.
        let mut views = HashSet::new();
        collect_views(&f.body, &mut views);
        let min_i = match (args.len(), args.get(2).and_then(step_of).unwrap_or(1)) {
            (1, _) => Some(0),
            (_, step) if step > 0 => constant_int(&args[0]),
            _ => constant_int(&args[1]).and_then(|s| s.checked_add(1)),
        };
        let mut writes = Writes { i, assigned: &assigned, views: &views, text: self.text, written: HashMap::new(), error: None };
        walk_stmts(&f.body, &mut |s| writes.stmt(s));
        if let Some(why) = writes.error {
            return Err(why);
        }
        // Every write to one array has the loop variable at one index position with one
        // offset (its *slot*: `out[i]`, `out[i, 0]`, `out[i, j]` share slot (0, +0); `out[i,
        // j]` and `out[j, i]`, or `out[i]` and `out[i + 1]`, do not): iteration i then
        // writes only its own slab of the array.
        let mut arrays: Vec<&String> = writes.written.keys().collect();
        arrays.sort();
        let mut common: HashMap<String, HashSet<(usize, i64)>> = HashMap::new();
        let mut need: Option<(String, i64)> = None;
        for a in arrays {
            let ws = &writes.written[a];
            let mut shared = ws[0].1.clone();
            for (_, slots) in &ws[1..] {
                shared.retain(|s| slots.contains(s));
            }
            if shared.is_empty() {
                let mut texts: Vec<&str> = ws.iter().map(|(t, _)| t.as_str()).collect();
                texts.sort();
                texts.dedup();
                return Err(format!("it writes `{a}` at {}: two iterations may write the same element", texts.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" and ")));
            }
            // A negative index wraps around to the end (`out[i - 1]` of iteration 0 is the
            // element `out[i]` of the last iteration writes): the loop variable must be at
            // least -c for the slot's offset c (the slot with the largest offset).
            let n = -shared.iter().map(|(_, c)| *c).max().unwrap_or(0);
            if need.as_ref().is_none_or(|(_, m)| n > *m) {
                need = Some((ws[0].0.clone(), n));
            }
            common.insert(a.clone(), shared);
        }
        let mut reads = Reads { written: &common, i, assigned: &assigned, text: self.text, error: None };
        for s in &f.body {
            let _ = reads.fold_stmt(s.clone());
        }
        if let Some(why) = reads.error {
            return Err(why);
        }
        // The smallest value the loop variable needs (see Writes): shown by constant
        // bounds, or checked when the loop starts.
        let min_needed = match (need.as_ref().map(|(t, n)| (t, n)), min_i) {
            (None, _) => None,
            (Some((text, n)), Some(m)) if m < *n => {
                return Err(format!("it writes `{text}`, whose index is negative for `{i} = {m}` (wrapping around to an element another iteration writes)"));
            }
            (Some(_), Some(_)) => None,
            (Some((_, n)), None) => Some(*n),
        };
        Ok(Plan { reduction, min_needed })
    }

    fn rewrite(&mut self, mut f: ast::StmtFor, plan: Plan) -> Vec<ast::Stmt> {
        self.next += 1;
        let k = self.next;
        let range = f.range;
        let ast::Expr::Call(call) = *f.iter.clone() else { unreachable!("checked by prange_args") };
        let mut args = call.args;
        let step = if args.len() == 3 { step_of(&args[2]).expect("checked") } else { 1 };
        let (start, stop) = if args.len() == 1 { (int(0, range), args.remove(0)) } else { (args.remove(0), args.remove(0)) };
        // The bounds, evaluated once before the loop, in order (constants written in place).
        let mut out = Vec::new();
        let once = |e: ast::Expr, what: &str, out: &mut Vec<ast::Stmt>| {
            if constant_int(&e).is_some() {
                return e;
            }
            let name = format!("$pf{k}_{what}");
            out.push(assign(&name, e, range));
            load(&name, range)
        };
        let start = once(start, "start", &mut out);
        let stop = once(stop, "stop", &mut out);
        // The serial loop, over the same bounds: where the loop cannot run in parallel
        // after all (an array accumulator; a start that makes an index negative).
        let mut serial = f.clone();
        serial.iter = Box::new(call_named("range", vec![start.clone(), stop.clone(), int(step, range)], range));
        let serial = ast::Stmt::For(serial);
        let mut par = Vec::new();
        // The number of iterations, len(range(start, stop, step)) (`$range_len`: without
        // int64 overflow, as an int64, at most 2**63 - 1).
        let n = format!("$pf{k}_n");
        par.push(assign(&n, call_named("$range_len", vec![start.clone(), stop.clone(), int(step, range)], range), range));
        // The outlined loop over iterations [$lo, $hi): with step 1, `range(start + $lo,
        // start + $hi)` (at most `stop`: a canonical loop over the user's variable); else
        // over the iteration number `$k`, the variable computed from it (`start + $hi *
        // step` could overflow).
        let offset = |b: &str| if constant_int(&start) == Some(0) { load(b, range) } else { binop(start.clone(), ast::Operator::Add, load(b, range)) };
        if step == 1 {
            f.iter = Box::new(call_named("range", vec![offset("$lo"), offset("$hi")], range));
        } else {
            let value = binop(start.clone(), ast::Operator::Add, binop(load("$k", range), ast::Operator::Mult, int(step, range)));
            f.body.insert(0, ast::Stmt::Assign(ast::StmtAssign { targets: vec![*f.target.clone()], value: Box::new(value), type_comment: None, range }));
            f.target = Box::new(ast::Expr::Name(ast::ExprName { id: ast::Identifier::new("$k"), ctx: ast::ExprContext::Store, range }));
            f.iter = Box::new(call_named("range", vec![load("$lo", range), load("$hi", range)], range));
        }
        let name = format!("$prange{k}");
        let mut body = vec![ast::Stmt::For(f)];
        if let Some(r) = &plan.reduction {
            // Each chunk starts its own accumulator from the operation's identity (min and
            // max: from the value before the loop) and returns it.
            let before = format!("$pf{k}_{}", r.name);
            par.push(assign(&before, load(&r.name, range), range));
            let init = match r.op {
                "sum" => call_named("$zero_like", vec![load(&before, range)], range),
                "prod" => call_named("$one_like", vec![load(&before, range)], range),
                _ => load(&before, range),
            };
            body.insert(0, assign(&r.name, init, range));
            body.push(ast::Stmt::Return(ast::StmtReturn { value: Some(Box::new(load(&r.name, range))), range }));
        }
        let param = |p: &str| ast::ArgWithDefault {
            def: ast::Arg { arg: ast::Identifier::new(p), annotation: None, type_comment: None, range },
            default: None,
            range: range.into(),
        };
        let params = Box::new(ast::Arguments { posonlyargs: vec![], args: vec![param("$lo"), param("$hi")], vararg: None, kwonlyargs: vec![], kwarg: None, range: range.into() });
        par.push(ast::Stmt::FunctionDef(crate::source::plain_def(&name, params, body, range)));
        let chunks = call_named(&name, vec![int(0, range), load(&n, range)], range);
        let compare = |l: ast::Expr, op: ast::CmpOp, r: ast::Expr| ast::Expr::Compare(ast::ExprCompare { left: Box::new(l), ops: vec![op], comparators: vec![r], range });
        let if_else = |test: ast::Expr, body: Vec<ast::Stmt>, orelse: Vec<ast::Stmt>| ast::Stmt::If(ast::StmtIf { test: Box::new(test), body, orelse, range });
        match &plan.reduction {
            None => par.push(ast::Stmt::Expr(ast::StmtExpr { value: Box::new(call_named("$parallel_for", vec![chunks], range)), range })),
            Some(r) => {
                // `v = v + $parallel_sum(...)` (`*`, `min(v, ...)`, `max(v, ...)`) when the
                // loop runs at all.
                let total = call_named(&format!("$parallel_{}", r.op), vec![chunks], range);
                let combined = match r.op {
                    "sum" => binop(load(&r.name, range), ast::Operator::Add, total),
                    "prod" => binop(load(&r.name, range), ast::Operator::Mult, total),
                    op => call_named(op, vec![load(&r.name, range), total], range),
                };
                par.push(if_else(compare(load(&n, range), ast::CmpOp::Gt, int(0, range)), vec![assign(&r.name, combined, range)], vec![]));
            }
        }
        // Guards, each with the serial loop as its other branch: the smallest value of
        // the loop variable keeps every written index non-negative (checked when the loop
        // starts, where the bounds are not constants), and the reduction variable is a
        // number (`$is_number`, decided when compiling: `acc += row` stays serial).
        if let Some(need) = plan.min_needed {
            let smallest = if step > 0 { start.clone() } else { binop(stop.clone(), ast::Operator::Add, int(1, range)) };
            par = vec![if_else(compare(smallest, ast::CmpOp::GtE, int(need, range)), par, vec![serial.clone()])];
        }
        if let Some(r) = &plan.reduction {
            par = vec![if_else(call_named("$is_number", vec![load(&r.name, range)], range), par, vec![serial])];
        }
        out.extend(par);
        out
    }
}

/// Whether `name` may be read, before it is assigned again, by the statements `after`.
/// Add to `bound` the names `s` binds for certain (remove those it may delete).
fn bind_for_certain(s: &ast::Stmt, bound: &mut HashSet<String>) {
    // (no private names: the walk only tracks what is defined)
    let _ = read_before_assigned(std::slice::from_ref(s), &HashSet::new(), bound);
    // a `del` anywhere inside `s` (on some path) may leave its names unbound
    let gone = deleted_in(std::slice::from_ref(s));
    bound.retain(|n| !gone.contains(n));
    match s {
        ast::Stmt::FunctionDef(d) => {
            bound.insert(d.name.to_string());
        }
        ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_) => crate::function::collect_assigned(std::slice::from_ref(s), bound),
        _ => {}
    }
}

/// Whether a loop body has a `break` of that loop (not of a loop inside it; a `break` in
/// an inner loop's `else:` is the outer loop's).
fn own_break(stmts: &[ast::Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        ast::Stmt::Break(_) => true,
        ast::Stmt::If(i) => own_break(&i.body) || own_break(&i.orelse),
        ast::Stmt::With(w) => own_break(&w.body),
        ast::Stmt::Try(t) => crate::exceptions::try_blocks(t).into_iter().any(|b| own_break(b)),
        ast::Stmt::For(f) => own_break(&f.orelse),
        ast::Stmt::While(w) => own_break(&w.orelse),
        _ => false,
    })
}

/// Names a `del` anywhere in `stmts` deletes.
fn deleted_in(stmts: &[ast::Stmt]) -> HashSet<String> {
    let mut gone = HashSet::new();
    walk_stmts(stmts, &mut |t| {
        if let ast::Stmt::Delete(d) = t {
            d.targets.iter().for_each(|target| crate::function::collect_targets(target, &mut gone));
        }
    });
    gone
}

fn live(name: &str, after: &[ast::Stmt]) -> bool {
    let only: HashSet<String> = HashSet::from([name.to_string()]);
    read_before_assigned(after, &only, &mut HashSet::new()).is_err()
}

/// Names used inside inner functions and lambdas.
fn names_in_closures(stmts: &[ast::Stmt], out: &mut HashSet<String>) {
    struct L<'a>(&'a mut HashSet<String>, usize);
    impl Fold<TextRange> for L<'_> {
        crate::range_fold!();
        fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
            let lambda = matches!(e, ast::Expr::Lambda(_));
            self.1 += lambda as usize;
            let r = ast::fold::fold_expr(self, e);
            self.1 -= lambda as usize;
            r
        }
        fn fold_expr_name(&mut self, n: ast::ExprName) -> Result<ast::ExprName, Self::Error> {
            if self.1 > 0 {
                self.0.insert(n.id.to_string());
            }
            Ok(n)
        }
        fn fold_stmt(&mut self, s: ast::Stmt) -> Result<ast::Stmt, Self::Error> {
            let def = matches!(s, ast::Stmt::FunctionDef(_));
            self.1 += def as usize;
            let r = ast::fold::fold_stmt(self, s);
            self.1 -= def as usize;
            r
        }
    }
    let mut l = L(out, 0);
    for s in stmts {
        let _ = l.fold_stmt(s.clone());
    }
}

/// How an independent `prange` loop runs: its reduction, if any, and the smallest value
/// the loop variable must have for every written index to be non-negative, when the
/// bounds do not show it (checked when the loop starts; the serial loop otherwise).
struct Plan {
    reduction: Option<Reduction>,
    min_needed: Option<i64>,
}

/// A variable a `prange` loop reduces into, and how (`sum`, `prod`, `min`, `max`).
struct Reduction {
    name: String,
    op: &'static str,
}

/// How the body updates `r` when every one of its `uses` occurrences there is an update
/// `r += x` / `r -= x` (sum), `r *= x` (prod), `r = min(r, x)` / `r = max(r, x)`, one kind
/// throughout, `x` not reading `r`.
fn reduction_op(body: &[ast::Stmt], r: &str, uses: usize) -> Option<&'static str> {
    let mut ops = Vec::new();
    let mut counted = 0;
    walk_stmts(body, &mut |s| {
        let is_r = |e: &ast::Expr| matches!(e, ast::Expr::Name(n) if n.id.as_str() == r);
        let mentions = |e: &ast::Expr| expr_loads(e).contains(r);
        match s {
            ast::Stmt::AugAssign(a) if is_r(&a.target) && !mentions(&a.value) => {
                ops.push(match a.op {
                    ast::Operator::Add | ast::Operator::Sub => "sum",
                    ast::Operator::Mult => "prod",
                    _ => "other",
                });
                counted += 1;
            }
            ast::Stmt::Assign(a) if a.targets.len() == 1 && is_r(&a.targets[0]) => {
                if let ast::Expr::Call(c) = a.value.as_ref() {
                    if let (ast::Expr::Name(f), [first, x]) = (c.func.as_ref(), c.args.as_slice()) {
                        if matches!(f.id.as_str(), "min" | "max") && c.keywords.is_empty() && is_r(first) && !mentions(x) {
                            ops.push(if f.id.as_str() == "min" { "min" } else { "max" });
                            counted += 2;
                        }
                    }
                }
            }
            _ => {}
        }
    });
    let op = *ops.first()?;
    (op != "other" && ops.iter().all(|o| *o == op) && counted == uses).then_some(op)
}

/// Call `visit` on every statement, at any depth of compound statements.
pub(crate) fn walk_stmts(stmts: &[ast::Stmt], visit: &mut dyn FnMut(&ast::Stmt)) {
    for s in stmts {
        visit(s);
        match s {
            ast::Stmt::For(f) => {
                walk_stmts(&f.body, visit);
                walk_stmts(&f.orelse, visit);
            }
            ast::Stmt::While(w) => {
                walk_stmts(&w.body, visit);
                walk_stmts(&w.orelse, visit);
            }
            ast::Stmt::If(i) => {
                walk_stmts(&i.body, visit);
                walk_stmts(&i.orelse, visit);
            }
            ast::Stmt::With(w) => walk_stmts(&w.body, visit),
            ast::Stmt::Try(t) => crate::exceptions::try_blocks(t).into_iter().for_each(|b| walk_stmts(b, visit)),
            _ => {}
        }
    }
}

/// Why the body cannot run in parallel at all: `return`, `yield`, a `break` of the loop
/// itself (`top`), definitions, `global`/`nonlocal`.
fn forbidden(stmts: &[ast::Stmt], top: bool) -> Option<String> {
    for s in stmts {
        let why = match s {
            ast::Stmt::Return(_) => Some("its body returns".to_string()),
            ast::Stmt::Break(_) if top => Some("its body breaks out of it".to_string()),
            ast::Stmt::FunctionDef(_) | ast::Stmt::ClassDef(_) => Some("its body defines a function".to_string()),
            ast::Stmt::Global(_) | ast::Stmt::Nonlocal(_) => Some("its body declares `global`/`nonlocal`".to_string()),
            ast::Stmt::For(f) => forbidden(&f.body, false).or_else(|| forbidden(&f.orelse, top)),
            ast::Stmt::While(w) => forbidden(&w.body, false).or_else(|| forbidden(&w.orelse, top)),
            ast::Stmt::If(i) => forbidden(&i.body, top).or_else(|| forbidden(&i.orelse, top)),
            ast::Stmt::With(w) => forbidden(&w.body, top),
            ast::Stmt::Try(t) => crate::exceptions::try_blocks(t).into_iter().find_map(|b| forbidden(b, top)),
            _ => None,
        };
        if why.is_some() {
            return why;
        }
        if has_yield(s) {
            return Some("its body yields".into());
        }
    }
    None
}

fn has_yield(s: &ast::Stmt) -> bool {
    struct Y(bool);
    impl Fold<TextRange> for Y {
        crate::range_fold!();
        fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
            self.0 |= matches!(e, ast::Expr::Yield(_) | ast::Expr::YieldFrom(_) | ast::Expr::Await(_));
            ast::fold::fold_expr(self, e)
        }
    }
    let mut y = Y(false);
    let _ = y.fold_stmt(s.clone());
    y.0
}

/// Check that every private name (`assigned`) is assigned before it is read, walking the
/// statements in order; `defined` grows with the names assigned for certain.
fn read_before_assigned(stmts: &[ast::Stmt], assigned: &HashSet<String>, defined: &mut HashSet<String>) -> Result<(), String> {
    let check = |reads: &HashSet<String>, defined: &HashSet<String>| -> Result<(), String> {
        let mut early: Vec<&String> = reads.iter().filter(|n| assigned.contains(*n) && !defined.contains(*n)).collect();
        early.sort();
        match early.first() {
            Some(n) => Err(format!("`{n}` may be read before the iteration assigns it (a value carried from one iteration to the next)")),
            None => Ok(()),
        }
    };
    for s in stmts {
        match s {
            ast::Stmt::Assign(a) => {
                check(&expr_loads(&a.value), defined)?;
                for t in &a.targets {
                    check(&expr_loads(t), defined)?;
                    crate::function::collect_targets(t, defined);
                }
            }
            ast::Stmt::AnnAssign(a) if a.value.is_some() => {
                check(&expr_loads(a.value.as_ref().expect("matched")), defined)?;
                crate::function::collect_targets(&a.target, defined);
            }
            ast::Stmt::For(f) => {
                check(&expr_loads(&f.iter), defined)?;
                let mut inner = defined.clone();
                crate::function::collect_targets(&f.target, &mut inner);
                read_before_assigned(&f.body, assigned, &mut inner)?;
                // (the `else:` of a loop without a `break` of its own always runs after it)
                let mut after = defined.clone();
                read_before_assigned(&f.orelse, assigned, &mut after)?;
                if !own_break(&f.body) {
                    *defined = after;
                }
            }
            ast::Stmt::While(w) => {
                check(&expr_loads(&w.test), defined)?;
                read_before_assigned(&w.body, assigned, &mut defined.clone())?;
                let mut after = defined.clone();
                read_before_assigned(&w.orelse, assigned, &mut after)?;
                if !own_break(&w.body) {
                    *defined = after;
                }
            }
            ast::Stmt::If(i) => {
                check(&expr_loads(&i.test), defined)?;
                let (mut a, mut b) = (defined.clone(), defined.clone());
                read_before_assigned(&i.body, assigned, &mut a)?;
                read_before_assigned(&i.orelse, assigned, &mut b)?;
                defined.extend(a.intersection(&b).cloned().collect::<Vec<_>>());
            }
            ast::Stmt::Try(t) => {
                for b in crate::exceptions::try_blocks(t) {
                    read_before_assigned(b, assigned, &mut defined.clone())?;
                }
            }
            ast::Stmt::With(w) => {
                for item in &w.items {
                    check(&expr_loads(&item.context_expr), defined)?;
                }
                read_before_assigned(&w.body, assigned, &mut defined.clone())?;
            }
            other => {
                // (`x += v` reads `x`; `del x` reads nothing but leaves it unassigned)
                let mut reads = crate::closures::loads(std::slice::from_ref(other)).into_iter().collect::<HashSet<_>>();
                if let ast::Stmt::AugAssign(a) = other {
                    if let ast::Expr::Name(n) = a.target.as_ref() {
                        reads.insert(n.id.to_string());
                    }
                }
                check(&reads, defined)?;
                if let ast::Stmt::Delete(d) = other {
                    for t in &d.targets {
                        let mut gone = HashSet::new();
                        crate::function::collect_targets(t, &mut gone);
                        defined.retain(|n| !gone.contains(n));
                    }
                }
            }
        }
    }
    Ok(())
}

fn expr_loads(e: &ast::Expr) -> HashSet<String> {
    let stmt = ast::Stmt::Expr(ast::StmtExpr { value: Box::new(e.clone()), range: e.range() });
    crate::closures::loads(std::slice::from_ref(&stmt)).into_iter().collect()
}

/// Private names that may be views of, or other names for, arrays (assigned from a name,
/// a subscript or an attribute).
fn collect_views(stmts: &[ast::Stmt], out: &mut HashSet<String>) {
    walk_stmts(stmts, &mut |s| match s {
        ast::Stmt::Assign(a) if matches!(a.value.as_ref(), ast::Expr::Name(_) | ast::Expr::Subscript(_) | ast::Expr::Attribute(_)) => {
            a.targets.iter().for_each(|t| crate::function::collect_targets(t, out));
        }
        ast::Stmt::For(f) => crate::function::collect_targets(&f.target, out),
        _ => {}
    });
}


/// Element writes of the body: each array written, and each write's text and loop slots.
struct Writes<'a> {
    i: &'a str,

    assigned: &'a HashSet<String>,
    views: &'a HashSet<String>,
    text: &'a dyn Fn(TextRange) -> String,
    written: HashMap<String, Vec<(String, HashSet<(usize, i64)>)>>,
    error: Option<String>,
}

impl Writes<'_> {
    fn stmt(&mut self, s: &ast::Stmt) {
        match s {
            ast::Stmt::Assign(a) => a.targets.iter().for_each(|t| self.target(t)),
            ast::Stmt::AugAssign(a) => self.target(&a.target),
            ast::Stmt::AnnAssign(a) => self.target(&a.target),
            ast::Stmt::Delete(d) => d.targets.iter().for_each(|t| self.target(t)),
            ast::Stmt::For(f) => self.target(&f.target),
            _ => {}
        }
    }

    fn target(&mut self, t: &ast::Expr) {
        match t {
            ast::Expr::Tuple(tu) => tu.elts.iter().for_each(|e| self.target(e)),
            ast::Expr::List(l) => l.elts.iter().for_each(|e| self.target(e)),
            ast::Expr::Starred(s) => self.target(&s.value),
            ast::Expr::Attribute(a) => {
                self.error.get_or_insert(format!("its body sets the attribute `{}`", (self.text)(a.range)));
            }
            ast::Expr::Subscript(_) => {
                let (e, indices) = chain(t);
                let ast::Expr::Name(base) = e else {
                    self.error.get_or_insert("its body writes an element of an array that is not a plain name".into());
                    return;
                };
                if self.views.contains(base.id.as_str()) {
                    self.error.get_or_insert(format!("it writes through `{}`, which may be a view of an array other iterations use", base.id));
                    return;
                }
                if self.assigned.contains(base.id.as_str()) {
                    return; // an array of the iteration's own
                }
                let slots = loop_slots(&indices, self.i);
                if slots.is_empty() {
                    self.error.get_or_insert(format!(
                        "it writes `{}` at an index that is not the loop variable `{}`: two iterations may write the same element",
                        (self.text)(t.range()),
                        self.i
                    ));
                    return;
                }
                self.written.entry(base.id.to_string()).or_default().push(((self.text)(t.range()), slots));
            }
            _ => {}
        }
    }
}

/// `x[..]` subscripts read `(base, index text)`; uses of written arrays other than at their
/// written indices, method calls that may change their object.
struct Reads<'a> {
    /// The slots of the arrays written (see `check`).
    written: &'a HashMap<String, HashSet<(usize, i64)>>,
    i: &'a str,
    assigned: &'a HashSet<String>,
    text: &'a dyn Fn(TextRange) -> String,
    error: Option<String>,
}

impl Fold<TextRange> for Reads<'_> {
    crate::range_fold!();

    fn fold_expr(&mut self, e: ast::Expr) -> Result<ast::Expr, Self::Error> {
        match &e {
            ast::Expr::Subscript(_) => {
                // The whole chain `x[a][b]`: its base and indices.
                let (base, indices) = chain(&e);
                if let ast::Expr::Name(n) = base {
                    if let Some(slots) = self.written.get(n.id.as_str()) {
                        let text = (self.text)(e.range());
                        // (its own slab: the slot of the writes)
                        if !loop_slots(&indices, self.i).iter().any(|s| slots.contains(s)) {
                            self.error.get_or_insert(format!(
                                "an iteration reads `{text}`, an element other iterations may write (a dependence between iterations)"
                            ));
                        }
                        // (the indices themselves may read other names)
                        let mut cur = &e;
                        while let ast::Expr::Subscript(x) = cur {
                            let _ = self.fold_expr(x.slice.as_ref().clone());
                            cur = x.value.as_ref();
                        }
                        return Ok(e);
                    }
                }
            }
            ast::Expr::Attribute(a) => {
                if let ast::Expr::Name(n) = a.value.as_ref() {
                    if self.written.contains_key(n.id.as_str()) && matches!(a.attr.as_str(), "shape" | "size" | "ndim" | "dtype") {
                        return Ok(e);
                    }
                }
            }
            ast::Expr::Call(c) => {
                if let ast::Expr::Attribute(a) = c.func.as_ref() {
                    if let ast::Expr::Name(n) = a.value.as_ref() {
                        if !self.assigned.contains(n.id.as_str()) && !READ_ONLY_METHODS.contains(&a.attr.as_str()) && !is_module_like(n.id.as_str()) {
                            self.error.get_or_insert(format!("its body calls `{}.{}()`, which may change `{}`", n.id, a.attr, n.id));
                        }
                    }
                }
            }
            ast::Expr::Name(n) if matches!(n.ctx, ast::ExprContext::Load) && self.written.contains_key(n.id.as_str()) => {
                self.error.get_or_insert(format!("its body uses the array `{}` whole while writing its elements (other iterations' writes may be seen)", n.id));
            }
            _ => {}
        }
        ast::fold::fold_expr(self, e)
    }

    fn fold_stmt(&mut self, s: ast::Stmt) -> Result<ast::Stmt, Self::Error> {
        // Store targets are checked by `Writes`; only their indices are read here.
        match s {
            ast::Stmt::Assign(mut a) => {
                a.value = Box::new(self.fold_expr(*a.value)?);
                for t in &a.targets {
                    self.target_indices(t);
                }
                Ok(ast::Stmt::Assign(a))
            }
            ast::Stmt::AugAssign(mut a) => {
                a.value = Box::new(self.fold_expr(*a.value)?);
                self.target_indices(&a.target);
                Ok(ast::Stmt::AugAssign(a))
            }
            other => ast::fold::fold_stmt(self, other),
        }
    }
}

impl Reads<'_> {
    fn target_indices(&mut self, t: &ast::Expr) {
        match t {
            ast::Expr::Subscript(s) => {
                let _ = self.fold_expr(s.slice.as_ref().clone());
                if matches!(s.value.as_ref(), ast::Expr::Subscript(_)) {
                    self.target_indices(&s.value);
                } else if !matches!(s.value.as_ref(), ast::Expr::Name(_)) {
                    let _ = self.fold_expr(s.value.as_ref().clone());
                }
            }
            ast::Expr::Tuple(tu) => tu.elts.iter().for_each(|e| self.target_indices(e)),
            ast::Expr::List(l) => l.elts.iter().for_each(|e| self.target_indices(e)),
            _ => {}
        }
    }
}

/// Names that are modules rather than objects a method could change (`np.sqrt(x)`).
fn is_module_like(n: &str) -> bool {
    matches!(n, "np" | "numpy" | "math" | "cmath" | "numba" | "ferrojit" | "random")
}

/// The base of a subscript chain `x[a, b][c]` and its indices in order (`a, b, c`).
fn chain(e: &ast::Expr) -> (&ast::Expr, Vec<&ast::Expr>) {
    let mut groups = Vec::new();
    let mut cur = e;
    while let ast::Expr::Subscript(s) = cur {
        groups.push(match s.slice.as_ref() {
            ast::Expr::Tuple(tu) => tu.elts.iter().collect::<Vec<_>>(),
            one => vec![one],
        });
        cur = &s.value;
    }
    (cur, groups.into_iter().rev().flatten().collect())
}

/// The positions where indices are the loop variable plus a constant, with the constant;
/// none when an index is `...` or `None` (a position is then not an axis).
fn loop_slots(indices: &[&ast::Expr], i: &str) -> HashSet<(usize, i64)> {
    let shifts = |ix: &&ast::Expr| matches!(ix, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis | ast::Constant::None));
    if indices.iter().any(shifts) {
        return HashSet::new();
    }
    indices.iter().enumerate().filter_map(|(p, ix)| loop_offset(ix, i).map(|c| (p, c))).collect()
}

/// The offset `c` when an index is the loop variable plus a constant (`i`, `i + c`,
/// `c + i`, `i - c`): distinct per iteration as long as it is not negative.
fn loop_offset(ix: &ast::Expr, i: &str) -> Option<i64> {
    let is_i = |e: &ast::Expr| matches!(e, ast::Expr::Name(n) if n.id.as_str() == i);
    match ix {
        e if is_i(e) => Some(0),
        ast::Expr::BinOp(b) if matches!(b.op, ast::Operator::Add) => {
            if is_i(&b.left) { constant_int(&b.right) } else if is_i(&b.right) { constant_int(&b.left) } else { None }
        }
        ast::Expr::BinOp(b) if matches!(b.op, ast::Operator::Sub) && is_i(&b.left) => constant_int(&b.right).and_then(i64::checked_neg),
        _ => None,
    }
}

fn constant_int(e: &ast::Expr) -> Option<i64> {
    match e {
        ast::Expr::Constant(c) => match &c.value {
            ast::Constant::Int(v) => v.to_string().parse().ok(),
            _ => None,
        },
        ast::Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub) => constant_int(&u.operand).map(|v| -v),
        _ => None,
    }
}

fn step_of(e: &ast::Expr) -> Option<i64> {
    constant_int(e).filter(|&s| s != 0)
}

/// Occurrences of each name (reads, writes, deletions, `except ... as` names).
fn count_names(stmts: &[ast::Stmt], counts: &mut HashMap<String, usize>) {
    struct C<'a>(&'a mut HashMap<String, usize>);
    impl Fold<TextRange> for C<'_> {
        crate::range_fold!();
        fn fold_expr_name(&mut self, n: ast::ExprName) -> Result<ast::ExprName, Self::Error> {
            *self.0.entry(n.id.to_string()).or_insert(0) += 1;
            Ok(n)
        }
        fn fold_excepthandler(&mut self, h: ast::ExceptHandler) -> Result<ast::ExceptHandler, Self::Error> {
            let ast::ExceptHandler::ExceptHandler(x) = &h;
            if let Some(n) = &x.name {
                *self.0.entry(n.to_string()).or_insert(0) += 1;
            }
            ast::fold::fold_excepthandler(self, h)
        }
    }
    let mut c = C(counts);
    for s in stmts {
        let _ = c.fold_stmt(s.clone());
    }
}

fn int(v: i64, range: TextRange) -> ast::Expr {
    let c = ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Int(v.unsigned_abs().into()), kind: None, range });
    if v < 0 {
        ast::Expr::UnaryOp(ast::ExprUnaryOp { op: ast::UnaryOp::USub, operand: Box::new(c), range })
    } else {
        c
    }
}

fn load(id: &str, range: TextRange) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx: ast::ExprContext::Load, range })
}

fn assign(id: &str, value: ast::Expr, range: TextRange) -> ast::Stmt {
    let target = ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx: ast::ExprContext::Store, range });
    ast::Stmt::Assign(ast::StmtAssign { targets: vec![target], value: Box::new(value), type_comment: None, range })
}

fn binop(left: ast::Expr, op: ast::Operator, right: ast::Expr) -> ast::Expr {
    let range = left.range();
    ast::Expr::BinOp(ast::ExprBinOp { left: Box::new(left), op, right: Box::new(right), range })
}

fn call_named(f: &str, args: Vec<ast::Expr>, range: TextRange) -> ast::Expr {
    ast::Expr::Call(ast::ExprCall { func: Box::new(load(f, range)), args, keywords: vec![], range })
}
