//! Keeping pointer cells in registers across a loop.
//!
//! The seed's plain `@cfunc` filter updates its result through the output pointer on
//! every element:
//!
//! ```python
//! result[0] = np.inf
//! for v in values:
//!     if v < result[0]:
//!         result[0] = v
//! ```
//!
//! LLVM (and gcc) must re-read and conditionally re-store `result[0]` each time: it may
//! alias `values`, and a compiler may not add a store on a path that had none. Here, when
//! a loop's body only reads array elements and pointer cells `p[k]` (constant `k`) and
//! cannot raise, it is emitted twice: if at run time no cell overlaps any array the loop
//! reads (nor another cell) and the loop runs at least once, each cell is loaded before
//! the loop into a local, used there, and stored back after it; otherwise the loop runs
//! as written. The write-back stores the value the cell has anyway, so the only
//! difference is invisible to this thread: the loop becomes `minsd`, and the filter runs
//! at SciPy's own `grey_erosion` speed.

use crate::codegen::Codegen;
use crate::loops::RangeLoop;
use crate::Result;
use ferrojit_ir::{BinOp, Block, CmpOp, Const, DType, Expr, ExprKind, Function, Stmt, StmtKind, Type, VarId};
use inkwell::values::{IntValue, PointerValue};
use inkwell::IntPredicate;

/// What a loop touches, when it qualifies.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    /// Pointer cells `(pointer variable, constant index, element dtype)` stored in the loop.
    pub cells: Vec<(VarId, i64, DType)>,
    /// Array variables whose elements the loop reads.
    pub arrays: Vec<VarId>,
}

#[derive(Default)]
struct Scan<'f> {
    /// Indices proven in range (`ranges`): reading them cannot raise.
    proofs: Option<&'f crate::ranges::Proofs>,
    loads: Vec<(VarId, i64, DType)>,
    stores: Vec<(VarId, i64, DType)>,
    arrays: Vec<VarId>,
    assigned: Vec<VarId>,
    /// Cells accessed on every iteration before anything else can happen.
    unconditional: Vec<(VarId, i64)>,
}

fn cell(e: &Expr) -> Option<(VarId, i64, DType)> {
    let ExprKind::PtrIndex { ptr, index } = &e.kind else { return None };
    cell_of(ptr, index)
}

/// `p[k]`: a pointer variable and a constant index.
fn cell_of(ptr: &Expr, index: &Expr) -> Option<(VarId, i64, DType)> {
    let (ExprKind::Var(p), ExprKind::Const(Const::Int(k)), Type::Pointer(Some(d))) = (&ptr.kind, &index.kind, &ptr.ty) else { return None };
    Some((*p, *k, *d))
}

impl Scan<'_> {
    /// Whether `e` can be evaluated inside a promoted loop (no raising, no memory but
    /// array element reads and pointer cells); records what it touches.
    fn expr(&mut self, e: &Expr, boundscheck: bool, top: bool) -> bool {
        if let Some(c) = cell(e) {
            self.loads.push(c);
            if top {
                self.unconditional.push((c.0, c.1));
            }
            return true;
        }
        match &e.kind {
            ExprKind::Const(_) | ExprKind::Var(_) => true,
            ExprKind::Index { array, indices } => {
                let ExprKind::Var(a) = array.kind else { return false };
                self.arrays.push(a);
                (!boundscheck || self.proofs.is_some_and(|p| p.proven(array, indices).iter().all(|x| *x)))
                    && indices.iter().all(|i| self.expr(i, boundscheck, top))
            }
            ExprKind::ArrayAttr { array, .. } => matches!(array.kind, ExprKind::Var(_)),
            ExprKind::TupleGet { tuple, .. } => self.expr(tuple, boundscheck, top),
            ExprKind::Binary { op, lhs, rhs } => {
                // Division, modulo and powers can raise.
                matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor)
                    && self.expr(lhs, boundscheck, top)
                    && self.expr(rhs, boundscheck, top)
            }
            ExprKind::Compare { op: CmpOp::Eq | CmpOp::Ne | CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge, lhs, rhs } => {
                self.expr(lhs, boundscheck, top) && self.expr(rhs, boundscheck, top)
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => self.expr(a, boundscheck, top) && self.expr(b, boundscheck, false),
            ExprKind::IfExp { cond, then, orelse } => {
                self.expr(cond, boundscheck, top) && self.expr(then, boundscheck, false) && self.expr(orelse, boundscheck, false)
            }
            ExprKind::Truth(x) | ExprKind::Unary { operand: x, .. } => self.expr(x, boundscheck, top),
            // Float -> int conversions raise for NaN and infinities.
            ExprKind::Cast(x) => !(x.ty.is_float() && !e.ty.is_float()) && self.expr(x, boundscheck, top),
            _ => false,
        }
    }

    fn block(&mut self, f: &Function, b: &Block, boundscheck: bool, top: bool) -> bool {
        b.iter().all(|s| self.stmt(f, s, boundscheck, top))
    }

    fn stmt(&mut self, f: &Function, s: &Stmt, boundscheck: bool, top: bool) -> bool {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                self.assigned.push(*var);
                !crate::array::is_refcounted(&f.vars[*var].ty) && self.expr(value, boundscheck, top)
            }
            StmtKind::If { cond, then_body, else_body } => {
                self.expr(cond, boundscheck, top) && self.block(f, then_body, boundscheck, false) && self.block(f, else_body, boundscheck, false)
            }
            StmtKind::PtrStore { ptr, index, value } => {
                let Some(c) = cell_of(ptr, index) else { return false };
                if !self.expr(value, boundscheck, top) {
                    return false;
                }
                self.stores.push(c);
                if top {
                    self.unconditional.push((c.0, c.1));
                }
                true
            }
            StmtKind::ForRange { var, start, stop, step, body } => {
                self.assigned.push(*var);
                self.expr(start, boundscheck, top) && self.expr(stop, boundscheck, top) && self.expr(step, boundscheck, top) && self.block(f, body, boundscheck, false)
            }
            StmtKind::While { cond, body } => self.expr(cond, boundscheck, top) && self.block(f, body, boundscheck, false),
            // Leaving early (or raising) would skip the write-back.
            _ => false,
        }
    }
}

/// Whether `for var in range(start, stop, step): body` can keep pointer cells in
/// registers, and which.
pub fn plan(f: &Function, l: RangeLoop<'_>, boundscheck: bool, proofs: &crate::ranges::Proofs) -> Option<Plan> {
    let RangeLoop { var, start, stop, step, body } = l;
    if !matches!(step.kind, ExprKind::Const(Const::Int(s)) if s > 0) {
        return None;
    }
    let mut scan = Scan { proofs: Some(proofs), ..Scan::default() };
    if !scan.expr(start, boundscheck, false) || !scan.expr(stop, boundscheck, false) || !scan.block(f, body, boundscheck, true) {
        return None;
    }
    scan.assigned.push(var);
    let mut cells: Vec<(VarId, i64, DType)> = Vec::new();
    for c in &scan.stores {
        if !cells.contains(c) {
            cells.push(*c);
        }
    }
    // Every stored cell must be read or written on every iteration (so loading it before
    // a loop that runs at least once reads nothing the loop would not), pointers and
    // arrays must not change inside the loop, and a cell is accessed with one dtype only.
    let ok = !cells.is_empty()
        && cells.iter().all(|(p, k, d)| {
            scan.unconditional.contains(&(*p, *k))
                && !scan.assigned.contains(p)
                && scan.loads.iter().chain(&scan.stores).all(|(q, j, e)| q != p || j != k || e == d)
        })
        && scan.arrays.iter().all(|a| !scan.assigned.contains(a));
    if !ok {
        return None;
    }
    let mut arrays = Vec::new();
    for a in scan.arrays {
        if !arrays.contains(&a) {
            arrays.push(a);
        }
    }
    Some(Plan { cells, arrays })
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    /// The loop of `plan`: with its cells in locals when nothing overlaps them at run
    /// time, as written otherwise.
    pub fn for_range_promoted(&mut self, l: RangeLoop<'p>, plan: &Plan) -> Result<()> {
        let i64t = self.ctx.i64_type();
        let b = self.expr(l.start)?.into_int_value();
        let e = self.expr(l.stop)?.into_int_value();
        let mut ok = self.builder.build_int_compare(IntPredicate::SLT, b, e, "runs")?;
        let mut addrs: Vec<(PointerValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>)> = Vec::new();
        for &(p, k, d) in &plan.cells {
            let base = self.load_var(p, &Type::Pointer(Some(d)))?.into_pointer_value();
            // SAFETY of the GEP: the C caller vouches for the pointer.
            let at = unsafe { self.builder.build_gep(self.element_mem_type(d), base, &[i64t.const_int(k as u64, true)], "cell")? };
            let lo = self.builder.build_ptr_to_int(at, i64t, "")?;
            let hi = self.builder.build_int_add(lo, i64t.const_int(d.itemsize(), false), "")?;
            addrs.push((at, lo, hi));
        }
        let mut ranges: Vec<(IntValue<'ctx>, IntValue<'ctx>)> = Vec::new();
        for &a in &plan.arrays {
            let ty = self.ir.map(|f| f.vars[a].ty.clone()).unwrap_or(Type::None);
            let Type::Array(at) = ty else { return self.for_range_plain(l) };
            let v = self.load_var(a, &ty)?.into_struct_value();
            ranges.push(self.extent(v, &at)?);
        }
        for (n, &(_, lo, hi)) in addrs.iter().enumerate() {
            let others = addrs[n + 1..].iter().map(|&(_, l, h)| (l, h));
            for (l, h) in ranges.clone().into_iter().chain(others) {
                // [lo, hi) and [l, h) overlap when lo < h and l < hi.
                let b = &self.builder;
                let overlap = b.build_and(b.build_int_compare(IntPredicate::ULT, lo, h, "")?, b.build_int_compare(IntPredicate::ULT, l, hi, "")?, "overlap")?;
                ok = b.build_and(ok, b.build_not(overlap, "")?, "")?;
            }
        }
        let fast = self.append_block("cells.local")?;
        let slow = self.append_block("cells.memory")?;
        let done = self.append_block("cells.end")?;
        self.builder.build_conditional_branch(ok, fast, slow)?;
        self.builder.position_at_end(fast);
        let saved = std::mem::take(&mut self.cells);
        for (&(p, k, d), &(at, _, _)) in plan.cells.iter().zip(&addrs) {
            let ty = self.element_mem_type(d);
            let local = self.entry_alloca(ty, "cell")?;
            let v = self.builder.build_load(ty, at, "")?;
            self.builder.build_store(local, v)?;
            self.cells.push((p, k, local));
        }
        let r = self.for_range_plain(l);
        let locals = std::mem::replace(&mut self.cells, saved);
        r?;
        for ((_, _, d), (&(at, _, _), (_, _, local))) in plan.cells.iter().zip(addrs.iter().zip(&locals)) {
            let ty = self.element_mem_type(*d);
            let v = self.builder.build_load(ty, *local, "")?;
            self.builder.build_store(at, v)?;
        }
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(slow);
        self.for_range_plain(l)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(())
    }

    /// The local standing for pointer cell `p[k]` inside a promoted loop.
    pub fn cell_local(&self, ptr: &Expr, index: &Expr) -> Option<PointerValue<'ctx>> {
        let (ExprKind::Var(p), ExprKind::Const(Const::Int(k))) = (&ptr.kind, &index.kind) else { return None };
        self.cells.iter().find(|(q, j, _)| q == p && j == k).map(|c| c.2)
    }
}
