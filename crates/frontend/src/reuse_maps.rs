//! Reusing a computed array expression ([`reuse_maps`]): after `num = np.exp(z)`, a
//! later `np.sum(np.exp(z))` in the same straight-line code reads `num` instead of
//! computing every `exp` again. Seed 003's softmax is written this way (`num =
//! np.exp(z)`, then `esum(z)`, inlined, sums `np.exp(z)`): the second pass of `exp`
//! was a third of its time.
//!
//! The rewrite keeps every result bit for bit: the element-wise expression is the same
//! (same types, same operations, the same variables), its inputs have not changed since
//! (nothing in between assigns them, writes any array or calls anything), so `num`
//! holds exactly the values it would compute, and the consumer (a reduction or another
//! element-wise expression) reads them in the same order. Only read-only uses are
//! rewritten: an expression that becomes a new array of its own (`b = np.exp(z)`, a
//! returned value, a call argument) stays a new array, since `num` and `b` must be two
//! objects.

use ferrojit_ir::{Block, Expr, ExprKind, Function, Span, Stmt, StmtKind, VarId};
use std::collections::HashSet;

/// An array expression computed into a variable and still valid.
struct Available {
    var: VarId,
    /// The expression with its source positions erased (compared structurally).
    map: Expr,
    /// The variables it reads.
    reads: HashSet<VarId>,
}

pub fn reuse_maps(f: &mut Function) {
    let mut body = std::mem::take(&mut f.body);
    reuse_in_block(&mut body);
    f.body = body;
}

fn reuse_in_block(block: &mut Block) {
    let mut available: Vec<Available> = Vec::new();
    for stmt in block.iter_mut() {
        // Not inside a statement that calls or writes: `hm(a, 0) + np.sum(E)` runs the
        // call first, and it may change what E computes (a miscompile the fuzzer found).
        let effects = stmt_has_effects(stmt);
        if !available.is_empty() && !effects {
            substitute_in_stmt(stmt, &available);
        }
        for inner in stmt.blocks_mut() {
            reuse_in_block(inner);
        }
        let bound = let_vars(stmt);
        available.retain(|a| !bound.contains(&a.var) && a.reads.is_disjoint(&bound));
        match &stmt.kind {
            StmtKind::Assign { var, value } if !effects => {
                let var = *var;
                available.retain(|a| a.var != var && !a.reads.contains(&var));
                if matches!(value.kind, ExprKind::Map { .. }) && pure(value) {
                    let reads = crate::optimize::free_vars(value);
                    if !reads.contains(&var) {
                        available.push(Available { var, map: unspanned(value), reads });
                    }
                }
            }
            // Anything else may write an array, rebind a variable or leave the
            // straight line: forget everything (conservative).
            _ => available.clear(),
        }
    }
}

fn substitute_in_stmt(stmt: &mut Stmt, available: &[Available]) {
    match &mut stmt.kind {
        StmtKind::Assign { value: e, .. }
        | StmtKind::Return(e)
        | StmtKind::Expr(e)
        | StmtKind::Store { value: e, .. }
        | StmtKind::StoreView { value: e, .. } => substitute(e, available),
        _ => {}
    }
}

/// Rewrite read-only uses (a reduction's operand, an element-wise input) of an
/// available expression to its variable.
fn substitute(e: &mut Expr, available: &[Available]) {
    let consumed: Vec<&mut Expr> = match &mut e.kind {
        ExprKind::Reduce { array, .. } => vec![array.as_mut()],
        ExprKind::Map { inputs, .. } => inputs.iter_mut().collect(),
        _ => vec![],
    };
    for c in consumed {
        if matches!(c.kind, ExprKind::Map { .. }) {
            let key = unspanned(c);
            if let Some(a) = available.iter().find(|a| a.map == key) {
                *c = Expr::new(ExprKind::Var(a.var), c.ty.clone(), c.span);
            }
        }
    }
    for child in e.children_mut() {
        substitute(child, available);
    }
}

/// Whether evaluating the expression reads only values (no calls, no writes, no I/O).
fn pure(e: &Expr) -> bool {
    let mut ok = true;
    e.walk(&mut |x| ok &= pure_node(&x.kind));
    ok
}

/// Whether a statement's own expressions may write memory or call out (making new
/// arrays writes no existing one).
fn stmt_has_effects(stmt: &Stmt) -> bool {
    let mut effects = false;
    for e in stmt.exprs() {
        e.walk(&mut |x| {
            let new_array = matches!(
                x.kind,
                ExprKind::NewArray { .. } | ExprKind::Arange { .. } | ExprKind::CopyArray(_) | ExprKind::Scan { .. } | ExprKind::Reshape { .. }
            );
            effects |= !pure_node(&x.kind) && !new_array;
        });
    }
    effects
}

/// One node of a pure expression: reads of values and arithmetic.
fn pure_node(kind: &ExprKind) -> bool {
    matches!(
        kind,
        ExprKind::Const(_)
            | ExprKind::Var(_)
            | ExprKind::Input(_)
            | ExprKind::Map { .. }
            | ExprKind::Math { .. }
            | ExprKind::Binary { .. }
            | ExprKind::Unary { .. }
            | ExprKind::Compare { .. }
            | ExprKind::Cast(_)
            | ExprKind::Truth(_)
            | ExprKind::IfExp { .. }
            | ExprKind::And(..)
            | ExprKind::Or(..)
            | ExprKind::MinMax { .. }
            | ExprKind::Round(_)
            | ExprKind::Tuple(_)
            | ExprKind::TupleGet { .. }
            | ExprKind::Complex { .. }
            | ExprKind::ComplexPart { .. }
            | ExprKind::Index { .. }
            | ExprKind::View { .. }
            | ExprKind::Slice { .. }
            | ExprKind::ArrayAttr { .. }
            | ExprKind::Transpose(_)
            | ExprKind::NumpySemantics(_)
            | ExprKind::Reduce { .. }
            | ExprKind::Let { .. }
    )
}

/// The temporaries `let` expressions of a statement bind.
fn let_vars(stmt: &Stmt) -> HashSet<VarId> {
    let mut out = HashSet::new();
    for e in stmt.exprs() {
        e.walk(&mut |x| out.extend(let_var(x)));
    }
    out
}

fn let_var(e: &Expr) -> Option<VarId> {
    match e.kind {
        ExprKind::Let { var, .. } => Some(var),
        _ => None,
    }
}

/// A copy with every source position erased.
fn unspanned(e: &Expr) -> Expr {
    let mut c = e.clone();
    erase(&mut c);
    c
}

fn erase(e: &mut Expr) {
    e.span = Span::default();
    for c in e.children_mut() {
        erase(c);
    }
}
