//! What each source line of a function became: the names it assigns and reads with their
//! types, and its statements in typed IR. The data behind the HTML annotation report
//! (`f.annotate_html()`); the backend adds allocation sites and LLVM's loop remarks.

use crate::print::stmt_header;
use crate::*;
use std::collections::BTreeMap;

/// Whether a line assigns a name or reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Assign,
    Read,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Assign => "assign",
            Role::Read => "read",
        }
    }
}

/// The annotations of one source line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineInfo {
    /// (name, type, role), each once per line, in order of appearance.
    pub types: Vec<(String, Type, Role)>,
    /// The typed IR of the statements that start on this line.
    pub ir: Vec<String>,
}

impl LineInfo {
    fn note(&mut self, name: &str, ty: &Type, role: Role) {
        let name = crate::source_name(name);
        if !self.types.iter().any(|(n, t, r)| n == name && t == ty && *r == role) {
            self.types.push((name.to_string(), ty.clone(), role));
        }
    }
}

/// Per source line (file line numbers) of function `f` of program `p`.
pub fn line_info(p: &Program, f: &Function) -> BTreeMap<u32, LineInfo> {
    let mut lines: BTreeMap<u32, LineInfo> = BTreeMap::new();
    let def_line = lines.entry(f.span.line).or_default();
    for &v in &f.params {
        if is_user_name(&f.vars[v].name) {
            def_line.note(&f.vars[v].name, &f.vars[v].ty, Role::Assign);
        }
    }
    block(p, f, &f.body, &mut lines);
    lines
}

fn block(p: &Program, f: &Function, b: &Block, lines: &mut BTreeMap<u32, LineInfo>) {
    for s in b {
        let line = s.span.line;
        for e in s.exprs() {
            e.walk(&mut |x| {
                if let ExprKind::Var(v) = x.kind {
                    let var = &f.vars[v];
                    if is_user_name(&var.name) {
                        let at = if x.span.line > 0 { x.span.line } else { line };
                        lines.entry(at).or_default().note(&var.name, &var.ty, Role::Read);
                    }
                }
            });
        }
        let info = lines.entry(line).or_default();
        match &s.kind {
            StmtKind::Assign { var, .. } | StmtKind::ForRange { var, .. } => {
                let v = &f.vars[*var];
                if is_user_name(&v.name) {
                    info.note(&v.name, &v.ty, Role::Assign);
                }
            }
            _ => {}
        }
        info.ir.push(stmt_header(p, f, s));
        for inner in s.blocks() {
            block(p, f, inner, lines);
        }
    }
}

/// Names the user wrote (the frontend's hidden temporaries contain `$` or `.`).
fn is_user_name(name: &str) -> bool {
    let name = crate::source_name(name);
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The types each line of `f` gives the names it assigns, as `line: name = type` lines
/// (parameters on the `def` line); a name assigned twice on one line with different
/// types (two webs) shows both. `FERROJIT_DUMP_TYPES=1` prints this for every compile.
pub fn assigned_types(p: &Program, f: &Function) -> String {
    let mut out = String::new();
    for (line, info) in line_info(p, f) {
        let names: Vec<String> =
            info.types.iter().filter(|(_, _, r)| *r == Role::Assign).map(|(n, t, _)| format!("{n} = {t}")).collect();
        if !names.is_empty() {
            out.push_str(&format!("{line}: {}\n", names.join(", ")));
        }
    }
    out
}
