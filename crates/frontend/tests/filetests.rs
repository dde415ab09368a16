//! File tests of the typed-IR rewrites (`src/optimize.rs`): each `.ir` file in
//! `tests/filetests/` names its pass (`; pass: inline`, `hoist` or `optimize`, the two in
//! order), holds the input IR and, after `; expect:`, the printed IR the pass must give
//! (which must verify too). See `crates/ir/tests/filetests/README.md`;
//! `FILETESTS_BLESS=1` rewrites the expectations of failing files.

use ferrojit_frontend::optimize::{hoist_gathers, inline_calls, optimize};
use ferrojit_ir::filetest::{run_dir, Outcome, TestFile};
use ferrojit_ir::{print_program, verify};

fn run(file: &TestFile) -> Outcome {
    let mut p = file.program()?;
    match file.directive("pass") {
        Some("inline") => inline_calls(&mut p),
        Some("hoist") => p.functions.iter_mut().for_each(hoist_gathers),
        Some("optimize") => optimize(&mut p),
        other => return Err(format!("`; pass:` must be `inline`, `hoist` or `optimize`, not {other:?}")),
    }
    verify(&p).map_err(|e| format!("the output does not verify: {e}"))?;
    Ok(print_program(&p))
}

#[test]
fn optimize_filetests() {
    run_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/filetests"), run);
}
