//! The typed IR's text form: one line per statement, expressions in prefix-free infix form
//! with a `: type` after every variable read, call and conversion.
//!
//! The form is complete enough to be read back ([`crate::parse`]): types that are not
//! printed follow from the operands (see the parser's module doc), and every variable has a
//! label of its own ([`var_label`]). A program whose entry is not its first function, or
//! whose options are not the defaults, starts with an `entry` / `options` line.

use crate::*;
use std::borrow::Cow;
use std::fmt::Write;

pub fn print_program(p: &Program) -> String {
    let mut out = String::new();
    if p.options != CodegenOptions::default() {
        let o = &p.options;
        let model = match o.error_model {
            ErrorModel::Python => "python",
            ErrorModel::Numpy => "numpy",
        };
        let parallel = if o.parallel { ", parallel=true" } else { "" };
        let _ = writeln!(out, "options fastmath={}, error_model={model}, boundscheck={}{parallel}", o.fastmath, o.boundscheck);
    }
    if p.entry != 0 {
        if let Some(f) = p.functions.get(p.entry) {
            let _ = writeln!(out, "entry {}", f.symbol);
        }
    }
    for (i, f) in p.functions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        print_function(p, f, &mut out);
    }
    out
}

/// One function of a program (calls name their callees in `p`).
pub fn function_text(p: &Program, f: &Function) -> String {
    let mut out = String::new();
    print_function(p, f, &mut out);
    out
}

/// The name variable `v` of `f` goes by in the text form: its name, or `name'k` for the
/// k-th later variable of the same name (inlining a function twice copies its locals
/// twice), counting parameters first, then locals in order (the order they are declared
/// in), so that every variable has a label of its own.
pub fn var_label(f: &Function, v: VarId) -> Cow<'_, str> {
    let name = f.vars[v].name.as_str();
    if f.vars.iter().filter(|x| x.name == name).nth(1).is_none() {
        return Cow::Borrowed(name);
    }
    let same = |w: &VarId| f.vars[*w].name == name;
    let earlier = match f.params.iter().position(|&p| p == v) {
        Some(i) => f.params[..i].iter().filter(|w| same(w)).count(),
        None => f.params.iter().filter(|w| same(w)).count() + (0..v).filter(|w| !f.params.contains(w) && same(w)).count(),
    };
    if earlier == 0 {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("{name}'{earlier}"))
    }
}

fn print_function(p: &Program, f: &Function, out: &mut String) {
    let params: Vec<String> = f.params.iter().map(|&v| format!("{}: {}", var_label(f, v), f.vars[v].ty)).collect();
    let _ = writeln!(out, "fn {}({}) -> {} {{", f.symbol, params.join(", "), f.ret);
    let mut locals: Vec<String> = Vec::new();
    for (i, v) in f.vars.iter().enumerate() {
        if !f.params.contains(&i) {
            locals.push(format!("{}: {}", var_label(f, i), v.ty));
        }
    }
    if !locals.is_empty() {
        let _ = writeln!(out, "  locals {}", locals.join(", "));
    }
    print_block(p, f, &f.body, 1, out);
    out.push_str("}\n");
}

fn print_block(p: &Program, f: &Function, b: &Block, depth: usize, out: &mut String) {
    for s in b {
        let pad = "  ".repeat(depth);
        let _ = writeln!(out, "{pad}{}", stmt_header(p, f, s));
        match &s.kind {
            StmtKind::If { then_body, else_body, .. } => {
                print_block(p, f, then_body, depth + 1, out);
                if !else_body.is_empty() {
                    let _ = writeln!(out, "{pad}else:");
                    print_block(p, f, else_body, depth + 1, out);
                }
            }
            StmtKind::While { body, .. } | StmtKind::ForRange { body, .. } => print_block(p, f, body, depth + 1, out),
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                print_block(p, f, body, depth + 1, out);
                for h in handlers {
                    let kinds: Vec<&str> = h.kinds.iter().map(|k| k.name()).collect();
                    let _ = writeln!(out, "{pad}except ({}):", kinds.join(", "));
                    print_block(p, f, &h.body, depth + 1, out);
                }
                for (label, b) in [("else", orelse), ("finally", finalbody)] {
                    if !b.is_empty() {
                        let _ = writeln!(out, "{pad}{label}:");
                        print_block(p, f, b, depth + 1, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// One statement's own line of text (without nested blocks), ending with its source line.
pub fn stmt_header(p: &Program, f: &Function, s: &Stmt) -> String {
    let line = s.span.line;
    match &s.kind {
        StmtKind::Assign { var, value } => format!("{} = {}    # line {line}", var_label(f, *var), expr(p, f, value)),
        StmtKind::If { cond, .. } => format!("if {}:    # line {line}", expr(p, f, cond)),
        StmtKind::While { cond, .. } => format!("while {}:    # line {line}", expr(p, f, cond)),
        StmtKind::Try { .. } => format!("try:    # line {line}"),
        StmtKind::ForRange { var, start, stop, step, .. } => format!(
            "for {} in range({}, {}, {}):    # line {line}",
            var_label(f, *var),
            expr(p, f, start),
            expr(p, f, stop),
            expr(p, f, step)
        ),
        StmtKind::Break => "break".to_string(),
        StmtKind::Continue => "continue".to_string(),
        StmtKind::Return(e) => format!("return {}    # line {line}", expr(p, f, e)),
        StmtKind::Del(e) => format!("del {}    # line {line}", expr(p, f, e)),
        StmtKind::Expr(e) => format!("{}    # line {line}", expr(p, f, e)),
        StmtKind::Store { array, indices, value } => {
            let idx: Vec<String> = indices.iter().map(|i| expr(p, f, i)).collect();
            format!("{}[{}] = {}    # line {line}", expr(p, f, array), idx.join(", "), expr(p, f, value))
        }
        StmtKind::StoreView { target, value } => format!("{}[...] = {}    # line {line}", expr(p, f, target), expr(p, f, value)),
        StmtKind::PtrStore { ptr, index, value } => {
            format!("{}[{}] = {}    # line {line}", expr(p, f, ptr), expr(p, f, index), expr(p, f, value))
        }
        StmtKind::Raise { exc, message } => format!("raise {}({message:?})    # line {line}", exc.name()),
    }
}

fn constant(c: &Const) -> String {
    match c {
        Const::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Const::Int(i) => i.to_string(),
        Const::Float(x) => format!("{x:?}"),
        Const::None => "None".to_string(),
        Const::Str(s) => format!("{s:?}"),
    }
}

fn print_args(p: &Program, f: &Function, args: &[PrintArg]) -> Vec<String> {
    args.iter()
        .map(|a| match a {
            PrintArg::Text(t) => format!("{t:?}"),
            PrintArg::Value(v) => expr(p, f, v),
        })
        .collect()
}

/// Render one expression.
pub fn expr(p: &Program, f: &Function, e: &Expr) -> String {
    match &e.kind {
        ExprKind::Const(c) => constant(c),
        ExprKind::Var(v) => format!("{}: {}", var_label(f, *v), e.ty),
        ExprKind::Cast(x) => format!("{}({})", e.ty, expr(p, f, x)),
        ExprKind::Truth(x) => format!("bool({})", expr(p, f, x)),
        ExprKind::Unary { op, operand } => {
            let sym = match op {
                UnaryOp::Neg => "-",
                UnaryOp::Invert => "~",
                UnaryOp::Not => "not ",
                UnaryOp::Conj => "conj",
            };
            format!("{sym}({})", expr(p, f, operand))
        }
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", expr(p, f, lhs), op.symbol(), expr(p, f, rhs))
        }
        ExprKind::Compare { op, lhs, rhs } => {
            format!("({} {} {})", expr(p, f, lhs), op.symbol(), expr(p, f, rhs))
        }
        ExprKind::And(a, b) => format!("({} and {})", expr(p, f, a), expr(p, f, b)),
        ExprKind::Or(a, b) => format!("({} or {})", expr(p, f, a), expr(p, f, b)),
        ExprKind::IfExp { cond, then, orelse } => {
            format!("({} if {} else {})", expr(p, f, then), expr(p, f, cond), expr(p, f, orelse))
        }
        ExprKind::Let { var, value, body } => {
            format!("(let {} = {} in {})", var_label(f, *var), expr(p, f, value), expr(p, f, body))
        }
        ExprKind::Call { func, args } | ExprKind::ParallelFor { func, args, .. } => {
            let args: Vec<String> = args.iter().map(|a| expr(p, f, a)).collect();
            let word = match &e.kind {
                ExprKind::ParallelFor { reduce: None, .. } => "parallel_for".to_string(),
                ExprKind::ParallelFor { reduce: Some(op), .. } => format!("parallel_{}", op.name()),
                _ => "call".to_string(),
            };
            format!("{word} {}({}): {}", p.functions[*func].symbol, args.join(", "), e.ty)
        }
        ExprKind::Math { func, args } => {
            let args: Vec<String> = args.iter().map(|a| expr(p, f, a)).collect();
            format!("math.{}({}): {}", func.name(), args.join(", "), e.ty)
        }
        ExprKind::Round(x) => format!("round({}): {}", expr(p, f, x), e.ty),
        ExprKind::MinMax { is_max, args } => {
            let args: Vec<String> = args.iter().map(|a| expr(p, f, a)).collect();
            format!("{}({}): {}", if *is_max { "max" } else { "min" }, args.join(", "), e.ty)
        }
        ExprKind::Tuple(items) => {
            let items: Vec<String> = items.iter().map(|a| expr(p, f, a)).collect();
            format!("({},)", items.join(", "))
        }
        ExprKind::TupleGet { tuple, index } => format!("{}[{index}]", expr(p, f, tuple)),
        ExprKind::Complex { re, im } => format!("complex({}, {})", expr(p, f, re), expr(p, f, im)),
        ExprKind::OptionalHas(x) => format!("has({})", expr(p, f, x)),
        ExprKind::OptionalValue { value, what } => format!("value({}, {what:?})", expr(p, f, value)),
        ExprKind::ComplexPart { value, imag } => format!("{}.{}", expr(p, f, value), if *imag { "imag" } else { "real" }),
        ExprKind::Index { array, indices } => {
            let idx: Vec<String> = indices.iter().map(|i| expr(p, f, i)).collect();
            format!("{}[{}]: {}", expr(p, f, array), idx.join(", "), e.ty)
        }
        ExprKind::View { array, indices } => {
            let idx: Vec<String> = indices.iter().map(|i| expr(p, f, i)).collect();
            format!("view({}[{}]): {}", expr(p, f, array), idx.join(", "), e.ty)
        }
        ExprKind::ArrayAttr { array, attr } => format!("{}.{}", expr(p, f, array), format!("{attr:?}").to_lowercase()),
        ExprKind::NewArray { shape, fill } => {
            let dims: Vec<String> = shape.iter().map(|i| expr(p, f, i)).collect();
            match fill {
                Some(v) => format!("new {}(({},), fill={})", e.ty, dims.join(", "), expr(p, f, v)),
                None => format!("new {}(({},))", e.ty, dims.join(", ")),
            }
        }
        ExprKind::Arange { start, stop, step } => {
            format!("arange({}, {}, {}): {}", expr(p, f, start), expr(p, f, stop), expr(p, f, step), e.ty)
        }
        ExprKind::Reduce { op, array, axis } => match axis {
            Some(a) => format!("{}({}, axis={a}): {}", op.name(), expr(p, f, array), e.ty),
            None => format!("{}({}): {}", op.name(), expr(p, f, array), e.ty),
        },
        ExprKind::Slice { array, items } => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    SliceItem::Index(x) => expr(p, f, x),
                    SliceItem::NewAxis => "None".into(),
                    SliceItem::Range { start, stop, step } => {
                        let o = |x: &Option<Expr>| x.as_ref().map(|x| expr(p, f, x)).unwrap_or_default();
                        format!("{}:{}:{}", o(start), o(stop), o(step))
                    }
                })
                .collect();
            format!("{}[{}]: {}", expr(p, f, array), parts.join(", "), e.ty)
        }
        ExprKind::Map { inputs, body } => {
            let ins: Vec<String> = inputs.iter().enumerate().map(|(k, x)| format!("${k}={}", expr(p, f, x))).collect();
            format!("map[{}]({}): {}", ins.join(", "), expr(p, f, body), e.ty)
        }
        ExprKind::Input(k) => format!("${k}"),
        ExprKind::NumpySemantics(x) => format!("numpy({})", expr(p, f, x)),
        ExprKind::Guard { cond, exc, message, value } => {
            format!("guard({}, {}({message:?}), {})", expr(p, f, cond), exc.name(), expr(p, f, value))
        }
        ExprKind::RaiseFormat { exc, template, args } => {
            let mut items = vec![format!("{template:?}")];
            items.extend(print_args(p, f, args));
            format!("raise_format({}, {})", exc.name(), items.join(", "))
        }
        ExprKind::Str { op, args } => {
            let args: Vec<String> = args.iter().map(|a| expr(p, f, a)).collect();
            format!("str.{}({}): {}", op.name(), args.join(", "), e.ty)
        }
        ExprKind::List { op, args } => {
            let args: Vec<String> = args.iter().map(|a| expr(p, f, a)).collect();
            format!("list.{}({}): {}", op.name(), args.join(", "), e.ty)
        }
        ExprKind::CCall { addr, args } => format!("ccall({addr:#x}{}): {}", args.iter().map(|a| format!(", {}", expr(p, f, a))).collect::<String>(), e.ty),
        ExprKind::PyCall { func, args } => format!("pycall({func:#x}{}): {}", print_args(p, f, args).iter().map(|a| format!(", {a}")).collect::<String>(), e.ty),
        ExprKind::FormatStr { template, args } => {
            let mut items = vec![format!("{template:?}")];
            items.extend(print_args(p, f, args));
            format!("format_str({})", items.join(", "))
        }
        ExprKind::Print { args, sep, end, flush, stderr } => {
            let mut items = print_args(p, f, args);
            items.push(format!("sep={sep:?}, end={end:?}, flush={}", if *flush { "True" } else { "False" }));
            if *stderr {
                items.push("file=sys.stderr".into());
            }
            format!("print({})", items.join(", "))
        }
        ExprKind::Transpose(x) => format!("{}.T", expr(p, f, x)),
        ExprKind::PtrIndex { ptr, index } => format!("{}[{}]: {}", expr(p, f, ptr), expr(p, f, index), e.ty),
        ExprKind::CArray { ptr, shape } => {
            let dims: Vec<String> = shape.iter().map(|d| expr(p, f, d)).collect();
            format!("carray({}, ({},)): {}", expr(p, f, ptr), dims.join(", "), e.ty)
        }
        ExprKind::Sort(x) => format!("sort({}): {}", expr(p, f, x), e.ty),
        ExprKind::Scan { op, array, axis } => format!("cum{}({}, axis={axis:?}): {}", op.name(), expr(p, f, array), e.ty),
        ExprKind::Reshape { array, shape } => {
            let dims: Vec<String> = shape.iter().map(|d| expr(p, f, d)).collect();
            format!("{}.reshape({}): {}", expr(p, f, array), dims.join(", "), e.ty)
        }
        ExprKind::CopyArray(a) => format!("copy({}): {}", expr(p, f, a), e.ty),
        ExprKind::Fill { array, value } => format!("{}.fill({})", expr(p, f, array), expr(p, f, value)),
        ExprKind::ConstArray { data, shape, strides } => {
            format!("<global {} shape {shape:?} strides {strides:?} at {data:#x}>", e.ty)
        }
    }
}
