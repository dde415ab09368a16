//! Bounds checks that stay inside loops after optimisation, for the annotation report.
//!
//! Bounds checking is on by default; most checks in loops are proven away (`ranges`,
//! and LLVM's own reasoning). The ones left cost a compare and a branch per iteration
//! and can keep a loop from vectorising, so the report marks their lines: a user can then
//! restructure the loop (index with the loop counter over the array's own shape) or opt
//! out with `boundscheck=False`. Found in the optimised module: a call that raises the
//! IndexError of a check is reached from a block that lies on a cycle of its function's
//! control-flow graph.

use inkwell::basic_block::BasicBlock;
use inkwell::module::Module;
use inkwell::values::{AsValueRef, InstructionOpcode};

/// One check left in a loop: the source line (of the innermost inlined function).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckSite {
    pub file: String,
    pub line: u32,
}

/// The runtime function a failed bounds check calls.
const INDEX_ERROR: &str = "ferrojit_rt_index_error";

fn successors<'ctx>(b: BasicBlock<'ctx>) -> Vec<BasicBlock<'ctx>> {
    let Some(t) = b.get_terminator() else { return Vec::new() };
    (0..t.get_num_operands()).filter_map(|i| t.get_operand(i).and_then(|o| o.block())).collect()
}

/// Blocks on a cycle (Tarjan's strongly connected components of size > 1, or a block
/// that branches to itself); `succ[b]`: the successors of block `b`.
fn on_cycles(succ: &[Vec<usize>]) -> Vec<bool> {
    struct State<'a> {
        succ: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on_stack: Vec<bool>,
        next: usize,
        cyclic: Vec<bool>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        // iterative DFS with an explicit stack of (node, next successor position)
        let mut work = vec![(v, 0usize)];
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        while let Some(&mut (u, ref mut pos)) = work.last_mut() {
            if *pos < s.succ[u].len() {
                let w = s.succ[u][*pos];
                *pos += 1;
                match s.index[w] {
                    None => {
                        s.index[w] = Some(s.next);
                        s.low[w] = s.next;
                        s.next += 1;
                        s.stack.push(w);
                        s.on_stack[w] = true;
                        work.push((w, 0));
                    }
                    Some(iw) if s.on_stack[w] => s.low[u] = s.low[u].min(iw),
                    Some(_) => {}
                }
                continue;
            }
            work.pop();
            if let Some(&(p, _)) = work.last() {
                s.low[p] = s.low[p].min(s.low[u]);
            }
            if Some(s.low[u]) == s.index[u] {
                let mut comp = Vec::new();
                while let Some(w) = s.stack.pop() {
                    s.on_stack[w] = false;
                    comp.push(w);
                    if w == u {
                        break;
                    }
                }
                let cyclic = comp.len() > 1 || s.succ[u].contains(&u);
                for w in comp {
                    s.cyclic[w] = cyclic;
                }
            }
        }
    }
    let n = succ.len();
    let mut s = State { succ, index: vec![None; n], low: vec![0; n], stack: Vec::new(), on_stack: vec![false; n], next: 0, cyclic: vec![false; n] };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.cyclic
}

/// The debug location (file, line) of an instruction, if it has one.
fn location(inst: inkwell::values::InstructionValue<'_>) -> Option<(String, u32)> {
    use inkwell::llvm_sys::core::{LLVMGetDebugLocDirectory, LLVMGetDebugLocFilename, LLVMGetDebugLocLine};
    let raw = inst.as_value_ref();
    // SAFETY: a live instruction; the filename points into the module's metadata.
    unsafe {
        let line = LLVMGetDebugLocLine(raw);
        let mut len = 0u32;
        let name = LLVMGetDebugLocFilename(raw, &mut len);
        if line == 0 || name.is_null() {
            return None;
        }
        let name = String::from_utf8_lossy(std::slice::from_raw_parts(name as *const u8, len as usize)).into_owned();
        // (`annotate` splits each file's path into a directory and a name)
        let mut dlen = 0u32;
        let dir = LLVMGetDebugLocDirectory(raw, &mut dlen);
        let dir = if dir.is_null() { String::new() } else { String::from_utf8_lossy(std::slice::from_raw_parts(dir as *const u8, dlen as usize)).into_owned() };
        Some((if dir.is_empty() { name } else { format!("{dir}/{name}") }, line))
    }
}

/// Every bounds check of `module` still inside a loop, once per source line.
pub fn checks_in_loops(module: &Module<'_>) -> Vec<CheckSite> {
    let mut out: Vec<CheckSite> = Vec::new();
    for f in module.get_functions() {
        let blocks = f.get_basic_blocks();
        if blocks.is_empty() {
            continue;
        }
        let pos = |b: BasicBlock<'_>| blocks.iter().position(|x| *x == b);
        let succ: Vec<Vec<usize>> = blocks.iter().map(|b| successors(*b).into_iter().filter_map(pos).collect()).collect();
        let mut cyclic: Option<Vec<bool>> = None;
        for (k, b) in blocks.iter().enumerate() {
            let mut inst = b.get_first_instruction();
            while let Some(i) = inst {
                inst = i.get_next_instruction();
                if i.get_opcode() != InstructionOpcode::Call {
                    continue;
                }
                let callee = i.get_operand(i.get_num_operands() - 1).and_then(|o| o.value());
                let is_check = callee.is_some_and(|c| c.is_pointer_value() && c.into_pointer_value().get_name().to_str() == Ok(INDEX_ERROR));
                if !is_check {
                    continue;
                }
                let cyc = cyclic.get_or_insert_with(|| on_cycles(&succ));
                let in_loop = succ.iter().enumerate().any(|(p, s)| s.contains(&k) && cyc[p]);
                if let (true, Some((file, line))) = (in_loop, location(i)) {
                    let site = CheckSite { file, line };
                    if !out.contains(&site) {
                        out.push(site);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::on_cycles;

    #[test]
    fn blocks_on_cycles() {
        // 0 -> 1 -> 2 -> 1 (a loop of 1 and 2), 2 -> 3, 3 -> 3 (a self-loop), 0 -> 4
        let succ = vec![vec![1, 4], vec![2], vec![1, 3], vec![3], vec![]];
        assert_eq!(on_cycles(&succ), vec![false, true, true, true, false]);
        // a straight line has no cycle; an unreachable cycle is found too
        assert_eq!(on_cycles(&[vec![1], vec![], vec![3], vec![2]]), vec![false, false, true, true]);
    }
}
