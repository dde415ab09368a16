//! Cranelift-style file tests, shared by the verifier's, the passes' and the backend's
//! runners: a directory of `.ir` files in, a pass/fail report naming each failing file out.
//!
//! A file holds IR text ([`crate::parse`]) whose `; key: value` comment lines say what
//! to run and what to expect; the runner gives each file to a closure that returns the
//! output text or an error message ([`Outcome`]), and checks it against, in this order:
//! - a `; expect:` line: everything after it is the exact expected output (lines compared
//!   without trailing spaces; the input is everything before it);
//! - `; error: <text>` lines: the outcome is an error whose message contains each text;
//! - a `; ok` line: the outcome is not an error.
//!
//! With `FILETESTS_BLESS=1` in the environment, failing files get the expectation the
//! code now meets written into them (the output after `; expect:`, or `; ok` / `; error:
//! <message>` in place of the old lines) instead of failing; passing files are left alone.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// One test file, split into input and expectation.
pub struct TestFile {
    pub path: PathBuf,
    /// The text before the `; expect:` line (all of it when there is none).
    pub input: String,
    /// The text after the `; expect:` line.
    pub expected: Option<String>,
}

/// What running a file produced: output text, or an error message.
pub type Outcome = Result<String, String>;

const EXPECT: &str = "; expect:";

impl TestFile {
    pub fn read(path: &Path) -> Result<TestFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if line.trim() == EXPECT {
                return Ok(TestFile {
                    path: path.to_path_buf(),
                    input: text[..offset].to_string(),
                    expected: Some(text[offset + line.len()..].to_string()),
                });
            }
            offset += line.len();
        }
        Ok(TestFile { path: path.to_path_buf(), input: text, expected: None })
    }

    /// The values of the input's `; key: value` lines, in order.
    pub fn directives(&self, key: &str) -> Vec<&str> {
        self.input
            .lines()
            .filter_map(|l| l.trim().strip_prefix(';')?.trim_start().strip_prefix(key)?.strip_prefix(':'))
            .map(str::trim)
            .collect()
    }

    /// The value of the first `; key: value` line.
    pub fn directive(&self, key: &str) -> Option<&str> {
        self.directives(key).into_iter().next()
    }

    /// Whether the input has a `; word` line (`; ok`).
    pub fn flag(&self, word: &str) -> bool {
        self.input.lines().any(|l| l.trim().strip_prefix(';').is_some_and(|w| w.trim() == word))
    }

    pub fn name(&self) -> String {
        self.path.file_name().map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into_owned())
    }

    /// The input as a program that verifies (where the passes' runners start).
    pub fn program(&self) -> Result<crate::Program, String> {
        let p = crate::parse_program(&self.input).map_err(|e| format!("parse error: {e}"))?;
        crate::verify(&p).map_err(|e| format!("the input does not verify: {e}"))?;
        Ok(p)
    }

    /// Compare an outcome with the expectation: `Err` says how they differ.
    pub fn check(&self, outcome: &Outcome) -> Result<(), String> {
        if let Some(expected) = &self.expected {
            return match outcome {
                Ok(actual) if normalize(actual) == normalize(expected) => Ok(()),
                Ok(actual) => Err(format!("output differs from `{EXPECT}` (- expected, + actual):\n{}", diff(expected, actual))),
                Err(e) => Err(format!("failed: {e}")),
            };
        }
        let errors = self.directives("error");
        if !errors.is_empty() {
            return match outcome {
                Ok(_) => Err(format!("expected an error containing {errors:?}, but it succeeded")),
                Err(e) => match errors.iter().find(|want| !e.contains(*want)) {
                    Some(want) => Err(format!("the error does not contain `{want}`:\n  {e}")),
                    None => Ok(()),
                },
            };
        }
        if self.flag("ok") {
            return outcome.as_ref().map(|_| ()).map_err(|e| format!("expected success (`; ok`), got:\n  {e}"));
        }
        Err(format!("no expectation: add `; ok`, `; error: <text>` or a `{EXPECT}` section"))
    }

    /// The file's text with its expectation replaced by what `outcome` meets, or `None`
    /// when the outcome cannot be an expectation (an error where output is expected).
    pub fn blessed(&self, outcome: &Outcome) -> Option<String> {
        if self.expected.is_some() {
            let out = outcome.as_ref().ok()?;
            let mut text = self.input.clone();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            let _ = writeln!(text, "{EXPECT}");
            text.push_str(out.trim_end());
            text.push('\n');
            return Some(text);
        }
        let result = match outcome {
            Ok(_) => "; ok".to_string(),
            Err(e) => format!("; error: {}", e.replace('\n', " ")),
        };
        let is_expectation = |l: &str| {
            let t = l.trim();
            t == "; ok" || t.strip_prefix(';').is_some_and(|r| r.trim_start().starts_with("error:"))
        };
        let mut out = String::new();
        let mut placed = false;
        for line in self.input.lines() {
            if is_expectation(line) {
                if !placed {
                    out.push_str(&result);
                    out.push('\n');
                    placed = true;
                }
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        if !placed {
            out = format!("{result}\n{out}");
        }
        Some(out)
    }
}

fn normalize(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// The differing middle of two texts, as `-`/`+` lines (with a line of context).
fn diff(expected: &str, actual: &str) -> String {
    let (e, a) = (normalize(expected), normalize(actual));
    let (e, a): (Vec<&str>, Vec<&str>) = (e.lines().collect(), a.lines().collect());
    let prefix = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = e[prefix..].iter().rev().zip(a[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let mut out = String::new();
    let context = prefix.saturating_sub(1);
    for l in &e[context..prefix] {
        let _ = writeln!(out, "  {l}");
    }
    for l in &e[prefix..e.len() - suffix] {
        let _ = writeln!(out, "- {l}");
    }
    for l in &a[prefix..a.len() - suffix] {
        let _ = writeln!(out, "+ {l}");
    }
    if let Some(l) = e.get(e.len() - suffix) {
        let _ = writeln!(out, "  {l}");
    }
    out
}

/// Run every `.ir` file of `dir` (in name order) through `run` and check it; panic
/// with a report naming every failing file (or, with `FILETESTS_BLESS=1`, rewrite
/// the failing files' expectations).
pub fn run_dir(dir: impl AsRef<Path>, run: impl Fn(&TestFile) -> Outcome) {
    let dir = dir.as_ref();
    let bless = std::env::var("FILETESTS_BLESS").is_ok_and(|v| !v.is_empty() && v != "0");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| Some(e.ok()?.path())).filter(|p| p.extension().is_some_and(|x| x == "ir")).collect(),
        Err(e) => panic!("cannot read the file-test directory {}: {e}", dir.display()),
    };
    paths.sort();
    assert!(!paths.is_empty(), "no .ir files in {}", dir.display());
    let mut failures = Vec::new();
    for path in &paths {
        let file = match TestFile::read(path) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        // A panic in the code under test fails this file, not the whole run.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&file)))
            .unwrap_or_else(|_| Err("panicked (see the message above)".into()));
        let Err(why) = file.check(&outcome) else { continue };
        if bless {
            if let Some(text) = file.blessed(&outcome) {
                match std::fs::write(path, text) {
                    Ok(()) => eprintln!("blessed {}", file.name()),
                    Err(e) => failures.push(format!("{}: cannot write: {e}", file.name())),
                }
                continue;
            }
        }
        failures.push(format!("{}: {why}", file.name()));
    }
    if !failures.is_empty() {
        panic!(
            "{} of {} file tests in {} failed (FILETESTS_BLESS=1 rewrites expectations):\n\n{}",
            failures.len(),
            paths.len(),
            dir.display(),
            failures.join("\n\n")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> TestFile {
        let dir = std::env::temp_dir().join(format!("ferrojit-filetest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("must succeed");
        let path = dir.join("t.ir");
        std::fs::write(&path, text).expect("must succeed");
        TestFile::read(&path).expect("must succeed")
    }

    #[test]
    fn splits_and_checks() {
        let f = file("; pass: inline\nfn x\n; expect:\nout 1\nout 2  \n\n");
        assert_eq!(f.directive("pass"), Some("inline"));
        assert_eq!(f.input, "; pass: inline\nfn x\n");
        assert!(f.check(&Ok("out 1\nout 2\n".into())).is_ok());
        let e = f.check(&Ok("out 1\nout 3\n".into())).expect_err("must fail");
        assert!(e.contains("- out 2\n+ out 3"), "{e}");
        assert_eq!(f.blessed(&Ok("new\n".into())).expect("must succeed"), "; pass: inline\nfn x\n; expect:\nnew\n");

        let f = file("; error: bad\n; error: worse\nfn x\n");
        assert!(f.check(&Err("bad and worse".into())).is_ok());
        assert!(f.check(&Err("bad".into())).is_err());
        assert!(f.check(&Ok(String::new())).is_err());
        assert_eq!(f.blessed(&Ok(String::new())).expect("must succeed"), "; ok\nfn x\n");
        let f = file("; ok\nfn x\n");
        assert!(f.check(&Ok(String::new())).is_ok());
        assert_eq!(f.blessed(&Err("no\ngood".into())).expect("must succeed"), "; error: no good\nfn x\n");
        assert!(file("fn x\n").check(&Ok(String::new())).is_err());
    }
}
