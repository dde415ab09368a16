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

// ------------------------------------------------------------------------------ lines

/// One line that holds IR (not blank, not a `;` comment).
#[derive(Clone, Copy)]
struct Line<'a> {
    /// 1-based line number in the text.
    no: usize,
    /// Leading spaces.
    indent: usize,
    /// The line without indentation and `# line N` comment.
    text: &'a str,
    /// The source line from the `# line N` comment.
    src_line: Option<u32>,
}

impl<'a> Line<'a> {
    fn cursor(&self) -> Cursor<'a> {
        Cursor { s: self.text, pos: 0, line: self.no, col0: self.indent }
    }
    fn span(&self) -> Span {
        self.src_line.map(|n| Span::new(n, 0, n, 0)).unwrap_or_default()
    }
}

fn significant_lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .filter_map(|(i, raw)| {
            let body = raw.trim_start_matches(' ');
            let trimmed = body.trim();
            if trimmed.is_empty() || trimmed.starts_with(';') {
                return None;
            }
            let (text, src_line) = split_line_comment(body.trim_end());
            Some(Line { no: i + 1, indent: raw.len() - body.len(), text, src_line })
        })
        .collect()
}

/// `stmt    # line 12` -> (`stmt`, Some(12)).
fn split_line_comment(s: &str) -> (&str, Option<u32>) {
    if let Some(at) = s.rfind("# line ") {
        let number = &s[at + "# line ".len()..];
        let before = &s[..at];
        if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && (before.is_empty() || before.ends_with(' ')) {
            if let Ok(n) = number.parse() {
                return (before.trim_end(), Some(n));
            }
        }
    }
    (s, None)
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    next: usize,
    /// The text's last line number (for errors at its end).
    last_line: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.next).copied()
    }
    fn take(&mut self, expected: &str) -> PResult<Line<'a>> {
        let l = self.peek().ok_or_else(|| self.eof_err(expected))?;
        self.next += 1;
        Ok(l)
    }
    fn eof_err(&self, expected: &str) -> ParseError {
        ParseError { line: self.last_line, col: 1, message: format!("{expected}, found the end of the text") }
    }
}

// ----------------------------------------------------------------------------- cursor

/// A position in one line.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
    line: usize,
    /// Columns before `s` starts (the indentation).
    col0: usize,
}

fn is_label_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '#' | '\'')
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn eat(&mut self, t: &str) -> bool {
        if self.rest().starts_with(t) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, t: &str) -> PResult<()> {
        if self.eat(t) {
            Ok(())
        } else {
            Err(self.err(format!("expected `{t}`, found {}", self.found())))
        }
    }
    fn end(&self) -> PResult<()> {
        if self.pos == self.s.len() {
            Ok(())
        } else {
            Err(self.err(format!("expected the end of the line, found {}", self.found())))
        }
    }
    fn found(&self) -> String {
        let rest = self.rest();
        if rest.is_empty() {
            return "the end of the line".into();
        }
        let shown: String = rest.chars().take(24).collect();
        if shown.len() < rest.len() {
            format!("`{shown}...`")
        } else {
            format!("`{shown}`")
        }
    }
    /// Consume the longest prefix of characters satisfying `pred`.
    fn word(&mut self, pred: impl Fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let n = rest.char_indices().find(|&(_, c)| !pred(c)).map_or(rest.len(), |(i, _)| i);
        self.pos += n;
        &rest[..n]
    }
    fn err(&self, message: impl Into<String>) -> ParseError {
        self.err_at(self.pos, message)
    }
    fn err_at(&self, pos: usize, message: impl Into<String>) -> ParseError {
        ParseError { line: self.line, col: self.col0 + self.s[..pos].chars().count() + 1, message: message.into() }
    }
    fn usize(&mut self) -> PResult<usize> {
        let start = self.pos;
        let digits = self.word(|c| c.is_ascii_digit());
        digits.parse().map_err(|_| self.err_at(start, "expected a number"))
    }
    /// `0x...`.
    fn hex(&mut self) -> PResult<u64> {
        let start = self.pos;
        self.expect("0x")?;
        let digits = self.word(|c| c.is_ascii_hexdigit());
        u64::from_str_radix(digits, 16).map_err(|_| self.err_at(start, "expected a hex number"))
    }
    /// A signed integer literal.
    fn i64(&mut self) -> PResult<i64> {
        let start = self.pos;
        self.eat("-");
        self.word(|c| c.is_ascii_digit());
        self.s[start..self.pos].parse().map_err(|_| self.err_at(start, "expected an integer"))
    }
    /// `[1, -2, 3]`.
    fn i64_list(&mut self) -> PResult<Vec<i64>> {
        self.expect("[")?;
        let mut out = Vec::new();
        if self.eat("]") {
            return Ok(out);
        }
        loop {
            out.push(self.i64()?);
            if self.eat("]") {
                return Ok(out);
            }
            self.expect(", ")?;
        }
    }
    /// A string literal as Rust's `{:?}` writes it.
    fn string(&mut self) -> PResult<String> {
        self.expect("\"")?;
        let mut out = String::new();
        loop {
            let at = self.pos;
            let Some(c) = self.peek() else { return Err(self.err("unterminated string")) };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(e) = self.peek() else { return Err(self.err("unterminated string")) };
                    self.pos += e.len_utf8();
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        '\\' | '"' | '\'' => e,
                        'u' => {
                            self.expect("{")?;
                            let hex = self.word(|c| c.is_ascii_hexdigit());
                            self.expect("}")?;
                            u32::from_str_radix(hex, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or_else(|| self.err_at(at, "bad `\\u{...}` escape"))?
                        }
                        _ => return Err(self.err_at(at, format!("unknown escape `\\{e}`"))),
                    });
                }
                c => out.push(c),
            }
        }
    }
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

// ------------------------------------------------------------------------------ types

fn ty(c: &mut Cursor) -> PResult<Type> {
    let start = c.pos;
    if c.eat("readonly ") {
        let Type::Array(mut a) = ty(c)? else { return Err(c.err_at(start, "`readonly` applies to array types only")) };
        a.readonly = true;
        return Ok(Type::Array(a));
    }
    if c.eat("(") {
        let mut items = Vec::new();
        if c.eat(")") {
            return Ok(Type::Tuple(items));
        }
        loop {
            items.push(ty(c)?);
            if c.eat(",)") || c.eat(")") {
                return Ok(Type::Tuple(items));
            }
            c.expect(", ")?;
        }
    }
    let name = c.word(|ch| ch.is_ascii_alphanumeric() || ch == '_');
    Ok(match name {
        "array" => {
            c.expect("(")?;
            let dtype = dtype(c)?;
            c.expect(", ")?;
            let at = c.pos;
            let ndim = u8::try_from(c.usize()?).map_err(|_| c.err_at(at, "too many dimensions"))?;
            c.expect("d, ")?;
            let layout = match c.word(|ch| ch.is_ascii_alphabetic()) {
                "C" => Layout::C,
                "F" => Layout::F,
                "A" => Layout::A,
                other => return Err(c.err(format!("expected the layout `C`, `F` or `A`, found `{other}`"))),
            };
            c.expect(")")?;
            Type::Array(ArrayType::new(dtype, ndim, layout))
        }
        "CPointer" => {
            c.expect("(")?;
            let d = dtype(c)?;
            c.expect(")")?;
            Type::Pointer(Some(d))
        }
        "voidptr" => Type::Pointer(None),
        "str" if c.rest().starts_with('(') => {
            c.expect("(")?;
            let text = c.string()?;
            c.expect(")")?;
            Type::Str(text)
        }
        "str" => Type::Text,
        "optional" => {
            c.expect("(")?;
            let t = ty(c)?;
            c.expect(")")?;
            Type::Optional(Box::new(t))
        }
        "list" => {
            c.expect("(")?;
            let t = if c.eat("?") { Type::Unknown } else { ty(c)? };
            c.expect(")")?;
            Type::List(Box::new(t))
        }
        "function" => {
            c.expect("#")?;
            let at = c.pos;
            let hex = c.word(|ch| ch.is_ascii_hexdigit());
            Type::Function(u64::from_str_radix(hex, 16).map_err(|_| c.err_at(at, "expected a function number in hex"))?)
        }
        "" => return Err(c.err(format!("expected a type, found {}", c.found()))),
        _ => type_from_name(name).ok_or_else(|| c.err_at(start, format!("unknown type `{name}`")))?,
    })
}

fn dtype(c: &mut Cursor) -> PResult<DType> {
    let start = c.pos;
    let t = ty(c)?;
    DType::from_type(&t).ok_or_else(|| c.err_at(start, format!("`{t}` is not an array element type")))
}

// -------------------------------------------------------------------------- functions

/// The Python name in a symbol: `fib__3` -> `fib`.
fn python_name(symbol: &str) -> &str {
    match symbol.rsplit_once("__") {
        Some((name, id)) if !name.is_empty() && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => symbol,
    }
}

fn parse_fn(r: &mut Reader, funcs: &HashMap<String, FuncId>) -> PResult<Function> {
    let header = r.take("expected `fn`")?;
    let mut c = header.cursor();
    if header.indent != 0 || !c.eat("fn ") {
        return Err(c.err(format!("expected `fn symbol(...) -> type {{`, found {}", c.found())));
    }
    let symbol = c.word(is_label_char).to_string();
    if symbol.is_empty() {
        return Err(c.err("expected the function's symbol"));
    }
    let mut fp = FnParser { funcs, vars: Vec::new(), labels: HashMap::new(), map_inputs: Vec::new(), span: Span::default() };
    c.expect("(")?;
    let mut params = Vec::new();
    if !c.eat(")") {
        loop {
            params.push(fp.declare(&mut c)?);
            if c.eat(")") {
                break;
            }
            c.expect(", ")?;
        }
    }
    c.expect(" -> ")?;
    let ret = ty(&mut c)?;
    c.expect(" {")?;
    c.end()?;
    if let Some(l) = r.peek().filter(|l| l.indent == 2 && l.text.starts_with("locals ") && !l.text.starts_with("locals = ")) {
        r.next += 1;
        let mut c = l.cursor();
        c.expect("locals ")?;
        loop {
            fp.declare(&mut c)?;
            if c.pos == c.s.len() {
                break;
            }
            c.expect(", ")?;
        }
    }
    let body = fp.block(r, 1)?;
    let close = r.take(&format!("expected `}}` closing `{symbol}`"))?;
    if close.indent != 0 || close.text != "}" {
        return Err(close.cursor().err(format!("expected `}}` closing `{symbol}`, found `{}`", close.text)));
    }
    Ok(Function {
        name: python_name(&symbol).to_string(),
        symbol,
        filename: String::new(),
        params,
        vars: fp.vars,
        ret,
        body,
        span: Span::default(),
        boundscheck: None,
    })
}

/// One subscript item before it is known what the subscript is.
enum Item {
    Expr(Expr),
    Range(Option<Expr>, Option<Expr>, Option<Expr>),
    NewAxis,
    /// `[...]`: the target of a store into a view.
    Ellipsis,
}

/// The state of one function's parse.
struct FnParser<'p> {
    funcs: &'p HashMap<String, FuncId>,
    vars: Vec<Var>,
    labels: HashMap<String, VarId>,
    /// Element types of the inputs of the enclosing `map`s (innermost last).
    map_inputs: Vec<Vec<Type>>,
    /// The current statement's span (given to its expressions).
    span: Span,
}

impl FnParser<'_> {
    /// `label: type` in the parameter or locals list.
    fn declare(&mut self, c: &mut Cursor) -> PResult<VarId> {
        let at = c.pos;
        let label = c.word(is_label_char);
        if label.is_empty() {
            return Err(c.err("expected a variable name"));
        }
        c.expect(": ")?;
        let ty = ty(c)?;
        if self.labels.contains_key(label) {
            return Err(c.err_at(at, format!("variable `{label}` is declared twice")));
        }
        // `name'k`: a later variable of an already declared name.
        let name = match label.rsplit_once('\'') {
            Some((base, k)) if self.labels.contains_key(base) && k.parse::<usize>().is_ok() => base,
            _ => label,
        };
        let id = self.vars.len();
        self.vars.push(Var { name: name.to_string(), ty });
        self.labels.insert(label.to_string(), id);
        Ok(id)
    }

    fn lookup(&self, c: &Cursor, at: usize, label: &str) -> PResult<VarId> {
        self.labels.get(label).copied().ok_or_else(|| c.err_at(at, format!("unknown variable `{label}`")))
    }

    fn block(&mut self, r: &mut Reader, depth: usize) -> PResult<Block> {
        let mut out = Vec::new();
        while let Some(l) = r.peek() {
            if l.indent < depth * 2 {
                break;
            }
            if l.indent > depth * 2 {
                return Err(l.cursor().err(format!("unexpected indentation (expected {} spaces)", depth * 2)));
            }
            if l.text == "else:" {
                return Err(l.cursor().err("`else:` without an `if`"));
            }
            r.next += 1;
            out.push(self.stmt(r, l, depth)?);
        }
        Ok(out)
    }

    fn stmt(&mut self, r: &mut Reader, l: Line, depth: usize) -> PResult<Stmt> {
        let span = l.span();
        self.span = span;
        let mut c = l.cursor();
        let kind = if l.text == "break" || l.text == "continue" {
            c.pos = l.text.len();
            if l.text == "break" {
                StmtKind::Break
            } else {
                StmtKind::Continue
            }
        } else if c.eat("if ") {
            let cond = self.expr(&mut c)?;
            c.expect(":")?;
            c.end()?;
            let then_body = self.block(r, depth + 1)?;
            let mut else_body = Vec::new();
            if r.peek().is_some_and(|e| e.indent == depth * 2 && e.text == "else:") {
                r.next += 1;
                else_body = self.block(r, depth + 1)?;
            }
            StmtKind::If { cond, then_body, else_body }
        } else if l.text.starts_with("try:") {
            c.expect("try:")?;
            c.end()?;
            let body = self.block(r, depth + 1)?;
            let mut handlers = Vec::new();
            while let Some(e) = r.peek().filter(|e| e.indent == depth * 2 && e.text.starts_with("except (")) {
                let mut hc = e.cursor();
                r.next += 1;
                hc.expect("except (")?;
                let mut kinds = Vec::new();
                while !hc.eat("):") {
                    if !kinds.is_empty() {
                        hc.expect(", ")?;
                    }
                    kinds.push(self.exc(&mut hc)?);
                }
                handlers.push(Handler { kinds, body: self.block(r, depth + 1)? });
            }
            let mut tail = |label: &str, r: &mut Reader| -> PResult<Block> {
                if r.peek().is_some_and(|e| e.indent == depth * 2 && e.text == label) {
                    r.next += 1;
                    return self.block(r, depth + 1);
                }
                Ok(Vec::new())
            };
            let orelse = tail("else:", r)?;
            let finalbody = tail("finally:", r)?;
            StmtKind::Try { body, handlers, orelse, finalbody }
        } else if c.eat("while ") {
            let cond = self.expr(&mut c)?;
            c.expect(":")?;
            c.end()?;
            StmtKind::While { cond, body: self.block(r, depth + 1)? }
        } else if c.eat("for ") {
            let at = c.pos;
            let label = c.word(is_label_char);
            let var = self.lookup(&c, at, label)?;
            c.expect(" in range(")?;
            let start = self.expr(&mut c)?;
            c.expect(", ")?;
            let stop = self.expr(&mut c)?;
            c.expect(", ")?;
            let step = self.expr(&mut c)?;
            c.expect("):")?;
            c.end()?;
            StmtKind::ForRange { var, start, stop, step, body: self.block(r, depth + 1)? }
        } else if c.eat("return ") {
            StmtKind::Return(self.expr(&mut c)?)
        } else if c.eat("del ") {
            StmtKind::Del(self.expr(&mut c)?)
        } else if c.eat("raise ") {
            let exc = self.exc(&mut c)?;
            c.expect("(")?;
            let message = c.string()?;
            c.expect(")")?;
            StmtKind::Raise { exc, message }
        } else {
            let label = c.word(is_label_char);
            if !label.is_empty() && c.rest().starts_with(" = ") {
                let var = self.lookup(&c, 0, label)?;
                c.expect(" = ")?;
                StmtKind::Assign { var, value: self.expr(&mut c)? }
            } else {
                // An expression, or a store `target[indices] = value`.
                c.pos = 0;
                match self.postfix(&mut c, true)? {
                    (e, None) => StmtKind::Expr(e),
                    (target, Some(items)) => {
                        c.expect(" = ")?;
                        let value = self.expr(&mut c)?;
                        self.store(&c, 0, target, items, value)?
                    }
                }
            }
        };
        c.end()?;
        Ok(Stmt { kind, span })
    }

    /// `target[items] = value`.
    fn store(&self, c: &Cursor, at: usize, target: Expr, items: Vec<Item>, value: Expr) -> PResult<StmtKind> {
        if matches!(items.as_slice(), [Item::Ellipsis]) {
            return Ok(StmtKind::StoreView { target, value });
        }
        let indices = plain_indices(c, at, items)?;
        if matches!(target.ty, Type::Pointer(_)) {
            let [index] = <[Expr; 1]>::try_from(indices).map_err(|_| c.err_at(at, "a pointer store takes one index"))?;
            return Ok(StmtKind::PtrStore { ptr: target, index, value });
        }
        Ok(StmtKind::Store { array: target, indices, value })
    }

    fn exc(&self, c: &mut Cursor) -> PResult<ExcKind> {
        let at = c.pos;
        let name = c.word(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        ExcKind::from_name(name).ok_or_else(|| c.err_at(at, format!("unknown exception `{name}`")))
    }

    fn node(&self, kind: ExprKind, ty: Type) -> Expr {
        Expr::new(kind, ty, self.span)
    }

    // ------------------------------------------------------------------ expressions

    fn expr(&mut self, c: &mut Cursor) -> PResult<Expr> {
        let at = c.pos;
        match self.postfix(c, false)? {
            (e, None) => Ok(e),
            (_, Some(_)) => Err(c.err_at(at, "a subscript without its `: type`")),
        }
    }

    /// `: type` after an expression that prints its type.
    fn typed(&self, c: &mut Cursor) -> PResult<Type> {
        c.expect(": ")?;
        ty(c)
    }

    /// Expressions separated by `, ` up to `close`.
    /// `, arg, ...` after a template: string constants and values, up to the `)`.
    fn print_args_rest(&mut self, c: &mut Cursor) -> PResult<Vec<PrintArg>> {
        let mut args = Vec::new();
        while c.eat(", ") {
            if c.rest().starts_with('"') {
                args.push(PrintArg::Text(c.string()?));
            } else {
                args.push(PrintArg::Value(self.expr(c)?));
            }
        }
        Ok(args)
    }

    fn list(&mut self, c: &mut Cursor, close: &str) -> PResult<Vec<Expr>> {
        let mut out = Vec::new();
        if c.eat(close) {
            return Ok(out);
        }
        loop {
            out.push(self.expr(c)?);
            if c.eat(close) {
                return Ok(out);
            }
            c.expect(", ")?;
        }
    }

    /// A shape as printed: `(a, b,)`, `(a,)` or `(,)`.
    fn shape(&mut self, c: &mut Cursor) -> PResult<Vec<Expr>> {
        c.expect("(")?;
        if c.eat(",)") {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        loop {
            out.push(self.expr(c)?);
            if c.eat(",)") {
                return Ok(out);
            }
            c.expect(", ")?;
        }
    }

    /// A primary expression and the postfix operations on it (subscripts, `.T`, `.shape`,
    /// `.fill(v)`, `.reshape(...)`). With `bare`, a final subscript without `: type` (a
    /// store's target, a view's operand) is returned unbuilt.
    fn postfix(&mut self, c: &mut Cursor, bare: bool) -> PResult<(Expr, Option<Vec<Item>>)> {
        let mut e = self.primary(c)?;
        loop {
            let at = c.pos;
            if c.peek() == Some('[') {
                let items = self.items(c)?;
                if let Type::Tuple(tys) = &e.ty {
                    let index = match items.as_slice() {
                        [Item::Expr(Expr { kind: ExprKind::Const(Const::Int(k)), .. })] => usize::try_from(*k).ok(),
                        _ => None,
                    };
                    let index = index.ok_or_else(|| c.err_at(at, "a tuple index is a non-negative integer"))?;
                    let t = tys.get(index).cloned().ok_or_else(|| c.err_at(at, format!("index {index} of a {}", e.ty)))?;
                    e = self.node(ExprKind::TupleGet { tuple: Box::new(e), index }, t);
                    continue;
                }
                if !c.rest().starts_with(": ") {
                    if bare {
                        return Ok((e, Some(items)));
                    }
                    return Err(c.err("expected `: type` after the subscript"));
                }
                let t = self.typed(c)?;
                e = self.subscript(c, at, e, items, t)?;
            } else if c.rest().starts_with(".T") && !c.rest()[2..].starts_with(is_label_char) {
                c.pos += 2;
                let Type::Array(a) = e.ty else { return Err(c.err_at(at, format!("`.T` of a {}", e.ty))) };
                let layout = match a.layout {
                    Layout::C if a.ndim > 1 => Layout::F,
                    Layout::F => Layout::C,
                    l => l,
                };
                let t = Type::Array(ArrayType { layout, ..a }.normalized());
                e = self.node(ExprKind::Transpose(Box::new(e)), t);
            } else if c.eat(".shape") || c.eat(".strides") || c.eat(".size") {
                let attr = match &c.s[at..c.pos] {
                    ".shape" => ArrayAttr::Shape,
                    ".strides" => ArrayAttr::Strides,
                    _ => ArrayAttr::Size,
                };
                let Type::Array(a) = e.ty else { return Err(c.err_at(at, format!("`{}` of a {}", &c.s[at..c.pos], e.ty))) };
                let t = match attr {
                    ArrayAttr::Size => INT64,
                    _ => Type::Tuple(vec![INT64; a.ndim as usize]),
                };
                e = self.node(ExprKind::ArrayAttr { array: Box::new(e), attr }, t);
            } else if (c.rest().starts_with(".real") || c.rest().starts_with(".imag")) && !c.rest()[5..].starts_with(is_label_char) {
                let imag = c.rest().starts_with(".imag");
                c.pos += 5;
                let t = match e.ty {
                    Type::Complex(k) => Type::Float(k),
                    Type::Array(ArrayType { dtype: DType::Complex(k), ndim, readonly, .. }) => {
                        Type::Array(ArrayType { dtype: DType::Float(k), ndim, layout: Layout::A, readonly })
                    }
                    _ => return Err(c.err_at(at, format!("`{}` of a {}", &c.s[at..c.pos], e.ty))),
                };
                e = self.node(ExprKind::ComplexPart { value: Box::new(e), imag }, t);
            } else if c.eat(".fill(") {
                let value = self.expr(c)?;
                c.expect(")")?;
                e = self.node(ExprKind::Fill { array: Box::new(e), value: Box::new(value) }, Type::None);
            } else if c.eat(".reshape(") {
                let shape = self.list(c, ")")?;
                let t = self.typed(c)?;
                e = self.node(ExprKind::Reshape { array: Box::new(e), shape }, t);
            } else {
                return Ok((e, None));
            }
        }
    }

    /// `[item, ...]`.
    fn items(&mut self, c: &mut Cursor) -> PResult<Vec<Item>> {
        c.expect("[")?;
        let mut out = Vec::new();
        if c.eat("]") {
            return Ok(out);
        }
        loop {
            out.push(self.item(c)?);
            if c.eat("]") {
                return Ok(out);
            }
            c.expect(", ")?;
        }
    }

    fn item(&mut self, c: &mut Cursor) -> PResult<Item> {
        if c.rest().starts_with("...]") {
            c.pos += 3;
            return Ok(Item::Ellipsis);
        }
        if c.rest().starts_with("None,") || c.rest().starts_with("None]") {
            c.pos += 4;
            return Ok(Item::NewAxis);
        }
        let start = if c.peek() == Some(':') { None } else { Some(self.expr(c)?) };
        if !c.eat(":") {
            return start.map(Item::Expr).ok_or_else(|| c.err("expected a subscript"));
        }
        // Printed as `start:stop:step`; `start:` and `start:stop` are read too.
        let ends = |c: &Cursor| matches!(c.peek(), Some(',' | ']'));
        let stop = if c.peek() == Some(':') || ends(c) { None } else { Some(self.expr(c)?) };
        if ends(c) {
            return Ok(Item::Range(start, stop, None));
        }
        c.expect(":")?;
        let step = if ends(c) { None } else { Some(self.expr(c)?) };
        Ok(Item::Range(start, stop, step))
    }

    /// `base[items]: t`: an element, a slice or a pointer element.
    fn subscript(&self, c: &Cursor, at: usize, base: Expr, items: Vec<Item>, t: Type) -> PResult<Expr> {
        let plain = items.iter().all(|i| matches!(i, Item::Expr(_)));
        if matches!(base.ty, Type::Pointer(_)) {
            let [index] = <[Expr; 1]>::try_from(plain_indices(c, at, items)?)
                .map_err(|_| c.err_at(at, "a pointer takes one index"))?;
            return Ok(self.node(ExprKind::PtrIndex { ptr: Box::new(base), index: Box::new(index) }, t));
        }
        if plain && !matches!(t, Type::Array(_)) {
            let indices = plain_indices(c, at, items)?;
            return Ok(self.node(ExprKind::Index { array: Box::new(base), indices }, t));
        }
        let items = items
            .into_iter()
            .map(|i| match i {
                Item::Expr(e) => Ok(SliceItem::Index(e)),
                Item::Range(start, stop, step) => Ok(SliceItem::Range { start, stop, step }),
                Item::NewAxis => Ok(SliceItem::NewAxis),
                Item::Ellipsis => Err(c.err_at(at, "`...` only as the target of a store")),
            })
            .collect::<PResult<Vec<_>>>()?;
        Ok(self.node(ExprKind::Slice { array: Box::new(base), items }, t))
    }

    fn primary(&mut self, c: &mut Cursor) -> PResult<Expr> {
        let at = c.pos;
        match c.peek() {
            None => return Err(c.err("expected an expression, found the end of the line")),
            Some('(') => return self.paren(c),
            Some('-') if c.rest().starts_with("-(") => {
                c.pos += 2;
                return self.unary(c, UnaryOp::Neg);
            }
            Some('~') => {
                c.expect("~(")?;
                return self.unary(c, UnaryOp::Invert);
            }
            Some('-' | '0'..='9') => return self.number(c),
            Some('"') => return Ok(Expr::constant(Const::Str(c.string()?), self.span)),
            Some('<') => return self.global(c),
            _ => {}
        }
        let word = c.word(is_label_char);
        if word.is_empty() {
            return Err(c.err(format!("expected an expression, found {}", c.found())));
        }
        if c.rest().starts_with(": ") {
            let var = self.lookup(c, at, word)?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::Var(var), t));
        }
        if let Some(k) = word.strip_prefix('$').and_then(|k| k.parse::<usize>().ok()) {
            let t = self.map_inputs.last().and_then(|m| m.get(k)).cloned();
            let t = t.ok_or_else(|| c.err_at(at, format!("`${k}` is not an input of an enclosing map")))?;
            return Ok(self.node(ExprKind::Input(k), t));
        }
        let constant = |k: Const| Ok(Expr::constant(k, self.span));
        match word {
            "True" => return constant(Const::Bool(true)),
            "False" => return constant(Const::Bool(false)),
            "None" => return constant(Const::None),
            "inf" => return constant(Const::Float(f64::INFINITY)),
            "NaN" => return constant(Const::Float(f64::NAN)),
            "not" => {
                c.expect(" (")?;
                return self.unary(c, UnaryOp::Not);
            }
            "call" | "parallel_for" | "parallel_sum" | "parallel_prod" | "parallel_min" | "parallel_max" => {
                // (None: a call; Some(None): a parallel loop; Some(Some(op)): a reduction)
                let parallel = match word {
                    "call" => None,
                    "parallel_for" => Some(None),
                    w => Some(ReduceOp::from_name(&w["parallel_".len()..])),
                };
                c.expect(" ")?;
                let sat = c.pos;
                let symbol = c.word(is_label_char);
                let func = *self.funcs.get(symbol).ok_or_else(|| c.err_at(sat, format!("unknown function `{symbol}`")))?;
                c.expect("(")?;
                let args = self.list(c, ")")?;
                let t = self.typed(c)?;
                let kind = match parallel {
                    Some(reduce) => ExprKind::ParallelFor { func, args, reduce },
                    None => ExprKind::Call { func, args },
                };
                return Ok(self.node(kind, t));
            }
            "view" => {
                c.expect("(")?;
                let inner = c.pos;
                let (array, items) = self.postfix(c, true)?;
                let items = items.ok_or_else(|| c.err_at(inner, "expected `view(array[indices]): type`"))?;
                let indices = plain_indices(c, inner, items)?;
                c.expect(")")?;
                let t = self.typed(c)?;
                return Ok(self.node(ExprKind::View { array: Box::new(array), indices }, t));
            }
            "new" => {
                c.expect(" ")?;
                let t = ty(c)?;
                c.expect("(")?;
                let shape = self.shape(c)?;
                let fill = if c.eat(", fill=") { Some(Box::new(self.expr(c)?)) } else { None };
                c.expect(")")?;
                return Ok(self.node(ExprKind::NewArray { shape, fill }, t));
            }
            "map" => return self.map(c),
            "round" | "copy" | "sort" => {
                c.expect("(")?;
                let x = Box::new(self.expr(c)?);
                c.expect(")")?;
                let t = self.typed(c)?;
                let kind = match word {
                    "round" => ExprKind::Round(x),
                    "copy" => ExprKind::CopyArray(x),
                    _ => ExprKind::Sort(x),
                };
                return Ok(self.node(kind, t));
            }
            "complex" if c.rest().starts_with('(') => {
                c.expect("(")?;
                let re = self.expr(c)?;
                c.expect(", ")?;
                let im = self.expr(c)?;
                c.expect(")")?;
                let Type::Float(k) = re.ty else { return Err(c.err_at(at, format!("the parts of a complex number are floats, not {}", re.ty))) };
                return Ok(self.node(ExprKind::Complex { re: Box::new(re), im: Box::new(im) }, Type::Complex(k)));
            }
            "has" if c.rest().starts_with('(') => {
                c.expect("(")?;
                let x = self.expr(c)?;
                c.expect(")")?;
                return Ok(self.node(ExprKind::OptionalHas(Box::new(x)), Type::Bool));
            }
            "value" if c.rest().starts_with('(') => {
                c.expect("(")?;
                let x = self.expr(c)?;
                c.expect(", ")?;
                let what = c.string()?;
                c.expect(")")?;
                let Type::Optional(t) = x.ty.clone() else { return Err(c.err_at(at, format!("`value` of a {}", x.ty))) };
                return Ok(self.node(ExprKind::OptionalValue { value: Box::new(x), what }, *t));
            }
            "conj" if c.rest().starts_with('(') => {
                c.expect("(")?;
                return self.unary(c, UnaryOp::Conj);
            }
            "bool" | "numpy" if c.rest().starts_with('(') => {
                c.expect("(")?;
                let x = self.expr(c)?;
                c.expect(")")?;
                return Ok(if word == "bool" {
                    self.node(ExprKind::Truth(Box::new(x)), Type::Bool)
                } else {
                    let t = x.ty.clone();
                    self.node(ExprKind::NumpySemantics(Box::new(x)), t)
                });
            }
            "arange" => {
                c.expect("(")?;
                let start = Box::new(self.expr(c)?);
                c.expect(", ")?;
                let stop = Box::new(self.expr(c)?);
                c.expect(", ")?;
                let step = Box::new(self.expr(c)?);
                c.expect(")")?;
                let t = self.typed(c)?;
                return Ok(self.node(ExprKind::Arange { start, stop, step }, t));
            }
            "carray" => {
                c.expect("(")?;
                let ptr = Box::new(self.expr(c)?);
                c.expect(", ")?;
                let shape = self.shape(c)?;
                c.expect(")")?;
                let t = self.typed(c)?;
                return Ok(self.node(ExprKind::CArray { ptr, shape }, t));
            }
            "pycall" => {
                c.expect("(")?;
                let func = c.hex()?;
                let args = self.print_args_rest(c)?;
                c.expect(")")?;
                let t = self.typed(c)?;
                return Ok(self.node(ExprKind::PyCall { func, args }, t));
            }
            "format_str" => {
                c.expect("(")?;
                let template = c.string()?;
                let args = self.print_args_rest(c)?;
                c.expect(")")?;
                return Ok(self.node(ExprKind::FormatStr { template, args }, Type::Text));
            }
            "raise_format" => {
                c.expect("(")?;
                let exc = self.exc(c)?;
                c.expect(", ")?;
                let template = c.string()?;
                let args = self.print_args_rest(c)?;
                c.expect(")")?;
                return Ok(self.node(ExprKind::RaiseFormat { exc, template, args }, Type::None));
            }
            "print" => {
                c.expect("(")?;
                let mut args = Vec::new();
                while !c.rest().starts_with("sep=") {
                    if c.rest().starts_with('"') {
                        args.push(PrintArg::Text(c.string()?));
                    } else {
                        args.push(PrintArg::Value(self.expr(c)?));
                    }
                    c.expect(", ")?;
                }
                c.expect("sep=")?;
                let sep = c.string()?;
                c.expect(", end=")?;
                let end = c.string()?;
                c.expect(", flush=")?;
                let flush = c.eat("True");
                if !flush {
                    c.expect("False")?;
                }
                c.expect(")")?;
                return Ok(self.node(ExprKind::Print { args, sep, end, flush }, Type::None));
            }
            "guard" => {
                c.expect("(")?;
                let cond = Box::new(self.expr(c)?);
                c.expect(", ")?;
                let exc = self.exc(c)?;
                c.expect("(")?;
                let message = c.string()?;
                c.expect("), ")?;
                let value = self.expr(c)?;
                c.expect(")")?;
                let t = value.ty.clone();
                return Ok(self.node(ExprKind::Guard { cond, exc, message, value: Box::new(value) }, t));
            }
            _ => {}
        }
        if let Some(name) = word.strip_prefix("str.") {
            let op = crate::StrOp::from_name(name).ok_or_else(|| c.err_at(at, format!("unknown string operation `{name}`")))?;
            c.expect("(")?;
            let args = self.list(c, ")")?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::Str { op, args }, t));
        }
        if let Some(name) = word.strip_prefix("list.") {
            let op = crate::ListOp::from_name(name).ok_or_else(|| c.err_at(at, format!("unknown list operation `{name}`")))?;
            c.expect("(")?;
            let args = self.list(c, ")")?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::List { op, args }, t));
        }
        if let Some(name) = word.strip_prefix("math.") {
            let func = MathFn::from_name(name)
                .or(match name {
                    "round_digits" => Some(MathFn::RoundDigits),
                    "phase" => Some(MathFn::Phase),
                    _ => None,
                })
                .ok_or_else(|| c.err_at(at, format!("unknown math function `{name}`")))?;
            c.expect("(")?;
            let args = self.list(c, ")")?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::Math { func, args }, t));
        }
        if let Some(op) = word.strip_prefix("cum").and_then(ReduceOp::from_name) {
            c.expect("(")?;
            let array = Box::new(self.expr(c)?);
            c.expect(", axis=")?;
            let axis = if c.eat("None") {
                None
            } else {
                c.expect("Some(")?;
                let a = c.usize()?;
                c.expect(")")?;
                Some(a)
            };
            c.expect(")")?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::Scan { op, array, axis }, t));
        }
        if let Some(op) = ReduceOp::from_name(word).filter(|_| c.rest().starts_with('(')) {
            return self.reduce_or_minmax(c, word, op);
        }
        let is_type = matches!(word, "array" | "readonly" | "CPointer" | "voidptr" | "optional") || type_from_name(word).is_some();
        if is_type {
            // A conversion: `float64(x)`.
            c.pos = at;
            let t = ty(c)?;
            c.expect("(")?;
            let x = self.expr(c)?;
            c.expect(")")?;
            return Ok(self.node(ExprKind::Cast(Box::new(x)), t));
        }
        Err(c.err_at(at, format!("unknown expression `{word}`")))
    }

    /// After `-(`, `~(` or `not (`: the operand and `)`.
    fn unary(&mut self, c: &mut Cursor, op: UnaryOp) -> PResult<Expr> {
        let operand = self.expr(c)?;
        c.expect(")")?;
        let t = operand.ty.clone();
        Ok(self.node(ExprKind::Unary { op, operand: Box::new(operand) }, t))
    }

    fn number(&self, c: &mut Cursor) -> PResult<Expr> {
        let start = c.pos;
        c.eat("-");
        if c.eat("inf") {
            return Ok(Expr::constant(Const::Float(f64::NEG_INFINITY), self.span));
        }
        let digits = c.word(|ch| ch.is_ascii_digit());
        if digits.is_empty() {
            return Err(c.err_at(start, format!("expected a number, found {}", c.found())));
        }
        let mut float = false;
        if c.eat(".") {
            float = true;
            c.word(|ch| ch.is_ascii_digit());
        }
        if c.peek() == Some('e') {
            float = true;
            c.pos += 1;
            let _ = c.eat("-") || c.eat("+");
            c.word(|ch| ch.is_ascii_digit());
        }
        let text = &c.s[start..c.pos];
        let k = if float {
            Const::Float(text.parse().map_err(|_| c.err_at(start, format!("bad float `{text}`")))?)
        } else {
            Const::Int(text.parse().map_err(|_| c.err_at(start, format!("integer `{text}` out of range")))?)
        };
        Ok(Expr::constant(k, self.span))
    }

    /// `<global type shape [..] strides [..] at 0x..>`.
    fn global(&self, c: &mut Cursor) -> PResult<Expr> {
        c.expect("<global ")?;
        let t = ty(c)?;
        c.expect(" shape ")?;
        let shape = c.i64_list()?;
        c.expect(" strides ")?;
        let strides = c.i64_list()?;
        c.expect(" at 0x")?;
        let at = c.pos;
        let hex = c.word(|ch| ch.is_ascii_hexdigit());
        let data = u64::from_str_radix(hex, 16).map_err(|_| c.err_at(at, "expected an address"))?;
        c.expect(">")?;
        Ok(self.node(ExprKind::ConstArray { data, shape, strides }, t))
    }

    /// `(...)`: a tuple, a binary operation, a comparison, `and`/`or`, a conditional
    /// expression or a `let`.
    fn paren(&mut self, c: &mut Cursor) -> PResult<Expr> {
        c.expect("(")?;
        if c.eat(",)") {
            return Ok(self.node(ExprKind::Tuple(Vec::new()), Type::Tuple(Vec::new())));
        }
        if c.rest().starts_with("let ") {
            c.pos += 4;
            let at = c.pos;
            let label = c.word(is_label_char);
            let var = self.lookup(c, at, label)?;
            c.expect(" = ")?;
            let value = Box::new(self.expr(c)?);
            c.expect(" in ")?;
            let body = self.expr(c)?;
            c.expect(")")?;
            let t = body.ty.clone();
            return Ok(self.node(ExprKind::Let { var, value, body: Box::new(body) }, t));
        }
        let first = self.expr(c)?;
        if c.eat(",") {
            let mut items = vec![first];
            while !c.eat(")") {
                c.expect(" ")?;
                items.push(self.expr(c)?);
                c.expect(",")?;
            }
            let t = Type::Tuple(items.iter().map(|e| e.ty.clone()).collect());
            return Ok(self.node(ExprKind::Tuple(items), t));
        }
        c.expect(" ")?;
        let at = c.pos;
        let op = c.word(|ch| ch != ' ');
        c.expect(" ")?;
        let second = self.expr(c)?;
        let (kind, t) = match op {
            "and" | "or" => {
                let t = first.ty.clone();
                let (a, b) = (Box::new(first), Box::new(second));
                (if op == "and" { ExprKind::And(a, b) } else { ExprKind::Or(a, b) }, t)
            }
            "if" => {
                c.expect(" else ")?;
                let orelse = self.expr(c)?;
                let t = first.ty.clone();
                (ExprKind::IfExp { cond: Box::new(second), then: Box::new(first), orelse: Box::new(orelse) }, t)
            }
            _ => {
                if let Some(op) = cmp_op(op) {
                    (ExprKind::Compare { op, lhs: Box::new(first), rhs: Box::new(second) }, Type::Bool)
                } else if let Some(op) = bin_op(op) {
                    let python_int_division = op == BinOp::Div && first.ty == INT64 && second.ty == INT64;
                    let t = if python_int_division { FLOAT64 } else { first.ty.clone() };
                    (ExprKind::Binary { op, lhs: Box::new(first), rhs: Box::new(second) }, t)
                } else {
                    return Err(c.err_at(at, format!("unknown operator `{op}`")));
                }
            }
        };
        c.expect(")")?;
        Ok(self.node(kind, t))
    }

    /// `map[$0=input, ...](body): type`.
    fn map(&mut self, c: &mut Cursor) -> PResult<Expr> {
        c.expect("[")?;
        let mut inputs = Vec::new();
        if !c.eat("]") {
            loop {
                let at = c.pos;
                c.expect("$")?;
                if c.usize()? != inputs.len() {
                    return Err(c.err_at(at, format!("expected `${}`", inputs.len())));
                }
                c.expect("=")?;
                inputs.push(self.expr(c)?);
                if c.eat("]") {
                    break;
                }
                c.expect(", ")?;
            }
        }
        let elements = inputs
            .iter()
            .map(|x| match &x.ty {
                Type::Array(a) => a.dtype.to_type(),
                t => t.clone(),
            })
            .collect();
        c.expect("(")?;
        self.map_inputs.push(elements);
        let body = self.expr(c);
        self.map_inputs.pop();
        let body = Box::new(body?);
        c.expect(")")?;
        let t = self.typed(c)?;
        Ok(self.node(ExprKind::Map { inputs, body }, t))
    }

    /// `min(...)`/`max(...)` (Python's, of scalars) or a reduction `sum(a)`,
    /// `min(a, axis=1)`.
    fn reduce_or_minmax(&mut self, c: &mut Cursor, word: &str, op: ReduceOp) -> PResult<Expr> {
        let at = c.pos;
        c.expect("(")?;
        let mut args = Vec::new();
        let mut axis = None;
        if !c.eat(")") {
            loop {
                if c.eat("axis=") {
                    axis = Some(c.usize()?);
                } else {
                    args.push(self.expr(c)?);
                }
                if c.eat(")") {
                    break;
                }
                c.expect(", ")?;
            }
        }
        let t = self.typed(c)?;
        let minmax = matches!(word, "min" | "max");
        let one_array = matches!(args.as_slice(), [a] if matches!(a.ty, Type::Array(_)));
        if minmax && axis.is_none() && !one_array {
            return Ok(self.node(ExprKind::MinMax { is_max: word == "max", args }, t));
        }
        let [array] = <[Expr; 1]>::try_from(args).map_err(|_| c.err_at(at, format!("`{word}` reduces one array")))?;
        Ok(self.node(ExprKind::Reduce { op, array: Box::new(array), axis }, t))
    }
}

/// Items that must all be plain expressions (indices).
fn plain_indices(c: &Cursor, at: usize, items: Vec<Item>) -> PResult<Vec<Expr>> {
    items
        .into_iter()
        .map(|i| match i {
            Item::Expr(e) => Ok(e),
            _ => Err(c.err_at(at, "expected indices (no slices, `None` or `...`)")),
        })
        .collect()
}

fn cmp_op(s: &str) -> Option<CmpOp> {
    [CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge].into_iter().find(|o| o.symbol() == s)
}

fn bin_op(s: &str) -> Option<BinOp> {
    use BinOp::*;
    [Add, Sub, Mul, Div, FloorDiv, Mod, Pow, BitAnd, BitOr, BitXor, Shl, Shr].into_iter().find(|o| o.symbol() == s)
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
