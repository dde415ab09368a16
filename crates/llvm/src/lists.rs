//! Lists (`Type::List`) in the backend: a list is a pointer to its runtime block
//! (`MemInfo` whose data is the `ListHeader` of crates/runtime/src/lists.rs: `len` at
//! offset 0, `cap` at 8, the `items` buffer at 16), reference-counted like an array; the
//! block's destructor releases the items. Items are stored in slot form (the entry ABI's
//! words, [`Codegen::pack`]/[`Codegen::unpack`]), so the bindings read them as they read
//! results. Loads, stores and the append fast path are inline; growing and moving items
//! are runtime calls.
//!
//! Ownership: a list argument is borrowed; an item read is an owned copy (its references
//! taken); an item stored (new, set, append, insert) is moved in; `pop` moves it out.

use crate::codegen::Codegen;
use crate::Result;
use ferrojit_ir::{ExcKind, Expr, ListOp, Type};
use inkwell::values::{BasicValue, BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;

/// The words an item of type `ty` takes in a list, and which of them hold references.
pub fn item_layout(ty: &Type) -> (u64, u64) {
    fn walk(ty: &Type, at: &mut u64, mask: &mut u64) {
        match ty {
            Type::Tuple(items) => items.iter().for_each(|t| walk(t, at, mask)),
            Type::Text | Type::List(_) | Type::Array(_) => {
                if *at < 64 {
                    *mask |= 1 << *at;
                }
                *at += crate::slot_count(ty) as u64;
            }
            t => *at += crate::slot_count(t) as u64,
        }
    }
    let (mut at, mut mask) = (0, 0);
    walk(ty, &mut at, &mut mask);
    (at, mask)
}

fn item_type(list: &Type) -> Type {
    match list {
        Type::List(t) => (**t).clone(),
        _ => Type::Unknown,
    }
}

impl<'ctx, 'p> Codegen<'ctx, 'p> {
    pub fn list_op(&mut self, op: ListOp, args: &'p [Expr], ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        match op {
            ListOp::New => self.list_new(args, ty),
            ListOp::Split => self.list_split(args),
            ListOp::Join => self.list_join(args),
            _ => {
                let item = item_type(&args[0].ty);
                let (list, owned) = self.expr_borrowed(&args[0])?;
                let list = list.into_pointer_value();
                let r = match op {
                    ListOp::Len => self.list_len(list)?.into(),
                    ListOp::Get => {
                        let i = self.expr(&args[1])?.into_int_value();
                        let i = self.list_index(list, i, "list index out of range")?;
                        let v = self.list_load(list, i, &item)?;
                        self.incref(v, &item)?;
                        v
                    }
                    ListOp::Set => {
                        let i = self.expr(&args[1])?.into_int_value();
                        let v = self.expr(&args[2])?;
                        self.hold(v, &item)?;
                        let i = self.list_index(list, i, "list assignment index out of range")?;
                        let old = self.list_load(list, i, &item)?;
                        self.disown(v)?;
                        self.list_store(list, i, v, &item)?;
                        self.decref(old, &item)?;
                        self.none_value()
                    }
                    ListOp::Append => {
                        let v = self.expr(&args[1])?;
                        self.list_append(list, v, &item)?;
                        self.none_value()
                    }
                    ListOp::Pop => {
                        let i = self.expr(&args[1])?.into_int_value();
                        self.list_pop(list, i, &item)?
                    }
                    ListOp::Insert => {
                        let i = self.expr(&args[1])?.into_int_value();
                        let v = self.expr(&args[2])?;
                        self.list_insert(list, i, v, &item)?;
                        self.none_value()
                    }
                    ListOp::SortNumbers => {
                        let reverse = self.expr(&args[1])?.into_int_value();
                        let i32t = self.ctx.i32_type();
                        let kind = match item {
                            Type::Float(_) => 2,
                            Type::Int(ferrojit_ir::IntKind::U64) => 1,
                            _ => 0,
                        };
                        let rev = self.builder.build_int_z_extend(reverse, i32t, "")?;
                        let done = self.call_runtime("ferrojit_rt_list_sort", i32t.into(), &[list.into(), i32t.const_int(kind, false).into(), rev.into()])?.into_int_value();
                        self.builder.build_int_compare(IntPredicate::NE, done, i32t.const_zero(), "")?.into()
                    }
                    ListOp::New | ListOp::Split | ListOp::Join => unreachable!("handled above"),
                };
                self.release_if(list.into(), &args[0].ty, owned)?;
                Ok(r)
            }
        }
    }

    /// A list of items not known when compiling, used as a list of a known item type:
    /// it must be empty (any item it held would be of another layout).
    pub fn list_cast(&mut self, x: &'p Expr) -> Result<BasicValueEnum<'ctx>> {
        let l = self.expr(x)?;
        self.hold(l, &x.ty)?;
        let len = self.list_len(l.into_pointer_value())?;
        let full = self.builder.build_int_compare(IntPredicate::NE, len, self.ctx.i64_type().const_zero(), "")?;
        self.check(full, ExcKind::TypeError, "a list whose item type could not be told when compiling holds items here")?;
        self.disown(l)?;
        Ok(l)
    }

    fn none_value(&self) -> BasicValueEnum<'ctx> {
        self.ctx.i8_type().const_zero().into()
    }

    /// TBAA tags that tell LLVM a list's header words and its items never overlap, so a
    /// loop storing items (`sieve[j] = False`) keeps the length and the buffer pointer in
    /// registers. Only the block's data pointer, the header and the items are tagged
    /// (other memory stays untagged, which aliases everything).
    fn list_tag(&self, header: bool) -> inkwell::values::MetadataValue<'ctx> {
        let root = self.ctx.metadata_node(&[self.ctx.metadata_string("ferrojit lists").into()]);
        let name = if header { "list header" } else { "list item" };
        let zero = self.ctx.i64_type().const_zero();
        let ty = self.ctx.metadata_node(&[self.ctx.metadata_string(name).into(), root.into(), zero.into()]);
        self.ctx.metadata_node(&[ty.into(), ty.into(), zero.into()])
    }

    fn header_load(&mut self, ty: inkwell::types::BasicTypeEnum<'ctx>, p: PointerValue<'ctx>, name: &str) -> Result<BasicValueEnum<'ctx>> {
        let v = self.builder.build_load(ty, p, name)?;
        if let Some(inst) = v.as_instruction_value() {
            inst.set_metadata(self.list_tag(true), self.ctx.get_kind_id("tbaa")).map_err(|e| crate::BackendError::Llvm(e.to_string()))?;
        }
        Ok(v)
    }

    /// The list's header (the block's data pointer).
    fn list_header(&mut self, list: PointerValue<'ctx>) -> Result<PointerValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        // SAFETY of the GEP: field 1 of MemInfo { i64, ptr, i64, ptr }.
        let field = unsafe { self.builder.build_in_bounds_gep(i64t, list, &[i64t.const_int(1, false)], "")? };
        Ok(self.header_load(self.ptr_type().into(), field, "list.header")?.into_pointer_value())
    }

    fn header_field(&mut self, header: PointerValue<'ctx>, index: u64) -> Result<PointerValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        // SAFETY of the GEP: the header's words are len, cap, items.
        Ok(unsafe { self.builder.build_in_bounds_gep(i64t, header, &[i64t.const_int(index, false)], "")? })
    }

    pub fn list_len(&mut self, list: PointerValue<'ctx>) -> Result<IntValue<'ctx>> {
        let h = self.list_header(list)?;
        Ok(self.header_load(self.ctx.i64_type().into(), h, "list.len")?.into_int_value())
    }

    fn set_len(&mut self, list: PointerValue<'ctx>, n: IntValue<'ctx>) -> Result<()> {
        let h = self.list_header(list)?;
        let st = self.builder.build_store(h, n)?;
        st.set_metadata(self.list_tag(true), self.ctx.get_kind_id("tbaa")).map_err(|e| crate::BackendError::Llvm(e.to_string()))?;
        Ok(())
    }

    /// Where item `i` starts.
    fn item_ptr(&mut self, list: PointerValue<'ctx>, i: IntValue<'ctx>, item: &Type) -> Result<PointerValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        let h = self.list_header(list)?;
        let field = self.header_field(h, 2)?;
        let items = self.header_load(self.ptr_type().into(), field, "list.items")?.into_pointer_value();
        let words = item_layout(item).0;
        let at = self.builder.build_int_nsw_mul(i, i64t.const_int(words, false), "")?;
        // SAFETY of the GEP: callers pass 0 <= i <= len <= cap.
        Ok(unsafe { self.builder.build_in_bounds_gep(i64t, items, &[at], "item")? })
    }

    /// Item `i` (borrowed: its references not taken).
    pub fn list_load(&mut self, list: PointerValue<'ctx>, i: IntValue<'ctx>, item: &Type) -> Result<BasicValueEnum<'ctx>> {
        let p = self.item_ptr(list, i, item)?;
        let mut slot = 0;
        self.access_tag = Some(self.list_tag(false));
        let v = self.unpack(item, p, &mut slot);
        self.access_tag = None;
        v
    }

    fn list_store(&mut self, list: PointerValue<'ctx>, i: IntValue<'ctx>, v: BasicValueEnum<'ctx>, item: &Type) -> Result<()> {
        let p = self.item_ptr(list, i, item)?;
        let mut slot = 0;
        self.access_tag = Some(self.list_tag(false));
        let r = self.pack(item, v, p, &mut slot);
        self.access_tag = None;
        r
    }

    /// `i` wrapped around (`i < 0`: `len + i`) and checked against the length.
    fn list_index(&mut self, list: PointerValue<'ctx>, i: IntValue<'ctx>, message: &str) -> Result<IntValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        let len = self.list_len(list)?;
        let neg = self.builder.build_int_compare(IntPredicate::SLT, i, i64t.const_zero(), "")?;
        let wrapped = self.builder.build_int_add(i, len, "")?;
        let i = self.builder.build_select(neg, wrapped, i, "")?.into_int_value();
        let bad = self.builder.build_int_compare(IntPredicate::UGE, i, len, "")?;
        self.check(bad, ExcKind::IndexError, message)?;
        Ok(i)
    }

    /// Go to the error path when a runtime call returned a non-zero status (it raised).
    fn check_runtime(&mut self, status: IntValue<'ctx>) -> Result<()> {
        let failed = self.builder.build_int_compare(IntPredicate::NE, status, status.get_type().const_zero(), "")?;
        self.on_runtime_error(failed)
    }

    /// Go to the error path when a runtime call returned null (it raised), naming the line.
    pub(crate) fn check_null(&mut self, p: PointerValue<'ctx>) -> Result<()> {
        let failed = self.builder.build_is_null(p, "")?;
        self.on_runtime_error(failed)
    }

    fn on_runtime_error(&mut self, failed: IntValue<'ctx>) -> Result<()> {
        self.error_path(failed, |_| Ok(()))
    }

    /// A new empty list for items of type `item`, with room for `cap`.
    pub fn new_list(&mut self, item: &Type, cap: IntValue<'ctx>) -> Result<PointerValue<'ctx>> {
        let i64t = self.ctx.i64_type();
        let (words, mask) = item_layout(item);
        let args = [i64t.const_int(words, false).into(), i64t.const_int(mask, false).into(), cap.into()];
        let l = self.call_runtime("ferrojit_rt_list_new", self.ptr_type().into(), &args)?.into_pointer_value();
        let failed = self.builder.build_is_null(l, "")?;
        self.check(failed, ExcKind::MemoryError, "out of memory")?;
        Ok(l)
    }

    fn list_new(&mut self, items: &'p [Expr], ty: &Type) -> Result<BasicValueEnum<'ctx>> {
        let item = item_type(ty);
        let n = self.ctx.i64_type().const_int(items.len() as u64, false);
        let list = self.new_list(&item, n)?;
        if items.is_empty() {
            return Ok(list.into());
        }
        // Held while the items are computed (one of them may raise).
        self.hold(list.into(), ty)?;
        for (k, e) in items.iter().enumerate() {
            let v = self.expr(e)?;
            let i = self.ctx.i64_type().const_int(k as u64, false);
            self.list_store(list, i, v, &item)?;
            let next = self.ctx.i64_type().const_int(k as u64 + 1, false);
            self.set_len(list, next)?;
        }
        self.disown(list.into())?;
        Ok(list.into())
    }

    /// Append owned `v`: inline when there is room, else the runtime grows the buffer.
    pub fn list_append(&mut self, list: PointerValue<'ctx>, v: BasicValueEnum<'ctx>, item: &Type) -> Result<()> {
        let i64t = self.ctx.i64_type();
        let h = self.list_header(list)?;
        let len = self.header_load(i64t.into(), h, "len")?.into_int_value();
        let cap_p = self.header_field(h, 1)?;
        let cap = self.header_load(i64t.into(), cap_p, "cap")?.into_int_value();
        let full = self.builder.build_int_compare(IntPredicate::SGE, len, cap, "")?;
        let grow = self.append_block("append.grow")?;
        let store = self.append_block("append.store")?;
        self.builder.build_conditional_branch(full, grow, store)?;
        self.builder.position_at_end(grow);
        self.hold(v, item)?;
        let need = self.builder.build_int_add(len, i64t.const_int(1, false), "")?;
        let status = self.call_runtime("ferrojit_rt_list_reserve", self.ctx.i32_type().into(), &[list.into(), need.into()])?.into_int_value();
        self.check_runtime(status)?;
        self.disown(v)?;
        self.builder.build_unconditional_branch(store)?;
        self.builder.position_at_end(store);
        self.list_store(list, len, v, item)?;
        let next = self.builder.build_int_nsw_add(len, i64t.const_int(1, false), "")?;
        self.set_len(list, next)
    }

    fn list_pop(&mut self, list: PointerValue<'ctx>, i: IntValue<'ctx>, item: &Type) -> Result<BasicValueEnum<'ctx>> {
        let i64t = self.ctx.i64_type();
        let len = self.list_len(list)?;
        let empty = self.builder.build_int_compare(IntPredicate::EQ, len, i64t.const_zero(), "")?;
        self.check(empty, ExcKind::IndexError, "pop from empty list")?;
        let i = self.list_index(list, i, "pop index out of range")?;
        let v = self.list_load(list, i, item)?;
        let last = self.builder.build_int_sub(len, i64t.const_int(1, false), "")?;
        let is_last = self.builder.build_int_compare(IntPredicate::EQ, i, last, "")?;
        let shift = self.append_block("pop.shift")?;
        let shrink = self.append_block("pop.last")?;
        let done = self.append_block("pop.done")?;
        self.builder.build_conditional_branch(is_last, shrink, shift)?;
        self.builder.position_at_end(shift);
        let f = self.runtime_fn("ferrojit_rt_list_remove_at", self.ctx.void_type().fn_type(&[self.ptr_type().into(), i64t.into()], false));
        self.builder.build_call(f, &[list.into(), i.into()], "")?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(shrink);
        self.set_len(list, last)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(v)
    }

    fn list_insert(&mut self, list: PointerValue<'ctx>, i: IntValue<'ctx>, v: BasicValueEnum<'ctx>, item: &Type) -> Result<()> {
        let i64t = self.ctx.i64_type();
        let len = self.list_len(list)?;
        // CPython clips: i < 0 counts from the end (then at least 0), i > len is len.
        let neg = self.builder.build_int_compare(IntPredicate::SLT, i, i64t.const_zero(), "")?;
        let from_end = self.builder.build_int_add(i, len, "")?;
        let from_end = self.smax(from_end, i64t.const_zero())?;
        let i = self.builder.build_select(neg, from_end, i, "")?.into_int_value();
        let past = self.builder.build_int_compare(IntPredicate::SGT, i, len, "")?;
        let i = self.builder.build_select(past, len, i, "")?.into_int_value();
        self.hold(v, item)?;
        let status = self.call_runtime("ferrojit_rt_list_insert_at", self.ctx.i32_type().into(), &[list.into(), i.into()])?.into_int_value();
        self.check_runtime(status)?;
        self.disown(v)?;
        self.list_store(list, i, v, item)
    }

    fn smax(&mut self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> Result<IntValue<'ctx>> {
        let gt = self.builder.build_int_compare(IntPredicate::SGT, a, b, "")?;
        Ok(self.builder.build_select(gt, a, b, "")?.into_int_value())
    }

    fn list_split(&mut self, args: &'p [Expr]) -> Result<BasicValueEnum<'ctx>> {
        let (s, s_owned) = self.expr_borrowed(&args[0])?;
        let (sep, sep_owned) = if args[1].ty == Type::None {
            self.expr(&args[1])?;
            (self.ptr_type().const_null().into(), false)
        } else {
            self.expr_borrowed(&args[1])?
        };
        let max = self.expr(&args[2])?;
        let l = self.call_runtime("ferrojit_rt_str_split", self.ptr_type().into(), &[s, sep, max])?.into_pointer_value();
        self.release_if(s, &args[0].ty, s_owned)?;
        self.release_if(sep, &args[1].ty, sep_owned)?;
        self.check_null(l)?;
        Ok(l.into())
    }

    fn list_join(&mut self, args: &'p [Expr]) -> Result<BasicValueEnum<'ctx>> {
        let (sep, sep_owned) = self.expr_borrowed(&args[0])?;
        let (list, list_owned) = self.expr_borrowed(&args[1])?;
        let lp = list.into_pointer_value();
        let len = self.list_len(lp)?;
        let items = self.item_ptr(lp, self.ctx.i64_type().const_zero(), &Type::Text)?;
        let r = self.call_runtime("ferrojit_rt_str_join", self.ptr_type().into(), &[sep, items.into(), len.into()])?.into_pointer_value();
        self.release_if(sep, &args[0].ty, sep_owned)?;
        self.release_if(list, &args[1].ty, list_owned)?;
        self.check_null(r)?;
        Ok(r.into())
    }
}

