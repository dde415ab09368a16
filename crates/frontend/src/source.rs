//! Parsing a function's source and mapping byte ranges back to file positions.

use crate::{Diagnostic, FrontendError, FunctionSource};
use ferrojit_ir::Span;
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;
use rustpython_parser::{parse, Mode};

/// A parsed function plus what's needed to point at its source.
pub struct ParsedFunction {
    pub def: ast::StmtFunctionDef,
    pub map: SourceMap,
    pub info: FunctionSource,
}

pub struct SourceMap {
    text: String,
    line_starts: Vec<usize>,
    first_line: u32,
    col_offset: u32,
    pub filename: String,
}

impl SourceMap {
    pub fn new(info: &FunctionSource) -> SourceMap {
        let mut line_starts = vec![0];
        for (i, b) in info.source.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        SourceMap {
            text: info.source.clone(),
            line_starts,
            first_line: info.first_line.max(1),
            col_offset: info.col_offset,
            filename: info.filename.clone(),
        }
    }

    fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line as u32 + self.first_line, col as u32 + 1 + self.col_offset)
    }

    pub fn span(&self, range: TextRange) -> Span {
        let (line, col) = self.position(range.start().to_usize());
        let (end_line, end_col) = self.position(range.end().to_usize());
        Span { line, col, end_line, end_col }
    }

    /// The text of a file line (as given by a span), re-indented as in the file.
    pub fn line_text(&self, line: u32) -> String {
        let idx = line.saturating_sub(self.first_line) as usize;
        let Some(&start) = self.line_starts.get(idx) else { return String::new() };
        let end = self.line_starts.get(idx + 1).map_or(self.text.len(), |e| e - 1);
        let text = self.text.get(start..end).unwrap_or("").trim_end_matches('\r');
        format!("{}{}", " ".repeat(self.col_offset as usize), text)
    }

    pub fn snippet(&self, range: TextRange) -> &str {
        self.text.get(range.start().to_usize()..range.end().to_usize()).unwrap_or("")
    }

    pub fn diagnostic(&self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        let span = self.span(range);
        Diagnostic {
            filename: self.filename.clone(),
            span,
            source_line: self.line_text(span.line),
            message: message.into(),
            notes: Vec::new(),
        }
    }

    pub fn error(&self, range: TextRange, message: impl Into<String>) -> FrontendError {
        FrontendError::Typing(Box::new(self.diagnostic(range, message)))
    }
}

/// Parse `info.source` and return its (first) function definition.
pub fn parse_function(info: FunctionSource) -> Result<ParsedFunction, FrontendError> {
    let map = SourceMap::new(&info);
    let module = parse(&info.source, Mode::Module, &info.filename).map_err(|e| {
        let offset = e.offset.to_usize();
        let range = TextRange::new(e.offset, e.offset);
        let _ = offset;
        map.error(range, format!("cannot parse the function's source: {}", e.error))
    })?;
    let ast::Mod::Module(module) = module else {
        return Err(FrontendError::Internal("parser returned a non-module".into()));
    };
    for stmt in module.body {
        match stmt {
            ast::Stmt::FunctionDef(def) => return Ok(ParsedFunction { def, map, info }),
            ast::Stmt::AsyncFunctionDef(def) => {
                return Err(map.error(def.range(), "async functions cannot be compiled"));
            }
            _ => {}
        }
    }
    Err(FrontendError::Source(format!(
        "no function definition found in the source of `{}` (lambdas are not supported; use def)",
        info.name
    )))
}
