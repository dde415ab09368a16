//! Array indices the compiler proves in range, so that bounds checking (on by default)
//! costs next to nothing.
//!
//! Two kinds of proof:
//!
//! * **Static facts.** In `for i in range(c, a.shape[k] - d)` (also `range(len(a))`,
//!   `range(a.size)` of a 1-D `a`; constants `c >= 0`, `d >= 0`, a constant step `> 0`)
//!   the counter is in `c..a.shape[k] - d`, so `a[..., i + o, ...]` on axis `k` is in range
//!   for every constant `o` with `c + o >= 0` and `o <= d`: it needs neither Python's
//!   wraparound nor a check, as long as the body rebinds neither `a` nor the counter. The
//!   user's loop variable (`i = $0`, the body's first statements) carries the same fact
//!   when the body binds it nowhere else. An array made in the function with another's
//!   shape (`np.empty(a.shape)`, `np.zeros_like(a)`, `a.copy()`; both bound once) shares
//!   its facts.
//! * **Loop versioning.** In an innermost loop, the accesses whose index is the counter
//!   plus or minus something the loop does not change (or does not use the counter at
//!   all) are tested once before the loop, at the first and the last value of the
//!   counter (the index moves monotonically in between): when every one is in range the
//!   loop runs without their checks (and vectorises), otherwise it runs as written,
//!   checking each access and raising IndexError where CPython would.
//!
//! LLVM removes many such checks by itself; doing it here leaves none for it to miss (a
//! pointer-cell loop, `promote`, may then be kept in registers too).

use ferrojit_ir::{ArrayAttr, BinOp, Block, Const, Expr, ExprKind, Function, IntKind, StmtKind, Type, VarId};

/// Variable `index` holds a value in `lo..array.shape[axis] - slack` inside a loop body.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InRange {
    pub index: VarId,
    pub array: VarId,
    pub axis: usize,
    pub lo: i64,
    pub slack: i64,
}

/// What is proven where the code generator stands: the function's shape aliases, the
/// facts of the loops it is inside, and the index expressions a versioned loop tested.
#[derive(Default)]
pub struct Proofs {
    /// `(y, x)`: `y` has `x`'s shape wherever both are bound.
    aliases: Vec<(VarId, VarId)>,
    pub facts: Vec<InRange>,
    /// `(index expression, axis)` pairs tested in range before the loop being emitted.
    pub exprs: Vec<(*const Expr, usize)>,
}

fn const_int(e: &Expr) -> Option<i64> {
    match e.kind {
        ExprKind::Const(Const::Int(i)) => Some(i),
        _ => None,
    }
}

fn array_var(e: &Expr) -> Option<VarId> {
    match (&e.kind, &e.ty) {
        (ExprKind::Var(a), Type::Array(_)) => Some(*a),
        _ => None,
    }
}

/// `a.shape[k]`, or `a.size` of a 1-D array: the array variable and the axis.
fn extent(e: &Expr) -> Option<(VarId, usize)> {
    match &e.kind {
        ExprKind::TupleGet { tuple, index } => match &tuple.kind {
            ExprKind::ArrayAttr { array, attr: ArrayAttr::Shape } => Some((array_var(array)?, *index)),
            _ => None,
        },
        ExprKind::ArrayAttr { array, attr: ArrayAttr::Size } => match &array.ty {
            Type::Array(at) if at.ndim == 1 => Some((array_var(array)?, 0)),
            _ => None,
        },
        _ => None,
    }
}

/// `a.shape[k] - d` (`d` a constant `>= 0`, 0 if absent): array, axis, `d`.
fn extent_minus(e: &Expr) -> Option<(VarId, usize, i64)> {
    if let ExprKind::Binary { op: BinOp::Sub, lhs, rhs } = &e.kind {
        let d = const_int(rhs).filter(|d| *d >= 0)?;
        let (a, k) = extent(lhs)?;
        return Some((a, k, d));
    }
    extent(e).map(|(a, k)| (a, k, 0))
}

/// `v`, `v + c`, `v - c`, `c + v` (constant `c`): the variable and the offset.
fn offset_of(e: &Expr) -> Option<(VarId, i64)> {
    match &e.kind {
        ExprKind::Var(v) => Some((*v, 0)),
        ExprKind::Binary { op: BinOp::Add, lhs, rhs } => match (&lhs.kind, &rhs.kind) {
            (ExprKind::Var(v), ExprKind::Const(Const::Int(c))) | (ExprKind::Const(Const::Int(c)), ExprKind::Var(v)) => Some((*v, *c)),
            _ => None,
        },
        ExprKind::Binary { op: BinOp::Sub, lhs, rhs } => match (&lhs.kind, &rhs.kind) {
            (ExprKind::Var(v), ExprKind::Const(Const::Int(c))) => Some((*v, c.checked_neg()?)),
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

/// The array whose shape a new array takes: `new array((x.shape[0], ...))` (directly or
/// through a `let` of `x.shape`), or a copy of `x`.
fn shape_source(value: &Expr) -> Option<VarId> {
    let dims_of = |shape: &[Expr], tuple_is: &dyn Fn(&Expr) -> Option<VarId>| -> Option<VarId> {
        let mut src = None;
        for (k, d) in shape.iter().enumerate() {
            let ExprKind::TupleGet { tuple, index } = &d.kind else { return None };
            let x = tuple_is(tuple)?;
            if *index != k || src.is_some_and(|s| s != x) {
                return None;
            }
            src = Some(x);
        }
        src
    };
    let ndim_ok = |x: &Expr, n: usize| matches!(&x.ty, Type::Array(at) if usize::from(at.ndim) == n);
    match &value.kind {
        ExprKind::NewArray { shape, .. } => dims_of(shape, &|t| match &t.kind {
            ExprKind::ArrayAttr { array, attr: ArrayAttr::Shape } if ndim_ok(array, shape.len()) => array_var(array),
            _ => None,
        }),
        ExprKind::Let { var, value: v, body } => {
            let ExprKind::ArrayAttr { array, attr: ArrayAttr::Shape } = &v.kind else { return None };
            let ExprKind::NewArray { shape, .. } = &body.kind else { return None };
            if !ndim_ok(array, shape.len()) {
                return None;
            }
            let x = array_var(array)?;
            dims_of(shape, &|t| matches!(t.kind, ExprKind::Var(w) if w == *var).then_some(x))
        }
        ExprKind::CopyArray(x) => array_var(x),
        _ => None,
    }
}

impl Proofs {
    /// Start a function: its shape aliases, no facts.
    pub fn for_function(f: &Function) -> Proofs {
        let bound = bindings(&f.body);
        let once = |v: VarId| {
            let n = bound.iter().filter(|b| **b == v).count() + usize::from(f.params.contains(&v));
            n == 1
        };
        let mut aliases = Vec::new();
        ferrojit_ir::walk_stmts(&f.body, &mut |s| {
            if let StmtKind::Assign { var, value } = &s.kind {
                if let Some(x) = shape_source(value) {
                    if once(*var) && once(x) && *var != x {
                        aliases.push((*var, x));
                    }
                }
            }
        });
        Proofs { aliases, facts: Vec::new(), exprs: Vec::new() }
    }

    /// The array whose shape `a` has (following aliases), `a` itself if none.
    fn root(&self, mut a: VarId) -> VarId {
        for _ in 0..self.aliases.len() {
            match self.aliases.iter().find(|(y, _)| *y == a) {
                Some(&(_, x)) => a = x,
                None => break,
            }
        }
        a
    }

    fn proven_one(&self, a: VarId, axis: usize, index: &Expr) -> bool {
        if self.exprs.contains(&(index as *const Expr, axis)) {
            return true;
        }
        let Some((v, o)) = offset_of(index) else { return false };
        let root = self.root(a);
        self.facts.iter().any(|f| {
            f.index == v && f.axis == axis && self.root(f.array) == root && f.lo.checked_add(o).is_some_and(|x| x >= 0) && o <= f.slack
        })
    }

    /// For each of `indices` (leading axes of `array`): whether it is proven in range.
    pub fn proven(&self, array: &Expr, indices: &[Expr]) -> Vec<bool> {
        let Some(a) = array_var(array) else { return vec![false; indices.len()] };
        indices.iter().enumerate().map(|(axis, i)| self.proven_one(a, axis, i)).collect()
    }

    /// Add the facts `for var in range(start, stop, step): body` gives its body.
    pub fn enter_loop(&mut self, var: VarId, start: &Expr, stop: &Expr, step: &Expr, body: &Block) {
        let (Some(lo), Some(step)) = (const_int(start), const_int(step)) else { return };
        let Some((array, axis, slack)) = extent_minus(stop) else { return };
        if lo < 0 || step <= 0 {
            return;
        }
        let bound = bindings(body);
        if bound.contains(&array) || bound.contains(&var) {
            return;
        }
        self.facts.push(InRange { index: var, array, axis, lo, slack });
        for v in loop_aliases(var, body, &bound) {
            self.facts.push(InRange { index: v, array, axis, lo, slack });
        }
    }
}

/// The user's loop variables that copy the counter (`i = $0` as the body's first
/// statements, bound nowhere else in the body).
pub fn loop_aliases(var: VarId, body: &Block, bound: &[VarId]) -> Vec<VarId> {
    let mut out = Vec::new();
    for s in body {
        match &s.kind {
            StmtKind::Assign { var: v, value } if matches!(value.kind, ExprKind::Var(w) if w == var) => {
                if bound.iter().filter(|b| *b == v).count() == 1 {
                    out.push(*v);
                }
            }
            _ => break,
        }
    }
    out
}

/// An innermost loop's accesses to test before it (see the module's comment).
pub struct Versioning<'p> {
    /// `(array, axis, index)`: the array variable's expression, the axis, the index.
    pub checks: Vec<(&'p Expr, usize, &'p Expr)>,
    /// The counter's copies to set, with the counter, while probing an index.
    pub aliases: Vec<VarId>,
    pub step: i64,
}

/// How many times `e` uses the counter (or its copies) with a `+` sign minus with a `-`
/// sign, when `e` is a sum of int64 terms the loop does not change: `Some(0)` for an
/// invariant, `Some(±1)` for the counter plus or minus an invariant; None otherwise.
fn counter_sign(e: &Expr, counters: &[VarId], bound: &[VarId]) -> Option<i64> {
    if e.ty != Type::Int(IntKind::I64) {
        return None;
    }
    match &e.kind {
        ExprKind::Const(Const::Int(_)) => Some(0),
        ExprKind::Var(v) if counters.contains(v) => Some(1),
        ExprKind::Var(v) if !bound.contains(v) => Some(0),
        ExprKind::TupleGet { .. } | ExprKind::ArrayAttr { .. } => {
            let (a, _) = extent(e)?;
            (!bound.contains(&a)).then_some(0)
        }
        ExprKind::Binary { op: op @ (BinOp::Add | BinOp::Sub), lhs, rhs } => {
            let l = counter_sign(lhs, counters, bound)?;
            let r = counter_sign(rhs, counters, bound)?;
            // at most one use of the counter in the whole sum
            if l != 0 && r != 0 {
                return None;
            }
            Some(if *op == BinOp::Add { l + r } else { l - r })
        }
        ExprKind::Binary { op: BinOp::Mul, lhs, rhs } => {
            (counter_sign(lhs, counters, bound)? == 0 && counter_sign(rhs, counters, bound)? == 0).then_some(0)
        }
        _ => None,
    }
}

fn has_loop(body: &Block) -> bool {
    let mut found = false;
    ferrojit_ir::walk_stmts(body, &mut |s| found |= matches!(s.kind, StmtKind::ForRange { .. } | StmtKind::While { .. }));
    found
}

/// The versioning of `for var in range(start, stop, step): body`, when it is an
/// innermost loop with a constant step, bounds the loop does not change, and accesses
/// worth testing before it.
pub fn versioning<'p>(proofs: &Proofs, var: VarId, start: &'p Expr, stop: &'p Expr, step: &'p Expr, body: &'p Block) -> Option<Versioning<'p>> {
    let step = const_int(step).filter(|s| *s != 0)?;
    if has_loop(body) {
        return None;
    }
    let bound = bindings(body);
    if bound.contains(&var) {
        return None;
    }
    let aliases = loop_aliases(var, body, &bound);
    let mut counters = aliases.clone();
    counters.push(var);
    let not_counter: Vec<VarId> = bound.iter().copied().filter(|b| !aliases.contains(b)).collect();
    // the bounds are evaluated once more for the test: they must be plain
    counter_sign(start, &[], &bound)?;
    counter_sign(stop, &[], &bound)?;
    let mut checks: Vec<(&'p Expr, usize, &'p Expr)> = Vec::new();
    let mut visit = |array: &'p Expr, indices: &'p [Expr]| {
        let Some(a) = array_var(array) else { return };
        if bound.contains(&a) {
            return;
        }
        for (axis, index) in indices.iter().enumerate() {
            if !proofs.proven_one(a, axis, index) && counter_sign(index, &counters, &not_counter).is_some_and(|s| s.abs() <= 1) {
                checks.push((array, axis, index));
            }
        }
    };
    walk_accesses(body, &mut visit);
    (!checks.is_empty()).then_some(Versioning { checks, aliases, step })
}

/// Every array access (`a[i]`, a row view `a[i]`, a store `a[i] = v`) in `body`.
fn walk_accesses<'p>(body: &'p Block, visit: &mut dyn FnMut(&'p Expr, &'p [Expr])) {
    fn expr<'p>(e: &'p Expr, visit: &mut dyn FnMut(&'p Expr, &'p [Expr])) {
        if let ExprKind::Index { array, indices } | ExprKind::View { array, indices } = &e.kind {
            visit(array, indices);
        }
        for c in e.children() {
            expr(c, visit);
        }
    }
    for s in body {
        if let StmtKind::Store { array, indices, .. } = &s.kind {
            visit(array, indices);
        }
        for e in s.exprs() {
            expr(e, visit);
        }
        for b in s.blocks() {
            walk_accesses(b, visit);
        }
    }
}
