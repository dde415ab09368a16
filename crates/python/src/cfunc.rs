//! `cfunc`: a function compiled once, for its declared C signature, whose machine-code
//! address C libraries (SciPy's `LowLevelCallable`, ctypes) call directly.

use crate::driver::CompileOptions;
use crate::errors::{backend_error, runtime_error};
use crate::types::{parse_signature, NativeSignature};
use ferrojit_frontend::program::Declared;
use ferrojit_frontend::ArgType;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use std::sync::OnceLock;

#[pyclass(module = "ferrojit._native", dict, frozen, weakref)]
pub struct CFunc {
    #[pyo3(get)]
    py_func: Py<PyAny>,
    /// The machine-code address of the C entry point.
    #[pyo3(get)]
    address: usize,
    /// The entry point's symbol name.
    #[pyo3(get)]
    native_name: String,
    #[pyo3(get)]
    signature: NativeSignature,
    llvm_ir: OnceLock<Result<String, String>>,
    asm: OnceLock<String>,
    /// The typed program, for the annotation report (compiled again on request).
    program: ferrojit_ir::Program,
    annotation: OnceLock<Result<ferrojit_llvm::Annotation, String>>,
    /// Global arrays the code refers to.
    _keepalive: Vec<Py<PyAny>>,
}

impl CFunc {
    /// The optimised LLVM IR (the program lowered and optimised again, on request).
    fn llvm_ir(&self) -> PyResult<&str> {
        crate::dispatcher::lazy_llvm_ir(&self.llvm_ir, &self.program, true)
    }
}

#[pymethods]
impl CFunc {
    /// `CFunc(py_func, signature, options)`: options as `ferrojit.cfunc` checked them
    /// (the same names and meaning as `jit`'s).
    #[new]
    #[pyo3(signature = (py_func, signature, options=None))]
    fn new(py: Python<'_>, py_func: Bound<'_, PyAny>, signature: &Bound<'_, PyAny>, options: Option<Bound<'_, pyo3::types::PyDict>>) -> PyResult<CFunc> {
        let options = match &options {
            Some(d) => CompileOptions::from_dict(d)?,
            // jit's defaults (bounds checks on, unless the environment says otherwise)
            None => CompileOptions::from_dict(&pyo3::types::PyDict::new(py))?,
        };
        let sig = parse_signature(signature)?.sig;
        let Some(ret) = sig.ret.clone() else {
            return Err(PyTypeError::new_err("a cfunc signature needs a return type, e.g. \"f8(f8)\" or intc(CPointer(float64), intp)"));
        };
        let code = py_func.getattr("__code__").map_err(|_| PyTypeError::new_err("cfunc() compiles Python functions"))?;
        let n_params: usize = code.getattr("co_argcount")?.extract::<usize>()? + code.getattr("co_kwonlyargcount")?.extract::<usize>()?;
        if n_params != sig.args.len() {
            let name: String = py_func.getattr("__name__")?.extract()?;
            return Err(PyTypeError::new_err(format!(
                "signature {} has {} argument types but `{name}` takes {n_params} arguments",
                sig,
                sig.args.len()
            )));
        }
        let args: Vec<ArgType> = sig.args.iter().cloned().map(ArgType::Known).collect();
        let declared = Declared { ret: Some(ret), locals: options.locals.clone(), ..Default::default() };
        let name: String = py_func.getattr("__name__")?.extract()?;
        let (program, keepalive) = crate::driver::typed_program(py_func.clone(), &args, &declared, &options, &name)?;
        let (address, native_name) = if options.cache {
            // (`cache=True`: the machine code from the on-disk cache, crate::cache)
            let (address, _) = crate::cache::entry(py, &py_func, &program, true)?;
            (address, format!("{}__cfunc", program.entry_function().symbol))
        } else {
            let compiled = py
                .detach(|| std::panic::catch_unwind(|| ferrojit_llvm::compile_cfunc(&program)))
                .map_err(|p| crate::dispatcher::panic_error("the LLVM backend", p))?
                .map_err(backend_error)?;
            (compiled.entry, compiled.entry_name)
        };
        let cf = CFunc {
            py_func: py_func.unbind(),
            address,
            native_name,
            signature: NativeSignature { sig },
            llvm_ir: OnceLock::new(),
            asm: OnceLock::new(),
            program,
            annotation: OnceLock::new(),
            _keepalive: keepalive,
        };
        if crate::dispatcher::env_flag("FERROJIT_DUMP_LLVM") {
            println!("---- LLVM IR: {} ----\n{}", cf.program.entry_function().name, cf.llvm_ir()?);
        }
        Ok(cf)
    }

    fn inspect_llvm(&self) -> PyResult<String> {
        Ok(self.llvm_ir()?.to_string())
    }

    fn inspect_asm(&self) -> PyResult<String> {
        if let Some(a) = self.asm.get() {
            return Ok(a.clone());
        }
        let asm = ferrojit_llvm::emit_asm(self.llvm_ir()?).map_err(backend_error)?;
        Ok(self.asm.get_or_init(|| asm).clone())
    }

    /// Pickled by reference (module and name) or by source: `ferrojit/_pickle.py`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("ferrojit._pickle")?.call_method1("reduce", (slf,))
    }

    fn __repr__(&self) -> String {
        format!("<ferrojit.CFunc {} {}>", self.native_name, self.signature.sig)
    }

    /// Per-line data for the annotation report, as `Dispatcher._annotations()`.
    fn _annotations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyList>> {
        let out = pyo3::types::PyList::empty(py);
        crate::annotations::program_dicts(py, &self.native_name, &self.program, &self.annotation, &out)?;
        Ok(out)
    }
}

/// Make an exception raised inside a cfunc the current Python error, so the C caller
/// (which sees the failure return value) lets Python raise it.
pub fn install_error_hook() {
    ferrojit_runtime::set_cfunc_error_hook(|code, message| {
        Python::attach(|py| runtime_error(code, message).restore(py));
    });
}
