//! Writing an element-wise result into the memory of an array that dies with it.
//!
//! In the seed's softmax, `num = np.exp(z)` is followed by `s = num / esum(z)`: `num` is
//! never read again, so `s` can be computed in `num`'s memory, element by element (each
//! element of `s` reads only the same element of `num`). NumPy allocates (and the kernel
//! zero-fills on first touch) a second 80 MB array there; compiled code need not.
//!
//! [`analyse`] finds, per function, the assignments `x = <map>` that may do this: a
//! liveness analysis over the structured body gives the variables that are dead after
//! each statement, and a map input that is such a variable qualifies when it has the
//! result's dtype and dimensions, is C-contiguous and writable, and no *other* input of
//! the map reads it as an array (a view of it, or a reduction along an axis, would see
//! elements already overwritten; scalar inputs such as `num.sum()` are computed before
//! the loop). At run time ([`Codegen::reuse_branch`]) the memory is taken only when
//! the variable holds the sole reference to memory compiled code allocated (a reference
//! count of 1: no other variable, view, caller or Python object can see it) and the
//! result has exactly its shape; otherwise a new array is allocated as usual. (See
//! [`Reuse`] for the other two cases: a dying variable the map does not read, and a
//! plain `x = y` on `y`'s last use, which moves the reference.) The in-place loop
//! is emitted once for each outcome: in the in-place copy the input and the output are the
//! same value, so LLVM sees each element read and then written (no run-time overlap
//! test, which would fail and send the loop to its scalar version).

use crate::codegen::Codegen;
use crate::Result;
use ferrojit_ir::{Block, Expr, ExprKind, Function, Layout, Program, Stmt, StmtKind, Type, VarId};
use inkwell::basic_block::BasicBlock;
use inkwell::values::StructValue;
use inkwell::IntPredicate;
use std::collections::{HashMap, HashSet};

/// Whose memory an assignment's result may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reuse {
    /// A map input that dies here: the result is computed in place.
    Input(VarId),
    /// A variable the map does not read and that dies here (often the assigned one's
    /// old value): its memory is simply not given back and taken anew.
    Dead(VarId),
    /// `x = y` where `y` dies here: the reference moves (no count traffic), so `y`'s
    /// memory can have a single owner again.
    Move(VarId),
}

/// Statement (by address) -> what its result may reuse.
pub type Reuses = HashMap<*const Stmt, Reuse>;

pub fn analyse(f: &Function) -> Reuses {
    let mut assigned = HashSet::new();
    ferrojit_ir::walk_stmts(&f.body, &mut |s| {
        if let StmtKind::Assign { var, .. } = s.kind {
            assigned.insert(var);
        }
    });
    let mut a = Analysis { f, out: Reuses::new(), assigned };
    a.block(&f.body, HashSet::new(), None);
    a.out
}

/// [`analyse`]'s decisions for every function of `p` as text (what the `; pass: reuse`
/// file tests compare): `fn symbol:`, then each assignment whose result may reuse
/// memory, in statement order, followed by `=> input x`, `=> dead x` or `=> move x`.
pub fn analysis_text(p: &Program) -> String {
    let mut out = String::new();
    for f in &p.functions {
        let reuses = analyse(f);
        out.push_str(&format!("fn {}:\n", f.symbol));
        ferrojit_ir::walk_stmts(&f.body, &mut |s| {
            if let Some(r) = reuses.get(&(s as *const Stmt)) {
                let (what, v) = match *r {
                    Reuse::Input(v) => ("input", v),
                    Reuse::Dead(v) => ("dead", v),
                    Reuse::Move(v) => ("move", v),
                };
                let stmt = ferrojit_ir::print::stmt_header(p, f, s);
                out.push_str(&format!("  {stmt}\n    => {what} {}\n", ferrojit_ir::print::var_label(f, v)));
            }
        });
    }
    out
}

type Live = HashSet<VarId>;

/// Where `break` and `continue` go: the live sets after the loop and at its head.
struct Loop {
    after: Live,
    head: Live,
}

struct Analysis<'f> {
    f: &'f Function,
    out: Reuses,
    /// Variables some statement assigns (parameters only borrow until then).
    assigned: HashSet<VarId>,
}



fn uses(e: &Expr, live: &mut Live) {
    e.walk(&mut |x| {
        if let ExprKind::Var(v) = x.kind {
            live.insert(v);
        }
    });
}

fn mentions(e: &Expr, v: VarId) -> bool {
    let mut found = false;
    e.walk(&mut |x| found |= matches!(x.kind, ExprKind::Var(w) if w == v));
    found
}

impl Analysis<'_> {
    /// Live variables before `b`, given those live after it.
    fn block(&mut self, b: &Block, live_out: Live, lp: Option<&Loop>) -> Live {
        let mut live = live_out;
        for s in b.iter().rev() {
            live = self.stmt(s, live, lp);
        }
        live
    }

    fn stmt(&mut self, s: &Stmt, after: Live, lp: Option<&Loop>) -> Live {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                let key = s as *const Stmt;
                match self.candidate(*var, value, &after) {
                    Some(v) => self.out.insert(key, v),
                    None => self.out.remove(&key),
                };
                let mut live = after;
                live.remove(var);
                uses(value, &mut live);
                live
            }
            StmtKind::If { cond, then_body, else_body } => {
                let mut live = self.block(then_body, after.clone(), lp);
                live.extend(self.block(else_body, after, lp));
                uses(cond, &mut live);
                live
            }
            StmtKind::While { cond, body } => {
                // At the head the condition is evaluated, then the body runs or the loop ends.
                let mut head = after.clone();
                uses(cond, &mut head);
                loop {
                    let inner = Loop { after: after.clone(), head: head.clone() };
                    let mut next = self.block(body, head.clone(), Some(&inner));
                    next.extend(after.iter().copied());
                    uses(cond, &mut next);
                    if next == head {
                        return head;
                    }
                    head = next;
                }
            }
            StmtKind::ForRange { var, start, stop, step, body } => {
                let mut head = after.clone();
                loop {
                    let inner = Loop { after: after.clone(), head: head.clone() };
                    let mut next = self.block(body, head.clone(), Some(&inner));
                    next.remove(var);
                    next.extend(after.iter().copied());
                    if next == head {
                        break;
                    }
                    head = next;
                }
                for e in [start, stop, step] {
                    uses(e, &mut head);
                }
                head
            }
            StmtKind::Break => lp.map(|l| l.after.clone()).unwrap_or_default(),
            StmtKind::Continue => lp.map(|l| l.head.clone()).unwrap_or_default(),
            StmtKind::Return(e) => {
                let mut live = Live::new();
                uses(e, &mut live);
                live
            }
            StmtKind::Raise { .. } => Live::new(),
            // Control may leave the body anywhere: every variable the statement mentions
            // is live throughout (and nothing inside is a reuse candidate).
            StmtKind::Try { .. } => {
                let mut live = after;
                ferrojit_ir::walk_stmts(std::slice::from_ref(s), &mut |t| {
                    if let StmtKind::Assign { var, .. } | StmtKind::ForRange { var, .. } = &t.kind {
                        live.insert(*var);
                    }
                    for e in t.exprs() {
                        uses(e, &mut live);
                    }
                });
                live
            }
            StmtKind::Expr(_) | StmtKind::Del(_) | StmtKind::Store { .. } | StmtKind::StoreView { .. } | StmtKind::PtrStore { .. } => {
                let mut live = after;
                for e in s.exprs() {
                    uses(e, &mut live);
                }
                live
            }
        }
    }

    /// The input of `x = value` whose memory the result may take (see the module doc).
    fn candidate(&self, target: VarId, value: &Expr, after: &Live) -> Option<Reuse> {
        if let ExprKind::Var(y) = value.kind {
            let moves = y != target && !after.contains(&y) && matches!(self.f.vars.get(y)?.ty, Type::Array(_));
            return moves.then_some(Reuse::Move(y));
        }
        let (ExprKind::Map { inputs, body }, Type::Array(out)) = (&value.kind, &value.ty) else { return None };
        let fits_type = |v: VarId| {
            matches!(&self.f.vars.get(v).map(|x| &x.ty), Some(Type::Array(at))
                if at.dtype == out.dtype && at.ndim == out.ndim && at.layout == Layout::C && !at.readonly)
        };
        let input = inputs.iter().find_map(|input| {
            let ExprKind::Var(v) = input.kind else { return None };
            let Type::Array(at) = &self.f.vars.get(v)?.ty else { return None };
            // Dead after this statement: not read later, or overwritten by it. (A
            // parameter never assigned is shared with the caller: never taken.)
            let fits = (v == target || !after.contains(&v))
                && self.assigned.contains(&v)
                && at.dtype == out.dtype
                && at.ndim == out.ndim
                && at.layout == Layout::C
                && !at.readonly
                && !mentions(body, v)
                && inputs.iter().all(|other| {
                    matches!(other.kind, ExprKind::Var(w) if w == v) || !matches!(other.ty, Type::Array(_)) || !mentions(other, v)
                });
            fits.then_some(v)
        });
        if let Some(v) = input {
            return Some(Reuse::Input(v));
        }
        // Else a variable of the result's type that dies here and that the map does not
        // read: another one (its memory would otherwise wait for the function's end), or
        // the assigned one (its old value, in a loop).
        let dead = |v: VarId| (v == target || !after.contains(&v)) && fits_type(v) && !mentions(value, v);
        let other = (0..self.f.vars.len()).find(|&v| v != target && self.assigned.contains(&v) && dead(v));
        other.or_else(|| dead(target).then_some(target)).map(Reuse::Dead)
    }
}

impl<'ctx> Codegen<'ctx, '_> {
    /// Branch on whether a map's result may take variable `v`'s memory: `v` holds the
    /// only reference to memory compiled code allocated, and the result (of `shape`)
    /// has exactly `v`'s shape. Returns `v`'s array and the block for no; the builder is
    /// left in the block for yes, where `v` no longer owns the reference (it moves to
    /// the result).
    pub fn reuse_branch(
        &mut self,
        v: VarId,
        at: &ferrojit_ir::ArrayType,
        shape: &[inkwell::values::IntValue<'ctx>],
    ) -> Result<(StructValue<'ctx>, BasicBlock<'ctx>)> {
        let ty = Type::Array(*at);
        let i64t = self.ctx.i64_type();
        let cur = self.load_var(v, &ty)?.into_struct_value();
        let mi = self.meminfo(cur)?;
        let check_bb = self.append_block("reuse.check")?;
        let take_bb = self.append_block("reuse.take")?;
        let alloc_bb = self.append_block("reuse.alloc")?;
        let null = self.builder.build_is_null(mi, "")?;
        self.builder.build_conditional_branch(null, alloc_bb, check_bb)?;
        self.builder.position_at_end(check_bb);
        let rc = self.builder.build_load(i64t, mi, "rc")?.into_int_value();
        let mut ok = self.builder.build_int_compare(IntPredicate::EQ, rc, i64t.const_int(1, false), "")?;
        for (d, n) in self.dims(cur, 2, at.ndim)?.into_iter().zip(shape) {
            let same = self.builder.build_int_compare(IntPredicate::EQ, d, *n, "")?;
            ok = self.builder.build_and(ok, same, "")?;
        }
        self.builder.build_conditional_branch(ok, take_bb, alloc_bb)?;
        self.builder.position_at_end(take_bb);
        self.builder.build_store(self.vars[v], self.llvm_type(&ty).const_zero())?;
        Ok((cur, alloc_bb))
    }
}
