//! Inference: the type of every web (per-definition name) and of the return value,
//! solved once per specialisation, before the body is lowered.
//!
//! In: the desugared, web-split body of one function, its parameter types (and
//! `locals=`/signature declarations). Out: `FunctionLowerer`'s variable types, NumPy-
//! scalar marks and return type, final; the body is then lowered **once**
//! ([`crate::function`]), and that lowering must not change a single type (checked: a
//! change is an internal error under `FERROJIT_STRICT_INFER=1`, which the test suite
//! sets, and otherwise falls back to lowering again).
//!
//! How: every statement is a *site*, a constraint on the names it defines. A site's
//! transfer function is the typing of the lowering itself, run on that one statement
//! with the bodies of compound statements left out and its IR thrown away: the result
//! unifies into the defined web's type (numeric widening; a merge that cannot unify is
//! the `cannot hold both` error naming both lines). While a site is typed, the webs it
//! reads are recorded (and the return type, when it calls its own function): the
//! def-use graph. The first sweep types the sites in source order, skipping branches a
//! compile-time constant condition rules out and code after a statement that always
//! exits, exactly as the lowering will. Then only the sites that read a web whose type
//! changed are typed again, round after round, until no type changes; types only widen
//! in a finite lattice, so this ends (a bound guards against a bug).
//!
//! Room for what comes next: a site may refine a web it does not assign (an empty
//! list's element type from a later `append`), as any unification marks the web
//! changed and wakes its readers; a recursive call reads the return type as an input,
//! so `fib` is typed from its base case.
//!
//! Invariants: temporaries of the lowering are not part of the solution (they are
//! typed where they are made); a site that waits for an untyped web (a read before any
//! assignment) is simply typed again when that web gets a type, and if it never does,
//! the lowering reports the read.

use crate::function::{FunctionLowerer, LErr};
use crate::{FrontendError, Result};
use ferrojit_ir::VarId;
use rustpython_parser::ast;
use std::collections::HashSet;

/// The function's return type as an input of the def-use graph.
pub const RET: VarId = VarId::MAX;

const MAX_ROUNDS: usize = 64;

struct Site<'a> {
    stmt: &'a ast::Stmt,
    loop_depth: usize,
    reads: HashSet<VarId>,
}

/// An `if` whose test was decided when its site was first typed (`if s == 'ab':` while
/// `s` is still a known string): the branch ruled out is typed once a wider type of
/// what the test reads leaves the test undecided (or decided the other way).
struct Decided<'a> {
    stmt: &'a ast::StmtIf,
    site: usize,
    depth: usize,
    /// Whether the body / the `else` branch has been swept.
    swept: (bool, bool),
}

/// The sites and the decided `if`s of a function.
struct Sites<'a> {
    sites: Vec<Site<'a>>,
    decided: Vec<Decided<'a>>,
}

/// Solve the types of `body`'s webs into `fl`.
pub fn solve(fl: &mut FunctionLowerer<'_, '_>, body: &[ast::Stmt]) -> Result<()> {
    let mut all = Sites { sites: Vec::new(), decided: Vec::new() };
    fl.headers_only = true;
    let swept = sweep(fl, body, 0, &mut all);
    let mut result = swept.and_then(|_| propagate(fl, &mut all));
    if result.is_ok() && fl.none_waited {
        // Reads of webs typed `None` waited for them to widen to an optional; those
        // still `None` now stay so: type the sites again reading them as None, as the
        // lowering will (only functions with such reads pay for this round).
        fl.none_is_final = true;
        result = all.sites.iter_mut().try_for_each(|site| type_site(fl, site)).and_then(|_| propagate(fl, &mut all));
    }
    fl.headers_only = false;
    fl.reads = None;
    result
}

/// The first sweep, in source order: type each live site once. Returns whether the
/// block always exits (what follows it is dead, as in the lowering).
fn sweep<'a>(fl: &mut FunctionLowerer<'_, '_>, block: &'a [ast::Stmt], depth: usize, all: &mut Sites<'a>) -> Result<bool> {
    for s in block {
        let i = all.sites.len();
        all.sites.push(Site { stmt: s, loop_depth: depth, reads: HashSet::new() });
        type_site(fl, &mut all.sites[i])?;
        let sites = &mut *all;
        let exits = match s {
            ast::Stmt::Return(_) | ast::Stmt::Raise(_) => true,
            ast::Stmt::If(x) => match constant_test(fl, &x.test, &mut sites.sites[i])? {
                Some(b) => {
                    sites.decided.push(Decided { stmt: x, site: i, depth, swept: (b, !b) });
                    sweep(fl, if b { &x.body } else { &x.orelse }, depth, sites)?
                }
                None => {
                    let a = sweep(fl, &x.body, depth, sites)?;
                    let b = sweep(fl, &x.orelse, depth, sites)?;
                    a && b
                }
            },
            ast::Stmt::For(f) => {
                sweep(fl, &f.body, depth + 1, sites)?;
                false
            }
            ast::Stmt::While(w) => {
                sweep(fl, &w.body, depth + 1, sites)?;
                constant_test(fl, &w.test, &mut sites.sites[i])? == Some(true) && !breaks(&w.body)
            }
            ast::Stmt::Try(t) => {
                // As `function::always_returns` decides for the lowered statement.
                let body = sweep(fl, &t.body, depth, sites)?;
                let mut handlers = true;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    handlers &= sweep(fl, &h.body, depth, sites)?;
                }
                let orelse = sweep(fl, &t.orelse, depth, sites)?;
                let finalbody = sweep(fl, &t.finalbody, depth, sites)?;
                finalbody || ((body || orelse) && handlers)
            }
            _ => false,
        };
        if exits {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Type one site: lower its statement (headers only) for the unifications it makes.
fn type_site(fl: &mut FunctionLowerer<'_, '_>, site: &mut Site<'_>) -> Result<()> {
    fl.reads = Some(HashSet::new());
    fl.loop_depth = site.loop_depth;
    let r = fl.lower_stmt(site.stmt);
    site.reads = fl.reads.take().unwrap_or_default();
    fl.loop_depth = 0;
    match r {
        Ok(_) | Err(LErr::Pending) => Ok(()),
        Err(LErr::Fatal(e)) => Err(e),
    }
}

/// Whether `test` is decided when compiling (`if x is None`, `while True`).
fn constant_test(fl: &mut FunctionLowerer<'_, '_>, test: &ast::Expr, site: &mut Site<'_>) -> Result<Option<bool>> {
    fl.reads = Some(std::mem::take(&mut site.reads));
    let cond = fl.lower_test(test);
    site.reads = fl.reads.take().unwrap_or_default();
    match cond {
        Ok(c) => Ok(fl.known_truth(&c)),
        Err(LErr::Pending) => Ok(None),
        Err(LErr::Fatal(e)) => Err(e),
    }
}

/// Whether a loop body breaks out of its own loop.
fn breaks(block: &[ast::Stmt]) -> bool {
    block.iter().any(|s| match s {
        ast::Stmt::Break(_) => true,
        ast::Stmt::If(i) => breaks(&i.body) || breaks(&i.orelse),
        ast::Stmt::Try(t) => crate::exceptions::try_blocks(t).into_iter().any(|b| breaks(b)),
        _ => false,
    })
}

/// Type again the sites that read a changed web, in source order, until nothing changes;
/// a decided `if` whose test a change leaves undecided (or decides the other way) has
/// its other branch swept then.
fn propagate<'a>(fl: &mut FunctionLowerer<'_, '_>, all: &mut Sites<'a>) -> Result<()> {
    for _ in 0..MAX_ROUNDS {
        let dirty: HashSet<VarId> = std::mem::take(&mut fl.dirty).into_iter().collect();
        if dirty.is_empty() {
            return Ok(());
        }
        for site in all.sites.iter_mut() {
            if site.reads.iter().any(|v| dirty.contains(v)) {
                type_site(fl, site)?;
            }
        }
        for k in 0..all.decided.len() {
            let Decided { stmt, site, depth, swept } = all.decided[k];
            if swept.0 && swept.1 || !all.sites[site].reads.iter().any(|v| dirty.contains(v)) {
                continue;
            }
            let now = constant_test(fl, &stmt.test, &mut all.sites[site])?;
            if !swept.0 && now != Some(false) {
                all.decided[k].swept.0 = true;
                sweep(fl, &stmt.body, depth, all)?;
            }
            if !swept.1 && now != Some(true) {
                all.decided[k].swept.1 = true;
                sweep(fl, &stmt.orelse, depth, all)?;
            }
        }
    }
    Err(FrontendError::Internal("type inference did not settle (types keep widening)".into()))
}
