//! Definite assignment: Python raises `UnboundLocalError` when a local is read before it
//! was assigned on the path taken (`for i in range(n): ...` then `return i` with `n == 0`).
//! Compiled variables always hold *some* value, so reads that are not provably preceded
//! by an assignment get a hidden "assigned" flag, set at each assignment and checked
//! before the statement that reads the variable.
//!
//! The analysis is conservative on loops (a loop body may run zero times) and exact for
//! `if`/`else` and for code after `return`/`raise`/`break`/`continue`.

use ferrojit_ir::{Block, Const, ExcKind, Expr, ExprKind, Function, Stmt, StmtKind, Type, UnaryOp, VarId};
use std::collections::{BTreeSet, HashMap};

type Set = BTreeSet<VarId>;

/// The state after a block: `None` when control cannot fall through (it returned).
type Flow = Option<Set>;

struct Analysis<'f> {
    f: &'f Function,
    /// Variables that need a flag.
    unsafe_reads: BTreeSet<VarId>,
}

/// Variables read by an expression. (Variables bound by `Let` are hidden temporaries,
/// always written before they are read, and are filtered out by the caller.)
fn reads(e: &Expr, out: &mut Vec<VarId>) {
    e.walk(&mut |x| {
        if let ExprKind::Var(v) = x.kind {
            out.push(v);
        }
    });
}

impl Analysis<'_> {
    fn check_expr(&mut self, e: &Expr, assigned: &Set) {
        let mut out = Vec::new();
        reads(e, &mut out);
        for v in out {
            if !assigned.contains(&v) {
                self.unsafe_reads.insert(v);
            }
        }
    }

    fn block(&mut self, b: &Block, mut assigned: Set) -> Flow {
        for s in b {
            match &s.kind {
                StmtKind::Assign { var, value } => {
                    self.check_expr(value, &assigned);
                    assigned.insert(*var);
                }
                StmtKind::Expr(_) | StmtKind::Store { .. } | StmtKind::StoreView { .. } | StmtKind::PtrStore { .. } => {
                    for e in s.exprs() {
                        self.check_expr(e, &assigned);
                    }
                }
                StmtKind::If { cond, then_body, else_body } => {
                    self.check_expr(cond, &assigned);
                    let a = self.block(then_body, assigned.clone());
                    let b = self.block(else_body, assigned.clone());
                    assigned = match (a, b) {
                        (Some(a), Some(b)) => a.intersection(&b).copied().collect(),
                        (Some(a), None) => a,
                        (None, Some(b)) => b,
                        (None, None) => return None,
                    };
                }
                StmtKind::While { cond, body } => {
                    // A `del` in the body unbinds from the second iteration on, and after.
                    minus(&mut assigned, &deleted_in(body));
                    self.check_expr(cond, &assigned);
                    self.block(body, assigned.clone());
                }
                StmtKind::ForRange { var, start, stop, step, body } => {
                    for e in [start, stop, step] {
                        self.check_expr(e, &assigned);
                    }
                    minus(&mut assigned, &deleted_in(body));
                    let mut inner = assigned.clone();
                    inner.insert(*var);
                    self.block(body, inner);
                }
                StmtKind::Return(e) => {
                    self.check_expr(e, &assigned);
                    return None;
                }
                StmtKind::Del(e) => {
                    self.check_expr(e, &assigned);
                    if let ExprKind::Var(v) = e.kind {
                        assigned.remove(&v);
                    }
                }
                StmtKind::Raise { .. } | StmtKind::Break | StmtKind::Continue => return None,
                StmtKind::Try { body, handlers, orelse, finalbody } => {
                    // A handler may start after any part of the body ran: from the entry
                    // state, as `finally` (conservatively); after the statement, what
                    // every way out of it assigned.
                    let end = self.block(body, assigned.clone()).and_then(|a| self.block(orelse, a));
                    let mut ends = vec![end];
                    let mut raised = assigned.clone();
                    minus(&mut raised, &deleted_in(body));
                    for h in handlers {
                        ends.push(self.block(&h.body, raised.clone()));
                    }
                    let mut unwinding = raised.clone();
                    for b in std::iter::once(orelse).chain(handlers.iter().map(|h| &h.body)) {
                        minus(&mut unwinding, &deleted_in(b));
                    }
                    let fin = self.block(finalbody, unwinding);
                    match (try_after(ends), fin) {
                        (Some(mut a), Some(_)) => {
                            minus(&mut a, &deleted_in(finalbody));
                            assigned = a;
                        }
                        _ => return None,
                    }
                }
            }
        }
        Some(assigned)
    }
}

/// The variables a `del` anywhere in `b` unbinds.
fn deleted_in(b: &Block) -> Set {
    let mut out = Set::new();
    ferrojit_ir::walk_stmts(b, &mut |s| {
        if let StmtKind::Del(e) = &s.kind {
            if let ExprKind::Var(v) = e.kind {
                out.insert(v);
            }
        }
    });
    out
}

fn minus(a: &mut Set, b: &Set) {
    a.retain(|v| !b.contains(v));
}

/// The variables assigned on every way out of a `try` (`None`: none falls through).
fn try_after(ends: Vec<Flow>) -> Flow {
    ends.into_iter().flatten().reduce(|a, b| a.intersection(&b).copied().collect())
}

/// Add runtime checks for reads of possibly-unassigned user variables.
pub fn add_unbound_checks(f: &mut Function) {
    let params: Set = f.params.iter().copied().collect();
    let mut a = Analysis { f, unsafe_reads: BTreeSet::new() };
    a.block(&f.body, params);
    // Hidden variables ($...) are always written before they are read.
    let targets: Vec<VarId> = a.unsafe_reads.into_iter().filter(|v| !a.f.vars[*v].name.starts_with('$')).collect();
    if targets.is_empty() {
        return;
    }
    let mut flags = HashMap::new();
    for v in targets {
        let flag = f.vars.len();
        f.vars.push(ferrojit_ir::Var { name: format!("$assigned_{}", f.vars[v].name), ty: Type::Bool });
        flags.insert(v, flag);
    }
    let body = std::mem::take(&mut f.body);
    let params: Set = f.params.iter().copied().collect();
    let mut body = instrument(body, params.clone(), &flags, f).0;
    // A parameter is assigned on entry (it gets a flag when a `del` may unbind it).
    let span = f.span;
    for p in params.iter().filter_map(|p| flags.get(p)) {
        body.insert(0, Stmt { kind: StmtKind::Assign { var: *p, value: Expr::constant(Const::Bool(true), span) }, span });
    }
    f.body = body;
}

/// CPython 3.11's UnboundLocalError message for a read of `v`.
fn unbound_message(v: VarId, f: &Function) -> String {
    format!("cannot access local variable '{}' where it is not associated with a value", ferrojit_ir::source_name(&f.vars[v].name))
}

fn guard(v: VarId, flag: VarId, span: ferrojit_ir::Span, f: &Function) -> Stmt {
    let flag_read = Expr::new(ExprKind::Var(flag), Type::Bool, span);
    let not = Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(flag_read) }, Type::Bool, span);
    let message = unbound_message(v, f);
    let raise = Stmt { kind: StmtKind::Raise { exc: ExcKind::UnboundLocalError, message }, span };
    Stmt { kind: StmtKind::If { cond: not, then_body: vec![raise], else_body: vec![] }, span }
}

/// The expressions a statement evaluates itself (not those of nested blocks).
fn stmt_exprs_mut(s: &mut Stmt) -> Vec<&mut Expr> {
    match &mut s.kind {
        StmtKind::Assign { value: e, .. } | StmtKind::Expr(e) | StmtKind::Return(e) | StmtKind::Del(e) => vec![e],
        StmtKind::If { cond, .. } | StmtKind::While { cond, .. } => vec![cond],
        StmtKind::ForRange { start, stop, step, .. } => vec![start, stop, step],
        StmtKind::Store { array, indices, value } => std::iter::once(array).chain(indices.iter_mut()).chain(std::iter::once(value)).collect(),
        StmtKind::StoreView { target, value } => vec![target, value],
        StmtKind::PtrStore { ptr, index, value } => vec![ptr, index, value],
        StmtKind::Break | StmtKind::Continue | StmtKind::Raise { .. } | StmtKind::Try { .. } => vec![],
    }
}

/// Each read of `v` in `e` becomes `Guard(not flag: UnboundLocalError, v)`.
fn guard_reads(e: &mut Expr, v: VarId, flag: VarId, f: &Function) {
    if matches!(e.kind, ExprKind::Var(w) if w == v) {
        let span = e.span;
        let flag_read = Expr::new(ExprKind::Var(flag), Type::Bool, span);
        let not = Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(flag_read) }, Type::Bool, span);
        let message = unbound_message(v, f);
        let read = std::mem::replace(e, Expr::constant(Const::Bool(false), span));
        *e = Expr::guard(not, ExcKind::UnboundLocalError, message, read, span);
        return;
    }
    for c in e.children_mut() {
        guard_reads(c, v, flag, f);
    }
}

/// The same walk as [`Analysis::block`], inserting a guard before each statement that
/// reads a flagged variable not definitely assigned at that point, and setting the flag
/// after each assignment.
fn instrument(block: Block, mut assigned: Set, flags: &HashMap<VarId, VarId>, f: &Function) -> (Block, Flow) {
    let mut out = Vec::with_capacity(block.len());
    let mut falls_through = true;
    for mut s in block {
        let span = s.span;
        let mut read = Vec::new();
        for e in s.exprs() {
            reads(e, &mut read);
        }
        read.sort_unstable();
        read.dedup();
        // Each read checks its flag where it happens, so the operands to its left run
        // first (`x1 / 0 + x0` raises ZeroDivisionError, as CPython, before x0's
        // UnboundLocalError), a read in the right operand of `and` that does not run
        // raises nothing, and a `while` test checks at every evaluation; only `del`
        // checks before it runs.
        let at_reads = !matches!(s.kind, StmtKind::Del(_));
        for v in read {
            if let (Some(&flag), false) = (flags.get(&v), assigned.contains(&v)) {
                if at_reads {
                    for e in stmt_exprs_mut(&mut s) {
                        guard_reads(e, v, flag, f);
                    }
                } else {
                    out.push(guard(v, flag, span, f));
                }
            }
        }
        let mut set_after = None;
        let mut unset_after = None;
        match &mut s.kind {
            StmtKind::Assign { var, .. } => {
                set_after = flags.get(var).copied();
                assigned.insert(*var);
            }
            StmtKind::Del(e) => {
                if let ExprKind::Var(v) = e.kind {
                    assigned.remove(&v);
                    unset_after = flags.get(&v).copied();
                }
            }
            StmtKind::If { then_body, else_body, .. } => {
                let (t, a) = instrument(std::mem::take(then_body), assigned.clone(), flags, f);
                let (e, b) = instrument(std::mem::take(else_body), assigned.clone(), flags, f);
                *then_body = t;
                *else_body = e;
                match (a, b) {
                    (Some(a), Some(b)) => assigned = a.intersection(&b).copied().collect(),
                    (Some(a), None) => assigned = a,
                    (None, Some(b)) => assigned = b,
                    (None, None) => falls_through = false,
                }
            }
            StmtKind::While { body, .. } => {
                minus(&mut assigned, &deleted_in(body));
                *body = instrument(std::mem::take(body), assigned.clone(), flags, f).0;
            }
            StmtKind::ForRange { var, body, .. } => {
                minus(&mut assigned, &deleted_in(body));
                let mut inner = assigned.clone();
                inner.insert(*var);
                *body = instrument(std::mem::take(body), inner, flags, f).0;
            }
            StmtKind::Return(_) | StmtKind::Raise { .. } | StmtKind::Break | StmtKind::Continue => falls_through = false,
            StmtKind::Expr(_) | StmtKind::Store { .. } | StmtKind::StoreView { .. } | StmtKind::PtrStore { .. } => {}
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let (b, end) = instrument(std::mem::take(body), assigned.clone(), flags, f);
                *body = b;
                let end = match end {
                    Some(a) => {
                        let (o, e) = instrument(std::mem::take(orelse), a, flags, f);
                        *orelse = o;
                        e
                    }
                    None => None,
                };
                let mut ends = vec![end];
                let mut raised = assigned.clone();
                minus(&mut raised, &deleted_in(body));
                let mut unwinding = raised.clone();
                for b in std::iter::once(&*orelse).chain(handlers.iter().map(|h| &h.body)) {
                    minus(&mut unwinding, &deleted_in(b));
                }
                for h in handlers.iter_mut() {
                    let (hb, e) = instrument(std::mem::take(&mut h.body), raised.clone(), flags, f);
                    h.body = hb;
                    ends.push(e);
                }
                let (fb, fin) = instrument(std::mem::take(finalbody), unwinding, flags, f);
                let deleted = deleted_in(&fb);
                *finalbody = fb;
                match (try_after(ends), fin) {
                    (Some(mut a), Some(_)) => {
                        minus(&mut a, &deleted);
                        assigned = a;
                    }
                    _ => falls_through = false,
                }
            }
        }
        out.push(s);
        for (flag, value) in [(set_after, true), (unset_after, false)] {
            if let Some(flag) = flag {
                out.push(Stmt { kind: StmtKind::Assign { var: flag, value: Expr::constant(Const::Bool(value), span) }, span });
            }
        }
        if !falls_through {
            return (out, None);
        }
    }
    (out, Some(assigned))
}
