//! Array indices the compiler proves in range, so that bounds checking (on by default)
//! costs next to nothing.
//!
//! Two kinds of proof:
//!
//! * **Static facts.** In `for i in range(c, n - d)` (constants `c >= 0`, `d >= 0`, a
//!   constant step `> 0`) where `n` is an *extent* — `a.shape[k]`, `len(a)`, `a.size` of
//!   a 1-D `a`, or a variable bound once to one (`n, p = xs.shape`) or bound once at all
//!   (a parameter `n`) — the counter is in `c..n - d`, so an access `b[..., i + o, ...]`
//!   on an axis whose extent is the same `n` is in range for every constant `o` with
//!   `c + o >= 0` and `o <= d`: it needs neither Python's wraparound nor a check, as long
//!   as the body rebinds neither the counter nor the arrays. The user's loop variable
//!   (`i = $0`, the body's first statements) carries the same fact when the body binds it
//!   nowhere else. Arrays made in the function know their extents: `np.empty((n, n))`,
//!   `np.empty_like(a)`, `np.zeros(a.shape)`, `a.copy()`. "Bound once" means one binding
//!   in the whole function, outside every loop (so it runs at most once per call).
//! * **Loop versioning.** In an innermost loop, the accesses whose index is the counter
//!   plus or minus something the loop does not change (or does not use the counter at
//!   all) are tested once before the loop, at the first and the last value of the
//!   counter (the index moves monotonically in between): when every one is in range the
//!   loop runs without their checks (and vectorises), otherwise it runs as written,
//!   checking each access and raising IndexError where CPython would.
//!
//! LLVM removes many such checks by itself; doing it here leaves none for it to miss (a
//! pointer-cell loop, `promote`, may then be kept in registers too).

use crate::loops::RangeLoop;
use ferrojit_ir::{ArrayAttr, BinOp, Block, Const, Expr, ExprKind, Function, IntKind, Stmt, StmtKind, Type, VarId};

/// A length known symbolically: an array's axis, or an int variable bound once.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Extent {
    Shape(VarId, usize),
    Var(VarId),
}

/// Variable `index` holds a value in `lo..extent - slack` inside a loop body (the extent
/// in canonical form, [`Proofs::canon`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InRange {
    pub index: VarId,
    pub extent: Extent,
    pub lo: i64,
    pub slack: i64,
}

/// What is proven where the code generator stands: what the function's once-bound
/// variables hold, the facts of the loops it is inside, and the index expressions a
/// versioned loop tested.
#[derive(Default)]
pub struct Proofs {
    /// Int variables bound once to an extent (`n = a.shape[0]`, `n, p = a.shape`).
    extent_vars: Vec<(VarId, Extent)>,
    /// Arrays bound once to a new array: the extent of each axis, where known.
    array_dims: Vec<(VarId, Vec<Option<Extent>>)>,
    /// Variables bound once to `a.shape` (a tuple).
    shape_tuples: Vec<(VarId, VarId)>,
    /// Variables bound exactly once, outside loops (parameters never rebound included).
    once: Vec<VarId>,
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
pub fn bindings(body: &Block) -> Vec<VarId> {
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

/// The assignments of `body` outside every loop (inside `if` and `try` blocks too).
fn straight_assignments<'a>(body: &'a Block, out: &mut Vec<&'a Stmt>) {
    for s in body {
        match &s.kind {
            StmtKind::Assign { .. } => out.push(s),
            StmtKind::While { .. } | StmtKind::ForRange { .. } => {}
            _ => {
                for b in s.blocks() {
                    straight_assignments(b, out);
                }
            }
        }
    }
}

impl Proofs {
    /// Start a function: what its once-bound variables hold, no facts.
    pub fn for_function(f: &Function) -> Proofs {
        let bound = bindings(&f.body);
        let mut straight = Vec::new();
        straight_assignments(&f.body, &mut straight);
        let count = |v: VarId| bound.iter().filter(|b| **b == v).count() + usize::from(f.params.contains(&v));
        let mut p = Proofs::default();
        // parameters never rebound, and variables bound once outside loops
        p.once = f.params.iter().copied().filter(|v| count(*v) == 1).collect();
        for s in &straight {
            if let StmtKind::Assign { var, .. } = s.kind {
                if count(var) == 1 {
                    p.once.push(var);
                }
            }
        }
        // in order: shape tuples, then extents read from them, then new arrays
        for s in &straight {
            let StmtKind::Assign { var, value } = &s.kind else { continue };
            if !p.once.contains(var) {
                continue;
            }
            if let ExprKind::ArrayAttr { array, attr: ArrayAttr::Shape } = &value.kind {
                if let Some(a) = array_var(array).filter(|a| p.once.contains(a)) {
                    p.shape_tuples.push((*var, a));
                }
            } else if value.ty == Type::Int(IntKind::I64) {
                if let Some(e) = p.extent_of(value) {
                    p.extent_vars.push((*var, e));
                }
            } else if let Some(dims) = p.new_array_dims(value) {
                p.array_dims.push((*var, dims));
            }
        }
        p
    }

    /// The extent an int expression is, when it is one.
    fn extent_of(&self, e: &Expr) -> Option<Extent> {
        if let Some((a, k)) = extent(e) {
            return self.once.contains(&a).then_some(Extent::Shape(a, k));
        }
        match &e.kind {
            ExprKind::Var(v) if self.once.contains(v) && e.ty == Type::Int(IntKind::I64) => Some(Extent::Var(*v)),
            ExprKind::TupleGet { tuple, index } => match tuple.kind {
                ExprKind::Var(t) => self.shape_tuples.iter().find(|(u, _)| *u == t).map(|&(_, a)| Extent::Shape(a, *index)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The extents of a new array's axes (`np.empty((n, m))`, `np.empty_like(a)`,
    /// `a.copy()`).
    fn new_array_dims(&self, value: &Expr) -> Option<Vec<Option<Extent>>> {
        match &value.kind {
            ExprKind::NewArray { shape, .. } => Some(shape.iter().map(|d| self.extent_of(d)).collect()),
            ExprKind::Let { var, value: v, body } => {
                // `let $0 = x.shape in new array(($0[0], $0[1]))`
                let ExprKind::ArrayAttr { array, attr: ArrayAttr::Shape } = &v.kind else { return None };
                let ExprKind::NewArray { shape, .. } = &body.kind else { return None };
                let x = array_var(array).filter(|x| self.once.contains(x))?;
                Some(
                    shape
                        .iter()
                        .map(|d| match &d.kind {
                            ExprKind::TupleGet { tuple, index } if matches!(tuple.kind, ExprKind::Var(t) if t == *var) => Some(Extent::Shape(x, *index)),
                            _ => self.extent_of(d),
                        })
                        .collect(),
                )
            }
            ExprKind::CopyArray(x) => {
                let x = array_var(x).filter(|x| self.once.contains(x))?;
                let Type::Array(at) = &value.ty else { return None };
                Some((0..usize::from(at.ndim)).map(|k| Some(Extent::Shape(x, k))).collect())
            }
            _ => None,
        }
    }

    /// The canonical form of an extent: through once-bound variables and the known
    /// axes of new arrays.
    pub fn canon(&self, mut e: Extent) -> Extent {
        for _ in 0..=(self.extent_vars.len() + self.array_dims.len()) {
            let next = match e {
                Extent::Var(v) => self.extent_vars.iter().find(|(w, _)| *w == v).map(|(_, x)| *x),
                Extent::Shape(a, k) => self.array_dims.iter().find(|(b, _)| *b == a).and_then(|(_, d)| d.get(k).copied().flatten()),
            };
            match next {
                Some(n) if n != e => e = n,
                _ => break,
            }
        }
        e
    }

    fn proven_one(&self, a: VarId, axis: usize, index: &Expr) -> bool {
        if self.exprs.contains(&(index as *const Expr, axis)) {
            return true;
        }
        let Some((v, o)) = offset_of(index) else { return false };
        if self.facts.iter().all(|f| f.index != v) {
            return false;
        }
        let extent = self.canon(Extent::Shape(a, axis));
        self.facts.iter().any(|f| f.index == v && f.extent == extent && f.lo.checked_add(o).is_some_and(|x| x >= 0) && o <= f.slack)
    }

    /// For each of `indices` (leading axes of `array`): whether it is proven in range.
    pub fn proven(&self, array: &Expr, indices: &[Expr]) -> Vec<bool> {
        let Some(a) = array_var(array) else { return vec![false; indices.len()] };
        indices.iter().enumerate().map(|(axis, i)| self.proven_one(a, axis, i)).collect()
    }

    /// `n` or `n - d` (`d` a constant `>= 0`, 0 if absent) of an extent `n`.
    fn extent_minus(&self, e: &Expr) -> Option<(Extent, i64)> {
        if let ExprKind::Binary { op: BinOp::Sub, lhs, rhs } = &e.kind {
            let d = const_int(rhs).filter(|d| *d >= 0)?;
            return Some((self.loop_extent(lhs)?, d));
        }
        Some((self.loop_extent(e)?, 0))
    }

    /// An extent in a loop's bound: also `a.shape[k]` of an array not bound once (the
    /// body must not rebind it, checked by the caller).
    fn loop_extent(&self, e: &Expr) -> Option<Extent> {
        self.extent_of(e).or_else(|| extent(e).map(|(a, k)| Extent::Shape(a, k)))
    }

    /// Add the facts a loop gives its body (`bound`: [`bindings`] of the body).
    pub fn enter_loop(&mut self, l: RangeLoop<'_>, bound: &[VarId]) {
        let RangeLoop { var, start, stop, step, body } = l;
        let (Some(lo), Some(step)) = (const_int(start), const_int(step)) else { return };
        let Some((extent, slack)) = self.extent_minus(stop) else { return };
        if lo < 0 || step <= 0 {
            return;
        }
        let rebound = match extent {
            Extent::Shape(a, _) => bound.contains(&a),
            Extent::Var(n) => bound.contains(&n),
        };
        if rebound || bound.contains(&var) {
            return;
        }
        let extent = self.canon(extent);
        self.facts.push(InRange { index: var, extent, lo, slack });
        for v in loop_aliases(var, body, bound) {
            self.facts.push(InRange { index: v, extent, lo, slack });
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

/// The versioning of a loop (`bound`: [`bindings`] of its body), when it is an innermost
/// loop with a constant step, bounds the loop does not change, and accesses worth
/// testing before it.
pub fn versioning<'p>(proofs: &Proofs, l: RangeLoop<'p>, bound: &[VarId]) -> Option<Versioning<'p>> {
    let RangeLoop { var, start, stop, step, body } = l;
    let step = const_int(step).filter(|s| *s != 0)?;
    if has_loop(body) || bound.contains(&var) {
        return None;
    }
    let aliases = loop_aliases(var, body, bound);
    let mut counters = aliases.clone();
    counters.push(var);
    let not_counter: Vec<VarId> = bound.iter().copied().filter(|b| !aliases.contains(b)).collect();
    // the bounds are evaluated once more for the test: they must be plain
    counter_sign(start, &[], bound)?;
    counter_sign(stop, &[], bound)?;
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
