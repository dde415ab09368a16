//! The one compile driver behind `@jit` specialisations and `@cfunc`: the options a
//! decorator was given, as one typed object, and the frontend run with its debugging
//! dumps. The backend step differs (a Python-callable entry or a C entry point), so each
//! caller runs it on the program this returns.

use crate::dispatcher::{env_flag, panic_error};
use crate::errors::{backend_error, frontend_error};
use crate::resolver::PyResolver;
use ferrojit_frontend::program::Declared;
use ferrojit_frontend::ArgType;
use ferrojit_ir::{CodegenOptions, ErrorModel, Program, Type};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A decorator's options (Numba's names), checked once here.
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    pub nogil: bool,
    /// `cache=True`: machine code kept on disk (crate::cache).
    pub cache: bool,
    /// `forceobj=True`: always run in the interpreter (object mode).
    pub forceobj: bool,
    /// `nopython=False`: fall back to the interpreter when compiling fails.
    pub fallback: bool,
    pub codegen: CodegenOptions,
    /// `locals={"name": type}`.
    pub locals: Vec<(String, Type)>,
}

impl CompileOptions {
    /// From the options dict that `ferrojit.jit` / `ferrojit.cfunc` built (names already
    /// checked against the accepted ones there).
    pub fn from_dict(options: &Bound<'_, PyDict>) -> PyResult<CompileOptions> {
        let get = |k: &str| -> PyResult<Option<Bound<'_, PyAny>>> { options.get_item(k) };
        let flag = |k: &str| -> PyResult<bool> { Ok(match get(k)? { Some(v) => v.is_truthy()?, None => false }) };
        let error_model = match get("error_model")? {
            Some(v) if !v.is_none() => match v.extract::<String>()?.as_str() {
                "python" => ErrorModel::Python,
                "numpy" => ErrorModel::Numpy,
                other => return Err(PyTypeError::new_err(format!("error_model must be 'python' or 'numpy', not {other:?}"))),
            },
            _ => ErrorModel::Python,
        };
        let mut locals = Vec::new();
        if let Some(l) = get("locals")? {
            if !l.is_none() {
                let d = l.cast::<PyDict>().map_err(|_| PyTypeError::new_err("locals must be a dict of name -> type"))?;
                for (k, v) in d.iter() {
                    locals.push((k.extract::<String>()?, crate::types::type_of_spec(&v)?));
                }
            }
        }
        Ok(CompileOptions {
            nogil: flag("nogil")?,
            cache: flag("cache")?,
            forceobj: flag("forceobj")?,
            fallback: matches!(get("nopython")?, Some(v) if !v.is_truthy()?),
            codegen: CodegenOptions {
                fastmath: fastmath_flags(get("fastmath")?)?,
                error_model,
                // On unless `boundscheck=False`; the environment overrides the keyword
                // when a specialisation is compiled (`typed_program`), as Numba's
                // NUMBA_BOUNDSCHECK does.
                boundscheck: !matches!(get("boundscheck")?, Some(v) if !v.is_none() && !v.is_truthy()?),
                parallel: flag("parallel")?,
            },
            locals,
        })
    }
}

/// The `fastmath=` option: a bool (all flags or none), or a set of Numba's flag names
/// (checked in `decorators.checked_options`).
fn fastmath_flags(value: Option<Bound<'_, PyAny>>) -> PyResult<ferrojit_ir::FastMath> {
    use ferrojit_ir::FastMath;
    let Some(v) = value.filter(|v| !v.is_none()) else { return Ok(FastMath::NONE) };
    if v.is_instance_of::<pyo3::types::PyBool>() {
        return Ok(if v.is_truthy()? { FastMath::ALL } else { FastMath::NONE });
    }
    let mut flags = FastMath::NONE;
    for name in v.try_iter()? {
        let name = name?.extract::<String>()?;
        let f = FastMath::flag(&name).ok_or_else(|| PyValueError::new_err(format!("unrecognized fastmath flag {name:?}")))?;
        flags = flags.union(f);
    }
    Ok(flags)
}

/// `FERROJIT_BOUNDSCHECK` / `NUMBA_BOUNDSCHECK` when set (to `0`: off, anything else:
/// on); they override the `boundscheck=` keyword.
pub fn boundscheck_from_env() -> Option<bool> {
    ["FERROJIT_BOUNDSCHECK", "NUMBA_BOUNDSCHECK"].iter().find_map(|var| {
        let v = std::env::var(var).ok()?;
        let v = v.trim();
        (!v.is_empty()).then(|| v != "0")
    })
}

/// Run the frontend on `py_func` for `args`: the typed program and the Python objects
/// its code refers to (kept alive with it). Prints the dumps the environment asks for
/// (`FERROJIT_DUMP_TYPES`, `FERROJIT_DUMP_IR`, `FERROJIT_DUMP_LLVM_UNOPT`).
pub fn typed_program(
    py_func: Bound<'_, PyAny>,
    args: &[ArgType],
    declared: &Declared,
    options: &CompileOptions,
    name: &str,
) -> PyResult<(Program, Vec<Py<PyAny>>)> {
    let py_func_py = py_func.py();
    let resolver = PyResolver::new(py_func);
    let mut codegen = options.codegen;
    if let Some(on) = boundscheck_from_env() {
        codegen.boundscheck = on;
    }
    let program = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ferrojit_frontend::compile(&resolver, 0, args, declared, codegen)
    }))
    .map_err(|p| panic_error("the frontend", p))?
    .map_err(frontend_error)?;
    // `prange` loops of a `parallel=True` function that run serially, and why.
    for note in program.notes.iter().filter(|n| !n.parallel) {
        let text = format!("{}:{}: this `prange` loop {}", note.filename, note.line, note.message);
        let category = py_func_py.get_type::<crate::errors::PerformanceWarning>();
        PyErr::warn(py_func_py, &category, &std::ffi::CString::new(text).unwrap_or_default(), 1)?;
    }
    if env_flag("FERROJIT_DUMP_TYPES") {
        dump_types(py_func_py, &program);
    }
    if env_flag("FERROJIT_DUMP_IR") {
        println!("---- typed IR: {name} ----\n{}", ferrojit_ir::print_program(&program));
    }
    if env_flag("FERROJIT_DUMP_LLVM_UNOPT") {
        let text = ferrojit_llvm::lower_unoptimized(&program).map_err(backend_error)?;
        println!("---- unoptimised LLVM IR: {name} ----\n{text}");
    }
    Ok((program, resolver.keepalive()))
}

/// `FERROJIT_DUMP_TYPES=1`: each source line that assigns names, with their types.
fn dump_types(py: Python<'_>, program: &Program) {
    let linecache = py.import("linecache").ok();
    for f in &program.functions {
        println!("---- types: {} ({}) ----", f.name, f.filename);
        for line in ferrojit_ir::annotate::assigned_types(program, f).lines() {
            let (number, types) = line.split_once(": ").unwrap_or((line, ""));
            let text: String = linecache
                .as_ref()
                .and_then(|lc| lc.call_method1("getline", (&f.filename, number.parse::<u32>().unwrap_or(0))).ok())
                .and_then(|t| t.extract::<String>().ok())
                .unwrap_or_default();
            println!("{number:>5} | {:<50} # {types}", text.trim_end());
        }
    }
}
