//! Typed-IR rewrites on a finished program, before codegen. Both keep every result
//! bit for bit (same operations on the same values in the same order) and every
//! exception where CPython raises it.
//!
//! 1. **Inlining** ([`inline_calls`]). `x = g(a, b)` where `g` is a small leaf function
//!    (no calls, one `return` at its end, parameters never reassigned) and the arguments
//!    are variables or constants becomes `g`'s statements with `g`'s locals renamed and
//!    its parameters replaced by the arguments, ending in `x = <returned value>`. LLVM
//!    would inline such a call anyway; doing it here lets the next rewrite see through it.
//!
//! 2. **Reusing computed array expressions** (`reuse_maps.rs`): a later read-only use
//!    of `np.exp(z)` after `num = np.exp(z)` reads `num`.
//!
//! 3. **Hoisting gathers** ([`hoist_gathers`]). An element-wise input such as
//!    `integral_image[:, y2, x2]` (a view indexed on its last axis: every element in its
//!    own cache line) that does not change in the two or more loops around it (its
//!    variables are not assigned there, and nothing there can write its array) is
//!    copied once into a contiguous array at its first use after the outer of those
//!    loops starts, and read from the copy after that: `if not ok: h = copy(view);
//!    ok = True` before the statement, `ok = False` before the loop. Seed 002's search
//!    reads the column `[:, y2, x2]` for ~10 windows of each `(y2, x2)`; from the copy
//!    it comes from L1 instead of 512 cache lines of L2. (One loop level is not enough:
//!    a copy read once or twice costs more than it saves.)

use ferrojit_ir::{
    ArrayType, Block, Const, Expr, ExprKind, Function, Layout, Program, SliceItem, Span, Stmt, StmtKind, Type, UnaryOp, Var,
    VarId,
};
use ferrojit_ir::walk_stmts;
use std::collections::{HashMap, HashSet};

/// Statements a callee may have to be inlined.
const MAX_INLINE_STMTS: usize = 8;

pub fn optimize(p: &mut Program) {
    inline_calls(p);
    for f in &mut p.functions {
        hoist_gathers(f);
        crate::reuse_maps::reuse_maps(f);
    }
}

// ---------------------------------------------------------------------------- inlining

fn has_call(b: &Block) -> bool {
    let mut found = false;
    ferrojit_ir::walk_block(b, &mut |e| found |= matches!(e.kind, ExprKind::Call { .. }));
    found
}

/// Variables a block assigns (assignments, loop variables, `Let` temporaries).
fn assigned_vars(b: &Block) -> HashSet<VarId> {
    let mut out = HashSet::new();
    walk_stmts(b, &mut |s| match &s.kind {
        StmtKind::Assign { var, .. } | StmtKind::ForRange { var, .. } => {
            out.insert(*var);
        }
        _ => {}
    });
    ferrojit_ir::walk_block(b, &mut |e| {
        if let ExprKind::Let { var, .. } = e.kind {
            out.insert(var);
        }
    });
    out
}

fn inlinable(g: &Function) -> bool {
    let Some((last, rest)) = g.body.split_last() else { return false };
    if !matches!(last.kind, StmtKind::Return(_)) || g.body.len() > MAX_INLINE_STMTS || has_call(&g.body) {
        return false;
    }
    let mut early_exit = false;
    for s in rest {
        // (a `del` unbinds a variable of its own function: a parameter is an argument
        // expression once inlined)
        walk_stmts(std::slice::from_ref(s), &mut |s| early_exit |= matches!(s.kind, StmtKind::Return(_) | StmtKind::Del(_)));
    }
    let assigned = assigned_vars(&g.body);
    !early_exit && g.params.iter().all(|p| !assigned.contains(p))
}

pub fn inline_calls(p: &mut Program) {
    let default = p.options.boundscheck;
    let callees: Vec<Option<Function>> = p.functions.iter().map(|g| inlinable(g).then(|| g.clone())).collect();
    for f in &mut p.functions {
        // a callee with its own boundscheck (a `@jit` dispatcher's) stays a call where
        // the caller's differs: its body keeps its checks, or its lack of them
        let checks = f.boundscheck.unwrap_or(default);
        let same = |g: &Function| g.boundscheck.unwrap_or(default) == checks;
        let mut body = std::mem::take(&mut f.body);
        inline_block(&mut body, f, &callees, &same);
        f.body = body;
    }
}

fn inline_block(b: &mut Block, f: &mut Function, callees: &[Option<Function>], allowed: &dyn Fn(&Function) -> bool) {
    let mut out = Vec::with_capacity(b.len());
    for mut s in std::mem::take(b) {
        match &mut s.kind {
            StmtKind::If { then_body, else_body, .. } => {
                inline_block(then_body, f, callees, allowed);
                inline_block(else_body, f, callees, allowed);
            }
            StmtKind::While { body, .. } | StmtKind::ForRange { body, .. } => inline_block(body, f, callees, allowed),
            StmtKind::Try { .. } => {
                for b in s.blocks_mut() {
                    inline_block(b, f, callees, allowed);
                }
            }
            StmtKind::Assign { var, value } => {
                inline_map_inputs(value, f, callees, allowed, s.span, &mut out);
                if let Some((g, args)) = inlinable_call(value, callees, allowed) {
                    if let Some(stmts) = inline_one(f, *var, g, args, s.span) {
                        out.extend(stmts);
                        continue;
                    }
                }
            }
            StmtKind::Return(value) => {
                inline_map_inputs(value, f, callees, allowed, s.span, &mut out);
                // `return g(args)`: g's statements into a new variable, then return it.
                if let Some((g, args)) = inlinable_call(value, callees, allowed) {
                    if let Some((target, stmts)) = inline_into_new_var(f, g, args, &value.ty, "$ret", s.span) {
                        out.extend(stmts);
                        let read = Expr::new(ExprKind::Var(target), value.ty.clone(), s.span);
                        out.push(Stmt { kind: StmtKind::Return(read), span: s.span });
                        continue;
                    }
                }
            }
            _ => {}
        }
        out.push(s);
    }
    *b = out;
}

/// `x = a / g(z)` (an element-wise expression with a call among its inputs, computed
/// once before the loop): `g`'s statements into a new variable first, which the input
/// then reads. Only where every input before the call is a variable or a constant, so
/// nothing evaluated before the call moves after it. Seed 003's `num / esum(z)`.
fn inline_map_inputs(
    value: &mut Expr,
    f: &mut Function,
    callees: &[Option<Function>],
    allowed: &dyn Fn(&Function) -> bool,
    span: Span,
    out: &mut Vec<Stmt>,
) {
    let ExprKind::Map { inputs, .. } = &mut value.kind else { return };
    for input in inputs.iter_mut() {
        if matches!(input.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
            continue;
        }
        let Some((g, args)) = inlinable_call(input, callees, allowed) else { return };
        let Some((target, stmts)) = inline_into_new_var(f, g, args, &input.ty, &format!("${}", g.name), span) else { return };
        out.extend(stmts);
        *input = Expr::new(ExprKind::Var(target), input.ty.clone(), span);
    }
}

/// The callee and arguments of `e` when it is a call of a function that may be inlined.
fn inlinable_call<'c, 'e>(e: &'e Expr, callees: &'c [Option<Function>], allowed: &dyn Fn(&Function) -> bool) -> Option<(&'c Function, &'e [Expr])> {
    let ExprKind::Call { func, args } = &e.kind else { return None };
    let g = callees.get(*func)?.as_ref().filter(|g| allowed(g))?;
    Some((g, args))
}

/// `g(args)` as `g`'s statements into a new variable (`{prefix}{id}`, of type `ty`):
/// the variable and the statements, or `None` (and no variable) when not inlinable.
fn inline_into_new_var(f: &mut Function, g: &Function, args: &[Expr], ty: &Type, prefix: &str, span: Span) -> Option<(VarId, Vec<Stmt>)> {
    let target = f.vars.len();
    f.vars.push(Var { name: format!("{prefix}{target}"), ty: ty.clone() });
    let stmts = inline_one(f, target, g, args, span);
    if stmts.is_none() {
        f.vars.pop();
    }
    Some((target, stmts?))
}

/// `target = g(args)` as `g`'s statements, or `None` when the arguments don't allow it.
fn inline_one(f: &mut Function, target: VarId, g: &Function, args: &[Expr], span: Span) -> Option<Vec<Stmt>> {
    if args.len() != g.params.len() {
        return None;
    }
    let mut subst: HashMap<VarId, Expr> = HashMap::new();
    for (&p, a) in g.params.iter().zip(args) {
        if !matches!(a.kind, ExprKind::Var(_) | ExprKind::Const(_)) || a.ty != g.vars[p].ty {
            return None;
        }
        subst.insert(p, a.clone());
    }
    let mut rename: HashMap<VarId, VarId> = HashMap::new();
    for (v, var) in g.vars.iter().enumerate() {
        if !subst.contains_key(&v) {
            rename.insert(v, f.vars.len());
            f.vars.push(Var { name: format!("{}.{}", g.name, var.name), ty: var.ty.clone() });
        }
    }
    let map = |e: &Expr| -> Expr {
        let mut e = e.clone();
        remap_expr(&mut e, &subst, &rename, span);
        e
    };
    let (last, rest) = g.body.split_last()?;
    let StmtKind::Return(ret) = &last.kind else { return None };
    let mut stmts: Vec<Stmt> = rest.iter().map(|s| remap_stmt(s, &map, &rename, span)).collect();
    let value = map(ret);
    // The callee returns a value of its declared return type; the call had that type.
    stmts.push(Stmt { kind: StmtKind::Assign { var: target, value }, span });
    Some(stmts)
}

fn remap_expr(e: &mut Expr, subst: &HashMap<VarId, Expr>, rename: &HashMap<VarId, VarId>, span: Span) {
    e.span = span;
    match &mut e.kind {
        ExprKind::Var(v) => {
            if let Some(a) = subst.get(v) {
                let ty = e.ty.clone();
                *e = a.clone();
                e.ty = ty;
                e.span = span;
                return;
            }
            if let Some(&n) = rename.get(v) {
                *v = n;
            }
        }
        ExprKind::Let { var, .. } => {
            if let Some(&n) = rename.get(var) {
                *var = n;
            }
        }
        _ => {}
    }
    for c in e.children_mut() {
        remap_expr(c, subst, rename, span);
    }
}

fn remap_stmt(s: &Stmt, map: &dyn Fn(&Expr) -> Expr, rename: &HashMap<VarId, VarId>, span: Span) -> Stmt {
    let var = |v: &VarId| rename.get(v).copied().unwrap_or(*v);
    let block = |b: &Block| b.iter().map(|s| remap_stmt(s, map, rename, span)).collect::<Block>();
    let kind = match &s.kind {
        StmtKind::Assign { var: v, value } => StmtKind::Assign { var: var(v), value: map(value) },
        StmtKind::If { cond, then_body, else_body } => {
            StmtKind::If { cond: map(cond), then_body: block(then_body), else_body: block(else_body) }
        }
        StmtKind::While { cond, body } => StmtKind::While { cond: map(cond), body: block(body) },
        StmtKind::ForRange { var: v, start, stop, step, body } => {
            StmtKind::ForRange { var: var(v), start: map(start), stop: map(stop), step: map(step), body: block(body) }
        }
        StmtKind::Break => StmtKind::Break,
        StmtKind::Continue => StmtKind::Continue,
        StmtKind::Return(e) => StmtKind::Return(map(e)),
        // The variable itself, never a value propagated into it.
        StmtKind::Del(e) => StmtKind::Del(match e.kind {
            ExprKind::Var(v) => Expr::new(ExprKind::Var(var(&v)), e.ty.clone(), e.span),
            _ => e.clone(),
        }),
        StmtKind::Expr(e) => StmtKind::Expr(map(e)),
        StmtKind::Raise { exc, message } => StmtKind::Raise { exc: *exc, message: message.clone() },
        StmtKind::Store { array, indices, value } => {
            StmtKind::Store { array: map(array), indices: indices.iter().map(map).collect(), value: map(value) }
        }
        StmtKind::StoreView { target, value } => StmtKind::StoreView { target: map(target), value: map(value) },
        StmtKind::PtrStore { ptr, index, value } => StmtKind::PtrStore { ptr: map(ptr), index: map(index), value: map(value) },
        StmtKind::Try { body, handlers, orelse, finalbody } => StmtKind::Try {
            body: block(body),
            handlers: handlers.iter().map(|h| ferrojit_ir::Handler { kinds: h.kinds.clone(), body: block(&h.body) }).collect(),
            orelse: block(orelse),
            finalbody: block(finalbody),
        },
    };
    Stmt { kind, span }
}

// ------------------------------------------------------------------- hoisting gathers

/// What a loop's body may change.
struct LoopCtx {
    assigned: HashSet<VarId>,
    /// Arrays (root variables) the body may write; `None`: any array (a call, a raw
    /// pointer store, a store through an alias).
    written: Option<HashSet<VarId>>,
    /// `ok = False` statements to put before the loop.
    pending: Vec<Stmt>,
}

/// Variables only ever assigned newly allocated arrays: no other variable or argument
/// shares their memory.
fn fresh_vars(f: &Function) -> HashSet<VarId> {
    let mut fresh: HashSet<VarId> = (0..f.vars.len()).filter(|&v| matches!(f.vars[v].ty, Type::Array(_))).collect();
    for &p in &f.params {
        fresh.remove(&p);
    }
    walk_stmts(&f.body, &mut |s| {
        if let StmtKind::Assign { var, value } = &s.kind {
            if !value.allocates_new_array() {
                fresh.remove(var);
            }
        }
    });
    fresh
}

/// The variable a view expression is taken from (`a` in `a[1:].T`).
fn root_var(e: &Expr) -> Option<VarId> {
    match &e.kind {
        ExprKind::Var(v) => Some(*v),
        ExprKind::Slice { array, .. } | ExprKind::View { array, .. } | ExprKind::Transpose(array) | ExprKind::Reshape { array, .. } => {
            root_var(array)
        }
        _ => None,
    }
}

fn loop_ctx(body: &Block, fresh: &HashSet<VarId>) -> LoopCtx {
    let assigned = assigned_vars(body);
    let mut written = Some(HashSet::new());
    let note = |target: &Expr, written: &mut Option<HashSet<VarId>>| match root_var(target) {
        Some(v) if fresh.contains(&v) => {
            if let Some(w) = written.as_mut() {
                w.insert(v);
            }
        }
        _ => *written = None,
    };
    walk_stmts(body, &mut |s| match &s.kind {
        StmtKind::Store { array, .. } => note(array, &mut written),
        StmtKind::StoreView { target, .. } => note(target, &mut written),
        StmtKind::PtrStore { .. } => written = None,
        _ => {}
    });
    if has_call(body) {
        written = None;
    }
    ferrojit_ir::walk_block(body, &mut |e| {
        if matches!(e.kind, ExprKind::Fill { .. }) {
            written = None;
        }
    });
    LoopCtx { assigned, written, pending: Vec::new() }
}

pub(crate) fn free_vars(e: &Expr) -> HashSet<VarId> {
    let mut out = HashSet::new();
    e.walk(&mut |x| {
        if let ExprKind::Var(v) = x.kind {
            out.insert(v);
        }
    });
    out
}

pub fn hoist_gathers(f: &mut Function) {
    let fresh = fresh_vars(f);
    let mut body = std::mem::take(&mut f.body);
    let mut loops = Vec::new();
    hoist_block(&mut body, f, &fresh, &mut loops);
    f.body = body;
}

fn hoist_block(b: &mut Block, f: &mut Function, fresh: &HashSet<VarId>, loops: &mut Vec<LoopCtx>) {
    let mut out = Vec::with_capacity(b.len());
    for mut s in std::mem::take(b) {
        match &mut s.kind {
            StmtKind::While { body, .. } | StmtKind::ForRange { body, .. } => {
                let mut ctx = loop_ctx(body, fresh);
                if let StmtKind::ForRange { var, .. } = &s.kind {
                    ctx.assigned.insert(*var);
                }
                loops.push(ctx);
                if let StmtKind::While { body, .. } | StmtKind::ForRange { body, .. } = &mut s.kind {
                    hoist_block(body, f, fresh, loops);
                }
                let ctx = loops.pop().expect("pushed above");
                out.extend(ctx.pending);
            }
            StmtKind::If { then_body, else_body, .. } => {
                hoist_block(then_body, f, fresh, loops);
                hoist_block(else_body, f, fresh, loops);
            }
            StmtKind::Try { .. } => {
                for b in s.blocks_mut() {
                    hoist_block(b, f, fresh, loops);
                }
            }
            StmtKind::Assign { value, .. } if !loops.is_empty() => {
                let mut guards = Vec::new();
                hoist_in_expr(value, f, loops, &mut guards, s.span);
                out.extend(guards);
            }
            _ => {}
        }
        out.push(s);
    }
    *b = out;
}

/// Replace hoistable map inputs inside `e`; guard statements go to `guards`.
fn hoist_in_expr(e: &mut Expr, f: &mut Function, loops: &mut [LoopCtx], guards: &mut Vec<Stmt>, span: Span) {
    if let ExprKind::Map { inputs, .. } = &mut e.kind {
        for input in inputs.iter_mut() {
            if let Some(k) = invariant_levels(input, loops) {
                hoist_input(input, f, &mut loops[k], guards, span);
            }
        }
    }
    for c in e.children_mut() {
        hoist_in_expr(c, f, loops, guards, span);
    }
}

/// For a gather (a view indexed on its last axis) of a variable: the index of the
/// outermost loop from which on it stays the same, when that spans two loops or more.
fn invariant_levels(input: &Expr, loops: &[LoopCtx]) -> Option<usize> {
    let ExprKind::Slice { array, items } = &input.kind else { return None };
    let ExprKind::Var(root) = array.kind else { return None };
    if !matches!(items.last(), Some(SliceItem::Index(_))) || !matches!(input.ty, Type::Array(_)) {
        return None;
    }
    let vars = free_vars(input);
    let mut k = loops.len();
    while k > 0 {
        let l = &loops[k - 1];
        let stable = vars.is_disjoint(&l.assigned) && l.written.as_ref().is_some_and(|w| !w.contains(&root));
        if !stable {
            break;
        }
        k -= 1;
    }
    (loops.len() - k >= 2).then_some(k)
}

fn hoist_input(input: &mut Expr, f: &mut Function, outer: &mut LoopCtx, guards: &mut Vec<Stmt>, span: Span) {
    let Type::Array(at) = input.ty else { return };
    let copy_ty = Type::Array(ArrayType { layout: Layout::C, readonly: false, ..at });
    let h = f.vars.len();
    f.vars.push(Var { name: format!("$hoisted{h}"), ty: copy_ty.clone() });
    let ok = f.vars.len();
    f.vars.push(Var { name: format!("$hoisted{h}.ok"), ty: Type::Bool });
    let view = std::mem::replace(input, Expr::new(ExprKind::Var(h), copy_ty.clone(), span));
    let var_ok = Expr::new(ExprKind::Var(ok), Type::Bool, span);
    let not_ok = Expr::new(ExprKind::Unary { op: UnaryOp::Not, operand: Box::new(var_ok) }, Type::Bool, span);
    // The copy as an identity map: one plain loop (a view indexed on its last axis gets
    // no contiguous or streaming copies of it).
    let el = at.dtype.to_type();
    let body = Expr::new(ExprKind::Input(0), el, span);
    let copy = Expr::new(ExprKind::Map { inputs: vec![view], body: Box::new(body) }, copy_ty, span);
    let set = |v: bool| Stmt { kind: StmtKind::Assign { var: ok, value: Expr::constant(Const::Bool(v), span) }, span };
    guards.push(Stmt {
        kind: StmtKind::If {
            cond: not_ok,
            then_body: vec![Stmt { kind: StmtKind::Assign { var: h, value: copy }, span }, set(true)],
            else_body: vec![],
        },
        span,
    });
    outer.pending.push(set(false));
}
