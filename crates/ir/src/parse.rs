//! Reading the typed IR's text form back: the text [`crate::print`] writes (a whole
//! program from [`print_program`], or one function from
//! [`crate::print::function_text`]) in, a [`Program`] (or [`Function`]) out, so that
//! `print(parse(print(p))) == print(p)`.
//! Mistakes in the text are a [`ParseError`] with its line and column, never a panic.
//!
//! What the text holds and what the parser rebuilds from it:
//! - `fn symbol(param: type, ...) -> type {` ... `}` per function, in order (a call names
//!   its callee by symbol, before or after it); an optional first body line
//!   `locals name: type, ...`. Variables are numbered parameters first, then locals, in
//!   the order written; a name printed as `name'k` is the k-th later variable of that
//!   name ([`crate::print::var_label`]). The Python name is the symbol without its
//!   `__<number>` suffix; the file name and the `def` span are not printed (empty).
//! - One statement per line, nested blocks indented by two more spaces (`else:` at the
//!   `if`'s depth); a trailing `# line N` gives the statement's span (line only, column
//!   0); `break` and `continue` carry none. Every expression gets its statement's span.
//! - Types that are not printed follow from the operands, as the frontend builds them:
//!   a constant has its literal's type (`int64`, `float64`, `bool`, `none`); `-`/`~`/`not`,
//!   `numpy(x)`, `and`/`or`, `a if c else b`, `let` and `guard` the type of their (first)
//!   value operand; arithmetic its left operand's, except `int64 / int64` (`float64`);
//!   comparisons and `bool(x)` are `bool`; `.shape`/`.strides` a tuple of `int64` per
//!   dimension, `.size` `int64`; `.T` the array with its layout reversed (C <-> F);
//!   `.fill(v)` `none`; `$k` the element type of the k-th input of the enclosing `map`.
//! - `a[...]: t` is an element (`Index`) when `t` is not an array, a `Slice` when it is;
//!   `p[i]: t` on a pointer is `PtrIndex`; `t[k]` on a tuple is `TupleGet`; `min(a): t` /
//!   `max(a): t` of one array argument (or with `axis=`) is a reduction, else `MinMax`.
//! - Optional first lines `options fastmath=.., error_model=python|numpy, boundscheck=..[, parallel=true]`
//!   and `entry symbol` (default: the first function).
//! - Blank lines and lines starting with `;` are skipped (file-test comments).
//!
//! Not in the text, so not rebuilt: spans beyond the statement's line, the file name and
//! the `def` span; the numbering of variables (parameters come first once read back); a
//! NaN's sign and payload (`NaN`); a `Cast` to `bool`, which prints as `bool(x)` and
//! reads back as `Truth` (the frontend converts to `bool` with `Truth` only).
//!
//! Invariants: the parser checks the syntax, resolves every variable and callee name,
//! and computes types; it does not verify (run [`crate::verify`] on the result), so
//! ill-typed IR can be written down and fed to the verifier.
//!
//! **File tests** ([`crate::filetest`]) are `.ir` files of this text: `; key: value`
//! comment lines state what to check. In `crates/ir/tests/filetests/` (the verifier) a
//! file has `; ok` (the IR parses and verifies) or `; error: <text>` lines (parsing or
//! verification fails with a message containing each text). In
//! `crates/frontend/tests/filetests/` (`; pass: inline`, `optimize` or `hoist`) and
//! `crates/llvm/tests/filetests/` (`; pass: reuse`) the input IR is followed by a
//! `; expect:` line and the exact expected output (the printed IR after the pass, or
//! the reuse decisions). `FILETESTS_BLESS=1 cargo test ...` rewrites the expectations
//! of failing files with what the code now produces (review the diff before keeping it).

use crate::*;
use std::collections::HashMap;

#[path = "parse_cursor.rs"]
mod cursor;
#[path = "parse_expr.rs"]
mod expr;
#[path = "parse_primary.rs"]
mod primary;
#[path = "parse_stmt.rs"]
mod stmt;
#[path = "parse_subscript.rs"]
mod subscript;
#[path = "parse_types.rs"]
mod types;

use cursor::{is_label_char, significant_lines, Cursor, Reader};
use stmt::parse_fn;
use types::ty;

/// A mistake in IR text: 1-based line and column (in characters) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {col}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

type PResult<T> = Result<T, ParseError>;

/// Parse a whole program (the text of [`print_program`]).
pub fn parse_program(text: &str) -> PResult<Program> {
    let lines = significant_lines(text);
    // Calls may name functions defined further down: collect every symbol first.
    let mut funcs = HashMap::new();
    for l in lines.iter().filter(|l| l.indent == 0) {
        if let Some(rest) = l.text.strip_prefix("fn ") {
            let symbol = rest.split('(').next().unwrap_or_default();
            if funcs.insert(symbol.to_string(), funcs.len()).is_some() {
                return Err(l.cursor().err(format!("function `{symbol}` is defined twice")));
            }
        }
    }
    let mut r = Reader { lines, next: 0, last_line: text.lines().count().max(1) };
    let mut options = CodegenOptions::default();
    let mut entry = None;
    while let Some(l) = r.peek() {
        let mut c = l.cursor();
        if c.eat("options ") {
            options = parse_options(&mut c)?;
        } else if c.eat("entry ") {
            let symbol = c.word(is_label_char);
            entry = Some(*funcs.get(symbol).ok_or_else(|| c.err(format!("unknown function `{symbol}`")))?);
            c.end()?;
        } else {
            break;
        }
        r.next += 1;
    }
    let mut functions = Vec::new();
    while r.peek().is_some() {
        functions.push(parse_fn(&mut r, &funcs)?);
    }
    if functions.is_empty() {
        return Err(r.eof_err("expected `fn`"));
    }
    Ok(Program { functions, entry: entry.unwrap_or(0), options, notes: Vec::new() })
}

/// Parse one function (the text of [`crate::print::function_text`]); calls name
/// functions of `p`.
pub fn parse_function(p: &Program, text: &str) -> PResult<Function> {
    let funcs = p.functions.iter().enumerate().map(|(i, f)| (f.symbol.clone(), i)).collect();
    let mut r = Reader { lines: significant_lines(text), next: 0, last_line: text.lines().count().max(1) };
    let f = parse_fn(&mut r, &funcs)?;
    if let Some(l) = r.peek() {
        return Err(l.cursor().err("text after the function"));
    }
    Ok(f)
}

/// Parse one type as [`Type`]'s `Display` writes it (`readonly array(float64, 2d, C)`,
/// `(int64, float64)`, `CPointer(float32)`, ...).
pub fn parse_type_text(text: &str) -> PResult<Type> {
    let mut c = Cursor { s: text, pos: 0, line: 1, col0: 0 };
    let t = ty(&mut c)?;
    c.end()?;
    Ok(t)
}

fn parse_options(c: &mut Cursor) -> PResult<CodegenOptions> {
    let mut o = CodegenOptions::default();
    loop {
        let key = c.word(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        c.expect("=")?;
        let at = c.pos;
        let value = c.word(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '+');
        let flag = || match value {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(c.err_at(at, format!("expected `true` or `false`, found `{value}`"))),
        };
        match key {
            "fastmath" => o.fastmath = value.parse().map_err(|e: String| c.err_at(at, e))?,
            "boundscheck" => o.boundscheck = flag()?,
            "parallel" => o.parallel = flag()?,
            "error_model" => {
                o.error_model = match value {
                    "python" => ErrorModel::Python,
                    "numpy" => ErrorModel::Numpy,
                    _ => return Err(c.err_at(at, format!("expected `python` or `numpy`, found `{value}`"))),
                }
            }
            _ => return Err(c.err_at(at, format!("unknown option `{key}`"))),
        }
        if c.pos == c.s.len() {
            return Ok(o);
        }
        c.expect(", ")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::function_text;

    fn roundtrip(text: &str) {
        let p = match parse_program(text) {
            Ok(p) => p,
            Err(e) => panic!("{e}\n{text}"),
        };
        assert_eq!(print_program(&p), text);
    }

    /// One program with every statement and expression form the printer writes.
    const EVERY_FORM: &str = "options fastmath=true, error_model=numpy, boundscheck=false
entry g__1
fn f__0(x: int64, a: array(float64, 2d, C)) -> (float64, int64) {
  locals t: (int64, float64), s: float64, i: int64, v: readonly array(float64, 1d, A), p: CPointer(float32), q: voidptr
  t = (x: int64, (float64(7) * 0.5),)    # line 2
  s = ((1, 2.5,)[1] + t: (int64, float64)[1])    # line 3
  for i in range(0, a: array(float64, 2d, C).shape[0], 1):    # line 4
    if (not ((i: int64 < 3)) and bool(x: int64)):    # line 5
      continue
    else:
      s = (s: float64 + a: array(float64, 2d, C)[i: int64, -1]: float64)    # line 6
    a: array(float64, 2d, C)[i: int64, 0] = -(1.5e-7)    # line 7
    a: array(float64, 2d, C)[1:i: int64:, None, ::-1]: array(float64, 3d, A)[...] = map[$0=view(a: array(float64, 2d, C)[i: int64]): array(float64, 1d, C), $1=2.0](numpy(($0 / $1))): array(float64, 1d, C)    # line 8
  while (s: float64 > inf):    # line 9
    break
  s = (s: float64 if (x: int64 != 0) else (let i = (x: int64 // 2) in float64(~(i: int64))))    # line 10
  s = guard(math.isnan(s: float64): bool, ValueError(\"bad \\\"value\\\"\\n\"), max(s: float64, -inf, NaN): float64)    # line 11
  x = round(sum(a: array(float64, 2d, C).T): float64): int64    # line 12
  v = readonly array(float64, 1d, A)(cumsum(min(a: array(float64, 2d, C), axis=1): array(float64, 1d, C), axis=Some(0)): array(float64, 1d, C))    # line 13
  s = p: CPointer(float32)[x: int64]: float32    # line 14
  p: CPointer(float32)[0] = s: float64    # line 15
  v = carray(q: voidptr, (3,)): array(float64, 1d, C)    # line 16
  x = call g__1(): int64    # line 17
  v = copy(sort(new array(float64, 1d, C)((x: int64,), fill=0.0)): array(float64, 1d, C)): array(float64, 1d, C)    # line 18
  v = arange(0, 5, 1): array(int64, 1d, C)    # line 19
  v: readonly array(float64, 1d, A).fill(min(1, 2): int64)    # line 20
  v = a: array(float64, 2d, C).reshape(-1): array(float64, 1d, C)    # line 21
  v = <global array(float64, 1d, C) shape [3] strides [8] at 0xdeadbeef>    # line 22
  raise AssertionError(\"\")    # line 23
  return ((s: float64 ** 2.0), a: array(float64, 2d, C).size,)    # line 24
}

fn g__1() -> int64 {
  return call f__0(1, new array(float64, 2d, C)((2, 3,))): (float64, int64)[1]    # line 30
}
";

    #[test]
    fn reads_back_every_form() {
        roundtrip(EVERY_FORM);
    }

    #[test]
    fn reads_back_fastmath_flag_sets() {
        let text = EVERY_FORM.replacen("fastmath=true", "fastmath=reassoc+nnan+contract", 1);
        roundtrip(&text);
        let p = parse_program(&text).unwrap();
        assert!(p.options.fastmath.contains("contract") && !p.options.fastmath.contains("afn"));
        assert!(parse_program(&EVERY_FORM.replacen("fastmath=true", "fastmath=nnan+bogus", 1)).is_err());
    }

    #[test]
    fn cut_or_damaged_text_is_an_error_not_a_panic() {
        let chars: Vec<(usize, char)> = EVERY_FORM.char_indices().collect();
        for &(i, ch) in &chars {
            // Cut here; and drop this one character.
            let _ = parse_program(&EVERY_FORM[..i]);
            let damaged = format!("{}{}", &EVERY_FORM[..i], &EVERY_FORM[i + ch.len_utf8()..]);
            let _ = parse_program(&damaged);
        }
    }

    #[test]
    fn labels_tell_variables_of_one_name_apart() {
        roundtrip("fn f__0(x: int64) -> int64 {\n  locals g.t: int64, g.t'1: int64\n  g.t = x: int64    # line 1\n  g.t'1 = g.t: int64    # line 2\n  return g.t'1: int64    # line 3\n}\n");
        let p = parse_program("fn f__0() -> none {\n  locals g.t: int64, g.t'1: int64\n  return None\n}\n").expect("must succeed");
        assert_eq!(p.functions[0].vars[1].name, "g.t");
        assert_eq!(p.functions[0].name, "f");
    }

    #[test]
    fn derives_unprinted_types() {
        let p = parse_program(
            "fn f__0(a: array(float64, 2d, C), n: int64) -> none {\n  locals r: float64\n  r = (n: int64 / n: int64)\n  a: array(float64, 2d, C).T\n  map[$0=a: array(float64, 2d, C)]($0): array(float64, 2d, C)\n  return None\n}\n",
        )
        .expect("must succeed");
        let body_of = |p: &Program| p.functions[0].body.clone();
        let body = &p.functions[0].body;
        let StmtKind::Assign { value, .. } = &body[0].kind else { panic!() };
        assert_eq!(value.ty, FLOAT64);
        let StmtKind::Expr(e) = &body[2].kind else { panic!() };
        let ExprKind::Map { body, .. } = &e.kind else { panic!() };
        assert_eq!(body.ty, FLOAT64);
        let StmtKind::Expr(e) = &body_of(&p)[1].kind else { panic!() };
        assert_eq!(e.ty.to_string(), "array(float64, 2d, F)");
        verify(&p).expect("must succeed");
    }

    #[test]
    fn errors_have_line_and_column() {
        let e = parse_program("fn f__0(x: int64) -> int64 {\n  return y: int64\n}\n").expect_err("must fail");
        assert_eq!((e.line, e.col), (2, 10), "{e}");
        assert!(e.message.contains("unknown variable `y`"), "{e}");
        let e = parse_program("fn f__0(x: int64) -> int64 {\n  return (x: int64 +\n}\n").expect_err("must fail");
        assert_eq!(e.line, 2, "{e}");
        let e = parse_program("fn f__0(x: int64) -> int64 {\n  return x: int64\n").expect_err("must fail");
        assert!(e.message.contains("closing"), "{e}");
        let e = parse_program("fn f__0(x: int64) -> int65 {\n}\n").expect_err("must fail");
        assert_eq!((e.line, e.col, e.message.as_str()), (1, 22, "unknown type `int65`"));
        let e = parse_program("fn f__0(x: int64) -> int64 {\n  return call g__1(): int64\n}\n").expect_err("must fail");
        assert!(e.message.contains("unknown function `g__1`"), "{e}");
        assert!(parse_program("").is_err());
        assert!(parse_program("fn f__0() -> int64 {\n  raise ValueError(\"x)\n}\n").is_err());
    }

    #[test]
    fn one_function_against_its_program() {
        let text = "fn f__0(n: int64) -> int64 {\n  return call f__0(n: int64): int64    # line 2\n}\n";
        let p = parse_program(text).expect("must succeed");
        let f = parse_function(&p, &function_text(&p, &p.functions[0])).expect("must succeed");
        assert_eq!(f, p.functions[0]);
    }

    #[test]
    fn types_read_back() {
        for t in ["()", "(int64,)", "(bool, (uint8, none))", "readonly array(int32, 3d, F)", "CPointer(float32)", "voidptr"] {
            assert_eq!(parse_type_text(t).expect("must succeed").to_string(), t);
        }
        assert!(parse_type_text("array(float64, 1d, X)").is_err());
    }
}
