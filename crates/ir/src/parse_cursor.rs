//! The text under the parser: its significant lines ([`Line`], read in order by a
//! [`Reader`]) and a [`Cursor`] over one line, with the lexical pieces (words, numbers,
//! string literals) and errors carrying the line and column.

use super::{PResult, ParseError};
use crate::Span;

// ------------------------------------------------------------------------------ lines

/// One line that holds IR (not blank, not a `;` comment).
#[derive(Clone, Copy)]
pub(super) struct Line<'a> {
    /// 1-based line number in the text.
    no: usize,
    /// Leading spaces.
    pub(super) indent: usize,
    /// The line without indentation and `# line N` comment.
    pub(super) text: &'a str,
    /// The source line from the `# line N` comment.
    src_line: Option<u32>,
}

impl<'a> Line<'a> {
    pub(super) fn cursor(&self) -> Cursor<'a> {
        Cursor { s: self.text, pos: 0, line: self.no, col0: self.indent }
    }
    pub(super) fn span(&self) -> Span {
        self.src_line.map(|n| Span::new(n, 0, n, 0)).unwrap_or_default()
    }
}

pub(super) fn significant_lines(text: &str) -> Vec<Line<'_>> {
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

pub(super) struct Reader<'a> {
    pub(super) lines: Vec<Line<'a>>,
    pub(super) next: usize,
    /// The text's last line number (for errors at its end).
    pub(super) last_line: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.next).copied()
    }
    pub(super) fn take(&mut self, expected: &str) -> PResult<Line<'a>> {
        let l = self.peek().ok_or_else(|| self.eof_err(expected))?;
        self.next += 1;
        Ok(l)
    }
    pub(super) fn eof_err(&self, expected: &str) -> ParseError {
        ParseError { line: self.last_line, col: 1, message: format!("{expected}, found the end of the text") }
    }
}

// ----------------------------------------------------------------------------- cursor

/// A position in one line.
pub(super) struct Cursor<'a> {
    pub(super) s: &'a str,
    pub(super) pos: usize,
    pub(super) line: usize,
    /// Columns before `s` starts (the indentation).
    pub(super) col0: usize,
}

pub(super) fn is_label_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '#' | '\'')
}

impl<'a> Cursor<'a> {
    pub(super) fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }
    pub(super) fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    pub(super) fn eat(&mut self, t: &str) -> bool {
        if self.rest().starts_with(t) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }
    pub(super) fn expect(&mut self, t: &str) -> PResult<()> {
        if self.eat(t) {
            Ok(())
        } else {
            Err(self.err(format!("expected `{t}`, found {}", self.found())))
        }
    }
    pub(super) fn end(&self) -> PResult<()> {
        if self.pos == self.s.len() {
            Ok(())
        } else {
            Err(self.err(format!("expected the end of the line, found {}", self.found())))
        }
    }
    pub(super) fn found(&self) -> String {
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
    pub(super) fn word(&mut self, pred: impl Fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let n = rest.char_indices().find(|&(_, c)| !pred(c)).map_or(rest.len(), |(i, _)| i);
        self.pos += n;
        &rest[..n]
    }
    pub(super) fn err(&self, message: impl Into<String>) -> ParseError {
        self.err_at(self.pos, message)
    }
    pub(super) fn err_at(&self, pos: usize, message: impl Into<String>) -> ParseError {
        ParseError { line: self.line, col: self.col0 + self.s[..pos].chars().count() + 1, message: message.into() }
    }
    pub(super) fn usize(&mut self) -> PResult<usize> {
        let start = self.pos;
        let digits = self.word(|c| c.is_ascii_digit());
        digits.parse().map_err(|_| self.err_at(start, "expected a number"))
    }
    /// `0x...`.
    pub(super) fn hex(&mut self) -> PResult<u64> {
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
    pub(super) fn i64_list(&mut self) -> PResult<Vec<i64>> {
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
    pub(super) fn string(&mut self) -> PResult<String> {
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
