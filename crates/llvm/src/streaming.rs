//! Streaming (non-temporal) stores for loops that fill a large new array.
//!
//! A loop like the seed's `addarr` (`r[i] = x[i] + y[i]` into a fresh `r`) or a
//! materialised array expression writes every byte of its output once and reads none of
//! it. With ordinary stores the CPU first reads each output cache line (read for
//! ownership) and the result evicts the inputs from cache; non-temporal stores write whole
//! lines straight to memory. For outputs larger than a few MiB that moves a quarter less
//! data (measured here: 1e6 float64, 0.37 ms instead of 0.48 ms); for small outputs it
//! is slower (the next reader wants the data in cache), so such loops are emitted twice
//! and the streaming copy runs only when the output has at least [`min_bytes`] bytes.
//!
//! LLVM's loop vectoriser will not widen a store that already carries `!nontemporal`
//! unless the target accepts it at the scalar store's alignment (most x86 CPUs do
//! not), so the streaming copy is only *tagged* (its back edge carries loop metadata
//! `!{!"ferrojit.stream"}`, which the vectoriser keeps on the vector loop) and
//! [`mark_nontemporal`] runs after optimisation: in a tagged single-block loop it makes
//! each vector store that is aligned to its own size non-temporal. The alignment comes
//! from our allocator (64-byte aligned data, stated with `!align` on the data pointer)
//! and the vector loop's start at element 0. An `sfence` after the loop orders the
//! streamed stores before anything that follows (another thread may read the array).

use crate::codegen::Codegen;
use crate::Result;
use inkwell::llvm_sys::core::{LLVMMDNodeInContext2, LLVMMDStringInContext2, LLVMMetadataAsValue, LLVMSetMetadata};
use inkwell::llvm_sys::debuginfo::{LLVMMetadataReplaceAllUsesWith, LLVMTemporaryMDNode};
use inkwell::debug_info::DILocation;
use inkwell::module::Module;
use inkwell::targets::TargetData;
use ferrojit_ir::Type;
use inkwell::values::{Operand, StructValue, AsValueRef, BasicMetadataValueEnum, InstructionOpcode, InstructionValue, IntValue, MetadataValue};
use inkwell::IntPredicate;

const TAG: &str = "ferrojit.stream";

/// Outputs of at least this many bytes are written with streaming stores (`None`: never,
/// on targets without them). `FERROJIT_STREAM_BYTES` overrides the default of 4 MiB
/// (tests set it low to run the streaming copy on small arrays); `off` disables it.
pub fn min_bytes() -> Option<u64> {
    if !cfg!(target_arch = "x86_64") {
        return None;
    }
    match std::env::var("FERROJIT_STREAM_BYTES") {
        Ok(v) if v.eq_ignore_ascii_case("off") => None,
        Ok(v) => v.trim().parse().ok().or(Some(DEFAULT_MIN_BYTES)),
        Err(_) => Some(DEFAULT_MIN_BYTES),
    }
}

const DEFAULT_MIN_BYTES: u64 = 4 << 20;

/// What a loop's ID tells LLVM besides its location.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct LoopHints {
    /// The streaming copy of a loop (`!{!"ferrojit.stream"}`; see `mark_nontemporal`).
    pub stream: bool,
    /// Not vectorised nor unrolled (`llvm.loop.vectorize.enable` false).
    pub scalar: bool,
    /// `llvm.loop.interleave.count` (0: LLVM's choice). A loop whose body calls vector
    /// math gets 1: the vector calling convention saves no vector register, so four
    /// interleaved calls spill three results around each call (measured on AMD Zen 4:
    /// `np.exp` of 1e6 float64 in a loop 1.07 ns/element interleaved, 0.80 not); 2
    /// when it also accumulates a reduction, whose chain of additions wants a second
    /// accumulator (`np.sum(np.exp(a))` of 1e6 float32: 0.51 ms with 1, 0.43 with 2,
    /// 1.09 with 4).
    pub interleave: u32,
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    /// The interleave count for a loop (see [`LoopHints::interleave`]) whose body calls
    /// vector math (`calls`) or not.
    pub fn interleave_for(&self, calls: bool) -> u32 {
        match (calls, self.reducing) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) => 2,
        }
    }

    /// Emit a loop that writes every element of a new array of `nbytes` bytes: twice,
    /// once tagged for streaming stores and run when `nbytes >= min_bytes()`, once plain.
    /// `emit` must produce exactly one innermost loop that is tagged when
    /// `self.streaming` is set (see [`Codegen::mark_loop`]).
    pub fn streaming_versions(&mut self, nbytes: IntValue<'ctx>, emit: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        let Some(min) = min_bytes() else { return emit(self) };
        let line = self.line;
        let big = self.builder.build_int_compare(IntPredicate::UGE, nbytes, nbytes.get_type().const_int(min, false), "big")?;
        let stream = self.append_block("stream")?;
        let plain = self.append_block("plain")?;
        let done = self.append_block("stream.end")?;
        self.builder.build_conditional_branch(big, stream, plain)?;
        self.builder.position_at_end(stream);
        let saved = std::mem::replace(&mut self.streaming, true);
        let r = emit(self);
        self.streaming = saved;
        r?;
        let sfence = inkwell::intrinsics::Intrinsic::find("llvm.x86.sse.sfence")
            .and_then(|i| i.get_declaration(&self.module, &[]))
            .ok_or_else(|| crate::BackendError::Llvm("no llvm.x86.sse.sfence".into()))?;
        self.builder.build_call(sfence, &[], "")?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(plain);
        // The second copy starts at the same source position as the first.
        self.debug_line(ferrojit_ir::Span::new(line, 0, line, 0));
        emit(self)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(())
    }

    /// The size in bytes of an array value's elements.
    pub fn array_nbytes(&self, arr: StructValue<'ctx>, ty: &Type) -> Result<IntValue<'ctx>> {
        let Type::Array(at) = ty else { return Err(crate::BackendError::Llvm("nbytes of non-array".into())) };
        let i64t = self.ctx.i64_type();
        let mut n = i64t.const_int(at.dtype.itemsize(), false);
        for d in self.dims(arr, 2, at.ndim)? {
            n = self.builder.build_int_mul(n, d, "")?;
        }
        Ok(n)
    }

    /// Give a loop's back edge a loop ID (self-referential, as LLVM requires) holding
    /// its source location (for remarks) and the `hints`. Nothing when there is none.
    pub fn mark_loop(&self, back_edge: InstructionValue<'ctx>, hints: LoopHints, loc: Option<DILocation<'ctx>>) {
        if hints == LoopHints::default() && loc.is_none() {
            return;
        }
        let ctx = self.ctx.raw();
        let kind = self.ctx.get_kind_id("llvm.loop");
        // SAFETY: every reference comes from this live context; the temporary node is
        // replaced (and freed by LLVM) before the loop ID is used.
        unsafe {
            let temp = LLVMTemporaryMDNode(ctx, std::ptr::null_mut(), 0);
            let mut ops = vec![temp];
            if let Some(loc) = loc {
                ops.push(loc.as_mut_ptr());
            }
            if hints.stream {
                let name = LLVMMDStringInContext2(ctx, TAG.as_ptr().cast(), TAG.len());
                let mut tag_ops = [name];
                ops.push(LLVMMDNodeInContext2(ctx, tag_ops.as_mut_ptr(), 1));
            }
            let hint = |key: &str, value: inkwell::values::IntValue<'ctx>| {
                let name = LLVMMDStringInContext2(ctx, key.as_ptr().cast(), key.len());
                let mut hint_ops = [name, inkwell::llvm_sys::core::LLVMValueAsMetadata(value.as_value_ref())];
                LLVMMDNodeInContext2(ctx, hint_ops.as_mut_ptr(), 2)
            };
            if hints.scalar {
                ops.push(hint("llvm.loop.vectorize.enable", self.ctx.bool_type().const_zero()));
                // Nor unrolled: unrolling a gather loop bought nothing measurable on
                // seed 002 and cost a sixth of its compile.
                const UNROLL: &str = "llvm.loop.unroll.disable";
                let name = LLVMMDStringInContext2(ctx, UNROLL.as_ptr().cast(), UNROLL.len());
                let mut u = [name];
                ops.push(LLVMMDNodeInContext2(ctx, u.as_mut_ptr(), 1));
            } else if hints.interleave > 0 {
                ops.push(hint("llvm.loop.interleave.count", self.ctx.i32_type().const_int(hints.interleave.into(), false)));
            }
            let id = LLVMMDNodeInContext2(ctx, ops.as_mut_ptr(), ops.len());
            LLVMMetadataReplaceAllUsesWith(temp, id);
            LLVMSetMetadata(back_edge.as_value_ref(), kind, LLVMMetadataAsValue(ctx, id));
        }
    }
}

fn is_stream_loop(id: MetadataValue<'_>) -> bool {
    id.get_node_values().unwrap_or_default().into_iter().any(|op| match op {
        BasicMetadataValueEnum::MetadataValue(m) if m.is_node() => m
            .get_node_values()
            .and_then(|v| v.into_iter().next())
            .is_some_and(|first| matches!(first, BasicMetadataValueEnum::MetadataValue(s) if s.get_string_value() == Some(TAG.as_bytes()))),
        _ => false,
    })
}

/// After optimisation: make the aligned vector stores of tagged single-block loops
/// non-temporal. Returns how many stores were marked.
pub fn mark_nontemporal(module: &Module<'_>, data: &TargetData) -> usize {
    let ctx = module.get_context();
    let loop_kind = ctx.get_kind_id("llvm.loop");
    let nt_kind = ctx.get_kind_id("nontemporal");
    let one = ctx.metadata_node(&[ctx.i32_type().const_int(1, false).into()]);
    let mut marked = 0;
    for f in module.get_functions() {
        for bb in f.get_basic_blocks() {
            let Some(term) = bb.get_terminator() else { continue };
            if !term.get_metadata(loop_kind).is_some_and(is_stream_loop) {
                continue;
            }
            let self_loop = (0..term.get_num_operands()).any(|i| matches!(term.get_operand(i), Some(Operand::Block(b)) if b == bb));
            if !self_loop {
                continue;
            }
            for inst in bb.get_instructions() {
                if inst.get_opcode() != InstructionOpcode::Store {
                    continue;
                }
                let Some(Operand::Value(value)) = inst.get_operand(0) else { continue };
                let ty = value.get_type();
                if !ty.is_vector_type() {
                    continue;
                }
                let size = data.get_store_size(&ty);
                if inst.get_alignment().is_ok_and(|a| u64::from(a) >= size) && inst.set_metadata(one, nt_kind).is_ok() {
                    marked += 1;
                }
            }
        }
    }
    marked
}
