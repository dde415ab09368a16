//! The dispatcher: one per `@jit` function, holding its compiled specialisations.
//!
//! Call path (kept short; it runs on every call): bind arguments (only when keywords or
//! defaults are involved), find the first specialisation whose argument types match
//! exactly while packing the arguments into slots, call its entry (releasing the GIL under
//! `nogil=True`), and box the result. A miss takes the compile path: under one lock (so
//! concurrent first calls compile once), the frontend runs with the GIL and the backend
//! without it.

use crate::errors::{backend_error, runtime_error, InternalCompilerError};
use crate::types::{parse_signature, NativeType};
use crate::spec_table::SpecTable;
use crate::values::{matches, numpy_scalar_mask, pack, try_pack_exact, type_of, unpack, Slots};
use crate::driver::CompileOptions;
use ferrojit_frontend::program::Declared;
use ferrojit_frontend::ArgType;
use ferrojit_ir::Type;
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use pyo3::sync::MutexExt;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

type Entry = unsafe extern "C" fn(*const u64, *mut u64) -> i32;

/// One compiled specialisation.
pub struct Specialization {
    pub arg_types: Vec<Type>,
    /// Which arguments are NumPy scalars (see `values::numpy_scalar_mask`).
    numpy_scalars: u64,
    /// The typed program (kept for the annotation report, which compiles it again).
    pub program: ferrojit_ir::Program,
    /// The report's view of it, made on first request.
    pub annotation: OnceLock<Result<ferrojit_llvm::Annotation, String>>,
    pub ret: Type,
    entry: usize,
    ret_slots: usize,
    /// Compiled from an explicit signature: accepts convertible arguments.
    explicit: bool,
    returns_array: bool,
    /// Global arrays frozen into the code: kept alive as long as it.
    keepalive: Vec<Py<PyAny>>,
    /// Texts for `inspect_*()`, made on first request.
    typed_ir: OnceLock<String>,
    llvm_ir: OnceLock<Result<String, String>>,
    asm: OnceLock<String>,
    /// Where the machine code came from (`cache=True`).
    pub cache: crate::cache::CacheState,
}

impl Specialization {
    pub fn typed_ir(&self) -> &str {
        self.typed_ir.get_or_init(|| ferrojit_ir::print_program(&self.program))
    }

    /// The optimised LLVM IR (the program lowered and optimised again).
    pub fn llvm_ir(&self) -> PyResult<&str> {
        lazy_llvm_ir(&self.llvm_ir, &self.program, false)
    }
}

/// The optimised LLVM IR of a kept program (`cfunc`: with the C entry point), made on
/// first request and kept in `cell` (compiles print no IR, to save their time).
pub fn lazy_llvm_ir<'a>(cell: &'a OnceLock<Result<String, String>>, program: &ferrojit_ir::Program, cfunc: bool) -> PyResult<&'a str> {
    let text = cell.get_or_init(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ferrojit_llvm::optimized_ir(program, cfunc)))
            .map_err(|p| panic_error("the LLVM backend", p).to_string())
            .and_then(|r| r.map_err(|e| e.to_string()))
    });
    text.as_deref().map_err(|e| InternalCompilerError::new_err(e.clone()))
}

/// Argument types that run in the interpreter, and why (`nopython=False`).
pub struct ObjectMode {
    pub types: Vec<ArgType>,
    pub line: u32,
    pub message: String,
}

/// Parameters of the Python function, for binding keyword arguments and defaults.
struct Params {
    /// Positional, keyword-only, then the `*args` tuple's name (CPython's `co_varnames`).
    names: Vec<String>,
    n_positional: usize,
    /// Whether the last name is `*args` (the extra positional arguments, as a tuple).
    vararg: bool,
    defaults: Vec<Py<PyAny>>,
    kwdefaults: Option<Py<PyDict>>,
}

#[pyclass(module = "ferrojit._native", dict, subclass, weakref)]
pub struct Dispatcher {
    #[pyo3(get)]
    pub py_func: Py<PyAny>,
    pub name: String,
    options: CompileOptions,
    params: Params,
    pub specs: SpecTable<Specialization>,
    /// Argument types that failed to compile and run in the interpreter (`nopython=False`).
    pub object_mode: RwLock<Vec<ObjectMode>>,
    /// `forceobj=True` and called at least once.
    pub forced_calls: std::sync::atomic::AtomicBool,
    compile_lock: Mutex<()>,
    /// Explicit signatures were given: don't compile new specialisations.
    frozen: bool,
    /// A specialisation for run-time `str` arguments failed to compile (the code needs
    /// each string's value): keep one specialisation per string value.
    text_refused: std::sync::atomic::AtomicBool,
    #[pyo3(get)]
    targetoptions: Py<PyDict>,
}

/// How many values of a `str` argument get their own specialisation before the
/// function is compiled for run-time strings (see `compile_for_call`).
const STRING_VALUES: usize = 8;

/// A `str` argument longer than this (bytes) is compiled as a run-time string from its
/// first call (see `text_variant`).
const LONG_STRING: usize = 64;

pub fn env_flag(name: &str) -> bool {
    std::env::var(name).map(|v| !v.is_empty() && v != "0").unwrap_or(false)
}

impl Dispatcher {
    /// Its `boundscheck=` keyword (True unless False was given).
    pub fn boundscheck_keyword(&self) -> bool {
        self.options.codegen.boundscheck
    }
}

#[pymethods]
impl Dispatcher {
    /// `Dispatcher(py_func, options: dict, signatures: list)`; options are already
    /// validated by `ferrojit.jit`.
    #[new]
    #[pyo3(signature = (py_func, options, signatures=None))]
    fn new(py: Python<'_>, py_func: Bound<'_, PyAny>, options: Bound<'_, PyDict>, signatures: Option<Bound<'_, PyList>>) -> PyResult<Self> {
        let name: String = py_func.getattr("__name__")?.extract()?;
        let code = py_func.getattr("__code__").map_err(|_| PyTypeError::new_err(format!("{name} is not a Python function")))?;
        let argcount: usize = code.getattr("co_argcount")?.extract()?;
        let kwonly: usize = code.getattr("co_kwonlyargcount")?.extract()?;
        let varnames: Vec<String> = code.getattr("co_varnames")?.extract()?;
        let flags: u32 = code.getattr("co_flags")?.extract()?;
        let vararg = flags & 0x04 != 0; // CO_VARARGS
        let defaults: Vec<Py<PyAny>> = match py_func.getattr("__defaults__")?.cast::<PyTuple>() {
            Ok(t) => t.iter().map(|x| x.unbind()).collect(),
            Err(_) => vec![],
        };
        let kwdefaults = py_func.getattr("__kwdefaults__")?.cast::<PyDict>().ok().map(|d| d.clone().unbind());
        let mut d = Dispatcher {
            py_func: py_func.clone().unbind(),
            name,
            options: CompileOptions::from_dict(&options)?,
            params: Params {
                names: varnames.into_iter().take(argcount + kwonly + vararg as usize).collect(),
                n_positional: argcount,
                vararg,
                defaults,
                kwdefaults,
            },
            specs: SpecTable::new(),
            object_mode: RwLock::new(Vec::new()),
            forced_calls: std::sync::atomic::AtomicBool::new(false),
            compile_lock: Mutex::new(()),
            frozen: false,
            text_refused: std::sync::atomic::AtomicBool::new(false),
            targetoptions: options.copy()?.unbind(),
        };
        if let Some(sigs) = signatures {
            for s in sigs.iter() {
                let sig = parse_signature(&s)?.sig;
                if sig.args.len() != d.params.names.len() {
                    return Err(PyTypeError::new_err(format!(
                        "signature {} has {} argument types but `{}` takes {} arguments",
                        sig,
                        sig.args.len(),
                        d.name,
                        d.params.names.len()
                    )));
                }
                let args = sig.args.iter().cloned().map(ArgType::Known).collect();
                d.compile_spec(py, args, 0, sig.ret.clone(), true)?;
            }
            d.frozen = !sigs.is_empty();
        }
        Ok(d)
    }

    #[pyo3(signature = (*args, **kwargs))]
    fn __call__<'py>(&self, py: Python<'py>, args: &Bound<'py, PyTuple>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        if self.options.forceobj {
            self.forced_calls.store(true, std::sync::atomic::Ordering::Relaxed);
            return self.py_func.bind(py).call(args, kwargs);
        }
        let bound;
        let args = if kwargs.is_some_and(|k| !k.is_empty()) || args.len() != self.params.names.len() || self.params.vararg {
            bound = self.bind(py, args, kwargs)?;
            &bound
        } else {
            args
        };
        let native;
        let args = match native_generators(py, args)? {
            Some(t) => {
                native = t;
                &native
            }
            None => args,
        };
        let mut slots = Slots::new();
        if let Some(spec) = self.find(args, &mut slots)? {
            return self.run(py, spec, &mut slots, args);
        }
        let types: Vec<ArgType> = args.iter().map(|a| type_of(&a)).collect();
        if types.iter().any(|t| matches!(t, ArgType::Unsupported(w) if w == UNALIGNED)) {
            return self.call_with_aligned_copies(py, args);
        }
        if self.frozen {
            let shown: Vec<String> = types
                .iter()
                .map(|t| match t {
                    ArgType::Known(t) => t.to_string(),
                    ArgType::Unsupported(w) => w.clone(),
                })
                .collect();
            let sigs: Vec<String> = self.specs.all().iter().map(|s| format_sig(&s.arg_types)).collect();
            return Err(PyTypeError::new_err(format!(
                "`{}` has no compiled signature for argument types ({}); its signatures are: {}",
                self.name,
                shown.join(", "),
                sigs.join(", ")
            )));
        }
        if self.options.fallback {
            if self.object_mode.read().unwrap_or_else(|p| p.into_inner()).iter().any(|m| m.types == types) {
                return self.py_func.bind(py).call1(args.clone());
            }
            match self.compile_for_call(py, types.clone(), numpy_scalar_mask(args)) {
                Ok(spec) => {
                    slots.clear();
                    for (a, t) in args.iter().zip(&spec.arg_types) {
                        pack(&a, t, &mut slots)?;
                    }
                    return self.run(py, &spec, &mut slots, args);
                }
                Err(e) if e.is_instance_of::<crate::errors::TypingError>(py) => {
                    let msg = format!(
                        "`{}` runs in the Python interpreter (object mode) because it could not be compiled:\n{}",
                        self.name,
                        e.value(py)
                    );
                    let category = py.get_type::<crate::errors::PerformanceWarning>();
                    PyErr::warn(py, &category, &std::ffi::CString::new(msg).unwrap_or_default(), 1)?;
                    let message = e.value(py).to_string();
                    let line = crate::annotations::error_line(&message).unwrap_or(0);
                    self.object_mode.write().unwrap_or_else(|p| p.into_inner()).push(ObjectMode { types, line, message });
                    return self.py_func.bind(py).call1(args.clone());
                }
                Err(e) => return Err(e),
            }
        }
        let spec = self.compile_for_call(py, types, numpy_scalar_mask(args))?;
        slots.clear();
        for (a, t) in args.iter().zip(&spec.arg_types) {
            pack(&a, t, &mut slots)?;
        }
        self.run(py, &spec, &mut slots, args)
    }

    /// The return type for these argument types (`ferrojit.types` objects), compiling
    /// the specialisation if needed (for `@stencil`, whose output dtype is its kernel's).
    fn _return_type(&self, py: Python<'_>, types: Vec<PyRef<'_, NativeType>>) -> PyResult<NativeType> {
        let args = types.iter().map(|t| ArgType::Known(t.ty.clone())).collect();
        let spec = self.compile_spec(py, args, 0, None, false)?;
        Ok(NativeType { ty: spec.ret.clone() })
    }

    /// Compile eagerly for a signature (`"f8(f8, i8)"`, a `Signature`, or a tuple of types).
    fn compile(&self, py: Python<'_>, signature: &Bound<'_, PyAny>) -> PyResult<()> {
        let sig = parse_signature(signature)?.sig;
        let args = sig.args.iter().cloned().map(ArgType::Known).collect();
        self.compile_spec(py, args, 0, sig.ret, true)?;
        Ok(())
    }

    /// One tuple of argument types per compiled specialisation.
    #[getter]
    fn signatures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for s in self.specs.all().iter() {
            let items: Vec<NativeType> = s.arg_types.iter().cloned().map(|ty| NativeType { ty }).collect();
            list.append(PyTuple::new(py, items)?)?;
        }
        Ok(list)
    }

    /// Numba's `stats`: `cache_hits` and `cache_misses`, dicts of signature -> count
    /// (`cache=True`: specialisations loaded from the on-disk cache, and compiled), and
    /// `cache`: signature -> where its machine code came from, in words.
    #[getter]
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (hits, misses, states) = (PyDict::new(py), PyDict::new(py), PyDict::new(py));
        for s in self.specs.all().iter() {
            let key = PyTuple::new(py, s.arg_types.iter().cloned().map(|ty| NativeType { ty }))?;
            match &s.cache {
                crate::cache::CacheState::Hit(_) => hits.set_item(&key, 1)?,
                crate::cache::CacheState::Miss { .. } => misses.set_item(&key, 1)?,
                _ => {}
            }
            states.set_item(&key, s.cache.describe())?;
        }
        let ns = py.import("types")?.getattr("SimpleNamespace")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("cache_hits", hits)?;
        kwargs.set_item("cache_misses", misses)?;
        kwargs.set_item("cache", states)?;
        ns.call((), Some(&kwargs))
    }

    /// Optimised LLVM IR: a dict keyed by signature, or one string for `signature`.
    #[pyo3(signature = (signature=None))]
    fn inspect_llvm<'py>(&self, py: Python<'py>, signature: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        self.inspect(py, signature, |s| Ok(s.llvm_ir()?.to_string()))
    }

    /// Assembly for the host CPU: a dict keyed by signature, or one string.
    #[pyo3(signature = (signature=None))]
    fn inspect_asm<'py>(&self, py: Python<'py>, signature: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        self.inspect(py, signature, |s| {
            if let Some(a) = s.asm.get() {
                return Ok(a.clone());
            }
            let asm = ferrojit_llvm::emit_asm(s.llvm_ir()?).map_err(backend_error)?;
            Ok(s.asm.get_or_init(|| asm).clone())
        })
    }

    /// The typed IR of each specialisation (types of every variable and expression).
    #[pyo3(signature = (signature=None))]
    fn inspect_typed_ir<'py>(&self, py: Python<'py>, signature: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        self.inspect(py, signature, |s| Ok(s.typed_ir().to_string()))
    }

    /// Print each specialisation's typed IR (the type of every variable and expression,
    /// with source line numbers), as Numba's `inspect_types`; to `file` if given.
    #[pyo3(signature = (file=None, signature=None))]
    fn inspect_types(&self, py: Python<'_>, file: Option<&Bound<'_, PyAny>>, signature: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let mut text = String::new();
        for s in self.specs.all() {
            if let Some(sig) = signature {
                if parse_signature(sig)?.sig.args != s.arg_types {
                    continue;
                }
            }
            text.push_str(&format!("{} {}\n{}\n", self.name, format_sig(&s.arg_types), s.typed_ir()));
        }
        let builtins = py.import("builtins")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("end", "")?;
        if let Some(f) = file {
            kwargs.set_item("file", f)?;
        }
        builtins.getattr("print")?.call((text,), Some(&kwargs))?;
        Ok(())
    }

    /// Pickled by reference (module and name) or by source: `ferrojit/_pickle.py`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("ferrojit._pickle")?.call_method1("reduce", (slf,))
    }

    fn __repr__(&self) -> String {
        format!("<ferrojit.Dispatcher {}>", self.name)
    }

    /// Per-line data for the annotation report: one dict per function of each compiled
    /// specialisation and one per signature run in the interpreter (see
    /// `ferrojit.annotate`).
    fn _annotations<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyList>> {
        crate::annotations::annotations(slf)
    }

    /// The HTML annotation report of this function's specialisations; written to `path`
    /// when given.
    #[pyo3(signature = (path=None))]
    fn annotate_html<'py>(slf: &Bound<'py, Self>, path: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("ferrojit.annotate")?.getattr("annotate_html")?.call1((slf, path))
    }

    /// The report shown inline by Jupyter.
    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("ferrojit.annotate")?.getattr("repr_html")?.call1((slf,))
    }
}

fn contains_array(ty: &Type) -> bool {
    match ty {
        Type::Array(_) => true,
        Type::Tuple(items) => items.iter().any(contains_array),
        Type::List(item) | Type::Optional(item) => contains_array(item),
        _ => false,
    }
}

pub fn format_sig(types: &[Type]) -> String {
    let items: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    format!("({})", items.join(", "))
}

/// `err` with a traceback entry at `file:line` in `func` (ferrojit.errors._at_source_line);
/// `err` unchanged if that fails.
fn at_source_line(py: Python<'_>, err: PyErr, file: &str, func: &str, line: u32) -> PyErr {
    let value = err.value(py).clone();
    let placed = py
        .import("ferrojit.errors")
        .and_then(|m| m.call_method1("_at_source_line", (value, file, line, func)));
    match placed {
        Ok(v) => PyErr::from_value(v),
        Err(_) => err,
    }
}

impl Dispatcher {
    /// The specialisation for these arguments, packing them into `slots` on the way:
    /// exact types first, then (for explicit signatures) convertible ones.
    fn find(&self, args: &Bound<'_, PyTuple>, slots: &mut Slots) -> PyResult<Option<&Specialization>> {
        let n = args.len();
        let mut error = None;
        let mask = numpy_scalar_mask(args);
        let exact = self.specs.find(|spec| {
            if spec.arg_types.len() != n || spec.numpy_scalars != mask {
                return false;
            }
            slots.clear();
            for (a, t) in args.iter_borrowed().zip(&spec.arg_types) {
                match try_pack_exact(a, t, slots) {
                    Ok(true) => {}
                    Ok(false) => return false,
                    Err(e) => {
                        error = Some(e);
                        return true;
                    }
                }
            }
            true
        });
        if let Some(e) = error {
            return Err(e);
        }
        if exact.is_some() {
            return Ok(exact);
        }
        let converted = self.specs.find(|spec| {
            spec.explicit && spec.arg_types.len() == n && args.iter().zip(&spec.arg_types).all(|(a, t)| matches(&a, t, true))
        });
        if let Some(spec) = converted {
            slots.clear();
            for (a, t) in args.iter().zip(&spec.arg_types) {
                pack(&a, t, slots)?;
            }
        }
        Ok(converted)
    }

    fn run<'py>(&self, py: Python<'py>, spec: &Specialization, arg_slots: &mut Slots, args: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
        let result = self.run_entry(py, spec, arg_slots, args);
        // List arguments are written back whether the call returned or raised (CPython
        // would have changed them in place either way).
        if arg_slots.has_lists() {
            let mut owners: Vec<Bound<'py, PyAny>> = args.iter().collect();
            owners.extend(arg_slots.nested_arrays(py));
            let reflected = arg_slots.reflect(py, &owners);
            let r = result?;
            reflected?;
            return Ok(r);
        }
        result
    }

    fn run_entry<'py>(&self, py: Python<'py>, spec: &Specialization, arg_slots: &Slots, args: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
        let slots = arg_slots.as_slice();
        let mut ret = [0u64; 8];
        let mut ret_heap;
        let ret_buf: &mut [u64] = if spec.ret_slots <= ret.len() {
            &mut ret
        } else {
            ret_heap = vec![0u64; spec.ret_slots];
            &mut ret_heap
        };
        // SAFETY: `entry` is the address of a function with the entry ABI, compiled for
        // exactly these slot layouts; both buffers are large enough.
        let f: Entry = unsafe { std::mem::transmute::<usize, Entry>(spec.entry) };
        let (args_ptr, ret_ptr) = (slots.as_ptr() as usize, ret_buf.as_mut_ptr() as usize);
        // (a `parallel=True` function's loops run on the pool: no thread may wait for
        // the GIL that this one holds)
        let status = if self.options.nogil || self.options.codegen.parallel {
            py.detach(|| unsafe { f(args_ptr as *const u64, ret_ptr as *mut u64) })
        } else {
            unsafe { f(args_ptr as *const u64, ret_ptr as *mut u64) }
        };
        if status != 0 {
            let (code, message) = ferrojit_runtime::take_error().unwrap_or((0, "unknown error".into()));
            let err = runtime_error(code, message);
            // A traceback entry at the source line that raised, as the interpreter shows.
            return Err(match ferrojit_runtime::take_location() {
                Some((file, func, line)) if line > 0 && !file.is_empty() => at_source_line(py, err, &file, &func, line),
                _ => err,
            });
        }
        let mut pos = 0;
        if !spec.returns_array {
            return unpack(py, &spec.ret, ret_buf, &mut pos, &[]);
        }
        // A returned view of borrowed memory keeps the array it lies in alive.
        let mut owners: Vec<Bound<'py, PyAny>> = args.iter().collect();
        owners.extend(spec.keepalive.iter().map(|k| k.bind(py).clone()));
        owners.extend(arg_slots.nested_arrays(py));
        unpack(py, &spec.ret, ret_buf, &mut pos, &owners)
    }

    /// Bind positional and keyword arguments to parameters, filling defaults.
    fn bind<'py>(&self, py: Python<'py>, args: &Bound<'py, PyTuple>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyTuple>> {
        let p = &self.params;
        let n = p.names.len();
        if args.len() > p.n_positional && !p.vararg {
            return Err(PyTypeError::new_err(format!(
                "{}() takes {} positional arguments but {} were given",
                self.name,
                p.n_positional,
                args.len()
            )));
        }
        let mut slots: Vec<Option<Bound<'py, PyAny>>> = vec![None; n];
        let mut extra = Vec::new();
        for (i, a) in args.iter().enumerate() {
            if i < p.n_positional {
                slots[i] = Some(a);
            } else {
                extra.push(a);
            }
        }
        if p.vararg {
            slots[n - 1] = Some(PyTuple::new(py, extra)?.into_any());
        }
        if let Some(kw) = kwargs {
            for (k, v) in kw.iter() {
                let key: String = k.extract()?;
                let Some(i) = p.names.iter().position(|n| *n == key).filter(|&i| !(p.vararg && i == n - 1)) else {
                    return Err(PyTypeError::new_err(format!("{}() got an unexpected keyword argument '{key}'", self.name)));
                };
                if slots[i].is_some() {
                    return Err(PyTypeError::new_err(format!("{}() got multiple values for argument '{key}'", self.name)));
                }
                slots[i] = Some(v);
            }
        }
        let first_default = p.n_positional.saturating_sub(p.defaults.len());
        let mut out = Vec::with_capacity(n);
        for (i, slot) in slots.into_iter().enumerate() {
            let v = match slot {
                Some(v) => v,
                None if i < p.n_positional && i >= first_default => p.defaults[i - first_default].bind(py).clone(),
                None => {
                    let kwd = p.kwdefaults.as_ref().map(|d| d.bind(py).get_item(&p.names[i])).transpose()?.flatten();
                    kwd.ok_or_else(|| PyTypeError::new_err(format!("{}() missing required argument '{}'", self.name, p.names[i])))?
                }
            };
            out.push(v);
        }
        PyTuple::new(py, out)
    }

    /// Compile for a call's argument types. A `str` argument is a string known when
    /// compiling (one specialisation per value, so `mode == "fast"` folds); once
    /// [`STRING_VALUES`] values were seen at the same place, a specialisation for run-time
    /// strings serves every other value, unless the code needs the value (then it stays
    /// per value).
    fn compile_for_call(&self, py: Python<'_>, types: Vec<ArgType>, numpy_scalars: u64) -> PyResult<Arc<Specialization>> {
        if let Some(text) = self.text_variant(&types) {
            match self.compile_spec(py, text, numpy_scalars, None, false) {
                Ok(spec) => return Ok(spec),
                Err(e) if e.is_instance_of::<crate::errors::TypingError>(py) => {
                    self.text_refused.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                Err(e) => return Err(e),
            }
        }
        self.compile_spec(py, types, numpy_scalars, None, false)
    }

    /// `types` with its strings run-time strings, if enough specialisations differ from
    /// it only in the values of its strings, or one of them is longer than
    /// [`LONG_STRING`] bytes.
    fn text_variant(&self, types: &[ArgType]) -> Option<Vec<ArgType>> {
        if self.text_refused.load(std::sync::atomic::Ordering::Relaxed) || !types.iter().any(|t| matches!(t, ArgType::Known(Type::Str(_)))) {
            return None;
        }
        let same_shape = |s: &Specialization| {
            s.arg_types.len() == types.len()
                && s.arg_types.iter().zip(types).all(|(a, t)| match (a, t) {
                    (Type::Str(_), ArgType::Known(Type::Str(_))) => true,
                    (a, ArgType::Known(t)) => a == t,
                    _ => false,
                })
        };
        // A long string (text data, not a mode) is a run-time string from its first call:
        // folding it would make code as large as the text.
        let long = types.iter().any(|t| matches!(t, ArgType::Known(Type::Str(s)) if s.len() > LONG_STRING));
        if !long && self.specs.all().iter().filter(|s| same_shape(s)).count() < STRING_VALUES {
            return None;
        }
        Some(types.iter().map(|t| if matches!(t, ArgType::Known(Type::Str(_))) { ArgType::Known(Type::Text) } else { t.clone() }).collect())
    }

    /// A call with unaligned array arguments (a Dask block received over the network, a
    /// view into a byte buffer): each is passed as an aligned copy, and copied back when
    /// the call returns or raises (so writes reach the caller's array); a result that is a
    /// view of such a copy would not be the caller's memory, so it is a TypeError.
    fn call_with_aligned_copies<'py>(&self, py: Python<'py>, args: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyAny>> {
        let np = py.import("numpy")?;
        let mut copies = Vec::new();
        let mut new_args = Vec::new();
        for a in args.iter() {
            if matches!(type_of(&a), ArgType::Unsupported(w) if w == UNALIGNED) {
                let c = np.call_method1("array", (&a,))?;
                copies.push((a.clone(), c.clone()));
                new_args.push(c);
            } else {
                new_args.push(a);
            }
        }
        let result = self.__call__(py, &PyTuple::new(py, new_args)?, None);
        for (original, copy) in &copies {
            if original.getattr("flags")?.getattr("writeable")?.is_truthy()? {
                np.call_method1("copyto", (original, copy))?;
            }
        }
        let result = result?;
        let mut items = vec![result.clone()];
        while let Some(r) = items.pop() {
            if let Ok(t) = r.cast::<PyTuple>() {
                items.extend(t.iter());
            } else if r.hasattr("__array_interface__")? {
                for (_, copy) in &copies {
                    if np.call_method1("shares_memory", (&r, copy))?.is_truthy()? {
                        return Err(PyTypeError::new_err(format!(
                            "`{}` returned a view of an unaligned array argument, which compiled code reads from an aligned copy; pass an aligned array (np.ascontiguousarray(a) or a.copy())",
                            self.name
                        )));
                    }
                }
            }
        }
        Ok(result)
    }

    fn compile_spec(&self, py: Python<'_>, args: Vec<ArgType>, numpy_scalars: u64, ret: Option<Type>, explicit: bool) -> PyResult<Arc<Specialization>> {
        // Wait for the lock without the GIL, so a thread compiling (which needs the GIL)
        // can finish.
        let _guard = self.compile_lock.lock_py_attached(py).unwrap_or_else(|p| p.into_inner());
        let known = ArgType::all_known(&args);
        if let Some(known) = &known {
            if let Some(s) = self.specs.all().into_iter().find(|s| {
                &s.arg_types == known && s.numpy_scalars == numpy_scalars && (ret.is_none() || Some(&s.ret) == ret.as_ref())
            }) {
                return Ok(s);
            }
        }
        let root = self.py_func.bind(py).clone();
        let declared = Declared {
            ret: ret.clone(),
            locals: self.options.locals.clone(),
            numpy_scalars: (0..args.len()).map(|i| i < 64 && numpy_scalars & (1 << i) != 0).collect(),
        };
        let (program, keepalive) = crate::driver::typed_program(root, &args, &declared, &self.options, &self.name)?;
        let (entry_address, cache) = if self.options.cache {
            crate::cache::entry(py, self.py_func.bind(py), &program, false)?
        } else {
            let compiled = py
                .detach(|| std::panic::catch_unwind(|| ferrojit_llvm::compile(&program)))
                .map_err(|p| panic_error("the LLVM backend", p))?
                .map_err(backend_error)?;
            (compiled.entry, crate::cache::CacheState::Off)
        };
        let entry = program.entry_function();
        let spec = Arc::new(Specialization {
            arg_types: entry.param_types(),
            numpy_scalars,
            program: program.clone(),
            annotation: OnceLock::new(),
            ret: entry.ret.clone(),
            entry: entry_address,
            ret_slots: ferrojit_llvm::slot_count(&entry.ret),
            returns_array: contains_array(&entry.ret),
            keepalive,
            explicit,
            typed_ir: OnceLock::new(),
            llvm_ir: OnceLock::new(),
            asm: OnceLock::new(),
            cache,
        });
        if env_flag("FERROJIT_DUMP_LLVM") {
            println!("---- LLVM IR: {} ----\n{}", self.name, spec.llvm_ir()?);
        }
        if env_flag("FERROJIT_DUMP_ASM") {
            let asm = ferrojit_llvm::emit_asm(spec.llvm_ir()?).map_err(backend_error)?;
            println!("---- assembly: {} ----\n{asm}", self.name);
        }
        self.specs.push(spec.clone());
        Ok(spec)
    }

    fn inspect<'py>(
        &self,
        py: Python<'py>,
        signature: Option<&Bound<'py, PyAny>>,
        get: impl Fn(&Specialization) -> PyResult<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let specs: Vec<Arc<Specialization>> = self.specs.all();
        if let Some(sig) = signature {
            let wanted = parse_signature(sig)?.sig.args;
            let s = specs
                .iter()
                .find(|s| s.arg_types == wanted)
                .ok_or_else(|| PyKeyError::new_err(format!("no specialisation for {}", format_sig(&wanted))))?;
            return Ok(get(s)?.into_pyobject(py)?.into_any());
        }
        let out = PyDict::new(py);
        for s in &specs {
            let key: Vec<NativeType> = s.arg_types.iter().cloned().map(|ty| NativeType { ty }).collect();
            out.set_item(PyTuple::new(py, key)?, get(s)?)?;
        }
        Ok(out.into_any())
    }
}

/// What `type_of` says of an unaligned array (dispatched through aligned copies).
pub const UNALIGNED: &str = "an unaligned array";

pub fn panic_error(stage: &str, payload: Box<dyn std::any::Any + Send>) -> PyErr {
    let msg = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".into());
    InternalCompilerError::new_err(format!("{stage} panicked: {msg}\n(this is a bug in ferrojit)"))
}

static NUMPY_GENERATOR: pyo3::sync::PyOnceLock<Py<pyo3::types::PyType>> = pyo3::sync::PyOnceLock::new();

/// `args` with each `np.random.Generator` replaced by what compiled code uses of it
/// (`ferrojit._random_generator.as_native`: its bit generator's C functions and state),
/// or None when there is none (one type comparison per argument).
fn native_generators<'py>(py: Python<'py>, args: &Bound<'py, PyTuple>) -> PyResult<Option<Bound<'py, PyTuple>>> {
    let mut out: Option<Vec<Bound<'py, PyAny>>> = None;
    for (i, a) in args.iter().enumerate() {
        if a.is_instance_of::<pyo3::types::PyFloat>() || a.is_instance_of::<pyo3::types::PyInt>() || a.is_instance_of::<pyo3::types::PyString>() {
            continue;
        }
        let Some(generator) = numpy_generator_type(py) else { return Ok(None) };
        if a.get_type().is(generator) {
            let native = py.import("ferrojit._random_generator")?.getattr("as_native")?.call1((&a,))?;
            out.get_or_insert_with(|| args.iter().collect())[i] = native;
        }
    }
    out.map(|v| PyTuple::new(py, v)).transpose()
}

/// `np.random.Generator`, once `numpy.random` is imported (a Generator exists only then:
/// not importing it here keeps programs that do not use NumPy free of it).
fn numpy_generator_type(py: Python<'_>) -> Option<&Bound<'_, pyo3::types::PyType>> {
    if let Some(t) = NUMPY_GENERATOR.get(py) {
        return Some(t.bind(py));
    }
    let loaded = py.import("sys").and_then(|s| s.getattr("modules")).and_then(|m| m.contains("numpy.random")).unwrap_or(false);
    if !loaded {
        return None;
    }
    NUMPY_GENERATOR.import(py, "numpy.random", "Generator").ok()
}
