//! The verifier's file tests: every `.ir` file in `tests/filetests/` is parsed and
//! verified; `; ok` files must pass (and read back unchanged after printing), `; error:`
//! files must fail with those texts in the message (parse errors count, prefixed
//! `parse error: `). See `tests/filetests/README.md`; `FILETESTS_BLESS=1` rewrites the
//! expectations of failing files.

use ferrojit_ir::filetest::{run_dir, TestFile};
use ferrojit_ir::{parse_program, print_program, verify};

fn run(file: &TestFile) -> Result<String, String> {
    let p = parse_program(&file.input).map_err(|e| format!("parse error: {e}"))?;
    verify(&p).map_err(|e| e.to_string())?;
    let text = print_program(&p);
    let again = parse_program(&text).map_err(|e| format!("the printed program does not read back: {e}\n{text}"))?;
    if print_program(&again) != text {
        return Err(format!("the printed program reads back differently:\n{text}"));
    }
    Ok(text)
}

#[test]
fn verifier_filetests() {
    run_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/filetests"), run);
}
