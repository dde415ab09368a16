//! File tests of the backend's buffer-reuse analysis (`src/reuse.rs`): each `.ir` file
//! in `tests/filetests/` (`; pass: reuse`) holds the input IR and, after `; expect:`,
//! the assignments whose result may take another array's memory
//! (`ferrojit_llvm::reuse_analysis_text`). See `crates/ir/tests/filetests/README.md`;
//! `FILETESTS_BLESS=1` rewrites the expectations of failing files.

use ferrojit_ir::filetest::{run_dir, Outcome, TestFile};

fn run(file: &TestFile) -> Outcome {
    let p = file.program()?;
    match file.directive("pass") {
        Some("reuse") => Ok(ferrojit_llvm::reuse_analysis_text(&p)),
        other => Err(format!("`; pass:` must be `reuse`, not {other:?}")),
    }
}

#[test]
fn reuse_filetests() {
    run_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/filetests"), run);
}
