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
    /// Its inner functions (crate::closures), lifted: name -> their key.
    pub local_functions: Vec<(String, crate::FunctionKey)>,
    /// The name of its `*args` parameter, which [`with_varargs_last`] made its last
    /// (keyword-only) parameter: a tuple of the extra positional arguments.
    pub vararg: Option<String>,
    /// Its `with objmode(...)` blocks (crate::objmode), by the number in `$objmodeN`.
    pub objmode: Vec<crate::objmode::ObjModeBlock>,
}

/// `def f(a, *rest, k=1)` as `def f(a, *, k=1, rest)`: `*args` becomes the last
/// parameter (CPython's `co_varnames` order, which the bindings use), a tuple the
/// callers build from their extra positional arguments; every later stage sees an
/// ordinary parameter. Returns the definition and the parameter's name.
pub fn with_varargs_last(mut def: ast::StmtFunctionDef) -> (ast::StmtFunctionDef, Option<String>) {
    let Some(v) = def.args.vararg.take() else { return (def, None) };
    let name = v.arg.to_string();
    let range = v.range;
    def.args.kwonlyargs.push(ast::ArgWithDefault { def: *v, default: None, range: range.into() });
    (def, Some(name))
}

#[derive(Clone)]
pub struct SourceMap {
    text: String,
    line_starts: Vec<usize>,
    first_line: u32,
    col_offset: u32,
    pub filename: String,
    /// Ranges made for code that stands in for other code (an inlined generator's
    /// statements, a copy of a loop's body): each a position of its own, so that the
    /// analyses keyed by position (crate::webs) see distinct program points, and an
    /// error at it points at the range it stands for. Position `SYNTHETIC + i` is
    /// `synthetic[i]`.
    synthetic: Vec<TextRange>,
}

/// Where [`SourceMap::synthesize`]'s positions start (beyond any function's text).
const SYNTHETIC: u32 = 1 << 30;

/// The smallest range covering `a` and `b` (in either order).
pub fn cover(a: TextRange, b: TextRange) -> TextRange {
    TextRange::new(a.start().min(b.start()), a.end().max(b.end()).max(a.start().min(b.start())))
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
            synthetic: Vec::new(),
        }
    }

    /// A new range of its own that stands for `alias` (see [`SourceMap`]'s `synthetic`).
    pub fn synthesize(&mut self, alias: TextRange) -> TextRange {
        let alias = self.resolve(alias);
        let at = rustpython_parser::text_size::TextSize::from(SYNTHETIC + self.synthetic.len() as u32);
        self.synthetic.push(alias);
        TextRange::new(at, at)
    }

    /// The range of the source text `range` stands for.
    fn resolve(&self, range: TextRange) -> TextRange {
        let start = u32::from(range.start());
        if start >= SYNTHETIC {
            return self.synthetic.get((start - SYNTHETIC) as usize).copied().unwrap_or_default();
        }
        if u32::from(range.end()) >= SYNTHETIC {
            return TextRange::new(range.start(), range.start().max((self.text.len() as u32).into()));
        }
        range
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
        let range = self.resolve(range);
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

    /// The text of the lines `range` covers, from the start of its first line.
    pub fn whole_lines(&self, range: TextRange) -> &str {
        let range = self.resolve(range);
        let start = range.start().to_usize().min(self.text.len());
        let line = match self.line_starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line];
        self.text.get(line_start..range.end().to_usize()).unwrap_or("")
    }

    pub fn snippet(&self, range: TextRange) -> &str {
        let range = self.resolve(range);
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
    let mut lambdas = Vec::new();
    for stmt in module.body {
        match stmt {
            ast::Stmt::FunctionDef(def) => {
                if def.args.kwarg.is_some() {
                    return Err(map.error(def.range(), "functions with **kwargs cannot be compiled yet"));
                }
                let (def, vararg) = with_varargs_last(def);
                return Ok(ParsedFunction { def, map, info, local_functions: Vec::new(), vararg, objmode: Vec::new() });
            }
            ast::Stmt::AsyncFunctionDef(def) => {
                return Err(map.error(def.range(), "async functions cannot be compiled"));
            }
            other if info.name == "<lambda>" => lambdas_in_stmt(other, &mut lambdas),
            _ => {}
        }
    }
    // A lambda (`f = njit(lambda x: x * x)`): the source is the statement holding it,
    // which must hold only that one.
    if info.name == "<lambda>" {
        match lambdas.len() {
            1 => {
                let l = lambdas.remove(0);
                if l.args.vararg.is_some() || l.args.kwarg.is_some() {
                    return Err(map.error(l.range, "lambdas with *args or **kwargs are not supported in compiled code yet"));
                }
                let range = l.range;
                let def = lambda_as_def("<lambda>", l, range);
                return Ok(ParsedFunction { def, map, info, local_functions: Vec::new(), vararg: None, objmode: Vec::new() });
            }
            0 => {}
            n => {
                return Err(FrontendError::Source(format!(
                    "the line that defines this lambda holds {n} lambdas, and ferrojit cannot tell which one it is: \
                     give it a line of its own, or use def"
                )))
            }
        }
    }
    Err(FrontendError::Source(format!("no function definition found in the source of `{}`", info.name)))
}

/// `lambda args: body` as `def name(args): return body`, spanning `range`.
pub fn lambda_as_def(name: &str, l: ast::ExprLambda, range: rustpython_parser::text_size::TextRange) -> ast::StmtFunctionDef {
    let body = vec![ast::Stmt::Return(ast::StmtReturn { value: Some(l.body), range: l.range })];
    plain_def(name, l.args, body, range)
}

/// `def name(args): body`, undecorated, spanning `range` (a function the frontend makes).
pub fn plain_def(name: &str, args: Box<ast::Arguments>, body: Vec<ast::Stmt>, range: rustpython_parser::text_size::TextRange) -> ast::StmtFunctionDef {
    ast::StmtFunctionDef {
        name: ast::Identifier::new(name),
        args,
        body,
        decorator_list: vec![],
        returns: None,
        type_comment: None,
        type_params: vec![],
        range,
    }
}

/// The lambdas in a statement, outermost first (the places a lambda handed to `njit`
/// stands: assignments, calls, returns, containers, operators).
fn lambdas_in_stmt(s: ast::Stmt, out: &mut Vec<ast::ExprLambda>) {
    match s {
        ast::Stmt::Expr(e) => lambdas_in(*e.value, out),
        ast::Stmt::Assign(a) => lambdas_in(*a.value, out),
        ast::Stmt::AnnAssign(a) => {
            if let Some(v) = a.value {
                lambdas_in(*v, out)
            }
        }
        ast::Stmt::AugAssign(a) => lambdas_in(*a.value, out),
        ast::Stmt::Return(r) => {
            if let Some(v) = r.value {
                lambdas_in(*v, out)
            }
        }
        _ => {}
    }
}

fn lambdas_in(e: ast::Expr, out: &mut Vec<ast::ExprLambda>) {
    match e {
        ast::Expr::Lambda(l) => out.push(l),
        ast::Expr::Call(c) => {
            lambdas_in(*c.func, out);
            for a in c.args {
                lambdas_in(a, out);
            }
            for k in c.keywords {
                lambdas_in(k.value, out);
            }
        }
        ast::Expr::Tuple(t) => t.elts.into_iter().for_each(|x| lambdas_in(x, out)),
        ast::Expr::List(t) => t.elts.into_iter().for_each(|x| lambdas_in(x, out)),
        ast::Expr::Dict(d) => d.values.into_iter().for_each(|x| lambdas_in(x, out)),
        ast::Expr::BoolOp(b) => b.values.into_iter().for_each(|x| lambdas_in(x, out)),
        ast::Expr::IfExp(i) => {
            lambdas_in(*i.body, out);
            lambdas_in(*i.orelse, out);
        }
        ast::Expr::Starred(s) => lambdas_in(*s.value, out),
        _ => {}
    }
}

/// Remove the indentation of the function's first line (its `def` or first decorator)
/// from every line that has it; returns the text and the width removed. Lines indented
/// less (a comment at column 0, the continuation of a string or of brackets) are left
/// as they are: they don't affect parsing, and a string's text stays as written.
pub fn dedent(text: &str) -> (String, u32) {
    let lead = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let indent = text.lines().find(|l| !l.trim().is_empty()).map_or(0, lead);
    let out: Vec<&str> = text.lines().map(|l| if lead(l) >= indent { &l[indent..] } else { l }).collect();
    (out.join("\n") + "\n", indent as u32)
}

/// Delimits a function's source in the lines of its file, as `inspect.getsource` does,
/// without Python's tokenizer (whose first use in a process costs milliseconds of regex
/// compilation). Fed lines from the code object's first line (its first decorator, or
/// the `def`), it keeps the decorators, the `def` line and every following line that is
/// blank, a comment, indented deeper than the `def`, or the continuation of brackets,
/// a string or a backslash line (tracked roughly). If that goes wrong the block does
/// not parse, and [`BlockFinder::finish`] gives `None` (the caller falls back to
/// `inspect`), so a block is only ever returned when it is exactly one function
/// definition.
#[derive(Default)]
pub struct BlockFinder {
    text: String,
    base: Option<usize>,
    seen_def: bool,
    failed: bool,
    /// Where the previous lines left the scan: open brackets, an open string (its
    /// quote and whether tripled), a trailing backslash.
    depth: i32,
    string: Option<(char, bool)>,
    backslash: bool,
}

impl BlockFinder {
    pub fn new() -> BlockFinder {
        BlockFinder::default()
    }

    /// Take the next line (with its line ending); `false` once the line is past the
    /// block (it is not taken) or the block cannot be delimited.
    pub fn feed(&mut self, line: &str) -> bool {
        // A line that continues brackets, a string or a backslash line belongs to the
        // statement before it, whatever its indentation.
        let continues = self.base.is_some() && (self.depth > 0 || self.string.is_some() || self.backslash);
        self.scan(line);
        if continues {
            self.text.push_str(line);
            return true;
        }
        let content = line.trim_start_matches(' ');
        if content.starts_with('\t') || content.starts_with('\x0c') {
            self.failed = true;
            return false;
        }
        let indent = line.len() - content.len();
        let content = content.trim_end();
        let is_def = content.starts_with("def ") || content.starts_with("async def ");
        let Some(base) = self.base else {
            if !(is_def || content.starts_with('@')) {
                self.failed = true;
                return false;
            }
            self.base = Some(indent);
            self.seen_def = is_def;
            self.text.push_str(line);
            return true;
        };
        if content.is_empty() || content.starts_with('#') || indent > base {
            self.text.push_str(line);
            return true;
        }
        if self.seen_def {
            return false;
        }
        // Between decorators and the `def`: more decorators at the same indentation.
        if indent == base && (is_def || content.starts_with('@')) {
            self.seen_def = is_def;
            self.text.push_str(line);
            return true;
        }
        self.failed = true;
        false
    }

    /// Track brackets, strings and backslashes through one line (roughly: the result is
    /// checked by parsing).
    fn scan(&mut self, line: &str) {
        let mut chars = line.trim_end_matches(['\n', '\r']).chars().peekable();
        self.backslash = false;
        while let Some(c) = chars.next() {
            if let Some((q, triple)) = self.string {
                if c == '\\' {
                    if chars.next().is_none() {
                        self.backslash = true;
                    }
                } else if c == q {
                    if !triple {
                        self.string = None;
                    } else if chars.peek() == Some(&q) {
                        chars.next();
                        if chars.peek() == Some(&q) {
                            chars.next();
                            self.string = None;
                        }
                    }
                }
                continue;
            }
            match c {
                '#' => break,
                '(' | '[' | '{' => self.depth += 1,
                ')' | ']' | '}' => self.depth -= 1,
                '\'' | '"' => {
                    let mut ahead = chars.clone();
                    if ahead.next() == Some(c) && ahead.next() == Some(c) {
                        chars.next();
                        chars.next();
                        self.string = Some((c, true));
                    } else {
                        self.string = Some((c, false));
                    }
                }
                '\\' if chars.peek().is_none() => self.backslash = true,
                _ => {}
            }
        }
        // A one-quote string ends with its line (unless continued by a backslash).
        if matches!(self.string, Some((_, false))) && !self.backslash {
            self.string = None;
        }
    }

    /// The block, if it parses as exactly one function definition called `name`.
    pub fn finish(self, name: &str) -> Option<String> {
        if self.failed || !self.seen_def {
            return None;
        }
        let ast::Mod::Module(module) = parse(&dedent(&self.text).0, Mode::Module, "<source>").ok()? else { return None };
        match module.body.as_slice() {
            [ast::Stmt::FunctionDef(def)] if def.name.as_str() == name => Some(self.text),
            [ast::Stmt::AsyncFunctionDef(def)] if def.name.as_str() == name => Some(self.text),
            _ => None,
        }
    }
}

#[cfg(test)]
mod block_tests {
    use super::BlockFinder;

    fn block(file: &str, first: usize, name: &str) -> Option<String> {
        let mut f = BlockFinder::new();
        for line in file.split_inclusive('\n').skip(first - 1) {
            if !f.feed(line) {
                break;
            }
        }
        f.finish(name)
    }

    const FILE: &str = "import numpy as np\n\n@deco\n@other(1,\n       2)\ndef f(x):\n    # comment\n\n    y = x + 1\n# column-0 comment\n    return y\n\nz = 3\n\nclass C:\n    def m(self, a):\n        s = \"\"\"doc\nat column 0\n\"\"\"\n        return a\n\n    def n(self): return 1\nw = 4\n";

    #[test]
    fn decorated_function_up_to_the_next_statement() {
        let b = block(FILE, 3, "f").unwrap();
        assert!(b.starts_with("@deco\n@other(1,\n"));
        assert!(b.contains("    return y\n"));
        assert!(!b.contains("z = 3"));
    }

    #[test]
    fn one_line_method() {
        assert_eq!(block(FILE, 22, "n").unwrap(), "    def n(self): return 1\n");
    }

    #[test]
    fn strings_and_brackets_continue_whatever_their_indentation() {
        let m = block(FILE, 16, "m").unwrap();
        assert!(m.contains("at column 0") && m.ends_with("        return a\n\n"));
        assert!(block("def f(a,\nb):\n    return (a +\n1)\nx = 2\n", 1, "f").unwrap().ends_with("1)\n"));
        assert!(block("@deco(\n    1,\n)\ndef f(a):\n    return a\n", 1, "f").is_some());
        assert!(block("def f(a):\n    return a + \\\n1\nx = 2\n", 1, "f").unwrap().ends_with("1\n"));
    }

    #[test]
    fn wrong_name_or_not_a_def() {
        assert_eq!(block(FILE, 6, "g"), None);
        assert_eq!(block(FILE, 13, "z"), None);
        assert_eq!(block("f = lambda x: x\n", 1, "<lambda>"), None);
    }


    #[test]
    fn tabs_give_up() {
        assert_eq!(block("def f(a):\n\treturn a\n", 1, "f"), None);
    }

    #[test]
    fn last_function_in_a_file_without_final_newline() {
        assert_eq!(block("x = 1\ndef f(a):\n    return a", 2, "f").unwrap(), "def f(a):\n    return a");
    }
}
