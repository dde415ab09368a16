//! Diagnostics: short, spanned, rendered like a compiler error.

use ferrojit_ir::Span;
use std::fmt;

/// A user-facing error at a place in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub filename: String,
    pub span: Span,
    /// The source line the span points into (without its newline).
    pub source_line: String,
    pub message: String,
    /// Extra lines ("inferred types: ...", "while compiling callee ...").
    pub notes: Vec<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.message)?;
        write!(f, "  --> {}:{}:{}", self.filename, self.span.line, self.span.col)?;
        if !self.source_line.is_empty() {
            let gutter = self.span.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n {pad} |\n {gutter} | {}", self.source_line)?;
            let start = self.span.col.saturating_sub(1) as usize;
            let width = if self.span.end_line == self.span.line && self.span.end_col > self.span.col {
                (self.span.end_col - self.span.col) as usize
            } else {
                self.source_line.chars().count().saturating_sub(start).max(1)
            };
            write!(f, "\n {pad} | {}{}", " ".repeat(start), "^".repeat(width.max(1)))?;
        }
        for note in &self.notes {
            write!(f, "\n  = {note}")?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FrontendError {
    /// The program is outside the supported subset or has a type error.
    #[error("{0}")]
    Typing(Box<Diagnostic>),
    /// The source could not be parsed or fetched.
    #[error("{0}")]
    Source(String),
    /// A bug in ferrojit.
    #[error("internal compiler error (a bug in ferrojit): {0}")]
    Internal(String),
}
