//! Array indices the compiler proves in range, so that bounds checking (on by default)
//! costs nothing there.
//!
//! In `for i in range(a.shape[k])` (also `range(len(a))`, `range(a.size)` of a 1-D `a`,
//! a constant start `>= 0`, a constant step `> 0`) the counter is in `0..a.shape[k]`, so
//! `a[..., i, ...]` on axis `k` needs neither Python's wraparound nor a check, as long as
//! the body rebinds neither `a` nor the counter. The user's loop variable (`i = $0`,
//! the body's first statements) carries the same fact when the body assigns it nowhere
//! else. LLVM removes most such checks by itself; doing it here leaves no check for it
//! to miss (a pointer-cell loop, `promote`, may then be kept in registers too) and
//! lowers less code.

use ferrojit_ir::{ArrayAttr, Block, Const, Expr, ExprKind, StmtKind, Type, VarId};

/// Variable `index` holds a value in `0..array.shape[axis]` inside the loop body.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InRange {
    pub index: VarId,
    pub array: VarId,
    pub axis: usize,
}

fn const_int(e: &Expr) -> Option<i64> {
    match e.kind {
        ExprKind::Const(Const::Int(i)) => Some(i),
        _ => None,
    }
}

/// `a.shape[k]`, or `a.size` of a 1-D array: the array variable and the axis.
fn extent(stop: &Expr) -> Option<(VarId, usize)> {
    match &stop.kind {
        ExprKind::TupleGet { tuple, index } => match &tuple.kind {
            ExprKind::ArrayAttr { array, attr: ArrayAttr::Shape } => match (&array.kind, &array.ty) {
                (ExprKind::Var(a), Type::Array(_)) => Some((*a, *index)),
                _ => None,
            },
            _ => None,
        },
        ExprKind::ArrayAttr { array, attr: ArrayAttr::Size } => match (&array.kind, &array.ty) {
            (ExprKind::Var(a), Type::Array(at)) if at.ndim == 1 => Some((*a, 0)),
            _ => None,
        },
        _ => None,
    }
}

/// Every variable the block (nested blocks and `let`s included) binds, once per binding.
fn bindings(body: &Block) -> Vec<VarId> {
    let mut out = Vec::new();
    ferrojit_ir::walk_stmts(body, &mut |s| match &s.kind {
        StmtKind::Assign { var, .. } | StmtKind::ForRange { var, .. } => out.push(*var),
        StmtKind::Del(e) => {
            if let ExprKind::Var(v) = e.kind {
                out.push(v);
            }
        }
        _ => {}
    });
    ferrojit_ir::walk_block(body, &mut |e| {
        if let ExprKind::Let { var, .. } = e.kind {
            out.push(var);
        }
    });
    out
}

/// The facts `for var in range(start, stop, step): body` gives its body.
pub fn loop_facts(var: VarId, start: &Expr, stop: &Expr, step: &Expr, body: &Block) -> Vec<InRange> {
    let (Some(first), Some(step)) = (const_int(start), const_int(step)) else { return Vec::new() };
    let Some((array, axis)) = extent(stop) else { return Vec::new() };
    if first < 0 || step <= 0 {
        return Vec::new();
    }
    let bound = bindings(body);
    if bound.contains(&array) || bound.contains(&var) {
        return Vec::new();
    }
    let mut facts = vec![InRange { index: var, array, axis }];
    for s in body {
        match &s.kind {
            StmtKind::Assign { var: v, value } if matches!(value.kind, ExprKind::Var(w) if w == var) => {
                if bound.iter().filter(|b| *b == v).count() == 1 {
                    facts.push(InRange { index: *v, array, axis });
                }
            }
            _ => break,
        }
    }
    facts
}

/// For each of `indices` (leading axes of `array`): whether `facts` prove it in range.
pub fn proven(facts: &[InRange], array: &Expr, indices: &[Expr]) -> Vec<bool> {
    let ExprKind::Var(a) = array.kind else { return vec![false; indices.len()] };
    indices
        .iter()
        .enumerate()
        .map(|(axis, i)| matches!(i.kind, ExprKind::Var(v) if facts.contains(&InRange { index: v, array: a, axis })))
        .collect()
}
