//! Skipping a fill that is certainly overwritten: `r = np.zeros_like(x)` followed by
//! `for i in range(x.size): r[i] = <expr not reading r>` writes every element of `r`
//! before anything reads it, so the zero fill is a wasted pass over memory (it made the
//! seed's `addarr` 1.4x slower than NumPy's `a + b`).
//!
//! The pattern is matched strictly: a 1-d array created with a fill, then at once a loop
//! over `range(0, n, 1)` whose body starts with the loop variable's copy and then the
//! store `r[i] = value`, unconditionally, where `n` is provably `r`'s length and `value`
//! does not read `r`. If `value` raises part-way, `r` is discarded (it cannot have escaped).

use ferrojit_ir::{ArrayAttr, Const, Expr, ExprKind, Stmt, StmtKind, Type, VarId};

/// The creation expression without its fill, when the next statement overwrites every
/// element of variable `var` before reading it.
pub fn overwritten_fill<'p>(var: VarId, value: &'p Expr, next: Option<&'p Stmt>) -> Option<&'p Expr> {
    let ExprKind::NewArray { shape, fill: Some(_) } = &value.kind else { return None };
    if shape.len() != 1 {
        return None;
    }
    let Some(Stmt { kind: StmtKind::ForRange { var: counter, start, stop, step, body }, .. }) = next else { return None };
    if !is_int(start, 0) || !is_int(step, 1) || !same_length(&shape[0], stop) {
        return None;
    }
    // body: `i = $counter` then `r[i] = value` (or `r[$counter] = value`).
    let mut stmts = body.iter();
    let mut index_vars = vec![*counter];
    let mut first = stmts.next()?;
    if let StmtKind::Assign { var: i, value: copy } = &first.kind {
        if matches!(copy.kind, ExprKind::Var(c) if c == *counter) {
            index_vars.push(*i);
            first = stmts.next()?;
        }
    }
    let StmtKind::Store { array, indices, value: stored } = &first.kind else { return None };
    let ExprKind::Var(target) = array.kind else { return None };
    if target != var || indices.len() != 1 {
        return None;
    }
    let ExprKind::Var(ix) = indices[0].kind else { return None };
    if !index_vars.contains(&ix) || reads(stored, var) {
        return None;
    }
    let e = Expr::new(ExprKind::NewArray { shape: shape.clone(), fill: None }, value.ty.clone(), value.span);
    // Code generation borrows IR for the whole compilation; this small node (one per
    // match) is kept for the life of the process, like the compiled code itself.
    Some(Box::leak(Box::new(e)))
}

fn is_int(e: &Expr, v: i64) -> bool {
    matches!(e.kind, ExprKind::Const(Const::Int(x)) if x == v)
}

fn reads(e: &Expr, var: VarId) -> bool {
    let mut found = false;
    e.walk(&mut |x| found |= matches!(x.kind, ExprKind::Var(v) if v == var));
    found
}

/// `a` and `b` evaluate to the same length: the same variable, or `len(x)`/`x.shape[0]`
/// against `x.size` of the same 1-d array variable.
fn same_length(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Var(x), ExprKind::Var(y)) => x == y,
        (ExprKind::Const(Const::Int(x)), ExprKind::Const(Const::Int(y))) => x == y,
        _ => match (first_dim_of(a), first_dim_of(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

/// The 1-d array variable whose length `e` is (`x.shape[0]`, `len(x)`, `x.size`).
fn first_dim_of(e: &Expr) -> Option<VarId> {
    let array_var = |a: &Expr| match (&a.kind, &a.ty) {
        (ExprKind::Var(v), Type::Array(at)) if at.ndim == 1 => Some(*v),
        _ => None,
    };
    match &e.kind {
        ExprKind::TupleGet { tuple, index: 0 } => match &tuple.kind {
            ExprKind::ArrayAttr { array, attr: ArrayAttr::Shape } => array_var(array),
            _ => None,
        },
        ExprKind::ArrayAttr { array, attr: ArrayAttr::Size } => array_var(array),
        ExprKind::Cast(x) => first_dim_of(x),
        _ => None,
    }
}
