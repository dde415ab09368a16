//! `for var in range(start, stop, step)`: the canonical counted loop, and the loops
//! emitted twice around it: versioned on their index range (`ranges`), with pointer
//! cells in registers (`promote`), streaming copies (`streaming`, which calls
//! [`Codegen::for_range`] for each copy).

use crate::codegen::Codegen;
use crate::Result;
use ferrojit_ir::{Block, ExcKind, Expr, Type, VarId};
use inkwell::builder::Builder;
use inkwell::values::IntValue;
use inkwell::IntPredicate;

/// A `for` loop over `range`, as the IR's `StmtKind::ForRange` holds it.
#[derive(Clone, Copy)]
pub struct RangeLoop<'p> {
    pub var: VarId,
    pub start: &'p Expr,
    pub stop: &'p Expr,
    pub step: &'p Expr,
    pub body: &'p Block,
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    /// `for var in range(start, stop, step)`, keeping pointer cells the loop updates in
    /// registers when it can (see `promote`).
    pub fn for_range(&mut self, l: RangeLoop<'p>) -> Result<()> {
        let outer = (self.proofs.facts.len(), self.proofs.exprs.len());
        let bound = crate::ranges::bindings(l.body);
        self.proofs.enter_loop(l, &bound);
        let versioning = if self.options.boundscheck { crate::ranges::versioning(&self.proofs, l, &bound) } else { None };
        match versioning {
            Some(v) => self.for_range_versioned(l, &v)?,
            None => self.for_range_unversioned(l)?,
        }
        self.proofs.facts.truncate(outer.0);
        self.proofs.exprs.truncate(outer.1);
        Ok(())
    }

    /// The loop, its pointer cells kept in registers when it can (`promote`).
    fn for_range_unversioned(&mut self, l: RangeLoop<'p>) -> Result<()> {
        if self.cells.is_empty() {
            if let Some(f) = self.ir {
                if let Some(plan) = crate::promote::plan(f, l, self.options.boundscheck, &self.proofs) {
                    return self.for_range_promoted(l, &plan);
                }
            }
        }
        self.for_range_plain(l)
    }

    /// The loop twice (`ranges::versioning`): without the checks of `v.checks` when each
    /// of them holds at the counter's first and last values, as written otherwise.
    fn for_range_versioned(&mut self, l: RangeLoop<'p>, v: &crate::ranges::Versioning<'p>) -> Result<()> {
        let i64t = self.ctx.i64_type();
        let first = self.expr(l.start)?.into_int_value();
        let end = self.expr(l.stop)?.into_int_value();
        let stride = i64t.const_int(v.step as u64, true);
        let probe = self.append_block("version.probe")?;
        let fast = self.append_block("version.unchecked")?;
        let slow = self.append_block("version.checked")?;
        let join = self.append_block("version.join")?;
        // last = first + ((end - first - sign) / step) * step, when the loop runs at all
        let (runs, sign) = if v.step > 0 {
            (self.builder.build_int_compare(IntPredicate::SLT, first, end, "runs")?, 1)
        } else {
            (self.builder.build_int_compare(IntPredicate::SGT, first, end, "runs")?, -1)
        };
        self.builder.build_conditional_branch(runs, probe, slow)?;
        self.builder.position_at_end(probe);
        let distance = self.builder.build_int_sub(end, first, "")?;
        let span = self.builder.build_int_sub(distance, i64t.const_int(sign as u64, true), "")?;
        let steps = self.builder.build_int_signed_div(span, stride, "")?;
        let last = self.builder.build_int_add(first, self.builder.build_int_mul(steps, stride, "")?, "last")?;
        // `end - first` overflowed (a range wider than int64) iff its sign is wrong:
        // then the loop runs checked.
        let pred = if v.step > 0 { IntPredicate::SGT } else { IntPredicate::SLT };
        let mut ok = self.builder.build_int_compare(pred, distance, i64t.const_zero(), "no_overflow")?;
        for &(array, axis, index) in &v.checks {
            let Type::Array(at) = &array.ty else { continue };
            let (a, owned) = self.expr_borrowed(array)?;
            let size = self.dims(a.into_struct_value(), 2, at.ndim)?[axis];
            self.release_if(a, &array.ty, owned)?;
            for at_value in [first, last] {
                for w in std::iter::once(l.var).chain(v.aliases.iter().copied()) {
                    self.builder.build_store(self.vars[w], at_value)?;
                }
                let i = self.expr(index)?.into_int_value();
                let inside = self.builder.build_int_compare(IntPredicate::ULT, i, size, "inside")?;
                ok = self.builder.build_and(ok, inside, "")?;
            }
        }
        self.builder.build_conditional_branch(ok, fast, slow)?;
        self.builder.position_at_end(fast);
        let before = self.proofs.exprs.len();
        self.proofs.exprs.extend(v.checks.iter().map(|&(_, axis, index)| (index as *const ferrojit_ir::Expr, axis)));
        self.for_range_unversioned(l)?;
        self.proofs.exprs.truncate(before);
        self.builder.build_unconditional_branch(join)?;
        self.builder.position_at_end(slow);
        self.for_range_unversioned(l)?;
        self.builder.build_unconditional_branch(join)?;
        self.builder.position_at_end(join);
        Ok(())
    }

    /// `for var in range(start, stop, step)` as a canonical counted loop: the trip count is
    /// computed once and a hidden 64-bit counter runs from 0 to it, which is the shape
    /// LLVM's loop vectoriser and unroller expect.
    pub fn for_range_plain(&mut self, l: RangeLoop<'p>) -> Result<()> {
        let i64t = self.ctx.i64_type();
        let start_v = self.expr(l.start)?.into_int_value();
        let stop_v = self.expr(l.stop)?.into_int_value();
        let step_v = self.expr(l.step)?.into_int_value();
        let zero = i64t.const_zero();
        let one = i64t.const_int(1, false);
        let is_zero = self.builder.build_int_compare(IntPredicate::EQ, step_v, zero, "step0")?;
        self.check(is_zero, ExcKind::ValueError, "range() arg 3 must not be zero")?;
        let b = &self.builder;
        let const_step = step_v.get_sign_extended_constant();
        // Ascending: n = start < stop ? (stop - start - 1) / step + 1 : 0 (unsigned math);
        // descending mirrors it. A constant step emits only the branch it needs.
        let up = |b: &Builder<'ctx>| -> Result<IntValue<'ctx>> {
            let lo_hi = b.build_int_compare(IntPredicate::SLT, start_v, stop_v, "lt")?;
            let span = b.build_int_sub(b.build_int_sub(stop_v, start_v, "")?, one, "")?;
            let n = if const_step == Some(1) { span } else { b.build_int_unsigned_div(span, step_v, "")? };
            let n = b.build_int_add(n, one, "")?;
            Ok(b.build_select(lo_hi, n, zero, "")?.into_int_value())
        };
        let down = |b: &Builder<'ctx>| -> Result<IntValue<'ctx>> {
            let hi_lo = b.build_int_compare(IntPredicate::SGT, start_v, stop_v, "gt")?;
            let span = b.build_int_sub(b.build_int_sub(start_v, stop_v, "")?, one, "")?;
            let n = b.build_int_unsigned_div(span, b.build_int_neg(step_v, "")?, "")?;
            let n = b.build_int_add(n, one, "")?;
            Ok(b.build_select(hi_lo, n, zero, "")?.into_int_value())
        };
        let trip = match const_step {
            Some(c) if c > 0 => up(b)?,
            Some(_) => down(b)?,
            None => {
                let pos = b.build_int_compare(IntPredicate::SGT, step_v, zero, "pos")?;
                let (u, d) = (up(b)?, down(b)?);
                b.build_select(pos, u, d, "trip")?.into_int_value()
            }
        };

        // Only this loop is tagged for streaming stores, not loops in its body.
        let stream = std::mem::take(&mut self.streaming);
        let loc = self.debug_location();
        let counter = self.entry_alloca(i64t.into(), "k")?;
        self.builder.build_store(counter, zero)?;
        let header = self.append_block("for.cond")?;
        let body_bb = self.append_block("for.body")?;
        let latch = self.append_block("for.inc")?;
        let exit = self.append_block("for.end")?;
        self.builder.build_unconditional_branch(header)?;
        self.builder.position_at_end(header);
        let k = self.builder.build_load(i64t, counter, "k")?.into_int_value();
        let more = self.builder.build_int_compare(IntPredicate::ULT, k, trip, "more")?;
        self.builder.build_conditional_branch(more, body_bb, exit)?;
        self.builder.position_at_end(body_bb);
        // `start + k * step` stays between start and stop for k < trip: no signed
        // overflow (saying so lets LLVM prove `a[i - w]` non-negative in `range(w, n)`).
        let offset = self.builder.build_int_nsw_mul(k, step_v, "")?;
        let value = self.builder.build_int_nsw_add(start_v, offset, "i")?;
        self.builder.build_store(self.vars[l.var], value)?;
        self.loops.push((latch, exit));
        let calls = self.vector_calls;
        self.block(l.body)?;
        let interleave = self.interleave_for(self.vector_calls > calls);
        self.loops.pop();
        self.builder.build_unconditional_branch(latch)?;
        self.builder.position_at_end(latch);
        let k = self.builder.build_load(i64t, counter, "k")?.into_int_value();
        let next = self.builder.build_int_nsw_add(k, one, "k.next")?;
        self.builder.build_store(counter, next)?;
        let back = self.builder.build_unconditional_branch(header)?;
        self.mark_loop(back, crate::streaming::LoopHints { stream, interleave, ..Default::default() }, loc);
        self.builder.position_at_end(exit);
        Ok(())
    }
}
