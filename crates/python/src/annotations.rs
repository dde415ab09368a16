//! The data behind the HTML annotation report (`ferrojit.annotate` renders it).
//!
//! `Dispatcher._annotations()` returns one dict per function of each compiled
//! specialisation (the dispatcher's own function and the jitted callees compiled into
//! its program) and one per signature that runs in the interpreter. Per source line it
//! merges what the typed IR says (names assigned and read, with types; the statements in
//! typed IR) with what the backend did (array allocations; LLVM's loop-vectoriser
//! remarks), gathered by `ferrojit_llvm::annotate`, which compiles the program once more
//! with line tables, on first request. The dict layout is documented in
//! python/ferrojit/annotate.py.

use crate::dispatcher::{format_sig, Dispatcher};
use crate::errors::InternalCompilerError;
use ferrojit_frontend::ArgType;
use ferrojit_ir::annotate::line_info;
use ferrojit_ir::{Function, Program};
use std::sync::OnceLock;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::collections::BTreeMap;

/// The source line a TypingError points at (its `--> file:line:col` line).
pub fn error_line(message: &str) -> Option<u32> {
    let at = message.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = at.rsplitn(3, ':');
    let _col = parts.next()?;
    parts.next()?.parse().ok()
}

/// The function's source lines as in its file (decorators included) and the file line
/// number of the first.
fn source_lines<'py>(py: Python<'py>, filename: &str, def_line: u32, end_line: u32) -> PyResult<(u32, Vec<String>)> {
    let all: Vec<String> = py.import("linecache")?.getattr("getlines")?.call1((filename,))?.extract()?;
    if def_line == 0 || all.is_empty() {
        return Ok((def_line, Vec::new()));
    }
    let mut first = def_line as usize;
    while first > 1 && all.get(first - 2).is_some_and(|l| l.trim_start().starts_with('@')) {
        first -= 1;
    }
    let last = (end_line as usize).max(def_line as usize).min(all.len());
    let lines = all[first - 1..last].iter().map(|l| l.trim_end_matches(['\n', '\r']).to_string()).collect();
    Ok((first as u32, lines))
}

fn function_dict<'py>(
    py: Python<'py>,
    program: &Program,
    index: usize,
    f: &Function,
    ann: &ferrojit_llvm::Annotation,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let (first, lines) = source_lines(py, &f.filename, f.span.line, f.span.end_line)?;
    d.set_item("name", &f.name)?;
    d.set_item("filename", &f.filename)?;
    d.set_item("first_line", first)?;
    d.set_item("source_lines", lines)?;
    d.set_item("signature", format_sig(&f.param_types()))?;
    d.set_item("return_type", f.ret.to_string())?;
    d.set_item("entry", index == program.entry)?;
    d.set_item("mode", "nopython")?;
    d.set_item("object_reason", py.None())?;
    let info = line_info(program, f);
    let mut per_line: BTreeMap<u32, Bound<'py, PyDict>> = BTreeMap::new();
    let mut entry = |line: u32| -> PyResult<Bound<'py, PyDict>> {
        if let Some(e) = per_line.get(&line) {
            return Ok(e.clone());
        }
        let e = PyDict::new(py);
        e.set_item("types", PyList::empty(py))?;
        e.set_item("allocations", PyList::empty(py))?;
        e.set_item("loops", PyList::empty(py))?;
        e.set_item("checks", PyList::empty(py))?;
        e.set_item("parallel", PyList::empty(py))?;
        e.set_item("ir", PyList::empty(py))?;
        per_line.insert(line, e.clone());
        Ok(e)
    };
    let list = |e: &Bound<'py, PyDict>, key: &str| -> PyResult<Bound<'py, PyList>> {
        Ok(e.get_item(key)?.ok_or_else(|| InternalCompilerError::new_err("annotation entry"))?.cast_into::<PyList>()?)
    };
    for (line, li) in &info {
        let e = entry(*line)?;
        for (name, ty, role) in &li.types {
            list(&e, "types")?.append((name, ty.to_string(), role.name()))?;
        }
        for s in &li.ir {
            list(&e, "ir")?.append(s)?;
        }
    }
    for a in ann.allocations.iter().filter(|a| a.function == index && a.line > 0) {
        list(&entry(a.line)?, "allocations")?.append(format!("allocates {}", a.what))?;
    }
    let last = f.span.end_line.max(f.span.line);
    for c in ann.checks_in_loops.iter().filter(|c| c.file == f.filename && c.line >= f.span.line && c.line <= last) {
        list(&entry(c.line)?, "checks")?.append(
            "a bounds check stays in this loop: an index the compiler cannot prove in range (index with the loop's counter over the array's own shape, or compile with boundscheck=False)",
        )?;
    }
    for n in program.notes.iter().filter(|n| n.filename == f.filename && n.line >= f.span.line && n.line <= last) {
        list(&entry(n.line)?, "parallel")?.append((n.parallel, format!("prange loop {}", n.message)))?;
    }
    for l in loops(&ann.remarks, f) {
        let d = PyDict::new(py);
        d.set_item("vectorized", l.vectorized)?;
        d.set_item("message", &l.message)?;
        list(&entry(l.line)?, "loops")?.append(d)?;
    }
    let lines_dict = PyDict::new(py);
    for (line, e) in per_line {
        lines_dict.set_item(line, e)?;
    }
    d.set_item("lines", lines_dict)?;
    d.set_item("typed_ir", ferrojit_ir::print::function_text(program, f))?;
    d.set_item("llvm_ir", &ann.llvm_ir)?;
    Ok(d)
}

fn object_mode_dict<'py>(py: Python<'py>, disp: &Dispatcher, signature: String, line: u32, message: String) -> PyResult<Bound<'py, PyDict>> {
    let func = disp.py_func.bind(py);
    let filename: String = func.getattr("__code__")?.getattr("co_filename")?.extract()?;
    let def_line: u32 = func.getattr("__code__")?.getattr("co_firstlineno")?.extract()?;
    // The def line (co_firstlineno is the first decorator's line) to the end of the body.
    let (first, lines) = match py.import("inspect")?.getattr("getsourcelines")?.call1((func,)) {
        Ok(r) => {
            let (lines, start): (Vec<String>, u32) = r.extract()?;
            (start, lines.into_iter().map(|l| l.trim_end_matches(['\n', '\r']).to_string()).collect())
        }
        Err(_) => (def_line, Vec::new()),
    };
    let d = PyDict::new(py);
    d.set_item("name", &disp.name)?;
    d.set_item("filename", filename)?;
    d.set_item("first_line", first)?;
    d.set_item("source_lines", lines)?;
    d.set_item("signature", signature)?;
    d.set_item("return_type", py.None())?;
    d.set_item("entry", true)?;
    d.set_item("mode", "object")?;
    let reason = PyDict::new(py);
    reason.set_item("line", if line > 0 { line } else { def_line })?;
    reason.set_item("message", message)?;
    d.set_item("object_reason", reason)?;
    d.set_item("lines", PyDict::new(py))?;
    d.set_item("typed_ir", "")?;
    d.set_item("llvm_ir", "")?;
    Ok(d)
}

pub fn annotations<'py>(slf: &Bound<'py, Dispatcher>) -> PyResult<Bound<'py, PyList>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| collect(slf))).unwrap_or_else(|p| {
        let msg = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
        Err(InternalCompilerError::new_err(format!("annotating panicked: {msg}\n(this is a bug in ferrojit)")))
    })
}

fn collect<'py>(slf: &Bound<'py, Dispatcher>) -> PyResult<Bound<'py, PyList>> {
    let py = slf.py();
    let disp = slf.borrow();
    let out = PyList::empty(py);
    for spec in disp.specs.all() {
        let before = out.len();
        program_dicts(py, &disp.name, &spec.program, &spec.annotation, &out)?;
        // `cache=True`: whether the entry's machine code came from the on-disk cache.
        if !matches!(spec.cache, crate::cache::CacheState::Off) {
            for k in before..out.len() {
                let d = out.get_item(k)?.cast_into::<PyDict>()?;
                if d.get_item("entry")?.is_some_and(|e| e.is_truthy().unwrap_or(false)) {
                    d.set_item("cache", spec.cache.describe())?;
                }
            }
        }
    }
    if disp.forced_calls.load(std::sync::atomic::Ordering::Relaxed) {
        let msg = "forceobj=True: the function always runs in the Python interpreter".to_string();
        out.append(object_mode_dict(py, &disp, "(any arguments)".into(), 0, msg)?)?;
    }
    for m in disp.object_mode.read().unwrap_or_else(|p| p.into_inner()).iter() {
        let sig = format!(
            "({})",
            m.types
                .iter()
                .map(|t| match t {
                    ArgType::Known(t) => t.to_string(),
                    // "a `MyInt` object" -> "MyInt"
                    ArgType::Unsupported(w) => w.split('`').nth(1).unwrap_or(w).to_string(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        out.append(object_mode_dict(py, &disp, sig, m.line, m.message.clone())?)?;
    }
    Ok(out)
}

/// One loop as the report shows it.
#[derive(Debug, PartialEq)]
struct Loop {
    line: u32,
    vectorized: bool,
    message: String,
}

/// The loops of function `f`, from the vectoriser's remarks in the order LLVM emitted
/// them: the reasons (analysis remarks, at the line of the offending operation) come
/// just before the loop's own "loop not vectorized", so they are attached to that loop
/// (with their line when it differs). Identical entries on one line (the copies of a
/// loop codegen makes) are shown once.
fn loops(remarks: &[ferrojit_llvm::LoopRemark], f: &Function) -> Vec<Loop> {
    let last = f.span.end_line.max(f.span.line);
    let mut out: Vec<Loop> = Vec::new();
    let mut reasons: Vec<&ferrojit_llvm::LoopRemark> = Vec::new();
    let push = |l: Loop, out: &mut Vec<Loop>| {
        if !out.contains(&l) {
            out.push(l);
        }
    };
    for r in remarks.iter().filter(|r| r.file == f.filename && r.line >= f.span.line && r.line <= last) {
        if r.vectorized {
            reasons.clear();
            push(Loop { line: r.line, vectorized: true, message: r.message.clone() }, &mut out);
        } else if r.message == "loop not vectorized" {
            let why: Vec<String> = reasons
                .drain(..)
                .map(|a| {
                    let text = a.message.strip_prefix("loop not vectorized: ").unwrap_or(&a.message);
                    if a.line == r.line { text.to_string() } else { format!("{text} (line {})", a.line) }
                })
                .collect();
            let message = if why.is_empty() { r.message.clone() } else { format!("loop not vectorized: {}", why.join("; ")) };
            push(Loop { line: r.line, vectorized: false, message }, &mut out);
        } else {
            reasons.push(r);
        }
    }
    for a in reasons {
        push(Loop { line: a.line, vectorized: false, message: a.message.clone() }, &mut out);
    }
    out
}

/// The dicts of every function of a compiled program, annotating it (once, kept in
/// `cache`) on first request.
pub fn program_dicts<'py>(
    py: Python<'py>,
    name: &str,
    program: &Program,
    cache: &OnceLock<Result<ferrojit_llvm::Annotation, String>>,
    out: &Bound<'py, PyList>,
) -> PyResult<()> {
    if cache.get().is_none() {
        // Computed without the GIL and outside the OnceLock (a thread waiting on the
        // lock while holding the GIL would deadlock with this one); a racing thread's
        // result is simply dropped.
        let made = py
            .detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ferrojit_llvm::annotate(program))))
            .map_err(|_| "the LLVM backend panicked".to_string())
            .and_then(|r| r.map_err(|e| e.to_string()));
        let _ = cache.set(made);
    }
    let ann = cache
        .get()
        .ok_or_else(|| InternalCompilerError::new_err("annotation missing"))?
        .as_ref()
        .map_err(|e| InternalCompilerError::new_err(format!("annotating `{name}`: {e}\n(this is a bug in ferrojit)")))?;
    for (i, f) in program.functions.iter().enumerate() {
        out.append(function_dict(py, program, i, f, ann)?)?;
    }
    Ok(())
}
